"""Which proxy an adapter's requests take, from proxy= and the environment (pure logic: the
environment is this test's own). The routes themselves are tested through a real proxy in
tests/system/test_proxies.py."""

from __future__ import annotations

import httpx
import pytest

from scan_status.transport.proxies import proxy_for

pytestmark = pytest.mark.pure  # reads no fact a release changes (tests/conftest.py)

PROXY = "http://proxy.internal:3128"


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def chosen(url: str, *, trust_env: bool = True, proxy: str | None = None) -> str | None:
    found = proxy_for(httpx.URL(url), proxy, trust_env)
    return None if found is None else str(found.url)


def test_the_scheme_s_variable_then_all_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", PROXY)
    assert chosen("https://vendor.example.com/x") == PROXY
    assert chosen("http://vendor.example.com/x") is None
    monkeypatch.setenv("ALL_PROXY", "http://all.internal:8080")
    assert chosen("http://vendor.example.com/x") == "http://all.internal:8080"
    assert chosen("https://vendor.example.com/x") == PROXY, "the scheme's own variable wins"


def test_a_bare_host_port_is_an_http_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "proxy.internal:3128")
    assert chosen("https://vendor.example.com") == PROXY


def test_trust_env_false_and_an_explicit_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", PROXY)
    assert chosen("https://vendor.example.com", trust_env=False) is None
    given = "http://other.internal:9"
    assert chosen("https://vendor.example.com", proxy=given, trust_env=False) == given
    monkeypatch.setenv("NO_PROXY", "*")
    assert chosen("https://vendor.example.com", proxy=given) == given, "proxy= always applies"


@pytest.mark.parametrize(
    ("no_proxy", "url", "bypassed"),
    [
        ("*", "https://anything.example.org", True),
        ("example.com", "https://example.com", True),
        ("example.com", "https://api.example.com", True),
        ("example.com", "https://badexample.com", False),
        (".example.com", "https://api.example.com", True),
        (".example.com", "https://example.com", False),
        ("EXAMPLE.com", "https://Api.Example.COM", True),
        ("localhost", "https://localhost:8443", True),
        ("127.0.0.1", "https://127.0.0.1:8443", True),
        ("127.0.0.1", "https://127.0.0.2", False),
        ("10.0.0.0/8", "https://10.1.2.3", True),
        ("10.0.0.0/8", "https://11.1.2.3", False),
        ("::1", "https://[::1]:8443", True),
        ("vendor.example.com:8443", "https://vendor.example.com:8443", True),
        ("vendor.example.com:8443", "https://vendor.example.com", False),
        ("https://vendor.example.com", "https://vendor.example.com", True),
        ("http://vendor.example.com", "https://vendor.example.com", False),
        ("other.org, example.com", "https://api.example.com", True),
        ("", "https://api.example.com", False),
    ],
)
def test_no_proxy_as_httpx_and_curl_read_it(
    no_proxy: str, url: str, bypassed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALL_PROXY", PROXY)
    monkeypatch.setenv("NO_PROXY", no_proxy)
    assert (chosen(url) is None) is bypassed
