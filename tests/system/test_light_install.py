"""`pip install scan-status` is light: what asking a vendor and normalizing need, no CLI, no
mocks. Built wheels in a fresh venv with only the locked base dependencies: the library works,
the command says which extra it needs, and the mocks say theirs. Prints the install's size."""

from __future__ import annotations

import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

from scan_status.testing import MockServer, lifecycle
from tests.support.builds import built_from_root
from tests.support.index_server import UV, fresh_venv, run
from tests.support.wheelhouse import install_from_wheelhouse, install_locked_dependencies
from tests.support.workspace import ROOT

GET_STATUS = """
import sys, scan_status
with scan_status.threadfix(base_url=sys.argv[1], api_key="test-key") as tf:
    status = tf.get_status(6, 41)
print(status.state.value, status.raw)
"""


@pytest.fixture(scope="module")
def light_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("light")
    dist = built_from_root(tmp_path_factory)[0].parent  # with the locked hatchling: no index
    python = fresh_venv(base / "venv")
    install_locked_dependencies(base / "venv", ROOT)  # the base dependencies: no extras
    wheels = sorted(dist.glob("*.whl"))
    install_from_wheelhouse(python, *wheels, deps=False)
    run(UV, "pip", "check", "--python", python)
    return python


def installed(python: Path) -> tuple[int, int]:
    """(number of distributions, kilobytes of site-packages) in the venv."""
    listed = run(UV, "pip", "list", "--format", "freeze", "--python", python).splitlines()
    site = next((python.parent.parent / "lib").glob("python3*/site-packages"))
    kilobytes = int(run("du", "-sk", site).split()[0])
    return len([line for line in listed if line.strip()]), kilobytes


def test_the_base_install_has_no_cli_or_mock_dependencies(light_venv: Path) -> None:
    names = run(UV, "pip", "list", "--format", "freeze", "--python", light_venv).lower()
    # pydantic still comes with the clients' models: their own extra is another change.
    for absent in ("typer", "rich", "click", "pygments", "starlette", "uvicorn"):
        assert f"\n{absent}==" not in f"\n{names}", f"{absent} came with the base install"
    assert "\nhttpx==" in f"\n{names}" and "\nhttpx-retries==" in f"\n{names}"


@pytest.mark.parametrize("command", [["scan-status"], ["python", "-m", "scan_status"]])
def test_the_command_without_its_extra_names_it(light_venv: Path, command: list[str]) -> None:
    program = light_venv.parent / command[0]
    done = subprocess.run(
        [program, *command[1:], "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "pip install 'scan-status[cli]'" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_the_version_needs_no_extra(light_venv: Path) -> None:
    done = run(light_venv.parent / "scan-status", "--version")
    installed_version = run(
        light_venv, "-c", "import importlib.metadata as m; print(m.version('scan-status'))"
    )
    assert done.strip() == f"scan-status {installed_version.strip()}"


def test_the_library_works_without_any_extra(light_venv: Path) -> None:
    with MockServer("threadfix") as mock:
        mock.script(41, lifecycle("threadfix", running_polls=0))
        said = run(light_venv, "-c", GET_STATUS, f"{mock.base_url}", cwd=light_venv.parent)
    assert said.split() == ["PENDING", "QUEUED"]


def test_the_mocks_without_their_extra_name_it(light_venv: Path) -> None:
    done = subprocess.run(
        [light_venv, "-c", "from scan_status.testing import MockServer"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert "MissingTestingExtra" in last and "pip install 'scan-status[testing]'" in last


def test_the_fixture_without_the_testing_extra_names_it(light_venv: Path, tmp_path: Path) -> None:
    install_from_wheelhouse(light_venv, f"pytest=={version('pytest')}")
    (tmp_path / "test_users.py").write_text(
        "def test_mine(mock_vendor):\n    mock_vendor('threadfix')\n"
    )
    done = subprocess.run(
        [light_venv, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_users.py"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stdout
    raised = [line[1:].strip() for line in done.stdout.splitlines() if line.startswith("E  ")]
    assert raised[-1].startswith("scan_status.testing.MissingTestingExtra: the scan_status mocks")
    assert "pip install 'scan-status[testing]'" in raised[-1]


def test_the_cli_extra_brings_the_command(light_venv: Path, tmp_path: Path) -> None:
    """Last: it installs into the shared venv. Prints base vs with-cli size for the record."""
    base_count, base_kb = installed(light_venv)
    extra = [f"{name}=={version(name)}" for name in ("typer", "rich")]
    install_from_wheelhouse(light_venv, *extra)
    run(UV, "pip", "check", "--python", light_venv)
    cli_count, cli_kb = installed(light_venv)
    print(f"base: {base_count} dists, {base_kb} KB; with [cli]: {cli_count} dists, {cli_kb} KB")
    assert cli_count > base_count and cli_kb > base_kb
    done = run(light_venv.parent / "scan-status", "--help")
    assert "Exit codes" in done
