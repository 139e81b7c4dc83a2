"""Regeneration: the pipeline cold and no-op, against the naive CLI runs a maintainer would script.

The generator is called only through its command line (`python -m generator --root X generate`)
on a scratch copy of specs/ and generator/. The naive side runs, per spec, openapi-python-client
(with its default post-hooks: ruff is on PATH) and datamodel-codegen, as a user would. Cold and
naive runs alternate, pair by pair.

No-op: after a cold run every generated client is imported with bytecode writing on (Python's
default); `check` must then pass, and `generate` (run again, a few times) must leave every file
as it was. The goal takes the slowest no-op: the first, right after the import.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.timing import Pairs, interleave, spread, timed

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _env(*, bytecode: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"  # ruff for the CLIs' post-hooks
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds of wall time, and of CPU used by the command and every process it waited on."""
    cpu = _children_cpu()
    with timed() as clock:
        subprocess.run(command, check=True, cwd=cwd, capture_output=True, env=_env())
    return clock.wall, _children_cpu() - cpu


def _naive(specs: list[Path], out: Path) -> tuple[float, float]:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    runs = []
    for spec in specs:
        runs.append(
            _run(
                [
                    str(BIN / "openapi-python-client"),
                    "generate",
                    "--path",
                    str(spec),
                    "--meta",
                    "none",
                    "--output-path",
                    str(out / spec.stem),
                ],
                out,
            )
        )
        runs.append(
            _run(
                [
                    str(BIN / "datamodel-codegen"),
                    "--input",
                    str(spec),
                    "--input-file-type",
                    "openapi",
                    "--output-model-type",
                    "pydantic_v2.BaseModel",
                    "--output",
                    str(out / f"{spec.stem}.py"),
                ],
                out,
            )
        )
    return sum(wall for wall, _ in runs), sum(cpu for _, cpu in runs)


def _files(generated: Path) -> dict[str, tuple[int, int]]:
    """Every generated file but bytecode, with its size and modification time."""
    return {
        str(path.relative_to(generated)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in generated.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def _import_every_client(generated: Path) -> int:
    packages = [p.parent for p in generated.glob("*/*/__init__.py")]
    code = (
        "import importlib, pkgutil, sys\n"
        "for name in sys.argv[1:]:\n"
        "    package = importlib.import_module(name)\n"
        "    for module in pkgutil.walk_packages(package.__path__, name + '.'):\n"
        "        importlib.import_module(module.name)\n"
    )
    env = _env(bytecode=True)
    env["PYTHONPATH"] = os.pathsep.join(str(p.parent) for p in packages)
    env.pop("PYTHONPYCACHEPREFIX", None)
    subprocess.run([sys.executable, "-c", code, *(p.name for p in packages)], check=True, env=env)
    return sum(1 for _ in generated.rglob("*.pyc"))


def measure(rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="scan-status-bench-") as scratch:
        work = Path(scratch)
        root = work / "repo"
        shutil.copytree(ROOT / "specs", root / "specs")
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(ROOT / "generator", root / "generator", ignore=ignore)
        specs = sorted((root / "specs").glob("*.yaml"))
        generator = [sys.executable, "-m", "generator", "--root", str(root)]
        pairs = Pairs()

        def naive() -> None:
            wall, cpu = _naive(specs, work / "naive")
            pairs.add("b", wall=wall, cpu=cpu)

        def cold() -> None:
            wall, cpu = _run([*generator, "generate", "--force"], ROOT)
            pairs.add("a", wall=wall, cpu=cpu)

        interleave(rounds, cold, naive)
        generated = root / "generated"
        pycs = _import_every_client(generated)
        before = _files(generated)
        check = subprocess.run(
            [*generator, "check"], cwd=ROOT, capture_output=True, text=True, check=False
        )
        noops = [_run([*generator, "generate"], ROOT) for _ in range(rounds)]
        noop_walls = [wall for wall, _ in noops]
        changed = sorted(k for k, v in _files(generated).items() if before.get(k) != v)
        changed += sorted(set(before) - set(_files(generated)))
    cold_median = sorted(pairs.a["wall"])[len(pairs.a["wall"]) // 2]
    return {
        "specs": len(specs),
        "rounds": rounds,
        "seconds": {
            **pairs.summary({"a": "cold", "b": "naive_cli"}),
            "noop": {"wall": spread(noop_walls), "cpu": spread([cpu for _, cpu in noops])},
        },
        "cold_vs_naive": spread(pairs.ratio(("a", "wall"), ("b", "wall")), 3),
        "cpu_cold_vs_naive": spread(pairs.ratio(("a", "cpu"), ("b", "cpu")), 3),
        "noop_vs_cold": spread([n / cold_median for n in noop_walls], 4),
        "pyc_files_after_import": pycs,
        "noop_changed_files": changed[:20],
        "noop_regenerated": bool(changed),
        "check_after_import": "passed" if check.returncode == 0 else check.stdout[-1000:],
    }
