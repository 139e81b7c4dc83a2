"""A `generate` that would change nothing, answered before anything heavy loads.

Most runs of `python -m generator generate` find generated/ up to date. That answer needs only
hashes (generator/codegen/freshness.py, standard library only) and the root pins check, so it
comes before argparse, pathlib, the Workspace, the pipeline, the YAML reader and the generators
are imported; when anything is stale, or an input is missing or malformed, the full command
runs and reports as it always has.
"""

from __future__ import annotations

import os
import time


def plain_generate_root(arguments: list[str]) -> str | None:
    """The root of `[--root ROOT] generate` with nothing else (the forms argparse would read the
    same way); None for any other command line, which argparse then reads."""
    if arguments == ["generate"]:
        return os.getcwd()
    if len(arguments) == 3 and arguments[0] == "--root" and arguments[2] == "generate":
        root = arguments[1]
    elif len(arguments) == 2 and arguments[0].startswith("--root=") and arguments[1] == "generate":
        root = arguments[0].removeprefix("--root=")
    else:
        return None
    return root if root and not root.startswith("-") else None


def answered(root: str, started: float) -> bool:
    """Whether <root>/generated is up to date; if so, say so and keep the root pins in step."""
    from generator.codegen.freshness import unchanged

    root = os.path.realpath(root)
    distributions = unchanged(root)
    if distributions is None:
        return False
    print(f"generated/ is up to date ({time.perf_counter() - started:.2f}s)")
    from generator.root_pins import in_step

    if not in_step(root, distributions):  # the root project uses these clients
        from pathlib import Path

        from generator.root_pins import sync_root_pins
        from generator.workspace import Workspace

        for change in sync_root_pins(Workspace.at(Path(root))):
            print(change)
    return True
