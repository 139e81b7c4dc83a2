"""The vendors the tests run over, read from scan_status's registry rather than listed again."""

from __future__ import annotations

from typing import Any

from scan_status import vendors

ALL = vendors.known()
# Vendors with a status to read (Neostra only writes one).
READABLE = [room.key for room in vendors.rooms() if room.ids]


def sample_ids(key: str) -> tuple[Any, ...]:
    """Ids that name one scan: the last one is the scan (41), any before it its parent (6)."""
    ids = vendors.get(key).ids
    return tuple(
        (41 if last else 6) if param.type is int else ("t-41" if last else "t-6")
        for last, param in ((i == len(ids) - 1, param) for i, param in enumerate(ids))
    )
