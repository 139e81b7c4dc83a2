"""`<client>.__version__` is added beside the package's real import, whatever its docstring says
(the docstring holds the spec's title, which a spec author writes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.codegen.packaging import _add_version
from generator.workspace import ApiPackage

PACKAGE = ApiPackage("acme", "specs/acme.yaml", "acme-client", "acme_client", "1.2.3")
# openapi-python-client's package __init__, with the title a hypothesis run found.
INIT = '''"""A client library for accessing {title}"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
'''


@pytest.mark.parametrize(
    "title",
    [
        "Acme API",
        "\nfrom .client import",
        "x\nfrom .client import y",
        "\u2028",  # a line break to str.splitlines, not to Python
        "\u2028from .client import x\x0c\x1c",
    ],
)
def test_version_is_added_beside_the_real_import(tmp_path: Path, title: str) -> None:
    package = tmp_path / "acme_client"
    package.mkdir()
    (package / "client.py").write_text("AuthenticatedClient = Client = object\n")
    init = package / "__init__.py"
    init.write_text(INIT.format(title=title), encoding="utf-8")
    _add_version(init, PACKAGE)
    text = init.read_text(encoding="utf-8")
    assert text.startswith(INIT.format(title=title).split("\n\n", 1)[0]), "the docstring is kept"
    probe = "import acme_client; print(acme_client.Client is object, acme_client.__all__)"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "('AuthenticatedClient',", "'Client')"]
