"""Is my scan done, and did it work? One status vocabulary over many scanning vendors' APIs.

    import scan_status
    with scan_status.threadfix(base_url="https://tf.example.com/threadfix", api_key=KEY) as tf:
        status = tf.wait(6, 41)            # polls until SUCCEEDED, FAILED or CANCELLED
        print(status.state, status.raw)    # ScanState.SUCCEEDED 'DONE'

The vendor adapters (and their generated clients and httpx) are imported on first use.
A status value nobody mapped reads as UNKNOWN; map it from your code, process-wide with
`scan_status.map_status("threadfix", "SCAN_ARCHIVED", ScanState.CANCELLED)` or per adapter with
`scan_status.threadfix(..., mapping={"SCAN_ARCHIVED": ScanState.CANCELLED})`. Many scans at once:
`adapter.wait_all(ids)` (or `await adapter.await_all(ids)`), one WaitResult per scan. One poll
for a scheduler to carry on: `status, state = adapter.poll(scan, state)` (docs/fleet.md).
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, cast

from scan_status import mapping as _mapping
from scan_status import vendors
from scan_status.errors import (
    AuthenticationError,
    InsecureProxyError,
    InvalidArgumentError,
    NotFoundError,
    RateLimitedError,
    ScanStatusError,
    TransportError,
    UnknownStatusError,
    UnknownVendorError,
    UnmappableStateError,
    VendorError,
    VendorResponseError,
    WaitTimeoutError,
)
from scan_status.normalize import normalize
from scan_status.overrides import clear_status_mappings, map_status, map_statuses
from scan_status.states import TERMINAL_STATES, ScanState
from scan_status.status import NormalizedStatus

# A library's logging: records under `scan_status.<module>`, printed only where the application
# configures logging (no last-resort handler on stderr).
logging.getLogger(__name__).addHandler(logging.NullHandler())

if TYPE_CHECKING:
    import ssl

    import httpx

    from scan_status.adapters import PollingAdapter
    from scan_status.overrides import Rows
    from scan_status.polling import Polled, PollState, WaitPolicy
    from scan_status.transport import RetryPolicy
    from scan_status.vendors.cortex import CortexAdapter
    from scan_status.vendors.neostra import NeostraAdapter
    from scan_status.vendors.protecto import ProtectoAdapter
    from scan_status.vendors.threadfix import ThreadFixAdapter
    from scan_status.waiting import WaitResult

    __version__: str

__all__ = [
    "TERMINAL_STATES",
    "AuthenticationError",
    "CortexKeyKind",
    "InsecureProxyError",
    "InvalidArgumentError",
    "NormalizedStatus",
    "NotFoundError",
    "PollState",
    "Polled",
    "ProtectoRoute",
    "RateLimitedError",
    "RetryPolicy",
    "ScanState",
    "ScanStatusError",
    "TransportError",
    "UnknownStatusError",
    "UnknownVendorError",
    "UnmappableStateError",
    "VendorError",
    "VendorResponseError",
    "WaitPolicy",
    "WaitResult",
    "WaitTimeoutError",
    "adapter",
    "clear_status_mappings",
    "cortex",
    "map_status",
    "map_statuses",
    "neostra",
    "normalize",
    "protecto",
    "threadfix",
]


# Typed factories for the built-in vendors; each vendor's room (scan_status/vendors/<key>.py)
# alone knows its credentials and headers. Any registered vendor: scan_status.adapter(key, ...).
# Every factory takes the same options after its credentials and settings (the contract of
# scan_status/vendors/_room.py's ADAPTER_OPTIONS); tests/unit/test_factories.py keeps their
# names, choices and defaults in step with the registry and the adapters.

# The vendors' own choices: their rooms' `settings`, the first the default.
ProtectoRoute = Literal["auto", "current", "2024"]
CortexKeyKind = Literal["standard", "advanced"]


@functools.cache
def _defaults(factory: Callable[..., Any]) -> dict[str, Any]:
    return {
        name: param.default
        for name, param in inspect.signature(factory).parameters.items()
        if param.default is not inspect.Parameter.empty
    }


def _create(vendor: str, **arguments: Any) -> Any:
    # Deferred: the adapters' layer (the transport, waiting) loads with the first adapter built;
    # `import scan_status` is the vocabulary alone.
    from scan_status import adapters

    return adapters.create(vendor, **arguments)


def _built(vendor: str, factory: Callable[..., Any], arguments: dict[str, Any]) -> Any:
    """The vendor's adapter from a typed factory's arguments. An option left at its default is
    not passed on: the adapter's own default holds, so the two can never disagree."""
    defaults = _defaults(factory)
    given = {
        name: value
        for name, value in arguments.items()
        if name not in defaults or value is not defaults[name]
    }
    return _create(vendor, **given)


