"""`nox -s specs`: every house rule fires on a spec that breaks it, at the right line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.spec.loader import load_spec
from generator.spec.problems import SpecError
from generator.spec.rules import check
from tests.support.workspace import ROOT, VENDORS, copy_inputs


def problems_after(tmp_path: Path, spec: str, old: str, new: str) -> list[str]:
    """Replace `old` (which must occur once) in a copy of a real spec and check it."""
    text = (ROOT / "specs" / spec).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {spec}"
    broken = tmp_path / spec
    broken.write_text(text.replace(old, new), encoding="utf-8")
    return [str(p) for p in check(load_spec(broken, spec), VENDORS)]


def line_of(spec: str, needle: str, *, whole: bool = False) -> int:
    lines = (ROOT / "specs" / spec).read_text(encoding="utf-8").splitlines()
    return next(
        i
        for i, line in enumerate(lines, start=1)
        if (line.strip() == needle if whole else needle in line)
    )


@pytest.mark.parametrize("spec", sorted(p.name for p in (ROOT / "specs").glob("*.yaml")))
def test_every_real_spec_passes(spec: str) -> None:
    assert check(load_spec(ROOT / "specs" / spec, spec), VENDORS) == []


def test_missing_operation_id(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path, "threadfix.yaml", "      operationId: getPendingScanStatus\n", ""
    )
    line = line_of("threadfix.yaml", "    get:")
    assert found == [
        f"threadfix.yaml:{line}:5: [operation-id] GET "
        "/rest/{version}/applications/{appId}/pendingScan/{pendingScanId}/status has no operationId"
    ]


def test_duplicate_operation_id(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path, "neostra.yaml", "operationId: updateScan\n", "operationId: updateScanTaskStatus\n"
    )
    ours = [p for p in found if "[operation-id]" in p]
    assert len(ours) == 1 and "reuses operationId 'updateScanTaskStatus'" in ours[0]
    assert ours[0].startswith(
        f"neostra.yaml:{line_of('neostra.yaml', 'operationId: updateScan', whole=True)}:"
    )


def test_remote_ref(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path,
        "threadfix.yaml",
        "$ref: '#/components/schemas/FileData'",
        "$ref: 'https://example.invalid/x.yaml#/FileData'",
    )
    line = line_of("threadfix.yaml", "$ref: '#/components/schemas/FileData'")
    assert found == [
        f"threadfix.yaml:{line}:13: [no-remote-ref] $ref 'https://example.invalid/x.yaml#/FileData' "
        "points outside this file"
    ]


def test_dangling_ref(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path,
        "threadfix.yaml",
        "$ref: '#/components/schemas/FileData'",
        "$ref: '#/components/schemas/Nope'",
    )
    assert found == [
        f"threadfix.yaml:{line_of('threadfix.yaml', 'schemas/FileData')}:13: "
        "[ref] $ref '#/components/schemas/Nope' does not resolve"
    ]


def test_path_parameter_with_default(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path,
        "threadfix.yaml",
        "schema:\n            type: string\n          example: latest",
        "schema:\n            type: string\n            default: latest\n          example: latest",
    )
    assert len(found) == 1
    assert "[path-default] path parameter 'version' has a default" in found[0]
    assert found[0].startswith(f"threadfix.yaml:{line_of('threadfix.yaml', '- name: version')}:")


def test_enum_values_equal_after_trimming_need_varnames(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path,
        "protecto.yaml",
        "      x-enum-varnames: [PENDING, IN_PROGRESS, SUCCESS, FAILED, PENDING_PADDED, SUCCESS_PADDED]\n",
        "",
    )
    line = line_of("protecto.yaml", "enum: [PENDING, IN-PROGRESS")
    assert found == [
        f"protecto.yaml:{line}:7: [enum-varnames] enum values 'PENDING' / 'PENDING ', "
        "'SUCCESS' / 'SUCCESS ' differ only by spaces or case; name every value with x-enum-varnames"
    ]


def test_enum_values_differing_by_case_need_varnames(tmp_path: Path) -> None:
    found = problems_after(tmp_path, "neostra.yaml", "CANCELLED]", "CANCELLED, cancelled]")
    assert len(found) == 1 and "'CANCELLED' / 'cancelled' differ only by spaces or case" in found[0]


def test_enum_value_with_a_control_character_is_refused(tmp_path: Path) -> None:
    found = problems_after(tmp_path, "neostra.yaml", "CANCELLED]", 'CANCELLED, "STOPPED\\u001f"]')
    line = line_of("neostra.yaml", "enum: [PENDING, RUNNING")
    assert found == [
        f"neostra.yaml:{line}:7: [enum-value] enum value 'STOPPED\\x1f' holds U+001F: a control or "
        "separator character that openapi-python-client drops, so it could never match"
    ]


def test_varnames_must_match_values(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path, "protecto.yaml", "PENDING_PADDED, SUCCESS_PADDED]", "PENDING_PADDED]"
    )
    assert len(found) == 1 and "needs one name for each enum value" in found[0]
    found = problems_after(
        tmp_path, "protecto.yaml", "PENDING_PADDED, SUCCESS_PADDED]", "PENDING_PADDED, pending]"
    )
    assert len(found) == 1 and "not unique" in found[0]


def test_inline_enum_is_refused(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path,
        "neostra.yaml",
        "        status:\n          $ref: '#/components/schemas/ScanTaskStatus'",
        "        status:\n          type: string\n          x-scan-status: neostra\n"
        "          enum: [PENDING, RUNNING, COMPLETED, FAILED, CANCELLED]",
    )
    assert len(found) == 1 and "[named-enum]" in found[0]


def test_example_that_breaks_its_schema(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path,
        "threadfix.yaml",
        "                      appId: 6\n",
        "                      appId: six\n",
    )
    assert len(found) == 1
    assert found[0].startswith(f"threadfix.yaml:{line_of('threadfix.yaml', 'documented:')}:")
    assert (
        "example does not match its schema at object/appId: 'six' is not of type 'integer'"
        in found[0]
    )


def test_unmarked_status_field(tmp_path: Path) -> None:
    found = problems_after(tmp_path, "threadfix.yaml", "      x-scan-status: threadfix\n", "")
    line = line_of("threadfix.yaml", "$ref: '#/components/schemas/PendingScanStatus'") - 1
    assert found == [
        f"threadfix.yaml:{line}:9: [status-mark] 'status' looks "
        "like a scan status: mark it (or the schema it refers to) with x-scan-status: threadfix"
    ]


def test_status_mark_names_the_wrong_vendor(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path, "cortex-netscan.yaml", "x-scan-status: cortex", "x-scan-status: protecto"
    )
    assert (
        len(found) == 1
        and "x-scan-status is 'protecto'; this spec's vendor is 'cortex'" in found[0]
    )


def test_integer_status_is_not_a_scan_status(tmp_path: Path) -> None:
    # Neostra's envelope has an integer `status` (the HTTP code): it must not need a mark.
    assert (
        problems_after(
            tmp_path, "neostra.yaml", "HTTP status code (not a scan status).", "HTTP code."
        )
        == []
    )


def test_provenance_needs_a_hash(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path,
        "protecto.yaml",
        "    - page: protecto-data-scan-status.txt\n      url: https://developer.protecto.ai/docs/data-scan-status/\n"
        "      sha256: 52c5c4f75e6a5c33b7f5703524df8dcec5a2a5e7488ccb38621052e096087ec3",
        "    - page: protecto-data-scan-status.txt\n      sha256: abc",
    )
    assert len(found) == 1 and "[provenance] sha256 must be" in found[0]


def test_operation_without_provenance(tmp_path: Path) -> None:
    text = "      x-provenance:\n        page: cortex-xsiam-get-scan-run-status.txt\n"
    found = problems_after(
        tmp_path, "cortex-netscan.yaml", text, "      x-other:\n        page: x\n"
    )
    assert len(found) == 1 and "GET /public_api/netscan/v1/scan/run has no x-provenance" in found[0]


def test_invalid_openapi_is_located(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path, "protecto.yaml", "          type: [string, 'null']", "          type: strin"
    )
    line = line_of("protecto.yaml", "type: [string, 'null']")
    assert found == [
        f"protecto.yaml:{line}:11: [openapi] 'strin' is not valid under any of the given schemas"
    ]


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


def test_validate_command_reports_and_exits_non_zero(tmp_path: Path) -> None:
    root = copy_inputs(tmp_path / "repo", with_generated=False)
    spec = root / "specs" / "threadfix.yaml"
    text = spec.read_text(encoding="utf-8").replace("      operationId: getPendingScanStatus\n", "")
    spec.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "validate"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 1
    assert (
        f"specs/threadfix.yaml:{line_of('threadfix.yaml', '    get:')}:5: [operation-id]"
        in done.stderr
    )
    good = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(ROOT), "validate"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    assert good.stdout.startswith("4 specs valid")


def test_spec_must_name_a_known_vendor(tmp_path: Path) -> None:
    found = problems_after(
        tmp_path, "protecto.yaml", "  x-vendor: protecto\n", "  x-vendor: qualys\n"
    )
    line = line_of("protecto.yaml", "info:", whole=True)
    assert (
        f"protecto.yaml:{line}:1: [vendor] info.x-vendor must be one of ['cortex', 'neostra', 'protecto', 'threadfix'], not 'qualys'"
        in found
    )
    # ...and the spec's status mark must then name the same (unknown) vendor: reported too.
    assert any(
        "[status-mark] x-scan-status is 'protecto'; this spec's vendor is 'qualys'" in f
        for f in found
    )
