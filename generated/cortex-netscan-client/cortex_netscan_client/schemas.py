# Generated from specs/cortex-netscan.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.

from __future__ import annotations

try:
    import pydantic  # noqa: F401
except ModuleNotFoundError as missing:  # pragma: no cover - depends on what is installed
    raise ImportError(
        "cortex_netscan_client.schemas needs pydantic, an extra of cortex-netscan-client: "
        'pip install "cortex-netscan-client[pydantic]"'
    ) from missing

from pydantic import BaseModel


class ScanRunStatus(BaseModel):
    """
    The current status of a scan run.
    """

    DATA: str
    """
    Scan status message. Quirk: free text, not an enum, e.g. "Scan is in Running state".
    """


class FieldError(BaseModel):
    field: str | None = None
    """
    Name of the field that caused the error.
    """
    message: str | None = None
    """
    Error message for the field.
    """


class ErrorMetadata(BaseModel):
    """
    Additional error context with field-level details.
    """

    err_extra: list[FieldError] | None = None
    """
    List of field-level error details.
    """


class ErrorResponse(BaseModel):
    """
    Standard error response returned for all error status codes.
    """

    err_msg: str
    """
    Human-readable error message.
    """
    metadata: ErrorMetadata | None = None
