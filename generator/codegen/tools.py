"""The two pinned generators, called in-process (their start-up is most of a CLI run's cost).

Every setting is explicit here: nothing is read from the working directory, PATH or a
pyproject, so the output does not depend on where or by whom the pipeline runs.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

from generator.codegen.freshness import TOOLS, tool_versions

__all__ = ["TOOLS", "run_datamodel_codegen", "run_openapi_python_client", "tool_versions"]


class _MemoryBytecodeCache:
    """Jinja bytecode kept in this process, keyed by template and source checksum (Jinja's own
    key). Compiling openapi-python-client's templates was a third of a run: once per spec per
    template. One process runs openapi-python-client on every spec, so each template compiles once
    a run; a template whose source changed has another checksum, so a stale entry is never used."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def cache(self) -> Any:
        from jinja2 import BytecodeCache

        entries = self.entries

        class Cache(BytecodeCache):
            def load_bytecode(self, bucket: Any) -> None:
                if bucket.key in entries:
                    bucket.bytecode_from_string(entries[bucket.key])

            def dump_bytecode(self, bucket: Any) -> None:
                entries[bucket.key] = bucket.bytecode_to_string()

        return Cache()


BYTECODE = _MemoryBytecodeCache()


def _write_string_defaults_as_written() -> None:
    """openapi-python-client writes a string default as repr(remove_string_escapes(value)): the
    escapes are doubled, so the default `say "hi"` becomes the value `say \\"hi\\"` in the attrs
    model. repr() alone is already a safe Python literal of exactly the value (the advisory
    behind remove_string_escapes, GHSA-9x4c-63pf-525f, was about a default put between quotes by
    hand), so string defaults go through repr() only, in this process from the first run on
    (idempotent; generation workers are processes, each sets it). The run stops if the pinned
    tool no longer works the way this relies on."""
    from openapi_python_client.parser.properties import string

    names = vars(string)
    if names[ESCAPER] is _as_written:
        return
    probe = 'a"b\\c'
    written = string.StringProperty.convert_value(probe)
    expected = repr(names[ESCAPER](probe))
    if written is None or written.python_code.as_unembedded_code() != expected:
        raise RuntimeError(
            "openapi-python-client no longer writes string defaults as "
            f"repr({ESCAPER}(value)); review generator/codegen/tools.py"
        )
    setattr(string, ESCAPER, _as_written)


ESCAPER = "remove_string_escapes"  # the name string.py calls (it imports it from strings.py)


def _as_written(value: str) -> str:
    """A string default as the spec wrote it: repr() makes it a literal."""
    return value


def _project(spec: dict[str, Any], scratch: Path, package_dir: Path, templates: Path) -> Any:
    """openapi-python-client's Project for `spec`, with the run's composed templates and the
    shared bytecode cache (what its generate() builds, minus reading the spec back from disk)."""
    from openapi_python_client import Project
    from openapi_python_client.config import Config, ConfigFile, MetaType
    from openapi_python_client.parser import GeneratorData

    source = scratch / "spec.json"
    source.write_text(json.dumps(spec), encoding="utf-8")
    settings = ConfigFile(
        post_hooks=[],  # formatting is the pipeline's own step, with the pinned ruff
        package_name_override=package_dir.name,
        use_path_prefixes_for_title_model_names=False,
        literal_enums=False,
    )
    config = Config.from_sources(
        settings, MetaType.NONE, source, "utf-8", overwrite=True, output_path=package_dir
    )
    _write_string_defaults_as_written()
    data = GeneratorData.from_dict(spec, config=config)
    if not isinstance(data, GeneratorData):
        raise RuntimeError(f"openapi-python-client failed: {data.header}: {data.detail}")
    project = Project(openapi=data, config=config, custom_template_path=templates)
    project.env.bytecode_cache = BYTECODE.cache()
    return project


def run_openapi_python_client(
    spec: dict[str, Any], scratch: Path, package_dir: Path, templates: Path
) -> None:
    project = _project(spec, scratch, package_dir, templates)
    with contextlib.redirect_stdout(io.StringIO()):
        errors = project.build()
    if errors:
        details = "; ".join(f"{e.header}: {e.detail}" for e in errors)
        raise RuntimeError(f"openapi-python-client failed: {details}")


def run_datamodel_codegen(spec: dict[str, Any], output: Path, header: str) -> None:
    from datamodel_code_generator import DatetimeClassType, PythonVersion, generate
    from datamodel_code_generator.enums import DataModelType, InputFileType, UnionMode

    generate(
        json.dumps(spec),
        input_file_type=InputFileType.OpenAPI,
        output=output,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        custom_file_header=header,
        disable_timestamp=True,
        formatters=[],  # formatted afterwards with the pinned ruff, like the client
        output_datetime_class=DatetimeClassType.Datetime,  # zone-less vendor times must parse
        use_subclass_enum=True,  # members are also str, so comparing to raw values works
        union_mode=UnionMode.left_to_right,  # KnownX first: pydantic's smart mode prefers str
        field_constraints=True,  # Field(pattern=...) instead of constr(): mypy-clean
        use_annotated=True,
        use_standard_collections=True,
        use_union_operator=True,
        use_schema_description=True,
        use_field_description=True,
    )
