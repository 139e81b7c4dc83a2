# Generated from specs/cortex-netscan.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
"""Contains all the data models used in inputs/outputs"""

from .error_metadata import ErrorMetadata
from .error_response import ErrorResponse
from .field_error import FieldError
from .scan_run_status import ScanRunStatus

__all__ = (
    "ErrorMetadata",
    "ErrorResponse",
    "FieldError",
    "ScanRunStatus",
)
