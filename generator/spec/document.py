"""One OpenAPI document: walking it, following its `$ref`s and JSON pointers, listing operations.

The only place in generator/ that knows how a `$ref` is followed: the rules, the classifier,
the drift report and the packaging all read the spec through here, so they agree on what a
reference means and on what happens when one dangles or loops. References are resolved by the
`referencing` library (the JSON Schema reference implementation), against the document alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import quote, unquote

from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
URI = "urn:scan-status:spec"  # the document's own name: every local `#/...` resolves inside it
MAX_HOPS = 50  # a chain of $refs longer than this is a loop

Where = tuple[str | int, ...]


class DanglingRef(LookupError):
    """A `$ref` that names nothing in this document (or something outside it)."""


def pointer(where: Sequence[str | int]) -> str:
    """The JSON pointer (RFC 6901) of a path of keys and indexes: ("a/b", 0) -> "/a~1b/0"."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in where)


def fragment(where: Sequence[str | int]) -> str:
    """The URI fragment of a path, for a `$ref`: its JSON pointer, percent-encoded."""
    return "#" + quote(pointer(where), safe="/~")


def walk(node: Any, where: Where = ()) -> Iterator[tuple[Where, Any]]:
    """Every node of a JSON value with its path, parents before children."""
    yield where, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*where, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, (*where, index))


def descend(node: Any, where: Sequence[str | int]) -> Any:
    """The value at a path of keys and indexes inside `node` (no $ref followed); DanglingRef if none."""
    for part in where:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[int(part)]
        else:
            raise DanglingRef(f"nothing at {pointer(where)}")
    return node


def is_ref(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("$ref"), str)


class Document:
    """A spec's JSON data, with reference resolution over it."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        resource: Resource[Any] = Resource.from_contents(data, default_specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource(URI, resource)
        self._resolver = self.registry.resolver(base_uri=URI)

    def target(self, ref: str) -> tuple[Any, Where]:
        """What one `$ref` names and where that is; DanglingRef when it names nothing here."""
        if not ref.startswith("#"):
            raise DanglingRef(f"$ref {ref!r} points outside this file")
        try:
            found = self._resolver.lookup(ref).contents
        except Unresolvable:
            raise DanglingRef(f"$ref {ref!r} does not resolve") from None
        return found, self.path_of(ref)

    def path_of(self, ref: str) -> Where:
        """The path a local `$ref` names, decoded as `referencing` decodes it (list indexes as
        ints, so a Problem can be located in the YAML)."""
        fragment = unquote(ref[1:]) if ref.startswith("#") else ""
        where: list[str | int] = []
        node: Any = self.data
        for raw in fragment[1:].split("/") if fragment else []:
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                where.append(int(part))
                node = node[int(part)]
            else:
                where.append(part)
                node = node.get(part) if isinstance(node, dict) else None
        return tuple(where)

    def resolve(self, node: Any, where: Where = ()) -> tuple[Any, Where]:
        """Follow `$ref`s from `node` (found at `where`) to one that is not a reference.

        A dangling or looping chain gives ({}, where of the last good node): the rules report
        those separately, and every other reader treats them as an empty schema.
        """
        for _ in range(MAX_HOPS):
            if not is_ref(node):
                return node, where
            try:
                node, where = self.target(node["$ref"])
            except DanglingRef:
                return {}, where
        return {}, where

    def resolved(self, node: Any) -> Any:
        """`resolve` without the path."""
        return self.resolve(node)[0]

    def operations(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(path, method, operation) for every operation, in the spec's order."""
        yield from operations(self.data)

    def parameters(self, path: str, method: str) -> Iterator[tuple[dict[str, Any], Where]]:
        """The path item's parameters, then the operation's, resolved, with where each is."""
        item = self.data["paths"][path]
        places: list[Where] = [("paths", path, "parameters"), ("paths", path, method, "parameters")]
        for place, listed in zip(
            places, (item.get("parameters"), item[method].get("parameters")), strict=True
        ):
            for index, raw in enumerate(listed or []):
                param, at = self.resolve(raw, (*place, index))
                yield (param if isinstance(param, dict) else {}), at


def operations(data: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation of a spec's data."""
    for path, item in (data.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield path, method, operation
