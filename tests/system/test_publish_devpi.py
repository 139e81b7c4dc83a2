"""Publishing to devpi-server as it is deployed: `devpi-init`, then `devpi-server --host --port
--serverdir`; a user's index with no bases, one whose base is another local index, and the
dependency confusion a base brings in. One server for the module (it takes seconds to start);
each test makes its own indexes on it. No index here has a base that reaches PyPI.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.artifacts import tiny_wheel
from tests.support.index_server import USER, Devpi, Index, devpi_server
from tests.support.publishing import our_build, publish_story, twine_env, upload_directly
from tests.support.workspace import ROOT, run_generator


@pytest.fixture(scope="module")
def devpi(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Devpi]:
    with devpi_server(tmp_path_factory.mktemp("devpi")) as server:
        yield server


@pytest.fixture(params=["no bases", "a local base"])
def index(request: pytest.FixtureRequest, devpi: Devpi) -> Index:
    name = hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:12]
    if request.param == "no bases":
        return devpi.index(name)
    devpi.index(f"{name}-base")
    return devpi.index(name, bases=[f"{USER}/{name}-base"])


def test_publish_is_idempotent_ordered_and_guarded_on_devpi(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, index: Index
) -> None:
    publish_story(tmp_path, tmp_path_factory, index)


def test_the_audit_names_a_foreign_file_a_devpi_base_serves_and_publish_stops(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, devpi: Devpi
) -> None:
    """A base index holds a threadfix-client 99.0 nobody here built: an installer of the index
    would take it over ours. The audit names the file and the base; publish uploads nothing."""
    artifacts = our_build(tmp_path, tmp_path_factory)
    dist, ledger = artifacts[0].parent, tmp_path / "published.sha256"
    name = "confused"
    base = devpi.index(f"{name}-base")
    foreign = tiny_wheel(tmp_path, "threadfix-client", "99.0")
    upload_directly(base, foreign)
    index = devpi.index(name, bases=[f"{USER}/{name}-base"])

    audit = run_generator(
        ROOT, "audit-index", "--dist", str(dist), "--ledger", str(ledger), env=twine_env(index)
    )
    assert audit.returncode == 1, audit.stdout + audit.stderr
    digest = hashlib.sha256(foreign.read_bytes()).hexdigest()
    served = f"{devpi.url}/{USER}/{name}-base/+f/{digest[:3]}/{digest[3:16]}/{foreign.name}"
    assert (
        f"dependency-confusion risk: {foreign.name} on the page of threadfix-client is not a "
        f"file we built or released; served from another index on this server, a base of this "
        f"one (/{USER}/{name}-base/): {served}"
    ) in audit.stdout
    assert audit.stdout.count("dependency-confusion risk") == 1, audit.stdout

    published = run_generator(
        ROOT, "publish", "--dist", str(dist), "--ledger", str(ledger), env=twine_env(index)
    )
    assert published.returncode == 1
    assert f"dependency-confusion risk: {foreign.name}" in published.stderr
    assert "nothing was uploaded" in published.stderr
    assert index.held() == {} and not ledger.exists()
