"""python -m scan_status.testing serve <vendor> [--port N] [--scenario NAME]"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading

from scan_status import vendors
from scan_status.testing.scenarios import SCENARIOS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scan_status.testing", description="Mock vendor servers."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve one vendor's mock until interrupted")
    serve.add_argument("vendor", choices=sorted(vendors.known()))
    serve.add_argument("--port", type=int, default=0, help="default: a free port")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument(
        "--scenario", choices=sorted(SCENARIOS), default="lifecycle", help="what every scan does"
    )
    args = parser.parse_args(argv)

    from scan_status.testing.server import MockServer  # deferred: --help needs no uvicorn

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with MockServer(args.vendor, scenario=args.scenario, host=args.host, port=args.port) as mock:
        credentials = " ".join(f"{name}={value}" for name, value in mock.credentials.items())
        print(
            f"{args.vendor} mock at {mock.base_url} (scenario {args.scenario}; credentials {credentials})",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
