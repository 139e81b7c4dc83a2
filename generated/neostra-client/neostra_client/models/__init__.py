# Generated from specs/neostra.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
"""Contains all the data models used in inputs/outputs"""

from .envelope import Envelope
from .envelope_data import EnvelopeData
from .known_scan_task_status import KnownScanTaskStatus
from .not_found_error import NotFoundError
from .scan_task_status_update import ScanTaskStatusUpdate
from .scan_update import ScanUpdate
from .scan_update_config import ScanUpdateConfig

__all__ = (
    "Envelope",
    "EnvelopeData",
    "KnownScanTaskStatus",
    "NotFoundError",
    "ScanTaskStatusUpdate",
    "ScanUpdate",
    "ScanUpdateConfig",
)
