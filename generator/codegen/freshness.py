"""Whether generated/ is what its inputs make now, answered with the standard library alone.

A package is up to date when its spec, its packages.toml entry, its changelog, the repository's
LICENSE and project URLs, the generator code that shapes the output (generator/spec and
generator/codegen) and the tool versions all hash as recorded in generated/manifest.json, and its
files on disk (bytecode aside) are exactly the recorded ones.

A no-op `generate` should cost little more than starting Python, so this module imports only
hashlib, json, os, sys and tomllib: no pathlib, no importlib.metadata, nothing of the pipeline.
The pipeline asks the same questions here (stale()), so a no-op and a full run cannot disagree.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tomllib

TYPE_CHECKING = False  # typing itself is not imported: a no-op pays for every module it loads
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence
    from typing import Any

MANIFEST = "manifest.json"
CONFIG_FILE = "generator/packages.toml"
TOOLS = ("openapi-python-client", "datamodel-code-generator", "ruff")
GENERATOR = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
# The floors whose code decides what generated/ holds: reading specs, and generating code (with
# its templates). The release floor (drift, classify, versions, build) changes no output.
OUTPUT_FLOORS = ("spec", "codegen")
OUTPUT = "generated"


def temporary_prefix(output_name: str) -> str:
    """The pipeline's trees in progress beside the output (or left there by a killed run)."""
    return f".{output_name}-"


def lock_name(output_name: str) -> str:
    """The lock a run holds beside the output folder."""
    return f".{output_name}.lock"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str | None) -> str | None:
    return sha256_bytes(text.encode()) if text is not None else None


def read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def read_text(path: str) -> str | None:
    """The file's text (UTF-8, newlines translated as Path.read_text does); None if absent."""
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def source_files(tree: str) -> list[str]:
    """Every file under `tree` except bytecode, as '/'-separated relative names, in a stable
    order (by path components). Symlinked folders are not entered, as Path.rglob does not."""
    found: list[str] = []
    pending = [("", tree)]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    if entry.name != "__pycache__" and not entry.is_symlink():
                        pending.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file() and not entry.name.endswith(".pyc"):
                    found.append(prefix + entry.name)
    return sorted(found, key=lambda name: name.split("/"))


def file_hashes(tree: str) -> dict[str, str]:
    """Every file's sha256 under `tree` (a package folder in generated/), bytecode aside: Python
    writes __pycache__ beside any imported module, and it is never part of what was made."""
    return {name: sha256_bytes(read_bytes(os.path.join(tree, name))) for name in source_files(tree)}


