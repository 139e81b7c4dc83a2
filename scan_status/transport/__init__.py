"""The transport: everything between an adapter and the network, in one room.

Client construction (`sync_client`, `async_client`), sending a generated operation's request
(`send`, `asend`), retries (`RetryPolicy`), per-attempt deadlines (`capped_at`), answers and
vendor errors as exceptions (`answer`, `error_for`, `transport_error`) and credential scrubbing
(`Secrets`, `redacted_url`). The rest of scan_status imports these names from here only.

The modules behind them: http (clients, sending, answers), policy and retrying (retries),
deadline_retry, deadlines and timeboxed (deadlines), inflate (size caps while decoding),
bounded (requests in flight), building (requests from cached URLs), secrets (scrubbing) and
signing (headers made per attempt).

Importing this package loads no httpx: the standard-library-only names (deadlines, secrets,
the policy) are here at once, the rest when first asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from scan_status.transport.deadlines import capped_at
from scan_status.transport.policy import NO_RETRIES, RetryPolicy
from scan_status.transport.secrets import NO_SECRETS, REDACTED, Secrets, redacted_url

if TYPE_CHECKING:
    from scan_status.transport.connection import HttpOptions, Reach
    from scan_status.transport.http import (
        DEFAULT_MAX_RESPONSE_BYTES,
        DEFAULT_TIMEOUT,
        AsyncClient,
        Client,
        answer,
        asend,
        async_client,
        error_for,
        send,
        sync_client,
        transport_error,
    )

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "NO_RETRIES",
    "NO_SECRETS",
    "REDACTED",
    "AsyncClient",
    "Client",
    "HttpOptions",
    "Reach",
    "RetryPolicy",
    "Secrets",
    "answer",
    "asend",
    "async_client",
    "capped_at",
    "error_for",
    "redacted_url",
    "send",
    "sync_client",
    "transport_error",
]

# The names that need httpx, and the module that has them.
_WITH_HTTPX = {
    "HttpOptions": "scan_status.transport.connection",
    "Reach": "scan_status.transport.connection",
} | {
    name: "scan_status.transport.http"
    for name in (
        "DEFAULT_MAX_RESPONSE_BYTES",
        "DEFAULT_TIMEOUT",
        "AsyncClient",
        "Client",
        "answer",
        "asend",
        "async_client",
        "error_for",
        "send",
        "sync_client",
        "transport_error",
    )
}


def __getattr__(name: str) -> Any:
    module = _WITH_HTTPX.get(name)
    if module is None:
        raise AttributeError(f"module 'scan_status.transport' has no attribute {name!r}")
    # Loaded here, not at import, so that `import scan_status` loads no httpx; kept in the
    # module's namespace, so the hot path (transport.send) looks it up once.
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
