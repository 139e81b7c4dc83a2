"""Code an application developer writes against the installed scan-status, using every public name.

Not run: type-checked (mypy --strict, pyright strict) against the installed wheels by
tests/system/test_user_typing.py, which proves users see our types rather than `Any`.
tests/unit/test_consumer_coverage.py keeps it using every name in `scan_status.__all__`.
"""

from __future__ import annotations

import ssl
from datetime import datetime
from typing import Any, assert_type

import httpx

import scan_status
from scan_status import (
    TERMINAL_STATES,
    AuthenticationError,
    CortexKeyKind,
    InsecureProxyError,
    InvalidArgumentError,
    NormalizedStatus,
    NotFoundError,
    Polled,
    PollState,
    ProtectoRoute,
    RateLimitedError,
    RetryPolicy,
    ScanState,
    ScanStatusError,
    TransportError,
    UnknownStatusError,
    UnknownVendorError,
    UnmappableStateError,
    VendorError,
    VendorResponseError,
    WaitPolicy,
    WaitResult,
    WaitTimeoutError,
    clear_status_mappings,
    cortex,
    map_status,
    map_statuses,
    neostra,
    normalize,
    protecto,
    threadfix,
)


def describe(status: NormalizedStatus) -> str:
    assert_type(status.state, ScanState)
    assert_type(status.terminal, bool)
    assert_type(status.succeeded, bool)
    assert_type(status.raw, str)
    assert_type(status.vendor, str)
    assert_type(status.phase, str | None)
    assert_type(status.error, str | None)
    assert_type(status.scan_id, str | None)
    assert_type(status.ended_at, datetime | None)
    assert_type(status.to_json(), dict[str, Any])
    return f"{status.vendor}: {status.state.value} ({status.raw!r})"


def offline() -> None:
    assert_type(scan_status.__version__, str)
    assert_type(TERMINAL_STATES, frozenset[ScanState])
    assert_type(ScanState.RUNNING.terminal, bool)
    status = normalize("threadfix", "FINDINGS_GENERATING")
    assert_type(status, NormalizedStatus)
    assert_type(normalize("protecto", {"status": "SUCCESS"}, strict=True), NormalizedStatus)
    retry = RetryPolicy(attempts=5, max_total_wait=30.0)
    assert_type(retry.attempts, int)
    policy = WaitPolicy(interval=0.5, timeout=60)
    assert_type(policy.timeout, float)


def poll_threadfix(base_url: str, api_key: str) -> bool:
    retry = RetryPolicy(attempts=2)
    with threadfix(base_url=base_url, api_key=api_key, retry=retry) as client:
        assert_type(client.get_status(6, 41), NormalizedStatus)
        final = client.wait(6, 41, policy=WaitPolicy(interval=1, timeout=30))
    return final.state in TERMINAL_STATES and final.succeeded


def poll_once_for_a_scheduler(base_url: str, api_key: str, carried: dict[str, Any] | None) -> Any:
    """What a task queue's task does: one poll, the state carried on as JSON."""
    with threadfix(base_url=base_url, api_key=api_key) as client:
        polled = client.poll((6, 41), carried)
    assert_type(polled, Polled)
    status, state = polled
    assert_type(status, NormalizedStatus)
    assert_type(state, PollState)
    assert_type(state.next_poll_at, float)
    assert_type(state.done, bool)
    again = PollState.from_dict(state.to_dict())
    assert_type(again.polls, int)
    return None if state.done else polled.to_dict()


def extend_the_mapping() -> ScanState:
    map_status("threadfix", "SCAN_ARCHIVED", ScanState.CANCELLED, reason="withdrawn for good")
    map_statuses("cortex", {"Paused": ScanState.RUNNING, "Skipped": ScanState.CANCELLED})
    state = normalize("threadfix", "SCAN_ARCHIVED", mapping={"SCAN_ARCHIVED": ScanState.FAILED})
    clear_status_mappings("threadfix")
    return state.state


