"""What `nox -s bench` runs: each goal of issue 14 as a ratio of two sides measured in one run."""
