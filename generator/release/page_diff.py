"""What changed on a vendor page, and which facts of a spec the change touches.

Facts are read from a page's normalised text by heuristics that fit API reference pages:
status values (constants in tables, lists, comma lists and JSON `"...status": "X"` samples),
endpoints (paths in URLs, curl lines and `Endpoint:` lines, with the HTTP method on the same
line or a nearby `Method` line) and names (JSON keys, list labels, table cells, `name Type`
lines, snake_case and camelCase words). They are compared with the spec: its x-scan-status
enums (trimmed), its operations, and its property and parameter names. With the capture the
spec was written from, only what the change itself added or dropped is reported.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.release.pages import PageError, Reading, page_text, text_sha256
from generator.spec.document import Document, walk
from generator.spec.document import operations as spec_operations
from generator.spec.rules import inside_docs

METHODS = ("GET", "PUT", "POST", "PATCH", "DELETE", "HEAD", "OPTIONS")
# Upper-case words of API pages that are not status values.
NOT_STATUSES = frozenset(
    {*METHODS, "API", "CSV", "HTML", "HTTP", "HTTPS", "ID", "IDS", "JSON", "JWT", "NOTE", "PII"}
    | {"REST", "SDK", "SSL", "TLS", "UI", "URI", "URL", "UTC", "UUID", "XML", "YAML"}
)

PARAMETER_PLACES = ("path", "query", "header", "cookie")

_CONSTANT = re.compile(r"[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)*")
_METHOD = re.compile(r"\b(GET|PUT|POST|PATCH|DELETE|HEAD|OPTIONS)\b")
_LEADING_METHOD = re.compile(r"^(get|put|post|patch|delete|head|options)\s+/")
_URL = re.compile(r"https?://[^\s'\"`|]+")
# A segment may be a `{parameter}` or a `:parameter` (Express and Rails pages write them so).
_PATH = re.compile(r"(?:^|(?<=[\s'\"`(|:]))(/:?[\w{}.~%-]+(?:/:?[\w{}.~%-]+)*)/?")
_COLON_PARAMETER = re.compile(r"^:([A-Za-z_]\w*)$")
# Words before a URL that make it an endpoint; other words make it a link in running text
# ("Source: https://...", "see https://...").
_ENDPOINT_LABEL = re.compile(r"\b(endpoint|url|uri|request|path|route|curl)\b", re.I)
_GLUED_METHOD = re.compile(r"(?<=\})(?:GET|PUT|POST|PATCH|DELETE|HEAD|OPTIONS)$")
_JSON_KEY = re.compile(r"\"([A-Za-z_][\w-]*)\"\s*:")
_JSON_STATUS = re.compile(r"\"(\w*status\w*)\"\s*:\s*\"([^\"]*)\"", re.I)
_LIST_LABEL = re.compile(r"^[-*•]\s*([A-Za-z_]\w*)(?:\(s\))?\s*:")
_TYPED_NAME = re.compile(
    r"^([A-Za-z_]\w*)\s+(?:string|long|integer|int\d*|number|boolean|object|array)\b", re.I
)
_CODE_WORD = re.compile(
    r"(?<![\w-])([A-Za-z][a-z0-9]*(?:_[A-Za-z0-9]+)+|[a-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+)(?![\w-])"
)
_NAME = re.compile(r"[a-z][A-Za-z0-9_]*|[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]*[a-z][A-Za-z0-9]*)+")


@dataclass(frozen=True)
class Endpoint:
    method: str | None  # None: the page shows the path without a method near it
    path: str

    def __str__(self) -> str:
        return f"{self.method} {self.path}" if self.method else self.path


@dataclass(frozen=True)
class Facts:
    statuses: frozenset[str]
    endpoints: frozenset[Endpoint]
    names: frozenset[str]  # field and parameter names where pages name fields, as written
    words: frozenset[str] = frozenset()  # snake_case and camelCase words elsewhere (code, prose)


@dataclass(frozen=True)
class Finding:
    kind: str  # "status", "endpoint" or "field" (a property or parameter name)
    value: str
    on_page: bool  # True: the page has it and the spec lacks it; False: the other way round

    def __str__(self) -> str:
        where = (
            "on the page, not in the spec" if self.on_page else "not on the page, still in the spec"
        )
        return f"{self.kind} {self.value}: {where}"


def unified_diff(capture: str, page: str, capture_name: str, page_name: str) -> list[str]:
    """The normalised texts' unified diff: what a reader of the capture needs to see."""
    return list(
        difflib.unified_diff(
            capture.splitlines(), page.splitlines(), capture_name, page_name, n=2, lineterm=""
        )
    )


def page_facts(text: str) -> Facts:
    lines = text.splitlines()
    statuses: set[str] = set()
    names: set[str] = set()
    words: set[str] = set()
    for line in lines:
        statuses.update(_statuses(line))
        names.update(_names(line))
        words.update(_CODE_WORD.findall(_PATH.sub(" ", _URL.sub(" ", line))))
    return Facts(
        frozenset(statuses), frozenset(_endpoints(lines)), frozenset(names), frozenset(words)
    )


