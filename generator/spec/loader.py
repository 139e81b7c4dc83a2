"""Reads a spec with ruamel.yaml, keeping every node's line and column for error messages.

A spec holds at most MAX_VALUES values once its YAML aliases are expanded: more is a located
SpecError at the alias that crosses the bound, before anything reads the expanded data.
"""

from __future__ import annotations

import codecs
import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.reader import ReaderError

from generator.spec.document import Document
from generator.spec.problems import Problem, SpecError

JsonPath = Sequence[str | int]


@dataclass(frozen=True, eq=False)
class LoadedSpec:
    path: Path
    display: str  # the path as shown in messages (relative to the repository when possible)
    sha256: str
    tree: Any  # ruamel's round-trip nodes: they know their positions
    data: dict[str, Any]  # the same content as plain JSON-compatible values

    @cached_property
    def document(self) -> Document:
        return Document(self.data)

    def problem(self, where: JsonPath, message: str) -> Problem:
        line, column = locate(self.tree, where)
        return Problem(self.display, line, column, message)


def load_spec(path: Path, display: str | None = None, *, inside: Path | None = None) -> LoadedSpec:
    """Read one spec; `inside` (the repository) refuses a spec that lives, or links, outside it."""
    shown = display or str(path)
    if inside is not None:
        _check_inside(path, inside, shown)
    raw = path.read_bytes()
    text = _decode(raw, shown)
    try:
        tree = YAML(typ="rt", pure=True).load(text)
    except ReaderError as err:  # a character YAML does not allow (a control character...)
        line, column = _position(text, err.position)
        raise SpecError(
            [
                Problem(
                    shown,
                    line,
                    column,
                    f"YAML cannot hold the character U+{_code(err.character):04X}",
                )
            ]
        ) from None
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = err.problem or err.context or "invalid YAML"
        raise SpecError([Problem(shown, line, column, f"YAML syntax error: {reason}")]) from None
    if not isinstance(tree, CommentedMap):
        raise SpecError([Problem(shown, 1, 1, "a spec must be a YAML mapping at the top level")])
    problems: list[Problem] = []
    data = _to_json(tree, [], tree, shown, problems, _Expansion())
    if problems:
        raise SpecError(problems)
    return LoadedSpec(path, shown, hashlib.sha256(raw).hexdigest(), tree, data)


# Byte-order marks of the encodings YAML could otherwise guess: a spec is UTF-8, and only UTF-8.
BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


def _decode(raw: bytes, shown: str) -> str:
    """The spec's text: UTF-8 (a UTF-8 byte-order mark is dropped), or a located SpecError."""
    for bom, name in BOMS.items():  # UTF-32-LE's mark starts with UTF-16-LE's: check it first
        if raw.startswith(bom):
            message = (
                f"the file is {name} (it starts with a {name} byte-order mark); save it as UTF-8"
            )
            raise SpecError([Problem(shown, 1, 1, message)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        good = raw[: err.start].decode("utf-8-sig")
        line, column = _position(good, len(good))
        byte = raw[err.start : err.start + 1].hex()
        message = f"not UTF-8: byte 0x{byte} cannot start or continue a character here"
        raise SpecError([Problem(shown, line, column, message)]) from None
    if "\0" in text:  # valid UTF-8, but no text file holds NULs: UTF-16 or UTF-32 without a mark
        line, column = _position(text, text.index("\0"))
        message = "a NUL byte: the file looks UTF-16 or UTF-32; save it as UTF-8"
        raise SpecError([Problem(shown, line, column, message)])
    return text


def _code(character: object) -> int:
    return character if isinstance(character, int) else ord(str(character)[:1] or "\0")


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in `text`."""
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def _check_inside(path: Path, root: Path, shown: str) -> None:
    """A spec is the repository's own file: a link to anything outside it would ship that text."""
    real, home = path.resolve(), root.resolve()
    if not real.is_relative_to(home):
        how = "is a symbolic link to" if path.is_symlink() or real != path.absolute() else "is"
        message = (
            f"the spec {how} {real}, outside the repository ({home}); "
            "copy the spec into specs/ instead of linking to it"
        )
        raise SpecError([Problem(shown, 1, 1, message)])


def locate(tree: Any, where: JsonPath) -> tuple[int, int]:
    """1-based line and column of the deepest node along `where` that exists."""
    line, column = 1, 1
    node = tree
    for part in where:
        if isinstance(node, CommentedMap) and part in node:
            line, column = node.lc.key(part)
            line, column = line + 1, column + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, column = node.lc.item(part)
            line, column = line + 1, column + 1
            node = node[part]
        else:
            break
    return line, column


# The most values a spec may hold once its YAML aliases are expanded. Ours hold a few hundred;
# nine levels of ten aliases (a "billion laughs") would expand to 10^9 and take the machine's
# memory, so loading stops here, at the first alias that crosses the bound.
MAX_VALUES = 100_000


@dataclass
class _Expansion:
    """How many values the JSON copy holds so far, and the anchored nodes seen once already."""

    values: int = 0
    anchored: set[int] = field(default_factory=set)


def _count(node: Any, where: list[str | int], tree: Any, shown: str, seen: _Expansion) -> None:
    seen.values += 1
    if seen.values > MAX_VALUES:
        line, column = locate(tree, _outermost_alias(tree, where, seen) or where)
        message = (
            f"the spec holds more than {MAX_VALUES:,} values once its YAML aliases are expanded "
            "(the aliases here cross the bound); write the repeated part out, or $ref it"
        )
        raise SpecError([Problem(shown, line, column, message)])


def _outermost_alias(tree: Any, where: list[str | int], seen: _Expansion) -> list[str | int]:
    """The path up to the first node along `where` that is an alias (a repeat of an anchor)."""
    node = tree
    for depth, part in enumerate(where):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return []
        if getattr(getattr(node, "anchor", None), "value", None) and id(node) in seen.anchored:
            return where[: depth + 1]
    return []


def _to_json(
    node: Any, where: list[str | int], tree: Any, shown: str, out: list[Problem], seen: _Expansion
) -> Any:
    _count(node, where, tree, shown, seen)
    if isinstance(node, dict | list) and getattr(getattr(node, "anchor", None), "value", None):
        seen.anchored.add(id(node))
    if isinstance(node, dict):
        for key in node:
            _check_text(str(key), [*where, key], tree, shown, out)
        return {
            str(key): _to_json(value, [*where, key], tree, shown, out, seen)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_to_json(item, [*where, i], tree, shown, out, seen) for i, item in enumerate(node)]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        _check_text(node, where, tree, shown, out)
        return str(node)
    if isinstance(node, datetime.date):
        line, column = locate(tree, where)
        out.append(
            Problem(shown, line, column, "YAML read this as a date; quote it to keep a string")
        )
        return str(node)
    line, column = locate(tree, where)
    out.append(Problem(shown, line, column, f"{type(node).__name__} is not a JSON value"))
    return None


def _check_text(
    text: str, where: list[str | int], tree: Any, shown: str, out: list[Problem]
) -> None:
    # YAML turns a JSON-style escaped surrogate pair ("\\ud83d\\ude00") into two lone surrogates,
    # which are not text: nothing could write them into a generated file.
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        line, column = locate(tree, where)
        out.append(
            Problem(shown, line, column, "a lone surrogate is not text; write the character itself")
        )
