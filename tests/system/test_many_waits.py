"""Thousands of scans waited on at once, on one adapter, against the mock: every one finishes.

A correctness test, not a timed one: before the pool was bounded, 1,000 concurrent waits never
finished (queued requests timed out inside httpcore's pool and were retried). The timeout below
only stops a hang from stalling the suite.
"""

from __future__ import annotations

import asyncio

import pytest

from scan_status import ScanState
from scan_status.testing import MockServer, lifecycle
from scan_status.waiting import WaitPolicy

SCANS = 2_000
TIGHT = WaitPolicy(interval=0.01, max_interval=0.05, timeout=240.0)


@pytest.mark.long
def test_two_thousand_scans_waited_on_at_once_all_complete() -> None:
    # Queued, then done: every wait polls, waits and polls again while the others are in
    # flight; more running answers would only repeat that round (at the mock's pace).
    script = lifecycle("threadfix", running_polls=0)
    assert len(script) >= 2, "at least one answer before the end"
    with MockServer("threadfix") as mock:
        for scan in range(1, SCANS + 1):
            mock.script(scan, script)

        async def wait_all() -> list[ScanState]:
            async with mock.adapter() as threadfix:
                waits = [
                    threadfix.await_terminal(6, scan, policy=TIGHT) for scan in range(1, SCANS + 1)
                ]
                done = await asyncio.wait_for(asyncio.gather(*waits), timeout=300)
            return [status.state for status in done]

        states = asyncio.run(wait_all())

    assert states == [ScanState.SUCCEEDED] * SCANS
    # Each scan answered its script once through: no poll retried or lost.
    assert mock.answered.count(200) == len(script) * SCANS
    assert mock.errors == []
