"""The community ThreadFix client (ThreadFixProAPI on PyPI) against our ThreadFix mock.

It runs only in `nox -s vendor-sdks`, which installs the client in a venv of its own (its
imports, requests and urllib3, are not ours to pin). The client calls the unversioned legacy
path with `Accept: application/json` and `Authorization: APIKEY <key>`, and reads only the
envelope, never the HTTP status: so our mock must answer as ThreadFix does, failures included.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from importlib.resources import files
from typing import Any

import pytest
from ruamel.yaml import YAML
from ThreadFixProApi import ThreadFixProAPI

SPEC: dict[str, Any] = YAML(typ="safe").load(
    files("threadfix_client").joinpath("openapi.yaml").read_text()
)
PHASES = set(SPEC["components"]["schemas"]["PendingScanStatus"]["enum"])


@pytest.fixture(scope="module")
def mock() -> Iterator[tuple[str, str]]:
    """`python -m scan_status.testing serve threadfix`: its base URL and API key."""
    process = subprocess.Popen(
        [sys.executable, "-m", "scan_status.testing", "serve", "threadfix"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # "threadfix mock at URL (...; credentials api_key=K)"
        base_url = line.split(" at ", 1)[1].split(" ", 1)[0]
        api_key = line.rsplit("api_key=", 1)[1].rstrip(")\n")
        yield base_url, api_key
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0


def test_the_client_follows_a_pending_scan_to_done(mock: tuple[str, str]) -> None:
    base_url, api_key = mock
    scans = ThreadFixProAPI(host=base_url + "/", api_key=api_key).ScansAPI
    seen = []
    for _ in range(50):
        answer = scans.check_pending_scan_status(6, 41)
        assert answer.success is True, answer.message
        assert answer.response_code == -1 and answer.data["id"] == 41
        seen.append(answer.data["status"])
        if answer.data["status"] == "DONE":
            break
    assert seen[-1] == "DONE" and set(seen) <= PHASES and len(seen) > 1


def test_the_client_reads_a_refused_key_from_the_envelope(mock: tuple[str, str]) -> None:
    base_url, _ = mock
    answer = ThreadFixProAPI(
        host=base_url + "/", api_key="wrong"
    ).ScansAPI.check_pending_scan_status(6, 41)
    documented = SPEC["components"]["examples"]["AuthenticationFailed"]["value"]
    assert answer.success is False and answer.data is None
    assert answer.message == documented["message"]


def test_a_call_our_spec_lacks_gets_threadfixs_catch_all_envelope(mock: tuple[str, str]) -> None:
    """The client's other calls reach a path our mock does not serve: ThreadFix's /rest/**
    catch-all answers in the envelope, which the client reads (not 'could not be decoded')."""
    base_url, api_key = mock
    answer = ThreadFixProAPI(host=base_url + "/", api_key=api_key).ScansAPI.get_scan_details(7)
    response = SPEC["components"]["responses"]["UnrecognizedPath"]
    documented = response["content"]["application/json"]["examples"]["unrecognizedPath"]["value"]
    assert (answer.success, answer.message) == (False, documented["message"])
