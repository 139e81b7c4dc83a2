"""What kind of change a spec edit is, for the people who import the package made from it.

- major: an operation, parameter, response or field removed; a request field or parameter newly
  required; a type changed; an enum value removed; anything griffe finds breaks the Python API.
- minor: an operation, optional parameter, field or response added; an enum value added (a
  status value added: the status layer's totality check names the mapping to write).
- patch: descriptions, examples, provenance only.

Each finding names the spec, a JSON pointer and a line (in the new spec, or in the released one
for something removed).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.spec.document import Document, Where, pointer
from generator.spec.loader import LoadedSpec, locate

KINDS = ("patch", "minor", "major")
COSMETIC = {
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "x-provenance",
    "x-source",
    "x-assumption",
    "externalDocs",
}


@dataclass(frozen=True, order=True)
class Finding:
    kind: str  # major, minor or patch
    spec: str
    pointer: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.spec}:{self.line} {self.pointer}: {self.message}"


@dataclass(frozen=True)
class Fact:
    """One thing a caller depends on, with where the spec says it."""

    where: tuple[str | int, ...]
    required: bool = False
    types: tuple[str, ...] = ()
    enum: tuple[str, ...] = ()
    status: bool = False  # an x-scan-status enum
    deprecated: bool = False  # an operation marked deprecated: users should hear of it


def kind_of(findings: list[Finding]) -> str | None:
    """The release a list of findings calls for: the most severe kind, or None for no change."""
    return max((f.kind for f in findings), key=KINDS.index, default=None)


def bump(version: str, kind: str) -> str:
    major, minor, patch = (int(part) for part in version.split("."))
    if kind == "major":
        return f"{major + 1}.0.0"
    if kind == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def compare(old: LoadedSpec, new: LoadedSpec) -> list[Finding]:
    before, after = surface(old.document), surface(new.document)
    findings: list[Finding] = []

    def note(kind: str, spec: LoadedSpec, where: tuple[str | int, ...], message: str) -> None:
        findings.append(
            Finding(kind, new.display, pointer(where), locate(spec.tree, where)[0], message)
        )

    def part_of_whole(key: tuple[Any, ...], other: dict[tuple[Any, ...], Fact]) -> bool:
        # The parts of an operation that is itself new (or gone) are that one finding.
        return key[0] != "operation" and ("operation", key[1], key[2]) not in other

    for key in sorted(before.keys() - after.keys(), key=str):
        if part_of_whole(key, after):
            continue
        what = before[key]
        note("major", old, what.where, f"{_label(key)} removed (line of the released spec)")
    for key in sorted(after.keys() - before.keys(), key=str):
        if part_of_whole(key, before):
            continue
        what = after[key]
        required = what.required and key[0] in ("param", "request")
        note(
            "major" if required else "minor",
            new,
            what.where,
            f"{_label(key)} added{' as required' if required else ''}",
        )
    for key in sorted(before.keys() & after.keys(), key=str):
        was, now = before[key], after[key]
        if now.deprecated and not was.deprecated:
            # Still served, so nothing breaks; a changelog reader must still learn of it.
            note("minor", new, now.where, f"{_label(key)} deprecated")
        if now.required and not was.required and key[0] in ("param", "request"):
            note("major", new, now.where, f"{_label(key)} is now required")
        if was.types and now.types and was.types != now.types:
            note(
                "major",
                new,
                now.where,
                f"{_label(key)} type changed from {'|'.join(was.types)} to {'|'.join(now.types)}",
            )
        for value in sorted(set(was.enum) - set(now.enum)):
            note("major", new, now.where, f"{_label(key)} no longer allows {value!r}")
        for value in sorted(set(now.enum) - set(was.enum)):
            noun = "status value" if now.status else "enum value"
            note("minor", new, now.where, f"{_label(key)}: {noun} {value!r} added")
    if not findings:
        for where, cosmetic in _leaf_changes(old.data, new.data):
            if cosmetic:
                note("patch", new, where, "text changed")
            elif _another_way_to_authenticate(old.data, new.data, where):
                note("minor", new, where, "another way to authenticate added")
            else:
                note("major", new, where, "constraint changed")
    return sorted(set(findings))


def surface(document: Document) -> dict[tuple[Any, ...], Fact]:
    """Every operation, parameter, response and field of a spec, keyed stably."""
    facts: dict[tuple[Any, ...], Fact] = {}
    for path, method, operation in document.operations():
        op = (method.upper(), path)
        base = ("paths", path, method)
        facts[("operation", *op)] = Fact(base, deprecated=operation.get("deprecated") is True)
        for param, at in document.parameters(path, method):
            schema, _ = _resolve(document, param.get("schema") or {}, (*at, "schema"))
            facts[("param", *op, param.get("in"), param.get("name"))] = Fact(
                at,
                bool(param.get("required")),
                _types(schema),
                _enum(schema),
                "x-scan-status" in schema,
            )
        body = (operation.get("requestBody") or {}).get("content", {}).get("application/json")
        if body:
            for name, fact in _fields(
                document,
                body.get("schema") or {},
                (*base, "requestBody", "content", "application/json", "schema"),
                "",
            ):
                facts[("request", *op, name)] = fact
        for code, raw in (operation.get("responses") or {}).items():
            response, at = _resolve(document, raw, (*base, "responses", code))
            facts[("response", *op, code)] = Fact(at)
            content = (response.get("content") or {}).get("application/json")
            if content:
                for name, fact in _fields(
                    document,
                    content.get("schema") or {},
                    (*at, "content", "application/json", "schema"),
                    "",
                ):
                    facts[("field", *op, code, name)] = fact
    return facts


def _label(key: tuple[Any, ...]) -> str:
    kind, method, path, *rest = key
    where = f"{method} {path}"
    return {
        "operation": f"operation {where}",
        "param": f"{rest[0] if rest else ''} parameter {rest[1] if len(rest) > 1 else ''} of {where}",
        "request": f"request field {rest[0] if rest else ''} of {where}",
        "response": f"response {rest[0] if rest else ''} of {where}",
        "field": f"response {rest[0] if rest else ''} field {rest[1] if len(rest) > 1 else ''} of {where}",
    }[kind]


def _resolve(document: Document, node: Any, where: Where) -> tuple[dict[str, Any], Where]:
    """The schema or object `node` refers to (an object, {} for anything else), and where."""
    found, at = document.resolve(node, where)
    return (found if isinstance(found, dict) else {}), at


def _types(schema: dict[str, Any]) -> tuple[str, ...]:
    kind = schema.get("type")
    kinds = tuple(sorted(kind)) if isinstance(kind, list) else ((kind,) if kind else ())
    return kinds + ((f"format:{schema['format']}",) if "format" in schema else ())


def _enum(schema: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(v) for v in schema.get("enum") or [])


def _fields(
    document: Document, raw: Any, where: Where, prefix: str, depth: int = 0
) -> Iterator[tuple[str, Fact]]:
    schema, at = _resolve(document, raw, where)
    if depth > 8:
        return
    for keyword in ("oneOf", "anyOf", "allOf"):
        for index, choice in enumerate(schema.get(keyword) or []):
            yield from _fields(document, choice, (*at, keyword, index), prefix, depth + 1)
    if "items" in schema:
        yield from _fields(document, schema["items"], (*at, "items"), f"{prefix}[]", depth + 1)
    required = set(schema.get("required") or [])
    for name, prop in (schema.get("properties") or {}).items():
        child, _ = _resolve(document, prop, (*at, "properties", name))
        dotted = f"{prefix}.{name}" if prefix else name
        yield (
            dotted,
            Fact(
                (*at, "properties", name),
                name in required,
                _types(child),
                _enum(child),
                "x-scan-status" in child,
            ),
        )
        yield from _fields(document, prop, (*at, "properties", name), dotted, depth + 1)


def _another_way_to_authenticate(old: Any, new: Any, where: Where) -> bool:
    """A security scheme or requirement added beside the old ones: every old client still works."""
    if where[:2] == ("components", "securitySchemes") and len(where) == 3:
        return where[2] not in (old.get("components") or {}).get("securitySchemes", {})
    if where[:1] == ("security",):
        before, after = old.get("security") or [], new.get("security") or []
        return all(requirement in after for requirement in before)
    return False


def _leaf_changes(
    old: Any, new: Any, where: tuple[str | int, ...] = (), cosmetic: bool = False
) -> Iterator[tuple[tuple[str | int, ...], bool]]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys(), key=str):
            inner = cosmetic or key in COSMETIC
            if key not in old or key not in new:
                yield (*where, key), inner
            else:
                yield from _leaf_changes(old[key], new[key], (*where, key), inner)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            yield from _leaf_changes(a, b, (*where, index), cosmetic)
    elif old != new:
        yield where, cosmetic


def compare_api(old_root: Any, new_root: Any, import_name: str, spec: str) -> list[Finding]:
    """griffe's breaking changes between two generated packages (folders holding `import_name`)."""
    import griffe

    old = griffe.load(import_name, search_paths=[str(old_root)], resolve_aliases=False)
    new = griffe.load(import_name, search_paths=[str(new_root)], resolve_aliases=False)
    findings = []
    for breakage in griffe.find_breaking_changes(old, new):
        line = (
            getattr(breakage.new_value, "lineno", None)
            or getattr(breakage.obj, "lineno", None)
            or 1
        )
        findings.append(
            Finding(
                "major",
                spec,
                f"python:{breakage.obj.path}",
                int(line),
                f"Python API: {breakage.explain()}",
            )
        )
    return findings
