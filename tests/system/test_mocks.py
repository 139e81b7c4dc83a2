"""scan_status.testing: each scenario, request validation, clean start and stop, serve, fixture."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import httpx
import pytest

import scan_status
from scan_status import (
    AuthenticationError,
    NotFoundError,
    RateLimitedError,
    RetryPolicy,
    ScanState,
    TransportError,
    VendorError,
    WaitPolicy,
    mapping,
    vendors,
)
from scan_status.testing import (
    SCENARIOS,
    MockServer,
    lifecycle,
    malformed,
    not_found,
    rate_limited,
    server_error,
    slow,
    status,
    unauthorized,
)
from scan_status.testing.app import INLINE_BODY_BYTES, load_spec, operations
from tests.support.documented import DOCUMENTED
from tests.support.rooms import ALL, READABLE, phases, sample_ids
from tests.support.spec_data import spec_data

FAST = WaitPolicy(interval=0.01, max_interval=0.02, timeout=10)
QUICK_RETRY = RetryPolicy(attempts=3, backoff=0.01)


@pytest.fixture(params=READABLE)
def mock(request: pytest.FixtureRequest) -> Iterator[MockServer]:
    with MockServer(request.param) as server:
        yield server
        assert server.errors == [], "the mock broke its own spec"


def scan_key(mock: MockServer) -> str:
    return str(sample_ids(mock.key)[-1])


def read(mock: MockServer, **options: Any) -> Any:
    with mock.adapter(**options) as adapter:
        return adapter.get_status(*sample_ids(mock.key))


OUTCOMES = {
    "succeeded": ScanState.SUCCEEDED,
    "failed": ScanState.FAILED,
    "cancelled": ScanState.CANCELLED,
}


def outcome_state(key: str, outcome: str) -> ScanState:
    """The state a lifecycle's outcome ends in: the outcome's own, unless the vendor has no such
    state at all (Protecto has no cancelled one: its "cancelled" scans end FAILED, as the
    vendor's would)."""
    table = vendors.mapping_of(key)
    if any(row.state is OUTCOMES[outcome] for row in table.values()):
        return OUTCOMES[outcome]
    return table[mapping.key(phases(key, outcome)[-1])].state


@pytest.mark.parametrize("outcome", sorted(OUTCOMES))
def test_lifecycle(mock: MockServer, outcome: str) -> None:
    state = outcome_state(mock.key, outcome)
    mock.script(scan_key(mock), lifecycle(mock.key, running_polls=3, outcome=outcome))
    seen: list[ScanState] = []
    with mock.adapter() as adapter:
        final = adapter.wait(
            *sample_ids(mock.key), policy=FAST, on_update=lambda s: seen.append(s.state)
        )
    assert final.state is state
    queued = [ScanState.PENDING] if phases(mock.key, "queued") else []
    assert seen == [*queued, ScanState.RUNNING, ScanState.RUNNING, ScanState.RUNNING, state]


def test_unknown_status_reads_as_unknown(mock: MockServer) -> None:
    mock.script(scan_key(mock), SCENARIOS["unknown-status"](mock.key))
    result = read(mock)
    # As the mock sends it (Protecto's current route sends its values unpadded).
    assert result.state is ScanState.UNKNOWN
    assert result.raw.strip() == phases(mock.key, "unknown")[0].strip()


def test_wrong_key_is_refused_in_the_vendor_shape(mock: MockServer) -> None:
    """Each vendor refuses a key its own way (ThreadFix: HTTP 200 and its envelope; Protecto:
    401 {"detail": ...}; Cortex: 401 and its shared error body); the adapter raises
    AuthenticationError for each."""
    wrong = {name: "wrong" for name in mock.credentials}
    with pytest.raises(AuthenticationError) as caught:
        _read_with(mock, wrong)
    code, body = mock.vendor.fault("unauthorized", 401, "")
    assert (caught.value.status_code, caught.value.body) == (code, body)


def _read_with(mock: MockServer, credentials: dict[str, str]) -> Any:
    factory = getattr(scan_status, mock.key)
    with factory(base_url=mock.base_url, **credentials) as adapter:
        return adapter.get_status(*sample_ids(mock.key))


def test_scripted_faults(mock: MockServer) -> None:
    mock.script(scan_key(mock), [unauthorized()])
    with pytest.raises(AuthenticationError):
        read(mock)
    mock.script(scan_key(mock), [not_found()])
    with pytest.raises(NotFoundError) as missing:
        read(mock)
    # ThreadFix answers a failed lookup with HTTP 200 in its envelope; the others with 404.
    assert missing.value.status_code == mock.vendor.fault("not_found", 404, "")[0]
    mock.script(scan_key(mock), [malformed()])
    with pytest.raises(VendorError, match="unreadable answer"):
        read(mock)


def test_rate_limit_with_retry_after_is_waited_out(mock: MockServer) -> None:
    mock.script(
        scan_key(mock),
        [rate_limited(retry_after=1), status(lifecycle(mock.key)[-1].value or "")],
    )
    started = time.monotonic()
    assert read(mock, retry=QUICK_RETRY).state is ScanState.SUCCEEDED
    assert time.monotonic() - started >= 0.9
    assert mock.answered[-2:] == [429, 200]
    mock.script(scan_key(mock), [rate_limited(retry_after=0)])
    with pytest.raises(RateLimitedError):
        read(mock, retry=QUICK_RETRY)


def test_a_burst_of_5xx_is_retried(mock: MockServer) -> None:
    done = lifecycle(mock.key)[-1]
    mock.script(scan_key(mock), [server_error(503), server_error(502), server_error(504), done])
    assert read(mock, retry=QUICK_RETRY).state is ScanState.SUCCEEDED
    assert mock.answered[-4:] == [503, 502, 504, 200]


def test_a_slow_answer_times_out(mock: MockServer) -> None:
    mock.script(scan_key(mock), [slow(1.0, lifecycle(mock.key)[-1].value)])
    with pytest.raises(TransportError, match="timed out"):
        read(mock, timeout=0.2, retry=RetryPolicy(attempts=0))


@pytest.mark.parametrize(
    "value", DOCUMENTED["threadfix.yaml"]["statuses"]
)  # as the page lists them
def test_threadfix_plays_each_of_its_twelve_phases(value: str) -> None:
    with MockServer("threadfix") as mock:
        mock.script(41, [status(value)])
        result = read(mock)
        assert result.raw == value and result.state is not ScanState.UNKNOWN
        assert result.record["object"]["scanMessage"] == cast(Any, mock.vendor).UI_WORDING[value]
        assert mock.errors == []


def test_protecto_sends_trailing_spaces_as_the_vendor_does() -> None:
    with MockServer("protecto") as mock, mock.adapter(route="2024") as adapter:
        first, *_ = adapter.get_statuses(["a", "b"])
        assert first.raw == "PENDING " and first.state is ScanState.PENDING
        assert adapter.wait("a", policy=FAST).raw == "SUCCESS "
        assert mock.errors == []


BAD_REQUESTS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "threadfix": ("GET", "/rest/latest/applications/six/pendingScan/41/status", {}),
    "protecto": ("PUT", "/data-scan-status", {"json": {"tracking_id": "a"}}),
    "cortex": ("GET", "/public_api/netscan/v1/scan/run?id=789", {"headers": {"User-Agent": "t"}}),
    "neostra": ("PATCH", "/api/v1/scan-tasks/t1", {"json": {"status": "DONE"}}),
}


