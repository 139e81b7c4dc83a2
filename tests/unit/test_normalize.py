"""normalize(): every vendor value, the quirks vendors really send, unknown values, strict mode."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from scan_status import ScanState, UnknownStatusError, UnknownVendorError, normalize, vendors
from scan_status.mapping import TABLES, key, markdown_table
from scan_status.totality import unmapped
from tests.support.examples import examples
from tests.support.workspace import ROOT

S = ScanState
# Written out here, not read from the mapping: a row changed or removed (a major release) must
# change this too; a row added (a minor one, a vendor's new status) needs no test edit.
EXPECTED = {
    "neostra": {
        "PENDING": S.PENDING,
        "RUNNING": S.RUNNING,
        "COMPLETED": S.SUCCEEDED,
        "FAILED": S.FAILED,
        "CANCELLED": S.CANCELLED,
    },
    "threadfix": {
        "QUEUED": S.PENDING,
        "UPLOADED": S.RUNNING,
        "FINDINGS_GENERATING": S.RUNNING,
        "CHANNEL_MERGING": S.RUNNING,
        "APPLICATION_MERGING": S.RUNNING,
        "APPLICATION_MERGED": S.RUNNING,
        "LINKING_DEFECTS": S.RUNNING,
        "DONE": S.SUCCEEDED,
        "FINISHED_FINDING_PULLING": S.SUCCEEDED,
        "SCAN_INTERRUPTED": S.FAILED,
        "SCAN_QUEUED_FOR_DELETE": S.CANCELLED,
        "SCAN_DELETED": S.CANCELLED,
    },
    "protecto": {
        "PENDING": S.PENDING,
        "IN-PROGRESS": S.RUNNING,
        "SUCCESS": S.SUCCEEDED,
        "FAILED": S.FAILED,
    },
    "cortex": {
        "Scan is in Running state": S.RUNNING,
        "Scan is in Pending state": S.PENDING,
        "Scan is in Queued state": S.PENDING,
        "Scan is in Initiated state": S.PENDING,
        "Scan is in In Progress state": S.RUNNING,
        "Scan is in Processing state": S.RUNNING,
        "Scan is in Completed state": S.SUCCEEDED,
        "Scan is in Success state": S.SUCCEEDED,
        "Scan is in Completed With Errors state": S.FAILED,
        "Scan is in Failed state": S.FAILED,
        "Scan is in Failed_Error state": S.FAILED,
        "Scan is in Failed Timeout state": S.FAILED,
        "Scan is in Cancelled state": S.CANCELLED,
        "Scan is in Aborted state": S.CANCELLED,
        "Scan is in Stopped state": S.CANCELLED,
    },
}
CASES = [(vendor, raw, state) for vendor, table in EXPECTED.items() for raw, state in table.items()]


@pytest.mark.parametrize(("vendor", "raw", "state"), CASES)
def test_every_vendor_value(vendor: str, raw: str, state: ScanState) -> None:
    status = normalize(vendor, raw)
    assert (status.state, status.raw, status.vendor) == (state, raw, vendor)
    assert status.terminal == (state in {S.SUCCEEDED, S.FAILED, S.CANCELLED})


def test_every_value_written_here_is_still_mapped() -> None:
    cortex_words = {
        re.sub(r"[\s-]+", "_", r[len("Scan is in ") : -len(" state")]).upper()
        for r in EXPECTED["cortex"]
    }
    for vendor in EXPECTED:  # a vendor added later has its own tests
        tested = cortex_words if vendor == "cortex" else set(EXPECTED[vendor])
        assert tested <= set(TABLES[vendor]), vendor


@pytest.mark.parametrize(
    ("vendor", "raw", "state"),
    [
        ("protecto", "PENDING ", S.PENDING),
        ("protecto", "SUCCESS ", S.SUCCEEDED),
        ("protecto", " in-progress\t", S.RUNNING),
        ("threadfix", "done", S.SUCCEEDED),
        ("neostra", "  Completed\n", S.SUCCEEDED),
        ("cortex", "scan is in running state.", S.RUNNING),
        ("cortex", "  Scan is in  RUNNING  state ", S.RUNNING),
        ("cortex", "RUNNING", S.RUNNING),
    ],
)
def test_whitespace_and_case_are_forgiven_and_raw_is_kept(
    vendor: str, raw: str, state: ScanState
) -> None:
    status = normalize(vendor, raw)
    assert status.state is state and status.raw == raw


def test_cortex_phase_is_the_word_in_the_sentence() -> None:
    status = normalize("cortex", {"DATA": "Scan is in Running state"})
    assert (status.phase, status.message) == ("RUNNING", "Scan is in Running state")


def test_threadfix_error_flag_wins_over_the_phase() -> None:
    record = {
        "message": "m",
        "success": True,
        "object": {
            "id": 2,
            "status": "DONE",
            "error": True,
            "errorMessage": "parser crashed",
            "modifiedDate": 1570117773000,
            "scanMessage": "Scan Processing Completed.",
        },
    }
    status = normalize("threadfix", record)
    assert status.state is S.FAILED and status.phase == "DONE" and status.raw == "DONE"
    assert status.error == "parser crashed" and status.scan_id == "2"
    assert status.updated_at == datetime(2019, 10, 3, 15, 49, 33, tzinfo=UTC)
    scan = record["object"]
    assert isinstance(scan, dict)
    assert normalize("threadfix", {**scan, "error": False}).state is S.SUCCEEDED


def test_protecto_record_quirks() -> None:
    record = {
        "tracking_id": "47882682",
        "status": "PENDING ",
        "submitted_at": "2023-11-18 06:20:38.346615",
        "process_started_at": "2023-11-18 06:20:38.346615",
        "process_ended_at": None,
        "error_msg": "-",
    }
    status = normalize("protecto", record)
    assert status.state is S.PENDING and status.raw == "PENDING " and status.error is None
    assert status.scan_id == "47882682"
    assert status.submitted_at == datetime(
        2023, 11, 18, 6, 20, 38, 346615, tzinfo=UTC
    )  # zone-less: UTC
    assert status.ended_at is None
    assert (
        normalize("protecto", {**record, "status": "FAILED", "error_msg": "bad source"}).error
        == "bad source"
    )


def test_unknown_value_is_unknown_with_raw_kept_and_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="scan_status"):
        first = normalize("threadfix", "SCAN_ARCHIVED_FOR_TEST")
        again = normalize("threadfix", "SCAN_ARCHIVED_FOR_TEST")
        other = normalize("protecto", "SCAN_ARCHIVED_FOR_TEST")
    assert first.state is again.state is other.state is S.UNKNOWN
    assert first.raw == "SCAN_ARCHIVED_FOR_TEST" and not first.terminal
    messages = [
        r.getMessage() for r in caplog.records if "SCAN_ARCHIVED_FOR_TEST" in r.getMessage()
    ]
    assert (
        len(messages) == 2
        and any("threadfix" in m for m in messages)
        and any("protecto" in m for m in messages)
    )


def test_strict_mode_raises_a_typed_error() -> None:
    with pytest.raises(
        UnknownStatusError, match="threadfix status 'NEW_PHASE' is not mapped"
    ) as caught:
        normalize("threadfix", "NEW_PHASE", strict=True)
    assert caught.value.raw == "NEW_PHASE"
    assert normalize("threadfix", "DONE", strict=True).state is S.SUCCEEDED


def test_unknown_vendor() -> None:
    with pytest.raises(UnknownVendorError, match="known: neostra, cortex, threadfix, protecto"):
        normalize("qualys", "DONE")


@settings(max_examples=examples(300))
@given(vendor=st.sampled_from(vendors.known()), raw=st.text())
def test_never_raises_on_any_string(vendor: str, raw: str) -> None:
    assert normalize(vendor, raw).raw == raw


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
)


# One test per vendor, 300 examples in all: each vendor gets its share, and pytest-xdist runs
# them side by side (as one test they were the unit suite's longest).
@pytest.mark.parametrize("vendor", vendors.known())
@settings(max_examples=examples(-(-300 // len(vendors.known()))))
@given(
    record=st.dictionaries(
        st.sampled_from(
            [
                "status",
                "DATA",
                "object",
                "error",
                "error_msg",
                "submitted_at",
                "modifiedDate",
                "id",
                "tracking_id",
            ]
        ),
        JSON,
    ),
)
def test_never_raises_on_any_record(vendor: str, record: dict[str, object]) -> None:
    assert normalize(vendor, record).vendor == vendor


def test_the_docs_show_the_mapping_table_as_the_code_has_it() -> None:
    page = (ROOT / "docs" / "statuses.md").read_text(encoding="utf-8")
    assert markdown_table() in page, "regenerate docs/statuses.md's table with nox -s generate"


def test_a_spec_value_without_a_mapping_is_named(tmp_path: Path) -> None:
    value = "NOT_YET_MAPPED"  # a value no release maps: checked, not assumed
    assert key(value) not in TABLES["threadfix"]
    spec = {
        "components": {"schemas": {"S": {"x-scan-status": "threadfix", "enum": ["DONE", value]}}}
    }
    assert unmapped(spec, "specs/threadfix.yaml") == [
        f"specs/threadfix.yaml: threadfix status {value!r} has no mapping; add it to THREADFIX in "
        "scan_status/mapping.py (and the docs' table)"
    ]
    # The real spec with the value added to its status enum (round-trip, not a text edit).
    yaml = YAML()
    document = yaml.load(ROOT / "specs" / "threadfix.yaml")
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("x-scan-status") == "threadfix" and "enum" in node:
                node["enum"].append(value)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    edited = tmp_path / "threadfix.yaml"
    yaml.dump(document, edited)
    done = subprocess.run(
        [sys.executable, "-m", "scan_status.totality", str(edited)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and f"threadfix status {value!r} has no mapping" in done.stderr
    clean = subprocess.run(
        [sys.executable, "-m", "scan_status.totality"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert clean.returncode == 0, clean.stderr
