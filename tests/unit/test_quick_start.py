"""The README's Quick start is what CI runs, and works from a bare Python: its first command makes
the venv every later step uses."""

from __future__ import annotations

import re
import shlex

from tests.support.workspace import ROOT


def quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "README.md's Quick start has no ```sh block"
    return [line for line in block[1].splitlines() if line.strip()]


def ci_lines() -> list[str]:
    text = (ROOT / ".ci" / "run").read_text()
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def test_the_quick_start_is_two_commands() -> None:
    assert len(quick_start()) == 2


def test_the_first_command_makes_the_venv_everything_else_uses() -> None:
    first, second = quick_start()
    make_venv, *rest = (part.strip() for part in first.split("&&"))
    assert make_venv.startswith("python3 -m venv "), make_venv
    venv = make_venv.split()[-1]
    for command in [*rest, second]:
        assert command.startswith(f"{venv}/bin/"), f"{command!r} does not run from {venv}"


def test_ci_runs_exactly_the_quick_start() -> None:
    first, second = quick_start()
    lines = ci_lines()
    assert first in lines and second in lines, "CI does not run the README's commands"
    # Before the first command, CI only sets up the shell: no venv or tool of its own.
    setup = lines[: lines.index(first)]
    shell = {"#!/usr/bin/env", "set", "cd", "export", "trap"}
    assert all(line.split()[0] in shell for line in setup), setup
    # The second command closes the run, after every other check.
    assert lines[-1] == second


def test_ci_starts_with_empty_package_caches() -> None:
    """A fresh machine's caches: an install step the project lacks fails in CI, not on a
    maintainer's new laptop (issue 19)."""
    setup = ci_lines()[: ci_lines().index(quick_start()[0])]
    exported = dict(
        word.split("=", 1)
        for line in setup
        if line.startswith("export ")
        for word in shlex.split(line)[1:]
    )
    assert exported.get("UV_CACHE_DIR") == "$(mktemp -d)", setup
    assert exported.get("PIP_NO_CACHE_DIR") == "1", setup


def test_ci_builds_the_docs_in_strict_mode() -> None:
    first, _ = quick_start()
    nox = next(part.split()[0] for part in first.split("&&") if "/nox " in part)
    runs = [line for line in ci_lines() if line.startswith(f"{nox} -s ")]
    assert any("docs" in line.split() for line in runs), runs
    assert re.search(r"^strict: true$", (ROOT / "mkdocs.yml").read_text(), re.M)
