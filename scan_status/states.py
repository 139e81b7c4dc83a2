"""The one status vocabulary every vendor is translated into."""

from __future__ import annotations

from enum import StrEnum


class ScanState(StrEnum):
    """Where a scan is. The first five are common ground; UNKNOWN is a value nobody mapped yet."""

    PENDING = "PENDING"  # accepted, not started
    RUNNING = "RUNNING"  # being worked on
    SUCCEEDED = "SUCCEEDED"  # finished, and it worked
    FAILED = "FAILED"  # finished, and it did not work
    CANCELLED = "CANCELLED"  # will never finish: stopped or withdrawn
    UNKNOWN = "UNKNOWN"  # the vendor said something no mapping covers (the raw value is kept)

    @property
    def terminal(self) -> bool:
        """True once the scan will not change state again (Celery's READY_STATES)."""
        return self in TERMINAL_STATES


TERMINAL_STATES = frozenset({ScanState.SUCCEEDED, ScanState.FAILED, ScanState.CANCELLED})
