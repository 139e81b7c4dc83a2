"""The mocks stay bounded and answering under abuse: deeply nested JSON is a 400 in the vendor's
shape (not a RecursionError), fullwidth digits are not a number, slow headers get 408 after
HEADER_TIMEOUT, descriptors exhausted by silent clients cost one log line per interval and the
mock answers again once they are freed, and what a mock records of large bodies is capped."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest

from scan_status import vendors
from scan_status.testing import MockServer
from scan_status.testing.app import (
    MAX_BODY_BYTES,
    MAX_RECORDED_BODY,
    MAX_RECORDED_BYTES,
    load_spec,
    operations,
)
from scan_status.testing.server import EMFILE_LOG_INTERVAL, HEADER_TIMEOUT
from tests.support.rooms import ALL

# Deeper than Python's recursion limit: json's decoder and the schema check both give up on it.
DEEP = 3_000
FULLWIDTH_41 = "%EF%BC%94%EF%BC%91"  # fullwidth "41" (U+FF14 U+FF11): int() reads it as 41
GENEROUS = 20.0  # seconds past a documented deadline that a loaded machine may take


def json_operations(vendor: str) -> list[tuple[str, str]]:
    spec = load_spec(vendors.get(vendor))
    return [
        (method.upper(), re.sub(r"\{[^}]+\}", "1", path))
        for path, method, operation in operations(spec)
        if "application/json" in (operation.get("requestBody") or {}).get("content", {})
    ]


def integer_path_operations(vendor: str) -> list[tuple[str, str, str]]:
    """(method, path template, parameter) for each integer path parameter of the vendor's spec."""
    spec = load_spec(vendors.get(vendor))
    found = []
    for path, method, operation in operations(spec):
        for param in [*spec["paths"][path].get("parameters", []), *operation.get("parameters", [])]:
            if "$ref" in param:
                name = param["$ref"].rsplit("/", 1)[1]
                param = spec["components"]["parameters"][name]
            if param.get("in") == "path" and (param.get("schema") or {}).get("type") == "integer":
                found.append((method.upper(), path, param["name"]))
    return found


JSON_BODIES = [(vendor, *op) for vendor in ALL for op in json_operations(vendor)]
INTEGER_PATHS = [(vendor, *op) for vendor in ALL for op in integer_path_operations(vendor)]


def test_the_probes_cover_something() -> None:
    assert JSON_BODIES and INTEGER_PATHS


@pytest.mark.parametrize(("vendor", "method", "path"), JSON_BODIES)
def test_deeply_nested_json_is_a_400_in_the_vendor_shape(
    vendor: str, method: str, path: str
) -> None:
    with MockServer(vendor) as mock:
        headers = {**mock.auth_headers(), "Content-Type": "application/json"}
        for body in ("[" * DEEP + "]" * DEEP, '{"a":' * DEEP + "1" + "}" * DEEP):
            answer = httpx.request(method, mock.base_url + path, content=body, headers=headers)
            assert answer.status_code == 400, answer.text[:300]
            assert answer.headers["content-type"] == "application/json"
            assert set(answer.json()) == set(mock.vendor.error(400, "x"))
            assert "Traceback" not in answer.text and "Recursion" not in answer.text
        assert mock.errors == []


def _filled(template: str, parameter: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", template.replace("{" + parameter + "}", value))


@pytest.mark.parametrize(("vendor", "method", "path", "parameter"), INTEGER_PATHS)
def test_fullwidth_digits_are_not_an_integer(
    vendor: str, method: str, path: str, parameter: str
) -> None:
    with MockServer(vendor) as mock:
        headers = {**mock.auth_headers(), "Accept": "application/json"}
        ascii_answer = httpx.request(
            method, mock.base_url + _filled(path, parameter, "41"), headers=headers
        )
        wide_answer = httpx.request(
            method, mock.base_url + _filled(path, parameter, FULLWIDTH_41), headers=headers
        )
        assert mock.errors == []
    assert ascii_answer.status_code == 200, ascii_answer.text
    assert wide_answer.status_code == 400, wide_answer.text
    assert parameter in wide_answer.text


def test_slow_headers_get_408_after_the_header_timeout() -> None:
    vendor = ALL[0]
    with MockServer(vendor) as mock, socket.create_connection(("127.0.0.1", mock.port)) as slow:
        slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: a")  # and never the rest
        started = time.monotonic()
        slow.settimeout(HEADER_TIMEOUT + GENEROUS)
        # Meanwhile the mock serves others.
        assert httpx.get(mock.base_url + "/nowhere", timeout=5).status_code in (401, 404)
        answer = b""
        while chunk := slow.recv(4096):
            answer += chunk
        waited = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert HEADER_TIMEOUT - 1 <= waited < HEADER_TIMEOUT + GENEROUS


EXHAUSTED = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
from scan_status.testing import MockServer
with MockServer({vendor!r}) as mock:
    print(mock.port, flush=True)
    time.sleep({lifetime})
"""


def test_exhausted_descriptors_log_briefly_and_the_mock_answers_again(tmp_path: Path) -> None:
    vendor = ALL[0]
    log = tmp_path / "stderr.log"
    lifetime = HEADER_TIMEOUT + 3 * EMFILE_LOG_INTERVAL
    with log.open("w") as stderr:
        mock = subprocess.Popen(
            [
                sys.executable,
                "-c",
                textwrap.dedent(EXHAUSTED.format(vendor=vendor, lifetime=lifetime)),
            ],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        try:
            assert mock.stdout is not None
            port = int(mock.stdout.readline())
            # Silent clients, more than the mock has descriptors: none ever sends a request.
            silent = [socket.create_connection(("127.0.0.1", port)) for _ in range(120)]
            time.sleep(EMFILE_LOG_INTERVAL)  # the mock is out of descriptors all this while
            # Not closed by the clients: the header timeout frees them.
            url = f"http://127.0.0.1:{port}/nowhere"
            deadline = time.monotonic() + HEADER_TIMEOUT + GENEROUS
            status = None
            while status is None and time.monotonic() < deadline:
                try:
                    status = httpx.get(url, timeout=2).status_code
                except httpx.HTTPError:
                    time.sleep(0.5)
            for client in silent:
                client.close()
        finally:
            mock.kill()
            mock.wait(timeout=30)
    assert status in (401, 404), "the mock never answered again"
    lines = log.read_text().splitlines()
    assert "Traceback" not in "\n".join(lines)
    # One line an interval at most (and a little slack for the loaded machine's clock).
    assert len(lines) <= lifetime / EMFILE_LOG_INTERVAL + 3, lines[:20]


def test_what_a_mock_records_of_large_bodies_is_capped() -> None:
    """The issue's probe: 40 bodies of 3.9 MB kept 168 MB; now each is cut, and all are capped."""
    vendor, method, path = JSON_BODIES[0]
    size = min(3_900_000, MAX_BODY_BYTES)
    body = b"[" + b'"x",' * ((size - 6) // 4) + b'"x"]'
    with MockServer(vendor) as mock, httpx.Client(headers=mock.auth_headers()) as client:
        for _ in range(40):
            client.request(method, mock.base_url + path, content=body)
        recorded = mock.requests
    assert len(recorded) >= 1 and all(r.size == len(body) for r in recorded)
    assert all(len(r.body) == MAX_RECORDED_BODY for r in recorded)
    assert sum(len(r.body) for r in recorded) <= MAX_RECORDED_BYTES
