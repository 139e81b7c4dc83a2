"""`nox -s specs`: every house rule fires on a spec that breaks it, at the right line.

Each test breaks a small inline spec (tests/support/specs.py) and finds the line in the text it
wrote, so no test depends on a real vendor spec's wording.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.spec.loader import load_spec
from generator.spec.problems import SpecError
from generator.spec.rules import check
from tests.support.specs import SCAN_PATH, VENDOR, minimal_spec, operation, position, write_spec
from tests.support.workspace import ROOT, VENDORS

KNOWN = VENDORS | {VENDOR}
NAME = "acme.yaml"


def problems(tmp_path: Path, edit: Callable[[dict[str, Any]], object]) -> tuple[list[str], str]:
    """The problems of the minimal spec after `edit`, and the text that was checked."""
    spec = minimal_spec()
    edit(spec)
    text = write_spec(tmp_path / NAME, spec)
    return [str(p) for p in check(load_spec(tmp_path / NAME, NAME), KNOWN)], text


def at(text: str, needle: str, *, after: str | None = None) -> str:
    line, column = position(text, needle, after=after)
    return f"{NAME}:{line}:{column}:"


def schemas(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"]
    return found


def get(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["paths"][SCAN_PATH]["get"]
    return found


@pytest.mark.parametrize("spec", sorted(p.name for p in (ROOT / "specs").glob("*.yaml")))
def test_every_real_spec_passes(spec: str) -> None:
    assert check(load_spec(ROOT / "specs" / spec, spec), VENDORS) == []


def test_the_minimal_spec_passes(tmp_path: Path) -> None:
    assert problems(tmp_path, lambda spec: None)[0] == []


def test_missing_operation_id(tmp_path: Path) -> None:
    found, text = problems(tmp_path, lambda spec: get(spec).pop("operationId"))
    assert found == [f"{at(text, 'get:')} [operation-id] GET {SCAN_PATH} has no operationId"]


def test_duplicate_operation_id(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        spec["paths"][SCAN_PATH]["delete"] = operation("getScan")

    found, text = problems(tmp_path, edit)
    ours = [p for p in found if "[operation-id]" in p]  # the OpenAPI validator says so too
    assert ours == [
        f"{at(text, 'operationId: getScan', after='delete:')} [operation-id] DELETE {SCAN_PATH} "
        f"reuses operationId 'getScan' of GET {SCAN_PATH}"
    ]


def test_remote_ref(tmp_path: Path) -> None:
    remote = "https://example.invalid/x.yaml#/Id"
    found, text = problems(
        tmp_path, lambda spec: schemas(spec)["Scan"]["properties"].update(id={"$ref": remote})
    )
    assert found == [
        f"{at(text, '$ref: ' + remote)} [no-remote-ref] $ref {remote!r} points outside this file"
    ]


def test_dangling_ref(tmp_path: Path) -> None:
    nope = "#/components/schemas/Nope"
    found, text = problems(
        tmp_path, lambda spec: schemas(spec)["Scan"]["properties"].update(id={"$ref": nope})
    )
    assert found == [f"{at(text, '$ref: ' + repr(nope))} [ref] $ref {nope!r} does not resolve"]


def test_a_ref_with_escaped_characters_resolves(tmp_path: Path) -> None:
    """JSON pointers escape / as ~1 (a path key holds slashes): such a $ref is followed."""

    def edit(spec: dict[str, Any]) -> None:
        schemas(spec)["Scan"]["properties"]["again"] = {
            "$ref": "#/paths/~1scans~1%7BscanId%7D/parameters/0/schema"
        }

    assert problems(tmp_path, edit)[0] == []


def test_path_parameter_with_default(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        spec["paths"][SCAN_PATH]["parameters"][0]["schema"]["default"] = "s-0"

    found, text = problems(tmp_path, edit)
    assert found == [
        f"{at(text, 'name: scanId')} [path-default] path parameter 'scanId' has a default; "
        "path parameters are always required, remove it"
    ]


def test_enum_values_equal_after_trimming_need_varnames(tmp_path: Path) -> None:
    found, text = problems(
        tmp_path,
        lambda spec: schemas(spec)["ScanStatus"].update(enum=["QUEUED", "QUEUED ", "DONE"]),
    )
    assert found == [
        f"{at(text, 'enum:', after='ScanStatus:')} [enum-varnames] enum values 'QUEUED' / 'QUEUED ' "
        "differ only by spaces or case; name every value with x-enum-varnames"
    ]


def test_enum_values_differing_by_case_need_varnames(tmp_path: Path) -> None:
    found, _ = problems(tmp_path, lambda spec: schemas(spec)["ScanStatus"]["enum"].append("done"))
    assert len(found) == 1 and "'DONE' / 'done' differ only by spaces or case" in found[0]


def test_varnames_settle_a_case_clash(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        schemas(spec)["ScanStatus"].update(
            enum=["DONE", "done"], **{"x-enum-varnames": ["DONE", "DONE_LOWER"]}
        )
        get(spec)["responses"]["200"]["content"]["application/json"].pop("examples")

    assert problems(tmp_path, edit)[0] == []


def test_enum_value_with_a_control_character_is_refused(tmp_path: Path) -> None:
    found, text = problems(
        tmp_path, lambda spec: schemas(spec)["ScanStatus"]["enum"].append("STOPPED\x1f")
    )
    assert found == [
        f"{at(text, 'enum:', after='ScanStatus:')} [enum-value] enum value 'STOPPED\\x1f' holds "
        "U+001F: a control or separator character that openapi-python-client drops, so it "
        "could never match"
    ]


def test_varnames_must_match_values(tmp_path: Path) -> None:
    def names(*given: str) -> Callable[[dict[str, Any]], object]:
        return lambda spec: schemas(spec)["ScanStatus"].update({"x-enum-varnames": list(given)})

    found, text = problems(tmp_path, names("QUEUED", "RUNNING"))
    assert found == [
        f"{at(text, 'x-enum-varnames:')} [enum-varnames] x-enum-varnames needs one name for each "
        "enum value"
    ]
    found, _ = problems(tmp_path, names("QUEUED", "RUNNING", "queued"))
    assert len(found) == 1 and "not unique" in found[0]
    found, _ = problems(tmp_path, names("QUEUED", "RUNNING", "1DONE"))
    assert len(found) == 1 and "'1DONE' is not a Python identifier" in found[0]


def test_inline_enum_is_refused(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        schemas(spec)["Scan"]["properties"]["status"] = {
            "type": "string",
            "x-scan-status": VENDOR,
            "enum": ["QUEUED", "DONE"],
        }

    found, text = problems(tmp_path, edit)
    assert len(found) == 1 and "[named-enum]" in found[0]
    assert found[0].startswith(at(text, "enum:", after="Scan:"))


def test_example_that_breaks_its_schema(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        example = get(spec)["responses"]["200"]["content"]["application/json"]["examples"]
        example["documented"]["value"]["id"] = 5

    found, text = problems(tmp_path, edit)
    assert found == [
        f"{at(text, 'documented:')} [example] example does not match its schema at id: "
        "5 is not of type 'string'"
    ]


def test_unmarked_status_field(tmp_path: Path) -> None:
    found, text = problems(tmp_path, lambda spec: schemas(spec)["ScanStatus"].pop("x-scan-status"))
    assert found == [
        f"{at(text, 'status:', after='Scan:')} [status-mark] 'status' looks like a scan status: "
        f"mark it (or the schema it refers to) with x-scan-status: {VENDOR}"
    ]


def test_status_mark_names_the_wrong_vendor(tmp_path: Path) -> None:
    found, text = problems(
        tmp_path, lambda spec: schemas(spec)["ScanStatus"].update({"x-scan-status": "protecto"})
    )
    assert found == [
        f"{at(text, 'x-scan-status:')} [status-mark] x-scan-status is 'protecto'; "
        f"this spec's vendor is {VENDOR!r}"
    ]


def test_integer_status_is_not_a_scan_status(tmp_path: Path) -> None:
    """An integer `status` (an HTTP code in an envelope) needs no mark."""
    found, _ = problems(
        tmp_path,
        lambda spec: schemas(spec)["Scan"]["properties"].update(httpStatus={"type": "integer"}),
    )
    assert found == []


def test_provenance_needs_a_hash(tmp_path: Path) -> None:
    found, text = problems(
        tmp_path, lambda spec: spec["info"]["x-provenance"][0].update(sha256="abc")
    )
    assert found == [
        f"{at(text, 'page:')} [provenance] sha256 must be the page text's 64-hex-digit sha256"
    ]


def test_operation_without_provenance(tmp_path: Path) -> None:
    found, text = problems(tmp_path, lambda spec: get(spec).pop("x-provenance"))
    assert found == [f"{at(text, 'get:')} [provenance] GET {SCAN_PATH} has no x-provenance"]


def test_invalid_openapi_is_located(tmp_path: Path) -> None:
    found, text = problems(
        tmp_path, lambda spec: schemas(spec)["Scan"]["properties"]["id"].update(type="strin")
    )
    assert found == [
        f"{at(text, 'type: strin', after='Scan:')} [openapi] 'strin' is not valid under any of the given schemas"
    ]


def test_spec_must_name_a_known_vendor(tmp_path: Path) -> None:
    found, text = problems(tmp_path, lambda spec: spec["info"].update({"x-vendor": "qualys"}))
    assert (
        f"{at(text, 'info:')} [vendor] info.x-vendor must be one of {sorted(KNOWN)}, not 'qualys'"
        in found
    )
    # ...and the spec's status mark must then name the same (unknown) vendor: reported too.
    assert any(
        f"[status-mark] x-scan-status is {VENDOR!r}; this spec's vendor is 'qualys'" in f
        for f in found
    )


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: {title: x\n  version: 1\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(broken, "broken.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "broken.yaml:3:10: YAML syntax error: expected ',' or '}', but got ':'"
    ]


def test_lone_surrogates_are_refused(tmp_path: Path) -> None:
    found = tmp_path / "surrogate.yaml"
    found.write_text('openapi: 3.1.0\ninfo:\n  title: "\\udb7b"\n', encoding="utf-8")
    with pytest.raises(SpecError, match=r"surrogate.yaml:3:3: a lone surrogate is not text"):
        load_spec(found, "surrogate.yaml")


def test_unquoted_date_is_refused(tmp_path: Path) -> None:
    found = tmp_path / "dated.yaml"
    found.write_text("openapi: 3.1.0\ninfo:\n  title: x\n  version: 2023-11-18\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"dated.yaml:4:3: YAML read this as a date"):
        load_spec(found, "dated.yaml")
