# Generated from specs/neostra.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.

from __future__ import annotations

try:
    import pydantic  # noqa: F401
except ModuleNotFoundError as missing:  # pragma: no cover - depends on what is installed
    raise ImportError(
        "neostra_client.schemas needs pydantic, an extra of neostra-client: "
        'pip install "neostra-client[pydantic]"'
    ) from missing

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, Field, RootModel


class KnownScanTaskStatus(StrEnum):
    """
    The values of ScanTaskStatus that the spec lists.
    """

    PENDING = "PENDING"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


class ScanTaskStatus(RootModel[KnownScanTaskStatus | str]):
    root: Annotated[KnownScanTaskStatus | str, Field(union_mode="left_to_right")]
    """
    New status of the scan task.
    """


class ScanTaskStatusUpdate(BaseModel):
    status: ScanTaskStatus


class ScanUpdate(BaseModel):
    """
    Every field is optional; only those sent are changed.
    """

    name: str | None = None
    """
    Name of the scan.
    """
    description: str | None = None
    """
    Description of the scan purpose.
    """
    integrationId: str | None = None
    """
    Integration to scan against.
    """
    schedule: str | None = None
    """
    Cron expression for scheduled scans.
    """
    config: dict[str, Any] | None = None
    """
    Scan configuration parameters.
    """


class Envelope(BaseModel):
    """
    The envelope around every successful Neostra answer.
    """

    status: int | None = None
    """
    HTTP status code (not a scan status).
    """
    message: str | None = None
    """
    Response message.
    """
    data: dict[str, Any] | None = None
    """
    Response payload.
    """
    errors: list[str] | None = None
    """
    List of error details, if any.
    """


class NotFoundError(BaseModel):
    """
    The body of a 404; a second error shape beside the envelope.
    """

    error: str | None = None
    message: str | None = None
    code: int | None = None
