"""python -m scan_status: the same as the scan-status command."""

from scan_status.cli import main

main()
