"""The scan-status commands (typer): `states`, and `get <vendor>` and `wait <vendor>` for every
registered vendor with a status to read, derived from its room: its id parameters become
arguments (the last one may repeat: several scans), its credentials options that read
SCAN_STATUS_<KEY>_<NAME>. Needs the `cli` extra; scan_status.cli is the entry point."""

from __future__ import annotations

import contextlib
import copy
import inspect
import json
import math
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
import typer.core

from scan_status import adapters, mapping, overrides, vendors
from scan_status.display import Display, line
from scan_status.errors import ScanStatusError, WaitTimeoutError, how_to_map
from scan_status.output import (
    OutputClosed,
    OutputFailed,
    emit,
    logs_on_stderr,
    neutral,
    quiet_stdout,
)
from scan_status.states import ScanState
from scan_status.status import NormalizedStatus
from scan_status.waiting import WaitPolicy

SUMMARY = """scan-status: is my scan done, and did it work? From a terminal or a script.

Exit codes: 0 succeeded; 1 failed; 3 cancelled; 4 timed out waiting; 5 not finished yet (get);
6 the vendor's status is not one we know (also when a wait's deadline passes on it); 7 error
talking to the vendor (auth, not found, network); 8 the output could not be written (a full
disk); 141 the reader of the output went away (a closed pipe, as `| head -1`: the code a shell
gives a program SIGPIPE ends); 130 interrupted (Ctrl-C); 2 wrong usage. With several scans,
the worst: 7, 1, 3, 6, 4, 5, 0."""

if TYPE_CHECKING:
    from scan_status.vendors import IdParam, Room
    from scan_status.waiting import WaitResult

EXIT_FOR_STATE = {
    ScanState.SUCCEEDED: 0,
    ScanState.FAILED: 1,
    ScanState.CANCELLED: 3,
    ScanState.PENDING: 5,
    ScanState.RUNNING: 5,
    ScanState.UNKNOWN: 6,
}
EXIT_TIMEOUT, EXIT_UNKNOWN, EXIT_ERROR, EXIT_OUTPUT, EXIT_PIPE = 4, 6, 7, 8, 141
EXIT_INTERRUPTED = 130
WORST_FIRST = [EXIT_ERROR, 1, 3, EXIT_UNKNOWN, EXIT_TIMEOUT, 5, 0]
# The CLI's floor between polls: a person or a CI job never needs a vendor asked faster.
MIN_INTERVAL = 0.5


def _positive(name: str, floor: float = 0.0) -> Callable[[float], float]:
    def check(value: float) -> float:
        if not math.isfinite(value) or value <= 0:
            raise typer.BadParameter(f"{name} must be a finite number above 0, not {value!r}")
        if value < floor:
            raise typer.BadParameter(f"{name} must be at least {floor:g} seconds, not {value:g}")
        return value

    return check


def _url_of(schemes: Sequence[str]) -> Callable[[str | None], str | None]:
    """A check that a URL has one of these schemes and a host; anything else is a usage error."""

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        import httpx  # deferred: --help and `states` need no httpx

        try:
            url = httpx.URL(value)
        except (httpx.InvalidURL, TypeError, ValueError) as err:
            raise typer.BadParameter(f"not a URL ({err})") from None
        if url.scheme not in schemes or not url.host:
            wanted = " or ".join(f"{scheme}://" for scheme in schemes)
            raise typer.BadParameter(f"must be an {wanted} URL with a host")
        return value

    return check


