"""Spec validation: openapi-spec-validator, then the house rules that keep both generators safe.

Each rule exists because of a measured pitfall (see DESIGN.md) or because a later stage relies
on it: the status layer finds status values through `x-scan-status`, docs-drift through the
provenance hashes, the forward-compatible enum transform through named enum components.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import PureWindowsPath
from typing import Any

from generator.spec.document import (
    HTTP_METHODS,
    MAX_HOPS,
    URI,
    DanglingRef,
    Document,
    Where,
    descend,
    fragment,
    is_ref,
    operations,
    walk,
)
from generator.spec.loader import JsonPath, LoadedSpec
from generator.spec.problems import Problem

# Matched whole (fullmatch: `$` would let a trailing newline through).
SHA256 = re.compile(r"[0-9a-f]{64}")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check(spec: LoadedSpec, vendors: frozenset[str]) -> list[Problem]:
    """Every problem of one spec; an empty list means the generators may run on it."""
    problems = list(_check_refs(spec))
    if not problems:
        # The validator crashes on a dangling $ref, which _check_refs has reported already;
        # examples are only worth checking against schemas that are themselves valid.
        problems.extend(_check_openapi(spec))
        if not problems:
            problems.extend(_check_examples(spec))
    for rule in (
        _check_operations,
        _check_path_defaults,
        _check_enums,
        _check_property_names,
        _check_file_names,
        _check_name_clashes,
    ):
        problems.extend(rule(spec))
    problems.extend(_check_vendor_marks(spec, vendors))
    problems.extend(_check_provenance(spec))
    problems.extend(_check_marks(spec))
    return sorted(set(problems))


def assumptions(data: Any) -> list[JsonPath]:
    """Where the spec marks a fact as our own assumption (`x-assumption: why`): a fact with no
    page and no source behind it. `nox -s specs` prints how many each spec has."""
    return [
        where for where, node in walk(data) if isinstance(node, dict) and "x-assumption" in node
    ]


def _check_marks(spec: LoadedSpec) -> Iterator[Problem]:
    """A fact beyond the pages says where it comes from: x-source a URL (with an optional
    note), or x-assumption the reason we assume it."""
    for where, node in walk(spec.data):
        if not isinstance(node, dict):
            continue
        if "x-assumption" in node:
            why = node["x-assumption"]
            if not isinstance(why, str) or not why.strip():
                yield spec.problem(
                    (*where, "x-assumption"), "[marks] x-assumption must say why, as text"
                )
        if "x-source" in node:
            sources = node["x-source"]
            for index, source in enumerate(sources if isinstance(sources, list) else [sources]):
                url = source.get("url") if isinstance(source, dict) else None
                if not (isinstance(url, str) and re.match(r"^https?://", url)):
                    at = (
                        (*where, "x-source", index)
                        if isinstance(sources, list)
                        else (*where, "x-source")
                    )
                    yield spec.problem(at, "[marks] x-source needs a url (http or https)")


def _check_refs(spec: LoadedSpec) -> Iterator[Problem]:
    for where, node in walk(spec.data):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            continue
        ref = node["$ref"]
        at = (*where, "$ref")
        if not ref.startswith("#"):
            yield spec.problem(at, f"[no-remote-ref] $ref {ref!r} points outside this file")
            continue
        try:
            spec.document.target(ref)
        except DanglingRef:
            yield spec.problem(at, f"[ref] $ref {ref!r} does not resolve")
    yield from _check_ref_cycles(spec)


def _check_ref_cycles(spec: LoadedSpec) -> Iterator[Problem]:
    """A node that is only itself: a chain of `$ref`s (or of `allOf`s, which merge their parts)
    that comes back to where it started. Nothing could ever be generated or validated from it
    (the validator recurses until Python gives up); a cycle through `properties` or `items` is a
    legitimate recursive type and is not one of these.

    Reported once per cycle, at the `$ref` that closes it, with the chain.
    """
    document = spec.document

    def edges(where: Where) -> Iterator[tuple[Where, Where | None]]:
        """(the node this one is made of, the `$ref` leading there or None) for each part."""
        try:
            node = descend(document.data, where)
        except DanglingRef:
            return
        if is_ref(node):
            try:
                target = document.target(node["$ref"])[1]
            except DanglingRef:  # reported by _check_refs
                return
            yield target, where
        elif isinstance(node, dict) and isinstance(node.get("allOf"), list):
            for index in range(len(node["allOf"])):
                yield (*where, "allOf", index), None

    done: set[Where] = set()
    reported: set[frozenset[Where]] = set()
    for start, node in walk(document.data):
        if not is_ref(node) or start in done:
            continue
        # Depth-first from this $ref, the current chain kept in order to name the cycle.
        chain: list[Where] = [start]
        refs: list[Where | None] = []
        stack = [edges(start)]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                done.add(chain.pop())
                if refs:
                    refs.pop()
                continue
            nxt, via = step
            if nxt in chain:
                loop = chain[chain.index(nxt) :]
                if frozenset(loop) not in reported:
                    reported.add(frozenset(loop))
                    closing = via if via is not None else chain[-1]
                    names = [fragment(w) for w in (*loop, nxt)]
                    yield spec.problem(
                        (*closing, "$ref") if via is not None else closing,
                        "[ref] $ref cycle: " + " -> ".join(names) + "; nothing can be "
                        "made only of itself (a recursive type needs a property or items in between)",
                    )
            elif nxt not in done:
                chain.append(nxt)
                refs.append(via)
                stack.append(edges(nxt))


def _check_openapi(spec: LoadedSpec) -> Iterator[Problem]:
    from openapi_spec_validator import OpenAPIV31SpecValidator

    if not str(spec.data.get("openapi", "")).startswith("3.1"):
        yield spec.problem(["openapi"], "[openapi] specs are OpenAPI 3.1 (openapi: 3.1.x)")
        return
    try:
        for error in OpenAPIV31SpecValidator(spec.data).iter_errors():
            yield spec.problem(_where(spec.data, error), f"[openapi] {error.message}")
    except Exception as err:  # the validator itself failed: still say where we were
        yield spec.problem([], f"[openapi] the validator failed: {err}")


def _where(data: dict[str, Any], error: Any) -> JsonPath:
    """The spec validator reports errors inside a schema relative to that schema: find it."""
    path = list(error.absolute_path)
    if _found(data, path):
        return path
    for where, node in walk(data):
        if isinstance(node, dict) and _found(node, path) and descend(node, path) == error.instance:
            return [*where, *path]
    return []


def _found(node: Any, path: list[Any]) -> bool:
    try:
        descend(node, path)
    except DanglingRef:
        return False
    return True


def _check_operations(spec: LoadedSpec) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for path, method, operation in operations(spec.data):
        where = ["paths", path, method]
        op_id = operation.get("operationId")
        label = f"{method.upper()} {path}"
        if not op_id:
            yield spec.problem(where, f"[operation-id] {label} has no operationId")
        elif op_id in seen:
            yield spec.problem(
                [*where, "operationId"],
                f"[operation-id] {label} reuses operationId {op_id!r} of {seen[op_id]}",
            )
        else:
            seen[op_id] = label


def _check_path_defaults(spec: LoadedSpec) -> Iterator[Problem]:
    # openapi-python-client writes a path parameter with a default as invalid Python.
    for path, item in (spec.data.get("paths") or {}).items():
        places = [("paths", path, "parameters")] + [
            ("paths", path, method, "parameters") for method in HTTP_METHODS if method in item
        ]
        for place in places:
            params = item.get("parameters") if len(place) == 3 else item[place[2]].get("parameters")
            for index, param in enumerate(params or []):
                param = spec.document.resolved(param)
                schema = spec.document.resolved(param.get("schema") or {})
                if param.get("in") == "path" and isinstance(schema, dict) and "default" in schema:
                    yield spec.problem(
                        [*place, index],
                        f"[path-default] path parameter {param.get('name')!r} has a default; "
                        "path parameters are always required, remove it",
                    )


# Names openapi-python-client's attrs model (model.py.jinja) uses itself, with what goes wrong
# when a property's Python name is one of them; it has no setting to rename a property, and the
# property's name is the wire name, so the rule refuses it. (datamodel-code-generator renames the
# pydantic names, `model_config`, `model_dump`..., itself, with an alias: they are fine.)
RESERVED_NAMES = {
    "to_dict": "the model's to_dict() method: to_dict() raises TypeError",
    "from_dict": "the model's from_dict() classmethod: from_dict() raises TypeError",
    "to_multipart": "the model's to_multipart() method",
    "additional_properties": "the model's catch-all field: from_dict() raises TypeError",
    "additional_keys": "the model's additional_keys property",
    "d": "from_dict()'s working copy of the input: from_dict() raises AttributeError",
    "src_dict": "from_dict()'s argument",
    "cls": "from_dict()'s class argument: from_dict() raises TypeError",
    "field_dict": "to_dict()'s result: to_dict() returns itself inside itself",
    "prop_name": "a loop variable of to_dict() and from_dict()",
    "prop": "a loop variable of to_dict()",
    "prop_dict": "a loop variable of from_dict()",
    "files": "to_multipart()'s result",
}
_DELIMITERS = "\\. _-"  # upstream counts the backslash as a delimiter too


def _words(name: str) -> list[str]:
    """openapi-python-client's split of a name into words (its sanitize and split_words)."""
    kept = "".join(c for c in name if c.isidentifier() or c.isdecimal() or c in _DELIMITERS)
    if any(c.isupper() for c in kept):
        kept = " ".join(re.split("([A-Z]?[a-z]+)", kept))
    return re.findall(rf"[^{re.escape(_DELIMITERS)}]+", kept)


