"""The adapters over the generated clients, against real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from collections.abc import Iterator
from typing import Any

import anyio
import pytest

import scan_status
from scan_status import (
    AuthenticationError,
    NotFoundError,
    RateLimitedError,
    ScanState,
    ScanStatusError,
    TransportError,
    UnmappableStateError,
    VendorError,
    WaitTimeoutError,
)
from scan_status.mapping import TABLES
from scan_status.transport import RetryPolicy
from scan_status.waiting import WaitPolicy
from tests.support.http_server import ScriptedServer, scripted_server
from tests.support.vendor_answers import (
    SECRET,
    TF_PATH,
    UNMAPPED,
    protecto_item,
    threadfix_body,
)

PROTECTO_PATH = "/data-scan-status"
CORTEX_PATH = "/public_api/netscan/v1/scan/run?id=789&fields=status"
FAST_RETRY = RetryPolicy(attempts=3, backoff=0.01, max_backoff=2.0, max_total_wait=5.0)
FAST_WAIT = WaitPolicy(interval=0.01, max_interval=0.02, timeout=5.0)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


def threadfix(server: ScriptedServer, **options: Any) -> Any:
    return scan_status.threadfix(base_url=f"{server.base_url}/threadfix", api_key=SECRET, **options)


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_threadfix_status_sync_and_async(server: ScriptedServer, backend: str) -> None:
    server.answer("GET", TF_PATH, 200, threadfix_body("FINDINGS_GENERATING"))
    with threadfix(server) as adapter:
        status = adapter.get_status(6, 41)
    assert (status.state, status.raw, status.phase, status.scan_id) == (
        ScanState.RUNNING,
        "FINDINGS_GENERATING",
        "FINDINGS_GENERATING",
        "41",
    )
    assert status.message == "phase FINDINGS_GENERATING"
    assert server.requests[0].headers["Authorization"] == f"APIKEY {SECRET}"

    async def run() -> Any:
        async with threadfix(server) as adapter:
            return await adapter.aget_status(6, 41)

    assert anyio.run(run, backend=backend).state is ScanState.RUNNING


def test_threadfix_new_value_and_error_flag(server: ScriptedServer) -> None:
    assert UNMAPPED not in TABLES["threadfix"]
    server.answer("GET", TF_PATH, 200, threadfix_body(UNMAPPED))
    server.answer("GET", TF_PATH, 200, threadfix_body("CHANNEL_MERGING", error=True))
    with threadfix(server) as adapter:
        new, flagged = adapter.get_status(6, 41), adapter.get_status(6, 41)
    assert (new.state, new.raw) == (ScanState.UNKNOWN, UNMAPPED)
    assert (flagged.state, flagged.error) == (ScanState.FAILED, "boom")
    server.answer("GET", TF_PATH.replace("/41/", "/42/"), 200, threadfix_body(UNMAPPED))
    with threadfix(server, strict=True) as adapter, pytest.raises(scan_status.UnknownStatusError):
        adapter.get_status(6, 42)


def test_protecto_batch_and_single(server: ScriptedServer) -> None:
    body = {
        "data": [protecto_item("a", "PENDING "), protecto_item("b", "SUCCESS ")],
        "success": "true",
        "error": {"message": ""},
    }
    server.answer("PUT", PROTECTO_PATH, 200, body)
    with scan_status.protecto(base_url=server.base_url, token=SECRET, route="2024") as adapter:
        both = adapter.get_statuses(["a", "b"])
        one = adapter.get_status("b")
    assert [(s.scan_id, s.state, s.raw) for s in both] == [
        ("a", ScanState.PENDING, "PENDING "),
        ("b", ScanState.SUCCEEDED, "SUCCESS "),
    ]
    assert one.scan_id == "b" and one.state is ScanState.SUCCEEDED
    assert json.loads(server.requests[0].body) == ["a", "b"] and json.loads(
        server.requests[1].body
    ) == ["b"]
    assert server.requests[0].headers["Authorization"] == f"Bearer {SECRET}"


def test_protecto_reports_a_failure_inside_a_200(server: ScriptedServer) -> None:
    server.answer(
        "PUT",
        PROTECTO_PATH,
        200,
        {"data": [], "success": "false", "error": {"message": "bad tracking id"}},
    )
    with (
        scan_status.protecto(base_url=server.base_url, token=SECRET, route="2024") as adapter,
        pytest.raises(VendorError, match="bad tracking id"),
    ):
        adapter.get_status("zzz")


def test_cortex_status_and_error_bodies(server: ScriptedServer) -> None:
    server.answer("GET", CORTEX_PATH, 200, {"DATA": "Scan is in Running state"})
    missing = {
        "err_msg": "Run ID not found",
        "metadata": {"err_extra": [{"field": "id", "message": "no such run"}]},
    }
    server.answer("GET", CORTEX_PATH.replace("789", "790"), 404, missing)
    server.answer("GET", CORTEX_PATH.replace("789", "791"), 401, {"err_msg": "User not Authorized"})
    with scan_status.cortex(base_url=server.base_url, api_key=SECRET, api_key_id="7") as adapter:
        status = adapter.get_status(789)
        with pytest.raises(NotFoundError) as not_found:
            adapter.get_status(790)
        with pytest.raises(AuthenticationError) as refused:
            adapter.get_status(791)
    assert (status.state, status.phase, status.scan_id) == (ScanState.RUNNING, "RUNNING", "789")
    assert not_found.value.status_code == 404 and not_found.value.body == missing
    assert "Run ID not found; id: no such run" in str(not_found.value)
    assert refused.value.status_code == 401
    sent = server.requests[0].headers
    assert (sent["Authorization"], sent["x-xdr-auth-id"], sent["User-Agent"]) == (
        SECRET,
        "7",
        "scan-status",
    )


def test_neostra_sets_status_by_reverse_mapping(server: ScriptedServer) -> None:
    server.answer(
        "PATCH",
        "/api/v1/scan-tasks/t1",
        200,
        {"status": 200, "message": "Success", "data": {}, "errors": []},
    )
    server.answer(
        "PATCH",
        "/api/v1/scan-tasks/t2",
        404,
        {"error": "Not Found", "message": "no task t2", "code": 404},
    )
    with scan_status.neostra(base_url=server.base_url, token=SECRET) as adapter:
        done = adapter.set_task_status("t1", ScanState.SUCCEEDED)
        with pytest.raises(NotFoundError, match="Not Found; no task t2") as missing:
            adapter.set_task_status("t2", ScanState.CANCELLED)
        with pytest.raises(UnmappableStateError, match="no status for UNKNOWN"):
            adapter.set_task_status("t1", ScanState.UNKNOWN)
    assert json.loads(server.requests[0].body) == {"status": "COMPLETED"}
    assert json.loads(server.requests[1].body) == {"status": "CANCELLED"}
    assert len(server.requests) == 2, "an unmappable state sends nothing"
    assert (done.state, done.raw, done.message) == (ScanState.SUCCEEDED, "COMPLETED", "Success")
    assert missing.value.body == {"error": "Not Found", "message": "no task t2", "code": 404}


def test_neostra_update_scan_sends_only_what_changed(server: ScriptedServer) -> None:
    server.answer(
        "PATCH",
        "/api/v1/scans/s1",
        200,
        {"status": 200, "message": "Success", "data": {"id": "s1"}, "errors": []},
    )
    with scan_status.neostra(base_url=server.base_url, token=SECRET) as adapter:
        data = adapter.update_scan("s1", name="Nightly", schedule="0 3 * * *", config={"depth": 2})
        with pytest.raises(TypeError, match="unknown fields"):
            adapter.update_scan("s1", nmae="typo")
    assert data == {"id": "s1"}
    assert json.loads(server.requests[0].body) == {
        "name": "Nightly",
        "schedule": "0 3 * * *",
        "config": {"depth": 2},
    }


def test_retries_then_succeeds(server: ScriptedServer) -> None:
    server.answer("GET", TF_PATH, 503, {"message": "busy"})
    server.answer("GET", TF_PATH, 502, {"message": "bad gateway"})
    server.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
    with threadfix(server, retry=FAST_RETRY) as adapter:
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED
    assert server.count("GET", TF_PATH) == 3


def test_retry_after_is_honoured(server: ScriptedServer) -> None:
    server.answer("GET", TF_PATH, 429, {"message": "slow down"}, headers={"Retry-After": "1"})
    server.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
    with threadfix(server, retry=FAST_RETRY) as adapter:
        started = time.monotonic()
        adapter.get_status(6, 41)
        waited = time.monotonic() - started
    assert server.count("GET", TF_PATH) == 2
    assert waited >= 0.9, (
        "the client must wait as long as Retry-After says, not its own 10 ms backoff"
    )


def test_retries_are_bounded_and_end_in_a_typed_error(server: ScriptedServer) -> None:
    server.answer("GET", TF_PATH, 429, {"message": "slow down"})
    with threadfix(server, retry=FAST_RETRY) as adapter, pytest.raises(RateLimitedError) as caught:
        adapter.get_status(6, 41)
    assert server.count("GET", TF_PATH) == 1 + FAST_RETRY.attempts
    assert caught.value.status_code == 429 and "slow down" in str(caught.value)


def test_no_retry_on_400_or_404(server: ScriptedServer) -> None:
    server.answer("GET", TF_PATH, 400, {"message": "bad request"})
    with (
        threadfix(server, retry=FAST_RETRY) as adapter,
        pytest.raises(VendorError, match="HTTP 400: bad request"),
    ):
        adapter.get_status(6, 41)
    assert server.count("GET", TF_PATH) == 1


def test_non_idempotent_patch_is_retried_only_on_request(server: ScriptedServer) -> None:
    path = "/api/v1/scan-tasks/t1"
    server.answer("PATCH", path, 503, {"errors": ["busy"]})
    server.answer(
        "PATCH", path, 200, {"status": 200, "message": "Success", "data": {}, "errors": []}
    )
    with (
        scan_status.neostra(base_url=server.base_url, token=SECRET, retry=FAST_RETRY) as adapter,
        pytest.raises(VendorError),
    ):
        adapter.set_task_status("t1", ScanState.RUNNING)
    assert server.count("PATCH", path) == 1
    opted_in = RetryPolicy(attempts=3, backoff=0.01, retry_non_idempotent=True)
    with scan_status.neostra(base_url=server.base_url, token=SECRET, retry=opted_in) as adapter:
        assert adapter.set_task_status("t1", ScanState.RUNNING).state is ScanState.RUNNING
    assert server.count("PATCH", path) == 2


def test_a_slow_vendor_times_out(server: ScriptedServer) -> None:
    server.answer("GET", TF_PATH, 200, threadfix_body("DONE"), delay=1.0)
    with (
        threadfix(server, timeout=0.2, retry=RetryPolicy(attempts=0)) as adapter,
        pytest.raises(TransportError, match="timed out"),
    ):
        adapter.get_status(6, 41)


def test_an_unreachable_vendor_is_a_transport_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    adapter = scan_status.threadfix(
        base_url=f"http://127.0.0.1:{port}/threadfix",
        api_key=SECRET,
        retry=RetryPolicy(attempts=1, backoff=0.01),
    )
    with adapter, pytest.raises(TransportError) as caught:
        adapter.get_status(6, 41)
    assert f"127.0.0.1:{port}" in str(caught.value)


def test_a_closed_adapter_sends_nothing(server: ScriptedServer) -> None:
    server.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
    adapter = threadfix(server)
    adapter.get_status(6, 41)
    adapter.close()
    # A clear error of the family (issue 21 item 5), not httpx's RuntimeError.
    with pytest.raises(ScanStatusError, match="threadfix: this adapter is closed"):
        adapter.get_status(6, 41)
    with pytest.raises(ScanStatusError, match="closed"):  # closed for async calls too
        asyncio.run(adapter.aget_status(6, 41))

    async def in_loop() -> None:
        async with threadfix(server) as open_adapter:
            await open_adapter.aget_status(6, 41)
        with pytest.raises(ScanStatusError, match="threadfix: this adapter is closed"):
            await open_adapter.aget_status(6, 41)
        with pytest.raises(ScanStatusError, match="closed"):
            open_adapter.get_status(6, 41)

    asyncio.run(in_loop())
    assert server.count("GET", TF_PATH) == 2


def test_malformed_json_is_a_vendor_error_with_the_status(server: ScriptedServer) -> None:
    server.answer("GET", TF_PATH, 200, b'{"message": "m", "object": {"status": "DONE"')
    with (
        threadfix(server) as adapter,
        pytest.raises(VendorError, match="HTTP 200: unreadable answer") as caught,
    ):
        adapter.get_status(6, 41)
    assert caught.value.status_code == 200


def test_secrets_never_reach_reprs_errors_or_logs(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.answer("GET", TF_PATH, 401, {"message": "Authentication failed"})
    server.answer("GET", CORTEX_PATH, 500, {"err_msg": "internal"})
    errors: list[BaseException] = []
    with caplog.at_level(logging.DEBUG):
        with threadfix(server) as tf:
            assert SECRET not in repr(tf)
            with pytest.raises(AuthenticationError) as caught:
                tf.get_status(6, 41)
            errors.append(caught.value)
        with scan_status.cortex(
            base_url=server.base_url,
            api_key=SECRET,
            api_key_id=SECRET,
            retry=RetryPolicy(attempts=0),
        ) as cx:
            assert SECRET not in repr(cx)
            with pytest.raises(VendorError) as caught_cx:
                cx.get_status(789)
            errors.append(caught_cx.value)
    for error in errors:
        assert (
            SECRET not in str(error)
            and SECRET not in repr(error)
            and SECRET not in repr(error.__dict__)
        )
    assert caplog.records, "debug logging was captured"
    assert not [r for r in caplog.records if SECRET in r.getMessage()]


def test_wait_follows_a_lifecycle_to_the_end(server: ScriptedServer) -> None:
    for phase in ("QUEUED", "UPLOADED", "FINDINGS_GENERATING", "DONE"):
        server.answer("GET", TF_PATH, 200, threadfix_body(phase))
    seen: list[str] = []
    with threadfix(server) as adapter:
        final = adapter.wait(6, 41, policy=FAST_WAIT, on_update=lambda s: seen.append(s.raw))
    assert final.state is ScanState.SUCCEEDED
    assert seen == ["QUEUED", "UPLOADED", "FINDINGS_GENERATING", "DONE"]


def test_wait_times_out_with_the_last_status(server: ScriptedServer) -> None:
    server.answer("GET", TF_PATH, 200, threadfix_body("CHANNEL_MERGING"))
    with threadfix(server) as adapter, pytest.raises(WaitTimeoutError) as caught:
        adapter.wait(6, 41, policy=WaitPolicy(interval=0.02, timeout=0.2))
    last = caught.value.last_status
    assert last is not None and (last.state, last.raw) == (ScanState.RUNNING, "CHANNEL_MERGING")
    assert server.count("GET", TF_PATH) >= 2


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_await_terminal(server: ScriptedServer, backend: str) -> None:
    server.answer(
        "PUT", PROTECTO_PATH, 200, {"data": [protecto_item("a", "IN-PROGRESS")], "success": "true"}
    )
    server.answer(
        "PUT", PROTECTO_PATH, 200, {"data": [protecto_item("a", "FAILED")], "success": "true"}
    )

    async def run() -> Any:
        async with scan_status.protecto(base_url=server.base_url, token=SECRET) as adapter:
            return await adapter.await_terminal("a", policy=FAST_WAIT)

    final = anyio.run(run, backend=backend)
    assert final.state is ScanState.FAILED and final.raw == "FAILED"


def test_backoff_grows_and_is_capped() -> None:
    delays = WaitPolicy(interval=1.0, backoff=2.0, max_interval=5.0, jitter=0.0).delays()
    assert [next(delays) for _ in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    jittered = WaitPolicy(interval=1.0, jitter=0.1).delays()
    assert 0.9 <= next(jittered) <= 1.1


# --- Vendors as they really answer (issue 10) ------------------------------------------------


def shipped_spec(package: str) -> dict[str, Any]:
    from importlib.resources import files

    from ruamel.yaml import YAML

    loaded: dict[str, Any] = YAML(typ="safe").load(
        files(package).joinpath("openapi.yaml").read_text()
    )
    return loaded


def threadfix_failure(name: str) -> dict[str, Any]:
    value: dict[str, Any] = shipped_spec("threadfix_client")["components"]["examples"][name][
        "value"
    ]
    return value


@pytest.mark.parametrize(
    ("example", "error"),
    [
        ("AuthenticationFailed", AuthenticationError),
        ("ApiKeyNotFound", AuthenticationError),
        ("RestrictedUrl", AuthenticationError),
        ("ApplicationLookupFailed", NotFoundError),
    ],
)
def test_threadfix_failures_inside_a_200_are_typed(
    server: ScriptedServer, example: str, error: type[Exception]
) -> None:
    """ThreadFix answers a refused key and a failed lookup with HTTP 200 and its envelope (the
    spec's examples, from ThreadFix's server code)."""
    body = threadfix_failure(example)
    server.answer("GET", TF_PATH, 200, body)
    with threadfix(server) as adapter, pytest.raises(error) as caught:
        adapter.get_status(6, 41)
    assert type(caught.value) is error
    assert str(caught.value).endswith(body["message"])
    assert caught.value.status_code == 200 and caught.value.body == body  # type: ignore[attr-defined]


def test_threadfix_any_other_failure_is_a_vendor_error(server: ScriptedServer) -> None:
    body = {
        "message": "Something else broke.",
        "success": False,
        "responseCode": -1,
        "object": None,
    }
    server.answer("GET", TF_PATH, 200, body)
    with threadfix(server) as adapter, pytest.raises(VendorError, match="Something else broke"):
        adapter.get_status(6, 41)


@pytest.mark.parametrize("success", ["false", "False", " false "])
def test_threadfix_success_false_as_text_is_a_failure(server: ScriptedServer, success: str) -> None:
    body = {**threadfix_body("DONE"), "success": success}
    server.answer("GET", TF_PATH, 200, body)
    with threadfix(server) as adapter, pytest.raises(VendorError):
        adapter.get_status(6, 41)


def test_threadfix_legacy_path_and_accept(server: ScriptedServer) -> None:
    legacy = "/threadfix/rest/applications/6/pendingScan/41/status"
    server.answer("GET", legacy, 200, threadfix_body("QUEUED"))
    server.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
    with threadfix(server, api_version=None) as old, threadfix(server) as latest:
        assert old.get_status(6, 41).state is ScanState.PENDING
        assert latest.get_status(6, 41).state is ScanState.SUCCEEDED
    assert [r.path for r in server.requests] == [legacy, TF_PATH]
    assert all(r.headers["Accept"] == "application/json" for r in server.requests)


def protecto_401(name: str) -> dict[str, Any]:
    response = shipped_spec("protecto_client")["components"]["responses"]["NotAuthenticated"]
    value: dict[str, Any] = response["content"]["application/json"]["examples"][name]["value"]
    return value


@pytest.mark.parametrize("example", ["notAuthenticated", "tokenNotValid", "licenseExpired"])
def test_protecto_401_detail_is_the_message(server: ScriptedServer, example: str) -> None:
    body = protecto_401(example)
    server.answer("PUT", "/data-scan/status", 401, body)
    with (
        scan_status.protecto(base_url=server.base_url, token=SECRET) as adapter,
        pytest.raises(AuthenticationError) as caught,
    ):
        adapter.get_status("a")
    assert str(caught.value) == f"protecto answered HTTP 401: {body['detail']}"
    assert caught.value.body == body


@pytest.mark.parametrize("success", [False, "false"])
def test_protecto_error_envelope_is_a_vendor_error(server: ScriptedServer, success: Any) -> None:
    body = {"data": None, "success": success, "error": {"message": "Payload is empty"}}
    server.answer("PUT", "/data-scan/status", 500, body)
    server.answer("PUT", "/data-scan-status", 200, body)
    with scan_status.protecto(base_url=server.base_url, token=SECRET) as current:
        with pytest.raises(VendorError, match="Payload is empty") as caught:
            current.get_status("a")
        assert caught.value.status_code == 500
    with (
        scan_status.protecto(base_url=server.base_url, token=SECRET, route="2024") as older,
        pytest.raises(VendorError, match="Payload is empty"),
    ):
        older.get_status("a")


def current_item(tracking_id: str, status: str) -> dict[str, Any]:
    """An item as Protecto's 2026 page shows it: request_status, whole-second times, ''."""
    return {
        "tracking_id": tracking_id,
        "request_status": status,
        "submitted_at": "2025-05-15 07:23:28",
        "process_started_at": "2025-05-15 07:23:29",
        "process_ended_at": "2025-05-15 07:23:33",
        "error_msg": "",
    }


