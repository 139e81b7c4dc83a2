"""Building and publishing: wheels and sdists into dist/, then twine to a private index.

Builds are reproducible: SOURCE_DATE_EPOCH is fixed, so the same sources give the same bytes, and
dist/ holds exactly the current release (old wheels and sdists are removed first).

Publishing uses twine's own settings (TWINE_REPOSITORY_URL, TWINE_USERNAME, TWINE_PASSWORD,
userinfo in the URL, or keyring; see credentials.py). Before uploading anything:
- every file in dist/ must be a current version of one of our packages (releasable.py);
- the index's page of each project is read (index_pages.py): a file the index already has with
  the same bytes is skipped; one it has with other bytes is refused, and so is one whose
  presence could not be read; a project page that redirects off the index's host is one the
  index does not hold (pypiserver's fallback to PyPI): its files go up;
- any other file those pages list that we never built or released is a dependency-confusion
  risk (audit.py), and refuses the publish.
Anything refused stops the whole publish before the first upload. Files go up dependencies first
(from each file's Requires-Dist), so scan-status never lands before the client versions it
needs: one twine run for the files that need none of the others, then one for those that need
only those, and so on. What went up or was already there is recorded in the ledger
(generator/released/published.sha256), the files a later audit knows as ours.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.release.audit import Ledger, Risk, risks_on, sha256_of
from generator.release.credentials import Credentials, mask, resolve
from generator.release.index_pages import (
    Page,
    PageError,
    basic_header,
    project_url,
    public,
    read_page,
)
from generator.release.releasable import (
    Artifact,
    ArtifactError,
    current_versions,
    read_artifact,
    releasable,
)
from generator.workspace import Workspace

if TYPE_CHECKING:
    import httpx

__all__ = ["Artifact", "PublishError", "Published", "build", "publish", "read_artifact"]

SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01: any fixed instant makes archives repeatable


@dataclass
class Published:
    uploaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # "file: why"
    warnings: list[str] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)


class PublishError(Exception):
    def __init__(self, message: str, done: Published | None = None) -> None:
        super().__init__(message)
        self.done = done or Published()


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


def publish(dist: Path, root: Path, ledger: Path | None = None) -> Published:
    """Upload what the index lacks, dependencies first; see the module's docstring."""
    paths = _artifacts(dist) if dist.is_dir() else []
    if not paths:
        raise PublishError(f"nothing to publish in {dist}; run nox -s build first")
    try:
        artifacts = releasable(paths, current_versions(root))
    except ArtifactError as err:
        raise PublishError(f"nothing was uploaded: not ours to publish:\n{err}") from None
    settings = settings_from(os.environ)
    record = Ledger(ledger or Ledger.default(root))
    known = _ledger_hashes(record) | {sha256_of(a.path) for a in artifacts}
    batches = upload_batches(artifacts)
    done = Published()
    pending: list[Artifact] = []
    with settings.client() as client:
        simple = settings.simple_index(client)
        for project in sorted({a.project for a in artifacts}):
            ours = [a for a in artifacts if a.project == project]
            try:
                page = read_page(client, project_url(simple, project), project, settings.auth)
            except PageError as err:
                done.warnings.append(str(err))
                done.refused += [
                    f"{a.name}: whether the index already has it could not be read" for a in ours
                ]
                continue
            if page.elsewhere:
                done.warnings.append(
                    f"{page.url}: not held by this index (it redirects to {page.elsewhere}, not "
                    "followed: the credentials go to the configured host only); uploading"
                )
            listed = {f.filename: f for f in page.files or ()}
            for artifact in ours:
                digest = sha256_of(artifact.path)
                there = listed.get(artifact.name)
                if there is None:
                    pending.append(artifact)
                elif there.sha256 == digest:
                    done.skipped.append(artifact.name)
                else:
                    done.refused.append(
                        f"{artifact.name}: the index has a different file under this name "
                        f"(index sha256 {there.sha256 or 'not given'}, local sha256 {digest}); "
                        "release a new version instead"
                    )
            # A name the index sends elsewhere is the warning above: this upload ends it.
            done.risks += [
                r for r in risks_on(page, project, known, settings.upload_url) if r.filename
            ]
    if done.risks:
        raise PublishError(
            "nothing was uploaded: the index serves files under our names that we never built "
            "or released (see each risk above); remove them, or take the index's base or "
            "fallback off these names, before publishing",
            done,
        )
    if done.refused:
        raise PublishError("nothing was uploaded: some files were refused", done)
    try:
        for batch in batches:
            if todo := [a for a in batch if a in pending]:
                _upload(todo, done, settings)
    finally:
        record.add({a.name: sha256_of(a.path) for a in artifacts if a.name in done.uploaded})
        record.add({a.name: sha256_of(a.path) for a in artifacts if a.name in done.skipped})
    return done


