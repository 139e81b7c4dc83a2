"""Each vendor's status values, and the ScanState each one means: the one place to edit.

A vendor value is looked up after trimming surrounding ASCII whitespace and upper-casing its
ASCII letters (Protecto sends "PENDING "); nothing else is folded. A reason stands beside every
choice that is not obvious from the words. When a spec gains a status value, `nox -s check` fails until the value is added here.
The keys of TABLES are the built-in vendors: each has its room, scan_status/vendors/<key>.py.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from collections.abc import Mapping as MappingOf
from dataclasses import dataclass

from scan_status.states import ScanState


@dataclass(frozen=True)
class Mapping:
    """What a vendor value means. `documented` is False when the vendor's documentation for this
    API never shows the value: the row is our analogy (its reason says with what), kept so that
    a reply using the word is understood, and shown as such in the docs (docs/statuses.md) and `scan-status states`."""

    state: ScanState
    reason: str = ""
    documented: bool = True


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

ANALOGY = "undocumented; by analogy with the vendor's other APIs"

# Cortex answers with a sentence ("Scan is in Running state"); these are the words that can
# stand in it. Only "Running" is documented; the others are the words the vendor's other public
# scan APIs use (Xpanse RCS: IN_PROGRESS, SUCCESS, FAILED_*; XSIAM BYOS jobs: INITIATED,
# PROCESSING, COMPLETED, COMPLETED_WITH_ERRORS, FAILED), so a reply using them is understood.
CORTEX: dict[str, Mapping] = {
    "RUNNING": Mapping(ScanState.RUNNING, "documented: 'Scan is in Running state'"),
    "PENDING": Mapping(ScanState.PENDING, ANALOGY, documented=False),
    "QUEUED": Mapping(ScanState.PENDING, ANALOGY, documented=False),
    "INITIATED": Mapping(
        ScanState.PENDING,
        "undocumented; by analogy with the BYOS job API's 'received, not yet queued'",
        documented=False,
    ),
    "IN_PROGRESS": Mapping(
        ScanState.RUNNING,
        "undocumented; by analogy with the RCS API's running state",
        documented=False,
    ),
    "PROCESSING": Mapping(
        ScanState.RUNNING,
        "undocumented; by analogy with the BYOS job API's running state",
        documented=False,
    ),
    "COMPLETED": Mapping(
        ScanState.SUCCEEDED,
        "undocumented; by analogy with the BYOS job API's success state",
        documented=False,
    ),
    "SUCCESS": Mapping(
        ScanState.SUCCEEDED,
        "undocumented; by analogy with the RCS API's success state",
        documented=False,
    ),
    "COMPLETED_WITH_ERRORS": Mapping(
        ScanState.FAILED,
        "undocumented; by analogy with the BYOS job API's 'finished but some parts failed': "
        "not a clean result",
        documented=False,
    ),
    "FAILED": Mapping(ScanState.FAILED, ANALOGY, documented=False),
    "FAILED_ERROR": Mapping(
        ScanState.FAILED,
        "undocumented; by analogy with the RCS API's failure state",
        documented=False,
    ),
    "FAILED_TIMEOUT": Mapping(
        ScanState.FAILED,
        "undocumented; by analogy with the RCS API's timed-out state",
        documented=False,
    ),
    "CANCELLED": Mapping(ScanState.CANCELLED, ANALOGY, documented=False),
    "ABORTED": Mapping(ScanState.CANCELLED, ANALOGY, documented=False),
    "STOPPED": Mapping(ScanState.CANCELLED, ANALOGY, documented=False),
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


# ASCII letters only: str.upper() folds far more ("f\u0131n\u0131shed" with a dotless i becomes
# "FINISHED", the ligature "\ufb01" becomes "FI"), and a value the vendor never sent must not
# read as one it did.
_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)
_ASCII_SPACE = " \t\n\r\x0b\x0c"


def key(value: str) -> str:
    """How a vendor value is looked up: trimmed of ASCII whitespace, ASCII letters upper-cased
    (every other character kept as it is, so a look-alike reads as UNKNOWN)."""
    return value.strip(_ASCII_SPACE).translate(_ASCII_UPPER)


def checked(
    vendor: str,
    rows: MappingOf[str, Mapping | ScanState] | Iterable[tuple[str, Mapping | ScanState]],
) -> dict[str, Mapping]:
    """A vendor's rows, keyed as looked up; a ValueError names a value mapped twice (after
    trimming and upper-casing), a TypeError a row that does not map to a ScanState."""
    table: dict[str, Mapping] = {}
    for value, row in rows.items() if isinstance(rows, MappingOf) else rows:
        mapped = Mapping(row) if isinstance(row, ScanState) else row
        if not isinstance(value, str) or not isinstance(mapped, Mapping):
            raise TypeError(f"{vendor} status {value!r} must map to a ScanState, not {row!r}")
        if not isinstance(mapped.state, ScanState):
            raise TypeError(
                f"{vendor} status {value!r} must map to a ScanState, not {mapped.state!r}"
            )
        if key(value) in table:
            raise ValueError(f"{vendor} status {value!r} is mapped twice (as {key(value)!r})")
        table[key(value)] = mapped
    if not table:
        raise ValueError(f"{vendor} has no status mapping rows")
    return table


def documented_text(mapping: Mapping) -> str:
    """The table's `documented` column: whether the vendor documents the value, or we inferred it."""
    return "yes" if mapping.documented else "no: analogy"


def markdown_table(tables: MappingOf[str, MappingOf[str, Mapping]] = TABLES) -> str:
    """The mapping as docs/statuses.md shows it (a test keeps the two the same), each value as
    it is looked up (trimmed, upper-cased), as `scan-status states` shows it too."""
    rows = [
        "| vendor | vendor value | ScanState | documented | why |",
        "|---|---|---|---|---|",
    ]
    for vendor, table in tables.items():
        for value, mapping in table.items():
            rows.append(
                f"| {vendor} | `{key(value)}` | {mapping.state.value} | {documented_text(mapping)} "
                f"| {mapping.reason} |"
            )
    return "\n".join(rows)
