"""Every answer a spec documents, served over real HTTP to the generated clients.

The answers are read from the specs' `examples` (the vendors' pages, SDKs and server code put
them there), so a new documented answer is tested the day it is written down. Each one goes
through the attrs client (`sync_detailed`) and the pydantic model in `<client>.schemas`; neither
may raise, and both must keep what the vendor sent. Each one also goes through scan_status's
adapter, which gives a status or a documented ScanStatusError, never anything else.
"""

from __future__ import annotations

import importlib
import json
import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import scan_status
from scan_status import (
    AuthenticationError,
    NormalizedStatus,
    NotFoundError,
    RateLimitedError,
    RetryPolicy,
    ScanState,
    ScanStatusError,
    VendorError,
    vendors,
)
from tests.support.http_server import on_loopback
from tests.support.rooms import ALL, sample_ids
from tests.support.spec_data import spec_data

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = tomllib.loads((ROOT / "generator" / "packages.toml").read_text())
METHODS = ("get", "put", "post", "patch", "delete")


@dataclass(frozen=True)
class Documented:
    """One example answer of one operation, as its spec gives it."""

    vendor: str
    import_name: str
    spec: dict[str, Any]
    path: str
    method: str
    operation: dict[str, Any]
    status: str  # "200", "404", "default"
    schema_name: str
    example_name: str
    value: Any

    @property
    def id(self) -> str:
        return f"{self.vendor}-{self.operation['operationId']}-{self.status}-{self.example_name}"


def resolve(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def schema_name(node: Any) -> str:
    ref = node.get("$ref", "") if isinstance(node, dict) else ""
    return str(ref.rsplit("/", 1)[-1]) if ref.startswith("#/components/schemas/") else ""


def documented_answers() -> Iterator[Documented]:
    for vendor in ALL:  # the registry's vendors, each with its packages.toml table
        package = PACKAGES[vendor]
        spec = spec_data(ROOT / package["spec"])
        for path, item in spec["paths"].items():
            for method in METHODS:
                operation = item.get(method)
                if operation is None:
                    continue
                for status, response in operation["responses"].items():
                    media = (resolve(spec, response).get("content") or {}).get("application/json")
                    if not media:
                        continue
                    for name, example in (media.get("examples") or {}).items():
                        yield Documented(
                            vendor=vendor,
                            import_name=package["import_name"],
                            spec=spec,
                            path=path,
                            method=method,
                            operation=operation,
                            status=str(status),
                            schema_name=schema_name(media["schema"]),
                            example_name=name,
                            value=resolve(spec, example)["value"],
                        )


ANSWERS = list(documented_answers())


@dataclass
class AnyRouteServer:
    """Answers every request with one JSON body and status, and records what it was sent."""

    status: int
    body: Any
    base_url: str = ""
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)


@contextmanager
def serving(status: int, body: Any) -> Iterator[AnyRouteServer]:
    state = AnyRouteServer(status, body)
    payload = json.dumps(body).encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.requests.append((self.command, self.path, dict(self.headers)))
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_PUT = do_PATCH = do_POST = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    with on_loopback(Handler) as base_url:
        state.base_url = base_url
        yield state


def snake(name: str) -> str:
    name = re.sub(r"[^0-9a-zA-Z]+", "_", name)
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().strip("_")


def operation_module(answer: Documented) -> Any:
    module_name = snake(answer.operation["operationId"])
    package = importlib.import_module(f"{answer.import_name}.api")
    for candidate in sorted(Path(package.__path__[0]).glob(f"*/{module_name}.py")):
        return importlib.import_module(
            f"{answer.import_name}.api.{candidate.parent.name}.{module_name}"
        )
    raise AssertionError(f"no generated module for {answer.operation['operationId']}")


def sample(spec: dict[str, Any], parameter: dict[str, Any]) -> Any:
    """A value for a parameter: its documented example, else its default, else one of its type."""
    if "example" in parameter:
        return parameter["example"]
    schema = resolve(spec, parameter.get("schema") or {})
    if "default" in schema:
        return schema["default"]
    return {"integer": 1, "array": ["x"]}.get(schema.get("type"), "x")


