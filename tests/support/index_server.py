"""Real private indexes on 127.0.0.1, started as their users start them, and fresh venvs.

- pypiserver: `pypi-server run -P htpasswd -a update DIR`, its default configuration: a project it
  does not hold answers 303 to PyPI (its fallback); `fallback=False` adds `--disable-fallback`.
- devpi-server: `devpi-init`, then `devpi-server --host --port --serverdir`; indexes are made
  through its HTTP API, each with the bases given (none, or other local indexes).

Neither may reach past 127.0.0.1: each runs with its proxy variables pointing at a closed local
port (NO_PROXY for 127.0.0.1 only), so a fetch from PyPI would fail at once rather than leave the
machine; nothing in these tests asks either to.
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from uv import find_uv_bin

UV = find_uv_bin()
BIN = Path(sys.executable).parent
USER, PASSWORD = "publisher", "correct horse battery"
ARCHIVES = (".whl", ".tar.gz")


def no_way_out() -> dict[str, str]:
    """Proxy variables that send any request off 127.0.0.1 to a closed local port."""
    with socket.socket() as probe:  # bound, never listened on: connections are refused
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    return {
        **{name: closed for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")},
        **{name.lower(): closed for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")},
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }


@dataclass(frozen=True)
class Index:
    kind: str  # "pypiserver", "pypiserver --disable-fallback", "devpi", "devpi with a base"
    url: str  # where twine uploads
    simple: str  # where pip and uv install from
    storage: Path  # where the server keeps this index's files
    user: str = USER
    password: str = PASSWORD

    def held(self) -> dict[str, str]:
        """{filename: sha256} of every file this index holds itself (not its bases')."""
        return {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.storage.rglob("*"))
            if p.is_file() and p.name.endswith(ARCHIVES)
        }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(url, timeout=2, trust_env=False).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{url} did not come up:\n{tail}")
        time.sleep(0.2)


@contextmanager
def serving(command: list[str], up: str, seconds: float, log: Path) -> Iterator[None]:
    with log.open("wb") as out:
        server = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **no_way_out()}
        )
        try:
            wait_until_up(up, server, seconds, log)
            yield
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@contextmanager
def private_index(base: Path, *, fallback: bool = True) -> Iterator[Index]:
    """pypiserver as its documentation starts it (`pypi-server run -P htpasswd -a update DIR`),
    on a free port of 127.0.0.1; fallback=False adds --disable-fallback."""
    from passlib.apache import HtpasswdFile

    packages = base / "packages"
    packages.mkdir(parents=True)
    passwords = HtpasswdFile(str(base / "htpasswd"), new=True)
    passwords.set_password(USER, PASSWORD)
    passwords.save()
    port = free_port()
    flags = [] if fallback else ["--disable-fallback"]
    command = [str(BIN / "pypi-server"), "run", "-P", str(base / "htpasswd"), "-a", "update"]
    command += ["--host", "127.0.0.1", "--port", str(port), *flags, str(packages)]
    url = f"http://127.0.0.1:{port}"
    with serving(command, f"{url}/simple/", 120, base / "pypiserver.log"):
        kind = "pypiserver" if fallback else "pypiserver --disable-fallback"
        yield Index(kind, f"{url}/", f"{url}/simple/", packages)


@dataclass(frozen=True)
class Devpi:
    """A running devpi-server; `index()` makes a new index of the publishing user."""

    url: str
    serverdir: Path

    def index(self, name: str, bases: Sequence[str] = ()) -> Index:
        """USER/name, with `bases` (names such as "publisher/base") merged into its pages."""
        auth = (USER, PASSWORD)
        with httpx.Client(base_url=self.url, trust_env=False, timeout=30) as client:
            if client.get(f"/{USER}").status_code == 404:
                made = client.put(f"/{USER}", json={"password": PASSWORD, "email": "p@example.com"})
                assert made.status_code == 201, made.text
            made = client.put(f"/{USER}/{name}", json={"bases": list(bases)}, auth=auth)
            assert made.status_code == 200, made.text
        kind = f"devpi with a base ({', '.join(bases)})" if bases else "devpi"
        storage = self.serverdir / "+files" / USER / name
        return Index(
            kind, f"{self.url}/{USER}/{name}/", f"{self.url}/{USER}/{name}/+simple/", storage
        )


@contextmanager
def devpi_server(base: Path) -> Iterator[Devpi]:
    """devpi-server as its quickstart starts it: devpi-init, then devpi-server on a free port."""
    serverdir = base / "devpi"
    init = subprocess.run(
        [str(BIN / "devpi-init"), "--serverdir", str(serverdir)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **no_way_out()},
    )
    assert init.returncode == 0, init.stdout + init.stderr
    port = free_port()
    command = [str(BIN / "devpi-server"), "--host", "127.0.0.1", "--port", str(port)]
    command += ["--serverdir", str(serverdir)]
    url = f"http://127.0.0.1:{port}"
    # 10 s alone; at a load of 26 on two cores (six suites at once) it took over 90 s.
    with serving(command, f"{url}/+api", 300, base / "devpi.log"):
        yield Devpi(url, serverdir)


def run(*command: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, check=False, cwd=cwd, env=env
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def fresh_venv(path: Path) -> Path:
    run(UV, "venv", "--quiet", "--python", sys.executable, path)
    return path / "bin" / "python"
