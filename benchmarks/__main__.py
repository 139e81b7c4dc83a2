"""python -m benchmarks [--runs N]: prints one JSON report; exits 1 when a target is missed."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys

from benchmarks import generation


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median is kept)")
    args = parser.parse_args()
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "generation": generation.measure(args.runs),
    }
    print(json.dumps(report, indent=2))
    return 0 if report["generation"]["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
