"""The one Qt bridge from the core's change notifications to the views.

``bridge_for(app)`` is a QObject that re-emits every change, undo and redo of ``app`` as
``changed(update)``; a view connects the signal and looks at ``update.flags`` for the parts
it shows (``Changed.PROGRESS``, ``Changed.CATALOG``, …). Qt disconnects a view that is
destroyed, so no view has to detach itself or check that it is still alive.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from PySide6.QtCore import QObject, Signal

from planner.core.journal.state import AppState, Update


class Bridge(QObject):
    changed = Signal(object)  # an Update

    def __init__(self, app: AppState) -> None:
        super().__init__()
        app.subscribe(self.changed.emit)


_BRIDGES: WeakKeyDictionary[AppState, Bridge] = WeakKeyDictionary()


def bridge_for(app: AppState) -> Bridge:
    """The bridge of ``app`` (one per state, made when first asked for)."""
    bridge = _BRIDGES.get(app)
    if bridge is None:
        bridge = _BRIDGES[app] = Bridge(app)
    return bridge


__all__ = ["Bridge", "Update", "bridge_for"]