def arguments(answer: Documented) -> dict[str, Any]:
    """Keyword arguments for the operation's sync_detailed, from the spec's own examples.

    Parameters with a default are left to the client, so what it sends by itself is tested.
    """
    kwargs: dict[str, Any] = {}
    for parameter in answer.operation.get("parameters", []):
        parameter = resolve(answer.spec, parameter)
        if "default" in resolve(answer.spec, parameter.get("schema") or {}):
            continue
        kwargs[snake(parameter["name"])] = sample(answer.spec, parameter)
    body = answer.operation.get("requestBody")
    if body:
        media = resolve(answer.spec, body)["content"]["application/json"]
        value = next(iter(media["examples"].values()))["value"]
        name = schema_name(media["schema"])
        model = getattr(importlib.import_module(f"{answer.import_name}.models"), name, None)
        kwargs["body"] = model.from_dict(value) if model is not None else value
    return kwargs


def path_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^}]+\}", template)
    return re.compile("(?:/[^/?]*)?" + "[^/?]+".join(map(re.escape, parts)) + r"(?:\?.*)?$")


def model_names(answer: Documented) -> set[str]:
    """The generated models an answer may parse into: its schema's, or one of its oneOf/anyOf's."""
    schema = answer.spec["components"]["schemas"][answer.schema_name]
    branches = (schema.get("oneOf") or []) + (schema.get("anyOf") or [])
    return {schema_name(branch) for branch in branches} or {answer.schema_name}


def status_code(answer: Documented) -> int:
    """The HTTP status to serve: the documented one, or for `default` one no other entry names."""
    if answer.status != "default":
        return int(answer.status)
    named = set(answer.operation["responses"])
    return next(code for code in (418, 409, 422, 503) if str(code) not in named)


def comparable(value: Any) -> Any:
    """JSON as the vendor sent it, with enum members and models reduced to plain values."""
    return json.loads(json.dumps(value, default=str))


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda a: a.id)
def test_the_generated_client_reads_every_documented_answer(answer: Documented) -> None:
    client_module = importlib.import_module(f"{answer.import_name}.client")
    code = status_code(answer)
    with serving(code, answer.value) as server:
        client = client_module.Client(base_url=server.base_url, raise_on_unexpected_status=True)
        with client:
            response = operation_module(answer).sync_detailed(client=client, **arguments(answer))

    assert int(response.status_code) == code
    assert response.parsed is not None
    assert type(response.parsed).__name__ in model_names(answer)
    # Parsing kept what the vendor sent: nothing dropped, nothing coerced.
    assert comparable(response.parsed.to_dict()) == comparable(answer.value)
    (method, sent_path, _headers) = server.requests[-1]
    assert method == answer.method.upper()
    assert path_pattern(answer.path).match(sent_path), sent_path


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda a: a.id)
def test_the_pydantic_model_reads_every_documented_answer(answer: Documented) -> None:
    schemas = importlib.import_module(f"{answer.import_name}.schemas")
    model: type[BaseModel] = getattr(schemas, answer.schema_name)
    parsed = model.model_validate(answer.value)
    dumped = parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped == comparable(answer.value)


def test_every_vendor_documents_answers() -> None:
    """The walk above found answers for every package; an empty walk would prove nothing."""
    assert {answer.vendor for answer in ANSWERS} == set(ALL)


def first_answer_per_operation(vendor: str) -> list[Documented]:
    seen: dict[str, Documented] = {}
    for answer in ANSWERS:
        if answer.vendor == vendor:
            seen.setdefault(answer.operation["operationId"], answer)
    return list(seen.values())


