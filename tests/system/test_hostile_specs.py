"""Text from a spec can never break or inject code into a generated package (hypothesis).

Descriptions, titles, enum values and property names are arbitrary text, seeded with quotes,
triple quotes, backslashes, newlines and code. The package must compile, import without running
anything the spec said, and its enums (client and pydantic) must hold exactly the spec's values.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from generator.codegen.pipeline import generate
from generator.spec.problems import SpecError
from generator.workspace import Workspace
from tests.support.warm_python import WarmPython

PAYLOADS = [
    '"""',
    "'''",
    "\\",
    '\\"""',
    "\n",
    "\r\n",
    "\t",
    "{",
    "}}",
    "%s",
    "#",
    "\x00",
    "\u2028",
    '"""\nraise SystemExit("injected")\n"""',
    "'''\nimport os; os._exit(9)\n'''",
    '"\nraise SystemExit("injected")\n#',
    "-->\n<!--",
    "`",
    "]]",
    "\\N{BULLET}",
    "\\u0041",
]
# Characters a YAML file cannot hold raw (json.dumps escapes the C0 controls itself).
NOT_YAML = {chr(c) for c in [*range(0x7F, 0x85), *range(0x86, 0xA0), 0xFFFE, 0xFFFF]}
SURROGATES: Any = ("Cs",)
UNCARRIABLE: Any = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")  # what a house rule refuses in enums
any_text = st.text(
    st.characters(exclude_categories=SURROGATES, exclude_characters=NOT_YAML), max_size=40
)
payload = st.sampled_from([p for p in PAYLOADS if p != "\x00"])
texts = st.one_of(any_text, payload, st.lists(payload, max_size=4).map("x".join))
# Enum values the client can carry: no control or separator characters (a house rule refuses those).
printable = st.text(st.characters(exclude_categories=UNCARRIABLE), max_size=20)
enum_values = st.lists(
    st.one_of(printable, payload.filter(str.isprintable)), min_size=1, max_size=5, unique=True
)

PACKAGES_TOML = """[neostra]
spec = "specs/fuzz.yaml"
distribution = "fuzz-client"
import_name = "fuzz_client"
version = "0.1.0"
"""


def make_spec(title: str, describe: str, values: list[str], prop: str) -> dict[str, Any]:
    provenance = {"page": "fuzz.txt", "sha256": "0" * 64}
    status: dict[str, Any] = {
        "type": "string",
        "description": describe,
        "x-scan-status": "neostra",
        "enum": values,
    }
    keys = [v.strip().casefold() for v in values]
    if len(set(keys)) != len(
        keys
    ):  # the house rule asks for names; otherwise the pipeline names them
        status["x-enum-varnames"] = [f"VALUE_{i}" for i in range(len(values))]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": describe,
            "description": describe,
            "x-vendor": "neostra",
            "x-provenance": [provenance],
        },
        "paths": {
            "/things/{thingId}": {
                "get": {
                    "operationId": "getThing",
                    "summary": describe,
                    "description": describe,
                    "x-provenance": provenance,
                    "parameters": [
                        {
                            "name": "thingId",
                            "in": "path",
                            "required": True,
                            "description": describe,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": describe,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "title": title,
                    "description": describe,
                    "properties": {
                        "state": {"$ref": "#/components/schemas/ThingStatus"},
                        prop: {"type": "string", "description": describe},
                    },
                },
                "ThingStatus": status,
            }
        },
    }


CHECK = """
import json, sys
from fuzz_client.models import KnownThingStatus as ClientEnum
from fuzz_client.schemas import KnownThingStatus as ModelEnum
import fuzz_client.api.default.get_thing
print(json.dumps([[m.value for m in ClientEnum], [m.value for m in ModelEnum]]))
"""


@pytest.fixture(scope="session")  # not module: each shard may run on its own xdist worker
def warm_python(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WarmPython]:
    """Each example's package imported in a process of its own, forked from one that has
    imported attrs, httpx and pydantic already."""
    python = WarmPython(tmp_path_factory.mktemp("warm-python"))
    yield python
    python.close()


EXAMPLES = int(os.environ.get("HOSTILE_SPEC_EXAMPLES", "20"))
# The examples in shards of one test each, so that pytest-xdist runs them on every core at once
# (one test of 20 generator runs was the suite's longest); together they run EXAMPLES.
SHARDS = 2


@pytest.mark.long
@pytest.mark.parametrize("shard", range(SHARDS))
@settings(
    max_examples=-(-EXAMPLES // SHARDS),
    deadline=None,
    # Shrinking a failure re-runs the generators hundreds of times; HOSTILE_SPEC_SHRINK=0 skips it.
    phases=[
        p
        for p in Phase
        if p is not Phase.shrink or os.environ.get("HOSTILE_SPEC_SHRINK", "1") == "1"
    ],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=texts, describe=texts, values=enum_values, prop=texts)
def test_spec_text_cannot_break_or_inject_code(
    shard: int,
    tmp_path_factory: Any,
    warm_python: WarmPython,
    title: str,
    describe: str,
    values: list[str],
    prop: str,
) -> None:
    assume(prop.strip() and "status" not in prop.casefold() and prop != "state")
    root = Path(tmp_path_factory.mktemp("hostile"))
    (root / "specs").mkdir()
    (root / "generator").mkdir()
    (root / "generator" / "packages.toml").write_text(PACKAGES_TOML, encoding="utf-8")
    (root / "specs" / "fuzz.yaml").write_text(
        json.dumps(make_spec(title, describe, values, prop), ensure_ascii=False), encoding="utf-8"
    )
    try:
        generate(Workspace.at(root), jobs=1)
    except SpecError as err:
        # Refusing a spec is fine only with a located message; crashing is not.
        assert all(p.file == "specs/fuzz.yaml" and p.line >= 1 for p in err.problems), err
        assume(False)
    package = root / "generated" / "fuzz-client"
    metadata = tomllib.loads((package / "pyproject.toml").read_text(encoding="utf-8"))
    assert metadata["project"]["name"] == "fuzz-client" and set(metadata) == {
        "build-system",
        "project",
        "tool",
    }
    assert " ".join(title.split()) in metadata["project"]["description"]
    readme = (package / "README.md").read_text(encoding="utf-8")
    compile(readme.split("```python\n", 1)[1].split("```", 1)[0], "README example", "exec")
    done = warm_python.run(CHECK, path=package, cwd=root)
    assert done.returncode == 0, done.stderr
    client_values, model_values = json.loads(done.stdout)
    # Exactly the spec's values, none lost, merged or altered (the client orders members by name).
    assert sorted(client_values) == sorted(values) and len(set(client_values)) == len(values)
    assert model_values == values
