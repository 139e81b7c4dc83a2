"""python -m benchmarks [--runs N]: prints one JSON report; exits 1 when a target is missed."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys

from benchmarks import generation, mocks, status_layer


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median is kept)")
    parser.add_argument(
        "--only", choices=["generation", "status_layer", "mocks"], help="one suite only"
    )
    args = parser.parse_args()
    suites = {
        "generation": generation.measure,
        "status_layer": status_layer.measure,
        "mocks": mocks.measure,
    }
    report: dict[str, object] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}
    }
    for name, measure in suites.items():
        if args.only in (None, name):
            report[name] = measure(args.runs)
    print(json.dumps(report, indent=2))
    return 0 if all(r["met"] for r in report.values() if isinstance(r, dict) and "met" in r) else 1


if __name__ == "__main__":
    sys.exit(main())
