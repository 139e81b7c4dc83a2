"""The transport against hostile answers and hostile inputs (issue 21 items 4-7, issue 20 item 5):
logs as libraries write them with no credential at any level in any logger, exception chains
with no credential, every failure inside the documented family, and one adapter on many event
loops. Every vendor with a status to read, from the registry; a hostile server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import trio

import scan_status
from scan_status import (
    AuthenticationError,
    InvalidArgumentError,
    ScanState,
    ScanStatusError,
    VendorError,
    WaitPolicy,
)
from scan_status.transport import RetryPolicy
from tests.support.hostile_server import HostileServer, hostile_server
from tests.support.http_server import ScriptedServer, scripted_server
from tests.support.rooms import ALL, sample_ids
from tests.support.vendor_answers import TF_PATH, threadfix_body

KEY = "SEKRET-KEY-0123-do-not-print"
KEY_ID = "KEYID-SEKRET-4567"
NO_RETRY = RetryPolicy(attempts=0)
POLLING = [key for key in ALL if scan_status.vendors.get(key).ids]
EVERY_POLLING_VENDOR = pytest.mark.parametrize("key", POLLING)


def credentials(key: str, secret: str = KEY) -> dict[str, str]:
    names = scan_status.vendors.get(key).credentials
    return {name: KEY_ID if name.endswith("_id") else secret for name in names}


def adapter(key: str, base_url: str, **options: Any) -> Any:
    return scan_status.adapter(key, base_url=base_url, **credentials(key), **options)


class Everything(logging.Handler):
    """Every record of every logger, formatted as an application's handler would."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(self.format(record))


@pytest.fixture
def every_log() -> Iterator[Everything]:
    """DEBUG on the root logger, as logging.basicConfig(level=DEBUG) sets it."""
    root, handler = logging.getLogger(), Everything()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with hostile_server() as running:
        yield running


