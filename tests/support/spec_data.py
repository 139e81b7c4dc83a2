"""The repository's specs as data (what load_spec reads), each parsed once per test process.

ruamel's round-trip parser takes about 25 ms a spec, and the unit tests read the same few specs
some seventy times (for parametrize ids, then again in each test); a copy costs a fraction of a
millisecond."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from generator.spec.loader import load_spec


def spec_data(path: Path) -> dict[str, Any]:
    """load_spec(path).data as a copy of its own (the caller may change it), read again
    whenever the file's bytes changed; a copy with the same bytes (a client's shipped spec) is
    not parsed twice."""
    raw = path.read_bytes()
    if raw not in _parsed:
        _parsed[raw] = pickle.dumps(load_spec(path).data)
    data: dict[str, Any] = pickle.loads(_parsed[raw])
    return data


_parsed: dict[bytes, bytes] = {}  # by the file's bytes, so an edited file is parsed again
