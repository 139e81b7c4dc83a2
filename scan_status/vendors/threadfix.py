"""ThreadFix: the status of a queued scan, GET {version}/applications/{appId}/pendingScan/{id}/status."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from scan_status.adapters import StatusAdapter
from scan_status.errors import VendorError
from scan_status.reading import Reading, epoch_ms, optional_text, text
from scan_status.status import NormalizedStatus
from scan_status.vendors._room import Call, IdParam, JsonBody, MockAnswers, Room

if TYPE_CHECKING:
    from scan_status.testing.scenarios import Step


def auth(credentials: Mapping[str, str]) -> dict[str, str]:
    return {"Authorization": f"APIKEY {credentials['api_key']}"}  # ThreadFix's own scheme


def read(record: dict[str, Any]) -> Reading:
    inner = record.get("object")  # the envelope's payload, when given the whole envelope
    scan: Mapping[str, Any] = inner if isinstance(inner, Mapping) else record
    return Reading(
        text(scan.get("status")),
        message=optional_text(scan.get("scanMessage")) or optional_text(record.get("message")),
        error=optional_text(scan.get("errorMessage")),
        scan_id=str(scan["id"]) if isinstance(scan.get("id"), int) else None,
        updated_at=epoch_ms(scan.get("modifiedDate")),
        failed=scan.get("error") is True,  # ThreadFix can flag a failure beside any phase
    )


class ThreadFixAdapter(StatusAdapter):
    vendor = "threadfix"
    extra_headers: ClassVar[dict[str, str]] = {"Accept": "application/json"}

    def __init__(self, base_url: str, *, api_version: str = "latest", **options: Any) -> None:
        super().__init__(base_url, **options)
        self.api_version = api_version

    def get_status(self, app_id: int, pending_scan_id: int) -> NormalizedStatus:
        return super().get_status(app_id, pending_scan_id)

    async def aget_status(self, app_id: int, pending_scan_id: int) -> NormalizedStatus:
        return await super().aget_status(app_id, pending_scan_id)

    def _arguments(self, *ids: Any) -> dict[str, Any]:
        return {"version": self.api_version, **super()._arguments(*ids)}

    def _read(self, answer: Any, ids: tuple[Any, ...]) -> NormalizedStatus:
        if isinstance(answer, dict) and answer.get("success") is False:
            # ThreadFix reports some failures inside a 200 envelope.
            raise VendorError(
                self.vendor, 200, str(answer.get("message") or "success: false"), answer
            )
        return super()._read(answer, ids)


class ThreadFixMock(MockAnswers):
    base_path = "/threadfix"
    credentials: ClassVar[dict[str, str]] = {"api_key": "test-key"}
    phases: ClassVar[dict[str, list[str]]] = {
        "queued": ["QUEUED"],
        "running": [
            "UPLOADED",
            "FINDINGS_GENERATING",
            "CHANNEL_MERGING",
            "APPLICATION_MERGING",
            "APPLICATION_MERGED",
            "LINKING_DEFECTS",
        ],
        "succeeded": ["DONE"],
        "failed": ["SCAN_INTERRUPTED"],
        "cancelled": ["SCAN_QUEUED_FOR_DELETE", "SCAN_DELETED"],
        "unknown": ["SCAN_ARCHIVED"],
    }
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


ROOM = Room(
    key="threadfix",
    name="ThreadFix",
    package="threadfix_client",
    credentials=("api_key",),
    auth=auth,
    ids=(IdParam("app_id", int), IdParam("pending_scan_id", int)),
    read=read,
    status_operation="threadfix_client.api.default.get_pending_scan_status",
    adapter=ThreadFixAdapter,
    mock=ThreadFixMock,
    summary="the status of a pending scan",
)
