"""TLS: verification is on by default, against a real HTTPS server on 127.0.0.1 whose
certificate comes from a private CA (trustme)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

import scan_status
from scan_status import ScanState, TransportError
from scan_status.transport import NO_RETRIES
from scan_status.transport.http import tls_for
from scan_status.vendors.threadfix import ThreadFixAdapter
from tests.support.http_server import ScriptedServer, scripted_server
from tests.support.vendor_answers import SECRET, TF_PATH, threadfix_body


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def server(authority: trustme.CA) -> Iterator[ScriptedServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    with scripted_server(tls=context) as running:
        running.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
        yield running


def threadfix(server: ScriptedServer) -> ThreadFixAdapter:
    return scan_status.threadfix(
        base_url=f"{server.base_url}/threadfix", api_key=SECRET, retry=NO_RETRIES
    )


def test_a_certificate_nobody_trusts_is_refused(server: ScriptedServer) -> None:
    with threadfix(server) as adapter, pytest.raises(TransportError, match="CERTIFICATE_VERIFY"):
        adapter.get_status(6, 41)
    assert server.requests == [], "nothing was sent over the untrusted connection"


def test_a_private_ca_named_in_ssl_cert_file_is_trusted(
    server: ScriptedServer, authority: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))  # httpx reads it, as for any client
    with threadfix(server) as adapter:
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED


def test_a_plain_http_vendor_loads_no_certificates_and_trusts_none() -> None:
    context = tls_for("http://user:pw@127.0.0.1:9/threadfix", True)
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0
    assert tls_for("https://127.0.0.1:9/threadfix", True) is True
    assert tls_for("http://127.0.0.1:9/threadfix", False) is False
