"""Instants no request may outlive, shared by the HTTP layer and `wait` without importing httpx.

`wait` sets a cap (its own deadline) for the requests it makes; the HTTP layer sets each
attempt's deadline (now + its timeout, never past the cap) and every socket operation gets only
the time left before it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

_cap: ContextVar[float | None] = ContextVar("scan_status_deadline_cap", default=None)
_attempt: ContextVar[float | None] = ContextVar("scan_status_attempt_deadline", default=None)


class capped_at:  # lower case: used like the function it replaced, `with capped_at(t):`
    """No request made inside may run past `instant` (a time.monotonic() value).

    A class rather than a generator-based context manager: thousands of concurrent waits each
    hold one across their request, and this is the smaller of the two.
    """

    __slots__ = ("_instant", "_token")

    def __init__(self, instant: float) -> None:
        self._instant = instant
        self._token: Token[float | None] | None = None

    def __enter__(self) -> None:
        outer = _cap.get()
        self._token = _cap.set(self._instant if outer is None else min(outer, self._instant))

    def __exit__(self, *exc: object) -> None:
        assert self._token is not None
        _cap.reset(self._token)
        self._token = None


def cap() -> float | None:
    return _cap.get()


def attempt_deadline(budget: float | None) -> float | None:
    """The instant an attempt starting now must end by: `budget` seconds, within the cap."""
    limit = _cap.get()
    if budget is None:
        return limit
    own = time.monotonic() + budget
    return own if limit is None else min(own, limit)


@contextmanager
def attempt(deadline: float | None) -> Iterator[None]:
    token = _attempt.set(deadline)
    try:
        yield
    finally:
        _attempt.reset(token)


# The hot path (every body chunk) sets and resets the attempt itself: a generator-based context
# manager costs more than the read it bounds. Always pair: `token = enter(d); try: ... finally:
# leave(token)`.
def enter(deadline: float | None) -> Token[float | None]:
    return _attempt.set(deadline)


def leave(token: Token[float | None]) -> None:
    _attempt.reset(token)


def time_left() -> float | None:
    """Seconds before the current attempt's deadline (None: no deadline); may be <= 0."""
    deadline = _attempt.get()
    return None if deadline is None else deadline - time.monotonic()
