"""Cortex XSIAM netscan: the status of a scan run, GET /public_api/netscan/v1/scan/run.

Two kinds of API key (the vendor's "Make your first API call" page): a standard key is sent as
it is in Authorization; an advanced key is never sent: Authorization carries the lowercase hex
SHA-256 of key + nonce + timestamp, beside x-xdr-nonce (64 random letters and digits) and
x-xdr-timestamp (epoch milliseconds), made afresh for every request and every retry.
`key_kind="advanced"` (CLI: --key-kind / SCAN_STATUS_CORTEX_KEY_KIND) chooses it.

Only "Scan is in Running state" is documented; every other sentence the mock sends, and every
mapping row but RUNNING, is our analogy (the spec's x-assumption on ScanRunStatus.DATA).
"""

from __future__ import annotations

import hashlib
import re
import string
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from scan_status.adapters import StatusAdapter
from scan_status.mapping import key
from scan_status.reading import Reading, optional_text, text
from scan_status.status import NormalizedStatus
from scan_status.vendors._errors import Errors
from scan_status.vendors._room import Call, IdParam, JsonBody, MockAnswers, Room, shipped_spec

if TYPE_CHECKING:
    from scan_status.testing.scenarios import Step

USER_AGENT = "scan-status"  # the API requires a User-Agent header
# "Scan is in <phase> state", read word by word (str.split is linear in the answer's length; the
# regex this replaces backtracked quadratically on a long run of spaces, outliving wait deadlines).
# Compared as `key` folds them (ASCII case only).
OPENING = ["SCAN", "IS", "IN"]
CLOSING = "STATE"


STANDARD, ADVANCED = "standard", "advanced"
NONCE_ALPHABET = string.ascii_letters + string.digits
NONCE_LENGTH = 64
NONCE = re.compile(rf"^[A-Za-z0-9]{{{NONCE_LENGTH}}}$")


def auth(credentials: Mapping[str, str]) -> dict[str, str]:
    """A standard key's headers: the key itself and its id."""
    return {"Authorization": credentials["api_key"], "x-xdr-auth-id": credentials["api_key_id"]}


def signature(api_key: str, nonce: str, timestamp: str) -> str:
    """An advanced key's Authorization: the spec's x-signature (sha256, hex, key+nonce+timestamp)."""
    return hashlib.sha256((api_key + nonce + timestamp).encode("utf-8")).hexdigest()


def advanced_signer(api_key: str) -> Callable[[], dict[str, str]]:
    """Fresh advanced-key headers for each request: a new nonce, the current time."""
    import secrets  # only an advanced key needs it

    def sign() -> dict[str, str]:
        nonce = "".join(secrets.choice(NONCE_ALPHABET) for _ in range(NONCE_LENGTH))
        timestamp = str(int(time.time()) * 1000)  # whole seconds in ms, as the vendor's example
        return {
            "x-xdr-nonce": nonce,
            "x-xdr-timestamp": timestamp,
            "Authorization": signature(api_key, nonce, timestamp),
        }

    return sign


def read(record: dict[str, Any]) -> Reading:
    sentence = text(record.get("DATA"))
    return Reading(sentence, message=optional_text(sentence))


def phase(raw: str) -> str:
    """Cortex answers with a sentence ("Scan is in Running state"): its word is the phase.

    The sentence's own words match in ASCII case only (`key`'s folding); its phase words are
    joined by "_" (hyphens too: "In-Progress" is IN_PROGRESS). Linear time in len(raw).
    """
    words = raw.split()
    if words and words[-1] == ".":  # "... state ."
        words.pop()
    elif words and words[-1].endswith("."):  # "... state."
        words[-1] = words[-1][:-1]
    opening, closing = [key(word) for word in words[:3]], key(words[-1]) if words else ""
    if len(words) < 5 or opening != OPENING or closing != CLOSING:
        return key(raw)
    return key(re.sub(r"[\s-]+", "_", " ".join(words[3:-1])))


