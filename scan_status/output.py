"""Writing the CLI's output, and what happens when it cannot be written.

A reader that went away (a closed pipe: `scan-status ... | head -1`) is OutputClosed: the command
stops quietly. Any other failed write (a full disk: `> /dev/full`) is OutputFailed, one line on
stderr. Neither is an OSError, so nothing on the way up mistakes it for a vendor's error.
"""

from __future__ import annotations

import contextlib
import os
import sys


class OutputClosed(Exception):
    """The reader of stdout or stderr went away (EPIPE)."""


class OutputFailed(Exception):
    """A write to stdout or stderr failed for another reason (ENOSPC, EIO, ...)."""


def emit(text: str, *, err: bool = False, quiet: bool = False) -> None:
    """Write one line to stdout (or stderr) and flush it, so a failure shows here, not at exit.
    `quiet`: a failure is swallowed (the last words of a command already failing)."""
    stream = sys.stderr if err else sys.stdout
    try:
        stream.write(text + "\n")
        stream.flush()
    except BrokenPipeError as closed:
        if not quiet:
            raise OutputClosed(str(closed)) from None
    except OSError as failed:
        if not quiet:
            raise OutputFailed(failed.strerror or str(failed)) from None


def quiet_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's own flush at exit cannot fail again
    (what the Python docs advise for SIGPIPE); what was buffered is dropped."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
