"""The scan-status command, run as a user would, against real servers on 127.0.0.1."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from scan_status import vendors
from scan_status.mapping import markdown_table
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


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scan_status", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        timeout=60,
    )


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
    done = cli(*tf_args(server, "wait"), "--api-key", SECRET, "--interval", "0.01")
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
        "0.05",
        "--timeout",
        "0.3",
        "--json",
    )
    assert done.returncode == 4
    assert json.loads(done.stdout)["raw"] == "LINKING_DEFECTS"
    assert "timed out" in done.stderr


def test_wait_on_a_terminal_shows_a_live_display(server: ScriptedServer) -> None:
    server.answer("GET", TF_PATH, 200, threadfix_body("FINDINGS_GENERATING"))
    server.answer("GET", TF_PATH, 200, threadfix_body("FINDINGS_GENERATING"))
    server.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scan_status",
            *tf_args(server, "wait"),
            "--api-key",
            SECRET,
            "--interval",
            "0.2",
        ],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "120"},
    )
    os.close(follower)
    screen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        try:
            chunk = os.read(leader, 4096) if ready else b""
        except OSError:
            chunk = b""
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    assert process.wait(timeout=30) == 0
    text = screen.decode(errors="replace")
    assert "\x1b[" in text, "a terminal gets an animated, coloured display"
    assert "RUNNING (vendor said 'FINDINGS_GENERATING')" in text
    assert "poll 2" in text
    assert "threadfix 41: SUCCEEDED" in text
    assert SECRET not in text


def test_states_prints_the_mapping() -> None:
    done = cli("states")
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
    assert cli("get", vendor).returncode == 2, "its ids are required"


def test_a_vendor_without_a_status_to_read_has_no_command() -> None:
    silent = [room.key for room in vendors.rooms() if not room.ids]
    assert silent == ["neostra"]
    assert cli("get", "neostra").returncode == 2


def test_help_documents_exit_codes_and_env_vars() -> None:
    assert "4 timed out waiting" in cli("--help").stdout
    help_text = cli("get", "cortex", "--help").stdout
    assert "SCAN_STATUS_CORTEX_API_KEY_ID" in help_text and "never printed" in help_text
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
