"""Running the scan-status command as the CLI tests need it: in this process (what the entry
point calls: quick, for its output and exit code), as a process (`python -m scan_status`), or
on a pseudo-terminal (what a person sees)."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from unittest import mock

from scan_status.commands import run


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def cli(*args: str, env: dict[str, str] | None = None) -> Ran:
    """The command, run in this process with `env` added to the environment: its exit code and
    what it wrote (its log lines included: the command sets up its own stderr handler)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with (
        mock.patch.dict(os.environ, {"COLUMNS": "200", **(env or {})}),
        redirect_stdout(stdout),
        redirect_stderr(stderr),
    ):
        code = run(list(args))
    return Ran(code, stdout.getvalue(), stderr.getvalue())


def as_a_process(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """`python -m scan_status ...` with its output as bytes: what reached the pipes, encoded."""
    return subprocess.run(
        [sys.executable, "-m", "scan_status", *args],
        capture_output=True,
        check=False,
        timeout=timeout,
    )


def on_a_terminal(*args: str, timeout: float = 60) -> tuple[int, str]:
    """Run the command with a pseudo-terminal for its stdin, stdout and stderr: what a person sees."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "scan_status", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "160"},
    )
    os.close(follower)
    screen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], timeout)
        try:
            chunk = os.read(leader, 4096) if ready else b""
        except OSError:
            chunk = b""
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    return process.wait(timeout=timeout), screen.decode(errors="replace")