def spec_facts(spec: dict[str, Any], page: str | None = None) -> Facts:
    """The spec's facts; its endpoints are those of the operations written from `page` (all
    operations when none names it)."""
    operations = list(spec_operations(spec))
    own = [
        Endpoint(method.upper(), path)
        for path, method, operation in operations
        if (operation.get("x-provenance") or {}).get("page") == page
    ]
    everything = [Endpoint(method.upper(), path) for path, method, _ in operations]
    statuses = {value.strip() for value in _status_enums(Document(spec)) if isinstance(value, str)}
    return Facts(frozenset(statuses), frozenset(own or everything), frozenset(_spec_names(spec)))


def touched(spec: Facts, page: Facts, capture: Facts | None) -> list[Finding]:
    """Where page and spec disagree.

    With the capture the spec was written from, only what the change did: facts the page gained
    that the spec lacks, and facts the page lost that the spec still has. Without it, the facts
    the page names that the spec lacks, and the spec's endpoints that the page does not show
    (a spec written from several pages has statuses and fields this page never named).
    """
    found: list[Finding] = []

    def report(kind: str, gained: Iterable[str], lost: Iterable[str]) -> None:
        found.extend(Finding(kind, value, True) for value in sorted(set(gained)))
        found.extend(Finding(kind, value, False) for value in sorted(set(lost)))

    def shows(facts: Facts, declared: Endpoint) -> bool:
        return any(endpoint_matches(endpoint, declared) for endpoint in facts.endpoints)

    def declared(endpoint: Endpoint) -> bool:
        return any(endpoint_matches(endpoint, known) for known in spec.endpoints)

    new_endpoints = [e for e in page.endpoints if not declared(e)]
    dropped_endpoints = [e for e in spec.endpoints if not shows(page, e)]
    spec_names = _folded(spec.names)
    if capture is None:
        report("status", page.statuses - spec.statuses, ())
        report("endpoint", map(str, new_endpoints), map(str, dropped_endpoints))
        report("field", (n for n in page.names if n.casefold() not in spec_names), ())
        return found

    report(
        "status",
        page.statuses - spec.statuses - capture.statuses,
        (capture.statuses & spec.statuses) - page.statuses,
    )
    report(
        "endpoint",
        (str(e) for e in new_endpoints if e not in capture.endpoints),
        (str(e) for e in dropped_endpoints if shows(capture, e)),
    )
    named_before = _folded(capture.names | capture.words)
    named_now = _folded(page.names | page.words)
    report(
        "field",
        (
            name
            for name in page.names | page.words
            if name.casefold() not in spec_names and name.casefold() not in named_before
        ),
        (
            name
            for name in spec.names
            if name.casefold() in named_before and name.casefold() not in named_now
        ),
    )
    return found


def _folded(names: Iterable[str]) -> set[str]:
    return {name.casefold() for name in names}


def endpoint_matches(shown: Endpoint, declared: Endpoint) -> bool:
    """A page's path matches a spec's path when it ends the same way, segment by segment; a
    `{parameter}` on either side stands for any segment, and the page may put a server's base
    path before it. Methods must agree when the page shows one."""
    if shown.method and declared.method and shown.method != declared.method:
        return False
    have, want = _segments(shown.path), _segments(declared.path)
    if not want or len(have) < len(want):
        return False
    return all(
        a == b or _is_parameter(a) or _is_parameter(b)
        for a, b in zip(have[len(have) - len(want) :], want, strict=True)
    )


