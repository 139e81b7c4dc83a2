"""One status request, ours against plain httpx, sync and async; the mock against Starlette.

Both sides of a comparison talk to the same server process and run alternately, round by
round; a ratio is taken per round and the median kept. CPU is the client process's own
(time.process_time); the server's CPU comes from /proc and is reported as its share of the
wall time, which shows whether it could be the bottleneck.
"""

from __future__ import annotations

import asyncio
import ssl
import tempfile
from pathlib import Path
from typing import Any

import httpx

import scan_status
from benchmarks import servers
from benchmarks.timing import Pairs, interleave, process_cpu, spread, timed

PATH = "/threadfix/rest/latest/applications/6/pendingScan/41/status"


def _server_share(pid: int, cpu_before: float, wall: float) -> float:
    return round((process_cpu(pid) - cpu_before) / wall, 3)


def _compare(
    pairs: Pairs, names: dict[str, str], server_pid: int, server_cpu: float, wall: float
) -> dict[str, Any]:
    rate = pairs.ratio(("b", "wall"), ("a", "wall"))  # a's rate over b's: b's time over a's
    cpu = pairs.ratio(("a", "cpu"), ("b", "cpu"))
    return {
        "per_request_seconds": pairs.summary(names, 7),
        "rate_ratio": spread(rate, 3),
        "cpu_ratio": spread(cpu, 3),
        "server_cpu_share": _server_share(server_pid, server_cpu, wall),
    }


def sync_and_async(rounds: int, requests: int) -> dict[str, Any]:
    process, announced = servers.start("fast")
    base = f"http://127.0.0.1:{announced['port']}"
    headers = {"Authorization": "APIKEY bench", "Accept": "application/json"}
    try:
        report: dict[str, Any] = {
            "server": "benchmarks.servers fast (raw asyncio, own process)",
            "requests_per_round": requests,
            "rounds": rounds,
        }
        pid = process.pid
        # Sync: adapter.get_status against httpx.Client + json.
        sync = Pairs()
        with (
            httpx.Client(base_url=base, headers=headers) as plain,
            scan_status.threadfix(base_url=f"{base}/threadfix", api_key="bench") as ours,
        ):
            plain.get(PATH).json(), ours.get_status(6, 41)  # both pools warm

            def sync_ours() -> None:
                with timed() as clock:
                    for _ in range(requests):
                        ours.get_status(6, 41)
                sync.add("a", wall=clock.wall / requests, cpu=clock.cpu / requests)

            def sync_plain() -> None:
                with timed() as clock:
                    for _ in range(requests):
                        plain.get(PATH).raise_for_status().json()
                sync.add("b", wall=clock.wall / requests, cpu=clock.cpu / requests)

            server_cpu = process_cpu(pid)
            with timed() as total:
                interleave(rounds, sync_ours, sync_plain)
        report["sync"] = _compare(
            sync, {"a": "get_status", "b": "httpx"}, pid, server_cpu, total.wall
        )
        # Async: adapter.aget_status against httpx.AsyncClient + json, one await at a time.
        report["async"] = asyncio.run(_async(base, headers, rounds, requests, pid))
        report["tls"] = _sync_over_tls(rounds, requests, headers)
        return report
    finally:
        process.terminate()
        process.wait()


