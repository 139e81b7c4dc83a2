"""python -m generator {generate,check,validate,drift,classify,release,build,publish}.

Builds one Workspace (the root, its packages and their specs, each read once) and hands it to
the floor that does the work: spec/ (validate), codegen/ (generate, check), release/ (the rest).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator.spec.problems import SpecError
from generator.workspace import Workspace


def main(argv: list[str] | None = None) -> int:
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
    drift = commands.add_parser("drift", help="report specs written from vendor pages that changed")
    drift.add_argument(
        "sources", nargs="*", help="pages: files or URLs (default: every page, from --pages)"
    )
    drift.add_argument("--pages", type=Path, help="folder of page copies (default: ../shared/docs)")
    commands.add_parser("classify", help="what kind of change each package has since its release")
    commands.add_parser("release", help="bump changed packages, write changelogs, regenerate")
    build = commands.add_parser("build", help="wheels and sdists of every package into dist/")
    build.add_argument("--out", type=Path, help="default: <root>/dist")
    build.add_argument(
        "--no-isolation", action="store_true", help="use this environment's hatchling"
    )
    publish = commands.add_parser("publish", help="upload dist/ with twine (TWINE_* variables)")
    publish.add_argument("--dist", type=Path, help="default: <root>/dist")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    started = time.perf_counter()
    try:
        if args.command == "publish":  # needs dist/ only, not the specs
            return _distribute(None, args)
        workspace = Workspace.at(root)
        if args.command in ("classify", "release"):
            return _release(workspace, apply=args.command == "release")
        if args.command == "build":
            return _distribute(workspace, args)
        if args.command == "drift":
            return _drift(workspace, args.sources, args.pages or root.parent / "shared" / "docs")
        if args.command == "validate":
            from generator.codegen.pipeline import validate

            specs = validate(workspace)
            print(f"{len(specs)} specs valid: {', '.join(s.display for s in specs)}")
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
    from generator.release.versions import plan, release

    plans = release(workspace) if apply else plan(workspace)
    for item in plans:
        if not item.kind:
            print(f"{item.package.distribution} {item.package.version}: unchanged")
            continue
        verb = "released as" if apply else "would be"
        old = item.package.version
        new = item.new_version
        print(f"{item.package.distribution} {old}: {item.kind} change, {verb} {new}")
        for finding in item.findings:
            print(f"  {finding}")
    return 0


def _distribute(workspace: Workspace | None, args: argparse.Namespace) -> int:
    from generator.release.distribute import PublishError, build, publish

    root = args.root.resolve()
    try:
        if workspace is not None:
            out = args.out or root / "dist"
            for artifact in build(workspace, out, isolated=not args.no_isolation):
                print(f"built {artifact.name}")
        else:
            done = publish(args.dist or root / "dist")
            for name in done.uploaded:
                print(f"uploaded {name}")
            for name in done.skipped:
                print(f"already on the index, skipped: {name}")
    except PublishError as err:
        print(err, file=sys.stderr)
        return 1
    return 0


def _drift(workspace: Workspace, sources: list[str], pages: Path) -> int:
    from generator.release.drift import check, recorded_pages

    if not sources:
        sources = [str(pages / name) for name in sorted(recorded_pages(workspace))]
    try:
        drift = check(workspace, sources)
    except OSError as err:
        print(f"cannot read a page: {err}", file=sys.stderr)
        return 2
    for page, source, digest in drift.changed:
        print(f"CHANGED {page.name} (read from {source})")
        print(f"  recorded sha256 {page.sha256}\n  current  sha256 {digest}")
        for where in page.specs:
            print(f"  spec written from it: {where}")
        for where in page.operations:
            print(f"  operation: {where}")
    for source in drift.unknown:
        print(f"not the source of any spec: {source}")
    print(f"{len(drift.changed)} changed, {len(drift.unchanged)} unchanged page(s)")
    return 1 if drift.changed else 0


if __name__ == "__main__":
    sys.exit(main())
