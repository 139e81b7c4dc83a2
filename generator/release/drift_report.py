"""The docs-drift report as a maintainer reads it, and its exit code."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.release.drift import Drift, Page

NO_DRIFT, DRIFT, UNREADABLE = 0, 1, 2


def shown(text: str) -> str:
    """`text` safe to print on a terminal: control and format characters (escape sequences,
    carriage returns, bidi overrides) and lone surrogates written as escapes, never sent raw."""
    return "".join(
        repr(c)[1:-1] if c != "\t" and unicodedata.category(c) in ("Cc", "Cf", "Cs") else c
        for c in text
    )


def render(drift: Drift) -> list[str]:
    """The report's lines; everything a page or a server said is shown() escaped."""
    lines: list[str] = []
    for page, reading, comparison in drift.changed:
        lines.append(f"CHANGED {page.name} (read from {shown(reading.source)})")
        kind = "normalised main text" if reading.html else "file"
        current = reading.text_sha256 if reading.html else reading.raw_sha256
        lines.append(f"  recorded sha256 {page.sha256}\n  current  sha256 {current} (its {kind})")
        lines.extend(_written_from(page))
        if comparison.note:
            lines.append(f"  note: {comparison.note}")
        if comparison.findings:
            lines.append("  what the change touches in the spec:")
            lines.extend(f"    {shown(str(finding))}" for finding in comparison.findings)
        else:
            lines.append("  no status value, endpoint or field of the spec is touched")
        if comparison.diff:
            lines.append("  diff (normalised text):")
            lines.extend(f"    {shown(line)}" for line in comparison.diff)
    for page, reading in drift.moved:
        if reading.moved_to:
            where = f"redirects to {shown(reading.moved_to)}"
        else:
            where = f"answers {reading.gone}: moved or gone"
        lines.append(f"MOVED {page.name}: {shown(reading.source)} {where}")
        lines.extend(_written_from(page))
    for reason in drift.unreadable:
        lines.append(f"cannot read a page: {shown(reason)}")
    for source in drift.unknown:
        lines.append(f"not the source of any spec: {source}")
    lines.append(
        f"{len(drift.changed)} changed, {len(drift.unchanged)} unchanged page(s), "
        f"{len(drift.moved)} moved, {len(drift.unreadable)} unreadable"
    )
    return lines


def exit_code(drift: Drift) -> int:
    if drift.unreadable:
        return UNREADABLE
    return DRIFT if drift.changed or drift.moved else NO_DRIFT


def _written_from(page: Page) -> list[str]:
    return [f"  spec written from it: {where}" for where in page.specs] + [
        f"  operation: {where}" for where in page.operations
    ]
