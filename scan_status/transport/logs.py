"""What the transport logs, and scrubbing the logs of the HTTP libraries below it.

scan_status logs as libraries do: a logger per module under `scan_status` (a NullHandler on
`scan_status` itself, scan_status/__init__.py), so nothing is printed unless the application
configures logging. Per attempt: one DEBUG line (vendor, method, URL, status or error, attempt,
elapsed); per retry decision: one WARNING.

httpcore logs every response's headers at DEBUG, as bytes (`(b'X-Echo', b'<key>')`): a vendor
that echoes the key in a header would put it in the application's log. Every adapter's
credentials are therefore registered here, and a filter on httpcore's and httpx's loggers
scrubs them from each record before any handler sees it. The filter runs only for records
those loggers emit (at DEBUG, only when the application asked for DEBUG): no cost otherwise.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from typing import TYPE_CHECKING

from scan_status.transport.secrets import Secrets, redacted_url

if TYPE_CHECKING:
    import httpx

logger = logging.getLogger(__name__)

# httpcore's loggers (one per module that traces) and httpx's own.
LIBRARY_LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)

_live: weakref.WeakSet[Secrets] = weakref.WeakSet()
_lock = threading.Lock()
_installed = False


class ScrubSecrets(logging.Filter):
    """Replaces every live adapter's credentials in a record's message (its arguments merged)."""

    def filter(self, record: logging.LogRecord) -> bool:
        with _lock:
            holders = list(_live)
        if not holders:
            return True
        message = record.getMessage()
        scrubbed = message
        for secrets in holders:
            scrubbed = secrets.scrub_text(scrubbed)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        return True


def guard(secrets: Secrets) -> None:
    """Keep `secrets` out of the HTTP libraries' logs while its adapter lives."""
    global _installed
    if not secrets.values:
        return
    with _lock:
        _live.add(secrets)
        if _installed:
            return
        _installed = True
    scrub = ScrubSecrets()
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).addFilter(scrub)


class AttemptLog:
    """The lines one adapter's retrying transport writes, its credentials scrubbed from each."""

    def __init__(self, vendor: str, secrets: Secrets, attempts: int) -> None:
        self.vendor, self.secrets, self.attempts = vendor, secrets, attempts

    def _where(self, request: httpx.Request) -> str:
        return self.secrets.scrub_text(f"{request.method} {redacted_url(str(request.url))}")

    def _outcome(self, status: int | None, error: BaseException | None) -> str:
        if error is not None:
            return self.secrets.scrub_text(f"failed ({type(error).__name__}: {error})")
        return f"answered {status}"

    def attempt(
        self,
        request: httpx.Request,
        number: int,
        started: float,
        status: int | None = None,
        error: BaseException | None = None,
    ) -> None:
        logger.debug(
            "%s: %s %s (attempt %d, %.1f ms)",
            self.vendor,
            self._where(request),
            self._outcome(status, error),
            number,
            (time.perf_counter() - started) * 1000,
        )

    def retrying(
        self,
        request: httpx.Request,
        number: int,
        status: int | None = None,
        error: BaseException | None = None,
    ) -> None:
        logger.warning(
            "%s: %s %s; retrying (attempt %d of %d)",
            self.vendor,
            self._where(request),
            self._outcome(status, error),
            number + 1,
            self.attempts,
        )
