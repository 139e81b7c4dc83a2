"""The generator, tested by running it: reproducible, incremental, atomic, and self-checking."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from generator.codegen.pipeline import generate
from generator.spec.problems import SpecError
from generator.workspace import Workspace, load_packages
from tests.support.specs import SCAN_PATH, acme_workspace, minimal_spec, position
from tests.support.workspace import (
    IN_PROCESS,
    ROOT,
    copy_inputs,
    import_like_a_user,
    run_generator,
    run_generator_here,
    tree_bytes,
)

PACKAGES = ["neostra-client", "cortex-netscan-client", "threadfix-client", "protecto-client"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_output_is_the_same_whatever_the_environment(tmp_path: Path) -> None:
    """Same specs and tools, byte-identical output: whatever the cwd, hash seed, PATH or configs around."""
    root = copy_inputs(tmp_path / "repo", with_generated=False)
    # A hostile neighbourhood: config files the tools would read, and a `ruff` on PATH that breaks.
    (tmp_path / "pyproject.toml").write_text(
        "[tool.ruff]\nline-length = 40\n[tool.ruff.format]\nquote-style = 'single'\n"
        "[tool.datamodel-codegen]\nfield-constraints = false\nuse-annotated = false\n",
        encoding="utf-8",
    )
    (root / "ruff.toml").write_text("line-length = 30\nindent-width = 8\n", encoding="utf-8")
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "ruff").write_text("#!/bin/sh\necho 'wrong ruff' >&2\nexit 3\n", encoding="utf-8")
    (fake_bin / "ruff").chmod(0o755)
    hostile = {**os.environ, "PYTHONHASHSEED": "12345", "PATH": f"{fake_bin}:{os.environ['PATH']}"}
    first = run_generator(
        root, "generate", "--output", str(root / "generated"), cwd=root, env=hostile
    )
    assert first.returncode == 0, first.stderr
    calm = {**os.environ, "PYTHONHASHSEED": "0"}
    second = run_generator(
        root,
        "generate",
        "--force",
        "--output",
        str(tmp_path / "out"),
        cwd=tmp_path / "bin",
        env=calm,
    )
    assert second.returncode == 0, second.stderr
    assert tree_bytes(root / "generated") == tree_bytes(tmp_path / "out")
    # ...and both are what is committed.
    assert tree_bytes(tmp_path / "out") == tree_bytes(ROOT / "generated")
    assert not list(tmp_path.rglob(".ruff_cache")), "the pipeline leaves no ruff cache behind"


def test_nothing_changed_means_nothing_regenerated(workspace: Path) -> None:
    before = tree_bytes(workspace / "generated")
    report = generate(Workspace.at(workspace))
    assert report.generated == [] and report.skipped == PACKAGES and not report.changed
    assert tree_bytes(workspace / "generated") == before


def test_one_changed_spec_regenerates_only_its_package(workspace: Path) -> None:
    before = tree_bytes(workspace / "generated")
    edit(
        workspace / "specs" / "protecto.yaml", "The error, if any.", "The error, if there was one."
    )
    report = generate(Workspace.at(workspace), jobs=IN_PROCESS)
    assert report.generated == ["protecto-client"]
    assert report.skipped == ["neostra-client", "cortex-netscan-client", "threadfix-client"]
    after = tree_bytes(workspace / "generated")
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert changed and all(
        n.startswith("protecto-client/") or n == "manifest.json" for n in changed
    )
    assert b"The error, if there was one." in after["protecto-client/protecto_client/schemas.py"]
    recorded = json.loads(after["manifest.json"])["packages"]["protecto-client"]
    spec_hash = hashlib.sha256((workspace / "specs" / "protecto.yaml").read_bytes()).hexdigest()
    assert recorded["spec_sha256"] == spec_hash


def test_force_regenerates_everything(workspace: Path) -> None:
    assert generate(Workspace.at(workspace), force=True, jobs=IN_PROCESS).generated == PACKAGES


def test_hand_edits_and_stale_files_do_not_survive(workspace: Path) -> None:
    generated = workspace / "generated"
    committed = tree_bytes(generated)
    client = generated / "threadfix-client" / "threadfix_client" / "client.py"
    client.write_text(
        client.read_text(encoding="utf-8") + "\nHAND_PATCH = True\n", encoding="utf-8"
    )
    (generated / "threadfix-client" / "threadfix_client" / "leftover.py").write_text(
        "x = 1\n", encoding="utf-8"
    )
    (generated / "old-vendor-client").mkdir()
    (generated / "old-vendor-client" / "README.md").write_text("gone\n", encoding="utf-8")
    report = generate(Workspace.at(workspace), jobs=IN_PROCESS)
    assert report.generated == ["threadfix-client"]
    assert tree_bytes(generated) == committed


BROKEN = {
    "yaml-syntax": (
        "threadfix.yaml",
        "      operationId: getPendingScanStatus\n",
        "      operationId: [oops\n",
        "YAML syntax error",
    ),
    "invalid-openapi": (
        "protecto.yaml",
        "          type: [string, 'null']",
        "          type: strin",
        "[openapi]",
    ),
    "remote-ref": (
        "neostra.yaml",
        "$ref: '#/components/schemas/ScanUpdate'",
        "$ref: 'https://example.invalid/s.yaml'",
        "[no-remote-ref]",
    ),
    "house-rule": (
        "cortex-netscan.yaml",
        "      operationId: getScanRunStatus\n",
        "",
        "[operation-id]",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_spec_leaves_generated_as_it_was(workspace: Path, case: str) -> None:
    spec, old, new, expected = BROKEN[case]
    edit(workspace / "specs" / spec, old, new)
    before = tree_bytes(workspace / "generated")
    done = run_generator_here(workspace, "generate", "--force")
    assert done.returncode == 1
    first = done.stderr.splitlines()[0]
    assert first.startswith(f"specs/{spec}:") and expected in first, done.stderr
    line, column = first.split(":")[1:3]
    assert line.isdigit() and column.isdigit()
    assert done.stderr.rstrip().endswith("generated/ was not changed")
    assert tree_bytes(workspace / "generated") == before
    assert not [p for p in workspace.iterdir() if p.name.startswith(".generated-")], (
        "temporary tree left"
    )


def test_a_failure_after_generation_leaves_generated_as_it_was(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even when the generators succeeded, nothing is swapped in unless everything compiled."""
    import generator.codegen.pipeline as pipeline

    def failing_compile(targets: list[Path]) -> None:
        raise SpecError([])

    monkeypatch.setattr(pipeline, "_compile", failing_compile)
    before = tree_bytes(workspace / "generated")
    with pytest.raises(SpecError):
        generate(Workspace.at(workspace), force=True, jobs=1)
    assert tree_bytes(workspace / "generated") == before
    assert not [p for p in workspace.iterdir() if p.name.startswith(".generated-")]