Json = Annotated[
    bool,
    typer.Option(
        "--json",
        help="JSON on stdout, one object a line: each status, and each error as an object with "
        '"error" and "exit_code".',
    ),
]
Timeout = Annotated[
    float,
    typer.Option(
        metavar="SECONDS",
        help="Give up waiting after this many seconds, for all the scans (exit 4).",
        callback=_positive("--timeout"),
    ),
]
Interval = Annotated[
    float,
    typer.Option(
        metavar="SECONDS",
        help=f"Seconds between the first polls (at least {MIN_INTERVAL:g}); grows with backoff.",
        callback=_positive("--interval", MIN_INTERVAL),
    ),
]
StopOnUnknown = Annotated[
    bool,
    typer.Option(
        "--stop-on-unknown",
        help="End a scan's wait at the first status nobody mapped (exit 6) instead of polling on.",
    ),
]
Concurrency = Annotated[
    int, typer.Option(min=1, max=64, metavar="N", help="At most this many requests in flight.")
]
Verbose = Annotated[
    bool,
    typer.Option(
        "--verbose", "-v", help="Log every request (method, URL, status, time) on stderr."
    ),
]
Proxy = Annotated[
    str | None,
    typer.Option(
        metavar="URL",
        help="Send every request through this proxy (default: $HTTPS_PROXY, $HTTP_PROXY, "
        "$ALL_PROXY and $NO_PROXY, as httpx reads them).",
        callback=_url_of(("http", "https", "socks5", "socks5h")),
        show_default=False,
    ),
]
CaBundle = Annotated[
    Path | None,
    typer.Option(
        metavar="PATH",
        help="Trust the CA certificates in this PEM file (default: the system's, or "
        "$SSL_CERT_FILE).",
        exists=True,
        dir_okay=False,
        show_default=False,
    ),
]
ClientCert = Annotated[
    Path | None,
    typer.Option(
        metavar="PATH",
        help="Present this client certificate (a PEM file with its private key) to the vendor.",
        exists=True,
        dir_okay=False,
        show_default=False,
    ),
]
PlaintextProxy = Annotated[
    bool,
    typer.Option(
        "--plaintext-proxy",
        help="Let a plain-http vendor's requests go through the proxy, which then sees the "
        "credentials (refused otherwise).",
    ),
]
# The options of every vendor command, beyond its credentials and settings.
NETWORK = (
    ("proxy", None, Proxy),
    ("allow_plaintext_proxy", False, PlaintextProxy),
    ("ca_bundle", None, CaBundle),
    ("client_cert", None, ClientCert),
    ("verbose", False, Verbose),
)


def network(arguments: dict[str, Any]) -> dict[str, Any]:
    """The adapter's network options from the command's: only those given, so the adapter's own
    defaults (the environment's proxy, the system's CAs) hold otherwise."""
    given: dict[str, Any] = {}
    if arguments["proxy"] is not None:
        given["proxy"] = arguments["proxy"]
    if arguments["ca_bundle"] is not None:
        given["verify"] = str(arguments["ca_bundle"])
    if arguments["client_cert"] is not None:
        given["cert"] = str(arguments["client_cert"])
    if arguments["allow_plaintext_proxy"]:
        given["allow_plaintext_proxy"] = True
    return given


def _env(vendor: str, name: str) -> str:
    return f"SCAN_STATUS_{vendor.upper()}_{name.upper()}"


def _secret(vendor: str, name: str) -> Any:
    env = _env(vendor, name)
    return typer.Option(
        "--" + name.replace("_", "-"),
        envvar=env,
        metavar=name.rsplit("_", 1)[-1].upper(),  # KEY, ID, TOKEN: short, for narrow terminals
        help="Never printed.",
        show_default=False,
    )


def _setting(vendor: str, name: str, choices: Sequence[str]) -> Any:
    # The choices in the help, not in the metavar: a narrow terminal keeps room for the help.
    return typer.Option(
        "--" + name.replace("_", "-"),
        envvar=_env(vendor, name),
        metavar=name.upper(),
        help=f"One of: {', '.join(choices)}.",
    )


def _url(vendor: str) -> Any:
    env = _env(vendor, "base_url")
    return typer.Option(
        "--base-url",
        envvar=env,
        metavar="URL",
        help="The API's base URL.",
        show_default=False,
        callback=_url_of(("http", "https")),
    )


