"""The statistics window: what the learner studied, against the plan, and where it leads.

A non-modal window of the main one (View ▸ Statistics, Ctrl+Shift+S), made once and kept:
closing hides it, opening again shows it. It reads its figures from the core
(``journal.study_view``) and follows the state through the bridge while it is shown; a
change made while it is hidden is read when it is shown again. The charts are painted here
(``charts``, ``heat_map``) from the palette's colours at each paint, so they read in light
and dark themes and follow a change of theme.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from planner.core.hours import format_hours, round_hours
from planner.core.journal.state import AppState, Changed, Update
from planner.core.journal.study_view import WEEK_SPANS, StudyView, study_view, summary
from planner.core.wording import kind_label
from planner.ui.bridge import bridge_for
from planner.ui.stats.charts import BarChart, BurnUpChart, WeekChart
from planner.ui.stats.heat_map import HeatMapView
from planner.ui.widgets import text_label

TITLE = "Statistics"
DEFAULT_SIZE = (1040, 800)
WATCHED = Changed.JOURNAL | Changed.PLAN | Changed.CATALOG | Changed.SETTINGS
LABEL_CHARS = 26  # category titles on the axis are cut to this


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


class StatsWindow(QWidget):
    def __init__(self, app: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.app = app
        self.setWindowTitle(TITLE)
        self.setObjectName("stats-window")
        self.view: StudyView | None = None
        self._stale = True
        self._drawn: tuple[int, dt.date, int] | None = None
        screen = (parent or self).screen().availableGeometry()
        self.resize(min(DEFAULT_SIZE[0], screen.width() * 9 // 10),
                    min(DEFAULT_SIZE[1], screen.height() * 9 // 10))

        self.span = QComboBox()
        for weeks in WEEK_SPANS:
            self.span.addItem(f"Last {weeks} weeks", weeks)
        self.span.setAccessibleName("Weeks shown")
        self.span.currentIndexChanged.connect(lambda _: self.refresh())
        self.this_week = text_label()  # wrapped where the window is narrow
        self.totals = text_label()
        self.streak = text_label()
        header = QHBoxLayout()
        for label in (self.this_week, self.totals, self.streak):
            # the room goes to the lines, so that they wrap only where the window is narrow
            # (a stretch beside them left each at its least width: "8.5 / h logged")
            header.addWidget(label, 1)
            header.addSpacing(18)
        header.addWidget(QLabel("Show:"))
        header.addWidget(self.span)

        self.weeks_chart = WeekChart()
        self.burn_chart = BurnUpChart()
        self.burn_note = text_label(muted=True)
        self.heat = HeatMapView()
        self.heat_note = text_label(muted=True)
        self.category_chart = BarChart("Hours by category", "hours")
        self.pace_chart = BarChart("Your pace by kind (× the estimate)", "× the estimate")
        self.pace_note = text_label(muted=True)

        grid = QGridLayout()
        grid.addWidget(self.weeks_chart, 0, 0)
        burn = QVBoxLayout()
        burn.addWidget(self.burn_chart, 1)
        burn.addWidget(self.burn_note)
        grid.addLayout(burn, 0, 1)
        heat = QVBoxLayout()
        heat.addWidget(_heading("Study days"))
        heat.addWidget(self.heat)
        heat.addWidget(self.heat_note)
        grid.addLayout(heat, 1, 0, 1, 2)
        grid.addWidget(self.category_chart, 2, 0)
        pace = QVBoxLayout()
        pace.addWidget(self.pace_chart, 1)
        pace.addWidget(self.pace_note)
        grid.addLayout(pace, 2, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(2, 2)
        # Scrolled as a whole where the screen is smaller than the charts want (a 1366 ×
        # 768 laptop, 2× scale): nothing is cut off or squeezed below its least size.
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(header)
        body_layout.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        bridge_for(app).changed.connect(self._on_change)

    @classmethod
    def open_for(cls, app: AppState, parent: QWidget) -> StatsWindow:
        """The window of ``parent``, made the first time; shown and brought forward."""
        window = parent.findChild(cls)
        if window is None:
            window = cls(app, parent)
        if window.isVisible():  # behind the main window, say
            window.raise_()
        else:
            window.show()
        window.activateWindow()
        return window

    # ---------------------------------------------------------------- following the state

    def _on_change(self, change: Update) -> None:
        if change.flags & WATCHED:
            self._stale = True
            if self.isVisible():
                QTimer.singleShot(0, self, self._refresh_if_stale)  # once per burst

    def _refresh_if_stale(self) -> None:
        if self._stale and self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale or self._drawn != self._key():  # changed, or a new day, since
            self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.accept()  # hidden, kept for the next time

    @property
    def weeks(self) -> int:
        return int(self.span.currentData())

    def _key(self) -> tuple[int, dt.date, int]:
        """What the figures shown are of: the state's revision, the day, the weeks."""
        return self.app.revision, self.app.today(), self.weeks

    def refresh(self) -> None:
        self._stale = False
        self.view = study_view(self.app, self.weeks)
        self._drawn = self._key()
        self._draw(self.view)

    # ---------------------------------------------------------------- drawing

    def _draw(self, view: StudyView) -> None:
        words = summary(view)
        self.this_week.setText(words["this_week"])
        self.totals.setText(words["weeks"])
        self.streak.setText(words["streak"])
        self.weeks_chart.show_weeks(view.weeks)
        self._draw_burn_up(view)
        self.heat.show_map(view.heat)
        heat = view.heat
        self.heat_note.setText(
            f"{heat.study_days} study days in the last {heat.weeks} weeks · current streak "
            f"{heat.current_streak} · longest {heat.longest_streak} · the stronger the shade, "
            "the more hours: under ½ h, ½–1 h, 1–2 h, 2 h and more (today outlined)")
        shares = view.categories
        self.category_chart.show_bars(
            [_short(s.label) for s in shares], [s.hours for s in shares],
            [format_hours(round_hours(s.hours)) for s in shares],
            empty_text=f"No study in the last {len(view.weeks)} weeks yet.",
            names=[s.label for s in shares])
        paces = view.paces
        self.pace_chart.show_bars(
            [f"{kind_label(p.kind)} ({format_hours(round_hours(p.hours))})" for p in paces],
            [p.pace for p in paces], [f"{p.pace:.2f} ×" for p in paces], reference=1.0,
            empty_text="No sessions yet: your pace shows once you time or log some.")
        self.pace_note.setText(
            "1.0: as estimated; more: slower. Shrunk toward 1.0 until sessions add up "
            "(in brackets: hours of sessions)." if paces else "")

    def _draw_burn_up(self, view: StudyView) -> None:
        burn = view.burn
        self.burn_chart.show_burn(burn, self.app.today())
        words = [f"Done {format_hours(burn.done_now)} of {format_hours(burn.scope)} planned"
                 + (f" ({format_hours(view.someday_hours)} Someday left out: not planned)."
                    if view.someday_hours else ".")]
        if burn.planned_finish:
            words.append(f"Finishes in {burn.planned_finish} at the planned budget.")
        elif burn.planned_note:
            words.append(burn.planned_note + ".")
        if burn.recent_finish:
            words.append(f"At your pace of the last {burn.recent_weeks} weeks "
                         f"({format_hours(burn.recent_rate)} a week): {burn.recent_finish}.")
        elif burn.recent_note and burn.recent_note != burn.planned_note:
            words.append(burn.recent_note + ".")
        self.burn_note.setText(" ".join(words))


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
