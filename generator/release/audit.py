"""Dependency confusion, detected: files an index serves under our names that we never made.

An installer pointed at the index takes the highest version the project page lists. For each of
our distribution names, every file listed there must be one whose sha256 we built (dist/) or
released (the ledger, written by each publish); any other file is a risk, named with where it is
served from: uploaded to this index by someone else, merged in from a base or mirror index on
the same server (devpi's bases, a virtual repository), or on another host (a fallback). A name
the index does not hold but sends installers elsewhere for (pypiserver's default fallback to
PyPI) is a risk too: until ours is uploaded, whoever registers the name there is installed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator.release.index_pages import Page, origin

LEDGER = Path("generator", "released", "published.sha256")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Ledger:
    """Every file we published: `sha256  filename` lines (sha256sum's format), sorted."""

    path: Path

    @staticmethod
    def default(root: Path) -> Path:
        return root / LEDGER

    def entries(self) -> dict[str, str]:
        """{filename: sha256}; ValueError naming the line that is not `sha256  filename`."""
        if not self.path.exists():
            return {}
        found: dict[str, str] = {}
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            digest, _, name = line.partition("  ")
            if not line.strip():
                continue
            if len(digest) != 64 or not name or digest.strip("0123456789abcdef"):
                raise ValueError(f"{self.path}:{number}: not `sha256  filename`: {line!r}")
            found[name] = digest
        return found

    def hashes(self) -> set[str]:
        return set(self.entries().values())

    def add(self, files: dict[str, str]) -> None:
        entries = self.entries()
        if not files or files.items() <= entries.items():
            return
        entries.update(files)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"{digest}  {name}\n" for name, digest in sorted(entries.items())]
        self.path.write_text("".join(lines), encoding="utf-8")


@dataclass(frozen=True)
class Risk:
    project: str
    filename: str  # "" for a name the index sends elsewhere as a whole
    source: str  # the URL it is served from
    where: str  # in words: who put it there

    def __str__(self) -> str:
        if not self.filename:
            return f"dependency-confusion risk: {self.project}: {self.where} ({self.source})"
        return (
            f"dependency-confusion risk: {self.filename} on the page of {self.project} is not "
            f"a file we built or released; {self.where}: {self.source}"
        )


def risks_on(page: Page, project: str, known: set[str], index_url: str) -> list[Risk]:
    """What on `page` (the index's page of one of our names) we did not make."""
    if page.files is None:
        if page.elsewhere is None:
            return []  # not there at all: an installer of this index finds nothing
        return [
            Risk(
                project,
                "",
                page.elsewhere,
                "this index does not hold it and sends installers to another host for it",
            )
        ]
    return [
        Risk(project, listed.filename, listed.url, _where(listed.url, index_url))
        for listed in page.files
        if listed.sha256 is None or listed.sha256 not in known
    ]


def _where(file_url: str, index_url: str) -> str:
    if origin(file_url) != origin(index_url):
        return "served from another host (a fallback or mirror)"
    path = urlsplit(file_url).path
    home = urlsplit(index_url).path.rstrip("/") + "/"
    if "/+f/" in path:  # devpi's file URLs name the index that holds the file: USER/INDEX/+f/
        holder = path.split("/+f/", 1)[0] + "/"
        if holder != home:
            return f"served from another index on this server, a base of this one ({holder})"
    return "on this index: uploaded by someone else, or merged in from a repository behind it"
