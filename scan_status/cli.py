"""scan-status: is my scan done, and did it work? From a terminal or a script.

Exit codes: 0 succeeded; 1 failed; 3 cancelled; 4 timed out waiting; 5 not finished yet (get);
6 the vendor's status is not one we know; 7 error talking to the vendor (auth, not found,
network); 2 wrong usage.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from scan_status import mapping
from scan_status.errors import ScanStatusError, WaitTimeoutError
from scan_status.states import ScanState
from scan_status.status import NormalizedStatus

EXIT_FOR_STATE = {
    ScanState.SUCCEEDED: 0,
    ScanState.FAILED: 1,
    ScanState.CANCELLED: 3,
    ScanState.PENDING: 5,
    ScanState.RUNNING: 5,
    ScanState.UNKNOWN: 6,
}
EXIT_TIMEOUT, EXIT_ERROR = 4, 7
WORST_FIRST = [
    ScanState.FAILED,
    ScanState.CANCELLED,
    ScanState.UNKNOWN,
    ScanState.RUNNING,
    ScanState.PENDING,
]

app = typer.Typer(help=__doc__, no_args_is_help=True, rich_markup_mode=None)
get_app = typer.Typer(help="Read a scan's status once.", no_args_is_help=True)
wait_app = typer.Typer(
    help="Poll until the scan succeeds, fails or is cancelled.", no_args_is_help=True
)
app.add_typer(get_app, name="get")
app.add_typer(wait_app, name="wait")

Json = Annotated[bool, typer.Option("--json", help="One JSON object per status, for machines.")]
Timeout = Annotated[float, typer.Option(help="Give up waiting after this many seconds (exit 4).")]
Interval = Annotated[
    float, typer.Option(help="Seconds between the first polls; grows with backoff.")
]


def _secret(name: str, env: str) -> Any:
    return typer.Option(name, envvar=env, help=f"(or ${env}); never printed", show_default=False)


def _url(vendor: str) -> Any:
    env = f"SCAN_STATUS_{vendor.upper()}_BASE_URL"
    return typer.Option(
        "--base-url", envvar=env, help=f"The API's base URL (or ${env}).", show_default=False
    )


def _report(statuses: Sequence[NormalizedStatus], as_json: bool) -> None:
    for status in statuses:
        if as_json:
            typer.echo(json.dumps(status.to_json()))
        else:
            typer.echo(_line(status))


def _line(status: NormalizedStatus) -> str:
    scan = f" {status.scan_id}" if status.scan_id else ""
    detail = f" - {status.error or status.message}" if (status.error or status.message) else ""
    return f"{status.vendor}{scan}: {status.state.value} (vendor said {status.raw!r}){detail}"


def _exit_code(statuses: Sequence[NormalizedStatus]) -> int:
    states = {s.state for s in statuses}
    for state in WORST_FIRST:
        if state in states:
            return EXIT_FOR_STATE[state]
    return 0


def _run(action: Callable[[], Sequence[NormalizedStatus]], as_json: bool) -> None:
    try:
        statuses = action()
    except WaitTimeoutError as err:
        if err.last_status is not None:
            _report([err.last_status], as_json)
        typer.echo(f"timed out: {err}", err=True)
        raise typer.Exit(EXIT_TIMEOUT) from None
    except ScanStatusError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    _report(statuses, as_json)
    raise typer.Exit(_exit_code(statuses))


def _watch(
    wait: Callable[..., NormalizedStatus], as_json: bool, timeout: float, interval: float
) -> list[NormalizedStatus]:
    """Run `wait` with a live status line on a terminal, or one plain line per change otherwise."""
    from rich.console import Console

    from scan_status.waiting import WaitPolicy

    policy = WaitPolicy(interval=interval, timeout=timeout)
    console = Console(stderr=True)
    polls = 0
    seen: list[tuple[ScanState, str]] = []

    def changed(status: NormalizedStatus) -> bool:
        nonlocal polls
        polls += 1
        if seen and seen[-1] == (status.state, status.raw):
            return False
        seen.append((status.state, status.raw))
        return True

    if console.is_terminal and not as_json:
        with console.status("waiting for the vendor's first answer") as live:

            def show(status: NormalizedStatus) -> None:
                if changed(status):
                    console.log(
                        f"{status.state.value} (vendor said {status.raw!r})", highlight=False
                    )
                live.update(f"{status.state.value}: {status.raw!r}, poll {polls}")

            return [wait(policy=policy, on_update=show)]

    def plain(status: NormalizedStatus) -> None:
        if changed(status) and not as_json:
            typer.echo(_line(status), err=True)

    return [wait(policy=policy, on_update=plain)]


@get_app.command("threadfix")
def get_threadfix(
    app_id: int,
    pending_scan_id: int,
    base_url: Annotated[str, _url("threadfix")],
    api_key: Annotated[str, _secret("--api-key", "SCAN_STATUS_THREADFIX_API_KEY")],
    as_json: Json = False,
) -> None:
    """ThreadFix: the status of a pending scan."""
    from scan_status import threadfix

    def action() -> list[NormalizedStatus]:
        with threadfix(base_url=base_url, api_key=api_key) as adapter:
            return [adapter.get_status(app_id, pending_scan_id)]

    _run(action, as_json)


@wait_app.command("threadfix")
def wait_threadfix(
    app_id: int,
    pending_scan_id: int,
    base_url: Annotated[str, _url("threadfix")],
    api_key: Annotated[str, _secret("--api-key", "SCAN_STATUS_THREADFIX_API_KEY")],
    as_json: Json = False,
    timeout: Timeout = 600.0,
    interval: Interval = 2.0,
) -> None:
    """ThreadFix: wait for a pending scan to finish."""
    from scan_status import threadfix

    def action() -> list[NormalizedStatus]:
        with threadfix(base_url=base_url, api_key=api_key) as adapter:
            return _watch(
                lambda **kw: adapter.wait(app_id, pending_scan_id, **kw), as_json, timeout, interval
            )

    _run(action, as_json)


@get_app.command("protecto")
def get_protecto(
    tracking_ids: list[str],
    base_url: Annotated[str, _url("protecto")],
    token: Annotated[str, _secret("--token", "SCAN_STATUS_PROTECTO_TOKEN")],
    as_json: Json = False,
) -> None:
    """Protecto: the status of one or more data scans."""
    from scan_status import protecto

    def action() -> list[NormalizedStatus]:
        with protecto(base_url=base_url, token=token) as adapter:
            return adapter.get_statuses(tracking_ids)

    _run(action, as_json)


@wait_app.command("protecto")
def wait_protecto(
    tracking_id: str,
    base_url: Annotated[str, _url("protecto")],
    token: Annotated[str, _secret("--token", "SCAN_STATUS_PROTECTO_TOKEN")],
    as_json: Json = False,
    timeout: Timeout = 600.0,
    interval: Interval = 2.0,
) -> None:
    """Protecto: wait for a data scan to finish."""
    from scan_status import protecto

    def action() -> list[NormalizedStatus]:
        with protecto(base_url=base_url, token=token) as adapter:
            return _watch(lambda **kw: adapter.wait(tracking_id, **kw), as_json, timeout, interval)

    _run(action, as_json)


@get_app.command("cortex")
def get_cortex(
    run_id: int,
    base_url: Annotated[str, _url("cortex")],
    api_key: Annotated[str, _secret("--api-key", "SCAN_STATUS_CORTEX_API_KEY")],
    api_key_id: Annotated[str, _secret("--api-key-id", "SCAN_STATUS_CORTEX_API_KEY_ID")],
    as_json: Json = False,
) -> None:
    """Cortex XSIAM: the status of a netscan run."""
    from scan_status import cortex

    def action() -> list[NormalizedStatus]:
        with cortex(base_url=base_url, api_key=api_key, api_key_id=api_key_id) as adapter:
            return [adapter.get_status(run_id)]

    _run(action, as_json)


@wait_app.command("cortex")
def wait_cortex(
    run_id: int,
    base_url: Annotated[str, _url("cortex")],
    api_key: Annotated[str, _secret("--api-key", "SCAN_STATUS_CORTEX_API_KEY")],
    api_key_id: Annotated[str, _secret("--api-key-id", "SCAN_STATUS_CORTEX_API_KEY_ID")],
    as_json: Json = False,
    timeout: Timeout = 600.0,
    interval: Interval = 2.0,
) -> None:
    """Cortex XSIAM: wait for a netscan run to finish."""
    from scan_status import cortex

    def action() -> list[NormalizedStatus]:
        with cortex(base_url=base_url, api_key=api_key, api_key_id=api_key_id) as adapter:
            return _watch(lambda **kw: adapter.wait(run_id, **kw), as_json, timeout, interval)

    _run(action, as_json)


@app.command()
def states(as_json: Json = False) -> None:
    """The mapping from every vendor's status values to ScanState."""
    if as_json:
        table = {
            v: {value: m.state.value for value, m in mapping.TABLES[v].items()}
            for v in mapping.VENDORS
        }
        typer.echo(json.dumps(table, indent=2))
    else:
        typer.echo(mapping.markdown_table())


def _print_version(asked: bool) -> None:
    if asked:
        from scan_status import __version__

        typer.echo(f"scan-status {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
        ),
    ] = False,
) -> None:
    pass


def main() -> None:
    app()
