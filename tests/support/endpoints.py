"""Every operation of every generated package, and arguments for calling it taken from the
examples of the spec the package ships."""

from __future__ import annotations

import functools
import inspect
from typing import Any

from generator.spec.document import Document
from generator.workspace import load_packages
from tests.support.spec_data import spec_data
from tests.support.workspace import ROOT

SAMPLES = {"integer": 7, "number": 1.5, "boolean": True, "string": "sample-1"}


@functools.cache
def shipped_spec(distribution: str, import_name: str) -> Document:
    """The spec a generated package ships, once per process (several modules collect from it;
    spec_data parses the same bytes in specs/ once); read it, never change it."""
    return Document(spec_data(ROOT / "generated" / distribution / import_name / "openapi.yaml"))


def endpoint_modules() -> list[tuple[str, str, str]]:
    """(import name, module, operationId) for every operation of every generated package."""
    from openapi_python_client.strings import snake_case

    found = []
    for package in load_packages(ROOT):
        spec = shipped_spec(package.distribution, package.import_name)
        api = ROOT / "generated" / package.distribution / package.import_name / "api"
        for _, _, operation in spec.operations():
            name = snake_case(operation["operationId"])
            (path,) = api.glob(f"*/{name}.py")
            module = f"{package.import_name}.api.{path.parent.name}.{name}"
            found.append((package.import_name, module, operation["operationId"]))
    return found


def sample(document: Document, schema: Any, example: Any = None) -> Any:
    schema = document.resolved(schema)
    if example is not None:
        return example
    if "example" in schema:
        return schema["example"]
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type", "string")
    return SAMPLES[kind if isinstance(kind, str) else kind[0]]


def arguments(import_name: str, operation_id: str, signature: inspect.Signature) -> dict[str, Any]:
    """Keyword arguments for the operation: each parameter's example (or a value of its type),
    and the request body's documented example, parsed by the package's own model."""
    from openapi_python_client.strings import snake_case

    package = next(p for p in load_packages(ROOT) if p.import_name == import_name)
    document = shipped_spec(package.distribution, import_name)
    path, method = next(
        (p, m) for p, m, op in document.operations() if op["operationId"] == operation_id
    )
    values: dict[str, Any] = {}
    for param, _ in document.parameters(path, method):
        values[snake_case(param["name"])] = sample(
            document, param.get("schema") or {}, param.get("example")
        )
    if "body" in signature.parameters:
        content = document.data["paths"][path][method]["requestBody"]["content"]["application/json"]
        documented: Any = next(iter((content.get("examples") or {}).values()), {})
        value = document.resolved(documented).get("value", content.get("example"))
        model = signature.parameters["body"].annotation  # an attrs model, or plain JSON types
        values["body"] = model.from_dict(value) if hasattr(model, "from_dict") else value
    return {name: value for name, value in values.items() if name in signature.parameters}
