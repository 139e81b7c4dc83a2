"""`nox -l` is a newcomer's list of tasks: each session says what it does in one whole line."""

from __future__ import annotations

import ast

import pytest

from tests.support.workspace import ROOT

NOXFILE = ROOT / "noxfile.py"
WIDTH = 110  # what nox -l prints on one line of a 120-column terminal, the "- name -> " included


def sessions() -> dict[str, str]:
    """Each session function's name and docstring, read from the noxfile."""
    found = {}
    for node in ast.parse(NOXFILE.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and any(
            "session" in ast.unparse(decorator) for decorator in node.decorator_list
        ):
            found[node.name] = ast.get_docstring(node) or ""
    return found


def test_the_noxfile_has_sessions() -> None:
    assert {"generate", "tests", "docs"} <= set(sessions())


@pytest.mark.parametrize("name", sorted(sessions()))
def test_each_session_is_described_in_one_whole_line(name: str) -> None:
    description = sessions()[name]
    first, _, _ = description.partition("\n\n")
    assert first, f"nox session {name} has no description"
    # nox -l shows the first line alone: a sentence cut at its end would read as a fragment.
    assert "\n" not in first, f"nox session {name}: its first sentence runs onto a second line"
    assert first.endswith((".", ")")), f"nox session {name}: {first!r} is not a whole sentence"
    assert len(first) <= WIDTH - len(name) - 6, f"nox session {name}: {first!r} is too long"
    # A reader does not know our issue numbers.
    assert "issue" not in first.lower(), f"nox session {name}: {first!r} names an issue"
