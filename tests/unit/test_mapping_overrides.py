"""Mappings added from user code: process-wide (map_status, map_statuses) and per call or adapter
(mapping=), checked when given, and the advice an unmapped value gets names that API."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

import scan_status
from scan_status import ScanState, UnknownStatusError, UnknownVendorError, normalize
from scan_status.mapping import Mapping

S = ScanState


@pytest.fixture(autouse=True)
def no_leftover_rows() -> Iterator[None]:
    scan_status.clear_status_mappings()
    yield
    scan_status.clear_status_mappings()


def test_map_status_changes_what_a_value_means_for_the_process() -> None:
    assert normalize("threadfix", "SCAN_ARCHIVED").state is S.UNKNOWN
    scan_status.map_status("threadfix", "scan_archived ", S.CANCELLED, reason="withdrawn")
    archived = normalize("threadfix", "SCAN_ARCHIVED")
    assert archived.state is S.CANCELLED and archived.raw == "SCAN_ARCHIVED"
    assert normalize("threadfix", "SCAN_ARCHIVED", strict=True).state is S.CANCELLED
    assert normalize("protecto", "SCAN_ARCHIVED").state is S.UNKNOWN, "one vendor only"
    scan_status.clear_status_mappings("threadfix")
    assert normalize("threadfix", "SCAN_ARCHIVED").state is S.UNKNOWN


def test_a_built_in_value_can_be_overridden_and_the_failure_flag_still_wins() -> None:
    scan_status.map_statuses("threadfix", {"DONE": S.RUNNING})
    assert normalize("threadfix", "DONE").state is S.RUNNING
    flagged = {"status": "DONE", "error": True}
    assert normalize("threadfix", flagged).state is S.FAILED


def test_cortex_rows_are_the_word_in_the_sentence() -> None:
    scan_status.map_statuses("cortex", [("Paused", S.RUNNING), ("skipped", Mapping(S.CANCELLED))])
    assert normalize("cortex", {"DATA": "Scan is in Paused state"}).state is S.RUNNING
    assert normalize("cortex", {"DATA": "Scan is in Skipped state"}).state is S.CANCELLED


def test_the_callers_mapping_wins_over_the_process_and_the_built_in() -> None:
    scan_status.map_status("threadfix", "SCAN_ARCHIVED", S.CANCELLED)
    mine = {"scan_archived": S.FAILED, "DONE": S.CANCELLED}
    assert normalize("threadfix", "SCAN_ARCHIVED", mapping=mine).state is S.FAILED
    assert normalize("threadfix", "DONE", mapping=mine).state is S.CANCELLED
    assert normalize("threadfix", "QUEUED", mapping=mine).state is S.PENDING


@pytest.mark.parametrize(
    ("rows", "error", "said"),
    [
        ({"DONE": S.FAILED, "done ": S.SUCCEEDED}, ValueError, "mapped twice"),
        ([("X", S.FAILED), ("X", S.FAILED)], ValueError, "mapped twice"),
        ({"X": "FAILED"}, TypeError, "must map to a ScanState"),
        ({"X": 3}, TypeError, "must map to a ScanState"),
        ({"X": Mapping("FAILED")}, TypeError, "must map to a ScanState"),  # type: ignore[arg-type]
        ({}, ValueError, "no status mapping rows"),
    ],
)
def test_bad_rows_are_refused_whole_at_registration(
    rows: object, error: type[Exception], said: str
) -> None:
    scan_status.map_status("threadfix", "KEPT", S.RUNNING)
    with pytest.raises(error, match=said):
        scan_status.map_statuses("threadfix", rows)  # type: ignore[arg-type]
    assert normalize("threadfix", "KEPT").state is S.RUNNING
    assert normalize("threadfix", "X").state is S.UNKNOWN, "nothing of a refused call applies"


def test_an_unknown_vendor_is_refused() -> None:
    with pytest.raises(UnknownVendorError, match="known: neostra"):
        scan_status.map_status("qualys", "DONE", S.SUCCEEDED)


def test_an_adapter_checks_its_mapping_when_built() -> None:
    with pytest.raises(ValueError, match="mapped twice"):
        scan_status.threadfix(
            base_url="http://127.0.0.1:9", api_key="k", mapping={"A": S.FAILED, "a": S.FAILED}
        )
    with pytest.raises(TypeError, match="must map to a ScanState"):
        # the mistake an untyped caller makes: a value that is no ScanState
        scan_status.protecto(base_url="http://127.0.0.1:9", token="t", mapping={"A": "FAILED"})  # type: ignore[arg-type]


def test_the_advice_for_an_unmapped_value_names_the_api(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="scan_status"):
        normalize("threadfix", "NEVER_SEEN_BEFORE")
    (message,) = [r.getMessage() for r in caplog.records if "NEVER_SEEN_BEFORE" in r.getMessage()]
    assert "scan_status.map_status('threadfix', 'NEVER_SEEN_BEFORE', ScanState." in message
    assert "mapping={'NEVER_SEEN_BEFORE'" in message
    assert "mapping.py" not in message, "not a file in the user's site-packages"
    with pytest.raises(UnknownStatusError) as strict:
        normalize("threadfix", "NEVER_SEEN_AGAIN", strict=True)
    assert "scan_status.map_status(" in str(strict.value) and "mapping.py" not in str(strict.value)
