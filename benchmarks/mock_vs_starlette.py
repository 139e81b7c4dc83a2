"""The Protecto mock against a minimal Starlette app serving the same JSON on the same uvicorn.

Each server runs in its own process; one keep-alive client here sends the same request to each,
in interleaved rounds (A B A B ...). Reported per round: requests a second (client wall time) and
the server's CPU per request (from /proc), with the median ratio mock / minimal.
`python -m benchmarks.mock_vs_starlette BODY_JSON` serves the minimal app (prints its port).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

GOAL = 0.5  # the mock answers at least half as many requests a second, validation on
PATH = "/api/vault/data-scan-status"
BODY = b'["t-41"]'


def serve_minimal(answer: Any) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    async def handle(request: Request) -> Response:
        await request.body()
        return JSONResponse(answer)

    app = Starlette(routes=[Route(PATH, handle, methods=["PUT"])])
    # The mock's own uvicorn settings (scan_status/testing/server.py).
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    print(server.servers[0].sockets[0].getsockname()[1], flush=True)
    thread.join()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_mock_vs_starlette(rounds: int = 5, requests: int = 500) -> dict[str, Any]:
    mock = subprocess.Popen(
        [sys.executable, "-m", "scan_status.testing", "serve", "protecto"],
        stdout=subprocess.PIPE,
        text=True,
    )
    minimal: subprocess.Popen[str] | None = None
    try:
        assert mock.stdout is not None
        base = mock.stdout.readline().split(" at ")[1].split(" ")[0]
        headers = {"Authorization": "Bearer test-token", "Content-Type": "application/json"}
        with httpx.Client() as client:
            answer = client.put(base + "/data-scan-status", content=BODY, headers=headers).json()
            minimal = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.mock_vs_starlette", json.dumps(answer)],
                stdout=subprocess.PIPE,
                text=True,
            )
            assert minimal.stdout is not None
            port = minimal.stdout.readline().strip()
            sides = {
                "mock": (base + "/data-scan-status", mock.pid),
                "starlette": (f"http://127.0.0.1:{port}{PATH}", minimal.pid),
            }
            rates: dict[str, list[float]] = {side: [] for side in sides}
            cpu: dict[str, list[float]] = {side: [] for side in sides}
            for url, _ in sides.values():  # connections open, code paths warm
                for _ in range(50):
                    client.put(url, content=BODY, headers=headers).raise_for_status()
            for _ in range(rounds):
                for side, (url, pid) in sides.items():
                    used = _cpu_seconds(pid)
                    started = time.perf_counter()
                    for _ in range(requests):
                        client.put(url, content=BODY, headers=headers).raise_for_status()
                    rates[side].append(requests / (time.perf_counter() - started))
                    cpu[side].append((_cpu_seconds(pid) - used) / requests * 1e6)
    finally:
        for process in (mock, minimal):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
    ratio = statistics.median(m / s for m, s in zip(rates["mock"], rates["starlette"], strict=True))
    return {
        "requests_per_second": {side: round(statistics.median(r)) for side, r in rates.items()},
        "server_cpu_us_per_request": {side: round(statistics.median(c)) for side, c in cpu.items()},
        "ratio": round(ratio, 3),
        "goal": GOAL,
        "met": ratio >= GOAL,
    }


if __name__ == "__main__":
    if len(sys.argv) == 2:
        serve_minimal(json.loads(sys.argv[1]))
    else:
        print(json.dumps(measure_mock_vs_starlette(), indent=2))
