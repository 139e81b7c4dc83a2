"""The cheap request builder builds what httpx's build_request builds (no network: pure logic)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from scan_status.transport.building import RequestBuilder

pytestmark = pytest.mark.pure  # reads no fact a release changes (tests/conftest.py)

HEADERS = {"Authorization": "APIKEY k", "Accept-Encoding": "gzip, deflate"}
KWARGS: list[dict[str, Any]] = [
    {"method": "get", "url": "/rest/latest/applications/6/pendingScan/41/status"},
    {"method": "GET", "url": "/scans/a%2Fb", "headers": {"Accept": "application/json"}},
    {"method": "get", "url": "/x", "headers": {"Authorization": "other"}},
    {"method": "get", "url": "/x", "params": {"ids": ["a", "b"]}},
    {"method": "patch", "url": "/tasks/1", "json": {"state": "cancel"}},
    {"method": "post", "url": "/status", "json": ["a"], "headers": {"Accept": "*/*"}},
]


def described(request: httpx.Request) -> tuple[Any, ...]:
    return (
        request.method,
        str(request.url),
        request.headers.multi_items(),
        request.extensions,
        request.read(),
    )


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:9/threadfix", "http://127.0.0.1:9/"])
@pytest.mark.parametrize("kwargs", KWARGS)
def test_each_request_is_what_build_request_builds(base_url: str, kwargs: dict[str, Any]) -> None:
    with httpx.Client(base_url=base_url, headers=HEADERS, timeout=3.0) as client:
        builder = RequestBuilder(client)
        for _ in range(2):  # the second comes from the caches
            assert described(builder.build(kwargs)) == described(client.build_request(**kwargs))


def test_a_built_request_changed_afterwards_leaves_the_next_one_alone() -> None:
    kwargs = {"method": "get", "url": "/x", "headers": {"Accept": "application/json"}}
    with httpx.Client(base_url="http://127.0.0.1:9", headers=HEADERS) as client:
        builder = RequestBuilder(client)
        first = builder.build(kwargs)
        first.headers["X-Signature"] = "one attempt's"  # as a signing transport does
        assert "x-signature" not in builder.build(kwargs).headers
        assert "x-signature" not in client.headers


def test_more_paths_than_the_cache_holds_are_each_built_right() -> None:
    with httpx.Client(base_url="http://127.0.0.1:9/api") as client:
        builder = RequestBuilder(client)
        for scan in range(RequestBuilder.SIZE * 2 + 1):
            path = f"/scans/{scan}"
            assert (
                builder.build({"method": "get", "url": path}).url
                == client.build_request("GET", path).url
            )
