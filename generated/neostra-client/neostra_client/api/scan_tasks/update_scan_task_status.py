# Generated from specs/neostra.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.envelope import Envelope
from ...models.not_found_error import NotFoundError
from ...models.scan_task_status_update import ScanTaskStatusUpdate
from ...types import UNSET, Response


def _get_kwargs(
    task_id: str,
    *,
    body: ScanTaskStatusUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/scan-tasks/{task_id}".format(
            task_id=_path_segment("task_id", task_id),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Envelope | NotFoundError:
    if response.status_code == 200:
        response_200 = Envelope.from_dict(response.json())

        return response_200

    if response.status_code == 404:
        response_404 = NotFoundError.from_dict(response.json())

        return response_404

    response_default = Envelope.from_dict(response.json())

    return response_default


def _build_response_unchecked(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Envelope | NotFoundError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    task_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ScanTaskStatusUpdate,
) -> Response[Envelope | NotFoundError]:
    """Set a scan task's status

    Args:
        task_id (str):
        body (ScanTaskStatusUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope | NotFoundError]
    """

    kwargs = _get_kwargs(
        task_id=task_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    task_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ScanTaskStatusUpdate,
) -> Envelope | NotFoundError | None:
    """Set a scan task's status

    Args:
        task_id (str):
        body (ScanTaskStatusUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope | NotFoundError
    """

    return sync_detailed(
        task_id=task_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    task_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ScanTaskStatusUpdate,
) -> Response[Envelope | NotFoundError]:
    """Set a scan task's status

    Args:
        task_id (str):
        body (ScanTaskStatusUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Envelope | NotFoundError]
    """

    kwargs = _get_kwargs(
        task_id=task_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    task_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ScanTaskStatusUpdate,
) -> Envelope | NotFoundError | None:
    """Set a scan task's status

    Args:
        task_id (str):
        body (ScanTaskStatusUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot be read as the spec describes it.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Envelope | NotFoundError
    """

    return (
        await asyncio_detailed(
            task_id=task_id,
            client=client,
            body=body,
        )
    ).parsed


def request_kwargs(
    task_id: str,
    *,
    body: ScanTaskStatusUpdate,
) -> dict[str, Any]:
    """The method, url, params, headers and json this operation sends, for sending it on your own httpx client."""
    return _get_kwargs(
        task_id=task_id,
        body=body,
    )


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Envelope | NotFoundError]:
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
