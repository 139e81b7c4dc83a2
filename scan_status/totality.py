"""Totality: every status value a spec declares (x-scan-status) must have a mapping.

`nox -s check` runs `python -m scan_status.totality`: a docs change that adds a status fails
here, naming the vendor, the value and the file to edit, until the mapping is written.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scan_status import mapping


def declared(spec: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(vendor, value) for every enum value under an x-scan-status mark."""
    stack: list[Any] = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "x-scan-status" in node:
                for value in node.get("enum") or []:
                    yield str(node["x-scan-status"]), str(value)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def unmapped(spec: dict[str, Any], spec_name: str) -> list[str]:
    problems = []
    for vendor, value in declared(spec):
        table = mapping.TABLES.get(vendor)
        if table is None:
            problems.append(
                f"{spec_name}: x-scan-status names vendor {vendor!r}, which scan_status does not know"
            )
        elif mapping.key(value) not in table:
            problems.append(
                f"{spec_name}: {vendor} status {value!r} has no mapping; add it to "
                f"{vendor.upper()} in scan_status/mapping.py (and the README's table)"
            )
    return problems


def main(paths: list[str]) -> int:
    from ruamel.yaml import YAML

    problems: list[str] = []
    for path in paths or sorted(str(p) for p in Path("specs").glob("*.yaml")):
        problems += unmapped(YAML(typ="safe", pure=True).load(Path(path)), path)
    for line in problems:
        print(line, file=sys.stderr)
    if not problems:
        print("every declared status value is mapped")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
