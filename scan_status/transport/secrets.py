"""The credentials an adapter holds, and scrubbing them out of whatever a vendor sends back.

A vendor may echo the request's key in an error body; the body then reaches exception messages,
`err.body`, log lines and `--json` output. Every credential is removed where it enters: from the
parsed answer and from every message built from it.

Covered forms of each credential: the raw value, its percent-encoded forms (`quote`,
`quote_plus`), its JSON-escaped form and Python's repr of it and of its bytes (as an httpx or
httpcore message quotes a header value: `b'a\x00b'`); for credentials written into a base URL
(`https://user:pw@host`) also the user, the password and the Basic header's base64 of `user:pw`.
A value shorter than MIN_SUBSTRING characters (Cortex's numeric key id) is scrubbed only where
it stands alone, so that a key id `7` does not turn `HTTP 1.1` or a port number into noise.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus, unquote, urlsplit, urlunsplit

REDACTED = "***"
# A short value stands alone when no letter, digit, "_", "-" or "." (as in "1.7") touches it.
_NOT_AFTER_WORD = r"(?<![A-Za-z0-9_.-])"
_NOT_BEFORE_WORD = r"(?![A-Za-z0-9_-]|\.[A-Za-z0-9])"
MIN_SUBSTRING = 8
# Header names that carry credentials: Authorization, Cortex's x-xdr-auth-id, X-API-Key, cookies.
SENSITIVE_HEADER = re.compile(r"auth|key|token|secret|cookie|session|password", re.IGNORECASE)


class Secrets:
    """Values that must never leave the adapter; `scrub` replaces each with REDACTED.

    Matching ignores case, so an upper-cased echo (a status value is upper-cased to be mapped)
    is caught as well.
    """

    def __init__(self, values: Iterable[str] = ()) -> None:
        self.values = _all_forms(values)
        alternatives = [
            re.escape(value)
            if len(value) >= MIN_SUBSTRING
            else rf"{_NOT_AFTER_WORD}{re.escape(value)}{_NOT_BEFORE_WORD}"
            for value in self.values
        ]
        self._pattern = re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None
        # For might_appear_in: every form lower-cased, when all are ASCII (else no shortcut).
        self._ascii_forms = (
            tuple(value.lower().encode("ascii") for value in self.values)
            if all(value.isascii() for value in self.values)
            else None
        )

    def __repr__(self) -> str:
        return f"Secrets({len(self.values)} values)"

    @classmethod
    def of(
        cls,
        headers: Mapping[str, str],
        userinfo: tuple[str, str] | None = None,
        credentials: Iterable[str] = (),
    ) -> Secrets:
        """From the headers an adapter sends on every request, the userinfo of its base URL, and
        the credentials it was given (a signing key never travels in a header, but a vendor may
        still echo it)."""
        found: list[str] = [value for value in credentials if value]
        for name, value in headers.items():
            if SENSITIVE_HEADER.search(name):
                found.append(value)
                found.extend(
                    value.split()[1:]
                )  # the token after a scheme word ("Bearer", "APIKEY")
        if userinfo:
            user, password = userinfo
            pair = f"{user}:{password}"
            import base64  # only credentials in a base URL need it

            found += [user, password, pair, base64.b64encode(pair.encode()).decode()]
        return cls(found)

    def scrub_text(self, text: str) -> str:
        return self._pattern.sub(REDACTED, text) if self._pattern else text

    def scrub(self, value: Any) -> Any:
        """`value` with every credential replaced, through dicts (keys too), lists and strings."""
        if self._pattern is None:
            return value
        if isinstance(value, str):
            return self.scrub_text(value)
        if isinstance(value, dict):
            return {self.scrub(key): self.scrub(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.scrub(item) for item in value)
        return value

    def might_appear_in(self, raw: bytes) -> bool:
        """False only when no credential can be in anything the JSON text `raw` decodes to.

        A JSON text that is ASCII and holds no backslash escape decodes each string (and key)
        to characters it holds verbatim; so when no form of a credential, lower-cased, is a
        substring of `raw` lower-cased, `scrub` of its parse would change nothing. Anything
        else (an escape, a non-ASCII byte or credential, where case folding reaches beyond
        ASCII) answers True, and the caller scrubs.
        """
        if self._pattern is None:
            return False
        if self._ascii_forms is None or b"\\" in raw or not raw.isascii():
            return True
        lowered = raw.lower()
        return any(form in lowered for form in self._ascii_forms)

    def contained_in(self, text: str) -> bool:
        """True when any credential (in any covered form, any case) appears in `text`."""
        return bool(self._pattern and self._pattern.search(text))


def _all_forms(credentials: Iterable[str]) -> tuple[str, ...]:
    forms: set[str] = set()
    for value in credentials:
        if value.strip():
            forms |= {value, quote(value, safe=""), quote_plus(value), json.dumps(value)[1:-1]}
            # As Python quotes it in a message: a str's or its bytes' repr (b'a\x00b').
            forms |= {repr(value)[1:-1], repr(value.encode("utf-8", "surrogatepass"))[2:-1]}
    # Longest first, so a token is not half-replaced by a shorter secret inside it.
    return tuple(sorted(forms, key=lambda form: (-len(form), form)))


NO_SECRETS = Secrets()


def split_userinfo(url: str) -> tuple[str, tuple[str, str] | None]:
    """`url` without `user:password@`, and the (unquoted) user and password it carried."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, host = parts.netloc.rsplit("@", 1)
    user, _, password = userinfo.partition(":")
    return urlunsplit(parts._replace(netloc=host)), (unquote(user), unquote(password))


def redacted_url(url: str) -> str:
    """`url` fit for a repr or a message: any userinfo becomes REDACTED."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=f"{REDACTED}@{parts.netloc.rsplit('@', 1)[1]}"))
