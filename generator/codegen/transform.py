"""The spec as the generators see it: the hand-written spec, with every enum left open.

Both generators turn an enum into a closed type whose parsing raises on a value the spec does
not list, and vendors add statuses. So every enum component `X` is renamed `KnownX` and `X`
becomes `anyOf: [KnownX, <its base type>]`: known values parse to enum members, a new value
parses to the plain string the vendor sent. Schema titles are dropped: openapi-python-client names classes and modules after them, and
free text can make a name that Python reads differently (NFKC turns "º" into "o", so the module
cannot be imported); component keys, which OpenAPI restricts to ASCII, name the classes instead.

Every enum member gets its name here too (x-enum-varnames, when the spec gives none), so the
client and the pydantic models name members alike, and two values that would upper-case to one
name (`a-b`, `a_b`) cannot crash openapi-python-client. The spec files stay as the docs say.
"""

from __future__ import annotations

import copy
import re
from typing import Any

KNOWN_PREFIX = "Known"


def for_generators(data: dict[str, Any]) -> dict[str, Any]:
    result = copy.deepcopy(data)
    _drop_schema_titles(result)
    schemas: dict[str, Any] = (result.get("components") or {}).get("schemas") or {}
    opened: dict[str, Any] = {}
    for name, schema in schemas.items():
        if not (isinstance(schema, dict) and isinstance(schema.get("enum"), list)):
            opened[name] = schema
            continue
        known_name = KNOWN_PREFIX + name
        if known_name in schemas:
            raise ValueError(
                f"components/schemas/{known_name} clashes with the open enum of {name}"
            )
        base = schema.get("type", "string")
        wrapper: dict[str, Any] = {
            "anyOf": [{"$ref": f"#/components/schemas/{known_name}"}, {"type": base}],
        }
        for key in ("description", "x-scan-status"):
            if key in schema:
                wrapper[key] = schema[key]
        known = {k: v for k, v in schema.items() if k != "x-scan-status"}
        known["description"] = f"The values of {name} that the spec lists."
        known.setdefault("x-enum-varnames", member_names(schema["enum"]))
        opened[known_name] = known
        opened[name] = wrapper
    if schemas:
        result["components"]["schemas"] = opened
    return result


def member_names(values: list[Any]) -> list[str]:
    """An upper-case identifier for each value, unique, `VALUE_<i>` where the value has none."""
    names: list[str] = []
    for index, value in enumerate(values):
        name = re.sub(r"[^0-9A-Za-z]+", "_", str(value)).strip("_").upper()
        if not name or name[0].isdigit():
            name = f"VALUE_{index}"
        candidate, suffix = name, 2
        while candidate in names:
            candidate, suffix = f"{name}_{suffix}", suffix + 1
        names.append(candidate)
    return names


def _drop_schema_titles(node: Any, key: str | None = None) -> None:
    """Remove `title` from schema objects; never from info, and never inside example data."""
    if key in ("info", "example", "examples") or not isinstance(node, dict | list):
        return
    if isinstance(node, list):
        for item in node:
            _drop_schema_titles(item)
        return
    if isinstance(node.get("title"), str):
        del node["title"]
    for name, value in node.items():
        # In `properties` the keys are property names (one may be "title"): recurse into each.
        _drop_schema_titles(value, None if key == "properties" else name)
