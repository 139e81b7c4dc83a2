# Generated from specs/threadfix.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pending_scan import PendingScan


T = TypeVar("T", bound="PendingScanResponse")


@_attrs_define
class PendingScanResponse:
    """ThreadFix's envelope around every answer.

    Attributes:
        message (str | Unset): A human-readable message; for this call, the scan's status as the UI shows it.
        success (bool | Unset):
        response_code (int | Unset):
        object_ (PendingScan | Unset): A queued scan.
    """

    message: str | Unset = UNSET
    success: bool | Unset = UNSET
    response_code: int | Unset = UNSET
    object_: PendingScan | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.pending_scan import PendingScan  # noqa: PLC0415

        message = self.message

        success = self.success

        response_code = self.response_code

        object_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.object_, Unset):
            object_ = self.object_.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if message is not UNSET:
            field_dict["message"] = message
        if success is not UNSET:
            field_dict["success"] = success
        if response_code is not UNSET:
            field_dict["responseCode"] = response_code
        if object_ is not UNSET:
            field_dict["object"] = object_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pending_scan import PendingScan  # noqa: PLC0415

        d = dict(src_dict)
        message = d.pop("message", UNSET)

        success = d.pop("success", UNSET)

        response_code = d.pop("responseCode", UNSET)

        _object_ = d.pop("object", UNSET)
        object_: PendingScan | Unset
        if isinstance(_object_, Unset):
            object_ = UNSET
        else:
            object_ = PendingScan.from_dict(_object_)

        pending_scan_response = cls(
            message=message,
            success=success,
            response_code=response_code,
            object_=object_,
        )

        pending_scan_response.additional_properties = d
        return pending_scan_response

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
