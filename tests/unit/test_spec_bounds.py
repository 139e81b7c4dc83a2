"""Specs that would exhaust the machine or crash a generator with no location are refused by
`nox -s specs` with file:line: an alias bomb, a name too long for a file, two names one Python
name, a provenance page outside the docs folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomlkit

from generator.spec.loader import MAX_VALUES, load_spec
from generator.spec.problems import SpecError
from generator.spec.rules import MAX_FILE_NAME, check
from generator.workspace import load_packages
from tests.support.specs import SCAN_PATH, minimal_spec, position, write_spec
from tests.support.workspace import VENDORS

pytestmark = pytest.mark.pure  # reads no fact a release changes (tests/conftest.py)

KNOWN = VENDORS | {"acme"}
NAME = "acme.yaml"


def problems_of(tmp_path: Path, spec: dict[str, Any]) -> tuple[list[str], str]:
    text = write_spec(tmp_path / NAME, spec)
    return [str(p) for p in check(load_spec(tmp_path / NAME, NAME), KNOWN)], text


def at(text: str, needle: str, *, after: str | None = None) -> str:
    line, column = position(text, needle, after=after)
    return f"{NAME}:{line}:{column}:"


def bomb(levels: int, width: int = 10) -> str:
    """`levels` levels of `width` aliases each over a list of `width` strings."""
    lines = ["openapi: 3.1.0", "x-l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"x-l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join([*lines, "info: {title: t, version: '1'}", ""])


def test_an_alias_bomb_is_refused_at_the_aliases_that_cross_the_bound(tmp_path: Path) -> None:
    (tmp_path / NAME).write_text(bomb(9), encoding="utf-8")  # 10^9 values expanded
    with pytest.raises(SpecError) as refused:
        load_spec(tmp_path / NAME, NAME)
    (problem,) = refused.value.problems
    # Values up to and including line x-l<level>: every list and string of levels 0..level.
    total, crossing = 1, 0  # the top-level mapping
    for level in range(9):
        total += 1 + sum(10**j for j in range(1, level + 2))  # its key's list and what it holds
        if total > MAX_VALUES:
            crossing = level
            break
    assert (problem.file, problem.line) == (NAME, crossing + 2)  # the line of x-l<crossing>
    assert f"{MAX_VALUES:,} values" in problem.message and "aliases" in problem.message


def test_aliases_within_the_bound_load(tmp_path: Path) -> None:
    (tmp_path / NAME).write_text(bomb(3), encoding="utf-8")  # 1,110 values
    loaded = load_spec(tmp_path / NAME, NAME)
    assert loaded.data["x-l2"][9][9][9] == "lol"


def test_a_long_operation_id_is_refused_naming_its_line(tmp_path: Path) -> None:
    spec = minimal_spec()
    long_id = "get" + "Scan" * 75  # 303 characters: past any file-name limit
    spec["paths"][SCAN_PATH]["get"]["operationId"] = long_id
    found, text = problems_of(tmp_path, spec)
    (problem,) = found
    assert problem.startswith(at(text, "operationId: getScanScan")) and "[file-name]" in problem
    assert f"at most {MAX_FILE_NAME}" in problem


def test_a_long_schema_name_is_refused(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["components"]["schemas"]["Priority" * 14] = spec["components"]["schemas"].pop("Priority")
    spec["components"]["schemas"]["ScanUpdate"]["properties"]["priority"]["$ref"] = (
        "#/components/schemas/" + "Priority" * 14
    )
    found, text = problems_of(tmp_path, spec)
    assert [
        p for p in found if "[file-name]" in p and p.startswith(at(text, "Priority" * 14 + ":"))
    ]


def test_properties_with_one_python_name_are_refused_naming_both(tmp_path: Path) -> None:
    spec = minimal_spec()
    properties = spec["components"]["schemas"]["Scan"]["properties"]
    properties["scan-id"] = {"type": "string"}
    properties["scan.id"] = {"type": "string"}
    found, text = problems_of(tmp_path, spec)
    first_line = position(text, "scan-id:")[0]
    assert found == [
        f"{at(text, 'scan.id:')} [python-names] properties 'scan-id' (line {first_line}) and "
        "'scan.id' are both the attribute `scan_id` of the generated model; rename one of them"
    ]


def test_schemas_with_one_class_name_are_refused_naming_both(tmp_path: Path) -> None:
    spec = minimal_spec()
    schemas = spec["components"]["schemas"]
    schemas["ScanThing"] = {"type": "object", "properties": {"a": {"type": "string"}}}
    schemas["Scan_Thing"] = {"type": "object", "properties": {"b": {"type": "string"}}}
    found, text = problems_of(tmp_path, spec)
    first_line = position(text, "ScanThing:")[0]
    assert found == [
        f"{at(text, 'Scan_Thing:')} [python-names] schemas 'ScanThing' (line {first_line}) and "
        "'Scan_Thing' are both the generated class `ScanThing`; rename one of them"
    ]


def test_parameters_with_one_python_name_in_one_place_are_refused(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["paths"][SCAN_PATH]["get"]["parameters"] = [
        {"name": "scan-id", "in": "query", "schema": {"type": "string"}},
        {"name": "scan.id", "in": "query", "schema": {"type": "string"}},
        {"name": "scan_id", "in": "header", "schema": {"type": "string"}},  # another place: fine
    ]
    found, text = problems_of(tmp_path, spec)
    assert len(found) == 1 and found[0].startswith(at(text, "name: scan.id"))
    assert "query parameters 'scan-id'" in found[0] and "`scan_id`" in found[0]


@pytest.mark.parametrize(
    "page",
    [
        "../../../../etc/hostname",
        "/etc/hostname",
        "docs/../../x.txt",
        "./x.txt",
        "a//b.txt",
        "..\\x.txt",
        "C:x.txt",
    ],
)
def test_a_provenance_page_outside_the_docs_folder_is_refused(tmp_path: Path, page: str) -> None:
    spec = minimal_spec()
    spec["paths"][SCAN_PATH]["get"]["x-provenance"]["page"] = page
    spec["info"]["x-provenance"].append({"page": page, "sha256": "5" * 64})
    found, _ = problems_of(tmp_path, spec)
    refused = [p for p in found if "must name a file inside the docs folder" in p]
    assert len(refused) == 2, found  # in info and in the operation, each at its line


def test_a_page_in_a_subfolder_of_the_docs_is_fine(tmp_path: Path) -> None:
    spec = minimal_spec()
    page = "acme/scan-status.txt"
    spec["paths"][SCAN_PATH]["get"]["x-provenance"]["page"] = page
    spec["info"]["x-provenance"].append({"page": page, "sha256": "5" * 64})
    assert problems_of(tmp_path, spec)[0] == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("version", "0.1.2\n"),
        ("version", "\u0661.2.3"),  # an Arabic-Indic digit: \d would take it
        ("distribution", "acme-client\n"),
        ("import_name", "acme_client\n"),
        ("spec", "specs/acme.yaml\n"),
    ],
)
def test_a_packages_toml_value_with_a_trailing_newline_is_refused(
    tmp_path: Path, field: str, value: str
) -> None:
    table = {
        "spec": "specs/acme.yaml",
        "distribution": "acme-client",
        "import_name": "acme_client",
        "version": "0.1.2",
        field: value,
    }
    document = tomlkit.document()
    document["acme"] = table
    text = tomlkit.dumps(document)  # "\n" written as an escape, as a TOML library writes it
    (tmp_path / "generator").mkdir()
    (tmp_path / "generator" / "packages.toml").write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as refused:
        load_packages(tmp_path)
    (problem,) = refused.value.problems
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith(f"{field} "))
    assert (problem.file, problem.line) == ("generator/packages.toml", line)
    assert f"{field} is missing or malformed: {value!r}" in problem.message
