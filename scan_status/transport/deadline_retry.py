"""httpx-retries' Retry that neither sleeps past nor retries after a `wait` deadline.

Its own module, imported only when a first retry is decided (see retrying.py): httpx-retries
imports asyncio.
"""

from __future__ import annotations

import time

from httpx_retries import Retry

from scan_status.transport import deadlines


class DeadlineRetry(Retry):
    def is_exhausted(self) -> bool:
        limit = deadlines.cap()
        return super().is_exhausted() or (limit is not None and time.monotonic() >= limit)

    def parse_retry_after(self, retry_after: str) -> float:
        return self._within_cap(super().parse_retry_after(retry_after))

    def backoff_strategy(self) -> float:
        return self._within_cap(super().backoff_strategy())

    @staticmethod
    def _within_cap(seconds: float) -> float:
        limit = deadlines.cap()
        return seconds if limit is None else max(0.0, min(seconds, limit - time.monotonic()))
