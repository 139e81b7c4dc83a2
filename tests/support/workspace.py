"""The repository, and scratch copies of its inputs, so tests never touch the real one."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# `jobs` for a generation run in the test process: its generators stay imported and their
# templates compiled, so every run after its first takes about 0.45 s instead of 0.9 s forked.
# The forked workers (the default) are what every test that runs `python -m generator` runs.
IN_PROCESS = 1
# The vendor keys the house rules accept: packages.toml's tables, as the generator reads them.
VENDORS = frozenset(tomllib.loads((ROOT / "generator" / "packages.toml").read_text("utf-8")))


def copy_inputs(target: Path, *, with_generated: bool = True) -> Path:
    """The pipeline's inputs (specs/, packages.toml, changelogs, release snapshots) and, optionally,
    generated/ under `target`."""
    shutil.copytree(ROOT / "specs", target / "specs")
    (target / "generator").mkdir(parents=True)
    shutil.copy(ROOT / "generator" / "packages.toml", target / "generator" / "packages.toml")
    for folder in ("changelogs", "released"):
        shutil.copytree(ROOT / "generator" / folder, target / "generator" / folder)
    copy_shared_metadata(target)
    if with_generated:
        shutil.copytree(ROOT / "generated", target / "generated")
    return target


def copy_shared_metadata(target: Path) -> None:
    """What every generated package takes from the repository: its LICENSE, and the license and
    URLs of the root pyproject (only those: the rest would make the copy a buildable project)."""
    import tomlkit

    shutil.copy(ROOT / "LICENSE", target / "LICENSE")
    project = tomlkit.parse((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    kept = tomlkit.document()
    kept["project"] = {"license": project["license"], "urls": project["urls"]}
    (target / "pyproject.toml").write_text(tomlkit.dumps(kept), encoding="utf-8")


def run_generator(
    root: Path, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """python -m generator --root ROOT ARGS..., as a maintainer runs it (env adds to os.environ)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
    )


def run_generator_here(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The same command line as run_generator, through the same main(), in this process: the
    generators this test process has imported once, its forked workers need not import again.
    For tests of what the pipeline decides; how the command runs as its own process (its
    environment, its exit) is run_generator's."""
    from generator.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--root", str(root), *args])
        except SystemExit as stop:  # argparse's own exits
            code = stop.code if isinstance(stop.code, int) else 1
    command = ["python", "-m", "generator", "--root", str(root), *args]
    return subprocess.CompletedProcess(command, code, out.getvalue(), err.getvalue())


def tree_bytes(tree: Path) -> dict[str, bytes]:
    return {p.relative_to(tree).as_posix(): p.read_bytes() for p in tree.rglob("*") if p.is_file()}


def import_like_a_user(generated: Path, import_names: list[str], cwd: Path) -> None:
    """Import each generated client (from `generated`, not an installed copy) as a user would:
    with Python's defaults, which write bytecode into __pycache__ beside each module
    (nox -s tests and this machine do not). One process imports them all."""
    unset = ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    packages = [next(generated.glob(f"*/{name}/__init__.py")).parent for name in import_names]
    code = "".join(f"import {n}.api, {n}.schemas; print({n}.__file__)\n" for n in import_names)
    imported = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": os.pathsep.join(str(p.parent) for p in packages)},
        cwd=cwd,
    ).stdout.split()
    for name, package, file in zip(import_names, packages, imported, strict=True):
        assert Path(file).is_relative_to(package), f"{name} came from {file}"
    assert list(generated.rglob("__pycache__/*.pyc")), "the import wrote no bytecode"
