"""The repository's specs pass every house rule; every fact in them comes from a page, an
x-source or a marked x-assumption; the maintainers' guide shows how many assumptions each spec makes, read
from the specs themselves."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from generator.spec.loader import load_spec
from generator.spec.rules import assumptions, check
from tests.support.specs import SCAN_PATH, VENDOR, minimal_spec, write_spec
from tests.support.workspace import ROOT, VENDORS

KNOWN = VENDORS | {VENDOR}


@pytest.mark.parametrize("spec", sorted(p.name for p in (ROOT / "specs").glob("*.yaml")))
def test_every_real_spec_passes(spec: str) -> None:
    assert check(load_spec(ROOT / "specs" / spec, spec), VENDORS) == []


def counts() -> dict[str, int]:
    packages = tomllib.loads((ROOT / "generator" / "packages.toml").read_text())
    return {
        package["spec"]: len(assumptions(load_spec(ROOT / package["spec"]).data))
        for package in packages.values()
    }


def test_the_maintainers_guide_shows_each_specs_count_of_assumptions() -> None:
    readme = (ROOT / "docs" / "maintainers.md").read_text()
    shown = dict(re.findall(r"^\| `(specs/[^`]+)` \| (\d+) \|$", readme, re.MULTILINE))
    assert {spec: int(count) for spec, count in shown.items()} == counts()


def test_every_spec_marks_what_it_assumes() -> None:
    # The vendors' pages leave gaps every spec fills somewhere (error codes, unshown answers).
    assert all(count > 0 for count in counts().values()), counts()


def test_a_mark_that_says_nothing_is_refused(tmp_path: Path) -> None:
    spec = minimal_spec()
    operation = spec["paths"][SCAN_PATH]["get"]
    operation["x-assumption"] = "  "
    operation["x-source"] = [{"note": "a source without an address"}]
    write_spec(tmp_path / "acme.yaml", spec)
    found = [str(p) for p in check(load_spec(tmp_path / "acme.yaml", "acme.yaml"), KNOWN)]
    assert [p.split(" ", 1)[1] for p in found] == [
        "[marks] x-assumption must say why, as text",
        "[marks] x-source needs a url (http or https)",
    ]
    assert all(p.startswith("acme.yaml:") for p in found)
