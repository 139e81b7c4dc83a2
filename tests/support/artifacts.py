"""Small wheels and sdists holding only their metadata: enough for what publish reads."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path


def _metadata(name: str, version: str, requires: tuple[str, ...]) -> str:
    return f"Metadata-Version: 2.4\nName: {name}\nVersion: {version}\n" + "".join(
        f"Requires-Dist: {r}\n" for r in requires
    )


def tiny_wheel(folder: Path, name: str, version: str, *requires: str) -> Path:
    module = name.replace("-", "_")
    path = folder / f"{module}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            f"{module}-{version}.dist-info/METADATA", _metadata(name, version, requires)
        )
    return path


def tiny_sdist(folder: Path, name: str, version: str, *requires: str) -> Path:
    """An sdist whose PKG-INFO is at its top; a nested PKG-INFO (of a vendored project) is not it."""
    module = name.replace("-", "_")
    path = folder / f"{module}-{version}.tar.gz"
    members = {
        f"{module}-{version}/PKG-INFO": _metadata(name, version, requires).encode(),
        f"{module}-{version}/vendored/PKG-INFO": b"Name: vendored\n",
    }
    with tarfile.open(path, "w:gz") as archive:
        for member, data in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def rewrapped(wheel: Path, target: Path) -> Path:
    """The same wheel's members under the same name, with other bytes (other timestamps)."""
    out = target / wheel.name
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            info.date_time = (2001, 2, 3, 4, 5, 6)
            copy.writestr(info, source.read(info.filename))
    return out
