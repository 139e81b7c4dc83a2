"""Every vendor adapter against a hostile server on 127.0.0.1: nothing it does escapes the error
family, outlives a deadline, blows up memory or shows a credential."""

from __future__ import annotations

import base64
import logging
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import anyio
import pytest

import scan_status
from scan_status import (
    AuthenticationError,
    RateLimitedError,
    ScanState,
    ScanStatusError,
    TransportError,
    VendorError,
    WaitPolicy,
    WaitTimeoutError,
    adapters,
    vendors,
)
from scan_status.transport import RetryPolicy
from tests.support.hostile_server import HostileServer, hostile_server, nested_json
from tests.support.rooms import ALL, sample_ids

KEY = "SEKRET-123-do-not-print"
KEY_ID = "KEYID-SEKRET-456"
URL_PASSWORD = "pw-SEKRET-789"
NO_RETRY = RetryPolicy(attempts=0)
MiB = 1 << 20


# sync, and async under each event loop anyio runs (None: the sync call).
ON_EVERY_LOOP = pytest.mark.parametrize(
    "use_async", [None, "asyncio", "trio"], ids=["sync", "asyncio", "trio"]
)


@dataclass(frozen=True)
class Vendor:
    name: str
    make: Callable[..., Any]  # (base_url, **options) -> adapter
    call: Callable[[Any], Any]  # one request, sync
    acall: Callable[[Any], Awaitable[Any]]  # the same, async


def _credentials(key: str) -> dict[str, str]:
    """Each credential the vendor's room names: key ids get KEY_ID, everything else KEY."""
    return {name: KEY_ID if name.endswith("_id") else KEY for name in vendors.get(key).credentials}


def _vendor(key: str) -> Vendor:
    if not vendors.get(key).ids:  # Neostra writes a status instead of reading one
        return Vendor(
            key,
            lambda url, **o: adapters.create(key, base_url=url, **_credentials(key), **o),
            lambda a: a.set_task_status("t1", ScanState.RUNNING),
            lambda a: a.aset_task_status("t1", ScanState.RUNNING),
        )
    ids = sample_ids(key)
    return Vendor(
        key,
        lambda url, **o: scan_status.adapter(key, base_url=url, **_credentials(key), **o),
        lambda a: a.get_status(*ids),
        lambda a: a.aget_status(*ids),
    )


# Every registered vendor, from the registry (threadfix first: the size-cap test uses it).
VENDORS = [_vendor(key) for key in sorted(ALL, key=lambda key: key != "threadfix")]
EVERY_VENDOR = pytest.mark.parametrize("vendor", VENDORS, ids=[v.name for v in VENDORS])
POLLING = [v for v in VENDORS if v.name != "neostra"]  # Neostra has no status read to wait on


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with hostile_server() as running:
        yield running


def raised_by(
    vendor: Vendor, server: HostileServer, *, use_async: str | None, **options: Any
) -> Any:
    """The exception one request raised (sync or async); fails the test if it raised none."""
    adapter = vendor.make(server.base_url, **options)

    async def in_loop() -> None:
        async with adapter:
            await vendor.acall(adapter)

    try:
        if use_async:
            anyio.run(in_loop, backend=use_async)
        else:
            with adapter:
                vendor.call(adapter)
    except Exception as err:  # the test inspects whatever escaped
        return err
    pytest.fail(f"{vendor.name} accepted a hostile answer")


def assert_no_credential(*texts: str) -> None:
    userinfo = base64.b64encode(f"user:{URL_PASSWORD}".encode()).decode()
    for text in texts:
        for secret in (KEY, KEY_ID, URL_PASSWORD, userinfo):
            assert secret.lower() not in text.lower(), f"{secret!r} leaked into {text!r}"


# 1. Echoed credentials


