"""A hostile index on 127.0.0.1: it refuses every upload, echoing the credentials it was sent in
every form (the Authorization header, the decoded user:password, the password URL-encoded) in
its reason phrase and its body, to prove none of them reaches publish's output."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import quote, quote_plus

from tests.support.http_server import on_loopback


class EchoingIndex(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path == "/simple/":  # an index, holding none of the projects asked for
            self._answer(200, "OK", b"<html><body></body></html>", "text/html")
        else:
            self._answer(404, "Not Found", b"no such project", "text/plain")

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        sent = self.headers.get("Authorization", "")
        decoded = base64.b64decode(sent.removeprefix("Basic ")).decode("latin-1")
        password = decoded.partition(":")[2]
        echo = (
            f"you sent {sent} meaning {decoded}, password {password} "
            f"{quote(password, safe='')} {quote_plus(password)}"
        )
        self._answer(
            400, echo.encode("latin-1", "replace").decode("latin-1"), echo.encode(), "text/plain"
        )

    def _answer(self, status: int, reason: str, body: bytes, kind: str) -> None:
        self.send_response(status, reason)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def echoing_index() -> Iterator[str]:
    """The index's base URL."""
    with on_loopback(EchoingIndex) as url:
        yield url
