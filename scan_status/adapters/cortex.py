"""Cortex XSIAM netscan: the status of a scan run, GET /public_api/netscan/v1/scan/run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from cortex_netscan_client.api.default import get_scan_run_status as operation

from scan_status.adapters.base import PollingAdapter
from scan_status.normalize import normalize
from scan_status.status import NormalizedStatus

USER_AGENT = "scan-status"  # the API requires a User-Agent header


class CortexAdapter(PollingAdapter):
    vendor = "cortex"

    def __init__(
        self,
        base_url: str,
        api_key: str,
        api_key_id: str,
        *,
        fields: Sequence[str] = ("status",),
        **options: Any,
    ) -> None:
        headers = {"Authorization": api_key, "x-xdr-auth-id": api_key_id}
        super().__init__(base_url, headers, **options)
        self.fields = list(fields)

    def _request(self, run_id: int) -> dict[str, Any]:
        return operation._get_kwargs(id=run_id, fields=self.fields, user_agent=USER_AGENT)

    def get_status(self, run_id: int) -> NormalizedStatus:
        return self._read(run_id, self._send(self._request(run_id)))

    async def aget_status(self, run_id: int) -> NormalizedStatus:
        return self._read(run_id, await self._asend(self._request(run_id)))

    def _read(self, run_id: int, answer: dict[str, Any]) -> NormalizedStatus:
        return replace(normalize(self.vendor, answer, strict=self.strict), scan_id=str(run_id))
