"""From a changed doc page to packages on a private index: drift, release, build, publish."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from generator.release.distribute import build
from generator.release.versions import release
from generator.workspace import Workspace, load_packages
from tests.support.builds import built_from_root
from tests.support.index_server import (
    UV,
    Index,
    fresh_venv,
    install_locked_dependencies,
    private_index,
    run,
)
from tests.support.workspace import ROOT, copy_inputs, run_generator, tree_bytes

DOCS = ROOT.parent / "shared" / "docs"
PAGE = "threadfix-check-pending-scan-status.txt"


def release_workspace(target: Path) -> Path:
    root = copy_inputs(target)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    with private_index(tmp_path_factory.mktemp("index")) as running:
        yield running


def twine_env(index: Index, password: str | None = None) -> dict[str, str]:
    return {
        "TWINE_REPOSITORY_URL": index.url,
        "TWINE_USERNAME": index.user,
        "TWINE_PASSWORD": password or index.password,
    }


def test_drift_reports_the_specs_and_operations_of_a_changed_page(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    shutil.copytree(DOCS, pages)
    clean = run_generator(ROOT, "drift", *map(str, sorted(pages.glob("*.txt"))))
    assert clean.returncode == 0 and "0 changed, 5 unchanged" in clean.stdout
    with (pages / PAGE).open("a", encoding="utf-8") as page:
        page.write("\nSCAN_ARCHIVED | Scan archived. |\n")
    done = run_generator(ROOT, "drift", *map(str, sorted(pages.glob("*"))))
    assert done.returncode == 1
    assert f"CHANGED {PAGE}" in done.stdout
    assert "spec written from it: specs/threadfix.yaml:" in done.stdout
    assert (
        "operation: specs/threadfix.yaml:" in done.stdout
        and "(getPendingScanStatus)" in done.stdout
    )
    assert f"not the source of any spec: {pages / 'README.md'}" in done.stdout
    assert "1 changed, 4 unchanged" in done.stdout and "neostra" not in done.stdout


def test_builds_are_reproducible(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    first = built_from_root(tmp_path_factory)  # an earlier build, made apart from this one
    second = build(Workspace.at(ROOT), tmp_path / "two", isolated=False)
    names = sorted(p.name for p in first)
    assert names == sorted(p.name for p in second)
    assert len(names) == 2 * (len(load_packages(ROOT)) + 1), (
        "a wheel and an sdist of each client and of scan-status"
    )
    assert {p.name: p.read_bytes() for p in first} == {p.name: p.read_bytes() for p in second}


def test_publish_is_idempotent_and_guarded(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, index: Index
) -> None:
    artifacts = built_from_root(tmp_path_factory)
    dist = artifacts[0].parent
    wrong = run_generator(
        ROOT, "publish", "--dist", str(dist), env=twine_env(index, "not-the-password")
    )
    assert wrong.returncode == 1
    assert "refused the credentials of user 'publisher' (password not shown)" in wrong.stderr
    assert "not-the-password" not in wrong.stdout + wrong.stderr
    assert not list(index.packages.iterdir())

    first = run_generator(ROOT, "publish", "--dist", str(dist), env=twine_env(index))
    assert first.returncode == 0, first.stderr
    assert sorted(p.name for p in index.packages.iterdir()) == sorted(p.name for p in artifacts)
    assert index.password not in first.stdout + first.stderr
    on_index = tree_bytes(index.packages)

    again = run_generator(ROOT, "publish", "--dist", str(dist), env=twine_env(index))
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("already on the index, skipped") == len(artifacts)
    assert tree_bytes(index.packages) == on_index

    anonymous = httpx.post(
        index.url,
        data={":action": "file_upload", "name": "evil", "version": "1.0"},
        files={"content": ("evil-1.0.tar.gz", b"x")},
    )
    assert anonymous.status_code in (401, 403)
    assert not (index.packages / "evil-1.0.tar.gz").exists()

    python = fresh_venv(tmp_path / "venv")
    install_locked_dependencies(tmp_path / "venv", ROOT)
    names = [p.distribution for p in load_packages(ROOT)] + ["scan-status"]
    run(
        UV,
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--python",
        python,
        "--index-url",
        index.simple,
        *names,
    )
    run(UV, "pip", "check", "--python", python)
    call = (
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
        "    print(tf.get_status(6, 41).state.value, scan_status.__file__)\n"
    )
    out = run(python, "-c", call, cwd=tmp_path)  # away from the repository: only installed copies
    assert out.startswith("SUCCEEDED ") and str(tmp_path / "venv") in out


def test_the_whole_story(tmp_path: Path, index: Index) -> None:
    """A doc page changes; drift says so; a spec gains a status; totality names its mapping;
    the package's minor version and changelog move; the new version installs from the index."""
    root = release_workspace(tmp_path / "repo")
    pages = tmp_path / "pages"
    shutil.copytree(DOCS, pages)
    page = pages / PAGE
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "LINKING_DEFECTS | Linking Defects. |",
            "LINKING_DEFECTS | Linking Defects. |\nSCAN_ARCHIVED | Scan archived. |",
        ),
        encoding="utf-8",
    )
    drift = run_generator(root, "drift", "--pages", str(pages))
    assert (
        drift.returncode == 1
        and f"CHANGED {PAGE}" in drift.stdout
        and "specs/threadfix.yaml" in drift.stdout
    )

    # The maintainer edits the spec from the new page: the value, and the page's new hash.
    spec = root / "specs" / "threadfix.yaml"
    new_hash = hashlib.sha256(page.read_bytes()).hexdigest()
    text = spec.read_text(encoding="utf-8").replace(
        "        - LINKING_DEFECTS\n", "        - LINKING_DEFECTS\n        - SCAN_ARCHIVED\n"
    )
    spec.write_text(
        text.replace("01fcf91dbd5359f181ba713d41f0fb2b17b33a7e8c6342c3b034c3a86561dbdd", new_hash),
        encoding="utf-8",
    )
    assert run_generator(root, "drift", "--pages", str(pages)).returncode == 0

    # `nox -s release` checks totality as its own step before releasing, and stops there: the
    # status layer has no mapping for the new value yet. (generator/ never imports it.)
    assert run_generator(root, "generate").returncode == 0
    totality = subprocess.run(
        [sys.executable, "-m", "scan_status.totality"],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
        # It reads the specs the clients ship: the workspace's freshly generated ones.
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                [str(ROOT), *(str(p) for p in sorted((root / "generated").iterdir()))]
            ),
        },
    )
    assert totality.returncode == 1
    assert "threadfix status 'SCAN_ARCHIVED' has no mapping; add it to THREADFIX" in (
        totality.stderr
    )

    # With the mapping written, the release itself.
    plans = release(Workspace.at(root))
    assert [(p.package.distribution, p.kind, p.new_version) for p in plans] == [
        ("threadfix-client", "minor", "0.2.0")
    ]
    versions = {p.distribution: p.version for p in load_packages(root)}
    assert versions == {
        "neostra-client": "0.1.0",
        "cortex-netscan-client": "0.1.0",
        "threadfix-client": "0.2.0",
        "protecto-client": "0.1.0",
    }
    changelog = (root / "generated" / "threadfix-client" / "CHANGELOG.md").read_text(
        encoding="utf-8"
    )
    assert "## 0.2.0" in changelog and "status value 'SCAN_ARCHIVED' added" in changelog
    assert changelog.index("## 0.2.0") < changelog.index("## 0.1.0")
    assert 'version = "0.2.0"' in (
        root / "generated" / "threadfix-client" / "pyproject.toml"
    ).read_text(encoding="utf-8")
    assert '"threadfix-client>=0.2,<1"' in (root / "pyproject.toml").read_text(encoding="utf-8")
    assert run_generator(root, "check").returncode == 0, "generated/ matches the released inputs"
    assert run_generator(root, "classify").stdout.count("unchanged") == 4

    dist = tmp_path / "dist"
    artifacts = build(Workspace.at(root), dist, isolated=False)
    assert "threadfix_client-0.2.0-py3-none-any.whl" in {a.name for a in artifacts}
    published = run_generator(root, "publish", "--dist", str(dist), env=twine_env(index))
    assert (
        published.returncode == 0
        and "uploaded threadfix_client-0.2.0-py3-none-any.whl" in published.stdout
    )
    python = fresh_venv(tmp_path / "venv")
    install_locked_dependencies(tmp_path / "venv", ROOT)
    run(
        UV,
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--python",
        python,
        "--index-url",
        index.simple,
        "threadfix-client==0.2.0",
    )
    probe = "from importlib.metadata import version; from threadfix_client.models import KnownPendingScanStatus as K; print(version('threadfix-client'), K('SCAN_ARCHIVED').name)"
    out = run(python, "-c", probe, cwd=tmp_path)
    assert out.split() == ["0.2.0", "SCAN_ARCHIVED"]