def _segments(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


def _is_parameter(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _is_status(word: str) -> bool:
    word = word.strip("`'\" ")
    return bool(_CONSTANT.fullmatch(word)) and len(word) >= 3 and word not in NOT_STATUSES


def _statuses(line: str) -> Iterator[str]:
    if "|" in line:  # a table row: the first cell names the row
        first = line.split("|", 1)[0].strip("`'\" ")
        if _is_status(first):
            yield first
    item = re.sub(r"^[-*•]\s*", "", line)
    if item != line:  # a list item: its first word
        word = re.split(r"[\s:]", item, maxsplit=1)[0]
        if _is_status(word):
            yield word.strip("`'\" ")
    listed = re.sub(r"^[^:|]*:\s*(?=\S)", "", line)  # "Options: A, B, C" and "A,B,C"
    words = [w.strip() for w in listed.split(",")]
    if len(words) >= 2 and all(_is_status(w) for w in words):
        yield from (w.strip("`'\" ") for w in words)
    for _, value in _JSON_STATUS.findall(line):
        if _is_status(value.strip()):
            yield value.strip()


def _endpoints(lines: list[str]) -> set[Endpoint]:
    found: set[Endpoint] = set()
    for index, line in enumerate(lines):
        paths = _paths(line)
        if not paths:
            continue
        method = _method_near(lines, index)
        found.update(Endpoint(method, path) for path in paths)
    return found


def _paths(line: str) -> list[str]:
    paths = [
        unquote(urlsplit(found.group().rstrip(".,;:)'\"")).path)
        for found in _URL.finditer(line)
        if not _in_running_text(line, found.start())
    ]
    paths += _PATH.findall(_URL.sub(" ", line))
    cleaned = []
    for path in paths:
        path = _GLUED_METHOD.sub("", path.rstrip("/"))
        if _segments(path):
            cleaned.append("/" + "/".join(_braced(part) for part in _segments(path)))
    return cleaned


def _in_running_text(line: str, start: int) -> bool:
    """A URL after words that do not name an endpoint (a source, a link to read) is no endpoint;
    one alone on its line, after a method, a curl or an `Endpoint:`/`URL:` label is."""
    before = line[:start]
    if _METHOD.search(line) or _ENDPOINT_LABEL.search(before):
        return False
    return re.search(r"[A-Za-z]{2,}", before) is not None


def _braced(segment: str) -> str:
    """`:task_id` as the spec writes it, `{task_id}`."""
    colon = _COLON_PARAMETER.match(segment)
    return f"{{{colon.group(1)}}}" if colon else segment


def _method_near(lines: list[str], index: int) -> str | None:
    """The HTTP method of a path on line `index`: one on the line itself, else the nearest line
    within three that is a `Method` line or a method alone."""
    line = lines[index]
    leading = _LEADING_METHOD.match(line)
    if leading:
        return str(leading.group(1)).upper()
    on_line: set[str] = set(_METHOD.findall(line))
    if len(on_line) == 1:
        return on_line.pop()
    for distance in (1, -1, 2, -2, 3, -3):
        near = index + distance
        if 0 <= near < len(lines):
            methods: set[str] = set(_METHOD.findall(lines[near]))
            label = "method" in lines[near].lower() or lines[near].strip() in METHODS
            if len(methods) == 1 and label:
                return methods.pop()
    return None


def _names(line: str) -> Iterator[str]:
    """Field and parameter names: lower-case words or snake_case ones, in the places that name
    fields (header names and capitalised prose are left out)."""
    return (name for name in _name_candidates(line) if _NAME.fullmatch(name))


def _name_candidates(line: str) -> Iterator[str]:
    yield from _JSON_KEY.findall(line)
    for pattern in (_LIST_LABEL, _TYPED_NAME):
        match = pattern.match(line)
        if match:
            yield match.group(1)
    if "|" in line:
        yield line.split("|", 1)[0].strip("`'\" ")


def _status_enums(document: Document) -> Iterator[Any]:
    """Every enum value of a schema marked x-scan-status (directly, or through its $ref)."""
    for _, marked in walk(document.data):
        if isinstance(marked, dict) and "x-scan-status" in marked:
            schema = document.resolved(marked)
            yield from schema.get("enum") or []
            for part in schema.get("anyOf") or schema.get("oneOf") or []:
                yield from document.resolved(part).get("enum") or []


def _spec_names(spec: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for _, node in walk(spec):
        if not isinstance(node, dict):
            continue
        properties = node.get("properties")
        if isinstance(properties, dict):
            names.update(str(name) for name in properties)
        if isinstance(node.get("name"), str) and node.get("in") in PARAMETER_PLACES:
            names.add(node["name"])
    return names


@dataclass(frozen=True)
class Comparison:
    """A page read against the capture its spec was written from."""

    changed: bool
    capture: Path | None  # the capture compared with; None when none has the recorded hash
    diff: list[str]
    findings: list[Finding]
    note: str = ""


def compare(
    page: str, recorded_sha256: str, reading: Reading, captures: Path, specs: list[dict[str, Any]]
) -> Comparison:
    """Has the page changed since the spec was written from it, and what did the change touch?

    The recorded sha256 is that of the capture as saved (a text file); a page is the same when
    its bytes hash so, its normalised text does, or its normalised text is the capture's.
    """
    capture_path = captures / page
    capture_text: str | None = None
    note = ""
    try:
        if not inside_docs(page) or not capture_path.resolve().is_relative_to(captures.resolve()):
            raise OSError(f"{page!r} is not a file inside {captures}")
        body = capture_path.read_bytes()
    except OSError as err:
        note = f"cannot read the capture {capture_path} ({err.strerror or err})"
    else:
        try:
            text, _ = page_text(body)
        except PageError as err:
            note = f"cannot read the capture {capture_path} ({err})"
        else:
            if recorded_sha256 in (hashlib.sha256(body).hexdigest(), text_sha256(text)):
                capture_text = text
            else:
                note = f"{capture_path} is not the capture the spec was written from (its sha256 differs)"
    same = recorded_sha256 in (reading.raw_sha256, reading.text_sha256) or (
        capture_text is not None and capture_text == reading.text
    )
    if same:
        return Comparison(False, capture_path if capture_text is not None else None, [], [])
    facts = page_facts(reading.text)
    before = page_facts(capture_text) if capture_text is not None else None
    findings: list[Finding] = []
    for spec in specs:
        for finding in touched(spec_facts(spec, page), facts, before):
            if finding not in findings:  # a page two specs were written from
                findings.append(finding)
    if capture_text is None:
        return Comparison(
            True, None, [], findings, note + ": no diff, and facts compared with the spec alone"
        )
    diff = unified_diff(capture_text, reading.text, f"capture {capture_path}", reading.source)
    return Comparison(True, capture_path, diff, findings)
