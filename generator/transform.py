"""The spec as the generators see it: the hand-written spec, with every enum left open.

Both generators turn an enum into a closed type whose parsing raises on a value the spec does
not list, and vendors add statuses. So every enum component `X` is renamed `KnownX` and `X`
becomes `anyOf: [KnownX, <its base type>]`: known values parse to enum members, a new value
parses to the plain string the vendor sent. The spec files themselves stay as the docs say.
"""

from __future__ import annotations

import copy
from typing import Any

KNOWN_PREFIX = "Known"


def for_generators(data: dict[str, Any]) -> dict[str, Any]:
    result = copy.deepcopy(data)
    schemas: dict[str, Any] = (result.get("components") or {}).get("schemas") or {}
    opened: dict[str, Any] = {}
    for name, schema in schemas.items():
        if not (isinstance(schema, dict) and isinstance(schema.get("enum"), list)):
            opened[name] = schema
            continue
        known_name = KNOWN_PREFIX + name
        if known_name in schemas:
            raise ValueError(f"components/schemas/{known_name} clashes with the open enum of {name}")
        base = schema.get("type", "string")
        wrapper: dict[str, Any] = {
            "anyOf": [{"$ref": f"#/components/schemas/{known_name}"}, {"type": base}],
        }
        for key in ("description", "x-scan-status"):
            if key in schema:
                wrapper[key] = schema[key]
        known = {k: v for k, v in schema.items() if k != "x-scan-status"}
        known["description"] = f"The values of {name} that the spec lists."
        opened[known_name] = known
        opened[name] = wrapper
    if schemas:
        result["components"]["schemas"] = opened
    return result
