"""What every adapter shares: its HTTP clients, sending a generated operation, errors, closing.

Each request is built by the vendor's generated operation (its public `request_kwargs`: method,
path, query, headers, JSON body from the generated models) and sent on the adapter's own
connection pool, which adds retries, timeouts and the credentials (from the vendor's room).
httpx is imported when the first adapter is built, not when scan_status is.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Self

from scan_status import overrides, polling, vendors
from scan_status import transport as layer  # `transport` is an option's name here
from scan_status.errors import InvalidArgumentError, NotFoundError, ScanStatusError
from scan_status.normalize import normalize
from scan_status.status import NormalizedStatus
from scan_status.transport import RetryPolicy, redacted_url
from scan_status.transport.loops import LoopClients

if TYPE_CHECKING:
    import ssl

    import httpx

    from scan_status import waiting
    from scan_status.overrides import Rows
    from scan_status.polling import Polled, PollState
    from scan_status.transport.hooks import Hooks
    from scan_status.vendors import Room
    from scan_status.waiting import OnResult, OnUpdate, WaitPolicy, WaitResult

# How many ids one batch request carries at most (Protecto's get_statuses).
BATCH_SIZE = 100


def create(vendor: str, *, base_url: str, **credentials_and_options: Any) -> Any:
    """The vendor's adapter: its room's adapter class, or a plain status adapter (a room that
    needs no code of its own)."""
    room = vendors.get(vendor)
    cls = room.adapter
    if cls is None:
        cls = type(f"{room.key.title()}Adapter", (StatusAdapter,), {"vendor": room.key})
    return cls(base_url, **credentials_and_options)


def build(operation: str, **arguments: Any) -> dict[str, Any]:
    """The request a generated operation (a module, e.g. "threadfix_client.api.default.x") makes
    of these arguments, through its public `request_kwargs`: the one seam to the clients.

    A path parameter that would not stay one segment of the operation's path (the client's
    InvalidPathParameter: "", "." or "..") is an InvalidArgumentError naming it; nothing is sent.
    """
    module = importlib.import_module(operation)
    errors = importlib.import_module(operation.partition(".")[0] + ".errors")
    try:
        built: dict[str, Any] = module.request_kwargs(**arguments)
    except errors.InvalidPathParameter as refused:
        raise InvalidArgumentError(refused.name, str(refused)) from refused
    return built


def _check_header_values(vendor: str, headers: dict[str, str], credentials: dict[str, str]) -> None:
    """InvalidArgumentError naming the credential (never its value) that a header cannot carry:
    HTTP header values here are printable ASCII (httpx encodes them as ASCII; a control
    character such as NUL would be refused by the HTTP layer, quoting the value)."""
    for value in headers.values():
        if all(" " <= char <= "~" or char == "\t" for char in value):
            continue
        named = [name for name, given in credentials.items() if given and given in value]
        name = named[0] if named else "a header"
        raise InvalidArgumentError(
            name,
            f"{vendor}: {name} cannot be sent in an HTTP header: it holds a character that is "
            "not printable ASCII (a non-ASCII letter or a control character); check how it "
            "was copied",
        )


class Adapter:
    """Holds credentials only inside its httpx clients' headers: never in its repr or errors."""

    vendor: ClassVar[str]
    extra_headers: ClassVar[dict[str, str]] = {}

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        verify: bool | str | ssl.SSLContext = True,
        strict: bool = False,
        max_response_bytes: int | None = None,
        mapping: Rows | None = None,
        proxy: str | httpx.Proxy | None = None,
        trust_env: bool = True,
        cert: str | tuple[str, str] | tuple[str, str, str] | None = None,
        event_hooks: Hooks | None = None,
        async_event_hooks: Hooks | None = None,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        allow_plaintext_proxy: bool = False,
        **credentials: str,
    ) -> None:
        """The HTTP options (proxy, trust_env, verify, cert, event hooks, your own transport,
        allow_plaintext_proxy) are described in scan_status.transport.connection."""
        import httpx  # deferred: the first adapter built loads httpx, not `import scan_status`

        options = layer.HttpOptions(
            proxy=proxy,
            trust_env=trust_env,
            verify=verify,
            cert=cert,
            event_hooks=event_hooks,
            async_event_hooks=async_event_hooks,
            transport=transport,
            async_transport=async_transport,
            allow_plaintext_proxy=allow_plaintext_proxy,
        )
        headers = {**self.auth_headers(credentials), **self.extra_headers}
        _check_header_values(self.vendor, headers, credentials)
        self.base_url = base_url.rstrip("/")
        self.strict = strict
        # This adapter's own status rows: they win over every other mapping (checked here).
        self.mapping = overrides.checked(self.vendor, mapping) if mapping else {}
        if timeout is None:
            timeout = layer.DEFAULT_TIMEOUT
        self._settings = (
            self.base_url,
            headers,
            timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
            retry or RetryPolicy(),
            layer.Reach(self.vendor, self.base_url, options),
            layer.DEFAULT_MAX_RESPONSE_BYTES if max_response_bytes is None else max_response_bytes,
            self.request_signer(credentials),
            tuple(credentials.values()),
        )
        self._http = layer.sync_client(*self._settings)
        self._async_http = LoopClients(self.vendor, lambda: layer.async_client(*self._settings))

    def auth_headers(self, credentials: dict[str, str]) -> dict[str, str]:
        """The headers every request carries (default: the room's, from the credentials).

        A hook a vendor's adapter may override (Cortex's advanced key sends none of its own).
        """
        return self.room.headers(credentials)

    def request_signer(self, credentials: dict[str, str]) -> Callable[[], dict[str, str]] | None:
        """Headers to make afresh for every request and retry, or None (default).

        A hook a vendor's adapter may override (Cortex's advanced keys sign each attempt).
        """
        return None

    @functools.cached_property
    def room(self) -> Room:
        """The vendor's room, looked up once: every request reads it."""
        return vendors.get(self.vendor)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={redacted_url(self.base_url)!r})"

    def _send(self, request: dict[str, Any]) -> Any:
        """Send a request the generated operation built; the answer's JSON object, or a typed error."""
        return layer.send(self._http, self.vendor, request)

    async def _asend(self, request: dict[str, Any]) -> Any:
        return await layer.asend(self._async_http.current(), self.vendor, request)

    def _normalize(self, raw: Any) -> NormalizedStatus:
        """A vendor record in the common vocabulary, with this adapter's mapping and strictness."""
        return normalize(self.vendor, raw, strict=self.strict, mapping=self.mapping)

    def close(self) -> None:
        """Close the adapter's connection pool (a `with` block does it); a call after it raises."""
        self._http.close()
        self._async_http.close()

    async def aclose(self) -> None:
        """Close both connection pools, the async one on its event loop (`async with` does it)."""
        self._http.close()
        await self._async_http.aclose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.aclose()


