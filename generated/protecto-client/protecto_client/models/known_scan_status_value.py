# Generated from specs/protecto.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
from enum import StrEnum


class KnownScanStatusValue(StrEnum):
    FAILED = "FAILED"
    IN_PROGRESS = "IN-PROGRESS"
    PENDING = "PENDING"
    SUCCESS = "SUCCESS"

    def __str__(self) -> str:
        return str(self.value)
