"""What may be published: the current version of each of our packages, read from its archive.

Our packages are the clients of generator/packages.toml and the project of pyproject.toml, at the
versions those files give. A file in dist/ that is anything else (another project, an old
version, a name that does not match its metadata) is refused by name, as is an archive that
cannot be read: a corrupt zip, a wheel without METADATA.
"""

from __future__ import annotations

import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from packaging.metadata import parse_email
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    NormalizedName,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from generator.workspace import load_packages


class ArtifactError(Exception):
    """One line naming the file and what is wrong with it."""


@dataclass(frozen=True)
class Artifact:
    path: Path
    project: NormalizedName
    version: Version
    requires: frozenset[NormalizedName]  # what it needs installed (extras' needs not counted)

    @property
    def name(self) -> str:
        return self.path.name


def current_versions(root: Path) -> dict[NormalizedName, Version]:
    """Each of our distributions and the version this checkout releases."""
    found = {canonicalize_name(p.distribution): Version(p.version) for p in load_packages(root)}
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found[canonicalize_name(project["name"])] = Version(project["version"])
    return found


def read_artifact(path: Path) -> Artifact:
    """A wheel's or sdist's name, version and requirements, from its metadata; ArtifactError
    when the file name or the archive cannot be read, or they disagree."""
    try:
        if path.name.endswith(".whl"):
            named, version, _, _ = parse_wheel_filename(path.name)
            text = _wheel_metadata(path)
        else:
            named, version = parse_sdist_filename(path.name)
            text = _sdist_metadata(path)
    except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion) as err:
        raise ArtifactError(f"{path.name}: not a wheel or sdist file name ({err})") from None
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as err:
        raise ArtifactError(f"{path.name}: not a readable archive ({err})") from None
    except UnicodeDecodeError:
        raise ArtifactError(f"{path.name}: its metadata is not UTF-8") from None
    raw, _ = parse_email(text)
    try:
        project = canonicalize_name(raw["name"], validate=True)
        stated = Version(raw["version"])
        requirements = [Requirement(r) for r in raw.get("requires_dist", [])]
    except KeyError as missing:
        raise ArtifactError(f"{path.name}: its metadata has no {missing.args[0]}") from None
    except (ValueError, InvalidRequirement) as err:
        raise ArtifactError(f"{path.name}: its metadata is invalid ({err})") from None
    if (project, stated) != (named, version):
        raise ArtifactError(
            f"{path.name}: its metadata says {project} {stated}, its name {named} {version}"
        )
    extras = raw.get("provides_extra", [])
    requires = frozenset(
        canonicalize_name(r.name) for r in requirements if not _only_for_an_extra(r, extras)
    )
    return Artifact(path, project, stated, requires)


def _only_for_an_extra(requirement: Requirement, extras: list[str]) -> bool:
    """Whether it is wanted only with an extra: false without extras, true with one (those the
    metadata declares, or any the marker names: packaging has no API listing a marker's names,
    and its string form spells the variable `extra`)."""
    marker = requirement.marker
    if marker is None or marker.evaluate({"extra": ""}):
        return False
    return any(marker.evaluate({"extra": extra}) for extra in extras) or "extra" in str(marker)


def _wheel_metadata(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        found = [
            n for n in archive.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA")
        ]
        if len(found) != 1:
            raise ArtifactError(f"{path.name}: a wheel without one .dist-info/METADATA")
        return archive.read(found[0]).decode("utf-8")


def _sdist_metadata(path: Path) -> str:
    with tarfile.open(path) as archive:
        for member in archive.getmembers():
            if member.name.count("/") == 1 and member.name.endswith("/PKG-INFO"):
                extracted = archive.extractfile(member)
                if extracted is not None:
                    return extracted.read().decode("utf-8")
    raise ArtifactError(f"{path.name}: an sdist without PKG-INFO")


def releasable(paths: list[Path], current: dict[NormalizedName, Version]) -> list[Artifact]:
    """Every file read; ArtifactError naming each one that is not a current version of ours."""
    problems: list[str] = []
    artifacts: list[Artifact] = []
    for path in paths:
        try:
            artifact = read_artifact(path)
        except ArtifactError as err:
            problems.append(str(err))
            continue
        if artifact.project not in current:
            problems.append(
                f"{path.name}: {artifact.project} is not one of our packages "
                f"({', '.join(sorted(current))})"
            )
        elif artifact.version != current[artifact.project]:
            problems.append(
                f"{path.name}: not the current version of {artifact.project} "
                f"({current[artifact.project]})"
            )
        else:
            artifacts.append(artifact)
    if problems:
        raise ArtifactError("\n".join(problems))
    return artifacts
