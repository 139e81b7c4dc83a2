"""Regeneration: validate, generate what changed (in parallel), format, compile, swap atomically.

Two worker processes generate, one a generator, while this one checks the specs' rules.
Nothing is written into generated/ until every package has been generated and compiles; then
the new tree is exchanged with the old one in one step (Linux's renameat2 RENAME_EXCHANGE; two
renames elsewhere, with an instant between them where generated/ is absent). A failure leaves
generated/ as it was; so does a kill at any point: a run holds a lock beside generated/, and the
next run deletes the temporary trees a killed run left (`.generated-*`). Pool workers die with
the run that started them.

Only what deciding "is anything stale?" needs is imported up front: a no-op run must stay cheap,
so the YAML reader, the validators and the generators are imported when there is work to do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.codegen import freshness, manifest, tools
from generator.codegen.packaging import Shared, shared
from generator.spec.problems import Problem, SpecError
from generator.workspace import ApiPackage, Workspace

if TYPE_CHECKING:
    from generator.spec.loader import LoadedSpec

# --isolated: no ruff.toml or pyproject from any parent folder may change the output.
RUFF_SETTINGS = (
    "--isolated",
    "--no-cache",
    "--config",
    "target-version = 'py311'",
    "--line-length",
    "100",
)


@dataclass
class Report:
    generated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.generated or self.removed)


@dataclass(frozen=True)
class Job:
    package: ApiPackage
    spec: dict[str, Any]
    header: str
    target: Path  # generated/<distribution> inside the temporary tree
    source: str  # the spec file's text, shipped in the package as the contract it was made from
    changelog: str | None  # generator/changelogs/<distribution>.md, shipped as CHANGELOG.md
    shared: Shared  # the repository's LICENSE and project URLs
    templates: Path  # the run's composed openapi-python-client templates
    models: Path  # where datamodel-code-generator writes the pydantic models, before they move in


def validate(workspace: Workspace, packages: list[ApiPackage] | None = None) -> list[LoadedSpec]:
    """Load and check the specs; raise SpecError listing every problem of every spec."""
    loaded = _load(workspace, packages)
    problems = _check_rules(loaded, _vendors(workspace))
    if packages is None:
        problems = [*_unnamed_specs(workspace), *problems]
    if problems:
        raise SpecError(problems)
    return loaded


SPECS = "specs"


def _unnamed_specs(workspace: Workspace) -> list[Problem]:
    """A spec in specs/ that no packages.toml table names would be skipped silently."""
    named = {package.spec for package in workspace.packages}
    problems = []
    for path in sorted((workspace.root / SPECS).glob("*.y*ml")):
        where = path.relative_to(workspace.root).as_posix()
        if where in named:
            continue
        key = path.stem.split("-")[0].replace(".", "_")
        problems.append(
            Problem(
                where,
                1,
                1,
                "no table in generator/packages.toml names this spec; add one (its key is the "
                f'vendor key):\n  [{key}]\n  spec = "{where}"\n  distribution = "{key}-client"\n'
                f'  import_name = "{key}_client"\n  version = "0.1.0"',
            )
        )
    return problems


def _vendors(workspace: Workspace) -> frozenset[str]:
    return frozenset(p.vendor for p in workspace.packages)


def _load(workspace: Workspace, packages: list[ApiPackage] | None = None) -> list[LoadedSpec]:
    """Read the specs (YAML, encoding, location, vendor): SpecError listing every problem."""
    chosen = packages if packages is not None else workspace.packages
    loaded: list[LoadedSpec] = []
    problems: list[Problem] = []
    for package in chosen:
        if not (workspace.root / package.spec).is_file():
            problems.append(
                Problem(package.spec, 1, 1, f"no such spec (named by [{package.vendor}])")
            )
            continue
        try:
            spec = workspace.spec(package)
        except SpecError as err:
            problems.extend(err.problems)
            continue
        if spec.data.get("info", {}).get("x-vendor") not in (None, package.vendor):
            problems.append(
                spec.problem(["info", "x-vendor"], f"expected x-vendor {package.vendor!r}")
            )
        loaded.append(spec)
    if problems:
        raise SpecError(problems)
    return loaded


def _check_rules(loaded: list[LoadedSpec], vendors: frozenset[str]) -> list[Problem]:
    """openapi-spec-validator and the house rules (the costly part of validating)."""
    from generator.spec.rules import check

    return [problem for spec in loaded for problem in check(spec, vendors)]


def generate(
    workspace: Workspace,
    output: Path | None = None,
    *,
    force: bool = False,
    jobs: int | None = None,
) -> Report:
    output = output or workspace.generated
    output.parent.mkdir(parents=True, exist_ok=True)
    with freshness.locked(str(output)):
        _remove_stale_trees(output)
        return _generate(workspace, output, force=force, jobs=jobs)


def _generate(workspace: Workspace, output: Path, *, force: bool, jobs: int | None) -> Report:
    root = workspace.root
    packages = workspace.packages
    versions = tools.tool_versions()
    recorded = manifest.read(output)
    entries: dict[str, dict[str, Any]] = dict(recorded.get("packages") or {})
    report = Report()
    outdated = set(
        [p.distribution for p in packages]
        if force
        else freshness.stale(
            str(root), str(output), [p.entry() for p in packages], recorded, versions
        )
    )
    stale = [p for p in packages if p.distribution in outdated]
    report.skipped = [p.distribution for p in packages if p.distribution not in outdated]
    wanted = {p.distribution for p in packages} | {manifest.MANIFEST}
    strays = (
        sorted(p.name for p in output.iterdir() if p.name not in wanted) if output.is_dir() else []
    )
    report.removed = [name for name in strays if name in entries]
    if not stale and not strays and recorded:
        return report

    loaded = _load(workspace, stale)
    specs = {spec.display: spec for spec in loaded}
    vendors = _vendors(workspace)

    def check_rules() -> None:  # while the generators run (or before, when nothing runs beside)
        problems = _check_rules(loaded, vendors)
        if problems:
            raise SpecError(problems)

    new_tree = Path(tempfile.mkdtemp(prefix=_temporary_prefix(output), dir=output.parent))
    scratch = Path(tempfile.mkdtemp(prefix=_temporary_prefix(output), dir=output.parent))
    try:
        _generate_into(
            new_tree, scratch, specs, stale, workspace, output, versions, jobs, check_rules
        )
        work_targets = [new_tree / p.distribution for p in stale]
        _compile(work_targets)
        _format(work_targets)
        common = shared(root)
        for package in stale:
            entries[package.distribution] = {
                "vendor": package.vendor,
                "spec": package.spec,
                "spec_sha256": specs[package.spec].sha256,
                "config_sha256": freshness.config_sha256(package.entry()),
                "changelog_sha256": freshness.sha256_text(_changelog(root, package)),
                "shared_sha256": common.sha256(),
                "version": package.version,
                "files": manifest.file_hashes(new_tree / package.distribution),
            }
        current = {p.distribution for p in packages}
        manifest.write(new_tree, versions, {k: v for k, v in entries.items() if k in current})
        _swap(new_tree, output)
    except BaseException:
        shutil.rmtree(new_tree, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report.generated = [p.distribution for p in stale]
    return report


def _generate_into(
    new_tree: Path,
    scratch: Path,
    specs: dict[str, LoadedSpec],
    stale: list[ApiPackage],
    workspace: Workspace,
    output: Path,
    versions: dict[str, str],
    jobs: int | None,
    meanwhile: Callable[[], None],
) -> None:
    """Every stale package generated into `new_tree`, the others copied there as they are;
    `meanwhile` (the rules check) runs beside the generators, and its error wins over theirs."""
    from generator.codegen import packaging
    from generator.codegen.templates import write_custom_templates
    from generator.codegen.transform import for_generators

    for package in workspace.packages:
        if package not in stale:
            shutil.copytree(
                output / package.distribution,
                new_tree / package.distribution,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )
    common = shared(workspace.root)
    templates = write_custom_templates(scratch / "templates")
    work = [
        Job(
            p,
            for_generators(specs[p.spec].data),
            packaging.header(p, versions),
            new_tree / p.distribution,
            specs[p.spec].path.read_text(encoding="utf-8"),
            _changelog(workspace.root, p),
            common,
            templates,
            scratch / f"{p.distribution}-schemas.py",
        )
        for p in stale
    ]
    _run_jobs(work, jobs, meanwhile)


def _temporary_prefix(output: Path) -> str:
    return freshness.temporary_prefix(output.name)


STALE_AFTER = 3600.0  # seconds; only where there is no lock to tell a live run from a dead one


def _remove_stale_trees(output: Path) -> None:
    """Delete the temporary trees (ours only: our prefix, folders) a killed run left behind."""
    import time

    try:
        import fcntl  # noqa: F401  # with the lock held, every such tree is stale
    except ImportError:
        cutoff: float | None = time.time() - STALE_AFTER
    else:
        cutoff = None
    for path in output.parent.glob(_temporary_prefix(output) + "*"):
        if not path.is_dir() or path.is_symlink():
            continue
        if cutoff is None or path.stat().st_mtime < cutoff:
            shutil.rmtree(path, ignore_errors=True)


def _changelog(root: Path, package: ApiPackage) -> str | None:
    return freshness.changelog_text(str(root), package.distribution)


def build_package(job: Job) -> None:
    """One API's package, from its generator-ready spec."""
    _build_client(job)
    _build_models(job)
    _move_models(job)