def many_scans(base_url: str, api_key: str) -> list[str]:
    policy = WaitPolicy(interval=1, timeout=300, on_unknown="stop")
    mapping = {"SCAN_ARCHIVED": ScanState.CANCELLED}
    with threadfix(base_url=base_url, api_key=api_key, mapping=mapping) as client:
        results = client.wait_all([(6, 41), (6, 42)], policy=policy, concurrency=4)
    assert_type(results, list[WaitResult])
    said: list[str] = []
    for result in results:
        assert_type(result.ids, tuple[Any, ...])
        assert_type(result.status, NormalizedStatus | None)
        assert_type(result.error, ScanStatusError | None)
        assert_type(result.state, ScanState | None)
        said.append(f"{result.ids}: {result.state} {result.succeeded}")
    return said


async def many_scans_async(base_url: str, token: str) -> int:
    async with protecto(base_url=base_url, token=token) as client:
        results = await client.await_all(["a", "b", "c"], concurrency=2)
    return sum(result.succeeded for result in results)


def poll_protecto(base_url: str, token: str, route: ProtectoRoute = "2024") -> list[str]:
    with protecto(base_url=base_url, token=token, route=route, timeout=5) as client:
        statuses = client.get_statuses(["a", "b"])
        assert_type(statuses, list[NormalizedStatus])
        return [describe(s) for s in statuses]


def poll_cortex(base_url: str, api_key: str, api_key_id: str) -> ScanState:
    kind: CortexKeyKind = "advanced"
    with cortex(
        base_url=base_url, api_key=api_key, api_key_id=api_key_id, key_kind=kind, fields=["status"]
    ) as client:
        return client.get_status(789).state


def behind_a_proxy(base_url: str, api_key: str) -> ScanState:
    """The network as httpx takes it: a proxy, a CA bundle or context, a client certificate,
    hooks and a transport of the user's own."""
    seen: list[str] = []

    def log(request: httpx.Request) -> None:
        seen.append(str(request.url))

    with threadfix(
        base_url=base_url,
        api_key=api_key,
        api_version=None,
        proxy="http://proxy.internal:3128",
        trust_env=False,
        verify="/etc/ssl/corporate-ca.pem",
        cert=("client.pem", "client.key"),
        event_hooks={"request": [log]},
        transport=httpx.HTTPTransport(retries=0),
        timeout=httpx.Timeout(5.0),
        strict=True,
        max_response_bytes=1 << 16,
    ) as client:
        state = client.get_status(6, 41).state
    with neostra(base_url=base_url, token=api_key, verify=ssl.create_default_context()) as tasks:
        tasks.set_task_status("task-1", state)
    return state


def poll_any_vendor(vendor: str, base_url: str, token: str) -> bool:
    with scan_status.adapter(vendor, base_url=base_url, token=token) as client:
        status = client.get_status("47882682-9f38")
    assert_type(status, NormalizedStatus)
    return status.terminal


def mark_done(base_url: str, token: str) -> NormalizedStatus:
    with neostra(base_url=base_url, token=token) as client:
        return client.set_task_status("task-1", ScanState.SUCCEEDED)


async def poll_async(base_url: str, api_key: str) -> NormalizedStatus:
    async with threadfix(base_url=base_url, api_key=api_key) as client:
        assert_type(await client.aget_status(6, 41), NormalizedStatus)
        return await client.await_terminal(6, 41)


def through_a_proxy(base_url: str, api_key: str) -> bool:
    """A plain-http vendor through a proxy is refused unless asked for (credentials in clear)."""
    try:
        threadfix(base_url=base_url, api_key=api_key, proxy="http://proxy.internal:3128").close()
    except InsecureProxyError as refused:
        assert isinstance(refused, ValueError)
        return False
    return True


def handle(base_url: str, api_key: str) -> str:
    try:
        return describe(normalize("cortex", "Scan is in Running state", strict=True))
    except UnknownStatusError as unknown:
        return f"unmapped {unknown.vendor} value {unknown.raw!r}"
    except (UnknownVendorError, UnmappableStateError) as wrong:
        return str(wrong)
    finally:
        try:
            poll_threadfix(base_url, api_key)
        except WaitTimeoutError as late:
            assert_type(late.last_status, NormalizedStatus | None)
        except (AuthenticationError, NotFoundError, RateLimitedError, VendorError) as refused:
            assert_type(refused.status_code, int)
            assert isinstance(refused, VendorResponseError)
        except TransportError:
            pass
        except InvalidArgumentError as refused_id:
            assert_type(refused_id.argument, str)
        except ScanStatusError:
            pass
