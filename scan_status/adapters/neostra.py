"""Neostra: set a scan task's status (PATCH), update a scan (PATCH). Neostra has no status read."""

from __future__ import annotations

from typing import Any

from neostra_client.api.scan_tasks import update_scan_task_status
from neostra_client.api.scans import update_scan
from neostra_client.models import (
    KnownScanTaskStatus,
    ScanTaskStatusUpdate,
    ScanUpdate,
    ScanUpdateConfig,
)
from neostra_client.types import UNSET

from scan_status.adapters.base import Adapter
from scan_status.errors import UnmappableStateError
from scan_status.mapping import NEOSTRA_VALUE_FOR
from scan_status.states import ScanState
from scan_status.status import NormalizedStatus


class NeostraAdapter(Adapter):
    """PATCH is not idempotent: it is retried only with RetryPolicy(retry_non_idempotent=True)."""

    vendor = "neostra"

    def __init__(self, base_url: str, token: str, **options: Any) -> None:
        super().__init__(base_url, {"Authorization": f"Bearer {token}"}, **options)

    def set_task_status(self, task_id: str, state: ScanState) -> NormalizedStatus:
        value = self._value_for(state)
        answer = self._send(self._task_request(task_id, value))
        return self._result(task_id, state, value, answer)

    async def aset_task_status(self, task_id: str, state: ScanState) -> NormalizedStatus:
        value = self._value_for(state)
        answer = await self._asend(self._task_request(task_id, value))
        return self._result(task_id, state, value, answer)

    def update_scan(self, scan_id: str, **changes: Any) -> dict[str, Any]:
        """Change any of name, description, integration_id, schedule (cron), config; returns `data`."""
        answer = self._send(self._scan_request(scan_id, changes))
        return self._data(answer)

    async def aupdate_scan(self, scan_id: str, **changes: Any) -> dict[str, Any]:
        answer = await self._asend(self._scan_request(scan_id, changes))
        return self._data(answer)

    def _value_for(self, state: ScanState) -> str:
        value = NEOSTRA_VALUE_FOR.get(ScanState(state))
        if value is None:  # checked before anything is sent
            known = ", ".join(s.value for s in NEOSTRA_VALUE_FOR)
            raise UnmappableStateError(
                f"Neostra has no status for {ScanState(state).value}; it takes {known}"
            )
        return value

    @staticmethod
    def _task_request(task_id: str, value: str) -> dict[str, Any]:
        body = ScanTaskStatusUpdate(status=KnownScanTaskStatus(value))
        return update_scan_task_status._get_kwargs(task_id, body=body)

    @staticmethod
    def _scan_request(scan_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        allowed = {"name", "description", "integration_id", "schedule", "config"}
        if unknown := set(changes) - allowed:
            raise TypeError(
                f"update_scan() got unknown fields {sorted(unknown)}; it takes {sorted(allowed)}"
            )
        config = changes.get("config")
        body = ScanUpdate(
            name=changes.get("name", UNSET),
            description=changes.get("description", UNSET),
            integration_id=changes.get("integration_id", UNSET),
            schedule=changes.get("schedule", UNSET),
            config=ScanUpdateConfig.from_dict(config) if config is not None else UNSET,
        )
        return update_scan._get_kwargs(scan_id, body=body)

    def _result(
        self, task_id: str, state: ScanState, value: str, answer: dict[str, Any]
    ) -> NormalizedStatus:
        message = answer.get("message")
        return NormalizedStatus(
            state=ScanState(state),
            vendor=self.vendor,
            raw=value,
            phase=value,
            message=message if isinstance(message, str) else None,
            scan_id=task_id,
            record=answer,
        )

    @staticmethod
    def _data(answer: dict[str, Any]) -> dict[str, Any]:
        data = answer.get("data")
        return data if isinstance(data, dict) else {}
