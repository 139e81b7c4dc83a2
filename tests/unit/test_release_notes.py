"""Release notes a person reads: dated sections, entries grouped by what they mean to an importer,
each a sentence with where it comes from kept as a detail."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from generator.release import changelog

pytestmark = pytest.mark.pure

DAY = datetime.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("kind", "message", "group"),
    [
        ("major", "operation GET /scans removed (line of the released spec)", "Breaking"),
        ("minor", "response 500 of PUT /data-scan-status added", "Added"),
        ("minor", "operation PUT /data-scan-status deprecated", "Deprecated"),
        ("minor", "now depends on httpcore>=1.0.9,<2", "Added"),
        ("patch", "shipped file changed", "Changed"),
        ("minor", "alpha status 'ARCHIVED' now maps to CANCELLED", "Changed"),
    ],
)
def test_each_finding_lands_in_the_group_an_importer_reads_it_in(
    kind: str, message: str, group: str
) -> None:
    assert changelog.entry(kind, message, "").group == group


def test_an_entry_is_a_sentence_with_its_operation_as_code() -> None:
    found = changelog.entry("minor", "response 500 of PUT /data-scan-status added", "x")
    assert found.text == "Response 500 of `PUT /data-scan-status` added."
    # A name keeps its case: a vendor key is not the start of a sentence.
    assert changelog.sentence("threadfix status 'X' now maps to FAILED").startswith("threadfix ")


def test_a_release_goes_on_top_dated_and_grouped(tmp_path: Path) -> None:
    notes = tmp_path / "CHANGELOG.md"
    notes.write_text("# Changelog\n\n## 0.1.0 (2026-01-01)\n\nFirst release.\n", encoding="utf-8")
    entries = [
        changelog.entry("minor", "response 401 of GET /s added", "`/paths/~1s/get`, line 9"),
        changelog.entry("major", "request field name of GET /s is now required", "`/x`, line 3"),
    ]
    changelog.prepend(notes, "1.0.0", "A major release.", entries, day=DAY)
    text = notes.read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n\n## 1.0.0 (2026-12-02)\n\nA major release.\n")
    assert text.index("### Breaking") < text.index("### Added") < text.index("## 0.1.0")
    assert "- Response 401 of `GET /s` added. _(`/paths/~1s/get`, line 9)_" in text
    assert "### Changed" not in text, "a group with no entry is left out"
