"""The status layer's release: what changed in scan-status since its last release, read as data.

generator/ never imports scan_status (arrows point one way), so its facts are read from its
files: the mapping by parsing scan_status/mapping.py (ast, no import), the public API by griffe
(which loads source statically), the shipped files by their hashes, the client pins and the
version from pyproject.toml. The last release's facts are kept in generator/released/scan-status.json.

- major: a mapping row removed or its state changed; griffe finds a break of the public API
  (the names in `__all__` of scan_status and scan_status.testing);
- minor: a mapping row added; a client pin moved to a client's minor release;
- patch: any other change of a shipped file or of the project's metadata;
- a client pin moved follows the kind of that client's release.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit

from generator.release import changelog
from generator.release.classify import KINDS, Finding, bump, kind_of
from generator.spec.problems import Problem, SpecError

DISTRIBUTION = "scan-status"
PACKAGE = "scan_status"
SNAPSHOT = f"generator/released/{DISTRIBUTION}.json"  # reviewable: mapping, pins, file hashes
API_SNAPSHOT = f"generator/released/{DISTRIBUTION}.api.json"  # griffe's dump, one line
CHANGELOG = f"{PACKAGE}/CHANGELOG.md"  # inside the package: the wheel and the sdist ship it
MAPPING = f"{PACKAGE}/mapping.py"
PUBLIC_MODULES = (PACKAGE, f"{PACKAGE}.testing")  # their __all__ is the public API
SHIPPED_EXTRA = ("docs/PACKAGE.md", "LICENSE")  # besides the package: the index page, the licence
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # griffe colours its explanations
REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # PEP 508: the name comes first


@dataclass
class LayerPlan:
    """scan-status's release: its version now, and what changed since the last release."""

    version: str
    findings: list[Finding] = field(default_factory=list)
    distribution: str = DISTRIBUTION

    @property
    def kind(self) -> str | None:
        return kind_of(self.findings)

    @property
    def new_version(self) -> str:
        return bump(self.version, self.kind) if self.kind else self.version


def is_layer(root: Path) -> bool:
    """Whether this repository holds the status layer (a scratch workspace may not)."""
    return (root / MAPPING).is_file() and (root / "pyproject.toml").is_file()


def facts(root: Path) -> dict[str, Any]:
    """Everything a release of scan-status is compared by, as JSON-ready data."""
    project = _project(root)
    return {
        "version": str(project.get("version", "")),
        "mapping": {
            vendor: {value: state for value, (state, _) in rows.items()}
            for vendor, rows in read_mapping(root).items()
        },
        "dependencies": sorted(str(d) for d in project.get("dependencies", [])),
        "metadata_sha256": _sha256(
            json.dumps(
                {k: v for k, v in project.items() if k not in ("version", "dependencies")},
                sort_keys=True,
                default=str,
            ).encode()
        ),
        "files": {path: _sha256((root / path).read_bytes()) for path in shipped_files(root)},
        "api": public_api(root),
    }


def plan(root: Path, client_kinds: dict[str, str], pins: list[str] | None = None) -> LayerPlan:
    """scan-status's findings since its last release; `client_kinds` are the clients released
    with it (distribution -> kind), `pins` its dependencies after they are re-pinned."""
    now = facts(root)
    if pins is not None:
        now["dependencies"] = sorted(pins)
    snapshot = root / SNAPSHOT
    if not snapshot.is_file():
        return LayerPlan(now["version"], [Finding("minor", SNAPSHOT, "", 1, "first release")])
    then = json.loads(snapshot.read_text(encoding="utf-8"))
    api = root / API_SNAPSHOT
    then["api"] = json.loads(api.read_text(encoding="utf-8")) if api.is_file() else None
    return LayerPlan(now["version"], compare(root, then, now, client_kinds))


def compare(
    root: Path, then: dict[str, Any], now: dict[str, Any], client_kinds: dict[str, str]
) -> list[Finding]:
    lines = {
        v: {value: line for value, (_, line) in rows.items()}
        for v, rows in read_mapping(root).items()
    }
    findings: list[Finding] = []
    old_map, new_map = then.get("mapping", {}), now["mapping"]
    for vendor in sorted(old_map.keys() | new_map.keys()):
        before, after = old_map.get(vendor, {}), new_map.get(vendor, {})
        line = lines.get(vendor, {})
        for value in sorted(before.keys() - after.keys()):
            findings.append(
                Finding(
                    "major",
                    MAPPING,
                    f"{vendor}:{value}",
                    1,
                    f"{vendor} status {value!r} no longer mapped",
                )
            )
        for value in sorted(after.keys() - before.keys()):
            findings.append(
                Finding(
                    "minor",
                    MAPPING,
                    f"{vendor}:{value}",
                    line.get(value, 1),
                    f"{vendor} status {value!r} now maps to {after[value]}",
                )
            )
        for value in sorted(before.keys() & after.keys()):
            if before[value] != after[value]:
                findings.append(
                    Finding(
                        "major",
                        MAPPING,
                        f"{vendor}:{value}",
                        line.get(value, 1),
                        f"{vendor} status {value!r} now maps to {after[value]}, not {before[value]}",
                    )
                )
    findings += _pin_findings(then.get("dependencies", []), now["dependencies"], client_kinds)
    old_files, new_files = then.get("files", {}), now["files"]
    mapped = any(f.spec == MAPPING for f in findings)  # its rows say what changed in it
    for path in sorted(old_files.keys() | new_files.keys()):
        if path == MAPPING and mapped:
            continue
        if old_files.get(path) != new_files.get(path):
            what = (
                "added"
                if path not in old_files
                else "removed"
                if path not in new_files
                else "changed"
            )
            findings.append(Finding("patch", path, "", 1, f"shipped file {what}"))
    if then.get("metadata_sha256") != now["metadata_sha256"]:
        findings.append(
            Finding("patch", "pyproject.toml", "/project", 1, "project metadata changed")
        )
    findings += api_breaks(then.get("api"), now["api"])
    return sorted(set(findings))


