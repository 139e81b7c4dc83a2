"""A path parameter never leaves its template: every operation of every generated package (read
from the specs the packages ship), any text as any path parameter, and the request line a server
on 127.0.0.1 receives has the template's segments, each parameter exactly one segment holding
its value. A value that cannot be one segment ("", "." and "..", which URL normalisation
removes; text with no UTF-8 form) is refused before anything is sent, naming the argument, by
the client (InvalidPathParameter, a ValueError) and by the adapters (InvalidArgumentError, in
scan_status.errors)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib
import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scan_status
from generator.workspace import load_packages
from scan_status import vendors
from scan_status.errors import InvalidArgumentError, ScanStatusError
from scan_status.states import ScanState
from tests.support.endpoints import arguments, endpoint_modules, shipped_spec
from tests.support.examples import examples
from tests.support.hostile_server import RequestLines, request_line_server
from tests.support.rooms import READABLE, sample_ids
from tests.support.workspace import ROOT

# Values that URL normalisation (RFC 3986 remove_dot_segments, as httpx applies it) or a lax
# router reads as something other than one segment, and their near misses.
TRICKY = [
    "",
    ".",
    "..",
    "/",
    "./",
    "../",
    "...",
    "%2e",
    "%2e%2e",
    ".%2e",
    "a/../b",
    "?",
    "#",
    "%",
    "\ud800",
]
REFUSED = {"", ".", ".."}
values = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12), st.integers())


@dataclass(frozen=True)
class Operation:
    import_name: str
    module: str
    operation_id: str
    method: str
    template: str  # the spec's path, e.g. /scans/{scanId}
    path_parameters: dict[str, str]  # spec name -> the generated function's argument


@functools.cache
def operations() -> list[Operation]:
    """Every generated operation, with its path template and path parameters from its spec."""
    from openapi_python_client.strings import snake_case

    packages = {p.import_name: p for p in load_packages(ROOT)}
    found = []
    for import_name, module, operation_id in endpoint_modules():
        package = packages[import_name]
        document = shipped_spec(package.distribution, import_name)
        path, method = next(
            (p, m) for p, m, op in document.operations() if op["operationId"] == operation_id
        )
        names = {
            param["name"]: snake_case(param["name"])
            for param, _ in document.parameters(path, method)
            if param.get("in") == "path"
        }
        found.append(Operation(import_name, module, operation_id, method, path, names))
    return found


def test_the_property_covers_path_parameters() -> None:
    """Guard: the specs have path parameters, so the property below tests something."""
    assert any(operation.path_parameters for operation in operations())


@pytest.fixture(scope="module")
def server() -> Iterator[RequestLines]:
    with request_line_server() as running:
        yield running


def refusable(text: str) -> bool:
    if text in REFUSED:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def assert_within_template(line: str, operation: Operation, given: dict[str, str]) -> None:
    method, target, _ = line.split(" ")
    assert method == operation.method.upper()
    sent = urlsplit(target).path.split("/")
    template = operation.template.split("/")
    assert len(sent) == len(template), f"{line!r} left {operation.template}"
    for segment, expected in zip(sent, template, strict=True):
        name = re.fullmatch(r"\{(.+)\}", expected)
        if name is None:
            assert segment == expected, f"{line!r} left {operation.template}"
        else:
            assert segment not in REFUSED
            assert unquote(segment) == given[operation.path_parameters[name.group(1)]]


@settings(
    max_examples=examples(300),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operation=st.deferred(lambda: st.sampled_from(operations())), data=st.data())
def test_a_path_parameter_stays_one_segment_of_its_template(
    server: RequestLines, operation: Operation, data: st.DataObject
) -> None:
    module = importlib.import_module(operation.module)
    package = importlib.import_module(operation.import_name)
    errors = importlib.import_module(f"{operation.import_name}.errors")
    call = arguments(
        operation.import_name, operation.operation_id, inspect.signature(module.request_kwargs)
    )
    for argument in operation.path_parameters.values():
        call[argument] = data.draw(values, label=argument)
    texts = {argument: str(call[argument]) for argument in operation.path_parameters.values()}
    server.taken()
    with package.Client(base_url=server.base_url) as client:
        try:
            with contextlib.suppress(errors.UnexpectedResponse, errors.UnexpectedStatus):
                module.sync_detailed(client=client, **call)
        except errors.InvalidPathParameter as refused:
            assert refusable(texts[refused.name]), f"{refused} refused a sendable value"
            assert refused.name in str(refused)
            assert server.taken() == []  # refused before anything was sent
            return
    assert not any(refusable(text) for text in texts.values()), f"sent {texts}"
    (line,) = server.taken()
    assert_within_template(line, operation, texts)


# The adapters: every vendor with a status to read (from the registry), each of its ids.


def _credentials(key: str) -> dict[str, str]:
    return {name: "k-1" for name in vendors.get(key).credentials}


def _requests_for(
    key: str, ids: tuple[Any, ...], server: RequestLines, use_async: bool
) -> BaseException | None:
    adapter = scan_status.adapter(key, base_url=server.base_url, **_credentials(key))

    async def in_loop() -> None:
        async with adapter:
            await adapter.aget_status(*ids)

    try:
        if use_async:
            asyncio.run(in_loop())
        else:
            with adapter:
                adapter.get_status(*ids)
    except ScanStatusError as error:
        return error
    return None


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("bad", sorted(REFUSED))
@pytest.mark.parametrize("key", READABLE)
def test_an_adapter_never_sends_a_dot_or_empty_segment(
    server: RequestLines, key: str, bad: str, use_async: bool
) -> None:
    """Each id in turn is `bad`: either the adapter refuses it by name before sending anything
    (the id goes into the path), or the request keeps the path a good id gives (the id goes
    into the query or the body)."""
    good = sample_ids(key)
    server.taken()
    _requests_for(key, good, server, use_async)
    (reference,) = server.taken()
    for index, param in enumerate(vendors.get(key).ids):
        ids = (*good[:index], bad, *good[index + 1 :])
        error = _requests_for(key, ids, server, use_async)
        sent = server.taken()
        if isinstance(error, InvalidArgumentError):
            assert isinstance(error, ValueError) and sent == []
            assert param.name in str(error) and error.argument == param.name
            continue
        segments = urlsplit(sent[0].split(" ")[1]).path.split("/")
        assert len(segments) == len(urlsplit(reference.split(" ")[1]).path.split("/"))
        assert not REFUSED & set(segments[1:]), f"{key} sent {sent[0]!r} for {param.name}={bad!r}"


@pytest.mark.parametrize("bad", sorted(REFUSED))
def test_neostra_refuses_a_dot_task_id_on_its_patch(server: RequestLines, bad: str) -> None:
    """The issue's probe: set_task_status("..", RUNNING) sent PATCH /api/v1 and succeeded."""
    server.taken()
    with scan_status.neostra(base_url=server.base_url, token="t-1") as neostra:
        with pytest.raises(InvalidArgumentError, match="task_id") as refused:
            neostra.set_task_status(bad, ScanState.RUNNING)
        assert refused.value.argument == "task_id"
        with pytest.raises(InvalidArgumentError, match="scan_id"):
            neostra.update_scan(bad, name="n")
    assert server.taken() == []


@pytest.mark.parametrize("version", sorted(REFUSED))
def test_threadfix_refuses_a_dot_api_version(server: RequestLines, version: str) -> None:
    """api_version=".." would leave /rest altogether."""
    with pytest.raises(InvalidArgumentError, match="api_version") as refused:
        scan_status.threadfix(base_url=server.base_url, api_key="k", api_version=version)
    assert refused.value.argument == "api_version"
