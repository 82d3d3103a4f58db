"""The layers of src/app, held by a test over the source (``ast``, no import
runs): no Qt below ui/, no ui/ in a core package, no arrow pointing up the
layer map, no import circle. Every import counts: module level, inside a
function, under ``if TYPE_CHECKING:``, relative ones resolved, and
``importlib.import_module("app.…")`` with a literal name.

Adding a package under src/app? List it in LAYERS (or FOUNDATION) below."""

from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

# ---------------------------------------------------------------------------
# THE LAYER MAP: the one place that lists the packages of src/app.
#
# Top to bottom. A module may import its own package and any lower layer.
# Packages that share a layer are siblings: neither may import the other.
# A name covers the module itself and everything under it (app.ui.pages.…).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("app.__main__",),  # python -m app, the installed command
    ("app.cli",),  # the command line: no Qt, no app.ui (see CORE)
    ("app.bootstrap",),  # the composition root: builds everything, starts the window
    ("app.ui",),  # Qt: windows, pages, forms, table models
    ("app.areas",),  # one descriptor per area and the AREAS list
    ("app.reports", "app.exchange"),  # PDF reports; Excel in/out (siblings)
    ("app.services",),  # use cases
    ("app.persistence",),  # engine, unit of work, migrations, backups
    ("app.domain",),  # SQLAlchemy typed models, enums, pure rules
)

# The foundation, below every layer: small pure modules anyone may import.
# They import only each other (and the standard library, third-party packages).
# "app" is the package's own __init__ only (__version__, APP_NAME), not app.*.
FOUNDATION: tuple[str, ...] = ("app", "app.paths", "app.resource_paths", "app.area")

# The core packages: none of them may import app.ui, whatever their layer.
CORE: tuple[str, ...] = (
    "app.domain",
    "app.persistence",
    "app.services",
    "app.reports",
    "app.exchange",
    "app.areas",
    "app.cli",
)

# Qt lives in app.ui only.
QT_PACKAGES: frozenset[str] = frozenset({"PySide6", "shiboken6"})
QT_HOME = "app.ui"
# ---------------------------------------------------------------------------

ROOT_PACKAGE = "app"
SRC = Path(__file__).resolve().parents[2] / "src"


@dataclass(frozen=True)
class Import:
    """One import statement's arrow: ``importer`` (a module of the tree) imports
    ``imported`` (a module of the tree, or an outside name such as
    ``PySide6.QtCore``)."""

    where: str  # "src/app/ui/main_window.py:12"
    importer: str
    imported: str

    def __str__(self) -> str:
        return f"{self.where}  {self.importer} -> {self.imported}"


@dataclass(frozen=True)
class Tree:
    modules: frozenset[str]
    imports: tuple[Import, ...]


def _within(module: str, name: str) -> bool:
    return module == name or module.startswith(name + ".")