def threadfix(
    *,
    base_url: str,
    api_key: str,
    api_version: str | None = "latest",
    timeout: float | httpx.Timeout | None = None,
    retry: RetryPolicy | None = None,
    strict: bool = False,
    max_response_bytes: int | None = None,
    mapping: Rows | None = None,
    proxy: str | httpx.Proxy | None = None,
    trust_env: bool = True,
    verify: bool | str | ssl.SSLContext = True,
    cert: str | tuple[str, str] | tuple[str, str, str] | None = None,
    event_hooks: Mapping[str, Sequence[Callable[..., Any]]] | None = None,
    async_event_hooks: Mapping[str, Sequence[Callable[..., Any]]] | None = None,
    transport: httpx.BaseTransport | None = None,
    async_transport: httpx.AsyncBaseTransport | None = None,
    allow_plaintext_proxy: bool = False,
) -> ThreadFixAdapter:
    """ThreadFix, e.g. base_url="https://host/threadfix".

    - `api_version`: the path's version segment ("latest", "v2.4", "legacy", ...); None for the
      unversioned legacy path.
    - `timeout` (seconds or an httpx.Timeout), `retry` (a RetryPolicy), `strict` (an unmapped
      value raises UnknownStatusError instead of reading as UNKNOWN), `max_response_bytes`.
    - `mapping={"SCAN_ARCHIVED": ScanState.CANCELLED}`: this adapter's own rows, winning over
      every other mapping.
    - The network, as httpx takes it: `proxy` (None: HTTP(S)_PROXY / NO_PROXY when `trust_env`),
      `verify` (False, a CA bundle's path or an ssl.SSLContext), `cert` (a client certificate),
      `event_hooks` / `async_event_hooks` (fired once per attempt), `transport` /
      `async_transport` (your own, under our retries, deadlines, caps and scrubbing),
      `allow_plaintext_proxy` (send the credentials to a plain-http vendor through a proxy,
      which sees them; refused by default).

    Every factory takes these options after its credentials and settings.
    """
    return cast("ThreadFixAdapter", _built("threadfix", threadfix, locals()))


def protecto(
    *,
    base_url: str,
    token: str,
    route: ProtectoRoute = "auto",
    timeout: float | httpx.Timeout | None = None,
    retry: RetryPolicy | None = None,
    strict: bool = False,
    max_response_bytes: int | None = None,
    mapping: Rows | None = None,
    proxy: str | httpx.Proxy | None = None,
    trust_env: bool = True,
    verify: bool | str | ssl.SSLContext = True,
    cert: str | tuple[str, str] | tuple[str, str, str] | None = None,
    event_hooks: Mapping[str, Sequence[Callable[..., Any]]] | None = None,
    async_event_hooks: Mapping[str, Sequence[Callable[..., Any]]] | None = None,
    transport: httpx.BaseTransport | None = None,
    async_transport: httpx.AsyncBaseTransport | None = None,
    allow_plaintext_proxy: bool = False,
) -> ProtectoAdapter:
    """Protecto, e.g. `base_url="https://<your domain>/api/vault"` (Data Scan APIs need a
    subscription). `route`: "current" (PUT /data-scan/status), "2024" (PUT /data-scan-status)
    or "auto" (the current route, falling back to the 2024 one on a 404). The other options
    are threadfix()'s."""
    return cast("ProtectoAdapter", _built("protecto", protecto, locals()))


