"""Docs drift: has a vendor page changed since a spec was written from it?

Each spec records, under x-provenance, the page (file name and URL) and the sha256 of its text.
Given the pages' current text (local files, or URLs where the network allows), this reports
every spec and operation written from a page whose text no longer hashes the same.
"""

from __future__ import annotations

import hashlib
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from generator.spec.loader import locate
from generator.workspace import Workspace

FETCH_TIMEOUT = 30


@dataclass
class Page:
    name: str
    url: str | None
    sha256: str
    specs: list[str] = field(default_factory=list)  # "specs/x.yaml:LINE"
    operations: list[str] = field(
        default_factory=list
    )  # "specs/x.yaml:LINE: PATCH /path (operationId)"


@dataclass
class Drift:
    changed: list[tuple[Page, str, str]] = field(
        default_factory=list
    )  # page, where read, new sha256
    unchanged: list[tuple[Page, str]] = field(default_factory=list)
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
        for path, method, operation in spec.document.operations():
            entry = operation.get("x-provenance") or {}
            if entry.get("page") in pages:
                line, _ = locate(spec.tree, ["paths", path, method, "x-provenance"])
                pages[entry["page"]].operations.append(
                    f"{package.spec}:{line}: {method.upper()} {path} ({operation.get('operationId')})"
                )
    return pages


def read_source(source: str) -> bytes:
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=FETCH_TIMEOUT) as answer:
            body: bytes = answer.read()
            return body
    return Path(source).read_bytes()


def check(workspace: Workspace, sources: list[str]) -> Drift:
    pages = recorded_pages(workspace)
    by_url = {page.url: page for page in pages.values() if page.url}
    drift = Drift()
    for source in sources:
        page = by_url.get(source) or pages.get(Path(source).name)
        if page is None:
            drift.unknown.append(source)
            continue
        digest = hashlib.sha256(read_source(source)).hexdigest()
        if digest == page.sha256:
            drift.unchanged.append((page, source))
        else:
            drift.changed.append((page, source, digest))
    return drift
