"""Publishing's pure logic: upload order from each file's metadata, and masking a password."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from generator.release.distribute import mask, read_artifact, upload_order


def wheel(folder: Path, name: str, version: str, *requires: str) -> Path:
    module = name.replace("-", "_")
    path = folder / f"{module}-{version}-py3-none-any.whl"
    metadata = f"Metadata-Version: 2.4\nName: {name}\nVersion: {version}\n" + "".join(
        f"Requires-Dist: {r}\n" for r in requires
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{module}-{version}.dist-info/METADATA", metadata)
    return path


def sdist(folder: Path, name: str, version: str, *requires: str) -> Path:
    module = name.replace("-", "_")
    path = folder / f"{module}-{version}.tar.gz"
    metadata = (
        f"Metadata-Version: 2.4\nName: {name}\nVersion: {version}\n"
        + "".join(f"Requires-Dist: {r}\n" for r in requires)
    ).encode()
    with tarfile.open(path, "w:gz") as archive:
        for member in (f"{module}-{version}/PKG-INFO", f"{module}-{version}/src/x/PKG-INFO"):
            info = tarfile.TarInfo(member)
            info.size = len(metadata) if member.count("/") == 1 else 3
            archive.addfile(info, io.BytesIO(metadata if member.count("/") == 1 else b"bad"))
    return path


def test_dependencies_go_up_before_their_dependants(tmp_path: Path) -> None:
    files = [
        wheel(tmp_path, "aardvark-status", "2.0.0", "zebra-client>=0.2,<1", "httpx>=0.28"),
        sdist(tmp_path, "aardvark-status", "2.0.0", "zebra-client>=0.2,<1"),
        wheel(tmp_path, "zebra-client", "0.2.0", "middle-lib; extra == 'x'"),
        sdist(tmp_path, "zebra-client", "0.2.0"),
        wheel(tmp_path, "middle-client", "1.0.0"),
    ]
    order = [a.path.name for a in upload_order([read_artifact(p) for p in files])]
    assert order.index("zebra_client-0.2.0-py3-none-any.whl") < order.index(
        "aardvark_status-2.0.0-py3-none-any.whl"
    )
    assert order.index("zebra_client-0.2.0.tar.gz") < order.index("aardvark_status-2.0.0.tar.gz")
    assert sorted(order) == sorted(p.name for p in files)
    assert read_artifact(files[0]).requires == frozenset({"zebra-client", "httpx"})
    assert read_artifact(files[2]).requires == frozenset(), "an extra's requirement is not needed"
    assert read_artifact(files[1]).project == "aardvark-status"


@pytest.mark.parametrize("password", ["x", "c", "correct horse battery", "pa$$"])
def test_masking_the_password_leaves_everything_else_intact(
    password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWINE_PASSWORD", password)
    text = (
        "Uploading cortex_netscan_client-0.1.0-py3-none-any.whl\n"
        f"https://publisher:{password}@index.example/ said: wrong password {password}\n"
    )
    masked = mask(text)
    assert "Uploading cortex_netscan_client-0.1.0-py3-none-any.whl\n" in masked
    assert masked.endswith("https://publisher:***@index.example/ said: wrong password ***\n")
