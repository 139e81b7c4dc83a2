"""The mocks under abuse: bodies that are not UTF-8, wrong methods, oversize and endless bodies,
and one huge request among small ones. Every refusal comes in the vendor's own error shape."""

from __future__ import annotations

import json
import re
import select
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from scan_status import vendors
from scan_status.testing import MockServer
from scan_status.testing.app import MAX_BODY_BYTES, METHODS, load_spec, operations
from tests.support.rooms import ALL

HANG_GUARD = 120.0  # seconds: only a server that hangs gets near this
BIG = 60 * 1024 * 1024


def error_keys(mock: MockServer, code: int) -> set[str]:
    """The keys of the vendor's error answer, read from its room rather than listed here."""
    shape = mock.vendor.error(code, "x")
    assert isinstance(shape, dict)
    return set(shape)


def json_operations(vendor: str) -> list[tuple[str, str]]:
    """(method, path) of each operation that takes a JSON body, its path parameters filled."""
    spec = load_spec(vendors.get(vendor))
    return [
        (method.upper(), re.sub(r"\{[^}]+\}", "1", path))
        for path, method, operation in operations(spec)
        if "application/json" in (operation.get("requestBody") or {}).get("content", {})
    ]


JSON_BODIES = [(vendor, *op) for vendor in ALL for op in json_operations(vendor)]


@pytest.mark.parametrize(("vendor", "method", "path"), JSON_BODIES)
def test_a_body_that_is_not_utf8_gets_400_in_the_vendor_shape(
    vendor: str, method: str, path: str
) -> None:
    with MockServer(vendor) as mock:
        headers = {**mock.auth_headers(), "Content-Type": "application/json"}
        answer = httpx.request(
            method, mock.base_url + path, content=b'\xff\xfe["t-1"]', headers=headers
        )
        assert mock.errors == []
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/json"
    assert set(answer.json()) == error_keys(mock, 400)
    assert "UTF-8" in answer.text


@pytest.mark.parametrize("vendor", ALL)
def test_a_wrong_method_gets_405_in_the_vendor_shape(vendor: str) -> None:
    with MockServer(vendor) as mock:
        spec = load_spec(mock.room)
        path, _, _ = next(operations(spec))
        taken = {method for method in METHODS if method in spec["paths"][path]}
        wrong = next(method for method in METHODS if method not in taken).upper()
        url = mock.base_url + re.sub(r"\{[^}]+\}", "1", path)
        answer = httpx.request(wrong, url, headers=mock.auth_headers())
        assert mock.errors == []
    assert answer.status_code == 405
    assert answer.headers["content-type"] == "application/json"
    assert set(answer.json()) == error_keys(mock, 405)
    assert {name.upper() for name in taken} <= set(answer.headers["allow"].split(", "))


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[subprocess.Popen[str], str]]:
    """The Protecto mock in its own process (so its memory is its own): the process and URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "scan_status.testing", "serve", "protecto"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        yield process, line.split(" at ")[1].split(" ")[0]
    finally:
        process.terminate()
        process.wait(timeout=30)


def peak_rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    assert found, status
    return int(found.group(1))


def send_then_read(url: str, head: dict[str, str], body: Iterator[bytes]) -> bytes:
    """Send a PUT with `head` and as much of `body` as the server takes, then read its answer.

    The server may answer and close before the body is sent: what it answered is what counts.
    """
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=HANG_GUARD) as conn:
        lines = [f"PUT {parts.path}/data-scan-status HTTP/1.1", f"Host: {parts.netloc}"]
        lines += [f"{name}: {value}" for name, value in head.items()]
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        try:
            for chunk in body:
                readable, _, _ = select.select([conn], [], [], 0)
                if readable:  # the server has answered: stop sending
                    break
                conn.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        received = b""
        try:
            while not received.endswith(b"}"):
                data = conn.recv(65536)
                if not data:
                    break
                received += data
        except ConnectionResetError:
            pass
    return received


def status_and_json(answer: bytes) -> tuple[int, Any]:
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), json.loads(body)


def zeros(total: int, chunk: int = 1024 * 1024) -> Iterator[bytes]:
    for _ in range(total // chunk):
        yield b"0" * chunk


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc for memory")
def test_five_oversize_bodies_with_a_bad_token_are_refused_unread(
    served: tuple[subprocess.Popen[str], str],
) -> None:
    process, url = served
    head = {"Authorization": "Bearer wrong", "Content-Type": "application/json"}
    before = peak_rss_kib(process.pid)
    answers: list[bytes] = []
    senders = [
        threading.Thread(
            target=lambda: answers.append(
                send_then_read(url, {**head, "Content-Length": str(BIG)}, zeros(BIG))
            )
        )
        for _ in range(5)
    ]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(HANG_GUARD)
    grown_mib = (peak_rss_kib(process.pid) - before) / 1024
    # Reading them would have grown it by 300 MiB at least; the cap allows a few MiB each.
    assert grown_mib < 5 * MAX_BODY_BYTES / 2**20, f"the server grew by {grown_mib:.0f} MiB"
    assert len(answers) == 5
    for answer in answers:
        code, body = status_and_json(answer)
        assert code == 413
        assert body == vendors.get("protecto").mock().error(413, body["error"]["message"])


def test_a_chunked_body_is_cut_at_the_cap(served: tuple[subprocess.Popen[str], str]) -> None:
    _, url = served
    head = {
        "Authorization": "Bearer wrong",
        "Content-Type": "application/json",
        "Transfer-Encoding": "chunked",
    }
    chunks = (b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in zeros(BIG))
    code, body = status_and_json(send_then_read(url, head, chunks))
    # Read to the end, the body would have met the bad token (401); it was cut first.
    assert code == 413
    assert set(body) == {"data", "success", "error"}


def test_a_request_naming_200k_ids_does_not_hold_up_a_small_one(
    served: tuple[subprocess.Popen[str], str],
) -> None:
    _, url = served
    parts = urlsplit(url)
    token = vendors.get("protecto").default_credentials()["token"]
    path = f"{parts.path}/data-scan-status"

    def request(ids: list[str]) -> bytes:
        body = json.dumps(ids).encode()
        head = (
            f"PUT {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body

    big = request([f"scan-{i:07d}" for i in range(200_000)])
    assert len(big) > 2_000_000
    address = (parts.hostname, parts.port)
    with (
        socket.create_connection(address, timeout=HANG_GUARD) as big_conn,
        socket.create_connection(address, timeout=HANG_GUARD) as small_conn,
    ):
        big_conn.sendall(big)
        small_conn.sendall(request(["t-1"]))
        first, _, _ = select.select([big_conn, small_conn], [], [], HANG_GUARD)
        assert first == [small_conn], "the small request waited for the big one"
        assert b" 200 " in small_conn.recv(65536).split(b"\r\n")[0]
        answer = b""
        while not answer.endswith(b"}"):
            answer += big_conn.recv(65536)
    code, body = status_and_json(answer)
    assert code == 413  # the mock's bound on ids a request, in the vendor's shape
    assert set(body) == {"data", "success", "error"}