def _build_client(job: Job) -> None:
    """The attrs client and the package around it (openapi-python-client's part)."""
    from generator.codegen import packaging

    package_dir = job.target / job.package.import_name
    with tempfile.TemporaryDirectory(prefix="scan-status-gen-") as scratch:
        tools.run_openapi_python_client(job.spec, Path(scratch), package_dir, job.templates)
    (package_dir / packaging.SPEC_FILE).write_text(job.source, encoding="utf-8")
    if job.changelog is not None:
        (job.target / "CHANGELOG.md").write_text(job.changelog, encoding="utf-8")
    packaging.write_metadata(job.target, job.package, job.spec, job.shared)
    packaging.add_headers(job.target, job.header)


def _build_models(job: Job) -> None:
    """The pydantic models (datamodel-code-generator's part), beside the package for now."""
    from generator.codegen import packaging

    tools.run_datamodel_codegen(job.spec, job.models, f"# {job.header}")
    packaging.guard_pydantic(job.models, job.package)


def _move_models(job: Job) -> None:
    os.replace(job.models, job.target / job.package.import_name / "schemas.py")


def _each(step: Callable[[Job], None], work: list[Job]) -> None:
    for job in work:
        step(job)


def _run_jobs(work: list[Job], jobs: int | None, meanwhile: Callable[[], None]) -> None:
    """Two processes, one a generator, each running its generator on every spec: each imports
    one generator (importing them is most of a run) and compiles its templates once, the two
    imports overlap, and this process checks the rules (`meanwhile`) beside them."""
    if not work or (jobs or os.cpu_count() or 1) <= 1:  # one package still has two generators
        meanwhile()
        for job in work:
            build_package(job)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    pools = [
        ProcessPoolExecutor(
            max_workers=1,
            mp_context=context,
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        )
        for _ in range(2)
    ]
    try:
        running = [
            pools[0].submit(_each, _build_client, work),
            pools[1].submit(_each, _build_models, work),
        ]
        meanwhile()
        for future in running:
            future.result()
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
    for job in work:
        _move_models(job)


