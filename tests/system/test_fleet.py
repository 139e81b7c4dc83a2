"""Waits at fleet scale: the Celery integration on a real Redis, with real worker processes.

Each test starts redis-server on 127.0.0.1 (tests/support/redis_server.py), the ThreadFix mock,
and `celery -A tests.support.celery_app worker` subprocesses configured from their environment
as a user's workers are. Every callback is read back from Redis, and so is every message and
key the broker holds: none may carry the API key.
"""

from __future__ import annotations

import base64
import importlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
import redis

from scan_status import RetryPolicy, ScanState, WaitPolicy
from scan_status.testing import MockServer, lifecycle, not_found, server_error, status
from tests.support.redis_server import redis_server

ROOT = Path(__file__).resolve().parents[2]
SECRET = "fleet-key-5d41402abc4b2a76b9719d911017c592"  # the mock's API key: never in the broker
APP = 6


def worker(
    name: str, broker: str, mock: MockServer, pool: str, logs: Path
) -> subprocess.Popen[bytes]:
    """A Celery worker as a user starts one, its adapter from SCAN_STATUS_THREADFIX_* alone."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SCAN_STATUS_TEST_BROKER": broker,
        "SCAN_STATUS_TEST_WORKER": name,
        "SCAN_STATUS_THREADFIX_BASE_URL": mock.base_url,
        "SCAN_STATUS_THREADFIX_API_KEY": SECRET,
    }
    command = [
        sys.executable, "-m", "celery", "-A", "tests.support.celery_app", "worker",
        "--pool", pool, "--concurrency", "2" if pool == "prefork" else "1",
        "--hostname", f"{name}@%h", "--without-gossip", "--without-mingle",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    log = (logs / f"{name}.log").open("wb")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


@contextmanager
def fleet(
    tmp_path: Path, mock: MockServer, pool: str, count: int = 2
) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    with ExitStack() as stack:
        broker = stack.enter_context(redis_server(tmp_path / "redis"))
        workers = [worker(f"w{n}", broker, mock, pool, tmp_path) for n in range(1, count + 1)]
        try:
            yield broker, workers
        finally:
            for process in workers:
                if process.poll() is None:
                    process.terminate()
            for process in workers:
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def the_app(broker: str, workers: list[subprocess.Popen[bytes]], logs: Path) -> Any:
    """The test's side of the app, once every worker answers a ping (a wait's deadline starts
    when it is started: a worker still booting would eat it)."""
    from tests.support import celery_app

    # Made afresh for this test's Redis: the app keeps its connection pools, and an earlier
    # test's Redis (on this pytest worker) has stopped.
    os.environ["SCAN_STATUS_TEST_BROKER"] = broker
    celery_app = importlib.reload(celery_app)
    started = time.monotonic()
    while True:
        replies = celery_app.app.control.ping(timeout=0.5) or []
        if len(replies) >= len(workers):
            return celery_app
        if time.monotonic() - started > 60 or any(w.poll() is not None for w in workers):
            said = "\n".join(p.read_text(errors="replace")[-1500:] for p in logs.glob("w*.log"))
            pytest.fail(f"{len(replies)} of {len(workers)} workers answered\n{said}")


def callbacks(client: redis.Redis) -> list[dict[str, Any]]:
    return [json.loads(entry) for entry in client.lrange("callbacks", 0, -1)]


def await_callbacks(
    client: redis.Redis, count: int, limit: float, logs: Path, settle: float = 1.0
) -> list[dict[str, Any]]:
    started = time.monotonic()
    while client.llen("callbacks") < count:
        if time.monotonic() - started > limit:
            said = "\n".join(p.read_text(errors="replace")[-1500:] for p in logs.glob("w*.log"))
            pytest.fail(f"{client.llen('callbacks')} of {count} callbacks after {limit}s\n{said}")
        time.sleep(0.1)
    time.sleep(settle)  # a duplicate would arrive about now
    return callbacks(client)


def stored_texts(client: redis.Redis) -> list[str]:
    """Every value the broker holds, as text; a message's body (base64 in kombu) decoded too."""
    texts: list[str] = []
    for key in client.scan_iter(count=1000):
        kind = client.type(key)
        values: list[Any]
        if kind == b"string":
            values = [client.get(key)]
        elif kind == b"list":
            values = list(client.lrange(key, 0, -1))
        elif kind == b"hash":
            values = [item for pair in client.hgetall(key).items() for item in pair]
        elif kind == b"set":
            values = list(client.smembers(key))
        elif kind == b"zset":
            values = list(client.zrange(key, 0, -1))
        else:
            values = []
        texts.append(key.decode())
        for value in values:
            text = value.decode(errors="replace") if isinstance(value, bytes) else str(value)
            texts.append(text)
            texts.extend(decoded_bodies(text))
    return texts


def decoded_bodies(text: str) -> list[str]:
    try:
        message = json.loads(text)
    except ValueError:
        return []
    if isinstance(message, list) and message and isinstance(message[0], str):
        message = _loads(message[0])  # the unacked hash holds [message, exchange, routing key]
    if not isinstance(message, dict) or "body" not in message:
        return []
    body = message["body"]
    if message.get("properties", {}).get("body_encoding") == "base64":
        body = base64.b64decode(body).decode(errors="replace")
    return [str(body), json.dumps(message.get("headers", {}))]


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def no_key_in(client: redis.Redis) -> int:
    texts = stored_texts(client)
    leaked = [text[:200] for text in texts if SECRET in text]
    assert leaked == [], "the API key travelled through the broker"
    return len(texts)


MIXED = {0: "succeeded", 1: "failed", 2: "not found", 3: "late", 4: "flaky"}
# More 503s in a row than the adapter's own retries take: the task's Celery retry goes on.
FLAKY = 2 * (RetryPolicy().attempts + 1)


