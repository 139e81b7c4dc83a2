# Generated from specs/protecto.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
"""Contains all the data models used in inputs/outputs"""

from .authentication_error import AuthenticationError
from .data_scan_status import DataScanStatus
from .data_scan_status_response import DataScanStatusResponse
from .known_data_scan_status_value import KnownDataScanStatusValue
from .known_scan_status_value import KnownScanStatusValue
from .response_error import ResponseError
from .scan_status import ScanStatus
from .scan_status_response import ScanStatusResponse

__all__ = (
    "AuthenticationError",
    "DataScanStatus",
    "DataScanStatusResponse",
    "KnownDataScanStatusValue",
    "KnownScanStatusValue",
    "ResponseError",
    "ScanStatus",
    "ScanStatusResponse",
)
