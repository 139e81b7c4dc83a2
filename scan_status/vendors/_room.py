"""What a vendor's room declares: the one description of a vendor the status layer, its CLI and
its mock all read. Light to import: nothing here loads httpx, starlette or a generated client."""

from __future__ import annotations

import copy
import functools
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from scan_status.reading import Reading
from scan_status.vendors._errors import DEFAULT as DEFAULT_ERRORS
from scan_status.vendors._errors import Errors

if TYPE_CHECKING:
    from scan_status.adapters import Adapter
    from scan_status.testing.scenarios import Step

JsonBody = dict[str, Any] | list[Any]
# Keyword options every adapter takes; a credential may not share a name with one.
ADAPTER_OPTIONS = frozenset(
    {"base_url", "timeout", "retry", "verify", "strict", "max_response_bytes", "mapping"}
    # how requests reach the vendor (scan_status.transport.connection)
    | {"proxy", "trust_env", "cert", "event_hooks", "async_event_hooks", "transport"}
    | {"async_transport", "allow_plaintext_proxy"}
)


IdFormat = Literal["int", "str", "uuid"]
FORMATS: tuple[IdFormat, ...] = ("int", "str", "uuid")
# A sample when a room declares none: one of each format.
DEFAULT_SAMPLES: dict[str, int | str] = {
    "int": 41,
    "str": "scan-41",
    "uuid": "3f0c8b5e-6a4d-4e2b-9c1a-7d5e2f8a9b41",
}
SAMPLE_SPACE = uuid.UUID("6c1f0d7e-2b4a-4f3c-8e9d-0a1b2c3d4e5f")  # derives further UUID samples


@dataclass(frozen=True)
class IdParam:
    """One argument that names a scan (ThreadFix: app_id, pending_scan_id).

    - `name`: the keyword the adapter and the generated operation take;
    - `type`: what get_status takes, int or str;
    - `format`: "int", "str" or "uuid" (a str in the 8-4-4-4-12 form); default: from `type`;
    - `sample`: an id of this kind, as the vendor's documentation would show one; tests, the
      docs and the CLI's help use it (default: one of its format).
    """

    name: str
    type: type[int] | type[str] = str
    sample: int | str | None = None
    format: IdFormat | None = None

    def __post_init__(self) -> None:
        kind = self.format or ("int" if self.type is int else "str")
        if kind not in FORMATS:
            raise ValueError(f"id {self.name}: format is one of {', '.join(FORMATS)}, not {kind!r}")
        if (kind == "int") != (self.type is int):
            raise ValueError(
                f"id {self.name}: format {kind!r} needs type {'int' if kind == 'int' else 'str'}"
            )
        object.__setattr__(self, "format", kind)
        sample = DEFAULT_SAMPLES[kind] if self.sample is None else self.sample
        object.__setattr__(self, "sample", self.parse(str(sample)))

    def parse(self, text: str) -> int | str:
        """An id given as text (the command line), as get_status takes it; a ValueError says
        what the format wants."""
        if self.format == "int":
            try:
                return int(text)
            except ValueError:
                raise ValueError(
                    f"{self.name} is an integer (e.g. {self.sample}), not {text!r}"
                ) from None
        if self.format == "uuid":
            try:
                uuid.UUID(text)
            except ValueError:
                example = self.sample or DEFAULT_SAMPLES["uuid"]
                raise ValueError(f"{self.name} is a UUID (e.g. {example}), not {text!r}") from None
        return text

    def samples(self, count: int) -> list[int | str]:
        """`count` different ids of this kind, the declared sample first."""
        sample = self.sample
        assert sample is not None  # set in __post_init__
        if self.format == "int":
            return [int(sample) + i for i in range(count)]
        if self.format == "uuid":
            return [sample] + [
                str(uuid.uuid5(SAMPLE_SPACE, f"{sample}/{i}")) for i in range(1, count)
            ]
        return [sample] + [f"{sample}-{i}" for i in range(1, count)]

    @property
    def described(self) -> str:
        """For help texts: what the id is, with its sample."""
        kinds = {"int": "an integer", "str": "a string", "uuid": "a UUID"}
        return f"{kinds[self.format or 'str']}, e.g. {self.sample}"


