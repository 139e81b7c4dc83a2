"""Fixtures every test may use; helpers live in tests/support/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.examples import examples
from tests.support.workspace import copy_inputs

# Property tests on a busy machine (CI, or 2 cores shared by many runs): every example budget
# is kept, but hypothesis's too_slow health check, which fails a test whose inputs merely took
# long to generate under load, is off, and so is the per-example deadline (an example that took
# 200 ms because the machine was busy is no finding). `HYPOTHESIS_PROFILE=strict` keeps hypothesis's health
# checks (on a quiet machine, to see a strategy that is slow in itself). The tests that name no
# budget take hypothesis's default, scaled as every budget is (tests/support/examples.py).
try:  # the vendor-sdks session's venv has no hypothesis: its tests are no property tests
    from hypothesis import HealthCheck, settings
except ModuleNotFoundError:
    pass
else:
    # Both start from hypothesis's own defaults: with CI set, hypothesis makes its "ci" profile
    # the parent of every new one, and "strict" would then drop the checks it is there to keep.
    defaults = settings.get_profile("default")
    settings.register_profile(
        "busy",
        parent=defaults,
        max_examples=examples(),
        suppress_health_check=[HealthCheck.too_slow],
        deadline=None,
    )
    settings.register_profile("strict", parent=defaults, max_examples=examples())
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "busy"))


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Path]:
    yield copy_inputs(tmp_path / "repo")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "long: takes many seconds even alone; started first, so that xdist runs the short tests "
        "beside it rather than after it (never on a test that shares a module-scoped fixture)",
    )
    config.addinivalue_line(
        "markers",
        "pure: logic that reads no spec, page, mapping, version or generated file; the release "
        "story skips these when it runs tests/unit again in the released tree",
    )


# First: xdist's own hook reads the xdist_group marks (on each worker), so they must be set by then.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under xdist (`--dist loadgroup`), the tests of a module that share a fixture it builds once
    (module scope: built wheels, a venv, a server) run on one worker, so it is still built once;
    every other test goes wherever a worker is free, the long ones first."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # stable: else as found
    for item in items:
        # pytest keeps the fixtures a test uses in a private attribute; without it, no grouping.
        info = getattr(item, "_fixtureinfo", None)
        definitions = getattr(info, "name2fixturedefs", {})
        shared = any(
            definition.scope in ("module", "package", "class")
            for chain in definitions.values()
            for definition in chain
            if definition.baseid and item.nodeid.startswith(definition.baseid)
        )
        if shared and item.parent is not None:
            module = item.nodeid.split("::", 1)[0]
            item.add_marker(pytest.mark.xdist_group(module))