def test_check_fails_when_a_spec_was_edited_without_regenerating(workspace: Path) -> None:
    # An unedited copy passes check (test_importing_a_client_with_bytecode_on_keeps_generate_a_no_op).
    edit(
        workspace / "specs" / "threadfix.yaml",
        "        scanMessage:\n",
        "        queuePosition:\n          type: integer\n        scanMessage:\n",
    )
    done = run_generator_here(workspace, "check")
    assert done.returncode == 1
    assert (
        "differs: generated/threadfix-client/threadfix_client/models/pending_scan.py" in done.stdout
    )
    assert "differs: generated/threadfix-client/threadfix_client/schemas.py" in done.stdout
    assert "differs: generated/manifest.json" in done.stdout
    assert "neostra" not in done.stdout


def test_every_generated_file_says_it_is_generated_and_from_what() -> None:
    for package in load_packages(ROOT):
        for path in sorted((ROOT / "generated" / package.distribution).rglob("*")):
            if path.name == "LICENSE":  # the repository's license, verbatim: it binds as written
                assert path.read_bytes() == (ROOT / "LICENSE").read_bytes()
            elif path.is_file():
                first = path.read_text(encoding="utf-8").splitlines()[0]
                assert f"Generated from {package.spec} by generator/" in first, path
                assert "do not edit" in first and first.startswith(("# ", "<!-- ")), path
    manifest = json.loads((ROOT / "generated" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["note"].startswith("Written by generator/")
    assert set(manifest["tools"]) == {"openapi-python-client", "datamodel-code-generator", "ruff"}


def test_a_misspelt_configuration_key_is_an_error(workspace: Path) -> None:
    config = workspace / "generator" / "packages.toml"
    text = config.read_text(encoding="utf-8")  # whatever versions a release left there
    config.write_text(re.sub(r"^version = ", "verison = ", text, count=1, flags=re.M))
    line, table = next(
        (number, row) for number, row in enumerate(text.splitlines(), 1) if row.startswith("[")
    )
    with pytest.raises(SpecError) as caught:
        generate(Workspace.at(workspace))
    messages = [str(p) for p in caught.value.problems]
    assert f"generator/packages.toml:{line}:1: {table}: unknown key 'verison'" in messages[0]


def generator_copy(target: Path) -> Path:
    """A scratch copy of the generator's code (not its inputs), to edit without touching ours."""
    shutil.copytree(
        ROOT / "generator", target / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    return target


def test_only_the_output_floors_make_packages_stale(workspace: Path, tmp_path: Path) -> None:
    """Editing the release floor regenerates nothing; editing the codegen floor regenerates all."""
    code = generator_copy(tmp_path / "code")
    env = {"PYTHONPATH": str(code)}
    drift = code / "generator" / "release" / "drift.py"
    drift.write_text(drift.read_text(encoding="utf-8") + "\n# a release-floor edit\n")
    before = tree_bytes(workspace / "generated")
    done = run_generator(workspace, "generate", cwd=code, env=env)
    assert done.returncode == 0 and "generated/ is up to date" in done.stdout, done.stderr
    assert tree_bytes(workspace / "generated") == before

    transform = code / "generator" / "codegen" / "transform.py"
    transform.write_text(transform.read_text(encoding="utf-8") + "\n# a codegen-floor edit\n")
    done = run_generator(workspace, "generate", cwd=code, env=env)
    assert done.returncode == 0 and done.stdout.startswith(f"generated {', '.join(PACKAGES)};")


def test_importing_a_client_with_bytecode_on_keeps_generate_a_no_op(workspace: Path) -> None:
    """Python writes __pycache__ beside an imported module by default (CI sets
    PYTHONDONTWRITEBYTECODE, which hid this): it is not part of what the generator made."""
    generated = workspace / "generated"
    import_like_a_user(generated, [p.import_name for p in load_packages(workspace)], workspace)
    done = run_generator_here(workspace, "generate")
    assert done.returncode == 0 and "generated/ is up to date" in done.stdout, done.stdout
    checked = run_generator_here(workspace, "check")
    assert checked.returncode == 0 and "generated/ matches specs/" in checked.stdout, checked.stdout


def test_validate_command_reports_and_exits_non_zero(tmp_path: Path) -> None:
    spec = minimal_spec()
    del spec["paths"][SCAN_PATH]["get"]["operationId"]
    root = acme_workspace(tmp_path / "repo", spec)
    text = (root / "specs" / "acme.yaml").read_text(encoding="utf-8")
    done = run_generator(root, "validate")
    assert done.returncode == 1
    line, column = position(text, "get:")
    assert f"specs/acme.yaml:{line}:{column}: [operation-id]" in done.stderr
    assert "1 problem(s); generated/ was not changed" in done.stderr
    good = run_generator_here(ROOT, "validate")
    assert good.returncode == 0, good.stderr
    assert good.stdout.startswith(f"{len(load_packages(ROOT))} specs valid")


def test_the_shared_template_bytecode_changes_no_byte(tmp_path: Path) -> None:
    """Templates compiled once and reused (from bytecode) give the same files as compiled fresh."""
    from generator.codegen import tools
    from generator.codegen.templates import COMPOSITIONS

    repo = copy_inputs(tmp_path / "repo", with_generated=False)
    tools.BYTECODE.entries.clear()
    generate(Workspace.at(repo), tmp_path / "fresh", force=True, jobs=1)
    assert tools.BYTECODE.entries, "the templates were not cached"
    cached = dict(tools.BYTECODE.entries)
    generate(Workspace.at(repo), tmp_path / "reused", force=True, jobs=1)
    # Only our composed templates compile again: each run writes them into its own folder.
    assert set(cached) <= set(tools.BYTECODE.entries)
    assert len(tools.BYTECODE.entries) - len(cached) == len(COMPOSITIONS)
    assert tree_bytes(tmp_path / "reused") == tree_bytes(tmp_path / "fresh")
