"""What every adapter shares: its HTTP clients, sending a generated operation, errors, closing.

Each request is built by the vendor's generated operation (`_get_kwargs`: path, query, headers,
JSON body from the generated models) and sent on the adapter's own connection pool, which adds
retries, timeouts and the credentials.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, ClassVar, Self

import httpx

from scan_status import http
from scan_status.http import DEFAULT_TIMEOUT, RetryPolicy
from scan_status.secrets import redacted_url
from scan_status.status import NormalizedStatus
from scan_status.waiting import OnUpdate, WaitPolicy, await_terminal, wait


class Adapter:
    """Holds credentials only inside its httpx clients' headers: never in its repr or errors."""

    vendor: ClassVar[str]

    def __init__(
        self,
        base_url: str,
        headers: dict[str, str],
        *,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        verify: bool = True,
        strict: bool = False,
        max_response_bytes: int = http.DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.strict = strict
        self._settings = (
            self.base_url,
            headers,
            timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
            retry or RetryPolicy(),
            verify,
            max_response_bytes,
        )
        self._http = http.sync_client(*self._settings)
        self._async_http: http.AsyncClient | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={redacted_url(self.base_url)!r})"

    def _send(self, request: dict[str, Any]) -> Any:
        """Send a request the generated operation built; the answer's JSON object, or a typed error."""
        return http.send(self._http, self.vendor, request)

    async def _asend(self, request: dict[str, Any]) -> Any:
        if self._async_http is None:
            self._async_http = http.async_client(*self._settings)
        return await http.asend(self._async_http, self.vendor, request)

    def close(self) -> None:
        self._http.close()

    async def aclose(self) -> None:
        self._http.close()
        if self._async_http is not None:
            await self._async_http.aclose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.aclose()


class PollingAdapter(Adapter):
    """An adapter that can read a status, and so can wait for a terminal one."""

    def get_status(self, *ids: Any) -> NormalizedStatus:
        raise NotImplementedError

    async def aget_status(self, *ids: Any) -> NormalizedStatus:
        raise NotImplementedError

    def wait(
        self, *ids: Any, policy: WaitPolicy | None = None, on_update: OnUpdate | None = None
    ) -> NormalizedStatus:
        """Poll get_status(*ids) until terminal; WaitTimeoutError (with the last status) past the deadline."""
        return wait(lambda: self.get_status(*ids), policy or WaitPolicy(), on_update)

    async def await_terminal(
        self, *ids: Any, policy: WaitPolicy | None = None, on_update: OnUpdate | None = None
    ) -> NormalizedStatus:
        return await await_terminal(
            lambda: self.aget_status(*ids), policy or WaitPolicy(), on_update
        )
