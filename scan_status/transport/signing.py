"""Headers made fresh for every request sent, retries included (Cortex's advanced API keys).

The signing transport sits below the retrying one, so a request sent again gets a new nonce
and timestamp instead of replaying the old ones.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

Signer = Callable[[], dict[str, str]]


class SignedTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, sign: Signer) -> None:
        self.inner, self.sign = inner, sign

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.headers.update(self.sign())
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class AsyncSignedTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, sign: Signer) -> None:
        self.inner, self.sign = inner, sign

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.headers.update(self.sign())
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
