"""Classifying a spec change: each rule with a pair of specs (the real one, and an edit of it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.codegen.pipeline import generate
from generator.release.classify import bump, compare, compare_api, kind_of
from generator.spec.loader import load_spec
from generator.workspace import Workspace
from tests.support.workspace import ROOT, copy_inputs

TF = "threadfix.yaml"
NEO = "neostra.yaml"


def classify(tmp_path: Path, spec: str, old: str, new: str) -> tuple[str | None, list[str]]:
    text = (ROOT / "specs" / spec).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    edited = tmp_path / spec
    edited.write_text(text.replace(old, new), encoding="utf-8")
    findings = compare(
        load_spec(ROOT / "specs" / spec, f"specs/{spec}"), load_spec(edited, f"specs/{spec}")
    )
    return kind_of(findings), [str(f) for f in findings]


CASES = {
    "operation removed": (
        NEO,
        "  /api/v1/scans/{scanId}:\n    patch:",
        "  /api/v1/scans/{scanId}:\n    x-gone:",
        "major",
        "operation PATCH /api/v1/scans/{scanId} removed",
    ),
    "parameter removed": (
        TF,
        "        - name: pendingScanId\n          in: path",
        "        - name: pendingScanId\n          in: cookie",
        "major",
        "path parameter pendingScanId of GET",
    ),
    "response field removed": (
        TF,
        "        scanMessage:\n          type: string\n          description: The status as the ThreadFix UI words it.\n",
        "",
        "major",
        "field object.scanMessage of GET",
    ),
    "request field newly required": (
        NEO,
        "      description: Every field is optional; only those sent are changed.\n",
        "      description: Every field is optional; only those sent are changed.\n      required: [name]\n",
        "major",
        "request field name of PATCH /api/v1/scans/{scanId} is now required",
    ),
    "type changed": (
        TF,
        "        appId:\n          type: integer",
        "        appId:\n          type: string",
        "major",
        "field object.appId of GET /rest/{version}/applications/{appId}/pendingScan/{pendingScanId}/status type changed from integer to string",
    ),
    "request enum value removed": (
        NEO,
        "enum: [PENDING, RUNNING, COMPLETED, FAILED, CANCELLED]",
        "enum: [PENDING, RUNNING, COMPLETED, FAILED]",
        "major",
        "no longer allows 'CANCELLED'",
    ),
    "operation added": (
        NEO,
        "components:\n  securitySchemes:",
        "  /api/v1/scans/{scanId}/run:\n    post:\n      operationId: runScan\n      x-provenance:\n        page: neostra-update-scan.txt\n        sha256: 9f576fa2258361c01caeeabfd1e617dccc3df6697d2cc39e39b29a0e3c03ebe4\n      parameters:\n        - name: scanId\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        '200':\n          description: ok\ncomponents:\n  securitySchemes:",
        "minor",
        "operation POST /api/v1/scans/{scanId}/run added",
    ),
    "optional parameter added": (
        TF,
        "      responses:\n        '200':\n          description: The pending scan",
        "        - name: verbose\n          in: query\n          schema:\n            type: boolean\n      responses:\n        '200':\n          description: The pending scan",
        "minor",
        "query parameter verbose of GET",
    ),
    "response field added": (
        TF,
        "        scanMessage:\n",
        "        queuePosition:\n          type: integer\n        scanMessage:\n",
        "minor",
        "field object.queuePosition of GET",
    ),
    "status value added": (
        TF,
        "        - LINKING_DEFECTS\n",
        "        - LINKING_DEFECTS\n        - SCAN_ARCHIVED\n",
        "minor",
        "status value 'SCAN_ARCHIVED' added",
    ),
    "description only": (
        TF,
        "Epoch milliseconds.",
        "Epoch time in milliseconds.",
        "patch",
        "/components/schemas/PendingScan/properties/time/description: text changed",
    ),
    "example only": (
        TF,
        "                      appId: 6\n",
        "                      appId: 7\n",
        "patch",
        "text changed",
    ),
    "provenance only": (
        TF,
        "url: https://denimgroup.atlassian.net/wiki/spaces/TDOC/pages/22908524/Check+Pending+Scan+Status+-+API\n      sha256",
        "url: https://example.invalid/page\n      sha256",
        "patch",
        "/info/x-provenance/0/url: text changed",
    ),
    "constraint changed": (
        NEO,
        "bearerFormat: JWT",
        "bearerFormat: opaque",
        "major",
        "constraint changed",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_rule(tmp_path: Path, case: str) -> None:
    spec, old, new, kind, needle = CASES[case]
    found_kind, findings = classify(tmp_path, spec, old, new)
    assert found_kind == kind, findings
    assert any(needle in f for f in findings), findings
    assert all(f.split(" ", 2)[1].startswith(f"specs/{spec}:") for f in findings)


def test_findings_name_the_line(tmp_path: Path) -> None:
    _, findings = classify(
        tmp_path,
        TF,
        "        - LINKING_DEFECTS\n",
        "        - LINKING_DEFECTS\n        - SCAN_ARCHIVED\n",
    )
    line = next(
        i
        for i, text in enumerate((ROOT / "specs" / TF).read_text(encoding="utf-8").splitlines(), 1)
        if text == "        status:"
    )
    assert findings == [
        f"minor: specs/{TF}:{line} /components/schemas/PendingScan/properties/status: response 200 field object.status of "
        "GET /rest/{version}/applications/{appId}/pendingScan/{pendingScanId}/status: status value 'SCAN_ARCHIVED' added"
    ]


def test_no_change_is_no_release(tmp_path: Path) -> None:
    assert classify(tmp_path, TF, "Epoch milliseconds.", "Epoch milliseconds.") == (None, [])


def test_bump() -> None:
    assert [bump("1.4.2", k) for k in ("major", "minor", "patch")] == ["2.0.0", "1.5.0", "1.4.3"]


def test_griffe_finds_a_python_api_break(tmp_path: Path) -> None:
    """Removing a field removes a model attribute: griffe reports it, by Python path and line."""
    old = copy_inputs(tmp_path / "old", with_generated=False)
    new = copy_inputs(tmp_path / "new", with_generated=False)
    spec = new / "specs" / TF
    spec.write_text(
        spec.read_text(encoding="utf-8").replace(
            "        scanMessage:\n          type: string\n          description: The status as the ThreadFix UI words it.\n",
            "",
        ),
        encoding="utf-8",
    )
    for root in (old, new):
        (root / "generator" / "packages.toml").write_text(
            '[threadfix]\nspec = "specs/threadfix.yaml"\ndistribution = "threadfix-client"\nimport_name = "threadfix_client"\nversion = "0.1.0"\n',
            encoding="utf-8",
        )
        generate(Workspace.at(root), jobs=1)
    findings = compare_api(
        old / "generated" / "threadfix-client",
        new / "generated" / "threadfix-client",
        "threadfix_client",
        "specs/threadfix.yaml",
    )
    assert findings and all(f.kind == "major" for f in findings)
    assert any(
        "scan_message" in f.message and f.pointer.startswith("python:threadfix_client.")
        for f in findings
    ), [str(f) for f in findings]
