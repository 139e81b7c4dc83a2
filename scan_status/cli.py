"""scan-status: is my scan done, and did it work? From a terminal or a script.

Exit codes: 0 succeeded; 1 failed; 3 cancelled; 4 timed out waiting; 5 not finished yet (get);
6 the vendor's status is not one we know (also when a wait's deadline passes on it); 7 error
talking to the vendor (auth, not found, network); 8 the output could not be written (a full
disk); 141 the reader of the output went away (a closed pipe, as `| head -1`: the code a shell
gives a program SIGPIPE ends); 130 interrupted (Ctrl-C); 2 wrong usage. With several scans,
the worst: 7, 1, 3, 6, 4, 5, 0.

This module is the entry point and needs nothing beyond the library: the commands themselves
(scan_status.commands) need typer and rich, the `cli` extra. Without them it says so and exits 2.
"""

from __future__ import annotations

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
        from scan_status.commands import run
    except ModuleNotFoundError as missing:
        top = (missing.name or "").partition(".")[0]
        if top not in CLI_MODULES:
            raise
        print(MISSING_EXTRA.format(missing=top), file=sys.stderr)
        sys.exit(EXIT_USAGE)
    sys.exit(run(argv))
