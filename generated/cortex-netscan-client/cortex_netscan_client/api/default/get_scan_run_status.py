# Generated from specs/cortex-netscan.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.scan_run_status import ScanRunStatus
from ...types import UNSET, Response


def _get_kwargs(
    *,
    id: int,
    fields: list[str],
    user_agent: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["User-Agent"] = user_agent

    params: dict[str, Any] = {}

    params["id"] = id

    json_fields = fields

    params["fields"] = json_fields

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/public_api/netscan/v1/scan/run",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ScanRunStatus:
    if response.status_code == 200:
        response_200 = ScanRunStatus.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response_unchecked(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | ScanRunStatus]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    id: int,
    fields: list[str],
    user_agent: str,
) -> Response[ErrorResponse | ScanRunStatus]:
    """Status of a scan run

     Returns the current status of a scan run; `fields` chooses what the answer carries.

    Args:
        id (int):
        fields (list[str]):
        user_agent (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ScanRunStatus]
    """

    kwargs = _get_kwargs(
        id=id,
        fields=fields,
        user_agent=user_agent,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    id: int,
    fields: list[str],
    user_agent: str,
) -> ErrorResponse | ScanRunStatus | None:
    """Status of a scan run

     Returns the current status of a scan run; `fields` chooses what the answer carries.

    Args:
        id (int):
        fields (list[str]):
        user_agent (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ScanRunStatus
    """

    return sync_detailed(
        client=client,
        id=id,
        fields=fields,
        user_agent=user_agent,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    id: int,
    fields: list[str],
    user_agent: str,
) -> Response[ErrorResponse | ScanRunStatus]:
    """Status of a scan run

     Returns the current status of a scan run; `fields` chooses what the answer carries.

    Args:
        id (int):
        fields (list[str]):
        user_agent (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ScanRunStatus]
    """

    kwargs = _get_kwargs(
        id=id,
        fields=fields,
        user_agent=user_agent,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    id: int,
    fields: list[str],
    user_agent: str,
) -> ErrorResponse | ScanRunStatus | None:
    """Status of a scan run

     Returns the current status of a scan run; `fields` chooses what the answer carries.

    Args:
        id (int):
        fields (list[str]):
        user_agent (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ScanRunStatus
    """

    return (
        await asyncio_detailed(
            client=client,
            id=id,
            fields=fields,
            user_agent=user_agent,
        )
    ).parsed


def request_kwargs(
    *,
    id: int,
    fields: list[str],
    user_agent: str,
) -> dict[str, Any]:
    """The method, url, params, headers and json this operation sends, for sending it on your own httpx client."""
    return _get_kwargs(
        id=id,
        fields=fields,
        user_agent=user_agent,
    )


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | ScanRunStatus]:
    """The answer as a Response; errors.UnexpectedResponse when it cannot be read as the spec describes it."""
    try:
        return _build_response_unchecked(client=client, response=response)
    except errors.UnexpectedStatus:
        raise
    except Exception as error:  # whatever parsing a wrongly shaped answer hit: one documented error
        raise errors.UnexpectedResponse(
            response.status_code, response.content, f"{type(error).__name__}: {error}"
        ) from error
