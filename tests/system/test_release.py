"""From a changed doc page to packages on a private index: drift, release, build, publish."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from generator.release.classify import bump
from generator.release.distribute import build
from generator.workspace import Workspace, load_packages
from tests.support.artifacts import tiny_wheel
from tests.support.builds import built_from_root
from tests.support.index_server import (
    UV,
    Index,
    fresh_venv,
    no_way_out,
    private_index,
    run,
)
from tests.support.once import once_per_run
from tests.support.wheelhouse import install_locked_dependencies
from tests.support.workspace import ROOT, run_generator, tree_bytes

DOCS = ROOT.parent / "shared" / "docs"
PAGE = "threadfix-check-pending-scan-status.txt"
VENDOR, SPEC, DISTRIBUTION = "threadfix", "specs/threadfix.yaml", "threadfix-client"
NEW_STATUS = "SCAN_WITHDRAWN"  # a value the vendor might add; the test checks it is new
CURRENT_SHA256 = re.compile(r"current\s+sha256 ([0-9a-f]{64})")


def release_workspace(target: Path) -> Path:
    """A scratch checkout of the repository: every file but tool caches and build output."""
    shutil.copytree(
        ROOT,
        target,
        ignore=shutil.ignore_patterns(
            ".git", ".nox", ".venv", "__pycache__", "*.pyc", "dist", "build", "site", ".*_cache"
        ),
    )
    return target


def twine_env(index: Index) -> dict[str, str]:
    return {
        **no_way_out(),
        "TWINE_REPOSITORY_URL": index.url,
        "TWINE_USERNAME": index.user,
        "TWINE_PASSWORD": index.password,
    }


def recorded_pages() -> set[str]:
    """The pages the specs say they were written from (info.x-provenance), read from the specs."""
    yaml = YAML(typ="safe", pure=True)
    return {
        str(entry["page"])
        for spec in sorted((ROOT / "specs").glob("*.yaml"))
        for entry in yaml.load(spec)["info"].get("x-provenance", [])
    }


def test_drift_reports_the_specs_and_operations_of_a_changed_page(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    shutil.copytree(DOCS, pages)
    recorded = sorted(pages / name for name in recorded_pages())
    clean = run_generator(ROOT, "drift", *map(str, recorded))
    assert clean.returncode == 0 and f"0 changed, {len(recorded)} unchanged" in clean.stdout
    with (pages / PAGE).open("a", encoding="utf-8") as page:
        page.write(f"\n{NEW_STATUS} | Scan withdrawn. |\n")
    done = run_generator(ROOT, "drift", *map(str, [*recorded, pages / "README.md"]))
    assert done.returncode == 1
    assert f"CHANGED {PAGE}" in done.stdout
    assert f"spec written from it: {SPEC}:" in done.stdout
    assert f"operation: {SPEC}:" in done.stdout and "(getPendingScanStatus)" in done.stdout
    assert f"not the source of any spec: {pages / 'README.md'}" in done.stdout
    assert f"1 changed, {len(recorded) - 1} unchanged" in done.stdout
    assert "neostra" not in done.stdout


def test_builds_are_reproducible_and_hold_exactly_the_current_release(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    (tmp_path / "one").mkdir()
    stale = tiny_wheel(tmp_path / "one", "scan-status", "0.0.1")
    kept = tmp_path / "one" / "notes.txt"
    kept.write_text("not a build artefact\n")
    first = build(Workspace.at(ROOT), tmp_path / "one", isolated=False)
    # The other build: the run's shared one, made apart (another folder, process or moment).
    second = built_from_root(tmp_path_factory)
    assert not stale.exists(), "an old version left in dist/ would be published with the new"
    assert kept.exists()
    names = sorted(p.name for p in first)
    assert names == sorted(p.name for p in second)
    assert len(names) == 2 * (len(load_packages(ROOT)) + 1), (
        "a wheel and an sdist of each client and of scan-status"
    )
    kept.unlink()
    assert tree_bytes(tmp_path / "one") == tree_bytes(second[0].parent)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    wheel = tmp_path / "one" / f"scan_status-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        changelog = archive.read("scan_status/CHANGELOG.md").decode()
    assert f"## {version}" in changelog, "scan-status ships its changelog"


def uploaded(stdout: str) -> list[str]:
    return [line.split(" ", 1)[1] for line in stdout.splitlines() if line.startswith("uploaded ")]


# The whole story, as docs/release-engineers.md tells it.


def status_schema(spec: Any, vendor: str) -> Any:
    """The spec's status enum schema (x-scan-status: vendor), found by walking the document."""
    stack = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("x-scan-status") == vendor and "enum" in node:
                return node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    raise AssertionError(f"no x-scan-status: {vendor} enum")


