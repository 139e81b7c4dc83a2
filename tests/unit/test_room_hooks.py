"""A vendor's room says what differs about its vendor through declarations and the adapters'
public hooks (auth_headers, request_signer, status_arguments, status_request): no room's adapter
overrides a private method, so the base adapter may change its insides without breaking one."""

from __future__ import annotations

import pytest

from scan_status import vendors


def adapter_classes() -> dict[str, type]:
    found = {}
    for key in vendors.known():
        room = vendors.get(key)
        if room.adapter is not None:
            found[key] = room.adapter
    return found


def test_some_room_has_an_adapter_of_its_own() -> None:
    assert adapter_classes(), "no room declares an adapter class: this test would test nothing"


@pytest.mark.parametrize("key", sorted(adapter_classes()))
def test_no_room_overrides_a_private_method(key: str) -> None:
    adapter = adapter_classes()[key]
    overridden = [
        name
        for name, value in vars(adapter).items()
        if name.startswith("_")
        and not (name.startswith("__") and name.endswith("__"))
        and callable(value)
        and any(name in vars(base) for base in adapter.__mro__[1:])
    ]
    assert not overridden, f"{adapter.__name__} overrides private {', '.join(overridden)}"
