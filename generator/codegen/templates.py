"""openapi-python-client's endpoint template with our public seam added, composed for each run.

Every generated endpoint module gains `request_kwargs(...)`: what the operation sends, as the
keyword arguments of `httpx.Client.request`, so a caller with its own httpx client (its own
transport, retries, pool) needs nothing private. The upstream template is read from the installed
openapi-python-client and our block (templates/request_kwargs.py.jinja) is appended to it, so no
copy of upstream's template is kept here; the tool's own `custom_template_path` mechanism then
uses the composed file in place of its own.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

ENDPOINT_TEMPLATE = "endpoint_module.py.jinja"
ADDITION = Path(__file__).parent / "templates" / "request_kwargs.py.jinja"
# What the addition relies on in the upstream template: the function it delegates to, and the
# two macros it calls, imported by the template from endpoint_macros.py.jinja.
RELIED_ON = (
    "def _get_kwargs(",
    "{{ arguments(endpoint, include_client=False) | indent(4) }}",
    "{{ kwargs(endpoint, include_client=False) }}",
    '{% from "endpoint_macros.py.jinja" import',
    "from typing import Any",
)


class TemplateMismatch(RuntimeError):
    """The installed openapi-python-client's endpoint template no longer fits our addition."""


def upstream_endpoint_template() -> str:
    return (
        files("openapi_python_client").joinpath("templates", ENDPOINT_TEMPLATE).read_text("utf-8")
    )


def compose(upstream: str, addition: str) -> str:
    missing = [needle for needle in RELIED_ON if needle not in upstream]
    if missing:
        raise TemplateMismatch(
            f"openapi-python-client's {ENDPOINT_TEMPLATE} no longer contains {missing}; "
            f"{ADDITION.relative_to(Path(__file__).parents[2])} relies on it to emit request_kwargs. "
            "Adapt the addition to the new template (and its test) before upgrading."
        )
    return upstream.rstrip("\n") + "\n" + addition


def write_custom_templates(folder: Path) -> Path:
    """The composed template in `folder`, ready to pass as custom_template_path."""
    folder.mkdir(parents=True, exist_ok=True)
    composed = compose(upstream_endpoint_template(), ADDITION.read_text(encoding="utf-8"))
    (folder / ENDPOINT_TEMPLATE).write_text(composed, encoding="utf-8")
    return folder
