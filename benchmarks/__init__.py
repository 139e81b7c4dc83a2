"""What `nox -s bench` runs. Figures are ratios of timings taken in the same run."""
