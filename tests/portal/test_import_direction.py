"""Imports flow one way between the portal's apps and layers.

Every module of ``portal``, ``content`` and ``quizzes`` imports; the import graph between the top-level apps
(``content``, ``quizzes`` and each of ``portal``'s layers) has no cycle; ``portal.core``, ``portal.search`` and
``portal.textutils`` import no app above them; and no function imports another app's module to dodge a cycle
(``AppConfig.ready()`` excepted: it is where Django asks apps to register with each other).
"""

from __future__ import annotations

import ast
import importlib
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("portal", "content", "quizzes")
PORTAL_LAYERS = ("core", "search", "people", "accounts", "notifications", "ops", "textutils", "settings")
# Which apps each leaf layer may import (nothing above it).
LEAVES = {
    "portal.textutils": set(),
    "portal.core": {"portal.textutils"},
    "portal.search": {"portal.core", "portal.textutils"},
    "portal.notifications": {"portal.core", "portal.textutils"},
}


def app_of(module: str) -> str | None:
    """The top-level app or layer a dotted module name belongs to (None outside the project)."""
    parts = module.split(".")
    if parts[0] == "portal":
        return f"portal.{parts[1]}" if len(parts) > 1 and parts[1] in PORTAL_LAYERS else "portal.project"
    return parts[0] if parts[0] in ("content", "quizzes") else None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


class _Imports(ast.NodeVisitor):
    """Each import of a module: (target module, line, enclosing function name or None)."""

    def __init__(self, module: str, is_package: bool):
        self.package = module.split(".") if is_package else module.split(".")[:-1]
        self.found: list[tuple[str, int, str | None]] = []
        self.function: list[str] = []
        self.type_checking = 0

    def visit_FunctionDef(self, node):
        self.function.append(node.name)
        self.generic_visit(node)
        self.function.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node):
        if isinstance(node.test, ast.Name | ast.Attribute) and "TYPE_CHECKING" in ast.unparse(node.test):
            return  # typing only, never executed
        self.generic_visit(node)

    def _add(self, target: str, node):
        self.found.append((target, node.lineno, self.function[-1] if self.function else None))

    def visit_Import(self, node):
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node):
        if node.level:
            base = self.package[: len(self.package) - (node.level - 1)]
            self._add(".".join(base + ([node.module] if node.module else [])), node)
        else:
            self._add(node.module, node)


def imports_in(text: str, module: str, is_package: bool = False) -> list[tuple[str, int, str | None]]:
    visitor = _Imports(module, is_package)
    visitor.visit(ast.parse(text))
    return visitor.found


def imports_of(path: Path) -> list[tuple[str, int, str | None]]:
    return imports_in(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py")


def cross_app_imports():
    """(source module, source app, target module, target app, line, function) for every import across apps."""
    for path in project_modules():
        if "migrations" in path.parts:
            continue
        source = module_name(path)
        for target, line, function in imports_of(path):
            if app_of(source) and app_of(target) and app_of(source) != app_of(target):
                yield source, app_of(source), target, app_of(target), line, function


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one app (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
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
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize(
    "path", [p for p in project_modules() if "settings" not in p.relative_to(ROOT).parts[:2]],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_every_module_imports(path):
    importlib.import_module(module_name(path))


def test_the_apps_import_each_other_without_a_cycle():
    edges: dict[str, set[str]] = defaultdict(set)
    for _source, source_app, _target, target_app, _line, _function in cross_app_imports():
        edges[source_app].add(target_app)
    assert cycles(edges) == []


def test_the_leaf_layers_import_no_app_above_them():
    upward = [
        f"{source}:{line} imports {target}"
        for source, source_app, target, target_app, line, _function in cross_app_imports()
        if source_app in LEAVES and target_app not in LEAVES[source_app]
    ]
    assert upward == []


def test_no_function_imports_another_apps_module():
    inside = [
        f"{source}:{line} ({function}) imports {target}"
        for source, _source_app, target, _target_app, line, function in cross_app_imports()
        if function is not None and not (source.endswith(".apps") and function == "ready")
    ]
    assert inside == []


def test_the_cycle_finder_reports_a_cycle():
    assert cycles({"content": {"quizzes"}, "quizzes": {"portal.core"}, "portal.core": {"content"}}) == [
        ["content", "portal.core", "quizzes"]
    ]


def test_a_function_level_import_is_seen():
    text = "from . import models\n\ndef f():\n    from ..models import Question\n"
    assert imports_in(text, "quizzes.exams.views") == [("quizzes.exams", 1, None), ("quizzes.models", 4, "f")]
