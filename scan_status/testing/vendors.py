"""How each vendor answers: its credentials, the scans a request asks about, its bodies, its errors."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from scan_status.testing.scenarios import Step

JsonBody = dict[str, Any] | list[Any]


@dataclass
class Call:
    """One incoming request, as the vendor logic needs it."""

    operation: str  # operationId
    path_params: dict[str, str]
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: Any  # parsed JSON, or None


class Vendor:
    key: ClassVar[str]
    package: ClassVar[str]  # the generated client that ships the spec
    base_path: ClassVar[str] = ""
    default_credentials: ClassVar[dict[str, str]]

    def auth_headers(self, credentials: dict[str, str]) -> dict[str, str]:
        """The headers a client sends to authenticate with these credentials."""
        raise NotImplementedError

    def authorized(self, headers: dict[str, str], credentials: dict[str, str]) -> bool:
        expected = {name.lower(): value for name, value in self.auth_headers(credentials).items()}
        return all(headers.get(name) == value for name, value in expected.items())

    def scan_ids(self, call: Call) -> list[str]:
        raise NotImplementedError

    def answer(self, call: Call, ids: list[str], steps: list[Step]) -> JsonBody:
        raise NotImplementedError

    def error(self, code: int, message: str, field_name: str | None = None) -> JsonBody:
        raise NotImplementedError


class ThreadFix(Vendor):
    key, package, base_path = "threadfix", "threadfix_client", "/threadfix"
    default_credentials: ClassVar[dict[str, str]] = {"api_key": "test-key"}
    UI_WORDING: ClassVar[dict[str, str]] = {
        "QUEUED": "Queued",
        "UPLOADED": "Uploaded",
        "FINDINGS_GENERATING": "Generating Findings",
        "CHANNEL_MERGING": "Merging Channel Findings",
        "APPLICATION_MERGING": "Merging Application Findings",
        "APPLICATION_MERGED": "Merging Application Findings Completed",
        "DONE": "Scan Processing Completed. Statistics Update Queued.",
        "FINISHED_FINDING_PULLING": "Findings Import From Server Finished.",
        "SCAN_INTERRUPTED": "Scan processing was interrupted",
        "SCAN_QUEUED_FOR_DELETE": "Scan queued to be deleted.",
        "SCAN_DELETED": "Scan Deleted.",
        "LINKING_DEFECTS": "Linking Defects.",
    }

    def auth_headers(self, credentials: dict[str, str]) -> dict[str, str]:
        return {"Authorization": f"APIKEY {credentials['api_key']}"}

    def scan_ids(self, call: Call) -> list[str]:
        return [call.path_params["pendingScanId"]]

    def answer(self, call: Call, ids: list[str], steps: list[Step]) -> JsonBody:
        value = steps[0].value or "DONE"
        wording = self.UI_WORDING.get(value, value)
        failed = value == "SCAN_INTERRUPTED"
        now = int(time.time() * 1000)
        scan: dict[str, Any] = {
            "id": int(ids[0]),
            "modifiedDate": now,
            "active": True,
            "fileDataList": [{"id": 1, "originalName": "scan.fpr"}],
            "appId": int(call.path_params["appId"]),
            "errorMessage": "processing was interrupted" if failed else None,
            "status": value,
            "error": failed,
            "type": "upload",
            "name": "scan.fpr",
            "time": now,
            "scanMessage": wording,
        }
        if value == "DONE":
            scan["scanId"] = int(ids[0]) + 1000  # 2.7.7 and later add it once DONE
        return {"message": wording, "success": True, "responseCode": -1, "object": scan}

    def error(self, code: int, message: str, field_name: str | None = None) -> JsonBody:
        return {"message": message, "success": False, "responseCode": -1, "object": None}


class Protecto(Vendor):
    key, package, base_path = "protecto", "protecto_client", "/api/vault"
    default_credentials: ClassVar[dict[str, str]] = {"token": "test-token"}

    def auth_headers(self, credentials: dict[str, str]) -> dict[str, str]:
        return {"Authorization": f"Bearer {credentials['token']}"}

    def scan_ids(self, call: Call) -> list[str]:
        return [call.body] if isinstance(call.body, str) else [str(i) for i in call.body or []]

    def answer(self, call: Call, ids: list[str], steps: list[Step]) -> JsonBody:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # no T, no zone: as Protecto
        items = []
        for tracking_id, step in zip(ids, steps, strict=True):
            value = step.value or "SUCCESS "
            items.append(
                {
                    "tracking_id": tracking_id,
                    "status": value,
                    "submitted_at": stamp,
                    "process_started_at": stamp,
                    "process_ended_at": stamp,
                    "error_msg": "the data source could not be read"
                    if value.strip() == "FAILED"
                    else "-",
                }
            )
        return {"data": items, "success": "true", "error": {"message": ""}}

    def error(self, code: int, message: str, field_name: str | None = None) -> JsonBody:
        return {"data": [], "success": "false", "error": {"message": message}}


class Cortex(Vendor):
    key, package = "cortex", "cortex_netscan_client"
    default_credentials: ClassVar[dict[str, str]] = {"api_key": "test-key", "api_key_id": "1"}

    def auth_headers(self, credentials: dict[str, str]) -> dict[str, str]:
        return {"Authorization": credentials["api_key"], "x-xdr-auth-id": credentials["api_key_id"]}

    def scan_ids(self, call: Call) -> list[str]:
        return [call.query.get("id", "")]

    def answer(self, call: Call, ids: list[str], steps: list[Step]) -> JsonBody:
        return {"DATA": steps[0].value or "Scan is in Completed state"}

    def error(self, code: int, message: str, field_name: str | None = None) -> JsonBody:
        extra = [{"field": field_name, "message": message}] if field_name else []
        return {"err_msg": message, "metadata": {"err_extra": extra}}


@dataclass
class Neostra(Vendor):
    key, package = "neostra", "neostra_client"
    default_credentials: ClassVar[dict[str, str]] = {"token": "test-token"}
    task_statuses: dict[str, str] = field(default_factory=dict)  # what each task was last set to
    scans: dict[str, dict[str, Any]] = field(default_factory=dict)  # each scan's fields so far

    def auth_headers(self, credentials: dict[str, str]) -> dict[str, str]:
        return {"Authorization": f"Bearer {credentials['token']}"}

    def scan_ids(self, call: Call) -> list[str]:
        return [call.path_params.get("taskId") or call.path_params["scanId"]]

    def answer(self, call: Call, ids: list[str], steps: list[Step]) -> JsonBody:
        data: dict[str, Any] = {}
        if call.operation == "updateScanTaskStatus":
            self.task_statuses[ids[0]] = call.body["status"]
            data = {"id": ids[0], "status": call.body["status"]}
        else:
            data = self.scans.setdefault(ids[0], {"id": ids[0]})
            data.update(call.body or {})
        return {
            "status": 200,
            "message": "Success",
            "data": json.loads(json.dumps(data)),
            "errors": [],
        }

    def error(self, code: int, message: str, field_name: str | None = None) -> JsonBody:
        if code == 404:  # Neostra's second error shape
            return {"error": "Not Found", "message": message, "code": 404}
        return {"status": code, "message": message, "data": {}, "errors": [message]}


VENDORS: dict[str, type[Vendor]] = {v.key: v for v in (ThreadFix, Protecto, Cortex, Neostra)}
