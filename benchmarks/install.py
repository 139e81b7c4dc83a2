"""What installing scan-status costs a user: packages and disk, in a fresh venv (uv pip install).

Measured for the plain install, with the `cli` extra and with the `testing` extra (issue 13: before/after extras).
The generated clients come from this repository (pyproject's [tool.uv.sources]).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _size_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def _install(uv: str, requirement: str, venv: Path) -> dict[str, Any]:
    subprocess.run([uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [uv, "pip", "install", "-q", "--python", str(python), requirement],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    site = next(venv.glob("lib/python*/site-packages"))
    packages = sorted(p.name.split("-")[0] for p in site.glob("*.dist-info"))
    return {
        "packages": len(packages),
        "site_packages_mib": round(_size_mib(site), 1),
        "names": packages,
    }


def measure() -> dict[str, Any]:
    uv = shutil.which("uv")
    if uv is None:
        return {"skipped": "uv is not on PATH"}
    with tempfile.TemporaryDirectory(prefix="bench-install-") as scratch:
        return {
            "scan-status": _install(uv, ".", Path(scratch) / "plain"),
            "scan-status[cli]": _install(uv, ".[cli]", Path(scratch) / "cli"),
            "scan-status[testing]": _install(uv, ".[testing]", Path(scratch) / "testing"),
        }
