"""Import + build an adapter against `import httpx` + `httpx.Client()`, each in a fresh process.

Timed inside the child (perf_counter and process_time around the import), so interpreter
start-up, common to both, is left out. The adapter's vendor is https, as vendors are: both
sides then load the certificate store (a plain-http vendor skips it: scan_status.transport.connection.tls_context).
Bytecode writing is on, as by default, into a scratch PYTHONPYCACHEPREFIX so no __pycache__
lands in the repository; one warm-up run per side fills it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from typing import Any

from benchmarks.timing import Pairs, interleave, spread

TIMER = (
    "import json, time\n"
    "wall, cpu = time.perf_counter(), time.process_time()\n"
    "{code}\n"
    "print(json.dumps([time.perf_counter() - wall, time.process_time() - cpu]))\n"
)
SIDES = {
    "adapter": "import scan_status\n"
    "scan_status.threadfix(base_url='https://127.0.0.1:9/threadfix', api_key='bench')",
    "httpx": "import httpx\nhttpx.Client()",
    "scan_status": "import scan_status",
}


def _env(cache: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def _once(code: str, env: dict[str, str]) -> tuple[float, float]:
    done = subprocess.run(
        [sys.executable, "-c", TIMER.format(code=code)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    wall, cpu = json.loads(done.stdout)
    return float(wall), float(cpu)


def measure(rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache:
        env = _env(cache)
        for code in SIDES.values():
            _once(code, env)
        pairs = Pairs()
        alone: list[float] = []

        def side(name: str) -> None:
            wall, cpu = _once(SIDES["adapter" if name == "a" else "httpx"], env)
            pairs.add(name, wall=wall, cpu=cpu)

        def bare() -> None:
            alone.append(_once(SIDES["scan_status"], env)[0])

        interleave(rounds, lambda: side("a"), lambda: side("b"))
        for _ in range(rounds):
            bare()
    return {
        "rounds": rounds,
        "seconds": pairs.summary({"a": "import_and_build_adapter", "b": "import_httpx_and_client"}),
        "wall_ratio": spread(pairs.ratio(("a", "wall"), ("b", "wall")), 3),
        "cpu_ratio": spread(pairs.ratio(("a", "cpu"), ("b", "cpu")), 3),
        "import_scan_status_seconds": spread(alone),
    }
