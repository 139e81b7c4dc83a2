"""Reading a vendor page, from a file or a URL, as its normalised main text.

Vendors publish HTML; the captures the specs were written from are text. Both are reduced to
the same normalised text (main content only, whitespace collapsed, table rules dropped), so a
page re-rendered with another navigation, scripts or styling reads as the same page.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# httpx, lxml and trafilatura are imported where a URL or an HTML page needs them: the text
# captures drift reads by default need none, and importing them costs more than reading those.

FETCH_TIMEOUT = 30.0
GONE = frozenset({404, 410})

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
    """The normalised text of a page's bytes, and whether it was HTML."""
    text = body.decode(encoding or "utf-8", errors="replace").removeprefix("\ufeff")
    if looks_like_html(body, content_type):
        return normalise(main_text(text)), True
    return normalise(text), False


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
        body = Path(source).read_bytes()
    except OSError as err:
        raise PageError(f"{source}: {err.strerror or err}") from err
    text, html = page_text(body, content_type="html" if source.endswith((".html", ".htm")) else "")
    return Reading(source, hashlib.sha256(body).hexdigest(), text, html)


def _fetch(source: str, url: str, timeout: float) -> Reading:
    import httpx

    try:
        with httpx.Client(timeout=timeout, follow_redirects=False) as client:
            answer = client.get(url)
            if answer.is_redirect:
                location = str(answer.url.join(answer.headers.get("location", "")))
                return Reading(source, "", "", False, moved_to=location)
            if answer.status_code in GONE:
                return Reading(source, "", "", False, gone=answer.status_code)
            answer.raise_for_status()
    except httpx.HTTPStatusError as err:
        raise PageError(f"{source}: the server answered {err.response.status_code}") from err
    except (httpx.HTTPError, httpx.InvalidURL) as err:
        raise PageError(f"{source}: {type(err).__name__}: {err}") from err
    body = answer.content
    text, html = page_text(
        body, content_type=answer.headers.get("content-type", ""), encoding=answer.encoding
    )
    return Reading(source, hashlib.sha256(body).hexdigest(), text, html)
