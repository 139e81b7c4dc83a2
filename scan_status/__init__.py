"""Is my scan done, and did it work? One status vocabulary over many scanning vendors' APIs.

    import scan_status
    with scan_status.threadfix(base_url="https://tf.example.com/threadfix", api_key=KEY) as tf:
        status = tf.wait(6, 41)            # polls until SUCCEEDED, FAILED or CANCELLED
        print(status.state, status.raw)    # ScanState.SUCCEEDED 'DONE'

The vendor adapters (and their generated clients and httpx) are imported on first use.
A status value nobody mapped reads as UNKNOWN; map it from your code, process-wide with
`scan_status.map_status("threadfix", "SCAN_ARCHIVED", ScanState.CANCELLED)` or per adapter with
`scan_status.threadfix(..., mapping={"SCAN_ARCHIVED": ScanState.CANCELLED})`. Many scans at once:
`adapter.wait_all(ids)` (or `await adapter.await_all(ids)`), one WaitResult per scan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from scan_status import vendors
from scan_status.errors import (
    AuthenticationError,
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

if TYPE_CHECKING:
    from scan_status.adapters import PollingAdapter
    from scan_status.transport import RetryPolicy
    from scan_status.vendors.cortex import CortexAdapter
    from scan_status.vendors.neostra import NeostraAdapter
    from scan_status.vendors.protecto import ProtectoAdapter
    from scan_status.vendors.threadfix import ThreadFixAdapter
    from scan_status.waiting import WaitPolicy, WaitResult

    __version__: str

__all__ = [
    "TERMINAL_STATES",
    "AuthenticationError",
    "NormalizedStatus",
    "NotFoundError",
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


# Typed shorthands for the built-in vendors; each vendor's room (scan_status/vendors/<key>.py)
# alone knows its credentials and headers. Any registered vendor: scan_status.adapter(key, ...).


def _built(vendor: str, **arguments: Any) -> Any:
    # Deferred: the adapters' layer (the transport, waiting) loads with the first adapter built;
    # `import scan_status` is the vocabulary alone.
    from scan_status import adapters

    return adapters.create(vendor, **arguments)


def threadfix(*, base_url: str, api_key: str, **options: Any) -> ThreadFixAdapter:
    """ThreadFix, e.g. base_url="https://host/threadfix"; options: api_version ("latest"; None for
    the unversioned legacy path), timeout, retry, verify, strict, and
    mapping={"SCAN_ARCHIVED": ScanState.CANCELLED} (this adapter's own rows, winning over every
    other mapping; every factory takes it)."""
    return cast(
        "ThreadFixAdapter", _built("threadfix", base_url=base_url, api_key=api_key, **options)
    )


def protecto(*, base_url: str, token: str, **options: Any) -> ProtectoAdapter:
    """Protecto, e.g. base_url="https://<your domain>/api/vault" (Data Scan APIs need a
    subscription); options: route ("auto", "current" or "2024"), timeout, retry, ..."""
    return cast("ProtectoAdapter", _built("protecto", base_url=base_url, token=token, **options))


def cortex(*, base_url: str, api_key: str, api_key_id: str, **options: Any) -> CortexAdapter:
    """Cortex XSIAM, e.g. base_url="https://api-<tenant fqdn>"; options: key_kind ("standard" or
    "advanced"), fields, timeout, retry, ..."""
    return cast(
        "CortexAdapter",
        _built("cortex", base_url=base_url, api_key=api_key, api_key_id=api_key_id, **options),
    )


def neostra(*, base_url: str, token: str, **options: Any) -> NeostraAdapter:
    """Neostra, e.g. base_url="https://api.neostra.io"."""
    return cast("NeostraAdapter", _built("neostra", base_url=base_url, token=token, **options))


def adapter(vendor: str, *, base_url: str, **credentials_and_options: Any) -> PollingAdapter:
    """Any registered vendor that has a status to read: adapter("acme", base_url=..., token=...).

    A vendor with no status to read (Neostra) has its own factory; asking for it here raises
    UnknownVendorError.
    """
    from scan_status.adapters import PollingAdapter  # deferred, as in _built

    if not vendors.get(vendor).ids:
        raise UnknownVendorError(f"{vendor} has no status to read; use scan_status.{vendor}(...)")
    built = _built(vendor, base_url=base_url, **credentials_and_options)
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
    if name in ("WaitPolicy", "WaitResult"):
        from scan_status import waiting  # deferred (see above)

        return getattr(waiting, name)
    # A vendor registered from outside: scan_status.acme(...). Only vendors already registered
    # count: loading the built-in rooms here would import them while a submodule of ours is
    # still importing (`from scan_status import x` asks this hook first).
    if name in vendors.registered():
        return lambda **arguments: _built(name, **arguments)
    raise AttributeError(f"module 'scan_status' has no attribute {name!r}")
