"""The reference pages that follow the registry, written into the docs site at build time (the
mkdocs-gen-files plugin runs this): one page per vendor's adapter, one per generated client, and
the reference section's navigation. A vendor added by its four files gets its pages here without
anyone editing the docs.

Read without importing the packages: the vendors' rooms and the generated clients are found on
disk (packages.toml names the clients; a room is a module of scan_status/vendors/ that defines an
adapter class), so the docs build needs neither httpx nor the clients installed.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDORS = ROOT / "scan_status" / "vendors"
PACKAGES = ROOT / "generator" / "packages.toml"

# The hand-written topic pages of the reference, in reading order (docs/reference/).
TOPICS = [
    ("Overview", "index.md"),
    ("Adapters", "adapters.md"),
    ("Statuses", "statuses.md"),
    ("Errors", "errors.md"),
    ("Waiting and retries", "waiting.md"),
    ("Mapping", "mapping.md"),
    ("Testing", "testing.md"),
]


@dataclass(frozen=True)
class Vendor:
    key: str
    title: str  # the room's `name`, e.g. "Cortex XSIAM"
    adapters: tuple[str, ...]  # the room's public adapter classes


@dataclass(frozen=True)
class ClientPackage:
    key: str
    distribution: str
    import_name: str
    directory: Path  # generated/<distribution>/<import_name>


def vendors() -> list[Vendor]:
    found = []
    for module in sorted(VENDORS.glob("[!_]*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        adapters = tuple(
            node.name
            for node in tree.body
            if isinstance(node, ast.ClassDef)
            and node.name.endswith("Adapter")
            and not node.name.startswith("_")
        )
        if adapters:
            found.append(Vendor(module.stem, _room_name(tree) or module.stem, adapters))
    return found


def _room_name(tree: ast.Module) -> str | None:
    """The `name=` a module's Room(...) call gives, when it is a literal."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Room":
            for keyword in node.keywords:
                if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    return None


def client_packages() -> list[ClientPackage]:
    tables = tomllib.loads(PACKAGES.read_text(encoding="utf-8"))
    return [
        ClientPackage(
            key,
            table["distribution"],
            table["import_name"],
            ROOT / "generated" / table["distribution"] / table["import_name"],
        )
        for key, table in tables.items()
    ]


def operations(package: ClientPackage) -> list[str]:
    """Each operation module's dotted name, e.g. threadfix_client.api.default.get_pending_scan_status."""
    api = package.directory / "api"
    return sorted(
        ".".join((package.import_name, *path.relative_to(package.directory).with_suffix("").parts))
        for path in api.rglob("[!_]*.py")
    )


def vendor_page(vendor: Vendor) -> str:
    lines = [
        f"# {vendor.title}",
        "",
        f"`scan_status.{vendor.key}(...)` builds the adapter; every call below has an `a...` async",
        "twin where the vendor has a status to read. Errors are those of the"
        " [error family](../errors.md).",
        "",
    ]
    for adapter in vendor.adapters:
        lines += [
            f"::: scan_status.vendors.{vendor.key}.{adapter}",
            "    options:",
            "      inherited_members: true",
            "      show_bases: true",
            "      show_if_no_docstring: false",
            "",
        ]
    return "\n".join(lines)


def client_page(package: ClientPackage) -> str:
    lines = [
        f"# {package.distribution}",
        "",
        f"The client generated from `{_spec_of(package)}` (import `{package.import_name}`). Each"
        " operation has `sync`, `sync_detailed`, `asyncio`, `asyncio_detailed` and"
        " `request_kwargs` (the request as keyword arguments for your own httpx client); the"
        " attrs models are in `models`, the pydantic v2 models in `schemas`.",
        "",
        f"::: {package.import_name}.client",
        "    options:",
        "      show_root_heading: true",
        "      show_root_full_path: true",
        "",
    ]
    for operation in operations(package):
        lines += [
            f"::: {operation}",
            "    options:",
            "      show_root_heading: true",
            "      show_root_full_path: true",
            '      members: ["sync", "sync_detailed", "asyncio", "asyncio_detailed",'
            ' "request_kwargs"]',
            "",
        ]
    for part in ("models", "schemas"):
        lines += [
            f"::: {package.import_name}.{part}",
            "    options:",
            "      show_root_heading: true",
            "      show_root_full_path: true",
            "",
        ]
    return "\n".join(lines)


def _spec_of(package: ClientPackage) -> str:
    table = tomllib.loads(PACKAGES.read_text(encoding="utf-8"))[package.key]
    return str(table["spec"])


def summary() -> Iterator[str]:
    """reference/SUMMARY.md: the reference section's navigation (mkdocs-literate-nav)."""
    for title, page in TOPICS:
        yield f"* [{title}]({page})"
    yield "* Vendors"
    for vendor in vendors():
        yield f"    * [{vendor.title}](vendors/{vendor.key}.md)"
    yield "* Generated clients"
    for package in client_packages():
        yield f"    * [{package.distribution}](clients/{package.distribution}.md)"


def pages() -> dict[str, str]:
    """Every generated page: its path under docs/ and its text."""
    written = {f"reference/vendors/{v.key}.md": vendor_page(v) for v in vendors()}
    written |= {f"reference/clients/{p.distribution}.md": client_page(p) for p in client_packages()}
    written["reference/SUMMARY.md"] = "\n".join(summary()) + "\n"
    return written


def _write_into_site() -> None:
    # Only inside a docs build; the type-check environment does not install the docs plugins.
    import mkdocs_gen_files  # type: ignore[import-not-found]

    for path, text in pages().items():
        with mkdocs_gen_files.open(path, "w") as page:
            page.write(text)


if __name__ in ("__main__", "<run_path>"):  # mkdocs-gen-files runs scripts as <run_path>
    _write_into_site()
