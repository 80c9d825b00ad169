"""Rules of the package's layout, read from the source: data flows one way between its parts.

The parts are tm_tool's subpackages and top-level modules; an import from one part of another
(at any place in a module, lazy and type-checking imports included) is an edge.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

import tm_tool

PACKAGE = Path(tm_tool.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """The tm_tool names a module imports (modules, packages, or names in them)."""
    found = set()
    here = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here[: len(here) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            found |= {f"{base}.{alias.name}" for alias in node.names} | {base}
    return {name for name in found if name.split(".")[0] == "tm_tool"}


def _part(name: str) -> str | None:
    """The part of tm_tool a module belongs to (None: the package itself, or a name that is
    not a module, such as ``tm_tool.__version__``)."""
    parts = name.split(".")
    if len(parts) < 2:
        return None
    top = PACKAGE / parts[1]
    return parts[1] if top.is_dir() or top.with_suffix(".py").is_file() else None


def part_graph() -> dict[str, set[str]]:
    """Each part of tm_tool → the other parts it imports."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        source = _part(module)
        if source is None:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = {_part(name) for name in _imported(tree, module, path.name == "__init__.py")}
        graph.setdefault(source, set()).update(t for t in targets if t and t != source)
    return graph


def test_the_graph_sees_imports_of_every_kind() -> None:
    graph = part_graph()
    assert {"store", "lookup", "index", "text", "cli"} <= set(graph)
    assert "index" in graph["store"] and "index" in graph["lookup"]  # (relative imports)
    assert "store" in graph["lookup"]  # (a type-checking import)


def test_the_parts_of_the_package_import_each_other_without_a_cycle() -> None:
    try:
        order = list(TopologicalSorter(part_graph()).static_order())
    except CycleError as error:
        pytest.fail(f"import cycle between the parts of tm_tool: {error.args[1]}")
    assert order.index("index") < order.index("store") < order.index("cli")


def test_the_index_imports_neither_the_store_nor_lookup() -> None:
    assert part_graph()["index"] <= {"text", "model", "errors", "lazy"}  # (lazy: numpy on use)
