"""scan-status: is my scan done, and did it work? From a terminal or a script.

Exit codes: 0 succeeded; 1 failed; 3 cancelled; 4 timed out waiting; 5 not finished yet (get);
6 the vendor's status is not one we know; 7 error talking to the vendor (auth, not found,
network); 2 wrong usage.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from scan_status import mapping
from scan_status.errors import ScanStatusError, WaitTimeoutError
from scan_status.states import ScanState
from scan_status.status import NormalizedStatus

if TYPE_CHECKING:
    from scan_status.vendors import Room

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


Json = Annotated[bool, typer.Option("--json", help="One JSON object per status, for machines.")]
Timeout = Annotated[float, typer.Option(help="Give up waiting after this many seconds (exit 4).")]
Interval = Annotated[
    float, typer.Option(help="Seconds between the first polls; grows with backoff.")
]


def _secret(name: str, env: str) -> Any:
    return typer.Option(name, envvar=env, help=f"(or ${env}); never printed", show_default=False)


def _setting(vendor: str, name: str, choices: Sequence[str]) -> Any:
    env = f"SCAN_STATUS_{vendor.upper()}_{name.upper()}"

    def one_of(value: str) -> str:
        if value not in choices:
            raise typer.BadParameter(f"must be one of {', '.join(choices)}, not {value!r}")
        return value

    return typer.Option(
        "--" + name.replace("_", "-"),
        envvar=env,
        help=f"One of {', '.join(choices)} (or ${env}).",
        callback=one_of,
    )


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


def _vendor_commands(room: Room, get_app: typer.Typer, wait_app: typer.Typer) -> None:
    """`get <key>` and `wait <key>` for a vendor with a status to read, from its room: its id
    parameters become arguments, its credentials options read from SCAN_STATUS_<KEY>_<NAME>."""

    def id_parameters(many: bool) -> list[inspect.Parameter]:
        return [
            inspect.Parameter(
                param.name + ("s" if many else ""),
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                annotation=(list[int] if param.type is int else list[str]) if many else param.type,
            )
            for param in room.ids
        ]

    options = [
        inspect.Parameter(
            "base_url", inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[str, _url(room.key)]
        ),
        *(
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[
                    str,
                    _secret(
                        "--" + name.replace("_", "-"),
                        f"SCAN_STATUS_{room.key.upper()}_{name.upper()}",
                    ),
                ],
            )
            for name in room.credentials
        ),
        *(  # the room's own choices (Cortex's --key-kind), the first the default
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                default=choices[0],
                annotation=Annotated[str, _setting(room.key, name, choices)],
            )
            for name, choices in room.settings.items()
        ),
        inspect.Parameter(
            "as_json", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=Json
        ),
    ]
    waiting = [
        inspect.Parameter(
            "timeout", inspect.Parameter.KEYWORD_ONLY, default=600.0, annotation=Timeout
        ),
        inspect.Parameter(
            "interval", inspect.Parameter.KEYWORD_ONLY, default=2.0, annotation=Interval
        ),
    ]
    one, several = id_parameters(many=False), id_parameters(many=room.batch)

    def adapter(arguments: dict[str, Any]) -> Any:
        from scan_status import vendors

        credentials = {name: arguments[name] for name in room.credentials}
        settings = {name: arguments[name] for name in room.settings}
        return vendors.adapter(room.key, base_url=arguments["base_url"], **credentials, **settings)

    def get(**arguments: Any) -> None:
        def action() -> list[NormalizedStatus]:
            with adapter(arguments) as vendor:
                if room.batch:  # get_statuses: several ids of one kind, one request
                    return list(vendor.get_statuses(arguments[several[0].name]))
                return [vendor.get_status(*(arguments[p.name] for p in several))]

        _run(action, arguments["as_json"])

    def wait(**arguments: Any) -> None:
        scan = [arguments[p.name] for p in one]

        def action() -> list[NormalizedStatus]:
            with adapter(arguments) as vendor:
                return _watch(
                    lambda **kw: vendor.wait(*scan, **kw),
                    arguments["as_json"],
                    arguments["timeout"],
                    arguments["interval"],
                )

        _run(action, arguments["as_json"])

    for command, parameters, group, text in (
        (get, [*several, *options], get_app, f"{room.name}: {room.summary}."),
        (
            wait,
            [*one, *options, *waiting],
            wait_app,
            f"{room.name}: wait until {room.summary} is final.",
        ),
    ):
        command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        command.__annotations__ = {}
        command.__doc__ = text
        group.command(room.key, help=text)(command)


def states(as_json: Json = False) -> None:
    """The mapping from every vendor's status values to ScanState."""
    from scan_status import vendors

    tables = {key: vendors.mapping_of(key) for key in vendors.known()}
    if as_json:
        table = {
            v: {value: m.state.value for value, m in rows.items()} for v, rows in tables.items()
        }
        typer.echo(json.dumps(table, indent=2))
    else:
        typer.echo(mapping.markdown_table(tables))


def _print_version(asked: bool) -> None:
    if asked:
        from scan_status import __version__

        typer.echo(f"scan-status {__version__}")
        raise typer.Exit()


def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
        ),
    ] = False,
) -> None:
    pass


def build_app() -> typer.Typer:
    """The command line: `states`, and `get <vendor>` and `wait <vendor>` for every registered
    vendor with a status to read (one registered before this call included)."""
    from scan_status import vendors

    app = typer.Typer(help=__doc__, no_args_is_help=True, rich_markup_mode=None)
    app.callback()(_options)
    get_app = typer.Typer(help="Read a scan's status once.", no_args_is_help=True)
    wait_app = typer.Typer(
        help="Poll until the scan succeeds, fails or is cancelled.", no_args_is_help=True
    )
    app.add_typer(get_app, name="get")
    app.add_typer(wait_app, name="wait")
    app.command()(states)
    for room in vendors.rooms():
        if room.ids:
            _vendor_commands(room, get_app, wait_app)
    return app


def main(argv: Sequence[str] | None = None) -> None:
    build_app()(args=list(argv) if argv is not None else None)
