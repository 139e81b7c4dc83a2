"""Protecto: the status of one or more data scans, PUT /data-scan-status (a read, despite PUT)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from protecto_client.api.default import get_data_scan_status as operation

from scan_status.adapters.base import PollingAdapter
from scan_status.errors import NotFoundError, VendorError
from scan_status.normalize import normalize
from scan_status.status import NormalizedStatus


class ProtectoAdapter(PollingAdapter):
    vendor = "protecto"

    def __init__(self, base_url: str, token: str, **options: Any) -> None:
        super().__init__(base_url, {"Authorization": f"Bearer {token}"}, **options)

    def get_statuses(self, tracking_ids: Sequence[str]) -> list[NormalizedStatus]:
        return self._read(self._send(operation._get_kwargs(body=list(tracking_ids))))

    async def aget_statuses(self, tracking_ids: Sequence[str]) -> list[NormalizedStatus]:
        return self._read(await self._asend(operation._get_kwargs(body=list(tracking_ids))))

    def get_status(self, tracking_id: str) -> NormalizedStatus:
        return self._one(tracking_id, self.get_statuses([tracking_id]))

    async def aget_status(self, tracking_id: str) -> NormalizedStatus:
        return self._one(tracking_id, await self.aget_statuses([tracking_id]))

    def _read(self, record: dict[str, Any]) -> list[NormalizedStatus]:
        if str(record.get("success", "true")).strip().lower() == "false":  # a string, not a boolean
            message = (record.get("error") or {}).get("message") or "success: false"
            raise VendorError(self.vendor, 200, str(message), record)
        return [
            normalize(self.vendor, item, strict=self.strict) for item in record.get("data") or []
        ]

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
