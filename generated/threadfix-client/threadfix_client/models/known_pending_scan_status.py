# Generated from specs/threadfix.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
from enum import StrEnum


class KnownPendingScanStatus(StrEnum):
    APPLICATION_MERGED = "APPLICATION_MERGED"
    APPLICATION_MERGING = "APPLICATION_MERGING"
    CHANNEL_MERGING = "CHANNEL_MERGING"
    DONE = "DONE"
    FINDINGS_GENERATING = "FINDINGS_GENERATING"
    FINISHED_FINDING_PULLING = "FINISHED_FINDING_PULLING"
    LINKING_DEFECTS = "LINKING_DEFECTS"
    QUEUED = "QUEUED"
    SCAN_DELETED = "SCAN_DELETED"
    SCAN_INTERRUPTED = "SCAN_INTERRUPTED"
    SCAN_QUEUED_FOR_DELETE = "SCAN_QUEUED_FOR_DELETE"
    UPLOADED = "UPLOADED"

    def __str__(self) -> str:
        return str(self.value)
