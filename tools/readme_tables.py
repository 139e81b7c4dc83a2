"""The docs' mapping table (docs/statuses.md), rendered from scan_status/mapping.py between two markers.

    python -m tools.readme_tables          # check: exit 1, naming the command, when it differs
    python -m tools.readme_tables --write  # regenerate it (nox -s generate does)

Repository-only: it reads docs/statuses.md, and is shipped in no package.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

START = "<!-- mapping table: generated from scan_status/mapping.py by `python -m tools.readme_tables --write` -->"
END = "<!-- end of mapping table -->"
REGENERATE = "nox -s generate (or: python -m tools.readme_tables --write)"


def rendered() -> str:
    from scan_status.mapping import markdown_table

    return markdown_table()


def replace_table(readme: str, table: str) -> str:
    """The page's text with the table between the markers replaced; ValueError if markers are missing."""
    if readme.count(START) != 1 or readme.count(END) != 1:
        raise ValueError(f"the page must hold each marker once:\n  {START}\n  {END}")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.readme_tables", description=__doc__)
    parser.add_argument("--write", action="store_true", help="regenerate the table in the page")
    parser.add_argument("--readme", type=Path, default=Path("docs/statuses.md"))
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    try:
        wanted = replace_table(text, rendered())
    except ValueError as err:
        print(f"{args.readme}: {err}", file=sys.stderr)
        return 1
    if wanted == text:
        print(f"{args.readme}: the mapping table matches scan_status/mapping.py")
        return 0
    if args.write:
        args.readme.write_text(wanted, encoding="utf-8")
        print(f"{args.readme}: mapping table regenerated from scan_status/mapping.py")
        return 0
    print(
        f"{args.readme}: the mapping table is not what scan_status/mapping.py says; "
        f"run {REGENERATE}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
