"""MockServer: one vendor's mock on 127.0.0.1 (a free port by default), in a background thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any, Self

import uvicorn

from scan_status import vendors
from scan_status.testing.app import MockState, Recorded, build_app
from scan_status.testing.scenarios import SCENARIOS, Step
from scan_status.vendors import MockAnswers

STARTUP_TIMEOUT = 10.0


class MockServer:
    """A running mock of one vendor. Use it as a context manager; nothing outlives the block."""

    def __init__(
        self,
        vendor: str,
        *,
        scenario: str = "lifecycle",
        credentials: dict[str, str] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        validate_responses: bool = True,
    ) -> None:
        if vendor not in vendors.known():
            raise ValueError(f"no mock for {vendor!r}; there are {', '.join(vendors.known())}")
        if scenario not in SCENARIOS:
            raise ValueError(f"no scenario {scenario!r}; there are {', '.join(SCENARIOS)}")
        self.room = vendors.get(vendor)
        self.key = vendor
        self.vendor: MockAnswers = self.room.mock()  # how it answers; it may keep state
        self.credentials = dict(credentials or self.room.default_credentials())
        self._state = MockState(vendor, scenario)
        app = build_app(self.room, self.vendor, self._state, self.credentials, validate_responses)
        config = uvicorn.Config(
            app, host=host, port=port, log_level="warning", access_log=False, lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None
        self.host = host
        self.port = port

    def __repr__(self) -> str:
        return f"MockServer({self.key!r}, base_url={self.base_url!r})"

    @property
    def base_url(self) -> str:
        """Where to point a client: the host, port and the vendor's context path (/threadfix, ...)."""
        return f"http://{self.host}:{self.port}{self.room.mock.base_path}"

    @property
    def requests(self) -> list[Recorded]:
        return self._state.requests

    @property
    def answered(self) -> list[int]:
        """The HTTP status of each answer, in order."""
        return self._state.answered

    @property
    def errors(self) -> list[str]:
        """Answers of the mock's own that broke its spec (a bug in the mock if not empty)."""
        return self._state.errors

    def script(self, scan_id: str | int, steps: Step | Sequence[Step]) -> None:
        """What scan `scan_id` answers, one step a request (a single step: every answer); the last step repeats."""
        self._state.script(str(scan_id), [steps] if isinstance(steps, Step) else list(steps))

    def auth_headers(self) -> dict[str, str]:
        """Headers that authenticate with this mock, for a raw HTTP client."""
        return self.room.headers(self.credentials)

    def adapter(self, **options: Any) -> Any:
        """A scan_status adapter for this vendor, pointed at the mock with its credentials."""
        return vendors.adapter(self.key, base_url=self.base_url, **self.credentials, **options)

    def start(self) -> Self:
        self._thread = threading.Thread(
            target=self._server.run, name=f"mock-{self.key}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the {self.key} mock did not start on {self.host}:{self.port}")
            time.sleep(0.005)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
