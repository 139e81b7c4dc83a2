"""Publishing's pure logic: upload order from each file's metadata, and masking the credentials."""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from generator.release.audit import Ledger, risks_on
from generator.release.credentials import Credentials, mask, resolve
from generator.release.distribute import upload_batches, upload_order
from generator.release.index_pages import Listed, Page
from generator.release.releasable import read_artifact
from tests.support.artifacts import tiny_sdist as sdist
from tests.support.artifacts import tiny_wheel as wheel

pytestmark = pytest.mark.pure  # reads no fact a release changes (tests/conftest.py)


def test_dependencies_go_up_before_their_dependants(tmp_path: Path) -> None:
    files = [
        wheel(tmp_path, "aardvark-status", "2.0.0", "zebra-client>=0.2,<1", "httpx>=0.28"),
        sdist(tmp_path, "aardvark-status", "2.0.0", "zebra-client>=0.2,<1"),
        wheel(tmp_path, "zebra-client", "0.2.0", "middle-lib; extra == 'x'"),
        sdist(tmp_path, "zebra-client", "0.2.0"),
        wheel(tmp_path, "middle-client", "1.0.0"),
    ]
    order = [a.path.name for a in upload_order([read_artifact(p) for p in files])]
    assert order.index("zebra_client-0.2.0-py3-none-any.whl") < order.index(
        "aardvark_status-2.0.0-py3-none-any.whl"
    )
    assert order.index("zebra_client-0.2.0.tar.gz") < order.index("aardvark_status-2.0.0.tar.gz")
    assert sorted(order) == sorted(p.name for p in files)
    assert read_artifact(files[0]).requires == frozenset({"zebra-client", "httpx"})
    assert read_artifact(files[2]).requires == frozenset(), "an extra's requirement is not needed"
    assert read_artifact(files[1]).project == "aardvark-status"


def test_each_batch_needs_only_earlier_batches_and_puts_wheels_first(tmp_path: Path) -> None:
    """One twine run a batch: a file's dependency is never in its own batch or a later one,
    and within a batch wheels come first, the order twine uploads them in."""
    files = [
        sdist(tmp_path, "top-status", "1.0.0", "mid-client"),
        wheel(tmp_path, "top-status", "1.0.0", "mid-client", "base-client"),
        sdist(tmp_path, "mid-client", "1.0.0", "base-client"),
        wheel(tmp_path, "mid-client", "1.0.0", "base-client"),
        sdist(tmp_path, "base-client", "1.0.0"),
        wheel(tmp_path, "base-client", "1.0.0", "httpx"),
        sdist(tmp_path, "alpha-client", "1.0.0"),  # by name before the wheels
    ]
    batches = upload_batches([read_artifact(p) for p in files])
    assert [sorted(a.project for a in batch) for batch in batches] == [
        ["alpha-client", "base-client", "base-client"],
        ["mid-client", "mid-client"],
        ["top-status", "top-status"],
    ]
    for batch in batches:
        kinds = [a.name.endswith(".whl") for a in batch]
        assert kinds == sorted(kinds, reverse=True), [a.name for a in batch]
    assert upload_order([read_artifact(p) for p in files]) == [a for b in batches for a in b]


@pytest.mark.parametrize("password", ["x", "c", "correct horse battery", "pa$$", "p@ss:w/rd%"])
def test_masking_the_credentials_leaves_everything_else_intact(password: str) -> None:
    credentials = Credentials("publisher", password)
    token = base64.b64encode(f"publisher:{password}".encode()).decode()
    text = (
        "Uploading cortex_netscan_client-0.1.0-py3-none-any.whl\n"
        f"https://publisher:{quote(password, safe='')}@index.example/ said: wrong password {password}\n"
        f"echo: Authorization: Basic {token}\n"
        f"form: password={quote_plus(password)}&user=publisher\n"
    )
    masked = mask(text, credentials)
    assert "Uploading cortex_netscan_client-0.1.0-py3-none-any.whl\n" in masked
    assert "https://***@index.example/ said: wrong password ***\n" in masked
    assert "Authorization: Basic ***\n" in masked
    assert "form: password=***&user=publisher" in masked


def test_credentials_come_from_the_environment_first_then_the_urls_userinfo() -> None:
    url, found = resolve("https://up%40load:p%40ss%3Aw@index.example/", {})
    assert url == "https://index.example/"
    assert (found.username, found.password, found.source) == ("up@load", "p@ss:w", "repository URL")
    assert "p@ss" not in repr(found)
    environment = {"TWINE_USERNAME": "publisher", "TWINE_PASSWORD": "from-env"}
    url, found = resolve("https://u:p@index.example/", environment)
    assert (found.username, found.password, found.source) == (
        "publisher",
        "from-env",
        "environment",
    )


def test_the_ledger_reads_sha256sum_lines_and_names_a_bad_one(tmp_path: Path) -> None:
    path = tmp_path / "published.sha256"
    ledger = Ledger(path)
    assert ledger.entries() == {}
    ledger.add({"b-1.0.tar.gz": "b" * 64, "a-1.0.tar.gz": "a" * 64})
    assert path.read_text() == f"{'a' * 64}  a-1.0.tar.gz\n{'b' * 64}  b-1.0.tar.gz\n"
    with path.open("a") as more:
        more.write("not a digest  c-1.0.tar.gz\n")
    with pytest.raises(ValueError, match=rf"{path.name}:3: not `sha256  filename`"):
        ledger.entries()


def test_each_risk_says_where_the_file_is_served_from() -> None:
    index = "http://127.0.0.1:3141/publisher/internal/"
    ours, theirs = "1" * 64, "2" * 64
    page = Page(
        f"{index}+simple/threadfix-client/",
        (
            Listed(
                "threadfix_client-1.0.0.tar.gz",
                ours,
                f"{index}+f/111/threadfix_client-1.0.0.tar.gz",
            ),
            Listed(
                "threadfix_client-99.0.tar.gz",
                theirs,
                f"{index}+f/222/threadfix_client-99.0.tar.gz",
            ),
            Listed(
                "threadfix_client-98.0.tar.gz",
                theirs,
                "http://127.0.0.1:3141/root/pypi/+f/333/threadfix_client-98.0.tar.gz",
            ),
            Listed("threadfix_client-97.0.tar.gz", None, "https://files.example/t-97.0.tar.gz"),
        ),
    )
    found = {r.filename: r.where for r in risks_on(page, "threadfix-client", {ours}, index)}
    assert found == {
        "threadfix_client-99.0.tar.gz": "on this index: uploaded by someone else, or merged in "
        "from a repository behind it",
        "threadfix_client-98.0.tar.gz": "served from another index on this server, a base of "
        "this one (/root/pypi/)",
        "threadfix_client-97.0.tar.gz": "served from another host (a fallback or mirror)",
    }
    elsewhere = Page(f"{index}+simple/x/", None, "https://pypi.org/simple/x/")
    assert [str(r) for r in risks_on(elsewhere, "x", {ours}, index)] == [
        "dependency-confusion risk: x: this index does not hold it and sends installers to "
        "another host for it (https://pypi.org/simple/x/)"
    ]
    assert risks_on(Page(f"{index}+simple/x/", None), "x", {ours}, index) == []
