"""Scrubbing credentials (scan_status.transport.secrets) and decoding answers under a size bound
(scan_status.transport.inflate, http.decode_json_object): pure logic, no server. The same behaviours are
driven through real adapters and a hostile server in tests/system/test_hostile_answers.py."""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from urllib.parse import quote, quote_plus

import pytest

from scan_status.transport.http import MAX_DEPTH, decode_json_object
from scan_status.transport.inflate import BoundedDecoder, UnreadableBody
from scan_status.transport.secrets import REDACTED, Secrets, redacted_url, split_userinfo

pytestmark = pytest.mark.pure  # reads no fact a release changes (tests/conftest.py)

KEY = "SEKRET-123-do-not-print"


def test_every_covered_form_of_a_header_credential_is_scrubbed() -> None:
    secrets = Secrets.of({"Authorization": f"APIKEY {KEY}", "Accept": "application/json"})
    odd_key = 'k"ey/with+odd&chars'  # percent-encoded and JSON-escaped forms differ from it
    odd = Secrets.of({"X-API-Key": odd_key})
    for scrubber, form in [
        (secrets, KEY),
        (secrets, f"APIKEY {KEY}"),
        (secrets, KEY.lower()),  # an echo that changed case
        (odd, odd_key),
        (odd, quote(odd_key, safe="")),
        (odd, quote_plus(odd_key)),
        (odd, json.dumps(odd_key)[1:-1]),
    ]:
        assert scrubber.scrub_text(f"invalid key: {form}!") == f"invalid key: {REDACTED}!", form
    assert secrets.scrub_text("application/json") == "application/json", "not a credential"


def test_a_credential_quoted_as_python_quotes_it_is_scrubbed() -> None:
    # An HTTP library's message quotes a header value as bytes or str repr: b'k\x00ey-...'.
    key = "k\x00ey-with-a-NUL-é"
    secrets = Secrets([key])
    for message in (
        f"Illegal header value {key.encode()!r}",
        f"bad value {key!r}",
        f"json {json.dumps(key)}",
    ):
        scrubbed = secrets.scrub_text(message)
        assert REDACTED in scrubbed and "ey-with-a-NUL" not in scrubbed, scrubbed


def test_a_json_error_keeps_no_chain_to_the_raw_body() -> None:
    body = b'{"echo": "the-secret-key" oops'
    with pytest.raises(UnreadableBody) as unreadable:
        decode_json_object(body)
    assert unreadable.value.__cause__ is None and unreadable.value.__context__ is None
    assert "the-secret-key" not in str(unreadable.value)


def test_scrub_walks_dicts_lists_and_keys_and_keeps_other_values() -> None:
    secrets = Secrets.of({"Authorization": f"Bearer {KEY}"})
    body = {"error": {"message": f"bad token {KEY}"}, KEY: [1, None, True, [f"x{KEY}y"]]}
    assert secrets.scrub(body) == {
        "error": {"message": f"bad token {REDACTED}"},
        REDACTED: [1, None, True, [f"x{REDACTED}y"]],
    }


def test_a_short_key_id_is_scrubbed_only_where_it_stands_alone() -> None:
    secrets = Secrets.of({"x-xdr-auth-id": "7"})
    assert (
        secrets.scrub_text("key id 7 refused (id=7).")
        == f"key id {REDACTED} refused (id={REDACTED})."
    )
    assert (
        secrets.scrub_text("HTTP/1.1 401 on port 8007, v1.7") == "HTTP/1.1 401 on port 8007, v1.7"
    )


def test_userinfo_leaves_the_url_and_all_its_forms_are_secrets() -> None:
    bare, userinfo = split_userinfo("https://us%40er:p%3Aw-SEKRET@host:8443/api?x=1")
    assert (bare, userinfo) == ("https://host:8443/api?x=1", ("us@er", "p:w-SEKRET"))
    assert redacted_url("https://u:p@host/x") == f"https://{REDACTED}@host/x"
    assert redacted_url("https://host/x") == "https://host/x"
    secrets = Secrets.of({}, userinfo)
    basic = base64.b64encode(b"us@er:p:w-SEKRET").decode()
    for form in ("p:w-SEKRET", quote("p:w-SEKRET", safe=""), basic, f"Basic {basic}"):
        assert "SEKRET" not in secrets.scrub_text(form) and basic not in secrets.scrub_text(form)


def test_secrets_have_no_revealing_repr() -> None:
    assert KEY not in repr(Secrets.of({"Authorization": KEY}))


def decoded(chunks: list[bytes], encoding: str | None, limit: int) -> bytes:
    decoder = BoundedDecoder(encoding, limit)
    for chunk in chunks:
        decoder.feed(chunk)
    return decoder.finish()


def test_bounded_decoding_reads_what_servers_send() -> None:
    text = b'{"status": "DONE"}' * 50
    two_members = gzip.compress(text[:400]) + gzip.compress(text[400:])
    raw_deflate = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw = raw_deflate.compress(text) + raw_deflate.flush()
    assert decoded([text], None, 10_000) == text
    assert decoded([two_members[:7], two_members[7:]], "gzip", 10_000) == text
    assert decoded([zlib.compress(text)], "deflate", 10_000) == text
    assert decoded([raw], "deflate", 10_000) == text
    assert decoded([gzip.compress(gzip.compress(text))], "gzip, gzip", 10_000) == text


def test_bounded_decoding_stops_at_the_limit() -> None:
    bomb = gzip.compress(bytes(50 << 20))  # 50 MiB of zeros, about 50 KB
    with pytest.raises(UnreadableBody, match="larger than 65536 bytes"):
        decoded([bomb], "gzip", 65536)
    with pytest.raises(UnreadableBody, match="larger than 100 bytes"):
        decoded([b"x" * 101], None, 100)
    with pytest.raises(UnreadableBody, match="unsupported Content-Encoding br"):
        BoundedDecoder("br", 100)
    with pytest.raises(UnreadableBody, match="corrupt gzip"):
        decoded([b"\x1f\x8bnot gzip at all"], "gzip", 100)


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (b"[1, 2, 3]", "JSON array, not an object"),
        (b'"x"', "JSON string, not an object"),
        (b"5", "JSON number, not an object"),
        (b"null", "JSON null, not an object"),
        (b"", "no answer body"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deep"),
        (b'{"a": ' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1), "nested deeper than"),
        (b'{"a": ', "JSONDecodeError"),
    ],
)
def test_only_a_json_object_is_an_answer(body: bytes, said: str) -> None:
    with pytest.raises(UnreadableBody, match=said):
        decode_json_object(body)


def test_an_object_within_the_depth_limit_is_an_answer() -> None:
    body = b'{"a": ' * MAX_DEPTH + b"1" + b"}" * MAX_DEPTH
    assert decode_json_object(body)["a"] is not None
