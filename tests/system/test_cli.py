"""The scan-status command against real servers on 127.0.0.1.

Most tests run the command in this process (`run`, what the entry point calls) and read what it
printed and the code it returned; a test about the process itself (a terminal, a closed pipe, a
full disk, Ctrl-C, what it imports at start-up) runs `python -m scan_status` as a user would.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scan_status import vendors
from scan_status.mapping import markdown_table
from tests.support.cli_runs import cli, on_a_terminal
from tests.support.http_server import ScriptedServer, scripted_server
from tests.support.rooms import READABLE
from tests.support.vendor_answers import (
    SECRET,
    TF_PATH,
    UNMAPPED,
    protecto_item,
    threadfix_body,
)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


def tf_args(server: ScriptedServer, command: str = "get") -> list[str]:
    return [command, "threadfix", "6", "41", "--base-url", f"{server.base_url}/threadfix"]


@pytest.mark.parametrize(
    ("phase", "code"),
    [
        ("DONE", 0),
        ("SCAN_INTERRUPTED", 1),
        ("SCAN_DELETED", 3),
        ("UPLOADED", 5),
        (UNMAPPED, 6),
    ],
)
def test_get_exit_code_says_the_state(server: ScriptedServer, phase: str, code: int) -> None:
    server.answer("GET", TF_PATH, 200, threadfix_body(phase))
    done = cli(*tf_args(server), "--json", env={"SCAN_STATUS_THREADFIX_API_KEY": SECRET})
    assert done.returncode == code, done.stderr
    printed = json.loads(done.stdout)
    assert (
        printed["raw"] == phase and printed["vendor"] == "threadfix" and printed["scan_id"] == "41"
    )
    assert server.requests[0].headers["Authorization"] == f"APIKEY {SECRET}"


def test_get_plain_line_for_people(server: ScriptedServer) -> None:
    server.answer(
        "PUT",
        "/data-scan-status",
        200,
        {
            "data": [protecto_item("a", "SUCCESS "), protecto_item("b", "IN-PROGRESS")],
            "success": "true",
        },
    )
    done = cli("get", "protecto", "a", "b", "--base-url", server.base_url, "--token", SECRET)
    assert done.stdout.splitlines() == [
        "protecto a: SUCCEEDED (vendor said 'SUCCESS ')",
        "protecto b: RUNNING (vendor said 'IN-PROGRESS')",
    ]
    assert done.returncode == 5, "one scan is still running"
    assert SECRET not in done.stdout + done.stderr


def test_errors_exit_7_and_never_echo_the_key(server: ScriptedServer) -> None:
    server.answer("GET", TF_PATH, 401, {"message": "Authentication failed", "success": False})
    done = cli(*tf_args(server), "--api-key", SECRET)
    assert done.returncode == 7
    assert done.stderr.strip() == "error: threadfix answered HTTP 401: Authentication failed"
    assert SECRET not in done.stdout + done.stderr


def test_wait_prints_each_change_and_ends_with_the_result(server: ScriptedServer) -> None:
    for phase in ("QUEUED", "QUEUED", "CHANNEL_MERGING", "DONE"):
        server.answer("GET", TF_PATH, 200, threadfix_body(phase))
    done = cli(*tf_args(server, "wait"), "--api-key", SECRET, "--interval", "0.5")
    assert done.returncode == 0, done.stderr
    assert [line.split(":")[1].split("(")[0].strip() for line in done.stderr.splitlines()] == [
        "PENDING",
        "RUNNING",
        "SUCCEEDED",
    ]
    assert done.stdout.startswith("threadfix 41: SUCCEEDED (vendor said 'DONE')")


def test_wait_timeout_exits_4_with_the_last_status(server: ScriptedServer) -> None:
    server.answer("GET", TF_PATH, 200, threadfix_body("LINKING_DEFECTS"))
    done = cli(
        *tf_args(server, "wait"),
        "--api-key",
        SECRET,
        "--interval",
        "0.5",
        "--timeout",
        "1",
        "--json",
    )
    assert done.returncode == 4
    *statuses, error = [json.loads(line) for line in done.stdout.splitlines()]
    assert [status["raw"] for status in statuses] == ["LINKING_DEFECTS"], "one object per change"
    assert error["exit_code"] == 4 and "not finished after 1s" in error["error"]
    assert error["scan_id"] == "41"


def test_wait_on_a_terminal_shows_a_live_display(server: ScriptedServer) -> None:
    server.answer("GET", TF_PATH, 200, threadfix_body("FINDINGS_GENERATING"))
    server.answer("GET", TF_PATH, 200, threadfix_body("FINDINGS_GENERATING"))
    server.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
    code, text = on_a_terminal(
        *tf_args(server, "wait"), "--api-key", SECRET, "--interval", "0.5", timeout=30
    )
    assert code == 0
    assert "\x1b[" in text, "a terminal gets an animated, coloured display"
    assert "'FINDINGS_GENERATING'" in text and "vendor said" in text and "polls" in text
    assert "threadfix 41: SUCCEEDED" in text
    assert SECRET not in text
    assert not re.search(r"\w+\.py:\d+", text), "no source location on the live lines"


def test_states_prints_the_mapping() -> None:
    done = cli("states")  # not a terminal: markdown, for a README
    assert done.returncode == 0 and done.stdout.strip() == markdown_table()
    table: dict[str, Any] = json.loads(cli("states", "--json").stdout)
    assert table["threadfix"]["SCAN_QUEUED_FOR_DELETE"] == "CANCELLED"


@pytest.mark.parametrize("vendor", READABLE)
def test_every_vendor_with_a_status_has_get_and_wait(vendor: str) -> None:
    room = vendors.get(vendor)
    for command in ("get", "wait"):
        help_text = cli(command, vendor, "--help").stdout
        assert room.name in help_text
        for name in room.credentials:  # each credential: an option and its environment variable
            assert f"--{name.replace('_', '-')}" in help_text
            assert f"SCAN_STATUS_{vendor.upper()}_{name.upper()}" in help_text
        for param in room.ids:  # each id: its format, with its room's sample
            assert str(param.sample) in help_text, (param, help_text)
    assert cli("get", vendor).returncode == 2, "its ids are required"


def test_a_vendor_without_a_status_to_read_has_no_command() -> None:
    silent = [room.key for room in vendors.rooms() if not room.ids]
    assert silent == ["neostra"]
    assert cli("get", "neostra").returncode == 2


def test_help_documents_exit_codes_and_env_vars() -> None:
    assert "4 timed out waiting" in cli("--help").stdout
    help_text = cli("get", "cortex", "--help").stdout
    assert "SCAN_STATUS_CORTEX_API_KEY_ID" in help_text and "Never printed." in help_text
    assert cli("get", "threadfix", "6").returncode == 2


def test_cortex_advanced_key_from_the_environment() -> None:
    """--key-kind / SCAN_STATUS_CORTEX_KEY_KIND: the mock checks the hash; the key is not sent."""
    from scan_status.testing import MockServer, status

    with MockServer("cortex") as mock:
        mock.script("789", [status("Scan is in Running state")])
        env = {
            "SCAN_STATUS_CORTEX_API_KEY": mock.credentials["api_key"],
            "SCAN_STATUS_CORTEX_API_KEY_ID": mock.credentials["api_key_id"],
            "SCAN_STATUS_CORTEX_KEY_KIND": "advanced",
        }
        done = cli("get", "cortex", "789", "--base-url", mock.base_url, "--json", env=env)
        assert done.returncode == 5, done.stderr  # running: not finished yet
        assert json.loads(done.stdout)["raw"] == "Scan is in Running state"
        sent = mock.requests[-1].headers
        assert len(sent["x-xdr-nonce"]) == 64
        assert sent["authorization"] != mock.credentials["api_key"]
        wrong = cli(
            "get",
            "cortex",
            "789",
            "--base-url",
            mock.base_url,
            env={**env, "SCAN_STATUS_CORTEX_API_KEY": "x"},
        )
        assert wrong.returncode == 7


@pytest.fixture
def threadfix_mock() -> Iterator[Any]:
    from scan_status.testing import MockServer

    with MockServer("threadfix") as mock:
        yield mock


def mock_args(mock: Any, command: str, *ids: str) -> list[str]:
    return [command, "threadfix", "6", *ids, "--base-url", mock.base_url, "--api-key", "test-key"]


def test_states_on_a_terminal_is_a_table_and_markdown_when_asked() -> None:
    code, screen = on_a_terminal("states")
    assert code == 0
    assert "|---|" not in screen, "no raw markdown on a terminal"
    assert "SCAN_QUEUED_FOR_DELETE" in screen and "ScanState" in screen and "┃" in screen
    code, screen = on_a_terminal("states", "--markdown")
    assert code == 0 and markdown_table().splitlines()[0] in screen


def usage_line(help_text: str) -> str:
    return next(line.strip() for line in help_text.splitlines() if "Usage:" in line)


def test_usage_line_names_the_ids_plainly() -> None:
    usage = usage_line(cli("wait", "threadfix", "--help").stdout)
    assert usage == "Usage: scan-status wait threadfix [OPTIONS] APP_ID PENDING_SCAN_ID..."
    assert "{" not in usage_line(cli("get", "protecto", "--help").stdout)


@pytest.mark.parametrize("vendor", READABLE)
def test_help_is_readable_and_offers_every_settings_choices(vendor: str) -> None:
    """-h as --help; metavars in words (URL, SECONDS), never Python's types or sets; each of
    the room's settings offered as its choices."""
    room = vendors.get(vendor)
    for command in ("get", "wait"):
        long, short = cli(command, vendor, "--help"), cli(command, vendor, "-h")
        assert long.returncode == short.returncode == 0
        assert long.stdout == short.stdout
        text = long.stdout
        for python in ("<int>", "<str>", "<float>", "<list", "<function>", "{'", "{APP"):
            assert python not in text, f"`{command} {vendor} --help` shows {python}"
        assert "--base-url" in text and " URL " in text
        for name, choices in room.settings.items():
            assert f"--{name.replace('_', '-')}" in text
            assert f"One of: {', '.join(choices)}." in text
        for flag in ("--proxy", "--ca-bundle", "--client-cert", "--verbose"):
            assert flag in text
        assert "-v " in text and "-h " in text
    assert "╭─" in cli("--help").stdout, "rich help, in panels"
    assert cli("-h").stdout == cli("--help").stdout


