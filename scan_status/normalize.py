"""normalize(vendor, raw): any vendor status value or record, in the common vocabulary.

It never raises on what a vendor sends (unless strict=True): a value no mapping covers becomes
UNKNOWN with the raw value kept, and is logged once per vendor and value. How to read a vendor's
record is its room's business (scan_status/vendors/<key>.py); what a value means is the mapping's:
the `mapping` given here (an adapter's), then rows added with scan_status.map_status, then the
vendor's own (see scan_status/overrides.py).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping as MappingABC
from typing import Any

from scan_status import overrides, vendors
from scan_status.errors import SHOWN_CHARACTERS, UnknownStatusError, shown
from scan_status.mapping import Mapping, key
from scan_status.reading import Reading, text
from scan_status.states import ScanState
from scan_status.status import NormalizedStatus

logger = logging.getLogger(__name__)

# The (vendor, value) pairs warned about, most recent last: at most MAX_WARNED, a value longer
# than SHOWN_CHARACTERS kept as its digest. Past the bound the oldest is forgotten (and would
# warn again): a vendor sending a new value every poll costs bounded memory and log.
MAX_WARNED = 1024
_warned: OrderedDict[tuple[str, str], None] = OrderedDict()
_warned_lock = threading.Lock()


def normalize(
    vendor: str,
    raw: Any,
    *,
    strict: bool = False,
    mapping: overrides.Rows | None = None,
) -> NormalizedStatus:
    """`raw` is a status value, or a vendor record (a dict, or a generated model) holding one.

    `mapping` (value -> ScanState) wins over every other mapping for this call; it is checked
    as map_statuses checks its rows. In strict mode an unmapped value raises UnknownStatusError.
    """
    room = vendors.get(vendor)
    own = overrides.checked(vendor, mapping) if mapping else {}
    record = _as_record(raw)
    if record is None:
        reading, record = Reading(text(raw)), {}
    else:
        reading = room.read(record) if room.read else Reading(text(record.get("status")))
    phase = room.phase(reading.value) if room.phase else key(reading.value)
    known = _meaning(vendor, phase, own)
    if known is None:
        if strict:
            raise UnknownStatusError(vendor, reading.value)
        _warn_once(vendor, reading.value)
        state = ScanState.UNKNOWN
    else:
        state = known.state
    if reading.failed:  # the vendor's failure flag wins over its phase
        state = ScanState.FAILED
    return NormalizedStatus(
        state=state,
        vendor=vendor,
        raw=reading.value,
        phase=phase or None,
        record=record,
        message=reading.message,
        error=reading.error,
        scan_id=reading.scan_id,
        submitted_at=reading.submitted_at,
        started_at=reading.started_at,
        ended_at=reading.ended_at,
        updated_at=reading.updated_at,
    )


def _meaning(vendor: str, phase: str, own: dict[str, Mapping]) -> Mapping | None:
    for table in (own, overrides.process_rows(vendor), vendors.mapping_of(vendor)):
        if phase in table:
            return table[phase]
    return None


def _as_record(raw: Any) -> dict[str, Any] | None:
    if isinstance(raw, MappingABC):
        return dict(raw)
    for method in ("to_dict", "model_dump"):  # the generated attrs and pydantic models
        if callable(getattr(raw, method, None)):
            dumped = getattr(raw, method)()
            return dict(dumped) if isinstance(dumped, MappingABC) else None
    return None


def _warn_once(vendor: str, raw: str) -> None:
    remembered = (vendor, raw if len(raw) <= SHOWN_CHARACTERS else _digest(raw))
    with _warned_lock:
        if remembered in _warned:
            _warned.move_to_end(remembered)
            return
        _warned[remembered] = None
        if len(_warned) > MAX_WARNED:
            _warned.popitem(last=False)
    logger.warning(
        "%s status %s is not mapped and reads as UNKNOWN; %s",
        vendor,
        shown(raw),
        overrides.how_to_map(vendor, raw),
    )


def _digest(raw: str) -> str:
    import hashlib  # only for a value too long to remember whole

    return "sha256:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
