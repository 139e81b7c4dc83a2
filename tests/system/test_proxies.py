"""Proxies, against a real forward proxy (proxy.py, as users start it) on 127.0.0.1: the
environment's (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY) as httpx reads it, and `proxy=`;
https vendors through CONNECT, plain http only when asked (credentials in clear otherwise).

Each test proves the route from both ends: the vendor's server got the request, and the proxy's
access log names it (or, for NO_PROXY and trust_env=False, does not).
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterator
from typing import Any

import pytest
import trio
import trustme

import scan_status
from scan_status import InsecureProxyError, ScanState, TransportError
from scan_status.transport import NO_RETRIES
from scan_status.vendors.threadfix import ThreadFixAdapter
from tests.support.forward_proxy import ForwardProxy, forward_proxy
from tests.support.http_server import ScriptedServer, scripted_server
from tests.support.vendor_answers import SECRET, TF_PATH, threadfix_body

PROXY_VARIABLES = ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"]


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ForwardProxy]:
    with forward_proxy(tmp_path_factory.mktemp("proxy")) as running:
        yield running


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def bundle(authority: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy variable of the machine running the tests leaks in (either case)."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def https_vendor(authority: trustme.CA) -> Iterator[ScriptedServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    with scripted_server(tls=context) as running:
        running.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
        yield running


@pytest.fixture
def http_vendor() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        running.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
        yield running


def threadfix(server: ScriptedServer, **options: Any) -> ThreadFixAdapter:
    return scan_status.threadfix(
        base_url=f"{server.base_url}/threadfix", api_key=SECRET, retry=NO_RETRIES, **options
    )


def host_port(server: ScriptedServer) -> str:
    return server.base_url.split("://", 1)[1]


def test_https_proxy_from_the_environment_tunnels_with_connect(
    proxy: ForwardProxy,
    https_vendor: ScriptedServer,
    bundle: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    with threadfix(https_vendor, verify=bundle) as adapter:
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED
    assert https_vendor.count("GET", TF_PATH) == 1
    tunnels = proxy.wait_for(f"CONNECT {host_port(https_vendor)}")
    assert tunnels, proxy.carried()
    assert not any(SECRET in line for line in proxy.carried()), "the proxy saw only ciphertext"


def test_lower_case_and_all_proxy_are_read_too(
    proxy: ForwardProxy,
    https_vendor: ScriptedServer,
    bundle: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("all_proxy", proxy.url)
    with threadfix(https_vendor, verify=bundle) as adapter:
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED
    assert proxy.wait_for(f"CONNECT {host_port(https_vendor)}"), proxy.carried()


def test_proxy_option_goes_through_the_proxy_with_no_environment(
    proxy: ForwardProxy, https_vendor: ScriptedServer, bundle: str
) -> None:
    with threadfix(https_vendor, verify=bundle, proxy=proxy.url) as adapter:
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED
    assert proxy.wait_for(f"CONNECT {host_port(https_vendor)}"), proxy.carried()


@pytest.mark.parametrize("library", ["asyncio", "trio"])
def test_async_calls_go_through_the_proxy_on_either_loop(
    proxy: ForwardProxy,
    https_vendor: ScriptedServer,
    bundle: str,
    monkeypatch: pytest.MonkeyPatch,
    library: str,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    adapter = threadfix(https_vendor, verify=bundle)

    async def read() -> ScanState:
        try:
            return (await adapter.aget_status(6, 41)).state
        finally:
            await adapter.aclose()

    state = asyncio.run(read()) if library == "asyncio" else trio.run(read)
    assert state is ScanState.SUCCEEDED
    assert proxy.wait_for(f"CONNECT {host_port(https_vendor)}"), proxy.carried()


def test_no_proxy_names_the_vendor_and_it_is_reached_directly(
    proxy: ForwardProxy,
    https_vendor: ScriptedServer,
    bundle: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "example.com, 127.0.0.1")
    with threadfix(https_vendor, verify=bundle) as adapter:
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED
    assert https_vendor.count("GET", TF_PATH) == 1
    # Had it gone through the proxy, the line would be logged once the adapter closed.
    assert not proxy.wait_for(f"CONNECT {host_port(https_vendor)}", timeout=1.0)


def test_trust_env_false_ignores_the_environment(
    https_vendor: ScriptedServer, bundle: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # nothing listens: would fail
    with threadfix(https_vendor, verify=bundle, trust_env=False) as adapter:
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED
    with threadfix(https_vendor, verify=bundle) as adapter, pytest.raises(TransportError):
        adapter.get_status(6, 41)  # the default reads it, as httpx does


def test_a_plain_http_vendor_is_not_sent_through_a_proxy_in_clear_text(
    proxy: ForwardProxy, http_vendor: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    with pytest.raises(InsecureProxyError) as refused:
        threadfix(http_vendor)
    message = str(refused.value)
    assert "allow_plaintext_proxy=True" in message and "NO_PROXY" in message
    assert SECRET not in message
    with pytest.raises(InsecureProxyError):
        threadfix(http_vendor, proxy=proxy.url, trust_env=False)
    assert http_vendor.requests == []
    assert not [line for line in proxy.carried() if host_port(http_vendor) in line]


def test_a_plain_http_vendor_goes_through_the_proxy_when_asked(
    proxy: ForwardProxy, http_vendor: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    with threadfix(http_vendor, allow_plaintext_proxy=True) as adapter:
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED
    assert http_vendor.requests[0].headers["Authorization"] == f"APIKEY {SECRET}"
    assert proxy.wait_for(f"GET {host_port(http_vendor)}{TF_PATH}"), proxy.carried()


def test_proxy_credentials_in_its_url_never_reach_a_message(
    http_vendor: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://me:proxy-pa55word@127.0.0.1:9")
    with pytest.raises(InsecureProxyError) as refused:
        threadfix(http_vendor)
    assert "proxy-pa55word" not in str(refused.value)


def test_proxy_and_an_own_transport_together_are_refused() -> None:
    import httpx

    with pytest.raises(ValueError, match="give them to your transport"):
        scan_status.threadfix(
            base_url="https://127.0.0.1:9/threadfix",
            api_key=SECRET,
            proxy="http://127.0.0.1:9",
            transport=httpx.HTTPTransport(),
        )


def test_the_environment_is_read_when_the_adapter_is_built_not_per_request(
    proxy: ForwardProxy,
    https_vendor: ScriptedServer,
    bundle: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    with threadfix(https_vendor, verify=bundle) as adapter:
        monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # read no more
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED
    assert proxy.wait_for(f"CONNECT {host_port(https_vendor)}"), proxy.carried()


def test_https_through_the_proxy_still_verifies_the_vendor(
    proxy: ForwardProxy, https_vendor: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    with threadfix(https_vendor) as adapter, pytest.raises(TransportError, match="CERTIFICATE"):
        adapter.get_status(6, 41)
    assert https_vendor.requests == []


@pytest.mark.parametrize("variable", ["HTTPS_PROXY", "ALL_PROXY"])
def test_a_proxy_url_httpx_cannot_use_is_named_without_its_password(
    variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, "ftp://me:proxy-pa55word@127.0.0.1:21")
    with pytest.raises(ValueError, match=f"the environment's {variable}") as refused:
        scan_status.threadfix(base_url="https://127.0.0.1:9/threadfix", api_key=SECRET)
    assert "proxy-pa55word" not in str(refused.value) and refused.value.__cause__ is None
    with pytest.raises(ValueError, match="proxy=") as given:
        scan_status.threadfix(
            base_url="https://127.0.0.1:9/threadfix",
            api_key=SECRET,
            proxy="gopher://me:proxy-pa55word@127.0.0.1:70",
        )
    assert "proxy-pa55word" not in str(given.value)