@dataclass(frozen=True)
class Settings:
    """Where to publish and as whom, from twine's variables (and SCAN_STATUS_SIMPLE_URL)."""

    upload_url: str  # without userinfo
    credentials: Credentials
    simple_url: str | None  # None: found next to the upload URL

    @property
    def auth(self) -> tuple[str, str] | None:
        return self.credentials.auth()

    def client(self) -> httpx.Client:
        import httpx  # deferred: publishing is the only command that talks HTTP

        # Redirects are followed by index_pages, by hand: credentials stay on the index's host.
        return httpx.Client(follow_redirects=False, timeout=httpx.Timeout(10.0))

    def simple_index(self, client: httpx.Client) -> str:
        """The simple index installers read: SCAN_STATUS_SIMPLE_URL, else the first of
        <upload>/simple/ (pypiserver, Artifactory, Nexus) and <upload>/+simple/ (devpi) that
        answers 200."""
        import httpx

        candidates = (
            [self.simple_url]
            if self.simple_url
            else [f"{self.upload_url.rstrip('/')}/{path}/" for path in ("simple", "+simple")]
        )
        tried = []
        for url in candidates:
            request = client.build_request("GET", url)
            if self.auth:
                request.headers["Authorization"] = basic_header(self.auth)
            try:
                answer = client.send(request, stream=True)
                answer.close()
            except httpx.HTTPError as err:
                tried.append(f"{public(url)} ({type(err).__name__})")
                continue
            if answer.status_code == 200:
                return url
            tried.append(f"{public(url)} (HTTP {answer.status_code})")
        raise PublishError(
            f"no simple index found for {public(self.upload_url)}: tried {', '.join(tried)}; "
            "set SCAN_STATUS_SIMPLE_URL to the URL installers use (…/simple/)"
        )


def settings_from(environ: Mapping[str, str]) -> Settings:
    raw = environ.get("TWINE_REPOSITORY_URL")
    if not raw:
        raise PublishError(
            "set TWINE_REPOSITORY_URL to the index's upload URL (and TWINE_USERNAME, TWINE_PASSWORD)"
        )
    url, credentials = resolve(raw, environ)
    return Settings(url, credentials, environ.get("SCAN_STATUS_SIMPLE_URL") or None)


def audit_index(dist: Path, root: Path, ledger: Path | None = None) -> tuple[list[Risk], list[str]]:
    """For each of our names, the files the index serves that we never built or released, and
    the pages that could not be read."""
    known = _ledger_hashes(Ledger(ledger or Ledger.default(root)))
    if dist.is_dir():
        known |= {sha256_of(p) for p in _artifacts(dist)}
    settings = settings_from(os.environ)
    found: list[Risk] = []
    unread: list[str] = []
    with settings.client() as client:
        simple = settings.simple_index(client)
        for project in sorted(current_versions(root)):
            try:
                page: Page = read_page(client, project_url(simple, project), project, settings.auth)
            except PageError as err:
                unread.append(str(err))
                continue
            found += risks_on(page, project, known, settings.upload_url)
    return found, unread


def _ledger_hashes(ledger: Ledger) -> set[str]:
    try:
        return ledger.hashes()
    except (OSError, ValueError) as err:
        raise PublishError(f"cannot read the ledger: {err}") from None


def _upload(batch: list[Artifact], done: Published, settings: Settings) -> None:
    """One twine run for a batch: twine starts each file in the order given, printing
    "Uploading NAME", and stops at the first the index refuses; every file started before it
    went up. (One run, not one a file: twine's start-up costs more than a small upload.)"""
    upload = subprocess.run(
        [
            sys.executable,
            "-m",
            "twine",
            "--no-color",
            "upload",
            "--non-interactive",
            "--disable-progress-bar",
            *(str(artifact.path) for artifact in batch),
        ],
        capture_output=True,
        text=True,
        check=False,
        # COLUMNS: rich would wrap a long "Uploading NAME" line at 80 characters.
        env={**os.environ, **_twine_env(settings), "NO_COLOR": "1", "COLUMNS": "1000"},
    )
    # rich pads each line to COLUMNS: the padding goes, the words stay.
    printed = "\n".join(line.rstrip() for line in (upload.stdout + upload.stderr).splitlines())
    output = mask(printed, settings.credentials)
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
        user = settings.credentials.username or "(none)"
        # twine's own output is not shown: it is about the credentials, nothing else to learn.
        raise PublishError(
            f"the index refused the credentials of user {user!r} (password from the "
            f"{settings.credentials.source}, not shown) when uploading {failed.name}",
            done,
        )
    raise PublishError(f"uploading {failed.name} failed:\n{output}", done)


def _twine_env(settings: Settings) -> dict[str, str]:
    """twine's variables as resolved here: the URL without userinfo, the credentials explicit
    (so twine prints no URL with a password in it and asks no keyring again)."""
    env = {"TWINE_REPOSITORY_URL": settings.upload_url}
    if settings.credentials.username:
        env["TWINE_USERNAME"] = settings.credentials.username
    if settings.credentials.password:
        env["TWINE_PASSWORD"] = settings.credentials.password
    return env
