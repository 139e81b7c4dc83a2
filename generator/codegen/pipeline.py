"""Regeneration: validate, generate what changed (in parallel), format, compile, swap atomically.

Nothing is written into generated/ until every package has been generated and compiles; then
the new tree replaces the old one with two renames. A failure leaves generated/ as it was.

Only what deciding "is anything stale?" needs is imported up front: a no-op run must stay cheap,
so the YAML reader, the validators and the generators are imported when there is work to do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.codegen import manifest, tools
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


def validate(workspace: Workspace, packages: list[ApiPackage] | None = None) -> list[LoadedSpec]:
    """Load and check the specs; raise SpecError listing every problem of every spec."""
    from generator.spec.rules import check

    chosen = packages if packages is not None else workspace.packages
    vendors = frozenset(p.vendor for p in workspace.packages)
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
        problems.extend(check(spec, vendors))
        if spec.data.get("info", {}).get("x-vendor") not in (None, package.vendor):
            problems.append(
                spec.problem(["info", "x-vendor"], f"expected x-vendor {package.vendor!r}")
            )
        loaded.append(spec)
    if problems:
        raise SpecError(problems)
    return loaded


def generate(
    workspace: Workspace,
    output: Path | None = None,
    *,
    force: bool = False,
    jobs: int | None = None,
) -> Report:
    root = workspace.root
    output = output or workspace.generated
    packages = workspace.packages
    versions = tools.tool_versions()
    recorded = manifest.read(output)
    entries: dict[str, dict[str, Any]] = dict(recorded.get("packages") or {})
    report = Report()
    stale = []
    for package in packages:
        if not force and _up_to_date(root, output, package, recorded, versions):
            report.skipped.append(package.distribution)
        else:
            stale.append(package)
    wanted = {p.distribution for p in packages} | {manifest.MANIFEST}
    strays = (
        sorted(p.name for p in output.iterdir() if p.name not in wanted) if output.is_dir() else []
    )
    report.removed = [name for name in strays if name in entries]
    if not stale and not strays and recorded:
        return report

    from generator.codegen import packaging
    from generator.codegen.transform import for_generators

    specs = {spec.display: spec for spec in validate(workspace, stale)}
    output.parent.mkdir(parents=True, exist_ok=True)
    new_tree = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    try:
        for package in packages:
            if package not in stale:
                shutil.copytree(
                    output / package.distribution,
                    new_tree / package.distribution,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                )
        work = [
            Job(
                p,
                for_generators(specs[p.spec].data),
                packaging.header(p, versions),
                new_tree / p.distribution,
                specs[p.spec].path.read_text(encoding="utf-8"),
                _changelog(root, p),
            )
            for p in stale
        ]
        _run_jobs(work, jobs)
        _compile([job.target for job in work])
        _format([job.target for job in work])
        for job in work:
            entries[job.package.distribution] = {
                "vendor": job.package.vendor,
                "spec": job.package.spec,
                "spec_sha256": specs[job.package.spec].sha256,
                "config_sha256": job.package.config_sha256(),
                "changelog_sha256": manifest.sha256_text(job.changelog),
                "version": job.package.version,
                "files": manifest.file_hashes(job.target),
            }
        current = {p.distribution for p in packages}
        manifest.write(new_tree, versions, {k: v for k, v in entries.items() if k in current})
        _swap(new_tree, output)
    except BaseException:
        shutil.rmtree(new_tree, ignore_errors=True)
        raise
    report.generated = [p.distribution for p in stale]
    return report


def _up_to_date(
    root: Path,
    output: Path,
    package: ApiPackage,
    recorded: dict[str, Any],
    versions: dict[str, str],
) -> bool:
    entry = (recorded.get("packages") or {}).get(package.distribution)
    spec = root / package.spec
    return bool(
        entry
        and recorded.get("tools") == versions
        and recorded.get("generator_sha256") == manifest.generator_sha256()
        and entry.get("config_sha256") == package.config_sha256()
        and entry.get("changelog_sha256") == manifest.sha256_text(_changelog(root, package))
        and spec.is_file()
        and entry.get("spec_sha256") == manifest.sha256_of(spec)
        and (output / package.distribution).is_dir()
        and entry.get("files") == manifest.file_hashes(output / package.distribution)
    )


def _changelog(root: Path, package: ApiPackage) -> str | None:
    path = root / "generator" / "changelogs" / f"{package.distribution}.md"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def build_package(job: Job) -> None:
    """One API's package, from its generator-ready spec (runs in a worker process)."""
    from generator.codegen import packaging

    package_dir = job.target / job.package.import_name
    with tempfile.TemporaryDirectory(prefix="scan-status-gen-") as scratch:
        tools.run_openapi_python_client(job.spec, Path(scratch), package_dir)
    tools.run_datamodel_codegen(job.spec, package_dir / "schemas.py", f"# {job.header}")
    (package_dir / packaging.SPEC_FILE).write_text(job.source, encoding="utf-8")
    if job.changelog is not None:
        (job.target / "CHANGELOG.md").write_text(job.changelog, encoding="utf-8")
    packaging.write_metadata(job.target, job.package, job.spec)
    packaging.add_headers(job.target, job.header)


def _run_jobs(work: list[Job], jobs: int | None) -> None:
    workers = min(len(work), jobs or os.cpu_count() or 1)
    if workers <= 1:
        for job in work:
            build_package(job)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Fork after importing the generators once: workers share them instead of re-importing.
    tools.warm_up()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for _ in pool.map(build_package, work):
            pass


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
    if not output.exists():
        os.rename(new_tree, output)
        return
    old = output.with_name(f".{output.name}-old-{uuid.uuid4().hex}")
    os.rename(output, old)
    try:
        os.rename(new_tree, output)
    except BaseException:
        os.rename(old, output)
        raise
    shutil.rmtree(old)
