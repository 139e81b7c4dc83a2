"""python -m generator {generate,check,validate}: the pipeline's command line."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator.problems import SpecError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository (default: .)")
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="regenerate what changed into generated/")
    gen.add_argument("--force", action="store_true", help="regenerate every package")
    gen.add_argument("--output", type=Path, help="write here instead of <root>/generated")
    gen.add_argument("--jobs", type=int, help="worker processes (default: one a core)")
    commands.add_parser("check", help="fail when generated/ is not what specs/ make now")
    commands.add_parser("validate", help="validate every spec; print file:line:column: problem")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    started = time.perf_counter()
    try:
        if args.command == "validate":
            from generator.pipeline import validate

            specs = validate(root)
            print(f"{len(specs)} specs valid: {', '.join(s.display for s in specs)}")
        elif args.command == "generate":
            from generator.pipeline import generate

            report = generate(root, args.output, force=args.force, jobs=args.jobs)
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
            from generator.check import differences

            found = differences(root)
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


if __name__ == "__main__":
    sys.exit(main())
