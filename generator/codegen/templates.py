"""openapi-python-client's templates with our additions, composed for each run.

Three additions, each to every generated package:

- every endpoint module gains `request_kwargs(...)`: what the operation sends, as the keyword
  arguments of `httpx.Client.request`, so a caller with its own httpx client (its own transport,
  retries, pool) needs nothing private (templates/request_kwargs.py.jinja);
- an answer the client cannot read as the spec describes it (JSON of the wrong shape, no JSON,
  a status code outside HTTP's registry) raises the package's documented
  `errors.UnexpectedResponse` from `sync_detailed`/`asyncio_detailed`/`sync`/`asyncio`, instead
  of whatever TypeError, KeyError, ValueError or AttributeError the parsing code hit
  (templates/response_guard.py.jinja and templates/unexpected_response.py.jinja);
- a path parameter is always exactly one segment of its operation's path: upstream quotes it
  but leaves "." and ".." (and "") alone, which httpx's URL normalisation then removes, so an id
  ".." would PATCH the parent resource. Such a value raises the package's
  `errors.InvalidPathParameter` (a ValueError naming the argument) before anything is sent
  (templates/path_segment.py.jinja and templates/invalid_path_parameter.py.jinja).

Each upstream template is read from the installed openapi-python-client, a few named lines of it
are replaced and our blocks are appended, so no copy of upstream's templates is kept here; the
tool's own `custom_template_path` mechanism then uses the composed files in place of its own.
Generation stops with a clear error when an upstream template no longer holds what we rely on.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

OURS = Path(__file__).parent / "templates"
ENDPOINT_TEMPLATE = "endpoint_module.py.jinja"
ADDITION = OURS / "request_kwargs.py.jinja"
# What request_kwargs relies on in the upstream endpoint template: the function it delegates to,
# and the two macros it calls, imported by the template from endpoint_macros.py.jinja.
RELIED_ON = (
    "def _get_kwargs(",
    "{{ arguments(endpoint, include_client=False) | indent(4) }}",
    "{{ kwargs(endpoint, include_client=False) }}",
    '{% from "endpoint_macros.py.jinja" import',
    "from typing import Any",
)
# How upstream puts a path parameter into the path, and what we put there instead.
UPSTREAM_PATH_SEGMENT = '{{parameter.python_name}}=quote(str({{parameter.python_name}}), safe=""),'
OUR_PATH_SEGMENT = (
    '{{parameter.python_name}}=_path_segment("{{parameter.python_name}}", '
    "{{parameter.python_name}}),"
)
UPSTREAM_RAISES = (
    "    errors.UnexpectedStatus: If the server returns an undocumented status code and "
    "Client.raise_on_unexpected_status is True.\n"
)
OUR_RAISES = (
    "    errors.UnexpectedResponse: If the server's answer (its body or its status code) cannot "
    "be read as the spec describes it.\n"
)


@dataclass(frozen=True)
class Composition:
    template: str  # the upstream template's file name
    relied_on: tuple[str, ...] = ()  # upstream text our additions use
    replace: tuple[tuple[str, str], ...] = ()  # upstream text (found exactly once) -> ours
    additions: tuple[str, ...] = ()  # our files in templates/, appended in order


COMPOSITIONS = (
    Composition(
        ENDPOINT_TEMPLATE,
        relied_on=(*RELIED_ON, "{% set return_string = endpoint.response_type() %}"),
        # Upstream's _build_response becomes the unchecked step our guard calls.
        replace=(
            ("def _build_response(", "def _build_response_unchecked("),
            (UPSTREAM_PATH_SEGMENT, OUR_PATH_SEGMENT),
        ),
        additions=("request_kwargs.py.jinja", "response_guard.py.jinja", "path_segment.py.jinja"),
    ),
    Composition(
        "endpoint_macros.py.jinja", replace=((UPSTREAM_RAISES, UPSTREAM_RAISES + OUR_RAISES),)
    ),
    Composition(
        "errors.py.jinja",
        replace=(('__all__ = ["UnexpectedStatus"]', ""),),
        additions=("unexpected_response.py.jinja", "invalid_path_parameter.py.jinja"),
    ),
)


class TemplateMismatch(RuntimeError):
    """The installed openapi-python-client's templates no longer fit our additions."""


def upstream_template(name: str) -> str:
    return files("openapi_python_client").joinpath("templates", name).read_text("utf-8")


def upstream_endpoint_template() -> str:
    return upstream_template(ENDPOINT_TEMPLATE)


def compose(upstream: str, addition: str, composition: Composition = COMPOSITIONS[0]) -> str:
    """The upstream template with `composition`'s replacements made and `addition` appended."""
    missing = [needle for needle in composition.relied_on if needle not in upstream]
    missing += [old for old, _ in composition.replace if upstream.count(old) != 1]
    if missing:
        raise TemplateMismatch(
            f"openapi-python-client's {composition.template} no longer contains {missing}; "
            f"generator/codegen/templates/ relies on it. Adapt our additions to the new "
            "template (and their tests) before upgrading."
        )
    for old, new in composition.replace:
        upstream = upstream.replace(old, new)
    return upstream.rstrip("\n") + "\n" + addition if addition else upstream


def composed(composition: Composition) -> str:
    additions = "".join((OURS / name).read_text(encoding="utf-8") for name in composition.additions)
    return compose(upstream_template(composition.template), additions, composition)


def write_custom_templates(folder: Path) -> Path:
    """The composed templates in `folder`, ready to pass as custom_template_path."""
    folder.mkdir(parents=True, exist_ok=True)
    for composition in COMPOSITIONS:
        (folder / composition.template).write_text(composed(composition), encoding="utf-8")
    return folder
