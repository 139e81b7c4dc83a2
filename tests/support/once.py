"""Work done once per test run and shared by every pytest-xdist worker: the first caller does it
(under a lock), the others wait for it and read the result."""

from __future__ import annotations

import fcntl
import os
import shutil
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest


def once_per_run(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]
) -> Path:
    """The folder `make` filled, made by the first caller in this run; read it, never change it.

    When `make` fails, its caller reports why and every later caller (on any worker) fails
    naming that failure, rather than doing the same work again.
    """
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker has its own base temp inside the run's: share the run's.
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, done, failed = (shared / f"{name}{suffix}" for suffix in ("", ".done", ".failed"))
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(f"{name} failed earlier in this run:\n{failed.read_text()}", pytrace=False)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            try:
                make(folder)
            except BaseException as error:
                failed.write_text("".join(traceback.format_exception_only(error)))
                raise
            done.touch()
    return folder
