"""Building and publishing: wheels and sdists into dist/, then twine to a private index.

Builds are reproducible: SOURCE_DATE_EPOCH is fixed, so the same sources give the same bytes.
Publishing uses twine's own variables (TWINE_REPOSITORY_URL, TWINE_USERNAME, TWINE_PASSWORD, or
keyring); a version already on the index is skipped, so running it twice is harmless.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
import tomllib
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from generator.workspace import Workspace

SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01: any fixed instant makes archives repeatable


@dataclass(frozen=True)
class Published:
    uploaded: list[str]
    skipped: list[str]


class PublishError(Exception):
    pass


def projects(workspace: Workspace) -> list[Path]:
    """What is released: every generated client, and the project at the root (scan-status)."""
    found = [workspace.generated / p.distribution for p in workspace.packages]
    return [*found, workspace.root] if _is_project(workspace.root) else found


def _is_project(root: Path) -> bool:
    """Whether `root` holds a buildable project: a pyproject whose wheel packages are all there."""
    try:
        config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return False
    wheel = config.get("tool", {}).get("hatch", {}).get("build", {}).get("targets", {})
    packages = wheel.get("wheel", {}).get("packages") or []
    return bool(packages) and all((root / name).is_dir() for name in packages)


def build(workspace: Workspace, out: Path, *, isolated: bool = True) -> list[Path]:
    """isolated=False builds with the hatchling of this environment (pinned in uv.lock, the same
    version each pyproject names) instead of fetching it: for builds with no network."""
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    how = ["--installer", "uv"] if isolated else ["--no-isolation"]
    for project in projects(workspace):
        done = subprocess.run(
            [sys.executable, "-m", "build", *how, "--outdir", str(out), str(project)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if done.returncode != 0:
            raise PublishError(
                f"building {project} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
            )
    artifacts = sorted(p for p in out.iterdir() if p.suffix in (".whl", ".gz"))
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, artifacts)],
        capture_output=True,
        text=True,
        check=False,
    )
    if checked.returncode != 0:
        raise PublishError(f"twine check failed:\n{checked.stdout}{checked.stderr}")
    return artifacts


def publish(dist: Path) -> Published:
    """Upload each file; one the index already has is skipped (twine's --skip-existing is PyPI-only)."""
    artifacts = sorted(p for p in dist.iterdir() if p.suffix in (".whl", ".gz"))
    if not artifacts:
        raise PublishError(f"nothing to publish in {dist}; run nox -s build first")
    if not os.environ.get("TWINE_REPOSITORY_URL"):
        raise PublishError(
            "set TWINE_REPOSITORY_URL to the index's upload URL (and TWINE_USERNAME, TWINE_PASSWORD)"
        )
    uploaded, skipped = [], []
    for artifact in artifacts:
        if _on_index(artifact.name):
            skipped.append(artifact.name)
            continue
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "twine",
                "upload",
                "--non-interactive",
                "--disable-progress-bar",
                str(artifact),
            ],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )
        output = _scrub(done.stdout + done.stderr)
        if done.returncode == 0:
            uploaded.append(artifact.name)
        elif re.search(r"\b409\b|already exists", output, re.IGNORECASE):
            skipped.append(artifact.name)
        elif re.search(r"\b(401|403)\b", output):
            user = os.environ.get("TWINE_USERNAME", "(none)")
            raise PublishError(
                f"the index refused the credentials of user {user!r} (password not shown):\n{output}"
            )
        else:
            raise PublishError(f"uploading {artifact.name} failed:\n{output}")
    return Published(uploaded, skipped)


def _on_index(filename: str) -> bool:
    """Whether the index already lists this file, read from its simple page (PEP 503).

    The simple pages are at $SCAN_STATUS_SIMPLE_URL, or <TWINE_REPOSITORY_URL>/simple/ (as
    pypiserver and devpi serve them). A page that cannot be read means "not there".
    """
    simple = (
        os.environ.get("SCAN_STATUS_SIMPLE_URL")
        or os.environ["TWINE_REPOSITORY_URL"].rstrip("/") + "/simple/"
    )
    project = re.sub(r"[-_.]+", "-", filename.split("-", 1)[0]).lower()
    request = urllib.request.Request(f"{simple.rstrip('/')}/{project}/")
    user, password = os.environ.get("TWINE_USERNAME"), os.environ.get("TWINE_PASSWORD")
    if user and password:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            page = answer.read().decode("utf-8", "replace")
    except (OSError, ValueError):
        return False
    return re.search(rf'href="[^"]*/{re.escape(filename)}(#[^"]*)?"', page) is not None


def _scrub(text: str) -> str:
    secret = os.environ.get("TWINE_PASSWORD")
    return text.replace(secret, "***") if secret else text


def clean(dist: Path) -> None:
    shutil.rmtree(dist, ignore_errors=True)
