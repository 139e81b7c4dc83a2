"""The status layer's cost: normalize throughput, round trips against plain httpx, import time.

Round trips go to one local server in its own process; each side makes the same request and
decodes the same JSON, so the ratio shows what the generated client, normalization and the
retry transport add on top of httpx.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from typing import Any

import httpx

import scan_status

PATH = "/threadfix/rest/latest/applications/6/pendingScan/41/status"
TARGETS = {"sync_vs_httpx": 0.85, "async_vs_httpx": 0.85, "import_vs_httpx": 1.3}


def _rate(action: Callable[[], Any], count: int) -> float:
    started = time.perf_counter()
    for _ in range(count):
        action()
    return count / (time.perf_counter() - started)


async def _arate(action: Callable[[], Any], count: int) -> float:
    started = time.perf_counter()
    for _ in range(count):
        await action()
    return count / (time.perf_counter() - started)


def _import_seconds(module: str, runs: int) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    samples = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(samples)


def measure(runs: int, requests: int = 400) -> dict[str, Any]:
    record = {
        "tracking_id": "a",
        "status": "PENDING ",
        "submitted_at": "2023-11-18 06:20:38.346615",
        "error_msg": "-",
    }
    normalize_value = 20_000 / timeit.timeit(
        lambda: scan_status.normalize("threadfix", "FINDINGS_GENERATING"), number=20_000
    )
    normalize_record = 20_000 / timeit.timeit(
        lambda: scan_status.normalize("protecto", record), number=20_000
    )

    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.server"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        base = f"http://127.0.0.1:{server.stdout.readline().strip()}"
        headers = {"Authorization": "APIKEY bench", "Accept": "application/json"}
        sync_ours, sync_plain, async_ours, async_plain = [], [], [], []
        with (
            httpx.Client(base_url=base, headers=headers) as plain,
            scan_status.threadfix(base_url=f"{base}/threadfix", api_key="bench") as ours,
        ):
            plain.get(PATH).json(), ours.get_status(6, 41)  # warm both pools
            for _ in range(runs):
                sync_plain.append(
                    _rate(lambda: plain.get(PATH).raise_for_status().json(), requests)
                )
                sync_ours.append(_rate(lambda: ours.get_status(6, 41), requests))

        async def async_rates() -> None:
            async with (
                httpx.AsyncClient(base_url=base, headers=headers) as plain,
                scan_status.threadfix(base_url=f"{base}/threadfix", api_key="bench") as ours,
            ):
                await plain.get(PATH), await ours.aget_status(6, 41)

                async def plain_call() -> Any:
                    return (await plain.get(PATH)).raise_for_status().json()

                for _ in range(runs):
                    async_plain.append(await _arate(plain_call, requests))
                    async_ours.append(await _arate(lambda: ours.aget_status(6, 41), requests))

        asyncio.run(async_rates())
    finally:
        server.terminate()
        server.wait()

    import_ours = _import_seconds("scan_status", runs * 5)
    import_httpx = _import_seconds("httpx", runs * 5)
    ratios = {
        "sync_vs_httpx": statistics.median(sync_ours) / statistics.median(sync_plain),
        "async_vs_httpx": statistics.median(async_ours) / statistics.median(async_plain),
        "import_vs_httpx": import_ours / import_httpx,
    }
    met = (
        ratios["sync_vs_httpx"] >= TARGETS["sync_vs_httpx"]
        and ratios["async_vs_httpx"] >= TARGETS["async_vs_httpx"]
    )
    met = met and ratios["import_vs_httpx"] <= TARGETS["import_vs_httpx"]
    return {
        "normalize_per_second": {
            "value": round(normalize_value),
            "record": round(normalize_record),
        },
        "round_trips_per_second": {
            "get_status": round(statistics.median(sync_ours)),
            "httpx": round(statistics.median(sync_plain)),
            "aget_status": round(statistics.median(async_ours)),
            "httpx_async": round(statistics.median(async_plain)),
        },
        "import_seconds": {"scan_status": round(import_ours, 4), "httpx": round(import_httpx, 4)},
        "ratios": {name: round(value, 3) for name, value in ratios.items()},
        "targets": {
            "sync_vs_httpx": ">= 0.85",
            "async_vs_httpx": ">= 0.85",
            "import_vs_httpx": "<= 1.3",
        },
        "met": met,
    }
