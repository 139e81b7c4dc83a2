"""Whether generated/ is exactly what the specs make now, file by file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from generator.pipeline import generate


def differences(root: Path) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="scan-status-check-") as scratch:
        fresh = Path(scratch) / "generated"
        generate(root, fresh, force=True)
        return compare(fresh, root / "generated")


def compare(expected: Path, actual: Path) -> list[str]:
    def files(tree: Path) -> dict[str, bytes]:
        if not tree.is_dir():
            return {}
        return {
            p.relative_to(tree).as_posix(): p.read_bytes() for p in tree.rglob("*") if p.is_file()
        }

    want, have = files(expected), files(actual)
    found = [f"missing: generated/{name}" for name in sorted(set(want) - set(have))]
    found += [f"unexpected: generated/{name}" for name in sorted(set(have) - set(want))]
    found += [
        f"differs: generated/{name}"
        for name in sorted(set(want) & set(have))
        if want[name] != have[name]
    ]
    return found
