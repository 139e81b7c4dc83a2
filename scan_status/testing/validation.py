"""Requests and answers checked against a spec, with validators built once per operation.

openapi-core finds the path, rebuilds schema validators and resolves every $ref on each request
(about 3 ms each, most of a mock's time). Here each operation's parameters, body and answers get
their JSON Schema validators (openapi-schema-validator's OAS 3.1 dialect and formats, the ones
openapi-core uses) when the server starts, with the spec's $refs inlined, so a request costs a
dictionary lookup and the schema checks themselves.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openapi_schema_validator import OAS31Validator, oas31_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_URI = "urn:scan-status:spec"
Validator = Any  # a jsonschema validator (jsonschema ships no type information)
# The HTTP status, what is wrong, and the field it is about (if one).
Problem = tuple[int, str, str | None]
# A JSON body with a longer array is refused before its schema check (a mock's own bound: the
# vendors document none, and checking 200,000 ids would hold the server for a minute).
MAX_ITEMS = 1000


def _pointer(spec: Mapping[str, Any], ref: str) -> Any:
    node: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def inline(node: Any, spec: Mapping[str, Any], chain: tuple[str, ...] = ()) -> Any:
    """`node` with every local $ref replaced by what it points at; a $ref back into its own chain
    (a recursive schema) points into the whole spec instead, which the registry resolves."""
    if isinstance(node, list):
        return [inline(item, spec, chain) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        siblings = {k: inline(v, spec, chain) for k, v in node.items() if k != "$ref"}
        if ref in chain:
            target: Any = {"$ref": SPEC_URI + ref}
        else:
            target = inline(_pointer(spec, ref), spec, (*chain, ref))
        return {"allOf": [target], **siblings} if siblings else target
    return {key: inline(value, spec, chain) for key, value in node.items()}


def _validator(schema: Any, registry: Registry[Any]) -> Validator:
    return OAS31Validator(schema, registry=registry, format_checker=oas31_format_checker)


def _first_error(validator: Validator, value: Any) -> str | None:
    error = next(iter(validator.iter_errors(value)), None)
    if error is None:
        return None
    where = "/".join(str(part) for part in error.absolute_path)
    return f"{error.message} (at {where})" if where else error.message


def _media(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _matches(media: str, declared: str) -> bool:
    kind, _, sub = declared.lower().partition("/")
    their_kind, _, their_sub = media.partition("/")
    return kind in ("*", their_kind) and sub in ("*", their_sub)


@dataclass
class Parameter:
    name: str
    location: str  # path, query, header
    required: bool
    schema: dict[str, Any]
    validator: Validator
    explode: bool

    def value(self, raw: Sequence[str]) -> Any:
        """The raw strings as the schema's type, the way openapi-core deserialises them."""
        kind = self.schema.get("type")
        if kind == "array":
            items = list(raw) if self.explode else raw[-1].split(",")
            item_kind = (self.schema.get("items") or {}).get("type")
            return [_cast(item, item_kind) for item in items]
        return _cast(raw[-1], kind)


# What a parameter of type integer or number may be written as: ASCII digits only (int() also
# takes "\uff14\uff11" in fullwidth digits, "4_1", " 41 " and "+41"; float() "nan" and "1_0").
INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", re.ASCII)
TOO_DEEP = "Request body nests JSON too deeply"


def _cast(text: str, kind: Any) -> Any:
    if kind == "integer" and INTEGER.fullmatch(text):
        return int(text)
    if kind == "number" and NUMBER.fullmatch(text):
        return float(text)
    if kind == "boolean" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


