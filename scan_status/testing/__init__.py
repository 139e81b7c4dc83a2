"""Mock vendor servers for tests: ThreadFix, Protecto, Cortex and Neostra on 127.0.0.1.

    from scan_status.testing import MockServer, lifecycle

    with MockServer("threadfix") as mock:
        mock.script("41", lifecycle("threadfix", running_polls=2))
        with mock.adapter() as threadfix:          # a scan_status adapter bound to the mock
            assert threadfix.wait(6, 41).succeeded

Each mock serves every operation of its vendor's spec, validates requests against it (a bad
request gets 400 in the vendor's own error shape) and answers as the vendor does. Needs the
`testing` extra: pip install "scan-status[testing]". Also a pytest plugin: the `mock_vendor`
fixture, and `python -m scan_status.testing serve <vendor>` for a person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scan_status.testing.scenarios import (
    SCENARIOS,
    Step,
    lifecycle,
    malformed,
    not_found,
    rate_limited,
    server_error,
    slow,
    status,
    unauthorized,
)

if TYPE_CHECKING:  # loaded on first use (see __getattr__); named here for type checkers and docs
    from scan_status.testing.server import MockServer

__all__ = [
    "SCENARIOS",
    "MockServer",
    "Step",
    "lifecycle",
    "malformed",
    "not_found",
    "rate_limited",
    "server_error",
    "slow",
    "status",
    "unauthorized",
]


TESTING_MODULES = frozenset(
    {"starlette", "uvicorn", "openapi_schema_validator", "jsonschema", "referencing", "ruamel"}
)


class MissingTestingExtra(ModuleNotFoundError):
    """The mocks need the `testing` extra, which is not installed."""


def server_class() -> Any:
    """MockServer, or an error naming the extra to install when its dependencies are missing."""
    try:
        from scan_status.testing.server import MockServer  # deferred: uvicorn, starlette
    except ModuleNotFoundError as missing:
        top = (missing.name or "").partition(".")[0]
        if top not in TESTING_MODULES:
            raise
        raise MissingTestingExtra(
            f"the scan_status mocks need the `testing` extra ({top} is not installed): "
            "pip install 'scan-status[testing]'",
            name=missing.name,
        ) from missing
    return MockServer


def __getattr__(name: str) -> Any:
    # The server needs starlette and uvicorn (the `testing` extra): import them only when used.
    if name == "MockServer":
        return server_class()
    raise AttributeError(f"module 'scan_status.testing' has no attribute {name!r}")
