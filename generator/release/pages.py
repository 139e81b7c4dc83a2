"""Reading a vendor page, from a file or a URL, as its normalised main text.

Vendors publish HTML; the captures the specs were written from are text. Both are reduced to
the same normalised text (main content only, whitespace collapsed, table rules dropped), so a
page re-rendered with another navigation, scripts or styling reads as the same page.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import threading
import time
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

# httpx, lxml and trafilatura are imported where a URL or an HTML page needs them: the text
# captures drift reads by default need none, and importing them costs more than reading those.

FETCH_TIMEOUT = 30.0  # seconds for a URL, whole: connecting, every byte, inflating
GONE = frozenset({404, 410})
# A page's bytes, after any gzip or deflate is undone: docs pages are tens of kilobytes. Read as
# they come (and inflated with a bound), so a huge page or a gzip bomb stops at the bound.
MAX_PAGE_BYTES = 5 * 1024 * 1024
# The HTML handed to trafilatura (the page's <main> when it has one): its extraction is slow
# and superlinear (a 1 MB page took 30 s here, a 30 MB one never ended), so more is an error.
MAX_EXTRACT_CHARACTERS = 512 * 1024
# What a page may be: text, HTML, XML. An image, a PDF or an archive is no page to compare.
_BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")
# Codecs Python knows that are no document's character set (host names, Python literals).
_NOT_CHARSETS = frozenset({"idna", "punycode", "unicode_escape", "raw_unicode_escape"})

_SPACES = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_TABLE_RULE = re.compile(r"^[|\-:+ ]*-[|\-:+ ]*$")  # |---|---| and the like
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html)\b", re.I | re.S
)


class PageError(Exception):
    """A page that could not be read (not a page that moved: see `Reading.moved`)."""


@dataclass(frozen=True)
class Reading:
    """What reading one source gave."""

    source: str
    raw_sha256: str  # of the bytes as read: what a text capture's x-provenance records
    text: str  # normalised main text ("" when the page moved)
    html: bool
    moved_to: str | None = None  # the new location, for a redirect
    gone: int | None = None  # the HTTP status, for a page that answers 404 or 410

    @property
    def moved(self) -> bool:
        return self.moved_to is not None or self.gone is not None

    @property
    def text_sha256(self) -> str:
        return text_sha256(self.text)


def normalise(text: str) -> str:
    """One line a block: whitespace collapsed, table borders and rules dropped, blanks dropped.

    `| PENDING | Started |` (an HTML table read out) and `PENDING | Started |` (a text capture of
    the same table) normalise alike.
    """
    lines = []
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    for raw in text.splitlines():
        line = _SPACES.sub(" ", raw).strip()
        if "|" in line:
            if _TABLE_RULE.match(line):
                continue
            line = " | ".join(cell.strip() for cell in line.strip("| ").split("|"))
        if line:
            lines.append(line)
    return "\n".join(lines)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def looks_like_html(body: bytes, content_type: str = "") -> bool:
    return "html" in content_type.lower() or bool(_HTML_START.match(body[:4096]))


def main_text(html: str) -> str:
    """The page's main content as text: navigation, headers, footers, scripts and styles left out.

    A page that marks its content (<main>, role="main") is read from there alone: on a short
    page, trafilatura's own guess can take the navigation for content.
    """
    import lxml.etree
    import lxml.html
    import trafilatura

    try:
        landmarks = lxml.html.fromstring(html).xpath("//main | //*[@role='main']")
    except (lxml.etree.ParserError, ValueError):
        landmarks = []
    if landmarks:
        content = lxml.html.tostring(landmarks[0], encoding="unicode")
        html = f"<html><body>{content}</body></html>"
    if len(html) > MAX_EXTRACT_CHARACTERS:
        raise PageError(
            f"its {'main ' if landmarks else ''}HTML is {len(html):,} characters; drift extracts "
            f"text from at most {MAX_EXTRACT_CHARACTERS:,}"
        )
    extracted = trafilatura.extract(
        html,
        output_format="txt",
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        favor_recall=True,  # docs pages are mostly short lines, code and tables: keep them all
        deduplicate=False,
        prune_xpath=["//nav"],
    )
    return extracted or ""


def page_text(
    body: bytes, *, content_type: str = "", encoding: str | None = None
) -> tuple[str, bool]:
    """The normalised text of a page's bytes, and whether it was HTML; PageError (without the
    source, which the caller adds) for bytes that are no text page or a charset that cannot be
    read."""
    refuse_binary(body, content_type)
    text = decoded(body, encoding)
    if looks_like_html(body, content_type):
        return normalise(main_text(text)), True
    return normalise(text), False


def refuse_binary(body: bytes, content_type: str = "") -> None:
    """PageError for an image, a PDF, an archive or any other bytes that are not text."""
    media = content_type.split(";", 1)[0].strip().lower()
    textual = (
        not media
        or media.startswith("text/")
        or media.endswith(("+xml", "/xml", "/json"))
        or media == "application/xhtml+xml"
    )
    if not textual:
        raise PageError(f"it is {media}, not a text or HTML page")
    if body.startswith(_BINARY_MAGIC) or b"\0" in body[:65536]:
        raise PageError("its bytes are not text (an image, a PDF or an archive?)")


def decoded(body: bytes, encoding: str | None) -> str:
    """The page's text in its declared charset (UTF-8 when none is declared)."""
    name = encoding or "utf-8"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise PageError(f"it declares charset={name}, which is no character set known") from None
    if codec in _NOT_CHARSETS:
        raise PageError(
            f"it declares charset={name}, a codec for {codec} text, not a page's charset"
        )
    try:
        return body.decode(codec, errors="replace").removeprefix("\ufeff")
    except (LookupError, UnicodeError) as err:  # a codec that is not a text encoding
        raise PageError(f"it declares charset={name}, which cannot decode it ({err})") from None


