"""The connection pool at the bottom of every adapter: httpcore's, built through its public
constructors with our network backend, which bounds every socket operation by the attempt's
deadline (timeboxed.py).

httpx.HTTPTransport builds its pool itself and offers no way to give it a network backend;
httpcore's `ConnectionPool(network_backend=...)` (and HTTPProxy, SOCKSProxy) do. These
transports are what httpx.HTTPTransport is around such a pool: requests and responses
translated, httpcore's exceptions raised as httpx's.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpcore
import httpx

from scan_status.transport import timeboxed

# httpcore's exceptions and the httpx exceptions they are raised as (httpx's own table).
_AS_HTTPX: dict[type[Exception], type[httpx.HTTPError]] = {
    httpcore.ConnectTimeout: httpx.ConnectTimeout,
    httpcore.ReadTimeout: httpx.ReadTimeout,
    httpcore.WriteTimeout: httpx.WriteTimeout,
    httpcore.PoolTimeout: httpx.PoolTimeout,
    httpcore.TimeoutException: httpx.TimeoutException,
    httpcore.ConnectError: httpx.ConnectError,
    httpcore.ReadError: httpx.ReadError,
    httpcore.WriteError: httpx.WriteError,
    httpcore.NetworkError: httpx.NetworkError,
    httpcore.ProxyError: httpx.ProxyError,
    httpcore.UnsupportedProtocol: httpx.UnsupportedProtocol,
    httpcore.LocalProtocolError: httpx.LocalProtocolError,
    httpcore.RemoteProtocolError: httpx.RemoteProtocolError,
    httpcore.ProtocolError: httpx.ProtocolError,
}


def as_httpx(error: Exception, network: type[httpx.HTTPError] = httpx.ConnectError) -> Exception:
    """The httpx exception for an httpcore one (the most specific), else `error` itself.

    A TLS or socket error a network backend let through unmapped (anyio passes on an
    ssl.SSLError such as a server's "certificate required" alert, met on the first read)
    becomes `network`: ConnectError while the answer's headers are awaited, ReadError after.
    """
    for kind in type(error).__mro__:
        mapped = _AS_HTTPX.get(kind)
        if mapped is not None:
            return mapped(str(error))
    if isinstance(error, OSError):  # ssl.SSLError included
        return network(f"{type(error).__name__}: {error}")
    return error


def _core_request(request: httpx.Request) -> httpcore.Request:
    url = request.url
    return httpcore.Request(
        method=request.method,
        url=httpcore.URL(
            scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
        ),
        headers=request.headers.raw,
        content=request.stream,
        extensions=request.extensions,
    )


def _proxy_url(proxy: httpx.Proxy) -> httpcore.URL:
    url = proxy.url
    return httpcore.URL(
        scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
    )


def _pool_options(proxy: httpx.Proxy | None, limits: httpx.Limits) -> dict[str, Any]:
    options: dict[str, Any] = {
        "max_connections": limits.max_connections,
        "max_keepalive_connections": limits.max_keepalive_connections,
        "keepalive_expiry": limits.keepalive_expiry,
    }
    if proxy is not None:
        options["proxy_url"] = _proxy_url(proxy)
        options["proxy_auth"] = proxy.raw_auth
        if proxy.url.scheme in ("http", "https"):
            options["proxy_headers"] = proxy.headers.raw
            options["proxy_ssl_context"] = proxy.ssl_context
    return options


def sync_pool(
    ssl_context: ssl.SSLContext, proxy: httpx.Proxy | None, limits: httpx.Limits
) -> httpcore.ConnectionPool:
    backend = timeboxed.DeadlineBackend(httpcore.SyncBackend())
    options = _pool_options(proxy, limits)
    if proxy is None:
        return httpcore.ConnectionPool(ssl_context=ssl_context, network_backend=backend, **options)
    if proxy.url.scheme in ("socks5", "socks5h"):
        return httpcore.SOCKSProxy(ssl_context=ssl_context, network_backend=backend, **options)
    return httpcore.HTTPProxy(ssl_context=ssl_context, network_backend=backend, **options)


def async_pool(
    ssl_context: ssl.SSLContext, proxy: httpx.Proxy | None, limits: httpx.Limits
) -> httpcore.AsyncConnectionPool:
    # anyio's backend: the same pool runs under asyncio and under trio.
    backend = timeboxed.AsyncDeadlineBackend(httpcore.AnyIOBackend())
    options = _pool_options(proxy, limits)
    if proxy is None:
        return httpcore.AsyncConnectionPool(
            ssl_context=ssl_context, network_backend=backend, **options
        )
    if proxy.url.scheme in ("socks5", "socks5h"):
        return httpcore.AsyncSOCKSProxy(ssl_context=ssl_context, network_backend=backend, **options)
    return httpcore.AsyncHTTPProxy(ssl_context=ssl_context, network_backend=backend, **options)


class PoolTransport(httpx.BaseTransport):
    def __init__(self, pool: httpcore.ConnectionPool) -> None:
        self._pool = pool

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            answer = self._pool.handle_request(_core_request(request))
        except Exception as err:
            mapped = as_httpx(err)
            if mapped is err:
                raise
            raise mapped from err
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_Body(answer.stream),
            extensions=answer.extensions,
        )

    def close(self) -> None:
        self._pool.close()


class AsyncPoolTransport(httpx.AsyncBaseTransport):
    def __init__(self, pool: httpcore.AsyncConnectionPool) -> None:
        self._pool = pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            answer = await self._pool.handle_async_request(_core_request(request))
        except Exception as err:
            mapped = as_httpx(err)
            if mapped is err:
                raise
            raise mapped from err
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_AsyncBody(answer.stream),
            extensions=answer.extensions,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except Exception as err:
            mapped = as_httpx(err, httpx.ReadError)
            if mapped is err:
                raise
            raise mapped from err

    def close(self) -> None:
        self._stream.close()


class _AsyncBody(httpx.AsyncByteStream):
    def __init__(self, stream: Any) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._stream:
                yield chunk
        except Exception as err:
            mapped = as_httpx(err, httpx.ReadError)
            if mapped is err:
                raise
            raise mapped from err

    async def aclose(self) -> None:
        await self._stream.aclose()
