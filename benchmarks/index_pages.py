"""Publish's read of an index's project page (issue 22: a huge simple page took 2.26 GB RSS):
against a page that never ends, the memory the reading process gains as a multiple of the cap
(generator.release.index_pages.MAX_PAGE_BYTES) and how long it takes to give up; against a
valid page just under the cap, what reading and parsing it costs, the most any page can.

The pages are served from this process on 127.0.0.1; a child Python reads each, so its peak RSS
is the reader's alone. The endless page stops by itself after 8 caps.
"""

from __future__ import annotations

import json
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import json, resource, sys, time
import httpx
import pypi_simple  # what read_page loads on first use: the baseline includes it
from generator.release import index_pages
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    with httpx.Client(timeout=10) as client:
        page = index_pages.read_page(client, sys.argv[1], "scan-status", None)
    said = f"read {len(page.files or ())} files"
except index_pages.PageError as err:
    said = str(err)
took = time.perf_counter() - started
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"said": said, "seconds": took, "gained_kib": after - before,
                  "cap": index_pages.MAX_PAGE_BYTES}))
"""


def _endless(limit: int) -> type[BaseHTTPRequestHandler]:
    class Endless(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            if self.path.startswith("/full/"):
                self._full()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<a href='../../packages/x-1.0.tar.gz#sha256=00'>x</a>\n" * 4096
            sent = 0
            try:
                while sent < limit:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the reader gave up: the point

        def _full(self) -> None:
            line = b"<a href='../../packages/x-1.%d.tar.gz#sha256=%s'>x-1.%d.tar.gz</a>\n"
            digest = b"0" * 64
            body, n = bytearray(b"<html><body>\n"), 0
            while len(body) < 0.9 * limit / 8:
                body += line % (n, digest, n)
                n += 1
            body += b"</body></html>\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Endless


def _once(url: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url], capture_output=True, text=True, cwd=ROOT, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def measure(rounds: int) -> dict[str, Any]:
    from generator.release.index_pages import MAX_PAGE_BYTES

    server = ThreadingHTTPServer(("127.0.0.1", 0), _endless(8 * MAX_PAGE_BYTES))
    server.daemon_threads = True
    Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        runs = [_once(f"{base}/simple/scan-status/") for _ in range(rounds)]
        full = [_once(f"{base}/full/scan-status/") for _ in range(rounds)]
    finally:
        server.shutdown()
        server.server_close()
    gained = max(r["gained_kib"] for r in runs) * 1024
    return {
        "endless_page_said": runs[-1]["said"],
        "endless_page_seconds": round(max(r["seconds"] for r in runs), 3),
        "endless_page_peak_rss_gain_mb": round(gained / 2**20, 1),
        "endless_page_rss_gain_vs_cap": round(gained / MAX_PAGE_BYTES, 3),
        "full_page_said": full[-1]["said"],
        "full_page_seconds": round(max(r["seconds"] for r in full), 3),
        "full_page_peak_rss_gain_mb": round(max(r["gained_kib"] for r in full) / 1024, 1),
    }