@dataclass
class Operation:
    """One operation's checks: parameters, the body by media type, answers by status code."""

    parameters: list[Parameter]
    body_required: bool
    bodies: dict[str, Validator | None]  # media type -> schema check (None: no schema)
    answers: dict[str, dict[str, Validator | None]] = field(default_factory=dict)

    def request_problem(
        self,
        path: Mapping[str, str],
        query: Mapping[str, Sequence[str]],
        headers: Mapping[str, str],
        body: bytes,
    ) -> Problem | None:
        for parameter in self.parameters:
            if parameter.location == "path":
                raw: Sequence[str] = [path[parameter.name]] if parameter.name in path else []
            elif parameter.location == "query":
                raw = query.get(parameter.name) or []
            else:
                found = headers.get(parameter.name.lower())
                raw = [found] if found is not None else []
            if not raw:
                if parameter.required:
                    message = f"Missing required {parameter.location} parameter: {parameter.name}"
                    return 400, message, parameter.name
                continue
            error = _first_error(parameter.validator, parameter.value(raw))
            if error:
                message = f"Invalid {parameter.location} parameter {parameter.name}: {error}"
                return 400, message, parameter.name
        return self._body_problem(headers.get("content-type"), body)

    def _body_problem(self, content_type: str | None, body: bytes) -> Problem | None:
        if not self.bodies:
            return None
        if not body:
            return (400, "Missing required request body", "body") if self.body_required else None
        media = _media(content_type)
        declared = next((name for name in self.bodies if _matches(media, name)), None)
        if declared is None:
            expected = ", ".join(self.bodies)
            return 400, f"Content type {media or '(none)'} is not one of {expected}", "body"
        validator = self.bodies[declared]
        if validator is None or not media.endswith("json"):
            return None
        try:
            value = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError:
            return 400, "Request body is not UTF-8", "body"
        except RecursionError:  # json's decoder stops at Python's recursion limit
            return 400, TOO_DEEP, "body"
        except ValueError as err:
            return 400, f"Request body is not JSON: {err}", "body"
        if isinstance(value, list) and len(value) > MAX_ITEMS:
            return 413, f"Request body lists {len(value)} items; at most {MAX_ITEMS}", "body"
        try:
            error = _first_error(validator, value)
        except RecursionError:  # parsed, but deeper than the schema check can walk
            return 400, TOO_DEEP, "body"
        return (400, f"Request body validation error: {error}", "body") if error else None

    def answer_problem(self, code: int, content_type: str | None, value: Any) -> str | None:
        declared = (
            self.answers.get(str(code))
            or self.answers.get(f"{str(code)[0]}XX")
            or self.answers.get("default")
        )
        if declared is None:
            return f"status {code} is not declared"
        if not declared:
            return None
        media = _media(content_type)
        name = next((name for name in declared if _matches(media, name)), None)
        if name is None:
            return f"content type {media} is not one of {', '.join(declared)}"
        validator = declared[name]
        return _first_error(validator, value) if validator is not None else None


def compile_operation(
    spec: Mapping[str, Any], path: str, method: str, registry: Registry[Any]
) -> Operation:
    item = spec["paths"][path]
    operation = item[method]
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for declared in [*item.get("parameters", []), *operation.get("parameters", [])]:
        parameter = inline(declared, spec)
        merged[(parameter["in"], parameter["name"])] = parameter  # the operation's win
    parameters = [
        Parameter(
            name=p["name"],
            location=p["in"],
            required=bool(p.get("required")),
            schema=p.get("schema") or {},
            validator=_validator(p.get("schema") or {}, registry),
            explode=p.get("explode", p.get("style", "form") == "form"),
        )
        for p in merged.values()
        if p["in"] in ("path", "query", "header")
    ]
    body = inline(operation.get("requestBody") or {}, spec)
    bodies = {
        media: _validator(content["schema"], registry) if "schema" in content else None
        for media, content in (body.get("content") or {}).items()
    }
    answers = {
        str(code): {
            media: _validator(content["schema"], registry) if "schema" in content else None
            for media, content in (inline(answer, spec).get("content") or {}).items()
        }
        for code, answer in (operation.get("responses") or {}).items()
    }
    return Operation(parameters, bool(body.get("required")), bodies, answers)


def registry_for(spec: Mapping[str, Any]) -> Registry[Any]:
    """Resolves the $refs `inline` leaves (recursive schemas) against the whole spec."""
    resource: Resource[Any] = Resource.from_contents(dict(spec), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return registry
