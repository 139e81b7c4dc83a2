"""Secrets.might_appear_in lets the answer path skip walking an answer to scrub it: it may say
False only when scrubbing the parsed answer would change nothing. Checked over JSON texts written
the ways servers write them (escaped or not, ASCII or not) with credentials echoed in any case."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from scan_status.transport import Secrets, answer

pytestmark = pytest.mark.pure  # reads no fact a release changes (tests/conftest.py)

# An ASCII key; a key id short enough to be scrubbed only where it stands alone; and a
# credential with non-ASCII letters, whose case-insensitive matches reach ASCII (long s ~ "s",
# "K" (Kelvin) ~ "k").
SECRETS = [
    Secrets.of({"Authorization": "APIKEY SEKRET-123-do-not-print", "x-xdr-auth-id": "42"}),
    Secrets.of({"X-Api-Key": "\u017fecret-\u212aey-ünï"}),
    Secrets.of({}, ("user", "pass/word")),
]
ECHOES = [
    "SEKRET-123-do-not-print",
    "sekret-123-DO-NOT-PRINT",
    "42",
    "secret-key-ünï",
    "SECRET-KEY-ÜNÏ",
    "\u017fecret-\u212aey-ünï",
    "pass/word",
    "PASS/WORD",
    "dXNlcjpwYXNzL3dvcmQ=",
]
texts = st.one_of(
    st.text(max_size=12),
    st.builds(
        lambda a, echo, b: a + echo + b,
        st.text(max_size=3),
        st.sampled_from(ECHOES),
        st.text(max_size=3),
    ),
)
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), texts),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(texts, inner, max_size=3)),
    max_leaves=12,
)


def written(value: Any, style: str) -> bytes:
    """`value` as a server might write it: escaped to ASCII, raw UTF-8, or with "/" escaped."""
    if style == "utf-8":
        return json.dumps(value, ensure_ascii=False).encode()
    text = json.dumps(value)
    return (text.replace("/", "\\/") if style == "slashes" else text).encode()


@given(
    secrets=st.sampled_from(SECRETS),
    record=st.dictionaries(texts, values, max_size=4),
    style=st.sampled_from(["ascii", "utf-8", "slashes"]),
)
@example(secrets=SECRETS[0], record={"message": "sekret-123-do-not-print"}, style="ascii")
@example(secrets=SECRETS[1], record={"echo": "SECRET-KEY-ÜNÏ"}, style="ascii")
@example(secrets=SECRETS[2], record={"echo": "pass/word"}, style="slashes")
def test_no_shortcut_when_scrubbing_would_change_the_answer(
    secrets: Secrets, record: dict[str, Any], style: str
) -> None:
    raw = written(record, style)
    parsed = json.loads(raw)
    if secrets.scrub(parsed) != parsed:
        assert secrets.might_appear_in(raw)


def test_the_shortcut_is_taken_for_a_plain_answer_without_credentials() -> None:
    raw = json.dumps({"object": {"status": "DONE", "id": 41}, "message": ""}).encode()
    assert not SECRETS[0].might_appear_in(raw)
    assert SECRETS[0].might_appear_in(raw.replace(b"DONE", b"SEKRET-123-DO-NOT-PRINT"))
    assert SECRETS[0].might_appear_in(raw.replace(b"DONE", b"\\u0053EKRET-123-do-not-print"))
    assert not Secrets().might_appear_in(raw)


def test_an_echo_is_scrubbed_from_a_successful_answer_whichever_way_it_is_written() -> None:
    response = httpx.Response(200)
    for raw in (
        b'{"status": "DONE", "note": "SEKRET-123-do-not-print"}',
        b'{"status": "DONE", "note": "\\u0053EKRET-123-do-not-print"}',
    ):
        assert answer("threadfix", response, raw, SECRETS[0]) == {"status": "DONE", "note": "***"}