def _die_with_parent(parent: int) -> None:
    """A worker's first act: end when the run that started it ends, however it ends.

    A killed parent otherwise leaves its workers blocked forever on the job queue (they hold its
    write end themselves, so it never closes). On Linux the kernel sends SIGKILL when the parent
    dies (prctl PR_SET_PDEATHSIG); elsewhere a thread polls the parent's pid.
    """
    import signal
    import threading
    import time

    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before the call: too late to be told
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


def _format(targets: list[Path]) -> None:
    if not targets:
        return
    ruff = _ruff()
    paths = [str(t) for t in targets]
    # Sorting imports first: the generators emit them in an order that may vary.
    for command in (["check", "--select", "I", "--fix-only"], ["format"]):
        done = subprocess.run(
            [ruff, *command, *RUFF_SETTINGS, *paths], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"ruff {command[0]} failed on generated code:\n{done.stderr}{done.stdout}"
            )


def _ruff() -> str:
    """The pinned ruff installed beside this interpreter, never whatever is first on PATH."""
    from ruff.__main__ import find_ruff_bin

    return str(find_ruff_bin())


def _compile(targets: list[Path]) -> None:
    problems = []
    for target in targets:
        for path in sorted(target.rglob("*.py")):
            try:
                compile(path.read_text(encoding="utf-8"), str(path), "exec", dont_inherit=True)
            except SyntaxError as err:
                where = path.relative_to(target.parent).as_posix()
                problems.append(
                    Problem(
                        where,
                        err.lineno or 1,
                        err.offset or 1,
                        f"generated code does not compile: {err.msg}",
                    )
                )
    if problems:
        raise SpecError(problems)


def _swap(new_tree: Path, output: Path) -> None:
    """Put `new_tree` at `output`; `output` is complete at every instant where the OS allows."""
    if not output.exists():
        os.rename(new_tree, output)
        return
    if _exchange(new_tree, output):
        # new_tree now holds the old output: a kill before this ends leaves it for the next run.
        _discard(new_tree)
        return
    # No atomic exchange here: two renames, with an instant in which generated/ is absent.
    old = new_tree.with_name(new_tree.name + "-old")
    os.rename(output, old)
    try:
        os.rename(new_tree, output)
    except BaseException:
        os.rename(old, output)
        raise
    _discard(old)


def _discard(tree: Path) -> None:
    shutil.rmtree(tree)


RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)  # glibc 2.28+
    if renameat2 is None:
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    done = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if done == 0:
        return True
    error = ctypes.get_errno()
    import errno

    if error in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # old kernel or file system
        return False
    raise OSError(error, os.strerror(error), str(second))