def chain(error: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    link: BaseException | None = error
    while link is not None and link not in found:
        found.append(link)
        link = link.__cause__ or link.__context__
    return found


def texts_of(error: BaseException) -> list[str]:
    """Everything an exception chain shows: messages, arguments, a JSONDecodeError's doc."""
    return [
        text
        for link in chain(error)
        for text in (str(link), repr(link.args), str(getattr(link, "doc", "")), repr(vars(link)))
    ]


def assert_no_credential(texts: list[str]) -> None:
    for text in texts:
        for secret in (KEY, KEY_ID):
            assert secret.lower() not in text.lower(), f"{secret!r} leaked into {text[:300]!r}"


# Logging (issue 20 item 5)


def test_the_scan_status_logger_has_a_null_handler_and_modules_log_under_it() -> None:
    handlers = logging.getLogger("scan_status").handlers
    assert any(isinstance(handler, logging.NullHandler) for handler in handlers)
    for module in ("scan_status.transport.logs", "scan_status.normalize"):
        assert importlib.import_module(module).logger.name == module


def test_one_debug_line_per_attempt_and_a_warning_per_retry(every_log: Everything) -> None:
    with scripted_server() as server:
        server.answer("GET", TF_PATH, 503, {"message": "busy"})
        server.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
        with scan_status.threadfix(
            base_url=f"{server.base_url}/threadfix",
            api_key=KEY,
            retry=RetryPolicy(attempts=2, backoff=0),
        ) as tf:
            assert tf.get_status(6, 41).state is ScanState.SUCCEEDED
    ours = [r for r in every_log.records if r.name.startswith("scan_status")]
    attempts = [r.getMessage() for r in ours if r.levelno == logging.DEBUG]
    retries = [r.getMessage() for r in ours if r.levelno == logging.WARNING]
    url = f"{server.base_url}{TF_PATH}"
    assert len(attempts) == 2, attempts
    assert attempts[0].startswith(f"threadfix: GET {url} answered 503 (attempt 1, ")
    assert attempts[1].startswith(f"threadfix: GET {url} answered 200 (attempt 2, ")
    assert attempts[1].endswith(" ms)")
    assert retries == [f"threadfix: GET {url} answered 503; retrying (attempt 2 of 3)"]
    assert_no_credential(every_log.lines)


def test_a_failed_attempt_is_logged_with_its_error(every_log: Everything) -> None:
    with (
        scan_status.threadfix(
            base_url="http://127.0.0.1:9/threadfix", api_key=KEY, retry=NO_RETRY
        ) as tf,
        pytest.raises(scan_status.TransportError),
    ):
        tf.get_status(6, 41)
    (line,) = [r.getMessage() for r in every_log.records if r.name == "scan_status.transport.logs"]
    assert "failed (ConnectError" in line and "(attempt 1, " in line


@EVERY_POLLING_VENDOR
@pytest.mark.parametrize("library", ["sync", "asyncio", "trio"])
def test_a_key_echoed_in_a_header_reaches_no_log_line(
    key: str, library: str, server: HostileServer, every_log: Everything
) -> None:
    server.behave("echo_in_header")
    client = adapter(key, server.base_url, retry=NO_RETRY)
    ids = sample_ids(key)

    async def in_loop() -> None:
        async with client:
            await client.aget_status(*ids)

    with pytest.raises(AuthenticationError) as refused:
        if library == "sync":
            with client:
                client.get_status(*ids)
        else:
            asyncio.run(in_loop()) if library == "asyncio" else trio.run(in_loop)
    headers = [line for line in every_log.lines if "X-Echoed-Authorization" in line]
    assert headers, "httpcore logged the response headers (the leak this guards against)"
    assert_no_credential(every_log.lines + texts_of(refused.value))


# Exception chains (issue 21 item 7)


@EVERY_POLLING_VENDOR
@pytest.mark.parametrize("status", [200, 500])
def test_an_unparsable_body_echoing_the_key_leaves_no_credential_in_the_chain(
    key: str, status: int, server: HostileServer
) -> None:
    server.behave("echo_unparsable", status=status)
    with (
        adapter(key, server.base_url, retry=NO_RETRY) as client,
        pytest.raises(VendorError) as unreadable,
    ):
        client.get_status(*sample_ids(key))
    assert_no_credential(texts_of(unreadable.value))
    assert "bad key" in repr(unreadable.value.body), "the vendor's text is kept, scrubbed"


@pytest.mark.parametrize("bad", ["abc\x00def-SEKRET", "clé-SEKRET-0123", "tab\tok\r\nno"])
def test_a_key_no_header_can_carry_is_refused_naming_the_credential(bad: str) -> None:
    with pytest.raises(InvalidArgumentError) as refused:
        scan_status.threadfix(base_url="http://127.0.0.1:9/threadfix", api_key=bad)
    assert refused.value.argument == "api_key" and "api_key" in str(refused.value)
    assert bad not in str(refused.value) and repr(bad)[1:-1] not in str(refused.value)
    assert not [link for link in chain(refused.value)[1:] if bad in str(link)]


# Errors inside the family (issue 21 items 4 and 5)


@EVERY_POLLING_VENDOR
@pytest.mark.parametrize("codec", ["idna", "punycode"])
@pytest.mark.parametrize("status", [200, 500])
def test_a_charset_that_decodes_no_body_is_a_vendor_error(
    key: str, codec: str, status: int, server: HostileServer
) -> None:
    server.behave("charset", name=codec, status=status)
    with (
        adapter(key, server.base_url, retry=NO_RETRY) as client,
        pytest.raises(VendorError) as unreadable,
    ):
        client.get_status(*sample_ids(key))
    assert "café" in repr(unreadable.value.body), "decoded as utf-8"


def test_wait_all_keeps_waiting_on_the_others_when_one_answer_is_unreadable() -> None:
    healthy = "/threadfix/rest/latest/applications/6/pendingScan/41/status"
    with scripted_server() as server, hostile_server("charset", name="idna") as hostile:
        server.answer("GET", healthy, 200, threadfix_body("DONE"))
        good = scan_status.threadfix(base_url=f"{server.base_url}/threadfix", api_key=KEY)
        bad = scan_status.threadfix(base_url=f"{hostile.base_url}/threadfix", api_key=KEY)
        with good, bad:
            (ok,) = good.wait_all([(6, 41)], policy=WaitPolicy(interval=0.05, timeout=10))
            (broken,) = bad.wait_all([(6, 41)], policy=WaitPolicy(interval=0.05, timeout=10))
    assert ok.status is not None and ok.status.state is ScanState.SUCCEEDED
    assert isinstance(broken.error, VendorError)


def test_an_id_too_long_for_any_url_is_an_error_of_that_scan_alone() -> None:
    huge = "9" * 100_000
    with scripted_server() as server:
        server.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
        with scan_status.threadfix(base_url=f"{server.base_url}/threadfix", api_key=KEY) as tf:
            with pytest.raises(InvalidArgumentError, match="cannot be sent"):
                tf.get_status(6, huge)  # type: ignore[arg-type]  # an id as a user may pass it
            results = tf.wait_all(
                [(6, 41), (6, huge)], policy=WaitPolicy(interval=0.05, timeout=10)
            )
    assert results[0].status is not None and results[0].status.state is ScanState.SUCCEEDED
    assert isinstance(results[1].error, InvalidArgumentError)
    assert server.count("GET", TF_PATH) >= 1 and all(len(r.path) < 1000 for r in server.requests)


# Event loops (issue 21 item 6, issue 20 item 3)


@pytest.fixture
def slow_vendor() -> Iterator[ScriptedServer]:
    with scripted_server() as server:
        server.answer("GET", TF_PATH, 200, threadfix_body("DONE"), delay=0.3)
        yield server


def test_successive_asyncio_runs_on_one_adapter_all_work(slow_vendor: ScriptedServer) -> None:
    tf = scan_status.threadfix(base_url=f"{slow_vendor.base_url}/threadfix", api_key=KEY)
    states = [asyncio.run(tf.aget_status(6, 41)).state for _ in range(4)]
    states.append(trio.run(tf.aget_status, 6, 41).state)
    states.append(asyncio.run(tf.aget_status(6, 41)).state)
    tf.close()
    assert states == [ScanState.SUCCEEDED] * 6


def test_one_adapter_on_two_event_loops_at_once_works_on_both(
    slow_vendor: ScriptedServer,
) -> None:
    tf = scan_status.threadfix(base_url=f"{slow_vendor.base_url}/threadfix", api_key=KEY, timeout=2)
    results: dict[str, Any] = {}

    async def several() -> list[ScanState]:
        return [(await tf.aget_status(6, 41)).state for _ in range(3)]

    def run(name: str) -> None:
        try:
            results[name] = asyncio.run(several()) if name != "trio" else trio.run(several)
        except BaseException as err:  # reported below, whatever it is
            results[name] = err

    # Each library's lazy imports done first, in this thread: CPython 3.11 may fail compiling
    # one module in two threads at once (a SystemError from the AST constructor).
    asyncio.run(tf.aget_status(6, 41)), trio.run(tf.aget_status, 6, 41)
    threads = [threading.Thread(target=run, args=(name,)) for name in ("a", "b", "trio")]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a loop hung"
    assert results == dict.fromkeys(("a", "b", "trio"), [ScanState.SUCCEEDED] * 3), results
    assert time.monotonic() - started < 20
    tf.close()


def test_an_async_call_outside_any_event_loop_is_a_clear_error() -> None:
    tf = scan_status.threadfix(base_url="http://127.0.0.1:9/threadfix", api_key=KEY)
    call = tf.aget_status(6, 41)
    with pytest.raises(ScanStatusError, match="running event loop"):
        call.send(None)
    call.close()
    tf.close()


@pytest.mark.parametrize("library", ["asyncio", "trio"])
def test_await_terminal_and_await_all_under_either_loop(
    slow_vendor: ScriptedServer, library: str
) -> None:
    tf = scan_status.threadfix(base_url=f"{slow_vendor.base_url}/threadfix", api_key=KEY)
    policy = WaitPolicy(interval=0.05, timeout=10)

    async def both() -> tuple[ScanState, list[Any]]:
        async with tf:
            final = await tf.await_terminal(6, 41, policy=policy)
            return final.state, await tf.await_all([(6, 41)], policy=policy)

    state, results = asyncio.run(both()) if library == "asyncio" else trio.run(both)
    assert state is ScanState.SUCCEEDED
    assert [r.status.state for r in results if r.status] == [ScanState.SUCCEEDED]
