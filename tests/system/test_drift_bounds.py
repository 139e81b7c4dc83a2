"""Docs drift against a hostile docs site on 127.0.0.1 (tests/support/hostile_server.py): every
page read within bounds (MAX_PAGE_BYTES streamed, gzip inflated with the same bound,
MAX_EXTRACT_CHARACTERS of HTML for trafilatura, --timeout for the whole fetch), a page that is
no text a clear error with exit 2, and nothing a page says reaches the terminal raw."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.release.drift import recorded_pages
from generator.release.pages import MAX_EXTRACT_CHARACTERS, MAX_PAGE_BYTES
from generator.workspace import Workspace
from tests.support.hostile_server import HostilePages, gzip_bomb, hostile_pages
from tests.support.pages import DOCS, capture
from tests.support.workspace import ROOT, copy_inputs

TIMEOUT = 3.0
GENEROUS = 15.0  # seconds past a deadline a loaded machine may take (a deadline check only)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x1b]0;owned\x07\x1b[2J"
PDF = b"%PDF-1.7\n\x1b[2J\x1b]0;owned\x07 1 0 obj << >> endobj\n"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("drift")
    shutil.copytree(DOCS, root / "shared" / "docs")
    return copy_inputs(root / "repo", with_generated=False)


@pytest.fixture(scope="module")
def url(repo: Path) -> str:
    """One recorded page's URL (the first the specs name)."""
    page = next(p for p in recorded_pages(Workspace.at(repo)).values() if p.url)
    assert page.url
    return page.url


@pytest.fixture
def site() -> Iterator[HostilePages]:
    with hostile_pages() as server:
        yield server


def drift(
    repo: Path, site: HostilePages, url: str, timeout: float = 60.0
) -> tuple[int, bytes, float]:
    """`python -m generator drift` as its own process: exit code, raw stdout, seconds taken
    (`timeout`: drift's --timeout; only the dripping page's test needs a short one)."""
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--root",
            str(repo),
            "drift",
            "--pages-url",
            site.base_url,
            "--timeout",
            str(timeout),
            url,
        ],
        capture_output=True,
        check=False,
        cwd=ROOT,
        timeout=300,
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
    return done.returncode, done.stdout, time.monotonic() - started


def unreadable(out: bytes) -> str:
    text = out.decode("utf-8")
    (line,) = [row for row in text.splitlines() if row.startswith("cannot read a page: ")]
    return line


def test_a_huge_page_stops_at_the_size_cap(repo: Path, site: HostilePages, url: str) -> None:
    site.behave("huge", mebibytes=300)
    code, out, _ = drift(repo, site, url)
    assert code == 2 and f"over {MAX_PAGE_BYTES:,} bytes" in unreadable(out)


def test_a_gzip_bomb_stops_at_the_size_cap_while_inflating(
    repo: Path, site: HostilePages, url: str
) -> None:
    gzip_bomb(2048)  # built (and cached) before the clock runs: about 2 MB, 2 GiB inflated
    site.behave("bomb", mebibytes=2048)
    code, out, _ = drift(repo, site, url)
    assert code == 2 and f"over {MAX_PAGE_BYTES:,} bytes" in unreadable(out)


def test_a_dripping_page_ends_by_the_timeout(repo: Path, site: HostilePages, url: str) -> None:
    site.behave("drip", interval=2.0, length=1000)  # each byte within httpx's read timeout
    code, out, took = drift(repo, site, url, TIMEOUT)
    assert code == 2 and f"within {TIMEOUT:g} s" in unreadable(out)
    assert took < TIMEOUT + GENEROUS  # a deadline check; the drip alone would take 2,000 s


def test_html_too_large_to_extract_is_refused_before_trafilatura(
    repo: Path, site: HostilePages, url: str
) -> None:
    paragraph = "<p>Scan is in Running state.</p>\n"
    main = paragraph * (MAX_EXTRACT_CHARACTERS // len(paragraph) + 1)
    body = f"<!DOCTYPE html><html><body><main>{main}</main></body></html>".encode()
    site.behave("bytes", body=body, content_type="text/html; charset=utf-8")
    code, out, _ = drift(repo, site, url)
    assert code == 2 and f"at most {MAX_EXTRACT_CHARACTERS:,}" in unreadable(out)


@pytest.mark.parametrize(
    ("body", "content_type", "said"),
    [
        (PNG, "image/png", "image/png, not a text or HTML page"),
        (PDF, "application/pdf", "application/pdf, not a text or HTML page"),
        (PNG, "text/html", "not text"),  # a type that lies: the bytes tell
        (PDF, "", "not text"),
    ],
)
def test_a_page_that_is_not_text_is_unreadable_and_prints_no_escape(
    repo: Path, site: HostilePages, url: str, body: bytes, content_type: str, said: str
) -> None:
    site.behave("bytes", body=body, content_type=content_type)
    code, out, _ = drift(repo, site, url)
    assert code == 2 and said in unreadable(out)
    assert b"\x1b" not in out and b"\x07" not in out


@pytest.mark.parametrize("charset", ["idna", "punycode", "x-no-such-charset"])
def test_a_charset_that_cannot_read_a_page_is_exit_2(
    repo: Path, site: HostilePages, url: str, charset: str
) -> None:
    page = next(p for p in recorded_pages(Workspace.at(repo)).values() if p.url == url)
    site.behave(
        "bytes", body=capture(page.name).encode(), content_type=f"text/plain; charset={charset}"
    )
    code, out, _ = drift(repo, site, url)
    assert code == 2 and f"charset={charset}" in unreadable(out)


def test_escape_sequences_in_a_changed_page_are_shown_escaped(
    repo: Path, site: HostilePages, url: str
) -> None:
    page = next(p for p in recorded_pages(Workspace.at(repo)).values() if p.url == url)
    forged = "\x1b]0;owned\x07\x1b[2J\rDONE | forged\u202e |"
    text = capture(page.name) + f"\nA new line {forged}\n"
    site.behave("bytes", body=text.encode(), content_type="text/plain; charset=utf-8")
    code, out, _ = drift(repo, site, url)
    assert code == 1  # changed
    assert b"\x1b" not in out and b"\x07" not in out and b"\r" not in out
    assert "\u202e".encode() not in out
    assert b"\\x1b]0;owned\\x07\\x1b[2J" in out and b"forged\\u202e" in out


def test_drift_reads_no_capture_outside_the_docs_folder(tmp_path: Path) -> None:
    """A spec whose provenance names ../../etc/hostname (which validate refuses) makes drift
    say so, exit 2, and read nothing outside the docs folder."""
    shutil.copytree(DOCS, tmp_path / "shared" / "docs")
    repo = copy_inputs(tmp_path / "repo", with_generated=False)
    page = next(iter(recorded_pages(Workspace.at(repo))))
    for spec in (repo / "specs").glob("*.yaml"):  # every mention of the page, in every spec
        text = spec.read_text(encoding="utf-8")
        spec.write_text(text.replace(page, "../../../../etc/hostname"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(repo), "drift"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "'../../../../etc/hostname' is not a file inside the docs folder" in done.stdout
    hostname = Path("/etc/hostname")
    if hostname.exists() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in done.stdout
