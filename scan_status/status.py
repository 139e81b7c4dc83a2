"""NormalizedStatus: one vendor answer in the common vocabulary, keeping what the vendor said."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scan_status.states import ScanState


@dataclass(frozen=True)
class NormalizedStatus:
    """The state in the shared vocabulary, and the vendor's own words beside it.

    Times are timezone-aware. A vendor time without a zone (Protecto's) is taken as UTC.
    """

    state: ScanState
    vendor: str
    raw: str  # exactly the status the vendor sent: "PENDING ", "Scan is in Running state", ...
    phase: str | None = (
        None  # the vendor's own, finer phase, tidied: "FINDINGS_GENERATING", "RUNNING"
    )
    message: str | None = None
    error: str | None = None
    scan_id: str | None = None
    submitted_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    updated_at: datetime | None = None
    record: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def terminal(self) -> bool:
        return self.state.terminal

    @property
    def succeeded(self) -> bool:
        return self.state is ScanState.SUCCEEDED

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (times as ISO 8601), for the CLI's --json and for logs."""
        out: dict[str, Any] = {"state": self.state.value, "terminal": self.terminal}
        for name in ("vendor", "raw", "phase", "message", "error", "scan_id"):
            out[name] = getattr(self, name)
        for name in ("submitted_at", "started_at", "ended_at", "updated_at"):
            value = getattr(self, name)
            out[name] = value.isoformat() if value else None
        return out
