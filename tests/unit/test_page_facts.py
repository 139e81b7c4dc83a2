"""Reading vendor pages as text, and the facts drift finds in them: pure logic on the captures
in ../shared/docs and the specs in specs/ (every expectation is read from them)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from generator.release.page_diff import (
    Endpoint,
    Finding,
    compare,
    endpoint_matches,
    page_facts,
    spec_facts,
    touched,
    unified_diff,
)
from generator.release.pages import Reading, local_url, main_text, normalise, page_text
from tests.support.pages import DOCS, capture, render_html
from tests.support.spec_data import spec_data
from tests.support.workspace import ROOT

OLD_PROTECTO, NEW_PROTECTO = "protecto-data-scan-status.txt", "protecto-scan-status-2026.txt"
THREADFIX = "threadfix-check-pending-scan-status.txt"


def provenance() -> list[tuple[str, str, dict[str, Any]]]:
    """(page, recorded sha256, spec data) for every page a spec names."""
    found = []
    for spec_path in sorted((ROOT / "specs").glob("*.yaml")):
        data = spec_data(spec_path)
        for entry in data["info"]["x-provenance"]:
            found.append((entry["page"], entry["sha256"], data))
    return found


def spec_of(page: str) -> dict[str, Any]:
    return next(data for name, _, data in provenance() if name == page)


def text_of(name: str) -> str:
    return page_text(capture(name).encode())[0]


def reading(source: str, body: str) -> Reading:
    text, html = page_text(body.encode())
    return Reading(source, hashlib.sha256(body.encode()).hexdigest(), text, html)


def test_normalising_collapses_whitespace_and_table_borders() -> None:
    text = "  Status  values \n\n| PENDING |  Accepted \u00a0 |\n|---|---|\n\tDONE | Done. |\n"
    assert normalise(text) == "Status values\nPENDING | Accepted\nDONE | Done."
    assert normalise(text) == normalise("Status values\nPENDING | Accepted |\nDONE | Done.")


def test_main_text_leaves_out_navigation_scripts_and_styles() -> None:
    page = render_html("Scan Status\nPENDING | Accepted |\nPoll until done.", site=1)
    text = normalise(main_text(page))
    assert text == "Scan Status\nPENDING | Accepted\nPoll until done."
    for boilerplate in ("Guides", "siteVersion", "margin", "Copyright", "analytics", "portal"):
        assert boilerplate not in text


@pytest.mark.parametrize("name", sorted(p.name for p in DOCS.glob("*.txt")))
def test_every_capture_and_its_html_renderings_read_as_one_text(name: str) -> None:
    text, html = page_text(capture(name).encode())
    assert not html and text
    for site in (1, 2):
        rendered, html = page_text(render_html(capture(name), site=site).encode())
        assert html and rendered == text


@pytest.mark.parametrize("page", sorted({page for page, _, _ in provenance()}))
def test_each_spec_agrees_with_its_own_capture(page: str) -> None:
    """The heuristics find no status, endpoint or field the spec and its page disagree on."""
    assert touched(spec_facts(spec_of(page), page), page_facts(text_of(page)), None) == []


def test_statuses_are_read_from_tables_and_lists() -> None:
    for page in (THREADFIX, OLD_PROTECTO, "neostra-update-scan-task-status.txt"):
        assert page_facts(text_of(page)).statuses == spec_facts(spec_of(page), page).statuses


def test_the_protecto_2026_page_names_the_new_path_and_field() -> None:
    # A spec written from the older page alone (the shape ours had before the 2026 page was
    # taken in; a release must not change what this test reads).
    item = {
        "type": "object",
        "properties": {
            "tracking_id": {"type": "string"},
            "status": {
                "type": "string",
                "x-scan-status": "protecto",
                "enum": ["PENDING", "IN-PROGRESS", "SUCCESS", "FAILED"],
            },
            "error_msg": {"type": "string"},
        },
    }
    answer = {"type": "object", "properties": {"data": {"type": "array", "items": item}}}
    older = {
        "openapi": "3.1.0",
        "paths": {
            "/data-scan-status": {
                "put": {
                    "x-provenance": {"page": OLD_PROTECTO},
                    "responses": {"200": {"content": {"application/json": {"schema": answer}}}},
                }
            }
        },
    }
    spec = spec_facts(older, OLD_PROTECTO)
    findings = touched(spec, page_facts(text_of(NEW_PROTECTO)), page_facts(text_of(OLD_PROTECTO)))
    gained = {(f.kind, f.value) for f in findings if f.on_page}
    lost = {(f.kind, f.value) for f in findings if not f.on_page}
    assert ("field", "request_status") in gained
    assert any(kind == "endpoint" and "/data-scan/status" in value for kind, value in gained)
    assert {("endpoint", str(e)) for e in spec.endpoints} <= lost  # the old route is gone
    assert ("field", "status") in lost and not any(kind == "status" for kind, _ in gained | lost)


def test_a_status_row_added_or_dropped_is_named() -> None:
    spec = spec_facts(spec_of(THREADFIX), THREADFIX)
    before = capture(THREADFIX)
    dropped = sorted(spec.statuses)[0]
    lines = [line for line in before.splitlines() if not line.startswith(f"{dropped} |")]
    after = "\n".join(lines).replace(
        "Status in API Response | Status in UI |",
        "Status in API Response | Status in UI |\n---|---|\nSCAN_ARCHIVED | Scan archived. |",
    )
    findings = touched(spec, page_facts(normalise(after)), page_facts(normalise(before)))
    assert findings == [Finding("status", "SCAN_ARCHIVED", True), Finding("status", dropped, False)]
    assert str(findings[0]) == "status SCAN_ARCHIVED: on the page, not in the spec"


def test_endpoints_match_templates_base_paths_and_methods() -> None:
    declared = Endpoint("GET", "/rest/{version}/applications/{appId}/pendingScan/{id}/status")
    assert endpoint_matches(
        Endpoint(None, "/threadfix/rest/latest/applications/6/pendingScan/41/status"), declared
    )
    assert endpoint_matches(
        Endpoint("GET", "/rest/{version}/applications/{appId}/pendingScan/{id}/status"), declared
    )
    assert not endpoint_matches(
        Endpoint("PUT", "/rest/latest/applications/6/pendingScan/41/status"), declared
    )
    assert not endpoint_matches(Endpoint("GET", "/applications/6/pendingScan/41/status"), declared)
    assert endpoint_matches(
        Endpoint("PUT", "/api/vault/data-scan-status"), Endpoint("PUT", "/data-scan-status")
    )
    assert not endpoint_matches(
        Endpoint("PUT", "/api/vault/data-scan/status"), Endpoint("PUT", "/data-scan-status")
    )


def test_endpoints_are_read_with_their_methods() -> None:
    facts = page_facts(
        normalise(
            "get /public_api/v1/scan/run\nHTTP Method: PUT\nEndpoint: /data-scan-status\n"
            "curl -X PATCH 'https://api.example.com/api/v1/tasks/42?x=1'\n"
            "PATCH\n/api/v1/scan-tasks/{taskId}PATCH"
        )
    )
    assert facts.endpoints == {
        Endpoint("GET", "/public_api/v1/scan/run"),
        Endpoint("PUT", "/data-scan-status"),
        Endpoint("PATCH", "/api/v1/tasks/42"),
        Endpoint("PATCH", "/api/v1/scan-tasks/{taskId}"),
    }


def test_colon_parameters_read_as_braced_ones() -> None:
    facts = page_facts(normalise("GET /tasks/:task_id\nDELETE /tasks/:taskId/runs/:run\n"))
    assert facts.endpoints == {
        Endpoint("GET", "/tasks/{task_id}"),
        Endpoint("DELETE", "/tasks/{taskId}/runs/{run}"),
    }
    declared = Endpoint("GET", "/api/tasks/{taskId}")
    assert endpoint_matches(Endpoint("GET", "/api/tasks/{task_id}"), declared)
    assert not endpoint_matches(Endpoint("GET", "/api/jobs/{task_id}"), declared)


def test_a_url_in_running_text_is_no_endpoint() -> None:
    facts = page_facts(
        normalise(
            "Source: https://docs.example.com/api/reference/tasks\n"
            "See https://example.com/blog/how-we-scan for more.\n"
            "Endpoint: https://api.example.com/v1/tasks/:id\n"
            "https://api.example.com/v1/runs/{runId}\nMethod: GET\n"
        )
    )
    assert facts.endpoints == {
        Endpoint("GET", "/v1/tasks/{id}"),  # the Method line near both
        Endpoint("GET", "/v1/runs/{runId}"),
    }


def test_status_marks_are_found_through_references() -> None:
    spec = {
        "paths": {"/s": {"get": {"operationId": "s"}}},
        "components": {
            "schemas": {
                "Value": {"type": "string", "enum": ["DONE ", "RUNNING"]},
                "Record": {
                    "properties": {
                        "state": {"$ref": "#/components/schemas/Value", "x-scan-status": "v"}
                    }
                },
            }
        },
    }
    facts = spec_facts(spec)
    assert facts.statuses == {"DONE", "RUNNING"} and facts.names == {"state"}
    assert facts.endpoints == {Endpoint("GET", "/s")}


def test_the_diff_shows_lines_gained_and_lost() -> None:
    diff = unified_diff("a\nPENDING | Waiting\nz", "a\nQUEUED | Waiting\nz", "capture x", "page y")
    assert diff[:2] == ["--- capture x", "+++ page y"]
    assert "-PENDING | Waiting" in diff and "+QUEUED | Waiting" in diff


def test_a_rendering_of_the_capture_is_not_a_change(tmp_path: Path) -> None:
    page, recorded, spec = next(entry for entry in provenance() if entry[0] == THREADFIX)
    html = render_html(capture(THREADFIX), site=2)
    assert not compare(page, recorded, reading("x.html", html), DOCS, [spec]).changed

    changed = html.replace("<td>SCAN_DELETED</td>", "<td>SCAN_PURGED</td>")
    result = compare(page, recorded, reading("x.html", changed), DOCS, [spec])
    assert result.changed and result.capture == DOCS / THREADFIX
    assert Finding("status", "SCAN_PURGED", True) in result.findings
    assert Finding("status", "SCAN_DELETED", False) in result.findings
    assert (
        "-SCAN_DELETED | Scan Deleted." in result.diff
        and "+SCAN_PURGED | Scan Deleted." in result.diff
    )

    # A captures folder without the recorded capture: the verdict still holds, without a diff.
    (tmp_path / THREADFIX).write_text("another text", encoding="utf-8")
    alone = compare(page, recorded, reading("x.html", changed), tmp_path, [spec])
    assert alone.changed and alone.capture is None and not alone.diff
    assert "is not the capture the spec was written from" in alone.note
    assert Finding("status", "SCAN_PURGED", True) in alone.findings


def test_local_url_keeps_the_path_and_query() -> None:
    url = "https://docs.vendor.example/r/Get-scan?lang=en"
    assert local_url(url, "http://127.0.0.1:8123/") == "http://127.0.0.1:8123/r/Get-scan?lang=en"
    assert (
        local_url(url, "http://127.0.0.1:8123/mirror")
        == "http://127.0.0.1:8123/mirror/r/Get-scan?lang=en"
    )
    assert local_url(url, None) == url
