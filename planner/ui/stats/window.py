"""The statistics window: what the learner studied, against the plan, and where it leads.

A non-modal window of the main one (View ▸ Statistics, Ctrl+Shift+S), made once and kept:
closing hides it, opening again shows it. It reads its figures from the core
(``journal.study_view``) and follows the state through the bridge while it is shown; a
change made while it is hidden is read when it is shown again. The charts are pyqtgraph's,
imported here and so only when the window is first opened; their colours come from the
palette (text, base, highlight, link), so they read in light and dark themes and follow a
change of theme.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QColor, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from planner.core.hours import format_hours, round_hours
from planner.core.journal.state import AppState, Changed, Update
from planner.core.journal.study_view import WEEK_SPANS, StudyView, study_view, summary
from planner.core.weeks import monday, week_of, weeks_between
from planner.core.wording import MONTHS, day_text
from planner.ui.bridge import bridge_for
from planner.ui.stats.heat_map import HeatMapView, mix
from planner.ui.widgets import text_label

TITLE = "Statistics"
DEFAULT_SIZE = (1040, 800)
WATCHED = Changed.JOURNAL | Changed.PLAN | Changed.CATALOG | Changed.SETTINGS
LABEL_CHARS = 26  # category titles on the axis are cut to this


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


class WeekAxis(pg.AxisItem):  # type: ignore[misc]
    """x in weeks from this week's Monday, labelled by date."""

    def __init__(self, this_monday: dt.date) -> None:
        super().__init__("bottom")
        self.this_monday = this_monday
        self.span_weeks = 12.0

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float
                    ) -> list[str]:
        long = self.span_weeks > 60
        found = []
        for value in values:
            try:
                day = self.this_monday + dt.timedelta(days=round(value * 7))
            except OverflowError:
                found.append("")
                continue
            found.append(f"{MONTHS[day.month - 1]} {day.year}" if long else day_text(day))
        return found


