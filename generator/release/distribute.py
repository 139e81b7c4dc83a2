"""Building and publishing: wheels and sdists into dist/, then twine to a private index.

Builds are reproducible: SOURCE_DATE_EPOCH is fixed, so the same sources give the same bytes, and
dist/ holds exactly the current release (old wheels and sdists are removed first).

Publishing uses twine's own variables (TWINE_REPOSITORY_URL, TWINE_USERNAME, TWINE_PASSWORD, or
keyring). Before uploading anything it reads the index's simple page of each project (PEP 503,
sha256 fragments): a file the index already has with the same bytes is skipped; one it has with
other bytes is refused, and so is one whose presence could not be read. Anything refused stops
the whole publish before the first upload. Files go up dependencies first (from each file's
Requires-Dist), so scan-status never lands before the client versions it needs: one twine run
for the files that need none of the others, then one for those that need only those, and so on.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass, field
from email.parser import Parser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from generator.workspace import Workspace

SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01: any fixed instant makes archives repeatable
REDIRECTS = 5
HREF = re.compile(r"""href=["']([^"']+)["']""", re.IGNORECASE)


@dataclass
class Published:
    uploaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # "file: why"
    warnings: list[str] = field(default_factory=list)


class PublishError(Exception):
    def __init__(self, message: str, done: Published | None = None) -> None:
        super().__init__(message)
        self.done = done or Published()


@dataclass(frozen=True)
class Artifact:
    path: Path
    project: str  # normalised (PEP 503)
    requires: frozenset[str]  # normalised names of its Requires-Dist

    @property
    def name(self) -> str:
        return self.path.name


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


def _artifacts(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.name.endswith((".whl", ".tar.gz"))
    )


def build(workspace: Workspace, out: Path, *, isolated: bool = True) -> list[Path]:
    """Build every project into `out`, which then holds exactly these files' wheels and sdists.

    isolated=False builds with the hatchling of this environment (pinned in uv.lock, the same
    version each pyproject names) instead of fetching it: for builds with no network.

    The frontend is `uv build` (uv comes with build[uv]): the same bytes as `python -m build`,
    for half its CPU, as no Python frontend starts beside the backend's."""
    from uv import find_uv_bin

    out.mkdir(parents=True, exist_ok=True)
    for stale in _artifacts(out):  # an old version left here would be published with the new
        stale.unlink()
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    how = [] if isolated else ["--no-build-isolation"]
    for project in projects(workspace):
        done = subprocess.run(
            [
                find_uv_bin(),
                "build",
                "--python",
                sys.executable,
                "--no-create-gitignore",  # out holds the artefacts and what was there, no more
                *how,
                "--out-dir",
                str(out),
                str(project),
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if done.returncode != 0:
            raise PublishError(
                f"building {project} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
            )
    artifacts = _artifacts(out)
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, artifacts)],
        capture_output=True,
        text=True,
        check=False,
    )
    if checked.returncode != 0:
        raise PublishError(f"twine check failed:\n{checked.stdout}{checked.stderr}")
    return artifacts


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_artifact(path: Path) -> Artifact:
    """A wheel's or sdist's project name and the projects it requires, from its metadata."""
    if path.name.endswith(".whl"):
        with zipfile.ZipFile(path) as archive:
            member = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            text = archive.read(member).decode("utf-8")
    else:
        with tarfile.open(path) as archive:
            info = next(
                m
                for m in archive.getmembers()
                if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO")
            )
            extracted = archive.extractfile(info)
            assert extracted is not None
            text = extracted.read().decode("utf-8")
    metadata = Parser().parsestr(text, headersonly=True)
    requires = frozenset(
        normalise(m.group(0))
        for requirement in metadata.get_all("Requires-Dist") or []
        if "extra ==" not in requirement
        and (m := re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement))
    )
    return Artifact(path, normalise(str(metadata["Name"])), requires)


def upload_batches(artifacts: list[Artifact]) -> list[list[Artifact]]:
    """Dependencies before dependants: no file needs another of its own batch or a later one
    (among the files being published). Within a batch, wheels first, then by name: the order
    twine uploads a batch in (it moves wheels ahead of sdists)."""
    names = {a.project for a in artifacts}
    placed: set[str] = set()
    batches: list[list[Artifact]] = []
    waiting = sorted(artifacts, key=lambda a: a.name)
    while waiting:
        ready = [a for a in waiting if not (a.requires & names) - placed - {a.project}]
        if not ready:  # a cycle: nothing better than the name order
            ready = waiting
        batches.append(sorted(ready, key=lambda a: (not a.name.endswith(".whl"), a.name)))
        placed |= {a.project for a in ready}
        waiting = [a for a in waiting if a not in ready]
    return batches


def upload_order(artifacts: list[Artifact]) -> list[Artifact]:
    """Every file in the order it goes up: batch after batch (see upload_batches)."""
    return [artifact for batch in upload_batches(artifacts) for artifact in batch]


