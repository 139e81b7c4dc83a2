"""The two pinned generators, called in-process (their start-up is most of a CLI run's cost).

Every setting is explicit here: nothing is read from the working directory, PATH or a
pyproject, so the output does not depend on where or by whom the pipeline runs.
"""

from __future__ import annotations

import contextlib
import io
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

TOOLS = ("openapi-python-client", "datamodel-code-generator", "ruff")


def tool_versions() -> dict[str, str]:
    return {tool: version(tool) for tool in TOOLS}


def warm_up() -> None:
    """Import both generators once, so forked workers share them instead of each importing."""
    import datamodel_code_generator.parser.openapi  # noqa: F401
    import openapi_python_client  # noqa: F401


def run_openapi_python_client(spec: dict[str, Any], scratch: Path, package_dir: Path) -> None:
    from openapi_python_client import generate
    from openapi_python_client.config import Config, ConfigFile, MetaType

    from generator.codegen.templates import write_custom_templates

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
    with contextlib.redirect_stdout(io.StringIO()):
        errors = generate(
            config=config, custom_template_path=write_custom_templates(scratch / "templates")
        )
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
