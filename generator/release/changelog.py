"""Release notes a person reads: each release's section goes on top of the file, under its title,
dated, its entries grouped (Breaking, Added, Deprecated, Changed) in plain sentences, each with
where in the spec or package it comes from as a detail."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

# The order the groups are read in: what breaks an importer first.
GROUPS = ("Breaking", "Added", "Deprecated", "Changed")
OPERATION = re.compile(r"\b(GET|PUT|POST|PATCH|DELETE|HEAD|OPTIONS) (/\S*)")
# The classifier's messages open with one of these words, or with a name (a vendor key, a
# package) that keeps its case.
LEAD_WORDS = frozenset(
    [
        "response",
        "request",
        "operation",
        "shipped",
        "project",
        "no",
        "now",
        "requires",
        "first",
        "path",
        "query",
        "header",
        "cookie",
    ]
)


@dataclass(frozen=True)
class Entry:
    group: str  # one of GROUPS
    text: str  # a sentence
    detail: str  # where: a JSON pointer and line, or a file


def entry(kind: str, message: str, detail: str) -> Entry:
    """One finding of the classifier (kind major, minor or patch) as a release-notes entry."""
    if kind == "major":
        group = "Breaking"
    elif message.endswith("deprecated"):
        group = "Deprecated"
    elif kind == "minor" and (" added" in message or message.startswith(("now ", "first"))):
        group = "Added"
    else:
        group = "Changed"
    return Entry(group, sentence(message), detail)


def sentence(message: str) -> str:
    """`response 200 of PUT /x added` -> `Response 200 of `PUT /x` added.`"""
    text = OPERATION.sub(lambda found: f"`{found[1]} {found[2]}`", message.strip())
    if text.split(" ", 1)[0] in LEAD_WORDS:
        text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def section(version: str, day: datetime.date, summary: str, entries: list[Entry]) -> list[str]:
    lines = [f"## {version} ({day.isoformat()})", "", summary]
    for group in GROUPS:
        grouped = [e for e in entries if e.group == group]
        if grouped:
            lines += ["", f"### {group}", ""]
            lines += [f"- {e.text} _({e.detail})_" if e.detail else f"- {e.text}" for e in grouped]
    return lines


def prepend(
    path: Path,
    version: str,
    summary: str,
    entries: list[Entry],
    day: datetime.date | None = None,
) -> None:
    """Write the release's dated section (today unless `day`) above the older sections."""
    old = path.read_text(encoding="utf-8") if path.is_file() else "# Changelog\n"
    title, _, rest = old.partition("\n")
    lines = section(version, day or datetime.date.today(), summary, entries)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n" + "\n".join(lines) + "\n" + rest, encoding="utf-8")