def publish(dist: Path) -> Published:
    """Upload what the index lacks, dependencies first; see the module's docstring."""
    paths = _artifacts(dist) if dist.is_dir() else []
    if not paths:
        raise PublishError(f"nothing to publish in {dist}; run nox -s build first")
    upload_url = os.environ.get("TWINE_REPOSITORY_URL")
    if not upload_url:
        raise PublishError(
            "set TWINE_REPOSITORY_URL to the index's upload URL (and TWINE_USERNAME, TWINE_PASSWORD)"
        )
    simple = os.environ.get("SCAN_STATUS_SIMPLE_URL") or upload_url.rstrip("/") + "/simple/"
    home = _origin(upload_url)  # the one host the credentials are for
    batches = upload_batches([read_artifact(p) for p in paths])
    done = Published()
    pending: list[Artifact] = []
    pages: dict[str, dict[str, str | None] | None] = {}
    for artifact in (a for batch in batches for a in batch):
        if artifact.project not in pages:
            pages[artifact.project] = _listed(simple, artifact.project, home, done.warnings)
        listed = pages[artifact.project]
        digest = hashlib.sha256(artifact.path.read_bytes()).hexdigest()
        if listed is None:
            done.refused.append(
                f"{artifact.name}: whether the index already has it could not be read"
            )
        elif artifact.name not in listed:
            pending.append(artifact)
        elif listed[artifact.name] == digest:
            done.skipped.append(artifact.name)
        else:
            done.refused.append(
                f"{artifact.name}: the index has a different file under this name "
                f"(index sha256 {listed[artifact.name] or 'not given'}, local sha256 {digest}); "
                "release a new version instead"
            )
    if done.refused:
        raise PublishError("nothing was uploaded: some files were refused", done)
    for batch in batches:
        if todo := [a for a in batch if a in pending]:
            _upload(todo, done)
    return done


def _listed(
    simple: str, project: str, home: tuple[str, str, int | None], warnings: list[str]
) -> dict[str, str | None] | None:
    """{filename: sha256 or None} the index lists for `project`; {} when it has no such project;
    None (with a warning saying why) when the page could not be read."""
    import httpx

    url = f"{simple.rstrip('/')}/{project}/"
    user, password = os.environ.get("TWINE_USERNAME"), os.environ.get("TWINE_PASSWORD")
    auth = (user, password) if user and password else None
    try:
        # Redirects are followed here, by hand: credentials go only to the configured host.
        with httpx.Client(follow_redirects=False, timeout=30) as client:
            for _ in range(REDIRECTS + 1):
                answer = client.get(url, auth=auth if _origin(url) == home else None)
                if not answer.is_redirect:
                    break
                target = urljoin(url, answer.headers.get("location", ""))
                if _origin(target) != _origin(url):
                    warnings.append(
                        f"cannot read {_public(url)}: it redirects to another host "
                        f"({_public(target)}), which is not followed: the index's credentials "
                        "go to the configured host only"
                    )
                    return None
                url = target
            else:
                warnings.append(f"{_public(url)}: too many redirects")
                return None
    except httpx.HTTPError as err:
        warnings.append(f"cannot read {_public(url)}: {type(err).__name__}")
        return None
    if answer.status_code == 404:
        return {}
    if answer.status_code != 200:
        warnings.append(f"cannot read {_public(url)}: HTTP {answer.status_code}")
        return None
    found: dict[str, str | None] = {}
    for href in HREF.findall(answer.text):
        link, _, fragment = href.partition("#")
        name = link.rstrip("/").rsplit("/", 1)[-1]
        found[name] = fragment.split("=", 1)[1] if fragment.startswith("sha256=") else None
    return found


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port


def _public(url: str) -> str:
    """A URL without any user:password written into it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return parts._replace(netloc=netloc).geturl()


def _upload(batch: list[Artifact], done: Published) -> None:
    """One twine run for a batch: twine starts each file in the order given, printing
    "Uploading NAME", and stops at the first the index refuses; every file started before it
    went up. (One run, not one a file: twine's start-up costs more than a small upload.)"""
    upload = subprocess.run(
        [
            sys.executable,
            "-m",
            "twine",
            "upload",
            "--non-interactive",
            "--disable-progress-bar",
            *(str(artifact.path) for artifact in batch),
        ],
        capture_output=True,
        text=True,
        check=False,
        # COLUMNS: rich would wrap a long "Uploading NAME" line at 80 characters.
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "1000"},
    )
    output = mask(upload.stdout + upload.stderr)
    if upload.returncode == 0:
        done.uploaded += [artifact.name for artifact in batch]
        return
    lines = output.splitlines()
    started = [artifact for artifact in batch if f"Uploading {artifact.name}" in lines]
    failed = started[-1] if started else batch[0]
    done.uploaded += [artifact.name for artifact in started[:-1]]
    if re.search(r"\b409\b|already exists", output, re.IGNORECASE):
        # Uploaded by someone else since the page was read: the bytes cannot be compared now.
        done.refused.append(f"{failed.name}: the index says it already exists")
        raise PublishError(f"uploading {failed.name} stopped", done)
    if re.search(r"\b(401|403)\b", output):
        user = os.environ.get("TWINE_USERNAME", "(none)")
        # twine's own output is not shown: it is about the credentials, nothing else to learn.
        raise PublishError(
            f"the index refused the credentials of user {user!r} (password not shown) "
            f"when uploading {failed.name}",
            done,
        )
    raise PublishError(f"uploading {failed.name} failed:\n{output}", done)


def mask(text: str) -> str:
    """The text with every whole occurrence of the password replaced: one that stands alone,
    not a piece of a longer word (a one-letter password must not mangle file names)."""
    secret = os.environ.get("TWINE_PASSWORD")
    if not secret:
        return text
    return re.sub(rf"(?<![\w]){re.escape(secret)}(?![\w])", "***", text)
