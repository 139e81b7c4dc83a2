"""How an adapter reaches its vendor: the user's HTTP options, checked and resolved once.

Every adapter takes these options (scan_status.vendors' ADAPTER_OPTIONS):

- `proxy`: a proxy URL (or an httpx.Proxy) for every request; None: the environment's, as httpx
  reads HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY (proxies.py), when `trust_env`.
- `trust_env` (True): read those, and SSL_CERT_FILE / SSL_CERT_DIR, as httpx does.
- `verify` (True): TLS verification as httpx takes it: True (the certifi bundle, or
  SSL_CERT_FILE / SSL_CERT_DIR), False (no verification), a CA bundle's path (a file or a
  directory), or an ssl.SSLContext used as given.
- `cert`: a client certificate (mutual TLS): a PEM file holding the certificate and its key, or
  (certificate, key), or (certificate, key, key password). It is loaded into the context
  `verify` gives, so an SSLContext of yours gains it.
- `event_hooks` / `async_event_hooks`: httpx's {"request": [...], "response": [...]}, fired
  once per attempt (hooks.py), the sync ones by sync calls, the async ones by async calls.
- `transport` / `async_transport`: your own httpx transport in place of scan_status's
  connection pool; the retries, deadlines, size caps, signing and scrubbing stay around it.
  `proxy`, `verify` and `cert` configure scan_status's pool, so with your own transport give
  them to it instead (passing both is a ValueError).
- `allow_plaintext_proxy` (False): see below.

Credentials never travel to a proxy in clear text unless asked: a plain-http vendor
(`http://...`) reached through a proxy (given, or from the environment) would hand every
request's key to the proxy as it is, so building such an adapter raises InsecureProxyError,
naming the remedies: an https base URL (through a proxy, https requests are tunnelled with
CONNECT and the proxy sees only ciphertext), NO_PROXY for the vendor's host, or
`allow_plaintext_proxy=True`. The proxy's own credentials (`http://user:pw@proxy`) are the
proxy's business and are sent to it as httpx sends them.

The environment is read once, when the adapter is built; no request reads it.
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import httpx

from scan_status.errors import InsecureProxyError
from scan_status.transport.hooks import Hooks, checked
from scan_status.transport.proxies import ProxyOption, proxy_for
from scan_status.transport.secrets import redacted_url

Cert = str | tuple[str, str] | tuple[str, str, str]
Verify = bool | str | ssl.SSLContext


@dataclass(frozen=True)
class HttpOptions:
    """The user's HTTP options (see the module's docstring), as an adapter was given them."""

    proxy: ProxyOption = None
    trust_env: bool = True
    verify: Verify = True
    cert: Cert | None = None
    event_hooks: Hooks | None = None
    async_event_hooks: Hooks | None = None
    transport: httpx.BaseTransport | None = None
    async_transport: httpx.AsyncBaseTransport | None = None
    allow_plaintext_proxy: bool = False

    def __post_init__(self) -> None:
        checked(self.event_hooks)
        checked(self.async_event_hooks)
        if self.transport is not None and not isinstance(self.transport, httpx.BaseTransport):
            raise TypeError(
                "transport= takes an httpx.BaseTransport (async_transport= the async one)"
            )
        if self.async_transport is not None and not isinstance(
            self.async_transport, httpx.AsyncBaseTransport
        ):
            raise TypeError("async_transport= takes an httpx.AsyncBaseTransport")
        own = self.transport is not None or self.async_transport is not None
        configured = [
            name
            for name, given in (
                ("proxy", self.proxy is not None),
                ("verify", self.verify is not True),
                ("cert", self.cert is not None),
            )
            if given
        ]
        if own and configured:
            raise ValueError(
                f"{', '.join(configured)} configure scan_status's own connection pool; with "
                "transport= or async_transport= give them to your transport instead"
            )
        if not isinstance(self.verify, bool | str | ssl.SSLContext):
            raise TypeError("verify= takes True, False, a CA bundle's path or an ssl.SSLContext")


class Reach:
    """Where an adapter's requests go and with what TLS, decided when the adapter is built."""

    def __init__(self, vendor: str, base_url: str, options: HttpOptions) -> None:
        self.vendor, self.options = vendor, options
        self.plain_http = base_url[:7].lower() == "http://"
        url = httpx.URL(base_url)
        self.proxy = proxy_for(url, options.proxy, options.trust_env)
        if self.proxy is not None and self.plain_http and not options.allow_plaintext_proxy:
            raise InsecureProxyError(
                f"{vendor}: {redacted_url(str(url.copy_with(path='/', query=None)))} is plain "
                f"http, so its credentials would reach the proxy {self.proxy.url} in clear "
                "text; use an https base URL, exclude the host with NO_PROXY, or pass "
                "allow_plaintext_proxy=True"
            )

    @cached_property
    def ssl_context(self) -> ssl.SSLContext:
        """The TLS context of every connection to the vendor (built once, for both pools)."""
        return tls_context(
            self.plain_http, self.options.verify, self.options.cert, self.options.trust_env
        )


def tls_context(
    plain_http: bool, verify: Verify, cert: Cert | None, trust_env: bool
) -> ssl.SSLContext:
    """What the pool verifies TLS with. A plain-http vendor never does TLS (every request goes to
    the base URL, and redirects are not followed), so it gets a context that trusts nothing
    instead of the certificate store httpx would load (about 20 ms): were it ever used, it
    would refuse every certificate, never accept one."""
    if plain_http and verify is not False:
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies, with no trusted roots
    if isinstance(verify, ssl.SSLContext):
        context = verify
    elif isinstance(verify, str):
        context = _bundle(verify)
    else:
        context = httpx.create_ssl_context(verify=verify, trust_env=trust_env)
    if cert is not None:
        _load_client_certificate(context, cert)
    return context


def _bundle(path: str) -> ssl.SSLContext:
    try:
        if os.path.isdir(path):
            return ssl.create_default_context(capath=path)
        return ssl.create_default_context(cafile=path)
    except (OSError, ssl.SSLError) as err:
        raise ValueError(f"verify={path!r}: not a readable CA bundle ({err})") from err


def _load_client_certificate(context: ssl.SSLContext, cert: Cert) -> None:
    files: tuple[Any, ...] = (cert,) if isinstance(cert, str) else tuple(cert)
    try:
        context.load_cert_chain(*files)
    except (OSError, ssl.SSLError) as err:
        named = files[:2]  # never the key's password
        raise ValueError(f"cert={named!r}: cannot load the client certificate ({err})") from err
