"""The detail pane's page for a category: how much of it is done and what comes next."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.core.catalog.model import MAX_SHARE, Category
from planner.core.hours import format_hours
from planner.core.journal.state import AppState
from planner.core.operations.catalog import SetShares
from planner.core.planning.tracks import OTHER, tracks_of
from planner.core.progress.summary import first_to_study, hours_left_text, summarize_category
from planner.ui.formatting import category_summary
from planner.ui.undo import UndoHistory
from planner.ui.widgets import mute, text_label


class CategoryPage(QWidget):
    resource_activated = Signal(str)  # the suggested next resource, to select it

    def __init__(self, app: AppState, history: UndoHistory,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._history = history
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
        share_row = QHBoxLayout()
        self.share = QSpinBox()
        self.share.setRange(0, MAX_SHARE)
        self.share.setSuffix(" %")
        self.share.setSpecialValueText("None")  # 0: no track of its own
        self.share.setAccessibleName("Share of the week")
        self.share.setToolTip(
            "The part of the weekly hours this category takes as a track of its own, so that "
            "its resources move on beside the other tracks. What a track cannot use in a "
            "week goes to the others.")
        self.share.editingFinished.connect(self._on_share_edited)
        share_row.addWidget(self.share)
        self.share_hint = text_label()
        mute(self.share_hint)
        share_row.addWidget(self.share_hint, 1)
        form.addRow("Share of the week", share_row)
        self.about = text_label()
        form.addRow("About", self.about)
        layout.addLayout(form)
        layout.addStretch(1)

    def show_category(self, category: Category) -> None:
        self.category_id = category.id
        progress = self._app.state.progress
        summary = summarize_category(category, progress, self._app.catalog.someday)
        self.title.setText(category.title)
        self.counts.setText(category_summary(summary))
        done_hours = summary.done_hours
        # its Someday hours said apart, not added in
        self.hours.setText(hours_left_text(summary, of_whole=True))
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
        self._show_share(category)

    def _show_share(self, category: Category) -> None:
        self.share.blockSignals(True)
        self.share.setValue(category.share or 0)
        self.share.blockSignals(False)
        self.share_hint.setText(share_hint(self._app, category))

    def _on_share_edited(self) -> None:
        category = self._app.catalog.categories.get(self.category_id)
        if category is None:
            return
        value = self.share.value() or None
        if value != category.share and not self._history.push(
                lambda: SetShares({category.id: value})):
            self._show_share(category)  # refused (the shares would pass 100 %): what is true


def share_hint(app: AppState, category: Category) -> str:
    """What the share means this week: '2.5 h of 5 h a week, beside Programming 40 %, …'."""
    tracks = tracks_of(app.catalog)
    budget = app.settings.hours_per_week
    if category.share is None:
        above = category.parent
        while above is not None and above.share is None:
            above = above.parent
        if above is not None:
            return f"in the track of {above.title} ({above.share} %)"
        if not tracks.split:
            return "no tracks: the plan takes the list in one line"
        other = next((t for t in tracks.tracks if t.id == OTHER), None)
        return (f"with the other categories without a share ({other.share} %)"
                if other is not None else "")
    others = [f"{t.title} {t.share} %" for t in tracks.tracks if t.id != category.id]
    hours = format_hours(budget * category.share / 100)
    beside = f", beside {', '.join(others)}" if others else ""
    return f"{hours} of {format_hours(budget)} a week{beside}"

