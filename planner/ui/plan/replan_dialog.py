"""The re-plan preview: what moves and why, and the new warnings, before anything changes."""

from __future__ import annotations

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


def short_week(week: str | None, missing: str) -> str:
    """'2026-W48' → 'W48'; ``missing`` when there is no week."""
    if week is None:
        return missing
    return week.split("-", 1)[1] if "-" in week else week


def describe_move(move: Move, catalog: Catalog) -> str:
    """'“Linear Algebra Notes”: W48 → W50 — reason'."""
    resource = catalog.resources.get(move.resource)
    title = resource.title if resource else move.resource
    before = short_week(move.before, "not planned")
    after = short_week(move.after, "out of the plan")
    return f"“{title}”: {before} → {after} — {move.reason}"


class ReplanDialog(QDialog):
    """OK accepts the previewed plan; Cancel changes nothing. The caller applies it."""

    def __init__(self, plan: Plan, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Re-plan")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)

        self.move_lines = [describe_move(move, catalog) for move in plan.moves]
        heading = (f"{len(self.move_lines)} resource{'s' if len(self.move_lines) != 1 else ''}"
                   " move:" if self.move_lines else "Nothing moves.")
        self.moves_heading = QLabel(heading)
        layout.addWidget(self.moves_heading)
        self.moves_list = QListWidget()
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
        ok.setText("Apply re-plan")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
