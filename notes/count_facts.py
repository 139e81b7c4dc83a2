"""Per spec: x-provenance references (facts with a page), x-source URLs, x-assumption marks.

Run from the repository root with any Python that has ruamel.yaml (e.g. .nox/specs/bin/python).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML


def nodes(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from nodes(value)


def entries(value: Any) -> int:
    return len(value) if isinstance(value, list) else 1


def main() -> None:
    print("| spec | facts with a page (x-provenance) | with x-source (URLs) | marked assumptions |")
    print("|---|---|---|---|")
    for path in sorted(Path("specs").glob("*.yaml")):
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        counts = [0, 0, 0]
        for node in nodes(data):
            counts[0] += entries(node["x-provenance"]) if "x-provenance" in node else 0
            counts[1] += entries(node["x-source"]) if "x-source" in node else 0
            counts[2] += 1 if "x-assumption" in node else 0
        print(f"| {path.name} | {counts[0]} | {counts[1]} | {counts[2]} |")


if __name__ == "__main__":
    main()
