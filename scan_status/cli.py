"""The scan-status entry point (what it does, and its exit codes: scan_status.commands.SUMMARY).

This module is the entry point and needs nothing beyond the library: the commands themselves
(scan_status.commands) need typer and rich, the `cli` extra. Without them it says so and exits 2.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Sequence

EXIT_USAGE = 2
# What the commands import that the library alone does not install.
CLI_MODULES = frozenset({"typer", "rich", "click", "shellingham"})
MISSING_EXTRA = (
    "scan-status: the command line needs the `cli` extra ({missing} is not installed).\n"
    "Install it with:  pip install 'scan-status[cli]'"
)


def main(argv: Sequence[str] | None = None) -> None:
    """The scan-status command (also python -m scan_status)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--version"]:  # answered without the extra: which version is installed
        from scan_status import __version__

        print(f"scan-status {__version__}")
        sys.exit(0)
    # httpx imports its own command line (rich, pygments, click: a fifth of a `get`'s CPU)
    # whenever those are installed, as they are with the `cli` extra (encode/httpx#3547); this
    # process never runs it, so httpx falls back to its stub `httpx.main`.
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    try:
        # deferred: typer and rich, the `cli` extra
        from scan_status.commands import EXIT_INTERRUPTED, run
    except ModuleNotFoundError as missing:
        top = (missing.name or "").partition(".")[0]
        if top not in CLI_MODULES:
            raise
        print(MISSING_EXTRA.format(missing=top), file=sys.stderr)
        sys.exit(EXIT_USAGE)
    for stream in (sys.stdout, sys.stderr):  # a character no encoding has: escaped, no crash
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    code = run(argv)
    if code == EXIT_INTERRUPTED:
        # Ctrl-C: exit now. A request still in flight in a wait's thread would otherwise hold
        # the interpreter's exit (it joins those threads) until the request's own timeout.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)
    sys.exit(code)
