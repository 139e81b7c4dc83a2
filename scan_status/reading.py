"""What a vendor's status record says, read into plain fields: each vendor's room fills one in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class Reading:
    """A record's status value as the vendor sent it, and what else the record says."""

    value: str
    message: str | None = None
    error: str | None = None
    scan_id: str | None = None
    submitted_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    updated_at: datetime | None = None
    failed: bool = False  # a failure flag beside the value (ThreadFix): it wins over the value


def text(value: Any) -> str:
    """A status value as text: a string, an enum member (a generated KnownX), or nothing."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    inner = getattr(value, "value", None)
    return inner if isinstance(inner, str) else str(value)


def optional_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def epoch_ms(value: Any) -> datetime | None:
    """Milliseconds since the epoch (ThreadFix), as an aware UTC time; None if not a time."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def zoneless(value: Any) -> datetime | None:
    """An ISO time without a zone (Protecto's '2023-11-18 06:20:38.346615'), taken as UTC."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