def cortex(
    *,
    base_url: str,
    api_key: str,
    api_key_id: str,
    key_kind: CortexKeyKind = "standard",
    fields: Sequence[str] = ("status",),
    timeout: float | httpx.Timeout | None = None,
    retry: RetryPolicy | None = None,
    strict: bool = False,
    max_response_bytes: int | None = None,
    mapping: Rows | None = None,
    proxy: str | httpx.Proxy | None = None,
    trust_env: bool = True,
    verify: bool | str | ssl.SSLContext = True,
    cert: str | tuple[str, str] | tuple[str, str, str] | None = None,
    event_hooks: Mapping[str, Sequence[Callable[..., Any]]] | None = None,
    async_event_hooks: Mapping[str, Sequence[Callable[..., Any]]] | None = None,
    transport: httpx.BaseTransport | None = None,
    async_transport: httpx.AsyncBaseTransport | None = None,
    allow_plaintext_proxy: bool = False,
) -> CortexAdapter:
    """Cortex XSIAM, e.g. `base_url="https://api-<tenant fqdn>"`. `key_kind`: "standard" (the key
    sent as it is) or "advanced" (a hash of key, nonce and time, made afresh for every request);
    `fields`: the run's fields to ask for. The other options are threadfix()'s."""
    return cast("CortexAdapter", _built("cortex", cortex, locals()))


def neostra(
    *,
    base_url: str,
    token: str,
    timeout: float | httpx.Timeout | None = None,
    retry: RetryPolicy | None = None,
    strict: bool = False,
    max_response_bytes: int | None = None,
    mapping: Rows | None = None,
    proxy: str | httpx.Proxy | None = None,
    trust_env: bool = True,
    verify: bool | str | ssl.SSLContext = True,
    cert: str | tuple[str, str] | tuple[str, str, str] | None = None,
    event_hooks: Mapping[str, Sequence[Callable[..., Any]]] | None = None,
    async_event_hooks: Mapping[str, Sequence[Callable[..., Any]]] | None = None,
    transport: httpx.BaseTransport | None = None,
    async_transport: httpx.AsyncBaseTransport | None = None,
    allow_plaintext_proxy: bool = False,
) -> NeostraAdapter:
    """Neostra, e.g. base_url="https://api.neostra.io"; it reports task statuses
    (set_task_status). The options are threadfix()'s."""
    return cast("NeostraAdapter", _built("neostra", neostra, locals()))


def adapter(vendor: str, *, base_url: str, **credentials_and_options: Any) -> PollingAdapter:
    """Any registered vendor that has a status to read: adapter("acme", base_url=..., token=...).

    A vendor with no status to read (Neostra) has its own factory; asking for it here raises
    UnknownVendorError.
    """
    from scan_status.adapters import PollingAdapter  # deferred, as in _create

    if not vendors.get(vendor).ids:
        raise UnknownVendorError(f"{vendor} has no status to read; use scan_status.{vendor}(...)")
    built = _create(vendor, base_url=base_url, **credentials_and_options)
    assert isinstance(built, PollingAdapter)
    return built


def __getattr__(name: str) -> Any:
    if name == "__version__":  # the installed distribution's: one source, pyproject.toml
        from importlib.metadata import version

        return version("scan-status")
    # The policies are loaded only when asked for: `import scan_status` is the vocabulary alone.
    if name == "RetryPolicy":
        from scan_status.transport import RetryPolicy  # deferred (see above)

        return RetryPolicy
    if name in ("WaitPolicy", "PollState", "Polled"):
        from scan_status import polling  # deferred (see above)

        return getattr(polling, name)
    if name == "WaitResult":
        from scan_status import waiting  # deferred (see above)

        return waiting.WaitResult
    # A vendor's factory: scan_status.acme(...), for a vendor registered from outside or a
    # built-in one without a factory above (a new room). Built-in keys are read from mapping.py's
    # TABLES, not by loading the rooms: that would import them while a submodule of ours is
    # still importing (`from scan_status import x` asks this hook first); the room loads when
    # the factory is called.
    if name in vendors.registered() or name in _mapping.TABLES:
        return lambda **arguments: _create(name, **arguments)
    raise AttributeError(
        f"module 'scan_status' has no attribute {name!r}; a vendor registered later is "
        f"scan_status.adapter({name!r}, base_url=..., ...)"
    )
