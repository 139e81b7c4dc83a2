"""generated/manifest.json: the inputs each package was generated from, and its files' hashes.

A package is up to date when its spec, its configuration entry, the generator's code and the
tool versions all hash as recorded, and its files on disk are exactly the recorded ones.
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


def generator_sha256() -> str:
    """The pipeline's own code: a change to it may change the output, so it counts as input."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted(here.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sha256_text(text: str | None) -> str | None:
    return hashlib.sha256(text.encode()).hexdigest() if text is not None else None


def file_hashes(package_dir: Path) -> dict[str, str]:
    return {
        path.relative_to(package_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(package_dir.rglob("*"))
        if path.is_file()
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