def provenance_of(spec: Any, page: str) -> Iterator[Any]:
    """Every provenance entry (the spec's and its operations') naming the page."""
    stack = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("page") == page and "sha256" in node:
                yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def add_mapping_row(mapping: Path, table: str, row: str) -> None:
    """Insert a row at the end of one vendor's dict literal, found by parsing the module."""
    text = mapping.read_text(encoding="utf-8")
    for node in ast.parse(text).body:
        target = getattr(node, "target", None)
        if isinstance(node, ast.AnnAssign) and isinstance(target, ast.Name) and target.id == table:
            assert isinstance(node.value, ast.Dict) and node.value.end_lineno
            lines = text.splitlines(keepends=True)
            closing = node.value.end_lineno - 1  # the line with the closing brace
            lines.insert(closing, f"    {row},\n")
            mapping.write_text("".join(lines), encoding="utf-8")
            return
    raise AssertionError(f"no {table} = {{...}} in {mapping}")


def layer_python(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """python -m ... in the scratch tree: its scan_status and tools, its generated clients."""
    clients = [str(p) for p in sorted((root / "generated").iterdir()) if p.is_dir()]
    path = os.pathsep.join([str(root), *clients])
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
        env={**os.environ, "PYTHONPATH": path, **(env or {})},
    )


def versions_of(root: Path) -> dict[str, str]:
    found = {p.distribution: p.version for p in load_packages(root)}
    found["scan-status"] = tomllib.loads((root / "pyproject.toml").read_text())["project"][
        "version"
    ]
    return found


def say(step: str, text: str = "") -> None:
    """Key lines of the story, shown with pytest -s."""
    print(f"\n== {step}")
    for line in text.strip().splitlines()[:12]:
        print(f"   {line}")


@dataclass(frozen=True)
class Released:
    """The scratch checkout after the story's release, and the versions before and after."""

    root: Path
    before: dict[str, str]
    after: dict[str, str]
    client: str  # the client's new version
    layer: str  # scan-status's new version


@pytest.fixture(scope="session")
def released(tmp_path_factory: pytest.TempPathFactory) -> Released:
    """The whole story up to the release, told once per run (every worker reads the same tree).

    A doc page gains a status; drift names the spec; the spec gains the value; totality names
    the mapping; the mapping is written; the client and scan-status get minor releases with
    changelogs saying why. The tests below take it on from there: the tree is as `nox -s check`
    wants it, its unit tests pass unedited, and it is built, published with a password and
    installed from the index alone.
    """
    story = once_per_run(tmp_path_factory, "release-story", tell_the_story_to_the_release)
    before = json.loads((story / "before.json").read_text())
    return Released(
        story / "repo",
        before,
        versions_of(story / "repo"),
        bump(before[DISTRIBUTION], "minor"),
        bump(before["scan-status"], "minor"),
    )


