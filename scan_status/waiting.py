"""Polling until a scan is terminal: exponential backoff with jitter, under a deadline.

`wait`/`await_terminal` follow one scan; `wait_many`/`await_many` follow many under ONE deadline,
with at most `concurrency` requests in flight, a result per scan (its status or its error: one
scan's failure never ends the others' wait) and, for a vendor that reads many ids in one request
(Protecto), one request per poll round for every scan still pending.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from scan_status import polling
from scan_status.errors import (
    ScanStatusError,
    TransportError,
    VendorResponseError,
    WaitTimeoutError,
)
from scan_status.polling import MIN_INTERVAL, PollState, WaitPolicy
from scan_status.states import ScanState
from scan_status.status import NormalizedStatus
from scan_status.transport import capped_at

__all__ = ["MIN_INTERVAL", "WaitPolicy", "WaitResult", "await_many", "await_terminal", "wait"]

OnUpdate = Callable[[NormalizedStatus], None]


def wait(
    fetch: Callable[[], NormalizedStatus], policy: WaitPolicy, on_update: OnUpdate | None = None
) -> NormalizedStatus:
    """Poll (scan_status.polling) and sleep until the status settles or the deadline passes."""
    state = PollState.start(policy, time.monotonic())
    last: NormalizedStatus | None = None
    while True:
        try:
            last, state = polling.poll(fetch, state, clock=time.monotonic)
        except ScanStatusError as err:
            if cut_short(err, state.deadline):
                raise timed_out(policy, last) from err
            raise
        if on_update:
            on_update(last)
        if state.settled:
            return last
        if state.expired:
            raise timed_out(policy, last)
        time.sleep(state.delay)


async def await_terminal(
    fetch: Callable[[], Awaitable[NormalizedStatus]],
    policy: WaitPolicy,
    on_update: OnUpdate | None = None,
) -> NormalizedStatus:
    """wait on any event loop anyio runs on (asyncio, trio)."""
    import anyio  # deferred: a sync user never loads the async machinery

    state = PollState.start(policy, time.monotonic())
    last: NormalizedStatus | None = None
    while True:
        try:
            last, state = await polling.apoll(fetch, state, clock=time.monotonic)
        except ScanStatusError as err:
            if cut_short(err, state.deadline):
                raise timed_out(policy, last) from err
            raise
        if on_update:
            on_update(last)
        if state.settled:
            return last
        if state.expired:
            raise timed_out(policy, last)
        await anyio.sleep(state.delay)


TRY_LATER = frozenset({429, 502, 503, 504})


def cut_short(err: ScanStatusError, deadline: float, clock: polling.Clock = time.monotonic) -> bool:
    """An error the wait's deadline caused: a timeout, or a "try later" whose retries it ended."""
    later = isinstance(err, VendorResponseError) and err.status_code in TRY_LATER
    return (isinstance(err, TransportError) or later) and clock() >= deadline - 0.01


def timed_out(policy: WaitPolicy, last: NormalizedStatus | None) -> WaitTimeoutError:
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
    """Where every scan of a wait_all stands: its PollState (polls, next due time), its last
    status and its outcome. Every state starts as one: the same deadline for all."""

    def __init__(
        self, scans: Sequence[tuple[Any, ...]], policy: WaitPolicy, on_update: OnResult | None
    ) -> None:
        self.scans, self.policy, self.on_update = scans, policy, on_update
        first = PollState.start(policy, time.monotonic())
        self.deadline = first.deadline
        self.states = [first] * len(scans)
        self.last: list[NormalizedStatus | None] = [None] * len(scans)
        self.final: list[WaitResult | None] = [None] * len(scans)

    def pending(self, busy: set[int]) -> list[int]:
        return [i for i, done in enumerate(self.final) if done is None and i not in busy]

    @property
    def finished(self) -> bool:
        return all(self.final)

    def due(self, index: int) -> float:
        return self.states[index].next_poll_at

    def ready(self, busy: set[int], now: float) -> list[int]:
        """The scans due, longest overdue first: a scan polled often cannot starve the rest."""
        return sorted((i for i in self.pending(busy) if self.due(i) <= now), key=self.due)

    def next_due(self, busy: set[int]) -> float:
        return min((self.due(i) for i in self.pending(busy)), default=self.deadline)

    def until(self, busy: set[int], *, saturated: bool) -> float:
        """Seconds to wait for news: until the next scan is due, or, with every slot taken,
        until a poll ends (or the deadline) however overdue the next scan is."""
        due = self.deadline if saturated else min(self.next_due(busy), self.deadline)
        return max(0.0, due - time.monotonic())

    def record(self, answers: Answers) -> None:
        now = time.monotonic()
        factor = self.policy.jitter_factor()  # one per group: its scans stay in one request
        for index, answer in answers.items():
            if isinstance(answer, ScanStatusError):
                last = self.last[index]
                if cut_short(answer, self.deadline):  # the deadline, not the vendor, ended it
                    timeout = timed_out(self.policy, last)
                    timeout.__cause__ = answer
                    answer = timeout
                self._end(index, WaitResult(self.scans[index], last, answer))
                continue
            self.last[index] = answer
            state = self.states[index] = self.states[index].after(answer, now, factor)
            if state.settled:
                self._end(index, WaitResult(self.scans[index], answer))
            elif state.expired:
                self._end(
                    index, WaitResult(self.scans[index], answer, timed_out(self.policy, answer))
                )
            elif self.on_update:
                self.on_update(WaitResult(self.scans[index], answer, final=False))

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
                final = WaitResult(self.scans[index], last, timed_out(self.policy, last))
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
            until = board.until(busy, saturated=len(running) >= concurrency)
            if not running:
                time.sleep(until)
                continue
            done, _ = futures.wait(running, timeout=until, return_when=futures.FIRST_COMPLETED)
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
    """wait_many on any event loop anyio runs on: polls are tasks of one task group, cancelled
    when the deadline passes."""
    import anyio  # deferred: a sync user never loads the async machinery

    board = _Board(scans, policy, on_update)
    busy: set[int] = set()
    running = 0
    woken = anyio.Event()
    failures: list[BaseException] = []

    async def capped(members: list[int]) -> None:
        nonlocal running
        try:
            with capped_at(board.deadline):
                answers = await poll(members)
            board.record(answers)
        except Exception as err:  # a bug, not a vendor's answer: end the wait with it as raised
            failures.append(err)
            tasks.cancel_scope.cancel()
        finally:
            running -= 1
            busy.difference_update(members)
            woken.set()

    # anyio's clock is the loop's (trio's has its own offset): the deadline as time left.
    with anyio.move_on_after(max(0.0, board.deadline - time.monotonic())):
        async with anyio.create_task_group() as tasks:
            while not board.finished:
                now = time.monotonic()
                for members in _groups(board.ready(busy, now), group):
                    if running >= concurrency:
                        break
                    running += 1
                    busy.update(members)
                    tasks.start_soon(capped, members)
                until = board.until(busy, saturated=running >= concurrency)
                woken = anyio.Event()
                with anyio.move_on_after(until):
                    await woken.wait()
    if failures:
        raise failures[0]
    return board.results()


def check_concurrency(concurrency: int) -> int:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"concurrency must be a whole number of at least 1, not {concurrency!r}")
    return concurrency
