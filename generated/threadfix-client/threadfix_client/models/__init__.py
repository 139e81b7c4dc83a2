# Generated from specs/threadfix.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
"""Contains all the data models used in inputs/outputs"""

from .error_envelope import ErrorEnvelope
from .file_data import FileData
from .known_pending_scan_status import KnownPendingScanStatus
from .pending_scan import PendingScan
from .pending_scan_response import PendingScanResponse

__all__ = (
    "ErrorEnvelope",
    "FileData",
    "KnownPendingScanStatus",
    "PendingScan",
    "PendingScanResponse",
)
