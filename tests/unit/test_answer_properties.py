"""Any JSON a vendor may send, through the shared answer path and normalize(): only the error
family escapes, and no credential reaches a result, a message, an error body or a log line."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scan_status import ScanStatusError, normalize
from scan_status.transport import Secrets, answer
from scan_status.vendors import known
from tests.support.examples import examples

KEY, KEY_ID = "SEKRET-123-do-not-print", "KEYID-SEKRET-456"
SECRETS = Secrets.of({"Authorization": f"APIKEY {KEY}", "x-xdr-auth-id": KEY_ID})
ECHOES = [KEY, KEY_ID, f"APIKEY {KEY}", KEY.lower(), "SEKRET-123-do-not-print%21"]

texts = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["DONE", "RUNNING", "Scan is in Running state", "PENDING ", "-", ""]),
    st.builds(
        lambda a, echo, b: a + echo + b,
        st.text(max_size=5),
        st.sampled_from(ECHOES),
        st.text(max_size=5),
    ),
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), texts
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(
                texts,
                st.sampled_from(
                    [
                        "status",
                        "DATA",
                        "object",
                        "data",
                        "error",
                        "message",
                        "err_msg",
                        "errors",
                        "metadata",
                        "err_extra",
                        "field",
                        "id",
                        "modifiedDate",
                        "submitted_at",
                        "error_msg",
                        "tracking_id",
                    ]
                ),
            ),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


class Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def leaked(text: str) -> bool:
    return any(secret.lower() in text.lower() for secret in (KEY, KEY_ID))


@settings(max_examples=examples(400), deadline=None)
@given(
    value=json_values,
    status=st.sampled_from([200, 201, 400, 401, 403, 404, 429, 500, 503]),
    vendor=st.sampled_from(known()),
)
@example(value={"metadata": {"err_extra": 5}}, status=400, vendor="cortex")  # found by review
@example(value={"data": 5}, status=200, vendor="protecto")
def test_any_json_answer_ends_in_a_status_or_the_error_family(
    value: Any, status: int, vendor: str
) -> None:
    body = json.dumps(value).encode()
    response = httpx.Response(status, content=body)
    logs = Collected()
    logger = logging.getLogger("scan_status")
    logger.addHandler(logs)
    try:
        try:
            record = answer(vendor, response, body, SECRETS)
            result = normalize(vendor, record)
            shown = repr(result)
        except ScanStatusError as err:  # anything else fails the test by escaping
            shown = f"{err} {err!r} {getattr(err, 'body', None)!r}"
    finally:
        logger.removeHandler(logs)
    assert not leaked(shown), shown
    assert not [line for line in logs.lines if leaked(line)]
