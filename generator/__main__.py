"""python -m generator: a `generate` that changes nothing is answered first, with the standard
library alone (generator/no_op.py); every other command line goes to generator/cli.py."""

import sys
import time


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    arguments = sys.argv[1:] if argv is None else argv
    from generator.no_op import answered, plain_generate_root

    root = plain_generate_root(arguments)
    if root is not None and answered(root, started):
        return 0
    from generator.cli import main as run

    return run(arguments)


if __name__ == "__main__":
    sys.exit(main())
