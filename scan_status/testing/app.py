"""A Starlette app serving every operation of one vendor's spec, validated by openapi-core."""

from __future__ import annotations

import asyncio
import copy
import json
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from openapi_core import OpenAPI
from openapi_core.contrib.starlette.requests import StarletteOpenAPIRequest
from openapi_core.contrib.starlette.responses import StarletteOpenAPIResponse
from ruamel.yaml import YAML
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from scan_status.testing.scenarios import SCENARIOS, Fault, Step
from scan_status.totality import declared
from scan_status.vendors import Call, MockAnswers, Room

METHODS = ("get", "put", "post", "delete", "patch")
AUTH_FAILED = "Authentication failed, check your API Key."


@dataclass
class Recorded:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


@dataclass
class MockState:
    """Each scan's script (the last step repeats), what was received, and any answer off-spec."""

    vendor: str
    scenario: str
    scripts: dict[str, list[Step]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)  # the HTTP status of each answer, in order
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def script(self, scan_id: str, steps: list[Step]) -> None:
        if not steps:
            raise ValueError("a script needs at least one step")
        with self.lock:
            self.scripts[scan_id] = list(steps)

    def next_step(self, scan_id: str) -> Step:
        with self.lock:
            steps = self.scripts.setdefault(scan_id, SCENARIOS[self.scenario](self.vendor))
            return steps.pop(0) if len(steps) > 1 else steps[0]


def load_spec(room: Room) -> dict[str, Any]:
    """The spec the vendor's generated client was made from (it ships inside the client)."""
    text = files(room.package).joinpath("openapi.yaml").read_text(encoding="utf-8")
    loaded: dict[str, Any] = YAML(typ="safe", pure=True).load(text)
    return loaded


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def status_values(spec: dict[str, Any]) -> set[str] | None:
    """The status values the spec lists, or None when its status is free text (Cortex)."""
    return {value for _, value in declared(spec)} or None


def build_app(
    room: Room,
    vendor: MockAnswers,
    state: MockState,
    credentials: dict[str, str],
    validate_responses: bool,
) -> Starlette:
    spec = load_spec(room)
    # The headers the room's adapter sends with these credentials are the ones that pass.
    expected = {name.lower(): value for name, value in room.headers(credentials).items()}
    served = copy.deepcopy(spec)
    served["servers"] = [{"url": vendor.base_path or "/"}]
    openapi = OpenAPI.from_dict(served)
    known = status_values(spec)

    def endpoint(operation: str) -> Callable[[Request], Awaitable[Response]]:
        async def handle(request: Request) -> Response:
            response = await answer(request)
            state.answered.append(response.status_code)
            return response

        async def answer(request: Request) -> Response:
            raw = await request.body()
            headers = {k.lower(): v for k, v in request.headers.items()}
            state.requests.append(
                Recorded(request.method, request.url.path, request.url.query, headers, raw)
            )
            if not vendor.authenticates(headers, expected):
                return _checked(*vendor.fault(Fault.UNAUTHORIZED, 401, AUTH_FAILED), request, raw)
            refused = vendor.refuses(headers)
            if refused:
                return _checked(*refused, request, raw)
            request = _with_headers(request, vendor.as_validated(headers))
            problem = _request_problem(openapi, request, raw)
            if problem:
                return _checked(400, vendor.error(400, *problem), request, raw)
            call = Call(
                operation,
                dict(request.path_params),
                dict(request.query_params),
                headers,
                json.loads(raw) if raw else None,
            )
            ids = vendor.scan_ids(call)
            steps = [state.next_step(scan_id) for scan_id in ids]
            delay = max((step.delay for step in steps), default=0.0)  # [] asks of no scan
            if delay:
                await asyncio.sleep(delay)
            fault = next((step for step in steps if step.fault), None)
            if fault:
                return _fault(fault, ids, request, raw)
            on_spec = known is None or all(
                step.value is None or step.value in known for step in steps
            )
            body = vendor.answer(call, ids, steps)
            return _checked(200, body, request, raw) if on_spec else JSONResponse(body)

        return handle

    def _fault(step: Step, ids: list[str], request: Request, raw: bytes) -> Response:
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
        code, body = vendor.fault(step.fault or Fault.SERVER_ERROR, code, message)
        return _checked(code, body, request, raw, headers)

    def _checked(
        code: int, body: Any, request: Request, raw: bytes, headers: dict[str, str] | None = None
    ) -> Response:
        response = JSONResponse(body, status_code=code, headers=headers)
        if validate_responses:
            try:
                openapi.validate_response(
                    StarletteOpenAPIRequest(request, raw), StarletteOpenAPIResponse(response)
                )
            except Exception as err:  # the mock broke its own spec: say so loudly
                state.errors.append(
                    f"{request.method} {request.url.path} -> {code}: {_describe(err)}"
                )
                return JSONResponse({"mock_error": _describe(err)}, status_code=500)
        return response

    async def unknown(request: Request) -> Response:
        answer = vendor.unknown_path(request.url.path.removeprefix(vendor.base_path))
        if answer is None:
            return Response(b"Not Found", status_code=404, media_type="text/plain")
        return JSONResponse(answer[1], status_code=answer[0])

    routes = [
        Route(vendor.base_path + path, endpoint(op["operationId"]), methods=[method.upper()])
        for path, method, op in operations(spec)
    ]
    # Last: a path no operation serves is answered as the vendor answers it (ThreadFix: 404 in
    # its envelope).
    routes.append(Route("/{anything:path}", unknown, methods=[m.upper() for m in METHODS]))
    return Starlette(routes=routes)


def _with_headers(request: Request, headers: dict[str, str]) -> Request:
    """The request with these headers, for the spec's check (the body was read already)."""
    scope = dict(request.scope)
    scope["headers"] = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    return Request(scope, request.receive)


def _request_problem(
    openapi: OpenAPI, request: Request, raw: bytes
) -> tuple[str, str | None] | None:
    try:
        openapi.validate_request(StarletteOpenAPIRequest(request, raw or None))
    except Exception as err:
        return _describe(err), getattr(err, "name", None) or (
            "body" if "body" in type(err).__name__.lower() else None
        )
    return None


def _describe(err: BaseException) -> str:
    parts = [str(err) or type(err).__name__]
    cause = err.__cause__
    for schema_error in getattr(cause, "schema_errors", None) or []:
        parts.append(getattr(schema_error, "message", str(schema_error)))
    if cause is not None and not getattr(cause, "schema_errors", None) and str(cause):
        parts.append(str(cause))
    return "; ".join(parts)
