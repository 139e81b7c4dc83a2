# Generated from specs/protecto.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_scan_status_value import KnownScanStatusValue
from ..types import UNSET, Unset

T = TypeVar("T", bound="ScanStatus")


@_attrs_define
class ScanStatus:
    """
    Attributes:
        tracking_id (str | Unset): The identifier of one data scan.
        request_status (KnownScanStatusValue | str | Unset): The current status of the data scan: PENDING (accepted, not
            yet started), IN-PROGRESS, SUCCESS, FAILED (see error_msg).
        submitted_at (str | Unset): Quirk: "YYYY-MM-DD HH:MM:SS.ffffff" (2024 page) or "YYYY-MM-DD HH:MM:SS" (2026
            page), no T and no time zone.
        process_started_at (str | Unset): Quirk: "YYYY-MM-DD HH:MM:SS.ffffff" (2024 page) or "YYYY-MM-DD HH:MM:SS" (2026
            page), no T and no time zone.
        process_ended_at (str | Unset): Quirk: "YYYY-MM-DD HH:MM:SS.ffffff" (2024 page) or "YYYY-MM-DD HH:MM:SS" (2026
            page), no T and no time zone.
        error_msg (None | str | Unset): The error, if any; "" when there is none.
    """

    tracking_id: str | Unset = UNSET
    request_status: KnownScanStatusValue | str | Unset = UNSET
    submitted_at: str | Unset = UNSET
    process_started_at: str | Unset = UNSET
    process_ended_at: str | Unset = UNSET
    error_msg: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tracking_id = self.tracking_id

        request_status: str | Unset
        if isinstance(self.request_status, Unset):
            request_status = UNSET
        elif isinstance(self.request_status, KnownScanStatusValue):
            request_status = self.request_status.value
        else:
            request_status = self.request_status

        submitted_at = self.submitted_at

        process_started_at = self.process_started_at

        process_ended_at = self.process_ended_at

        error_msg: None | str | Unset
        if isinstance(self.error_msg, Unset):
            error_msg = UNSET
        else:
            error_msg = self.error_msg

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if tracking_id is not UNSET:
            field_dict["tracking_id"] = tracking_id
        if request_status is not UNSET:
            field_dict["request_status"] = request_status
        if submitted_at is not UNSET:
            field_dict["submitted_at"] = submitted_at
        if process_started_at is not UNSET:
            field_dict["process_started_at"] = process_started_at
        if process_ended_at is not UNSET:
            field_dict["process_ended_at"] = process_ended_at
        if error_msg is not UNSET:
            field_dict["error_msg"] = error_msg

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        tracking_id = d.pop("tracking_id", UNSET)

        def _parse_request_status(data: object) -> KnownScanStatusValue | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_scan_status_value_type_0 = KnownScanStatusValue(data)

                return componentsschemas_scan_status_value_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownScanStatusValue | str | Unset, data)

        request_status = _parse_request_status(d.pop("request_status", UNSET))

        submitted_at = d.pop("submitted_at", UNSET)

        process_started_at = d.pop("process_started_at", UNSET)

        process_ended_at = d.pop("process_ended_at", UNSET)

        def _parse_error_msg(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_msg = _parse_error_msg(d.pop("error_msg", UNSET))

        scan_status = cls(
            tracking_id=tracking_id,
            request_status=request_status,
            submitted_at=submitted_at,
            process_started_at=process_started_at,
            process_ended_at=process_ended_at,
            error_msg=error_msg,
        )

        scan_status.additional_properties = d
        return scan_status

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
