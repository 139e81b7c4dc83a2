# Generated from specs/neostra.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_scan_task_status import KnownScanTaskStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ScanTaskStatusUpdate")


@_attrs_define
class ScanTaskStatusUpdate:
    """
    Attributes:
        status (KnownScanTaskStatus | str): New status of the scan task.
    """

    status: KnownScanTaskStatus | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str
        if isinstance(self.status, KnownScanTaskStatus):
            status = self.status.value
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_status(data: object) -> KnownScanTaskStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_scan_task_status_type_0 = KnownScanTaskStatus(data)

                return componentsschemas_scan_task_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownScanTaskStatus | str, data)

        status = _parse_status(d.pop("status"))

        scan_task_status_update = cls(
            status=status,
        )

        scan_task_status_update.additional_properties = d
        return scan_task_status_update

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