def _pin_findings(old: list[str], new: list[str], client_kinds: dict[str, str]) -> list[Finding]:
    before = {_name(d): d for d in old}
    after = {_name(d): d for d in new}
    findings = []
    for name in sorted(before.keys() | after.keys()):
        if before.get(name) == after.get(name):
            continue
        kind = client_kinds.get(name, "patch")
        if name not in after:
            kind, message = "major", f"no longer depends on {before[name]}"
        elif name not in before:
            kind, message = max(kind, "minor", key=KINDS.index), f"now depends on {after[name]}"
        else:
            message = f"requires {after[name]} (was {before[name]})"
            if name in client_kinds:
                message += f": {name} had a {client_kinds[name]} release"
        findings.append(Finding(kind, "pyproject.toml", "/project/dependencies", 1, message))
    return findings


def _name(requirement: str) -> str:
    found = REQUIREMENT_NAME.match(requirement)
    return re.sub(r"[-_.]+", "-", found.group(0)).lower() if found else requirement


def read_mapping(root: Path) -> dict[str, dict[str, tuple[str, int]]]:
    """{vendor: {value: (ScanState name, line)}} read from scan_status/mapping.py's TABLES by
    parsing it: each vendor's table is a dict literal of `Mapping(ScanState.X, ...)` (or a bare
    `ScanState.X`), named in TABLES. Anything else is a clear error naming file and line."""
    path = root / MAPPING
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=MAPPING)
    assigned: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            assigned[node.target.id] = node.value
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned[target.id] = node.value

    def fail(node: ast.AST, message: str) -> SpecError:
        line, column = getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1
        return SpecError(
            [Problem(MAPPING, line, column, f"cannot read the mapping statically: {message}")]
        )

    tables = assigned.get("TABLES")
    if not isinstance(tables, ast.Dict):
        raise fail(tree, "no TABLES = {vendor: TABLE, ...} dict literal")
    found: dict[str, dict[str, tuple[str, int]]] = {}
    for vendor_node, table_node in zip(tables.keys, tables.values, strict=True):
        if not (isinstance(vendor_node, ast.Constant) and isinstance(vendor_node.value, str)):
            raise fail(tables, "a TABLES key is not a string literal")
        table = assigned.get(table_node.id) if isinstance(table_node, ast.Name) else table_node
        if not isinstance(table, ast.Dict):
            raise fail(table_node, f"{vendor_node.value}'s table is not a dict literal")
        rows: dict[str, tuple[str, int]] = {}
        for value_node, row in zip(table.keys, table.values, strict=True):
            if not (isinstance(value_node, ast.Constant) and isinstance(value_node.value, str)):
                raise fail(table, f"a {vendor_node.value} value is not a string literal")
            rows[value_node.value] = (_state(row, fail), value_node.lineno)
        found[vendor_node.value] = rows
    return found


def _state(row: ast.expr, fail: Any) -> str:
    if isinstance(row, ast.Call):
        state = (
            row.args[0]
            if row.args
            else next((k.value for k in row.keywords if k.arg == "state"), None)
        )
        if state is not None:
            row = state
    if (
        isinstance(row, ast.Attribute)
        and isinstance(row.value, ast.Name)
        and row.value.id == "ScanState"
    ):
        return row.attr
    raise fail(row, "a row is not Mapping(ScanState.X, ...) nor ScanState.X")


def shipped_files(root: Path) -> list[str]:
    """The files scan-status's wheel and sdist ship (the changelog aside: a release writes it)."""
    found = [
        p.relative_to(root).as_posix()
        for p in (root / PACKAGE).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    ]
    found += [name for name in SHIPPED_EXTRA if (root / name).is_file()]
    return sorted(name for name in found if name != CHANGELOG)


def public_api(root: Path) -> dict[str, Any]:
    """The public API as griffe dumps it: {module: griffe JSON of the package}, and the names."""
    import griffe

    # By path: a name would be searched for on sys.path as well, and found in the wrong tree.
    package = griffe.load(root / PACKAGE, search_paths=[str(root)], resolve_aliases=False)
    return {"griffe": _portable(json.loads(package.as_json(full=False)), root.resolve())}


