"""scan_status has no import circle, and a function-local import says why it is deferred.

Pure logic over the source (ast): every import of one scan_status module by another, at module
level or inside a function, is an edge; a circle among them fails, named module by module.
Imports under `if TYPE_CHECKING:` never run (they name a type from a module above, as a vendor
room names the adapter class it provides) and are left out.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from pathlib import Path

import scan_status

PACKAGE = Path(scan_status.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import that runs, and whether it runs inside a function."""

    def walk(node: ast.AST, local: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child.test):
                for other in child.orelse:
                    yield from walk(other, local)
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, local
            inner = local or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            yield from walk(child, inner)

    yield from walk(tree, False)


def _owner(name: str) -> str | None:
    """The scan_status module `name` (a module or a name inside one) is found in."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
            anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*anchor, *([node.module] if node.module else [])])
        names = [f"{base}.{alias.name}" for alias in node.names] or [base]
    owners = {_owner(name) for name in names}
    return {owner for owner in owners if owner and owner != module}


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for module, path in MODULES.items():
        for node, _ in _imports(ast.parse(path.read_text(), str(path))):
            graph[module] |= _targets(module, node)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each circle found, as the modules walked around it (the first repeated at the end)."""
    found: list[list[str]] = []
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            found.append([*path[path.index(module) :], module])
            return
        if module in done:
            return
        for target in sorted(graph[module]):
            visit(target, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    return found


def test_scan_status_has_no_import_circle() -> None:
    found = circles(import_graph())
    assert not found, "import circles in scan_status:\n" + "\n".join(
        " -> ".join(circle) for circle in found
    )


def test_the_walk_finds_a_circle_and_names_it() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c", "a"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_function_local_and_relative_imports() -> None:
    graph = import_graph()
    # adapters.create is what the registry's callers use; the registry itself imports no adapter.
    assert "scan_status.transport" in graph["scan_status.adapters"]
    assert "scan_status.adapters" not in graph["scan_status.vendors"]
    assert "scan_status.transport.deadlines" in graph["scan_status.transport.timeboxed"]
    assert "scan_status.commands" in graph["scan_status.cli"]  # inside main()


def _comment_lines(source: str) -> set[int]:
    return {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }


def test_every_function_local_import_says_why_it_waits() -> None:
    unexplained = []
    for path in MODULES.values():
        source = path.read_text()
        comments = _comment_lines(source)
        for node, local in _imports(ast.parse(source, str(path))):
            lines = set(range(node.lineno - 1, (node.end_lineno or node.lineno) + 1))
            if local and not lines & comments and not _follows_explained(node, source, comments):
                unexplained.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert not unexplained, "function-local imports with no comment saying why: " + ", ".join(
        unexplained
    )


def _follows_explained(node: ast.stmt, source: str, comments: set[int]) -> bool:
    """True when the import sits in a run of imports whose first one carries the comment."""
    lines = source.splitlines()
    line = node.lineno - 1
    while line >= 1 and (
        not lines[line - 1].strip() or lines[line - 1].strip().startswith(("import ", "from "))
    ):
        if {line, line - 1} & comments:
            return True
        line -= 1
    return False
