"""Retries around an adapter's transport stack, each decision httpx-retries' own.

The loop is the one httpx_retries.RetryTransport runs (send; on a retryable answer or error,
increment, sleep, send again), with one difference: an answer that needs no retry (nearly every
one) passes after two set lookups, and httpx-retries (which imports asyncio, about 10 ms) is
loaded only when a first retry is being decided. What retries, how long to wait (backoff, jitter,
Retry-After) and when to stop are httpx-retries' Retry, as RetryPolicy.to_retry configures it.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING

import httpx
import sniffio

from scan_status.transport.logs import AttemptLog
from scan_status.transport.secrets import NO_SECRETS

logger = logging.getLogger("scan_status.transport.logs")  # the transport's lines, in one place

if TYPE_CHECKING:
    from httpx_retries import Retry

    from scan_status.transport.policy import RetryPolicy


class _Decisions:
    """What both loops ask after an attempt, answered by httpx-retries' Retry (created at the
    first question), with the attempt's DEBUG line and a retry's WARNING written here, once."""

    def __init__(self, policy: RetryPolicy, log: AttemptLog | None) -> None:
        self._policy = policy
        self.methods, self.statuses = policy.methods(), policy.statuses
        self._log = log or AttemptLog("http", NO_SECRETS, policy.attempts + 1)

    def after_error(
        self,
        request: httpx.Request,
        retry: Retry | None,
        error: Exception,
        number: int,
        started: float,
        debug: bool,
    ) -> Retry | None:
        """The next attempt's Retry after `error`, or None to raise it."""
        if debug:
            self._log.attempt(request, number, started, error=error)
        if request.method not in self.methods:
            return None
        retry = retry or self._policy.to_retry()
        if retry.is_exhausted() or not retry.is_retryable_exception(error):
            return None
        self._log.retrying(request, number, error=error)
        return retry.increment()

    def after_answer(
        self,
        request: httpx.Request,
        retry: Retry | None,
        status: int,
        number: int,
        started: float,
        debug: bool,
    ) -> Retry | None:
        """The next attempt's Retry after an answer, or None to return it."""
        if debug:
            self._log.attempt(request, number, started, status)
        if status not in self.statuses or request.method not in self.methods:
            return None
        retry = retry or self._policy.to_retry()
        if retry.is_exhausted():
            return None
        self._log.retrying(request, number, status)
        return retry.increment()


class RetryingTransport(httpx.BaseTransport):
    def __init__(
        self, inner: httpx.BaseTransport, policy: RetryPolicy, log: AttemptLog | None = None
    ) -> None:
        self._inner, self._decide = inner, _Decisions(policy, log)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        debug = logger.isEnabledFor(logging.DEBUG)
        if request.method not in self._decide.methods and not debug:
            return self._inner.handle_request(request)  # the usual path: nothing to decide
        retry: Retry | None = None
        number = 0
        while True:
            number += 1
            started = time.perf_counter()
            try:
                response = self._inner.handle_request(request)
            except Exception as err:
                retry = self._decide.after_error(request, retry, err, number, started, debug)
                if retry is None:
                    raise
                retry.sleep(err)
                continue
            status = response.status_code
            retry = self._decide.after_answer(request, retry, status, number, started, debug)
            if retry is None:
                return response
            response.close()
            retry.sleep(response)

    def close(self) -> None:
        self._inner.close()


class AsyncRetryingTransport(httpx.AsyncBaseTransport):
    def __init__(
        self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy, log: AttemptLog | None = None
    ) -> None:
        self._inner, self._decide = inner, _Decisions(policy, log)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        debug = logger.isEnabledFor(logging.DEBUG)
        if request.method not in self._decide.methods and not debug:
            return await self._inner.handle_async_request(request)
        retry: Retry | None = None
        number = 0
        while True:
            number += 1
            started = time.perf_counter()
            try:
                response = await self._inner.handle_async_request(request)
            except Exception as err:
                retry = self._decide.after_error(request, retry, err, number, started, debug)
                if retry is None:
                    raise
                await _asleep(retry, err)
                continue
            status = response.status_code
            retry = self._decide.after_answer(request, retry, status, number, started, debug)
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