def tell_the_story_to_the_release(story: Path) -> None:
    root = release_workspace(story / "repo")
    # Whatever main holds that was never released is released first: the story starts clean.
    baseline = run_generator(root, "release")
    assert baseline.returncode == 0, baseline.stderr
    say("baseline release", baseline.stdout)
    before = versions_of(root)
    (story / "before.json").write_text(json.dumps(before))

    yaml = YAML()  # round-trip: the maintainer's edit, not a text replacement
    spec_path = root / SPEC
    spec = yaml.load(spec_path)
    statuses = status_schema(spec, VENDOR)["enum"]
    assert NEW_STATUS not in statuses

    # 1. The vendor's page gains a row in its status table (after the last one it lists). The
    # captures sit beside the checkout, where drift and the tests look by default.
    pages = story / "shared" / "docs"
    shutil.copytree(DOCS, pages)
    page = pages / PAGE
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    last = max(i for i, line in enumerate(lines) if line.startswith(f"{statuses[-1]} |"))
    lines.insert(last + 1, f"{NEW_STATUS} | Scan withdrawn. |\n")
    page.write_text("".join(lines), encoding="utf-8")
    drift = run_generator(root, "drift")
    say("python -m generator drift", drift.stdout)
    assert drift.returncode == 1 and f"CHANGED {PAGE}" in drift.stdout and SPEC in drift.stdout
    (new_sha256,) = CURRENT_SHA256.findall(drift.stdout)

    # 2. The spec edit: the value, and the page's new sha256 wherever its provenance names it.
    statuses.append(NEW_STATUS)
    for entry in provenance_of(spec, PAGE):
        entry["sha256"] = new_sha256
    yaml.dump(spec, spec_path)
    assert run_generator(root, "drift").returncode == 0
    assert run_generator(root, "validate").returncode == 0

    # 3. Generation, then totality names the mapping to write (generator/ never imports it).
    generated = run_generator(root, "generate")
    assert generated.returncode == 0, generated.stderr
    totality = layer_python(root, "-m", "scan_status.totality")
    say("python -m scan_status.totality", totality.stderr)
    assert totality.returncode == 1
    assert f"{VENDOR} status {NEW_STATUS!r} has no mapping" in totality.stderr
    assert layer_python(root, "-m", "tools.readme_tables").returncode == 0, "not yet changed"

    # 4. The mapping row, and the docs' table regenerated from it.
    add_mapping_row(
        root / "scan_status" / "mapping.py",
        VENDOR.upper(),
        f'"{NEW_STATUS}": Mapping(ScanState.CANCELLED, "withdrawn by its owner: it will not run")',
    )
    assert layer_python(root, "-m", "scan_status.totality").returncode == 0
    stale = layer_python(root, "-m", "tools.readme_tables")
    say("python -m tools.readme_tables", stale.stderr)
    assert stale.returncode == 1 and "run nox -s generate" in stale.stderr
    assert layer_python(root, "-m", "tools.readme_tables", "--write").returncode == 0
    assert (
        f"| {VENDOR} | `{NEW_STATUS}` | CANCELLED |" in (root / "docs" / "statuses.md").read_text()
    )

    # 5. The release: the client and scan-status, both minor, both changelogs saying why.
    released = run_generator(root, "release")
    say("python -m generator release", released.stdout)
    assert released.returncode == 0, released.stderr
    after = versions_of(root)
    client, layer = bump(before[DISTRIBUTION], "minor"), bump(before["scan-status"], "minor")
    assert after == {**before, DISTRIBUTION: client, "scan-status": layer}
    assert f"{DISTRIBUTION} {before[DISTRIBUTION]}: minor change, released as {client}" in (
        released.stdout
    )
    assert f"scan-status {before['scan-status']}: minor change, released as {layer}" in (
        released.stdout
    )
    client_log = (root / "generated" / DISTRIBUTION / "CHANGELOG.md").read_text()
    assert f"## {client}" in client_log and f"status value {NEW_STATUS!r} added" in client_log
    layer_log = (root / "scan_status" / "CHANGELOG.md").read_text()
    assert layer_log.index(f"## {layer}") < layer_log.index(f"## {before['scan-status']}")
    assert f"{VENDOR} status {NEW_STATUS!r} now maps to CANCELLED" in layer_log
    major, minor, _ = client.split(".")
    pin = f"{DISTRIBUTION}>={major}.{minor},<{int(major) + 1}"
    assert f"Requires {pin}" in layer_log and f"{DISTRIBUTION} had a minor release" in layer_log
    say("scan_status/CHANGELOG.md", layer_log)


