"""The re-plan preview: what moves and why, and the new warnings, before anything changes.

Weeks are named with their year ("2026-W51 → 2027-W09": a week label without it reads a move
into next year as a move back), and the dialog opens wide enough for its longest line, up
to most of the screen; what is longer still wraps rather than being cut off."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from planner.core.catalog.model import Catalog
from planner.core.planning.plan import Move, Plan
from planner.ui.widgets import WarningList


def describe_move(move: Move, catalog: Catalog) -> str:
    """'“Linear Algebra Notes”: 2026-W48 → 2026-W50 — reason'."""
    resource = catalog.resources.get(move.resource)
    title = resource.title if resource else move.resource
    before = move.before or "not planned"
    after = move.after or "out of the plan"
    return f"“{title}”: {before} → {after} — {move.reason}"


class ReplanDialog(QDialog):
    """OK accepts the previewed plan; Cancel changes nothing. The caller applies it."""

    def __init__(self, plan: Plan, catalog: Catalog, parent: QWidget | None = None, *,
                 title: str = "Re-plan", action: str = "Apply re-plan") -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)

        self.move_lines = [describe_move(move, catalog) for move in plan.moves]
        heading = (f"{len(self.move_lines)} resource{'s' if len(self.move_lines) != 1 else ''}"
                   " move:" if self.move_lines else "Nothing moves.")
        self.moves_heading = QLabel(heading)
        layout.addWidget(self.moves_heading)
        self.moves_list = QListWidget()
        self.moves_list.setWordWrap(True)
        self.moves_list.addItems(self.move_lines)
        self.moves_list.setVisible(bool(self.move_lines))
        self.moves_list.setAccessibleName("What moves")
        layout.addWidget(self.moves_list)

        self.warning_lines = list(plan.warnings)
        self.warnings = WarningList()
        self.warnings.set_warnings(self.warning_lines)
        layout.addWidget(self.warnings)

        past = QLabel("Past weeks stay as they were; only this week and later change.")
        past.setWordWrap(True)
        layout.addWidget(past)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(action)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._fit_to_content()

    def _fit_to_content(self) -> None:
        """Wide enough for the longest line (at least 480 px, at most 80 % of the screen),
        and as tall as up to 12 moves (wrapped at that width) before the list scrolls."""
        screen = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        lines = self.move_lines + [f"⚠ {w}" for w in self.warning_lines]
        metrics = self.moves_list.fontMetrics()
        margins = 80  # the list's frame and scroll bar, the layout's margins
        widest = max((metrics.horizontalAdvance(line) for line in lines), default=0) + margins
        width = max(480, min(widest, int(screen.width() * 0.8)))
        text_width = width - margins
        row = metrics.lineSpacing()
        heights = [-(-metrics.horizontalAdvance(line) // text_width) * row + 4  # wrapped
                   for line in self.move_lines[:12]]
        if heights:
            view = self.moves_list
            shown = sum(heights) + 2 * view.frameWidth() + 4
            view.setFixedHeight(min(shown, int(screen.height() * 0.5)))
        self.resize(width, self.sizeHint().height())
