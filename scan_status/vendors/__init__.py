"""The registry of vendors: one room each (scan_status/vendors/<key>.py) and its mapping rows.

The factories, the CLI's commands, the mock servers and the tests all read this registry. The
built-in vendors are the keys of scan_status/mapping.py's TABLES, each with its room module here;
they are loaded on first use. A vendor outside this package is added with `register`:

    from scan_status import ScanState, vendors
    vendors.register(ACME_ROOM, mapping={"QUEUED": ScanState.PENDING, "DONE": ScanState.SUCCEEDED})
"""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Iterable
from collections.abc import Mapping as MappingOf
from typing import Any

from scan_status import mapping as _mapping
from scan_status.errors import UnknownVendorError
from scan_status.reading import Reading
from scan_status.states import ScanState
from scan_status.vendors._errors import DEFAULT as DEFAULT_ERRORS
from scan_status.vendors._errors import ErrorRule, Errors
from scan_status.vendors._room import ADAPTER_OPTIONS, Call, IdParam, JsonBody, MockAnswers, Room

__all__ = [
    "DEFAULT_ERRORS",
    "Call",
    "ErrorRule",
    "Errors",
    "IdParam",
    "JsonBody",
    "MockAnswers",
    "Reading",
    "Room",
    "adapter",
    "get",
    "known",
    "mapping_of",
    "mapping_source",
    "register",
    "rooms",
    "unregister",
]

KEY = re.compile(r"^[a-z][a-z0-9_]*$")
BUILT_IN_SOURCE = "scan_status/mapping.py"

_rooms: dict[str, Room] = {}
_tables: dict[str, dict[str, _mapping.Mapping]] = {}
_sources: dict[str, str] = {}
_lock = threading.RLock()
_ready = False  # every built-in room is loaded: lookups after that skip the lock


def _load_built_in(only: str | None = None) -> None:
    """Load the built-in rooms (or just `only`'s, when it is one): an adapter for one vendor
    loads that vendor's module alone."""
    global _ready
    if _ready:
        return
    with _lock:
        for key, rows in _mapping.TABLES.items():
            if key not in _rooms and (only is None or key == only):
                room = importlib.import_module(f"scan_status.vendors.{key}").ROOM
                _add(room, rows, BUILT_IN_SOURCE)
        _ready = only is None


def _add(
    room: Room,
    rows: MappingOf[str, _mapping.Mapping | ScanState] | Iterable[tuple[str, Any]],
    source: str,
) -> None:
    if not isinstance(room, Room):
        raise TypeError(f"register() takes a scan_status.vendors.Room, not {type(room).__name__}")
    if not KEY.match(room.key):
        raise ValueError(f"vendor key {room.key!r} must be lower-case letters, digits and _")
    if clash := ADAPTER_OPTIONS & set(room.credentials):
        raise ValueError(f"{room.key}: a credential may not be named {', '.join(sorted(clash))}")
    if clash := (ADAPTER_OPTIONS | set(room.credentials)) & set(room.settings):
        raise ValueError(f"{room.key}: a setting may not be named {', '.join(sorted(clash))}")
    if empty := [name for name, choices in room.settings.items() if not choices]:
        raise ValueError(f"{room.key}: the setting {', '.join(empty)} offers no choice")
    if room.ids and room.adapter is None and room.status_operation is None:
        raise ValueError(f"{room.key} reads a status but names no adapter or status_operation")
    table = _mapping.checked(room.key, rows)
    with _lock:
        if room.key in _rooms:
            raise ValueError(f"vendor {room.key!r} is already registered")
        _rooms[room.key] = room
        _tables[room.key] = table
        _sources[room.key] = source


def register(
    room: Room,
    *,
    mapping: MappingOf[str, _mapping.Mapping | ScanState] | Iterable[tuple[str, Any]],
    source: str | None = None,
) -> Room:
    """Add a vendor from outside this package: its room and its status rows (value -> ScanState,
    or a scan_status.mapping.Mapping with a reason). A value mapped twice, or to anything but a ScanState,
    is an error here. `source` is what totality tells a maintainer to edit for a missing row."""
    _load_built_in()
    _add(
        room, mapping, source or f"the mapping given to scan_status.vendors.register for {room.key}"
    )
    return room


def unregister(key: str) -> None:
    """Remove a vendor added with register (a built-in vendor stays)."""
    _load_built_in()
    with _lock:
        if _sources.get(key) == BUILT_IN_SOURCE:
            raise ValueError(f"{key} is built in")
        _rooms.pop(key, None)
        _tables.pop(key, None)
        _sources.pop(key, None)


def get(key: str) -> Room:
    room = _rooms.get(key)
    if room is not None:
        return room
    _load_built_in(key if key in _mapping.TABLES else None)
    room = _rooms.get(key)
    if room is None:
        raise UnknownVendorError(f"unknown vendor {key!r}; known: {', '.join(_rooms)}")
    return room


def rooms() -> list[Room]:
    """Every room: the built-in ones in mapping.py's order, then those registered."""
    _load_built_in()
    built_in = [_rooms[key] for key in _mapping.TABLES]
    return built_in + [room for key, room in _rooms.items() if key not in _mapping.TABLES]


def registered() -> list[str]:
    """The vendors registered so far, without loading the built-in rooms."""
    with _lock:
        return list(_rooms)


def known() -> list[str]:
    return [room.key for room in rooms()]


def mapping_of(key: str) -> dict[str, _mapping.Mapping]:
    get(key)
    return _tables[key]


def mapping_source(key: str) -> str:
    get(key)
    return _sources[key]
