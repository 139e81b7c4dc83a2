"""Whether generated/ is exactly what the specs make now, file by file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from generator.codegen.manifest import source_files
from generator.codegen.pipeline import generate
from generator.workspace import Workspace


def differences(workspace: Workspace) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="scan-status-check-") as scratch:
        fresh = Path(scratch) / "generated"
        generate(workspace, fresh, force=True)
        return compare(fresh, workspace.generated)


def compare(expected: Path, actual: Path) -> list[str]:
    def files(tree: Path) -> dict[str, bytes]:
        if not tree.is_dir():
            return {}
        return {p.relative_to(tree).as_posix(): p.read_bytes() for p in source_files(tree)}

    want, have = files(expected), files(actual)
    found = [f"missing: generated/{name}" for name in sorted(set(want) - set(have))]
    found += [f"unexpected: generated/{name}" for name in sorted(set(have) - set(want))]
    found += [
        f"differs: generated/{name}"
        for name in sorted(set(want) & set(have))
        if want[name] != have[name]
    ]
    return found
