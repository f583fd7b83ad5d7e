"""The guard against PySide6 6.12.0 losing references to None on Python < 3.12."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import planner.ui  # noqa: F401  (importing the Qt layer applies the guard)
from planner.ui import pyside_compat


def test_many_void_calls_do_not_bring_none_down() -> None:
    from PySide6.QtCore import QObject

    probe = QObject()
    for _ in range(50_000):
        probe.setObjectName("x")
    assert sys.getrefcount(None) > 1000


def test_applied_only_where_needed() -> None:
    if sys.version_info >= (3, 12):
        assert not pyside_compat._applied
    else:
        assert pyside_compat._applied == pyside_compat.leaks_none()
    assert not pyside_compat.keep_none_alive()  # once is enough


def test_a_fresh_process_survives_what_used_to_abort_it() -> None:
    code = textwrap.dedent("""
        import planner.ui
        from PySide6.QtCore import QObject
        probe = QObject()
        for _ in range(100_000):
            probe.setObjectName("x")
        print("alive")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "alive"