def _sync_over_tls(rounds: int, requests: int, headers: dict[str, str]) -> dict[str, Any]:
    """Sync get_status against httpx.Client + json over the same TLS (a private CA, trustme),
    the server `fast` over TLS in its own process; both verify the certificate."""
    import trustme  # the bench group's: only this row makes certificates

    authority = trustme.CA()
    with tempfile.TemporaryDirectory(prefix="bench-tls-") as scratch:
        cert, key, ca = (str(Path(scratch) / name) for name in ("cert.pem", "key.pem", "ca.pem"))
        leaf = authority.issue_cert("127.0.0.1")
        leaf.cert_chain_pems[0].write_to_path(cert)
        leaf.private_key_pem.write_to_path(key)
        authority.cert_pem.write_to_path(ca)
        process, announced = servers.start("fast-tls", cert, key)
        try:
            base = f"https://127.0.0.1:{announced['port']}"
            pairs = Pairs()
            with (
                httpx.Client(
                    base_url=base, headers=headers, verify=ssl.create_default_context(cafile=ca)
                ) as plain,
                scan_status.threadfix(
                    base_url=f"{base}/threadfix", api_key="bench", verify=ca
                ) as ours,
            ):
                plain.get(PATH).json(), ours.get_status(6, 41)  # both pools warm, TLS set up

                def tls_ours() -> None:
                    with timed() as clock:
                        for _ in range(requests):
                            ours.get_status(6, 41)
                    pairs.add("a", wall=clock.wall / requests, cpu=clock.cpu / requests)

                def tls_plain() -> None:
                    with timed() as clock:
                        for _ in range(requests):
                            plain.get(PATH).raise_for_status().json()
                    pairs.add("b", wall=clock.wall / requests, cpu=clock.cpu / requests)

                server_cpu = process_cpu(process.pid)
                with timed() as total:
                    interleave(rounds, tls_ours, tls_plain)
            result = _compare(
                pairs, {"a": "get_status", "b": "httpx"}, process.pid, server_cpu, total.wall
            )
            result["server"] = "benchmarks.servers fast-tls (TLS, a trustme CA)"
            return result
        finally:
            process.terminate()
            process.wait()


async def _async(
    base: str, headers: dict[str, str], rounds: int, requests: int, pid: int
) -> dict[str, Any]:
    pairs = Pairs()
    async with (
        httpx.AsyncClient(base_url=base, headers=headers) as plain,
        scan_status.threadfix(base_url=f"{base}/threadfix", api_key="bench") as ours,
    ):
        await plain.get(PATH), await ours.aget_status(6, 41)
        server_cpu = process_cpu(pid)
        with timed() as total:
            for index in range(rounds):
                for side in ("a", "b") if index % 2 == 0 else ("b", "a"):
                    with timed() as clock:
                        for _ in range(requests):
                            if side == "a":
                                await ours.aget_status(6, 41)
                            else:
                                (await plain.get(PATH)).raise_for_status().json()
                    pairs.add(side, wall=clock.wall / requests, cpu=clock.cpu / requests)
    result = _compare(pairs, {"a": "aget_status", "b": "httpx"}, pid, server_cpu, total.wall)
    result["aget_status_per_second"] = spread([1 / w for w in pairs.a["wall"]], 1)
    return result


def mock_vs_starlette(rounds: int, requests: int) -> dict[str, Any]:
    """The mock (validation on) against a minimal Starlette app serving the mock's own answer."""
    mock, announced = servers.start("mock")
    starlette: Any = None
    try:
        mock_url = f"http://127.0.0.1:{announced['port']}"
        headers = announced["headers"]
        with httpx.Client(headers=headers) as client:
            for _ in range(5):  # past the default lifecycle: the mock now repeats "done"
                answer = client.get(mock_url + PATH).raise_for_status()
            with tempfile.TemporaryDirectory() as scratch:
                body = Path(scratch) / "body.json"
                body.write_bytes(answer.content)
                starlette, started = servers.start("starlette", str(body))
                starlette_url = f"http://127.0.0.1:{started['port']}"
                client.get(starlette_url + PATH).raise_for_status()
            pairs = Pairs()

            def side(name: str, url: str, pid: int) -> None:
                server_cpu = process_cpu(pid)
                with timed() as clock:
                    for _ in range(requests):
                        client.get(url + PATH).raise_for_status()
                pairs.add(
                    name,
                    wall=clock.wall / requests,
                    client_cpu=clock.cpu / requests,
                    server_cpu=(process_cpu(pid) - server_cpu) / requests,
                    server_cpu_share=(process_cpu(pid) - server_cpu) / clock.wall,
                )

            interleave(
                rounds,
                lambda: side("a", mock_url, mock.pid),
                lambda: side("b", starlette_url, starlette.pid),
            )
        return {
            "client": "httpx.Client, one request at a time",
            "requests_per_round": requests,
            "rounds": rounds,
            "per_request": pairs.summary({"a": "mock", "b": "starlette"}, 7),
            "rate_ratio": spread(pairs.ratio(("b", "wall"), ("a", "wall")), 3),
            "server_cpu_ratio": spread(pairs.ratio(("b", "server_cpu"), ("a", "server_cpu")), 3),
        }
    finally:
        for process in (mock, starlette):
            if process is not None:
                process.terminate()
                process.wait()
