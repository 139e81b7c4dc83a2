"""Protecto: the status of one or more data scans (a read, despite PUT), on two routes.

- `route="current"`: PUT /data-scan/status, the route Protecto documents now (its 2026 page):
  items carry `request_status`, `success` is a JSON boolean, times have whole seconds. Data Scan
  APIs need a subscription, so `base_url` is your own host (https://<domain>/api/vault), not the
  trial host.
- `route="2024"`: PUT /data-scan-status, the route documented in 2024 (items carry `status`,
  `success` is the string "true", times have microseconds). Deprecated in the spec; served for as
  long as the vendor may.
- `route="auto"` (the default): the current route first; if the host answers it with 404, the
  2024 route, and the adapter keeps to that route from then on (one extra request per adapter).

The reader takes `request_status` or `status`, and times with or without fractions. An item with
neither field is a VendorError naming them, not an UNKNOWN '' that wait() would poll on until its
deadline. Errors come as 401 {"detail": ...} (AuthenticationError with the detail as message) or as
the envelope with data null and success false (VendorError), per Protecto's error pages.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from scan_status.adapters import PollingAdapter, build
from scan_status.errors import (
    NotFoundError,
    VendorError,
)
from scan_status.reading import Reading, text, zoneless
from scan_status.status import NormalizedStatus
from scan_status.vendors._errors import Errors
from scan_status.vendors._room import (
    Call,
    IdParam,
    JsonBody,
    MockAnswers,
    Room,
    shipped_spec,
)

if TYPE_CHECKING:
    from scan_status.testing.scenarios import Step

CURRENT, OLDER, AUTO = "current", "2024", "auto"
OPERATIONS = {
    CURRENT: "protecto_client.api.default.get_scan_status",  # PUT /data-scan/status
    OLDER: "protecto_client.api.default.get_data_scan_status",  # PUT /data-scan-status
}
STATUS_FIELDS = ("request_status", "status")  # the 2026 page's name, then the 2024 page's
NO_ERROR = {"", "-"}  # Protecto's "-" (2024) or "" (2026) means there was none
# 401 {"detail": ...}, or the envelope with data null and `success` false: the string "false"
# (2024) or the JSON boolean (2026), its words in error.message.
ERRORS = Errors(message=("detail", "error.message"), envelope="success")


def auth(credentials: Mapping[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {credentials['token']}"}


def status_value(record: Mapping[str, Any]) -> Any:
    """The item's status: request_status (current route) or status (2024 route)."""
    for name in STATUS_FIELDS:
        if record.get(name) is not None:
            return record[name]
    return None


def read(record: dict[str, Any]) -> Reading:
    error = record.get("error_msg")
    tracking_id = record.get("tracking_id")
    return Reading(
        text(status_value(record)),
        error=error.strip() if isinstance(error, str) and error.strip() not in NO_ERROR else None,
        scan_id=tracking_id if isinstance(tracking_id, str) else None,
        submitted_at=zoneless(record.get("submitted_at")),
        started_at=zoneless(record.get("process_started_at")),
        ended_at=zoneless(record.get("process_ended_at")),
    )


