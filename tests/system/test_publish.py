"""Publishing to pypiserver as it is deployed, and what publish refuses to do anywhere.

pypiserver runs as its users start it: `pypi-server run -P htpasswd -a update DIR`, its fallback
to PyPI on (a project it does not hold answers 303 to PyPI), and beside it with
--disable-fallback. devpi is test_publish_devpi.py's (one server for that module).
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from generator.release.releasable import current_versions
from tests.support.artifacts import tiny_wheel
from tests.support.echo_index import echoing_index
from tests.support.http_server import scripted_server
from tests.support.index_server import Index, private_index
from tests.support.publishing import current, our_build, publish_story, uploaded
from tests.support.workspace import ROOT, run_generator


@pytest.fixture(params=["pypiserver", "pypiserver --disable-fallback"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Index]:
    with private_index(tmp_path / "index", fallback=request.param == "pypiserver") as running:
        yield running


def test_publish_is_idempotent_ordered_and_guarded_on_pypiserver(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, index: Index
) -> None:
    publish_story(tmp_path, tmp_path_factory, index)


def test_only_current_versions_of_our_packages_go_up(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A foreign wheel, an old version of ours, a corrupt zip and a wheel without METADATA beside
    the release: each refused in one line naming it, before the index is even asked."""
    artifacts = our_build(tmp_path, tmp_path_factory)
    dist = artifacts[0].parent
    foreign = tiny_wheel(dist, "totally-foreign", "9.9.9")
    old = tiny_wheel(dist, "scan-status", "0.0.1")
    corrupt = dist / foreign.name.replace("totally_foreign-9.9.9", "threadfix_client-0.0.2")
    corrupt.write_bytes(b"PK\x03\x04 this is not a zip file")
    hollow = dist / "neostra_client-0.0.3-py3-none-any.whl"
    with zipfile.ZipFile(hollow, "w") as archive:
        archive.writestr("neostra_client/__init__.py", "")
    with scripted_server() as index:
        env = {
            "TWINE_REPOSITORY_URL": f"{index.base_url}/",
            "TWINE_USERNAME": "publisher",
            "TWINE_PASSWORD": "s3cret-pw",
        }
        done = run_generator(ROOT, "publish", "--dist", str(dist), env=env)
        assert index.requests == []
    assert done.returncode == 1
    errors = done.stderr.splitlines()
    assert "nothing was uploaded: not ours to publish:" in errors
    (line,) = [e for e in errors if e.startswith(foreign.name)]
    assert "totally-foreign is not one of our packages" in line
    (line,) = [e for e in errors if e.startswith(old.name)]
    assert f"not the current version of scan-status ({current('scan-status')})" in (line)
    (line,) = [e for e in errors if e.startswith(corrupt.name)]
    assert "not a readable archive" in line
    (line,) = [e for e in errors if e.startswith(hollow.name)]
    assert "a wheel without one .dist-info/METADATA" in line
    assert "Traceback" not in done.stderr
    assert not any(e.startswith(p.name) for e in errors for p in artifacts)


