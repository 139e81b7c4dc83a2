"""Poll once, and say when to poll next: the one algorithm every wait is written on.

`poll(fetch, state)` reads a status once and returns it with the next `PollState`: the polls so
far, when to poll again (a growing interval with jitter, never past the deadline), whether the
status settled the wait and whether the deadline passed. The state (with its `WaitPolicy`) and
the status are plain JSON data (`to_dict` / `from_dict`), so any scheduler can carry them from
one poll to the next: a task queue, a workflow engine, a cron job. `wait`, `await_terminal`,
`wait_all` and `await_all` (scan_status/waiting.py) are loops of the same steps in one process.

Times in a state are seconds on one clock: `time.time()` for `poll` and `apoll` (a state may
cross machines and restarts), `time.monotonic()` inside the in-process waits.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal, NamedTuple

from scan_status.states import ScanState
from scan_status.status import NormalizedStatus
from scan_status.transport import capped_at

Clock = Callable[[], float]
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

    def jittered(self, polls: int, factor: float | None = None) -> float:
        """delay(polls) scaled by `factor` (default: a fresh random one within the jitter)."""
        if factor is None:
            factor = self.jitter_factor()
        return self.delay(polls) * factor

    def jitter_factor(self) -> float:
        return random.uniform(1 - self.jitter, 1 + self.jitter)

    def delays(self) -> Iterator[float]:
        polls = 0
        while True:
            yield self.jittered(polls)
            polls += 1

    def settles(self, status: NormalizedStatus) -> bool:
        """Whether this status ends a wait: a terminal one, or an unknown one when told to stop."""
        return status.terminal or (self.on_unknown == "stop" and status.state is ScanState.UNKNOWN)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WaitPolicy:
        """The policy `to_dict` gave; an unknown or bad field is a ValueError/TypeError naming it."""
        _only_fields(cls, data, "WaitPolicy")
        return cls(**data)


@dataclass(frozen=True, slots=True)
class PollState:
    """Where a wait stands after `polls` polls, on its policy's schedule.

    `next_poll_at`: when to poll next (seconds on the wait's clock, see the module); `delay`:
    the seconds from the last poll to it; `settled`: the last status ends the wait (terminal, or
    UNKNOWN under on_unknown="stop"); `expired`: the deadline passed before it settled.
    """

    policy: WaitPolicy
    deadline: float
    polls: int = 0
    next_poll_at: float = 0.0
    delay: float = 0.0
    settled: bool = False
    expired: bool = False

    @property
    def done(self) -> bool:
        """No poll follows: the wait settled or ran out of time."""
        return self.settled or self.expired

    @classmethod
    def start(cls, policy: WaitPolicy | None = None, now: float | None = None) -> PollState:
        """A wait not polled yet: due at once, its deadline `policy.timeout` from `now`."""
        policy = policy or WaitPolicy()
        now = time.time() if now is None else now
        return cls(policy=policy, deadline=now + policy.timeout, next_poll_at=now)

    def after(self, status: NormalizedStatus, now: float, factor: float | None = None) -> PollState:
        """The state once `status` was read at `now`; `factor` fixes the jitter (one per group)."""
        policy = self.policy
        if policy.settles(status):
            return replace(self, polls=self.polls + 1, next_poll_at=now, delay=0.0, settled=True)
        remaining = self.deadline - now
        if remaining <= 0:
            return replace(self, polls=self.polls + 1, next_poll_at=now, delay=0.0, expired=True)
        delay = min(policy.jittered(self.polls, factor), remaining)
        return replace(self, polls=self.polls + 1, next_poll_at=now + delay, delay=delay)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data: json.dumps(state.to_dict()) round-trips through from_dict."""
        return {
            "policy": self.policy.to_dict(),
            "deadline": self.deadline,
            "polls": self.polls,
            "next_poll_at": self.next_poll_at,
            "delay": self.delay,
            "settled": self.settled,
            "expired": self.expired,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PollState:
        """The state `to_dict` gave; a missing, unknown or mistyped field is named."""
        _only_fields(cls, data, "PollState")
        for name in ("policy", "deadline"):
            if name not in data:
                raise ValueError(f"PollState.{name} is missing")
        policy = data["policy"]
        if not isinstance(policy, Mapping):
            raise TypeError(f"PollState.policy must be an object, not {policy!r}")
        values: dict[str, Any] = {"policy": WaitPolicy.from_dict(policy)}
        for name in ("deadline", "next_poll_at", "delay"):
            if name in data:
                values[name] = _number(data[name], f"PollState.{name}")
        if "polls" in data:
            polls = data["polls"]
            if isinstance(polls, bool) or not isinstance(polls, int) or polls < 0:
                raise TypeError(f"PollState.polls must be a whole number >= 0, not {polls!r}")
            values["polls"] = polls
        for name in ("settled", "expired"):
            if name in data:
                if not isinstance(data[name], bool):
                    raise TypeError(f"PollState.{name} must be true or false, not {data[name]!r}")
                values[name] = data[name]
        return cls(**values)


class Polled(NamedTuple):
    """One poll's outcome: the status read, and the state to carry to the next poll."""

    status: NormalizedStatus
    state: PollState

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status.to_dict(), "state": self.state.to_dict()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Polled:
        return cls(NormalizedStatus.from_dict(data["status"]), PollState.from_dict(data["state"]))


def begin(
    state: PollState | Mapping[str, Any] | None, policy: WaitPolicy | None, clock: Clock
) -> PollState:
    """The state a poll starts from: the one given (a dict is read with from_dict), or a new one."""
    if state is None:
        return PollState.start(policy, clock())
    if isinstance(state, Mapping):
        state = PollState.from_dict(state)
    if not isinstance(state, PollState):
        raise TypeError(f"state must be a PollState, its dict or None, not {state!r}")
    if policy is not None and policy != state.policy:
        raise ValueError("a state carries its own policy: give a policy only with no state")
    return state


def cap(state: PollState, clock: Clock) -> capped_at:
    """No request of this poll runs past the wait's deadline (read on the monotonic clock)."""
    return capped_at(time.monotonic() + (state.deadline - clock()))


def poll(
    fetch: Callable[[], NormalizedStatus],
    state: PollState | Mapping[str, Any] | None = None,
    policy: WaitPolicy | None = None,
    clock: Clock = time.time,
) -> Polled:
    """Read the status once (no request outlives the deadline) and the state that follows.

    A vendor's error reaches the caller as raised (scan_status.errors), the state unchanged: the
    caller decides whether to poll again at state.next_poll_at or give up.
    """
    current = begin(state, policy, clock)
    with cap(current, clock):
        status = fetch()
    return Polled(status, current.after(status, clock()))


async def apoll(
    fetch: Callable[[], Awaitable[NormalizedStatus]],
    state: PollState | Mapping[str, Any] | None = None,
    policy: WaitPolicy | None = None,
    clock: Clock = time.time,
) -> Polled:
    """poll, awaiting the read."""
    current = begin(state, policy, clock)
    with cap(current, clock):
        status = await fetch()
    return Polled(status, current.after(status, clock()))


def _only_fields(cls: Any, data: Mapping[str, Any], name: str) -> None:
    if not isinstance(data, Mapping):
        raise TypeError(f"{name}.from_dict takes an object, not {data!r}")
    unknown = sorted(set(data) - {field.name for field in fields(cls)})
    if unknown:
        raise ValueError(f"{name} has no field {', '.join(map(repr, unknown))}")


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise TypeError(f"{name} must be a finite number, not {value!r}")
    return float(value)
