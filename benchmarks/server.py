"""A small keep-alive JSON server for the round-trip benchmark, run in its own process."""

from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BODY = json.dumps(
    {
        "message": "Scan Processing Completed. Statistics Update Queued.",
        "success": True,
        "responseCode": -1,
        "object": {
            "id": 41,
            "modifiedDate": 1570117773000,
            "active": True,
            "fileDataList": [{"id": 12, "originalName": "contoso.fpr"}],
            "appId": 6,
            "errorMessage": None,
            "status": "DONE",
            "error": False,
            "scanId": 12,
            "type": "upload",
            "name": "contoso.fpr",
            "time": 1570117773000,
            "scanMessage": "Scan Processing Completed. Statistics Update Queued.",
        },
    }
).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else headers and body wait on delayed ACKs (40 ms a request)

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format: str, *args: Any) -> None:
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever() if len(sys.argv) < 2 else None
