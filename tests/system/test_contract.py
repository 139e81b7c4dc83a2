"""Every operation of every spec, through its generated client, sync and async, against the mocks
(a vendor's status operation: from what its room says)."""

from __future__ import annotations

import asyncio
import importlib
import re
from collections.abc import Callable
from typing import Any

import pytest

from scan_status import vendors
from scan_status.testing import MockServer
from scan_status.testing.app import load_spec, operations
from scan_status.vendors import Room
from tests.support.rooms import ALL


def threadfix_call(mock: MockServer, asynchronous: bool) -> Any:
    from threadfix_client import AuthenticatedClient
    from threadfix_client.api.default import get_pending_scan_status as op
    from threadfix_client.models import PendingScanResponse

    client = AuthenticatedClient(
        base_url=mock.base_url, token=mock.credentials["api_key"], prefix="APIKEY"
    )
    if asynchronous:
        return PendingScanResponse, op.asyncio_detailed("latest", 6, 41, client=client)
    return PendingScanResponse, op.sync_detailed("latest", 6, 41, client=client)


def threadfix_legacy_call(mock: MockServer, asynchronous: bool) -> Any:
    """The unversioned path; the client sends Accept: application/json by itself."""
    from threadfix_client import AuthenticatedClient
    from threadfix_client.api.default import get_pending_scan_status_legacy as op
    from threadfix_client.models import PendingScanResponse

    client = AuthenticatedClient(
        base_url=mock.base_url, token=mock.credentials["api_key"], prefix="APIKEY"
    )
    if asynchronous:
        return PendingScanResponse, op.asyncio_detailed(6, 41, client=client)
    return PendingScanResponse, op.sync_detailed(6, 41, client=client)


def protecto_current_call(mock: MockServer, asynchronous: bool) -> Any:
    """The route Protecto documents now: a list of ids, request_status, boolean success."""
    from protecto_client import AuthenticatedClient
    from protecto_client.api.default import get_scan_status as op
    from protecto_client.models import ScanStatusResponse

    client = AuthenticatedClient(base_url=mock.base_url, token=mock.credentials["token"])
    body = ["a", "b"]
    return ScanStatusResponse, (
        op.asyncio_detailed(client=client, body=body)
        if asynchronous
        else op.sync_detailed(client=client, body=body)
    )


def protecto_call(mock: MockServer, asynchronous: bool) -> Any:
    from protecto_client import AuthenticatedClient
    from protecto_client.api.default import get_data_scan_status as op
    from protecto_client.models import DataScanStatusResponse

    client = AuthenticatedClient(base_url=mock.base_url, token=mock.credentials["token"])
    body: list[str] | str = "one-id" if asynchronous else ["a", "b"]  # one id, or a list of them
    return DataScanStatusResponse, (
        op.asyncio_detailed(client=client, body=body)
        if asynchronous
        else op.sync_detailed(client=client, body=body)
    )


def cortex_call(mock: MockServer, asynchronous: bool) -> Any:
    from cortex_netscan_client import Client
    from cortex_netscan_client.api.default import get_scan_run_status as op
    from cortex_netscan_client.models import ScanRunStatus

    headers = {
        "Authorization": mock.credentials["api_key"],
        "x-xdr-auth-id": mock.credentials["api_key_id"],
    }
    client = Client(base_url=mock.base_url, headers=headers)
    if asynchronous:
        return ScanRunStatus, op.asyncio_detailed(
            client=client, id=789, fields=["status"], user_agent="t"
        )
    return ScanRunStatus, op.sync_detailed(client=client, id=789, fields=["status"], user_agent="t")


def neostra_task_call(mock: MockServer, asynchronous: bool) -> Any:
    from neostra_client import AuthenticatedClient
    from neostra_client.api.scan_tasks import update_scan_task_status as op
    from neostra_client.models import Envelope, KnownScanTaskStatus, ScanTaskStatusUpdate

    client = AuthenticatedClient(base_url=mock.base_url, token=mock.credentials["token"])
    body = ScanTaskStatusUpdate(status=KnownScanTaskStatus.RUNNING)
    return Envelope, (
        op.asyncio_detailed("t1", client=client, body=body)
        if asynchronous
        else op.sync_detailed("t1", client=client, body=body)
    )


