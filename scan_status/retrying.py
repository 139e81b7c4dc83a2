"""Retries around an adapter's transport stack, each decision httpx-retries' own.

The loop is the one httpx_retries.RetryTransport runs (send; on a retryable answer or error,
increment, sleep, send again), with one difference: an answer that needs no retry (nearly every
one) passes after two set lookups, and httpx-retries (which imports asyncio, about 10 ms) is
loaded only when a first retry is being decided. What retries, how long to wait (backoff, jitter,
Retry-After) and when to stop are httpx-retries' Retry, as RetryPolicy.to_retry configures it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from httpx_retries import Retry

    from scan_status.http import RetryPolicy


class RetryingTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, policy: RetryPolicy) -> None:
        self._inner, self._policy = inner, policy
        self._methods, self._statuses = policy.methods(), policy.statuses

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method not in self._methods:
            return self._inner.handle_request(request)
        retry: Retry | None = None
        while True:
            try:
                response = self._inner.handle_request(request)
            except Exception as err:
                retry = retry or self._policy.to_retry()
                if retry.is_exhausted() or not retry.is_retryable_exception(err):
                    raise
                retry = retry.increment()
                retry.sleep(err)
                continue
            if response.status_code not in self._statuses:
                return response
            retry = retry or self._policy.to_retry()
            if retry.is_exhausted():
                return response
            response.close()
            retry = retry.increment()
            retry.sleep(response)

    def close(self) -> None:
        self._inner.close()


class AsyncRetryingTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self._inner, self._policy = inner, policy
        self._methods, self._statuses = policy.methods(), policy.statuses

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method not in self._methods:
            return await self._inner.handle_async_request(request)
        retry: Retry | None = None
        while True:
            try:
                response = await self._inner.handle_async_request(request)
            except Exception as err:
                retry = retry or self._policy.to_retry()
                if retry.is_exhausted() or not retry.is_retryable_exception(err):
                    raise
                retry = retry.increment()
                await retry.asleep(err)
                continue
            if response.status_code not in self._statuses:
                return response
            retry = retry or self._policy.to_retry()
            if retry.is_exhausted():
                return response
            await response.aclose()
            retry = retry.increment()
            await retry.asleep(response)

    async def aclose(self) -> None:
        await self._inner.aclose()
