"""Vendor text reaching the terminal (issue 21 item 3): what a hostile vendor on 127.0.0.1 sends
as a status, a message or an error is shown escaped and never obeyed (no escape sequence, no
forged line, no rich markup, no encoding error), in plain output and on a pseudo-terminal;
`--json` keeps it exact."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from scan_status.output import neutral
from tests.support.cli_runs import as_a_process, on_a_terminal
from tests.support.hostile_server import (
    HostileServer,
    hostile_server,
    terminal_probes,
    vendor_json,
)
from tests.support.vendor_answers import SECRET, threadfix_body

PROBES = terminal_probes()
EVERY_PROBE = "".join(PROBES.values())
# What a terminal would act on: any C0 or C1 control but the line feed ending each line.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def vendor() -> Iterator[HostileServer]:
    with hostile_server("body") as server:
        yield server


def threadfix_args(server: HostileServer, command: str, *more: str) -> list[str]:
    base = f"{server.base_url}/threadfix"
    return [command, "threadfix", "6", "41", "--base-url", base, "--api-key", SECRET, *more]


def says(server: HostileServer, status: str, text: str, **changes: Any) -> None:
    """The vendor answers every request with this status, and `text` as its scan message."""
    body = threadfix_body(status)
    body["object"].update(scanMessage=text, **changes)
    server.behave("body", body=vendor_json(body))


def shown(output: bytes) -> str:
    """What the command wrote, which must be UTF-8 (a lone surrogate cannot be) and free of
    anything a terminal would act on."""
    text = output.decode("utf-8")  # strict: an unencodable character would have crashed it
    assert not CONTROL.search(text), f"a control character reached the output: {text!r}"
    assert "\u202e" not in text and "\ud800" not in text
    return text


@pytest.mark.parametrize("probe", PROBES)
def test_a_message_is_shown_escaped_in_plain_output(vendor: HostileServer, probe: str) -> None:
    says(vendor, "DONE", PROBES[probe])
    done = as_a_process(*threadfix_args(vendor, "get"))
    assert done.returncode == 0, done.stderr.decode(errors="replace")  # it SUCCEEDED
    out, err = shown(done.stdout), shown(done.stderr)
    assert out.splitlines() == [
        f"threadfix 41: SUCCEEDED (vendor said 'DONE') - {neutral(PROBES[probe])}"
    ]
    assert "Traceback" not in err and "MarkupError" not in err


def test_no_line_can_be_forged(vendor: HostileServer) -> None:
    says(vendor, "DONE", EVERY_PROBE, errorMessage=PROBES["forged_line"])
    for command in ("get", "wait"):
        done = as_a_process(*threadfix_args(vendor, command))
        assert done.returncode == 0
        lines = shown(done.stdout).splitlines()
        assert len(lines) == 1 and lines[0].startswith("threadfix 41: SUCCEEDED")
        assert not any(line.startswith("threadfix 99") for line in shown(done.stderr).splitlines())


def test_json_keeps_the_vendors_text_exact(vendor: HostileServer) -> None:
    says(vendor, "DONE", EVERY_PROBE)
    for command in ("get", "wait"):
        done = as_a_process(*threadfix_args(vendor, command, "--json"))
        assert done.returncode == 0
        out = done.stdout.decode("ascii")  # json.dumps escapes everything outside ASCII
        assert not CONTROL.search(out)
        status = json.loads(out.splitlines()[-1])
        assert status["message"] == EVERY_PROBE, "exact: escaped by JSON, not altered"


def test_a_vendors_error_text_is_shown_escaped(vendor: HostileServer) -> None:
    vendor.behave("body", body=vendor_json({"success": False, "message": EVERY_PROBE}))
    done = as_a_process(*threadfix_args(vendor, "get"))
    assert done.returncode == 7
    err = shown(done.stderr)
    assert err.startswith("error: threadfix answered HTTP 200: ") and neutral(EVERY_PROBE) in err
    assert len(err.splitlines()) == 1
    as_json = as_a_process(*threadfix_args(vendor, "get", "--json"))
    assert json.loads(as_json.stdout)["error"].endswith(EVERY_PROBE)


def test_an_unmapped_value_is_shown_as_text_on_a_terminal(vendor: HostileServer) -> None:
    """The live table and the lines after it: markup stays text ([/x] is no MarkupError,
    [link=...] no link), escape sequences are escaped (no title, no cleared screen)."""
    says(vendor, EVERY_PROBE, EVERY_PROBE)
    code, screen = on_a_terminal(*threadfix_args(vendor, "wait", "--stop-on-unknown"))
    assert code == 6, screen  # a status nobody mapped
    assert "Traceback" not in screen and "MarkupError" not in screen
    assert "\x1b]0;" not in screen, "the vendor did not set the terminal's title"
    assert "\x1b]8;" not in screen, "no hyperlink (OSC 8) from the vendor's [link=...]"
    assert "\x1b[2J" not in screen and "\x1b[31m" not in screen
    assert "[/x]" in screen and "[link=https://attacker.example/]click[/link]" in screen
    assert "\\x1b]0;owned by the vendor\\x07" in screen, "shown, escaped"
    lines = [line.strip() for line in screen.splitlines()]
    assert not any(line.startswith("threadfix 99") for line in lines)
    assert SECRET not in screen