def neostra_scan_call(mock: MockServer, asynchronous: bool) -> Any:
    from neostra_client import AuthenticatedClient
    from neostra_client.api.scans import update_scan as op
    from neostra_client.models import Envelope, ScanUpdate

    client = AuthenticatedClient(base_url=mock.base_url, token=mock.credentials["token"])
    body = ScanUpdate(name="Full System Scan", schedule="0 3 * * *")
    return Envelope, (
        op.asyncio_detailed("s1", client=client, body=body)
        if asynchronous
        else op.sync_detailed("s1", client=client, body=body)
    )


CALLS: dict[tuple[str, str], Callable[[MockServer, bool], Any]] = {
    ("threadfix", "getPendingScanStatus"): threadfix_call,
    ("threadfix", "getPendingScanStatusLegacy"): threadfix_legacy_call,
    ("protecto", "getDataScanStatus"): protecto_call,
    ("protecto", "getScanStatus"): protecto_current_call,
    ("cortex", "getScanRunStatus"): cortex_call,
    ("neostra", "updateScanTaskStatus"): neostra_task_call,
    ("neostra", "updateScan"): neostra_scan_call,
}


def status_call(room: Room) -> Callable[[MockServer, bool], Any]:
    """A vendor's status operation called through its generated client with nothing but what
    its room says: the auth headers, and the ids' samples as the operation's arguments."""

    def call(mock: MockServer, asynchronous: bool) -> Any:
        assert room.status_operation is not None
        client = importlib.import_module(room.package).Client(
            base_url=mock.base_url, headers=room.headers(mock.credentials)
        )
        operation = importlib.import_module(room.status_operation)
        arguments = {param.name: param.sample for param in room.ids}
        if asynchronous:
            return None, operation.asyncio_detailed(client=client, **arguments)
        return None, operation.sync_detailed(client=client, **arguments)

    return call


def snake(operation_id: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()


def contract_calls() -> dict[tuple[str, str], Callable[[MockServer, bool], Any]]:
    """The calls above, and for any other vendor's status operation the call its room implies."""
    calls = dict(CALLS)
    for room in vendors.rooms():
        for _, _, operation in operations(load_spec(room)):
            key = (room.key, operation["operationId"])
            implied = room.status_operation or ""
            if key not in calls and implied.rsplit(".", 1)[-1] == snake(key[1]):
                calls[key] = status_call(room)
    return calls


def test_every_operation_of_every_spec_has_a_contract_call() -> None:
    declared = {
        (room.key, operation["operationId"])
        for room in vendors.rooms()
        for _, _, operation in operations(load_spec(room))  # the spec each client ships
    }
    assert declared == set(contract_calls())


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("key", sorted(contract_calls()), ids=lambda k: f"{k[0]}.{k[1]}")
def test_operation_against_the_mock(key: tuple[str, str], asynchronous: bool) -> None:
    vendor, _ = key
    with MockServer(vendor) as mock:
        model, pending = contract_calls()[key](mock, asynchronous)
        response = asyncio.run(pending) if asynchronous else pending
        assert response.status_code == 200
        if model is None:  # the status call a room implies: its answer, parsed
            assert callable(getattr(response.parsed, "to_dict", None)), response.parsed
        else:
            assert isinstance(response.parsed, model)
        assert mock.errors == [] and mock.answered == [200]


@pytest.mark.parametrize("vendor", ALL)
def test_the_rooms_auth_headers_are_the_ones_its_spec_declares(vendor: str) -> None:
    """The room writes a vendor's auth scheme once for adapter and mock; the spec is the third
    copy, so it is checked here: the same header names, and the scheme's prefix on the value."""
    room = vendors.get(vendor)
    spec = load_spec(room)
    schemes = spec["components"]["securitySchemes"]
    # The room's headers are the first alternative (Cortex's advanced key, the second, is
    # checked against its signer in test_cortex_advanced_keys_*).
    required = set((spec.get("security") or [{}])[0])
    headers = {k.lower(): v for k, v in room.headers(room.default_credentials()).items()}
    expected: dict[str, str] = {}
    for name in required:
        scheme = schemes[name]
        if scheme["type"] == "http":
            expected["authorization"] = scheme["scheme"].title() + " "
        else:
            assert scheme["in"] == "header"
            prefix = scheme.get("x-auth-prefix")
            expected[scheme["name"].lower()] = f"{prefix} " if prefix else ""
    assert set(headers) == set(expected)
    for header, prefix in expected.items():
        assert headers[header].startswith(prefix) and len(headers[header]) > len(prefix)
