"""The mocks' request and answer checks, built once per operation from a spec: what they accept
and refuse, on small specs written here (the vendors' own are exercised by tests/system)."""

from __future__ import annotations

from typing import Any

import pytest

from scan_status.testing.validation import (
    MAX_ITEMS,
    Operation,
    compile_operation,
    inline,
    registry_for,
)

pytestmark = pytest.mark.pure  # reads no fact a release changes (tests/conftest.py)

NODE = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string"},
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
    },
}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/runs/{runId}": {
            "parameters": [{"$ref": "#/components/parameters/RunId"}],
            "put": {
                "operationId": "putRun",
                "parameters": [
                    {
                        "name": "fields",
                        "in": "query",
                        "required": True,
                        "schema": {
                            "type": "array",
                            "items": {"type": "string", "enum": ["status", "name"]},
                        },
                    },
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Node"}}
                    },
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["id"],
                                    "properties": {"id": {"type": "integer", "format": "int32"}},
                                }
                            }
                        },
                    },
                    "4XX": {
                        "description": "no",
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "required": ["message"]}
                            }
                        },
                    },
                },
            },
        },
        "/ids": {
            "post": {
                "operationId": "ids",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {"type": "array", "items": {"type": "string"}}
                        }
                    }
                },
                "responses": {"200": {"description": "ok"}},
            }
        },
    },
    "components": {
        "schemas": {"Node": NODE},
        "parameters": {
            "RunId": {
                "name": "runId",
                "in": "path",
                "required": True,
                "schema": {"type": "integer"},
            }
        },
    },
}


@pytest.fixture(scope="module")
def run() -> Operation:
    return compile_operation(SPEC, "/runs/{runId}", "put", registry_for(SPEC))


def check(
    operation: Operation,
    body: bytes = b'{"name": "a"}',
    path: dict[str, str] | None = None,
    query: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, str, str | None] | None:
    return operation.request_problem(
        {"runId": "7"} if path is None else path,
        {"fields": ["status"]} if query is None else query,
        {"content-type": "application/json", **(headers or {})},
        body,
    )


def test_a_request_the_spec_allows_passes(run: Operation) -> None:
    nested = b'{"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}'
    assert check(run, nested, query={"fields": ["status", "name"]}) is None


def test_a_recursive_schema_is_checked_at_every_depth(run: Operation) -> None:
    deep = b'{"name": "a", "children": [{"name": "b", "children": [{"nameless": 1}]}]}'
    problem = check(run, deep)
    assert problem is not None
    assert (
        problem[0] == 400 and problem[2] == "body" and "'name' is a required property" in problem[1]
    )


def test_inline_keeps_a_recursive_ref_pointing_into_the_spec() -> None:
    inlined = inline({"$ref": "#/components/schemas/Node"}, SPEC)
    assert inlined["properties"]["name"] == {"type": "string"}
    assert inlined["properties"]["children"]["items"]["$ref"].endswith("#/components/schemas/Node")


@pytest.mark.parametrize(
    ("path", "query", "headers", "about"),
    [
        ({"runId": "seven"}, None, None, "runId"),  # the path-level parameter, by $ref
        (None, {}, None, "fields"),
        (None, {"fields": ["colour"]}, None, "fields"),
    ],
)
def test_a_bad_parameter_is_named(
    run: Operation,
    path: dict[str, str] | None,
    query: dict[str, list[str]] | None,
    headers: dict[str, str] | None,
    about: str,
) -> None:
    problem = check(run, path=path, query=query, headers=headers)
    assert problem is not None and problem[0] == 400 and problem[2] == about


@pytest.mark.parametrize(
    ("body", "headers", "words"),
    [
        (b"", None, "Missing required request body"),
        (b"\xff\xfe{}", None, "not UTF-8"),
        (b"{", None, "not JSON"),
        (b'{"name": "a"}', {"content-type": "text/plain"}, "Content type text/plain"),
    ],
)
def test_a_bad_body_gets_400_naming_the_body(
    run: Operation, body: bytes, headers: dict[str, str] | None, words: str
) -> None:
    problem = check(run, body, headers=headers)
    assert problem is not None
    assert problem[0] == 400 and problem[2] == "body" and words in problem[1]


def test_an_array_body_over_the_bound_is_refused_before_its_schema() -> None:
    ids = compile_operation(SPEC, "/ids", "post", registry_for(SPEC))
    within = ("[" + ",".join(['"a"'] * MAX_ITEMS) + "]").encode()
    over = ("[" + ",".join(["1"] * (MAX_ITEMS + 1)) + "]").encode()  # not even strings
    assert ids.request_problem({}, {}, {"content-type": "application/json"}, within) is None
    problem = ids.request_problem({}, {}, {"content-type": "application/json"}, over)
    assert problem is not None and problem[0] == 413


def test_answers_are_checked_by_code_range_and_format(run: Operation) -> None:
    assert run.answer_problem(200, "application/json", {"id": 3}) is None
    assert run.answer_problem(200, "application/json", {"id": 2**40}) is not None  # int32
    assert run.answer_problem(404, "application/json", {"message": "x"}) is None  # 4XX
    assert run.answer_problem(404, "application/json", {}) is not None
    assert run.answer_problem(500, "application/json", {}) == "status 500 is not declared"
