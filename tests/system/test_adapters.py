"""The adapters over the generated clients, against real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest

import scan_status
from scan_status import (
    AuthenticationError,
    NotFoundError,
    RateLimitedError,
    ScanState,
    TransportError,
    UnmappableStateError,
    VendorError,
    WaitTimeoutError,
)
from scan_status.http import RetryPolicy
from scan_status.mapping import TABLES
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


def test_threadfix_status_sync_and_async(server: ScriptedServer) -> None:
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

    assert asyncio.run(run()).state is ScanState.RUNNING


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
    with scan_status.protecto(base_url=server.base_url, token=SECRET) as adapter:
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
        scan_status.protecto(base_url=server.base_url, token=SECRET) as adapter,
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


def test_await_terminal(server: ScriptedServer) -> None:
    server.answer(
        "PUT", PROTECTO_PATH, 200, {"data": [protecto_item("a", "IN-PROGRESS")], "success": "true"}
    )
    server.answer(
        "PUT", PROTECTO_PATH, 200, {"data": [protecto_item("a", "FAILED")], "success": "true"}
    )

    async def run() -> Any:
        async with scan_status.protecto(base_url=server.base_url, token=SECRET) as adapter:
            return await adapter.await_terminal("a", policy=FAST_WAIT)

    final = asyncio.run(run())
    assert final.state is ScanState.FAILED and final.raw == "FAILED"


def test_backoff_grows_and_is_capped() -> None:
    delays = WaitPolicy(interval=1.0, backoff=2.0, max_interval=5.0, jitter=0.0).delays()
    assert [next(delays) for _ in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    jittered = WaitPolicy(interval=1.0, jitter=0.1).delays()
    assert 0.9 <= next(jittered) <= 1.1
