"""Writing the CLI's output, and what happens when it cannot be written.

A reader that went away (a closed pipe: `scan-status ... | head -1`) is OutputClosed: the command
stops quietly. Any other failed write (a full disk: `> /dev/full`) is OutputFailed, one line on
stderr. Neither is an OSError, so nothing on the way up mistakes it for a vendor's error.

Text a vendor sent (a status, a message, an error) goes through `neutral` before it is shown:
it cannot move the cursor, clear the screen, set the terminal's title, start a new line that
looks like a result, or fail to encode (a JSON lone surrogate).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
from collections.abc import Iterator

# What a terminal would act on rather than show: C0 and C1 controls (ESC, CR, LF, BEL, CSI...),
# DEL, the Unicode line and paragraph separators, the bidirectional and zero-width format
# characters, and lone surrogates (no encoding writes them).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]"
)


class OutputClosed(Exception):
    """The reader of stdout or stderr went away (EPIPE)."""


class OutputFailed(Exception):
    """A write to stdout or stderr failed for another reason (ENOSPC, EIO, ...)."""


def _escaped(found: re.Match[str]) -> str:
    point = ord(found.group())
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def neutral(text: str) -> str:
    """`text` with everything a terminal would act on written out as an escape (ESC as \\x1b,
    a line feed as \\x0a): what a vendor sent, shown and never obeyed."""
    return _UNSAFE.sub(_escaped, text)


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


class _StderrLines(logging.Handler):
    """Log records as neutral lines on whatever sys.stderr is when they come (a live table
    redirects it, to print them above itself)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            emit(neutral(self.format(record)), err=True, quiet=True)
        except Exception:
            self.handleError(record)


@contextlib.contextmanager
def logs_on_stderr(verbose: bool) -> Iterator[None]:
    """The `scan_status` loggers' records on stderr while a command runs: warnings (a retry, a
    value nobody mapped), and with `verbose` the DEBUG line of every request too."""
    logger = logging.getLogger("scan_status")
    handler = _StderrLines(logging.DEBUG if verbose else logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    level = logger.level
    if verbose:
        logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
