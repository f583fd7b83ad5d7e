"""A guard against a reference-counting bug in PySide6 6.12.0 on Python before 3.12.

There, every PySide method that returns nothing (``update()``, ``setText()``,
``processEvents()``, a signal's ``emit()``…) hands Python ``None`` without taking a
reference to it, and Python later gives that reference back. ``None``'s count drops by one
per call; a window makes tens of such calls per click, and after a few thousand clicks
the interpreter aborts with "Fatal Python error: none_dealloc: deallocating None".
Python 3.12 made ``None`` immortal, which hides the bug there.

``keep_none_alive`` checks whether the running PySide6 has the bug and, if so, gives
``None`` a headroom of about a billion references, as 3.12 does. It is applied when
``planner.ui`` is imported, so every use of the window (the app, tests, benchmarks) is
covered; with a fixed PySide6 or a newer Python it does nothing.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 30  # fits a 32-bit Py_ssize_t too
_PROBES = 16
_applied = False


def leaks_none() -> bool:
    """True when a void PySide6 call loses a reference to ``None`` (measured, not guessed)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
    return sys.getrefcount(None) - before <= -_PROBES


def keep_none_alive() -> bool:
    """Apply the headroom once if this PySide6 needs it; True when it was applied."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not leaks_none():
        return False
    if hasattr(sys, "getobjects"):  # a trace-refs build: the count is not the first field
        for _ in range(1 << 20):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
    else:
        ctypes.c_ssize_t.from_address(id(None)).value += HEADROOM
    _applied = True
    return True
