"""A fifth vendor added to a copy of the repository by exactly the four files a maintainer writes
(docs/adding-a-vendor.md): its spec, its packages.toml table, its room and its mapping rows.
Kestrel is unlike the four: its ids are UUIDs, its statuses lowercase with no pending phase, and
it answers "no such task" and "no permission" with HTTP 500 and an `error_code`. After
regenerating, every test module that covers "each vendor" (each imports tests.support.rooms)
runs in the copy over all five vendors, and passes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.support.once import once_per_run
from tests.support.workspace import ROOT, run_generator

KEY = "kestrel"
SAMPLE = "5b0f2c1e-8d3a-4c6b-9e7f-1a2b3c4d5e6f"
PROVENANCE = {"page": "kestrel-tasks.txt", "sha256": "0" * 64}

PACKAGES_TABLE = f"""
[{KEY}]
spec = "specs/{KEY}.yaml"
distribution = "{KEY}-client"
import_name = "{KEY}_client"
version = "0.1.0"
"""

ROOM = f'''"""Kestrel: the state of a scan task, GET /v2/tasks/{{taskId}}. A task runs at once (no
queued phase); its states are lowercase; "no such task" and "no permission" are HTTP 500 with
an error_code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from scan_status.reading import Reading, optional_text, text
from scan_status.vendors import Call, ErrorRule, Errors, IdParam, JsonBody, MockAnswers, Room


def auth(credentials: Mapping[str, str]) -> dict[str, str]:
    return {{"X-Kestrel-Key": credentials["api_key"]}}


def read(record: dict[str, Any]) -> Reading:
    task_id = record.get("id")
    return Reading(
        text(record.get("state")),
        error=optional_text(record.get("failure")),
        scan_id=task_id if isinstance(task_id, str) else None,
    )


class KestrelMock(MockAnswers):
    phases: ClassVar[dict[str, list[str]]] = {{
        "running": ["running", "indexing"],
        "succeeded": ["finished"],
        "failed": ["crashed"],
        "cancelled": ["aborted"],
        "unknown": ["hibernating"],
    }}

    def scan_ids(self, call: Call) -> list[str]:
        return [call.path_params["taskId"]]

    def answer(self, call: Call, ids: list[str], steps: list[Any]) -> JsonBody:
        state = steps[0].value or "finished"
        failure = {{"failure": "the target went away"}} if state == "crashed" else {{}}
        return {{"id": ids[0], "state": state, **failure}}

    def error(self, code: int, message: str, field_name: str | None = None) -> JsonBody:
        return {{"error_code": "BAD_REQUEST" if code < 500 else "INTERNAL", "error_msg": message}}

    def fault(
        self, kind: str, code: int, message: str, scan_id: str | None = None
    ) -> tuple[int, JsonBody]:
        if kind == "unauthorized":
            return 500, {{"error_code": "NO_PERMISSION", "error_msg": "no permission"}}
        if kind == "not_found":
            return 500, {{"error_code": "TASK_NOT_FOUND", "error_msg": f"task {{scan_id}} not found"}}
        return code, self.error(code, message)


