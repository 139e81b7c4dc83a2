"""A real forward proxy on 127.0.0.1: proxy.py (PyPI `proxy-py`), started as users start it
(`python -m proxy`, its defaults) on a free port, its access log read to tell what it carried.

proxy.py writes one access-log line per proxied connection when the connection ends: for plain
http `GET 127.0.0.1:PORT/path - 200 OK ...`, for https `CONNECT 127.0.0.1:PORT - N bytes ...`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass
class ForwardProxy:
    url: str
    log: Path

    def carried(self) -> list[str]:
        """The access-log lines so far (one per connection the proxy has finished)."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [line for line in text.splitlines() if "access_log" in line]

    def wait_for(self, needle: str, timeout: float = 10.0) -> list[str]:
        """The access-log lines naming `needle`, once there is one (connections log on close)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [line for line in self.carried() if needle in line]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.05)


@contextmanager
def forward_proxy(scratch: Path) -> Iterator[ForwardProxy]:
    port_file, log = scratch / "proxy.port", scratch / "proxy.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "proxy",
                "--hostname",
                "127.0.0.1",
                "--port",
                "0",
                "--port-file",
                str(port_file),
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while not (port_file.exists() and port_file.read_text().strip()):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"proxy.py did not start:\n{log.read_text()}")
                time.sleep(0.05)
            yield ForwardProxy(f"http://127.0.0.1:{port_file.read_text().strip()}", log)
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
