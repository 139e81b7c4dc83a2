"""Text a vendor sends cannot make a wait outlive its deadline: Cortex's status sentence is read
in time linear in its length (the regex it replaced backtracked quadratically: a 100 kB answer,
a tenth of the size cap, held `wait(timeout=3)` for 50 s). This is a deadline check with a
generous bound, not a speed measurement (benchmarks/hostile_inputs.py measures that)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

import scan_status
from scan_status import ScanState, WaitPolicy, WaitTimeoutError
from tests.support.hostile_server import HostileServer, hostile_server

TIMEOUT = 2.0
# Far below the tens of seconds the quadratic regex took, far above a loaded machine's jitter.
GENEROUS = 10.0


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with hostile_server() as running:
        yield running


def spaced_sentence(length: int = 100_000) -> str:
    """The issue's probe: "Scan is in a", spaces, "x"; 100 kB is a tenth of the default size cap."""
    return "Scan is in a" + " " * length + "x"


def test_a_long_spaced_sentence_keeps_the_wait_within_its_deadline(server: HostileServer) -> None:
    sentence = spaced_sentence()
    server.behave("body", body=json.dumps({"DATA": sentence}).encode())
    adapter = scan_status.cortex(base_url=server.base_url, api_key="k", api_key_id="1")
    started = time.monotonic()
    with adapter, pytest.raises(WaitTimeoutError) as late:
        adapter.wait(789, policy=WaitPolicy(timeout=TIMEOUT, interval=0.5))
    assert time.monotonic() - started < TIMEOUT + GENEROUS
    assert late.value.last_status is not None
    assert late.value.last_status.state is ScanState.UNKNOWN
    assert late.value.last_status.raw == sentence  # kept whole, as the vendor sent it
    assert server.requests >= 2  # polled again and again, not stuck reading one answer
