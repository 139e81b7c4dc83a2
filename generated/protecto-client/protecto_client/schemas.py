# Generated from specs/protecto.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.

from __future__ import annotations

try:
    import pydantic  # noqa: F401
except ModuleNotFoundError as missing:  # pragma: no cover - depends on what is installed
    raise ImportError(
        "protecto_client.schemas needs pydantic, an extra of protecto-client: "
        'pip install "protecto-client[pydantic]"'
    ) from missing

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, RootModel


class TrackingId(RootModel[str]):
    root: str
    """
    The identifier of one data scan.
    """


class Timestamp(RootModel[str]):
    root: Annotated[str, Field(pattern="^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?$")]
    """
    Quirk: "YYYY-MM-DD HH:MM:SS.ffffff" (2024 page) or "YYYY-MM-DD HH:MM:SS" (2026 page), no T and no time zone.
    """


class ResponseError(BaseModel):
    message: str | None = None


class KnownDataScanStatusValue(StrEnum):
    """
    The values of DataScanStatusValue that the spec lists.
    """

    PENDING = "PENDING"
    IN_PROGRESS = "IN-PROGRESS"
    SUCCESS = "SUCCESS"
    FAILED = "FAILED"
    PENDING_PADDED = "PENDING "
    SUCCESS_PADDED = "SUCCESS "


class DataScanStatusValue(RootModel[KnownDataScanStatusValue | str]):
    root: Annotated[KnownDataScanStatusValue | str, Field(union_mode="left_to_right")]
    """
    The current status of the data scan. The page lists PENDING, IN-PROGRESS, SUCCESS and FAILED; its sample answer sends "PENDING " and "SUCCESS " with a trailing space.
    """


class ScanTrackingIds(RootModel[list[TrackingId]]):
    """
    The current route's body, a list of tracking ids from the Submit Data Scan endpoint.
    """

    root: list[TrackingId]
    """
    The current route's body, a list of tracking ids from the Submit Data Scan endpoint.
    """


class KnownScanStatusValue(StrEnum):
    """
    The values of ScanStatusValue that the spec lists.
    """

    PENDING = "PENDING"
    IN_PROGRESS = "IN-PROGRESS"
    SUCCESS = "SUCCESS"
    FAILED = "FAILED"


class ScanStatusValue(RootModel[KnownScanStatusValue | str]):
    root: Annotated[KnownScanStatusValue | str, Field(union_mode="left_to_right")]
    """
    The current status of the data scan: PENDING (accepted, not yet started), IN-PROGRESS, SUCCESS, FAILED (see error_msg).
    """


class AuthenticationError(BaseModel):
    """
    The body of a 401: one detail field, or (Protecto's 2026 docs) success false with error.message.
    """

    detail: str | None = None
    success: bool | None = None
    error: ResponseError | None = None


class TrackingIds1(RootModel[list[TrackingId]]):
    root: Annotated[list[TrackingId], Field(min_length=1)]
    """
    One tracking id, or a list of them, from the Data Scan Async API.
    """


class TrackingIds(RootModel[TrackingId | TrackingIds1]):
    root: Annotated[TrackingId | TrackingIds1, Field(union_mode="left_to_right")]
    """
    One tracking id, or a list of them, from the Data Scan Async API.
    """


class DataScanStatus(BaseModel):
    tracking_id: TrackingId | None = None
    status: DataScanStatusValue | None = None
    submitted_at: Timestamp | None = None
    process_started_at: Timestamp | None = None
    process_ended_at: Timestamp | None = None
    error_msg: str | None = None
    """
    The error, if any. Quirk: "-" when there is none.
    """


class ScanStatus(BaseModel):
    tracking_id: TrackingId | None = None
    request_status: ScanStatusValue | None = None
    submitted_at: Timestamp | None = None
    process_started_at: Timestamp | None = None
    process_ended_at: Timestamp | None = None
    error_msg: str | None = None
    """
    The error, if any; "" when there is none.
    """


class DataScanStatusResponse(BaseModel):
    data: list[DataScanStatus] | None = None
    """
    The status of each scan asked about; null in an error answer.
    """
    success: Annotated[str | bool | None, Field(union_mode="left_to_right")] = None
    """
    Quirk: the success answer sends the string "true"; the documented error answers send the JSON boolean false.
    """
    error: ResponseError | None = None


class ScanStatusResponse(BaseModel):
    """
    The current route's answer.
    """

    data: list[ScanStatus] | None = None
    """
    The status of each scan asked about; null in an error answer.
    """
    success: bool | None = None
    error: ResponseError | None = None
