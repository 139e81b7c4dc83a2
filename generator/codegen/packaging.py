"""Turns the two generators' output into one installable package with its own metadata."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomlkit

from generator.spec.document import Document, operations
from generator.workspace import ApiPackage

BUILD_BACKEND = "hatchling==1.33.0"
DEPENDENCIES = ("httpx>=0.23.0,<0.29.0", "attrs>=22.2.0", "pydantic>=2.5,<3")
DATEUTIL = "python-dateutil>=2.8.0,<3"  # only when the client parses dates with it
SPEC_FILE = "openapi.yaml"  # the hand-written spec, verbatim, inside the package


def header(package: ApiPackage, tools: dict[str, str]) -> str:
    return (
        f"Generated from {package.spec} by generator/ (openapi-python-client "
        f"{tools['openapi-python-client']}, datamodel-code-generator "
        f"{tools['datamodel-code-generator']}): do not edit; change the spec, run nox -s generate."
    )


def add_headers(package_dir: Path, text: str) -> None:
    """Open every file the generators wrote with the one-line header (the models have theirs)."""
    for path in sorted(package_dir.rglob("*")):
        if not path.is_file():
            continue
        body = path.read_text(encoding="utf-8")
        if path.suffix in (".py", ".typed", ".toml", ".yaml") and not body.startswith(f"# {text}"):
            path.write_text(f"# {text}\n{body}", encoding="utf-8")
        elif path.suffix == ".md":
            path.write_text(f"<!-- {text} -->\n{body}", encoding="utf-8")


def write_metadata(root: Path, package: ApiPackage, spec: dict[str, Any]) -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.py")))
    dependencies = list(DEPENDENCIES)
    if "dateutil" in code:
        dependencies.append(DATEUTIL)
    (root / "pyproject.toml").write_text(pyproject(package, spec, dependencies), encoding="utf-8")
    (root / package.import_name / "py.typed").write_text("", encoding="utf-8")
    (root / "README.md").write_text(_readme(root, package, spec), encoding="utf-8")


def pyproject(package: ApiPackage, spec: dict[str, Any], dependencies: list[str]) -> str:
    """A generated package's pyproject.toml: its whole metadata, set here and nowhere else.

    Written by tomlkit, which escapes whatever a spec's title holds: no text can end a string.
    """
    title = " ".join(str(spec["info"]["title"]).split())
    listed = tomlkit.array()
    listed.extend(dependencies)
    document = tomlkit.document()
    document["build-system"] = {"requires": [BUILD_BACKEND], "build-backend": "hatchling.build"}
    document["project"] = {
        "name": package.distribution,
        "version": package.version,
        "description": f"A typed client for the {title}, generated from its OpenAPI spec.",
        "readme": "README.md",
        "requires-python": ">=3.11",
        "dependencies": listed.multiline(True),
    }
    document["tool"] = {
        "hatch": {"build": {"targets": {"wheel": {"packages": [package.import_name]}}}}
    }
    return tomlkit.dumps(document)


def _readme(root: Path, package: ApiPackage, spec: dict[str, Any]) -> str:
    info = spec["info"]
    rows = []
    for path, method, operation in operations(spec):
        module = _operation_module(root / package.import_name, operation["operationId"])
        rows.append(f"| `{method.upper()} {path}` | `{package.import_name}.{module}` |")
    first_path, first_method, first = next(operations(spec))
    module = _operation_module(root / package.import_name, first["operationId"])
    table = "\n".join(rows)
    return f"""# {package.distribution}

A typed Python client for the {info["title"]} (spec version {info["version"]}), generated from
`{package.spec}`: sync and async functions with attrs models in `{package.import_name}`, and
pydantic v2 models of the same schemas in `{package.import_name}.schemas`.

Enums are open: a value the spec does not list parses as the plain string the server sent
instead of raising, so a vendor's new status never breaks a caller. The spec itself ships in the
package as `{package.import_name}/{SPEC_FILE}`.

## Operations

Each module has `sync`, `sync_detailed`, `asyncio` and `asyncio_detailed`.

| operation | module |
|---|---|
{table}

## Use

The client does not read the spec's servers: always pass `base_url`
(the vendor's is `{_server(spec)}`).

```python
{_example(package, spec, module, first_path, first_method, first)}
```
"""


def _operation_module(package_dir: Path, operation_id: str) -> str:
    from openapi_python_client.strings import snake_case

    name = snake_case(operation_id)
    found = sorted((package_dir / "api").glob(f"*/{name}.py"))
    return f"api.{found[0].parent.name}.{name}" if found else f"api.{name}"


def _server(spec: dict[str, Any]) -> str:
    server = (spec.get("servers") or [{"url": "https://example.invalid"}])[0]
    url = str(server["url"])
    for name, variable in (server.get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(variable.get("default", name)))
    return url


def _client(spec: dict[str, Any]) -> tuple[str, str]:
    """The client class and its keyword arguments for the spec's first security requirement."""
    requirement = (spec.get("security") or [{}])[0]
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    used = [schemes[name] for name in requirement if name in schemes]
    if len(used) == 1 and used[0].get("type") == "http" and used[0].get("scheme") == "bearer":
        return "AuthenticatedClient", 'token="<token>"'
    if len(used) == 1 and used[0].get("type") == "apiKey" and used[0].get("in") == "header":
        scheme = used[0]
        return "AuthenticatedClient", (
            f'token="<key>", prefix={str(scheme.get("x-auth-prefix", ""))!r}, '
            f"auth_header_name={str(scheme['name'])!r}"
        )
    names = [str(s["name"]) for s in used if s.get("in") == "header"]
    headers = ", ".join(f"{name!r}: {'<' + name + '>'!r}" for name in names)
    return "Client", f"headers={{{headers}}}"


def _example(
    package: ApiPackage,
    spec: dict[str, Any],
    module: str,
    path: str,
    method: str,
    op: dict[str, Any],
) -> str:
    from openapi_python_client.strings import snake_case

    client_class, client_args = _client(spec)
    arguments = []
    for param, _ in Document(spec).parameters(path, method):
        if param.get("required") and param.get("in") in ("path", "query", "header"):
            arguments.append(f"{snake_case(param['name'])}={param.get('example', '...')!r}")
    imports = [f"from {package.import_name} import {client_class}"]
    body = (op.get("requestBody") or {}).get("content", {}).get("application/json")
    if body:
        examples: dict[str, Any] = body.get("examples") or {}
        first: dict[str, Any] = next(iter(examples.values()), {})
        value = first.get("value", body.get("example"))
        model = (body["schema"].get("$ref") or "").rsplit("/", 1)[-1]
        if model and isinstance(value, dict):
            imports.append(f"from {package.import_name}.models import {model}")
            arguments.append(f"body={model}.from_dict({value!r})")
        else:
            arguments.append(f"body={value!r}")
    call = ",\n        ".join(["client=client", *arguments])
    module_name = module.rsplit(".", 1)
    imports.append(f"from {package.import_name}.{module_name[0]} import {module_name[1]}")
    return f"""{chr(10).join(imports)}

client = {client_class}(base_url={_server(spec)!r}, {client_args})
with client:
    response = {module_name[1]}.sync_detailed(
        {call},
    )
    print(response.status_code, response.parsed)"""
