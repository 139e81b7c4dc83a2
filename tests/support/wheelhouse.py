"""Fresh venvs installed from the wheelhouse `nox -s tests` fills from uv.lock before pytest runs
(noxfile.py, fill_wheelhouse): no index, no cache an earlier run filled, the locked versions."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.support.index_server import UV, run

# Beside the test venv's interpreter, so `.nox/tests/bin/pytest` finds it as nox does.
WHEELHOUSE = Path(sys.prefix) / "wheelhouse"


def wheelhouse() -> Path:
    """The filled wheelhouse; a clear failure when pytest runs from a venv nox did not set up."""
    if not (WHEELHOUSE / "filled.txt").is_file():
        pytest.fail(
            f"{WHEELHOUSE} is not filled: run the tests through `nox -s tests` (or `nox -s "
            "system`), which downloads the locked wheels the tests install",
            pytrace=False,
        )
    return WHEELHOUSE


def install_from_wheelhouse(python: Path, *requirements: str | Path, deps: bool = True) -> None:
    """`uv pip install` into `python`'s venv from the wheelhouse only: requirements as names
    (`pytest==9.0.3`), wheel files, or `-r FILE`."""
    run(
        UV,
        "pip",
        "install",
        "--quiet",
        "--no-index",
        "--find-links",
        wheelhouse(),
        *([] if deps else ["--no-deps"]),
        "--python",
        python,
        *requirements,
    )


def install_locked_dependencies(venv: Path, root: Path, extras: Sequence[str] = ()) -> None:
    """Every locked runtime dependency of scan-status and the clients, but not they themselves;
    with `extras` (e.g. "cli"), those of scan-status's extras too. Read from `root`'s uv.lock
    (as committed: --frozen), installed from the wheelhouse."""
    exported = run(
        UV,
        "export",
        "--frozen",
        "--quiet",
        "--no-header",
        "--no-default-groups",
        *(f"--extra={extra}" for extra in extras),
        "--no-emit-workspace",
        "--no-emit-local",
        cwd=root,
    )
    with tempfile.TemporaryDirectory() as scratch:
        requirements = Path(scratch) / "requirements.txt"
        requirements.write_text(exported, encoding="utf-8")
        install_from_wheelhouse(venv / "bin" / "python", "--requirement", requirements, deps=False)
