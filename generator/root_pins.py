"""The root project's pins on the generated clients, kept in step with generator/packages.toml.

Each client in packages.toml is a dependency of the root project (a compatible range of its
version) and a [tool.uv.sources] entry pointing at its folder in generated/; a client no longer
there loses both. Only those entries are edited (with tomlkit: every other byte stays), and only
in a root whose pyproject.toml has a [project] table. It lives outside the codegen floor: it
shapes no generated output, so editing it must not mark every package stale (manifest.py).
"""

from __future__ import annotations

import os
import re
import tomllib

TYPE_CHECKING = False  # a no-op generate checks the pins: it imports neither typing nor pathlib
if TYPE_CHECKING:
    from typing import Any

    from tomlkit.items import Array, Table

    from generator.workspace import ApiPackage, Workspace

PYPROJECT = "pyproject.toml"
GENERATED = "generated"
REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # PEP 508: the name comes first


def compatible_range(version: str) -> str:
    """The versions a dependant accepts: this minor or any later one before the next major."""
    major, minor, _ = version.split(".")
    return f">={major}.{minor},<{int(major) + 1}"


def requirement_name(requirement: str) -> str:
    """The requirement's project name, normalized (PEP 503) for comparing."""
    found = REQUIREMENT_NAME.match(requirement.strip())
    return re.sub(r"[-_.]+", "-", found.group(0)).lower() if found else ""


def sync_root_pins(workspace: Workspace) -> list[str]:
    """Bring the root pyproject's client entries in step; say what changed (nothing: [])."""
    path = workspace.root / PYPROJECT
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    if _in_step(tomllib.loads(text), [p.distribution for p in workspace.packages]):
        return []  # the common case, answered without loading tomlkit (a no-op generate's cost)
    import tomlkit
    from tomlkit.items import Table

    document = tomlkit.parse(text)
    project = document.get("project")
    if not isinstance(project, Table):
        return []
    dependencies = project.get("dependencies")
    if dependencies is None:
        dependencies = project["dependencies"] = tomlkit.array()
    sources = _sources(document)
    changes = [_add(package, dependencies, sources) for package in workspace.packages]
    changes += _remove_gone(workspace.packages, dependencies, sources)
    done = [change for change in changes if change]
    if done:
        path.write_text(tomlkit.dumps(document), encoding="utf-8")
    return done


def in_step(root: str, distributions: list[str]) -> bool:
    """Whether the root pyproject has nothing to add or remove for these clients: what a no-op
    generate asks, without building a Workspace or loading tomlkit."""
    path = os.path.join(root, PYPROJECT)
    if not os.path.isfile(path):
        return True
    with open(path, encoding="utf-8") as handle:
        return _in_step(tomllib.loads(handle.read()), distributions)


def _in_step(data: dict[str, Any], distributions: list[str]) -> bool:
    """Whether there is nothing to add or remove (read with the standard library's parser)."""
    project = data.get("project")
    if not isinstance(project, dict):
        return True  # not a root this edits
    sources = data.get("tool", {}).get("uv", {}).get("sources", {})
    named = {requirement_name(str(r)) for r in project.get("dependencies") or []}
    sourced = {requirement_name(key): value for key, value in sources.items()}
    wanted = {requirement_name(name) for name in distributions}
    gone = {name for name, value in sourced.items() if _points_into_generated(value)} - wanted
    return wanted <= named and wanted <= set(sourced) and not gone


def _sources(document: Any) -> Table:
    import tomlkit
    from tomlkit.items import Table

    tool = document.get("tool")
    if tool is None:
        tool = document["tool"] = tomlkit.table(is_super_table=True)
    uv = tool.get("uv")
    if uv is None:
        uv = tool["uv"] = tomlkit.table()
    sources = uv.get("sources")
    if sources is None:
        sources = uv["sources"] = tomlkit.table()
    assert isinstance(sources, Table)
    return sources


def _add(package: ApiPackage, dependencies: Array, sources: Table) -> str:
    name = requirement_name(package.distribution)
    added = []
    if not any(requirement_name(str(r)) == name for r in dependencies):
        requirement = package.distribution + compatible_range(package.version)
        dependencies.append(requirement)
        added.append(requirement)
    if not any(requirement_name(key) == name for key in sources):
        import tomlkit

        where, editable = tomlkit.item(f"{GENERATED}/{package.distribution}"), tomlkit.item(True)
        where.trivia.indent, editable.trivia.trail = " ", " "  # `{ path = ... }`, as uv writes
        entry = tomlkit.inline_table()
        entry.append("path", where)
        entry.append("editable", editable)
        sources[package.distribution] = entry
        added.append("its source" if added else f"the source of {package.distribution}")
    return f"{PYPROJECT}: added {' and '.join(added)}" if added else ""


def _remove_gone(packages: list[ApiPackage], dependencies: Array, sources: Table) -> list[str]:
    """Drop the clients packages.toml no longer names: only those whose source is in generated/."""
    wanted = {requirement_name(p.distribution) for p in packages}
    removed = []
    for key in list(sources):
        name = requirement_name(key)
        if name in wanted or not _points_into_generated(sources[key]):
            continue
        del sources[key]
        for index in reversed(range(len(dependencies))):
            if requirement_name(str(dependencies[index])) == name:
                del dependencies[index]
        removed.append(f"{PYPROJECT}: removed {key} and its source (not in packages.toml)")
    return removed


def _points_into_generated(source: Any) -> bool:
    path = source.get("path") if isinstance(source, dict) else None
    if not isinstance(path, str):
        return False
    # As pathlib reads it: '/' (and the OS's own separator) splits, empty and '.' parts vanish.
    text = path.replace(os.sep, "/")
    parts = [part for part in text.split("/") if part not in ("", ".")]
    return not text.startswith("/") and len(parts) == 2 and parts[0] == GENERATED
