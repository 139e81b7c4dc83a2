"""Unmapped values cost bounded memory and bounded log: the once-per-value warning remembers at
most MAX_WARNED values (a long one as its digest) and quotes at most SHOWN_CHARACTERS of one;
the status itself keeps the whole raw value."""

from __future__ import annotations

import importlib
import logging

import pytest

from scan_status import ScanState, UnknownStatusError, normalize, vendors
from scan_status.errors import SHOWN_CHARACTERS

pytestmark = pytest.mark.pure  # reads no fact a release changes (tests/conftest.py)

# The module (scan_status re-exports its function under the same name).
normalizing = importlib.import_module("scan_status.normalize")
VENDOR = vendors.known()[0]
LONG = 900_000  # the probe: 0.9 MB values, a new one every poll


def test_a_long_unmapped_value_is_logged_briefly_and_kept_whole(
    caplog: pytest.LogCaptureFixture,
) -> None:
    raw = "X" * LONG + "-first"
    with caplog.at_level(logging.WARNING, logger="scan_status"):
        status = normalize(VENDOR, raw)
    assert status.state is ScanState.UNKNOWN and status.raw == raw
    (record,) = [r for r in caplog.records if "not mapped" in r.getMessage()]
    message = record.getMessage()
    assert len(message) < SHOWN_CHARACTERS + 400 and f"({len(raw):,} characters)" in message


def test_the_warned_values_stay_within_their_bound(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="scan_status"):
        for index in range(normalizing.MAX_WARNED + 150):
            normalize(VENDOR, f"{index:06d}" + "Y" * (LONG if index % 100 == 0 else 10))
    assert len(normalizing._warned) <= normalizing.MAX_WARNED
    remembered = sum(len(value) for _, value in normalizing._warned)
    assert remembered <= normalizing.MAX_WARNED * SHOWN_CHARACTERS
    logged = sum(len(r.getMessage()) for r in caplog.records)
    assert logged < (normalizing.MAX_WARNED + 150) * (SHOWN_CHARACTERS + 400)


def test_a_value_warns_once_while_remembered(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="scan_status"):
        for _ in range(3):
            normalize(VENDOR, "ONCE-ONLY-" + "Z" * LONG)
    assert len([r for r in caplog.records if "ONCE-ONLY" in r.getMessage()]) == 1


def test_strict_mode_quotes_a_long_value_briefly() -> None:
    raw = "W" * LONG
    with pytest.raises(UnknownStatusError) as refused:
        normalize(VENDOR, raw, strict=True)
    assert refused.value.raw == raw and len(str(refused.value)) < SHOWN_CHARACTERS + 400
