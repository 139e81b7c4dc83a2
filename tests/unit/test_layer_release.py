"""How a change of the status layer is classified: read as data (no import), on a small layer of
its own, so the real one can change freely."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from generator.release import layer
from generator.spec.problems import SpecError

MAPPING = """\
from scan_status.states import ScanState


class Mapping: ...


ALPHA: dict[str, Mapping] = {
    "QUEUED": Mapping(ScanState.PENDING, "waits in a queue"),
    "DONE": Mapping(state=ScanState.SUCCEEDED),
    "BROKEN": ScanState.FAILED,
}
TABLES = {"alpha": ALPHA}
"""
CORE = '''\
def normalize(vendor: str, raw: str, *, strict: bool = False) -> str:
    """Translate."""
    return raw


class Reader:
    def read(self, raw: str) -> str:
        return raw
'''
PYPROJECT = """\
[project]
name = "scan-status"
version = "1.4.2"
dependencies = ["alpha-client>=0.3,<1", "httpx>=0.28"]
"""


def small_layer(root: Path) -> Path:
    package = root / "scan_status"
    (package / "testing").mkdir(parents=True)
    (package / "__init__.py").write_text(
        'from scan_status.core import Reader, normalize\n__all__ = ["Reader", "normalize"]\n'
    )
    (package / "testing" / "__init__.py").write_text("__all__: list[str] = []\n")
    (package / "core.py").write_text(CORE)
    (package / "mapping.py").write_text(MAPPING)
    (root / "pyproject.toml").write_text(PYPROJECT)
    layer.remember(root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_an_unchanged_layer_has_nothing_to_release(tmp_path: Path) -> None:
    root = small_layer(tmp_path)
    found = layer.plan(root, {})
    assert (found.findings, found.kind, found.new_version) == ([], None, "1.4.2")


def test_the_mapping_is_read_without_importing_it(tmp_path: Path) -> None:
    root = small_layer(tmp_path)
    rows = layer.read_mapping(root)
    assert {v: s for v, (s, _) in rows["alpha"].items()} == {
        "QUEUED": "PENDING",
        "DONE": "SUCCEEDED",
        "BROKEN": "FAILED",
    }
    assert (
        rows["alpha"]["DONE"][1]
        == MAPPING.splitlines().index('    "DONE": Mapping(state=ScanState.SUCCEEDED),') + 1
    )


def test_a_mapping_row_added_is_minor_and_names_its_line(tmp_path: Path) -> None:
    root = small_layer(tmp_path)
    edit(
        root / layer.MAPPING,
        '    "BROKEN"',
        '    "ARCHIVED": Mapping(ScanState.CANCELLED),\n    "BROKEN"',
    )
    found = layer.plan(root, {})
    assert found.kind == "minor" and found.new_version == "1.5.0"
    added = [f for f in found.findings if f.kind == "minor"]
    assert [(f.spec, f.pointer, f.message) for f in added] == [
        (layer.MAPPING, "alpha:ARCHIVED", "alpha status 'ARCHIVED' now maps to CANCELLED")
    ]
    line = (root / layer.MAPPING).read_text().splitlines()[added[0].line - 1]
    assert '"ARCHIVED"' in line
    assert len(found.findings) == 1, "the row says what changed in mapping.py"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('    "BROKEN": ScanState.FAILED,\n', "", "alpha status 'BROKEN' no longer mapped"),
        (
            "Mapping(state=ScanState.SUCCEEDED)",
            "Mapping(state=ScanState.FAILED)",
            "alpha status 'DONE' now maps to FAILED, not SUCCEEDED",
        ),
    ],
)
def test_a_row_removed_or_a_state_changed_is_major(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    root = small_layer(tmp_path)
    edit(root / layer.MAPPING, old, new)
    found = layer.plan(root, {})
    assert found.kind == "major" and found.new_version == "2.0.0"
    assert message in [f.message for f in found.findings if f.kind == "major"]


def test_a_break_of_the_public_api_is_major(tmp_path: Path) -> None:
    root = small_layer(tmp_path)
    edit(root / "scan_status" / "core.py", ", *, strict: bool = False", "")
    found = layer.plan(root, {})
    assert found.kind == "major"
    (api,) = [f for f in found.findings if f.pointer.startswith("python:")]
    assert api.pointer == "python:scan_status.core.normalize" and "strict" in api.message


def test_a_public_name_gone_is_major_though_griffe_skips_unresolvable_aliases(
    tmp_path: Path,
) -> None:
    root = small_layer(tmp_path)
    edit(root / "scan_status" / "core.py", "class Reader:", "class Parser:")
    found = layer.plan(root, {})
    assert "scan_status.Reader removed" in [f.message for f in found.findings if f.kind == "major"]


def test_other_code_changes_are_patch(tmp_path: Path) -> None:
    root = small_layer(tmp_path)
    edit(
        root / "scan_status" / "core.py",
        "    return raw\n\n\nclass",
        "    return raw.strip()\n\n\nclass",
    )
    found = layer.plan(root, {})
    assert found.kind == "patch" and found.new_version == "1.4.3"
    assert [(f.spec, f.message) for f in found.findings] == [
        ("scan_status/core.py", "shipped file changed")
    ]


def test_a_client_pin_follows_the_clients_release(tmp_path: Path) -> None:
    root = small_layer(tmp_path)
    pins = ["alpha-client>=0.4,<1", "httpx>=0.28"]
    found = layer.plan(root, {"alpha-client": "minor"}, pins)
    assert found.kind == "minor"
    assert [f.message for f in found.findings] == [
        "requires alpha-client>=0.4,<1 (was alpha-client>=0.3,<1): alpha-client had a minor release"
    ]
    assert (
        layer.plan(root, {"alpha-client": "patch"}, ["alpha-client>=0.3.1,<1", "httpx>=0.28"]).kind
        == "patch"
    )


def test_release_bumps_writes_the_changelog_and_remembers(tmp_path: Path) -> None:
    root = small_layer(tmp_path)
    edit(root / layer.MAPPING, '    "BROKEN"', '    "ARCHIVED": ScanState.CANCELLED,\n    "BROKEN"')
    found = layer.plan(root, {})
    layer.apply(root, found)
    assert 'version = "1.5.0"' in (root / "pyproject.toml").read_text()
    changelog = (root / layer.CHANGELOG).read_text()
    # Dated, grouped, in a sentence, with where it comes from as a detail.
    assert changelog.startswith(f"# Changelog\n\n## 1.5.0 ({datetime.date.today().isoformat()})\n")
    changed = changelog.split("\n### Changed\n", 1)[1]
    assert "- alpha status 'ARCHIVED' now maps to CANCELLED. _(`" in changed
    snapshot = json.loads((root / layer.SNAPSHOT).read_text())
    assert (
        snapshot["version"] == "1.5.0" and snapshot["mapping"]["alpha"]["ARCHIVED"] == "CANCELLED"
    )
    assert layer.plan(root, {}).kind is None, "released: nothing left to release"
    assert layer.CHANGELOG not in snapshot["files"], "the changelog is written by the release"


def test_the_api_snapshot_is_the_same_from_any_checkout(tmp_path: Path) -> None:
    one = small_layer(tmp_path / "one")
    two = small_layer(tmp_path / "two")
    assert (one / layer.API_SNAPSHOT).read_bytes() == (two / layer.API_SNAPSHOT).read_bytes()
    assert str(tmp_path) not in (one / layer.API_SNAPSHOT).read_text()


def test_a_mapping_the_release_cannot_read_is_named_with_its_line(tmp_path: Path) -> None:
    root = small_layer(tmp_path)
    edit(root / layer.MAPPING, '"BROKEN": ScanState.FAILED', '"BROKEN": pick()')
    with pytest.raises(SpecError) as raised:
        layer.read_mapping(root)
    (problem,) = raised.value.problems
    line = (root / layer.MAPPING).read_text().splitlines().index('    "BROKEN": pick(),') + 1
    assert (problem.file, problem.line) == (layer.MAPPING, line)
    assert "Mapping(ScanState.X, ...)" in problem.message


def test_a_reason_reworded_is_patch(tmp_path: Path) -> None:
    root = small_layer(tmp_path)
    edit(root / layer.MAPPING, "waits in a queue", "waits in the vendor's queue")
    found = layer.plan(root, {})
    assert [(f.kind, f.spec) for f in found.findings] == [("patch", layer.MAPPING)]