def generator_sha256() -> str:
    """The code that shapes the output: a change to it may change the output, so it is an input."""
    digest = hashlib.sha256()
    for floor in OUTPUT_FLOORS:
        top = os.path.join(GENERATOR, floor)
        for name in source_files(top):
            data = read_bytes(os.path.join(top, name))
            digest.update(f"{floor}/{name}".encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def config_sha256(entry: Mapping[str, str]) -> str:
    """Hash of a package's packages.toml entry (its vendor and fields): a change regenerates it."""
    return sha256_bytes(json.dumps(dict(entry), sort_keys=True).encode())


def changelog_text(root: str, distribution: str) -> str | None:
    """generator/changelogs/<distribution>.md, shipped in the package as CHANGELOG.md."""
    return read_text(os.path.join(root, "generator", "changelogs", f"{distribution}.md"))


def shared_values(root: str) -> tuple[str | None, str | None, dict[str, str]]:
    """What every package takes from the repository: its LICENSE's text, the root pyproject's
    license expression (only with a LICENSE) and its [project.urls]."""
    pyproject = read_text(os.path.join(root, "pyproject.toml"))
    project = (tomllib.loads(pyproject).get("project") or {}) if pyproject is not None else {}
    license_text = read_text(os.path.join(root, "LICENSE"))
    spdx = project.get("license") if isinstance(project.get("license"), str) else None
    urls = {str(k): str(v) for k, v in (project.get("urls") or {}).items()}
    return license_text, spdx if license_text is not None else None, urls


def shared_sha256(license_text: str | None, spdx: str | None, urls: Mapping[str, str]) -> str:
    return sha256_bytes(json.dumps([license_text, spdx, dict(urls)], sort_keys=True).encode())


def tool_versions() -> dict[str, str]:
    return installed_versions(TOOLS)


def installed_version(name: str) -> str:
    return installed_versions([name])[name]


def installed_versions(names: Sequence[str]) -> dict[str, str]:
    """The versions importlib.metadata.version() gives, read the same way without importing it
    (a no-op's largest cost): in the first sys.path folder holding a name's metadata, the Version
    field of its METADATA. Anything less plain (another distribution finder, an egg or a zip on
    the path, an .egg-info, two candidates in one folder, a folded header) is left to
    importlib.metadata itself."""
    pending = {_normalized(name): name for name in names}
    versions: dict[str, str] = {}
    finders = [f for f in sys.meta_path if getattr(f, "find_distributions", None)]
    plain = [getattr(f, "__name__", "") for f in finders] == ["PathFinder"]
    for entry in sys.path if plain else []:
        folder = entry or "."
        if not pending or entry.lower().endswith(".egg") or os.path.isfile(folder):
            break
        try:
            children = os.listdir(folder)
        except OSError:
            continue
        found: dict[str, list[str]] = {}
        for child in children:
            low = child.lower()
            if low.endswith((".dist-info", ".egg-info")):
                key = _normalized(low.rpartition(".")[0].partition("-")[0])
                if key in pending:
                    found.setdefault(key, []).append(child)
        for key, candidates in found.items():
            name = pending.pop(key)
            if len(candidates) == 1 and candidates[0].lower().endswith(".dist-info"):
                version = _metadata_version(os.path.join(folder, candidates[0], "METADATA"))
                if version is not None:
                    versions[name] = version
    if len(versions) < len(names):
        from importlib.metadata import version as metadata_version

        for name in names:
            versions.setdefault(name, metadata_version(name))
    return {name: versions[name] for name in names}


def _normalized(name: str) -> str:
    """importlib.metadata's form of a distribution name: lower case, runs of -_. as one '_'."""
    out: list[str] = []
    for char in name.lower():
        if char in "-_.":
            if not out or out[-1] != "_":
                out.append("_")
        else:
            out.append(char)
    return "".join(out)


def _metadata_version(path: str) -> str | None:
    """The Version header of a METADATA file (headers end at the first empty line)."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = iter(handle)
            for line in lines:
                if not line.strip():
                    return None
                key, colon, value = line.partition(":")
                if colon and key.lower() == "version":
                    following = next(lines, "")
                    if following[:1] in (" ", "\t"):  # folded: let the email parser read it
                        return None
                    return value.strip()
    except (OSError, UnicodeDecodeError):
        return None
    return None


def read_manifest(output: str) -> dict[str, Any]:
    try:
        with open(os.path.join(output, MANIFEST), encoding="utf-8") as handle:
            loaded = json.load(handle)
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def recorded_packages(recorded: Mapping[str, Any]) -> dict[str, Any]:
    packages = recorded.get("packages")
    return dict(packages) if isinstance(packages, dict) else {}


def stale(
    root: str,
    output: str,
    entries: list[dict[str, str]],
    recorded: Mapping[str, Any],
    versions: Mapping[str, str],
) -> list[str]:
    """The distributions of `entries` (packages.toml's, each with its vendor) that generated/
    does not hold exactly as their inputs make them now, in the entries' order."""
    if recorded.get("tools") != versions or recorded.get("generator_sha256") != generator_sha256():
        return [entry["distribution"] for entry in entries]
    shared = shared_sha256(*shared_values(root))
    packages = recorded_packages(recorded)
    return [
        entry["distribution"]
        for entry in entries
        if not _package_up_to_date(root, output, entry, packages.get(entry["distribution"]), shared)
    ]


def _package_up_to_date(
    root: str, output: str, entry: dict[str, str], recorded: Any, shared: str
) -> bool:
    if not isinstance(recorded, dict):
        return False
    distribution = entry["distribution"]
    spec = os.path.join(root, entry["spec"])
    folder = os.path.join(output, distribution)
    return bool(
        recorded.get("config_sha256") == config_sha256(entry)
        and recorded.get("changelog_sha256") == sha256_text(changelog_text(root, distribution))
        and recorded.get("shared_sha256") == shared
        and os.path.isfile(spec)
        and recorded.get("spec_sha256") == sha256_bytes(read_bytes(spec))
        and os.path.isdir(folder)
        and recorded.get("files") == file_hashes(folder)
    )


def unchanged(root: str) -> list[str] | None:
    """The distributions packages.toml names when a `generate` into <root>/generated would change
    nothing (every package up to date, nothing to remove, no killed run's trees to clear); None
    when the pipeline must look, including whenever an input is missing or malformed: it reports
    those properly."""
    output = os.path.join(root, OUTPUT)
    try:
        with open(os.path.join(root, CONFIG_FILE), encoding="utf-8") as handle:
            config = tomllib.loads(handle.read())
        entries = [_entry(vendor, table) for vendor, table in config.items()]
        if any(entry is None for entry in entries) or not os.path.isdir(output):
            return None
        if _killed_runs_left_trees(root):
            return None
        with locked(output):
            return _unchanged(root, output, [entry for entry in entries if entry is not None])
    except (OSError, ValueError):  # unreadable, undecodable or not TOML: the pipeline says so
        return None


def _unchanged(root: str, output: str, entries: list[dict[str, str]]) -> list[str] | None:
    names = [entry["distribution"] for entry in entries]
    recorded = read_manifest(output)
    if not recorded or set(os.listdir(output)) - {*names, MANIFEST}:
        return None
    if stale(root, output, entries, recorded, tool_versions()):
        return None
    return names


def _killed_runs_left_trees(root: str) -> bool:
    with os.scandir(root) as entries:
        return any(
            entry.name.startswith(temporary_prefix(OUTPUT)) and entry.is_dir(follow_symlinks=False)
            for entry in entries
        )


def _entry(vendor: str, table: object) -> dict[str, str] | None:
    """A packages.toml table as the manifest hashes it, if it can be one: only text values, a
    distribution and a spec, no key of its own named vendor (its hash then tells whether it is
    exactly an entry a run validated: anything else the pipeline reports)."""
    if not isinstance(table, dict) or "vendor" in table:
        return None
    if not all(isinstance(v, str) for v in table.values()):
        return None
    if not isinstance(table.get("distribution"), str) or not isinstance(table.get("spec"), str):
        return None
    return {"vendor": vendor, **table}


@contextlib.contextmanager
def locked(output: str) -> Iterator[None]:
    """One run at a time per output folder: the lock is held until the run ends or dies, so a
    temporary tree found while holding it belongs to a run that is gone. A no-op holds it while
    it reads, as a run does."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, and stale trees are recognised by age instead
        yield
        return
    parent, name = os.path.split(os.path.normpath(output))
    with open(os.path.join(parent, lock_name(name)), "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