def worst(codes: Sequence[int]) -> int:
    return min(codes, key=WORST_FIRST.index) if codes else 0


def error_exit(error: ScanStatusError) -> int:
    """The exit code of an error that ended a scan's wait: a deadline that passed on a status
    nobody mapped is that status's code (6), not a plain timeout."""
    if isinstance(error, WaitTimeoutError):
        last = error.last_status
        return EXIT_UNKNOWN if last and last.state is ScanState.UNKNOWN else EXIT_TIMEOUT
    return EXIT_ERROR


def error_text(error: ScanStatusError) -> str:
    if isinstance(error, WaitTimeoutError):
        last = error.last_status
        if last is not None and last.state is ScanState.UNKNOWN:
            return (
                f"timed out on a status nobody mapped: {last.vendor} said {last.raw!r}; "
                + how_to_map(last.vendor, last.raw)
            )
        return f"timed out: {error}"
    return f"error: {error}"


def report_error(error: ScanStatusError, as_json: bool, scan: str | None = None) -> int:
    code = error_exit(error)
    if as_json:
        out: dict[str, Any] = {
            "error": error_text(error).removeprefix("error: "),
            "exit_code": code,
        }
        if scan is not None:
            out["scan_id"] = scan
        emit(json.dumps(out))
    else:
        shown = neutral(error_text(error))
        emit(shown if scan is None else f"{neutral(scan)}: {shown}", err=True)
    return code


