"""Polling until a scan is terminal: exponential backoff with jitter, under a deadline.

`wait`/`await_terminal` follow one scan; `wait_many`/`await_many` follow many under ONE deadline,
with at most `concurrency` requests in flight, a result per scan (its status or its error: one
scan's failure never ends the others' wait) and, for a vendor that reads many ids in one request
(Protecto), one request per poll round for every scan still pending.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from scan_status.errors import (
    ScanStatusError,
    TransportError,
    VendorResponseError,
    WaitTimeoutError,
)
from scan_status.states import ScanState
from scan_status.status import NormalizedStatus
from scan_status.transport import capped_at

if TYPE_CHECKING:
    import asyncio
    from concurrent import futures

OnUpdate = Callable[[NormalizedStatus], None]
# The library's floor between polls of one scan: below it a wait is a flood, not a poll.
MIN_INTERVAL = 0.01


@dataclass(frozen=True)
class WaitPolicy:
    """Poll every `interval` seconds, growing by `backoff` up to `max_interval`, for `timeout` in all.

    `on_unknown`: what a status no mapping covers (UNKNOWN) does to a wait: "poll" keeps polling
    (the vendor may move on to a value we know; the default), "stop" ends the wait at the first
    one and returns it, so the caller can map it (scan_status.map_status) or give up.
    Every number must be finite; `interval` at least MIN_INTERVAL, `timeout` above 0.
    """

    interval: float = 2.0
    max_interval: float = 30.0
    backoff: float = 1.5
    jitter: float = 0.1  # each wait is scaled by a random factor in [1 - jitter, 1 + jitter]
    timeout: float = 600.0
    on_unknown: Literal["poll", "stop"] = "poll"

    def __post_init__(self) -> None:
        for name in ("interval", "max_interval", "backoff", "jitter", "timeout"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(f"WaitPolicy.{name} must be a number, not {value!r}")
            if not math.isfinite(value):
                raise ValueError(f"WaitPolicy.{name} must be a finite number, not {value!r}")
        if self.interval < MIN_INTERVAL:
            raise ValueError(
                f"WaitPolicy.interval must be at least {MIN_INTERVAL:g}s, not {self.interval!r}"
            )
        if self.max_interval < self.interval:
            raise ValueError("WaitPolicy.max_interval must be at least its interval")
        if self.backoff < 1:
            raise ValueError(f"WaitPolicy.backoff must be at least 1, not {self.backoff!r}")
        if not 0 <= self.jitter < 1:
            raise ValueError(f"WaitPolicy.jitter must be in [0, 1), not {self.jitter!r}")
        if self.timeout <= 0:
            raise ValueError(f"WaitPolicy.timeout must be above 0, not {self.timeout!r}")
        if self.on_unknown not in ("poll", "stop"):
            raise ValueError(f"WaitPolicy.on_unknown is 'poll' or 'stop', not {self.on_unknown!r}")

    def delay(self, polls: int) -> float:
        """The wait after the `polls`-th poll (counting from 0), before jitter."""
        return min(self.interval * self.backoff ** min(polls, 200), self.max_interval)

    def jittered(self, polls: int) -> float:
        return self.delay(polls) * random.uniform(1 - self.jitter, 1 + self.jitter)

    def delays(self) -> Iterator[float]:
        polls = 0
        while True:
            yield self.jittered(polls)
            polls += 1

    def settles(self, status: NormalizedStatus) -> bool:
        """Whether this status ends a wait: a terminal one, or an unknown one when told to stop."""
        return status.terminal or (self.on_unknown == "stop" and status.state is ScanState.UNKNOWN)


def wait(
    fetch: Callable[[], NormalizedStatus], policy: WaitPolicy, on_update: OnUpdate | None = None
) -> NormalizedStatus:
    deadline = time.monotonic() + policy.timeout
    last: NormalizedStatus | None = None
    for delay in policy.delays():
        try:
            with capped_at(deadline):  # no request outlives the wait
                last = fetch()
        except ScanStatusError as err:
            if _cut_short(err, deadline):
                raise _timeout(policy, last) from err
            raise
        if on_update:
            on_update(last)
        if policy.settles(last):
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
    import asyncio  # here, not at import: a sync user never loads it

    deadline = time.monotonic() + policy.timeout
    last: NormalizedStatus | None = None
    for delay in policy.delays():
        try:
            with capped_at(deadline):
                last = await fetch()
        except ScanStatusError as err:
            if _cut_short(err, deadline):
                raise _timeout(policy, last) from err
            raise
        if on_update:
            on_update(last)
        if policy.settles(last):
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


# Many scans at once.


@dataclass(frozen=True)
class WaitResult:
    """One scan's outcome in a wait_all: the ids it was asked by, its last status, and the
    error that ended its wait (None when it settled: terminal, or unknown under on_unknown="stop").

    A scan still unfinished at the deadline has a WaitTimeoutError and its last status; a
    vendor error (not found, refused, unreachable) ends that scan's wait alone.
    """

    ids: tuple[Any, ...]
    status: NormalizedStatus | None = None
    error: ScanStatusError | None = None
    final: bool = True  # False only in on_update's news of a scan still being polled

    @property
    def succeeded(self) -> bool:
        return self.error is None and self.status is not None and self.status.succeeded

    @property
    def state(self) -> ScanState | None:
        """The last known state (None when no status was ever read)."""
        return self.status.state if self.status else None


OnResult = Callable[[WaitResult], None]
# One poll of a group of scans (their indices): each index's status or the error it met.
Answers = dict[int, NormalizedStatus | ScanStatusError]


class _Board:
    """Where every scan of a wait_all stands: its polls, next due time, last status, outcome."""

    def __init__(
        self, scans: Sequence[tuple[Any, ...]], policy: WaitPolicy, on_update: OnResult | None
    ) -> None:
        self.scans, self.policy, self.on_update = scans, policy, on_update
        self.polls = [0] * len(scans)
        self.due = [0.0] * len(scans)
        self.last: list[NormalizedStatus | None] = [None] * len(scans)
        self.final: list[WaitResult | None] = [None] * len(scans)
        self.deadline = time.monotonic() + policy.timeout

    def pending(self, busy: set[int]) -> list[int]:
        return [i for i, done in enumerate(self.final) if done is None and i not in busy]

    @property
    def finished(self) -> bool:
        return all(self.final)

    def ready(self, busy: set[int], now: float) -> list[int]:
        """The scans due, longest overdue first: a scan polled often cannot starve the rest."""
        return sorted(
            (i for i in self.pending(busy) if self.due[i] <= now), key=self.due.__getitem__
        )

    def next_due(self, busy: set[int]) -> float:
        return min((self.due[i] for i in self.pending(busy)), default=self.deadline)

    def record(self, answers: Answers) -> None:
        now = time.monotonic()
        factor = random.uniform(1 - self.policy.jitter, 1 + self.policy.jitter)  # one per group
        for index, answer in answers.items():
            if isinstance(answer, ScanStatusError):
                last = self.last[index]
                if _cut_short(answer, self.deadline):  # the deadline, not the vendor, ended it
                    timed_out = _timeout(self.policy, last)
                    timed_out.__cause__ = answer
                    answer = timed_out
                self._end(index, WaitResult(self.scans[index], last, answer))
                continue
            self.last[index] = answer
            if self.policy.settles(answer):
                self._end(index, WaitResult(self.scans[index], answer))
                continue
            if self.on_update:
                self.on_update(WaitResult(self.scans[index], answer, final=False))
            self.due[index] = now + self.policy.delay(self.polls[index]) * factor
            self.polls[index] += 1

    def _end(self, index: int, result: WaitResult) -> None:
        self.final[index] = result
        if self.on_update:
            self.on_update(result)

    def results(self) -> list[WaitResult]:
        """Every scan's result; one still pending has timed out with its last status."""
        out = []
        for index, final in enumerate(self.final):
            if final is None:
                last = self.last[index]
                final = WaitResult(self.scans[index], last, _timeout(self.policy, last))
                self.final[index] = final
                if self.on_update:
                    self.on_update(final)
            out.append(final)
        return out


