"""The application developer's install, as docs/PACKAGE.md tells it, from real indexes on 127.0.0.1.

Each index is filled as a deployed one is: our packages by our own publish, and the locked
third-party wheels the install needs (the `tests` session's wheelhouse, downloaded from uv.lock
before pytest starts) where a fallback, a mirror base or PyPI itself would serve them. Every
route off 127.0.0.1 is closed (proxy variables at a closed port), pip runs --isolated (no
configuration, no find-links of this machine) with no cache, and uv with a cache of its own:
what installs, installs from these indexes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.release.releasable import current_versions
from tests.support.index_server import (
    USER,
    UV,
    Devpi,
    Index,
    devpi_server,
    no_way_out,
    private_index,
)
from tests.support.publishing import current, our_build, twine_env, upload_directly
from tests.support.wheelhouse import wheelhouse
from tests.support.workspace import ROOT, run_generator

PACKAGE_PAGE = ROOT / "docs" / "PACKAGE.md"
# A call through every layer the install brought: scan_status, a generated client, httpx.
CALL = (
    "import json, threading, http.server\n"
    "import scan_status\n"
    "body = json.dumps({'success': True, 'object': {'id': 41, 'status': 'DONE'}}).encode()\n"
    "class H(http.server.BaseHTTPRequestHandler):\n"
    "    def do_GET(self):\n"
    "        self.send_response(200); self.send_header('Content-Type', 'application/json')\n"
    "        self.send_header('Content-Length', str(len(body))); self.end_headers(); self.wfile.write(body)\n"
    "    def log_message(self, *a): pass\n"
    "server = http.server.HTTPServer(('127.0.0.1', 0), H)\n"
    "threading.Thread(target=server.serve_forever, daemon=True).start()\n"
    "with scan_status.threadfix(base_url=f'http://127.0.0.1:{server.server_port}/threadfix', api_key='k') as tf:\n"
    "    print(tf.get_status(6, 41).state.value, scan_status.__version__, scan_status.__file__)\n"
)


def third_party_wheels() -> list[Path]:
    return sorted(wheelhouse().glob("*.whl"))


def sealed(tmp_path: Path, **more: str) -> dict[str, str]:
    """The environment of an install: no route off 127.0.0.1, no cache or config of this
    machine's, a home of its own."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    keep = {name: os.environ[name] for name in ("PATH", "LANG", "SYSTEMROOT") if name in os.environ}
    return {
        **keep,
        **no_way_out(),
        "HOME": str(home),
        "PIP_NO_CACHE_DIR": "1",
        "UV_CACHE_DIR": str(tmp_path / "uv-cache"),
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_NO_CONFIG": "1",
        **more,
    }