def test_publish_sends_credentials_to_the_configured_host_only(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    version = current("scan-status")
    wheel = tiny_wheel(dist, "scan-status", version)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    page = "/simple/scan-status/"
    ledger = ["--ledger", str(tmp_path / "published.sha256")]
    with scripted_server() as configured, scripted_server() as elsewhere:
        env = {
            "TWINE_REPOSITORY_URL": f"{configured.base_url}/",
            "TWINE_USERNAME": "publisher",
            "TWINE_PASSWORD": "s3cret-pw",
        }
        configured.answer("GET", "/simple/", 200, b"<html></html>")
        configured.answer("POST", "/", 200, b"OK")
        # Another host (by name) on this machine: never asked, so never sent the credentials;
        # the project is not held here, so the file goes up.
        away = elsewhere.base_url.replace("127.0.0.1", "localhost") + page
        configured.answer("GET", page, 303, b"", headers={"Location": away})
        done = run_generator(ROOT, "publish", "--dist", str(dist), *ledger, env=env)
        assert done.returncode == 0, done.stderr
        assert (
            f"warning: {configured.base_url}{page}: not held by this index (it redirects to "
            f"{away}, not followed: the credentials go to the configured host only); uploading"
        ) in done.stderr
        assert uploaded(done.stdout) == [wheel.name]
        assert elsewhere.requests == []
        assert "s3cret-pw" not in done.stdout + done.stderr

        # A redirect within the configured host is followed, with the credentials.
        configured.answers.clear()
        configured.requests.clear()
        configured.answer("GET", "/simple/", 200, b"<html></html>")
        configured.answer("GET", page, 301, b"", headers={"Location": "/mirror/scan-status/"})
        configured.answer(
            "GET",
            "/mirror/scan-status/",
            200,
            (
                f'<html><body><a href="../../packages/{wheel.name}#sha256={digest}">'
                f"{wheel.name}</a></body></html>"
            ).encode(),
            headers={"Content-Type": "text/html"},
        )
        followed = run_generator(ROOT, "publish", "--dist", str(dist), *ledger, env=env)
        assert followed.returncode == 0, followed.stderr
        assert f"already on the index with the same sha256, skipped: {wheel.name}" in (
            followed.stdout
        )
        assert [r.path for r in configured.requests] == ["/simple/", page, "/mirror/scan-status/"]
        assert all(
            r.headers.get("Authorization", "").startswith("Basic ") for r in configured.requests
        )

        # The configured index cannot say what it has: say so, and upload nothing.
        configured.answers.clear()
        configured.requests.clear()
        configured.answer("GET", "/simple/", 200, b"<html></html>")
        configured.answer("GET", page, 500, b"oops")
        broken = run_generator(ROOT, "publish", "--dist", str(dist), *ledger, env=env)
        assert broken.returncode == 1
        assert f"warning: cannot read {configured.base_url}{page}: HTTP 500" in broken.stderr
        assert f"refused {wheel.name}: whether the index already has it could not be read" in (
            broken.stderr
        )
        assert not [r for r in configured.requests if r.method == "POST"]


def test_a_publish_stopped_midway_names_what_went_up_and_what_stopped_it(tmp_path: Path) -> None:
    """The files that need nothing else go up in one twine run; when the index refuses the
    second, the first is reported uploaded, the second refused, and its dependant never sent."""
    dist = tmp_path / "dist"
    dist.mkdir()
    versions = current_versions(ROOT)
    clients = sorted(name for name in versions if name != "scan-status")[:2]
    first, second = (tiny_wheel(dist, name, str(versions[name])) for name in clients)
    dependant = tiny_wheel(dist, "scan-status", current("scan-status"), *clients)
    with scripted_server() as index:  # no project pages: the index has none of them yet
        index.answer("GET", "/simple/", 200, b"<html></html>")
        index.answer("POST", "/", 200, b"OK")
        index.answer("POST", "/", 409, b"Conflict: already exists")
        env = {
            "TWINE_REPOSITORY_URL": f"{index.base_url}/",
            "TWINE_USERNAME": "publisher",
            "TWINE_PASSWORD": "s3cret-pw",
        }
        done = run_generator(
            ROOT, "publish", "--dist", str(dist), "--ledger", str(tmp_path / "l"), env=env
        )
        uploads = [r.body for r in index.requests if r.method == "POST"]
    assert done.returncode == 1
    assert uploaded(done.stdout) == [first.name]
    assert f"refused {second.name}: the index says it already exists" in done.stderr
    assert len(uploads) == 2 and second.name.encode() in uploads[1]
    assert not any(dependant.name.encode() in body for body in uploads)
    assert "s3cret-pw" not in done.stdout + done.stderr
    assert (tmp_path / "l").read_text().split() == [
        hashlib.sha256(first.read_bytes()).hexdigest(),
        first.name,
    ]


PASSWORD_FORMS = "p@ss w/rd:%&é"  # every character URL-encoding changes, and one not ASCII


def forms_of(user: str, password: str) -> list[str]:
    pair = f"{user}:{password}"
    tokens = [base64.b64encode(pair.encode(e)).decode() for e in ("utf-8", "latin-1")]
    return [password, quote(password, safe=""), quote_plus(password), pair, *tokens]


def version_of_scan_status(dist: Path) -> Path:
    return tiny_wheel(dist, "scan-status", current("scan-status"))


@pytest.mark.parametrize("where", ["environment", "repository URL", "keyring"])
def test_no_form_of_the_credentials_reaches_the_output(where: str, tmp_path: Path) -> None:
    """An index that echoes the credentials in every form, refusing the upload: publish reports
    the failure with each form masked, wherever the password came from."""
    dist = tmp_path / "dist"
    dist.mkdir()
    version_of_scan_status(dist)
    with echoing_index() as url:
        env = {"TWINE_USERNAME": "publisher", "TWINE_PASSWORD": PASSWORD_FORMS}
        upload_url = f"{url}/"
        if where == "repository URL":
            netloc = f"publisher:{quote(PASSWORD_FORMS, safe='')}@"
            upload_url = f"{url[:7]}{netloc}{url[7:]}/"
            env = {"TWINE_USERNAME": "", "TWINE_PASSWORD": ""}
        elif where == "keyring":
            keyring = tmp_path / "keyring.json"
            keyring.write_text(json.dumps({upload_url: {"publisher": PASSWORD_FORMS}}))
            env = {
                "TWINE_USERNAME": "publisher",
                "TWINE_PASSWORD": "",
                "PYTHON_KEYRING_BACKEND": "tests.support.file_keyring.FileKeyring",
                "SCAN_STATUS_TEST_KEYRING": str(keyring),
            }
        done = run_generator(
            ROOT,
            "publish",
            "--dist",
            str(dist),
            "--ledger",
            str(tmp_path / "ledger"),
            env={**env, "TWINE_REPOSITORY_URL": upload_url},
        )
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert "you sent Basic *** meaning ***, password *** *** ***" in output, output
    for form in forms_of("publisher", PASSWORD_FORMS):
        assert form not in output, (form, output)
