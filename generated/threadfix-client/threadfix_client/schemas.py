# Generated from specs/threadfix.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.

from __future__ import annotations

try:
    import pydantic  # noqa: F401
except ModuleNotFoundError as missing:  # pragma: no cover - depends on what is installed
    raise ImportError(
        "threadfix_client.schemas needs pydantic, an extra of threadfix-client: "
        'pip install "threadfix-client[pydantic]"'
    ) from missing

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, RootModel


class ErrorEnvelope(BaseModel):
    """
    ThreadFix's envelope around a failure (RestResponse.failure): success false, object null, the reason in message.
    """

    message: str | None = None
    success: bool | None = None
    responseCode: int | None = None
    object: Annotated[None, Field(None)] = None


class FileData(BaseModel):
    id: int | None = None
    originalName: str | None = None


class KnownPendingScanStatus(StrEnum):
    """
    The values of PendingScanStatus that the spec lists.
    """

    QUEUED = "QUEUED"
    UPLOADED = "UPLOADED"
    FINDINGS_GENERATING = "FINDINGS_GENERATING"
    CHANNEL_MERGING = "CHANNEL_MERGING"
    APPLICATION_MERGING = "APPLICATION_MERGING"
    APPLICATION_MERGED = "APPLICATION_MERGED"
    DONE = "DONE"
    FINISHED_FINDING_PULLING = "FINISHED_FINDING_PULLING"
    SCAN_INTERRUPTED = "SCAN_INTERRUPTED"
    SCAN_QUEUED_FOR_DELETE = "SCAN_QUEUED_FOR_DELETE"
    SCAN_DELETED = "SCAN_DELETED"
    LINKING_DEFECTS = "LINKING_DEFECTS"


class PendingScanStatus(RootModel[KnownPendingScanStatus | str]):
    root: Annotated[KnownPendingScanStatus | str, Field(union_mode="left_to_right")]
    """
    Processing phase of a queued scan. UI wording: QUEUED "Queued"; UPLOADED "Uploaded"; FINDINGS_GENERATING "Generating Findings"; CHANNEL_MERGING "Merging Channel Findings"; APPLICATION_MERGING "Merging Application Findings"; APPLICATION_MERGED "Merging Application Findings Completed"; DONE "Scan Processing Completed. Statistics Update Queued."; FINISHED_FINDING_PULLING "Findings Import From Server Finished."; SCAN_INTERRUPTED "Scan processing was interrupted"; SCAN_QUEUED_FOR_DELETE "Scan queued to be deleted."; SCAN_DELETED "Scan Deleted."; LINKING_DEFECTS "Linking Defects.".
    """


class PendingScan(BaseModel):
    """
    A queued scan.
    """

    id: int | None = None
    modifiedDate: int | None = None
    """
    Last modification, as epoch milliseconds.
    """
    active: bool | None = None
    fileDataList: list[FileData] | None = None
    appId: int | None = None
    errorMessage: str | None = None
    status: PendingScanStatus | None = None
    error: bool | None = None
    """
    True when processing failed; may be set beside any status.
    """
    scanId: int | None = None
    """
    The processed scan's id; present once the status is DONE (since 2.7.7).
    """
    type: str | None = None
    name: str | None = None
    time: int | None = None
    """
    Epoch milliseconds.
    """
    scanMessage: str | None = None
    """
    The status as the ThreadFix UI words it.
    """


class PendingScanResponse(BaseModel):
    """
    ThreadFix's envelope around every answer.
    """

    message: str | None = None
    """
    A human-readable message; for this call, the scan's status as the UI shows it.
    """
    success: bool | None = None
    responseCode: int | None = None
    object: PendingScan | None = None


class PendingScanAnswer(RootModel[PendingScanResponse | ErrorEnvelope]):
    root: Annotated[PendingScanResponse | ErrorEnvelope, Field(union_mode="left_to_right")]
    """
    What the status call answers with HTTP 200: the pending scan in the envelope, or a failure in the same envelope with success false and object null.
    """
