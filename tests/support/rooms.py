"""The vendors the tests run over, read from scan_status's registry rather than listed again."""

from __future__ import annotations

from typing import Any

from scan_status import vendors

ALL = vendors.known()
# Vendors with a status to read (Neostra only writes one).
READABLE = [room.key for room in vendors.rooms() if room.ids]


def sample_ids(key: str) -> tuple[Any, ...]:
    """The ids that name one scan, as the room's samples give them (ThreadFix: app 6, scan 41)."""
    return tuple(param.sample for param in vendors.get(key).ids)


def many_ids(key: str, count: int) -> list[tuple[Any, ...]]:
    """`count` different scans: the parents' samples, and `count` different last ids."""
    *parents, last = vendors.get(key).ids
    leading = tuple(param.sample for param in parents)
    return [(*leading, scan) for scan in last.samples(count)]


def phases(key: str, name: str) -> list[str]:
    """A phase's values as the room's mock sends them (empty: the vendor has none, e.g. a vendor
    whose scans start running at once has no "queued")."""
    return list(vendors.get(key).mock.phases.get(name, []))