def malformed_id_request(vendor: str) -> tuple[str, str, dict[str, Any]] | None:
    """For a vendor the table above does not know: its status operation with an id that breaks
    its format (a UUID or an integer), every other path id its sample; None when no id has a
    format to break."""
    room = vendors.get(vendor)
    wanted = (room.status_operation or "").rsplit(".", 1)[-1]
    for path, method, operation in operations(load_spec(room)):
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", operation["operationId"]).lower()
        if snake != wanted:
            continue
        formats = {param.format for param in room.ids}
        if not formats & {"uuid", "int"}:
            return None
        filled = path
        for param in room.ids:
            value = "not-an-id" if param.format in ("uuid", "int") else str(param.sample)
            filled = re.sub(r"\{[^}]+\}", value, filled, count=1)
        return method.upper(), filled, {}
    return None


def bad_request(vendor: str) -> tuple[str, str, dict[str, Any]] | None:
    return BAD_REQUESTS.get(vendor) or malformed_id_request(vendor)


@pytest.mark.parametrize("vendor", [v for v in ALL if bad_request(v)])
def test_a_request_the_spec_forbids_gets_400_in_the_vendor_shape(vendor: str) -> None:
    found = bad_request(vendor)
    assert found is not None
    method, path, extra = found
    with MockServer(vendor) as mock:
        headers = {**mock.auth_headers(), **extra.pop("headers", {})}
        answer = httpx.request(method, mock.base_url + path, headers=headers, **extra)
        assert mock.errors == []
    assert answer.status_code == 400
    body = answer.json()
    shape = {
        "threadfix": {"message", "success", "responseCode", "object"},
        "protecto": {"data", "success", "error"},
        "cortex": {"err_msg", "metadata"},
        "neostra": {"status", "message", "data", "errors"},
    }
    # The four as their pages show them; any other vendor as its room's mock writes an error.
    assert set(body) == shape.get(vendor, set(vendors.get(vendor).mock().error(400, "")))
    if vendor == "cortex":
        assert body["metadata"]["err_extra"][0]["field"] == "fields"


