"""Whole-response deadlines: httpx bounds each socket operation, not an answer.

A server that drips a byte a second never trips a per-read timeout. Each attempt here gets a
deadline (its timeout, within any cap a `wait` set) and every socket operation of the attempt,
headers, body and TLS included, sync and async alike, gets only the time left before it: the
network backends below are given to httpcore's pools (pool.py).

Through a user's own transport (`transport=`), whose sockets are not ours, the deadline is
checked between the body's chunks instead: a body that drips outlives it by one read at most.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import httpcore
import httpx

from scan_status.transport import deadlines


def _budget(request: httpx.Request) -> float | None:
    timeouts = request.extensions.get("timeout") or {}
    return max((value for value in timeouts.values() if value is not None), default=None)


class DeadlineTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, *, own_sockets: bool = True) -> None:
        # own_sockets: `inner` is our pool, whose every socket operation the deadline bounds;
        # else (a user's transport) the deadline is checked between the body's chunks.
        self._inner, self._between_chunks = inner, not own_sockets

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = deadlines.attempt_deadline(_budget(request))
        token = deadlines.enter(deadline)
        try:
            response = self._inner.handle_request(request)
        finally:
            deadlines.leave(token)
        stream = response.stream
        assert isinstance(stream, httpx.SyncByteStream)
        # The same response, its body bounded.
        response.stream = _DeadlineStream(stream, deadline, self._between_chunks)
        return response

    def close(self) -> None:
        self._inner.close()


class AsyncDeadlineTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, *, own_sockets: bool = True) -> None:
        # own_sockets: `inner` is our pool, whose every socket operation the deadline bounds;
        # else (a user's transport) the deadline is checked between the body's chunks.
        self._inner, self._between_chunks = inner, not own_sockets

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        deadline = deadlines.attempt_deadline(_budget(request))
        token = deadlines.enter(deadline)
        try:
            response = await self._inner.handle_async_request(request)
        finally:
            deadlines.leave(token)
        stream = response.stream
        assert isinstance(stream, httpx.AsyncByteStream)
        response.stream = _AsyncDeadlineStream(stream, deadline, self._between_chunks)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


class _DeadlineStream(httpx.SyncByteStream):
    """The body, read under the deadline of the attempt that received its headers."""

    def __init__(self, inner: httpx.SyncByteStream, deadline: float | None, check: bool) -> None:
        self._inner, self._deadline = inner, deadline
        self._check = check and deadline is not None

    def __iter__(self) -> Iterator[bytes]:
        chunks, deadline, check = iter(self._inner), self._deadline, self._check
        while True:
            token = deadlines.enter(deadline)
            try:
                chunk = next(chunks, None)
            finally:
                deadlines.leave(token)
            if chunk is None:
                return
            if check and time.monotonic() > deadline:  # type: ignore[operator]
                raise httpx.ReadTimeout("the whole-response deadline passed")
            yield chunk

    def close(self) -> None:
        self._inner.close()


class _AsyncDeadlineStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, deadline: float | None, check: bool) -> None:
        self._inner, self._deadline = inner, deadline
        self._check = check and deadline is not None

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks, deadline, check = aiter(self._inner), self._deadline, self._check
        while True:
            token = deadlines.enter(deadline)
            try:
                chunk = await anext(chunks, None)
            finally:
                deadlines.leave(token)
            if chunk is None:
                return
            if check and time.monotonic() > deadline:  # type: ignore[operator]
                raise httpx.ReadTimeout("the whole-response deadline passed")
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


def _time_for(timeout: float | None, expired: type[Exception]) -> float | None:
    """`timeout` shortened to the time left in the current attempt; `expired` when none is."""
    left = deadlines.time_left()
    if left is None:
        return timeout
    if left <= 0:
        raise expired("the whole-response deadline passed")
    return left if timeout is None else min(timeout, left)


class DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        budget = _time_for(timeout, httpcore.ConnectTimeout)
        return _DeadlineSocket(
            self._inner.connect_tcp(host, port, budget, local_address, socket_options)
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        budget = _time_for(timeout, httpcore.ConnectTimeout)
        return _DeadlineSocket(self._inner.connect_unix_socket(path, budget, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _DeadlineSocket(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _time_for(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _time_for(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        budget = _time_for(timeout, httpcore.ConnectTimeout)
        return _DeadlineSocket(self._inner.start_tls(ssl_context, server_hostname, budget))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class AsyncDeadlineBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        budget = _time_for(timeout, httpcore.ConnectTimeout)
        return _AsyncDeadlineSocket(
            await self._inner.connect_tcp(host, port, budget, local_address, socket_options)
        )

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        budget = _time_for(timeout, httpcore.ConnectTimeout)
        return _AsyncDeadlineSocket(
            await self._inner.connect_unix_socket(path, budget, socket_options)
        )

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _AsyncDeadlineSocket(httpcore.AsyncNetworkStream):
    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, _time_for(timeout, httpcore.ReadTimeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, _time_for(timeout, httpcore.WriteTimeout))

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        budget = _time_for(timeout, httpcore.ConnectTimeout)
        return _AsyncDeadlineSocket(
            await self._inner.start_tls(ssl_context, server_hostname, budget)
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)
