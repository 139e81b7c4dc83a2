"""generated/manifest.json: the inputs each package was generated from, and its files' hashes.

What makes a package up to date, and the hashes themselves, are in freshness.py (standard
library only, for a cheap no-op); this module reads and writes the file for the pipeline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.codegen import freshness

MANIFEST = freshness.MANIFEST
NOTE = (
    "Written by generator/ (nox -s generate); do not edit. Records what each package was made from."
)


def source_files(tree: Path) -> list[Path]:
    """Every file under `tree` except bytecode, in a stable order."""
    return [tree / name for name in freshness.source_files(str(tree))]


def file_hashes(package_dir: Path) -> dict[str, str]:
    return freshness.file_hashes(str(package_dir))


def read(output: Path) -> dict[str, Any]:
    return freshness.read_manifest(str(output))


def write(output: Path, tools: dict[str, str], packages: dict[str, dict[str, Any]]) -> None:
    content = {
        "note": NOTE,
        "generator_sha256": freshness.generator_sha256(),
        "tools": tools,
        "packages": {name: packages[name] for name in sorted(packages)},
    }
    (output / MANIFEST).write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
