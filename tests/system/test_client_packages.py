"""What an application developer installs: each generated client's metadata, license, version,
install instructions, and its pydantic models as an extra (issue 13)."""

from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path
from typing import Any

import pytest

from generator.workspace import ApiPackage, load_packages
from tests.support.workspace import ROOT

PACKAGES = load_packages(ROOT)
ROOT_PROJECT: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))[
    "project"
]


def project_of(package: ApiPackage) -> dict[str, Any]:
    text = (ROOT / "generated" / package.distribution / "pyproject.toml").read_text("utf-8")
    found: dict[str, Any] = tomllib.loads(text)["project"]
    return found


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.distribution)
def test_each_client_ships_the_repository_license_classifiers_and_urls(
    package: ApiPackage,
) -> None:
    folder = ROOT / "generated" / package.distribution
    assert (folder / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()
    project = project_of(package)
    assert project["license"] == ROOT_PROJECT["license"]
    assert project["license-files"] == ["LICENSE"]
    assert project["urls"] == ROOT_PROJECT["urls"]
    for classifier in (
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
        "Typing :: Typed",
        "Intended Audience :: Developers",
    ):
        assert classifier in project["classifiers"]


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.distribution)
def test_pydantic_is_an_extra_not_a_dependency(package: ApiPackage) -> None:
    project = project_of(package)
    assert not [d for d in project["dependencies"] if d.startswith("pydantic")]
    assert [d for d in project["optional-dependencies"]["pydantic"] if d.startswith("pydantic")]


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.distribution)
def test_the_models_without_pydantic_name_the_extra(package: ApiPackage) -> None:
    # pydantic made unimportable, as in an environment installed without the extra.
    script = f"import sys; sys.modules['pydantic'] = None\nimport {package.import_name}.schemas"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError:"), done.stderr
    assert f'pip install "{package.distribution}[pydantic]"' in last


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.distribution)
def test_version_is_the_installed_distributions(package: ApiPackage) -> None:
    client = importlib.import_module(package.import_name)
    assert client.__version__ == package.version  # the venv installs the generated packages
    with pytest.raises(AttributeError, match="no attribute 'not_there'"):
        client.not_there  # noqa: B018


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.distribution)
def test_the_readme_says_how_to_install_from_a_private_index(package: ApiPackage) -> None:
    readme = (ROOT / "generated" / package.distribution / "README.md").read_text("utf-8")
    assert "## Install from a private index" in readme
    assert "pip install --index-url https://" in readme and package.distribution in readme
    assert "explicit = true" in readme
    assert f'{package.distribution} = {{ index = "internal" }}' in readme
    assert "--extra-index-url" in readme and "dependency confusion" in readme
    assert f'pip install "{package.distribution}[pydantic]"' in readme


def test_the_wheel_carries_the_metadata(tmp_path: Path) -> None:
    package = PACKAGES[0]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(ROOT / "generated" / package.distribution),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        [metadata_name] = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(metadata_name).decode())
        [license_name] = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert archive.read(license_name) == (ROOT / "LICENSE").read_bytes()
    assert metadata["License-Expression"] == ROOT_PROJECT["license"]
    assert "Typing :: Typed" in (metadata.get_all("Classifier") or [])
    assert metadata.get_all("Provides-Extra") == ["pydantic"]
    assert any(
        r.startswith("pydantic") and r.replace('"', "'").endswith("extra == 'pydantic'")
        for r in metadata.get_all("Requires-Dist") or []
    )
    assert {u.split(",")[0] for u in metadata.get_all("Project-URL") or []} == set(
        ROOT_PROJECT["urls"]
    )