@EVERY_VENDOR
@ON_EVERY_LOOP
def test_an_echoed_key_is_scrubbed_from_errors_bodies_and_logs(
    vendor: Vendor, use_async: str | None, server: HostileServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.behave("echo_401")
    with caplog.at_level(logging.DEBUG):
        err = raised_by(vendor, server, use_async=use_async, retry=NO_RETRY)
    assert isinstance(err, AuthenticationError) and err.status_code == 401
    assert "invalid credentials: " in str(err), "the vendor's own words are kept"
    assert "***" in str(err) and "***" in repr(err.body), "the echoed key was replaced"
    assert_no_credential(
        str(err), repr(err), repr(err.body), *(r.getMessage() for r in caplog.records)
    )


@EVERY_VENDOR
def test_credentials_in_the_base_url_stay_out_of_reprs_errors_and_logs(
    vendor: Vendor, server: HostileServer, caplog: pytest.LogCaptureFixture
) -> None:
    url = server.base_url.replace("http://", f"http://user:{URL_PASSWORD}@")
    server.behave("echo_401")
    adapter = vendor.make(url, retry=NO_RETRY)
    with caplog.at_level(logging.DEBUG), adapter, pytest.raises(AuthenticationError) as refused:
        vendor.call(adapter)
    assert "***@127.0.0.1" in repr(adapter)
    # The server saw the userinfo as a Basic Authorization header, and its echo was scrubbed.
    assert "Basic ***" in str(refused.value)
    server.behave("reset")
    with (
        caplog.at_level(logging.DEBUG),
        vendor.make(url, retry=NO_RETRY) as adapter,
        pytest.raises(TransportError) as unreachable,
    ):
        vendor.call(adapter)
    assert_no_credential(
        repr(adapter),
        str(refused.value),
        repr(refused.value.body),
        str(unreachable.value),
        *(r.getMessage() for r in caplog.records),
    )


# 2. Answers that are not a JSON object

NOT_OBJECTS = {
    "list": b"[1, 2, 3]",
    "string": b'"x"',
    "number": b"5",
    "null": b"null",
    "deep": nested_json(100_000),
    "deep-object": b'{"a": ' * 100_000 + b"1" + b"}" * 100_000,
}


@EVERY_VENDOR
@pytest.mark.parametrize("body", NOT_OBJECTS.values(), ids=NOT_OBJECTS.keys())
@ON_EVERY_LOOP
def test_an_answer_that_is_not_a_json_object_is_a_vendor_error(
    vendor: Vendor, body: bytes, use_async: str | None, server: HostileServer
) -> None:
    server.behave("body", body=body)
    err = raised_by(vendor, server, use_async=use_async)
    assert isinstance(err, VendorError), f"{type(err).__name__}: {err}"
    assert err.status_code == 200 and "unreadable answer" in str(err)


# 3. Deadlines: a request ends by its timeout, a wait by its deadline, whatever the server does

DRIPS = {"body": "drip", "headers": "drip_headers"}


@EVERY_VENDOR
@pytest.mark.parametrize("part", DRIPS, ids=DRIPS.keys())
@ON_EVERY_LOOP
def test_a_dripping_server_cannot_hold_a_request_past_its_timeout(
    vendor: Vendor, part: str, use_async: str | None, server: HostileServer
) -> None:
    # 0.1 s a byte: no single read waits the 0.5 s timeout, so only a whole-response deadline
    # ends it; the whole drip (4 s) outlasts the bound below.
    server.behave(DRIPS[part], interval=0.1, length=40)
    started = time.monotonic()
    err = raised_by(vendor, server, use_async=use_async, timeout=0.5, retry=NO_RETRY)
    took = time.monotonic() - started
    assert isinstance(err, TransportError) and "timed out" in str(err), repr(err)
    assert took < 2.5, f"a 0.5 s timeout took {took:.1f} s"  # a bound on correctness, not speed


@pytest.mark.parametrize("vendor", POLLING, ids=[v.name for v in POLLING])
@ON_EVERY_LOOP
@pytest.mark.parametrize("behaviour", ["drip", "endless_429"])
def test_wait_ends_by_its_deadline_whatever_the_server_does(
    vendor: Vendor, use_async: str | None, behaviour: str, server: HostileServer
) -> None:
    options = {"interval": 0.2, "length": 60} if behaviour == "drip" else {"retry_after": 30}
    server.behave(behaviour, **options)
    policy = WaitPolicy(interval=0.05, timeout=0.5)
    # A 10 s request timeout and retries allowed to wait 30 s: only the wait's deadline binds.
    adapter = vendor.make(server.base_url, timeout=10.0, retry=RetryPolicy(attempts=5))

    async def in_loop() -> None:
        async with adapter:
            await adapter.await_terminal(*_ids(vendor), policy=policy)

    started = time.monotonic()
    with pytest.raises(WaitTimeoutError):
        if use_async:
            anyio.run(in_loop, backend=use_async)
        else:
            with adapter:
                adapter.wait(*_ids(vendor), policy=policy)
    took = time.monotonic() - started
    assert took < 2.5, f"a 0.5 s wait took {took:.1f} s"


def _ids(vendor: Vendor) -> tuple[Any, ...]:
    return sample_ids(vendor.name)


# 4. Decompressed size


@EVERY_VENDOR
def test_a_gzip_bomb_is_refused_without_inflating_it(vendor: Vendor, server: HostileServer) -> None:
    server.behave("gzip_bomb", mebibytes=256)  # about 260 KB on the wire
    tracemalloc.start()
    try:
        err = raised_by(vendor, server, use_async=None, retry=NO_RETRY)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(err, VendorError) and "larger than" in str(err), repr(err)
    assert peak < 16 * MiB, f"peak {peak / MiB:.0f} MiB while reading a refused answer"


@ON_EVERY_LOOP
def test_the_size_cap_is_an_option(server: HostileServer, use_async: str | None) -> None:
    # An unencoded answer (no Content-Encoding) is read by counting bytes, not by the decoder.
    threadfix = VENDORS[0]
    server.behave("body", body=b'{"object": {"status": "DONE"}, "message": "' + b"m" * 5000 + b'"}')
    with threadfix.make(server.base_url) as roomy:
        assert threadfix.call(roomy).state is ScanState.SUCCEEDED
    err = raised_by(threadfix, server, use_async=use_async, max_response_bytes=4096)
    assert isinstance(err, VendorError) and "larger than 4096 bytes" in str(err)


# The rest of the hostile routes: each ends in the error family, promptly.


@EVERY_VENDOR
def test_a_reset_connection_and_an_endless_429_end_in_typed_errors(
    vendor: Vendor, server: HostileServer
) -> None:
    server.behave("reset")
    reset = raised_by(vendor, server, use_async=None, retry=RetryPolicy(attempts=1, backoff=0.01))
    assert isinstance(reset, TransportError)
    server.behave("endless_429", retry_after=0)
    fast = RetryPolicy(attempts=2, backoff=0.01, retry_non_idempotent=True)
    limited = raised_by(vendor, server, use_async="asyncio", retry=fast)
    assert isinstance(limited, RateLimitedError) and limited.status_code == 429
    assert isinstance(limited, ScanStatusError)


# The command line over the same hostile vendor: exit 7 ("an error talking to the vendor"),
# never 1 ("the scan failed"), and no credential on stderr.


@pytest.mark.parametrize(
    ("behaviour", "options"),
    [("echo_401", {}), ("body", {"body": b"[1, 2, 3]"}), ("body", {"body": nested_json(100_000)})],
    ids=["echo_401", "list", "deep"],
)
def test_the_cli_reports_a_hostile_vendor_as_a_vendor_error(
    behaviour: str, options: dict[str, Any], server: HostileServer
) -> None:
    server.behave(behaviour, **options)
    env = {
        **os.environ,
        "SCAN_STATUS_CORTEX_API_KEY": KEY,
        "SCAN_STATUS_CORTEX_API_KEY_ID": KEY_ID,
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "scan_status",
            "get",
            "cortex",
            "789",
            "--base-url",
            server.base_url,
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=60,
    )
    assert done.returncode == 7, done.stderr
    assert_no_credential(done.stdout, done.stderr)
