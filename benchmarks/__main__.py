"""python -m benchmarks [--out PATH] [--only SUITE ...] [--quick] [--no-fail]

Writes a JSON report (default benchmarks/report.json) and prints a short table of the goals.
Exits 1 only when a goal is clearly missed (past its noise tolerance), unless --no-fail.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import (
    fleet,
    generation,
    goals,
    hostile_inputs,
    imports,
    index_pages,
    install,
    round_trips,
    scale,
)
from benchmarks.timing import timed

SCALE = {"fast": (100, 1_000, 10_000), "mock": (100, 1_000)}
CAPS = {100: 60.0, 1_000: 120.0, 10_000: 420.0}


def _scale(quick: bool) -> dict[str, Any]:
    report: dict[str, Any] = {
        "policy": scale.POLICY,
        "note": "fast: benchmarks.servers fast in its own process, a scripted lifecycle per scan "
        "(the mock answers too slowly for 10,000); mock: MockServer inside the child, so the "
        "child's CPU and RSS include the mock's",
    }
    for target, counts in SCALE.items():
        smaller_all_done = True
        for count in counts if not quick else counts[:2]:
            if not smaller_all_done:  # it can only do worse: spare the cap's wait
                report[f"{target}_{count}"] = {"n": count, "completed": 0, "skipped": True}
                report[f"{target}_{count}"]["completed_share"] = 0.0
                continue
            result = scale.run(count, CAPS[count], target)
            smaller_all_done = result["completed"] == count
            result["completed_share"] = result["completed"] / count
            report[f"{target}_{count}"] = result
    small, large = report.get("fast_1000", {}), report.get("fast_10000", {})
    if "cpu_per_scan_ms" in small and "cpu_per_scan_ms" in large and large["completed_share"] == 1:
        report["cpu_per_scan_10000_vs_1000"] = round(
            large["cpu_per_scan_ms"] / small["cpu_per_scan_ms"], 3
        )
        report["wall_per_scan_10000_vs_1000"] = round(
            large["wall_per_scan_ms"] / small["wall_per_scan_ms"], 3
        )
    return report


def _generation(quick: bool) -> dict[str, Any]:
    report = generation.measure(2 if quick else 3)
    report["noop_clean"] = (
        1.0 if not report["noop_regenerated"] and report["check_after_import"] == "passed" else 0.0
    )
    return report


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "report.json")
    suites: dict[str, Callable[[bool], dict[str, Any]]] = {
        "round_trips": lambda quick: round_trips.sync_and_async(6 if quick else 20, 200),
        "imports": lambda quick: imports.measure(6 if quick else 15),
        "mocks": lambda quick: round_trips.mock_vs_starlette(4 if quick else 10, 100),
        "generation": _generation,
        "scale": _scale,
        "install": lambda quick: install.measure(),
        "fleet": fleet.measure,
        "hostile": lambda quick: hostile_inputs.measure(5 if quick else 20),
        "index_pages": lambda quick: index_pages.measure(1 if quick else 3),
    }
    parser.add_argument("--only", nargs="+", choices=sorted(suites), help="some suites only")
    parser.add_argument(
        "--quick", action="store_true", help="fewer rounds, no 10,000 (a smoke run)"
    )
    parser.add_argument("--no-fail", action="store_true", help="exit 0 whatever the verdicts")
    args = parser.parse_args()
    load = os.getloadavg()
    report: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load": load}
    }
    for name, measure in suites.items():
        if args.only is None or name in args.only:
            with timed() as clock:
                report[name] = measure(args.quick)
            report[name]["suite_seconds"] = round(clock.wall, 1)
            print(f"{name}: {clock.wall:.0f} s", file=sys.stderr, flush=True)
    verdicts = goals.judge(report)
    report["goals"] = verdicts
    report["machine"]["load_after"] = os.getloadavg()
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    width = max(len(v["row"]) for v in verdicts) if verdicts else 10
    for verdict in verdicts:
        value = "-" if verdict["value"] is None else f"{verdict['value']:.3f}"
        print(f"{verdict['row']:<{width}}  {value:>9}  {verdict['goal']:>8}  {verdict['verdict']}")
    print(f"report: {args.out}")
    failed = [v["row"] for v in verdicts if v["verdict"] == "failed"]
    return 1 if failed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
