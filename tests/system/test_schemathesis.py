"""schemathesis against each mock, from the vendor's spec: no answer may break the spec."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scan_status.testing import MockServer
from scan_status.testing.app import load_spec
from tests.support.rooms import ALL


@pytest.mark.parametrize("vendor", ALL)
def test_no_mock_answer_breaks_the_spec(vendor: str) -> None:
    # Imported here: every xdist worker collects this module, one runs it (schemathesis: 0.3 s).
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.core.result import Ok
    from schemathesis.specs.openapi.checks import ignored_auth

    with MockServer(vendor) as mock:
        spec = copy.deepcopy(load_spec(mock.room))
        spec["servers"] = [{"url": mock.base_url}]
        schema = schemathesis.openapi.from_dict(spec)
        headers = mock.auth_headers()
        # Every header a security scheme names (Cortex's advanced key adds a nonce and a time,
        # which would send the mock down the advanced-key path).
        key_headers = {h.lower() for h in headers} | {
            scheme["name"].lower()
            for scheme in spec.get("components", {}).get("securitySchemes", {}).values()
            if scheme.get("in") == "header"
        }
        operations = [
            result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)
        ]
        assert operations, "the spec has operations"
        # The vendor's own refusal: ThreadFix refuses a key with HTTP 200 and its envelope (its
        # server code), which schemathesis's "auth ignored" check would take for a leak.
        refusal, _ = mock.vendor.fault("unauthorized", 401, "")
        excluded = [] if refusal in (401, 403) else [ignored_auth]
        # A vendor that says "no permission" with a 5xx (its room's errors declare what it
        # means): that answer is the vendor's, not a crash of the mock.
        if refusal >= 500:
            excluded.append(not_a_server_error)
        for operation in operations:

            @settings(
                max_examples=25,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                database=None,
            )
            @given(case=operation.as_strategy(), with_auth=st.booleans())
            def call(case: Any, with_auth: bool) -> None:
                if with_auth:  # only the key: no value schemathesis made up for a key header
                    kept = {
                        name: value
                        for name, value in (case.headers or {}).items()
                        if name.lower() not in key_headers
                    }
                    case.headers = {**kept, **headers}
                case.call_and_validate(base_url=mock.base_url, excluded_checks=excluded)

            call()
        assert mock.errors == [], "the mock's own answers broke its spec"
        assert len(mock.requests) >= 25 * len(operations)
        # Both kinds of answer were exercised: real ones with the key, the vendor's refusal
        # without (ThreadFix's comes with 200, so its real answers are told apart by body only).
        assert {200, refusal} <= set(mock.answered), sorted(set(mock.answered))
