"""Many scans waited on at once (`await_terminal`), one adapter, each N in its own process.

python -m benchmarks.scale N CAP (fast PORT | mock): waits on N scans for at most CAP seconds
and prints one JSON line: how many completed, wall and CPU seconds, peak RSS. The parent kills a
child that outlives its cap, so a hang cannot stall the benchmark.

Against `mock` the MockServer runs inside the child (as in a user's test), so the child's CPU and
RSS include the mock's. Against `fast` (benchmarks.servers) the server is a separate process and
its CPU is reported beside the child's.
"""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
from collections import Counter
from typing import Any

from benchmarks import servers
from benchmarks.timing import process_cpu, timed

POLICY = {"interval": 0.05, "max_interval": 0.2}  # tight: four polls a scan, mostly in-flight


async def _wait_all(adapter: Any, app: int, count: int, cap: float) -> dict[str, Any]:
    from scan_status.waiting import WaitPolicy

    policy = WaitPolicy(
        timeout=cap, interval=POLICY["interval"], max_interval=POLICY["max_interval"]
    )
    tasks = [
        asyncio.ensure_future(adapter.await_terminal(app, scan, policy=policy))
        for scan in range(1, count + 1)
    ]
    done, pending = await asyncio.wait(tasks, timeout=cap)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    errors = Counter(type(t.exception()).__name__ for t in done if t.exception() is not None)
    completed = sum(1 for t in done if t.exception() is None and t.result().succeeded)
    return {"completed": completed, "errors": dict(errors), "unfinished": len(pending)}


def _child(count: int, cap: float, target: list[str]) -> dict[str, Any]:
    import scan_status

    if target[0] == "mock":
        from scan_status.testing import MockServer, lifecycle

        with MockServer("threadfix") as mock:
            for scan in range(1, count + 1):
                mock.script(scan, lifecycle("threadfix", running_polls=2))

            async def run_mock() -> dict[str, Any]:
                async with mock.adapter() as adapter:
                    return await _wait_all(adapter, 6, count, cap)

            with timed() as clock:
                result = asyncio.run(run_mock())
    else:
        base = f"http://127.0.0.1:{target[1]}/threadfix"

        async def run_fast() -> dict[str, Any]:
            async with scan_status.threadfix(base_url=base, api_key="bench") as adapter:
                return await _wait_all(adapter, 7, count, cap)

        with timed() as clock:
            result = asyncio.run(run_fast())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {**result, "wall": clock.wall, "cpu": clock.cpu, "peak_rss_mib": round(peak, 1)}


def run(count: int, cap: float, target: str) -> dict[str, Any]:
    """One child waiting on `count` scans against `target` ("fast" or "mock")."""
    server = servers.start("fast") if target == "fast" else None
    args = ["fast", str(server[1]["port"])] if server else ["mock"]
    try:
        server_cpu = process_cpu(server[0].pid) if server else 0.0
        command = [sys.executable, "-m", "benchmarks.scale", str(count), str(cap), *args]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=cap + 60, check=False
            )
        except subprocess.TimeoutExpired:
            return {"n": count, "completed": 0, "killed_after_seconds": cap + 60}
        if done.returncode != 0 or not done.stdout.strip():
            return {"n": count, "completed": 0, "failed": done.stderr[-2000:]}
        result: dict[str, Any] = {"n": count, **json.loads(done.stdout.splitlines()[-1])}
        if server:
            used = process_cpu(server[0].pid) - server_cpu
            result["server_cpu"] = round(used, 3)
            result["server_cpu_share"] = round(used / result["wall"], 3)
        for name in ("wall", "cpu"):
            result[name] = round(result[name], 3)
            result[f"{name}_per_scan_ms"] = round(1000 * result[name] / count, 3)
        return result
    finally:
        if server:
            server[0].terminate()
            server[0].wait()


if __name__ == "__main__":
    figures = _child(int(sys.argv[1]), float(sys.argv[2]), sys.argv[3:])
    print(json.dumps(figures), flush=True)
