"""Each vendor's status values, and the ScanState each one means: the one place to edit.

A vendor value is looked up after trimming surrounding whitespace and upper-casing (Protecto
sends "PENDING "). A reason stands beside every choice that is not obvious from the words.
When a spec gains a status value, `nox -s check` fails until the value is added here.
"""

from __future__ import annotations

from dataclasses import dataclass

from scan_status.states import ScanState

VENDORS = ("neostra", "cortex", "threadfix", "protecto")


@dataclass(frozen=True)
class Mapping:
    state: ScanState
    reason: str = ""


NEOSTRA: dict[str, Mapping] = {
    "PENDING": Mapping(ScanState.PENDING),
    "RUNNING": Mapping(ScanState.RUNNING),
    "COMPLETED": Mapping(ScanState.SUCCEEDED, "Neostra's name for a task that finished normally"),
    "FAILED": Mapping(ScanState.FAILED),
    "CANCELLED": Mapping(ScanState.CANCELLED),
}

THREADFIX: dict[str, Mapping] = {
    "QUEUED": Mapping(ScanState.PENDING, "waiting in ThreadFix's processing queue"),
    "UPLOADED": Mapping(ScanState.RUNNING, "the scan file is in and processing has begun"),
    "FINDINGS_GENERATING": Mapping(ScanState.RUNNING),
    "CHANNEL_MERGING": Mapping(ScanState.RUNNING),
    "APPLICATION_MERGING": Mapping(ScanState.RUNNING),
    "APPLICATION_MERGED": Mapping(
        ScanState.RUNNING, "merging is done but processing is not: DONE follows it"
    ),
    "LINKING_DEFECTS": Mapping(ScanState.RUNNING, "a processing step: linking findings to defects"),
    "DONE": Mapping(
        ScanState.SUCCEEDED,
        "'Scan Processing Completed. Statistics Update Queued.': the findings are in; only "
        "dashboard statistics are still refreshing, which the scan's result does not wait for",
    ),
    "FINISHED_FINDING_PULLING": Mapping(
        ScanState.SUCCEEDED,
        "'Findings Import From Server Finished.': the end of a scan pulled from a remote scanner "
        "rather than uploaded",
    ),
    "SCAN_INTERRUPTED": Mapping(ScanState.FAILED, "processing stopped part-way without a result"),
    "SCAN_QUEUED_FOR_DELETE": Mapping(
        ScanState.CANCELLED,
        "someone withdrew the scan; it is waiting to be deleted and will never complete",
    ),
    "SCAN_DELETED": Mapping(ScanState.CANCELLED, "the scan was withdrawn and deleted"),
}

PROTECTO: dict[str, Mapping] = {
    "PENDING": Mapping(ScanState.PENDING),
    "IN-PROGRESS": Mapping(ScanState.RUNNING),
    "SUCCESS": Mapping(ScanState.SUCCEEDED),
    "FAILED": Mapping(ScanState.FAILED),
}

# Cortex answers with a sentence ("Scan is in Running state"); these are the words that can
# stand in it. Only "Running" is documented; the others are the words the vendor's other public
# scan APIs use (Xpanse RCS: IN_PROGRESS, SUCCESS, FAILED_*; XSIAM BYOS jobs: INITIATED,
# PROCESSING, COMPLETED, COMPLETED_WITH_ERRORS, FAILED), so a reply using them is understood.
CORTEX: dict[str, Mapping] = {
    "RUNNING": Mapping(ScanState.RUNNING, "documented: 'Scan is in Running state'"),
    "PENDING": Mapping(ScanState.PENDING, "undocumented; by analogy with the vendor's other APIs"),
    "QUEUED": Mapping(ScanState.PENDING, "undocumented; by analogy with the vendor's other APIs"),
    "INITIATED": Mapping(ScanState.PENDING, "the BYOS job API's 'received, not yet queued'"),
    "IN_PROGRESS": Mapping(ScanState.RUNNING, "the RCS API's running state"),
    "PROCESSING": Mapping(ScanState.RUNNING, "the BYOS job API's running state"),
    "COMPLETED": Mapping(ScanState.SUCCEEDED, "the BYOS job API's success state"),
    "SUCCESS": Mapping(ScanState.SUCCEEDED, "the RCS API's success state"),
    "COMPLETED_WITH_ERRORS": Mapping(
        ScanState.FAILED, "the BYOS job API's 'finished but some parts failed': not a clean result"
    ),
    "FAILED": Mapping(ScanState.FAILED, "undocumented; by analogy with the vendor's other APIs"),
    "FAILED_ERROR": Mapping(ScanState.FAILED, "the RCS API's failure state"),
    "FAILED_TIMEOUT": Mapping(ScanState.FAILED, "the RCS API's timed-out state"),
    "CANCELLED": Mapping(
        ScanState.CANCELLED, "undocumented; by analogy with the vendor's other APIs"
    ),
    "ABORTED": Mapping(
        ScanState.CANCELLED, "undocumented; by analogy with the vendor's other APIs"
    ),
    "STOPPED": Mapping(
        ScanState.CANCELLED, "undocumented; by analogy with the vendor's other APIs"
    ),
}

TABLES: dict[str, dict[str, Mapping]] = {
    "neostra": NEOSTRA,
    "cortex": CORTEX,
    "threadfix": THREADFIX,
    "protecto": PROTECTO,
}

# What to send Neostra to set a task's state (its PATCH takes a status).
NEOSTRA_VALUE_FOR: dict[ScanState, str] = {
    mapping.state: value for value, mapping in NEOSTRA.items()
}


def key(value: str) -> str:
    """How a vendor value is looked up: trimmed and upper-cased."""
    return value.strip().upper()


def markdown_table() -> str:
    """The mapping as the README shows it (a test keeps the two the same)."""
    rows = ["| vendor | vendor value | ScanState | why |", "|---|---|---|---|"]
    for vendor in VENDORS:
        for value, mapping in TABLES[vendor].items():
            rows.append(f"| {vendor} | `{value}` | {mapping.state.value} | {mapping.reason} |")
    return "\n".join(rows)
