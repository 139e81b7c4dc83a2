"""ThreadFix: the status of a queued scan, GET rest/{version}/applications/{appId}/pendingScan/{id}/status.

ThreadFix answers most failures with HTTP 200 and its envelope (`success: false`, `object: null`,
the reason in `message`): a refused key, an unknown key, a restricted key, an application that
does not exist (RestResponse.failure and TFRestController in ThreadFix's server code; the spec's
examples). The adapter turns the documented key messages into AuthenticationError, a failed
lookup into NotFoundError and any other failure into VendorError (ERRORS, read by the
transport's error mapping). `api_version=None` calls the
unversioned path (`rest/applications/...`), which ThreadFix serves as its legacy version
(deprecated since 2.7.4) and which the community client ThreadFixProAPI uses; a version string
("latest", the default, "v2.4", or "legacy" itself) goes into the versioned path.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from scan_status.adapters import StatusAdapter, build
from scan_status.errors import InvalidArgumentError
from scan_status.reading import Reading, epoch_ms, optional_text, text
from scan_status.status import NormalizedStatus
from scan_status.vendors._errors import ErrorRule, Errors
from scan_status.vendors._room import (
    Call,
    IdParam,
    JsonBody,
    MockAnswers,
    Room,
    documented_example,
    shipped_spec,
)

if TYPE_CHECKING:
    from scan_status.testing.scenarios import Step


OPERATION = "threadfix_client.api.default.get_pending_scan_status"
LEGACY_OPERATION = "threadfix_client.api.default.get_pending_scan_status_legacy"
# TFRestController's answers to a key it refuses (no key, a wrong one, an unknown one, one
# restricted from this call): each a 200 failure envelope. Matched as they are documented.
REFUSED_KEY_MESSAGES = frozenset(
    {
        "Authentication failed, check your API Key.",
        "API Key not found in database.",
        "The requested URL is restricted for your API Key.",
    }
)
LOOKUP_FAILED = "lookup failed"  # "Application lookup failed. Check your ID." and its siblings
# A failure comes in the envelope (success false), mostly with HTTP 200; its message says which.
ERRORS = Errors(
    rules=(
        ErrorRule("authentication", field="message", equals=tuple(sorted(REFUSED_KEY_MESSAGES))),
        ErrorRule("not_found", field="message", contains=LOOKUP_FAILED),
    ),
    message=("message",),
    envelope="success",
)


def auth(credentials: Mapping[str, str]) -> dict[str, str]:
    return {"Authorization": f"APIKEY {credentials['api_key']}"}  # ThreadFix's own scheme


def read(record: dict[str, Any]) -> Reading:
    inner = record.get("object")  # the envelope's payload, when given the whole envelope
    scan: Mapping[str, Any] = inner if isinstance(inner, Mapping) else record
    return Reading(
        text(scan.get("status")),
        message=optional_text(scan.get("scanMessage")) or optional_text(record.get("message")),
        error=optional_text(scan.get("errorMessage")),
        scan_id=str(scan["id"]) if isinstance(scan.get("id"), int) else None,
        updated_at=epoch_ms(scan.get("modifiedDate")),
        failed=scan.get("error") is True,  # ThreadFix can flag a failure beside any phase
    )


class ThreadFixAdapter(StatusAdapter):
    """`api_version`: the path's version segment ("latest", "v2.4", "legacy", ...), or None for
    the unversioned path, which ThreadFix serves as its legacy version."""

    vendor = "threadfix"

    def __init__(
        self, base_url: str, *, api_version: str | None = "latest", **options: Any
    ) -> None:
        if api_version in ("", ".", ".."):
            # "" / "." / ".." are removed by URL normalisation: the request would leave /rest.
            raise InvalidArgumentError(
                "api_version", f"api_version={api_version!r} is not a version segment of the path"
            )
        super().__init__(base_url, **options)
        self.api_version = api_version

    def get_status(self, app_id: int, pending_scan_id: int) -> NormalizedStatus:
        return super().get_status(app_id, pending_scan_id)

    async def aget_status(self, app_id: int, pending_scan_id: int) -> NormalizedStatus:
        return await super().aget_status(app_id, pending_scan_id)

    def status_request(self, *ids: Any) -> dict[str, Any]:
        # The generated operation's request_kwargs send Accept: application/json (the spec's
        # header parameter with its one value as default).
        if self.api_version is None:
            return build(LEGACY_OPERATION, **self.status_arguments(*ids))
        return build(OPERATION, version=self.api_version, **self.status_arguments(*ids))


class ThreadFixMock(MockAnswers):
    base_path = "/threadfix"
    credentials: ClassVar[dict[str, str]] = {"api_key": "test-key"}
    phases: ClassVar[dict[str, list[str]]] = {
        "queued": ["QUEUED"],
        "running": [
            "UPLOADED",
            "FINDINGS_GENERATING",
            "CHANNEL_MERGING",
            "APPLICATION_MERGING",
            "APPLICATION_MERGED",
            "LINKING_DEFECTS",
        ],
        "succeeded": ["DONE"],
        "failed": ["SCAN_INTERRUPTED"],
        "cancelled": ["SCAN_QUEUED_FOR_DELETE", "SCAN_DELETED"],
        "unknown": ["SCAN_ARCHIVED"],
    }
    UI_WORDING: ClassVar[dict[str, str]] = {
        "QUEUED": "Queued",
        "UPLOADED": "Uploaded",
        "FINDINGS_GENERATING": "Generating Findings",
        "CHANNEL_MERGING": "Merging Channel Findings",
        "APPLICATION_MERGING": "Merging Application Findings",
        "APPLICATION_MERGED": "Merging Application Findings Completed",
        "DONE": "Scan Processing Completed. Statistics Update Queued.",
        "FINISHED_FINDING_PULLING": "Findings Import From Server Finished.",
        "SCAN_INTERRUPTED": "Scan processing was interrupted",
        "SCAN_QUEUED_FOR_DELETE": "Scan queued to be deleted.",
        "SCAN_DELETED": "Scan Deleted.",
        "LINKING_DEFECTS": "Linking Defects.",
    }

    def scan_ids(self, call: Call) -> list[str]:
        return [call.path_params["pendingScanId"]]

    def answer(self, call: Call, ids: list[str], steps: list[Step]) -> JsonBody:
        value = steps[0].value or "DONE"
        wording = self.UI_WORDING.get(value, value)
        failed = value == "SCAN_INTERRUPTED"
        now = int(time.time() * 1000)
        scan: dict[str, Any] = {
            "id": int(ids[0]),
            "modifiedDate": now,
            "active": True,
            "fileDataList": [{"id": 1, "originalName": "scan.fpr"}],
            "appId": int(call.path_params["appId"]),
            "errorMessage": "processing was interrupted" if failed else None,
            "status": value,
            "error": failed,
            "type": "upload",
            "name": "scan.fpr",
            "time": now,
            "scanMessage": wording,
        }
        if value == "DONE":
            scan["scanId"] = int(ids[0]) + 1000  # 2.7.7 and later add it once DONE
        return {"message": wording, "success": True, "responseCode": -1, "object": scan}

    def error(self, code: int, message: str, field_name: str | None = None) -> JsonBody:
        return {"message": message, "success": False, "responseCode": -1, "object": None}

    def fault(
        self, kind: str, code: int, message: str, scan_id: str | None = None
    ) -> tuple[int, JsonBody]:
        # A refused key and a failed lookup come back with HTTP 200, in the words the spec's
        # examples give (ThreadFix's server code).
        if kind == "unauthorized":
            return 200, documented_example("threadfix_client", "AuthenticationFailed")
        if kind == "not_found":
            return 200, documented_example("threadfix_client", "ApplicationLookupFailed")
        return code, self.error(code, message)

    def unknown_path(self, path: str) -> tuple[int, JsonBody] | None:
        # ThreadFix's catch-all controller for /rest/**: 404 in the envelope.
        return (404, unrecognized_path()) if path.startswith("/rest/") else None

    def refuses(self, headers: Mapping[str, str]) -> tuple[int, JsonBody] | None:
        # The REST mappings are conditioned on Accept=application/json, which Spring reads as
        # "produces JSON": an Accept that admits JSON (or none) matches; one that excludes it
        # falls through to the catch-all's 404 (the spec's x-assumption on AcceptJson).
        accept = headers.get("accept")
        return None if accept is None or admits_json(accept) else (404, unrecognized_path())

    def as_validated(self, headers: Mapping[str, str]) -> dict[str, str]:
        return {**headers, "accept": "application/json"}  # refuses() let only JSON through


def unrecognized_path() -> Any:
    """The spec's example of ThreadFix's catch-all 404."""
    response = shipped_spec("threadfix_client")["components"]["responses"]["UnrecognizedPath"]
    return copy.deepcopy(
        response["content"]["application/json"]["examples"]["unrecognizedPath"]["value"]
    )


def admits_json(accept: str) -> bool:
    """Whether an Accept header admits application/json (by type, wildcard, or none at all)."""
    for part in accept.split(","):
        media, _, params = part.strip().partition(";")
        if media.strip().lower() in {"application/json", "application/*", "*/*", ""} and not any(
            p.strip().replace(" ", "") in {"q=0", "q=0.0", "q=0.00", "q=0.000"}
            for p in params.split(";")
        ):
            return True
    return False


ROOM = Room(
    key="threadfix",
    name="ThreadFix",
    package="threadfix_client",
    credentials=("api_key",),
    auth=auth,
    ids=(IdParam("app_id", int, sample=6), IdParam("pending_scan_id", int, sample=41)),
    read=read,
    status_operation=OPERATION,
    adapter=ThreadFixAdapter,
    mock=ThreadFixMock,
    summary="the status of a pending scan",
    errors=ERRORS,
)