class CortexAdapter(StatusAdapter):
    vendor = "cortex"

    def __init__(
        self,
        base_url: str,
        *,
        fields: Sequence[str] = ("status",),
        key_kind: str = STANDARD,
        **options: Any,
    ) -> None:
        if key_kind not in (STANDARD, ADVANCED):
            raise ValueError(f"key_kind must be {STANDARD!r} or {ADVANCED!r}, not {key_kind!r}")
        self.key_kind = key_kind
        super().__init__(base_url, **options)
        self.fields = list(fields)

    def auth_headers(self, credentials: dict[str, str]) -> dict[str, str]:
        headers = self.room.headers(credentials)
        if self.key_kind == ADVANCED:
            del headers["Authorization"]  # the key is never sent: its hash is, per request
        return headers

    def request_signer(self, credentials: dict[str, str]) -> Callable[[], dict[str, str]] | None:
        return advanced_signer(credentials["api_key"]) if self.key_kind == ADVANCED else None

    def get_status(self, run_id: int) -> NormalizedStatus:
        return super().get_status(run_id)

    async def aget_status(self, run_id: int) -> NormalizedStatus:
        return await super().aget_status(run_id)

    def status_arguments(self, *ids: Any) -> dict[str, Any]:
        (run_id,) = ids
        return {"id": run_id, "fields": self.fields, "user_agent": USER_AGENT}


class CortexMock(MockAnswers):
    credentials: ClassVar[dict[str, str]] = {"api_key": "test-key", "api_key_id": "1"}
    # The one sentence Cortex documents; every other one below is the spec's x-assumption on
    # ScanRunStatus.DATA (the same sentence with the words of the vendor's other scan APIs).
    DOCUMENTED: ClassVar[frozenset[str]] = frozenset({"Scan is in Running state"})
    phases: ClassVar[dict[str, list[str]]] = {
        "queued": ["Scan is in Pending state"],  # assumption: by analogy
        "running": ["Scan is in Running state"],  # documented
        "succeeded": ["Scan is in Completed state"],  # assumption: by analogy
        "failed": ["Scan is in Failed state"],  # assumption: by analogy
        "cancelled": ["Scan is in Cancelled state"],  # assumption: by analogy
        "unknown": ["Scan is in Hibernating state"],  # a word nobody maps, on purpose
    }

    @classmethod
    def assumed(cls) -> set[str]:
        """The sentences this mock sends that Cortex never documented."""
        return {s for values in cls.phases.values() for s in values} - cls.DOCUMENTED

    def authenticates(self, headers: Mapping[str, str], expected: Mapping[str, str]) -> bool:
        """A standard key as sent, or an advanced key's hash of the same key with the request's
        nonce and timestamp. How stale a timestamp may be is not documented (the spec's
        x-assumption on advancedKeyTimestamp), so none is refused for its age."""
        if "x-xdr-nonce" not in headers:
            return super().authenticates(headers, expected)
        import secrets  # only an advanced key needs it

        nonce, timestamp = headers["x-xdr-nonce"], headers.get("x-xdr-timestamp", "")
        return (
            headers.get("x-xdr-auth-id") == expected["x-xdr-auth-id"]
            and NONCE.match(nonce) is not None
            and timestamp.isdigit()
            and secrets.compare_digest(
                headers.get("authorization", ""),
                signature(expected["authorization"], nonce, timestamp),
            )
        )

    def scan_ids(self, call: Call) -> list[str]:
        return [call.query.get("id", "")]

    def answer(self, call: Call, ids: list[str], steps: list[Step]) -> JsonBody:
        return {"DATA": steps[0].value or "Scan is in Completed state"}

    def fault(
        self, kind: str, code: int, message: str, scan_id: str | None = None
    ) -> tuple[int, JsonBody]:
        if kind == "unauthorized":  # the spec's reason phrase for it, in the shared error body
            reason = shipped_spec("cortex_netscan_client")["components"]["responses"]
            return 401, self.error(401, str(reason["NotAuthorized"]["description"]).rstrip("."))
        return code, self.error(code, message)

    def error(self, code: int, message: str, field_name: str | None = None) -> JsonBody:
        extra = [{"field": field_name, "message": message}] if field_name else []
        return {"err_msg": message, "metadata": {"err_extra": extra}}


ROOM = Room(
    key="cortex",
    name="Cortex XSIAM",
    package="cortex_netscan_client",
    credentials=("api_key", "api_key_id"),
    auth=auth,
    ids=(IdParam("run_id", int, sample=789),),
    read=read,
    phase=phase,
    status_operation="cortex_netscan_client.api.default.get_scan_run_status",
    adapter=CortexAdapter,
    mock=CortexMock,
    summary="the status of a netscan run",
    settings={"key_kind": (STANDARD, ADVANCED)},
    # The shared error body: err_msg, and a message per field in metadata.err_extra.
    errors=Errors(message=("err_msg", "metadata.err_extra")),
)
