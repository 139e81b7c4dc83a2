"""A keyring backend reading a JSON file, {service: {username: password}}, named by
SCAN_STATUS_TEST_KEYRING: a keyring twine and publish consult as they would the system's
(PYTHON_KEYRING_BACKEND=tests.support.file_keyring.FileKeyring)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordSetError


class FileKeyring(KeyringBackend):
    priority = 1.0

    def get_password(self, service: str, username: str) -> str | None:
        stored = json.loads(Path(os.environ["SCAN_STATUS_TEST_KEYRING"]).read_text())
        found = stored.get(service, {}).get(username)
        return str(found) if found is not None else None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("read-only test keyring")

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordSetError("read-only test keyring")
