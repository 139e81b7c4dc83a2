"""The docs' mapping table (docs/statuses.md) is generated: its check names the command, --write
regenerates it."""

from __future__ import annotations

from pathlib import Path

import pytest

from scan_status.mapping import markdown_table
from tests.support.workspace import ROOT
from tools.readme_tables import END, START, main, replace_table


def test_the_docs_hold_the_table_the_mapping_makes() -> None:
    readme = (ROOT / "docs" / "statuses.md").read_text(encoding="utf-8")
    assert replace_table(readme, markdown_table()) == readme


def test_a_stale_table_fails_naming_the_command_and_write_fixes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n{START}\n| old | table |\n{END}\n\nAfter.\n", encoding="utf-8")
    assert main(["--readme", str(readme)]) == 1
    assert (
        "run nox -s generate (or: python -m tools.readme_tables --write)" in capsys.readouterr().err
    )
    assert main(["--readme", str(readme), "--write"]) == 0
    assert readme.read_text(encoding="utf-8") == (
        f"# Title\n\n{START}\n{markdown_table()}\n{END}\n\nAfter.\n"
    )
    assert main(["--readme", str(readme)]) == 0


def test_missing_markers_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n", encoding="utf-8")
    assert main(["--readme", str(readme), "--write"]) == 1
    assert START in capsys.readouterr().err
    assert readme.read_text(encoding="utf-8") == "# Title\n", "nothing half-written"
