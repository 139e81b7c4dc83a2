"""What each vendor page documents, written down here by hand, must all be found in its spec.

The data below is read off ../shared/docs/ independently of the specs; a spec that loses an
operation, a parameter, a field, a response or a status value fails here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest

from generator.spec.document import Document, operations, walk
from tests.support.documented import DOCUMENTED
from tests.support.spec_data import spec_data as read_spec
from tests.support.workspace import ROOT


def resolve(data: dict[str, Any], node: Any) -> Any:
    """Follow node's $refs the way the generator does."""
    return Document(data).resolved(node)


def spec_data(name: str) -> dict[str, Any]:
    return read_spec(ROOT / "specs" / name)


def sourced(node: Any) -> bool:
    """A fact not on the page must say where it comes from, or that it is our assumption."""
    return isinstance(node, dict) and bool(node.get("x-source") or node.get("x-assumption"))


def branches(data: dict[str, Any], schema: Any) -> list[dict[str, Any]]:
    """A schema, or each alternative of a oneOf/anyOf (ThreadFix's 200 is success or failure)."""
    schema = resolve(data, schema)
    choices = schema.get("oneOf") or schema.get("anyOf") if isinstance(schema, dict) else None
    return [resolve(data, choice) for choice in choices] if choices else [schema]


def field_paths(
    data: dict[str, Any], schema: Any, prefix: str = "", depth: int = 0
) -> Iterator[str]:
    schema = resolve(data, schema)
    if depth > 6 or not isinstance(schema, dict):
        return
    if schema.get("oneOf") or schema.get("anyOf"):
        for choice in branches(data, schema):
            yield from field_paths(data, choice, prefix, depth + 1)
        return
    if schema.get("type") == "array" or "items" in schema:
        if prefix:
            yield f"{prefix}[]"
        yield from field_paths(data, schema.get("items"), f"{prefix}[]", depth + 1)
    for name, prop in (schema.get("properties") or {}).items():
        path = f"{prefix}.{name}" if prefix else name
        yield path
        yield from field_paths(data, prop, path, depth + 1)


def schema_at(data: dict[str, Any], schema: Any, path: str) -> dict[str, Any]:
    """The schema of the field at `path`, in whichever alternative of a oneOf holds it."""
    return _schema_at(data, schema, path.replace("[]", ".[]").split("."))


def _schema_at(data: dict[str, Any], schema: Any, parts: list[str]) -> dict[str, Any]:
    head, *rest = parts
    for choice in branches(data, schema):
        inner = choice.get("items") if head == "[]" else (choice.get("properties") or {}).get(head)
        if inner is None:
            continue
        if not rest:
            result: dict[str, Any] = resolve(data, inner)
            return result
        return _schema_at(data, inner, rest)
    raise KeyError(".".join(parts))


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_servers_and_security(name: str) -> None:
    data, page = spec_data(name), DOCUMENTED[name]
    assert data["servers"][0]["url"] == page["server"]
    schemes = data["components"]["securitySchemes"]
    required = [schemes[scheme] for scheme in data["security"][0]]
    for expected in page["security"]:
        assert any(expected.items() <= scheme.items() for scheme in required), expected


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_operations_parameters_and_fields(name: str) -> None:
    data, page = spec_data(name), DOCUMENTED[name]
    found = {(method, path): op for path, method, op in operations(data)}
    assert set(page["operations"]) <= set(found)
    for key in set(found) - set(page["operations"]):
        assert sourced(found[key]), f"{key} is not on the page and names no source"
    for key, documented in page["operations"].items():
        operation = found[key]
        params = {
            (p["in"], p["name"], p.get("required", False), resolve(data, p["schema"])["type"])
            for p in (resolve(data, raw) for raw in operation.get("parameters") or [])
        }
        assert params == documented["parameters"]
        body = operation.get("requestBody")
        assert (body is None) == (documented["request"] is None)
        if body is not None:
            assert body["required"] is True
            schema = body["content"]["application/json"]["schema"]
            if documented["request"] == "string or array of strings":
                choices = resolve(data, schema)["oneOf"]
                assert sorted(resolve(data, choice)["type"] for choice in choices) == [
                    "array",
                    "string",
                ]
            else:
                assert set(field_paths(data, schema)) == documented["request"]
                required = set(resolve(data, schema).get("required", []))
                assert required == documented["required_request"]
        responses = operation["responses"]
        # Beside what the page shows, each operation has a `default` error answer, and any other
        # answer names its source (the vendor's server code, SDK or error pages) or assumption.
        assert set(documented["responses"]) | {"default"} <= set(responses)
        for code in set(responses) - set(documented["responses"]) - {"default"}:
            assert sourced(resolve(data, responses[code])), f"{key} {code} names no source"
        for code, fields in documented["responses"].items():
            schema = resolve(data, responses[code])["content"]["application/json"]["schema"]
            assert fields <= set(field_paths(data, schema)), (
                code,
                fields - set(field_paths(data, schema)),
            )


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_status_values_are_marked_and_complete(name: str) -> None:
    data, page = spec_data(name), DOCUMENTED[name]
    marked = [node for _, node in walk(data) if isinstance(node, dict) and "x-scan-status" in node]
    assert marked, "every spec marks its status"
    values = [value for node in marked for value in node.get("enum", [])]
    # What the record lists stays; a value the vendor adds later comes from the page itself.
    assert set(page["statuses"]) <= set(values)
    docs = ROOT.parent / "shared" / "docs"
    pages = [docs / str(p["page"]) for p in data["info"]["x-provenance"]]
    texts = [p.read_text(encoding="utf-8") for p in pages if p.is_file()]
    if texts:  # the pages sit beside the repository on developer and CI machines
        for node in marked:
            if "x-source" in node:  # its values come from elsewhere, which it names
                continue
            for value in node.get("enum", []):
                assert any(value.strip() in text for text in texts), f"{value!r} is on no page"
    for field in page.get("status_fields", []):
        ((_, _, operation),) = operations(data)
        schema = resolve(data, operation["responses"]["200"])["content"]["application/json"][
            "schema"
        ]
        assert schema_at(data, schema, field).get("x-scan-status") == data["info"]["x-vendor"]


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_nullable_fields(name: str) -> None:
    data, page = spec_data(name), DOCUMENTED[name]
    (_, _, operation), *_ = operations(data)
    schema = resolve(data, operation["responses"]["200"])["content"]["application/json"]["schema"]
    for field in page.get("nullable", []):
        assert "null" in schema_at(data, schema, field)["type"], field


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_every_operation_names_its_page_and_hash(name: str) -> None:
    data = spec_data(name)
    docs = ROOT.parent / "shared" / "docs"
    for _, _, operation in operations(data):
        page = operation["x-provenance"]
        assert page["sha256"] in {p["sha256"] for p in data["info"]["x-provenance"]}
        copy = docs / page["page"]
        if copy.is_file():  # the pages sit beside the repository on developer and CI machines
            assert hashlib.sha256(copy.read_bytes()).hexdigest() == page["sha256"]