class PollingAdapter(Adapter):
    """An adapter that can read a status, and so can wait for a terminal one."""

    def get_status(self, *ids: Any) -> NormalizedStatus:
        """Ask the vendor once for the scan these ids name, in the common vocabulary.

        Raises the error family's VendorResponseError (refused, not found, rate limited, any
        other error answer) or TransportError (not reached in time).
        """
        raise NotImplementedError

    async def aget_status(self, *ids: Any) -> NormalizedStatus:
        """get_status, on the event loop: asyncio or trio."""
        raise NotImplementedError

    def poll(
        self,
        scan: Any,
        state: PollState | Mapping[str, Any] | None = None,
        *,
        policy: WaitPolicy | None = None,
    ) -> Polled:
        """Read one scan's status once: (status, state), the state saying when to poll next.

        `scan` is its id, or the tuple of its ids (as wait_all takes it). With no `state` the
        wait starts now under `policy` (default WaitPolicy()); give the state returned (or its
        to_dict(), from any process) to the next call. The state's times are time.time()
        seconds: `state.next_poll_at`, and `state.done` once settled or past the deadline.
        Vendor errors are raised as get_status raises them.
        """
        (ids,) = self._scans([scan])
        return polling.poll(lambda: self.get_status(*ids), state, policy)

    async def apoll(
        self,
        scan: Any,
        state: PollState | Mapping[str, Any] | None = None,
        *,
        policy: WaitPolicy | None = None,
    ) -> Polled:
        """poll, on the event loop (aget_status): asyncio or trio."""
        (ids,) = self._scans([scan])
        return await polling.apoll(lambda: self.aget_status(*ids), state, policy)

    def wait(
        self, *ids: Any, policy: WaitPolicy | None = None, on_update: OnUpdate | None = None
    ) -> NormalizedStatus:
        """Poll get_status(*ids) until terminal (or, with on_unknown="stop", the first UNKNOWN);
        WaitTimeoutError (with the last status) past the policy's deadline. The same steps as
        poll, in one process, sleeping between them."""
        from scan_status import waiting  # deferred: about 8 ms; get_status needs none of it

        return waiting.wait(
            lambda: self.get_status(*ids), policy or waiting.WaitPolicy(), on_update
        )

    async def await_terminal(
        self, *ids: Any, policy: WaitPolicy | None = None, on_update: OnUpdate | None = None
    ) -> NormalizedStatus:
        """wait, on the event loop (aget_status): asyncio or trio (anyio)."""
        from scan_status import waiting  # deferred: about 8 ms; get_status needs none of it

        return await waiting.await_terminal(
            lambda: self.aget_status(*ids), policy or waiting.WaitPolicy(), on_update
        )

    def wait_all(
        self,
        scans: Iterable[Any],
        *,
        policy: WaitPolicy | None = None,
        concurrency: int = 8,
        on_update: OnResult | None = None,
    ) -> list[WaitResult]:
        """Wait for many scans under ONE deadline (the policy's timeout); a WaitResult per scan,
        in the order given, each its final status or the error that ended its wait.

        A scan is its id, or a tuple of its ids for a vendor with several (ThreadFix: (app_id,
        pending_scan_id)). At most `concurrency` requests are in flight; a vendor that reads
        many ids in one request (Protecto) gets one request per round for every scan pending.
        `on_update` hears each status as it is read and each result as it becomes final.
        """
        from scan_status import waiting  # deferred: about 8 ms; get_status needs none of it

        listed = self._scans(scans)

        def poll(members: list[int]) -> waiting.Answers:
            try:
                if self._batched():
                    statuses = self.get_statuses([listed[i][0] for i in members])  # type: ignore[attr-defined]
                    return self._matched(listed, members, statuses)
                (index,) = members
                return {index: self.get_status(*listed[index])}
            except ScanStatusError as err:
                return dict.fromkeys(members, err)

        return waiting.wait_many(
            listed,
            poll,
            policy or waiting.WaitPolicy(),
            group=BATCH_SIZE if self._batched() else 1,
            concurrency=waiting.check_concurrency(concurrency),
            on_update=on_update,
        )

    async def await_all(
        self,
        scans: Iterable[Any],
        *,
        policy: WaitPolicy | None = None,
        concurrency: int = 8,
        on_update: OnResult | None = None,
    ) -> list[WaitResult]:
        """wait_all on the event loop (aget_status / aget_statuses), asyncio or trio (anyio);
        the same results."""
        from scan_status import waiting  # deferred: about 8 ms; get_status needs none of it

        listed = self._scans(scans)

        async def poll(members: list[int]) -> waiting.Answers:
            try:
                if self._batched():
                    ids = [listed[i][0] for i in members]
                    statuses = await self.aget_statuses(ids)  # type: ignore[attr-defined]
                    return self._matched(listed, members, statuses)
                (index,) = members
                return {index: await self.aget_status(*listed[index])}
            except ScanStatusError as err:
                return dict.fromkeys(members, err)

        return await waiting.await_many(
            listed,
            poll,
            policy or waiting.WaitPolicy(),
            group=BATCH_SIZE if self._batched() else 1,
            concurrency=waiting.check_concurrency(concurrency),
            on_update=on_update,
        )

    def _batched(self) -> bool:
        return self.room.batch and callable(getattr(self, "get_statuses", None))

    def _scans(self, scans: Iterable[Any]) -> list[tuple[Any, ...]]:
        """Each scan as the tuple of ids get_status takes; a TypeError names a wrong one."""
        names = [param.name for param in self.room.ids]
        listed: list[tuple[Any, ...]] = []
        for scan in scans:
            ids = tuple(scan) if isinstance(scan, tuple | list) else (scan,)
            if len(ids) != len(names):
                raise TypeError(
                    f"{self.vendor}: each scan is "
                    + (f"({', '.join(names)})" if len(names) > 1 else names[0])
                    + f", not {scan!r}"
                )
            listed.append(ids)
        return listed

    def _matched(
        self,
        listed: Sequence[tuple[Any, ...]],
        members: list[int],
        statuses: list[NormalizedStatus],
    ) -> waiting.Answers:
        """A batch answer's statuses by scan; a scan the answer left out is not found."""
        by_id = {status.scan_id: status for status in statuses}
        answers: waiting.Answers = {}
        for index in members:
            found = by_id.get(str(listed[index][0]))
            answers[index] = found or NotFoundError(
                self.vendor, 200, f"no status for {listed[index][0]!r} in the answer", None
            )
        return answers