def python_name(name: str) -> str:
    """The attribute name openapi-python-client gives a property (its snake_case of the name)."""
    return "_".join(_words(name)).lower()


def class_name(name: str) -> str:
    """The class name openapi-python-client gives a component schema (its pascal_case)."""
    return "".join(word if word.isupper() else word.capitalize() for word in _words(name))


# A name that becomes a file or folder of the generated package (an operationId its module, a
# schema its model module, a tag its api/ folder) is at most this long: file names are limited
# to 255 bytes, and the generators add to the name.
MAX_FILE_NAME = 100


def _check_file_names(spec: LoadedSpec) -> Iterator[Problem]:
    named: list[tuple[JsonPath, str, str]] = []
    for path, method, operation in operations(spec.data):
        op_id = operation.get("operationId")
        if isinstance(op_id, str):
            named.append((["paths", path, method, "operationId"], "operationId", op_id))
        for index, tag in enumerate(operation.get("tags") or []):
            if isinstance(tag, str):
                named.append((["paths", path, method, "tags", index], "tag", tag))
    for name in (spec.data.get("components") or {}).get("schemas") or {}:
        named.append((["components", "schemas", name], "schema name", name))
    for where, kind, name in named:
        size = len(python_name(name).encode("utf-8"))
        if size > MAX_FILE_NAME:
            yield spec.problem(
                where,
                f"[file-name] {kind} {name[:40]!r}... becomes a file name of {size} bytes in the "
                f"generated package; at most {MAX_FILE_NAME}: shorten it",
            )


