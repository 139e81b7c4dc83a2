"""Every package built from the repository once per test run, shared by the tests that only read
the result (and, under pytest-xdist, by every worker): a build of all five takes seconds each."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from generator.release.distribute import build
from generator.workspace import Workspace
from tests.support.workspace import ROOT


def built_from_root(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The wheels and sdists of every package, as `build` makes them; read them, never change
    them. The first caller builds (under a lock); the others wait and reuse."""
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker has its own base temp inside the run's: share the run's.
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    dist = shared / "built-from-root"
    with (shared / "built-from-root.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "built-from-root.done"
        if not done.exists():
            build(Workspace.at(ROOT), dist, isolated=False)
            done.touch()
    return sorted(p for p in dist.iterdir() if p.suffix in (".whl", ".gz"))
