"""`nox -s specs`: every house rule fires on a spec that breaks it, at the right line.

Each test breaks a small inline spec (tests/support/specs.py) and finds the line in the text it
wrote, so no test depends on a real vendor spec's wording.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_python_client.strings import snake_case

from generator.spec.loader import load_spec
from generator.spec.problems import SpecError
from generator.spec.rules import check, python_name
from tests.support.examples import examples
from tests.support.specs import SCAN_PATH, VENDOR, minimal_spec, operation, position, write_spec
from tests.support.workspace import VENDORS

pytestmark = pytest.mark.pure  # reads no fact a release changes (tests/conftest.py)

KNOWN = VENDORS | {VENDOR}
NAME = "acme.yaml"


def problems(tmp_path: Path, edit: Callable[[dict[str, Any]], object]) -> tuple[list[str], str]:
    """The problems of the minimal spec after `edit`, and the text that was checked."""
    spec = minimal_spec()
    edit(spec)
    text = write_spec(tmp_path / NAME, spec)
    return [str(p) for p in check(load_spec(tmp_path / NAME, NAME), KNOWN)], text


def at(text: str, needle: str, *, after: str | None = None) -> str:
    line, column = position(text, needle, after=after)
    return f"{NAME}:{line}:{column}:"


def schemas(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"]
    return found


def get(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["paths"][SCAN_PATH]["get"]
    return found


def test_the_minimal_spec_passes(tmp_path: Path) -> None:
    assert problems(tmp_path, lambda spec: None)[0] == []


def test_missing_operation_id(tmp_path: Path) -> None:
    found, text = problems(tmp_path, lambda spec: get(spec).pop("operationId"))
    assert found == [f"{at(text, 'get:')} [operation-id] GET {SCAN_PATH} has no operationId"]


def test_duplicate_operation_id(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        spec["paths"][SCAN_PATH]["delete"] = operation("getScan")

    found, text = problems(tmp_path, edit)
    ours = [p for p in found if "[operation-id]" in p]  # the OpenAPI validator says so too
    assert ours == [
        f"{at(text, 'operationId: getScan', after='delete:')} [operation-id] DELETE {SCAN_PATH} "
        f"reuses operationId 'getScan' of GET {SCAN_PATH}"
    ]


def test_remote_ref(tmp_path: Path) -> None:
    remote = "https://example.invalid/x.yaml#/Id"
    found, text = problems(
        tmp_path, lambda spec: schemas(spec)["Scan"]["properties"].update(id={"$ref": remote})
    )
    assert found == [
        f"{at(text, '$ref: ' + remote)} [no-remote-ref] $ref {remote!r} points outside this file"
    ]


def test_dangling_ref(tmp_path: Path) -> None:
    nope = "#/components/schemas/Nope"
    found, text = problems(
        tmp_path, lambda spec: schemas(spec)["Scan"]["properties"].update(id={"$ref": nope})
    )
    assert found == [f"{at(text, '$ref: ' + repr(nope))} [ref] $ref {nope!r} does not resolve"]


def test_a_ref_with_escaped_characters_resolves(tmp_path: Path) -> None:
    """JSON pointers escape / as ~1 (a path key holds slashes): such a $ref is followed."""

    def edit(spec: dict[str, Any]) -> None:
        schemas(spec)["Scan"]["properties"]["again"] = {
            "$ref": "#/paths/~1scans~1%7BscanId%7D/parameters/0/schema"
        }

    assert problems(tmp_path, edit)[0] == []


def test_path_parameter_with_default(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        spec["paths"][SCAN_PATH]["parameters"][0]["schema"]["default"] = "s-0"

    found, text = problems(tmp_path, edit)
    assert found == [
        f"{at(text, 'name: scanId')} [path-default] path parameter 'scanId' has a default; "
        "path parameters are always required, remove it"
    ]


def test_enum_values_equal_after_trimming_need_varnames(tmp_path: Path) -> None:
    found, text = problems(
        tmp_path,
        lambda spec: schemas(spec)["ScanStatus"].update(enum=["QUEUED", "QUEUED ", "DONE"]),
    )
    assert found == [
        f"{at(text, 'enum:', after='ScanStatus:')} [enum-varnames] enum values 'QUEUED' / 'QUEUED ' "
        "differ only by spaces or case; name every value with x-enum-varnames"
    ]


def test_enum_values_differing_by_case_need_varnames(tmp_path: Path) -> None:
    found, _ = problems(tmp_path, lambda spec: schemas(spec)["ScanStatus"]["enum"].append("done"))
    assert len(found) == 1 and "'DONE' / 'done' differ only by spaces or case" in found[0]


def test_varnames_settle_a_case_clash(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        schemas(spec)["ScanStatus"].update(
            enum=["DONE", "done"], **{"x-enum-varnames": ["DONE", "DONE_LOWER"]}
        )
        get(spec)["responses"]["200"]["content"]["application/json"].pop("examples")

    assert problems(tmp_path, edit)[0] == []


def test_enum_value_with_a_control_character_is_refused(tmp_path: Path) -> None:
    found, text = problems(
        tmp_path, lambda spec: schemas(spec)["ScanStatus"]["enum"].append("STOPPED\x1f")
    )
    assert found == [
        f"{at(text, 'enum:', after='ScanStatus:')} [enum-value] enum value 'STOPPED\\x1f' holds "
        "U+001F: a control or separator character that openapi-python-client drops, so it "
        "could never match"
    ]


def test_varnames_must_match_values(tmp_path: Path) -> None:
    def names(*given: str) -> Callable[[dict[str, Any]], object]:
        return lambda spec: schemas(spec)["ScanStatus"].update({"x-enum-varnames": list(given)})

    found, text = problems(tmp_path, names("QUEUED", "RUNNING"))
    assert found == [
        f"{at(text, 'x-enum-varnames:')} [enum-varnames] x-enum-varnames needs one name for each "
        "enum value"
    ]
    found, _ = problems(tmp_path, names("QUEUED", "RUNNING", "queued"))
    assert len(found) == 1 and "not unique" in found[0]
    found, _ = problems(tmp_path, names("QUEUED", "RUNNING", "1DONE"))
    assert len(found) == 1 and "'1DONE' is not a Python identifier" in found[0]


def test_inline_enum_is_refused(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        schemas(spec)["Scan"]["properties"]["status"] = {
            "type": "string",
            "x-scan-status": VENDOR,
            "enum": ["QUEUED", "DONE"],
        }

    found, text = problems(tmp_path, edit)
    assert len(found) == 1 and "[named-enum]" in found[0]
    assert found[0].startswith(at(text, "enum:", after="Scan:"))


def test_example_that_breaks_its_schema(tmp_path: Path) -> None:
    def edit(spec: dict[str, Any]) -> None:
        example = get(spec)["responses"]["200"]["content"]["application/json"]["examples"]
        example["documented"]["value"]["id"] = 5

    found, text = problems(tmp_path, edit)
    assert found == [
        f"{at(text, 'documented:')} [example] example does not match its schema at id: "
        "5 is not of type 'string'"
    ]


def test_unmarked_status_field(tmp_path: Path) -> None:
    found, text = problems(tmp_path, lambda spec: schemas(spec)["ScanStatus"].pop("x-scan-status"))
    assert found == [
        f"{at(text, 'status:', after='Scan:')} [status-mark] 'status' looks like a scan status: "
        f"mark it (or the schema it refers to) with x-scan-status: {VENDOR}"
    ]


def test_status_mark_names_the_wrong_vendor(tmp_path: Path) -> None:
    found, text = problems(
        tmp_path, lambda spec: schemas(spec)["ScanStatus"].update({"x-scan-status": "protecto"})
    )
    assert found == [
        f"{at(text, 'x-scan-status:')} [status-mark] x-scan-status is 'protecto'; "
        f"this spec's vendor is {VENDOR!r}"
    ]


def test_integer_status_is_not_a_scan_status(tmp_path: Path) -> None:
    """An integer `status` (an HTTP code in an envelope) needs no mark."""
    found, _ = problems(
        tmp_path,
        lambda spec: schemas(spec)["Scan"]["properties"].update(httpStatus={"type": "integer"}),
    )
    assert found == []


def test_provenance_needs_a_hash(tmp_path: Path) -> None:
    found, text = problems(
        tmp_path, lambda spec: spec["info"]["x-provenance"][0].update(sha256="abc")
    )
    assert found == [
        f"{at(text, 'page:')} [provenance] sha256 must be the page text's 64-hex-digit sha256"
    ]


def test_operation_without_provenance(tmp_path: Path) -> None:
    found, text = problems(tmp_path, lambda spec: get(spec).pop("x-provenance"))
    assert found == [f"{at(text, 'get:')} [provenance] GET {SCAN_PATH} has no x-provenance"]


def test_invalid_openapi_is_located(tmp_path: Path) -> None:
    found, text = problems(
        tmp_path, lambda spec: schemas(spec)["Scan"]["properties"]["id"].update(type="strin")
    )
    assert found == [
        f"{at(text, 'type: strin', after='Scan:')} [openapi] 'strin' is not valid under any of the given schemas"
    ]


def test_spec_must_name_a_known_vendor(tmp_path: Path) -> None:
    found, text = problems(tmp_path, lambda spec: spec["info"].update({"x-vendor": "qualys"}))
    assert (
        f"{at(text, 'info:')} [vendor] info.x-vendor must be one of {sorted(KNOWN)}, not 'qualys'"
        in found
    )
    # ...and the spec's status mark must then name the same (unknown) vendor: reported too.
    assert any(
        f"[status-mark] x-scan-status is {VENDOR!r}; this spec's vendor is 'qualys'" in f
        for f in found
    )


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: {title: x\n  version: 1\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(broken, "broken.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "broken.yaml:3:10: YAML syntax error: expected ',' or '}', but got ':'"
    ]


def test_lone_surrogates_are_refused(tmp_path: Path) -> None:
    found = tmp_path / "surrogate.yaml"
    found.write_text('openapi: 3.1.0\ninfo:\n  title: "\\udb7b"\n', encoding="utf-8")
    with pytest.raises(SpecError, match=r"surrogate.yaml:3:3: a lone surrogate is not text"):
        load_spec(found, "surrogate.yaml")


def test_unquoted_date_is_refused(tmp_path: Path) -> None:
    found = tmp_path / "dated.yaml"
    found.write_text("openapi: 3.1.0\ninfo:\n  title: x\n  version: 2023-11-18\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"dated.yaml:4:3: YAML read this as a date"):
        load_spec(found, "dated.yaml")


@pytest.mark.parametrize(
    ("encoded", "expected"),
    [
        (b'openapi: 3.1.0\ninfo:\n  title: "caf\xe9"\n', "3:14: not UTF-8: byte 0xe9"),
        (b"openapi: 3.1.0\n\xff\n", "2:1: not UTF-8: byte 0xff"),
        ("openapi: 3.1.0\n".encode("utf-16"), "1:1: the file is UTF-16"),
        ("openapi: 3.1.0\n".encode("utf-32"), "1:1: the file is UTF-32"),
        ("openapi: 3.1.0\n".encode("utf-16-le"), "1:2: a NUL byte: the file looks UTF-16"),
        (
            b'openapi: 3.1.0\ninfo:\n  title: "a\x07"\n',
            "3:12: YAML cannot hold the character U+0007",
        ),
    ],
)
def test_a_spec_that_is_not_utf8_text_is_located(
    tmp_path: Path, encoded: bytes, expected: str
) -> None:
    found = tmp_path / "odd.yaml"
    found.write_bytes(encoded)
    with pytest.raises(SpecError) as caught:
        load_spec(found, "odd.yaml")
    [problem] = caught.value.problems
    assert str(problem).startswith(f"odd.yaml:{expected}")


def test_a_utf8_byte_order_mark_is_fine(tmp_path: Path) -> None:
    found = tmp_path / "marked.yaml"
    found.write_bytes("openapi: 3.1.0\n".encode("utf-8-sig"))
    assert load_spec(found, "marked.yaml").data == {"openapi": "3.1.0"}


def cycle(spec: dict[str, Any], *parts: dict[str, Any]) -> None:
    for index, part in enumerate(parts):
        schemas(spec)[f"Loop{index}"] = part
    schemas(spec)["Scan"]["properties"]["loop"] = {"$ref": "#/components/schemas/Loop0"}


def test_a_ref_cycle_is_located_at_the_ref_closing_it(tmp_path: Path) -> None:
    found, text = problems(
        tmp_path,
        lambda spec: cycle(
            spec,
            {"$ref": "#/components/schemas/Loop1"},
            {"$ref": "#/components/schemas/Loop2"},
            {"$ref": "#/components/schemas/Loop0"},
        ),
    )
    chain = " -> ".join(f"#/components/schemas/Loop{i}" for i in (0, 1, 2, 0))
    assert found == [
        f"{at(text, '$ref', after='Loop2:')} [ref] $ref cycle: {chain}; nothing can be made only "
        "of itself (a recursive type needs a property or items in between)"
    ]


def test_a_ref_to_itself_and_an_all_of_cycle_are_reported(tmp_path: Path) -> None:
    found, text = problems(
        tmp_path,
        lambda spec: cycle(
            spec,
            {"allOf": [{"$ref": "#/components/schemas/Loop1"}]},
            {"$ref": "#/components/schemas/Loop1"},
        ),
    )
    assert len(found) == 1
    assert found[0].startswith(
        f"{at(text, '$ref', after='Loop1:')} [ref] $ref cycle: #/components/schemas/Loop1 -> "
        "#/components/schemas/Loop1;"
    )


def test_a_recursive_type_through_a_property_is_no_cycle(tmp_path: Path) -> None:
    node = {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/Loop0"}}}
    assert problems(tmp_path, lambda spec: cycle(spec, node))[0] == []


def test_a_spec_linking_outside_the_repository_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "secret.yaml"
    write_spec(outside, minimal_spec())
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    (repo / "specs" / "acme.yaml").symlink_to(outside)
    with pytest.raises(SpecError) as caught:
        load_spec(repo / "specs" / "acme.yaml", "specs/acme.yaml", inside=repo)
    assert [str(p) for p in caught.value.problems] == [
        f"specs/acme.yaml:1:1: the spec is a symbolic link to {outside.resolve()}, outside the "
        f"repository ({repo.resolve()}); copy the spec into specs/ instead of linking to it"
    ]


def test_a_spec_linking_inside_the_repository_is_read(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_spec(repo / "shared" / "acme.yaml", minimal_spec())
    (repo / "specs").mkdir()
    (repo / "specs" / "acme.yaml").symlink_to(repo / "shared" / "acme.yaml")
    loaded = load_spec(repo / "specs" / "acme.yaml", "specs/acme.yaml", inside=repo)
    assert loaded.data == minimal_spec()


@pytest.mark.parametrize("name", ["to_dict", "fromDict", "additional_properties", "D", "cls"])
def test_a_property_named_like_a_model_member_is_refused(tmp_path: Path, name: str) -> None:
    def add(spec: dict[str, Any]) -> None:
        schemas(spec)["Scan"]["properties"][name] = {"type": "string"}

    found, text = problems(tmp_path, add)
    assert len(found) == 1
    assert found[0].startswith(f"{at(text, f'{name}:', after='Scan:')} [reserved-name] property")


@pytest.mark.parametrize("name", ["model_config", "model_dump", "dict", "to_dict_at", "_d"])
def test_names_the_generators_rename_themselves_are_fine(tmp_path: Path, name: str) -> None:
    def add(spec: dict[str, Any]) -> None:
        schemas(spec)["Scan"]["properties"][name] = {"type": "string"}

    assert problems(tmp_path, add)[0] == []


@given(st.text(max_size=30))
@settings(max_examples=examples(300), deadline=None)
def test_the_rule_names_properties_as_openapi_python_client_does(name: str) -> None:
    assert python_name(name) == snake_case(name)


def test_a_spec_no_packages_table_names_is_refused_saying_what_to_add(tmp_path: Path) -> None:
    from generator.codegen.pipeline import validate
    from generator.workspace import Workspace

    repo = tmp_path / "repo"
    write_spec(repo / "specs" / "acme.yaml", minimal_spec())
    write_spec(repo / "specs" / "widget-jobs.yaml", minimal_spec())
    (repo / "generator").mkdir()
    (repo / "generator" / "packages.toml").write_text(
        '[acme]\nspec = "specs/acme.yaml"\ndistribution = "acme-client"\n'
        'import_name = "acme_client"\nversion = "0.1.0"\n',
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        validate(Workspace.at(repo))
    (problem,) = [str(p) for p in caught.value.problems if "packages.toml" in str(p)]
    assert problem.startswith("specs/widget-jobs.yaml:1:1: no table in generator/packages.toml")
    assert (
        '[widget]\n  spec = "specs/widget-jobs.yaml"\n  distribution = "widget-client"' in problem
    )
