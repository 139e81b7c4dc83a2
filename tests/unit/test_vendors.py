"""The vendor registry: rooms, registration rules, and the lightness of `import scan_status`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from scan_status import ScanState, UnknownVendorError, mapping, normalize, vendors
from scan_status.reading import Reading, text
from tests.support.fresh_python import modules_loaded_by


class NoMock(vendors.MockAnswers):
    pass


def room(key: str = "widget", **changes: Any) -> vendors.Room:
    fields: dict[str, Any] = {
        "key": key,
        "name": "Widget",
        "package": "widget_client",
        "credentials": ("token",),
        "auth": lambda credentials: {"X-Widget": credentials["token"]},
        "ids": (vendors.IdParam("job_id"),),
        "read": lambda record: Reading(text(record.get("state")), scan_id=record.get("id")),
        "status_operation": "widget_client.api.default.get_job",
        "mock": NoMock,
        **changes,
    }
    return vendors.Room(**fields)


@pytest.fixture
def widget() -> Iterator[vendors.Room]:
    registered = vendors.register(
        room(), mapping={"READY": ScanState.SUCCEEDED, "BUSY": ScanState.RUNNING}
    )
    yield registered
    vendors.unregister("widget")


def test_the_built_in_vendors_are_the_mapping_tables_keys() -> None:
    assert vendors.known() == list(mapping.TABLES)
    for key in vendors.known():
        assert vendors.get(key).key == key
        assert vendors.mapping_source(key) == "scan_status/mapping.py"


def test_a_registered_vendor_is_normalized_with_its_own_reader(widget: vendors.Room) -> None:
    status = normalize("widget", {"state": " ready ", "id": "j-1"})
    assert (status.state, status.raw, status.scan_id) == (ScanState.SUCCEEDED, " ready ", "j-1")
    assert normalize("widget", "LOST").state is ScanState.UNKNOWN
    assert "widget" in vendors.known()


def test_unregister_forgets_the_vendor_but_not_a_built_in(widget: vendors.Room) -> None:
    vendors.unregister("widget")
    with pytest.raises(UnknownVendorError, match="unknown vendor 'widget'"):
        normalize("widget", "READY")
    with pytest.raises(ValueError, match="built in"):
        vendors.unregister("threadfix")
    vendors.register(widget, mapping={"READY": ScanState.SUCCEEDED})  # the fixture removes it


@pytest.mark.parametrize(
    ("rows", "error", "message"),
    [
        ({"DONE": ScanState.SUCCEEDED, "done ": ScanState.FAILED}, ValueError, "mapped twice"),
        ({"DONE": "SUCCEEDED"}, TypeError, "must map to a ScanState"),
        ({"DONE": mapping.Mapping("SUCCEEDED")}, TypeError, "must map to a ScanState"),  # type: ignore[arg-type]
        ({}, ValueError, "no status mapping rows"),
    ],
)
def test_bad_mapping_rows_are_refused_at_registration(
    rows: Mapping[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        vendors.register(room(), mapping=rows)
    assert "widget" not in vendors.known(), "nothing half-registered"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"key": "threadfix"}, "already registered"),
        ({"key": "Bad-Key"}, "lower-case"),
        ({"credentials": ("timeout",)}, "may not be named timeout"),
        ({"settings": {"token": ("a", "b")}}, "setting may not be named token"),
        ({"settings": {"mode": ()}}, "mode offers no choice"),
        ({"status_operation": None}, "no adapter or status_operation"),
    ],
)
def test_bad_rooms_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        vendors.register(room(**changes), mapping={"READY": ScanState.SUCCEEDED})


def test_missing_credentials_are_named_never_valued() -> None:
    threadfix = vendors.get("threadfix")
    assert threadfix.headers({"api_key": "k"}) == {"Authorization": "APIKEY k"}
    with pytest.raises(TypeError) as missing:
        threadfix.headers({"token": "s3cret"})
    assert "missing api_key" in str(missing.value) and "unexpected token" in str(missing.value)
    assert "s3cret" not in str(missing.value)


def test_importing_scan_status_loads_no_http_or_server_library() -> None:
    loaded = modules_loaded_by("import scan_status; scan_status.normalize('threadfix', 'DONE')")
    assert not {"httpx", "starlette", "uvicorn", "threadfix_client"} & loaded


def test_totality_says_when_a_vendors_client_is_not_installed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from scan_status import totality

    vendors.register(room(), mapping={"READY": ScanState.SUCCEEDED})
    try:
        assert totality.main([]) == 1
    finally:
        vendors.unregister("widget")
    assert capsys.readouterr().err.strip() == (
        "widget_client/openapi.yaml: not installed, so its statuses cannot be checked"
    )


# --- What the vendors document, and what we only assume (issue 10) ----------------------------


def shipped(package: str) -> dict[str, Any]:
    from importlib.resources import files

    from ruamel.yaml import YAML

    loaded: dict[str, Any] = YAML(typ="safe").load(
        files(package).joinpath("openapi.yaml").read_text()
    )
    return loaded


def test_only_values_a_spec_documents_are_marked_documented_for_cortex() -> None:
    """Cortex documents one sentence; every other row is an analogy, marked so in the table."""
    from scan_status.vendors.cortex import phase

    spec = shipped("cortex_netscan_client")
    op = spec["paths"]["/public_api/netscan/v1/scan/run"]["get"]
    examples = op["responses"]["200"]["content"]["application/json"]["examples"].values()
    documented = {phase(example["value"]["DATA"]) for example in examples}
    rows = vendors.mapping_of("cortex")
    assert {value for value, row in rows.items() if row.documented} == documented
    for value, row in rows.items():
        assert row.documented or row.reason.startswith("undocumented; by analogy"), value


def test_the_mapping_table_says_which_rows_are_analogies() -> None:
    table = mapping.markdown_table().splitlines()
    assert table[0] == "| vendor | vendor value | ScanState | documented | why |"
    assert "| cortex | `RUNNING` | RUNNING | yes |" in "\n".join(table)
    assert "| cortex | `COMPLETED` | SUCCEEDED | no: analogy |" in "\n".join(table)


def test_cortex_advanced_signature_is_the_specs() -> None:
    """The room's hash is what the spec's x-signature says: sha256, hex, key + nonce + time."""
    import hashlib

    from scan_status.vendors.cortex import advanced_signer, signature

    scheme = shipped("cortex_netscan_client")["components"]["securitySchemes"]["advancedKeyHash"]
    assert scheme["x-signature"] == {
        "algorithm": "sha256",
        "encoding": "hex",
        "input": ["apiKey", "x-xdr-nonce", "x-xdr-timestamp"],
    }
    # The notes' test vector: key k, nonce a*64, timestamp 1700000000000.
    expected = hashlib.sha256(("k" + "a" * 64 + "1700000000000").encode("utf-8")).hexdigest()
    assert signature("k", "a" * 64, "1700000000000") == expected
    first, second = advanced_signer("k")(), advanced_signer("k")()
    assert first["x-xdr-nonce"] != second["x-xdr-nonce"]
    assert first["Authorization"] == signature("k", first["x-xdr-nonce"], first["x-xdr-timestamp"])
    assert "k" not in first.values()


def test_rooms_offer_their_settings_to_the_cli() -> None:
    from scan_status.commands import build_app

    assert vendors.get("cortex").settings == {"key_kind": ("standard", "advanced")}
    assert vendors.get("protecto").settings == {"route": ("auto", "current", "2024")}
    from typer.testing import CliRunner

    result = CliRunner().invoke(build_app(), ["get", "cortex", "--help"])
    assert "--key-kind" in result.output and "SCAN_STATUS_CORTEX_KEY_KIND" in result.output
    refused = CliRunner().invoke(
        build_app(),
        [
            *("get", "cortex", "7", "--base-url", "http://127.0.0.1:9", "--api-key", "k"),
            *("--api-key-id", "1", "--key-kind", "sideways"),
        ],
    )
    assert (
        refused.exit_code == 2
        and "'sideways' is not one of 'standard', 'advanced'" in refused.output
    )


def test_protecto_records_of_either_route_read_alike() -> None:
    """2026: request_status and whole seconds; 2024: status and microseconds."""
    current = normalize(
        "protecto",
        {
            "tracking_id": "a",
            "request_status": "IN-PROGRESS",
            "submitted_at": "2025-05-15 07:23:28",
        },
    )
    older = normalize(
        "protecto",
        {"tracking_id": "a", "status": "IN-PROGRESS", "submitted_at": "2025-05-15 07:23:28.500000"},
    )
    assert current.state is older.state is ScanState.RUNNING
    assert current.submitted_at is not None and older.submitted_at is not None
    assert (older.submitted_at - current.submitted_at).total_seconds() == 0.5
    assert current.submitted_at.tzinfo is not None


def test_one_vendor_loads_its_own_room_alone_and_all_are_listed_in_order() -> None:
    loaded = modules_loaded_by(
        "import scan_status\n"
        "scan_status.threadfix(base_url='http://127.0.0.1:9/threadfix', api_key='k')\n"
    )
    rooms = sorted(m for m in loaded if m.startswith("scan_status.vendors."))
    others = {f"scan_status.vendors.{room.key}" for room in vendors.rooms()} - {
        "scan_status.vendors.threadfix"
    }
    assert "scan_status.vendors.threadfix" in rooms and not others & set(rooms), rooms
    # Listed in mapping.py's order, though ThreadFix's room was loaded first.
    modules_loaded_by(
        "import scan_status\n"
        "from scan_status import mapping, vendors\n"
        "scan_status.threadfix(base_url='http://127.0.0.1:9/threadfix', api_key='k')\n"
        "assert vendors.known() == list(mapping.TABLES), vendors.known()\n"
    )


def test_an_unknown_vendor_factory_names_scan_status_adapter() -> None:
    import scan_status

    with pytest.raises(AttributeError, match=r"scan_status\.adapter\('widgetco', base_url=\.\.\."):
        scan_status.widgetco  # noqa: B018  (the attribute lookup is the test)
    assert all(callable(getattr(scan_status, key)) for key in vendors.known())