@dataclass(frozen=True)
class Room:
    """Everything the hand-written layer knows about one vendor.

    - `credentials`: the factory's keyword arguments; `auth` turns them into the request
      headers that authenticate (the adapter sends them, the mock expects them).
    - `ids`: what names a scan, in get_status's order (empty: the vendor has no status to read,
      so no CLI command); `batch`: get_statuses takes several ids of one kind at once.
    - `read`: a status record (a dict) into a Reading; `phase`: the value's lookup key in the
      mapping (default: trimmed and upper-cased).
    - `status_operation`: the generated module that reads a status (for the plain adapter).
    - `adapter`: the adapter class (default: a plain status adapter over `status_operation`).
    - `mock`: how the vendor's mock answers.
    - `errors`: what its error answers mean (scan_status.vendors.Errors): which status codes and
      body fields are which error, which fields carry the message, a failure envelope.
    - `settings`: the adapter's own choices beyond credentials (Cortex's key_kind, Protecto's
      route): each name's allowed values, the first the default. The CLI offers each as
      `--<name>` / SCAN_STATUS_<KEY>_<NAME> and passes it to the adapter as a keyword.
    """

    key: str
    name: str
    package: str  # the generated client's import name; it ships the spec
    credentials: tuple[str, ...]
    auth: Callable[[Mapping[str, str]], dict[str, str]]
    mock: type[MockAnswers]
    ids: tuple[IdParam, ...] = ()
    batch: bool = False
    read: Callable[[dict[str, Any]], Reading] | None = None
    phase: Callable[[str], str] | None = None
    status_operation: str | None = None
    adapter: type[Adapter] | None = None
    summary: str = "the status of a scan"
    settings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    errors: Errors = DEFAULT_ERRORS

    def headers(self, credentials: Mapping[str, str]) -> dict[str, str]:
        """The authenticating headers; a missing or unexpected credential is a TypeError that
        names the credential, never its value."""
        missing = [name for name in self.credentials if name not in credentials]
        unknown = sorted(set(credentials) - set(self.credentials))
        if missing or unknown:
            raise TypeError(
                f"{self.key} takes the credentials {', '.join(self.credentials)}"
                + (f"; missing {', '.join(missing)}" if missing else "")
                + (f"; unexpected {', '.join(unknown)}" if unknown else "")
            )
        return self.auth(credentials)

    def default_credentials(self) -> dict[str, str]:
        """What a mock accepts unless told otherwise."""
        return {name: self.mock.credentials.get(name, f"test-{name}") for name in self.credentials}


@dataclass
class Call:
    """One incoming request to a mock, as the vendor's answers need it."""

    operation: str  # operationId
    path_params: dict[str, str]
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: Any  # parsed JSON, or None


class MockAnswers:
    """How a vendor's mock answers. One instance per mock server, so it may keep state."""

    base_path: ClassVar[str] = ""  # the vendor's context path (ThreadFix: /threadfix)
    credentials: ClassVar[dict[str, str]] = {}  # default credentials, when not test-<name>
    # The values along a scan's life, as the vendor sends them: queued, running, succeeded,
    # failed, cancelled, unknown (one the spec does not list). Empty: no status to read.
    phases: ClassVar[dict[str, list[str]]] = {}

    def scan_ids(self, call: Call) -> list[str]:
        raise NotImplementedError

    def answer(self, call: Call, ids: list[str], steps: list[Step]) -> JsonBody:
        raise NotImplementedError

    def error(self, code: int, message: str, field_name: str | None = None) -> JsonBody:
        raise NotImplementedError

    # Where the vendor answers in its own way, a room overrides these; the defaults are what
    # most APIs do.

    def authenticates(self, headers: Mapping[str, str], expected: Mapping[str, str]) -> bool:
        """Whether a request's headers (lower-case names) carry the mock's credentials;
        `expected`: the headers the room's adapter sends with them."""
        return all(headers.get(name) == value for name, value in expected.items())

    def fault(
        self, kind: str, code: int, message: str, scan_id: str | None = None
    ) -> tuple[int, JsonBody]:
        """The answer to a refused key ("unauthorized"), an unknown scan ("not_found") or another
        scripted fault: its HTTP status and body. `scan_id`: the scan it answers for (None for a
        refused key, which is answered before the request is read)."""
        return code, self.error(code, message)

    def refuses(self, headers: Mapping[str, str]) -> tuple[int, JsonBody] | None:
        """An answer for a request the vendor refuses before reading it (ThreadFix: an Accept
        that excludes JSON), or None."""
        return None

    def as_validated(self, headers: Mapping[str, str]) -> dict[str, str]:
        """The headers as the vendor's server reads them, before the spec checks the request
        (ThreadFix's server takes a missing Accept as application/json)."""
        return dict(headers)

    def unknown_path(self, path: str) -> tuple[int, JsonBody] | None:
        """The answer to a path the spec does not serve, or None for a plain 404."""
        return None


@functools.cache
def shipped_spec(package: str) -> dict[str, Any]:
    """The spec a generated client ships (its openapi.yaml), read once."""
    # Deferred: a room's mock answers (the `testing` extra) read its spec; an adapter does not.
    from importlib.resources import files

    from ruamel.yaml import YAML

    text = files(package).joinpath("openapi.yaml").read_text(encoding="utf-8")
    loaded: dict[str, Any] = YAML(typ="safe", pure=True).load(text)
    return loaded


def documented_example(package: str, name: str) -> Any:
    """The value of `components/examples/<name>` in that spec: a mock answers with the
    vendor's documented words instead of inventing its own."""
    return copy.deepcopy(shipped_spec(package)["components"]["examples"][name]["value"])
