"""Reading a project's page on a simple index (PEP 503 HTML or PEP 691 JSON), bounded.

The page is parsed by pypi-simple; its size is capped (MAX_PAGE_BYTES) and so is the time it may
take (PAGE_SECONDS, however slowly it drips), and a charset Python cannot decode it with is a
one-line error. Redirects are followed by hand: within the index's host with the credentials;
off it, never: a project page that sends installers to another host is a project this index does
not hold itself ("not hosted here"), which is what pypiserver's default fallback to PyPI says.
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass
from email.message import Message
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    import httpx

# Our projects' pages list two files a release: 4 MiB is some 16,000 files, and bounds what
# parsing one may take (benchmarks/index_pages.py measures both).
MAX_PAGE_BYTES = 4 * 2**20
PAGE_SECONDS = 30.0
REDIRECTS = 5
JSON = "application/vnd.pypi.simple.v1+json"
HTML = ("text/html", "application/vnd.pypi.simple.v1+html")

Origin = tuple[str, str, int | None]


class PageError(Exception):
    """A page that could not be read; the message names its URL (without userinfo) and why."""


@dataclass(frozen=True)
class Listed:
    filename: str
    sha256: str | None
    url: str  # where the file is served from, without userinfo


@dataclass(frozen=True)
class Page:
    url: str  # the page read (after redirects within the host)
    files: tuple[Listed, ...] | None  # None: the index does not hold the project
    elsewhere: str | None = None  # not held here: where the index sends installers instead

    @property
    def hosted(self) -> bool:
        return self.files is not None


def origin(url: str) -> Origin:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port


def public(url: str) -> str:
    """A URL without any user:password written into it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return parts._replace(netloc=netloc).geturl()


def project_url(simple: str, project: str) -> str:
    return f"{simple.rstrip('/')}/{project}/"


def read_page(client: httpx.Client, url: str, project: str, auth: tuple[str, str] | None) -> Page:
    """The files `url` (a project page) lists; raises PageError when it cannot say."""
    from pypi_simple import ACCEPT_ANY

    home = origin(url)
    deadline = time.monotonic() + PAGE_SECONDS
    for _ in range(REDIRECTS + 1):
        request = client.build_request("GET", url, headers={"Accept": ACCEPT_ANY})
        if auth is not None and origin(url) == home:  # credentials go to the index's host only
            request.headers["Authorization"] = basic_header(auth)
        answer = _send(client, request, deadline)
        if not answer.is_redirect:
            break
        target = urljoin(url, answer.headers.get("location", ""))
        if origin(target) != home:
            return Page(public(url), None, public(target))
        url = target
    else:
        raise PageError(f"{public(url)}: more than {REDIRECTS} redirects")
    if answer.status_code == 404:
        return Page(public(url), None)
    if answer.status_code != 200:
        raise PageError(f"cannot read {public(url)}: HTTP {answer.status_code}")
    return Page(
        public(url), _parse(url, project, answer.headers.get("content-type"), answer.content)
    )


def basic_header(auth: tuple[str, str]) -> str:
    return "Basic " + base64.b64encode(":".join(auth).encode()).decode("ascii")


@dataclass(frozen=True)
class _Answer:
    status_code: int
    headers: httpx.Headers
    content: bytes

    @property
    def is_redirect(self) -> bool:
        return self.status_code in (301, 302, 303, 307, 308) and "location" in self.headers


def _send(client: httpx.Client, request: httpx.Request, deadline: float) -> _Answer:
    """The answer with its body read (decoded), at most MAX_PAGE_BYTES and until `deadline`."""
    import httpx  # deferred: the caller made the client, this only names its errors

    where = public(str(request.url))
    try:
        answer = client.send(request, stream=True)
        try:
            body = bytearray()
            for chunk in answer.iter_bytes():
                body += chunk
                if len(body) > MAX_PAGE_BYTES:
                    raise PageError(f"cannot read {where}: larger than {MAX_PAGE_BYTES} bytes")
                if time.monotonic() > deadline:
                    raise PageError(f"cannot read {where}: not read in {PAGE_SECONDS:g} s")
        finally:
            answer.close()
    except httpx.HTTPError as err:
        raise PageError(f"cannot read {where}: {type(err).__name__}") from None
    return _Answer(answer.status_code, answer.headers, bytes(body))


def _parse(url: str, project: str, content_type: str | None, body: bytes) -> tuple[Listed, ...]:
    from pypi_simple import ProjectPage

    header = Message()
    header["content-type"] = content_type or "text/html"
    kind = header.get_content_type()
    charset = str(header.get_param("charset") or "utf-8")
    where = public(url)
    try:
        text = body.decode(charset)
    except (LookupError, UnicodeError, ValueError) as err:
        raise PageError(
            f"cannot read {where}: its charset {charset!r} does not decode it "
            f"({type(err).__name__})"
        ) from None
    try:
        if kind == JSON:
            page = ProjectPage.from_json_data(json.loads(text), url)
        elif kind in HTML:
            page = ProjectPage.from_html(project, text, url)
        else:
            raise PageError(f"cannot read {where}: not a simple page ({kind})")
    except PageError:
        raise
    except Exception as err:  # whatever the page holds: one line naming it, not a traceback
        why = (str(err).splitlines() or [type(err).__name__])[0]
        raise PageError(f"cannot read {where}: not a valid project page ({why})") from None
    return tuple(
        Listed(package.filename, package.digests.get("sha256"), public(package.url))
        for package in page.packages
    )
