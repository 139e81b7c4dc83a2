"""TLS: verification is on by default, against a real HTTPS server on 127.0.0.1 whose
certificate comes from a private CA (trustme)."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trio
import trustme

import scan_status
from scan_status import ScanState, TransportError
from scan_status.transport import NO_RETRIES
from scan_status.transport.connection import tls_context
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
    context = tls_context(True, True, None, trust_env=True)
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0
    https = tls_context(False, True, None, trust_env=True)
    assert https.verify_mode is ssl.CERT_REQUIRED and https.cert_store_stats()["x509_ca"] > 0
    unverified = tls_context(True, False, None, trust_env=True)
    assert unverified.verify_mode is ssl.CERT_NONE


@pytest.fixture
def bundle(authority: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return str(path)


def test_verify_takes_a_ca_bundle_path_or_an_ssl_context(
    server: ScriptedServer, authority: trustme.CA, bundle: str
) -> None:
    with threadfix_with(server, verify=bundle) as adapter:
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED
    context = ssl.create_default_context()
    authority.configure_trust(context)
    with threadfix_with(server, verify=context) as adapter:
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED
    with threadfix_with(server, verify=False) as adapter:  # and off, when asked
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED


def test_a_ca_bundle_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.pem")
    with pytest.raises(ValueError, match=r"nowhere\.pem"):
        scan_status.threadfix(
            base_url="https://127.0.0.1:9/threadfix", api_key=SECRET, verify=missing
        )


@pytest.fixture
def mutual(authority: trustme.CA) -> Iterator[ScriptedServer]:
    """A server that refuses any client without a certificate from `authority`."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    context.verify_mode = ssl.CERT_REQUIRED
    authority.configure_trust(context)
    with scripted_server(tls=context) as running:
        running.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
        yield running


@pytest.mark.parametrize("library", ["sync", "asyncio", "trio"])
def test_a_server_requiring_a_client_certificate(
    mutual: ScriptedServer, authority: trustme.CA, bundle: str, tmp_path: Path, library: str
) -> None:
    client = authority.issue_cert("scan-status-client@example.com")
    together = tmp_path / "client.pem"  # certificate and key in one file
    client.private_key_and_cert_chain_pem.write_to_path(str(together))
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    client.cert_chain_pems[0].write_to_path(str(certificate))
    client.private_key_pem.write_to_path(str(key))

    def read(**options: Any) -> ScanState:
        adapter = threadfix_with(mutual, verify=bundle, **options)
        if library == "sync":
            with adapter:
                return adapter.get_status(6, 41).state

        async def in_loop() -> ScanState:
            async with adapter:
                return (await adapter.aget_status(6, 41)).state

        return asyncio.run(in_loop()) if library == "asyncio" else trio.run(in_loop)

    with pytest.raises(TransportError):
        read()
    assert mutual.requests == [], "refused before any request was read"
    assert read(cert=str(together)) is ScanState.SUCCEEDED
    assert read(cert=(str(certificate), str(key))) is ScanState.SUCCEEDED
    assert mutual.count("GET", TF_PATH) == 2


def test_a_client_certificate_that_cannot_be_loaded_is_named(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot load the client certificate") as refused:
        scan_status.threadfix(
            base_url="https://127.0.0.1:9/threadfix",
            api_key=SECRET,
            cert=(str(tmp_path / "c.pem"), str(tmp_path / "k.pem"), "key-pa55"),
        )
    assert "c.pem" in str(refused.value) and "key-pa55" not in str(refused.value)


def threadfix_with(server: ScriptedServer, **options: Any) -> ThreadFixAdapter:
    return scan_status.threadfix(
        base_url=f"{server.base_url}/threadfix", api_key=SECRET, retry=NO_RETRIES, **options
    )