def test_help_fits_an_80_column_terminal_without_cutting_a_word() -> None:
    """Every command's help at 80 columns: rich wraps it, and cuts nothing with an ellipsis
    (an environment variable's name, an option's)."""
    commands = [["--help"], ["states", "--help"]] + [
        [command, vendor, "--help"] for vendor in READABLE for command in ("get", "wait")
    ]
    for args in commands:
        done = cli(*args, env={"COLUMNS": "80"})
        assert done.returncode == 0
        assert max(len(line) for line in done.stdout.splitlines()) <= 80
        assert "…" not in done.stdout, f"`{' '.join(args)}` cut: {done.stdout}"


@pytest.mark.parametrize(
    ("vendor", "setting"),
    [(room.key, name) for room in vendors.rooms() if room.ids for name in room.settings],
)
def test_a_setting_outside_its_choices_is_a_usage_error(
    server: ScriptedServer, vendor: str, setting: str
) -> None:
    room = vendors.get(vendor)
    ids = ["1"] * len(room.ids)
    credentials = [arg for name in room.credentials for arg in (f"--{name.replace('_', '-')}", "x")]
    flag = f"--{setting.replace('_', '-')}"
    done = cli("get", vendor, *ids, "--base-url", server.base_url, *credentials, flag, "2025")
    assert done.returncode == 2
    assert "'2025' is not one of" in done.stderr and flag in done.stderr
    assert all(repr(choice) in done.stderr for choice in room.settings[setting])
    assert server.requests == [], "nothing was sent"


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--base-url", "not a url", "--base-url"),
        ("--base-url", "ftp://host/threadfix", "http:// or https://"),
        ("--timeout", "nan", "finite"),
        ("--timeout", "inf", "finite"),
        ("--timeout", "0", "above 0"),
        ("--interval", "-1", "above 0"),
        ("--interval", "0", "above 0"),
        ("--interval", "0.01", "at least 0.5"),
        ("--concurrency", "0", "--concurrency"),
    ],
)
def test_bad_input_is_a_usage_error_before_any_request(
    server: ScriptedServer, option: str, value: str, said: str
) -> None:
    args = [*tf_args(server, "wait"), "--api-key", SECRET]
    at = args.index("--base-url")
    if option == "--base-url":
        args[at + 1] = value
    else:
        args += [option, value]
    done = cli(*args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert said in done.stderr and "Traceback" not in done.stderr
    assert server.requests == [], "nothing was sent"


def test_wait_json_prints_one_object_per_status_change(threadfix_mock: Any) -> None:
    from scan_status.testing import status

    threadfix_mock.script(41, [status(v) for v in ("QUEUED", "QUEUED", "UPLOADED", "DONE")])
    done = cli(*mock_args(threadfix_mock, "wait", "41"), "--json", "--interval", "0.5")
    assert done.returncode == 0, done.stderr
    printed = [json.loads(line) for line in done.stdout.splitlines()]
    assert [p["raw"] for p in printed] == ["QUEUED", "UPLOADED", "DONE"]
    assert printed[-1]["terminal"] is True and len(threadfix_mock.requests) == 4


def test_errors_under_json_are_json_on_stdout(threadfix_mock: Any) -> None:
    from scan_status.testing import not_found, unauthorized

    threadfix_mock.script(41, unauthorized())  # a single step, not a list
    done = cli(*mock_args(threadfix_mock, "get", "41"), "--json")
    assert done.returncode == 7
    error = json.loads(done.stdout)
    # ThreadFix refuses a key inside an HTTP 200 envelope; the CLI reports the refusal.
    assert error["exit_code"] == 7 and error["error"].startswith("threadfix answered HTTP")
    threadfix_mock.script(42, not_found())
    waited = cli(*mock_args(threadfix_mock, "wait", "42"), "--json", "--interval", "0.5")
    assert waited.returncode == 7
    last = json.loads(waited.stdout.splitlines()[-1])
    assert set(last) == {"error", "exit_code", "scan_id"}
    assert (last["exit_code"], last["scan_id"]) == (7, "42")
    assert last["error"].startswith("threadfix answered HTTP")


def test_wait_on_an_unmapped_status_exits_6_naming_it(threadfix_mock: Any) -> None:
    from scan_status.testing import status

    threadfix_mock.script(41, status("SCAN_ARCHIVED"))
    late = cli(*mock_args(threadfix_mock, "wait", "41"), "--interval", "0.5", "--timeout", "1.2")
    assert late.returncode == 6, late.stderr
    assert "timed out on a status nobody mapped: threadfix said 'SCAN_ARCHIVED'" in late.stderr
    assert "scan_status.map_status('threadfix', 'SCAN_ARCHIVED'" in late.stderr
    polls = len(threadfix_mock.requests)
    assert polls >= 2, "by default it keeps polling"
    first = cli(*mock_args(threadfix_mock, "wait", "41"), "--stop-on-unknown", "--interval", "0.5")
    assert first.returncode == 6
    assert len(threadfix_mock.requests) == polls + 1, "stopped at the first unknown"
    assert "threadfix 41: UNKNOWN (vendor said 'SCAN_ARCHIVED')" in first.stdout


def test_wait_takes_several_scans_and_exits_with_the_worst(threadfix_mock: Any) -> None:
    from scan_status.testing import lifecycle, status

    threadfix_mock.script(1, lifecycle("threadfix", running_polls=1))
    threadfix_mock.script(2, [status("QUEUED"), status("SCAN_INTERRUPTED")])
    threadfix_mock.script(3, status("SCAN_DELETED"))
    done = cli(*mock_args(threadfix_mock, "wait", "1", "2", "3"), "--interval", "0.5")
    assert done.returncode == 1, "one failed: the worst of 0, 1, 3"
    assert sorted(done.stdout.splitlines()) == [
        "threadfix 1: SUCCEEDED (vendor said 'DONE') - Scan Processing Completed. Statistics Update Queued.",
        "threadfix 2: FAILED (vendor said 'SCAN_INTERRUPTED') - processing was interrupted",
        "threadfix 3: CANCELLED (vendor said 'SCAN_DELETED') - Scan Deleted.",
    ]


def test_wait_shows_a_live_table_of_several_scans(threadfix_mock: Any) -> None:
    from scan_status.testing import lifecycle

    for scan in (7, 8):
        threadfix_mock.script(scan, lifecycle("threadfix", running_polls=2))
    code, screen = on_a_terminal(*mock_args(threadfix_mock, "wait", "7", "8"), "--interval", "0.5")
    assert code == 0
    assert "waiting for the vendor" in screen and "┏" in screen and "polls" in screen
    assert "threadfix 7: SUCCEEDED" in screen and "threadfix 8: SUCCEEDED" in screen
    assert not re.search(r"\w+\.py:\d+", screen)


def test_a_closed_pipe_ends_quietly_with_141(threadfix_mock: Any) -> None:
    from scan_status.testing import status

    steps = [status(v) for v in ("QUEUED", "UPLOADED", "FINDINGS_GENERATING", "CHANNEL_MERGING")]
    threadfix_mock.script(41, [*steps, status("DONE")])
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scan_status",
            *mock_args(threadfix_mock, "wait", "41"),
            "--json",
            "--interval",
            "0.5",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert json.loads(process.stdout.readline())["raw"] == "QUEUED"  # `| head -1`
    process.stdout.close()
    assert process.wait(timeout=60) == 141
    assert process.stderr.read() == b"", "no traceback, no message"


def test_a_full_disk_is_one_line_and_exit_8(threadfix_mock: Any) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("this system has no /dev/full")
    from scan_status.testing import status

    threadfix_mock.script(41, status("DONE"))
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "scan_status", *mock_args(threadfix_mock, "get", "41")],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )
    assert done.returncode == 8
    assert done.stderr == "error: could not write the output: No space left on device\n"


