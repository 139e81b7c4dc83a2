"""generator/spec/document.py: the one reader of $refs, JSON pointers and operations."""

from __future__ import annotations

from typing import Any

import pytest

from generator.spec.document import DanglingRef, Document, descend, fragment, walk

pytestmark = pytest.mark.pure  # reads no fact a release changes (tests/conftest.py)


def document() -> Document:
    return Document(
        {
            "paths": {
                "/scans/{id}": {
                    "parameters": [{"$ref": "#/components/parameters/Id"}],
                    "get": {"parameters": [{"name": "q", "in": "query"}]},
                    "summary": "not an operation",
                }
            },
            "components": {
                "parameters": {"Id": {"name": "id", "in": "path"}},
                "schemas": {
                    "A": {"$ref": "#/components/schemas/B"},
                    "B": {"type": "string"},
                    "Loop": {"$ref": "#/components/schemas/Loop"},
                    "a/b~c": {"type": "integer"},
                },
            },
        }
    )


def test_a_chain_of_refs_resolves_to_its_end_and_says_where() -> None:
    found = document().resolve({"$ref": "#/components/schemas/A"}, ("x",))
    assert found == ({"type": "string"}, ("components", "schemas", "B"))


def test_escaped_and_percent_encoded_pointers() -> None:
    doc = document()
    assert doc.resolved({"$ref": "#/components/schemas/a~1b~0c"}) == {"type": "integer"}
    where = ("paths", "/scans/{id}", "parameters", 0)
    assert fragment(where) == "#/paths/~1scans~1%7Bid%7D/parameters/0"
    assert doc.target(fragment(where)) == ({"$ref": "#/components/parameters/Id"}, where)


@pytest.mark.parametrize(
    "ref", ["#/components/schemas/Nope", "https://example.invalid/s.yaml#/A", "#/paths/x/9"]
)
def test_a_dangling_or_remote_ref_is_an_error_or_empty(ref: str) -> None:
    with pytest.raises(DanglingRef):
        document().target(ref)
    assert document().resolved({"$ref": ref}) == {}


def test_a_loop_ends() -> None:
    assert document().resolved({"$ref": "#/components/schemas/Loop"}) == {}


def test_operations_and_their_parameters() -> None:
    doc = document()
    assert [(path, method) for path, method, _ in doc.operations()] == [("/scans/{id}", "get")]
    found = list(doc.parameters("/scans/{id}", "get"))
    assert found == [
        ({"name": "id", "in": "path"}, ("components", "parameters", "Id")),
        ({"name": "q", "in": "query"}, ("paths", "/scans/{id}", "get", "parameters", 0)),
    ]


def test_walk_pointer_and_descend_agree() -> None:
    doc = document()
    data: Any = doc.data
    for where, node in walk(data):
        assert descend(data, where) is node
        assert doc.target(fragment(where))[0] == node
    with pytest.raises(DanglingRef):
        descend(data, ["paths", "/nope"])
