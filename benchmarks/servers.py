"""The servers the benchmarks talk to, each in its own process so its CPU is its own.

python -m benchmarks.servers fast | fast-tls CERT_FILE KEY_FILE | starlette BODY_FILE | mock
Prints one JSON line ({"port": ..., "headers": {...}}) once it listens, then serves until killed.

`fast` is a raw asyncio HTTP/1.1 keep-alive server: it parses only the request line and answers
with precomputed bytes, so it costs a few microseconds a request (the report shows its CPU share).
`fast-tls` is the same server over TLS, with the certificate and key given (PEM files).
Under /threadfix/rest/latest/applications/7/ each scan walks a scripted lifecycle (queued,
running twice, done), one step per poll; any other path answers a finished ThreadFix scan.
"""

from __future__ import annotations

import asyncio
import json
import socket
import ssl
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any


def threadfix_body(status: str) -> bytes:
    """A ThreadFix pending-scan status answer, as its API docs show one."""
    record = {
        "id": 41,
        "modifiedDate": 1570117773000,
        "active": True,
        "fileDataList": [{"id": 12, "originalName": "contoso.fpr"}],
        "appId": 6,
        "errorMessage": None,
        "status": status,
        "error": False,
        "scanId": 12,
        "type": "upload",
        "name": "contoso.fpr",
        "time": 1570117773000,
        "scanMessage": "Scan Processing Completed. Statistics Update Queued.",
    }
    return json.dumps(
        {"message": "", "success": True, "responseCode": -1, "object": record}
    ).encode()


def _http_answer(body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


LIFECYCLE = [
    _http_answer(threadfix_body(s)) for s in ("QUEUED", "UPLOADED", "FINDINGS_GENERATING", "DONE")
]
SCRIPTED = b"/threadfix/rest/latest/applications/7/"
FINISHED = LIFECYCLE[-1]


class FastHTTP(asyncio.Protocol):
    polls: dict[bytes, int] = {}  # noqa: RUF012  (one table for the whole server)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:  # GETs only: no body to read
            path = self.buffer.split(b" ", 2)[1]
            self.buffer = self.buffer[end + 4 :]
            self.transport.write(self.answer(path))

    def answer(self, path: bytes) -> bytes:
        if not path.startswith(SCRIPTED):
            return FINISHED
        count = self.polls.get(path, 0)
        self.polls[path] = count + 1
        return LIFECYCLE[min(count, len(LIFECYCLE) - 1)]


def _announce(port: int, headers: dict[str, str] | None = None) -> None:
    print(json.dumps({"port": port, "headers": headers or {}}), flush=True)


def _listening_socket() -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted sockets inherit it: else a reply written in two parts (uvicorn writes headers,
    # then body) waits on the client's delayed ACK, 40 ms a request.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(4096)
    return sock


async def _serve_fast(tls: ssl.SSLContext | None = None) -> None:
    sock = _listening_socket()
    server = await asyncio.get_running_loop().create_server(
        FastHTTP, sock=sock, backlog=4096, ssl=tls
    )
    _announce(sock.getsockname()[1])
    await server.serve_forever()


def _serve_starlette(body_file: str) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    body = Path(body_file).read_bytes()

    async def status(request: Request) -> Response:
        return Response(body, media_type="application/json")

    path = "/threadfix/rest/latest/applications/{app}/pendingScan/{scan}/status"
    app = Starlette(routes=[Route(path, status)])
    sock = _listening_socket()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    _announce(sock.getsockname()[1])
    uvicorn.Server(config).run(sockets=[sock])


def _serve_mock() -> None:
    from scan_status.testing import MockServer

    with MockServer("threadfix") as mock:
        _announce(mock.port, mock.auth_headers())
        threading.Event().wait()


def start(*args: str) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    """Start `python -m benchmarks.servers *args`; the process and what it announced."""
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.servers", *args], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        process.wait()
        raise RuntimeError(f"server {args} did not start")
    return process, json.loads(line)


def main(argv: list[str]) -> None:
    kind = argv[0]
    if kind == "fast":
        asyncio.run(_serve_fast())
    elif kind == "fast-tls":
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(argv[1], argv[2])
        asyncio.run(_serve_fast(tls))
    elif kind == "starlette":
        _serve_starlette(argv[1])
    elif kind == "mock":
        _serve_mock()
    else:
        raise SystemExit(f"no server {kind!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
