"""A sixth vendor, from nothing but its spec, its packages.toml entry, its room and its mapping
rows: the generator makes its client (and the root project's pin on it), and the registry gives
it an adapter, CLI commands and a mock with no other edit. The generator is run as a maintainer
runs it (its CLI)."""

from __future__ import annotations

import json
import sys
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import pytest
from ruamel.yaml import YAML

import scan_status
from scan_status import ScanState, adapters, cli, totality, vendors
from scan_status.reading import Reading, optional_text, text
from scan_status.testing import MockServer, lifecycle, unauthorized
from scan_status.vendors import Call, IdParam, JsonBody, MockAnswers, Room
from scan_status.waiting import WaitPolicy
from tests.support.once import once_per_run
from tests.support.workspace import run_generator

FAST = WaitPolicy(interval=0.01, max_interval=0.02, timeout=10)
PROVENANCE = {"page": "acme-jobs.txt", "sha256": "0" * 64}
PACKAGES_TOML = """[acme]
spec = "specs/acme.yaml"
distribution = "acme-client"
import_name = "acme_client"
version = "0.1.0"
"""


def acme_spec() -> dict[str, Any]:
    def answer(description: str, schema: str) -> dict[str, Any]:
        return {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        }

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Acme jobs API",
            "version": "v1",
            "description": "The status of an Acme scan job.",
            "x-vendor": "acme",
            "x-provenance": [PROVENANCE],
        },
        "security": [{"token": []}],
        "paths": {
            "/jobs/{jobId}/status": {
                "get": {
                    "operationId": "getJobStatus",
                    "summary": "A job's status",
                    "description": "Where a scan job is.",
                    "x-provenance": PROVENANCE,
                    "parameters": [
                        {
                            "name": "jobId",
                            "in": "path",
                            "required": True,
                            "description": "The job.",
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": answer("The job's status.", "Job"),
                        "401": answer("A bad token.", "Problem"),
                        "404": answer("No such job.", "Problem"),
                    },
                }
            }
        },
        "components": {
            "securitySchemes": {
                "token": {"type": "apiKey", "in": "header", "name": "X-Acme-Token"}
            },
            "schemas": {
                "Job": {
                    "type": "object",
                    "description": "A scan job.",
                    "required": ["id", "status"],
                    "properties": {
                        "id": {"type": "string", "description": "The job."},
                        "status": {"$ref": "#/components/schemas/JobStatus"},
                        "note": {"type": "string", "description": "A word from Acme."},
                    },
                },
                "JobStatus": {
                    "type": "string",
                    "description": "Where the job is.",
                    "x-scan-status": "acme",
                    "enum": ["QUEUED", "WORKING", "DONE", "BROKEN", "STOPPED"],
                },
                "Problem": {
                    "type": "object",
                    "description": "What went wrong.",
                    "required": ["problem"],
                    "properties": {"problem": {"type": "string", "description": "Why."}},
                },
            },
        },
    }


# The room: everything scan_status is told about Acme.
class AcmeMock(MockAnswers):
    phases: ClassVar[dict[str, list[str]]] = {
        "queued": ["QUEUED"],
        "running": ["WORKING"],
        "succeeded": ["DONE"],
        "failed": ["BROKEN"],
        "cancelled": ["STOPPED"],
        "unknown": ["MISLAID"],
    }

    def scan_ids(self, call: Call) -> list[str]:
        return [call.path_params["jobId"]]

    def answer(self, call: Call, ids: list[str], steps: list[Any]) -> JsonBody:
        return {"id": ids[0], "status": steps[0].value or "DONE", "note": "as you were"}

    def error(self, code: int, message: str, field_name: str | None = None) -> JsonBody:
        return {"problem": message}


def acme_read(record: dict[str, Any]) -> Reading:
    return Reading(text(record.get("status")), message=optional_text(record.get("note")))


def acme_auth(credentials: Mapping[str, str]) -> dict[str, str]:
    return {"X-Acme-Token": credentials["token"]}


ACME = Room(
    key="acme",
    name="Acme",
    package="acme_client",
    credentials=("token",),
    auth=acme_auth,
    ids=(IdParam("job_id", str),),
    read=acme_read,
    status_operation="acme_client.api.default.get_job_status",
    mock=AcmeMock,
)
ROWS = {
    "QUEUED": ScanState.PENDING,
    "WORKING": ScanState.RUNNING,
    "DONE": ScanState.SUCCEEDED,
    "BROKEN": ScanState.FAILED,
    "STOPPED": ScanState.CANCELLED,
}