def test_protecto_current_route_reads_request_status(server: ScriptedServer) -> None:
    body = {"data": [current_item("a", "SUCCESS")], "success": True, "error": {"message": ""}}
    server.answer("PUT", "/data-scan/status", 200, body)
    with scan_status.protecto(base_url=server.base_url, token=SECRET) as adapter:
        status = adapter.get_status("a")
    assert (status.state, status.raw, status.error) == (ScanState.SUCCEEDED, "SUCCESS", None)
    assert (
        status.ended_at is not None and status.ended_at.isoformat() == "2025-05-15T07:23:33+00:00"
    )
    assert [r.path for r in server.requests] == ["/data-scan/status"]
    assert json.loads(server.requests[0].body) == ["a"]


def test_protecto_auto_falls_back_to_the_2024_route_once(server: ScriptedServer) -> None:
    body = {"data": [protecto_item("a", "PENDING ")], "success": "true", "error": {"message": ""}}
    server.answer("PUT", "/data-scan/status", 404, {"detail": "Not Found"})
    server.answer("PUT", PROTECTO_PATH, 200, body)
    with scan_status.protecto(base_url=server.base_url, token=SECRET) as adapter:
        assert adapter.get_status("a").state is ScanState.PENDING
        assert adapter.get_status("a").state is ScanState.PENDING
    assert [r.path for r in server.requests] == ["/data-scan/status", PROTECTO_PATH, PROTECTO_PATH]
    with (
        scan_status.protecto(base_url=server.base_url, token=SECRET, route="current") as adapter,
        pytest.raises(NotFoundError),
    ):
        adapter.get_status("a")


