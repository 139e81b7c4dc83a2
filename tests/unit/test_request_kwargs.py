"""Every generated endpoint module has the public seam `request_kwargs`, and it sends exactly what
the operation itself sends (openapi-python-client's private `_get_kwargs`), for arguments taken
from the examples of the spec the package ships."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

from generator.codegen.templates import (
    ADDITION,
    TemplateMismatch,
    compose,
    upstream_endpoint_template,
)
from tests.support.endpoints import arguments, endpoint_modules
from tests.support.workspace import ROOT


@pytest.mark.parametrize(("import_name", "module", "operation_id"), endpoint_modules())
def test_request_kwargs_is_what_the_operation_sends(
    import_name: str, module: str, operation_id: str
) -> None:
    endpoint = importlib.import_module(module)
    public = endpoint.request_kwargs
    assert public.__doc__ and "your own httpx client" in public.__doc__
    assert inspect.signature(public) == inspect.signature(endpoint._get_kwargs)
    given = arguments(import_name, operation_id, inspect.signature(public))
    sent = public(**given)
    assert sent == endpoint._get_kwargs(**given)
    assert sent["method"] in ("get", "put", "post", "patch", "delete") and sent["url"].startswith(
        "/"
    )
    for value in given.values():
        if isinstance(value, str | int) and not isinstance(value, bool):
            assert str(value) in repr(sent), f"{value!r} is not in what {module} sends"


def test_every_endpoint_module_is_covered() -> None:
    generated = sorted(Path(ROOT / "generated").glob("*/*/api/*/*.py"))
    modules = [p for p in generated if p.name != "__init__.py"]
    assert len(modules) == len(endpoint_modules()) > 0
    for path in modules:
        assert "\ndef request_kwargs(" in path.read_text(encoding="utf-8"), path


def test_the_addition_refuses_an_upstream_template_it_does_not_fit() -> None:
    upstream = upstream_endpoint_template()
    addition = ADDITION.read_text(encoding="utf-8")
    composed = compose(upstream, addition)
    assert composed.endswith(addition) and "def _build_response_unchecked(" in composed
    renamed = upstream.replace("def _get_kwargs(", "def _build_request_kwargs(")
    with pytest.raises(TemplateMismatch, match=r"no longer contains \['def _get_kwargs\('\]"):
        compose(renamed, addition)
