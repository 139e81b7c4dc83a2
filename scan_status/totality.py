"""Totality: every status value a spec declares (x-scan-status) must have a mapping.

`python -m scan_status.totality` reads the spec each registered vendor's generated client ships
(its package's openapi.yaml) and fails, naming the vendor, the value and the file to edit, when
a declared status has no mapping row. Given spec files, it checks those instead.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

from scan_status import mapping, vendors
from scan_status.errors import UnknownVendorError

SPEC_FILE = "openapi.yaml"  # where a generated client ships its spec
SPECS = "specs"  # the repository's specs, when run in it (nox -s generate, check, release)


def rooms_without_table() -> list[str]:
    """A room module in scan_status/vendors/ with no mapping table: it is never registered."""
    import pkgutil  # deferred: only the command reads the package's folder

    rooms = {
        module.name
        for module in pkgutil.iter_modules(vendors.__path__)
        if not module.name.startswith("_")
    }
    return [
        f"scan_status/vendors/{key}.py: a room with no mapping table; add {key.upper()} rows and "
        f"its TABLES entry to {vendors.BUILT_IN_SOURCE}"
        for key in sorted(rooms - set(mapping.TABLES))
    ]


def declared(spec: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(vendor, value) for every enum value under an x-scan-status mark."""
    stack: list[Any] = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "x-scan-status" in node:
                for value in node.get("enum") or []:
                    yield str(node["x-scan-status"]), str(value)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def unmapped(spec: dict[str, Any], spec_name: str) -> list[str]:
    problems: list[str] = []
    reported: set[str] = set()
    for vendor, value in declared(spec):
        try:
            table = vendors.mapping_of(vendor)
        except UnknownVendorError:
            if vendor in reported:  # once a vendor, not once a value
                continue
            reported.add(vendor)
            problems.append(
                f"{spec_name}: x-scan-status names vendor {vendor!r}, which has no mapping table; "
                f"add {vendor.upper()} rows and its TABLES entry to {vendors.BUILT_IN_SOURCE} "
                f"(and its room, scan_status/vendors/{vendor}.py)"
            )
            continue
        if mapping.key(value) not in table:
            where = vendors.mapping_source(vendor)
            hint = f"{vendor.upper()} in {where} (and the docs' table)"
            if where != vendors.BUILT_IN_SOURCE:
                hint = where
            problems.append(
                f"{spec_name}: {vendor} status {value!r} has no mapping; add it to {hint}"
            )
    return problems


def shipped_specs() -> Iterator[tuple[str, str | None]]:
    """(where, text) of the spec each registered vendor's client ships; text None if missing."""
    for room in vendors.rooms():
        where = f"{room.package}/{SPEC_FILE}"
        try:
            yield where, files(room.package).joinpath(SPEC_FILE).read_text(encoding="utf-8")
        except (ModuleNotFoundError, FileNotFoundError):
            yield where, None


def main(paths: list[str]) -> int:
    from ruamel.yaml import YAML  # deferred: only reading specs needs it

    yaml = YAML(typ="safe", pure=True)
    problems: list[str] = []
    if paths:
        for path in paths:
            problems += unmapped(yaml.load(Path(path)), path)
    else:
        for where, text in shipped_specs():
            if text is None:
                problems.append(f"{where}: not installed, so its statuses cannot be checked")
            else:
                problems += unmapped(yaml.load(text), where)
        # Run in the repository: a spec whose vendor has no mapping table yet is no client's.
        known = set(vendors.known())
        for spec_path in sorted(Path(SPECS).glob("*.yaml")):
            spec = yaml.load(spec_path)
            if {vendor for vendor, _ in declared(spec)} - known:
                found = unmapped(spec, str(spec_path))
                problems += [line for line in found if "no mapping table" in line]
        problems += rooms_without_table()
    for line in problems:
        print(line, file=sys.stderr)
    if not problems:
        print("every declared status value is mapped")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
