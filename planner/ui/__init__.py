"""The Qt layer: item models that adapt core objects, the widgets, undo, link opening."""

from planner.ui.pyside_compat import keep_none_alive

keep_none_alive()
