"""A `generate` that changes nothing is answered by generator/no_op.py with the standard library
alone; every change that makes the pipeline regenerate (or report) still reaches it."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.codegen import freshness
from generator.codegen.pipeline import generate
from generator.workspace import Workspace, load_packages
from tests.support.workspace import IN_PROCESS, ROOT, import_like_a_user, run_generator, tree_bytes

# What a no-op must not pay for: the pipeline, argparse and pathlib, tool metadata, the YAML
# reader, the validators, the templates' engine, the TOML editor, the generators.
HEAVY = (
    "argparse",
    "pathlib",
    "importlib.metadata",
    "generator.workspace",
    "generator.codegen.pipeline",
    "ruamel",
    "referencing",
    "jsonschema",
    "openapi_spec_validator",
    "jinja2",
    "tomlkit",
    "openapi_python_client",
    "datamodel_code_generator",
)


def _distributions(root: Path) -> list[str]:
    return [p.distribution for p in load_packages(root)]


def test_a_no_op_after_importing_the_clients_loads_nothing_heavy(workspace: Path) -> None:
    assert run_generator(workspace, "generate").returncode == 0  # the root pins put in step
    import_like_a_user(
        workspace / "generated", [p.import_name for p in load_packages(workspace)], workspace
    )
    before = tree_bytes(workspace / "generated")
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "generator",
            "--root",
            str(workspace),
            "generate",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0 and done.stdout.startswith("generated/ is up to date"), done
    names = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]
    assert "generator.codegen.freshness" in names  # the measurement saw our modules
    ours = names[names.index("generator") :]  # what Python's own start-up loaded is not ours
    loaded = sorted(m for m in ours for heavy in HEAVY if m == heavy or m.startswith(heavy + "."))
    assert loaded == [], loaded
    assert tree_bytes(workspace / "generated") == before


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _first_file(root: Path, distribution: str, suffix: str) -> Path:
    return sorted((root / "generated" / distribution).rglob(f"*{suffix}"))[0]


def _bump_version(root: Path, distribution: str) -> None:
    """The patch version of one package's table in packages.toml (others may share its version)."""
    config = root / "generator" / "packages.toml"
    package = next(p for p in load_packages(root) if p.distribution == distribution)
    major, minor, patch = package.version.split(".")
    text = config.read_text(encoding="utf-8")
    head, table, rest = text.partition(f"[{package.vendor}]\n")
    old, new = f'version = "{package.version}"', f'version = "{major}.{minor}.{int(patch) + 1}"'
    assert table and old in rest.split("\n[", 1)[0]
    config.write_text(head + table + rest.replace(old, new, 1), encoding="utf-8")


CHANGES: dict[str, tuple[Callable[[Path], object], list[str] | None]] = {
    # name: (the edit, the distributions the pipeline regenerates; None: all, [] only reports)
    "spec": (
        lambda root: _edit(root / "specs" / "protecto.yaml", "The error, if any.", "The error."),
        ["protecto-client"],
    ),
    "packages.toml entry": (
        lambda root: _bump_version(root, "threadfix-client"),
        ["threadfix-client"],
    ),
    "changelog": (
        lambda root: (root / "generator" / "changelogs" / "neostra-client.md").write_text(
            "# Changelog\n\nrewritten\n", encoding="utf-8"
        ),
        ["neostra-client"],
    ),
    "LICENSE": (
        lambda root: (root / "LICENSE").write_text("another license\n", encoding="utf-8"),
        None,
    ),
    "project URLs": (
        lambda root: _edit(root / "pyproject.toml", "https://", "https://moved."),
        None,
    ),
    "hand-edited file": (
        lambda root: _first_file(root, "cortex-netscan-client", ".py").write_text(
            "HAND_PATCH = 1\n", encoding="utf-8"
        ),
        ["cortex-netscan-client"],
    ),
    "missing file": (
        lambda root: _first_file(root, "threadfix-client", ".py").unlink(),
        ["threadfix-client"],
    ),
    "extra file": (
        lambda root: (root / "generated" / "protecto-client" / "notes.txt").write_text("x\n"),
        ["protecto-client"],
    ),
    "missing package folder": (
        lambda root: shutil.rmtree(root / "generated" / "neostra-client"),
        ["neostra-client"],
    ),
    "manifest gone": (lambda root: (root / "generated" / "manifest.json").unlink(), None),
    "stray folder": (lambda root: (root / "generated" / "old-client").mkdir(), []),
    "a killed run's tree": (lambda root: (root / ".generated-abc123").mkdir(), []),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_change_the_pipeline_acts_on_reaches_it(change: str, workspace: Path) -> None:
    edit, regenerated = CHANGES[change]
    assert freshness.unchanged(str(workspace)) == _distributions(workspace)
    edit(workspace)
    assert freshness.unchanged(str(workspace)) is None
    # What the command runs when no_op steps aside (in this process: see IN_PROCESS).
    report = generate(Workspace.at(workspace), jobs=IN_PROCESS)
    assert report.generated == (_distributions(workspace) if regenerated is None else regenerated)
    assert freshness.unchanged(str(workspace)) == _distributions(workspace)


@pytest.mark.parametrize("key", ["verison", "vendor"])
def test_an_unknown_configuration_key_still_fails_the_command(key: str, workspace: Path) -> None:
    """Also `vendor`, whose value (the table's own name) would leave the entry's hash as it was."""
    config = workspace / "generator" / "packages.toml"
    vendor = next(iter(tomllib.loads(config.read_text(encoding="utf-8"))))
    if key == "vendor":
        _edit(config, f"[{vendor}]\n", f'[{vendor}]\nvendor = "{vendor}"\n')
    else:
        _edit(config, "\nversion = ", f"\n{key} = ")
    assert freshness.unchanged(str(workspace)) is None
    done = run_generator(workspace, "generate")
    assert done.returncode == 1 and f"unknown key '{key}'" in done.stderr, done


def test_another_tool_version_regenerates_everything(workspace: Path, tmp_path: Path) -> None:
    """A ruff (any pinned tool) of another version first on the path: every package is stale."""
    real = importlib.metadata.version("ruff")
    metadata = importlib.metadata.distribution("ruff").read_text("METADATA") or ""
    info = tmp_path / "site" / f"ruff-{real}.post9.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        metadata.replace(f"\nVersion: {real}\n", f"\nVersion: {real}.post9\n"), encoding="utf-8"
    )
    done = run_generator(workspace, "generate", env={"PYTHONPATH": str(tmp_path / "site")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"generated {', '.join(_distributions(workspace))};"), done
    recorded = json.loads((workspace / "generated" / "manifest.json").read_text(encoding="utf-8"))
    assert recorded["tools"]["ruff"] == f"{real}.post9"


def test_a_no_op_still_brings_the_root_pins_in_step(workspace: Path) -> None:
    """The scratch root's pyproject has a [project] table but no pins: the no-op adds them."""
    before = tree_bytes(workspace / "generated")
    first = run_generator(workspace, "generate")
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].startswith("generated/ is up to date")
    assert len(lines) == 1 + len(_distributions(workspace)), lines
    assert all(line.startswith("pyproject.toml: added ") for line in lines[1:]), lines
    again = run_generator(workspace, "generate")
    assert again.stdout.splitlines() == [again.stdout.splitlines()[0]], again.stdout
    assert tree_bytes(workspace / "generated") == before
