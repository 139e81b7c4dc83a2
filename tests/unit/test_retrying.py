"""The retry loop's decisions against scripted transports (pure logic: no network)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from scan_status.transport import RetryPolicy
from scan_status.transport.retrying import AsyncRetryingTransport, RetryingTransport
from tests.support.fresh_python import modules_loaded_by

pytestmark = pytest.mark.pure  # reads no fact a release changes (tests/conftest.py)

NO_WAIT = RetryPolicy(attempts=3, backoff=0.0)
Step = int | type[httpx.TransportError]


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, status: int, closed: list[int]) -> None:
        self._status, self._closed = status, closed

    def __iter__(self) -> Iterator[bytes]:
        yield b"{}"

    def close(self) -> None:
        self._closed.append(self._status)

    async def aclose(self) -> None:
        self.close()


class Scripted(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers each request with the next status, or raises the next exception class."""

    def __init__(self, steps: list[Step]) -> None:
        self._steps: Iterator[Step] = iter(steps)
        self.calls = 0
        self.closed: list[int] = []  # the statuses of the answers closed unread

    def _next(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        step = next(self._steps)
        if isinstance(step, int):
            return httpx.Response(step, request=request, stream=Body(step, self.closed))
        raise step("scripted", request=request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._next(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self._next(request)


def send(
    steps: list[Step], policy: RetryPolicy = NO_WAIT, method: str = "GET"
) -> tuple[Scripted, int]:
    inner = Scripted(steps)
    request = httpx.Request(method, "http://127.0.0.1:9/x")
    return inner, RetryingTransport(inner, policy).handle_request(request).status_code


def test_an_answer_that_needs_no_retry_is_sent_once() -> None:
    for status in (200, 404, 500):
        inner, final = send([status, 200])
        assert (inner.calls, final, inner.closed) == (1, status, [])


def test_a_retryable_answer_is_sent_again_and_the_first_closed() -> None:
    inner, final = send([503, 429, 200])
    assert (inner.calls, final, inner.closed) == (3, 200, [503, 429])


def test_retries_stop_at_the_policy_and_return_the_last_answer() -> None:
    inner, final = send([503] * 10, RetryPolicy(attempts=2, backoff=0.0))
    assert (inner.calls, final) == (3, 503)


def test_a_non_idempotent_request_is_retried_only_when_asked() -> None:
    assert send([503, 200], method="PATCH")[0].calls == 1
    allowed = RetryPolicy(attempts=3, backoff=0.0, retry_non_idempotent=True)
    assert send([503, 200], allowed, method="PATCH")[0].calls == 2


def test_connection_errors_are_retried_then_raised() -> None:
    assert send([httpx.ConnectError, 200])[0].calls == 2
    with pytest.raises(httpx.ConnectError):
        send([httpx.ConnectError] * 10, RetryPolicy(attempts=1, backoff=0.0))


def test_an_error_httpx_retries_does_not_retry_is_raised_at_once() -> None:
    inner = Scripted([httpx.UnsupportedProtocol, 200])
    with pytest.raises(httpx.UnsupportedProtocol):
        RetryingTransport(inner, NO_WAIT).handle_request(httpx.Request("GET", "http://x/"))
    assert inner.calls == 1


def test_the_async_loop_decides_the_same() -> None:
    async def run(steps: list[Step]) -> tuple[int, int]:
        inner = Scripted(steps)
        response = await AsyncRetryingTransport(inner, NO_WAIT).handle_async_request(
            httpx.Request("GET", "http://127.0.0.1:9/x")
        )
        return inner.calls, response.status_code

    assert asyncio.run(run([200])) == (1, 200)
    assert asyncio.run(run([502, httpx.ReadTimeout, 504, 200])) == (4, 200)


def test_building_an_adapter_loads_neither_asyncio_nor_httpx_retries() -> None:
    # httpx-retries imports asyncio: a sync user pays for it only when a retry is decided.
    loaded = modules_loaded_by(
        "import scan_status\n"
        "scan_status.threadfix(base_url='http://127.0.0.1:9/threadfix', api_key='k')\n"
    )
    assert not {"asyncio", "httpx_retries"} & loaded