def test_a_small_fleet_calls_back_once_per_scan_with_its_end(tmp_path: Path) -> None:
    """The default pool (prefork): succeeded, failed, not found, past the deadline, and a
    vendor saying "try later" more often than the adapter retries (Celery's retry goes on)."""
    with MockServer("threadfix", credentials={"api_key": SECRET}) as mock:
        for n in range(20):
            kind = MIXED[n % len(MIXED)]
            if kind == "failed":
                mock.script(n, [status("QUEUED"), status("SCAN_INTERRUPTED")])
            elif kind == "not found":
                mock.script(n, not_found())
            elif kind == "late":
                mock.script(n, status("FINDINGS_GENERATING"))
            elif kind == "flaky":
                mock.script(n, [server_error(503)] * FLAKY + lifecycle("threadfix"))
            else:
                mock.script(n, lifecycle("threadfix", running_polls=2))
        with fleet(tmp_path, mock, "prefork") as (broker, workers):
            tests_app = the_app(broker, workers, tmp_path)
            # The late ones reach a short deadline; the others finish far within a long one.
            late = [(APP, n) for n in range(20) if MIXED[n % len(MIXED)] == "late"]
            others = [(APP, n) for n in range(20) if MIXED[n % len(MIXED)] != "late"]
            short = WaitPolicy(interval=0.2, max_interval=0.5, timeout=10)
            long = WaitPolicy(interval=0.2, max_interval=0.5, timeout=120)
            started = tests_app.waits.start("threadfix", late, tests_app.record.s(), policy=short)
            started += tests_app.waits.start("threadfix", others, tests_app.record.s(), policy=long)
            client = redis.Redis.from_url(broker)
            no_key_in(client)  # while the waits are queued
            got = await_callbacks(client, 20, 60, tmp_path)
            stored = no_key_in(client)
            recorded = tests_app.waits.result(started[0])
        assert mock.errors == []
        requests = list(mock.requests)
    assert stored > 20, "the broker's messages and records were read"
    by_wait = Counter(entry["final"]["wait_id"] for entry in got)
    assert sorted(by_wait) == sorted(started) and set(by_wait.values()) == {1}
    finals = {tuple(entry["final"]["scan"]): entry["final"] for entry in got}
    for n in range(20):
        final, kind = finals[(APP, n)], MIXED[n % len(MIXED)]
        if kind == "not found":
            assert final["status"] is None and final["error"]["type"] == "NotFoundError"
        elif kind == "late":
            assert final["expired"] and final["error"]["type"] == "WaitTimeoutError"
            assert final["status"]["raw"] == "FINDINGS_GENERATING"
        else:
            expected = ScanState.FAILED if kind == "failed" else ScanState.SUCCEEDED
            assert final["settled"], final
            assert final["status"]["state"] == expected.value
            assert final["status"]["scan_id"] == str(n) and final["error"] is None
    assert recorded == finals[late[0]], "the record is what the callback got"
    # A flaky scan's first task gave up after the adapter's own retries: only Celery's retry
    # could ask again, past every 503, and see it succeed.
    for n in (n for n in range(20) if MIXED[n % len(MIXED)] == "flaky"):
        asked = sum(f"/pendingScan/{n}/" in request.path for request in requests)
        assert asked >= FLAKY + len(lifecycle("threadfix")), (n, asked)


SCANS = 2_000


@pytest.mark.long
@pytest.mark.xdist_group("fleet-kill")
def test_two_thousand_scans_lose_nothing_when_a_worker_is_killed(tmp_path: Path) -> None:
    script = lifecycle("threadfix", running_polls=1)  # queued, running, done: three polls
    with MockServer("threadfix", credentials={"api_key": SECRET}) as mock:
        with fleet(tmp_path, mock, "solo") as (broker, workers):
            tests_app = the_app(broker, workers, tmp_path)
            policy = WaitPolicy(interval=0.1, max_interval=0.3, timeout=240)
            scans = [(APP, n) for n in range(1, SCANS + 1)]
            for _, scan in scans:
                mock.script(scan, script)
            started = tests_app.waits.start("threadfix", scans, tests_app.record.s(), policy=policy)
            client = redis.Redis.from_url(broker)
            await_callbacks(client, SCANS // 4, 90, tmp_path, settle=0)
            os.kill(workers[0].pid, signal.SIGKILL)  # mid-way: polls, countdowns, callbacks in hand
            workers[0].wait()
            no_key_in(client)
            try:
                got = await_callbacks(client, SCANS, 150, tmp_path)
            finally:
                heard = {entry["final"]["wait_id"] for entry in callbacks(client)}
                lost = [wait for wait in started if wait not in heard]
                for wait in lost[:3]:  # what the records say of a wait with no callback
                    keys = sorted(k.decode() for k in client.scan_iter(f"*{wait}*"))
                    print(wait, {k: client.get(k) for k in keys})
        assert mock.errors == []
    by_wait = Counter(entry["final"]["wait_id"] for entry in got)
    assert sorted(by_wait) == sorted(started), "none lost"
    twice = [wait for wait, times in by_wait.items() if times > 1]
    assert twice == [], f"{len(twice)} callbacks ran more than once"
    assert {entry["final"]["status"]["state"] for entry in got} == {"SUCCEEDED"}
    assert all(entry["final"]["polls"] >= len(script) for entry in got)
    workers_seen = Counter(entry["worker"] for entry in got)
    assert workers_seen["w1"] > 0 and workers_seen["w2"] > 0, workers_seen


def test_the_integration_answers_to_its_short_name_too() -> None:
    from scan_status.celery import ScanWaits as short
    from scan_status.integrations.celery import ScanWaits

    assert short is ScanWaits
