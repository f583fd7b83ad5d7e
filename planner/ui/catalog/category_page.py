"""The detail pane's page for a category: how much of it is done and what comes next."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from planner.core.catalog.model import Category
from planner.core.hours import format_hours
from planner.core.journal.state import AppState
from planner.core.progress.summary import first_to_study, summarize_category
from planner.ui.formatting import category_summary
from planner.ui.widgets import text_label


class CategoryPage(QWidget):
    resource_activated = Signal(str)  # the suggested next resource, to select it

    def __init__(self, app: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self.category_id = ""
        layout = QVBoxLayout(self)
        self.title = text_label()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        layout.addWidget(self.bar)

        form = self.form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.counts = text_label()
        form.addRow("Resources", self.counts)
        self.hours = text_label()
        form.addRow("Hours", self.hours)
        self.next = QLabel()
        self.next.setWordWrap(True)
        self.next.setTextFormat(Qt.TextFormat.RichText)
        self.next.linkActivated.connect(
            lambda href: self.resource_activated.emit(href.removeprefix("resource:")))
        form.addRow("Next up", self.next)
        self.about = text_label()
        form.addRow("About", self.about)
        layout.addLayout(form)
        layout.addStretch(1)

    def show_category(self, category: Category) -> None:
        self.category_id = category.id
        progress = self._app.state.progress
        summary = summarize_category(category, progress)
        self.title.setText(category.title)
        self.counts.setText(category_summary(summary))
        done_hours = summary.effort_hours - summary.remaining_hours
        self.hours.setText(f"{format_hours(summary.remaining_hours)} left of "
                           f"{format_hours(summary.effort_hours)}")
        share = done_hours / summary.effort_hours if summary.effort_hours else 0.0
        self.bar.setValue(round(share * 1000))
        self.bar.setFormat(f"{share:.0%} of the hours done")
        nxt = first_to_study(category.resources(), progress)
        if nxt is not None:
            self.next.setText(f"<a href='resource:{html.escape(nxt.id, quote=True)}'>"
                              f"{html.escape(nxt.title)}</a>")
        elif summary.done < summary.total:
            self.next.setText("What is left waits for prerequisites in other categories.")
        else:
            self.next.setText("Everything here is done." if summary.total else "Nothing yet.")
        self.about.setText(category.notes)
        self.form.setRowVisible(self.about, bool(category.notes))