def _check_name_clashes(spec: LoadedSpec) -> Iterator[Problem]:
    """Two names one Python name: properties of one schema (the attrs attribute), parameters of
    one operation in one place (the function's argument), component schemas (the class). The
    generators fail on these with a message naming no file and no line."""
    for where, node in walk(spec.data):
        properties = node.get("properties") if isinstance(node, dict) else None
        if isinstance(properties, dict) and not (
            where[-1:] == ("properties",) and where[-2:-1] not in (("properties",), ("schemas",))
        ):
            yield from _clashes(
                spec,
                [([*where, "properties", name], name) for name in properties],
                python_name,
                lambda a, b, python: (
                    f"properties {a} and {b} are both the attribute `{python}` "
                    "of the generated model"
                ),
            )
    for path, method, _ in operations(spec.data):
        places: dict[str, list[tuple[JsonPath, str]]] = {}
        for param, at in spec.document.parameters(path, method):
            if isinstance(param.get("name"), str):
                places.setdefault(str(param.get("in")), []).append((list(at), param["name"]))
        for place, params in places.items():
            yield from _clashes(spec, params, python_name, _parameters_clash(method, path, place))
    schemas = (spec.data.get("components") or {}).get("schemas") or {}
    yield from _clashes(
        spec,
        [(["components", "schemas", name], name) for name in schemas],
        class_name,
        lambda a, b, python: f"schemas {a} and {b} are both the generated class `{python}`",
    )


def _parameters_clash(method: str, path: str, place: str) -> Callable[[str, str, str], str]:
    def describe(a: str, b: str, python: str) -> str:
        return (
            f"{method.upper()} {path}: {place} parameters {a} and {b} are both the argument "
            f"`{python}` of the generated function"
        )

    return describe


def _clashes(
    spec: LoadedSpec,
    named: list[tuple[JsonPath, str]],
    rename: Callable[[str], str],
    describe: Callable[[str, str, str], str],
) -> Iterator[Problem]:
    first: dict[str, tuple[JsonPath, str]] = {}
    for where, name in named:
        python = rename(name)
        if python in first and first[python][1] != name:
            earlier_at, earlier = first[python]
            line = spec.problem(earlier_at, "").line
            shown = describe(f"{earlier!r} (line {line})", repr(name), python)
            yield spec.problem(where, f"[python-names] {shown}; rename one of them")
        first.setdefault(python, (where, name))