class StatusAdapter(PollingAdapter):
    """A vendor whose status is one operation: the room's `status_operation`, called with the
    room's id parameters. A room needs no adapter code of its own when this fits."""

    def status_arguments(self, *ids: Any) -> dict[str, Any]:
        """The generated operation's arguments for these ids (default: the id names).

        A hook a vendor's adapter may override (Cortex adds its fields and user agent).
        """
        names = [param.name for param in self.room.ids]
        if len(ids) != len(names):
            raise TypeError(f"{self.vendor} get_status takes {', '.join(names)}")
        return dict(zip(names, ids, strict=True))

    def status_request(self, *ids: Any) -> dict[str, Any]:
        """The request that reads these ids' status, from the room's `status_operation`.

        A hook a vendor's adapter may override (ThreadFix picks its versioned or legacy path).
        """
        operation = self.room.status_operation
        if operation is None:
            raise TypeError(f"{self.vendor} has no status operation to read")
        return build(operation, **self.status_arguments(*ids))

    def get_status(self, *ids: Any) -> NormalizedStatus:
        return self._read(self._send(self.status_request(*ids)), ids)

    async def aget_status(self, *ids: Any) -> NormalizedStatus:
        return self._read(await self._asend(self.status_request(*ids)), ids)

    def _read(self, answer: Any, ids: tuple[Any, ...]) -> NormalizedStatus:
        status = self._normalize(answer)
        return status if status.scan_id else replace(status, scan_id=str(ids[-1]))
