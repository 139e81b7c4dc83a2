"""What each vendor page documents, written down from the page itself (not from our specs)."""

from __future__ import annotations

from typing import Any

DOCUMENTED: dict[str, dict[str, Any]] = {
    "neostra.yaml": {
        "server": "https://api.neostra.io",
        "security": [{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}],
        "operations": {
            ("patch", "/api/v1/scan-tasks/{taskId}"): {
                "parameters": {("path", "taskId", True, "string")},
                "request": {"status"},
                "required_request": {"status"},
                "responses": {
                    "200": {"status", "message", "data", "errors", "errors[]"},
                    "404": {"error", "message", "code"},
                },
            },
            ("patch", "/api/v1/scans/{scanId}"): {
                "parameters": {("path", "scanId", True, "string")},
                "request": {"name", "description", "integrationId", "schedule", "config"},
                "required_request": set(),
                "responses": {
                    "200": {"status", "message", "data", "errors", "errors[]"},
                    "404": {"error", "message", "code"},
                },
            },
        },
        "statuses": ["PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"],
    },
    "cortex-netscan.yaml": {
        "server": "https://api-{fqdn}",
        "security": [
            {"type": "apiKey", "in": "header", "name": "Authorization"},
            {"type": "apiKey", "in": "header", "name": "x-xdr-auth-id"},
        ],
        "operations": {
            ("get", "/public_api/netscan/v1/scan/run"): {
                "parameters": {
                    ("header", "User-Agent", True, "string"),
                    ("query", "id", True, "integer"),
                    ("query", "fields", True, "array"),
                },
                "request": None,
                "responses": {
                    "200": {"DATA"},
                    **{
                        code: {
                            "err_msg",
                            "metadata",
                            "metadata.err_extra",
                            "metadata.err_extra[]",
                            "metadata.err_extra[].field",
                            "metadata.err_extra[].message",
                        }
                        for code in ("400", "401", "404", "500")
                    },
                },
            },
        },
        "statuses": [],  # a free-text sentence, not an enum
        "status_fields": ["DATA"],
    },
    "threadfix.yaml": {
        "server": "https://{host}/threadfix",
        "security": [{"type": "apiKey", "in": "header", "name": "Authorization"}],
        "operations": {
            ("get", "/rest/{version}/applications/{appId}/pendingScan/{pendingScanId}/status"): {
                "parameters": {
                    ("path", "version", True, "string"),
                    ("path", "appId", True, "integer"),
                    ("path", "pendingScanId", True, "integer"),
                    ("header", "Accept", True, "string"),  # "'application/json' must be provided"
                },
                "request": None,
                "responses": {
                    "200": {
                        "message",
                        "success",
                        "responseCode",
                        "object",
                        *(
                            f"object.{name}"
                            for name in (
                                "id",
                                "modifiedDate",
                                "active",
                                "fileDataList",
                                "appId",
                                "errorMessage",
                                "status",
                                "error",
                                "scanId",
                                "type",
                                "name",
                                "time",
                                "scanMessage",
                            )
                        ),
                        "object.fileDataList[].id",
                        "object.fileDataList[].originalName",
                    },
                },
            },
        },
        "statuses": [
            "QUEUED",
            "UPLOADED",
            "FINDINGS_GENERATING",
            "CHANNEL_MERGING",
            "APPLICATION_MERGING",
            "APPLICATION_MERGED",
            "DONE",
            "FINISHED_FINDING_PULLING",
            "SCAN_INTERRUPTED",
            "SCAN_QUEUED_FOR_DELETE",
            "SCAN_DELETED",
            "LINKING_DEFECTS",
        ],
        "nullable": ["object.errorMessage"],
    },
    "protecto.yaml": {
        # The 2026 page: https://<domain>/api/vault (a subscription's host, not the trial one).
        "server": "https://{domain}/api/vault",
        "security": [{"type": "http", "scheme": "bearer"}],
        "operations": {
            ("put", "/data-scan/status"): {  # the 2026 page
                "parameters": set(),
                "request": set(),  # "An array of tracking IDs": no fields
                "required_request": set(),
                "responses": {
                    "200": {
                        "data",
                        "data[]",
                        "success",
                        "error",
                        "error.message",
                        *(
                            f"data[].{name}"
                            for name in (
                                "tracking_id",
                                "request_status",
                                "submitted_at",
                                "process_started_at",
                                "process_ended_at",
                                "error_msg",
                            )
                        ),
                    },
                },
            },
            ("put", "/data-scan-status"): {
                "parameters": set(),
                "request": "string or array of strings",
                "responses": {
                    "200": {
                        "data",
                        "data[]",
                        "success",
                        "error",
                        "error.message",
                        *(
                            f"data[].{name}"
                            for name in (
                                "tracking_id",
                                "status",
                                "submitted_at",
                                "process_started_at",
                                "process_ended_at",
                                "error_msg",
                            )
                        ),
                    },
                },
            },
        },
        # The 2024 page lists four; its sample sends two of them with a trailing space. The 2026
        # page lists the same four, unpadded.
        "statuses": [
            *("PENDING", "IN-PROGRESS", "SUCCESS", "FAILED", "PENDING ", "SUCCESS "),
            *("PENDING", "IN-PROGRESS", "SUCCESS", "FAILED"),
        ],
        "nullable": ["data[].error_msg"],
    },
}
