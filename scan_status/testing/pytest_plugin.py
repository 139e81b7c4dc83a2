"""pytest plugin (installed with scan-status): the `mock_vendor` fixture.

    def test_my_code(mock_vendor):
        mock = mock_vendor("protecto", scenario="lifecycle")
        run_my_code(base_url=mock.base_url, **mock.credentials)

Each server it starts is stopped when the test ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from scan_status.testing.server import MockServer


@pytest.fixture
def mock_vendor() -> Iterator[Callable[..., MockServer]]:
    """A factory: mock_vendor(vendor, scenario=..., credentials=...) -> a started MockServer."""
    started: list[MockServer] = []

    def start(vendor: str, **options: Any) -> MockServer:
        from scan_status.testing import server_class  # names the `testing` extra if missing

        server: MockServer = server_class()(vendor, **options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
