"""The core imports no Qt and does no I/O (docs/architecture.md §2); layers import one way."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PLANNER = Path(__file__).parents[1] / "planner"
IO_MODULES = {"os", "io", "pathlib", "shutil", "subprocess", "socket", "tempfile", "yaml",
              "sqlite3", "urllib.request", "http", "webbrowser", "filelock", "appdirs"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_imports_only_the_standard_library_and_itself():
    for path in sorted((PLANNER / "core").rglob("*.py")):
        for name in imports_of(path):
            top = name.split(".")[0]
            assert not top.startswith(("PySide", "PyQt", "shiboken")), f"{path}: imports {name}"
            assert name.startswith("planner.core") or top in sys.stdlib_module_names, (
                f"{path}: imports {name}, which is not the standard library")
            assert name not in IO_MODULES and top not in IO_MODULES, f"{path}: does I/O via {name}"


def test_core_calls_no_open_or_print():
    for path in sorted((PLANNER / "core").rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"open", "print", "input"}, f"{path}: {node.func.id}()"


def test_store_does_not_import_the_ui():
    for path in sorted((PLANNER / "store").rglob("*.py")):
        for name in imports_of(path):
            assert not name.startswith(("planner.ui", "PySide6")), f"{path}: imports {name}"
