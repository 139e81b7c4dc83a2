"""Classifying a change by the Python API it makes: griffe compares two generated packages.
(The spec-level rules are unit tests: tests/unit/test_classify.py.)"""

from __future__ import annotations

from pathlib import Path

from generator.codegen.pipeline import generate
from generator.release.classify import compare_api
from generator.workspace import Workspace
from tests.support.specs import acme_workspace, minimal_spec


def test_griffe_finds_a_python_api_break(tmp_path: Path) -> None:
    """Removing a field removes a model attribute: griffe reports it, by Python path and line."""
    smaller = minimal_spec()
    del smaller["components"]["schemas"]["Scan"]["properties"]["message"]
    old = acme_workspace(tmp_path / "old", minimal_spec())
    new = acme_workspace(tmp_path / "new", smaller)
    for root in (old, new):
        generate(Workspace.at(root), jobs=1)
    findings = compare_api(
        old / "generated" / "acme-client",
        new / "generated" / "acme-client",
        "acme_client",
        "specs/acme.yaml",
    )
    assert findings and all(f.kind == "major" for f in findings)
    assert any(
        "message" in f.message and f.pointer.startswith("python:acme_client.") for f in findings
    ), [str(f) for f in findings]
    assert (
        compare_api(
            old / "generated" / "acme-client", old / "generated" / "acme-client", "acme_client", "x"
        )
        == []
    )