@pytest.fixture(scope="module")
def acme_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The generated acme-client, importable; the spec and packages.toml are all it is made from."""
    # Generated once a run: a worker that sets this fixture up again reads the same tree.
    root = once_per_run(tmp_path_factory, "acme-repo", generate_acme)
    package = root / "generated" / "acme-client"
    sys.path.insert(0, str(package))
    try:
        yield package
    finally:
        sys.path.remove(str(package))
        for name in [m for m in sys.modules if m == "acme_client" or m.startswith("acme_client.")]:
            del sys.modules[name]


def generate_acme(root: Path) -> None:
    (root / "specs").mkdir()
    YAML().dump(acme_spec(), root / "specs" / "acme.yaml")
    (root / "generator").mkdir()
    (root / "generator" / "packages.toml").write_text(PACKAGES_TOML, encoding="utf-8")
    (root / "pyproject.toml").write_text('[project]\nname = "uses-acme"\n', encoding="utf-8")
    done = run_generator(root, "generate")
    assert done.returncode == 0, done.stdout + done.stderr
    # The root project now depends on the new client, from generated/: no hand edit.
    assert "pyproject.toml: added acme-client>=0.1,<1 and its source" in done.stdout
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["dependencies"] == ["acme-client>=0.1,<1"]
    assert pyproject["tool"]["uv"]["sources"]["acme-client"]["path"] == "generated/acme-client"
    package = root / "generated" / "acme-client"
    assert (package / "acme_client" / "openapi.yaml").is_file(), "the client ships its spec"


@pytest.fixture
def acme(acme_client: Path) -> Iterator[Room]:
    yield vendors.register(ACME, mapping=ROWS, source="tests/system/test_new_vendor.py (ROWS)")
    vendors.unregister("acme")


def test_the_new_vendor_has_an_adapter_and_a_mock(acme: Room) -> None:
    with MockServer("acme") as mock:
        mock.script("j-7", lifecycle("acme", running_polls=2))
        with mock.adapter() as adapter:
            first = adapter.get_status("j-7")
            assert (first.state, first.raw, first.scan_id) == (ScanState.PENDING, "QUEUED", "j-7")
            final = adapter.wait("j-7", policy=FAST)
        assert (final.state, final.raw, final.message) == (
            ScanState.SUCCEEDED,
            "DONE",
            "as you were",
        )
        assert mock.requests[0].headers["x-acme-token"] == mock.credentials["token"]
        assert mock.requests[0].path == "/jobs/j-7/status"
        with scan_status.acme(base_url=mock.base_url, token=mock.credentials["token"]) as short:
            assert short.get_status("j-7").state is ScanState.SUCCEEDED  # scan_status.<key> too
        mock.script("j-8", [unauthorized()])
        with adapters.create("acme", base_url=mock.base_url, token="wrong") as stranger:
            from scan_status import AuthenticationError

            with pytest.raises(AuthenticationError):
                stranger.get_status("j-9")
        assert mock.errors == [], "the mock's answers keep to the spec"


def test_the_new_vendor_has_cli_commands(acme: Room, capsys: pytest.CaptureFixture[str]) -> None:
    with MockServer("acme", scenario="lifecycle-failed") as mock:
        url, token = mock.base_url, mock.credentials["token"]
        with pytest.raises(SystemExit) as got:
            cli.main(["get", "acme", "j-1", "--base-url", url, "--token", token, "--json"])
        assert got.value.code == 5, "queued: not finished yet"
        assert json.loads(capsys.readouterr().out)["raw"] == "QUEUED"
        with pytest.raises(SystemExit) as waited:
            cli.main(
                ["wait", "acme", "j-2", "--base-url", url, "--token", token, "--interval", "0.5"]
            )
        assert waited.value.code == 1, "the scenario's scans fail"
        assert "acme j-2: FAILED (vendor said 'BROKEN')" in capsys.readouterr().out
    with pytest.raises(SystemExit) as usage:
        cli.main(["get", "acme", "--help"])
    assert usage.value.code == 0 and "SCAN_STATUS_ACME_TOKEN" in capsys.readouterr().out


def test_totality_reads_the_spec_the_new_client_ships(acme: Room) -> None:
    shipped = dict(totality.shipped_specs())
    assert shipped["acme_client/openapi.yaml"] is not None
    vendors.unregister("acme")
    vendors.register(ACME, mapping={k: v for k, v in ROWS.items() if k != "STOPPED"}, source="ROWS")
    spec = YAML(typ="safe").load(dict(totality.shipped_specs())["acme_client/openapi.yaml"])
    assert totality.unmapped(spec, "acme_client/openapi.yaml") == [
        "acme_client/openapi.yaml: acme status 'STOPPED' has no mapping; add it to ROWS"
    ]