@pytest.mark.long
def test_the_whole_story_leaves_nothing_to_check_or_release(released: Released) -> None:
    """The released tree is as `nox -s check` wants it, and nothing is left to release."""
    root = released.root
    assert released.after == {
        **released.before,
        DISTRIBUTION: released.client,
        "scan-status": released.layer,
    }
    assert run_generator(root, "check").returncode == 0, "generated/ matches the released inputs"
    assert layer_python(root, "-m", "scan_status.totality").returncode == 0
    assert layer_python(root, "-m", "tools.readme_tables").returncode == 0
    classify = run_generator(root, "classify")
    assert classify.stdout.count("unchanged") == len(released.after), classify.stdout


@pytest.mark.long
def test_the_whole_story_needs_no_unit_test_edited(released: Released, tmp_path: Path) -> None:
    """The tests that read these facts (pages, specs, mapping, versions) pass in the released
    tree with no test edited.

    The pure-logic ones (marked `pure`) read none of them, and each property tries a tenth of
    its examples: the main run searched them in full against the same code
    (tests/support/examples.py)."""
    unit = layer_python(
        released.root,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        # Plugins no unit test uses: importing schemathesis's alone takes a quarter second.
        "-p",
        "no:schemathesis",
        "-p",
        "no:typeguard",
        "-m",
        "not pure",
        "tests/unit",
        # Hypothesis keeps its examples here, not in the tree the other tests read.
        env={
            "HYPOTHESIS_STORAGE_DIRECTORY": str(tmp_path / "hypothesis"),
            "PROPERTY_EXAMPLES_SCALE": "0.1",
        },
    )
    say("pytest tests/unit in the released tree", unit.stdout.strip().splitlines()[-1])
    assert unit.returncode == 0, unit.stdout[-3000:]


@pytest.mark.long
def test_the_whole_story_ends_installed_from_the_private_index(
    released: Released, tmp_path: Path
) -> None:
    """Build exactly the release; publish it, dependencies first, with a password; a fresh venv
    installs scan-status from that index only, and the new status reads as its state."""
    root, after = released.root, released.after
    dist = tmp_path / "dist"
    built = run_generator(root, "build", "--out", str(dist), "--no-isolation")
    assert built.returncode == 0, built.stderr
    wheels = {name: f"{name.replace('-', '_')}-{v}-py3-none-any.whl" for name, v in after.items()}
    assert {p.name for p in dist.glob("*.whl")} == set(wheels.values())
    with private_index(tmp_path / "index") as index:
        published = run_generator(root, "publish", "--dist", str(dist), env=twine_env(index))
        say("python -m generator publish", published.stdout)
        assert published.returncode == 0, published.stderr
        order = uploaded(published.stdout)
        assert order.index(wheels[DISTRIBUTION]) < order.index(wheels["scan-status"])
        assert index.password not in published.stdout + published.stderr

        # Its other dependencies as locked, from the wheelhouse.
        venv = tmp_path / "venv"
        python = fresh_venv(venv)
        install_locked_dependencies(venv, ROOT)
        run(
            UV,
            "pip",
            "install",
            "--quiet",
            "--python",
            python,
            "--index-url",
            index.simple,
            "scan-status",
        )
    run(UV, "pip", "check", "--python", python)
    probe = (
        "import scan_status; from importlib.metadata import version\n"
        f"print(scan_status.normalize({VENDOR!r}, {NEW_STATUS!r}).state.value, "
        f"version({DISTRIBUTION!r}))"
    )
    state = run(python, "-c", probe, cwd=tmp_path).split()
    shown = run(venv / "bin" / "scan-status", "--version", cwd=tmp_path).strip()
    say("installed from the index", f"{' '.join(state)}\n{shown}")
    assert state == ["CANCELLED", released.client]
    assert shown == f"scan-status {released.layer}"
