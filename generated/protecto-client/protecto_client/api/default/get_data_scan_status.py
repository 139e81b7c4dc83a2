# Generated from specs/protecto.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.authentication_error import AuthenticationError
from ...models.data_scan_status_response import DataScanStatusResponse
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: list[str] | str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/data-scan-status",
    }

    if isinstance(body, list):
        _kwargs["json"] = body

    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuthenticationError | DataScanStatusResponse:
    if response.status_code == 200:
        response_200 = DataScanStatusResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = AuthenticationError.from_dict(response.json())

        return response_401

    if response.status_code == 500:
        response_500 = DataScanStatusResponse.from_dict(response.json())

        return response_500

    response_default = DataScanStatusResponse.from_dict(response.json())

    return response_default


def _build_response_unchecked(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuthenticationError | DataScanStatusResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: list[str] | str,
) -> Response[AuthenticationError | DataScanStatusResponse]:
    """Status of one or more data scans (the documented older route)

     The route Protecto documented in 2024; its current documentation names /data-scan/status
    (getScanStatus) instead. Deprecated: documented older route, served as long as the vendor may.

    Args:
        body (list[str] | str): One tracking id, or a list of them, from the Data Scan Async API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthenticationError | DataScanStatusResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: list[str] | str,
) -> AuthenticationError | DataScanStatusResponse | None:
    """Status of one or more data scans (the documented older route)

     The route Protecto documented in 2024; its current documentation names /data-scan/status
    (getScanStatus) instead. Deprecated: documented older route, served as long as the vendor may.

    Args:
        body (list[str] | str): One tracking id, or a list of them, from the Data Scan Async API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthenticationError | DataScanStatusResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: list[str] | str,
) -> Response[AuthenticationError | DataScanStatusResponse]:
    """Status of one or more data scans (the documented older route)

     The route Protecto documented in 2024; its current documentation names /data-scan/status
    (getScanStatus) instead. Deprecated: documented older route, served as long as the vendor may.

    Args:
        body (list[str] | str): One tracking id, or a list of them, from the Data Scan Async API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthenticationError | DataScanStatusResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: list[str] | str,
) -> AuthenticationError | DataScanStatusResponse | None:
    """Status of one or more data scans (the documented older route)

     The route Protecto documented in 2024; its current documentation names /data-scan/status
    (getScanStatus) instead. Deprecated: documented older route, served as long as the vendor may.

    Args:
        body (list[str] | str): One tracking id, or a list of them, from the Data Scan Async API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthenticationError | DataScanStatusResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def request_kwargs(
    *,
    body: list[str] | str,
) -> dict[str, Any]:
    """The method, url, params, headers and json this operation sends, for sending it on your own httpx client."""
    return _get_kwargs(
        body=body,
    )


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuthenticationError | DataScanStatusResponse]:
    """The answer as a Response; errors.UnexpectedResponse when it cannot be read as the spec describes it."""
    try:
        return _build_response_unchecked(client=client, response=response)
    except errors.UnexpectedStatus:
        raise
    except Exception as error:  # whatever parsing a wrongly shaped answer hit: one documented error
        raise errors.UnexpectedResponse(
            response.status_code, response.content, f"{type(error).__name__}: {error}"
        ) from error
