"""Status mappings added from user code: process-wide (map_status, map_statuses) or per adapter
(the `mapping=` option every adapter takes). Both are checked as the built-in mapping is: a value
mapped twice in one call, or to anything but a ScanState, is an error at once.

What a value means, first match wins: the adapter's `mapping=`, then these process-wide rows,
then the vendor's own mapping (scan_status/mapping.py, or the rows given to vendors.register).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from collections.abc import Mapping as MappingOf
from types import MappingProxyType
from typing import Any

from scan_status import mapping as _mapping
from scan_status import vendors
from scan_status.errors import how_to_map as how_to_map  # where the unmapped value's error is
from scan_status.states import ScanState

Rows = MappingOf[str, "_mapping.Mapping | ScanState"] | Iterable[tuple[str, Any]]

_process: dict[str, dict[str, _mapping.Mapping]] = {}
_lock = threading.Lock()


def checked(vendor: str, rows: Rows) -> dict[str, _mapping.Mapping]:
    """The rows keyed as looked up (trimmed, upper-cased), for a known vendor; ValueError for a
    value mapped twice, TypeError for a row that is not a ScanState (or a Mapping holding one)."""
    vendors.get(vendor)  # UnknownVendorError names the known ones
    return _mapping.checked(vendor, rows)


def map_statuses(vendor: str, rows: Rows) -> None:
    """Map several of `vendor`'s status values for the whole process, e.g.
    `map_statuses("threadfix", {"SCAN_ARCHIVED": ScanState.CANCELLED})`.

    A row may be a ScanState or a `scan_status.mapping.Mapping(state, reason)`. Rows given here
    win over the vendor's built-in mapping and over earlier calls; an adapter's own `mapping=`
    wins over them. The whole call is checked before any row takes effect.
    """
    table = checked(vendor, rows)
    with _lock:
        _process[vendor] = {**_process.get(vendor, {}), **table}


def map_status(vendor: str, value: str, state: ScanState, *, reason: str = "") -> None:
    """Map one of `vendor`'s status values to `state` for the whole process (see map_statuses)."""
    map_statuses(vendor, {value: _mapping.Mapping(state, reason)})


def clear_status_mappings(vendor: str | None = None) -> None:
    """Forget what map_status/map_statuses added (for one vendor, or for all)."""
    with _lock:
        if vendor is None:
            _process.clear()
        else:
            _process.pop(vendor, None)


def process_rows(vendor: str) -> MappingOf[str, _mapping.Mapping]:
    # No lock: every request reads this, and a writer replaces a vendor's table whole.
    return _process.get(vendor, _NONE)


_NONE: MappingOf[str, _mapping.Mapping] = MappingProxyType({})
