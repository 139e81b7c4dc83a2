"""poll once: the state that follows a status (growing, jittered, capped at the deadline), and
the state and status as JSON a scheduler can carry. Pure logic: the reads are plain functions."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import anyio
import pytest

from scan_status import NormalizedStatus, Polled, PollState, ScanState, WaitPolicy
from scan_status.polling import apoll, poll

pytestmark = pytest.mark.pure  # reads no fact a release changes (tests/conftest.py)

STEADY = WaitPolicy(interval=1, max_interval=4, backoff=2, jitter=0, timeout=10)


def said(state: ScanState, raw: str = "x") -> NormalizedStatus:
    return NormalizedStatus(state=state, vendor="threadfix", raw=raw, scan_id="41")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_interval_grows_to_its_ceiling_and_never_past_the_deadline() -> None:
    clock = Clock()
    state = PollState.start(STEADY, clock())
    assert (state.polls, state.next_poll_at, state.deadline) == (0, 1000.0, 1010.0)
    delays = []
    while not state.done:
        _, state = poll(lambda: said(ScanState.RUNNING), state, clock=clock)
        delays.append(state.delay)
        clock.now = state.next_poll_at
    # 1, 2, 4, then the ceiling 4 would pass the deadline: only the 3 s left, then a last look.
    assert delays == [1.0, 2.0, 4.0, 3.0, 0.0]
    assert state.expired and not state.settled and state.polls == 5


def test_a_terminal_status_settles_at_once_and_unknown_only_when_told_to_stop() -> None:
    _, done = poll(lambda: said(ScanState.FAILED), policy=STEADY)
    assert done.settled and done.done and not done.expired and done.polls == 1
    _, unknown = poll(lambda: said(ScanState.UNKNOWN), policy=STEADY)
    assert not unknown.done, "on_unknown='poll' polls on"
    stop = WaitPolicy(interval=1, timeout=10, on_unknown="stop")
    assert poll(lambda: said(ScanState.UNKNOWN), policy=stop).state.settled


def test_jitter_stays_within_its_band() -> None:
    policy = WaitPolicy(interval=1, max_interval=1, jitter=0.2, timeout=100)
    delays = {poll(lambda: said(ScanState.RUNNING), policy=policy).state.delay for _ in range(200)}
    assert min(delays) >= 0.8 and max(delays) <= 1.2
    assert len(delays) > 100, "each wait its own factor"


def test_a_polled_state_and_status_cross_json_unchanged() -> None:
    record = {"status": "RUNNING", "id": 41, "nested": {"a": [1, 2]}}
    status = NormalizedStatus(
        state=ScanState.RUNNING,
        vendor="threadfix",
        raw="RUNNING",
        phase="RUNNING",
        scan_id="41",
        updated_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        record=record,
    )
    polled = poll(lambda: status, policy=STEADY)
    carried = Polled.from_dict(json.loads(json.dumps(polled.to_dict())))
    assert carried == polled
    assert carried.status.record == record and carried.status.updated_at == status.updated_at
    # The next poll goes on from the carried state: its count and its deadline.
    _, after = poll(lambda: said(ScanState.SUCCEEDED), carried.state.to_dict())
    assert after.polls == 2 and after.deadline == polled.state.deadline and after.settled


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"polls": -1}, TypeError, "PollState.polls"),
        ({"polls": "2"}, TypeError, "PollState.polls"),
        ({"deadline": "soon"}, TypeError, "PollState.deadline"),
        ({"deadline": float("nan")}, TypeError, "PollState.deadline"),
        ({"settled": 1}, TypeError, "PollState.settled"),
        ({"colour": "red"}, ValueError, "no field 'colour'"),
        ({"policy": {"interval": 0}}, ValueError, "interval must be at least"),
        ({"policy": {"intervall": 2}}, ValueError, "WaitPolicy has no field 'intervall'"),
        ({"policy": None}, TypeError, "PollState.policy"),
    ],
)
def test_a_bad_state_is_refused_naming_the_field(
    change: dict[str, Any], error: type[Exception], message: str
) -> None:
    data = {**PollState.start(STEADY).to_dict(), **change}
    with pytest.raises(error, match=message):
        PollState.from_dict(data)


def test_a_state_without_its_deadline_is_refused() -> None:
    data = PollState.start(STEADY).to_dict()
    del data["deadline"]
    with pytest.raises(ValueError, match=r"PollState\.deadline is missing"):
        PollState.from_dict(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"state": "DONE"}, "NormalizedStatus.state must be one of"),
        ({"raw": None}, r"NormalizedStatus\.raw is missing"),
        ({"updated_at": "yesterday"}, "NormalizedStatus.updated_at must be an ISO 8601"),
        ({"scan_id": 41}, "NormalizedStatus.scan_id must be text"),
        ({"record": [1]}, "NormalizedStatus.record must be an object"),
    ],
)
def test_a_bad_status_is_refused_naming_the_field(change: dict[str, Any], message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        NormalizedStatus.from_dict({**said(ScanState.RUNNING).to_dict(), **change})


def test_a_state_carries_its_policy_so_a_second_one_is_an_error() -> None:
    _, state = poll(lambda: said(ScanState.RUNNING), policy=STEADY)
    with pytest.raises(ValueError, match="carries its own policy"):
        poll(lambda: said(ScanState.RUNNING), state, policy=WaitPolicy())
    with pytest.raises(TypeError, match="state must be a PollState"):
        poll(lambda: said(ScanState.RUNNING), "state")  # type: ignore[arg-type]


def test_an_error_from_the_read_leaves_the_state_to_the_caller() -> None:
    _, state = poll(lambda: said(ScanState.RUNNING), policy=STEADY)

    def broken() -> NormalizedStatus:
        raise ConnectionError("down")

    with pytest.raises(ConnectionError):
        poll(broken, state)
    assert state.polls == 1, "frozen: nothing half-updated"


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_apoll_follows_the_same_steps_on_either_loop(backend: str) -> None:
    answers = iter([said(ScanState.PENDING), said(ScanState.RUNNING), said(ScanState.SUCCEEDED)])

    async def read() -> NormalizedStatus:
        await anyio.sleep(0)
        return next(answers)

    async def follow() -> list[int]:
        clock = Clock()
        state: PollState | None = PollState.start(STEADY, clock())
        seen = []
        while state is None or not state.done:
            _, state = await apoll(read, state, clock=clock)
            seen.append(state.polls)
            clock.now = state.next_poll_at
        assert state.settled
        return seen

    assert anyio.run(follow, backend=backend) == [1, 2, 3]
