"""Every task a maintainer runs. `nox` alone runs what CI needs; `nox -l` lists them all.

Each session installs exactly its locked dependency group (uv.lock), so a fresh machine with
Python 3.11+, nox and uv gets the same tool versions as every other.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["specs", "lint", "typecheck", "check", "tests"]

TYPED = ["generator", "scan_status", "tests", "benchmarks"]


def sync(session: nox.Session, group: str, *, project: bool = True) -> None:
    """Install the locked `group` (and, when asked, this project with its generated clients)."""
    scope = ["--group", group] if project else ["--only-group", group]
    session.run_install(
        "uv",
        "sync",
        "--locked",
        "--no-default-groups",
        *scope,
        env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location},
    )


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate the clients in generated/ from specs/ (only what changed; -- --force for all)."""
    # With the project: its clients are installed (editable), so the totality check below reads
    # the spec each client ships.
    sync(session, "generate")
    session.run("python", "-m", "generator", "generate", *session.posargs)
    # A spec that declares a status nobody mapped fails here, naming the mapping to write.
    session.run("python", "-m", "scan_status.totality")


@nox.session
def check(session: nox.Session) -> None:
    """Fail when generated/ is not what specs/ make now, or a declared status has no mapping."""
    sync(session, "generate")  # with the project, for the totality check (see generate)
    session.run("python", "-m", "generator", "check")
    session.run("python", "-m", "scan_status.totality")


@nox.session(name="docs-drift")
def docs_drift(session: nox.Session) -> None:
    """Which specs were written from vendor pages that changed or moved, with the diff and the facts touched: -- PATH_OR_URL... (default: ../shared/docs)."""
    sync(session, "specs", project=False)
    session.run("python", "-m", "generator", "drift", *session.posargs)


@nox.session
def release(session: nox.Session) -> None:
    """Classify each package's change since its release, bump versions, write changelogs, relock."""
    sync(session, "generate")
    # First, as its own step: a status a spec declares but nobody mapped stops the release here.
    session.run("python", "-m", "scan_status.totality")
    session.run("python", "-m", "generator", "release")
    session.run("uv", "lock", external=True)


@nox.session
def build(session: nox.Session) -> None:
    """Wheels and sdists of every generated package and of scan-status into dist/ (twine-checked)."""
    sync(session, "release", project=False)
    session.run("python", "-m", "generator", "build", *session.posargs)


@nox.session
def publish(session: nox.Session) -> None:
    """Upload dist/ to TWINE_REPOSITORY_URL with TWINE_USERNAME/TWINE_PASSWORD; existing versions are skipped."""
    sync(session, "release", project=False)
    session.run("python", "-m", "generator", "publish", *session.posargs)


@nox.session
def specs(session: nox.Session) -> None:
    """Validate every spec: OpenAPI 3.1 and the house rules, as file:line:column: message."""
    sync(session, "specs", project=False)
    session.run("python", "-m", "generator", "validate")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check on the hand-written code."""
    sync(session, "lint", project=False)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the pipeline, the status layer, the tests and every generated package."""
    sync(session, "typecheck")
    session.run("mypy", *TYPED)
    # Each generated package on its own: they are separate distributions.
    for package in sorted(Path("generated").glob("*/*/py.typed")):
        session.run("mypy", str(package.parent))


# On every core (pytest-xdist); a module's tests that share a fixture built once per module stay
# on one worker (tests/conftest.py). `-- -n 0` runs serially, e.g. to debug.
PARALLEL = ["-n", "auto", "--dist", "loadgroup"]


@nox.session
def unit(session: nox.Session) -> None:
    """Fast tests of pure logic: no servers, no venvs, no generator runs."""
    sync(session, "test")
    session.run("pytest", *PARALLEL, "tests/unit", *session.posargs)


@nox.session
def system(session: nox.Session) -> None:
    """Tests that start servers, build venvs and packages, and run the generator."""
    sync(session, "test")
    session.run("pytest", *PARALLEL, "tests/system", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite, unit and system (pytest); extra arguments go to pytest."""
    sync(session, "test")
    session.run("pytest", *PARALLEL, *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """The docs site into site/: guides and an API reference from the docstrings (strict)."""
    sync(session, "docs", project=False)
    session.run("mkdocs", "build", "--strict", *session.posargs)
    # Every public name has its entry: a name re-exported in a way griffe cannot follow (a
    # submodule of the same name, a lazy import) is missing silently otherwise.
    reference = Path("site/reference/index.html").read_text()
    for package in ("scan_status", "scan_status.testing"):
        init = Path(*package.split("."), "__init__.py")
        missing = [
            name
            for name in public_names(init)
            if f'id="{package}.{name}"' not in reference
            and not re.search(rf'id="{re.escape(package)}\.[\w.]+\.{name}"', reference)
        ]
        if missing:
            session.error(f"docs/reference.md lacks {package}: {', '.join(missing)}")


def public_names(init: Path) -> list[str]:
    """The names in a module's __all__, read without importing it."""
    for node in ast.parse(init.read_text()).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            names: list[str] = ast.literal_eval(node.value)
            return names
    raise ValueError(f"{init} has no __all__")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks; prints a JSON report (figures are ratios measured in the same run)."""
    sync(session, "bench")
    session.run("python", "-m", "benchmarks", *session.posargs)
