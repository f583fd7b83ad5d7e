"""The layers and what may import what (docs/architecture.md §2).

Most of it is said once, as import-linter contracts in pyproject.toml ([tool.importlinter]):
the layers, the entry points' one-way imports, no Qt below the UI, no I/O library in the
core, nothing of the layers in the modules they share, no import cycles. CI runs them with
`lint-imports`; the first test here runs the same contracts so that a plain `pytest`
catches a breach too, and the second shows that they do catch one, on a copy of the package
with a bad import for each.

What import-linter cannot say stays here as AST checks: the core imports *only* the standard
library (an allow-list; import-linter forbids named modules), not `urllib.request` (a
submodule of a library, which it cannot name), and calls no `open`, `print` or `input`.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
PLANNER = ROOT / "planner"
CONTRACTS = ROOT / "pyproject.toml"
NOT_IN_CORE = {"urllib.request"}  # what the contracts cannot name (see above)


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """import-linter's command line (`lint-imports`) in ``cwd``: the contracts of the
    pyproject.toml there, on the `planner` found there first."""
    return subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()",
         "--no-cache"],
        cwd=cwd, capture_output=True, text=True, timeout=300,
        env={**without_pythonpath(), "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1"})


def without_pythonpath() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def test_the_import_contracts_are_kept() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 6 kept, 0 broken." in done.stdout, done.stdout


# Each bad import, the module it goes in, and the contract that must name it.
VIOLATIONS = {
    "core/weeks.py": ("from PySide6.QtCore import QDate", "No Qt in the core or the store"),
    "core/hours.py": ("import os", "The core does no I/O"),
    "store/writable.py": ("from planner.ui import formatting", "Layers: entry > ui > store > core"),
    "entry/wiring.py": ("from planner.entry.cli import common", "Entry points import one way"),
    "ui/icons.py": ("from planner.ui import widgets", "No import cycles"),
    "ui/widgets.py": ("from planner.ui import icons", "No import cycles"),
    "__init__.py": ("from planner.ui import icons", "planner and planner.paths, shared"),
}


def test_a_bad_import_breaks_its_contract(tmp_path: Path) -> None:
    copy = tmp_path / "planner"
    shutil.copytree(PLANNER, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(CONTRACTS, tmp_path)
    for module, (line, _) in VIOLATIONS.items():
        path = copy / module
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    done = lint_imports(tmp_path)  # the copy, first on the path (lint-imports adds its cwd)
    assert done.returncode == 1, done.stdout + done.stderr
    report = done.stdout
    assert "Contracts: 0 kept, 6 broken." in report, report
    for module, (_, contract) in VIOLATIONS.items():
        assert f"{contract}" in report.split("Broken contracts")[1], (module, report)
    assert "planner.core.weeks -> PySide6" in report
    assert "planner.core.hours -> os" in report
    assert "planner.store.writable -> planner.ui.formatting" in report
    assert "planner.entry.wiring -> planner.entry.cli.common" in report
    assert "No cycles are allowed in planner.ui." in report
    assert "planner -> planner.ui.icons" in report


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


# The one library the core may use: fsrs, pure computation (pyproject.toml says why).
LIBRARIES_IN_CORE = frozenset({"fsrs"})


def test_core_imports_only_the_standard_library_and_itself() -> None:
    for path in sorted((PLANNER / "core").rglob("*.py")):
        for name in imports_of(path):
            top = name.split(".")[0]
            assert (name.startswith("planner.core") or top in sys.stdlib_module_names
                    or top in LIBRARIES_IN_CORE), (
                f"{path}: imports {name}, which is not the standard library")
            assert name not in NOT_IN_CORE, f"{path}: does I/O via {name}"


def test_core_calls_no_open_or_print() -> None:
    for path in sorted((PLANNER / "core").rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"open", "print", "input"}, f"{path}: {node.func.id}()"
