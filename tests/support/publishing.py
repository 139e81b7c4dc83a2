"""What the publish tests share: a release engineer's environment, our build, and the whole
publish story run against one real index (idempotent, ordered, guarded, audited)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from packaging.utils import canonicalize_name

from generator.release.distribute import upload_order
from generator.release.releasable import current_versions, read_artifact
from tests.support.artifacts import rewrapped, tiny_wheel
from tests.support.builds import built_from_root
from tests.support.index_server import Index, no_way_out
from tests.support.workspace import ROOT, run_generator


def current(name: str) -> str:
    """The version this checkout releases of one of our distributions."""
    return str(current_versions(ROOT)[canonicalize_name(name)])


def twine_env(index: Index, password: str | None = None) -> dict[str, str]:
    """What a release engineer exports, with every route off 127.0.0.1 closed."""
    return {
        **no_way_out(),
        "TWINE_REPOSITORY_URL": index.url,
        "TWINE_USERNAME": index.user,
        "TWINE_PASSWORD": password or index.password,
    }


def uploaded(stdout: str) -> list[str]:
    return [line.split(" ", 1)[1] for line in stdout.splitlines() if line.startswith("uploaded ")]


def our_build(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    dist = tmp_path / "dist"
    dist.mkdir()
    return [Path(shutil.copy2(p, dist)) for p in built_from_root(tmp_path_factory)]


def upload_directly(index: Index, wheel: Path) -> None:
    """Someone else's upload: twine itself, not our publish."""
    done = subprocess.run(
        [sys.executable, "-m", "twine", "upload", "--non-interactive", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
        env={**twine_env(index), "PATH": str(Path(sys.executable).parent)},
    )
    assert done.returncode == 0, done.stdout + done.stderr


def publish_story(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, index: Index) -> None:
    """Wrong password, first publish, audit, re-publish, other bytes, anonymous and foreign
    uploads: each as a release engineer meets it, on `index`."""
    artifacts = our_build(tmp_path, tmp_path_factory)
    dist, ledger = artifacts[0].parent, tmp_path / "published.sha256"
    publish = ["publish", "--dist", str(dist), "--ledger", str(ledger)]
    audit = ["audit-index", "--dist", str(dist), "--ledger", str(ledger)]
    first_up = upload_order([read_artifact(p) for p in artifacts])[0].name

    if index.kind == "pypiserver":  # its fallback sends installers of our names to PyPI
        before = run_generator(ROOT, *audit, env=twine_env(index))
        assert before.returncode == 1, before.stdout + before.stderr
        for name in current_versions(ROOT):
            assert (
                f"dependency-confusion risk: {name}: this index does not hold it and sends "
                f"installers to another host for it (https://pypi.org/simple/{name}/)"
            ) in before.stdout

    # A one-letter password: masking must not eat that letter out of every file name.
    wrong = run_generator(ROOT, *publish, env=twine_env(index, "x"))
    assert wrong.returncode == 1, wrong.stdout + wrong.stderr
    assert (
        "refused the credentials of user 'publisher' (password from the environment, not shown) "
        f"when uploading {first_up}" in wrong.stderr
    )
    assert "***" not in wrong.stdout + wrong.stderr
    assert index.held() == {}

    first = run_generator(ROOT, *publish, env=twine_env(index))
    print(f"$ python -m generator publish  # to {index.kind}\n{first.stdout}{first.stderr}")
    assert first.returncode == 0, first.stderr
    held = index.held()
    assert held == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in artifacts}
    assert index.password not in first.stdout + first.stderr
    if index.kind == "pypiserver":  # a redirect off the host: not held here, so uploaded
        assert "not held by this index (it redirects to https://pypi.org/simple/" in first.stderr
    order = uploaded(first.stdout)
    assert sorted(order) == sorted(p.name for p in artifacts)
    read = [read_artifact(p) for p in artifacts]
    for dependant in read:  # every dependency went up first
        for dependency in read:
            if dependency.project in dependant.requires:
                assert order.index(dependency.name) < order.index(dependant.name)
    assert ledger.read_text().count("\n") == len(artifacts)

    clean = run_generator(ROOT, *audit, env=twine_env(index))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "no dependency-confusion risk" in clean.stdout

    again = run_generator(ROOT, *publish, env=twine_env(index))
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("already on the index with the same sha256, skipped") == len(
        artifacts
    )
    assert index.held() == held

    # The same name with other bytes: refused, both hashes named, nothing uploaded.
    changed = tmp_path / "changed"
    changed.mkdir()
    wheel = next(p for p in artifacts if p.name.startswith("scan_status-") and p.suffix == ".whl")
    other = rewrapped(wheel, changed)
    refused = run_generator(
        ROOT, "publish", "--dist", str(changed), "--ledger", str(ledger), env=twine_env(index)
    )
    assert refused.returncode == 1
    theirs = hashlib.sha256(wheel.read_bytes()).hexdigest()
    ours = hashlib.sha256(other.read_bytes()).hexdigest()
    assert (
        f"refused {other.name}: the index has a different file under this name "
        f"(index sha256 {theirs}, local sha256 {ours})" in refused.stderr
    )
    assert "nothing was uploaded" in refused.stderr
    assert index.held() == held

    anonymous = httpx.post(
        index.url,
        data={":action": "file_upload", "name": "evil", "version": "1.0"},
        files={"content": ("evil-1.0.tar.gz", b"x")},
        trust_env=False,
    )
    assert anonymous.status_code in (401, 403)
    assert index.held() == held

    # Someone uploads a version we never made under one of our names: the audit names it.
    foreign = tiny_wheel(tmp_path, "threadfix-client", "99.0")
    upload_directly(index, foreign)
    found = run_generator(ROOT, *audit, env=twine_env(index))
    assert found.returncode == 1
    assert (
        f"dependency-confusion risk: {foreign.name} on the page of threadfix-client is not a "
        "file we built or released; on this index: uploaded by someone else" in found.stdout
    )