def publish_our_build(
    index: Index, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    dist = our_build(tmp_path, tmp_path_factory)[0].parent
    done = run_generator(
        ROOT,
        "publish",
        "--dist",
        str(dist),
        "--ledger",
        str(tmp_path / "published.sha256"),
        env=twine_env(index),
    )
    assert done.returncode == 0, done.stdout + done.stderr


def command(*args: str | Path, cwd: Path | None = None, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=False, cwd=cwd, env=env
    )
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def pip_install_as_documented(index: Index, tmp_path: Path) -> None:
    """The page's pip line, in a fresh venv, with this index's URL; then the call."""
    documented = re.search(
        r"^(\S*python\S*) -m pip install --index-url (\S+) scan-status$",
        PACKAGE_PAGE.read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    assert documented, (
        f"{PACKAGE_PAGE} shows no `python -m pip install --index-url URL scan-status`"
    )
    env = sealed(tmp_path)
    venv = tmp_path / "venv"
    command(sys.executable, "-m", "venv", venv, env=env)  # with pip, from ensurepip: no index
    python = venv / "bin" / "python"
    command(
        python,
        "-m",
        "pip",
        "install",
        "--isolated",
        "--index-url",
        index.simple,
        "scan-status",
        env=env,
    )
    command(python, "-m", "pip", "check", "--isolated", env=env)
    out = command(python, "-c", CALL, cwd=tmp_path, env=env).split()
    assert out[:2] == ["SUCCEEDED", current("scan-status")]
    assert out[2].startswith(str(venv))


def test_pip_installs_from_pypiserver_with_its_fallback(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Stock pypiserver: ours published; the locked wheels where its fallback would find them
    (in a deployment, PyPI; here the same files, held by the index)."""
    with private_index(tmp_path / "index") as index:
        for wheel in third_party_wheels():
            shutil.copy2(wheel, index.storage)
        publish_our_build(index, tmp_path, tmp_path_factory)
        pip_install_as_documented(index, tmp_path)


@pytest.fixture(scope="module")
def devpi(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Devpi]:
    with devpi_server(tmp_path_factory.mktemp("devpi")) as server:
        yield server


def test_pip_installs_from_a_devpi_index_whose_base_serves_the_rest(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, devpi: Devpi
) -> None:
    """devpi as deployed: a user index whose base serves PyPI's packages (root/pypi in a
    deployment; here a local index holding the locked wheels, so nothing leaves the machine)."""
    mirror = devpi.index("mirror")
    for wheel in third_party_wheels():
        upload_directly(mirror, wheel)
    index = devpi.index("internal", bases=[f"{USER}/mirror"])
    publish_our_build(index, tmp_path, tmp_path_factory)
    pip_install_as_documented(index, tmp_path)


def documented_uv_project() -> tuple[str, list[str]]:
    """docs/PACKAGE.md's uv set-up: the TOML to add to pyproject.toml, and the `uv add` line."""
    page = PACKAGE_PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", page, re.DOTALL)
    (toml,) = [b for b in blocks if "[[tool.uv.index]]" in b]
    (line,) = re.findall(r"^uv add .*$", page, re.MULTILINE)
    return toml, line.split()[2:]


def test_a_fresh_uv_project_installs_with_the_documented_explicit_index(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`uv init`, the page's [[tool.uv.index]] and [tool.uv.sources], its `uv add` line: our
    packages come from the explicit index only, everything else from the default index (PyPI in
    a deployment; here a pypiserver --disable-fallback holding the locked wheels)."""
    toml, added = documented_uv_project()
    sources = tomllib.loads(toml)["tool"]["uv"]["sources"]
    ours = set(sources)
    assert ours == set(current_versions(ROOT)), "the page pins each of our packages to the index"
    with (
        private_index(tmp_path / "internal", fallback=False) as internal,
        private_index(tmp_path / "pypi", fallback=False) as pypi,
    ):
        for wheel in third_party_wheels():
            shutil.copy2(wheel, pypi.storage)
        publish_our_build(internal, tmp_path, tmp_path_factory)
        env = sealed(tmp_path, UV_DEFAULT_INDEX=pypi.simple)
        command(
            UV,
            "init",
            "--quiet",
            "--app",
            "--vcs",
            "none",
            "--python",
            sys.executable,
            tmp_path / "app",
            env=env,
        )
        project = tmp_path / "app" / "pyproject.toml"
        url = re.search(r'url = "([^"]+)"', toml)
        assert url, toml
        project.write_text(project.read_text() + "\n" + toml.replace(url.group(1), internal.simple))
        # What the page warns of: scan-status alone leaves the clients transitive, and uv
        # looks for them on the default index only.
        alone = subprocess.run(
            [UV, "add", "scan-status"],
            capture_output=True,
            text=True,
            cwd=tmp_path / "app",
            env=env,
        )
        assert alone.returncode != 0
        assert "was not found in the package registry" in alone.stderr, alone.stderr
        command(UV, "add", "--quiet", *added, cwd=tmp_path / "app", env=env)
        out = command(UV, "run", "--quiet", "python", "-c", CALL, cwd=tmp_path / "app", env=env)
    assert out.split()[:2] == ["SUCCEEDED", current("scan-status")]
    lock = tomllib.loads((tmp_path / "app" / "uv.lock").read_text())
    registries = {
        p["name"]: p["source"]["registry"].rstrip("/")
        for p in lock["package"]
        if "registry" in p.get("source", {})
    }
    assert {n for n, r in registries.items() if r == internal.simple.rstrip("/")} == ours
    assert {r for n, r in registries.items() if n not in ours} == {pypi.simple.rstrip("/")}
