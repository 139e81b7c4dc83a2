"""Polling until a scan is terminal: exponential backoff with jitter, under a deadline."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

from scan_status import deadlines
from scan_status.errors import (
    ScanStatusError,
    TransportError,
    VendorResponseError,
    WaitTimeoutError,
)
from scan_status.status import NormalizedStatus

OnUpdate = Callable[[NormalizedStatus], None]


@dataclass(frozen=True)
class WaitPolicy:
    """Poll every `interval` seconds, growing by `backoff` up to `max_interval`, for `timeout` in all."""

    interval: float = 2.0
    max_interval: float = 30.0
    backoff: float = 1.5
    jitter: float = 0.1  # each wait is scaled by a random factor in [1 - jitter, 1 + jitter]
    timeout: float = 600.0

    def delays(self) -> Iterator[float]:
        delay = self.interval
        while True:
            yield delay * random.uniform(1 - self.jitter, 1 + self.jitter)
            delay = min(delay * self.backoff, self.max_interval)


def wait(
    fetch: Callable[[], NormalizedStatus], policy: WaitPolicy, on_update: OnUpdate | None = None
) -> NormalizedStatus:
    deadline = time.monotonic() + policy.timeout
    last: NormalizedStatus | None = None
    for delay in policy.delays():
        try:
            with deadlines.capped_at(deadline):  # no request outlives the wait
                last = fetch()
        except ScanStatusError as err:
            if _cut_short(err, deadline):
                raise _timeout(policy, last) from err
            raise
        if on_update:
            on_update(last)
        if last.terminal:
            return last
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        time.sleep(min(delay, remaining))
    raise _timeout(policy, last)


async def await_terminal(
    fetch: Callable[[], Awaitable[NormalizedStatus]],
    policy: WaitPolicy,
    on_update: OnUpdate | None = None,
) -> NormalizedStatus:
    deadline = time.monotonic() + policy.timeout
    last: NormalizedStatus | None = None
    for delay in policy.delays():
        try:
            with deadlines.capped_at(deadline):
                last = await fetch()
        except ScanStatusError as err:
            if _cut_short(err, deadline):
                raise _timeout(policy, last) from err
            raise
        if on_update:
            on_update(last)
        if last.terminal:
            return last
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        await asyncio.sleep(min(delay, remaining))
    raise _timeout(policy, last)


TRY_LATER = frozenset({429, 502, 503, 504})


def _cut_short(err: ScanStatusError, deadline: float) -> bool:
    """An error the wait's deadline caused: a timeout, or a "try later" whose retries it ended."""
    later = isinstance(err, VendorResponseError) and err.status_code in TRY_LATER
    return (isinstance(err, TransportError) or later) and time.monotonic() >= deadline - 0.01


def _timeout(policy: WaitPolicy, last: NormalizedStatus | None) -> WaitTimeoutError:
    said = f"; last state {last.state.value} ({last.raw!r})" if last else ""
    return WaitTimeoutError(f"scan not finished after {policy.timeout:g}s{said}", last)
