"""One async client per event loop: an adapter's async calls work from any loop, asyncio's or
trio's, one after another (successive asyncio.run calls) or at once (a loop in each thread).

A connection pool's sockets and locks belong to the loop that made them; used from another
loop they fail ("Event loop is closed") or wait for ever. So each running loop gets its own
client, made on its first call there; the clients of loops that have ended are dropped (their
sockets cannot be closed from outside their loop, and are released with them).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scan_status.errors import ScanStatusError

if TYPE_CHECKING:
    from scan_status.transport.http import AsyncClient


def running_loop() -> Any:
    """The running asyncio loop or trio run (its token); ScanStatusError outside both."""
    asyncio = sys.modules.get("asyncio")
    if asyncio is not None:
        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            pass
    trio = sys.modules.get("trio")
    if trio is not None:
        try:
            return trio.lowlevel.current_trio_token()
        except RuntimeError:
            pass
    raise ScanStatusError("an async call needs a running event loop (asyncio or trio)")


def semaphore(value: int) -> Any:
    """A semaphore of the running loop's own library (asyncio's costs nothing extra there)."""
    loop = running_loop()
    if hasattr(loop, "is_closed"):
        return sys.modules["asyncio"].Semaphore(value)
    return sys.modules["trio"].Semaphore(value)


def _ended(loop: Any) -> bool:
    is_closed = getattr(loop, "is_closed", None)
    if is_closed is not None:  # asyncio
        return bool(is_closed())
    trio = sys.modules["trio"]
    try:
        loop.run_sync_soon(lambda: None)  # a no-op on a trio run that is still going
    except trio.RunFinishedError:
        return True
    return False


class LoopClients:
    def __init__(self, vendor: str, make: Callable[[], AsyncClient]) -> None:
        self._vendor, self._make = vendor, make
        self._clients: dict[int, tuple[Any, AsyncClient]] = {}
        self._lock = threading.Lock()
        self.closed = False

    def current(self) -> AsyncClient:
        """The running loop's client (made on its first call)."""
        loop = running_loop()
        found = self._clients.get(id(loop))
        if found is not None and found[0] is loop and not self.closed:
            return found[1]
        with self._lock:
            if self.closed:
                raise closed_error(self._vendor)
            for key, (other, _) in list(self._clients.items()):
                if other is not loop and _ended(other):
                    del self._clients[key]
            client = self._make()
            self._clients[id(loop)] = (loop, client)
            return client

    async def aclose(self) -> None:
        """Close the running loop's client; the others are dropped (see the module)."""
        self.closed = True
        with self._lock:
            clients, self._clients = self._clients, {}
        try:
            loop = running_loop()
        except ScanStatusError:
            return
        found = clients.get(id(loop))
        if found is not None and found[0] is loop:
            await found[1].aclose()

    def close(self) -> None:
        self.closed = True


def closed_error(vendor: str) -> ScanStatusError:
    return ScanStatusError(f"{vendor}: this adapter is closed; build a new one")
