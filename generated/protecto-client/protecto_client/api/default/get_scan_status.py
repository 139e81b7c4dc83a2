# Generated from specs/protecto.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.authentication_error import AuthenticationError
from ...models.scan_status_response import ScanStatusResponse
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: list[str],
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/data-scan/status",
    }

    _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuthenticationError | ScanStatusResponse:
    if response.status_code == 200:
        response_200 = ScanStatusResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = AuthenticationError.from_dict(response.json())

        return response_401

    if response.status_code == 500:
        response_500 = ScanStatusResponse.from_dict(response.json())

        return response_500

    response_default = ScanStatusResponse.from_dict(response.json())

    return response_default


def _build_response_unchecked(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuthenticationError | ScanStatusResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: list[str],
) -> Response[AuthenticationError | ScanStatusResponse]:
    """Status of one or more data scans (the current route)

     The route Protecto documents now. Each item names its status request_status; success is a JSON
    boolean; times have whole seconds. The page advises polling every 5 to 10 seconds for small scans
    and every 30 to 60 seconds for large ones, until request_status is SUCCESS or FAILED.

    Args:
        body (list[str]): The current route's body, a list of tracking ids from the Submit Data
            Scan endpoint.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthenticationError | ScanStatusResponse]
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
    body: list[str],
) -> AuthenticationError | ScanStatusResponse | None:
    """Status of one or more data scans (the current route)

     The route Protecto documents now. Each item names its status request_status; success is a JSON
    boolean; times have whole seconds. The page advises polling every 5 to 10 seconds for small scans
    and every 30 to 60 seconds for large ones, until request_status is SUCCESS or FAILED.

    Args:
        body (list[str]): The current route's body, a list of tracking ids from the Submit Data
            Scan endpoint.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthenticationError | ScanStatusResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: list[str],
) -> Response[AuthenticationError | ScanStatusResponse]:
    """Status of one or more data scans (the current route)

     The route Protecto documents now. Each item names its status request_status; success is a JSON
    boolean; times have whole seconds. The page advises polling every 5 to 10 seconds for small scans
    and every 30 to 60 seconds for large ones, until request_status is SUCCESS or FAILED.

    Args:
        body (list[str]): The current route's body, a list of tracking ids from the Submit Data
            Scan endpoint.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthenticationError | ScanStatusResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: list[str],
) -> AuthenticationError | ScanStatusResponse | None:
    """Status of one or more data scans (the current route)

     The route Protecto documents now. Each item names its status request_status; success is a JSON
    boolean; times have whole seconds. The page advises polling every 5 to 10 seconds for small scans
    and every 30 to 60 seconds for large ones, until request_status is SUCCESS or FAILED.

    Args:
        body (list[str]): The current route's body, a list of tracking ids from the Submit Data
            Scan endpoint.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthenticationError | ScanStatusResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def request_kwargs(
    *,
    body: list[str],
) -> dict[str, Any]:
    """The method, url, params, headers and json this operation sends, for sending it on your own httpx client."""
    return _get_kwargs(
        body=body,
    )


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuthenticationError | ScanStatusResponse]:
    """The answer as a Response; errors.UnexpectedResponse when it cannot be read as the spec describes it."""
    try:
        return _build_response_unchecked(client=client, response=response)
    except errors.UnexpectedStatus:
        raise
    except Exception as error:  # whatever parsing a wrongly shaped answer hit: one documented error
        raise errors.UnexpectedResponse(
            response.status_code, response.content, f"{type(error).__name__}: {error}"
        ) from error
