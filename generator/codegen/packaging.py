"""Turns the two generators' output into one installable package with its own metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.codegen import freshness
from generator.workspace import ApiPackage

BUILD_BACKEND = "hatchling==1.33.0"
CHANGELOG_FILE = "CHANGELOG.md"  # written beside pyproject.toml by the pipeline
DEPENDENCIES = ("httpx>=0.23.0,<0.29.0", "attrs>=22.2.0")
DATEUTIL = "python-dateutil>=2.8.0,<3"  # only when the client parses dates with it
# The pydantic models (<client>.schemas) are an extra: most users only call the API.
EXTRAS = {"pydantic": ["pydantic>=2.5,<3"]}
SPEC_FILE = "openapi.yaml"  # the hand-written spec, verbatim, inside the package
LICENSE_FILE = "LICENSE"
CLASSIFIERS = (
    "Intended Audience :: Developers",
    "Operating System :: OS Independent",
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3 :: Only",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
    "Typing :: Typed",
)
INDEX_URL = "https://pypi.internal.example.com/simple/"  # the private index, as the root README


@dataclass(frozen=True)
class Shared:
    """What every package takes from the repository itself: its license and its project URLs."""

    license_text: str | None = None  # the repository's LICENSE, shipped verbatim
    license: str | None = None  # its SPDX expression, from the root pyproject
    urls: dict[str, str] = field(default_factory=dict)  # the root pyproject's [project.urls]

    def sha256(self) -> str:
        return freshness.shared_sha256(self.license_text, self.license, self.urls)


def shared(root: Path) -> Shared:
    return Shared(*freshness.shared_values(str(root)))


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


def write_metadata(
    root: Path, package: ApiPackage, spec: dict[str, Any], common: Shared | None = None
) -> None:
    common = common or Shared()
    code = "\n".join(p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.py")))
    dependencies = list(DEPENDENCIES)
    if "dateutil" in code:
        dependencies.append(DATEUTIL)
    changelog = (root / CHANGELOG_FILE).is_file()
    (root / "pyproject.toml").write_text(
        pyproject(package, spec, dependencies, common, changelog=changelog), encoding="utf-8"
    )
    if common.license_text is not None:
        (root / LICENSE_FILE).write_text(common.license_text, encoding="utf-8")
    (root / package.import_name / "py.typed").write_text("", encoding="utf-8")
    (root / "README.md").write_text(_readme(root, package, spec), encoding="utf-8")
    _add_version(root / package.import_name / "__init__.py", package)


def _add_version(init: Path, package: ApiPackage) -> None:
    """`<client>.__version__`: the installed distribution's version, read on first use (importing
    importlib.metadata costs more than the rest of the package's import). Type checkers see a
    `str` attribute and no module `__getattr__`, so a misspelt name stays an error for them."""
    text = init.read_text(encoding="utf-8")
    # The import statement is the last line that starts with it: the same words may stand at
    # the start of a line of the docstring above it, which holds the spec's title. Lines are
    # split at "\n" alone (str.splitlines also splits at characters a title may hold: U+2028).
    lines = text.split("\n")
    anchor = max(
        (i for i, line in enumerate(lines) if line.startswith("from .client import ")),
        default=None,
    )
    if anchor is None:
        raise RuntimeError(f"{init} has no 'from .client import' line to put __version__ beside")
    lines.insert(anchor, "from typing import TYPE_CHECKING\n")
    text = "\n".join(lines)
    init.write_text(
        text.rstrip("\n")
        + f"""

if TYPE_CHECKING:
    __version__: str
else:

    def __getattr__(name: str) -> str:
        if name == "__version__":
            from importlib.metadata import version

            return version({package.distribution!r})
        raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}")
""",
        encoding="utf-8",
    )


def guard_pydantic(schemas: Path, package: ApiPackage) -> None:
    """The pydantic models are an extra: without it, say which one instead of a bare
    ModuleNotFoundError."""
    future = "from __future__ import annotations\n"
    text = schemas.read_text(encoding="utf-8")
    guard = f"""
