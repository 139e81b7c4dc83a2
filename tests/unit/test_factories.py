"""The typed factories (scan_status.threadfix(...), ...) stay in step with the registry and the
adapters: the same option names, the rooms' choices as their Literal types, the same defaults.
Pure: no server, no request (the adapter the factory asks for is recorded, not built)."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pytest

import scan_status
from scan_status import adapters, vendors
from scan_status.vendors._room import ADAPTER_OPTIONS


def built_in() -> list[vendors.Room]:
    return [room for room in vendors.rooms() if room.key in scan_status.mapping.TABLES]


def typed() -> list[vendors.Room]:
    """The built-in vendors with a typed factory of their own (a new vendor's four files bring
    none: scan_status.<key> is then the generic factory, until one is written)."""
    return [room for room in built_in() if room.key in scan_status.__all__]


def factory(room: vendors.Room) -> Callable[..., Any]:
    found = getattr(scan_status, room.key)
    assert inspect.isfunction(found) and found.__module__ == "scan_status", (
        f"scan_status.{room.key} is a typed factory of its own"
    )
    return typing.cast("Callable[..., Any]", found)


def keywords(room: vendors.Room) -> dict[str, inspect.Parameter]:
    parameters = inspect.signature(factory(room)).parameters
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
    return dict(parameters)


def adapter_defaults(room: vendors.Room) -> dict[str, Any]:
    """Every default the room's adapter class declares, along its __init__ chain."""
    assert room.adapter is not None
    found: dict[str, Any] = {}
    for cls in reversed(room.adapter.__mro__):
        init = cls.__dict__.get("__init__")
        if init is None or cls is object:
            continue
        for name, param in inspect.signature(init).parameters.items():
            if param.default is not inspect.Parameter.empty:
                found[name] = param.default
    return found


ROOMS = typed()


@pytest.fixture
def recorded() -> Iterator[mock.MagicMock]:
    with mock.patch.object(adapters, "create") as adapter:
        yield adapter


def test_every_built_in_vendor_has_a_factory() -> None:
    assert [room.key for room in built_in()] == list(scan_status.mapping.TABLES)
    assert ROOMS, "the built-in vendors have typed factories"
    for room in built_in():
        assert callable(getattr(scan_status, room.key))
    for room in ROOMS:
        factory(room)


@pytest.mark.parametrize("room", ROOMS, ids=lambda room: room.key)
def test_a_factory_takes_every_option_credential_and_setting(room: vendors.Room) -> None:
    names = set(keywords(room))
    expected = ADAPTER_OPTIONS | set(room.credentials) | set(room.settings)
    assert expected <= names, f"scan_status.{room.key} lacks {sorted(expected - names)}"
    for name in room.credentials:
        assert keywords(room)[name].default is inspect.Parameter.empty, "credentials are required"


@pytest.mark.parametrize("room", ROOMS, ids=lambda room: room.key)
def test_a_settings_choices_are_its_literal_type(room: vendors.Room) -> None:
    for name, choices in room.settings.items():
        parameter = keywords(room)[name]
        literal = eval(parameter.annotation, vars(scan_status))
        assert typing.get_origin(literal) is typing.Literal
        assert typing.get_args(literal) == tuple(choices), f"{room.key}'s {name}"
        assert parameter.default == choices[0], "the room's first choice is the default"


@pytest.mark.parametrize("room", ROOMS, ids=lambda room: room.key)
def test_a_factorys_defaults_are_its_adapters(room: vendors.Room) -> None:
    declared = adapter_defaults(room)
    for name, parameter in keywords(room).items():
        if name in declared:
            assert parameter.default == declared[name], f"scan_status.{room.key}({name}=...)"


@pytest.mark.parametrize("room", ROOMS, ids=lambda room: room.key)
def test_a_factory_passes_on_what_was_given_and_leaves_defaults_to_the_adapter(
    room: vendors.Room, recorded: mock.MagicMock
) -> None:
    credentials = {name: f"the-{name}" for name in room.credentials}
    given: dict[str, Any] = {
        "proxy": "http://127.0.0.1:3128",
        "trust_env": False,
        "verify": "/etc/ssl/ca.pem",
        "cert": ("client.pem", "client.key"),
        "event_hooks": {"request": [print]},
        "timeout": 5.0,
        **{name: choices[-1] for name, choices in room.settings.items()},
    }
    factory(room)(base_url="https://vendor.example", **credentials, **given)
    recorded.assert_called_once_with(
        room.key, base_url="https://vendor.example", **credentials, **given
    )
    recorded.reset_mock()
    factory(room)(base_url="https://vendor.example", **credentials)
    recorded.assert_called_once_with(room.key, base_url="https://vendor.example", **credentials)


def test_a_bad_choice_still_fails_at_run_time_for_untyped_callers() -> None:
    room = next(room for room in ROOMS if room.settings)
    name, choices = next(iter(room.settings.items()))
    credentials = {credential: "x" for credential in room.credentials}
    with pytest.raises(ValueError, match=name):
        factory(room)(base_url="https://vendor.example", **credentials, **{name: "not-a-choice"})
    assert "not-a-choice" not in choices
