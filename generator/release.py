"""Releasing: classify each package's change since its last release, bump, write the changelog.

The last release of each package is remembered as a snapshot of the spec it was made from
(generator/released/<distribution>.yaml); generation being deterministic, the released package's
Python API is that snapshot regenerated, which griffe compares with the new one.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.classify import Finding, bump, compare, compare_api, kind_of
from generator.config import CONFIG_FILE, ApiPackage, load_packages
from generator.loader import load_spec
from generator.problems import Problem, SpecError

RELEASED = "generator/released"
CHANGELOGS = "generator/changelogs"


@dataclass
class Plan:
    package: ApiPackage
    findings: list[Finding] = field(default_factory=list)

    @property
    def kind(self) -> str | None:
        return kind_of(self.findings)

    @property
    def new_version(self) -> str:
        return bump(self.package.version, self.kind) if self.kind else self.package.version


def plan(root: Path, *, api: bool = True) -> list[Plan]:
    """Each package's findings against its last release (nothing to release: no findings)."""
    plans = []
    for package in load_packages(root):
        snapshot = root / RELEASED / f"{package.distribution}.yaml"
        current = load_spec(root / package.spec, package.spec)
        if not snapshot.is_file():
            plans.append(Plan(package, [Finding("minor", package.spec, "", 1, "first release")]))
            continue
        released = load_spec(snapshot, package.spec)
        findings = compare(released, current)
        if findings and api:
            findings += _api_findings(root, package, snapshot)
        plans.append(Plan(package, sorted(set(findings))))
    return plans


def _api_findings(root: Path, package: ApiPackage, snapshot: Path) -> list[Finding]:
    from generator.pipeline import generate

    with tempfile.TemporaryDirectory(prefix="scan-status-released-") as scratch:
        old_root = Path(scratch)
        (old_root / "specs").mkdir()
        (old_root / "generator").mkdir()
        shutil.copy(snapshot, old_root / package.spec)
        (old_root / CONFIG_FILE).write_text(
            f'[{package.vendor}]\nspec = "{package.spec}"\ndistribution = "{package.distribution}"\n'
            f'import_name = "{package.import_name}"\nversion = "{package.version}"\n',
            encoding="utf-8",
        )
        generate(old_root, jobs=1)
        old = old_root / "generated" / package.distribution
        return compare_api(
            old, root / "generated" / package.distribution, package.import_name, package.spec
        )


def unmapped_statuses(root: Path) -> list[str]:
    """Status values a spec declares that the status layer cannot map (empty without scan_status)."""
    try:
        from scan_status.totality import unmapped
    except ImportError:
        return []
    problems = []
    for package in load_packages(root):
        problems += unmapped(load_spec(root / package.spec, package.spec).data, package.spec)
    return problems


def release(root: Path) -> list[Plan]:
    """Bump every changed package by its findings, write its changelog, remember the release."""
    from generator.pipeline import generate

    missing = unmapped_statuses(root)
    if missing:
        raise SpecError(
            [Problem(line.split(":", 1)[0], 1, 1, line.split(": ", 1)[1]) for line in missing]
        )
    generate(root)
    plans = [p for p in plan(root) if p.kind]
    config = root / CONFIG_FILE
    text = config.read_text(encoding="utf-8")
    for item in plans:
        text = _set_version(text, item.package.vendor, item.new_version)
        _write_changelog(root, item)
        shutil.copy(root / item.package.spec, root / RELEASED / f"{item.package.distribution}.yaml")
    config.write_text(text, encoding="utf-8")
    _pin_clients(root, {p.package.distribution: p.new_version for p in plans})
    generate(root)
    return plans


def _set_version(text: str, vendor: str, version: str) -> str:
    table = re.compile(
        rf"(^\[{re.escape(vendor)}\]$.*?^version = )\"[^\"]*\"", re.MULTILINE | re.DOTALL
    )
    updated, count = table.subn(rf'\g<1>"{version}"', text, count=1)
    if count != 1:
        raise SpecError([Problem(CONFIG_FILE, 1, 1, f"[{vendor}] has no version to bump")])
    return updated


def _write_changelog(root: Path, item: Plan) -> None:
    path = root / CHANGELOGS / f"{item.package.distribution}.md"
    old = path.read_text(encoding="utf-8") if path.is_file() else "# Changelog\n"
    title, _, rest = old.partition("\n")
    lines = [
        f"## {item.new_version}",
        "",
        f"A {item.kind} release: what changed in `{item.package.spec}` since {item.package.version}.",
        "",
    ]
    lines += [f"- {f.kind}: {f.message} (`{f.pointer}`, line {f.line})" for f in item.findings]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n" + "\n".join(lines) + "\n" + rest, encoding="utf-8")


def _pin_clients(root: Path, versions: dict[str, str]) -> None:
    """Keep scan-status depending on a compatible range of each client it uses."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return
    text = pyproject.read_text(encoding="utf-8")
    for distribution, version in versions.items():
        major, minor, _ = version.split(".")
        text = re.sub(
            rf'"{re.escape(distribution)}>=[^"]*"',
            f'"{distribution}>={major}.{minor},<{int(major) + 1}"',
            text,
        )
    pyproject.write_text(text, encoding="utf-8")