class StatsWindow(QWidget):
    def __init__(self, app: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.app = app
        self.setWindowTitle(TITLE)
        self.setObjectName("stats-window")
        self.view: StudyView | None = None
        self._stale = True
        self._drawn: tuple[int, dt.date, int] | None = None
        self.resize(*DEFAULT_SIZE)

        self.span = QComboBox()
        for weeks in WEEK_SPANS:
            self.span.addItem(f"Last {weeks} weeks", weeks)
        self.span.setAccessibleName("Weeks shown")
        self.span.currentIndexChanged.connect(lambda _: self.refresh())
        self.this_week = text_label(wrap=False)
        self.totals = text_label(wrap=False)
        self.streak = text_label(wrap=False)
        header = QHBoxLayout()
        for label in (self.this_week, self.totals, self.streak):
            header.addWidget(label)
            header.addSpacing(18)
        header.addStretch(1)
        header.addWidget(QLabel("Show:"))
        header.addWidget(self.span)

        self.weeks_plot = self._plot("Hours studied per week, against the plan")
        self.burn_plot = self._plot("Burn-up: done hours of the list",
                                    WeekAxis(monday(week_of(app.today()))))
        self.burn_note = text_label(muted=True)
        self.heat = HeatMapView()
        self.heat_note = text_label(muted=True)
        self.category_plot = self._plot("Hours by category")
        self.pace_plot = self._plot("Your pace by kind (× the estimate)")
        self.category_note = text_label(muted=True)
        self.pace_note = text_label(muted=True)

        grid = QGridLayout()
        grid.addWidget(self.weeks_plot, 0, 0)
        burn = QVBoxLayout()
        burn.addWidget(self.burn_plot, 1)
        burn.addWidget(self.burn_note)
        grid.addLayout(burn, 0, 1)
        heat = QVBoxLayout()
        heat.addWidget(_heading("Study days"))
        heat.addWidget(self.heat)
        heat.addWidget(self.heat_note)
        grid.addLayout(heat, 1, 0, 1, 2)
        for column, (plot, note) in enumerate(((self.category_plot, self.category_note),
                                               (self.pace_plot, self.pace_note))):
            box = QVBoxLayout()
            box.addWidget(plot, 1)
            box.addWidget(note)
            grid.addLayout(box, 2, column)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(2, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(grid, 1)

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

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.view is not None:
            self._draw(self.view)

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

    def _colours(self) -> dict[str, QColor]:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        return {"base": base, "text": text,
                "muted": palette.color(QPalette.ColorRole.PlaceholderText),
                "grid": mix(base, text, 0.18),
                "accent": palette.color(QPalette.ColorRole.Highlight),
                "link": palette.color(QPalette.ColorRole.Link)}

    def _plot(self, title: str, bottom: pg.AxisItem | None = None) -> pg.PlotWidget:
        axes = {"bottom": bottom} if bottom is not None else None
        widget = pg.PlotWidget(axisItems=axes)
        widget.setAccessibleName(title)
        widget.setMinimumHeight(170)
        item = widget.getPlotItem()
        item.setTitle(title)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(False, False)
        return widget

    def _style(self, widget: pg.PlotWidget, c: dict[str, QColor]) -> pg.PlotItem:
        item = widget.getPlotItem()
        item.clear()
        widget.setBackground(c["base"])
        item.setTitle(item.titleLabel.text, color=c["text"])
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(c["grid"]))
            axis.setTextPen(pg.mkPen(c["text"]))
        item.showGrid(x=False, y=True, alpha=0.25)
        legend = item.legend
        if legend is not None:
            legend.clear()
        return item

    def _draw(self, view: StudyView) -> None:
        c = self._colours()
        words = summary(view)
        self.this_week.setText(words["this_week"])
        self.totals.setText(words["weeks"])
        self.streak.setText(words["streak"])
        self._draw_weeks(view, c)
        self._draw_burn_up(view, c)
        self.heat.show_map(view.heat)
        heat = view.heat
        self.heat_note.setText(
            f"{heat.study_days} study days in the last {heat.weeks} weeks · current streak "
            f"{heat.current_streak} · longest {heat.longest_streak} · the stronger the shade, "
            "the more hours: under ½ h, ½–1 h, 1–2 h, 2 h and more (today outlined)")
        self._draw_categories(view, c)
        self._draw_paces(view, c)

    def _draw_weeks(self, view: StudyView, c: dict[str, QColor]) -> None:
        item = self._style(self.weeks_plot, c)
        if item.legend is None:
            item.addLegend(offset=(8, 4), colCount=2)
        item.legend.setLabelTextColor(c["text"])
        n = len(view.weeks)
        xs = list(range(n))
        planned = pg.BarGraphItem(x=xs, height=[w.planned_hours for w in view.weeks],
                                  width=0.8, brush=pg.mkBrush(mix(c["base"], c["text"], 0.12)),
                                  pen=pg.mkPen(c["muted"], width=1))
        studied = pg.BarGraphItem(x=xs, height=[w.studied_hours for w in view.weeks],
                                  width=0.5, brush=pg.mkBrush(c["accent"]),
                                  pen=pg.mkPen(c["accent"]))
        item.addItem(planned)
        item.addItem(studied)
        self.planned_bars, self.studied_bars = planned, studied
        item.legend.addItem(planned, "planned")
        item.legend.addItem(studied, "studied")
        step = 2 if n <= 12 else 8
        ticks = [(i, day_text(monday(view.weeks[i].week))) for i in range(n - 1, -1, -step)]
        item.getAxis("bottom").setTicks([ticks])
        item.getAxis("left").setLabel("hours", color=c["text"].name())
        top = max([w.planned_hours for w in view.weeks] + [w.studied_hours for w in view.weeks]
                  + [1.0])
        item.setXRange(-0.6, n - 0.4, padding=0)
        item.setYRange(0, top * 1.3, padding=0)

    def _draw_burn_up(self, view: StudyView, c: dict[str, QColor]) -> None:
        item = self._style(self.burn_plot, c)
        if item.legend is None:
            item.addLegend(offset=(-8, -8))  # bottom right: below the rising lines
        item.legend.setLabelTextColor(c["text"])
        burn = view.burn
        today = self.app.today()
        this_week = week_of(today)
        axis: WeekAxis = item.getAxis("bottom")
        axis.this_monday = monday(this_week)
        n = len(burn.weeks)
        now_x = (today.weekday() + 1) / 7
        xs = [float(weeks_between(this_week, w) + 1) for w in burn.weeks[:-1]] + [now_x]
        item.plot(xs, list(burn.done), pen=pg.mkPen(c["accent"], width=3), name="done")
        scope = pg.InfiniteLine(pos=burn.scope, angle=0,
                                pen=pg.mkPen(c["muted"], width=1, style=Qt.PenStyle.DashLine),
                                label=f"the whole list: {format_hours(burn.scope)}",
                                labelOpts={"color": c["text"], "position": 0.02,
                                           "anchors": [(0, 0), (0, 0)]})
        item.addItem(scope)
        right = now_x + 1
        lines = []
        for finish, colour, style, name in (
                (burn.planned_finish, c["text"], Qt.PenStyle.DashLine, "at the planned budget"),
                (burn.recent_finish, c["link"], Qt.PenStyle.DotLine,
                 "at your last weeks' pace")):
            if finish is None:
                continue
            end = float(weeks_between(this_week, finish) + 1)
            item.plot([now_x, end], [burn.done_now, burn.scope],
                      pen=pg.mkPen(colour, width=2, style=style), name=f"{name}: {finish}")
            right = max(right, end + 1)
            lines.append(f"{finish} {name}")
        axis.span_weeks = right + n
        item.setXRange(-(n - 1), right, padding=0.02)
        item.setYRange(0, burn.scope * 1.08 if burn.scope > 0 else 1, padding=0)
        item.getAxis("left").setLabel("hours", color=c["text"].name())
        words = [f"Done {format_hours(burn.done_now)} of {format_hours(burn.scope)}."]
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

    def _bars(self, widget: pg.PlotWidget, c: dict[str, QColor], labels: list[str],
              values: list[float], colour: QColor) -> pg.PlotItem:
        item = self._style(widget, c)
        item.showGrid(x=True, y=False, alpha=0.25)
        n = len(values)
        if n:
            item.addItem(pg.BarGraphItem(x0=[0] * n, y=list(range(n)), height=0.6,
                                         width=values, brush=pg.mkBrush(colour),
                                         pen=pg.mkPen(colour)))
        item.getAxis("left").setTicks([list(enumerate(labels))])
        item.invertY(True)
        item.setYRange(-0.6, max(n, 1) - 0.4, padding=0)
        return item

    def _draw_categories(self, view: StudyView, c: dict[str, QColor]) -> None:
        shares = view.categories
        labels = [_short(s.label) for s in shares]
        values = [s.hours for s in shares]
        item = self._bars(self.category_plot, c, labels, values, c["accent"])
        item.setXRange(0, max([*values, 1.0]) * 1.15, padding=0)
        item.getAxis("bottom").setLabel("hours", color=c["text"].name())
        for y, value in enumerate(values):
            label = pg.TextItem(format_hours(round_hours(value)), color=c["text"],
                                anchor=(0, 0.5))
            label.setPos(value, y)
            item.addItem(label)
        self.category_note.setText(
            "" if shares else f"No study in the last {len(view.weeks)} weeks yet.")

    def _draw_paces(self, view: StudyView, c: dict[str, QColor]) -> None:
        paces = view.paces
        labels = [f"{p.kind} ({format_hours(round_hours(p.hours))})" for p in paces]
        values = [p.pace for p in paces]
        item = self._bars(self.pace_plot, c, labels, values, c["accent"])
        item.addItem(pg.InfiniteLine(pos=1.0, angle=90, pen=pg.mkPen(
            c["text"], width=1, style=Qt.PenStyle.DashLine)))
        item.setXRange(0, max([*values, 1.0]) * 1.2, padding=0)
        for y, value in enumerate(values):
            label = pg.TextItem(f"{value:.2f} ×", color=c["text"], anchor=(0, 0.5))
            label.setPos(value, y)
            item.addItem(label)
        self.pace_note.setText(
            "1.0: as estimated; more: slower. Shrunk toward 1.0 until sessions add up "
            "(in brackets: hours of sessions)." if paces else
            "No sessions yet: your pace shows once you time or log some.")


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
