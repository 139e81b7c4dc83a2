"""A bound on requests in flight inside one async connection pool."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import httpx

from scan_status.transport.loops import semaphore

if TYPE_CHECKING:
    import asyncio


class BoundedAsyncTransport(httpx.AsyncBaseTransport):
    """At most `limit` requests inside the connection pool at once; the rest wait here.

    httpcore's pool does work quadratic in its queue (encode/httpcore#1035), and a request
    queued there counts against the pool timeout: thousands of concurrent polls then time out
    and get retried, and none finishes. Waiting on a semaphore no larger than the pool costs
    nothing per waiter. A slot is held until the response is closed (its connection is busy
    until then) and is not held across the retry transport's backoff sleeps.
    """

    def __init__(self, transport: httpx.AsyncBaseTransport, limit: int) -> None:
        self._transport = transport
        self._slots = semaphore(limit)  # the running loop's: asyncio's or trio's

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await self._slots.acquire()
        try:
            response = await self._transport.handle_async_request(request)
        except BaseException:
            self._slots.release()
            raise
        response.stream = _ReleasingStream(response.stream, self._slots)
        return response

    async def aclose(self) -> None:
        await self._transport.aclose()


class _ReleasingStream(httpx.AsyncByteStream):
    """A response body that gives its pool slot back once, when closed."""

    def __init__(
        self, stream: httpx.SyncByteStream | httpx.AsyncByteStream, slots: asyncio.Semaphore
    ) -> None:
        self._stream = stream
        self._slots: asyncio.Semaphore | None = slots

    def __aiter__(self) -> AsyncIterator[bytes]:
        # The body's own iterator: no generator of ours between each chunk and its reader.
        assert isinstance(self._stream, httpx.AsyncByteStream)
        return self._stream.__aiter__()

    async def aclose(self) -> None:
        try:
            if isinstance(self._stream, httpx.AsyncByteStream):
                await self._stream.aclose()
        finally:
            if self._slots is not None:
                self._slots.release()
                self._slots = None
