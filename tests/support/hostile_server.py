"""One hostile vendor on 127.0.0.1 (a free port): every path and method gets the chosen misbehaviour.

Behaviours (set with `server.behave(name, **options)`, or per test with `hostile_server(name)`):
  drip            200 headers, then `length` body bytes one per `interval` seconds
  drip_headers    the status line and headers themselves, `length` bytes one per `interval`
  gzip_bomb       a gzip answer of `mebibytes` MiB of zeros (about 1 KB on the wire per MiB)
  echo_401        401 whose JSON body echoes the Authorization and x-xdr-auth-id headers and
                  the query, as a careless vendor's "invalid credentials: ..." does
  endless_429     429 with Retry-After: `retry_after`, forever
  reset           the connection is reset (RST) as soon as the request is read
  body            200 with the raw `body` bytes given (a JSON list, string, number, deep nesting)

Transport probes (module-level functions below, in TRANSPORT_PROBES):
  echo_in_header  401 whose headers echo the Authorization and x-xdr-auth-id values (httpcore
                  logs response headers at DEBUG)
  echo_unparsable `status` with a body that is not JSON and quotes the Authorization value (a
                  JSONDecodeError's `doc` holds the raw body)
  charset         `status` with Content-Type `application/json; charset=<name>` (idna,
                  punycode: codecs that decode no body) and a body that is not JSON

The server stops when its context ends, or by itself after `lifetime` seconds.
"""

from __future__ import annotations

import functools
import json
import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

MiB = 1 << 20


@functools.cache
def gzip_bomb(mebibytes: int) -> bytes:
    """A valid single-member gzip of `mebibytes` MiB of zeros, built in well under a second.

    One MiB of zeros is deflated once and ended with a full flush, which resets the compressor:
    the piece stands alone, so repeating it is a valid deflate stream of any length.
    """
    zeros = bytes(MiB)
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    piece = squeezer.compress(zeros) + squeezer.flush(zlib.Z_FULL_FLUSH)
    last_block = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    trailer = struct.pack("<II", crc, (mebibytes * MiB) & 0xFFFFFFFF)
    return header + piece * mebibytes + last_block + trailer


def nested_json(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@dataclass
class HostileServer:
    base_url: str = ""
    behaviour: str = "body"
    options: dict[str, Any] = field(default_factory=dict)
    requests: int = 0
    stopping: threading.Event = field(default_factory=threading.Event)

    def behave(self, behaviour: str, **options: Any) -> None:
        self.behaviour, self.options = behaviour, options


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hanging up on a drip or a reset are the point, not a failure


def _send(
    handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]
) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def echo_in_header(handler: BaseHTTPRequestHandler) -> None:
    echoed = {
        "Content-Type": "application/json",
        "X-Echoed-Authorization": handler.headers.get("Authorization") or "-",
        "X-Echoed-Key-Id": handler.headers.get("x-xdr-auth-id") or "-",
    }
    _send(handler, 401, b'{"message": "invalid credentials"}', echoed)


def echo_unparsable(handler: BaseHTTPRequestHandler, status: int = 200) -> None:
    body = f"<html>bad key {handler.headers.get('Authorization')}</html>".encode()
    _send(handler, status, body, {"Content-Type": "application/json"})


def charset(handler: BaseHTTPRequestHandler, name: str = "idna", status: int = 200) -> None:
    body = "<p>caf\u00e9 unreadable</p>".encode()
    _send(handler, status, body, {"Content-Type": f"application/json; charset={name}"})


TRANSPORT_PROBES = {
    "echo_in_header": echo_in_header,
    "echo_unparsable": echo_unparsable,
    "charset": charset,
}


