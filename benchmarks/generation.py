"""Regeneration speed: the pipeline cold, no-op and incremental, against the naive way.

The naive way is what a maintainer would script: each generator's command line, once per spec,
one after the other. Every figure is the median of several runs of a whole process, so
interpreter start-up counts on both sides.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGETS = {"cold_vs_naive": 0.5, "noop_vs_cold": 0.05}


def _timed(
    action: Callable[[], None], runs: int, before: Callable[[], None] | None = None
) -> float:
    samples = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _run(*command: str | Path, cwd: Path) -> None:
    subprocess.run([str(c) for c in command], check=True, cwd=cwd, capture_output=True)


def _naive(specs: list[Path], out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    for spec in specs:
        _run(
            BIN / "openapi-python-client",
            "generate",
            "--path",
            spec,
            "--meta",
            "none",
            "--output-path",
            out / spec.stem,
            cwd=out,
        )
        _run(
            BIN / "datamodel-codegen",
            "--input",
            spec,
            "--input-file-type",
            "openapi",
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--output",
            out / f"{spec.stem}.py",
            cwd=out,
        )


def measure(runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="scan-status-bench-") as scratch:
        work = Path(scratch)
        root = work / "repo"
        shutil.copytree(ROOT / "specs", root / "specs")
        (root / "generator").mkdir(parents=True)
        shutil.copy(ROOT / "generator" / "packages.toml", root / "generator")
        shutil.copytree(ROOT / "generator" / "changelogs", root / "generator" / "changelogs")
        specs = sorted((root / "specs").glob("*.yaml"))
        generator = [sys.executable, "-m", "generator", "--root", str(root), "generate"]

        def pipeline(*extra: str) -> Callable[[], None]:
            return lambda: _run(*generator, *extra, cwd=ROOT)

        naive = _timed(lambda: _naive(specs, work / "naive"), runs)
        cold = _timed(pipeline("--force"), runs)
        noop = _timed(pipeline(), runs)
        spec = root / "specs" / "protecto.yaml"
        original = spec.read_text(encoding="utf-8")
        edits = iter(range(1_000_000))

        def touch_one_spec() -> None:
            spec.write_text(
                original.replace("The error, if any.", f"The error, if any ({next(edits)})."),
                encoding="utf-8",
            )

        one_changed = _timed(pipeline(), runs, before=touch_one_spec)
    ratios = {
        "cold_vs_naive": cold / naive,
        "noop_vs_cold": noop / cold,
        "one_spec_changed_vs_cold": one_changed / cold,
    }
    return {
        "specs": len(specs),
        "runs_each": runs,
        "seconds": {
            "naive_cli_per_spec": round(naive, 3),
            "cold": round(cold, 3),
            "noop": round(noop, 3),
            "one_spec_changed": round(one_changed, 3),
        },
        "ratios": {name: round(value, 3) for name, value in ratios.items()},
        "targets": TARGETS,
        "met": all(ratios[name] <= limit for name, limit in TARGETS.items()),
    }
