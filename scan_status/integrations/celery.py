"""Waits as Celery tasks: poll once, re-schedule with a countdown, call back once at the end.

    from celery import Celery
    from scan_status.integrations.celery import ScanWaits

    app = Celery("scans", broker="redis://127.0.0.1:6379/0")
    waits = ScanWaits(app)                      # registers the task "scan_status.poll"

    @app.task(acks_late=True)
    def scan_finished(final: dict) -> None:     # final["status"]: NormalizedStatus.to_dict()
        ...

    waits.start("threadfix", [(6, 41), (6, 42)], scan_finished.s())

No worker sleeps while a scan runs: each poll is one task, and the next poll is a new message
with a countdown (state.delay). The message carries the vendor, the scan's ids, the PollState
and the callback; never a credential: a worker builds its adapters itself, from the
SCAN_STATUS_<VENDOR>_* variables (scan_status.integrations.environment) or `adapters=`.

Redeliveries are expected (acks_late: a worker that dies loses nothing; Redis gives its
unacknowledged messages to another worker after the visibility timeout), so every step is
recorded in Redis by wait: a poll step runs once (a claim with a lease, then "done"), a wait's
final result is recorded once (SET NX), and the callback runs once, inside a small delivery task
that claims it the same way (the callback signature is applied there, in the worker). Needs the
`celery` extra: pip install "scan-status[celery]".
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from scan_status import polling, vendors, waiting

try:
    import celery
    import redis
except ModuleNotFoundError as missing:  # pragma: no cover - the extra is in the test group
    raise ModuleNotFoundError(
        f"scan_status.integrations.celery needs the `celery` extra ({missing.name} is not "
        "installed): pip install 'scan-status[celery]'",
        name=missing.name,
    ) from missing
from scan_status.errors import (
    RateLimitedError,
    ScanStatusError,
    TransportError,
    VendorResponseError,
)
from scan_status.integrations.environment import adapter_from_environment
from scan_status.polling import PollState, WaitPolicy
from scan_status.status import NormalizedStatus

# A vendor's "try later": Celery's retry, with the state unchanged.
TRANSIENT = (TransportError, RateLimitedError)
NAMESPACE = uuid.UUID("6d1f4f1e-9c43-4b2a-8f0e-3a3b1c5e2d70")  # callback task ids, by wait
DAY = 86_400


class ScanWaits:
    """The poll task on `app`, and `start` to begin waits with it.

    - `name`, `queue`: the task's name and the queue its messages go to (None: the app's
      task_routes decide, as for any task).
    - `adapters`: vendor key -> adapter, called once per vendor in each worker process (default:
      adapter_from_environment).
    - `redis_url`: where the records of steps, results and callbacks live (default: the app's
      broker URL, a Redis one).
    - `lease`: seconds a poll step stays claimed by the worker running it; keep it below the
      broker's visibility_timeout, so a step a dead worker claimed can be taken again.
    - `keep`: seconds the records of a wait are kept after it ends.
    """

    def __init__(
        self,
        app: celery.Celery,
        *,
        name: str = "scan_status.poll",
        queue: str | None = None,
        adapters: Callable[[str], Any] | None = None,
        redis_url: str | None = None,
        prefix: str = "scan_status",
        lease: float = 300.0,
        keep: float = 7 * DAY,
    ) -> None:
        self.app = app
        self.queue = queue
        self.prefix = prefix
        self.lease = lease
        self.keep = keep
        self._adapters = adapters or adapter_from_environment
        self._redis_url = redis_url
        self._built: dict[str, Any] = {}
        self._client: tuple[int, redis.Redis] | None = None
        # Sent with each message, not set on the task (Celery deprecates the task attribute).
        self._route: dict[str, Any] = {"queue": queue} if queue else {}

        # A plain function: Celery binds it to the task (bind=True); a method would not be.
        def poll(task: Any, *arguments: Any) -> str:
            return self._step(task, *arguments)

        self.task: Any = app.task(
            name=name,
            bind=True,
            acks_late=True,  # a message is done only once its step is recorded
            reject_on_worker_lost=True,  # a child killed mid-step: the message goes back
            ignore_result=True,  # the record (and the callback) carry the outcome
            max_retries=None,  # the wait's deadline, not a count, ends the retries
        )(poll)

        def deliver(task: Any, wait_id: str, final: dict[str, Any], callback: Any) -> str:
            return self._deliver(wait_id, final, callback)

        self.deliver_task: Any = app.task(
            name=f"{name}.deliver",
            bind=True,
            acks_late=True,
            reject_on_worker_lost=True,
            ignore_result=True,
        )(deliver)

    # Starting waits.

    def start(
        self,
        vendor: str,
        scans: Iterable[Any],
        callback: Any,
        *,
        policy: WaitPolicy | None = None,
    ) -> list[str]:
        """Begin one wait per scan (its id, or the tuple of its ids); their wait ids, in order.

        `callback` is a signature called once per scan with the final result, a JSON object:
        wait_id, vendor, scan (its ids), status (NormalizedStatus.to_dict(), or None if never
        read), settled, expired, polls, error ({type, message} or None) and read_at (the
        time.time() the last status or error was read).
        """
        room = vendors.get(vendor)
        names = [param.name for param in room.ids]
        policy = policy or WaitPolicy()
        signature = dict(callback)  # JSON: it rides in every message of the wait
        started = []
        with self.app.producer_or_acquire() as producer:
            for scan in scans:
                ids = list(scan) if isinstance(scan, tuple | list) else [scan]
                if len(ids) != len(names):
                    raise TypeError(f"{vendor}: each scan is ({', '.join(names)}), not {scan!r}")
                wait_id = uuid.uuid4().hex
                state = PollState.start(policy).to_dict()
                self.task.apply_async(
                    args=(wait_id, vendor, ids, state, signature, None),
                    producer=producer,
                    **self._route,
                )
                started.append(wait_id)
        return started

    def result(self, wait_id: str) -> dict[str, Any] | None:
        """A finished wait's final result, as its callback got it (None while it runs)."""
        recorded = self._redis().get(self._key("final", wait_id))
        return None if recorded is None else dict(json.loads(recorded))

    # One step: the task's body.

    def _step(
        self,
        task: Any,
        wait_id: str,
        vendor: str,
        ids: Sequence[Any],
        state: dict[str, Any],
        callback: dict[str, Any],
        last: dict[str, Any] | None = None,
    ) -> str:
        current = PollState.from_dict(state)
        client = self._redis()
        step = self._key("step", wait_id, str(current.polls))
        claim = uuid.uuid4().hex
        if not client.set(step, claim, nx=True, px=int(self.lease * 1000)):
            return "duplicate"  # this step ran, or runs now, on another delivery
        try:
            previous = None if last is None else NormalizedStatus.from_dict(last)
            outcome = self._poll(task, wait_id, vendor, ids, current, callback, previous)
        except BaseException:
            client.delete(step)  # a retry, or a bug: let the next delivery take the step
            raise
        client.set(step, "done", ex=int(self.keep))
        return outcome

    def _poll(
        self,
        task: Any,
        wait_id: str,
        vendor: str,
        ids: Sequence[Any],
        current: PollState,
        callback: dict[str, Any],
        last: NormalizedStatus | None,
    ) -> str:
        adapter = self._adapter(vendor)
        final: dict[str, Any] = {"wait_id": wait_id, "vendor": vendor, "scan": list(ids)}
        try:
            status, after = polling.poll(lambda: adapter.get_status(*ids), current)
        except ScanStatusError as err:
            final["read_at"] = time.time()
            expired = waiting.cut_short(err, current.deadline, time.time)
            if not expired and _transient(err):
                left = current.deadline - time.time()
                delay = min(max(current.delay, current.policy.interval), max(left, 0.0))
                raise task.retry(countdown=delay, exc=err, **self._route) from err
            error: ScanStatusError = waiting.timed_out(current.policy, last) if expired else err
            self._finish(
                {**final, "status": last.to_dict() if last else None, "settled": False,
                 "expired": expired, "polls": current.polls, "error": _described(error)},
                callback,
            )  # fmt: skip
            return "error"
        final["read_at"] = time.time()  # when the last status (or error) was read
        if not after.done:
            countdown = max(0.0, after.next_poll_at - time.time())
            task.apply_async(
                args=(wait_id, vendor, list(ids), after.to_dict(), callback, status.to_dict()),
                countdown=countdown,
                **self._route,
            )
            return "polling"
        timeout = waiting.timed_out(after.policy, status) if after.expired else None
        self._finish(
            {**final, "status": status.to_dict(), "settled": after.settled,
             "expired": after.expired, "polls": after.polls, "error": _described(timeout)},
            callback,
        )  # fmt: skip
        return "settled" if after.settled else "expired"

    def _finish(self, final: dict[str, Any], callback: dict[str, Any]) -> None:
        """Record the wait's result once (the first recorded wins), then send its callback once."""
        client = self._redis()
        wait_id = final["wait_id"]
        recorded = self._key("final", wait_id)
        if not client.set(recorded, json.dumps(final), nx=True, ex=int(self.keep)):
            final = json.loads(client.get(recorded) or "null") or final
        sent = self._key("sent", wait_id)
        claim = uuid.uuid4().hex
        if not client.set(sent, claim, nx=True, px=int(self.lease * 1000)):
            return  # sent, or being sent by a live worker (a dead one's claim lapses)
        self.deliver_task.apply_async(
            args=(wait_id, final, callback),
            task_id=str(uuid.uuid5(NAMESPACE, wait_id)),
            **self._route,
        )
        client.set(sent, "sent", ex=int(self.keep))

    def _deliver(self, wait_id: str, final: dict[str, Any], callback: dict[str, Any]) -> str:
        """Run the callback once per wait, whatever the deliveries of this message: a second
        one (the broker's redelivery, or a send repeated by a worker that died after sending)
        finds the callback claimed or done. Only a worker dying inside the callback itself
        leaves it to run again, once the claim lapses."""
        client = self._redis()
        called = self._key("called", wait_id)
        if not client.set(called, uuid.uuid4().hex, nx=True, px=int(self.lease * 1000)):
            return "duplicate"
        try:
            self.app.signature(callback).apply(args=(final,), throw=True)
        except BaseException:
            client.delete(called)  # failed, not done: Celery reports it; the message is acked
            raise
        client.set(called, "done", ex=int(self.keep))
        return "called"

    # Per worker process: a Redis client and the adapters, made after the fork.

    def _redis(self) -> redis.Redis:
        pid = os.getpid()
        if self._client is None or self._client[0] != pid:  # a client is no good across a fork
            url = self._redis_url or str(self.app.conf.broker_url)
            self._client = (pid, redis.Redis.from_url(url, decode_responses=True))
        return self._client[1]

    def _adapter(self, vendor: str) -> Any:
        built = self._built.get(vendor)
        if built is None or built[0] != os.getpid():
            built = self._built[vendor] = (os.getpid(), self._adapters(vendor))
        return built[1]

    def _key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))


def _described(error: ScanStatusError | None) -> dict[str, str] | None:
    return None if error is None else {"type": type(error).__name__, "message": str(error)}


def _transient(err: ScanStatusError) -> bool:
    if isinstance(err, TRANSIENT):
        return True
    return isinstance(err, VendorResponseError) and err.status_code in waiting.TRY_LATER