@contextmanager
def hostile_server(
    behaviour: str = "body", *, lifetime: float = 120.0, **options: Any
) -> Iterator[HostileServer]:
    state = HostileServer(behaviour=behaviour, options=options)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def _serve(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.requests += 1
            probe = TRANSPORT_PROBES.get(state.behaviour)
            if probe is not None:
                probe(self, **state.options)
            else:
                getattr(self, f"_{state.behaviour}")(**state.options)

        do_GET = do_PUT = do_PATCH = do_POST = _serve

        def _answer(self, status: int, body: bytes, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def _drip_bytes(self, data: bytes, interval: float) -> None:
            try:
                for byte in data:
                    if state.stopping.is_set():
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(interval)
            except OSError:  # the client gave up: what a deadline is for
                self.close_connection = True

        def _drip(self, interval: float = 1.0, length: int = 10**6) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(length))
            self.end_headers()
            self.wfile.flush()
            self._drip_bytes((b'{"status": "' + b" " * length)[:length], interval)
            self.close_connection = True

        def _drip_headers(self, interval: float = 1.0, length: int = 10**6) -> None:
            self._drip_bytes((b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * length)[:length], interval)
            self.close_connection = True

        def _gzip_bomb(self, mebibytes: int = 256) -> None:
            self._answer(200, gzip_bomb(mebibytes), Content_Encoding="gzip")

        def _echo_401(self) -> None:
            # Every header but the plain HTTP ones: wherever a vendor's room puts its key.
            plain = {"host", "accept", "accept-encoding", "connection", "user-agent"}
            sent = [value for name, value in self.headers.items() if name.lower() not in plain]
            echoed = {
                "message": f"invalid credentials: {' / '.join(sent)}",
                "err_msg": f"rejected {self.headers.get('Authorization')}",
                "error": {"message": f"key id {self.headers.get('x-xdr-auth-id')} refused"},
                "query": urlsplit(self.path).query,
                "headers": dict(self.headers),
            }
            self._answer(401, json.dumps(echoed).encode())

        def _endless_429(self, retry_after: int = 1) -> None:
            self._answer(429, b'{"message": "slow down"}', Retry_After=str(retry_after))

        def _reset(self) -> None:
            # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True

        def _body(self, body: bytes = b"[1, 2, 3]", status: int = 200) -> None:
            self._answer(status, body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = _QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    # shutdown() waits up to a poll_interval (0.5 s by default) for the loop to see its flag.
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    watchdog = threading.Timer(lifetime, httpd.shutdown)  # stops by itself if a test forgets
    watchdog.daemon = True
    watchdog.start()
    try:
        yield state
    finally:
        state.stopping.set()
        watchdog.cancel()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@dataclass
class RequestLines:
    """What `request_line_server` was sent: each request line exactly as it arrived."""

    base_url: str = ""
    lines: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def taken(self) -> list[str]:
        """The lines received since the last call (and forget them)."""
        with self.lock:
            taken, self.lines = self.lines, []
        return taken


@contextmanager
def request_line_server(body: bytes = b"{}") -> Iterator[RequestLines]:
    """A server on 127.0.0.1 that records the raw request line of every request (the target as
    the client wrote it, before any parsing) and answers 200 with `body`: the witness that an id
    did not move a request to another path."""
    state = RequestLines()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def _serve(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with state.lock:
                state.lines.append(self.requestline)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_PUT = do_PATCH = do_POST = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = _QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


# Vendor text meant for a terminal or a markup parser rather than for a reader (issue 21 item 3):
# each a string a vendor could send as a status, a message or an error, which the CLI must show
# and never obey. Served with the `body` behaviour: server.behave("body", body=vendor_json(...)).
def terminal_probes() -> dict[str, str]:
    return {
        "title": "\x1b]0;owned by the vendor\x07",  # sets the terminal's title
        "screen_clear": "\x1b[2J\x1b[H",  # clears the screen, cursor home
        "colour": "\x1b[31mred\x1b[0m",
        "forged_line": "\r\nthreadfix 99: SUCCEEDED (vendor said 'DONE')\n",  # a fake result
        "markup_error": "[/x]",  # rich's MarkupError, were it read as markup
        "markup_link": "[link=https://attacker.example/]click[/link]",  # a clickable link
        "lone_surrogate": "\ud800",  # valid JSON (\ud800), no UTF-8 form
        "bidi_override": "\u202egnp.exe",  # shown reversed: exe.png
        "nul_and_del": "a\x00b\x7fc",
    }


def vendor_json(answer: Any) -> bytes:
    """An answer as a vendor's JSON: ASCII, a lone surrogate written as its escape (\\ud800),
    which JSON allows and a UTF-8 encoder refuses."""
    return json.dumps(answer).encode("ascii")


@dataclass
class HostilePages:
    """What `hostile_pages` serves at every path: a vendor docs site gone wrong."""

    base_url: str = ""
    behaviour: str = "bytes"
    options: dict[str, Any] = field(default_factory=dict)
    stopping: threading.Event = field(default_factory=threading.Event)

    def behave(self, behaviour: str, **options: Any) -> None:
        self.behaviour, self.options = behaviour, options


@contextmanager
def hostile_pages(behaviour: str = "bytes", **options: Any) -> Iterator[HostilePages]:
    """A docs site on 127.0.0.1 whose every page misbehaves (`behave(name, **options)`):
    huge      200 text/html of `mebibytes` MiB, streamed (never held in memory here)
    bomb      200 text/html, gzip of `mebibytes` MiB of zeros (gzip_bomb)
    drip      200 text/html, then one byte of `length` every `interval` seconds
    bytes     200 with the raw `body` and `content_type` given (a PNG, a PDF, charset=idna,
              text holding terminal escape sequences)
    """
    state = HostilePages(behaviour=behaviour, options=options)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            try:
                getattr(self, f"_{state.behaviour}")(**state.options)
            except OSError:  # the client gave up: what its bounds are for
                self.close_connection = True

        def _head(self, content_type: str, length: int, **headers: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(length))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()

        def _huge(self, mebibytes: int = 300) -> None:
            self._head("text/html; charset=utf-8", mebibytes * MiB)
            paragraph = b"<p>" + b"scan status words " * 3 + b"</p>\n"
            chunk = (b"<html><body><main>" + paragraph * (MiB // len(paragraph)))[:MiB]
            for _ in range(mebibytes):
                if state.stopping.is_set():
                    return
                self.wfile.write(chunk)

        def _bomb(self, mebibytes: int = 2048) -> None:
            body = gzip_bomb(mebibytes)
            self._head("text/html; charset=utf-8", len(body), Content_Encoding="gzip")
            self.wfile.write(body)

        def _drip(self, interval: float = 2.0, length: int = 1000) -> None:
            self._head("text/html; charset=utf-8", length)
            self.wfile.flush()
            for byte in (b"<html><body><main><p>" + b"x" * length)[:length]:
                if state.stopping.is_set():
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(interval)

        def _bytes(self, body: bytes = b"", content_type: str = "text/plain") -> None:
            self._head(content_type, len(body))
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = _QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stopping.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
