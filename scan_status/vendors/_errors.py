"""What a vendor's errors mean, as its room declares them: which answers (HTTP status codes, body
fields such as an `error_code`, a 200 envelope with `success: false`) are which error of
scan_status.errors, and which fields carry the message. The transport's error mapping reads
these; no adapter needs code of its own for them. Pure: no httpx, no I/O.

    Errors(
        rules=(
            ErrorRule("not_found", status=(500,), field="error_code", equals=("TASK_NOT_FOUND",)),
            ErrorRule("authentication", field="error_code", equals=("NO_PERMISSION",)),
        ),
        message=("error_msg",),
    )
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from scan_status.errors import (
    AuthenticationError,
    NotFoundError,
    RateLimitedError,
    VendorError,
    VendorResponseError,
)

ErrorKind = Literal["authentication", "not_found", "rate_limited", "vendor"]
KINDS: dict[str, type[VendorResponseError]] = {
    "authentication": AuthenticationError,
    "not_found": NotFoundError,
    "rate_limited": RateLimitedError,
    "vendor": VendorError,
}
# What an error status means when no rule of the room says otherwise.
BY_STATUS: dict[int, ErrorKind] = {
    401: "authentication",
    403: "authentication",
    404: "not_found",
    429: "rate_limited",
}
MESSAGE_LENGTH = 200  # a message taken from a field; the body keeps the rest


def field_value(body: Any, path: str) -> Any:
    """The value at a dotted path ("error.message") in a JSON body, or None."""
    value = body
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


@dataclass(frozen=True)
class ErrorRule:
    """An answer that means one kind of error (`kind`: authentication, not_found, rate_limited or
    vendor): with one of the HTTP `status` codes (empty: any), and, when `field` is given (a
    dotted path in the JSON body), that field equal to one of `equals` or containing the text
    `contains` (compared without case)."""

    kind: ErrorKind
    status: tuple[int, ...] = ()
    field: str | None = None
    equals: tuple[Any, ...] = ()
    contains: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(
                f"an error rule's kind is one of {', '.join(KINDS)}, not {self.kind!r}"
            )
        if self.field is None and (self.equals or self.contains):
            raise ValueError("an error rule that compares a value names its field")

    def matches(self, status_code: int, body: Any) -> bool:
        if self.status and status_code not in self.status:
            return False
        if self.field is None:
            return True
        value = field_value(body, self.field)
        if self.equals and _comparable(value) in {_comparable(v) for v in self.equals}:
            return True
        if self.contains is not None and isinstance(value, str):
            return self.contains.lower() in value.lower()
        return not self.equals and self.contains is None and value is not None


def _comparable(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else json.dumps(value, sort_keys=True)


@dataclass(frozen=True)
class Errors:
    """A vendor's error vocabulary.

    - `rules`: tried in order for every error answer; the first that matches decides the kind.
      An error status no rule matches is read by its code: 401/403 AuthenticationError, 404
      NotFoundError, 429 RateLimitedError, any other VendorError.
    - `message`: the body fields (dotted paths) that carry the message, first: a text, a list
      of texts, or a list of {field, message} objects. The usual fields (err_msg, error,
      message, detail, errors) follow, so that words in an unexpected shape (a proxy's, a new
      version's) are not lost; all are joined with "; ", each once.
    - `envelope`: a field that marks a successful HTTP answer as a failure when it is present
      and not true (JSON true or the text "true"): ThreadFix's and Protecto's `success`. Such
      an answer is an error of the kind the rules give it (VendorError when none matches).
    """

    rules: tuple[ErrorRule, ...] = ()
    message: tuple[str, ...] = ()
    envelope: str | None = None

    def failed(self, body: Any) -> bool:
        """Whether a successful HTTP answer reports a failure in its envelope."""
        if self.envelope is None or not isinstance(body, Mapping) or self.envelope not in body:
            return False
        success = body[self.envelope]
        if isinstance(success, bool):
            return not success
        return str(success).strip().lower() != "true"

    def kind(self, status_code: int, body: Any) -> type[VendorResponseError]:
        """The exception class for an error answer."""
        for rule in self.rules:
            if rule.matches(status_code, body):
                return KINDS[rule.kind]
        return KINDS[BY_STATUS.get(status_code, "vendor")]

    def message_of(self, body: Any) -> str | None:
        """The human part of an error body, or None when it has none."""
        if not isinstance(body, Mapping):
            return body.strip()[:MESSAGE_LENGTH] if isinstance(body, str) and body.strip() else None
        parts: list[str] = []
        for path in dict.fromkeys((*self.message, *USUAL_MESSAGE_FIELDS)):
            for part in _texts(field_value(body, path)):
                if part not in parts:
                    parts.append(part)
        if parts:
            return "; ".join(parts)
        return json.dumps(body)[:MESSAGE_LENGTH] if body else None

    def error(self, vendor: str, status_code: int, body: Any, fallback: str) -> VendorResponseError:
        """The exception for an error answer (its body already scrubbed of credentials)."""
        kind = self.kind(status_code, body)
        return kind(vendor, status_code, self.message_of(body) or fallback, body)


# Where vendors usually put an error's words (Cortex, Neostra's two shapes, ThreadFix, Protecto).
USUAL_MESSAGE_FIELDS = (
    "err_msg",
    "error",
    "error.message",
    "message",
    "detail",
    "metadata.err_extra",
    "errors",
)


def _texts(value: Any) -> list[str]:
    """The words in a message field: a text, a list of texts or of {field, message} objects."""
    if isinstance(value, str):
        return [value.strip()[:MESSAGE_LENGTH]] if value.strip() else []
    if not isinstance(value, list):
        return []
    texts: list[str] = []
    for item in value:
        if isinstance(item, Mapping) and item.get("field"):
            texts.append(f"{item['field']}: {item.get('message', '')}".strip()[:MESSAGE_LENGTH])
        elif isinstance(item, str | int | float) and not isinstance(item, bool) and str(item):
            texts.append(str(item)[:MESSAGE_LENGTH])
    return texts


DEFAULT = Errors()