def test_nothing_outlives_the_server() -> None:
    """Stopped, a mock leaves no thread behind (its own, nor the worker that checked a large body)
    and frees its port, though a client still holds a kept-alive connection to it."""
    threads = set(threading.enumerate())
    with MockServer("protecto") as mock:
        port = mock.port
        assert len(set(threading.enumerate()) - threads) == 1
        with httpx.Client(base_url=mock.base_url, headers=mock.auth_headers()) as client:
            large = ["x" * (INLINE_BODY_BYTES + 1)]  # a body this large is checked off the loop
            assert client.put("/data-scan-status", json=large).status_code == 200
            assert len(set(threading.enumerate()) - threads) == 2  # the server and its worker
            mock.stop()
            assert set(threading.enumerate()) == threads
            with pytest.raises(httpx.TransportError):  # the kept-alive connection is closed
                client.put("/data-scan-status", json=["a"])
    with socket.socket() as probe, pytest.raises(ConnectionRefusedError):
        probe.connect(("127.0.0.1", port))
    with MockServer("protecto", port=port) as again, again.adapter() as adapter:
        assert again.port == port and adapter.get_status("a").raw
    assert set(threading.enumerate()) == threads


def test_a_changed_copy_of_the_spec_changes_no_mock() -> None:
    """The spec is parsed once a process; each caller of load_spec gets a copy of its own."""
    room = vendors.get("cortex")
    changed = load_spec(room)
    changed["paths"].clear()
    changed["components"]["schemas"].clear()
    assert load_spec(room)["paths"] and load_spec(room)["components"]["schemas"]
    with MockServer("cortex") as mock:
        assert read(mock).state is ScanState.PENDING
        assert mock.errors == []


def test_a_stop_ends_a_scripted_delay_and_the_answer_under_way_arrives() -> None:
    """A stop does not wait out a scripted delay (here ten minutes), nor cut the answer: the
    client waiting on it gets the scripted answer, and the stop returns."""
    answers: list[httpx.Response] = []
    with MockServer("threadfix") as mock:
        mock.script(41, slow(600, "DONE"))
        url = mock.base_url + "/rest/latest/applications/6/pendingScan/41/status"
        waiting = threading.Thread(
            target=lambda: answers.append(httpx.get(url, headers=mock.auth_headers(), timeout=60))
        )
        waiting.start()
        while not mock.requests and waiting.is_alive():
            time.sleep(0.001)  # until the mock has the request
        mock.stop()  # raises if its server thread does not end
        waiting.join()
    assert [(a.status_code, a.json()["object"]["status"]) for a in answers] == [(200, "DONE")]
    assert mock.answered == [200] and mock.errors == []


def test_neostra_mock_records_what_was_set() -> None:
    with MockServer("neostra") as mock, mock.adapter() as adapter:
        adapter.set_task_status("t-9", ScanState.CANCELLED)
        adapter.update_scan("s-1", name="Nightly")
        assert adapter.update_scan("s-1", schedule="0 3 * * *") == {
            "id": "s-1",
            "name": "Nightly",
            "schedule": "0 3 * * *",
        }
        assert cast(Any, mock.vendor).task_statuses == {"t-9": "CANCELLED"}
        mock.script("t-404", [not_found()])
        with pytest.raises(NotFoundError) as missing:
            adapter.set_task_status("t-404", ScanState.RUNNING)
        assert missing.value.body == {"error": "Not Found", "message": "no scan t-404", "code": 404}
        assert mock.errors == []