def _check_property_names(spec: LoadedSpec) -> Iterator[Problem]:
    for where, node in walk(spec.data):
        properties = node.get("properties") if isinstance(node, dict) else None
        # Skip a `properties` mapping itself (unless it is a schema named so).
        if not isinstance(properties, dict) or (
            where[-1:] == ("properties",) and where[-2:-1] not in (("properties",), ("schemas",))
        ):
            continue
        for name in properties:
            python = python_name(name)
            if python in RESERVED_NAMES and not name.startswith("_"):
                yield spec.problem(
                    [*where, "properties", name],
                    f"[reserved-name] property {name!r} is the attribute `{python}` of the "
                    f"generated attrs model, which already uses that name for "
                    f"{RESERVED_NAMES[python]}; openapi-python-client cannot be told to rename it",
                )


def _check_enums(spec: LoadedSpec) -> Iterator[Problem]:
    for where, node in walk(spec.data):
        if not (isinstance(node, dict) and isinstance(node.get("enum"), list)):
            continue
        if len(where) != 3 or where[:2] != ("components", "schemas"):
            yield spec.problem(
                [*where, "enum"],
                "[named-enum] declare enums under components/schemas and $ref them, so the "
                "pipeline can keep them open to values a vendor adds later",
            )
        values = node["enum"]
        names = node.get("x-enum-varnames")
        for value in values:
            unsafe = sorted({f"U+{ord(c):04X}" for c in str(value) if _dropped(c)})
            if unsafe:
                yield spec.problem(
                    [*where, "enum"],
                    f"[enum-value] enum value {value!r} holds {', '.join(unsafe)}: a control or "
                    "separator character that openapi-python-client drops, so it could never match",
                )
        groups: dict[str, list[Any]] = {}
        for value in values:
            groups.setdefault(str(value).strip().casefold(), []).append(value)
        clashes = [group for group in groups.values() if len(group) > 1]
        if clashes and names is None:
            shown = ", ".join(" / ".join(repr(v) for v in group) for group in clashes)
            yield spec.problem(
                [*where, "enum"],
                f"[enum-varnames] enum values {shown} differ only by spaces or case; "
                "name every value with x-enum-varnames",
            )
        if names is not None:
            yield from _check_varnames(spec, [*where, "x-enum-varnames"], values, names)


def _dropped(character: str) -> bool:
    """Characters openapi-python-client removes from enum values (its strings.py)."""
    category = unicodedata.category(character)
    return (category.startswith("C") and character not in "\b\t\f") or category in ("Zl", "Zp")


def _check_varnames(
    spec: LoadedSpec, at: list[Any], values: list[Any], names: Any
) -> Iterator[Problem]:
    if not isinstance(names, list) or len(names) != len(values):
        yield spec.problem(at, "[enum-varnames] x-enum-varnames needs one name for each enum value")
        return
    for name in names:
        if not (isinstance(name, str) and IDENTIFIER.fullmatch(name)):
            yield spec.problem(at, f"[enum-varnames] {name!r} is not a Python identifier")
    upper = [str(name).upper() for name in names]
    if len(set(upper)) != len(upper):
        yield spec.problem(at, "[enum-varnames] x-enum-varnames are not unique (ignoring case)")


def _examples(document: Document) -> Iterator[tuple[tuple[str | int, ...], Any, Any]]:
    """(where, where its schema is, example value) for every example in the document."""
    data = document.data
    for where, node in walk(data):
        if not (isinstance(node, dict) and "schema" in node):
            continue
        if where[-2:-1] != ("content",) and node.get("in") is None:
            continue
        if "example" in node:
            yield (*where, "example"), (*where, "schema"), node["example"]
        for name, example in (node.get("examples") or {}).items():
            example = document.resolved(example)
            if isinstance(example, dict) and "value" in example:
                yield (*where, "examples", name), (*where, "schema"), example["value"]
    for name, schema in ((data.get("components") or {}).get("schemas") or {}).items():
        for index, value in enumerate(
            schema.get("examples") or [] if isinstance(schema, dict) else []
        ):
            yield (
                ("components", "schemas", name, "examples", index),
                ("components", "schemas", name),
                value,
            )


