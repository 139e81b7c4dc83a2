"""Each generated package builds (sdist, then a wheel from it), installs into a clean venv,
imports, and passes mypy --strict as installed."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from generator.workspace import load_packages
from tests.support.builds import built_from_root
from tests.support.index_server import UV, fresh_venv, run
from tests.support.wheelhouse import install_from_wheelhouse, install_locked_dependencies
from tests.support.workspace import ROOT


@pytest.fixture(scope="module")
def clean_venv(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A fresh venv with every generated package installed from its built wheel."""
    base = tmp_path_factory.mktemp("packaging")
    dist = built_from_root(tmp_path_factory)[0].parent  # with the locked hatchling: no index
    clients = [p.distribution.replace("-", "_") for p in load_packages(ROOT)]
    venv = base / "venv"
    python = fresh_venv(venv)
    install_locked_dependencies(venv, ROOT)
    wheels = sorted(w for w in dist.glob("*.whl") if w.name.split("-")[0] in clients)
    install_from_wheelhouse(python, *wheels, deps=False)
    run(UV, "pip", "check", "--python", python)
    # scan-status's locked dependencies lack pydantic: the clients' models are their extra.
    without = "import sys; sys.modules['pydantic'] = None; import {0}; import {0}.schemas"
    for package in load_packages(ROOT):
        failed = subprocess.run(
            [python, "-c", without.format(package.import_name)], capture_output=True, text=True
        )
        assert f'pip install "{package.distribution}[pydantic]"' in failed.stderr
    # Then the extra, as locked: pydantic and its dependencies, keeping what is installed.
    extra = f"{load_packages(ROOT)[0].distribution}[pydantic]"
    install_from_wheelhouse(python, extra, "--find-links", dist)
    assert run(python, "-c", "import pydantic; print(pydantic.VERSION)").strip() == version(
        "pydantic"
    )
    return dist, python


def test_each_package_builds_an_sdist_and_a_wheel(clean_venv: tuple[Path, Path]) -> None:
    dist, _ = clean_venv
    for package in load_packages(ROOT):
        stem = f"{package.distribution.replace('-', '_')}-{package.version}"
        assert (dist / f"{stem}.tar.gz").is_file()
        assert (dist / f"{stem}-py3-none-any.whl").is_file()


def test_each_wheel_and_sdist_ships_its_release_notes(clean_venv: tuple[Path, Path]) -> None:
    """An installed client's CHANGELOG is inside its package; the sdist has it at its top."""
    dist, _ = clean_venv
    for package in load_packages(ROOT):
        stem = f"{package.distribution.replace('-', '_')}-{package.version}"
        notes = (ROOT / "generated" / package.distribution / "CHANGELOG.md").read_bytes()
        with zipfile.ZipFile(dist / f"{stem}-py3-none-any.whl") as wheel:
            assert wheel.read(f"{package.import_name}/CHANGELOG.md") == notes
        with tarfile.open(dist / f"{stem}.tar.gz") as sdist:
            member = sdist.extractfile(f"{stem}/CHANGELOG.md")
            assert member is not None and member.read() == notes
        assert f"## {package.version} (" in notes.decode(), "its release is dated"


def test_installed_packages_import_with_their_models(clean_venv: tuple[Path, Path]) -> None:
    """Each installed client imports with its models, from site-packages, typed (one Python
    imports them all, as an application using several vendors would)."""
    _, python = clean_venv
    packages = load_packages(ROOT)
    code = "".join(
        f"import {p.import_name} as c, {p.import_name}.schemas as s, pathlib\n"
        "assert 'site-packages' in c.__file__, c.__file__\n"
        "assert (pathlib.Path(c.__file__).parent / 'py.typed').is_file()\n"
        "print(c.__name__, c.Client.__name__, len(dir(s)))\n"
        for p in packages
    )
    lines = run(python, "-c", code).splitlines()
    assert [line.split()[:2] for line in lines] == [[p.import_name, "Client"] for p in packages]


def test_installed_packages_pass_mypy_strict(clean_venv: tuple[Path, Path], tmp_path: Path) -> None:
    _, python = clean_venv
    names = [p.import_name for p in load_packages(ROOT)]
    args = [arg for name in names for arg in ("-p", name)]
    out = run(
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--no-incremental",
        "--python-executable",
        python,
        *args,
        cwd=tmp_path,  # away from the repository, so only the installed copies are found
    )
    assert "Success: no issues found" in out
