"""Is my scan done, and did it work? One status vocabulary over many scanning vendors' APIs.

    import scan_status
    with scan_status.threadfix(base_url="https://tf.example.com/threadfix", api_key=KEY) as tf:
        status = tf.wait(6, 41)            # polls until SUCCEEDED, FAILED or CANCELLED
        print(status.state, status.raw)    # ScanState.SUCCEEDED 'DONE'

The vendor adapters (and their generated clients and httpx) are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
from scan_status.states import TERMINAL_STATES, ScanState
from scan_status.status import NormalizedStatus

if TYPE_CHECKING:
    from scan_status.adapters.cortex import CortexAdapter
    from scan_status.adapters.neostra import NeostraAdapter
    from scan_status.adapters.protecto import ProtectoAdapter
    from scan_status.adapters.threadfix import ThreadFixAdapter
    from scan_status.http import RetryPolicy
    from scan_status.waiting import WaitPolicy

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
    "WaitTimeoutError",
    "cortex",
    "neostra",
    "normalize",
    "protecto",
    "threadfix",
]


def threadfix(*, base_url: str, api_key: str, **options: Any) -> ThreadFixAdapter:
    """ThreadFix, e.g. base_url="https://host/threadfix"; options: api_version, timeout, retry, verify, strict."""
    from scan_status.adapters.threadfix import ThreadFixAdapter

    return ThreadFixAdapter(base_url, api_key, **options)


def protecto(*, base_url: str, token: str, **options: Any) -> ProtectoAdapter:
    """Protecto, e.g. base_url="https://trial.protecto.ai/api/vault"."""
    from scan_status.adapters.protecto import ProtectoAdapter

    return ProtectoAdapter(base_url, token, **options)


def cortex(*, base_url: str, api_key: str, api_key_id: str, **options: Any) -> CortexAdapter:
    """Cortex XSIAM, e.g. base_url="https://api-<tenant fqdn>"; options: fields, timeout, retry, ..."""
    from scan_status.adapters.cortex import CortexAdapter

    return CortexAdapter(base_url, api_key, api_key_id, **options)


def neostra(*, base_url: str, token: str, **options: Any) -> NeostraAdapter:
    """Neostra, e.g. base_url="https://api.neostra.io"."""
    from scan_status.adapters.neostra import NeostraAdapter

    return NeostraAdapter(base_url, token, **options)


def __getattr__(name: str) -> Any:
    if name == "__version__":  # the installed distribution's: one source, pyproject.toml
        from importlib.metadata import version

        return version("scan-status")
    # The policies live beside httpx; load them only when asked for.
    if name == "RetryPolicy":
        from scan_status.http import RetryPolicy

        return RetryPolicy
    if name == "WaitPolicy":
        from scan_status.waiting import WaitPolicy

        return WaitPolicy
    raise AttributeError(f"module 'scan_status' has no attribute {name!r}")
