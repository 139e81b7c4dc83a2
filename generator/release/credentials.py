"""The publisher's credentials, found where twine finds them, and every form they can be printed in.

twine takes them from TWINE_USERNAME / TWINE_PASSWORD, from `user:password@` written into
TWINE_REPOSITORY_URL, or from the keyring. Publishing resolves them itself, once, so that reading
the index's pages uses the same ones and so that every form of them is masked in what twine or
the index prints: the password, its URL-encoded forms, the `user:password` userinfo and the
Basic token (base64 of `user:password`).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, quote_plus, unquote, urlsplit

MASK = "***"
# userinfo in any URL a tool prints: scheme://user:password@host
URL_USERINFO = re.compile(r"(?<=://)[^/@\s:]+:[^/@\s]*@")


@dataclass(frozen=True)
class Credentials:
    username: str | None
    password: str | None = field(repr=False)
    source: str = "none"  # "environment", "repository URL", "keyring", "none": shown in errors

    def auth(self) -> tuple[str, str] | None:
        return (self.username, self.password) if self.username and self.password else None

    def secrets(self) -> list[str]:
        """Every printable form of the password, longest first (a long form is masked whole)."""
        if not self.password:
            return []
        forms = {self.password, quote(self.password, safe=""), quote_plus(self.password)}
        if self.username:
            pair = f"{self.username}:{self.password}"
            forms |= {pair, f"{quote(self.username, safe='')}:{quote(self.password, safe='')}"}
            for encoding in ("utf-8", "latin-1"):  # httpx sends UTF-8; requests (twine) latin-1
                try:
                    token = base64.b64encode(pair.encode(encoding)).decode("ascii")
                except UnicodeEncodeError:
                    continue
                forms |= {token, token.rstrip("=")}
        return sorted(forms, key=len, reverse=True)


def resolve(upload_url: str, environ: Mapping[str, str]) -> tuple[str, Credentials]:
    """The upload URL without any userinfo, and the credentials twine would use for it."""
    parts = urlsplit(upload_url)
    clean = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
    username = environ.get("TWINE_USERNAME") or None
    password = environ.get("TWINE_PASSWORD") or None
    source = "environment" if password else "none"
    if parts.username is not None and (not username or not password):
        username = username or unquote(parts.username)
        if not password and parts.password is not None:
            password, source = unquote(parts.password), "repository URL"
    if not password:
        # twine asks the keyring under the repository URL as configured (userinfo removed).
        username, password = _from_keyring(clean, username)
        source = "keyring" if password else "none"
    return clean, Credentials(username, password, source)


def _from_keyring(system: str, username: str | None) -> tuple[str | None, str | None]:
    import keyring  # deferred: its backends load at import, and only this path needs them
    from keyring.errors import KeyringError

    try:
        if not username:
            found = keyring.get_credential(system, None)
            if found is None:
                return None, None
            return found.username, found.password
        return username, keyring.get_password(system, username)
    except KeyringError:  # no usable backend: as twine, go on without
        return username, None


def mask(text: str, credentials: Credentials) -> str:
    """The text with every form of the credentials replaced: URL userinfo anywhere, and each
    form of the password standing alone, not a piece of a longer word (a one-letter password
    must not mangle file names)."""
    text = URL_USERINFO.sub(f"{MASK}@", text)
    for secret in credentials.secrets():
        text = re.sub(rf"(?<![\w]){re.escape(secret)}(?![\w])", MASK, text)
    return text
