"""The no-op's cheap answers agree with the costly ones they replace: tool versions as
importlib.metadata reads them, file lists as pathlib walks them, the command line as argparse
reads it."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.cli import build_parser
from generator.codegen import freshness
from generator.no_op import plain_generate_root
from generator.root_pins import _points_into_generated


@pytest.mark.parametrize("tool", freshness.TOOLS)
def test_each_tool_version_is_what_importlib_metadata_reads(tool: str) -> None:
    assert freshness.installed_version(tool) == importlib.metadata.version(tool)


def _installed_metadata(tool: str) -> str:
    distribution = importlib.metadata.distribution(tool)
    text = distribution.read_text("METADATA")
    assert text is not None
    return text


def _fake_install(folder: Path, tool: str, version: str, *, dir_name: str | None = None) -> Path:
    """A dist-info for `tool` claiming `version`: the installed METADATA with that Version."""
    real = importlib.metadata.version(tool)
    metadata = _installed_metadata(tool).replace(f"\nVersion: {real}\n", f"\nVersion: {version}\n")
    assert f"\nVersion: {version}\n" in metadata
    info = folder / (dir_name or f"{tool.replace('-', '_')}-{version}.dist-info")
    info.mkdir(parents=True)
    (info / "METADATA").write_text(metadata, encoding="utf-8")
    return info


@pytest.mark.parametrize("tool", freshness.TOOLS)
def test_another_installed_version_first_on_the_path_is_seen(
    tool: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = importlib.metadata.version(tool) + ".post7"
    _fake_install(tmp_path, tool, other)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert freshness.installed_version(tool) == other == importlib.metadata.version(tool)
    assert freshness.tool_versions()[tool] == other


def test_a_folder_name_spelt_otherwise_is_still_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tool = "datamodel-code-generator"
    other = importlib.metadata.version(tool) + ".post3"
    _fake_install(tmp_path, tool, other, dir_name=f"DataModel.Code_Generator-{other}.dist-info")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert freshness.installed_version(tool) == other == importlib.metadata.version(tool)


@pytest.mark.parametrize("layout", ["two-in-one-folder", "folded-header", "egg-info", "no-version"])
def test_anything_less_plain_is_left_to_importlib_metadata(
    layout: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tool = "openapi-python-client"
    real = importlib.metadata.version(tool)
    info = _fake_install(tmp_path, tool, real + ".post1")
    if layout == "two-in-one-folder":
        _fake_install(tmp_path, tool, real + ".post2")
    elif layout == "folded-header":
        metadata = (info / "METADATA").read_text(encoding="utf-8")
        (info / "METADATA").write_text(
            metadata.replace(f"Version: {real}.post1\n", f"Version: {real}.post1\n  .dev0\n"),
            encoding="utf-8",
        )
    elif layout == "egg-info":
        egg = info.with_name(f"openapi_python_client-{real}.post4.egg-info")
        shutil.move(info, egg)
        (egg / "METADATA").rename(egg / "PKG-INFO")
        (egg / "PKG-INFO").write_text(
            (egg / "PKG-INFO").read_text(encoding="utf-8").replace(".post1", ".post4"),
            encoding="utf-8",
        )
    else:
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: x\n\nbody\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert freshness.installed_version(tool) == importlib.metadata.version(tool)


def test_bytecode_is_not_a_source_file_and_the_order_follows_path_components(
    tmp_path: Path,
) -> None:
    names = ["a-c.py", "a/b.py", "a/__pycache__/b.cpython-311.pyc", "z.pyc", "a/c/d.txt", "b.py"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    walked = sorted(
        p.relative_to(tmp_path)
        for p in tmp_path.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    assert freshness.source_files(str(tmp_path)) == [p.as_posix() for p in walked]
    before = freshness.file_hashes(str(tmp_path))
    (tmp_path / "a" / "__pycache__" / "c.cpython-311.pyc").write_bytes(b"\0")
    assert freshness.file_hashes(str(tmp_path)) == before
    (tmp_path / "a" / "b.py").write_text("edited", encoding="utf-8")
    assert freshness.file_hashes(str(tmp_path)) != before


@pytest.mark.parametrize(
    "arguments",
    [
        ["generate"],
        ["--root", "some/where", "generate"],
        ["--root=some/where", "generate"],
        ["--root", "/abs/path with space", "generate"],
    ],
)
def test_the_plain_generate_forms_are_read_as_argparse_reads_them(arguments: list[str]) -> None:
    args = build_parser().parse_args(arguments)
    assert args.command == "generate" and not args.force and args.output is None
    root = plain_generate_root(arguments)
    assert root is not None and os.path.realpath(root) == str(args.root.resolve())


@pytest.mark.parametrize(
    "arguments",
    [
        ["generate", "--force"],
        ["generate", "--output", "elsewhere"],
        ["generate", "--jobs", "1"],
        ["--root", "x", "generate", "--force"],
        ["--ro", "x", "generate"],  # argparse's abbreviation: left to argparse
        ["--root", "-x", "generate"],
        ["--root=", "generate"],
        ["check"],
        ["--root", "x", "check"],
        ["generate", "-h"],
        [],
    ],
)
def test_every_other_command_line_goes_to_argparse(arguments: list[str]) -> None:
    assert plain_generate_root(arguments) is None


@given(st.lists(st.sampled_from(["generated", ".", "", "..", "x", "acme-client", "/"]), max_size=5))
def test_a_source_path_points_into_generated_as_pathlib_reads_it(parts: list[str]) -> None:
    path = "/".join(parts)
    read = PurePosixPath(Path(path).as_posix()).parts
    assert _points_into_generated({"path": path}) == (len(read) == 2 and read[0] == "generated")


def test_a_zip_on_the_path_is_read_by_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tool = "ruff"
    other = importlib.metadata.version(tool) + ".post5"
    info = _fake_install(tmp_path / "unzipped", tool, other)
    archive = tmp_path / "tools.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(info / "METADATA", f"{info.name}/METADATA")
    monkeypatch.syspath_prepend(str(archive))
    assert freshness.installed_version(tool) == other == importlib.metadata.version(tool)