class ProtectoAdapter(PollingAdapter):
    vendor = "protecto"

    def __init__(self, base_url: str, *, route: str = AUTO, **options: Any) -> None:
        if route not in (AUTO, CURRENT, OLDER):
            raise ValueError(f"route must be {AUTO!r}, {CURRENT!r} or {OLDER!r}, not {route!r}")
        super().__init__(base_url, **options)
        self.route = route
        self._route_lock = threading.Lock()

    def get_statuses(self, tracking_ids: Sequence[str]) -> list[NormalizedStatus]:
        ids = list(tracking_ids)
        route = self._chosen()
        try:
            return self._read(self._send(build(OPERATIONS[route], body=ids)))
        except NotFoundError:
            if self.route != AUTO or route != CURRENT:
                raise
            self._fall_back()
        return self._read(self._send(build(OPERATIONS[OLDER], body=ids)))

    async def aget_statuses(self, tracking_ids: Sequence[str]) -> list[NormalizedStatus]:
        ids = list(tracking_ids)
        route = self._chosen()
        try:
            return self._read(await self._asend(build(OPERATIONS[route], body=ids)))
        except NotFoundError:
            if self.route != AUTO or route != CURRENT:
                raise
            self._fall_back()
        return self._read(await self._asend(build(OPERATIONS[OLDER], body=ids)))

    def get_status(self, tracking_id: str) -> NormalizedStatus:
        return self._one(tracking_id, self.get_statuses([tracking_id]))

    async def aget_status(self, tracking_id: str) -> NormalizedStatus:
        return self._one(tracking_id, await self.aget_statuses([tracking_id]))

    def _chosen(self) -> str:
        return CURRENT if self.route == AUTO else self.route

    def _fall_back(self) -> None:
        with self._route_lock:
            self.route = OLDER  # the host does not serve the current route: stay on the old one

    def _read(self, record: Any) -> list[NormalizedStatus]:
        if not isinstance(record, dict):
            raise VendorError(self.vendor, 200, "the answer is not a JSON object", record)
        items = record.get("data") or []
        if not isinstance(items, list):
            raise VendorError(self.vendor, 200, "data is not a list", record)
        for item in items:
            value = status_value(item) if isinstance(item, dict) else None
            if not isinstance(value, str) or not value.strip():
                raise VendorError(
                    self.vendor,
                    200,
                    f"an item has no {' or '.join(STATUS_FIELDS)}: {str(item)[:200]}",
                    record,
                )
        return [self._normalize(item) for item in items]

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
    """Serves both routes, each as its page shows it."""

    base_path = "/api/vault"
    credentials: ClassVar[dict[str, str]] = {"token": "test-token"}
    phases: ClassVar[dict[str, list[str]]] = {  # the 2024 sample pads PENDING and SUCCESS
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
        current = call.operation == "getScanStatus"
        now = datetime.now(UTC)
        # No T, no zone; microseconds on the 2024 route, whole seconds on the current one.
        stamp = now.strftime("%Y-%m-%d %H:%M:%S" if current else "%Y-%m-%d %H:%M:%S.%f")
        items = []
        for tracking_id, step in zip(ids, steps, strict=True):
            value = step.value or "SUCCESS "
            if current:
                value = value.strip()  # the 2026 page's values carry no padding
            failed = value.strip() == "FAILED"
            items.append(
                {
                    "tracking_id": tracking_id,
                    "request_status" if current else "status": value,
                    "submitted_at": stamp,
                    "process_started_at": stamp,
                    "process_ended_at": stamp,
                    "error_msg": "the data source could not be read"
                    if failed
                    else ("" if current else "-"),
                }
            )
        if current:
            return {"data": items, "success": True, "error": {"message": ""}}
        return {"data": items, "success": "true", "error": {"message": ""}}

    def error(self, code: int, message: str, field_name: str | None = None) -> JsonBody:
        # Protecto's documented error envelope: data null, success the JSON boolean false.
        return {"data": None, "success": False, "error": {"message": message}}

    def fault(
        self, kind: str, code: int, message: str, scan_id: str | None = None
    ) -> tuple[int, JsonBody]:
        if kind == "unauthorized":  # 401 {"detail": ...}, in the words of the spec's example
            return 401, not_authenticated()
        return code, self.error(code, message)


def not_authenticated() -> Any:
    response = shipped_spec("protecto_client")["components"]["responses"]["NotAuthenticated"]
    return dict(response["content"]["application/json"]["examples"]["notAuthenticated"]["value"])


ROOM = Room(
    key="protecto",
    name="Protecto",
    package="protecto_client",
    credentials=("token",),
    auth=auth,
    ids=(IdParam("tracking_id", str, sample="47882682-9f38-4f45-afec-daadaa1b230b"),),
    batch=True,
    read=read,
    adapter=ProtectoAdapter,
    mock=ProtectoMock,
    summary="the status of one or more data scans",
    settings={"route": (AUTO, CURRENT, OLDER)},
    errors=ERRORS,
)
