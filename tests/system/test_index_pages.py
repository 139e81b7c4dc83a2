"""Reading an index's project page: PEP 503 HTML (entities and all) and PEP 691 JSON, through
pypi-simple, with any charset, bounded in size and in time, against servers on 127.0.0.1."""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import Any

import httpx
import pytest

from generator.release import index_pages
from generator.release.index_pages import PageError, read_page
from tests.support.http_server import on_loopback

WHEEL = "scan_status-1.0.0-py3-none-any.whl"
DIGEST = hashlib.sha256(b"the wheel").hexdigest()
# The file name written with character references, as an HTML page may: a regex over the
# markup would read "scan&#95;status-...".
HTML = (
    "<!DOCTYPE html><html><head><meta name='pypi:repository-version' content='1.0'></head>"
    "<body><h1>Links for scan-status — ünïcode</h1>"
    f'<a href="../../packages/{WHEEL}?a=1&amp;b=2#sha256={DIGEST}">'
    f"{WHEEL.replace('_', '&#95;')}</a></body></html>"
)


@contextmanager
def page_server(body: Callable[[BaseHTTPRequestHandler], None]) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                body(self)  # a reader that gives up closes the connection, as it should

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with on_loopback(Handler) as url:
        yield url


def answering(content_type: str, payload: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    return answer


def read(url: str) -> index_pages.Page:
    with httpx.Client(timeout=5) as client:
        return read_page(client, f"{url}/simple/scan-status/", "scan-status", None)


@pytest.mark.parametrize("charset", ["utf-8", "latin-1", "utf-16", "cp1252"])
def test_an_html_page_in_any_charset_with_character_references(charset: str) -> None:
    text = HTML if charset.startswith("utf") else HTML.replace("—", "-")
    with page_server(answering(f"text/html; charset={charset}", text.encode(charset))) as url:
        page = read(url)
    assert page.files is not None
    (listed,) = page.files
    assert (listed.filename, listed.sha256) == (WHEEL, DIGEST)
    assert listed.url == f"{url}/packages/{WHEEL}?a=1&b=2"


def test_a_pep_691_json_page() -> None:
    data = {
        "meta": {"api-version": "1.1"},
        "name": "scan-status",
        "files": [
            {"filename": WHEEL, "url": f"../../packages/{WHEEL}", "hashes": {"sha256": DIGEST}}
        ],
    }
    body = json.dumps(data).encode()
    with page_server(answering("application/vnd.pypi.simple.v1+json", body)) as url:
        page = read(url)
    assert page.files is not None
    assert [(f.filename, f.sha256, f.url) for f in page.files] == [
        (WHEEL, DIGEST, f"{url}/packages/{WHEEL}")
    ]


@pytest.mark.parametrize(
    ("content_type", "payload", "says"),
    [
        ("text/html; charset=idna", HTML.encode(), "its charset 'idna' does not decode it"),
        ("text/html; charset=no-such-codec", HTML.encode(), "its charset 'no-such-codec'"),
        ("text/html; charset=utf-8", b"\xff\xfe<html>", "its charset 'utf-8' does not decode it"),
        ("application/vnd.pypi.simple.v1+json", b"{not json", "not a valid project page"),
        ("application/vnd.pypi.simple.v1+json", b'{"files": 3}', "not a valid project page"),
        ("application/pdf", b"%PDF", "not a simple page (application/pdf)"),
    ],
)
def test_a_page_that_cannot_be_read_is_one_line_naming_it(
    content_type: str, payload: bytes, says: str
) -> None:
    with page_server(answering(content_type, payload)) as url, pytest.raises(PageError) as raised:
        read(url)
    message = str(raised.value)
    assert message.startswith(f"cannot read {url}/simple/scan-status/: ") and says in message
    assert "\n" not in message


def test_a_page_larger_than_the_cap_is_not_read_to_its_end() -> None:
    sent: list[int] = []

    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        chunk = b"<a href='x'>x</a>" * 2**16
        while len(sent) * len(chunk) < 4 * index_pages.MAX_PAGE_BYTES:  # bounded, in case
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent.append(1)

    too_large = f"larger than {index_pages.MAX_PAGE_BYTES} bytes"
    with page_server(endless) as url, pytest.raises(PageError, match=too_large):
        read(url)


def test_a_page_that_drips_is_given_up_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_pages, "PAGE_SECONDS", 0.5)  # the bound, made short for the test
    stop = time.monotonic() + 10  # the server's own bound: it stops by itself

    def drip(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        while time.monotonic() < stop:
            handler.wfile.write(b"1\r\n \r\n")
            handler.wfile.flush()
            time.sleep(0.05)

    with page_server(drip) as url, pytest.raises(PageError, match=r"not read in 0\.5 s"):
        read(url)
