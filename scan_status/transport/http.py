"""An adapter's HTTP clients and sending on them: the transport stack (retries, deadlines, bounded
answers, signing) put together, and vendor errors as exceptions, with every credential the
adapter holds scrubbed from what comes back."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import httpx

from scan_status import vendors
from scan_status.errors import (
    InvalidArgumentError,
    TransportError,
    UnknownVendorError,
    VendorError,
    VendorResponseError,
)
from scan_status.transport import logs, timeboxed
from scan_status.transport.bounded import BoundedAsyncTransport
from scan_status.transport.building import RequestBuilder
from scan_status.transport.connection import Reach
from scan_status.transport.hooks import AsyncHookedTransport, HookedTransport
from scan_status.transport.inflate import BoundedDecoder, UnreadableBody
from scan_status.transport.loops import closed_error, semaphore
from scan_status.transport.policy import RetryPolicy
from scan_status.transport.pool import AsyncPoolTransport, PoolTransport, async_pool, sync_pool
from scan_status.transport.retrying import AsyncRetryingTransport, RetryingTransport
from scan_status.transport.secrets import NO_SECRETS, Secrets, redacted_url, split_userinfo
from scan_status.transport.signing import AsyncSignedTransport, SignedTransport, Signer
from scan_status.vendors import DEFAULT_ERRORS, Errors

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
POOL_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)  # httpx's defaults
DEFAULT_MAX_RESPONSE_BYTES = 1 << 20  # a status answer is a few hundred bytes
MAX_DEPTH = 64  # deeper JSON is no status answer, and would exhaust recursion downstream
ACCEPT_ENCODING = "gzip, deflate"  # what inflate.BoundedDecoder reads


# An adapter's client sends each request straight down its own transport stack (retries,
# deadlines, the pool), with the body unread: what httpx.Client.send(stream=True) does, less
# what an adapter never uses and pays for on every request: auth flows (credentials are plain
# headers), redirects (never followed), cookies (a status API authenticates with keys, and a
# hostile server's cookies are not kept) and httpx's event hooks (the user's fire per attempt,
# in the stack: hooks.py). The httpx.Client holds the base URL, headers and timeout, builds what
# is not a plain GET, and closes the stack.


class Client(httpx.Client):
    """An httpx.Client that knows the credentials it carries and how large an answer may be."""

    def __init__(
        self,
        *,
        secrets: Secrets,
        max_response_bytes: int,
        transport: httpx.BaseTransport,
        **options: Any,
    ) -> None:
        super().__init__(transport=transport, **options)
        self.secrets, self.max_response_bytes = secrets, max_response_bytes
        self.requests = RequestBuilder(self)
        self.stack = transport

    def dispatch(self, request: httpx.Request) -> httpx.Response:
        response = self.stack.handle_request(request)
        response.request = request
        return response


class AsyncClient(httpx.AsyncClient):
    def __init__(
        self,
        *,
        secrets: Secrets,
        max_response_bytes: int,
        admitted: int,
        transport: httpx.AsyncBaseTransport,
        **options: Any,
    ) -> None:
        super().__init__(transport=transport, **options)
        self.secrets, self.max_response_bytes = secrets, max_response_bytes
        self.requests = RequestBuilder(self)
        self.stack = transport
        # Requests beyond `admitted` wait before anything is built for them (see asend).
        self.admission = semaphore(admitted)

    async def dispatch(self, request: httpx.Request) -> httpx.Response:
        response = await self.stack.handle_async_request(request)
        response.request = request
        return response


def _client_options(
    base_url: str, headers: dict[str, str], timeout: httpx.Timeout, credentials: Iterable[str]
) -> tuple[dict[str, Any], Secrets]:
    # Credentials in the URL become a Basic Authorization header (as httpx.BasicAuth would send
    # it), so no request URL, log line or error names them.
    bare_url, userinfo = split_userinfo(base_url)
    # Accept-Encoding names only what inflate.BoundedDecoder reads (httpx's default may add br).
    sent = {**headers, "Accept-Encoding": ACCEPT_ENCODING}
    if userinfo:
        sent = {k: v for k, v in sent.items() if k.lower() != "authorization"}
        sent["Authorization"] = basic_authorization(*userinfo)
    # trust_env=False: the environment was read once, into the Reach; nothing here reads it.
    options: dict[str, Any] = {
        "base_url": bare_url,
        "headers": sent,
        "timeout": timeout,
        "trust_env": False,
    }
    return options, Secrets.of(headers, userinfo, credentials)


def basic_authorization(user: str, password: str) -> str:
    """The Authorization header httpx.BasicAuth puts on a request, taken from its own flow."""
    flow = httpx.BasicAuth(user, password).sync_auth_flow(httpx.Request("GET", "http://_"))
    return next(flow).headers["Authorization"]


def sync_client(
    base_url: str,
    headers: dict[str, str],
    timeout: httpx.Timeout,
    retry: RetryPolicy,
    reach: Reach,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    sign: Signer | None = None,
    credentials: Iterable[str] = (),
) -> Client:
    options = reach.options
    client_options, secrets = _client_options(base_url, headers, timeout, credentials)
    logs.guard(secrets)
    own = options.transport is None
    base = options.transport or PoolTransport(
        sync_pool(reach.ssl_context, reach.proxy, POOL_LIMITS)
    )
    inner: httpx.BaseTransport = timeboxed.DeadlineTransport(base, own_sockets=own)
    if options.event_hooks:
        inner = HookedTransport(inner, options.event_hooks)
    if sign is not None:  # below the retries: each attempt is signed afresh
        inner = SignedTransport(inner, sign)
    log = logs.AttemptLog(reach.vendor, secrets, retry.attempts + 1)
    return Client(
        secrets=secrets,
        max_response_bytes=max_response_bytes,
        transport=RetryingTransport(inner, retry, log),
        **client_options,
    )


def async_client(
    base_url: str,
    headers: dict[str, str],
    timeout: httpx.Timeout,
    retry: RetryPolicy,
    reach: Reach,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    sign: Signer | None = None,
    credentials: Iterable[str] = (),
) -> AsyncClient:
    options = reach.options
    client_options, secrets = _client_options(base_url, headers, timeout, credentials)
    logs.guard(secrets)
    own = options.async_transport is None
    base = options.async_transport or AsyncPoolTransport(
        async_pool(reach.ssl_context, reach.proxy, POOL_LIMITS)
    )
    inner: httpx.AsyncBaseTransport = timeboxed.AsyncDeadlineTransport(base, own_sockets=own)
    if options.async_event_hooks:
        inner = AsyncHookedTransport(inner, options.async_event_hooks)
    if sign is not None:  # below the retries: each attempt is signed afresh
        inner = AsyncSignedTransport(inner, sign)
    # Requests wait for a pool slot outside their attempt's deadline (see bounded.py).
    pool_size = POOL_LIMITS.max_connections or 100
    bounded = BoundedAsyncTransport(inner, pool_size)
    log = logs.AttemptLog(reach.vendor, secrets, retry.attempts + 1)
    return AsyncClient(
        secrets=secrets,
        max_response_bytes=max_response_bytes,
        admitted=ADMITTED_PER_POOL_SLOT * pool_size,
        transport=AsyncRetryingTransport(bounded, retry, log),
        **client_options,
    )


# Requests admitted into an async client at once, per pool slot. More than one, so that requests
# sleeping between retries (which hold no pool slot) leave the pool busy; few enough that
# thousands of concurrent waits queue as bare coroutines, not as built requests (about 5 KB each).
ADMITTED_PER_POOL_SLOT = 4


def send(client: Client, vendor: str, request: dict[str, Any]) -> Any:
    """Send a request a generated operation built: the answer's JSON object, or a typed error.

    Each attempt (connect, send, headers and body) ends within the client's timeout whatever
    the server does; the body is read as a stream and decoded under max_response_bytes.
    """
    if client.is_closed:
        raise closed_error(vendor)
    built = _build(client, vendor, request)
    try:
        response = client.dispatch(built)
        try:
            encoding = response.headers.get("Content-Encoding")
            if encoding is None:  # the usual answer: count the bytes, nothing to decode
                parts, limit, size = [], client.max_response_bytes, 0
                for chunk in response.stream:  # type: ignore[union-attr]
                    size += len(chunk)
                    if size > limit:
                        raise _too_large(vendor, response, client.secrets, limit)
                    parts.append(chunk)
                body = b"".join(parts)
            else:
                decoder = _decoder(vendor, response, client, encoding)
                for chunk in response.stream:  # type: ignore[union-attr]
                    _feed(vendor, response, client, decoder, chunk)
                body = _finish(vendor, response, client, decoder)
        finally:
            response.close()
    except httpx.HTTPError as err:
        failure = transport_error(vendor, err, client.secrets, built)
        cause = _clean_cause(err, client.secrets)
    else:
        return answer(vendor, response, body, client.secrets)
    raise failure from cause  # out of the except block: no chain but `cause`


async def asend(client: AsyncClient, vendor: str, request: dict[str, Any]) -> Any:
    async with client.admission:
        return await _asend_admitted(client, vendor, request)


async def _asend_admitted(client: AsyncClient, vendor: str, request: dict[str, Any]) -> Any:
    if client.is_closed:
        raise closed_error(vendor)
    built = _build(client, vendor, request)
    try:
        response = await client.dispatch(built)
        try:
            encoding = response.headers.get("Content-Encoding")
            if encoding is None:
                parts, limit, size = [], client.max_response_bytes, 0
                async for chunk in response.stream:  # type: ignore[union-attr]
                    size += len(chunk)
                    if size > limit:
                        raise _too_large(vendor, response, client.secrets, limit)
                    parts.append(chunk)
                body = b"".join(parts)
            else:
                decoder = _decoder(vendor, response, client, encoding)
                async for chunk in response.stream:  # type: ignore[union-attr]
                    _feed(vendor, response, client, decoder, chunk)
                body = _finish(vendor, response, client, decoder)
        finally:
            await response.aclose()
    except httpx.HTTPError as err:
        failure = transport_error(vendor, err, client.secrets, built)
        cause = _clean_cause(err, client.secrets)
    else:
        return answer(vendor, response, body, client.secrets)
    raise failure from cause  # out of the except block: no chain but `cause`


def _too_large(vendor: str, response: httpx.Response, secrets: Secrets, limit: int) -> VendorError:
    return _unreadable(
        vendor, response, secrets, UnreadableBody(f"answer larger than {limit} bytes")
    )


def _decoder(
    vendor: str, response: httpx.Response, client: Client | AsyncClient, encoding: str
) -> BoundedDecoder:
    try:
        return BoundedDecoder(encoding, client.max_response_bytes)
    except UnreadableBody as err:
        raise _unreadable(vendor, response, client.secrets, err) from err


def _feed(
    vendor: str,
    response: httpx.Response,
    client: Client | AsyncClient,
    decoder: BoundedDecoder,
    chunk: bytes,
) -> None:
    try:
        decoder.feed(chunk)
    except UnreadableBody as err:
        raise _unreadable(vendor, response, client.secrets, err) from err


def _finish(
    vendor: str, response: httpx.Response, client: Client | AsyncClient, decoder: BoundedDecoder
) -> bytes:
    try:
        return decoder.finish()
    except UnreadableBody as err:
        raise _unreadable(vendor, response, client.secrets, err) from err


def _unreadable(
    vendor: str, response: httpx.Response, secrets: Secrets, err: Exception
) -> VendorError:
    return VendorError(vendor, response.status_code, secrets.scrub_text(str(err)), None)


def answer(
    vendor: str, response: httpx.Response, body: bytes, secrets: Secrets = NO_SECRETS
) -> Any:
    """Raise for an error answer; otherwise the answer's JSON object with credentials scrubbed.

    normalize() reads vendor records itself, so the generated models' from_dict/to_dict round
    trip would be work done twice.
    """
    if not response.is_success:
        raise error_for(vendor, response, body, secrets)
    try:
        parsed = decode_json_object(body)
    except UnreadableBody as err:
        raise VendorError(
            vendor,
            response.status_code,
            secrets.scrub_text(str(err)),
            secrets.scrub(_text(response, body)[:2000]),
        ) from err
    # Walking the whole answer to scrub it is skipped only when no credential can be in it.
    scrubbed = secrets.scrub(parsed) if secrets.might_appear_in(body) else parsed
    declared = errors_of(vendor)
    if declared.failed(scrubbed):  # a failure inside a successful answer (an envelope)
        fallback = f"{declared.envelope}: false"
        raise _declared_error(vendor, response.status_code, scrubbed, fallback, secrets)
    return scrubbed


def decode_json_object(body: bytes) -> dict[str, Any]:
    """The JSON object `body` holds; UnreadableBody for anything else (list, number, 10^5 deep)."""
    if not body.strip():
        raise UnreadableBody("no answer body")
    problem: str | None = None
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        reason = "nested too deep" if isinstance(err, RecursionError) else str(err)[:200]
        problem = f"unreadable answer ({type(err).__name__}: {reason})"
    # Raised out here, with no chain: the JSONDecodeError's `doc` is the whole raw body, which
    # may echo a credential that no scrubbing of messages would reach.
    if problem is not None:
        raise UnreadableBody(problem)
    if not isinstance(parsed, dict):
        raise UnreadableBody(f"unreadable answer: JSON {_kind(parsed)}, not an object")
    if _may_nest_deeper_than(body, MAX_DEPTH) and _deeper_than(parsed, MAX_DEPTH):
        raise UnreadableBody(f"unreadable answer: JSON nested deeper than {MAX_DEPTH}")
    return parsed


def _kind(value: Any) -> str:
    names = {list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _may_nest_deeper_than(raw: bytes, limit: int) -> bool:
    """False when the JSON text `raw` opens too few containers to nest past `limit` levels."""
    return raw.count(b"{") + raw.count(b"[") > limit


def _deeper_than(value: Any, limit: int) -> bool:
    """True when containers nest more than `limit` levels (walked level by level, no recursion)."""
    level = [value] if isinstance(value, dict | list) else []
    for _ in range(limit):
        level = [
            child
            for item in level
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, dict | list)
        ]
    return bool(level)


def transport_error(
    vendor: str,
    err: httpx.HTTPError,
    secrets: Secrets = NO_SECRETS,
    request: httpx.Request | None = None,
) -> TransportError:
    kind = "timed out" if isinstance(err, httpx.TimeoutException) else "failed"
    sent = err.request if _has_request(err) else request
    where = redacted_url(str(sent.url.copy_with(query=None))) if sent else "the vendor"
    message = f"{vendor}: request to {where} {kind} ({type(err).__name__}: {err})"
    return TransportError(secrets.scrub_text(message))


def _clean_cause(err: BaseException, secrets: Secrets) -> BaseException | None:
    """`err`, to chain to the TransportError, unless a credential is anywhere in its chain (an
    httpx message quoting a header value, a JSONDecodeError's document): then None."""
    seen: set[int] = set()
    link: BaseException | None = err
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        texts = [str(link), repr(link.args), str(getattr(link, "doc", ""))]
        if any(secrets.contained_in(text) for text in texts):
            return None
        link = link.__cause__ or link.__context__
    return err


def _build(client: Client | AsyncClient, vendor: str, request: dict[str, Any]) -> httpx.Request:
    try:
        return client.requests.build(request)
    except httpx.InvalidURL as err:  # e.g. a 100 kB id: longer than any URL httpx sends
        reason = client.secrets.scrub_text(str(err))[:200]
    raise InvalidArgumentError("url", f"{vendor}: the request cannot be sent ({reason})")


def _has_request(err: httpx.HTTPError) -> bool:
    try:
        err.request  # noqa: B018  (raises when the error has no request)
    except RuntimeError:
        return False
    return True


def error_for(
    vendor: str,
    response: httpx.Response,
    body: bytes | None = None,
    secrets: Secrets = NO_SECRETS,
) -> VendorResponseError:
    """The exception for a vendor's error answer, with its parsed body and a readable message,
    as the vendor's room declares its errors (its `errors`: status codes, body fields, the
    message's fields); every credential the adapter holds is scrubbed from both."""
    parsed = secrets.scrub(body_of(response, body))
    return _declared_error(vendor, response.status_code, parsed, response.reason_phrase, secrets)


def _declared_error(
    vendor: str, code: int, parsed: Any, fallback: str, secrets: Secrets
) -> VendorResponseError:
    declared = errors_of(vendor)
    message = secrets.scrub_text(declared.message_of(parsed) or fallback or "error")
    return declared.kind(code, parsed)(vendor, code, message, parsed)


def errors_of(vendor: str) -> Errors:
    """What the vendor's room says its errors mean (the usual reading for a vendor it lacks)."""
    try:
        return vendors.get(vendor).errors
    except UnknownVendorError:
        return DEFAULT_ERRORS


def body_of(response: httpx.Response, body: bytes | None = None) -> Any:
    """An error answer's body: its JSON when it is readable JSON, else its first 2000 characters."""
    raw = response.content if body is None else body
    try:
        parsed = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _text(response, raw)[:2000]
    return _text(response, raw)[:2000] if _deeper_than(parsed, MAX_DEPTH) else parsed


def _text(response: httpx.Response, body: bytes) -> str:
    try:
        return body.decode(response.charset_encoding or "utf-8", errors="replace")
    except (LookupError, UnicodeError):  # a charset Python does not know, or not for text:
        return body.decode("utf-8", errors="replace")  # idna and punycode decode no body
