"""The tables in the README and the docs that restate the registry are generated: the check
names the command, --write regenerates them, a missing marker is named, nothing is half-written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scan_status import vendors
from scan_status.mapping import markdown_table
from tests.support.workspace import ROOT, copy_inputs
from tools.readme_tables import TABLES, main, replace_table


def test_the_repository_holds_every_table_its_source_makes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([]) == 0, capsys.readouterr().err
    page = (ROOT / "docs" / "statuses.md").read_text(encoding="utf-8")
    mapping = next(t for t in TABLES if t.name == "mapping table")
    assert replace_table(page, markdown_table(), mapping.start, mapping.end) == page


def test_every_vendor_has_its_row_in_each_vendor_table() -> None:
    for table in (t for t in TABLES if t.name == "vendor table"):
        text = (ROOT / table.file).read_text(encoding="utf-8")
        part = text.split(table.start, 1)[1].split(table.end, 1)[0]
        for room in vendors.rooms():
            assert f"| {room.name} | `scan_status.{room.key}(base_url=..." in part, table.file


def repository(root: Path, body: str) -> Path:
    """The inputs the tables are read from, and each table's file holding `body` for it."""
    copy_inputs(root, with_generated=False)
    for file in {t.file for t in TABLES}:
        (root / file).parent.mkdir(parents=True, exist_ok=True)
        tables = [t for t in TABLES if t.file == file]
        text = "\n\n".join(f"{t.start}\n{body}\n{t.end}" for t in tables)
        (root / file).write_text(f"# Title\n\n{text}\n\nAfter.\n", encoding="utf-8")
    return root


def test_a_stale_table_fails_naming_the_command_and_write_fixes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository(tmp_path / "repo", "| old | table |")
    assert main(["--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "run nox -s generate (or: python -m tools.readme_tables --write)" in err
    assert all(f"the {t.name} is not what {t.source} says" in err for t in TABLES)
    assert main(["--root", str(root), "--write"]) == 0
    written = (root / "docs" / "statuses.md").read_text(encoding="utf-8")
    mapping = next(t for t in TABLES if t.name == "mapping table")
    assert f"{mapping.start}\n{markdown_table()}\n{mapping.end}" in written
    for file in {t.file for t in TABLES}:
        text = (root / file).read_text(encoding="utf-8")
        assert "| old | table |" not in text and text.endswith("\n\nAfter.\n"), file
    assert main(["--root", str(root)]) == 0


def test_missing_markers_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = repository(tmp_path / "repo", "| old | table |")
    readme = root / "README.md"
    readme.write_text("# Title\n", encoding="utf-8")
    before = {file: (root / file).read_text(encoding="utf-8") for file in {t.file for t in TABLES}}
    assert main(["--root", str(root), "--write"]) == 1
    assert TABLES[0].start in capsys.readouterr().err
    after = {file: (root / file).read_text(encoding="utf-8") for file in before}
    assert after == before, "nothing half-written"
    shutil.rmtree(root)