@pytest.mark.parametrize("answer", first_answer_per_operation("threadfix"), ids=lambda a: a.id)
def test_threadfix_calls_send_accept_json(answer: Documented) -> None:
    """ThreadFix's pages require Accept: application/json; the client sends it unasked."""
    client_module = importlib.import_module(f"{answer.import_name}.client")
    with (
        serving(200, answer.value) as server,
        client_module.Client(base_url=server.base_url) as client,
    ):
        operation_module(answer).sync_detailed(client=client, **arguments(answer))
    headers = {name.lower(): value for name, value in server.requests[-1][2].items()}
    assert headers.get("accept") == "application/json"


# The adapter's call for each operation, with the arguments that reach it.
DOCUMENTED_ERRORS = (AuthenticationError, NotFoundError, RateLimitedError, VendorError)


def adapter_call(answer: Documented, base_url: str) -> Any:
    """What scan_status returns (or raises) for this operation against base_url."""
    operation = answer.operation["operationId"]
    quick = RetryPolicy(attempts=0)
    if answer.vendor == "threadfix":
        version = None if operation == "getPendingScanStatusLegacy" else "latest"
        with scan_status.threadfix(
            base_url=base_url, api_key="k", api_version=version, retry=quick
        ) as threadfix:
            return threadfix.get_status(6, 41)
    if answer.vendor == "protecto":
        route: scan_status.ProtectoRoute = "current" if operation == "getScanStatus" else "2024"
        with scan_status.protecto(
            base_url=base_url, token="t", route=route, retry=quick
        ) as protecto:
            return protecto.get_statuses(["a"])
    if is_status_operation(answer):  # any other vendor: its room's status read
        room = vendors.get(answer.vendor)
        credentials = dict.fromkeys(room.credentials, "k")
        with scan_status.adapter(
            answer.vendor, base_url=base_url, retry=quick, **credentials
        ) as adapter:
            return adapter.get_status(*sample_ids(answer.vendor))
    with scan_status.neostra(base_url=base_url, token="t", retry=quick) as neostra:
        if operation == "updateScanTaskStatus":
            return neostra.set_task_status("t1", ScanState.RUNNING)
        return neostra.update_scan("s1", name="Nightly")


def is_status_operation(answer: Documented) -> bool:
    """Whether the answer is to the operation the vendor's room reads a status with."""
    operation = vendors.get(answer.vendor).status_operation or ""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", answer.operation["operationId"]).lower()
    return operation.rsplit(".", 1)[-1] == snake


# The operations adapter_call knows beyond each room's status operation.
OWN_CALLS = {"getPendingScanStatusLegacy", "getScanStatus", "getDataScanStatus"}
OWN_CALLS |= {"updateScanTaskStatus", "updateScan"}


def test_every_operation_has_an_adapter_call() -> None:
    uncalled = {
        (answer.vendor, answer.operation["operationId"])
        for answer in ANSWERS
        if not is_status_operation(answer) and answer.operation["operationId"] not in OWN_CALLS
    }
    assert not uncalled


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda a: a.id)
def test_the_adapter_reads_every_documented_answer(answer: Documented) -> None:
    """Each documented answer is a status (or the vendor's own record) or a documented error:
    never a crash outside ScanStatusError."""
    code = status_code(answer)
    with serving(code, answer.value) as server:
        try:
            result = adapter_call(answer, server.base_url)
        except ScanStatusError as err:
            assert isinstance(err, DOCUMENTED_ERRORS), repr(err)
            assert not 200 <= code < 300 or _reports_failure(answer.value), repr(err)
            return
    assert 200 <= code < 300, f"HTTP {code} read as a success: {result!r}"
    statuses = result if isinstance(result, list) else [result]
    if answer.operation["operationId"] == "updateScan":
        assert isinstance(result, dict)
        return
    assert statuses and all(isinstance(s, NormalizedStatus) for s in statuses)


def _reports_failure(body: Any) -> bool:
    """A 2xx body that says it failed (ThreadFix's and Protecto's success false)."""
    return isinstance(body, dict) and str(body.get("success")).strip().lower() == "false"