def _groups(indices: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(indices), size):
        yield indices[start : start + size]


def wait_many(
    scans: Sequence[tuple[Any, ...]],
    poll: Callable[[list[int]], Answers],
    policy: WaitPolicy,
    *,
    group: int = 1,
    concurrency: int = 8,
    on_update: OnResult | None = None,
) -> list[WaitResult]:
    """Follow every scan until it settles or the one deadline passes; `poll` asks the vendor
    about up to `group` scans at once, at most `concurrency` polls in flight (threads)."""
    from concurrent import futures  # here, not at import: only wait_many needs threads

    board = _Board(scans, policy, on_update)
    pool = futures.ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="scan-wait")

    def capped(members: list[int]) -> Answers:
        with capped_at(board.deadline):  # no request outlives the wait (in its thread)
            return poll(members)

    running: dict[futures.Future[Answers], list[int]] = {}
    try:
        while not board.finished:
            now = time.monotonic()
            if now >= board.deadline:
                break
            busy = {i for members in running.values() for i in members}
            for members in _groups(board.ready(busy, now), group):
                if len(running) >= concurrency:
                    break
                running[pool.submit(capped, members)] = members
                busy.update(members)
            until = min(board.next_due(busy), board.deadline) - time.monotonic()
            if not running:
                time.sleep(max(0.0, until))
                continue
            done, _ = futures.wait(
                running, timeout=max(0.0, until), return_when=futures.FIRST_COMPLETED
            )
            for future in done:
                running.pop(future)
                board.record(future.result())
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # past the deadline: no one waits on them
    return board.results()


async def await_many(
    scans: Sequence[tuple[Any, ...]],
    poll: Callable[[list[int]], Awaitable[Answers]],
    policy: WaitPolicy,
    *,
    group: int = 1,
    concurrency: int = 8,
    on_update: OnResult | None = None,
) -> list[WaitResult]:
    """wait_many on the event loop: polls are tasks, cancelled when the deadline passes."""
    import asyncio  # here, not at import: a sync user never loads it

    board = _Board(scans, policy, on_update)
    running: dict[asyncio.Task[Answers], list[int]] = {}

    async def capped(members: list[int]) -> Answers:
        with capped_at(board.deadline):
            return await poll(members)

    try:
        while not board.finished:
            now = time.monotonic()
            if now >= board.deadline:
                break
            busy = {i for members in running.values() for i in members}
            for members in _groups(board.ready(busy, now), group):
                if len(running) >= concurrency:
                    break
                running[asyncio.ensure_future(capped(members))] = members
                busy.update(members)
            until = min(board.next_due(busy), board.deadline) - time.monotonic()
            if not running:
                await asyncio.sleep(max(0.0, until))
                continue
            done, _ = await asyncio.wait(
                running, timeout=max(0.0, until), return_when=asyncio.FIRST_COMPLETED
            )
            for task in done:
                running.pop(task)
                board.record(task.result())
    finally:
        for task in running:
            task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)
    return board.results()


def check_concurrency(concurrency: int) -> int:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"concurrency must be a whole number of at least 1, not {concurrency!r}")
    return concurrency
