"""Retries around an adapter's transport stack, each decision httpx-retries' own.

The loop is the one httpx_retries.RetryTransport runs (send; on a retryable answer or error,
increment, sleep, send again), with one difference: an answer that needs no retry (nearly every
one) passes after two set lookups, and httpx-retries (which imports asyncio, about 10 ms) is
loaded only when a first retry is being decided. What retries, how long to wait (backoff, jitter,
Retry-After) and when to stop are httpx-retries' Retry, as RetryPolicy.to_retry configures it.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import httpx
import sniffio

if TYPE_CHECKING:
    from httpx_retries import Retry

    from scan_status.transport.policy import RetryPolicy


class _Decisions:
    """What both loops ask, answered by httpx-retries' Retry (created at the first question)."""

    def __init__(self, policy: RetryPolicy) -> None:
        self._policy = policy
        self.methods, self.statuses = policy.methods(), policy.statuses

    def after_error(self, retry: Retry | None, error: Exception) -> Retry | None:
        """The next attempt's Retry after `error`, or None to raise it."""
        retry = retry or self._policy.to_retry()
        if retry.is_exhausted() or not retry.is_retryable_exception(error):
            return None
        return retry.increment()

    def after_status(self, retry: Retry | None) -> Retry | None:
        """The next attempt's Retry after an answer with a retried status, or None to return it."""
        retry = retry or self._policy.to_retry()
        return None if retry.is_exhausted() else retry.increment()


class RetryingTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, policy: RetryPolicy) -> None:
        self._inner, self._decide = inner, _Decisions(policy)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method not in self._decide.methods:
            return self._inner.handle_request(request)
        retry: Retry | None = None
        while True:
            try:
                response = self._inner.handle_request(request)
            except Exception as err:
                retry = self._decide.after_error(retry, err)
                if retry is None:
                    raise
                retry.sleep(err)
                continue
            if response.status_code not in self._decide.statuses:
                return response
            retry = self._decide.after_status(retry)
            if retry is None:
                return response
            response.close()
            retry.sleep(response)

    def close(self) -> None:
        self._inner.close()


class AsyncRetryingTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self._inner, self._decide = inner, _Decisions(policy)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method not in self._decide.methods:
            return await self._inner.handle_async_request(request)
        retry: Retry | None = None
        while True:
            try:
                response = await self._inner.handle_async_request(request)
            except Exception as err:
                retry = self._decide.after_error(retry, err)
                if retry is None:
                    raise
                await _asleep(retry, err)
                continue
            if response.status_code not in self._decide.statuses:
                return response
            retry = self._decide.after_status(retry)
            if retry is None:
                return response
            await response.aclose()
            await _asleep(retry, response)

    async def aclose(self) -> None:
        await self._inner.aclose()


async def _asleep(retry: Retry, cause: httpx.Response | Exception) -> None:
    """httpx-retries' wait before the next attempt, on the running loop's library.

    Its own `asleep` awaits asyncio.sleep, which trio cannot run; under trio its sync `sleep`
    (the same wait, Retry-After and backoff alike) runs in a worker thread instead, and a
    cancelled caller does not wait for it.
    """
    if "trio" in sys.modules and sniffio.current_async_library() == "trio":
        to_thread = sys.modules["trio"].to_thread  # loaded: the running loop is trio's
        await to_thread.run_sync(retry.sleep, cause, abandon_on_cancel=True)
    else:
        await retry.asleep(cause)
