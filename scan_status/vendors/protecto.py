"""Protecto: the status of one or more data scans, PUT /data-scan-status (a read, despite PUT)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from scan_status.adapters import PollingAdapter, build
from scan_status.errors import NotFoundError, VendorError
from scan_status.reading import Reading, text, zoneless
from scan_status.status import NormalizedStatus
from scan_status.vendors._room import Call, IdParam, JsonBody, MockAnswers, Room

if TYPE_CHECKING:
    from scan_status.testing.scenarios import Step

OPERATION = "protecto_client.api.default.get_data_scan_status"
NO_ERROR = {"", "-"}  # Protecto's "-" means there was none


def auth(credentials: Mapping[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {credentials['token']}"}


def read(record: dict[str, Any]) -> Reading:
    error = record.get("error_msg")
    tracking_id = record.get("tracking_id")
    return Reading(
        text(record.get("status")),
        error=error.strip() if isinstance(error, str) and error.strip() not in NO_ERROR else None,
        scan_id=tracking_id if isinstance(tracking_id, str) else None,
        submitted_at=zoneless(record.get("submitted_at")),
        started_at=zoneless(record.get("process_started_at")),
        ended_at=zoneless(record.get("process_ended_at")),
    )


class ProtectoAdapter(PollingAdapter):
    vendor = "protecto"

    def get_statuses(self, tracking_ids: Sequence[str]) -> list[NormalizedStatus]:
        return self._read(self._send(build(OPERATION, body=list(tracking_ids))))

    async def aget_statuses(self, tracking_ids: Sequence[str]) -> list[NormalizedStatus]:
        return self._read(await self._asend(build(OPERATION, body=list(tracking_ids))))

    def get_status(self, tracking_id: str) -> NormalizedStatus:
        return self._one(tracking_id, self.get_statuses([tracking_id]))

    async def aget_status(self, tracking_id: str) -> NormalizedStatus:
        return self._one(tracking_id, await self.aget_statuses([tracking_id]))

    def _read(self, record: dict[str, Any]) -> list[NormalizedStatus]:
        if str(record.get("success", "true")).strip().lower() == "false":  # a string, not a boolean
            message = (record.get("error") or {}).get("message") or "success: false"
            raise VendorError(self.vendor, 200, str(message), record)
        return [self._normalize(item) for item in record.get("data") or []]

    def _one(self, tracking_id: str, statuses: list[NormalizedStatus]) -> NormalizedStatus:
        for status in statuses:
            if status.scan_id == tracking_id:
                return status
        raise NotFoundError(
            self.vendor,
            200,
            f"no status for tracking id {tracking_id!r}",
            [s.record for s in statuses],
        )


class ProtectoMock(MockAnswers):
    base_path = "/api/vault"
    credentials: ClassVar[dict[str, str]] = {"token": "test-token"}
    phases: ClassVar[dict[str, list[str]]] = {  # the page's sample pads PENDING and SUCCESS
        "queued": ["PENDING "],
        "running": ["IN-PROGRESS"],
        "succeeded": ["SUCCESS "],
        "failed": ["FAILED"],
        "cancelled": ["FAILED"],  # Protecto has no cancelled state
        "unknown": ["ARCHIVED "],
    }

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


ROOM = Room(
    key="protecto",
    name="Protecto",
    package="protecto_client",
    credentials=("token",),
    auth=auth,
    ids=(IdParam("tracking_id", str),),
    batch=True,
    read=read,
    adapter=ProtectoAdapter,
    mock=ProtectoMock,
    summary="the status of one or more data scans",
)
