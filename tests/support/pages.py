"""Vendor pages as HTML, made from the text captures, and a server for them on 127.0.0.1.

`render_html` wraps a capture's text as a vendor's site would: its tables as <table>, its list
items as <ul>, every other line a paragraph, all in <main>, around it a <nav>, a <header>, a
<footer>, <script> and <style> that differ by `site` (a re-rendered page).
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from tests.support.http_server import on_loopback
from tests.support.workspace import ROOT

DOCS = ROOT.parent / "shared" / "docs"


def capture(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def render_html(text: str, *, site: int = 1) -> str:
    body: list[str] = []
    rows: list[list[str]] = []
    items: list[str] = []

    def flush() -> None:
        if rows:
            cells = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in rows
            )
            body.append(f"<table><tbody>{cells}</tbody></table>")
            rows.clear()
        if items:
            body.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if "|" in stripped:
            if items:
                flush()
            if set(stripped) <= set("|-: "):
                continue  # a rule under a header row: the <table> draws its own
            rows.append([cell.strip() for cell in stripped.strip("|").split("|")])
        elif stripped.startswith("- "):
            if rows:
                flush()
            items.append(stripped[2:])
        else:
            flush()
            if stripped:
                body.append(f"<p>{html.escape(stripped)}</p>")
    flush()
    links = "".join(
        f'<li><a href="/{word.lower()}">{word}</a></li>'
        for word in (["Home", "Guides", "API"] if site == 1 else ["Start", "Reference", "Status"])
    )
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>API reference</title>"
        f"<style>body {{ margin: {site}em }} nav li {{ display: inline }}</style>"
        f"<script>window.siteVersion = {site};</script></head><body>"
        f"<header><p>Developer portal, edition {site}</p></header>"
        f"<nav><ul>{links}</ul></nav>"
        f"<main>{''.join(body)}</main>"
        f"<footer><p>Copyright {2020 + site} the vendor. Cookie settings.</p></footer>"
        f"<script>console.log('analytics {site}');</script></body></html>"
    )


@dataclass
class PageServer:
    base_url: str = ""
    routes: dict[str, tuple[int, bytes, dict[str, str]]] = field(default_factory=dict)

    def page(self, path: str, html_text: str) -> None:
        self.routes[path] = (
            200,
            html_text.encode("utf-8"),
            {"Content-Type": "text/html; charset=utf-8"},
        )

    def redirect(self, path: str, location: str, status: int = 301) -> None:
        self.routes[path] = (status, b"", {"Location": location})


@contextmanager
def page_server() -> Iterator[PageServer]:
    """Serves the routes given; any other path answers 404."""
    state = PageServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body, headers = state.routes.get(
                self.path, (404, b"<html><body><main><p>Not found</p></main></body></html>", {})
            )
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with on_loopback(Handler) as base_url:
        state.base_url = base_url
        yield state


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