@pytest.mark.parametrize("item", [{"tracking_id": "a"}, {"tracking_id": "a", "request_status": ""}])
def test_protecto_item_without_a_status_ends_wait_at_once(
    server: ScriptedServer, item: dict[str, Any]
) -> None:
    """Not an UNKNOWN '' that wait() would poll on until its deadline."""
    body = {"data": [item], "success": True, "error": {"message": ""}}
    server.answer("PUT", "/data-scan/status", 200, body)
    with (
        scan_status.protecto(base_url=server.base_url, token=SECRET) as adapter,
        pytest.raises(VendorError, match="request_status or status"),
    ):
        adapter.wait("a", policy=WaitPolicy(interval=0.01, max_interval=0.02, timeout=30))
    assert len(server.requests) == 1


def cortex_advanced(server: ScriptedServer, **options: Any) -> Any:
    return scan_status.cortex(
        base_url=server.base_url, api_key=SECRET, api_key_id="7", key_kind="advanced", **options
    )


def test_cortex_advanced_key_signs_each_request(server: ScriptedServer) -> None:
    import hashlib

    server.answer("GET", CORTEX_PATH, 503, {"err_msg": "busy"})
    server.answer("GET", CORTEX_PATH, 200, {"DATA": "Scan is in Running state"})
    with cortex_advanced(server, retry=FAST_RETRY) as adapter:
        assert adapter.get_status(789).state is ScanState.RUNNING
    assert len(server.requests) == 2  # one retry
    nonces = []
    for request in server.requests:
        headers = {k.lower(): v for k, v in request.headers.items()}
        nonce, timestamp = headers["x-xdr-nonce"], headers["x-xdr-timestamp"]
        assert len(nonce) == 64 and nonce.isalnum() and nonce.isascii()
        assert timestamp.isdigit() and abs(int(timestamp) / 1000 - time.time()) < 60
        expected = hashlib.sha256((SECRET + nonce + timestamp).encode()).hexdigest()
        assert headers["authorization"] == expected and headers["x-xdr-auth-id"] == "7"
        assert SECRET not in str(request.headers)  # the key itself is never sent
        nonces.append(nonce)
    assert nonces[0] != nonces[1]  # the retry was signed afresh


def test_cortex_key_kind_is_checked(server: ScriptedServer) -> None:
    with pytest.raises(ValueError, match="key_kind"):
        scan_status.cortex(  # what an untyped caller can still pass: checked at run time
            base_url=server.base_url,
            api_key=SECRET,
            api_key_id="7",
            key_kind="x",  # type: ignore[arg-type]
        )


def test_protecto_401_in_the_2026_shape(server: ScriptedServer) -> None:
    body = protecto_401("authenticationFailed")  # success false, error.message, no detail
    server.answer("PUT", "/data-scan/status", 401, body)
    with (
        scan_status.protecto(base_url=server.base_url, token=SECRET) as adapter,
        pytest.raises(AuthenticationError) as caught,
    ):
        adapter.get_status("a")
    assert str(caught.value) == f"protecto answered HTTP 401: {body['error']['message']}"
