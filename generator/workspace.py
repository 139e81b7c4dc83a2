"""The repository the generator works on: its packages (generator/packages.toml, read strictly:
a misspelt key is an error) and their specs, each read once however many commands use it."""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.spec.problems import Problem, SpecError

if TYPE_CHECKING:
    from generator.spec.loader import LoadedSpec

CONFIG_FILE = "generator/packages.toml"
FIELDS = ("spec", "distribution", "import_name", "version")
# Matched whole (fullmatch: `$` would let a trailing newline through) and in ASCII only.
PATTERNS = {
    "distribution": re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*"),
    "import_name": re.compile(r"[a-z][a-z0-9_]*"),
    "version": re.compile(r"[0-9]+\.[0-9]+\.[0-9]+"),
    "spec": re.compile(r"specs/[A-Za-z0-9_.-]+\.ya?ml"),
}


@dataclass(frozen=True)
class ApiPackage:
    vendor: str
    spec: str
    distribution: str
    import_name: str
    version: str

    def entry(self) -> dict[str, str]:
        """Its packages.toml table with its vendor: what the manifest hashes (config_sha256)."""
        return asdict(self)


@dataclass
class Workspace:
    root: Path
    packages: list[ApiPackage]
    specs: dict[str, LoadedSpec] = field(default_factory=dict, repr=False)  # by spec path

    @classmethod
    def at(cls, root: Path) -> Workspace:
        return cls(root, load_packages(root))

    def reloaded(self) -> Workspace:
        """packages.toml read again (after a release bumped it); the specs read are kept."""
        return Workspace(self.root, load_packages(self.root), self.specs)

    def spec(self, package: ApiPackage) -> LoadedSpec:
        """The package's spec, read (and checked for YAML problems) on first use."""
        if package.spec not in self.specs:
            from generator.spec.loader import load_spec

            path = self.root / package.spec
            self.specs[package.spec] = load_spec(path, package.spec, inside=self.root)
        return self.specs[package.spec]

    @property
    def generated(self) -> Path:
        return self.root / "generated"


def load_packages(root: Path) -> list[ApiPackage]:
    path = root / CONFIG_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        line, column = _position(str(err))
        raise SpecError([Problem(CONFIG_FILE, line, column, f"invalid TOML: {err}")]) from None
    text = path.read_text(encoding="utf-8")
    problems: list[Problem] = []
    packages: list[ApiPackage] = []
    for vendor, table in raw.items():
        where = _line_of(text, f"[{vendor}]")
        if not isinstance(table, dict):
            problems.append(Problem(CONFIG_FILE, where, 1, f"{vendor!r} must be a table"))
            continue
        for key in sorted(set(table) - set(FIELDS)):
            problems.append(
                Problem(CONFIG_FILE, where, 1, f"[{vendor}]: unknown key {key!r} (known: {FIELDS})")
            )
        for key in FIELDS:
            value = table.get(key)
            if not isinstance(value, str) or not PATTERNS[key].fullmatch(value):
                problems.append(
                    Problem(
                        CONFIG_FILE,
                        _key_line(text, where, key),
                        1,
                        f"[{vendor}]: {key} is missing or malformed: {value!r}",
                    )
                )
        if not problems:
            packages.append(ApiPackage(vendor, **{key: table[key] for key in FIELDS}))
    for unique in ("distribution", "import_name", "spec"):
        values = [getattr(p, unique) for p in packages]
        for value in {v for v in values if values.count(v) > 1}:
            problems.append(Problem(CONFIG_FILE, 1, 1, f"two packages share {unique} {value!r}"))
    if problems:
        raise SpecError(problems)
    return packages


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == needle:
            return number
    return 1


def _key_line(text: str, table_line: int, key: str) -> int:
    """The line of `key = ...` in the table starting at `table_line` (else the table's line)."""
    for number, line in enumerate(text.splitlines()[table_line:], start=table_line + 1):
        stripped = line.strip()
        if stripped.startswith("["):
            break
        if stripped.partition("=")[0].strip() == key:
            return number
    return table_line


def _position(message: str) -> tuple[int, int]:
    found = re.search(r"line (\d+), column (\d+)", message)
    return (int(found.group(1)), int(found.group(2))) if found else (1, 1)
