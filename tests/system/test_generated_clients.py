"""The generated clients against a real HTTP server on 127.0.0.1: statuses old and new."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.http_server import ScriptedServer, scripted_server

THREADFIX_PATH = "/threadfix/rest/latest/applications/6/pendingScan/41/status"
THREADFIX_ANSWER: dict[str, Any] = {
    "message": "Scan Processing Completed. Statistics Update Queued.",
    "success": True,
    "responseCode": -1,
    "object": {
        "id": 2,
        "modifiedDate": 1570117773000,
        "active": True,
        "fileDataList": [{"id": 12, "originalName": "contoso.fpr"}],
        "appId": 6,
        "errorMessage": None,
        "status": "DONE",
        "error": False,
        "scanId": 12,
        "type": "upload",
        "name": "contoso.fpr",
        "time": 1570117773000,
        "scanMessage": "Scan Processing Completed. Statistics Update Queued.",
    },
}
PROTECTO_ANSWER: dict[str, Any] = {
    "data": [
        {
            "tracking_id": "a",
            "status": "PENDING ",
            "submitted_at": "2023-11-18 06:20:38.346615",
            "process_started_at": "2023-11-18 06:20:38.346615",
            "process_ended_at": "2023-11-18 06:20:38.346615",
            "error_msg": "-",
        },
        {
            "tracking_id": "b",
            "status": "QUARANTINED",
            "submitted_at": "2023-11-18 06:20:38.346615",
            "process_started_at": "2023-11-18 06:20:38.346615",
            "process_ended_at": "2023-11-18 06:20:38.346615",
            "error_msg": None,
        },
    ],
    "success": "true",
    "error": {"message": ""},
}


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


def threadfix_answer(status: str) -> dict[str, Any]:
    answer = copy.deepcopy(THREADFIX_ANSWER)
    answer["object"]["status"] = status
    return answer


@pytest.mark.parametrize("status", ["DONE", "SCAN_QUEUED_FOR_DELETE", "SCAN_ARCHIVED", "done "])
def test_threadfix_status_parses_known_or_not(server: ScriptedServer, status: str) -> None:
    from threadfix_client import AuthenticatedClient
    from threadfix_client.api.default import get_pending_scan_status
    from threadfix_client.models import KnownPendingScanStatus, PendingScan, PendingScanResponse

    server.answer("GET", THREADFIX_PATH, 200, threadfix_answer(status))
    client = AuthenticatedClient(
        base_url=f"{server.base_url}/threadfix", token="k3y", prefix="APIKEY"
    )
    with client:
        response = get_pending_scan_status.sync_detailed(
            client=client, version="latest", app_id=6, pending_scan_id=41
        )
    assert response.status_code == 200
    assert isinstance(response.parsed, PendingScanResponse)
    parsed = response.parsed.object_
    assert isinstance(parsed, PendingScan)
    known = {member.value for member in KnownPendingScanStatus}
    if status in known:
        assert parsed.status is KnownPendingScanStatus(status)
    else:
        assert type(parsed.status) is str and parsed.status == status  # the raw value, exactly
    assert server.requests[-1].headers["Authorization"] == "APIKEY k3y"


def test_protecto_trailing_space_and_new_status_async(server: ScriptedServer) -> None:
    from protecto_client import AuthenticatedClient
    from protecto_client.api.default import get_data_scan_status
    from protecto_client.models import DataScanStatusResponse, KnownDataScanStatusValue

    server.answer("PUT", "/data-scan-status", 200, PROTECTO_ANSWER)

    async def call() -> Any:
        async with AuthenticatedClient(base_url=server.base_url, token="t0ken") as client:
            return await get_data_scan_status.asyncio(client=client, body=["a", "b"])

    parsed = asyncio.run(call())
    assert isinstance(parsed, DataScanStatusResponse) and isinstance(parsed.data, list)
    first, second = parsed.data
    assert (
        first.status is KnownDataScanStatusValue.PENDING_PADDED and first.status.value == "PENDING "
    )
    assert second.status == "QUARANTINED" and type(second.status) is str
    assert json.loads(server.requests[-1].body) == ["a", "b"]
    assert server.requests[-1].headers["Authorization"] == "Bearer t0ken"


def test_pydantic_models_keep_new_values_and_validate_types() -> None:
    import pydantic
    from protecto_client.schemas import DataScanStatusResponse, KnownDataScanStatusValue
    from threadfix_client.schemas import PendingScanResponse

    protecto = DataScanStatusResponse.model_validate_json(json.dumps(PROTECTO_ANSWER))
    assert protecto.data is not None and protecto.data[0].status is not None
    assert protecto.data[0].status.root is KnownDataScanStatusValue.PENDING_PADDED
    assert protecto.data[1].status is not None and protecto.data[1].status.root == "QUARANTINED"
    threadfix = PendingScanResponse.model_validate(threadfix_answer("SCAN_ARCHIVED"))
    assert threadfix.object is not None and threadfix.object.status is not None
    assert threadfix.object.status.root == "SCAN_ARCHIVED"
    broken = threadfix_answer("DONE")
    broken["object"]["appId"] = "six"
    with pytest.raises(pydantic.ValidationError, match="appId"):
        PendingScanResponse.model_validate(broken)


def test_cortex_sends_both_key_headers_and_parses_errors(server: ScriptedServer) -> None:
    from cortex_netscan_client import Client
    from cortex_netscan_client.api.default import get_scan_run_status
    from cortex_netscan_client.models import ErrorResponse, ScanRunStatus

    path = "/public_api/netscan/v1/scan/run?id=789&fields=status"
    server.answer("GET", path, 200, {"DATA": "Scan is in Running state"})
    server.answer(
        "GET",
        path.replace("789", "790"),
        404,
        {"err_msg": "Run ID not found", "metadata": {"err_extra": []}},
    )
    headers = {"Authorization": "the-key", "x-xdr-auth-id": "7"}
    with Client(base_url=server.base_url, headers=headers) as client:
        ok = get_scan_run_status.sync(
            client=client, id=789, fields=["status"], user_agent="scan-status-tests"
        )
        missing = get_scan_run_status.sync(
            client=client, id=790, fields=["status"], user_agent="scan-status-tests"
        )
    assert isinstance(ok, ScanRunStatus) and ok.data == "Scan is in Running state"
    assert isinstance(missing, ErrorResponse) and missing.err_msg == "Run ID not found"
    sent = server.requests[0].headers
    assert (sent["Authorization"], sent["x-xdr-auth-id"], sent["User-Agent"]) == (
        "the-key",
        "7",
        "scan-status-tests",
    )


def test_neostra_sends_status_and_reads_both_error_shapes(server: ScriptedServer) -> None:
    from neostra_client import AuthenticatedClient
    from neostra_client.api.scan_tasks import update_scan_task_status
    from neostra_client.models import (
        Envelope,
        KnownScanTaskStatus,
        NotFoundError,
        ScanTaskStatusUpdate,
    )

    server.answer(
        "PATCH",
        "/api/v1/scan-tasks/t-1",
        200,
        {"status": 200, "message": "Success", "data": {}, "errors": []},
    )
    server.answer(
        "PATCH",
        "/api/v1/scan-tasks/t-2",
        404,
        {"error": "Not Found", "message": "nope", "code": 404},
    )
    with AuthenticatedClient(base_url=server.base_url, token="jwt") as client:
        body = ScanTaskStatusUpdate(status=KnownScanTaskStatus.COMPLETED)
        ok = update_scan_task_status.sync(task_id="t-1", client=client, body=body)
        missing = update_scan_task_status.sync(task_id="t-2", client=client, body=body)
    assert isinstance(ok, Envelope) and ok.message == "Success"
    assert isinstance(missing, NotFoundError) and missing.code == 404
    assert json.loads(server.requests[0].body) == {"status": "COMPLETED"}
