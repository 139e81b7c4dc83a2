"""When to send a request again: the policy a user gives, read by the retrying transport.

Its own module, free of httpx, so that the retry loop (retrying.py) and client construction
(http.py) both import it and neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from httpx_retries import Retry

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})


@dataclass(frozen=True)
class RetryPolicy:
    """When to send a request again. Only 429, 502, 503, 504 and connection errors are retried.

    A non-idempotent request (Neostra's PATCH) is retried only with `retry_non_idempotent=True`.
    A Retry-After header sets the wait (capped at `max_backoff`); `max_total_wait` bounds all
    the waits of one request.
    """

    attempts: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0
    max_total_wait: float = 60.0
    statuses: frozenset[int] = frozenset({429, 502, 503, 504})
    retry_non_idempotent: bool = False

    def methods(self) -> frozenset[str]:
        return IDEMPOTENT | ({"POST", "PATCH"} if self.retry_non_idempotent else frozenset())

    def to_retry(self) -> Retry:
        """httpx-retries' Retry for this policy, within any `wait` deadline."""
        # Deferred: httpx-retries imports asyncio (about 10 ms); only a first retry needs it.
        from scan_status.transport.deadline_retry import DeadlineRetry

        return DeadlineRetry(
            total=self.attempts,
            allowed_methods=self.methods(),
            status_forcelist=self.statuses,
            backoff_factor=self.backoff,
            backoff_jitter=0.5,
            max_backoff_wait=self.max_backoff,
            total_timeout=self.max_total_wait,
            respect_retry_after_header=True,
        )


NO_RETRIES = RetryPolicy(attempts=0)
