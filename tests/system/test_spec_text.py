"""What a spec says arrives exactly, or the spec is refused with file:line, never a traceback:
string defaults (quotes, backslashes, newlines, triple quotes) are the models' defaults as
written, and a name too long for a file stops `generate` with its line (it was an OSError)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.specs import SCAN_PATH, acme_workspace, minimal_spec, position
from tests.support.workspace import copy_shared_metadata, run_generator

DEFAULTS = {
    "name": 'say "hi" \\ back',
    "description": "'''\n\"\"\"\nraise SystemExit('injected')\n\\N{BULLET} \\u0041 \\\\",
}

CHECK = """
import json
from acme_client.models import ScanUpdate
from acme_client.schemas import ScanUpdate as Model
client, model = ScanUpdate(), Model()
print(json.dumps({name: [getattr(client, name), getattr(model, name)] for name in %r}))
"""


def test_string_defaults_reach_both_models_exactly(tmp_path: Path) -> None:
    spec = minimal_spec()
    properties = spec["components"]["schemas"]["ScanUpdate"]["properties"]
    properties["description"] = {"type": "string"}
    for name, value in DEFAULTS.items():
        properties[name]["default"] = value
    root = acme_workspace(tmp_path / "repo", spec)
    copy_shared_metadata(root)
    done = run_generator(root, "generate")
    assert done.returncode == 0, done.stderr
    package = root / "generated" / "acme-client"
    read = subprocess.run(
        [sys.executable, "-c", CHECK % list(DEFAULTS)],
        capture_output=True,
        text=True,
        check=False,
        cwd=package,
    )
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout) == {name: [value, value] for name, value in DEFAULTS.items()}


def test_a_long_operation_id_stops_generate_at_its_line(tmp_path: Path) -> None:
    spec = minimal_spec()
    spec["paths"][SCAN_PATH]["get"]["operationId"] = "get" + "X" * 297
    root = acme_workspace(tmp_path / "repo", spec)
    copy_shared_metadata(root)
    done = run_generator(root, "generate")
    text = (root / "specs" / "acme.yaml").read_text(encoding="utf-8")
    line, column = position(text, "operationId: getXXX")
    assert done.returncode == 1, done.stderr
    assert f"specs/acme.yaml:{line}:{column}: [file-name] operationId" in done.stderr
    assert "Traceback" not in done.stderr and "OSError" not in done.stderr
    assert not (root / "generated").exists()  # nothing half-written
