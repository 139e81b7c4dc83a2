"""The tables in the README and the docs that restate the registry, each rendered between its two
markers: the vendors and their adapters (scan_status.vendors), each spec's count of marked
assumptions (the specs packages.toml names) and the status mapping (scan_status/mapping.py, in
docs/statuses.md). A new vendor's four files bring its rows; no table is edited by hand.

    python -m tools.readme_tables          # check: exit 1, naming the command, when one differs
    python -m tools.readme_tables --write  # regenerate them (nox -s generate does)

Repository-only: it reads the repository it sits in (or --root), and is shipped in no package.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REGENERATE = "nox -s generate (or: python -m tools.readme_tables --write)"
ROOT = Path(__file__).resolve().parents[1]  # the repository the tables are read from


@dataclass(frozen=True)
class Table:
    name: str
    source: str  # what it is generated from, for the markers and the messages
    render: Callable[[Path], str]
    file: str = "README.md"  # where it is, from the repository's root

    @property
    def start(self) -> str:
        return (
            f"<!-- {self.name}: generated from {self.source} by "
            "`python -m tools.readme_tables --write` -->"
        )

    @property
    def end(self) -> str:
        return f"<!-- end of {self.name} -->"


def mapping_table(root: Path) -> str:
    from scan_status.mapping import markdown_table

    return markdown_table()


def assumptions_table(root: Path) -> str:
    """Each spec's count of x-assumption marks, in packages.toml's order."""
    # Deferred: only this table reads specs (the generator's loader keeps their line numbers).
    from generator.spec.loader import load_spec
    from generator.spec.rules import assumptions
    from generator.workspace import load_packages

    rows = ["| spec | marked assumptions |", "|---|---|"]
    for package in load_packages(root):
        count = len(assumptions(load_spec(root / package.spec).data))
        rows.append(f"| `{package.spec}` | {count} |")
    return "\n".join(rows)


def vendor_table(root: Path) -> str:
    """Each registered vendor: its factory with its credentials, and the calls its adapter has."""
    from scan_status import vendors

    rows = ["| vendor | adapter | calls (each has an `a...` async twin) |", "|---|---|---|"]
    for room in vendors.rooms():
        arguments = ", ".join(["base_url=...", *(f"{name}=..." for name in room.credentials)])
        rows.append(
            f"| {room.name} | `scan_status.{room.key}({arguments})` | "
            f"{', '.join(f'`{call}`' for call in calls(room))} |"
        )
    return "\n".join(rows)


def vendor_names(root: Path) -> str:
    """The vendors by name, as a sentence's list ("A, B and C")."""
    from scan_status import vendors

    names = [room.name for room in vendors.rooms()]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def calls(room: object) -> list[str]:
    """The calls a user makes on the vendor's adapter: reading and waiting for a vendor with
    ids (its room's), otherwise the public methods of its own adapter class."""
    from scan_status import adapters, vendors

    assert isinstance(room, vendors.Room)
    cls = room.adapter
    if room.ids:
        ids = ", ".join(param.name for param in room.ids)
        listed = [f"get_status({ids})"]
        if room.batch:
            listed.append(f"get_statuses([{room.ids[0].name}, ...])")
        return [*listed, "wait(...)", "wait_all([...])"]
    assert cls is not None, f"{room.key} has neither ids nor an adapter"
    inherited = set(dir(adapters.Adapter))
    own = [
        name
        for name, member in vars(cls).items()
        if callable(member) and not name.startswith("_") and name not in inherited
    ]
    synchronous = [name for name in own if not (name.startswith("a") and name[1:] in own)]
    return [f"{name}{_parameters(getattr(cls, name))}" for name in synchronous]


def _parameters(method: Callable[..., object]) -> str:
    shown = []
    for parameter in list(inspect.signature(method).parameters.values())[1:]:  # not self
        prefix = "**" if parameter.kind is parameter.VAR_KEYWORD else ""
        prefix = "*" if parameter.kind is parameter.VAR_POSITIONAL else prefix
        shown.append(f"{prefix}{parameter.name}")
    return f"({', '.join(shown)})"


ROOMS = "scan_status.vendors (each vendor's room)"
TABLES = (
    Table("vendor names", ROOMS, vendor_names),
    Table("vendor table", ROOMS, vendor_table),
    Table("vendor names", ROOMS, vendor_names, "docs/index.md"),
    Table("vendor table", ROOMS, vendor_table, "docs/application-developers.md"),
    Table("assumptions", "the specs' x-assumption marks", assumptions_table, "docs/maintainers.md"),
    Table("mapping table", "scan_status/mapping.py", mapping_table, "docs/statuses.md"),
)


def replace_table(text: str, table: str, start: str, end: str) -> str:
    """Text with the table between the markers replaced; ValueError if markers are missing."""
    if text.count(start) != 1 or text.count(end) != 1:
        raise ValueError(f"it must hold each marker once:\n  {start}\n  {end}")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    inline = "\n" not in table  # a list inside a sentence stays in its line
    return f"{head}{start}{table}{end}{tail}" if inline else f"{head}{start}\n{table}\n{end}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.readme_tables", description=__doc__)
    parser.add_argument("--write", action="store_true", help="regenerate the stale tables")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: this)")
    args = parser.parse_args(argv)
    paths = {table.file: args.root / table.file for table in TABLES}
    stale: list[Table] = []
    wanted: dict[str, str] = {}
    for file, path in paths.items():
        text = path.read_text(encoding="utf-8")
        updated = text
        for table in (t for t in TABLES if t.file == file):
            try:
                updated = replace_table(updated, table.render(args.root), table.start, table.end)
            except ValueError as err:
                print(f"{path}: {err}", file=sys.stderr)
                return 1
            if _changed(text, updated, table):
                stale.append(table)
        wanted[file] = updated
    if not stale:
        print("every generated table matches its source")
        return 0
    for table in stale:
        where = paths[table.file]
        if args.write:
            print(f"{where}: {table.name} regenerated from {table.source}")
        else:
            print(
                f"{where}: the {table.name} is not what {table.source} says; run {REGENERATE}",
                file=sys.stderr,
            )
    if not args.write:
        return 1
    for file in {table.file for table in stale}:  # nothing is written before every check passed
        paths[file].write_text(wanted[file], encoding="utf-8")
    return 0


def _changed(before: str, after: str, table: Table) -> bool:
    """Whether this table's part differs (several tables share a file)."""

    def part(text: str) -> str:
        return text.split(table.start, 1)[1].split(table.end, 1)[0]

    return part(before) != part(after)


if __name__ == "__main__":
    sys.exit(main())
