"""The Celery app the fleet tests' workers run (`celery -A tests.support.celery_app worker`).

Configured as a user's would be, from its environment: the broker URL (SCAN_STATUS_TEST_BROKER)
and, for the adapters, the CLI's SCAN_STATUS_THREADFIX_* variables. The callback records each
final result it gets, with the worker that ran it (SCAN_STATUS_TEST_WORKER), in the Redis list
`callbacks`.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import redis
from celery import Celery

from scan_status.integrations.celery import ScanWaits

QUEUE = "scan-waits"
VISIBILITY = float(os.environ.get("SCAN_STATUS_TEST_VISIBILITY", "8"))

app = Celery("scan_waits_test", broker=os.environ.get("SCAN_STATUS_TEST_BROKER"))
app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    worker_prefetch_multiplier=int(os.environ.get("SCAN_STATUS_TEST_PREFETCH", "8")),
    broker_connection_retry_on_startup=True,
    # A dead worker's unacknowledged messages come back after this many seconds, looked for
    # every second (the defaults: an hour, and every 100 s).
    broker_transport_options={
        "visibility_timeout": VISIBILITY,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    },
    task_default_queue=QUEUE,
)
waits = ScanWaits(app, name="tests.fleet.poll", queue=QUEUE, lease=VISIBILITY / 2)


_clients: dict[int, redis.Redis] = {}


@app.task(name="tests.fleet.record", bind=True, acks_late=True, ignore_result=True)  # type: ignore[untyped-decorator]
def record(task: Any, final: dict[str, Any]) -> None:
    entry = {
        "final": final,
        # Applied inside the delivery task, in the worker that runs it: the worker's name.
        "worker": os.environ.get("SCAN_STATUS_TEST_WORKER"),
        "task_id": task.request.id,
        "at": time.time(),
    }
    client = _clients.get(os.getpid())
    if client is None:
        client = _clients[os.getpid()] = redis.Redis.from_url(str(app.conf.broker_url))
    client.rpush("callbacks", json.dumps(entry))
