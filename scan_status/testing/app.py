"""A Starlette app serving every operation of one vendor's spec, each request and answer checked
against the spec (scan_status.testing.validation)."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import functools
import json
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from scan_status.testing.scenarios import SCENARIOS, Fault, Step
from scan_status.testing.validation import Operation, compile_operation, registry_for
from scan_status.totality import declared
from scan_status.vendors import Call, MockAnswers, Room
from scan_status.vendors._room import shipped_spec

METHODS = ("get", "put", "post", "delete", "patch")
AUTH_FAILED = "Authentication failed, check your API Key."
# A body over this is refused unread (413): a mock's requests are a few ids, and a client sending
# hundreds of megabytes must not grow the server by as much.
MAX_BODY_BYTES = 4 * 1024 * 1024
# A body over this is checked and answered in a worker thread, so that a request naming many ids
# does not hold up every other one; smaller ones are cheaper to answer inline.
INLINE_BODY_BYTES = 64 * 1024

T = TypeVar("T")


# What a mock remembers of the requests it received (MockServer.requests, .answered): the most
# recent MAX_RECORDED, each body cut at MAX_RECORDED_BODY bytes (`size` says how long it was),
# and at most MAX_RECORDED_BYTES of bodies and headers in all; older ones are forgotten first.
MAX_RECORDED = 10_000
MAX_RECORDED_BODY = 64 * 1024
MAX_RECORDED_BYTES = 16 * 1024 * 1024


@dataclass
class Recorded:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes  # at most MAX_RECORDED_BODY bytes of it
    size: int = -1  # the body's whole length (-1: as long as `body`)

    def __post_init__(self) -> None:
        if self.size < 0:
            self.size = len(self.body)
        self.body = self.body[:MAX_RECORDED_BODY]

    def kept_bytes(self) -> int:
        """About what remembering it costs: its body and headers as kept."""
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers.items())


class Recording:
    """The most recent requests, within MAX_RECORDED and MAX_RECORDED_BYTES (thread-safe)."""

    def __init__(self) -> None:
        self._kept: deque[Recorded] = deque()
        self._bytes = 0
        self._lock = threading.Lock()

    def append(self, request: Recorded) -> None:
        with self._lock:
            self._kept.append(request)
            self._bytes += request.kept_bytes()
            while len(self._kept) > MAX_RECORDED or self._bytes > MAX_RECORDED_BYTES:
                self._bytes -= self._kept.popleft().kept_bytes()

    def listed(self) -> list[Recorded]:
        with self._lock:
            return list(self._kept)


@dataclass
class MockState:
    """Each scan's script (the last step repeats), what was received, and any answer off-spec."""

    vendor: str
    scenario: str
    scripts: dict[str, list[Step]] = field(default_factory=dict)
    requests: Recording = field(default_factory=Recording)
    # The HTTP status of each answer, in order (the most recent MAX_RECORDED).
    answered: deque[int] = field(default_factory=lambda: deque(maxlen=MAX_RECORDED))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Set as the server stops: a scripted delay still running ends then, so that a stop never
    # waits out an answer the test has stopped waiting for.
    stopping: asyncio.Event = field(default_factory=asyncio.Event)

    async def pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), seconds)

    def script(self, scan_id: str, steps: list[Step]) -> None:
        if not steps:
            raise ValueError("a script needs at least one step")
        with self.lock:
            self.scripts[scan_id] = list(steps)

    def next_step(self, scan_id: str) -> Step:
        with self.lock:
            steps = self.scripts.get(scan_id)
            if steps is None:  # built only when needed: it reads the room's phases each time
                steps = self.scripts[scan_id] = SCENARIOS[self.scenario](self.vendor)
            return steps.pop(0) if len(steps) > 1 else steps[0]


def load_spec(room: Room) -> dict[str, Any]:
    """The spec the vendor's generated client was made from (it ships inside the client), the
    caller's own copy: parsing it costs more than starting a mock, so it is parsed once."""
    return copy.deepcopy(shipped_spec(room.package))


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


@functools.cache
def compiled_operations(package: str) -> list[tuple[str, str, str, Operation]]:
    """(path, method, operationId, its checks) for each operation of the spec `package` ships,
    built once a process: the checks keep no state, so every mock of the vendor shares them."""
    spec = shipped_spec(package)
    registry = registry_for(spec)
    return [
        (path, method, op["operationId"], compile_operation(spec, path, method, registry))
        for path, method, op in operations(spec)
    ]


def status_values(spec: dict[str, Any]) -> set[str] | None:
    """The status values the spec lists, or None when its status is free text (Cortex)."""
    return {value for _, value in declared(spec)} or None


async def in_thread(work: Callable[..., T], *args: Any) -> T:
    """`work(*args)` in the loop's default executor, whose threads asyncio.run joins as the
    server stops (anyio's, which Starlette's run_in_threadpool uses, end a moment later)."""
    return await asyncio.get_running_loop().run_in_executor(None, work, *args)


