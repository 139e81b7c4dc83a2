"""Fixtures every test may use; helpers live in tests/support/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.workspace import copy_inputs


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Path]:
    yield copy_inputs(tmp_path / "repo")
