"""A changelog file: each release's section goes on top, under the file's title."""

from __future__ import annotations

from pathlib import Path


def prepend(path: Path, version: str, summary: str, entries: list[str]) -> None:
    """Write `## version`, the summary and one bullet per entry above the older sections."""
    old = path.read_text(encoding="utf-8") if path.is_file() else "# Changelog\n"
    title, _, rest = old.partition("\n")
    lines = [f"## {version}", "", summary, "", *(f"- {entry}" for entry in entries)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n" + "\n".join(lines) + "\n" + rest, encoding="utf-8")