def report_unknown(status: NormalizedStatus) -> None:
    """Say how to map a value the vendor sent that nobody mapped (once per value)."""
    emit(
        neutral(
            f"{status.vendor} said {status.raw!r}, which nobody mapped; "
            + how_to_map(status.vendor, status.raw)
        ),
        err=True,
    )


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Ctrl-C ends with 130, as a shell reports SIGINT: never 1, which means the scan failed."""
    try:
        yield
    except KeyboardInterrupt:
        emit("interrupted", err=True, quiet=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _get(vendor: Any, room: Room, scans: list[tuple[Any, ...]], as_json: bool) -> int:
    statuses: list[NormalizedStatus] = []
    try:
        if room.batch and callable(getattr(vendor, "get_statuses", None)):
            statuses = list(vendor.get_statuses([scan[0] for scan in scans]))
        else:
            statuses = [vendor.get_status(*scan) for scan in scans]
    except ScanStatusError as err:
        return report_error(err, as_json)
    for status in statuses:
        emit(json.dumps(status.to_json()) if as_json else line(status))
    return worst([EXIT_FOR_STATE[status.state] for status in statuses])


def _wait(
    vendor: Any, scans: list[tuple[Any, ...]], as_json: bool, arguments: dict[str, Any]
) -> int:
    policy = WaitPolicy(
        interval=arguments["interval"],
        max_interval=max(arguments["interval"], 30.0),
        timeout=arguments["timeout"],
        on_unknown="stop" if arguments["stop_on_unknown"] else "poll",
    )
    with Display(scans, as_json) as display:
        results = vendor.wait_all(
            scans,
            policy=policy,
            concurrency=arguments["concurrency"],
            on_update=display.update,
        )
    return worst([_result_exit(result, as_json) for result in results])


def _result_exit(result: WaitResult, as_json: bool) -> int:
    scan = str(result.ids[-1])
    if result.error is not None:
        if result.status is not None and not as_json:
            emit(line(result.status))
        return report_error(result.error, as_json, scan)
    assert result.status is not None
    if not as_json:
        emit(line(result.status))
    if result.status.state is ScanState.UNKNOWN:
        report_unknown(result.status)
    return EXIT_FOR_STATE[result.status.state]


def _id_help(param: IdParam) -> str:
    """An id's help: its format and its room's sample."""
    return f"{param.described[0].upper()}{param.described[1:]}."


def _vendor_commands(room: Room, get_app: typer.Typer, wait_app: typer.Typer) -> None:
    """`get <key>` and `wait <key>` for a vendor with a status to read, from its room."""
    *leading, last = room.ids
    scan_parameters = [
        inspect.Parameter(
            param.name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            annotation=Annotated[
                param.type, typer.Argument(metavar=param.name.upper(), help=_id_help(param))
            ],
        )
        for param in leading
    ]
    scan_parameters.append(
        inspect.Parameter(  # the last id may repeat: several scans at once
            last.name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            annotation=Annotated[
                list[int] if last.type is int else list[str],
                typer.Argument(
                    metavar=f"{last.name.upper()}...", show_default=False, help=_id_help(last)
                ),
            ],
        )
    )
    options = [
        inspect.Parameter(
            "base_url", inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[str, _url(room.key)]
        ),
        *(
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[str, _secret(room.key, name)],
            )
            for name in room.credentials
        ),
        *(  # the room's own choices (Cortex's --key-kind), the first the default
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                default=choices[0],
                # a Literal of the room's choices: typer offers exactly those
                annotation=Annotated[
                    Literal.__getitem__(tuple(choices)),
                    _setting(room.key, name, choices),
                ],
            )
            for name, choices in room.settings.items()
        ),
        inspect.Parameter(
            "as_json", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=Json
        ),
        *(
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind
            )
            for name, default, kind in NETWORK
        ),
    ]
    waiting = [
        inspect.Parameter(
            "timeout", inspect.Parameter.KEYWORD_ONLY, default=600.0, annotation=Timeout
        ),
        inspect.Parameter(
            "interval", inspect.Parameter.KEYWORD_ONLY, default=2.0, annotation=Interval
        ),
        inspect.Parameter(
            "stop_on_unknown",
            inspect.Parameter.KEYWORD_ONLY,
            default=False,
            annotation=StopOnUnknown,
        ),
        inspect.Parameter(
            "concurrency", inspect.Parameter.KEYWORD_ONLY, default=8, annotation=Concurrency
        ),
    ]

    def scans(arguments: dict[str, Any]) -> list[tuple[Any, ...]]:
        fixed = tuple(arguments[param.name] for param in leading)
        return [(*fixed, scan) for scan in arguments[last.name]]

    def adapter(arguments: dict[str, Any]) -> Any:
        credentials = {name: arguments[name] for name in room.credentials}
        settings = {name: arguments[name] for name in room.settings}
        try:
            return adapters.create(
                room.key,
                base_url=arguments["base_url"],
                **credentials,
                **settings,
                **network(arguments),
            )
        except (OSError, ValueError) as err:  # a CA bundle or client certificate that is no PEM
            raise typer.BadParameter(f"could not set up the connection: {err}") from None
        except ScanStatusError as err:  # refused before any request (a proxy that would see keys)
            raise typer.Exit(report_error(err, arguments["as_json"])) from None

    def get(**arguments: Any) -> None:
        with interruptible(), logs_on_stderr(arguments["verbose"]), adapter(arguments) as vendor:
            code = _get(vendor, room, scans(arguments), arguments["as_json"])
        raise typer.Exit(code)

    def wait(**arguments: Any) -> None:
        with interruptible(), logs_on_stderr(arguments["verbose"]), adapter(arguments) as vendor:
            code = _wait(vendor, scans(arguments), arguments["as_json"], arguments)
        raise typer.Exit(code)

    for command, parameters, group, text in (
        (get, [*scan_parameters, *options], get_app, f"{room.name}: {room.summary}."),
        (
            wait,
            [*scan_parameters, *options, *waiting],
            wait_app,
            f"{room.name}: wait until {room.summary} is final; several scans at once share "
            "one deadline, shown as a live table on a terminal.",
        ),
    ):
        command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        command.__annotations__ = {}
        command.__doc__ = text
        group.command(room.key, help=text)(command)


def states(
    as_json: Json = False,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="A markdown table even on a terminal.")
    ] = False,
) -> None:
    """The mapping from every vendor's status values to ScanState (with map_status's rows)."""
    tables = {
        key: {**vendors.mapping_of(key), **overrides.process_rows(key)} for key in vendors.known()
    }
    if as_json:
        table = {
            v: {value: m.state.value for value, m in rows.items()} for v, rows in tables.items()
        }
        emit(json.dumps(table, indent=2))
        return
    from rich.console import Console  # deferred: --json and plain output need no rich

    console = Console()
    if markdown or not console.is_terminal:
        emit(mapping.markdown_table(tables))
        return
    from rich.table import Table  # deferred, as Console above
    from rich.text import Text  # deferred, as Console above

    # The markdown table's columns, on a terminal too; cells are text, never markup.
    columns = ("vendor", "vendor value", "ScanState", "documented", "why")
    shown = Table(*columns, title="status mapping")
    for vendor, rows in tables.items():
        for value, row in rows.items():
            cells = (vendor, value, row.state.value, mapping.documented_text(row), row.reason)
            shown.add_row(*(Text(neutral(cell)) for cell in cells))
    console.print(shown)


def _print_version(asked: bool) -> None:
    if asked:
        from scan_status import __version__  # deferred: read from the installed metadata

        emit(f"scan-status {__version__}")
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
    app = typer.Typer(
        help=SUMMARY,
        no_args_is_help=True,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},  # the subcommands' too
    )
    app.callback()(_options)
    get_app = typer.Typer(
        help="Read scans' statuses once.", no_args_is_help=True, rich_markup_mode="rich"
    )
    wait_app = typer.Typer(
        help="Poll until the scans succeed, fail or are cancelled.",
        no_args_is_help=True,
        rich_markup_mode="rich",
    )
    app.add_typer(get_app, name="get")
    app.add_typer(wait_app, name="wait")
    app.command()(states)
    for room in vendors.rooms():
        if room.ids:
            _vendor_commands(room, get_app, wait_app)
    return app


class _PlainArgument(typer.core.TyperArgument):
    """An argument shown as APP_ID in the usage line (typer writes required ones as {APP_ID})."""

    def make_metavar(self, ctx: Any, *, usage: bool = False) -> str:
        return self.metavar or (self.name or "").upper()


# How help names an argument's type (typer shows the Python type: <int>, <str>).
TYPE_WORDS = {"int": "integer", "str": "text", "integer": "integer", "text": "text"}


class _WordMetavar:
    """A type shown by a word in help ("integer"), not by its Python name."""

    name: str

    def get_metavar(self, *args: Any, **kwargs: Any) -> str:
        return TYPE_WORDS.get(self.name, self.name)


def _plain_usage(command: Any) -> Any:
    for param in command.params:
        if isinstance(param, typer.core.TyperArgument) and param.metavar:
            param.__class__ = _PlainArgument
            kind = type(param.type)  # a copy: typer shares one instance (INT) among params
            param.type = copy.copy(param.type)
            param.type.__class__ = type(f"Plain{kind.__name__}", (_WordMetavar, kind), {})
    for sub in getattr(command, "commands", {}).values():
        _plain_usage(sub)
    return command


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line; its exit code. A closed pipe ends it quietly (141), a write that
    fails (a full disk) with one line on stderr (8), never a traceback."""
    try:
        command = _plain_usage(typer.main.get_command(build_app()))
        try:
            command.main(args=list(argv) if argv is not None else None, prog_name="scan-status")
        except SystemExit as done:  # click ends every run so, usage errors (2) included
            return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        return 0
    except OutputClosed:
        quiet_stdout()
        return EXIT_PIPE
    except OutputFailed as err:
        quiet_stdout()
        emit(f"error: could not write the output: {err}", err=True, quiet=True)
        return EXIT_OUTPUT