def _check_examples(spec: LoadedSpec) -> Iterator[Problem]:
    from openapi_schema_validator import OAS31Validator

    document = spec.document
    for where, schema_at, value in _examples(document):
        validator = OAS31Validator({"$ref": URI + fragment(schema_at)}, registry=document.registry)
        try:
            errors = list(validator.iter_errors(value))
        except Exception as err:
            yield spec.problem(where, f"[example] its schema cannot be checked: {err}")
            continue
        for error in errors:
            inside = "/".join(str(p) for p in error.absolute_path) or "(the value)"
            yield spec.problem(
                where, f"[example] example does not match its schema at {inside}: {error.message}"
            )


def _is_string_schema(document: Document, schema: Any) -> bool:
    schema = document.resolved(schema)
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    if kind == "string" or (isinstance(kind, list) and "string" in kind):
        return True
    return any(isinstance(v, str) for v in schema.get("enum") or [])


def _status_mark(document: Document, schema: Any) -> Any:
    """The x-scan-status on the schema or on any schema along its chain of $refs."""
    for _ in range(MAX_HOPS):
        if not isinstance(schema, dict):
            return None
        if "x-scan-status" in schema:
            return schema["x-scan-status"]
        if not is_ref(schema):
            return None
        try:
            schema, _ = document.target(schema["$ref"])
        except DanglingRef:
            return None
    return None


def _check_vendor_marks(spec: LoadedSpec, vendors: frozenset[str]) -> Iterator[Problem]:
    vendor = (spec.data.get("info") or {}).get("x-vendor")
    if vendor not in vendors:
        yield spec.problem(
            ["info"], f"[vendor] info.x-vendor must be one of {sorted(vendors)}, not {vendor!r}"
        )
    for where, node in walk(spec.data):
        if not isinstance(node, dict):
            continue
        if "x-scan-status" in node:
            if node["x-scan-status"] != vendor:
                yield spec.problem(
                    [*where, "x-scan-status"],
                    f"[status-mark] x-scan-status is {node['x-scan-status']!r}; "
                    f"this spec's vendor is {vendor!r}",
                )
            if not _is_string_schema(spec.document, node):
                yield spec.problem([*where, "x-scan-status"], "[status-mark] a status is a string")
        properties = node.get("properties") if where[-1:] != ("properties",) else None
        for name, prop in (properties or {}).items() if isinstance(properties, dict) else []:
            if "status" not in name.casefold() or not _is_string_schema(spec.document, prop):
                continue
            if _status_mark(spec.document, prop) is None:
                yield spec.problem(
                    [*where, "properties", name],
                    f"[status-mark] {name!r} looks like a scan status: mark it (or the schema it "
                    f"refers to) with x-scan-status: {vendor}",
                )


def _check_provenance(spec: LoadedSpec) -> Iterator[Problem]:
    pages = (spec.data.get("info") or {}).get("x-provenance")
    known: set[str] = set()
    if not isinstance(pages, list) or not pages:
        yield spec.problem(["info"], "[provenance] info.x-provenance lists no documentation page")
        pages = []
    for index, page in enumerate(pages):
        yield from _check_page(spec, ["info", "x-provenance", index], page)
        if isinstance(page, dict):
            known.add(str(page.get("page")))
    for path, method, operation in operations(spec.data):
        where = ["paths", path, method]
        page = operation.get("x-provenance")
        if page is None:
            yield spec.problem(where, f"[provenance] {method.upper()} {path} has no x-provenance")
            continue
        yield from _check_page(spec, [*where, "x-provenance"], page)
        if isinstance(page, dict) and page.get("page") not in known:
            yield spec.problem(
                [*where, "x-provenance"],
                f"[provenance] page {page.get('page')!r} is not listed in info.x-provenance",
            )


def inside_docs(page: str) -> bool:
    """Whether a provenance page names a file inside the docs folder, whatever that folder is:
    relative, every segment a real name (drift reads `<docs>/<page>`)."""
    parts = page.split("/")
    return not (
        page.startswith("/")
        or "\\" in page
        or "\0" in page
        or any(part in ("", ".", "..") for part in parts)
        or PureWindowsPath(page).drive
    )


def _check_page(spec: LoadedSpec, where: list[Any], page: Any) -> Iterator[Problem]:
    if not isinstance(page, dict) or not page.get("page"):
        yield spec.problem(where, "[provenance] name the documentation page (page: <file>)")
        return
    if not inside_docs(str(page["page"])):
        yield spec.problem(
            [*where, "page"],
            f"[provenance] page {str(page['page'])[:80]!r} must name a file inside the docs "
            "folder: a relative path with no '..', no '.' and no empty segment",
        )
    if not SHA256.fullmatch(str(page.get("sha256", ""))):
        yield spec.problem(where, "[provenance] sha256 must be the page text's 64-hex-digit sha256")