def test_the_fixture_starts_a_server_and_stops_it(mock_vendor: Callable[..., MockServer]) -> None:
    server = mock_vendor("protecto", scenario="lifecycle-failed")
    with server.adapter() as adapter:
        assert adapter.wait("x", policy=FAST).state is ScanState.FAILED


def test_serve_command_for_a_person() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "scan_status.testing", "serve", "threadfix", "--scenario", "flaky"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert (
            line.startswith("threadfix mock at http://127.0.0.1:")
            and "credentials api_key=test-key" in line
        )
        base_url = line.split(" at ")[1].split(" ")[0]
        with scan_status.threadfix(
            base_url=base_url, api_key="test-key", retry=QUICK_RETRY
        ) as adapter:
            assert adapter.wait(6, 41, policy=FAST).state is ScanState.SUCCEEDED
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0


# --- The mocks answer as the vendors' sources say (issue 10) ----------------------------------


def spec_of(package: str) -> dict[str, Any]:
    from importlib.resources import files

    return spec_data(Path(str(files(package).joinpath("openapi.yaml"))))


THREADFIX_SPEC = spec_of("threadfix_client")
TF_STATUS = "/rest/latest/applications/6/pendingScan/41/status"
TF_LEGACY = "/rest/applications/6/pendingScan/41/status"


def test_threadfix_mock_refuses_a_key_with_200_and_the_documented_envelope() -> None:
    documented = THREADFIX_SPEC["components"]["examples"]["AuthenticationFailed"]["value"]
    with MockServer("threadfix") as mock:
        for path in (TF_STATUS, TF_LEGACY):
            answer = httpx.get(mock.base_url + path, headers={"Authorization": "APIKEY wrong"})
            assert (answer.status_code, answer.json()) == (200, documented)
        assert mock.errors == []


def test_threadfix_mock_answers_an_unknown_rest_path_with_its_404_envelope() -> None:
    response = THREADFIX_SPEC["components"]["responses"]["UnrecognizedPath"]
    documented = response["content"]["application/json"]["examples"]["unrecognizedPath"]["value"]
    with MockServer("threadfix") as mock:
        headers = mock.auth_headers()
        for path in ("/rest/latest/nothing", "/rest/applications/6/scans"):
            answer = httpx.get(mock.base_url + path, headers=headers)
            assert (answer.status_code, answer.json()) == (404, documented)
        outside = httpx.get(mock.base_url + "/elsewhere", headers=headers)
        assert outside.status_code == 404 and outside.headers["content-type"].startswith(
            "text/plain"
        )


@pytest.mark.parametrize(
    ("accept", "served"),
    [
        (None, True),  # Spring's produces condition matches a request with no Accept
        ("*/*", True),
        ("application/json", True),
        ("text/html, application/json;q=0.5", True),
        ("text/html", False),
        ("application/json;q=0", False),
    ],
)
def test_threadfix_mock_reads_accept_as_spring_does(accept: str | None, served: bool) -> None:
    with MockServer("threadfix") as mock:
        for path in (TF_STATUS, TF_LEGACY):
            headers = mock.auth_headers()
            request = httpx.Request("GET", mock.base_url + path, headers=headers)
            if accept is not None:  # a bare Request carries no Accept of its own
                request.headers["Accept"] = accept
            with httpx.Client() as client:
                answer = client.send(request)
            assert answer.status_code == (200 if served else 404), answer.text
            assert answer.json()["success"] is served
        assert mock.errors == []


def test_threadfix_mock_serves_the_legacy_path_to_the_adapter() -> None:
    with MockServer("threadfix") as mock, mock.adapter(api_version=None) as adapter:
        mock.script(41, [status("LINKING_DEFECTS")])
        assert adapter.get_status(6, 41).raw == "LINKING_DEFECTS"
        assert mock.requests[-1].path == "/threadfix" + TF_LEGACY
        assert mock.requests[-1].headers["accept"] == "application/json"


