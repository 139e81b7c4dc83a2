"""Docs drift against vendor pages served as HTML from 127.0.0.1, through the command line's
main() (and once as its own process, for exit code 2).

The pages are renderings of the captures in ../shared/docs; `--pages-url` reads each spec's
recorded URL from the local server instead of the vendor's host.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.release.drift import Page, recorded_pages
from generator.spec.loader import load_spec
from generator.workspace import Workspace
from tests.support.pages import DOCS, PageServer, capture, page_server, render_html
from tests.support.specs import without_page, write_spec
from tests.support.workspace import copy_inputs, run_generator, run_generator_here

THREADFIX = "threadfix-check-pending-scan-status.txt"
PROTECTO = "protecto-data-scan-status.txt"
CORTEX = "cortex-xsiam-get-scan-run-status.txt"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A scratch repository with the captures where drift looks by default (../shared/docs)."""
    shutil.copytree(DOCS, tmp_path / "shared" / "docs")
    return copy_inputs(tmp_path / "repo", with_generated=False)


@pytest.fixture
def pages(repo: Path) -> dict[str, Page]:
    return recorded_pages(Workspace.at(repo))


@pytest.fixture
def site(pages: dict[str, Page]) -> Iterator[PageServer]:
    """Every page, re-rendered with another navigation, scripts and styles than `render_html`'s
    default, at its recorded URL's path."""
    with page_server() as server:
        for page in pages.values():
            assert page.url
            server.page(route(page.url), render_html(capture(page.name), site=2))
        yield server


def route(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def drift(repo: Path, site: PageServer, *urls: str) -> tuple[int, str]:
    done = run_generator_here(repo, "drift", "--pages-url", site.base_url, *urls)
    assert not done.stderr, done.stderr
    return done.returncode, done.stdout


def test_a_page_with_only_a_new_navigation_has_not_drifted(
    repo: Path, site: PageServer, pages: dict[str, Page]
) -> None:
    code, out = drift(repo, site)
    assert code == 0, out
    assert f"0 changed, {len(pages)} unchanged page(s), 0 moved, 0 unreadable" in out


def test_a_changed_status_table_names_the_new_status(
    repo: Path, site: PageServer, pages: dict[str, Page]
) -> None:
    page = pages[THREADFIX]
    assert page.url
    text = capture(THREADFIX)
    last_row = next(line for line in reversed(text.splitlines()) if line.startswith("LINKING_"))
    changed = text.replace(last_row, f"{last_row}\nSCAN_ARCHIVED | Scan archived. |")
    site.page(route(page.url), render_html(changed, site=2))

    code, out = drift(repo, site, page.url)
    assert code == 1
    assert f"CHANGED {THREADFIX} (read from {page.url})" in out
    assert "status SCAN_ARCHIVED: on the page, not in the spec" in out
    assert "    +SCAN_ARCHIVED | Scan archived." in out
    assert f"--- capture {repo.parent / 'shared' / 'docs' / THREADFIX}" in out
    assert "spec written from it: specs/threadfix.yaml:" in out
    assert "operation: specs/threadfix.yaml:" in out and "(getPendingScanStatus)" in out
    assert "1 changed, 0 unchanged page(s)" in out


def test_the_protecto_2026_page_names_the_new_route_and_field(
    repo: Path, site: PageServer, pages: dict[str, Page]
) -> None:
    # The spec as it was before the 2026 page was taken in: what drift first saw.
    spec = repo / "specs" / "protecto.yaml"
    older = without_page(load_spec(spec).data, "protecto-scan-status-2026.txt")
    write_spec(spec, older)
    page = pages[PROTECTO]
    assert page.url
    site.page(route(page.url), render_html(capture("protecto-scan-status-2026.txt")))
    code, out = drift(repo, site, page.url)
    assert code == 1 and f"CHANGED {PROTECTO}" in out
    assert "endpoint PUT /api/vault/data-scan/status: on the page, not in the spec" in out
    assert "field request_status: on the page, not in the spec" in out
    assert "field status: not on the page, still in the spec" in out

    # The same page as a text file, read as the spec's page by NAME=FILE.
    new_text = str(DOCS / "protecto-scan-status-2026.txt")
    as_file = run_generator_here(repo, "drift", f"{PROTECTO}={new_text}")
    assert as_file.returncode == 1
    assert "endpoint PUT /api/vault/data-scan/status: on the page" in as_file.stdout
    assert "field request_status: on the page, not in the spec" in as_file.stdout


def test_a_page_that_redirects_has_moved(
    repo: Path, site: PageServer, pages: dict[str, Page]
) -> None:
    page = pages[PROTECTO]
    assert page.url
    site.redirect(route(page.url), "/data-scanning/scan-status")
    code, out = drift(repo, site, page.url)
    assert code == 1
    assert (
        f"MOVED {PROTECTO}: {page.url} redirects to {site.base_url}/data-scanning/scan-status"
        in out
    )
    assert "spec written from it: specs/protecto.yaml:" in out
    assert "0 changed, 0 unchanged page(s), 1 moved" in out


def test_a_page_that_answers_404_has_moved_or_gone(
    repo: Path, site: PageServer, pages: dict[str, Page]
) -> None:
    page = pages[CORTEX]
    assert page.url
    del site.routes[route(page.url)]
    code, out = drift(repo, site)
    assert code == 1
    assert f"MOVED {CORTEX}: {page.url} answers 404: moved or gone" in out
    assert f"0 changed, {len(pages) - 1} unchanged page(s), 1 moved" in out


def test_a_page_that_cannot_be_read_exits_2(
    repo: Path, site: PageServer, pages: dict[str, Page]
) -> None:
    page = pages[CORTEX]
    assert page.url
    site.routes[route(page.url)] = (503, b"busy", {})
    code, out = drift(repo, site, page.url)
    assert code == 2
    assert f"cannot read a page: {page.url}: the server answered 503" in out
    missing = run_generator_here(repo, "drift", str(repo / "no-such-page.txt"))
    assert missing.returncode == 0 and "not the source of any spec" in missing.stdout
    # As its own process: the exit code a script or CI step sees.
    unreadable = run_generator(repo, "drift", f"{CORTEX}={repo / 'no-such-page.txt'}")
    assert unreadable.returncode == 2 and "cannot read a page:" in unreadable.stdout