def _module_name(src_root: Path, path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(src_root).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def _resolve(name: str, modules: frozenset[str]) -> str:
    """The longest prefix of ``name`` that is a module of the tree (``app.x.f``
    where f is a function is an import of ``app.x``); outside names stay as
    they are."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return name


def _targets(node: ast.AST, module: str, is_package: bool, modules: frozenset[str]) -> list[str]:
    if isinstance(node, ast.Import):
        return [_resolve(alias.name, modules) for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        found = []
        for alias in node.names:
            submodule = f"{source}.{alias.name}"
            found.append(submodule if submodule in modules else _resolve(source, modules))
        return found
    if (
        isinstance(node, ast.Call)
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
        and not node.args[0].value.startswith(".")
    ):
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if called in ("import_module", "__import__"):
            return [_resolve(node.args[0].value, modules)]
    return []


def scan(src_root: Path) -> Tree:
    """Every module under ``src_root/app`` and every import in it."""
    files = sorted((src_root / ROOT_PACKAGE).rglob("*.py"))
    names = {path: _module_name(src_root, path) for path in files}
    modules = frozenset(name for name, _ in names.values())
    imports: list[Import] = []
    for path in files:
        module, is_package = names[path]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        shown = path.relative_to(src_root.parent).as_posix()
        for node in ast.walk(tree):
            for target in dict.fromkeys(_targets(node, module, is_package, modules)):
                if target != module:
                    imports.append(Import(f"{shown}:{node.lineno}", module, target))
    imports.sort(key=lambda i: (i.where.rsplit(":", 1)[0], int(i.where.rsplit(":", 1)[1])))
    return Tree(modules, tuple(imports))


def _place(module: str) -> tuple[int, str] | None:
    """(rank, package) of a module of the tree: rank 0 is the top layer; the
    foundation is one package below the lowest layer. None: not on the map."""
    for rank, layer in enumerate(LAYERS):
        for package in layer:
            if _within(module, package):
                return rank, package
    for name in FOUNDATION:
        if module == name if name == ROOT_PACKAGE else _within(module, name):
            return len(LAYERS), "foundation"
    return None


# --- the rules: each returns the offending lines, empty when the rule holds ---


def unmapped_packages(tree: Tree) -> list[str]:
    """Top-level packages/modules of app/ the layer map does not list."""
    missing = {".".join(m.split(".")[:2]) for m in tree.modules if _place(m) is None}
    return [f"{name}: add it to the layer map (LAYERS or FOUNDATION)" for name in sorted(missing)]


def qt_outside_ui(tree: Tree) -> list[str]:
    return [
        str(i)
        for i in tree.imports
        if i.imported.split(".")[0] in QT_PACKAGES and not _within(i.importer, QT_HOME)
    ]


def ui_in_core(tree: Tree) -> list[str]:
    return [
        str(i)
        for i in tree.imports
        if _within(i.imported, QT_HOME) and any(_within(i.importer, core) for core in CORE)
    ]


def wrong_way(tree: Tree) -> list[str]:
    """Imports of a higher layer (upward) or of a sibling package in the same layer."""
    found = []
    for i in tree.imports:
        if i.imported not in tree.modules:
            continue
        source, target = _place(i.importer), _place(i.imported)
        if source is None or target is None:
            continue  # unmapped_packages reports those
        if target[0] < source[0]:
            found.append(f"{i}  (upward: {target[1]} is above {source[1]})")
        elif target[0] == source[0] and target[1] != source[1]:
            found.append(f"{i}  (sideways: {source[1]} and {target[1]} are siblings)")
    return found


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (recursive: the tree has a few hundred modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _shortest_cycle(graph: dict[str, set[str]], start: str, members: set[str]) -> list[str]:
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    raise AssertionError(f"{start} is in a circle but no path leads back to it")


def circles(tree: Tree) -> list[str]:
    """Import circles between modules of the tree, one chain ``a -> b -> a``
    per circle: the shortest circle through each module that is in one, each
    arrow followed by the lines that draw it."""
    graph: dict[str, set[str]] = {m: set() for m in tree.modules}
    where: dict[tuple[str, str], list[str]] = {}
    for i in tree.imports:
        if i.imported in tree.modules:
            graph[i.importer].add(i.imported)
            where.setdefault((i.importer, i.imported), []).append(i.where)
    found: dict[tuple[str, ...], str] = {}
    for component in _strongly_connected(graph):
        if len(component) < 2:
            continue
        members = set(component)
        for start in component:
            chain = _shortest_cycle(graph, start, members)
            turn = chain.index(min(chain))
            key = tuple(chain[turn:-1] + chain[:turn])
            if key in found:
                continue
            ring = [*key, key[0]]
            arrows = [f"      {a} -> {b}: {', '.join(where[a, b])}" for a, b in pairwise(ring)]
            found[key] = "\n".join([" -> ".join(ring), *arrows])
    return [found[key] for key in sorted(found)]


def _report(rule: str, offending: list[str]) -> str:
    return f"{rule} ({len(offending)}):\n  " + "\n  ".join(offending)


# --- the layers of this checkout ---


@pytest.fixture(scope="module")
def source() -> Tree:
    tree = scan(SRC)
    assert len(tree.modules) > 20, f"found no source under {SRC}"
    return tree


def test_every_package_is_on_the_layer_map(source):
    missing = unmapped_packages(source)
    assert not missing, _report(
        "Packages not on the layer map at the top of tests/unit/test_layers.py", missing
    )


def test_no_qt_import_outside_ui(source):
    offending = qt_outside_ui(source)
    assert not offending, _report("Qt (PySide6, shiboken6) imported outside app/ui/", offending)


def test_no_core_package_imports_ui(source):
    offending = ui_in_core(source)
    assert not offending, _report(
        f"app.ui imported by a core package ({', '.join(CORE)})", offending
    )


def test_no_import_points_up_the_layers(source):
    offending = wrong_way(source)
    assert not offending, _report("Imports against the layer map", offending)


def test_no_import_circles(source):
    found = circles(source)
    assert not found, _report("Import circles", found)


# --- the checker checks itself on a tiny synthetic tree ---


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_checker_catches_each_kind_of_broken_layer(tmp_path):
    src = tmp_path / "src"
    _write(
        src,
        {
            "app/__init__.py": "APP_NAME = 'x'\n",
            "app/paths.py": "from app import APP_NAME\n",
            "app/bootstrap.py": (
                "from app.services import people\n"
                "def run_gui():\n"
                "    from app.ui.main_window import MainWindow\n"
            ),
            "app/ui/__init__.py": "",
            "app/ui/main_window.py": "from PySide6.QtWidgets import QMainWindow\nimport app.paths\n",
            "app/domain/__init__.py": "",
            "app/domain/models.py": (
                "import PySide6.QtCore\n"  # Qt below ui/
                "from app.paths import APP_NAME\n"
                "def f():\n"
                "    from ..services.people import g\n"  # upward, relative, in a function
            ),
            "app/services/__init__.py": "",
            "app/services/people.py": (
                "from typing import TYPE_CHECKING\n"
                "from . import pairing\n"  # circle: people -> pairing -> people
                "from app.domain import models\n"
                "if TYPE_CHECKING:\n"
                "    from app.ui.main_window import MainWindow\n"  # ui in core, upward
            ),
            "app/services/pairing.py": "def h():\n    import app.services.people\n",
            "app/reports/__init__.py": "",
            "app/reports/ledger.py": "import importlib\nimportlib.import_module('app.exchange.sheets')\n",
            "app/exchange/__init__.py": "",
            "app/exchange/sheets.py": "import shiboken6\n",  # Qt below ui/
            "app/gadgets/__init__.py": "",  # not on the map
        },
    )
    tree = scan(src)

    assert unmapped_packages(tree) == [
        "app.gadgets: add it to the layer map (LAYERS or FOUNDATION)"
    ]
    assert qt_outside_ui(tree) == [
        "src/app/domain/models.py:1  app.domain.models -> PySide6.QtCore",
        "src/app/exchange/sheets.py:1  app.exchange.sheets -> shiboken6",
    ]
    assert ui_in_core(tree) == [
        "src/app/services/people.py:5  app.services.people -> app.ui.main_window"
    ]
    assert wrong_way(tree) == [
        "src/app/domain/models.py:4  app.domain.models -> app.services.people"
        "  (upward: app.services is above app.domain)",
        "src/app/reports/ledger.py:2  app.reports.ledger -> app.exchange.sheets"
        "  (sideways: app.reports and app.exchange are siblings)",
        "src/app/services/people.py:5  app.services.people -> app.ui.main_window"
        "  (upward: app.ui is above app.services)",
    ]
    assert circles(tree) == [
        "app.domain.models -> app.services.people -> app.domain.models\n"
        "      app.domain.models -> app.services.people: src/app/domain/models.py:4\n"
        "      app.services.people -> app.domain.models: src/app/services/people.py:3",
        "app.services.pairing -> app.services.people -> app.services.pairing\n"
        "      app.services.pairing -> app.services.people: src/app/services/pairing.py:2\n"
        "      app.services.people -> app.services.pairing: src/app/services/people.py:2",
    ]


def test_the_checker_passes_a_tree_that_keeps_the_layers(tmp_path):
    src = tmp_path / "src"
    _write(
        src,
        {
            "app/__init__.py": "",
            "app/__main__.py": "from app.cli import run\n",
            "app/cli.py": "from app.bootstrap import open_services\nfrom app.reports import ledger\n",
            "app/bootstrap.py": "from app.ui import main_window\nfrom app.services import people\n",
            "app/ui/__init__.py": "",
            "app/ui/main_window.py": "from PySide6 import QtWidgets\nfrom ..areas import AREAS\n",
            "app/areas/__init__.py": "from app.area import Area\nfrom app.exchange import sheets\n",
            "app/area.py": "from app import paths\n",
            "app/paths.py": "import platformdirs\n",
            "app/reports/__init__.py": "",
            "app/reports/ledger.py": "from app.services.people import count\n",
            "app/exchange/__init__.py": "",
            "app/exchange/sheets.py": "from . import __name__ as _n\nfrom app.persistence import engine\n",
            "app/services/__init__.py": "",
            "app/services/people.py": "from app.domain.models import Person\n",
            "app/persistence/__init__.py": "",
            "app/persistence/engine.py": "from app.domain import models\nimport sqlalchemy\n",
            "app/domain/__init__.py": "",
            "app/domain/models.py": "from app.resource_paths import x\n",
            "app/resource_paths.py": "",
        },
    )
    tree = scan(src)
    assert len(tree.imports) == 18
    assert unmapped_packages(tree) == []
    assert qt_outside_ui(tree) == []
    assert ui_in_core(tree) == []
    assert wrong_way(tree) == []
    assert circles(tree) == []
