# Generated from specs/protecto.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.response_error import ResponseError
    from ..models.scan_status import ScanStatus


T = TypeVar("T", bound="ScanStatusResponse")


@_attrs_define
class ScanStatusResponse:
    """The current route's answer.

    Attributes:
        data (list[ScanStatus] | None | Unset): The status of each scan asked about; null in an error answer.
        success (bool | Unset):
        error (ResponseError | Unset):
    """

    data: list[ScanStatus] | None | Unset = UNSET
    success: bool | Unset = UNSET
    error: ResponseError | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.response_error import ResponseError  # noqa: PLC0415
        from ..models.scan_status import ScanStatus  # noqa: PLC0415

        data: list[dict[str, Any]] | None | Unset
        if isinstance(self.data, Unset):
            data = UNSET
        elif isinstance(self.data, list):
            data = []
            for data_type_0_item_data in self.data:
                data_type_0_item = data_type_0_item_data.to_dict()
                data.append(data_type_0_item)

        else:
            data = self.data

        success = self.success

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if data is not UNSET:
            field_dict["data"] = data
        if success is not UNSET:
            field_dict["success"] = success
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.response_error import ResponseError  # noqa: PLC0415
        from ..models.scan_status import ScanStatus  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_data(data: object) -> list[ScanStatus] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                data_type_0 = []
                _data_type_0 = data
                for data_type_0_item_data in _data_type_0:
                    data_type_0_item = ScanStatus.from_dict(data_type_0_item_data)

                    data_type_0.append(data_type_0_item)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ScanStatus] | None | Unset, data)

        data = _parse_data(d.pop("data", UNSET))

        success = d.pop("success", UNSET)

        _error = d.pop("error", UNSET)
        error: ResponseError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = ResponseError.from_dict(_error)

        scan_status_response = cls(
            data=data,
            success=success,
            error=error,
        )

        scan_status_response.additional_properties = d
        return scan_status_response

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
