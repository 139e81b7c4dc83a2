"""Cortex XSIAM netscan: the status of a scan run, GET /public_api/netscan/v1/scan/run."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from scan_status.adapters import StatusAdapter
from scan_status.mapping import key
from scan_status.reading import Reading, optional_text, text
from scan_status.status import NormalizedStatus
from scan_status.vendors._room import Call, IdParam, JsonBody, MockAnswers, Room

if TYPE_CHECKING:
    from scan_status.testing.scenarios import Step

USER_AGENT = "scan-status"  # the API requires a User-Agent header
SENTENCE = re.compile(r"^\s*scan\s+is\s+in\s+(?P<phase>.+?)\s+state\s*\.?\s*$", re.IGNORECASE)


def auth(credentials: Mapping[str, str]) -> dict[str, str]:
    return {"Authorization": credentials["api_key"], "x-xdr-auth-id": credentials["api_key_id"]}


def read(record: dict[str, Any]) -> Reading:
    sentence = text(record.get("DATA"))
    return Reading(sentence, message=optional_text(sentence))


def phase(raw: str) -> str:
    """Cortex answers with a sentence ("Scan is in Running state"): its word is the phase."""
    found = SENTENCE.match(raw)
    return re.sub(r"[\s-]+", "_", found.group("phase").strip()).upper() if found else key(raw)


class CortexAdapter(StatusAdapter):
    vendor = "cortex"

    def __init__(
        self, base_url: str, *, fields: Sequence[str] = ("status",), **options: Any
    ) -> None:
        super().__init__(base_url, **options)
        self.fields = list(fields)

    def get_status(self, run_id: int) -> NormalizedStatus:
        return super().get_status(run_id)

    async def aget_status(self, run_id: int) -> NormalizedStatus:
        return await super().aget_status(run_id)

    def _arguments(self, *ids: Any) -> dict[str, Any]:
        (run_id,) = ids
        return {"id": run_id, "fields": self.fields, "user_agent": USER_AGENT}

    def _read(self, answer: Any, ids: tuple[Any, ...]) -> NormalizedStatus:
        from dataclasses import replace

        return replace(super()._read(answer, ids), scan_id=str(ids[0]))


class CortexMock(MockAnswers):
    credentials: ClassVar[dict[str, str]] = {"api_key": "test-key", "api_key_id": "1"}
    phases: ClassVar[dict[str, list[str]]] = {
        "queued": ["Scan is in Pending state"],
        "running": ["Scan is in Running state"],
        "succeeded": ["Scan is in Completed state"],
        "failed": ["Scan is in Failed state"],
        "cancelled": ["Scan is in Cancelled state"],
        "unknown": ["Scan is in Hibernating state"],
    }

    def scan_ids(self, call: Call) -> list[str]:
        return [call.query.get("id", "")]

    def answer(self, call: Call, ids: list[str], steps: list[Step]) -> JsonBody:
        return {"DATA": steps[0].value or "Scan is in Completed state"}

    def error(self, code: int, message: str, field_name: str | None = None) -> JsonBody:
        extra = [{"field": field_name, "message": message}] if field_name else []
        return {"err_msg": message, "metadata": {"err_extra": extra}}


ROOM = Room(
    key="cortex",
    name="Cortex XSIAM",
    package="cortex_netscan_client",
    credentials=("api_key", "api_key_id"),
    auth=auth,
    ids=(IdParam("run_id", int),),
    read=read,
    phase=phase,
    status_operation="cortex_netscan_client.api.default.get_scan_run_status",
    adapter=CortexAdapter,
    mock=CortexMock,
    summary="the status of a netscan run",
)
