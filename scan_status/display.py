"""What `scan-status wait` shows while it waits: a live table on a terminal, one JSON object per
change with --json, one plain line per change otherwise (on stderr: stdout is for results)."""

from __future__ import annotations

import json
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from scan_status.output import emit, neutral

if TYPE_CHECKING:
    from rich.live import Live
    from rich.table import Table

    from scan_status.status import NormalizedStatus
    from scan_status.waiting import WaitResult

STYLE = {
    "SUCCEEDED": "green",
    "FAILED": "red",
    "CANCELLED": "yellow",
    "UNKNOWN": "magenta",
    "RUNNING": "cyan",
    "PENDING": "blue",
}


class Display:
    def __init__(self, scans: list[tuple[Any, ...]], as_json: bool) -> None:
        self.as_json = as_json
        self.rows: dict[tuple[Any, ...], dict[str, str]] = {
            scan: {"state": "-", "said": "", "polls": "0", "note": "waiting"} for scan in scans
        }
        self.seen: dict[tuple[Any, ...], tuple[str, str]] = {}
        self.live: Live | None = None
        if as_json:  # one JSON object per change, never a table: no need to import rich
            return
        from rich.console import Console  # deferred: --json and plain output need no rich

        console = Console(stderr=True)
        if console.is_terminal:
            from rich.live import Live  # deferred, as Console above

            self.live = Live(self._table(), console=console, refresh_per_second=8)

    def __enter__(self) -> Self:
        if self.live is not None:
            self.live.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.live is not None:
            self.live.update(self._table(), refresh=True)  # its last look: the final title
            self.live.stop()

    def update(self, result: WaitResult) -> None:
        """One status read (or one scan's final result): shown if it changed anything."""
        row = self.rows[result.ids]
        status = result.status
        if result.error is None:  # a status read: every update but an error's or a timeout's
            row["polls"] = str(int(row["polls"]) + 1)
        if status is not None:
            row["state"], row["said"] = status.state.value, repr(status.raw)
        row["note"] = (
            type(result.error).__name__
            if result.error
            else ("final" if result.final else "polling")
        )
        changed = status is not None and not self._same(result)
        if changed and status is not None:
            self.seen[result.ids] = (status.state.value, status.raw)
            if self.as_json:
                emit(json.dumps(status.to_json()))
            elif self.live is None:
                emit(line(status), err=True)
        if self.live is not None:
            self.live.update(self._table())

    def _title(self) -> str:
        """What the table is waiting for; once every scan's wait has ended, that it is done."""
        total = len(self.rows)
        ended = sum(row["note"] not in ("waiting", "polling") for row in self.rows.values())
        scans = "the scan" if total == 1 else f"all {total} scans"
        if ended == total:
            return f"done: {scans} finished"
        return "waiting for the vendor" + (f" ({ended} of {total} finished)" if ended else "")

    def _same(self, result: WaitResult) -> bool:
        status = result.status
        return status is not None and self.seen.get(result.ids) == (status.state.value, status.raw)

    def _table(self) -> Table:
        from rich.table import Table  # deferred, as Console above
        from rich.text import Text  # deferred, as Console above

        table = Table("scan", "state", "vendor said", "polls", "", title=self._title())
        for scan, row in self.rows.items():
            # Text, never markup: what a vendor said ("[/x]", "[link=...]") is shown as it is.
            table.add_row(
                Text(neutral(str(scan[-1]))),
                Text(row["state"], style=STYLE.get(row["state"], "")),
                Text(neutral(row["said"])),
                Text(row["polls"]),
                Text(row["note"]),
            )
        return table


def line(status: NormalizedStatus) -> str:
    """One status as a person reads it; what the vendor sent is neutral (it cannot forge a line
    or drive the terminal)."""
    scan = f" {status.scan_id}" if status.scan_id else ""
    said = status.error or status.message
    detail = f" - {said}" if said else ""
    return neutral(
        f"{status.vendor}{scan}: {status.state.value} (vendor said {status.raw!r}){detail}"
    )
