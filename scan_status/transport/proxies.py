"""Which proxy, if any, a vendor's requests go through: `proxy=`, or the environment as httpx
reads it (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY, in either case, lower case first).

An adapter talks to one host, so the choice is made once, when the adapter is built: no request
looks at the environment. The environment is read with the standard library's getproxies(), as
httpx does, and NO_PROXY has httpx's (curl's) meaning: `*` is every host; `example.com` is that
host and its subdomains, `.example.com` its subdomains only; an IP address (or a network such
as 10.0.0.0/8), `localhost`, and `scheme://host[:port]` match as written.
"""

from __future__ import annotations

import ipaddress
from urllib.request import getproxies

import httpx

ProxyOption = str | httpx.Proxy | None


def proxy_for(url: httpx.URL, proxy: ProxyOption, trust_env: bool) -> httpx.Proxy | None:
    """The proxy requests to `url` go through: `proxy` when given, else the environment's
    (when `trust_env`), else none."""
    if proxy is not None:
        return proxy if isinstance(proxy, httpx.Proxy) else _proxy(proxy, "proxy=")
    if not trust_env:
        return None
    found = getproxies()
    if _bypassed(url, found.get("no", "")):
        return None
    scheme = url.scheme if found.get(url.scheme) else "all"
    chosen = found.get(scheme)
    if not chosen:
        return None
    where = f"the environment's {scheme.upper()}_PROXY"
    return _proxy(chosen if "://" in chosen else f"http://{chosen}", where)


def _proxy(url: str, where: str) -> httpx.Proxy:
    """httpx's Proxy for `url`; a ValueError naming `where` (never the URL, which may hold the
    proxy's password) for one httpx cannot use."""
    try:
        return httpx.Proxy(url)
    except (ValueError, TypeError, httpx.InvalidURL) as err:
        scheme = url.partition("://")[0] if "://" in url else "?"
        reason = "unsupported scheme" if "scheme" in str(err).lower() else type(err).__name__
        raise ValueError(
            f"{where}: not a proxy URL httpx can use ({reason}; scheme {scheme!r}; http, "
            "https, socks5 and socks5h are)"
        ) from None


def _bypassed(url: httpx.URL, no_proxy: str) -> bool:
    host = url.host.lower()
    port = url.port or (443 if url.scheme == "https" else 80)
    for entry in (part.strip().lower() for part in no_proxy.split(",")):
        if not entry:
            continue
        if entry == "*":
            return True
        if "://" in entry:
            given = httpx.URL(entry)
            same_port = given.port is None or given.port == port
            if (
                given.scheme in (url.scheme, "all")
                and _host_matches(host, given.host)
                and same_port
            ):
                return True
            continue
        name, _, given_port = entry.rpartition(":") if _has_port(entry) else (entry, "", "")
        if given_port and int(given_port) != port:
            continue
        if _host_matches(host, name.strip("[]")):
            return True
    return False


def _has_port(entry: str) -> bool:
    """host:port or [v6]:port, not a bare IPv6 address."""
    if entry.startswith("["):
        return "]:" in entry
    return entry.count(":") == 1 and entry.rpartition(":")[2].isdigit()


def _host_matches(host: str, entry: str) -> bool:
    if not entry:
        return False
    network = _network(entry)
    if network is not None:
        address = _address(host)
        return address is not None and address in network
    if entry.startswith("."):
        return host.endswith(entry)
    return host == entry or host.endswith("." + entry)


def _network(entry: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return None


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
