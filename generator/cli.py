"""python -m generator {generate,check,validate,drift,classify,release,build,publish,audit-index}.

Builds one Workspace (the root, its packages and their specs, each read once) and hands it to
the floor that does the work: spec/ (validate), codegen/ (generate, check), release/ (the rest).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from generator.no_op import answered

if TYPE_CHECKING:
    from generator.workspace import Workspace


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository (default: .)")
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="regenerate what changed into generated/")
    gen.add_argument("--force", action="store_true", help="regenerate every package")
    gen.add_argument("--output", type=Path, help="write here instead of <root>/generated")
    gen.add_argument(
        "--jobs",
        type=int,
        help="1: no worker processes (default: two, one a generator, on 2+ cores)",
    )
    commands.add_parser("check", help="fail when generated/ is not what specs/ make now")
    commands.add_parser("validate", help="validate every spec; print file:line:column: problem")
    drift = commands.add_parser(
        "drift",
        help="report specs written from vendor pages that changed or moved",
        description="Read each page (text or HTML; HTML is reduced to its main text) and compare "
        "it with the capture its spec was written from: print the diff and the status values, "
        "endpoints and fields the change touches. A URL that redirects or answers 404/410 is "
        "reported as moved. Exit 0: no drift; 1: a page changed or moved; 2: a page could not "
        "be read.",
    )
    drift.add_argument(
        "sources",
        nargs="*",
        help="pages: files or URLs, matched to a spec's page by URL or file name; NAME=SOURCE "
        "reads SOURCE as page NAME (default: every page, from --pages, or from its URL with "
        "--pages-url)",
    )
    drift.add_argument("--pages", type=Path, help="folder of page copies (default: --captures)")
    drift.add_argument(
        "--captures",
        type=Path,
        help="folder of the captures the specs were written from (default: ../shared/docs)",
    )
    drift.add_argument(
        "--pages-url",
        metavar="BASE",
        help="read every URL from BASE instead of its own host: BASE's scheme, host and path "
        "replace the URL's scheme and host (e.g. a local mirror, http://127.0.0.1:8000/)",
    )
    drift.add_argument("--timeout", type=float, default=30.0, help="seconds per URL (default: 30)")
    commands.add_parser("classify", help="what kind of change each package has since its release")
    commands.add_parser("release", help="bump changed packages, write changelogs, regenerate")
    build = commands.add_parser("build", help="wheels and sdists of every package into dist/")
    build.add_argument("--out", type=Path, help="default: <root>/dist")
    build.add_argument(
        "--no-isolation", action="store_true", help="use this environment's hatchling"
    )
    publish = commands.add_parser("publish", help="upload dist/ with twine (TWINE_* variables)")
    publish.add_argument("--dist", type=Path, help="default: <root>/dist")
    ledger_help = "the files we published, sha256 and name (default: <root>/generator/released/published.sha256)"
    publish.add_argument("--ledger", type=Path, help=ledger_help)
    audit = commands.add_parser(
        "audit-index",
        help="report files the index serves under our names that we never built or released",
        description="For each of our distribution names, read the index's page "
        "(TWINE_REPOSITORY_URL, or SCAN_STATUS_SIMPLE_URL) and report every file whose sha256 is "
        "neither in dist/ nor in the ledger: a dependency-confusion risk. Exit 0: none; 1: risks; "
        "2: a page could not be read.",
    )
    audit.add_argument("--dist", type=Path, help="default: <root>/dist")
    audit.add_argument("--ledger", type=Path, help=ledger_help)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    root = args.root.resolve()
    started = time.perf_counter()
    if args.command == "generate" and not args.force:
        output = args.output.resolve() if args.output is not None else root / "generated"
        if output == root / "generated" and answered(str(root), started):
            return 0
    from generator.spec.problems import SpecError
    from generator.workspace import Workspace

    try:
        if args.command == "publish":  # needs dist/ and the versions, not the specs
            return _distribute(None, args)
        if args.command == "audit-index":
            return _audit(args)
        workspace = Workspace.at(root)
        if args.command in ("classify", "release"):
            return _release(workspace, apply=args.command == "release")
        if args.command == "build":
            return _distribute(workspace, args)
        if args.command == "drift":
            return _drift(workspace, args)
        if args.command == "validate":
            from generator.codegen.pipeline import validate
            from generator.spec.rules import assumptions

            specs = validate(workspace)
            print(f"{len(specs)} specs valid: {', '.join(s.display for s in specs)}")
            for spec in specs:  # what nobody documented: docs/maintainers.md shows these counts
                print(f"  {spec.display}: {len(assumptions(spec.data))} marked assumptions")
        elif args.command == "generate":
            from generator.codegen.pipeline import generate

            report = generate(workspace, args.output, force=args.force, jobs=args.jobs)
            took = time.perf_counter() - started
            if report.changed:
                done = ", ".join(report.generated) or "none"
                print(
                    f"generated {done}; up to date: {', '.join(report.skipped) or 'none'} ({took:.2f}s)"
                )
                for name in report.removed:
                    print(f"removed {name}: no spec makes it any more")
            else:
                print(f"generated/ is up to date ({took:.2f}s)")
            if args.output is None or args.output.resolve() == workspace.generated:
                from generator.root_pins import sync_root_pins

                for change in sync_root_pins(workspace):  # the root project uses these clients
                    print(change)
        else:
            from generator.codegen.check import differences

            found = differences(workspace)
            if found:
                print("generated/ is not what specs/ make now; run `nox -s generate`. Differing:")
                for line in found:
                    print(f"  {line}")
                return 1
            print("generated/ matches specs/")
    except SpecError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"{len(err.problems)} problem(s); generated/ was not changed", file=sys.stderr)
        return 1
    return 0


def _release(workspace: Workspace, *, apply: bool) -> int:
    from generator.release.versions import plan_all, release

    plans = release(workspace) if apply else plan_all(workspace)
    if apply and not plans:
        print("nothing changed since the last release of any package")
    for item in plans:
        if not item.kind:
            print(f"{item.distribution} {item.version}: unchanged")
            continue
        verb = "released as" if apply else "would be"
        print(f"{item.distribution} {item.version}: {item.kind} change, {verb} {item.new_version}")
        for finding in item.findings:
            print(f"  {finding}")
    return 0


def _distribute(workspace: Workspace | None, args: argparse.Namespace) -> int:
    from generator.release.distribute import Published, PublishError, build, publish

    root = args.root.resolve()
    done: Published | None = None
    failure: PublishError | None = None
    try:
        if workspace is not None:
            out = args.out or root / "dist"
            for artifact in build(workspace, out, isolated=not args.no_isolation):
                print(f"built {artifact.name}")
            return 0
        done = publish(args.dist or root / "dist", root, args.ledger)
    except PublishError as err:
        done, failure = err.done, err
    if done is not None:
        for line in done.warnings:
            print(f"warning: {line}", file=sys.stderr)
        for name in done.uploaded:
            print(f"uploaded {name}")
        for name in done.skipped:
            print(f"already on the index with the same sha256, skipped: {name}")
        for why in done.refused:
            print(f"refused {why}", file=sys.stderr)
        for risk in done.risks:
            print(risk, file=sys.stderr)
    if failure is not None:
        print(failure, file=sys.stderr)
        return 1
    return 0


def _audit(args: argparse.Namespace) -> int:
    from generator.release.distribute import PublishError, audit_index

    root = args.root.resolve()
    try:
        risks, unread = audit_index(args.dist or root / "dist", root, args.ledger)
    except PublishError as err:
        print(err, file=sys.stderr)
        return 2
    for line in unread:
        print(line, file=sys.stderr)
    for risk in risks:
        print(risk)
    if not risks and not unread:
        print("no dependency-confusion risk: the index serves only files we built or released")
    return 2 if unread else 1 if risks else 0


def _drift(workspace: Workspace, args: argparse.Namespace) -> int:
    from generator.release.drift import check, recorded_pages
    from generator.release.drift_report import exit_code, render

    captures = args.captures or workspace.root.parent / "shared" / "docs"
    sources = args.sources
    if not sources and args.pages_url:
        sources = [page.url for page in recorded_pages(workspace).values() if page.url]
    elif not sources:
        names = sorted(recorded_pages(workspace))
        # NAME=PATH: the page by its name, so a name outside the docs folder is reported as such.
        sources = [f"{name}={(args.pages or captures) / name}" for name in names]
    drift = check(
        workspace, sources, captures=captures, pages_url=args.pages_url, timeout=args.timeout
    )
    print("\n".join(render(drift)))
    return exit_code(drift)
