"""WaitPolicy's checks, on_unknown, and wait_many's bookkeeping: one deadline, bounded
concurrency, a result per scan. Pure logic: the polls are plain functions, not a vendor."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import anyio
import pytest

from scan_status import ScanState, WaitPolicy, WaitTimeoutError
from scan_status.errors import NotFoundError, ScanStatusError
from scan_status.status import NormalizedStatus
from scan_status.waiting import Answers, await_many, await_terminal, wait, wait_many

pytestmark = pytest.mark.pure  # reads no fact a release changes (tests/conftest.py)

FAST = WaitPolicy(interval=0.01, max_interval=0.02, timeout=5)


def said(state: ScanState, raw: str = "x") -> NormalizedStatus:
    return NormalizedStatus(state=state, vendor="threadfix", raw=raw)


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"interval": -1}, ValueError, "at least 0.01"),
        ({"interval": 0}, ValueError, "at least 0.01"),
        ({"interval": float("nan")}, ValueError, "finite"),
        ({"timeout": float("nan")}, ValueError, "finite"),
        ({"timeout": float("inf")}, ValueError, "finite"),
        ({"timeout": 0}, ValueError, "above 0"),
        ({"timeout": -5}, ValueError, "above 0"),
        ({"backoff": 0.5}, ValueError, "backoff"),
        ({"jitter": 1.5}, ValueError, "jitter"),
        ({"interval": 5, "max_interval": 1}, ValueError, "max_interval"),
        ({"interval": "2"}, TypeError, "a number"),
        ({"on_unknown": "ignore"}, ValueError, "'poll' or 'stop'"),
    ],
)
def test_a_policy_that_would_hang_or_flood_is_refused(
    fields: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        WaitPolicy(**fields)


def test_on_unknown_poll_keeps_polling_and_stop_ends_at_the_first() -> None:
    answers = iter([said(ScanState.UNKNOWN, "NEW"), said(ScanState.SUCCEEDED, "DONE")])
    assert wait(lambda: next(answers), FAST).raw == "DONE"
    calls: list[int] = []

    def unknown() -> NormalizedStatus:
        calls.append(1)
        return said(ScanState.UNKNOWN, "NEW")

    stopped = wait(unknown, WaitPolicy(interval=0.01, timeout=5, on_unknown="stop"))
    assert stopped.state is ScanState.UNKNOWN and len(calls) == 1


def scripted(scripts: list[list[NormalizedStatus | ScanStatusError]]) -> Any:
    """A poll over scans whose answers follow their scripts (the last repeats), counting calls."""
    lock = threading.Lock()
    state = {"in_flight": 0, "most": 0, "calls": 0}

    def poll(members: list[int]) -> Answers:
        with lock:
            state["in_flight"] += 1
            state["calls"] += 1
            state["most"] = max(state["most"], state["in_flight"])
        time.sleep(0.01)
        answers: Answers = {}
        for index in members:
            script = scripts[index]
            answers[index] = script.pop(0) if len(script) > 1 else script[0]
        with lock:
            state["in_flight"] -= 1
        return answers

    return poll, state


def test_many_scans_one_deadline_bounded_and_a_result_each() -> None:
    scripts: list[list[NormalizedStatus | ScanStatusError]] = []
    for n in range(30):
        if n % 3 == 0:
            scripts.append([said(ScanState.RUNNING), said(ScanState.SUCCEEDED, "DONE")])
        elif n % 3 == 1:
            scripts.append([NotFoundError("threadfix", 404, "no scan", None)])
        else:
            scripts.append([said(ScanState.RUNNING)])  # never finishes
    poll, counted = scripted(scripts)
    scans = [(6, n) for n in range(30)]
    started = time.monotonic()
    policy = WaitPolicy(interval=0.01, max_interval=0.05, timeout=1)
    results = wait_many(scans, poll, policy, concurrency=4)
    assert time.monotonic() - started < 1 + 3, "one deadline for all, nothing waits past it"
    assert counted["most"] <= 4
    assert [r.ids for r in results] == scans, "in the order given"
    for n, result in enumerate(results):
        if n % 3 == 0:
            assert result.succeeded and result.error is None
        elif n % 3 == 1:
            assert isinstance(result.error, NotFoundError) and result.status is None
        else:
            assert isinstance(result.error, WaitTimeoutError)
            assert result.status is not None and result.state is ScanState.RUNNING
            assert result.error.last_status == result.status


def test_groups_poll_every_pending_scan_in_one_call() -> None:
    scripts: list[list[NormalizedStatus | ScanStatusError]] = [
        [said(ScanState.PENDING), said(ScanState.RUNNING), said(ScanState.SUCCEEDED)]
        for _ in range(10)
    ]
    poll, counted = scripted(scripts)
    results = wait_many([(n,) for n in range(10)], poll, FAST, group=100, concurrency=4)
    assert all(r.succeeded for r in results)
    assert counted["calls"] == 3, "one call a round for all ten"


def test_await_many_gives_the_same_results() -> None:
    scripts: list[list[NormalizedStatus | ScanStatusError]] = [
        [said(ScanState.RUNNING), said(ScanState.FAILED)],
        [said(ScanState.UNKNOWN, "NEW")],
    ]

    async def poll(members: list[int]) -> Answers:
        await asyncio.sleep(0.005)
        return {i: scripts[i].pop(0) if len(scripts[i]) > 1 else scripts[i][0] for i in members}

    stop = WaitPolicy(interval=0.01, timeout=5, on_unknown="stop")
    failed, unknown = asyncio.run(await_many([(1,), (2,)], poll, stop, concurrency=2))
    assert failed.state is ScanState.FAILED and failed.error is None
    assert unknown.state is ScanState.UNKNOWN and unknown.error is None, "stopped, not timed out"


BACKENDS = ["asyncio", "trio"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_await_terminal_polls_sleeps_and_times_out_on_either_loop(backend: str) -> None:
    answers = iter([said(ScanState.PENDING), said(ScanState.RUNNING), said(ScanState.SUCCEEDED)])
    heard: list[ScanState] = []

    async def read() -> NormalizedStatus:
        await anyio.sleep(0.001)
        return next(answers)

    async def follow() -> NormalizedStatus:
        return await await_terminal(read, FAST, lambda status: heard.append(status.state))

    assert anyio.run(follow, backend=backend).state is ScanState.SUCCEEDED
    assert heard == [ScanState.PENDING, ScanState.RUNNING, ScanState.SUCCEEDED]

    async def running() -> NormalizedStatus:
        return said(ScanState.RUNNING, "STILL")

    async def late() -> NormalizedStatus:
        return await await_terminal(running, WaitPolicy(interval=0.01, timeout=0.2))

    with pytest.raises(WaitTimeoutError, match="STILL") as caught:
        anyio.run(late, backend=backend)
    assert caught.value.last_status == said(ScanState.RUNNING, "STILL")


@pytest.mark.parametrize("backend", BACKENDS)
def test_await_many_one_deadline_bounded_and_a_result_each_on_either_loop(backend: str) -> None:
    scripts: list[list[NormalizedStatus | ScanStatusError]] = []
    for n in range(30):
        if n % 3 == 0:
            scripts.append([said(ScanState.RUNNING), said(ScanState.SUCCEEDED, "DONE")])
        elif n % 3 == 1:
            scripts.append([NotFoundError("threadfix", 404, "no scan", None)])
        else:
            scripts.append([said(ScanState.RUNNING)])  # never finishes
    flight = {"now": 0, "most": 0}

    async def poll(members: list[int]) -> Answers:
        flight["now"] += 1
        flight["most"] = max(flight["most"], flight["now"])
        await anyio.sleep(0.01)
        flight["now"] -= 1
        return {i: scripts[i].pop(0) if len(scripts[i]) > 1 else scripts[i][0] for i in members}

    policy = WaitPolicy(interval=0.01, max_interval=0.05, timeout=1)
    scans = [(6, n) for n in range(30)]

    async def run() -> list[Any]:
        return await await_many(scans, poll, policy, concurrency=4)

    started = time.monotonic()
    results = anyio.run(run, backend=backend)
    assert time.monotonic() - started < 1 + 3, "one deadline for all, nothing waits past it"
    assert flight["most"] <= 4
    assert [r.ids for r in results] == scans
    for n, result in enumerate(results):
        if n % 3 == 0:
            assert result.succeeded
        elif n % 3 == 1:
            assert isinstance(result.error, NotFoundError)
        else:
            assert isinstance(result.error, WaitTimeoutError) and result.state is ScanState.RUNNING


@pytest.mark.parametrize("backend", BACKENDS)
def test_await_many_raises_a_bug_in_a_poll_as_raised_not_grouped(backend: str) -> None:
    async def poll(members: list[int]) -> Answers:
        raise KeyError("a bug")

    async def run() -> list[Any]:
        return await await_many([(1,), (2,)], poll, FAST)

    with pytest.raises(KeyError, match="a bug"):
        anyio.run(run, backend=backend)


def test_a_saturated_wait_many_sleeps_until_a_poll_ends_rather_than_spinning() -> None:
    # Two slots, eight scans always due: the loop must block on the busy polls, not spin.
    rounds = {"n": 0}
    original = wait_many.__globals__["_Board"].ready

    def counted(self: Any, busy: set[int], now: float) -> list[int]:
        rounds["n"] += 1
        return original(self, busy, now)  # type: ignore[no-any-return]

    def poll(members: list[int]) -> Answers:
        time.sleep(0.05)
        return {i: said(ScanState.SUCCEEDED) for i in members}

    board = wait_many.__globals__["_Board"]
    board.ready = counted
    try:
        results = wait_many([(n,) for n in range(8)], poll, FAST, concurrency=2)
    finally:
        board.ready = original
    assert all(r.succeeded for r in results)
    assert rounds["n"] < 30, f"{rounds['n']} scheduling rounds for 4 rounds of polls"