class _TooLarge(Exception):
    pass


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused (_TooLarge) before reading it when its declared length is over `limit`,
    and as soon as it passes `limit` when it comes in chunks."""
    length = request.headers.get("content-length", "")
    if length.isascii() and length.isdigit() and int(length) > limit:
        raise _TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def build_app(
    room: Room,
    vendor: MockAnswers,
    state: MockState,
    credentials: dict[str, str],
    validate_responses: bool,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> Starlette:
    spec = shipped_spec(room.package)  # shared: nothing here changes it
    # The headers the room's adapter sends with these credentials are the ones that pass.
    expected = {name.lower(): value for name, value in room.headers(credentials).items()}
    known = status_values(spec)

    def endpoint(name: str, operation: Operation) -> Callable[[Request], Awaitable[Response]]:
        async def handle(request: Request) -> Response:
            response = await answer(request)
            state.answered.append(response.status_code)
            return response

        async def answer(request: Request) -> Response:
            headers = {k.lower(): v for k, v in request.headers.items()}
            try:
                raw = await read_body(request, max_body_bytes)
            except _TooLarge:
                state.requests.append(_recorded(request, headers, b""))
                message = f"Request body over {max_body_bytes} bytes"
                return _error(413, message, operation, request, close=True)
            state.requests.append(_recorded(request, headers, raw))
            if not vendor.authenticates(headers, expected):
                code, body = vendor.fault(Fault.UNAUTHORIZED, 401, AUTH_FAILED)
                return _checked(code, body, operation, request)
            refused = vendor.refuses(headers)
            if refused:
                return _checked(*refused, operation, request)
            if len(raw) <= INLINE_BODY_BYTES:
                reply = checked_reply(request, operation, headers, raw)
            else:
                reply = await in_thread(checked_reply, request, operation, headers, raw)
            if isinstance(reply, Response):
                return reply
            ids, steps, respond = reply
            delay = max((step.delay for step in steps), default=0.0)  # [] asks of no scan
            if delay:
                await state.pause(delay)
            fault = next(
                ((i, step) for i, step in zip(ids, steps, strict=True) if step.fault), None
            )
            if fault:
                return _fault(fault[1], fault[0], ids, operation, request)
            if len(raw) <= INLINE_BODY_BYTES:
                return respond()
            return await in_thread(respond)

        def checked_reply(
            request: Request, operation: Operation, headers: dict[str, str], raw: bytes
        ) -> Response | tuple[list[str], list[Step], Callable[[], Response]]:
            query: dict[str, list[str]] = {}
            for key, value in request.query_params.multi_items():
                query.setdefault(key, []).append(value)
            checked_headers = vendor.as_validated(headers)
            problem = operation.request_problem(request.path_params, query, checked_headers, raw)
            if problem:
                code, message, about = problem
                return _checked(code, vendor.error(code, message, about), operation, request)
            call = Call(
                name,
                dict(request.path_params),
                dict(request.query_params),
                headers,
                json.loads(raw) if raw and operation.bodies else None,
            )
            ids = vendor.scan_ids(call)
            steps = [state.next_step(scan_id) for scan_id in ids]

            def respond() -> Response:
                on_spec = known is None or all(
                    step.value is None or step.value in known for step in steps
                )
                body = vendor.answer(call, ids, steps)
                return _checked(200, body, operation, request) if on_spec else JSONResponse(body)

            return ids, steps, respond

        return handle

    def _recorded(request: Request, headers: dict[str, str], raw: bytes) -> Recorded:
        # From the scope: building request.url costs more than the rest of a small answer.
        query = request.scope["query_string"].decode("latin-1")
        return Recorded(request.method, request.scope["path"], query, headers, raw)

    def _error(
        code: int, message: str, operation: Operation | None, request: Request, close: bool = False
    ) -> Response:
        headers = {"Connection": "close"} if close else None
        return _checked(code, vendor.error(code, message), operation, request, headers)

    def _fault(
        step: Step, scan_id: str, ids: list[str], operation: Operation, request: Request
    ) -> Response:
        if step.fault is Fault.MALFORMED:
            return Response(b'{"truncated": [', status_code=200, media_type="application/json")
        code = step.http_status or 500
        message = {
            Fault.UNAUTHORIZED: AUTH_FAILED,
            Fault.NOT_FOUND: f"no scan {', '.join(ids)}",
            Fault.RATE_LIMITED: "Too many requests",
            Fault.SERVER_ERROR: "Service unavailable",
        }[step.fault or Fault.SERVER_ERROR]
        headers = {"Retry-After": str(step.retry_after)} if step.retry_after is not None else None
        code, body = vendor.fault(step.fault or Fault.SERVER_ERROR, code, message, scan_id)
        return _checked(code, body, operation, request, headers)

    def _checked(
        code: int,
        body: Any,
        operation: Operation | None,
        request: Request,
        headers: dict[str, str] | None = None,
    ) -> Response:
        response = JSONResponse(body, status_code=code, headers=headers)
        if validate_responses and operation is not None and code not in (405, 413):
            problem = operation.answer_problem(code, response.media_type, body)
            if problem:  # the mock broke its own spec: say so loudly
                state.errors.append(f"{request.method} {request.url.path} -> {code}: {problem}")
                return JSONResponse({"mock_error": problem}, status_code=500)
        return response

    async def refused(request: Request, exc: Exception) -> Response:
        """No route (404) or a method the path does not take (405), in the vendor's shape."""
        assert isinstance(exc, HTTPException)
        state.answered.append(exc.status_code)
        if exc.status_code == 404:  # a path no operation serves, answered as the vendor does
            known_answer = vendor.unknown_path(request.url.path.removeprefix(vendor.base_path))
            if known_answer is None:  # outside the vendor's API: the web server's plain 404
                return Response(b"Not Found", status_code=404, media_type="text/plain")
            return JSONResponse(known_answer[1], status_code=known_answer[0])
        return JSONResponse(
            vendor.error(exc.status_code, str(exc.detail)),
            status_code=exc.status_code,
            headers=exc.headers,
        )

    async def gone(request: Request, exc: Exception) -> Response:
        return Response(status_code=400)  # the client left mid-body; nobody reads this

    routes = [
        Route(vendor.base_path + path, endpoint(name, operation), methods=[method.upper()])
        for path, method, name, operation in compiled_operations(room.package)
    ]
    return Starlette(
        routes=routes,
        exception_handlers={HTTPException: refused, ClientDisconnect: gone},
    )
