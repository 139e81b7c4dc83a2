"""What an application developer gets from the built wheels: their type checkers see our types
(py.typed), the package page and metadata are the user's, and the CLI knows its version."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.support.builds import built_from_root
from tests.support.index_server import UV, fresh_venv, run
from tests.support.wheelhouse import install_from_wheelhouse, install_locked_dependencies
from tests.support.workspace import ROOT

CONSUMER = ROOT / "tests" / "consumer" / "consumer.py"
# A user's mistakes: only a checker that sees the installed types (not Any) can report them.
# One a line, from line 3 on: a wrong type, a misspelt option, a choice the vendor lacks.
WRONG = """\
import scan_status

state: int = scan_status.normalize("threadfix", "DONE").state
scan_status.threadfix(base_url="https://tf.example", api_key="k", timout=5)
scan_status.protecto(base_url="https://p.example", token="t", route="2025")
"""
MISTAKES = 3


@pytest.fixture(scope="module")
def user_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with scan-status and its four clients installed from their built wheels."""
    base = tmp_path_factory.mktemp("user")
    dist = built_from_root(tmp_path_factory)[0].parent  # with the locked hatchling: no network
    venv = base / "venv"
    python = fresh_venv(venv)
    install_locked_dependencies(venv, ROOT, extras=["cli"])
    wheels = sorted(dist.glob("*.whl"))
    install_from_wheelhouse(python, *wheels, deps=False)
    run(UV, "pip", "check", "--python", python)
    return python


@pytest.fixture
def user_code(tmp_path: Path) -> Path:
    """The consumer module and a wrong one, away from the repository: only installed copies count."""
    shutil.copy(CONSUMER, tmp_path / "consumer.py")
    (tmp_path / "wrong.py").write_text(WRONG)
    (tmp_path / "pyrightconfig.json").write_text(json.dumps({"typeCheckingMode": "strict"}))
    return tmp_path


def mypy(python: Path, folder: Path) -> tuple[int, str]:
    """mypy --strict over both modules in one run: each run analyses every installed import."""
    checker = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    done = subprocess.run(
        [*checker, "--python-executable", str(python), "consumer.py", "wrong.py"],
        capture_output=True,
        text=True,
        cwd=folder,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def pyright(python: Path, folder: Path) -> tuple[int, str]:
    # No version check against the index: the checker runs offline, at the locked version.
    env = {**os.environ, "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "pyright", "--pythonpath", str(python), "consumer.py", "wrong.py"],
        capture_output=True,
        text=True,
        cwd=folder,
        env=env,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_the_installed_package_is_typed_and_licensed(user_venv: Path) -> None:
    code = (
        "import pathlib, scan_status, importlib.metadata as m;"
        "here = pathlib.Path(scan_status.__file__).parent;"
        "assert 'site-packages' in str(here), here;"
        "d = m.distribution('scan-status');"
        "print((here / 'py.typed').is_file(), sorted(str(f) for f in d.files if 'LICENSE' in str(f)));"
        "print(d.metadata['Description-Content-Type']);"
        "print(d.metadata.get_all('Classifier'));"
        "print(d.metadata.get_all('Project-URL'))"
    )
    out = run(user_venv, "-c", code, cwd=user_venv.parent)  # away from the repository's copy
    typed, content_type, classifiers, urls = out.splitlines()
    assert typed.startswith("True ") and "LICENSE" in typed
    assert content_type == "text/markdown"
    assert "Typing :: Typed" in classifiers
    assert "Repository, " in urls


def test_the_package_page_is_the_users_readme(user_venv: Path) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    page = (ROOT / project["readme"]).read_text()
    code = "import importlib.metadata as m; print(m.metadata('scan-status').get_payload())"
    shown = run(user_venv, "-c", code, cwd=user_venv.parent)
    assert shown.strip() == page.strip()
    assert "--index-url" in page and "nox" not in page  # for users, not contributors


def test_version_is_the_distributions(user_venv: Path) -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    cli = user_venv.parent / "scan-status"
    assert run(cli, "--version", cwd=user_venv.parent).strip() == f"scan-status {version}"
    code = "import scan_status; print(scan_status.__version__)"
    assert run(user_venv, "-c", code, cwd=user_venv.parent).strip() == version


def test_mypy_strict_sees_the_installed_types(user_venv: Path, user_code: Path) -> None:
    """The consumer checks clean; the wrong module's one mistake is found (one run, both)."""
    code, out = mypy(user_venv, user_code)
    print(out)
    assert code == 1, out
    assert "consumer.py" not in out, "the consumer module checks clean"
    assert (
        'wrong.py:3: error: Incompatible types in assignment (expression has type "ScanState"'
        in out
    )
    assert 'wrong.py:4: error: Unexpected keyword argument "timout" for "threadfix"' in out
    assert re.search(
        r'wrong\.py:5: error: Argument "route" to "protecto" has incompatible type "Literal\[.2025.\]"',
        out,
    )
    assert f"Found {MISTAKES} errors in 1 file (checked 2 source files)" in out, out


def test_pyright_strict_sees_the_installed_types(user_venv: Path, user_code: Path) -> None:
    """The consumer checks clean; the wrong module's one mistake is found (one run, both)."""
    code, out = pyright(user_venv, user_code)
    print(out)
    assert code == 1, out
    assert "consumer.py" not in out, "the consumer module checks clean"
    assert "wrong.py:3:" in out and '"ScanState" is not assignable to declared type "int"' in out
    assert re.search(r'wrong\.py:4:\d+ - error: No parameter named "timout"', out)
    assert re.search(
        r'wrong\.py:5:\d+ - error: Argument of type "Literal\[.2025.\]" cannot be assigned to '
        r'parameter "route"',
        out,
    )
    assert f"{MISTAKES} errors, 0 warnings, 0 informations" in out, out
