"""generated/manifest.json: the inputs each package was generated from, and its files' hashes.

A package is up to date when its spec, its configuration entry, the generator code that shapes
the output (generator/spec and generator/codegen) and the tool versions all hash as recorded, and
its files on disk (bytecode aside) are exactly the recorded ones.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
NOTE = (
    "Written by generator/ (nox -s generate); do not edit. Records what each package was made from."
)


GENERATOR = Path(__file__).resolve().parents[1]
# The floors whose code decides what generated/ holds: reading specs, and generating code (with
# its templates). The release floor (drift, classify, versions, build) changes no output.
OUTPUT_FLOORS = (GENERATOR / "spec", GENERATOR / "codegen")


def is_bytecode(path: Path) -> bool:
    """Python's own cache, written beside any imported module: never part of what was made."""
    return "__pycache__" in path.parts or path.suffix == ".pyc"


def source_files(tree: Path) -> list[Path]:
    """Every file under `tree` except bytecode, in a stable order."""
    return sorted(
        path
        for path in tree.rglob("*")
        if path.is_file() and not is_bytecode(path.relative_to(tree))
    )


def generator_sha256() -> str:
    """The code that shapes the output: a change to it may change the output, so it is an input."""
    digest = hashlib.sha256()
    for floor in OUTPUT_FLOORS:
        for path in source_files(floor):
            name = path.relative_to(GENERATOR).as_posix()
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sha256_text(text: str | None) -> str | None:
    return hashlib.sha256(text.encode()).hexdigest() if text is not None else None


def file_hashes(package_dir: Path) -> dict[str, str]:
    return {
        path.relative_to(package_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in source_files(package_dir)
    }


def read(output: Path) -> dict[str, Any]:
    try:
        loaded = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def write(output: Path, tools: dict[str, str], packages: dict[str, dict[str, Any]]) -> None:
    content = {
        "note": NOTE,
        "generator_sha256": generator_sha256(),
        "tools": tools,
        "packages": {name: packages[name] for name in sorted(packages)},
    }
    (output / MANIFEST).write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
