"""The user's event hooks (httpx's `event_hooks` shape), fired once per attempt.

They sit below the retries and the signing, so each attempt is seen as sent (signed afresh) and
each answer as received, before a retry is decided. A "request" hook gets the httpx.Request; a
"response" hook the httpx.Response, its status and headers read and its body not yet (the body
is read afterwards, under the adapter's size cap). An exception a hook raises ends the call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import httpx

Hooks = Mapping[str, Sequence[Callable[..., Any]]]
EVENTS = frozenset({"request", "response"})


def checked(hooks: Hooks | None) -> tuple[list[Callable[..., Any]], list[Callable[..., Any]]]:
    """The request and response hooks; ValueError naming an event httpx does not have."""
    if not hooks:
        return [], []
    if unknown := set(hooks) - EVENTS:
        raise ValueError(f"event hooks are 'request' and 'response', not {sorted(unknown)}")
    for name, listed in hooks.items():
        if not all(callable(hook) for hook in listed):
            raise TypeError(f"every {name!r} event hook must be callable")
    return list(hooks.get("request", ())), list(hooks.get("response", ()))


class HookedTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, hooks: Hooks) -> None:
        self._inner = inner
        self._on_request, self._on_response = checked(hooks)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for hook in self._on_request:
            hook(request)
        response = self._inner.handle_request(request)
        response.request = request
        try:
            for hook in self._on_response:
                hook(response)
        except BaseException:
            response.close()
            raise
        return response

    def close(self) -> None:
        self._inner.close()


class AsyncHookedTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, hooks: Hooks) -> None:
        self._inner = inner
        self._on_request, self._on_response = checked(hooks)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        for hook in self._on_request:
            await hook(request)
        response = await self._inner.handle_async_request(request)
        response.request = request
        try:
            for hook in self._on_response:
                await hook(response)
        except BaseException:
            await response.aclose()
            raise
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
