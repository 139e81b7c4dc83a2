"""Waits as Celery tasks on a real Redis (scan_status.integrations.celery): how fast, how big.

- polls per second with one worker consuming and with two (solo pool: one process each; the
  second's consumer cancelled and added back between rounds), every scan a
  scripted lifecycle of four polls on `benchmarks.servers fast`, the policy's interval at its
  floor so the workers, not the countdowns, set the pace;
- the broker's memory per pending scan: Redis's used_memory with N waits queued and no worker;
- latency from the poll that read a scan's terminal status to its callback running: for one
  scan alone, and (queued behind every other scan's polls) in the two-worker run.

The workers run tests/support/celery_app.py (the fleet tests' app), configured from their
environment; Redis is started as the tests start it (tests/support/redis_server.py).
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import servers
from benchmarks.timing import process_cpu

ROOT = Path(__file__).resolve().parents[1]
APP = 7  # the fast server's scripted lifecycle: four polls a scan
QUEUE = "scan-waits"  # tests/support/celery_app.py's


def _worker(name: str, broker: str, base_url: str, logs: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SCAN_STATUS_TEST_BROKER": broker,
        "SCAN_STATUS_TEST_WORKER": name,
        "SCAN_STATUS_THREADFIX_BASE_URL": base_url,
        "SCAN_STATUS_THREADFIX_API_KEY": "bench",
        "SCAN_STATUS_TEST_VISIBILITY": "120",  # no restore of a live worker's countdowns
    }
    command = [
        sys.executable, "-m", "celery", "-A", "tests.support.celery_app", "worker",
        "--pool", "solo", "--hostname", f"{name}@%h", "--without-gossip", "--without-mingle",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    log = (logs / f"{name}.log").open("wb")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def _ready(app: Any, count: int, limit: float = 90) -> None:
    started = time.monotonic()
    while len(app.control.ping(timeout=0.5) or []) < count:
        if time.monotonic() - started > limit:
            raise RuntimeError(f"{count} Celery workers did not answer within {limit}s")


def _run(
    app_module: Any, client: Any, scans: list[tuple[int, int]], limit: float
) -> dict[str, Any]:
    """Start the waits, wait for every callback; polls a second and callback latencies."""
    from scan_status import WaitPolicy

    client.delete("callbacks")
    policy = WaitPolicy(interval=0.01, max_interval=0.01, jitter=0, timeout=limit)
    started = time.time()
    app_module.waits.start("threadfix", scans, app_module.record.s(), policy=policy)
    while client.llen("callbacks") < len(scans):
        if time.time() - started > limit:
            break
        time.sleep(0.05)
    got = [json.loads(entry) for entry in client.lrange("callbacks", 0, -1)]
    if not got:
        return {"scans": len(scans), "completed": 0}
    ended = max(entry["at"] for entry in got)
    polls = sum(entry["final"]["polls"] for entry in got)
    latencies = sorted(entry["at"] - entry["final"]["read_at"] for entry in got)
    return {
        "scans": len(scans),
        "completed": len(got),
        "polls": polls,
        "seconds": round(ended - started, 3),
        "polls_per_second": round(polls / (ended - started), 1),
        "callback_latency_ms": {
            "median": round(1000 * statistics.median(latencies), 2),
            "p95": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 2),
        },
    }


def measure(quick: bool) -> dict[str, Any]:
    import redis

    from tests.support.redis_server import redis_server

    count = 300 if quick else 1_000
    pending = 1_000 if quick else 5_000
    server, announced = servers.start("fast")
    base_url = f"http://127.0.0.1:{announced['port']}/threadfix"
    report: dict[str, Any] = {
        "note": "solo workers on one machine with redis-server, the fast server and this "
        "process; the ratio is only as good as the cores are free (machine.load)",
        "cpus": os.cpu_count(),
    }
    with (
        tempfile.TemporaryDirectory(prefix="bench-fleet-") as scratch,
        redis_server(Path(scratch) / "redis") as broker,
    ):
        os.environ["SCAN_STATUS_TEST_BROKER"] = broker  # read as the app is imported
        from tests.support import celery_app

        client = redis.Redis.from_url(broker)
        try:
            before = int(client.info("memory")["used_memory"])
            queued = [(APP, 1_000_000 + n) for n in range(pending)]
            celery_app.waits.start("threadfix", queued, celery_app.record.s())
            after = int(client.info("memory")["used_memory"])
            report["broker_bytes_per_pending_scan"] = round((after - before) / pending, 1)
            report["pending_scans_measured"] = pending
            client.flushdb()

            offset = 0
            processes = [_worker(f"w{n}", broker, base_url, Path(scratch)) for n in (1, 2)]
            try:
                _ready(celery_app.app, 2)
                second = [f"w2@{socket.gethostname()}"]
                # Warm both (imports, pools), then rounds alternating one worker consuming and
                # two: the machine's load drifts, and alternation spreads it over both sides.
                offset = _warm(celery_app, client, offset, count // 10)
                runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
                for _ in range(2 if quick else 3):
                    for workers in (1, 2):
                        if workers == 1:
                            celery_app.app.control.cancel_consumer(
                                QUEUE, destination=second, reply=True
                            )
                        else:
                            celery_app.app.control.add_consumer(
                                QUEUE, destination=second, reply=True
                            )
                        scans = [(APP, offset + n) for n in range(count)]
                        offset += count
                        cpu = [process_cpu(p.pid) for p in processes]
                        run = _run(celery_app, client, scans, 240)
                        run["worker_cpu_seconds"] = [
                            round(process_cpu(p.pid) - used, 2)
                            for p, used in zip(processes, cpu, strict=True)
                        ]
                        runs[workers].append(run)
                # One scan at a time: the latency of the integration itself, not of a queue
                # full of other scans' polls.
                alone = []
                for _ in range(10 if quick else 30):
                    single = _run(celery_app, client, [(APP, offset)], 30)
                    offset += 1
                    alone.append(single["callback_latency_ms"]["median"])
                report["callback_latency_alone_ms"] = round(statistics.median(alone), 2)
            finally:
                for process in processes:
                    process.terminate()
                for process in processes:
                    process.wait(30)
        finally:
            server.terminate()
            server.wait()
    report["workers_1"], report["workers_2"] = runs[1], runs[2]
    if all(run.get("completed") == count for side in runs.values() for run in side):
        ratios = [
            two["polls_per_second"] / one["polls_per_second"]
            for one, two in zip(runs[1], runs[2], strict=True)
        ]
        report["two_vs_one_workers_rate"] = round(statistics.median(ratios), 3)
        report["two_vs_one_workers_rates"] = [round(r, 3) for r in ratios]
        report["callback_latency_busy_ms"] = statistics.median(
            run["callback_latency_ms"]["median"] for run in runs[2]
        )
    return report


def _warm(app_module: Any, client: Any, offset: int, count: int) -> int:
    _run(app_module, client, [(APP, offset + n) for n in range(count)], 60)
    return offset + count
