# Generated from specs/protecto.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.response_error import ResponseError


T = TypeVar("T", bound="AuthenticationError")


@_attrs_define
class AuthenticationError:
    """The body of a 401: one detail field, or (Protecto's 2026 docs) success false with error.message.

    Attributes:
        detail (str | Unset):
        success (bool | Unset):
        error (ResponseError | Unset):
    """

    detail: str | Unset = UNSET
    success: bool | Unset = UNSET
    error: ResponseError | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.response_error import ResponseError  # noqa: PLC0415

        detail = self.detail

        success = self.success

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if detail is not UNSET:
            field_dict["detail"] = detail
        if success is not UNSET:
            field_dict["success"] = success
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.response_error import ResponseError  # noqa: PLC0415

        d = dict(src_dict)
        detail = d.pop("detail", UNSET)

        success = d.pop("success", UNSET)

        _error = d.pop("error", UNSET)
        error: ResponseError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = ResponseError.from_dict(_error)

        authentication_error = cls(
            detail=detail,
            success=success,
            error=error,
        )

        authentication_error.additional_properties = d
        return authentication_error

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
