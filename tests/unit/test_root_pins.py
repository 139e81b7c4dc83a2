"""The root project's pins on the generated clients follow generator/packages.toml: a new client
is added (a compatible range and its generated/ source), a gone one removed, and no other byte of
pyproject.toml moves."""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path

from generator.root_pins import sync_root_pins
from generator.workspace import Workspace
from tests.support.specs import acme_workspace, minimal_spec

PYPROJECT = """\
[project]
name = "consumer"  # the project using the clients
# what it needs
dependencies = [
    "httpx>=0.28,<0.29",  # a reason
    # a comment on its own line
    "outside-client>=1",
]

[tool.uv.sources]
outside-client = { path = "../elsewhere/outside-client" }  # not ours: never removed

[tool.ruff]
line-length = 100   # odd spacing kept
"""


def _root(tmp_path: Path, text: str = PYPROJECT, *, version: str = "2.3.4") -> Path:
    root = acme_workspace(tmp_path, minimal_spec(), version=version)
    (root / "pyproject.toml").write_text(text, encoding="utf-8")
    return root


def _read(root: Path) -> str:
    return (root / "pyproject.toml").read_text(encoding="utf-8")


def _only_added(old: str, new: str) -> list[str]:
    """The lines `new` adds to `old`; fails if any line of `old` changed or went."""
    diff = list(difflib.ndiff(old.splitlines(keepends=True), new.splitlines(keepends=True)))
    assert not [line for line in diff if line.startswith("- ")], "".join(diff)
    return [line[2:] for line in diff if line.startswith("+ ")]


def test_a_new_client_is_added_with_a_compatible_range_and_its_source(tmp_path: Path) -> None:
    root = _root(tmp_path)
    changes = sync_root_pins(Workspace.at(root))
    assert changes == ["pyproject.toml: added acme-client>=2.3,<3 and its source"]
    data = tomllib.loads(_read(root))
    assert data["project"]["dependencies"][-1] == "acme-client>=2.3,<3"
    assert data["tool"]["uv"]["sources"]["acme-client"] == {
        "path": "generated/acme-client",
        "editable": True,
    }
    added = _only_added(PYPROJECT, _read(root))
    assert len(added) == 2 and all("acme-client" in line for line in added)


def test_in_step_is_a_no_op(tmp_path: Path) -> None:
    root = _root(tmp_path)
    sync_root_pins(Workspace.at(root))
    before = (root / "pyproject.toml").stat().st_mtime_ns, _read(root)
    assert sync_root_pins(Workspace.at(root)) == []
    assert ((root / "pyproject.toml").stat().st_mtime_ns, _read(root)) == before


def test_an_existing_pin_is_left_as_it_is(tmp_path: Path) -> None:
    text = PYPROJECT.replace('    "outside', '    "acme-client>=2.0,<3",  # ours\n    "outside')
    root = _root(tmp_path, text)
    assert sync_root_pins(Workspace.at(root)) == ["pyproject.toml: added the source of acme-client"]
    assert len(_only_added(text, _read(root))) == 1


def test_a_client_gone_from_packages_toml_is_removed_and_the_rest_kept(tmp_path: Path) -> None:
    root = _root(tmp_path)
    sync_root_pins(Workspace.at(root))
    assert sync_root_pins(Workspace(root, packages=[])) == [
        "pyproject.toml: removed acme-client and its source (not in packages.toml)"
    ]
    assert _read(root) == PYPROJECT  # byte for byte what it was before acme came


def test_a_source_outside_generated_is_never_removed(tmp_path: Path) -> None:
    root = _root(tmp_path)
    assert sync_root_pins(Workspace(root, packages=[])) == []
    assert _read(root) == PYPROJECT


def test_a_root_without_a_project_table_is_left_alone(tmp_path: Path) -> None:
    text = "[tool.ruff]\nline-length = 100\n"
    root = _root(tmp_path, text)
    assert sync_root_pins(Workspace.at(root)) == []
    assert _read(root) == text
    (root / "pyproject.toml").unlink()
    assert sync_root_pins(Workspace.at(root)) == []
    assert not (root / "pyproject.toml").exists()
