"""HTTP plumbing shared by the adapters: retries, timeouts, and vendor errors as exceptions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx
from httpx_retries import Retry, RetryTransport

from scan_status.errors import (
    AuthenticationError,
    NotFoundError,
    RateLimitedError,
    TransportError,
    VendorError,
    VendorResponseError,
)
from scan_status.signing import AsyncSignedTransport, SignedTransport, Signer

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})


@dataclass(frozen=True)
class RetryPolicy:
    """When to send a request again. Only 429, 502, 503, 504 and connection errors are retried.

    A non-idempotent request (Neostra's PATCH) is retried only with `retry_non_idempotent=True`.
    A Retry-After header sets the wait (capped at `max_backoff`); `max_total_wait` bounds all
    the waits of one request.
    """

    attempts: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0
    max_total_wait: float = 60.0
    statuses: frozenset[int] = frozenset({429, 502, 503, 504})
    retry_non_idempotent: bool = False

    def to_retry(self) -> Retry:
        methods = set(IDEMPOTENT) | ({"POST", "PATCH"} if self.retry_non_idempotent else set())
        return Retry(
            total=self.attempts,
            allowed_methods=methods,
            status_forcelist=self.statuses,
            backoff_factor=self.backoff,
            backoff_jitter=0.5,
            max_backoff_wait=self.max_backoff,
            total_timeout=self.max_total_wait,
            respect_retry_after_header=True,
        )


NO_RETRIES = RetryPolicy(attempts=0)


def sync_client(
    base_url: str,
    headers: dict[str, str],
    timeout: httpx.Timeout,
    retry: RetryPolicy,
    verify: bool,
    sign: Signer | None = None,
) -> httpx.Client:
    inner: httpx.BaseTransport = httpx.HTTPTransport(verify=verify)
    if sign is not None:  # below the retries: each attempt is signed afresh
        inner = SignedTransport(inner, sign)
    transport = RetryTransport(transport=inner, retry=retry.to_retry())
    return httpx.Client(base_url=base_url, headers=headers, timeout=timeout, transport=transport)


def async_client(
    base_url: str,
    headers: dict[str, str],
    timeout: httpx.Timeout,
    retry: RetryPolicy,
    verify: bool,
    sign: Signer | None = None,
) -> httpx.AsyncClient:
    inner: httpx.AsyncBaseTransport = httpx.AsyncHTTPTransport(verify=verify)
    if sign is not None:
        inner = AsyncSignedTransport(inner, sign)
    transport = RetryTransport(transport=inner, retry=retry.to_retry())
    return httpx.AsyncClient(
        base_url=base_url, headers=headers, timeout=timeout, transport=transport
    )


def transport_error(vendor: str, err: httpx.HTTPError) -> TransportError:
    # httpx names the URL, never the headers, so no credential can leak into this message.
    kind = "timed out" if isinstance(err, httpx.TimeoutException) else "failed"
    where = err.request.url.copy_with(query=None) if _has_request(err) else "the vendor"
    return TransportError(f"{vendor}: request to {where} {kind} ({type(err).__name__}: {err})")


def _has_request(err: httpx.HTTPError) -> bool:
    try:
        err.request  # noqa: B018  (raises when the error has no request)
    except RuntimeError:
        return False
    return True


def error_for(vendor: str, response: httpx.Response) -> VendorResponseError:
    """The exception for a vendor's error answer, with its parsed body and a readable message."""
    body = body_of(response)
    message = error_message(body) or response.reason_phrase or "error"
    code = response.status_code
    kind: type[VendorResponseError] = (
        AuthenticationError
        if code in (401, 403)
        else NotFoundError
        if code == 404
        else RateLimitedError
        if code == 429
        else VendorError
    )
    return kind(vendor, code, message, body)


def body_of(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError):
        return response.text[:2000]


def error_message(body: Any) -> str | None:
    """The human part of each vendor's error body (Cortex, Neostra both shapes, ThreadFix, Protecto)."""
    if not isinstance(body, dict):
        return body.strip()[:200] if isinstance(body, str) and body.strip() else None
    parts: list[str] = []
    for key in ("err_msg", "error", "message"):
        value = body.get(key)
        if isinstance(value, dict):
            value = value.get("message")
        if isinstance(value, str) and value.strip() and value not in parts:
            parts.append(value.strip())
    extra = (
        (body.get("metadata") or {}).get("err_extra")
        if isinstance(body.get("metadata"), dict)
        else None
    )
    for item in extra or []:
        if isinstance(item, dict) and item.get("field"):
            parts.append(f"{item['field']}: {item.get('message', '')}".strip())
    errors = body.get("errors")
    if isinstance(errors, list):
        parts.extend(str(e) for e in errors if e)
    return "; ".join(parts) or (json.dumps(body)[:200] if body else None)
