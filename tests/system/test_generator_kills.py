"""The generator killed at the worst moments (real processes, real signals): generated/ stays
complete, no worker outlives the run, and the next run removes what the killed one left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.codegen import manifest, pipeline
from generator.workspace import Workspace
from tests.support.specs import acme_workspace, minimal_spec
from tests.support.workspace import ROOT, copy_inputs, run_generator, tree_bytes

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def children(parent: int) -> set[int]:
    """Live (not zombie) processes whose parent is `parent`."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == parent and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def temporary_trees(root: Path) -> list[Path]:
    return sorted(p for p in root.glob(".generated-*") if p.is_dir())


def complete(generated: Path) -> bool:
    """Every package the manifest lists is on disk with exactly its recorded files."""
    recorded = manifest.read(generated)
    packages = recorded.get("packages") or {}
    return bool(packages) and all(
        manifest.file_hashes(generated / name) == entry["files"] for name, entry in packages.items()
    )


GENERATE_ALL_IN_TWO_WORKERS = ("generate", "--force", "--jobs", "2")


def test_killing_the_parent_kills_its_workers_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    repo = copy_inputs(tmp_path / "repo")
    before = tree_bytes(repo / "generated")
    run = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(repo), *GENERATE_ALL_IN_TWO_WORKERS],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and run.poll() is None:
            workers |= children(run.pid)
            time.sleep(0.01)
        assert len(workers) >= 2, "the pool's workers never started"
        run.send_signal(signal.SIGKILL)
        run.wait()
        deadline = time.monotonic() + 15
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        survivors = {w for w in workers if alive(w)}
        assert not survivors, f"workers outlived their killed parent: {survivors}"
    finally:
        for pid in workers | ({run.pid} if run.poll() is None else set()):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert tree_bytes(repo / "generated") == before
    assert temporary_trees(repo), "the killed run should have left its temporary tree"
    again = run_generator(repo, "generate")
    assert again.returncode == 0, again.stderr
    assert temporary_trees(repo) == []
    assert complete(repo / "generated")


DIE_AFTER_THE_EXCHANGE = """
import os, signal, sys
from pathlib import Path
from generator.codegen import pipeline
from generator.workspace import Workspace

pipeline._discard = lambda tree: os.kill(os.getpid(), signal.SIGKILL)
pipeline.generate(Workspace.at(Path(sys.argv[1])), force=True, jobs=1)
"""


def test_a_kill_between_the_exchange_and_the_cleanup_leaves_generated_complete(
    tmp_path: Path,
) -> None:
    repo = acme_workspace(tmp_path / "repo", minimal_spec())
    pipeline.generate(Workspace.at(repo), jobs=1)
    killed = subprocess.run(
        [sys.executable, "-c", DIE_AFTER_THE_EXCHANGE, str(repo)], cwd=ROOT, check=False
    )
    assert killed.returncode == -signal.SIGKILL
    assert complete(repo / "generated")
    # The previous generated/, swapped out, not yet deleted (beside the run's scratch folder).
    assert [tree for tree in temporary_trees(repo) if complete(tree)]
    again = run_generator(repo, "generate")
    assert again.returncode == 0, again.stderr
    assert "up to date" in again.stdout
    assert temporary_trees(repo) == []


def test_without_an_atomic_exchange_the_two_renames_still_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = acme_workspace(tmp_path / "repo", minimal_spec())
    pipeline.generate(Workspace.at(repo), jobs=1)
    first = tree_bytes(repo / "generated")
    monkeypatch.setattr(pipeline, "_exchange", lambda first, second: False)
    (repo / "generated" / "acme-client" / "stray.txt").write_text("hand edit", encoding="utf-8")
    pipeline.generate(Workspace.at(repo), jobs=1)
    assert tree_bytes(repo / "generated") == first
    assert temporary_trees(repo) == []


def test_only_our_stale_temporary_trees_are_removed(tmp_path: Path) -> None:
    repo = acme_workspace(tmp_path / "repo", minimal_spec())
    pipeline.generate(Workspace.at(repo), jobs=1)
    ours = repo / ".generated-abc123"
    (ours / "acme-client").mkdir(parents=True)
    theirs = [repo / ".generatedx", repo / "generated-abc", repo / ".other-abc"]
    for path in theirs:
        path.mkdir()
    (repo / ".generated-file").write_text("not a tree", encoding="utf-8")
    pipeline.generate(Workspace.at(repo), jobs=1)
    assert not ours.exists()
    assert all(path.is_dir() for path in theirs)
    assert (repo / ".generated-file").is_file()
