"""A real pypiserver on 127.0.0.1 with password-protected uploads, and fresh venvs."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from uv import find_uv_bin

UV = find_uv_bin()


@dataclass(frozen=True)
class Index:
    url: str  # where twine uploads
    simple: str  # where pip and uv install from
    packages: Path
    user: str
    password: str


@contextmanager
def private_index(base: Path) -> Iterator[Index]:
    from passlib.apache import HtpasswdFile

    packages = base / "packages"
    packages.mkdir(parents=True)
    passwords = HtpasswdFile(str(base / "htpasswd"), new=True)
    passwords.set_password("publisher", "correct horse battery")
    passwords.save()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pypiserver",
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--passwords",
            str(base / "htpasswd"),
            "--authenticate",
            "update",
            "--disable-fallback",
            str(packages),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{url}/simple/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("pypiserver did not start")
            time.sleep(0.1)
        yield Index(f"{url}/", f"{url}/simple/", packages, "publisher", "correct horse battery")
    finally:
        server.terminate()
        server.wait(timeout=10)


def run(*command: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, check=False, cwd=cwd, env=env
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def fresh_venv(path: Path) -> Path:
    run(UV, "venv", "--quiet", "--python", sys.executable, path)
    return path / "bin" / "python"
