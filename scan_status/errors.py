"""One hierarchy for everything that can go wrong. No message ever carries a credential."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scan_status.status import NormalizedStatus


class ScanStatusError(Exception):
    """The root: catch this to catch everything scan_status raises."""


class UnknownVendorError(ScanStatusError, ValueError):
    pass


HOW_TO_MAP = (
    "map it from your code with scan_status.map_status({vendor!r}, {raw!r}, ScanState.<STATE>), "
    "or per adapter with mapping={{{raw!r}: ScanState.<STATE>}}"
)


# How much of a vendor's value a message or a log line quotes: a status is a word or a sentence,
# and a vendor sending a megabyte must not make every warning and error a megabyte.
SHOWN_CHARACTERS = 200


def shown(raw: str) -> str:
    """`raw` as a message quotes it: at most SHOWN_CHARACTERS of it, saying how long it was."""
    if len(raw) <= SHOWN_CHARACTERS:
        return repr(raw)
    return f"{raw[:SHOWN_CHARACTERS]!r}... ({len(raw):,} characters)"


def how_to_map(vendor: str, raw: str) -> str:
    """The advice an unmapped value's warning and error give: the API, not a file to edit."""
    value = raw.strip() or raw
    if len(value) > SHOWN_CHARACTERS:  # nobody maps a value this long: say so, briefly
        return "a value this long is no status to map; ask the vendor what it means"
    return HOW_TO_MAP.format(vendor=vendor, raw=value)


class UnknownStatusError(ScanStatusError, ValueError):
    """A status value no mapping covers (raised only in strict mode; otherwise it is UNKNOWN).
    `raw` is the whole value; the message quotes at most SHOWN_CHARACTERS of it."""

    def __init__(self, vendor: str, raw: str) -> None:
        self.vendor, self.raw = vendor, raw
        super().__init__(f"{vendor} status {shown(raw)} is not mapped; {how_to_map(vendor, raw)}")


class UnmappableStateError(ScanStatusError, ValueError):
    """A ScanState the vendor has no value for (checked before any request is sent)."""


class InvalidArgumentError(ScanStatusError, ValueError):
    """An argument that cannot be sent as given, refused before any request: e.g. an id that
    would not stay one segment of its path ("", "." or "..", which URL normalisation removes,
    moving the request to another resource). `argument` names it."""

    def __init__(self, argument: str, message: str) -> None:
        self.argument = argument
        super().__init__(message)


class InsecureProxyError(ScanStatusError, ValueError):
    """A plain-http vendor's credentials would reach a proxy in clear text (refused when the
    adapter is built, unless `allow_plaintext_proxy=True`)."""


class TransportError(ScanStatusError):
    """The vendor could not be reached, or did not answer in time, after any retries."""


class WaitTimeoutError(ScanStatusError, TimeoutError):
    """A scan did not reach a terminal state before the deadline; `last_status` is what it said last."""

    def __init__(self, message: str, last_status: NormalizedStatus | None) -> None:
        self.last_status = last_status
        super().__init__(message)


class VendorResponseError(ScanStatusError):
    """The vendor answered, but not with a status: carries the HTTP status and the parsed body."""

    def __init__(self, vendor: str, status_code: int, message: str, body: Any) -> None:
        self.vendor, self.status_code, self.body = vendor, status_code, body
        super().__init__(f"{vendor} answered HTTP {status_code}: {message}")


class AuthenticationError(VendorResponseError):
    """401 or 403: the credentials were refused."""


class NotFoundError(VendorResponseError):
    """404: no such scan (or task, or application)."""


class RateLimitedError(VendorResponseError):
    """429 after every retry allowed."""


class VendorError(VendorResponseError):
    """Any other error answer, or an answer that could not be read."""
