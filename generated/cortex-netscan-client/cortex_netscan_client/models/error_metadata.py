# Generated from specs/cortex-netscan.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_error import FieldError


T = TypeVar("T", bound="ErrorMetadata")


@_attrs_define
class ErrorMetadata:
    """Additional error context with field-level details.

    Attributes:
        err_extra (list[FieldError] | Unset): List of field-level error details.
    """

    err_extra: list[FieldError] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.field_error import FieldError  # noqa: PLC0415

        err_extra: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.err_extra, Unset):
            err_extra = []
            for err_extra_item_data in self.err_extra:
                err_extra_item = err_extra_item_data.to_dict()
                err_extra.append(err_extra_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if err_extra is not UNSET:
            field_dict["err_extra"] = err_extra

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_error import FieldError  # noqa: PLC0415

        d = dict(src_dict)
        _err_extra = d.pop("err_extra", UNSET)
        err_extra: list[FieldError] | Unset = UNSET
        if _err_extra is not UNSET:
            err_extra = []
            for err_extra_item_data in _err_extra:
                err_extra_item = FieldError.from_dict(err_extra_item_data)

                err_extra.append(err_extra_item)

        error_metadata = cls(
            err_extra=err_extra,
        )

        error_metadata.additional_properties = d
        return error_metadata

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