def local_url(url: str, base: str | None) -> str:
    """`url` read from `base` instead: its scheme and host replaced, `base`'s path put before its
    own (https://vendor.example/docs/x -> http://127.0.0.1:8000/docs/x)."""
    if not base:
        return url
    page, local = urlsplit(url), urlsplit(base)
    return urlunsplit(
        (local.scheme, local.netloc, local.path.rstrip("/") + page.path, page.query, "")
    )


def read(source: str, *, base_url: str | None = None, timeout: float = FETCH_TIMEOUT) -> Reading:
    """Read a file or a URL. A URL that redirects or answers 404/410 gives a moved Reading."""
    if source.startswith(("http://", "https://")):
        return _fetch(source, local_url(source, base_url), timeout)
    try:
        with Path(source).open("rb") as file:
            body = file.read(MAX_PAGE_BYTES + 1)
    except OSError as err:
        raise PageError(f"{source}: {err.strerror or err}") from err
    if len(body) > MAX_PAGE_BYTES:
        raise PageError(f"{source}: the page is over {MAX_PAGE_BYTES:,} bytes")
    kind = "text/html" if source.endswith((".html", ".htm")) else ""
    return _reading(source, body, kind, None)


def _reading(source: str, body: bytes, content_type: str, encoding: str | None) -> Reading:
    try:
        text, html = page_text(body, content_type=content_type, encoding=encoding)
    except PageError as err:
        raise PageError(f"{source}: {err}") from None
    return Reading(source, hashlib.sha256(body).hexdigest(), text, html)


def _fetch(source: str, url: str, timeout: float) -> Reading:
    """The page at `url`, whole within `timeout` seconds (a server dripping a byte every second
    never trips httpx's per-read timeout: the fetch runs in a thread, given up on at the
    deadline, and stops itself at its next chunk)."""
    import httpx

    headers = {"Accept-Encoding": "gzip, deflate"}  # the encodings _body can undo, with a bound
    # Made before the clock starts: loading httpx and the CA bundle is not the server's time.
    client = httpx.Client(timeout=timeout, follow_redirects=False, headers=headers)
    deadline = time.monotonic() + timeout
    outcome: list[Reading | tuple[bytes, str, str | None] | BaseException] = []

    def fetch() -> None:
        try:
            with client:
                outcome.append(_fetch_within(client, source, url, deadline))
        except BaseException as err:  # handed to the caller, whatever it is
            outcome.append(err)

    worker = threading.Thread(target=fetch, name=f"drift {url}", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise PageError(f"{source}: no whole answer within {timeout:g} s")
    (result,) = outcome
    if isinstance(result, BaseException):
        raise result
    if isinstance(result, Reading):
        return result
    return _reading(source, *result)  # reading the text is not the server's time


def _fetch_within(
    client: Any, source: str, url: str, deadline: float
) -> Reading | tuple[bytes, str, str | None]:
    """A moved page's Reading, or the body, its content type and its charset."""
    import httpx  # loaded already by _fetch

    try:
        with client.stream("GET", url) as answer:
            if answer.is_redirect:
                location = str(answer.url.join(answer.headers.get("location", "")))
                return Reading(source, "", "", False, moved_to=location)
            if answer.status_code in GONE:
                return Reading(source, "", "", False, gone=answer.status_code)
            if answer.status_code >= 400:
                raise PageError(f"{source}: the server answered {answer.status_code}")
            content_type = answer.headers.get("content-type", "")
            try:
                refuse_binary(b"", content_type)
            except PageError as err:
                raise PageError(f"{source}: {err}") from None
            return _body(source, answer, deadline), content_type, answer.charset_encoding
    except (httpx.HTTPError, httpx.InvalidURL) as err:
        raise PageError(f"{source}: {type(err).__name__}: {err}") from err


def _body(source: str, answer: Any, deadline: float) -> bytes:
    """The body as sent, gzip or deflate undone, at most MAX_PAGE_BYTES of it, by `deadline`."""
    coding = answer.headers.get("content-encoding", "identity").strip().lower()
    if coding in ("gzip", "x-gzip"):
        inflater: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif coding == "deflate":
        inflater = zlib.decompressobj()
    elif coding in ("identity", ""):
        inflater = None
    else:
        raise PageError(f"{source}: content-encoding {coding!r} is not one drift reads")
    parts: list[bytes] = []
    size = 0
    try:
        for chunk in answer.iter_raw():
            if time.monotonic() > deadline:
                raise PageError(f"{source}: no whole answer in time")
            data = inflater.decompress(chunk, MAX_PAGE_BYTES + 1 - size) if inflater else chunk
            size += len(data)
            if size > MAX_PAGE_BYTES or (inflater is not None and inflater.unconsumed_tail):
                raise PageError(f"{source}: the page is over {MAX_PAGE_BYTES:,} bytes")
            parts.append(data)
        if inflater is not None:
            tail = inflater.flush(MAX_PAGE_BYTES + 1 - size)
            if size + len(tail) > MAX_PAGE_BYTES:
                raise PageError(f"{source}: the page is over {MAX_PAGE_BYTES:,} bytes")
            parts.append(tail)
    except zlib.error as err:
        raise PageError(f"{source}: its {coding} body is corrupt ({err})") from None
    return b"".join(parts)