PROTECTO_SPEC = spec_of("protecto_client")


def test_protecto_mock_refuses_a_token_with_the_documented_401() -> None:
    response = PROTECTO_SPEC["components"]["responses"]["NotAuthenticated"]
    documented = response["content"]["application/json"]["examples"]["notAuthenticated"]["value"]
    with MockServer("protecto") as mock:
        for path in ("/data-scan/status", "/data-scan-status"):
            answer = httpx.put(
                mock.base_url + path, json=["a"], headers={"Authorization": "Bearer wrong"}
            )
            assert (answer.status_code, answer.json()) == (401, documented)
        assert mock.errors == []


def test_protecto_mock_errors_are_the_documented_envelope() -> None:
    with MockServer("protecto") as mock:
        mock.script("a", [server_error(500)])
        answer = httpx.put(
            mock.base_url + "/data-scan/status", json=["a"], headers=mock.auth_headers()
        )
        assert answer.status_code == 500
        body = answer.json()
        assert body["data"] is None and body["success"] is False and body["error"]["message"]
        assert mock.errors == []


def test_protecto_mock_serves_both_routes_as_their_pages_show() -> None:
    with MockServer("protecto") as mock:
        mock.script("a", [status("SUCCESS ")])
        headers = mock.auth_headers()
        current = httpx.put(mock.base_url + "/data-scan/status", json=["a"], headers=headers).json()
        older = httpx.put(mock.base_url + "/data-scan-status", json="a", headers=headers).json()
        assert mock.errors == []
    (new_item,), (old_item,) = current["data"], older["data"]
    assert current["success"] is True and older["success"] == "true"
    assert new_item["request_status"] == "SUCCESS" and "status" not in new_item
    assert old_item["status"] == "SUCCESS " and "request_status" not in old_item
    assert "." not in new_item["submitted_at"] and "." in old_item["submitted_at"]
    assert (new_item["error_msg"], old_item["error_msg"]) == ("", "-")


def test_cortex_mock_checks_an_advanced_keys_hash() -> None:
    import hashlib

    with MockServer("cortex") as mock:
        with mock.adapter(key_kind="advanced") as adapter:
            assert adapter.get_status(789).state is not ScanState.UNKNOWN
        path = "/public_api/netscan/v1/scan/run?id=789&fields=status"
        key, key_id = mock.credentials["api_key"], mock.credentials["api_key_id"]

        def send(nonce: str, timestamp: str, signed_with: str) -> int:
            digest = hashlib.sha256((signed_with + nonce + timestamp).encode()).hexdigest()
            headers = {
                "Authorization": digest,
                "x-xdr-nonce": nonce,
                "x-xdr-timestamp": timestamp,
                "x-xdr-auth-id": key_id,
                "User-Agent": "t",
            }
            return httpx.get(mock.base_url + path, headers=headers).status_code

        assert send("a" * 64, "1700000000000", key) == 200  # no age limit is documented
        assert send("a" * 64, "1700000000000", "another key") == 401
        assert send("a" * 63, "1700000000000", key) == 401  # not 64 letters and digits
        assert send("a" * 63 + "-", "1700000000000", key) == 401
        assert send("a" * 64, "soon", key) == 401
        assert mock.errors == []


def test_cortex_mock_marks_the_sentences_cortex_never_documented() -> None:
    """Only the sentences in the spec's examples are documented; the mock's others are the
    spec's x-assumption, and each maps to a row marked undocumented."""
    from scan_status import vendors
    from scan_status.vendors.cortex import CortexMock, phase

    spec = spec_of("cortex_netscan_client")
    documented = {
        example["value"]["DATA"]
        for path in spec["paths"].values()
        for example in path["get"]["responses"]["200"]["content"]["application/json"][
            "examples"
        ].values()
    }
    assert documented == CortexMock.DOCUMENTED
    assert "x-assumption" in spec["components"]["schemas"]["ScanRunStatus"]["properties"]["DATA"]
    rows = vendors.mapping_of("cortex")
    for sentence in CortexMock.assumed():
        row = rows.get(phase(sentence))
        assert row is None or not row.documented, sentence
    for sentence in documented:
        assert rows[phase(sentence)].documented
