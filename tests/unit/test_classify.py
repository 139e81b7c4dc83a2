"""Classifying a spec change: each rule with a pair of small inline specs (before, after)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.release.classify import bump, compare, kind_of
from generator.spec.loader import load_spec
from tests.support.specs import SCAN_PATH, minimal_spec, operation, position, write_spec

pytestmark = pytest.mark.pure  # reads no fact a release changes (tests/conftest.py)

NAME = "specs/acme.yaml"
Edit = Callable[[dict[str, Any]], object]


def schemas(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"]
    return found


def get(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["paths"][SCAN_PATH]["get"]
    return found


def verbose(required: bool = False) -> Edit:
    param = {"name": "verbose", "in": "query", "required": required, "schema": {"type": "boolean"}}
    return lambda spec: get(spec).update(parameters=[param])


def classify(
    tmp_path: Path, after: Edit, before: Edit | None = None
) -> tuple[str | None, list[str], str]:
    """The kind of release and the findings for the minimal spec changed by `after`."""
    old, new = minimal_spec(), minimal_spec()
    if before:
        before(old)
        before(new)
    after(new)
    write_spec(tmp_path / "old.yaml", old)
    text = write_spec(tmp_path / "new.yaml", new)
    findings = compare(
        load_spec(tmp_path / "old.yaml", NAME), load_spec(tmp_path / "new.yaml", NAME)
    )
    return kind_of(findings), [str(f) for f in findings], text


CASES: dict[str, tuple[Edit, Edit | None, str, str]] = {
    "operation removed": (
        lambda spec: spec["paths"][SCAN_PATH].pop("patch"),
        None,
        "major",
        f"operation PATCH {SCAN_PATH} removed",
    ),
    "parameter removed": (
        lambda spec: get(spec).pop("parameters"),
        verbose(),
        "major",
        f"query parameter verbose of GET {SCAN_PATH} removed",
    ),
    "response field removed": (
        lambda spec: schemas(spec)["Scan"]["properties"].pop("message"),
        None,
        "major",
        f"response 200 field message of GET {SCAN_PATH} removed",
    ),
    "request field newly required": (
        lambda spec: schemas(spec)["ScanUpdate"].update(required=["name"]),
        None,
        "major",
        f"request field name of PATCH {SCAN_PATH} is now required",
    ),
    "type changed": (
        lambda spec: schemas(spec)["Scan"]["properties"]["id"].update(type="integer"),
        None,
        "major",
        f"response 200 field id of GET {SCAN_PATH} type changed from string to integer",
    ),
    "request enum value removed": (
        lambda spec: schemas(spec)["Priority"]["enum"].remove("HIGH"),
        None,
        "major",
        "no longer allows 'HIGH'",
    ),
    "required parameter added": (
        verbose(required=True),
        None,
        "major",
        f"query parameter verbose of GET {SCAN_PATH} added as required",
    ),
    "operation added": (
        lambda spec: spec["paths"][SCAN_PATH].update(delete=operation("deleteScan")),
        None,
        "minor",
        f"operation DELETE {SCAN_PATH} added",
    ),
    "optional parameter added": (
        verbose(),
        None,
        "minor",
        f"query parameter verbose of GET {SCAN_PATH} added",
    ),
    "response field added": (
        lambda spec: schemas(spec)["Scan"]["properties"].update(queuePosition={"type": "integer"}),
        None,
        "minor",
        f"response 200 field queuePosition of GET {SCAN_PATH} added",
    ),
    "status value added": (
        lambda spec: schemas(spec)["ScanStatus"]["enum"].append("ARCHIVED"),
        None,
        "minor",
        "status value 'ARCHIVED' added",
    ),
    "enum value added": (
        lambda spec: schemas(spec)["Priority"]["enum"].append("MEDIUM"),
        None,
        "minor",
        "enum value 'MEDIUM' added",
    ),
    "description only": (
        lambda spec: schemas(spec)["Scan"]["properties"]["message"].update(description="Other."),
        None,
        "patch",
        "/components/schemas/Scan/properties/message/description: text changed",
    ),
    "example only": (
        lambda spec: get(spec)["responses"]["200"]["content"]["application/json"]["examples"][
            "documented"
        ]["value"].update(message="Finished."),
        None,
        "patch",
        "text changed",
    ),
    "provenance only": (
        lambda spec: spec["info"]["x-provenance"][0].update(url="https://acme.invalid/moved"),
        None,
        "patch",
        "/info/x-provenance/0/url: text changed",
    ),
    "constraint changed": (
        lambda spec: spec["components"]["securitySchemes"]["bearer"].update(bearerFormat="opaque"),
        None,
        "major",
        "constraint changed",
    ),
    "assumption marked": (
        lambda spec: get(spec).update(
            {"x-assumption": "the page does not say; we take it that..."}
        ),
        None,
        "patch",
        "x-assumption: text changed",
    ),
    "another way to authenticate": (
        lambda spec: (
            spec["components"]["securitySchemes"].update(
                key={"type": "apiKey", "in": "header", "name": "x-key"}
            ),
            spec["security"].append({"key": []}),
        ),
        None,
        "minor",
        "another way to authenticate added",
    ),
    "the old way to authenticate dropped": (
        lambda spec: (
            spec["components"]["securitySchemes"].update(
                key={"type": "apiKey", "in": "header", "name": "x-key"}
            ),
            spec.update(security=[{"key": []}]),
        ),
        None,
        "major",
        "/security/0/bearer: constraint changed",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_rule(tmp_path: Path, case: str) -> None:
    after, before, kind, needle = CASES[case]
    found_kind, findings, _ = classify(tmp_path, after, before)
    assert found_kind == kind, findings
    assert any(needle in f for f in findings), findings
    assert all(f.split(" ", 2)[1].startswith(f"{NAME}:") for f in findings)


def test_findings_name_the_line(tmp_path: Path) -> None:
    _, findings, text = classify(
        tmp_path, lambda spec: schemas(spec)["ScanStatus"]["enum"].append("ARCHIVED")
    )
    line, _ = position(text, "status:", after="Scan:")
    assert findings == [
        f"minor: {NAME}:{line} /components/schemas/Scan/properties/status: response 200 field "
        f"status of {method} {SCAN_PATH}: status value 'ARCHIVED' added"
        for method in ("GET", "PATCH")
    ]


def test_a_removed_thing_names_its_line_in_the_released_spec(tmp_path: Path) -> None:
    old = write_spec(tmp_path / "unused.yaml", minimal_spec())
    _, findings, _ = classify(tmp_path, lambda spec: spec["paths"][SCAN_PATH].pop("patch"))
    line, _ = position(old, "patch:")
    assert findings == [
        f"major: {NAME}:{line} /paths/~1scans~1{{scanId}}/patch: operation PATCH {SCAN_PATH} "
        "removed (line of the released spec)"
    ]


def test_no_change_is_no_release(tmp_path: Path) -> None:
    assert classify(tmp_path, lambda spec: None)[:2] == (None, [])


def test_bump() -> None:
    assert [bump("1.4.2", k) for k in ("major", "minor", "patch")] == ["2.0.0", "1.5.0", "1.4.3"]


def test_a_deprecated_operation_is_a_minor_finding(tmp_path: Path) -> None:
    kind, findings, text = classify(tmp_path, lambda spec: get(spec).update(deprecated=True))
    assert kind == "minor"
    assert findings == [
        f"minor: {NAME}:{position(text, 'get:')[0]} /paths/{SCAN_PATH.replace('/', '~1')}/get: "
        f"operation GET {SCAN_PATH} deprecated"
    ]
