"""Per spec: how many facts come from a page, from an x-source, or are marked x-assumption.

A fact is one parameter, response, schema property, enum value, security scheme or example,
counted where it is defined. It belongs to the nearest mark on it or above it: `x-assumption`
(even beside an `x-source`: an inference from a source is still ours), else `x-source`, else the
pages named in `x-provenance`.
Run from the repository root with any Python that has ruamel.yaml (e.g. .nox/specs/bin/python).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

FACT_CONTAINERS = {"parameters", "responses", "properties", "securitySchemes", "examples"}


def mark_of(node: Any, inherited: str) -> str:
    if isinstance(node, dict):
        if "x-assumption" in node:
            return "assumption"
        if "x-source" in node:
            return "source"
    return inherited


def count(node: Any, inherited: str, parent_key: str, tally: Counter[str]) -> None:
    mark = mark_of(node, inherited)
    if isinstance(node, dict):
        for key, value in node.items():
            if str(key).startswith("x-"):
                continue
            if parent_key in FACT_CONTAINERS:
                tally[mark_of(value, mark)] += 1
            if key == "enum" and isinstance(value, list):
                tally[mark] += len(value)
            count(value, mark, str(key), tally)
    elif isinstance(node, list):
        for value in node:
            if parent_key == "parameters":
                tally[mark_of(value, mark)] += 1
            count(value, mark, "", tally)


def main() -> None:
    print("| spec | facts with a page | with x-source | marked assumptions |")
    print("|---|---|---|---|")
    for path in sorted(Path("specs").glob("*.yaml")):
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        tally: Counter[str] = Counter()
        count(data, "page", "", tally)
        print(f"| {path.name} | {tally['page']} | {tally['source']} | {tally['assumption']} |")


if __name__ == "__main__":
    main()
