# Generated from specs/threadfix.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_pending_scan_status import KnownPendingScanStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_data import FileData


T = TypeVar("T", bound="PendingScan")


@_attrs_define
class PendingScan:
    """A queued scan.

    Attributes:
        id (int | Unset):
        modified_date (int | Unset): Last modification, as epoch milliseconds.
        active (bool | Unset):
        file_data_list (list[FileData] | Unset):
        app_id (int | Unset):
        error_message (None | str | Unset):
        status (KnownPendingScanStatus | str | Unset): Processing phase of a queued scan. UI wording: QUEUED "Queued";
            UPLOADED "Uploaded"; FINDINGS_GENERATING "Generating Findings"; CHANNEL_MERGING "Merging Channel Findings";
            APPLICATION_MERGING "Merging Application Findings"; APPLICATION_MERGED "Merging Application Findings Completed";
            DONE "Scan Processing Completed. Statistics Update Queued."; FINISHED_FINDING_PULLING "Findings Import From
            Server Finished."; SCAN_INTERRUPTED "Scan processing was interrupted"; SCAN_QUEUED_FOR_DELETE "Scan queued to be
            deleted."; SCAN_DELETED "Scan Deleted."; LINKING_DEFECTS "Linking Defects.".
        error (bool | Unset): True when processing failed; may be set beside any status.
        scan_id (int | Unset): The processed scan's id; present once the status is DONE (since 2.7.7).
        type_ (str | Unset):
        name (str | Unset):
        time (int | Unset): Epoch milliseconds.
        scan_message (str | Unset): The status as the ThreadFix UI words it.
    """

    id: int | Unset = UNSET
    modified_date: int | Unset = UNSET
    active: bool | Unset = UNSET
    file_data_list: list[FileData] | Unset = UNSET
    app_id: int | Unset = UNSET
    error_message: None | str | Unset = UNSET
    status: KnownPendingScanStatus | str | Unset = UNSET
    error: bool | Unset = UNSET
    scan_id: int | Unset = UNSET
    type_: str | Unset = UNSET
    name: str | Unset = UNSET
    time: int | Unset = UNSET
    scan_message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.file_data import FileData  # noqa: PLC0415

        id = self.id

        modified_date = self.modified_date

        active = self.active

        file_data_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.file_data_list, Unset):
            file_data_list = []
            for file_data_list_item_data in self.file_data_list:
                file_data_list_item = file_data_list_item_data.to_dict()
                file_data_list.append(file_data_list_item)

        app_id = self.app_id

        error_message: None | str | Unset
        if isinstance(self.error_message, Unset):
            error_message = UNSET
        else:
            error_message = self.error_message

        status: str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, KnownPendingScanStatus):
            status = self.status.value
        else:
            status = self.status

        error = self.error

        scan_id = self.scan_id

        type_ = self.type_

        name = self.name

        time = self.time

        scan_message = self.scan_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if modified_date is not UNSET:
            field_dict["modifiedDate"] = modified_date
        if active is not UNSET:
            field_dict["active"] = active
        if file_data_list is not UNSET:
            field_dict["fileDataList"] = file_data_list
        if app_id is not UNSET:
            field_dict["appId"] = app_id
        if error_message is not UNSET:
            field_dict["errorMessage"] = error_message
        if status is not UNSET:
            field_dict["status"] = status
        if error is not UNSET:
            field_dict["error"] = error
        if scan_id is not UNSET:
            field_dict["scanId"] = scan_id
        if type_ is not UNSET:
            field_dict["type"] = type_
        if name is not UNSET:
            field_dict["name"] = name
        if time is not UNSET:
            field_dict["time"] = time
        if scan_message is not UNSET:
            field_dict["scanMessage"] = scan_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.file_data import FileData  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        modified_date = d.pop("modifiedDate", UNSET)

        active = d.pop("active", UNSET)

        _file_data_list = d.pop("fileDataList", UNSET)
        file_data_list: list[FileData] | Unset = UNSET
        if _file_data_list is not UNSET:
            file_data_list = []
            for file_data_list_item_data in _file_data_list:
                file_data_list_item = FileData.from_dict(file_data_list_item_data)

                file_data_list.append(file_data_list_item)

        app_id = d.pop("appId", UNSET)

        def _parse_error_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_message = _parse_error_message(d.pop("errorMessage", UNSET))

        def _parse_status(data: object) -> KnownPendingScanStatus | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_pending_scan_status_type_0 = KnownPendingScanStatus(data)

                return componentsschemas_pending_scan_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownPendingScanStatus | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        error = d.pop("error", UNSET)

        scan_id = d.pop("scanId", UNSET)

        type_ = d.pop("type", UNSET)

        name = d.pop("name", UNSET)

        time = d.pop("time", UNSET)

        scan_message = d.pop("scanMessage", UNSET)

        pending_scan = cls(
            id=id,
            modified_date=modified_date,
            active=active,
            file_data_list=file_data_list,
            app_id=app_id,
            error_message=error_message,
            status=status,
            error=error,
            scan_id=scan_id,
            type_=type_,
            name=name,
            time=time,
            scan_message=scan_message,
        )

        pending_scan.additional_properties = d
        return pending_scan

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
