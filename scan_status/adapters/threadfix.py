"""ThreadFix: the status of a queued scan, GET .../pendingScan/{id}/status."""

from __future__ import annotations

from typing import Any

from threadfix_client.api.default import get_pending_scan_status as operation

from scan_status.adapters.base import PollingAdapter
from scan_status.errors import VendorError
from scan_status.normalize import normalize
from scan_status.status import NormalizedStatus


class ThreadFixAdapter(PollingAdapter):
    vendor = "threadfix"

    def __init__(
        self, base_url: str, api_key: str, *, api_version: str = "latest", **options: Any
    ) -> None:
        # ThreadFix's scheme: "Authorization: APIKEY <key>".
        headers = {"Authorization": f"APIKEY {api_key}", "Accept": "application/json"}
        super().__init__(base_url, headers, **options)
        self.api_version = api_version

    def _request(self, app_id: int, pending_scan_id: int) -> dict[str, Any]:
        return operation._get_kwargs(self.api_version, app_id, pending_scan_id)

    def get_status(self, app_id: int, pending_scan_id: int) -> NormalizedStatus:
        return self._read(self._send(self._request(app_id, pending_scan_id)))

    async def aget_status(self, app_id: int, pending_scan_id: int) -> NormalizedStatus:
        return self._read(await self._asend(self._request(app_id, pending_scan_id)))

    def _read(self, answer: dict[str, Any]) -> NormalizedStatus:
        if answer.get("success") is False:  # ThreadFix reports some failures inside a 200 envelope
            message = str(answer.get("message") or "success: false")
            raise VendorError(self.vendor, 200, message, answer)
        return normalize(self.vendor, answer, strict=self.strict)
