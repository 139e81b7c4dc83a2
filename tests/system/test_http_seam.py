"""The seam for the user's own HTTP: event hooks fired per attempt, and the user's own transport
wrapped by the adapter's retries, deadlines, size caps and scrubbing; OpenTelemetry's httpx
instrumentation records every attempt through it. Against a scripted server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import trio
from opentelemetry.instrumentation.httpx import (
    AsyncOpenTelemetryTransport,
    HTTPXClientInstrumentor,
    SyncOpenTelemetryTransport,
)
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

import scan_status
from scan_status import RetryPolicy, ScanState, TransportError, VendorError
from scan_status.vendors.threadfix import ThreadFixAdapter
from tests.support.http_server import ScriptedServer, scripted_server
from tests.support.vendor_answers import SECRET, TF_PATH, threadfix_body

FLAKY = [503, 502, 200]  # two retried answers, then the status
QUICK_RETRIES = RetryPolicy(attempts=3, backoff=0.0)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        for status in FLAKY[:-1]:
            running.answer("GET", TF_PATH, status, {"message": "busy"})
        running.answer("GET", TF_PATH, 200, threadfix_body("DONE"))
        yield running


def threadfix(server: ScriptedServer, **options: Any) -> ThreadFixAdapter:
    return scan_status.threadfix(
        base_url=f"{server.base_url}/threadfix", api_key=SECRET, retry=QUICK_RETRIES, **options
    )


def run_async(library: str, make: Any) -> Any:
    return asyncio.run(make()) if library == "asyncio" else trio.run(make)


def test_event_hooks_fire_once_per_attempt(server: ScriptedServer) -> None:
    seen: list[tuple[str, Any]] = []
    hooks = {
        "request": [lambda request: seen.append(("request", request.url.path))],
        "response": [lambda response: seen.append(("response", response.status_code))],
    }
    with threadfix(server, event_hooks=hooks) as adapter:
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED
    assert seen == [
        item for status in FLAKY for item in (("request", TF_PATH), ("response", status))
    ]


@pytest.mark.parametrize("library", ["asyncio", "trio"])
def test_async_event_hooks_fire_once_per_attempt(server: ScriptedServer, library: str) -> None:
    statuses: list[int] = []
    sent: list[str] = []

    async def on_request(request: httpx.Request) -> None:
        sent.append(request.headers["Authorization"])  # the request as sent

    async def on_response(response: httpx.Response) -> None:
        statuses.append(response.status_code)

    adapter = threadfix(
        server,
        async_event_hooks={"request": [on_request], "response": [on_response]},
        event_hooks={"request": [lambda request: pytest.fail("a sync hook in an async call")]},
    )

    async def read() -> ScanState:
        async with adapter:
            return (await adapter.aget_status(6, 41)).state

    assert run_async(library, read) is ScanState.SUCCEEDED
    assert statuses == FLAKY and sent == [f"APIKEY {SECRET}"] * len(FLAKY)


def test_hooks_are_checked_when_the_adapter_is_built() -> None:
    with pytest.raises(ValueError, match="'request' and 'response'"):
        scan_status.threadfix(
            base_url="http://127.0.0.1:9/t", api_key=SECRET, event_hooks={"requests": []}
        )
    with pytest.raises(TypeError, match="callable"):
        scan_status.threadfix(
            base_url="http://127.0.0.1:9/t",
            api_key=SECRET,
            event_hooks={"request": ["x"]},  # type: ignore[list-item]
        )


class CountingTransport(httpx.BaseTransport):
    """A user's transport: httpx's own, counting what passes through it."""

    def __init__(self) -> None:
        self.inner, self.sent = httpx.HTTPTransport(), 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def test_an_own_transport_keeps_the_retries(server: ScriptedServer) -> None:
    own = CountingTransport()
    with threadfix(server, transport=own) as adapter:
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED
    assert own.sent == len(FLAKY) == server.count("GET", TF_PATH)


def test_an_own_transport_keeps_the_size_cap_and_the_scrubbing() -> None:
    with scripted_server() as server:
        server.answer("GET", TF_PATH, 200, b"{" + b" " * 5000 + b"}")
        server.answer("GET", TF_PATH, 500, {"message": f"bad key {SECRET}"})
        with threadfix(server, transport=httpx.HTTPTransport(), max_response_bytes=1000) as tf:
            with pytest.raises(VendorError, match="larger than 1000 bytes"):
                tf.get_status(6, 41)
            with pytest.raises(VendorError) as echoed:
                tf.get_status(6, 41)
    assert SECRET not in str(echoed.value) and SECRET not in str(echoed.value.body)


def test_an_own_transport_keeps_the_deadline() -> None:
    with scripted_server() as server:
        server.answer("GET", TF_PATH, 200, threadfix_body("DONE"), delay=3)
        with (
            threadfix(server, transport=httpx.HTTPTransport(), timeout=0.5) as tf,
            pytest.raises(TransportError, match="timed out"),
        ):
            tf.get_status(6, 41)


@pytest.mark.parametrize("library", ["asyncio", "trio"])
def test_an_own_async_transport_keeps_the_retries(server: ScriptedServer, library: str) -> None:
    adapter = threadfix(server, async_transport=httpx.AsyncHTTPTransport())

    async def read() -> ScanState:
        async with adapter:
            return (await adapter.aget_status(6, 41)).state

    assert run_async(library, read) is ScanState.SUCCEEDED
    assert server.count("GET", TF_PATH) == len(FLAKY)


@pytest.fixture
def spans() -> Iterator[tuple[TracerProvider, InMemorySpanExporter]]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield provider, exporter
    provider.shutdown()


def _statuses(exporter: InMemorySpanExporter) -> list[Any]:
    return [
        span.attributes.get("http.response.status_code", span.attributes.get("http.status_code"))
        for span in exporter.get_finished_spans()
        if span.attributes is not None
    ]


def test_opentelemetry_records_every_attempt_through_its_transport(
    server: ScriptedServer, spans: tuple[TracerProvider, InMemorySpanExporter]
) -> None:
    provider, exporter = spans
    traced = SyncOpenTelemetryTransport(httpx.HTTPTransport(), tracer_provider=provider)
    with threadfix(server, transport=traced) as adapter:
        assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED
    assert _statuses(exporter) == FLAKY
    assert all(SECRET not in str(span.attributes) for span in exporter.get_finished_spans())


@pytest.mark.parametrize("library", ["asyncio", "trio"])
def test_opentelemetry_records_every_async_attempt(
    server: ScriptedServer, spans: tuple[TracerProvider, InMemorySpanExporter], library: str
) -> None:
    provider, exporter = spans
    traced = AsyncOpenTelemetryTransport(httpx.AsyncHTTPTransport(), tracer_provider=provider)
    adapter = threadfix(server, async_transport=traced)

    async def read() -> ScanState:
        async with adapter:
            return (await adapter.aget_status(6, 41)).state

    assert run_async(library, read) is ScanState.SUCCEEDED
    assert _statuses(exporter) == FLAKY


def test_opentelemetrys_global_instrumentation_sees_an_own_httpx_transport(
    server: ScriptedServer, spans: tuple[TracerProvider, InMemorySpanExporter]
) -> None:
    provider, exporter = spans
    instrumentor = HTTPXClientInstrumentor()
    instrumentor.instrument(tracer_provider=provider)
    try:
        with threadfix(server, transport=httpx.HTTPTransport()) as adapter:
            assert adapter.get_status(6, 41).state is ScanState.SUCCEEDED
    finally:
        instrumentor.uninstrument()
    assert _statuses(exporter) == FLAKY
