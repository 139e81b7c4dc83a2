"""MockServer: one vendor's mock on 127.0.0.1 (a free port by default), in a background thread.

Under abuse it stays bounded: a request's headers must arrive within HEADER_TIMEOUT (else 408),
running out of file descriptors is logged once per EMFILE_LOG_INTERVAL and serving resumes as
they free up, and what it records of requests is capped (scan_status.testing.app).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
from collections.abc import Callable, Sequence
from typing import Any, Self

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from scan_status import adapters, vendors
from scan_status.testing.app import MockState, Recorded, build_app
from scan_status.testing.scenarios import SCENARIOS, Step
from scan_status.vendors import MockAnswers

STARTUP_TIMEOUT = 10.0
# How long a stopping server lets an answer already under way finish before it cuts it (a
# scripted delay ends at once when the server stops, so only a stuck answer takes this long).
GRACE_SECONDS = 5
# How often a stopping server looks whether its last connections have closed.
DRAIN_POLL_SECONDS = 0.001


# A client has this long to send a request's headers, from connecting or from the end of the
# answer before: a slow or silent client cannot hold a connection (and its descriptor) for ever.
HEADER_TIMEOUT = 10.0
# How often, at most, a mock out of file descriptors says so (asyncio logs a traceback for every
# accept it retries: 395k of them in 25 s under many slow clients).
EMFILE_LOG_INTERVAL = 10.0
logger = logging.getLogger("scan_status.testing")


class _TimedHeaders(H11Protocol):
    """uvicorn's h11 protocol, with a deadline for the headers of each request (HEADER_TIMEOUT):
    past it the client gets 408 and the connection closes."""

    header_timeout = HEADER_TIMEOUT
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:  # a request's headers are in
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request's headers, on this kept-alive connection

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        self.transport.write(
            b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        )
        self.transport.close()


class _QuietAccepts:
    """The loop's exception handler: "socket.accept() out of system resource" (EMFILE and its
    kin) at most once per EMFILE_LOG_INTERVAL, one line with how many accepts failed since; asyncio
    retries the accept by itself a second later, so the mock serves again once descriptors are
    free. Anything else goes to the loop's default handler."""

    def __init__(self) -> None:
        self.failed = 0
        self.said_at = -EMFILE_LOG_INTERVAL

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        if not (isinstance(error, OSError) and "socket.accept()" in str(context.get("message"))):
            loop.default_exception_handler(context)
            return
        self.failed += 1
        now = loop.time()
        if now - self.said_at >= EMFILE_LOG_INTERVAL:
            logger.warning(
                "mock server: %d connection(s) not accepted (%s); accepting again as "
                "descriptors free up",
                self.failed,
                error.strerror or error,
            )
            self.said_at, self.failed = now, 0


class _Uvicorn(uvicorn.Server):
    """uvicorn's server, stopped as soon as asked rather than on its own clock.

    uvicorn looks at `should_exit` every 0.1 s and, stopping, sleeps 0.1 s before it looks every
    0.1 s whether its connections have closed: about 0.2 s a stop, paid by every test that starts
    a mock. Here `request_exit` wakes the main loop at once, and the shutdown looks every
    millisecond; the steps are uvicorn's own (close the listener, ask each connection to close
    once it has answered, wait for connections and answers, cut what is still running after the
    grace period)."""

    def __init__(self, config: uvicorn.Config, on_stopping: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_stopping = on_stopping
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        # Set once the server listens or has given up (`started` says which), so that whoever
        # starts it waits on an Event instead of polling `started`.
        self.settled = threading.Event()

    def run(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            super().run(sockets)
        finally:
            self.settled.set()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self._loop = asyncio.get_running_loop()
        self._loop.set_exception_handler(_QuietAccepts())
        self._wake = asyncio.Event()
        try:
            await super().startup(sockets)
        finally:
            self.settled.set()

    def request_exit(self) -> None:
        """Stop serving (from any thread)."""
        self.should_exit = True
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already closed
                loop.call_soon_threadsafe(wake.set)

    async def main_loop(self) -> None:
        assert self._wake is not None
        tick = 0
        # uvicorn refreshes its Date header on every tenth tick of 0.1 s; a tick here is 1 s.
        while not await self.on_tick(tick):
            tick += 10
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=1.0)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        self._on_stopping()
        for connection in list(self.server_state.connections):
            connection.shutdown()  # an idle one closes now, a busy one once it has answered
        try:
            await asyncio.wait_for(self._drained(), timeout=self.config.timeout_graceful_shutdown)
        except TimeoutError:
            for task in list(self.server_state.tasks):  # uvicorn's own answer: 500, then close
                task.cancel()
            await asyncio.gather(*self.server_state.tasks, return_exceptions=True)
        await self.lifespan.shutdown()

    async def _drained(self) -> None:
        state = self.server_state
        while state.connections or state.tasks:
            await asyncio.sleep(DRAIN_POLL_SECONDS)
        for server in self.servers:
            await server.wait_closed()


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
            app,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            lifespan="off",
            proxy_headers=False,  # nothing reads the client's address: spare the middleware
            timeout_graceful_shutdown=GRACE_SECONDS,
            http=_TimedHeaders,
        )
        self._server = _Uvicorn(config, on_stopping=self._state.stopping.set)
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
        """The requests received, in order: the most recent MAX_RECORDED, each body cut at
        MAX_RECORDED_BODY bytes (`size` is its whole length), MAX_RECORDED_BYTES of bodies in all
        (scan_status.testing.app), so a long run or a client sending large bodies stays bounded."""
        return self._state.requests.listed()

    @property
    def answered(self) -> list[int]:
        """The HTTP status of each answer, in order (the most recent MAX_RECORDED)."""
        return list(self._state.answered)

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
        return adapters.create(self.key, base_url=self.base_url, **self.credentials, **options)

    def start(self) -> Self:
        self._thread = threading.Thread(
            target=self._server.run, name=f"mock-{self.key}", daemon=True
        )
        self._thread.start()
        self._server.settled.wait(STARTUP_TIMEOUT)
        if not self._server.started:
            self.stop()
            raise RuntimeError(f"the {self.key} mock did not start on {self.host}:{self.port}")
        self.port = self._server.servers[0].sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        self._server.request_exit()
        if self._thread is not None:
            self._thread.join(timeout=GRACE_SECONDS + STARTUP_TIMEOUT)
            if self._thread.is_alive():  # say so rather than leave a server behind unnoticed
                raise RuntimeError(f"the {self.key} mock on port {self.port} did not stop")
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