try:
    import pydantic  # noqa: F401
except ModuleNotFoundError as missing:  # pragma: no cover - depends on what is installed
    raise ImportError(
        "{package.import_name}.schemas needs pydantic, an extra of {package.distribution}: "
        'pip install "{package.distribution}[pydantic]"'
    ) from missing
"""
    if future not in text:
        raise RuntimeError(f"{schemas} has no {future.strip()!r} to put the pydantic guard after")
    schemas.write_text(text.replace(future, future + guard, 1), encoding="utf-8")


def pyproject(
    package: ApiPackage,
    spec: dict[str, Any],
    dependencies: list[str],
    common: Shared,
    *,
    changelog: bool = False,
) -> str:
    """A generated package's pyproject.toml: its whole metadata, set here and nowhere else.

    With `changelog`, the wheel carries CHANGELOG.md inside the package (the sdist has it at its
    top already), so an installed client's release notes are one `importlib.resources` away.

    Written by tomlkit, which escapes whatever a spec's title holds: no text can end a string.
    """
    import tomlkit

    title = " ".join(str(spec["info"]["title"]).split())
    listed = tomlkit.array()
    listed.extend(dependencies)
    classifiers = tomlkit.array()
    classifiers.extend(CLASSIFIERS)
    project: dict[str, Any] = {
        "name": package.distribution,
        "version": package.version,
        "description": f"A typed client for the {title}, generated from its OpenAPI spec.",
        "readme": "README.md",
        "requires-python": ">=3.11",
    }
    if common.license is not None:
        project["license"] = common.license
        project["license-files"] = [LICENSE_FILE]
    project["classifiers"] = classifiers.multiline(True)
    project["dependencies"] = listed.multiline(True)
    project["optional-dependencies"] = {name: list(extra) for name, extra in EXTRAS.items()}
    if common.urls:
        project["urls"] = dict(common.urls)
    document = tomlkit.document()
    document["build-system"] = {"requires": [BUILD_BACKEND], "build-backend": "hatchling.build"}
    document["project"] = project
    wheel: dict[str, Any] = {"packages": [package.import_name]}
    if changelog:
        wheel["force-include"] = {CHANGELOG_FILE: f"{package.import_name}/{CHANGELOG_FILE}"}
    document["tool"] = {"hatch": {"build": {"targets": {"wheel": wheel}}}}
    return tomlkit.dumps(document)


def _readme(root: Path, package: ApiPackage, spec: dict[str, Any]) -> str:
    from generator.spec.document import operations

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
pydantic v2 models of the same schemas in `{package.import_name}.schemas` (with the extra:
`pip install "{package.distribution}[pydantic]"`).

An answer the client cannot read as the spec describes it (a body of the wrong shape, no JSON, a
status code outside HTTP's registry) raises `{package.import_name}.errors.UnexpectedResponse`;
an undocumented status code raises `errors.UnexpectedStatus` when the client is made with
`raise_on_unexpected_status=True`; a connection problem raises httpx's errors.

Enums are open: a value the spec does not list parses as the plain string the server sent
instead of raising, so a vendor's new status never breaks a caller. The spec itself ships in the
package as `{package.import_name}/{SPEC_FILE}`.

## Install from a private index

`{package.distribution}` is published on a private index only: the name does not exist on the
public PyPI. Install it from the private index **instead of** PyPI:

```sh
python -m pip install --index-url {INDEX_URL} {package.distribution}
```

With uv, an explicit index, used only for the packages pinned to it:

```toml
[[tool.uv.index]]
name = "internal"
url = "{INDEX_URL}"
explicit = true

[tool.uv.sources]
{package.distribution} = {{ index = "internal" }}
```

**Never `--extra-index-url`** (nor `PIP_EXTRA_INDEX_URL`, nor a non-explicit extra uv index)
for this name: pip then looks on PyPI *and* the private index and installs the highest version
it finds anywhere, so whoever registers `{package.distribution}` on PyPI with a higher version
runs their code on your machine (dependency confusion).

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

    from generator.spec.document import Document

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
