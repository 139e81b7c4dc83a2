"""A worker's adapters from its own environment: the CLI's SCAN_STATUS_<VENDOR>_<NAME> variables,
read from the registry's rooms (every vendor with a status to read)."""

from __future__ import annotations

import pytest

from scan_status import vendors
from scan_status.integrations.environment import (
    MissingConfiguration,
    adapter_from_environment,
    variable,
)

POLLED = [room for room in vendors.rooms() if room.ids]


@pytest.mark.parametrize("room", POLLED, ids=lambda room: room.key)
def test_an_adapter_from_its_variables_and_none_from_a_half_set_environment(
    room: vendors.Room,
) -> None:
    environ = {variable(room.key, "base_url"): "https://vendor.example.com/api"}
    secrets = {variable(room.key, name): f"secret-{name}-1234567890" for name in room.credentials}
    with adapter_from_environment(room.key, {**environ, **secrets}) as adapter:
        assert adapter.vendor == room.key
        assert adapter.base_url == "https://vendor.example.com/api"
        assert all(value not in repr(adapter) for value in secrets.values())
    if not secrets:
        return
    first = next(iter(secrets))
    with pytest.raises(MissingConfiguration) as missing:
        adapter_from_environment(room.key, {**environ, **secrets, first: ""})
    assert first in str(missing.value)
    assert all(value not in str(missing.value) for value in secrets.values())
    with pytest.raises(MissingConfiguration, match=variable(room.key, "base_url")):
        adapter_from_environment(room.key, secrets)


@pytest.mark.parametrize("room", [r for r in POLLED if r.settings], ids=lambda room: room.key)
def test_a_setting_outside_its_choices_is_named(room: vendors.Room) -> None:
    name, choices = next(iter(room.settings.items()))
    environ = {variable(room.key, "base_url"): "https://vendor.example.com"}
    environ |= {variable(room.key, n): "k" for n in room.credentials}
    with pytest.raises(MissingConfiguration, match=f"{variable(room.key, name)} must be one of"):
        adapter_from_environment(room.key, {**environ, variable(room.key, name): "nonsense"})
    with adapter_from_environment(room.key, {**environ, variable(room.key, name): choices[-1]}):
        pass
