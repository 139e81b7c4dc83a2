"""The repository's specs as data (what load_spec reads), each parsed once.

ruamel's round-trip parser takes about 25 ms a spec, and the tests read the same few specs (and
the clients' shipped copies) some seventy times in each process, then again in each pytest-xdist
worker and each pytest run. A parse is kept by the hash of the file's bytes and of the loader's
code: in this process, and on disk (the system's temporary folder) for the next process.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

from generator.spec import loader
from generator.spec.loader import load_spec

# What a parse depends on besides the file: the loader's code and ruamel's version.
_PARSER = hashlib.sha256(
    Path(loader.__file__).read_bytes() + version("ruamel.yaml").encode()
).digest()
_CACHE = Path(tempfile.gettempdir()) / f"scan-status-spec-data-{os.getuid()}"


def spec_data(path: Path) -> dict[str, Any]:
    """load_spec(path).data as a copy of its own (the caller may change it), parsed again
    whenever the file's bytes changed."""
    key = hashlib.sha256(_PARSER + path.read_bytes()).hexdigest()
    if key not in _parsed:
        _parsed[key] = _read_or_parse(key, path)
    data: dict[str, Any] = pickle.loads(_parsed[key])
    return data


def _read_or_parse(key: str, path: Path) -> bytes:
    kept = _CACHE / f"{key}.pickle"
    try:
        return kept.read_bytes()
    except OSError:
        pass
    parsed = pickle.dumps(load_spec(path).data)
    _CACHE.mkdir(mode=0o700, exist_ok=True)
    partial = kept.with_name(f"{key}.{os.getpid()}.partial")
    partial.write_bytes(parsed)
    os.replace(partial, kept)  # whole or absent, whatever another process reads meanwhile
    return parsed


_parsed: dict[str, bytes] = {}  # by the key above, so an edited file is parsed again
