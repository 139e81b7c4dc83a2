"""Every package built from the repository once per test run, shared by the tests that only read
the result (and, under pytest-xdist, by every worker): a build of all five takes seconds each."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.release.distribute import build
from generator.workspace import Workspace
from tests.support.once import once_per_run
from tests.support.workspace import ROOT


def built_from_root(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The wheels and sdists of every package, as `build` makes them; read them, never change
    them. The first caller builds; the others wait and reuse."""

    def build_all(dist: Path) -> None:
        build(Workspace.at(ROOT), dist, isolated=False)

    dist = once_per_run(tmp_path_factory, "built-from-root", build_all)
    return sorted(p for p in dist.iterdir() if p.suffix in (".whl", ".gz"))
