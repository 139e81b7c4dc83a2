"""Nothing a server sends makes a generated client raise outside its documented errors
(hypothesis, real HTTP on 127.0.0.1): every operation of every generated package, any status,
any JSON (or no JSON) in the body. And the pydantic models in `<client>.schemas` refuse any JSON
with pydantic's ValidationError only."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib
import inspect
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.spec.document import walk
from generator.workspace import load_packages
from tests.support.endpoints import arguments, endpoint_modules, shipped_spec
from tests.support.http_server import Answer, ScriptedServer, scripted_server
from tests.support.workspace import ROOT

# Built when a test first draws from them, not while every xdist worker collects this module.
ENDPOINTS = functools.cache(endpoint_modules)


@functools.cache
def call_arguments(import_name: str, module_name: str, operation_id: str) -> dict[str, Any]:
    module = importlib.import_module(module_name)
    return arguments(import_name, operation_id, inspect.signature(module.request_kwargs))


PACKAGES = load_packages(ROOT)


def property_names() -> list[str]:
    """Every property name of every shipped spec: arbitrary objects built from them reach the
    models' field parsing, not only their first type check."""
    names: set[str] = set()
    for package in PACKAGES:
        for _, node in walk(shipped_spec(package.distribution, package.import_name).data):
            if isinstance(node, dict) and isinstance(node.get("properties"), dict):
                names.update(node["properties"])
    return sorted(names)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10)
)
keys = st.one_of(st.deferred(lambda: st.sampled_from(property_names())), st.text(max_size=8))
any_json = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=8)),
    max_leaves=30,
)
DEEP = "[" * 100_000 + "]" * 100_000
bodies = st.one_of(
    any_json.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=20),
    st.just(DEEP.encode()),
)
# The documented ones, and codes outside HTTP's registry (http.HTTPStatus has no 299 or 599).
statuses = st.sampled_from([200, 201, 202, 400, 401, 403, 404, 409, 422, 429, 500, 503, 299, 599])


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


@pytest.fixture(scope="module")
def runner() -> Iterator[asyncio.Runner]:
    """One event loop for every example: the shared clients' async pools are bound to it."""
    with asyncio.Runner() as running:
        yield running


def documented_errors(import_name: str) -> tuple[type[BaseException], ...]:
    errors = importlib.import_module(f"{import_name}.errors")
    return (
        errors.UnexpectedStatus,
        getattr(errors, "UnexpectedResponse", errors.UnexpectedStatus),
        httpx.HTTPError,
    )


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    endpoint=st.deferred(lambda: st.sampled_from(ENDPOINTS())),
    status=statuses,
    body=bodies,
    strict=st.booleans(),
)
def test_only_documented_errors_escape_a_generated_client(
    server: ScriptedServer,
    runner: asyncio.Runner,
    endpoint: tuple[str, str, str],
    status: int,
    body: bytes,
    strict: bool,
) -> None:
    import_name, module_name, _ = endpoint
    module = importlib.import_module(module_name)
    server.default = Answer(status, body)
    given_args = call_arguments(*endpoint)
    allowed = documented_errors(import_name)
    client = shared_client(import_name, server.base_url, strict)
    for call in (module.sync_detailed, module.sync):
        with contextlib.suppress(*allowed):
            call(client=client, **given_args)

    async def both() -> None:
        for call in (module.asyncio_detailed, module.asyncio):
            with contextlib.suppress(*allowed):
                await call(client=client, **given_args)

    runner.run(both())


@functools.cache
def shared_client(import_name: str, base_url: str, strict: bool) -> Any:
    """One client of the package per server (building httpx's pools is most of a call's cost);
    its async pool is made on first use, inside the module's one event loop (`runner`)."""
    package = importlib.import_module(import_name)
    return package.Client(base_url=base_url, raise_on_unexpected_status=strict)


def pydantic_models() -> list[tuple[str, type[pydantic.BaseModel]]]:
    found = []
    for package in PACKAGES:
        schemas = importlib.import_module(f"{package.import_name}.schemas")
        for name, value in vars(schemas).items():
            if (
                inspect.isclass(value)
                and issubclass(value, pydantic.BaseModel)
                and value.__module__ == schemas.__name__
            ):
                found.append((f"{package.import_name}.schemas.{name}", value))
    return found


MODELS = pydantic_models()


def nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


@settings(max_examples=400, deadline=None)
@given(
    model=st.sampled_from(MODELS),
    value=st.one_of(any_json, st.just(nested(500))),
)
def test_only_validation_errors_escape_the_pydantic_models(
    model: tuple[str, type[pydantic.BaseModel]], value: Any
) -> None:
    with contextlib.suppress(pydantic.ValidationError):
        model[1].model_validate(value)


def test_a_wrongly_shaped_answer_is_an_unexpected_response(server: ScriptedServer) -> None:
    """A ThreadFix answer that is no envelope at all (a list). (An envelope with a list where the
    pending scan belongs parses as the failure envelope: the attrs models do not check types.)"""
    import_name, module_name, operation_id = next(e for e in ENDPOINTS() if "threadfix" in e[0])
    package = importlib.import_module(import_name)
    module = importlib.import_module(module_name)
    errors = importlib.import_module(f"{import_name}.errors")
    server.default = Answer(200, [{"object": [1, 2]}])
    given_args = arguments(import_name, operation_id, inspect.signature(module.request_kwargs))
    with (
        package.Client(base_url=server.base_url) as client,
        pytest.raises(errors.UnexpectedResponse) as caught,
    ):
        module.sync_detailed(client=client, **given_args)
    assert caught.value.status_code == 200
    assert b'"object": [1, 2]' in caught.value.content
    assert caught.value.reason
