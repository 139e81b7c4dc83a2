"""Many scans at once against the vendors' mocks on 127.0.0.1: one deadline, a result per scan,
errors that end one scan's wait only, and Protecto's batch request (one a round for all)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import anyio
import pytest

from scan_status import (
    NormalizedStatus,
    NotFoundError,
    PollState,
    ScanState,
    WaitPolicy,
    WaitResult,
    WaitTimeoutError,
)
from scan_status.testing import MockServer, lifecycle, not_found, status

FAST = WaitPolicy(interval=0.05, max_interval=0.1, timeout=30)
# What each scan of fifty does, by its number modulo 5.
# The deadline the late ones reach: the other forty finish in a fraction of it, even on a busy machine.
DEADLINE = 2.5
OUTCOME = {0: ScanState.SUCCEEDED, 1: ScanState.FAILED, 2: ScanState.CANCELLED, 3: None, 4: "late"}


def script_threadfix(mock: MockServer, count: int) -> None:
    for n in range(count):
        kind = n % 5
        if kind == 0:
            mock.script(n, lifecycle("threadfix", running_polls=2))
        elif kind == 1:
            mock.script(n, [status("QUEUED"), status("SCAN_INTERRUPTED")])
        elif kind == 2:
            mock.script(n, [status("UPLOADED"), status("SCAN_DELETED")])
        elif kind == 3:
            mock.script(n, not_found())
        else:
            mock.script(n, status("FINDINGS_GENERATING"))  # still running at the deadline


def check_fifty(results: list[WaitResult]) -> None:
    assert [r.ids for r in results] == [(6, n) for n in range(50)]
    for n, result in enumerate(results):
        expected = OUTCOME[n % 5]
        if expected is None:
            assert isinstance(result.error, NotFoundError), result
        elif expected == "late":
            assert isinstance(result.error, WaitTimeoutError), result
            assert result.state is ScanState.RUNNING and result.status is not None
            assert result.status.raw == "FINDINGS_GENERATING"
        else:
            assert result.error is None and result.state is expected, result
            assert result.status is not None and result.status.scan_id == str(n)


@pytest.fixture
def threadfix_mock() -> Iterator[MockServer]:
    with MockServer("threadfix") as mock:
        script_threadfix(mock, 50)
        yield mock


def test_fifty_scans_mixed_outcomes_sync(threadfix_mock: MockServer) -> None:
    heard: list[WaitResult] = []
    policy = WaitPolicy(interval=0.05, max_interval=0.1, timeout=DEADLINE)
    started = time.monotonic()
    with threadfix_mock.adapter() as threadfix:
        results = threadfix.wait_all(
            [(6, n) for n in range(50)], policy=policy, concurrency=8, on_update=heard.append
        )
    took = time.monotonic() - started
    check_fifty(results)
    assert took < DEADLINE + 2, "one deadline for all fifty"
    assert threadfix_mock.errors == []
    finals = [r for r in heard if r.final]
    assert sorted(r.ids for r in finals) == sorted(r.ids for r in results), "each heard once final"
    assert any(not r.final and r.state is ScanState.RUNNING for r in heard), "and along the way"


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_fifty_scans_mixed_outcomes_async(threadfix_mock: MockServer, backend: str) -> None:
    async def run() -> list[WaitResult]:
        policy = WaitPolicy(interval=0.05, max_interval=0.1, timeout=DEADLINE)
        async with threadfix_mock.adapter() as threadfix:
            return list(
                await threadfix.await_all([(6, n) for n in range(50)], policy=policy, concurrency=8)
            )

    check_fifty(anyio.run(run, backend=backend))


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_await_terminal_on_either_loop(backend: str) -> None:
    with MockServer("threadfix") as mock:
        mock.script(41, lifecycle("threadfix", running_polls=2))
        mock.script(42, status("FINDINGS_GENERATING"))

        async def run() -> tuple[ScanState, BaseException]:
            async with mock.adapter() as threadfix:
                done = await threadfix.await_terminal(6, 41, policy=FAST)
                with pytest.raises(WaitTimeoutError) as late:
                    await threadfix.await_terminal(
                        6, 42, policy=WaitPolicy(interval=0.05, timeout=0.5)
                    )
            return done.state, late.value

        state, late = anyio.run(run, backend=backend)
    assert state is ScanState.SUCCEEDED
    assert "FINDINGS_GENERATING" in str(late)


def test_poll_once_with_the_state_carried_as_json_follows_the_scan_to_its_end() -> None:
    script = lifecycle("threadfix", running_polls=2)
    with MockServer("threadfix") as mock:
        mock.script(41, script)
        carried: dict[str, Any] | None = None
        seen: list[ScanState] = []
        with mock.adapter() as threadfix:
            while True:
                polled = threadfix.poll((6, 41), carried, policy=None if carried else FAST)
                seen.append(polled.status.state)
                # What a scheduler stores between polls: text, in another process or machine.
                message = json.loads(json.dumps(polled.to_dict()))
                carried = message["state"]
                if polled.state.done:
                    break
                time.sleep(max(0.0, polled.state.next_poll_at - time.time()))
        assert polled.state.settled and polled.state.polls == len(script)
        assert seen[-1] is ScanState.SUCCEEDED and ScanState.RUNNING in seen
        assert len(mock.requests) == len(script), "one request a poll"
        assert NormalizedStatus.from_dict(message["status"]) == polled.status


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_apoll_on_either_loop(backend: str) -> None:
    with MockServer("threadfix") as mock:
        mock.script(41, lifecycle("threadfix", running_polls=0))
        mock.script(43, not_found())

        async def run() -> list[ScanState]:
            async with mock.adapter() as threadfix:
                states = []
                state: PollState | None = None
                while state is None or not state.done:
                    status_read, state = await threadfix.apoll(
                        (6, 41), state, policy=None if state else FAST
                    )
                    states.append(status_read.state)
                    await anyio.sleep(state.delay)
                with pytest.raises(NotFoundError):
                    await threadfix.apoll((6, 43))
                with pytest.raises(TypeError, match="each scan is"):
                    await threadfix.apoll(41)
            return states

        states = anyio.run(run, backend=backend)
    assert states[-1] is ScanState.SUCCEEDED and len(states) == 2


def test_protecto_asks_once_a_round_for_every_pending_scan() -> None:
    with MockServer("protecto") as mock:
        ids = [f"t-{n}" for n in range(50)]
        for n, tracking_id in enumerate(ids):
            if n % 2:
                mock.script(
                    tracking_id, [status("PENDING "), status("IN-PROGRESS"), status("FAILED")]
                )
            else:
                mock.script(tracking_id, lifecycle("protecto", running_polls=1))
        with mock.adapter() as protecto:
            results = protecto.wait_all(ids, policy=FAST)
        assert [r.ids for r in results] == [(i,) for i in ids]
        assert [r.state for r in results] == [
            ScanState.FAILED if n % 2 else ScanState.SUCCEEDED for n in range(50)
        ]
        asked = [json.loads(r.body) for r in mock.requests]
        assert len(asked) < 50 and len(asked) <= 4, f"{len(asked)} requests for 50 scans"
        assert sorted(asked[0]) == sorted(ids), "the first round asks for all fifty at once"
        assert mock.errors == []


def test_protecto_a_scan_left_out_of_the_answer_is_not_found_alone() -> None:
    from scan_status.testing import scenarios

    with MockServer("protecto") as mock:
        mock.script("here", lifecycle("protecto", running_polls=0))
        mock.script("gone", scenarios.Step(value="SUCCESS "))
        with mock.adapter() as protecto:
            vendor: Any = mock.vendor  # the Protecto room's answers, patched below
            original = vendor.answer

            def without_gone(call: Any, ids: list[str], steps: list[Any]) -> Any:
                body = original(call, ids, steps)
                body["data"] = [item for item in body["data"] if item["tracking_id"] != "gone"]
                return body

            vendor.answer = without_gone
            here, gone = protecto.wait_all(["here", "gone"], policy=FAST)
        assert here.succeeded
        assert isinstance(gone.error, NotFoundError) and "'gone'" in str(gone.error)


def test_an_adapters_own_mapping_and_stopping_at_the_first_unknown() -> None:
    with MockServer("threadfix") as mock:
        mock.script(1, status("SCAN_ARCHIVED"))
        mock.script(2, status("SCAN_ARCHIVED"))
        stop = WaitPolicy(interval=0.05, timeout=10, on_unknown="stop")
        with mock.adapter() as plain:
            (unknown,) = plain.wait_all([(6, 1)], policy=stop)
        assert unknown.error is None and unknown.state is ScanState.UNKNOWN
        assert len(mock.requests) == 1, "stopped at the first unknown"
        with mock.adapter(mapping={"SCAN_ARCHIVED": ScanState.CANCELLED}) as mapped:
            assert mapped.wait(6, 2, policy=FAST).state is ScanState.CANCELLED
            (cancelled,) = mapped.wait_all([(6, 2)], policy=stop)
        assert cancelled.state is ScanState.CANCELLED


def test_a_scan_given_with_the_wrong_ids_is_a_type_error_before_any_request() -> None:
    with MockServer("threadfix") as mock, mock.adapter() as threadfix:
        with pytest.raises(TypeError, match=r"each scan is \(app_id, pending_scan_id\)"):
            threadfix.wait_all([41])
        with pytest.raises(ValueError, match="concurrency"):
            threadfix.wait_all([(6, 41)], concurrency=0)
        assert mock.requests == []
