"""Neostra: set a scan task's status (PATCH), update a scan (PATCH). Neostra has no status read."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from scan_status.adapters import Adapter, build
from scan_status.errors import UnmappableStateError
from scan_status.mapping import NEOSTRA_VALUE_FOR
from scan_status.reading import Reading, text
from scan_status.states import ScanState
from scan_status.status import NormalizedStatus
from scan_status.vendors._room import Call, JsonBody, MockAnswers, Room

if TYPE_CHECKING:
    from scan_status.testing.scenarios import Step

SCAN_FIELDS = frozenset({"name", "description", "integration_id", "schedule", "config"})


def auth(credentials: Mapping[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {credentials['token']}"}


def read(record: dict[str, Any]) -> Reading:
    return Reading(text(record.get("status")))


class NeostraAdapter(Adapter):
    """PATCH is not idempotent: it is retried only with RetryPolicy(retry_non_idempotent=True)."""

    vendor = "neostra"

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
        # Deferred: the generated client's models (attrs) load with the first update sent.
        from neostra_client.models import KnownScanTaskStatus, ScanTaskStatusUpdate

        body = ScanTaskStatusUpdate(status=KnownScanTaskStatus(value))
        return build(
            "neostra_client.api.scan_tasks.update_scan_task_status", task_id=task_id, body=body
        )

    @staticmethod
    def _scan_request(scan_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        if unknown := set(changes) - SCAN_FIELDS:
            raise TypeError(
                f"update_scan() got unknown fields {sorted(unknown)}; it takes {sorted(SCAN_FIELDS)}"
            )
        from neostra_client.models import ScanUpdate, ScanUpdateConfig  # deferred, as above
        from neostra_client.types import UNSET

        config = changes.get("config")
        body = ScanUpdate(
            name=changes.get("name", UNSET),
            description=changes.get("description", UNSET),
            integration_id=changes.get("integration_id", UNSET),
            schedule=changes.get("schedule", UNSET),
            config=ScanUpdateConfig.from_dict(config) if config is not None else UNSET,
        )
        return build("neostra_client.api.scans.update_scan", scan_id=scan_id, body=body)

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


@dataclass
class NeostraMock(MockAnswers):
    task_statuses: dict[str, str] = field(default_factory=dict)  # what each task was last set to
    scans: dict[str, dict[str, Any]] = field(default_factory=dict)  # each scan's fields so far
    credentials: ClassVar[dict[str, str]] = {"token": "test-token"}

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


ROOM = Room(
    key="neostra",
    name="Neostra",
    package="neostra_client",
    credentials=("token",),
    auth=auth,
    read=read,
    adapter=NeostraAdapter,
    mock=NeostraMock,
)
