"""Releasing: classify each package's change since its last release, bump, write the changelog.

The last release of each package is remembered as a snapshot of the spec it was made from
(generator/released/<distribution>.yaml); generation being deterministic, the released package's
Python API is that snapshot regenerated, which griffe compares with the new one.

scan-status is released with them when anything of it changed (generator/release/layer.py reads
its facts as data). Whether every status value a spec declares is mapped is not checked here:
`nox -s release` runs that check (scan_status's own) as its own step, first.
"""

from __future__ import annotations

import shutil
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit

from generator.release import changelog, layer
from generator.release.classify import Finding, bump, compare, compare_api, kind_of
from generator.release.layer import LayerPlan
from generator.root_pins import REQUIREMENT_NAME, compatible_range
from generator.spec.loader import load_spec
from generator.spec.problems import Problem, SpecError
from generator.workspace import CONFIG_FILE, ApiPackage, Workspace

RELEASED = "generator/released"
CHANGELOGS = "generator/changelogs"


@dataclass
class Plan:
    package: ApiPackage
    findings: list[Finding] = field(default_factory=list)

    @property
    def distribution(self) -> str:
        return self.package.distribution

    @property
    def version(self) -> str:
        return self.package.version

    @property
    def kind(self) -> str | None:
        return kind_of(self.findings)

    @property
    def new_version(self) -> str:
        return bump(self.package.version, self.kind) if self.kind else self.package.version


def plan(workspace: Workspace, *, api: bool = True) -> list[Plan]:
    """Each package's findings against its last release (nothing to release: no findings)."""
    plans = []
    root = workspace.root
    for package in workspace.packages:
        snapshot = root / RELEASED / f"{package.distribution}.yaml"
        current = workspace.spec(package)
        if not snapshot.is_file():
            plans.append(Plan(package, [Finding("minor", package.spec, "", 1, "first release")]))
            continue
        if snapshot.read_bytes() == (root / package.spec).read_bytes():
            plans.append(Plan(package))  # the released spec itself: nothing to read or compare
            continue
        released = load_spec(snapshot, package.spec)
        findings = compare(released, current)
        if findings and api:
            findings += _api_findings(root, package, snapshot)
        plans.append(Plan(package, sorted(set(findings))))
    return plans


def _api_findings(root: Path, package: ApiPackage, snapshot: Path) -> list[Finding]:
    from generator.codegen.pipeline import generate

    with tempfile.TemporaryDirectory(prefix="scan-status-released-") as scratch:
        old_root = Path(scratch)
        (old_root / package.spec).parent.mkdir(parents=True)
        (old_root / "generator").mkdir()
        shutil.copy(snapshot, old_root / package.spec)
        write_config(old_root, [package])
        generate(Workspace.at(old_root), jobs=1)
        old = old_root / "generated" / package.distribution
        return compare_api(
            old, root / "generated" / package.distribution, package.import_name, package.spec
        )


def plan_all(workspace: Workspace) -> list[Plan | LayerPlan]:
    """Each client's plan, then scan-status's (when the repository holds it), as if released."""
    clients = plan(workspace)
    if not layer.is_layer(workspace.root):
        return list(clients)
    released = {p.distribution: p for p in clients if p.kind}
    pins = _pinned(workspace.root, {d: p.new_version for d, p in released.items()})
    kinds = {d: str(p.kind) for d, p in released.items()}
    return [*clients, layer.plan(workspace.root, kinds, pins)]


def release(workspace: Workspace) -> list[Plan | LayerPlan]:
    """Bump every changed package by its findings, write its changelog, remember the release;
    then scan-status, by what changed in it (its code, mapping and pins to the clients just
    released)."""
    from generator.codegen.pipeline import generate

    root = workspace.root
    generate(workspace)
    plans = [p for p in plan(workspace) if p.kind]
    config = root / CONFIG_FILE
    document = tomlkit.parse(config.read_text(encoding="utf-8"))
    for item in plans:
        table = document.get(item.package.vendor)
        if not isinstance(table, dict) or "version" not in table:
            raise SpecError(
                [Problem(CONFIG_FILE, 1, 1, f"[{item.package.vendor}] has no version to bump")]
            )
        table["version"] = item.new_version
        _write_changelog(root, item)
        shutil.copy(root / item.package.spec, root / RELEASED / f"{item.package.distribution}.yaml")
    config.write_text(tomlkit.dumps(document), encoding="utf-8")
    _pin_clients(root, {p.package.distribution: p.new_version for p in plans})
    generate(workspace.reloaded())
    done: list[Plan | LayerPlan] = list(plans)
    if layer.is_layer(root):
        status_layer = layer.plan(root, {p.distribution: str(p.kind) for p in plans})
        if status_layer.kind:
            layer.apply(root, status_layer)
            done.append(status_layer)
    return done


def write_config(root: Path, packages: list[ApiPackage]) -> None:
    """A generator/packages.toml naming exactly these packages."""
    document = tomlkit.document()
    for package in packages:
        table = tomlkit.table()
        for key in ("spec", "distribution", "import_name", "version"):
            table[key] = getattr(package, key)
        document[package.vendor] = table
    (root / CONFIG_FILE).write_text(tomlkit.dumps(document), encoding="utf-8")


def _write_changelog(root: Path, item: Plan) -> None:
    changelog.prepend(
        root / CHANGELOGS / f"{item.package.distribution}.md",
        item.new_version,
        f"A {item.kind} release: what changed in `{item.package.spec}` since {item.package.version}.",
        [
            changelog.entry(f.kind, f.message, f"`{f.pointer}`, line {f.line}")
            for f in item.findings
        ],
    )


def _pin_clients(root: Path, versions: dict[str, str]) -> None:
    """Keep the root project depending on a compatible range of each client it uses."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return
    document = tomlkit.parse(pyproject.read_text(encoding="utf-8"))
    project = document.get("project")
    dependencies = project.get("dependencies") if isinstance(project, dict) else None
    if not isinstance(dependencies, list):
        return
    for index, requirement in enumerate(list(dependencies)):
        dependencies[index] = _pin(str(requirement), versions)
    pyproject.write_text(tomlkit.dumps(document), encoding="utf-8")


def _pinned(root: Path, versions: dict[str, str]) -> list[str]:
    """The root project's dependencies as _pin_clients would leave them (nothing written)."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8")).get(
        "project", {}
    )
    return [_pin(str(r), versions) for r in project.get("dependencies", [])]


def _pin(requirement: str, versions: dict[str, str]) -> str:
    found = REQUIREMENT_NAME.match(requirement)
    name = found.group(0) if found else ""
    if name not in versions:
        return requirement
    return name + compatible_range(versions[name])
