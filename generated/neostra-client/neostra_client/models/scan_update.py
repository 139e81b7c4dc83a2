# Generated from specs/neostra.yaml by generator/ (openapi-python-client 0.29.1, datamodel-code-generator 0.89.0): do not edit; change the spec, run nox -s generate.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.scan_update_config import ScanUpdateConfig


T = TypeVar("T", bound="ScanUpdate")


@_attrs_define
class ScanUpdate:
    """Every field is optional; only those sent are changed.

    Attributes:
        name (str | Unset): Name of the scan.
        description (str | Unset): Description of the scan purpose.
        integration_id (str | Unset): Integration to scan against.
        schedule (str | Unset): Cron expression for scheduled scans.
        config (ScanUpdateConfig | Unset): Scan configuration parameters.
    """

    name: str | Unset = UNSET
    description: str | Unset = UNSET
    integration_id: str | Unset = UNSET
    schedule: str | Unset = UNSET
    config: ScanUpdateConfig | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.scan_update_config import ScanUpdateConfig  # noqa: PLC0415

        name = self.name

        description = self.description

        integration_id = self.integration_id

        schedule = self.schedule

        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if integration_id is not UNSET:
            field_dict["integrationId"] = integration_id
        if schedule is not UNSET:
            field_dict["schedule"] = schedule
        if config is not UNSET:
            field_dict["config"] = config

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scan_update_config import ScanUpdateConfig  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        description = d.pop("description", UNSET)

        integration_id = d.pop("integrationId", UNSET)

        schedule = d.pop("schedule", UNSET)

        _config = d.pop("config", UNSET)
        config: ScanUpdateConfig | Unset
        if isinstance(_config, Unset):
            config = UNSET
        else:
            config = ScanUpdateConfig.from_dict(_config)

        scan_update = cls(
            name=name,
            description=description,
            integration_id=integration_id,
            schedule=schedule,
            config=config,
        )

        scan_update.additional_properties = d
        return scan_update

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
