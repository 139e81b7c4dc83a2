"""NormalizedStatus: one vendor answer in the common vocabulary, keeping what the vendor said."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scan_status.states import ScanState

TIMES = ("submitted_at", "started_at", "ended_at", "updated_at")
TEXTS = ("vendor", "raw", "phase", "message", "error", "scan_id")


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
        for name in TEXTS:
            out[name] = getattr(self, name)
        for name in TIMES:
            value = getattr(self, name)
            out[name] = value.isoformat() if value else None
        return out

    def to_dict(self) -> dict[str, Any]:
        """to_json with the vendor's record: all a scheduler needs to carry it (from_dict)."""
        return {**self.to_json(), "record": self.record}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NormalizedStatus:
        """The status to_dict (or to_json, without the record) gave; a bad field is named."""
        if not isinstance(data, Mapping):
            raise TypeError(f"NormalizedStatus.from_dict takes an object, not {data!r}")
        try:
            state = ScanState(data["state"])
        except (KeyError, ValueError):
            raise ValueError(
                f"NormalizedStatus.state must be one of {', '.join(ScanState)}, "
                f"not {data.get('state')!r}"
            ) from None
        values: dict[str, Any] = {"state": state}
        for name in TEXTS:
            value = data.get(name)
            if value is not None and not isinstance(value, str):
                raise TypeError(f"NormalizedStatus.{name} must be text, not {value!r}")
            values[name] = value
        for name in ("vendor", "raw"):
            if values[name] is None:
                raise ValueError(f"NormalizedStatus.{name} is missing")
        for name in TIMES:
            value = data.get(name)
            try:
                values[name] = datetime.fromisoformat(value) if value is not None else None
            except (TypeError, ValueError):
                raise ValueError(
                    f"NormalizedStatus.{name} must be an ISO 8601 time, not {value!r}"
                ) from None
        record = data.get("record", {})
        if not isinstance(record, Mapping):
            raise TypeError(f"NormalizedStatus.record must be an object, not {record!r}")
        return cls(**values, record=dict(record))