def _portable(node: Any, root: Path) -> Any:
    """griffe's dump without what differs between checkouts (absolute paths) or does not make
    an API (docstrings): the same sources give the same snapshot anywhere."""
    if isinstance(node, dict):
        kept = {}
        for key, value in node.items():
            if key == "docstring":
                continue
            if key == "filepath" and isinstance(value, str):
                value = Path(value).resolve().relative_to(root).as_posix()
            kept[key] = _portable(value, root)
        return kept
    if isinstance(node, list):
        return [_portable(item, root) for item in node]
    return node


def _load_api(dumped: dict[str, Any]) -> Any:
    import griffe

    package = json.loads(json.dumps(dumped["griffe"]), object_hook=griffe.json_decoder)
    collection = griffe.ModulesCollection()
    collection.set_member(PACKAGE, package)  # aliases resolve within it
    return package


def api_breaks(old_dump: dict[str, Any] | None, new_dump: dict[str, Any]) -> list[Finding]:
    """griffe's breaking changes of each public name: one exported from a public module's __all__.

    griffe alone skips an alias whose target is gone (AliasResolutionError), so a name that no
    longer resolves is reported here as removed.
    """
    if not old_dump:
        return []
    old, new = _load_api(old_dump), _load_api(new_dump)
    findings: list[Finding] = []
    modules: dict[str, tuple[Any, Any]] = {}
    targets: set[str] = set()
    for module_path in PUBLIC_MODULES:
        old_module, new_module = _member(old, module_path), _member(new, module_path)
        if old_module is None:
            continue
        for name in sorted(_exports(old_module)):
            target = old_module.imports.get(name, f"{module_path}.{name}")
            old_obj, new_target = _member(old, target), None
            if old_obj is None:
                continue  # not resolvable in the release either: nothing to compare
            if new_module is not None and name in _exports(new_module):
                new_target = new_module.imports.get(name, f"{module_path}.{name}")
            new_obj = _member(new, new_target) if new_target else None
            if new_obj is None:
                findings.append(
                    _finding(f"{module_path}.{name}", 1, f"{module_path}.{name} removed")
                )
                continue
            if target != new_target:
                continue  # moved to another module: still importable where users import it
            targets.add(target)
            parent = target.rsplit(".", 1)[0]
            old_parent, new_parent = _member(old, parent), _member(new, parent)
            if old_parent is not None and new_parent is not None:
                modules[parent] = (old_parent, new_parent)
    for old_parent, new_parent in modules.values():
        for breakage in _breakages(old_parent, new_parent):
            path = str(breakage.obj.path)
            if any(path == t or path.startswith(f"{t}.") for t in targets):
                line = (
                    getattr(breakage.new_value, "lineno", None)
                    or getattr(breakage.obj, "lineno", None)
                    or 1
                )
                explained = ANSI.sub("", breakage.explain())
                findings.append(_finding(path, int(line), f"Python API: {explained}"))
    return findings


def _breakages(old: Any, new: Any) -> Iterator[Any]:
    import griffe

    try:
        yield from griffe.find_breaking_changes(old, new)
    except griffe.AliasResolutionError:  # an alias outside the package: nothing to compare
        return


def _exports(module: Any) -> set[str]:
    return {str(name) for name in (module.exports or [])}


def _member(package: Any, path: str) -> Any:
    """The object at `path`, or None when it is not there or does not resolve (griffe raises
    KeyError, or one of its alias errors, for a name whose target is gone)."""
    try:
        return package.modules_collection.get_member(path)
    except Exception:
        return None


def _finding(path: str, line: int, message: str) -> Finding:
    return Finding("major", f"{PACKAGE}/", f"python:{path}", line, message)


def apply(root: Path, item: LayerPlan) -> None:
    """Bump scan-status's version, prepend its changelog, and remember this release."""
    pyproject = root / "pyproject.toml"
    document = tomlkit.parse(pyproject.read_text(encoding="utf-8"))
    project = document["project"]
    assert isinstance(project, dict)
    project["version"] = item.new_version
    pyproject.write_text(tomlkit.dumps(document), encoding="utf-8")
    changelog.prepend(
        root / CHANGELOG,
        item.new_version,
        f"A {item.kind} release of {DISTRIBUTION}: what changed since {item.version}.",
        [changelog.entry(f.kind, f.message, f"`{f.spec}`{_at(f)}") for f in item.findings],
    )
    remember(root)


def _at(finding: Finding) -> str:
    where = f", line {finding.line}" if finding.line > 1 else ""
    return f" {finding.pointer}{where}" if finding.pointer else where


def remember(root: Path) -> None:
    """Write the release snapshot of scan-status as it stands now."""
    now = facts(root)
    (root / SNAPSHOT).parent.mkdir(parents=True, exist_ok=True)
    (root / API_SNAPSHOT).write_text(
        json.dumps(now.pop("api"), sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    (root / SNAPSHOT).write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _project(root: Path) -> dict[str, Any]:
    document = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    project = document.get("project")
    return dict(project) if isinstance(project, dict) else {}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
