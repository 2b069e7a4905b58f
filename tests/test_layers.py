"""Dependencies point one way (docs/architecture.md): each package imports only from its own
layer or the ones below, no two modules import each other (directly or round a loop), and no
import of Hyoka's own code hides inside a function to dodge a cycle.

The test reads the source with :mod:`ast` (nothing is imported), so it also sees imports under
``if TYPE_CHECKING:`` and inside functions.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "hyoka"

#: package (or top-level module) → layer; a module may import from its own layer or lower ones.
LAYERS: dict[str, int] = {
    "core": 0,
    "ingest": 1,
    "plans": 2,
    "accounts": 2,
    "gate": 2,  # the text gate on the models' fields (core.text's rules); imports only core
    "backup_format": 2,  # Django's JSON serializer for dumps; imports nothing of Hyoka
    "data": 0,  # the bundled list and rubrics (files; a package only to be found)
    "evaluation": 3,
    "workflow": 4,
    "reports": 5,
    "publishing": 6,
    "web": 7,
    "api": 7,
    "django_setup": 8,
    "cli": 8,
    "settings": 9,
    "urls": 9,
    "wsgi": 9,
    "__main__": 9,
    "__init__": 0,  # the package itself: its version
}

#: Where an import inside a function is the point, not a dodge: the command line imports Django
#: and the apps only for the commands that need them (``hyoka check`` and ``explain`` start
#: without Django), and an app's ``ready()`` connects its signals and checks.
LAZY_ALLOWED = ("cli", "django_setup", "__main__")
LAZY_ALLOWED_FILES = ("apps.py",)

#: Cycles being taken apart (none left: the grammar's words live in core.words, its Value in
#: core.valuetype).  Remove an entry when it is gone; a stale entry fails the test.
KNOWN_CYCLES: list[list[str]] = []
KNOWN_HIDDEN: list[str] = []


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module name
    imported: str  # dotted module name (hyoka.*)
    line: int
    lazy: bool  # inside a function

    def __str__(self) -> str:
        return f"{self.importer}:{self.line} imports {self.imported}"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    parts = module.split(".")
    return LAYERS[parts[1] if len(parts) > 1 else "__init__"]


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def source_files() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def imports_of(path: Path) -> Iterator[Import]:
    return imports_in(
        path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py"
    )


def imports_in(source: str, module: str, is_package: bool = False) -> Iterator[Import]:
    """Every import of Hyoka's code in ``source`` (the text of ``module``): at the top, under
    ``if TYPE_CHECKING:`` (they count like any other), inside functions (``lazy``), and
    ``importlib.import_module("hyoka.…")`` / ``__import__("hyoka.…")`` with a literal name."""
    tree = ast.parse(source, module)

    def visit(node: ast.AST, lazy: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if (dynamic := _dynamic_import(child)) is not None:
                yield Import(module, dynamic, child.lineno, lazy)
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.startswith("hyoka"):
                        yield Import(module, alias.name, child.lineno, lazy)
            elif isinstance(child, ast.ImportFrom):
                base = _absolute(child, module, is_package)
                if base.startswith("hyoka"):
                    for alias in child.names:
                        target = f"{base}.{alias.name}"
                        yield Import(
                            module, target if _is_module(target) else base, child.lineno, lazy
                        )
            yield from visit(child, inner)

    yield from visit(tree, False)


def _dynamic_import(node: ast.AST) -> str | None:
    if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
        return None
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    target = node.args[0].value
    if name in ("import_module", "__import__") and str(target).startswith("hyoka"):
        return str(target)
    return None


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _is_module(dotted: str) -> bool:
    path = SRC.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


ALL_IMPORTS = [imp for path in source_files() for imp in imports_of(path)]


def test_every_package_has_a_layer() -> None:
    unknown = {package_of(module_name(p)) for p in source_files()} - set(LAYERS)
    assert not unknown, f"give these a layer in LAYERS and docs/architecture.md: {unknown}"


def test_imports_point_down() -> None:
    upward = [
        f"{imp} (layer {layer_of(imp.importer)} → {layer_of(imp.imported)})"
        for imp in ALL_IMPORTS
        if layer_of(imp.imported) > layer_of(imp.importer)
    ]
    assert not upward, "imports against the layers:\n" + "\n".join(upward)


def test_no_import_hidden_in_a_function() -> None:
    hidden = [
        imp
        for imp in ALL_IMPORTS
        if imp.lazy
        and package_of(imp.importer) not in LAZY_ALLOWED
        and not imp.importer.endswith(tuple(f".{f[:-3]}" for f in LAZY_ALLOWED_FILES))
    ]
    known = {f"{imp.importer} imports {imp.imported}" for imp in hidden} & set(KNOWN_HIDDEN)
    assert known == set(KNOWN_HIDDEN), "KNOWN_HIDDEN is stale"
    rest = [str(imp) for imp in hidden if f"{imp.importer} imports {imp.imported}" not in known]
    assert not rest, "imports inside functions (move them to the top):\n" + "\n".join(rest)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strongconnect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            strongconnect(v)
    return found


def _edges(imports: list[Import]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for imp in imports:
        if imp.imported != imp.importer and not imp.imported.startswith(imp.importer + "."):
            edges.setdefault(imp.importer, set()).add(imp.imported)
    return edges


def test_no_import_cycles() -> None:
    assert _cycles(_edges(ALL_IMPORTS)) == KNOWN_CYCLES


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": {"c"}}, []),
    ],
)
def test_the_cycle_finder_finds_cycles(
    edges: dict[str, set[str]], expected: list[list[str]]
) -> None:
    assert _cycles(edges) == expected


def test_the_walker_sees_imports_inside_functions(tmp_path: Path) -> None:
    assert any(imp.lazy for imp in ALL_IMPORTS if package_of(imp.importer) == "cli")
    source = (
        "def f():\n"
        "    from hyoka.publishing import models\n"
        "    import hyoka.reports.builders\n"
        "    return importlib.import_module('hyoka.web.views')\n"
        "class C:\n"
        "    def g(self):\n"
        "        from ..reports import charts\n"
    )
    found = list(imports_in(source, "hyoka.evaluation.imports"))
    assert [(imp.imported, imp.lazy) for imp in found] == [
        ("hyoka.publishing.models", True),
        ("hyoka.reports.builders", True),
        ("hyoka.web.views", True),
        ("hyoka.reports.charts", True),
    ]


def test_an_import_under_type_checking_counts_against_the_layers() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from hyoka.publishing.models import Edition\n"
    )
    (imp,) = imports_in(source, "hyoka.evaluation.imports")
    assert (imp.imported, imp.lazy) == ("hyoka.publishing.models", False)
    assert layer_of(imp.imported) > layer_of(imp.importer)


def test_a_cycle_inside_one_layer_is_found() -> None:
    """The old pair core.values ⇄ core.values_fast: same layer, so only the cycle check sees it."""
    imports = [
        *imports_in("from .values_fast import parse_fast\n", "hyoka.core.values"),
        *imports_in("from hyoka.core import values\n", "hyoka.core.values_fast"),
    ]
    assert _cycles(_edges(imports)) == [["hyoka.core.values", "hyoka.core.values_fast"]]


def _third_party_imports() -> dict[str, str]:
    """Top-level name of every import of ``src/hyoka`` that is neither stdlib nor Hyoka → where."""
    found: dict[str, str] = {}
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module]
                if isinstance(node, ast.ImportFrom) and not node.level and node.module
                else []
            )
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "hyoka":
                    found.setdefault(top, f"{module_name(path)}:{node.lineno}")
    return found


def _declared_distributions() -> set[str]:
    project = tomllib.loads((SRC.parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    return {
        re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        for requirement in project["project"]["dependencies"]
    }


def test_every_third_party_import_is_a_declared_dependency() -> None:
    """pypdf once came in only because something else happened to install it."""
    distributions = importlib.metadata.packages_distributions()
    declared = _declared_distributions()
    undeclared = [
        f"{top} (at {where}, from {distributions.get(top, ['?'])})"
        for top, where in sorted(_third_party_imports().items())
        if not {d.lower().replace("_", "-") for d in distributions.get(top, [top])} & declared
    ]
    assert not undeclared, "declare these in pyproject.toml's dependencies:\n" + "\n".join(
        undeclared
    )
