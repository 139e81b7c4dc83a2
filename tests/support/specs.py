"""Small inline OpenAPI 3.1 specs for the generator's tests: a made-up vendor, `acme`, whose
spec passes every house rule. A test edits the dict, not the text of a real vendor spec, so a
cosmetic change to a real spec breaks no test."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

VENDOR = "acme"
PAGE = "acme-scan-status.txt"
PAGE_SHA256 = "5" * 64
SCAN_PATH = "/scans/{scanId}"


def provenance() -> dict[str, str]:
    return {"page": PAGE, "sha256": PAGE_SHA256}


def operation(operation_id: str, **more: Any) -> dict[str, Any]:
    """An operation answering 200 with a Scan, written from the vendor's page."""
    return {
        "operationId": operation_id,
        "x-provenance": provenance(),
        "responses": {
            "200": {
                "description": "The scan.",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/Scan"},
                        "examples": {
                            "documented": {
                                "value": {"id": "s-1", "status": "DONE", "message": "Done."}
                            }
                        },
                    }
                },
            }
        },
        **more,
    }


def minimal_spec() -> dict[str, Any]:
    """A fresh spec: GET and PATCH /scans/{scanId}, a marked status enum, an optional request."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Acme Scans API",
            "version": "1.0",
            "x-vendor": VENDOR,
            "x-provenance": [{**provenance(), "url": "https://acme.invalid/docs/scan-status"}],
        },
        "servers": [{"url": "https://acme.invalid/api"}],
        "security": [{"bearer": []}],
        "paths": {
            SCAN_PATH: {
                "parameters": [
                    {
                        "name": "scanId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                        "example": "s-1",
                    }
                ],
                "get": operation("getScan"),
                "patch": operation(
                    "updateScan",
                    requestBody={
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ScanUpdate"}
                            }
                        },
                    },
                ),
            }
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
            "schemas": {
                "Scan": {
                    "type": "object",
                    "required": ["id", "status"],
                    "properties": {
                        "id": {"type": "string"},
                        "status": {"$ref": "#/components/schemas/ScanStatus"},
                        "message": {"type": "string", "description": "What the scan says."},
                    },
                },
                "ScanStatus": {
                    "type": "string",
                    "x-scan-status": VENDOR,
                    "enum": ["QUEUED", "RUNNING", "DONE"],
                },
                "ScanUpdate": {
                    "type": "object",
                    "description": "Every field is optional.",
                    "properties": {
                        "name": {"type": "string"},
                        "priority": {"$ref": "#/components/schemas/Priority"},
                    },
                },
                "Priority": {"type": "string", "enum": ["LOW", "HIGH"]},
            },
        },
    }


def dump(spec: dict[str, Any]) -> str:
    """The spec as block-style YAML, one key a line (so a test can find a key's line)."""
    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(spec, out)
    return out.getvalue()


def write_spec(path: Path, spec: dict[str, Any]) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = dump(spec)
    path.write_text(text, encoding="utf-8")
    return text


def position(text: str, needle: str, *, after: str | None = None) -> tuple[int, int]:
    """1-based line and column where `needle` first starts (on or after the line holding `after`)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} is not in the spec")


def acme_workspace(root: Path, spec: dict[str, Any], *, version: str = "0.1.0") -> Path:
    """A repository of one package, acme-client, made from `spec`."""
    write_spec(root / "specs" / "acme.yaml", spec)
    (root / "generator").mkdir(parents=True, exist_ok=True)
    (root / "generator" / "packages.toml").write_text(
        f'[{VENDOR}]\nspec = "specs/acme.yaml"\ndistribution = "acme-client"\n'
        f'import_name = "acme_client"\nversion = "{version}"\n',
        encoding="utf-8",
    )
    return root


def without_page(data: dict[str, Any], page: str) -> dict[str, Any]:
    """A spec as it was before `page` was taken in: the operations written from that page gone,
    and every component nothing else reaches by $ref gone with them."""
    from generator.spec.document import Document, walk

    kept = copy.deepcopy(data)
    for path, item in list(kept["paths"].items()):
        for method, operation in list(item.items()):
            if (
                isinstance(operation, dict)
                and (operation.get("x-provenance") or {}).get("page") == page
            ):
                del item[method]
        if not any(isinstance(op, dict) and "responses" in op for op in item.values()):
            del kept["paths"][path]
    kept["info"]["x-provenance"] = [
        entry for entry in kept["info"].get("x-provenance", []) if entry.get("page") != page
    ]
    document, reached, todo = Document(kept), set(), [kept["paths"]]
    while todo:
        for _, node in walk(todo.pop()):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if isinstance(ref, str) and ref not in reached:
                reached.add(ref)
                todo.append(document.target(ref)[0])
    for kind, entries in kept.get("components", {}).items():
        for name in list(entries):
            if kind != "securitySchemes" and f"#/components/{kind}/{name}" not in reached:
                del entries[name]
    return kept
