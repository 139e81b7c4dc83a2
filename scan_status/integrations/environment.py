"""A vendor's adapter from the process's environment: the variables the CLI reads.

SCAN_STATUS_<VENDOR>_BASE_URL, one SCAN_STATUS_<VENDOR>_<NAME> for each of the vendor's
credentials (ThreadFix: ..._API_KEY) and, optionally, each of its settings (Cortex:
..._KEY_KIND). A worker builds its adapters this way, so no credential travels with a task.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from scan_status import adapters, vendors
from scan_status.errors import ScanStatusError


class MissingConfiguration(ScanStatusError, LookupError):
    """The environment lacks a variable an adapter needs (its name is in the message)."""


def variable(vendor: str, name: str) -> str:
    return f"SCAN_STATUS_{vendor.upper()}_{name.upper()}"


def adapter_from_environment(vendor: str, environ: Mapping[str, str] | None = None) -> Any:
    """The vendor's adapter, configured by SCAN_STATUS_<VENDOR>_* variables (names in the error
    when some are missing; their values never appear in it)."""
    environ = os.environ if environ is None else environ
    room = vendors.get(vendor)
    wanted = ["base_url", *room.credentials]
    missing = [variable(vendor, name) for name in wanted if not environ.get(variable(vendor, name))]
    if missing:
        raise MissingConfiguration(f"{vendor}: set {', '.join(missing)} to build its adapter")
    options = {name: environ[variable(vendor, name)] for name in wanted}
    for name, choices in room.settings.items():
        value = environ.get(variable(vendor, name))
        if value is None:
            continue
        if value not in choices:
            raise MissingConfiguration(
                f"{variable(vendor, name)} must be one of {', '.join(choices)}, not {value!r}"
            )
        options[name] = value
    return adapters.create(vendor, **options)
