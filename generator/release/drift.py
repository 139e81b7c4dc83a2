"""Docs drift: has a vendor page changed since a spec was written from it?

Each spec records, under x-provenance, the page (file name and URL) and the sha256 of its text.
Given the pages' current versions (text or HTML files, or URLs), this reports every spec and
operation written from a page that changed (with the diff against its capture and the spec's
facts the change touches: generator.page_diff) or moved (generator.pages reads them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.release.page_diff import Comparison, compare
from generator.release.pages import FETCH_TIMEOUT, PageError, Reading, read
from generator.spec.loader import locate
from generator.spec.rules import inside_docs
from generator.workspace import Workspace


@dataclass
class Page:
    name: str
    url: str | None
    sha256: str
    specs: list[str] = field(default_factory=list)  # "specs/x.yaml:LINE"
    operations: list[str] = field(
        default_factory=list
    )  # "specs/x.yaml:LINE: PATCH /path (operationId)"
    spec_data: list[dict[str, Any]] = field(default_factory=list, repr=False)


@dataclass
class Drift:
    changed: list[tuple[Page, Reading, Comparison]] = field(default_factory=list)
    unchanged: list[tuple[Page, str]] = field(default_factory=list)
    moved: list[tuple[Page, Reading]] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # why each page could not be read
    unknown: list[str] = field(default_factory=list)  # sources that no spec was written from


def recorded_pages(workspace: Workspace) -> dict[str, Page]:
    """Every page the specs name, by file name, with where each was used."""
    pages: dict[str, Page] = {}
    for package in workspace.packages:
        spec = workspace.spec(package)
        for index, entry in enumerate(spec.data["info"].get("x-provenance") or []):
            page = pages.setdefault(
                entry["page"], Page(entry["page"], entry.get("url"), entry["sha256"])
            )
            line, _ = locate(spec.tree, ["info", "x-provenance", index])
            page.specs.append(f"{package.spec}:{line}")
            page.spec_data.append(spec.data)
        for path, method, operation in spec.document.operations():
            entry = operation.get("x-provenance") or {}
            if entry.get("page") in pages:
                line, _ = locate(spec.tree, ["paths", path, method, "x-provenance"])
                pages[entry["page"]].operations.append(
                    f"{package.spec}:{line}: {method.upper()} {path} ({operation.get('operationId')})"
                )
    return pages


def check(
    workspace: Workspace,
    sources: list[str],
    *,
    captures: Path,
    pages_url: str | None = None,
    timeout: float = FETCH_TIMEOUT,
) -> Drift:
    """Read each source as the page of the same URL or file name (or NAME=SOURCE: as page NAME)
    and compare it with the capture in `captures` its specs were written from."""
    pages = recorded_pages(workspace)
    by_url = {page.url: page for page in pages.values() if page.url}
    drift = Drift()
    for given in sources:
        name, paired, source = given.partition("=")
        page = pages.get(name) if paired and name in pages else None
        if page is None:
            source = given
            page = by_url.get(source) or pages.get(Path(source).name)
        if page is None:
            drift.unknown.append(source)
            continue
        if not inside_docs(page.name):  # its capture would be read from outside the docs folder
            drift.unreadable.append(
                f"{source}: page {page.name!r} is not a file inside the docs folder "
                "(nox -s specs refuses it)"
            )
            continue
        try:
            reading = read(source, base_url=pages_url, timeout=timeout)
        except PageError as err:
            drift.unreadable.append(str(err))
            continue
        if reading.moved:
            drift.moved.append((page, reading))
            continue
        comparison = compare(page.name, page.sha256, reading, captures, page.spec_data)
        if comparison.changed:
            drift.changed.append((page, reading, comparison))
        else:
            drift.unchanged.append((page, source))
    return drift
