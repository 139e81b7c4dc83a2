"""Vendor answers as the pages show them, for tests that script a plain HTTP server."""

from __future__ import annotations

from typing import Any

SECRET = "s3cr3t-KEY-do-not-print"
TF_PATH = "/threadfix/rest/latest/applications/6/pendingScan/41/status"


def threadfix_body(status: str, *, error: bool = False) -> dict[str, Any]:
    return {
        "message": "m",
        "success": True,
        "responseCode": -1,
        "object": {
            "id": 41,
            "modifiedDate": 1570117773000,
            "status": status,
            "error": error,
            "errorMessage": "boom" if error else None,
            "scanMessage": f"phase {status}",
        },
    }


def protecto_item(tracking_id: str, status: str) -> dict[str, Any]:
    return {
        "tracking_id": tracking_id,
        "status": status,
        "submitted_at": "2023-11-18 06:20:38.346615",
        "process_started_at": "2023-11-18 06:20:38.346615",
        "process_ended_at": "2023-11-18 06:20:38.346615",
        "error_msg": "-",
    }


# A status value no vendor sends and no release maps: the stand-in for "a value nobody mapped
# yet". (A real new value, such as one a vendor's page gains, may be mapped by any release.)
UNMAPPED = "NO_VENDOR_SENDS_THIS"
