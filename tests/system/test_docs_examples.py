"""Every Python example in the README and the docs runs, as a reader would run it.

A block that defines tests (`def test_...`) is a test file: it runs under pytest, with only the
plugins a user's project has. Every other block of a page runs in order in one namespace (as a
reader follows a page), against a mock of each registered vendor on 127.0.0.1: the docs write a
vendor's host as `https://<key>.example.com` and its credentials as the credential's name in
capitals (`api_key=API_KEY`), and here these are the mock's address and the mock's credentials.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from scan_status import clear_status_mappings, vendors
from scan_status.testing import MockServer
from tests.support.workspace import ROOT

BLOCK = re.compile(r"^(?P<indent>[ \t]*)```python\n(?P<code>.*?)^(?P=indent)```", re.M | re.S)
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


@dataclass(frozen=True)
class Example:
    page: Path
    line: int
    code: str

    def __str__(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def examples(page: Path) -> list[Example]:
    text = page.read_text(encoding="utf-8")
    return [
        Example(page, text.count("\n", 0, found.start()) + 2, textwrap.dedent(found.group("code")))
        for found in BLOCK.finditer(text)
    ]


def is_test_file(example: Example) -> bool:
    return re.search(r"^def test_", example.code, re.M) is not None


def test_the_docs_have_examples_of_both_kinds() -> None:
    found = [e for page in PAGES for e in examples(page)]
    assert any(is_test_file(e) for e in found) and any(not is_test_file(e) for e in found)


@pytest.mark.parametrize(
    "example",
    [e for page in PAGES for e in examples(page) if is_test_file(e)],
    ids=str,
)
def test_a_test_file_in_the_docs_passes(example: Example, tmp_path: Path) -> None:
    (tmp_path / "test_example.py").write_text(example.code, encoding="utf-8")
    # Without the pytest plugins of this repository's own test tools: a user's project lacks them.
    tools = ["-p", "no:schemathesis", "-p", "no:typeguard", "-p", "no:anyio"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tools, str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert done.returncode == 0, f"{example}:\n{done.stdout}{done.stderr}"
    assert " passed" in done.stdout and "failed" not in done.stdout


@pytest.mark.parametrize(
    "page",
    [p for p in PAGES if any(not is_test_file(e) for e in examples(p))],
    ids=lambda page: str(page.relative_to(ROOT)),
)
def test_a_pages_examples_run_in_order_against_the_mocks(page: Path) -> None:
    namespace: dict[str, object] = {"__name__": "__docs__"}
    with contextlib.ExitStack() as stack:
        hosts = {}
        for key in vendors.known():
            room = vendors.get(key)
            credentials = {name: f"doc-{name}" for name in room.credentials}
            mock = stack.enter_context(MockServer(key, credentials=credentials))
            hosts[f"https://{key}.example.com"] = f"http://{mock.host}:{mock.port}"
            namespace.update({name.upper(): value for name, value in credentials.items()})
        stack.callback(clear_status_mappings)  # an example may map a value for the process
        for example in examples(page):
            if is_test_file(example):
                continue
            code = example.code
            for documented, mock_host in hosts.items():
                code = code.replace(documented, mock_host)
            # Line numbers in a traceback are the page's own.
            compiled = compile("\n" * (example.line - 1) + code, str(example.page), "exec")
            exec(compiled, namespace)
