"""PySide6 6.12.0 on Python < 3.12 drops a reference to None on every void call, and the
process aborts after a few hundred clicks ("deallocating None"). pyproject keeps us below
6.12; this fails if a PySide6 with that bug is installed anyway."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_void_calls_keep_none_alive():
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(200):
        probe.setObjectName("probe")
    assert sys.getrefcount(None) - before > -100, "this PySide6 leaks references to None"
