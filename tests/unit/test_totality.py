"""The totality check names what a new vendor still lacks: a spec whose vendor has no mapping
table (the file to edit, and the spec), and a room nobody registered."""

from __future__ import annotations

from pathlib import Path

import pytest

from scan_status import mapping, totality, vendors
from tests.support.specs import VENDOR, minimal_spec, write_spec


def test_a_spec_whose_vendor_has_no_mapping_table_fails_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert VENDOR not in vendors.known()
    write_spec(tmp_path / "specs" / f"{VENDOR}.yaml", minimal_spec())
    monkeypatch.chdir(tmp_path)  # as nox runs it: in the repository
    assert totality.main([]) == 1
    (line,) = capsys.readouterr().err.splitlines()  # once for the vendor, not once a value
    assert line.startswith(f"specs/{VENDOR}.yaml: x-scan-status names vendor {VENDOR!r}")
    assert f"add {VENDOR.upper()} rows and its TABLES entry to scan_status/mapping.py" in line


def test_the_repository_has_no_room_without_a_mapping_table() -> None:
    assert totality.rooms_without_table() == []
    assert set(mapping.TABLES) == set(vendors.known())
