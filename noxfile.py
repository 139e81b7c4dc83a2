"""Every task a maintainer runs. `nox` alone runs what CI needs; `nox -l` lists them all.

Each session installs exactly its locked dependency group (uv.lock), so a fresh machine with
Python 3.11+, nox and uv gets the same tool versions as every other.
"""

from __future__ import annotations

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
    sync(session, "generate", project=False)
    session.run("python", "-m", "generator", "generate", *session.posargs)


@nox.session
def check(session: nox.Session) -> None:
    """Fail when generated/ is not what specs/ make now, or a declared status has no mapping."""
    sync(session, "generate", project=False)
    session.run("python", "-m", "generator", "check")
    session.run("python", "-m", "scan_status.totality")


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


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite (pytest); extra arguments go to pytest."""
    sync(session, "test")
    session.run("pytest", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks; prints a JSON report (figures are ratios measured in the same run)."""
    sync(session, "bench")
    session.run("python", "-m", "benchmarks", *session.posargs)
