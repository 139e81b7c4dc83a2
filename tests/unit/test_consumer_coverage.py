"""The consumer module that users' type checkers are tried on uses every public name."""

from __future__ import annotations

import ast

import scan_status
from tests.support.workspace import ROOT


def names_used(source: str) -> set[str]:
    used: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "scan_status":
            used.update(alias.name for alias in node.names)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "scan_status"
        ):
            used.add(node.attr)
    return used


def test_the_consumer_uses_every_public_name() -> None:
    used = names_used((ROOT / "tests" / "consumer" / "consumer.py").read_text())
    missing = sorted(set(scan_status.__all__) - used)
    assert not missing, f"tests/consumer/consumer.py does not use {missing}"
    assert "__version__" in used


def test_names_used_sees_both_spellings() -> None:
    assert names_used("from scan_status import A\nimport scan_status\nscan_status.B") == {"A", "B"}
