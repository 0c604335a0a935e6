"""The production install (requirements.txt) holds run-time packages only, and the code it runs imports none
of the development tools that requirements-dev.txt adds."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_PACKAGES = ("portal", "content", "quizzes")
# import names of the packages requirements-dev.txt installs
DEV_IMPORTS = {"pytest", "pytest_django", "xdist", "factory", "faker", "playwright", "ruff", "locust", "pypdf",
               "numpy", "gevent"}


def _pins(name: str) -> set[str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return {line.split("==")[0].lower() for line in lines if "==" in line and not line.startswith("#")}


def test_production_requirements_pin_no_development_tool():
    assert _pins("requirements.txt") & {"pytest", "pytest-django", "pytest-xdist", "factory_boy", "faker",
                                        "playwright", "ruff", "locust", "pypdf", "numpy"} == set()


def test_development_requirements_pin_the_test_tools():
    assert {"pytest", "pytest-django", "pytest-xdist", "factory_boy", "playwright", "ruff", "locust", "pypdf",
            "numpy"} <= _pins("requirements-dev.txt")


def test_no_application_module_imports_a_development_tool():
    offenders = []
    for package in APP_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in DEV_IMPORTS]
    assert offenders == []