ROOM = Room(
    key="{KEY}",
    name="Kestrel",
    package="{KEY}_client",
    credentials=("api_key",),
    auth=auth,
    ids=(IdParam("task_id", str, format="uuid", sample="{SAMPLE}"),),
    read=read,
    status_operation="{KEY}_client.api.default.get_task",
    mock=KestrelMock,
    summary="the state of a scan task",
    errors=Errors(
        rules=(
            ErrorRule("not_found", status=(500,), field="error_code", equals=("TASK_NOT_FOUND",)),
            ErrorRule("authentication", status=(500,), field="error_code", equals=("NO_PERMISSION",)),
        ),
        message=("error_msg",),
    ),
)
'''

ROWS = """
KESTREL: dict[str, Mapping] = {
    "running": Mapping(ScanState.RUNNING),
    "indexing": Mapping(ScanState.RUNNING, "Kestrel's last step before it finishes"),
    "finished": Mapping(ScanState.SUCCEEDED),
    "crashed": Mapping(ScanState.FAILED),
    "aborted": Mapping(ScanState.CANCELLED),
}

"""


def kestrel_spec() -> dict[str, object]:
    def answer(description: str, schema: str, **examples: object) -> dict[str, object]:
        media: dict[str, object] = {"schema": {"$ref": f"#/components/schemas/{schema}"}}
        if examples:
            media["examples"] = {name: {"value": value} for name, value in examples.items()}
        return {"description": description, "content": {"application/json": media}}

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Kestrel tasks API",
            "version": "v2",
            "description": "The state of a Kestrel scan task.",
            "x-vendor": KEY,
            "x-provenance": [PROVENANCE],
        },
        "security": [{"apiKey": []}],
        "paths": {
            "/v2/tasks/{taskId}": {
                "get": {
                    "operationId": "getTask",
                    "summary": "A task's state",
                    "description": "Where a scan task is.",
                    "x-provenance": PROVENANCE,
                    "parameters": [
                        {
                            "name": "taskId",
                            "in": "path",
                            "required": True,
                            "description": "The task.",
                            "schema": {"type": "string", "format": "uuid"},
                        }
                    ],
                    "responses": {
                        "200": answer(
                            "The task.", "Task", indexing={"id": SAMPLE, "state": "indexing"}
                        ),
                        "500": answer(
                            "No such task, no permission, or a failure.",
                            "Problem",
                            taskNotFound={
                                "error_code": "TASK_NOT_FOUND",
                                "error_msg": f"task {SAMPLE} not found",
                            },
                            noPermission={
                                "error_code": "NO_PERMISSION",
                                "error_msg": "no permission",
                            },
                        ),
                        "default": answer("Any other error.", "Problem"),
                    },
                }
            }
        },
        "components": {
            "securitySchemes": {
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-Kestrel-Key"}
            },
            "schemas": {
                "Task": {
                    "type": "object",
                    "description": "A scan task.",
                    "required": ["id", "state"],
                    "properties": {
                        "id": {"type": "string", "format": "uuid", "description": "The task."},
                        "state": {"$ref": "#/components/schemas/TaskState"},
                        "failure": {"type": "string", "description": "Why it crashed."},
                    },
                },
                "TaskState": {
                    "type": "string",
                    "description": "Where the task is.",
                    "x-scan-status": KEY,
                    "enum": ["running", "indexing", "finished", "crashed", "aborted"],
                },
                "Problem": {
                    "type": "object",
                    "description": "What went wrong.",
                    "x-assumption": "The page shows the body of a missing task only; every "
                    "other error is assumed to have the same shape.",
                    "required": ["error_code", "error_msg"],
                    "properties": {
                        "error_code": {"type": "string", "description": "Which error."},
                        "error_msg": {"type": "string", "description": "Its words."},
                    },
                },
            },
        },
    }


FIRST_USE = f"""
import scan_status
print(callable(scan_status.{KEY}))
from scan_status import vendors
print(' '.join(vendors.known()))
"""


def tracked_files() -> list[str]:
    """The repository as a maintainer has it: tracked and new files, not ignored ones."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def add_the_fifth_vendor(root: Path) -> None:
    """Copy the repository, write the four files, regenerate as `nox -s generate` does."""
    for name in tracked_files():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((ROOT / name).read_bytes())
    # 1. the spec
    YAML().dump(kestrel_spec(), root / "specs" / f"{KEY}.yaml")
    # 2. its packages.toml table
    with (root / "generator" / "packages.toml").open("a", encoding="utf-8") as packages:
        packages.write(PACKAGES_TABLE)
    # 3. its room
    (root / "scan_status" / "vendors" / f"{KEY}.py").write_text(ROOM, encoding="utf-8")
    # 4. its mapping rows, and their place in TABLES
    mapping = root / "scan_status" / "mapping.py"
    text = mapping.read_text(encoding="utf-8")
    text = text.replace(
        "TABLES: dict[str, dict[str, Mapping]] = {\n",
        ROWS + "TABLES: dict[str, dict[str, Mapping]] = {\n",
    )
    text, added = re.subn(
        r"(\nTABLES: [^\n]*\{\n(?:    [^\n]*\n)*)\}", rf'\1    "{KEY}": KESTREL,\n}}', text, count=1
    )
    assert added == 1, "mapping.py's TABLES was not found"
    mapping.write_text(text, encoding="utf-8")

    generated = run_generator(root, "generate")
    assert generated.returncode == 0, generated.stdout + generated.stderr
    for step in (["-m", "scan_status.totality"], ["-m", "tools.readme_tables", "--write"]):
        done = subprocess.run(
            [sys.executable, *step], cwd=root, env=copy_env(root), capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr


def copy_env(root: Path) -> dict[str, str]:
    """The copy's scan_status, tests and clients before the ones installed from this repository."""
    clients = sorted(str(p) for p in (root / "generated").glob("*-client"))
    path = [str(root), *clients, os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in path if p)}


# A module covers each vendor when it reads them from the registry (directly, through
# tests.support.rooms, or mapping.TABLES) or the specs packages.toml names (workspace.VENDORS).
FROM_THE_REGISTRY = re.compile(r"tests\.support\.rooms|\b(known|rooms)\(\)|\bTABLES\b|\bVENDORS\b")


def vendor_modules(root: Path) -> list[str]:
    """Every test module that covers each vendor, but this one."""
    return sorted(
        str(path.relative_to(root))
        for folder in ("tests/unit", "tests/system")
        for path in (root / folder).glob("test_*.py")
        if FROM_THE_REGISTRY.search(path.read_text(encoding="utf-8"))
        and path.name != Path(__file__).name
    )


@pytest.fixture(scope="module")
def five_vendors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return once_per_run(tmp_path_factory, "five-vendors", add_the_fifth_vendor)


def test_the_fifth_vendor_is_generated_and_registered(five_vendors: Path) -> None:
    assert (
        five_vendors / "generated" / f"{KEY}-client" / f"{KEY}_client" / "openapi.yaml"
    ).is_file()
    listed = subprocess.run(
        [sys.executable, "-c", FIRST_USE],
        cwd=five_vendors,
        env=copy_env(five_vendors),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    # scan_status.kestrel is there before anything loads the rooms, as the others' factories.
    assert listed[0] == "True", listed
    assert KEY in listed[1:] and len(listed[1:]) == 5, listed
    readme = (five_vendors / "docs" / "statuses.md").read_text(encoding="utf-8")
    assert f"| {KEY} | `FINISHED` | SUCCEEDED |" in readme, "the docs' mapping table has its rows"


def test_every_vendor_test_module_passes_with_five_vendors(five_vendors: Path) -> None:
    modules = vendor_modules(five_vendors)
    assert len(modules) >= 10, modules
    report = five_vendors / "five-vendors.xml"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "2",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            *modules,
        ],
        cwd=five_vendors,
        env=copy_env(five_vendors),
        capture_output=True,
        text=True,
    )
    tail = "\n".join((done.stdout + done.stderr).splitlines()[-60:])
    assert done.returncode == 0, tail
    ran = report.read_text(encoding="utf-8")
    assert ran.count(f"[{KEY}") + ran.count(f"-{KEY}]") + ran.count(f"-{KEY}-") >= 20, (
        textwrap.shorten(tail, 2000)
    )
