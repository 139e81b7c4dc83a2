"""normalize(vendor, raw): any vendor status value or record, in the common vocabulary.

It never raises on what a vendor sends (unless strict=True): a value no mapping covers becomes
UNKNOWN with the raw value kept, and is logged once per vendor and value.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping as MappingABC
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from scan_status import mapping
from scan_status.errors import UnknownStatusError, UnknownVendorError
from scan_status.states import ScanState
from scan_status.status import NormalizedStatus

logger = logging.getLogger("scan_status")

CORTEX_SENTENCE = re.compile(
    r"^\s*scan\s+is\s+in\s+(?P<phase>.+?)\s+state\s*\.?\s*$", re.IGNORECASE
)
NO_ERROR = {"", "-"}  # Protecto's "-" means there was none
_warned: set[tuple[str, str]] = set()
_warned_lock = threading.Lock()


def normalize(vendor: str, raw: Any, *, strict: bool = False) -> NormalizedStatus:
    """`raw` is a status value, or a vendor record (a dict, or a generated model) holding one."""
    if vendor not in mapping.TABLES:
        raise UnknownVendorError(f"unknown vendor {vendor!r}; known: {', '.join(mapping.VENDORS)}")
    record = _as_record(raw)
    if record is None:
        return _status(vendor, _text(raw), strict, {})
    return _READERS[vendor](record, strict)


def _as_record(raw: Any) -> dict[str, Any] | None:
    if isinstance(raw, MappingABC):
        return dict(raw)
    for method in ("to_dict", "model_dump"):  # the generated attrs and pydantic models
        if callable(getattr(raw, method, None)):
            dumped = getattr(raw, method)()
            return dict(dumped) if isinstance(dumped, MappingABC) else None
    return None


def _status(
    vendor: str, raw: str, strict: bool, record: dict[str, Any], **extra: Any
) -> NormalizedStatus:
    phase = mapping.key(raw)
    if vendor == "cortex":
        found = CORTEX_SENTENCE.match(raw)
        phase = re.sub(r"[\s-]+", "_", found.group("phase").strip()).upper() if found else phase
    known = mapping.TABLES[vendor].get(phase)
    if known is None:
        if strict:
            raise UnknownStatusError(vendor, raw)
        _warn_once(vendor, raw)
        state = ScanState.UNKNOWN
    else:
        state = known.state
    return NormalizedStatus(
        state=state, vendor=vendor, raw=raw, phase=phase or None, record=record, **extra
    )


def _warn_once(vendor: str, raw: str) -> None:
    with _warned_lock:
        if (vendor, raw) in _warned:
            return
        _warned.add((vendor, raw))
    logger.warning(
        "%s status %r is not mapped and reads as UNKNOWN; add it to scan_status/mapping.py",
        vendor,
        raw,
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    inner = getattr(value, "value", None)  # an enum member, e.g. a generated KnownX
    return inner if isinstance(inner, str) else str(value)


def _optional_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _epoch_ms(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _zoneless(value: Any) -> datetime | None:
    """Protecto's '2023-11-18 06:20:38.346615': no zone given, so UTC is assumed."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _threadfix(record: dict[str, Any], strict: bool) -> NormalizedStatus:
    inner = record.get("object")  # the envelope's payload, when given the whole envelope
    scan: MappingABC[str, Any] = inner if isinstance(inner, MappingABC) else record
    status = _status(
        "threadfix",
        _text(scan.get("status")),
        strict,
        record,
        message=_optional_text(scan.get("scanMessage")) or _optional_text(record.get("message")),
        error=_optional_text(scan.get("errorMessage")),
        scan_id=str(scan["id"]) if isinstance(scan.get("id"), int) else None,
        updated_at=_epoch_ms(scan.get("modifiedDate")),
    )
    if scan.get("error") is True and status.state is not ScanState.FAILED:
        # ThreadFix can flag a failure beside any phase; the flag wins over the phase.
        return replace(status, state=ScanState.FAILED)
    return status


def _protecto(record: dict[str, Any], strict: bool) -> NormalizedStatus:
    error = record.get("error_msg")
    tracking_id = record.get("tracking_id")
    return _status(
        "protecto",
        _text(record.get("status")),
        strict,
        record,
        error=error.strip() if isinstance(error, str) and error.strip() not in NO_ERROR else None,
        scan_id=tracking_id if isinstance(tracking_id, str) else None,
        submitted_at=_zoneless(record.get("submitted_at")),
        started_at=_zoneless(record.get("process_started_at")),
        ended_at=_zoneless(record.get("process_ended_at")),
    )


def _cortex(record: dict[str, Any], strict: bool) -> NormalizedStatus:
    sentence = _text(record.get("DATA"))
    return _status("cortex", sentence, strict, record, message=_optional_text(sentence))


def _neostra(record: dict[str, Any], strict: bool) -> NormalizedStatus:
    return _status("neostra", _text(record.get("status")), strict, record)


_READERS = {"threadfix": _threadfix, "protecto": _protecto, "cortex": _cortex, "neostra": _neostra}