def as_at_a_terminal() -> None:
    """A child's SIGINT as a person's shell gives it (default), even when this run inherited it
    ignored (a non-interactive shell's background job ignores SIGINT, and a Python started so
    never raises KeyboardInterrupt, as Unix asks of a job started that way)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_ends_a_wait_with_130_not_failed(threadfix_mock: Any) -> None:
    import signal

    from scan_status.testing import status

    threadfix_mock.script(41, status("FINDINGS_GENERATING"))
    process = subprocess.Popen(
        [sys.executable, "-m", "scan_status", *mock_args(threadfix_mock, "wait", "41"), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=as_at_a_terminal,
    )
    assert process.stdout is not None and process.stderr is not None
    assert json.loads(process.stdout.readline())["raw"] == "FINDINGS_GENERATING"  # it is waiting
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 130
    assert b"Traceback" not in process.stderr.read()


def test_ctrl_c_with_a_request_in_flight_exits_at_once(threadfix_mock: Any) -> None:
    """A vendor that holds the request: SIGINT still ends the wait within a bound a loaded
    machine keeps (it waited for the request's own timeout, 15 s, before), with 130."""
    import signal
    import time

    from scan_status.testing import slow

    threadfix_mock.script(41, slow(60.0, "QUEUED"))
    process = subprocess.Popen(
        [sys.executable, "-m", "scan_status", *mock_args(threadfix_mock, "wait", "41")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=as_at_a_terminal,
    )
    started = time.monotonic()
    while not threadfix_mock.requests:  # the request has reached the vendor, who holds it
        assert time.monotonic() - started < 30 and process.poll() is None
        time.sleep(0.05)
    time.sleep(0.3)
    interrupted = time.monotonic()
    process.send_signal(signal.SIGINT)
    code = process.wait(timeout=30)
    took = time.monotonic() - interrupted
    assert code == 130
    assert took < 3.0, f"exited {took:.1f} s after Ctrl-C"
    assert process.stderr is not None
    err = process.stderr.read().decode()
    assert err.strip().splitlines()[-1] == "interrupted" and "Traceback" not in err


def test_the_live_tables_title_says_when_all_are_done(threadfix_mock: Any) -> None:
    from scan_status.testing import lifecycle

    for scan in (7, 8):
        threadfix_mock.script(scan, lifecycle("threadfix", running_polls=1))
    code, screen = on_a_terminal(*mock_args(threadfix_mock, "wait", "7", "8"), "--interval", "0.5")
    assert code == 0
    last_frame = screen[screen.rindex("┏") - 400 :]
    assert "done: all 2 scans finished" in last_frame
    assert "waiting for the vendor" not in screen[screen.rindex("done: all 2 scans") :]
    assert "waiting for the vendor" in screen, "while it waited, it said so"


def test_states_on_a_terminal_shows_the_documented_column() -> None:
    code, screen = on_a_terminal("states")
    assert code == 0
    assert "documented" in screen
    rows = [row for rows in markdown_table().splitlines()[2:] for row in [rows.split(" | ")]]
    assert {row[3] for row in rows} <= {"yes", "no: analogy"}
    for answer in {row[3] for row in rows}:
        assert answer in screen, f"the column's {answer!r} shows on a terminal"


def test_json_output_starts_without_rich(threadfix_mock: Any) -> None:
    """--json prints no table, so the command imports no rich: nor through httpx, whose own
    command line (rich, pygments, click) it imports whenever they are installed."""
    from scan_status.testing import status

    threadfix_mock.script(41, status("DONE"))
    for command in ("get", "wait"):
        done = subprocess.run(
            [
                sys.executable,
                "-X",
                "importtime",
                "-m",
                "scan_status",
                *mock_args(threadfix_mock, command, "41"),
                "--json",
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout.splitlines()[-1])["raw"] == "DONE"
        imported = {
            line.rsplit("|", 1)[-1].strip()
            for line in done.stderr.splitlines()
            if line.startswith("import time:")
        }
        assert {"httpx", "typer"} <= imported, "the command ran (and -X importtime listed it)"
        heavy = sorted(name for name in imported if name.partition(".")[0] in ("rich", "pygments"))
        assert heavy == [], f"`{command} --json` imported {heavy}"


@pytest.fixture
def tls_vendor(tmp_path: Path) -> Iterator[tuple[ScriptedServer, Path]]:
    """A ThreadFix on HTTPS whose certificate a private CA issued, and that CA's PEM file."""
    import ssl

    import trustme

    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    with scripted_server(tls=context) as running:
        running.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
        yield running, bundle


def test_ca_bundle_is_the_trust_for_the_vendors_certificate(
    tls_vendor: tuple[ScriptedServer, Path], tmp_path: Path
) -> None:
    server, bundle = tls_vendor
    args = [*tf_args(server), "--api-key", SECRET]
    untrusted = cli(*args)
    assert untrusted.returncode == 7 and "CERTIFICATE_VERIFY_FAILED" in untrusted.stderr
    assert server.requests == [], "nothing sent over a connection nobody trusts"
    trusted = cli(*args, "--ca-bundle", str(bundle))
    assert trusted.returncode == 0, trusted.stderr
    assert trusted.stdout.startswith("threadfix 41: SUCCEEDED")
    missing = cli(*args, "--ca-bundle", str(tmp_path / "nowhere.pem"))
    assert missing.returncode == 2 and "--ca-bundle" in missing.stderr
    (tmp_path / "junk.pem").write_text("not a certificate")
    junk = cli(*args, "--ca-bundle", str(tmp_path / "junk.pem"))
    assert junk.returncode == 2 and "Traceback" not in junk.stderr, junk.stderr


@pytest.fixture
def mutual_tls(tmp_path: Path) -> Iterator[tuple[ScriptedServer, Path, Path]]:
    """A ThreadFix on HTTPS that refuses any client without a certificate from its CA; the CA's
    PEM, and a client certificate with its key in one PEM."""
    import ssl

    import trustme

    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    authority.configure_trust(context)
    context.verify_mode = ssl.CERT_REQUIRED
    bundle, client = tmp_path / "ca.pem", tmp_path / "client.pem"
    authority.cert_pem.write_to_path(str(bundle))
    authority.issue_cert("cli@example.com").private_key_and_cert_chain_pem.write_to_path(
        str(client)
    )
    with scripted_server(tls=context) as running:
        running.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
        yield running, bundle, client


def test_client_cert_is_presented_to_a_vendor_that_requires_one(
    mutual_tls: tuple[ScriptedServer, Path, Path],
) -> None:
    server, bundle, client = mutual_tls
    args = [*tf_args(server), "--api-key", SECRET, "--ca-bundle", str(bundle)]
    refused = cli(*args)
    assert refused.returncode == 7, refused.stderr
    done = cli(*args, "--client-cert", str(client))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("threadfix 41: SUCCEEDED")
    junk = cli(*args, "--client-cert", str(bundle))  # a certificate without its key
    assert junk.returncode == 2 and "Traceback" not in junk.stderr, junk.stderr


def test_verbose_logs_every_attempt_on_stderr(server: ScriptedServer) -> None:
    """-v: the scan_status loggers' DEBUG line of each attempt on stderr, the key never in it;
    without it, their warnings only (a retry decision)."""
    server.answer("GET", TF_PATH, 503, {"message": "busy"})
    server.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
    args = [*tf_args(server), "--api-key", SECRET]
    verbose = cli(*args, "-v")
    assert verbose.returncode == 0, verbose.stderr
    debug = [line for line in verbose.stderr.splitlines() if line.startswith("DEBUG scan_status")]
    assert len(debug) == 2, verbose.stderr  # one line per attempt
    assert all(f"GET {server.base_url}{TF_PATH}" in line for line in debug)
    assert "503" in debug[0] and "attempt 1" in debug[0] and "attempt 2" in debug[1]
    assert SECRET not in verbose.stdout + verbose.stderr
    server.answers.clear()
    server.answer("GET", TF_PATH, 503, {"message": "busy"})
    server.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
    quiet = cli(*args)
    assert quiet.returncode == 0
    assert not [line for line in quiet.stderr.splitlines() if line.startswith("DEBUG")]
    warnings = [
        line for line in quiet.stderr.splitlines() if line.startswith("WARNING scan_status")
    ]
    assert len(warnings) == 1 and "retrying" in warnings[0], quiet.stderr
    assert quiet.stdout == verbose.stdout, "the result is the same, on stdout"


def test_proxy_carries_every_request_as_the_environment_would(
    tls_vendor: tuple[ScriptedServer, Path], tmp_path: Path
) -> None:
    """--proxy URL, and $HTTPS_PROXY without it: a real forward proxy (proxy.py) tunnels the
    HTTPS requests (CONNECT); to a plain-http vendor the key would cross in clear: refused."""
    from tests.support.forward_proxy import forward_proxy

    server, bundle = tls_vendor
    port = server.base_url.rsplit(":", 1)[1]
    args = [*tf_args(server), "--api-key", SECRET, "--ca-bundle", str(bundle)]
    with forward_proxy(tmp_path) as proxy:
        done = cli(*args, "--proxy", proxy.url)
        assert done.returncode == 0, done.stderr
        assert proxy.wait_for(f"CONNECT 127.0.0.1:{port}"), "the proxy carried it"
        tunnels = len(proxy.wait_for("CONNECT"))
        from_env = cli(*args, env={"HTTPS_PROXY": proxy.url, "NO_PROXY": ""})
        assert from_env.returncode == 0, from_env.stderr
        deadline = time.monotonic() + 10
        while len(proxy.wait_for("CONNECT")) == tunnels and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(proxy.wait_for("CONNECT")) == tunnels + 1, "$HTTPS_PROXY honoured"
        with scripted_server() as plain:
            plain.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
            refused = cli(*tf_args(plain), "--api-key", SECRET, "--proxy", proxy.url)
            assert refused.returncode == 2 and "Traceback" not in refused.stderr
            assert "is plain http" in refused.stderr, refused.stderr
            assert plain.requests == [] and SECRET not in refused.stderr
            allowed = [*tf_args(plain), "--api-key", SECRET, "--proxy", proxy.url]
            sent = cli(*allowed, "--plaintext-proxy")
            assert sent.returncode == 0, sent.stderr
            assert proxy.wait_for(f"GET 127.0.0.1:{plain.base_url.rsplit(':', 1)[1]}/threadfix")
    bad = cli(*args, "--proxy", "not a url")
    assert bad.returncode == 2 and "--proxy" in bad.stderr
