"""How fast a mock vendor server starts and stops (the pytest fixture's cost per test)."""

from __future__ import annotations

import statistics
import time
from typing import Any

from scan_status import vendors
from scan_status.testing import MockServer

TARGET_SECONDS = 0.5  # "well under a second"


def measure(runs: int) -> dict[str, Any]:
    MockServer("cortex").start().stop()  # imports (starlette, uvicorn, openapi-core) are paid once
    seconds: dict[str, float] = {}
    for vendor in vendors.known():
        samples = []
        for _ in range(runs * 3):
            started = time.perf_counter()
            MockServer(vendor).start().stop()
            samples.append(time.perf_counter() - started)
        seconds[vendor] = round(statistics.median(samples), 4)
    return {
        "start_and_stop_seconds": seconds,
        "target_seconds": TARGET_SECONDS,
        "met": max(seconds.values()) <= TARGET_SECONDS,
    }
