"""The vendor registry: rooms, registration rules, and the lightness of `import scan_status`."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from scan_status import ScanState, UnknownVendorError, mapping, normalize, vendors
from scan_status.reading import Reading, text


class NoMock(vendors.MockAnswers):
    pass


def room(key: str = "widget", **changes: Any) -> vendors.Room:
    fields: dict[str, Any] = {
        "key": key,
        "name": "Widget",
        "package": "widget_client",
        "credentials": ("token",),
        "auth": lambda credentials: {"X-Widget": credentials["token"]},
        "ids": (vendors.IdParam("job_id"),),
        "read": lambda record: Reading(text(record.get("state")), scan_id=record.get("id")),
        "status_operation": "widget_client.api.default.get_job",
        "mock": NoMock,
        **changes,
    }
    return vendors.Room(**fields)


@pytest.fixture
def widget() -> Iterator[vendors.Room]:
    registered = vendors.register(
        room(), mapping={"READY": ScanState.SUCCEEDED, "BUSY": ScanState.RUNNING}
    )
    yield registered
    vendors.unregister("widget")


def test_the_built_in_vendors_are_the_mapping_tables_keys() -> None:
    assert vendors.known() == list(mapping.TABLES)
    for key in vendors.known():
        assert vendors.get(key).key == key
        assert vendors.mapping_source(key) == "scan_status/mapping.py"


def test_a_registered_vendor_is_normalized_with_its_own_reader(widget: vendors.Room) -> None:
    status = normalize("widget", {"state": " ready ", "id": "j-1"})
    assert (status.state, status.raw, status.scan_id) == (ScanState.SUCCEEDED, " ready ", "j-1")
    assert normalize("widget", "LOST").state is ScanState.UNKNOWN
    assert "widget" in vendors.known()


def test_unregister_forgets_the_vendor_but_not_a_built_in(widget: vendors.Room) -> None:
    vendors.unregister("widget")
    with pytest.raises(UnknownVendorError, match="unknown vendor 'widget'"):
        normalize("widget", "READY")
    with pytest.raises(ValueError, match="built in"):
        vendors.unregister("threadfix")
    vendors.register(widget, mapping={"READY": ScanState.SUCCEEDED})  # the fixture removes it


@pytest.mark.parametrize(
    ("rows", "error", "message"),
    [
        ({"DONE": ScanState.SUCCEEDED, "done ": ScanState.FAILED}, ValueError, "mapped twice"),
        ({"DONE": "SUCCEEDED"}, TypeError, "must map to a ScanState"),
        ({"DONE": mapping.Mapping("SUCCEEDED")}, TypeError, "must map to a ScanState"),  # type: ignore[arg-type]
        ({}, ValueError, "no status mapping rows"),
    ],
)
def test_bad_mapping_rows_are_refused_at_registration(
    rows: Mapping[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        vendors.register(room(), mapping=rows)
    assert "widget" not in vendors.known(), "nothing half-registered"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"key": "threadfix"}, "already registered"),
        ({"key": "Bad-Key"}, "lower-case"),
        ({"credentials": ("timeout",)}, "may not be named timeout"),
        ({"status_operation": None}, "no adapter or status_operation"),
    ],
)
def test_bad_rooms_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        vendors.register(room(**changes), mapping={"READY": ScanState.SUCCEEDED})


def test_missing_credentials_are_named_never_valued() -> None:
    threadfix = vendors.get("threadfix")
    assert threadfix.headers({"api_key": "k"}) == {"Authorization": "APIKEY k"}
    with pytest.raises(TypeError) as missing:
        threadfix.headers({"token": "s3cret"})
    assert "missing api_key" in str(missing.value) and "unexpected token" in str(missing.value)
    assert "s3cret" not in str(missing.value)


def test_importing_scan_status_loads_no_http_or_server_library() -> None:
    probe = (
        "import sys, scan_status; scan_status.normalize('threadfix', 'DONE');"
        "print(sorted(m for m in ('httpx', 'starlette', 'uvicorn', 'threadfix_client')"
        " if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_totality_says_when_a_vendors_client_is_not_installed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from scan_status import totality

    vendors.register(room(), mapping={"READY": ScanState.SUCCEEDED})
    try:
        assert totality.main([]) == 1
    finally:
        vendors.unregister("widget")
    assert capsys.readouterr().err.strip() == (
        "widget_client/openapi.yaml: not installed, so its statuses cannot be checked"
    )
