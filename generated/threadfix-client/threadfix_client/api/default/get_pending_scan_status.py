# Generated from specs/threadfix.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.pending_scan_response import PendingScanResponse
from ...types import UNSET, Response


def _get_kwargs(
    version: str,
    app_id: int,
    pending_scan_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/rest/{version}/applications/{app_id}/pendingScan/{pending_scan_id}/status".format(
            version=quote(str(version), safe=""),
            app_id=quote(str(app_id), safe=""),
            pending_scan_id=quote(str(pending_scan_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | PendingScanResponse:
    if response.status_code == 200:
        response_200 = PendingScanResponse.from_dict(response.json())

        return response_200

    response_default = ErrorEnvelope.from_dict(response.json())

    return response_default


def _build_response_unchecked(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | PendingScanResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    version: str,
    app_id: int,
    pending_scan_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorEnvelope | PendingScanResponse]:
    """Check pending scan status

     Checks the status of a scan after it has been queued. Requires the Upload Scans permission;
    introduced in 2.5.0; 2.7.7 added scanId to the answer once the status is DONE.

    Args:
        version (str):
        app_id (int):
        pending_scan_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | PendingScanResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        app_id=app_id,
        pending_scan_id=pending_scan_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    version: str,
    app_id: int,
    pending_scan_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorEnvelope | PendingScanResponse | None:
    """Check pending scan status

     Checks the status of a scan after it has been queued. Requires the Upload Scans permission;
    introduced in 2.5.0; 2.7.7 added scanId to the answer once the status is DONE.

    Args:
        version (str):
        app_id (int):
        pending_scan_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | PendingScanResponse
    """

    return sync_detailed(
        version=version,
        app_id=app_id,
        pending_scan_id=pending_scan_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    version: str,
    app_id: int,
    pending_scan_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorEnvelope | PendingScanResponse]:
    """Check pending scan status

     Checks the status of a scan after it has been queued. Requires the Upload Scans permission;
    introduced in 2.5.0; 2.7.7 added scanId to the answer once the status is DONE.

    Args:
        version (str):
        app_id (int):
        pending_scan_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | PendingScanResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        app_id=app_id,
        pending_scan_id=pending_scan_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    version: str,
    app_id: int,
    pending_scan_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorEnvelope | PendingScanResponse | None:
    """Check pending scan status

     Checks the status of a scan after it has been queued. Requires the Upload Scans permission;
    introduced in 2.5.0; 2.7.7 added scanId to the answer once the status is DONE.

    Args:
        version (str):
        app_id (int):
        pending_scan_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | PendingScanResponse
    """

    return (
        await asyncio_detailed(
            version=version,
            app_id=app_id,
            pending_scan_id=pending_scan_id,
            client=client,
        )
    ).parsed


def request_kwargs(
    version: str,
    app_id: int,
    pending_scan_id: int,
) -> dict[str, Any]:
    """The method, url, params, headers and json this operation sends, for sending it on your own httpx client."""
    return _get_kwargs(
        version=version,
        app_id=app_id,
        pending_scan_id=pending_scan_id,
    )


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | PendingScanResponse]:
    """The answer as a Response; errors.UnexpectedResponse when it cannot be read as the spec describes it."""
    try:
        return _build_response_unchecked(client=client, response=response)
    except errors.UnexpectedStatus:
        raise
    except Exception as error:  # whatever parsing a wrongly shaped answer hit: one documented error
        raise errors.UnexpectedResponse(
            response.status_code, response.content, f"{type(error).__name__}: {error}"
        ) from error
