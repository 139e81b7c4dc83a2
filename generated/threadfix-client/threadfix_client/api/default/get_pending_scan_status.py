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
    *,
    accept: str = "application/json",
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Accept"] = accept

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/rest/{version}/applications/{app_id}/pendingScan/{pending_scan_id}/status".format(
            version=_path_segment("version", version),
            app_id=_path_segment("app_id", app_id),
            pending_scan_id=_path_segment("pending_scan_id", pending_scan_id),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ErrorEnvelope | PendingScanResponse:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> ErrorEnvelope | PendingScanResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_pending_scan_answer_type_0 = PendingScanResponse.from_dict(data)

                return componentsschemas_pending_scan_answer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_pending_scan_answer_type_1 = ErrorEnvelope.from_dict(data)

            return componentsschemas_pending_scan_answer_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 404:
        response_404 = ErrorEnvelope.from_dict(response.json())

        return response_404

    response_default = ErrorEnvelope.from_dict(response.json())

    return response_default


def _build_response_unchecked(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | ErrorEnvelope | PendingScanResponse]:
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
    accept: str = "application/json",
) -> Response[ErrorEnvelope | ErrorEnvelope | PendingScanResponse]:
    """Check pending scan status

     Checks the status of a scan after it has been queued. Requires the Upload Scans permission;
    introduced in 2.5.0; 2.7.7 added scanId to the answer once the status is DONE.

    Args:
        version (str):
        app_id (int):
        pending_scan_id (int):
        accept (str):  Default: 'application/json'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ErrorEnvelope | PendingScanResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        app_id=app_id,
        pending_scan_id=pending_scan_id,
        accept=accept,
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
    accept: str = "application/json",
) -> ErrorEnvelope | ErrorEnvelope | PendingScanResponse | None:
    """Check pending scan status

     Checks the status of a scan after it has been queued. Requires the Upload Scans permission;
    introduced in 2.5.0; 2.7.7 added scanId to the answer once the status is DONE.

    Args:
        version (str):
        app_id (int):
        pending_scan_id (int):
        accept (str):  Default: 'application/json'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ErrorEnvelope | PendingScanResponse
    """

    return sync_detailed(
        version=version,
        app_id=app_id,
        pending_scan_id=pending_scan_id,
        client=client,
        accept=accept,
    ).parsed


async def asyncio_detailed(
    version: str,
    app_id: int,
    pending_scan_id: int,
    *,
    client: AuthenticatedClient | Client,
    accept: str = "application/json",
) -> Response[ErrorEnvelope | ErrorEnvelope | PendingScanResponse]:
    """Check pending scan status

     Checks the status of a scan after it has been queued. Requires the Upload Scans permission;
    introduced in 2.5.0; 2.7.7 added scanId to the answer once the status is DONE.

    Args:
        version (str):
        app_id (int):
        pending_scan_id (int):
        accept (str):  Default: 'application/json'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ErrorEnvelope | PendingScanResponse]
    """

    kwargs = _get_kwargs(
        version=version,
        app_id=app_id,
        pending_scan_id=pending_scan_id,
        accept=accept,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    version: str,
    app_id: int,
    pending_scan_id: int,
    *,
    client: AuthenticatedClient | Client,
    accept: str = "application/json",
) -> ErrorEnvelope | ErrorEnvelope | PendingScanResponse | None:
    """Check pending scan status

     Checks the status of a scan after it has been queued. Requires the Upload Scans permission;
    introduced in 2.5.0; 2.7.7 added scanId to the answer once the status is DONE.

    Args:
        version (str):
        app_id (int):
        pending_scan_id (int):
        accept (str):  Default: 'application/json'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ErrorEnvelope | PendingScanResponse
    """

    return (
        await asyncio_detailed(
            version=version,
            app_id=app_id,
            pending_scan_id=pending_scan_id,
            client=client,
            accept=accept,
        )
    ).parsed


def request_kwargs(
    version: str,
    app_id: int,
    pending_scan_id: int,
    *,
    accept: str = "application/json",
) -> dict[str, Any]:
    """The method, url, params, headers and json this operation sends, for sending it on your own httpx client."""
    return _get_kwargs(
        version=version,
        app_id=app_id,
        pending_scan_id=pending_scan_id,
        accept=accept,
    )


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | ErrorEnvelope | PendingScanResponse]:
    """The answer as a Response; errors.UnexpectedResponse when it cannot be read as the spec describes it."""
    try:
        return _build_response_unchecked(client=client, response=response)
    except errors.UnexpectedStatus:
        raise
    except Exception as error:  # whatever parsing a wrongly shaped answer hit: one documented error
        raise errors.UnexpectedResponse(
            response.status_code, response.content, f"{type(error).__name__}: {error}"
        ) from error


def _path_segment(name: str, value: Any) -> str:
    """`value` as exactly one segment of the path: errors.InvalidPathParameter (a ValueError naming the argument) for a value that would move the request elsewhere (empty, "." or "..", which URL normalisation removes) or that has no UTF-8 form; nothing is sent."""
    text = str(value)
    if text in ("", ".", ".."):
        raise errors.InvalidPathParameter(
            name, text, "an empty or dot segment would change the request's path"
        )
    try:
        return quote(text, safe="")
    except UnicodeEncodeError as error:
        raise errors.InvalidPathParameter(name, text, "it has no UTF-8 form") from error
