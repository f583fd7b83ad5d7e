"""A calendar of study days: a column a week (Monday at the top), a cell a day, darker for
more hours; the month over the week it begins in. Painted from the palette, so it reads
in light and dark themes; a day's hours in its tooltip."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from planner.core.hours import format_hours, round_hours
from planner.core.sessions.charts import HeatMap
from planner.core.wording import MONTHS, day_text

LEVELS = (0.5, 1.0, 2.0)  # hours a day: the steps between the four shades of study
MAX_CELL = 22
GAP = 2
DAY_NAMES = ("Mon", "", "Wed", "", "Fri", "", "Sun")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # not the locale's, as the rest


def mix(a: QColor, b: QColor, share: float) -> QColor:
    """``share`` of ``b`` over ``a``."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * share,
                           a.greenF() + (b.greenF() - a.greenF()) * share,
                           a.blueF() + (b.blueF() - a.blueF()) * share)


def level(hours: float) -> int:
    """0 for no study, then 1 to 4."""
    if hours <= 0:
        return 0
    return 1 + sum(1 for step in LEVELS if hours >= step)


class HeatMapView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heat: HeatMap | None = None
        self.setAccessibleName("Heat map of study days")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def show_map(self, heat: HeatMap) -> None:
        self.heat = heat
        self.setAccessibleDescription(
            f"{heat.study_days} study days in the last {heat.weeks} weeks")
        self.updateGeometry()
        self.update()

    def shades(self) -> list[QColor]:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        empty = mix(base, palette.color(QPalette.ColorRole.Text), 0.10)
        accent = palette.color(QPalette.ColorRole.Highlight)
        return [empty] + [mix(base, accent, share) for share in (0.35, 0.6, 0.8, 1.0)]

    def _label_width(self) -> int:
        return self.fontMetrics().horizontalAdvance("Wed") + 8

    def _cell(self) -> int:
        weeks = self.heat.weeks if self.heat is not None else 12
        room = self.width() - self._label_width() - 4
        return max(6, min(MAX_CELL, room // weeks - GAP))

    def _top(self) -> int:
        return self.fontMetrics().height() + 4

    def sizeHint(self) -> QSize:
        return QSize(600, self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self._top() + 7 * (MAX_CELL + GAP) + 2)

    def heightForWidth(self, width: int) -> int:
        return self.minimumSizeHint().height()

    def _origin(self) -> QPoint:
        heat = self.heat
        weeks = heat.weeks if heat is not None else 12
        step = self._cell() + GAP
        left = self._label_width()
        spare = self.width() - left - weeks * step
        return QPoint(left + max(0, spare // 2), self._top())

    def _rect(self, day: dt.date) -> QRect:
        assert self.heat is not None
        n = (day - self.heat.first).days
        step = self._cell() + GAP
        origin = self._origin()
        return QRect(origin.x() + (n // 7) * step, origin.y() + (n % 7) * step,
                     self._cell(), self._cell())

    def day_at(self, point: QPoint) -> dt.date | None:
        heat = self.heat
        if heat is None:
            return None
        step = self._cell() + GAP
        origin = self._origin()
        column, row = (point.x() - origin.x()) // step, (point.y() - origin.y()) // step
        if point.x() < origin.x() or point.y() < origin.y() or not (
                0 <= column < heat.weeks and 0 <= row < 7):
            return None
        day = heat.first + dt.timedelta(days=column * 7 + row)
        return day if day <= heat.today else None

    def paintEvent(self, event: QPaintEvent) -> None:
        heat = self.heat
        if heat is None:
            return
        painter = QPainter(self)
        palette = self.palette()
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        shades = self.shades()
        step = self._cell() + GAP
        origin = self._origin()
        metrics = self.fontMetrics()
        painter.setPen(muted)
        for row, name in enumerate(DAY_NAMES):
            if name:
                painter.drawText(QRect(origin.x() - self._label_width(), origin.y() + row * step,
                                       self._label_width() - 6, self._cell()),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 name)
        last_label_end = -1
        for column in range(heat.weeks):
            monday = heat.first + dt.timedelta(weeks=column)
            if column == 0 or monday.month != (monday - dt.timedelta(weeks=1)).month:
                text = MONTHS[monday.month - 1]
                x = origin.x() + column * step
                if x > last_label_end:
                    painter.drawText(x, metrics.ascent() + 1, text)
                    last_label_end = x + metrics.horizontalAdvance(text) + 6
        painter.setPen(Qt.PenStyle.NoPen)
        for n, hours in enumerate(heat.hours):
            day = heat.first + dt.timedelta(days=n)
            painter.setBrush(shades[level(hours)])
            painter.drawRect(self._rect(day))
        today = self._rect(heat.today)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawRect(today.adjusted(0, 0, -1, -1))
        painter.end()

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent) and self.heat is not None:
            day = self.day_at(event.pos())
            if day is None:
                QToolTip.hideText()
            else:
                hours = self.heat.at(day)
                what = format_hours(round_hours(hours)) if hours > 0 else "no study"
                when = f"{DAYS[day.weekday()]} {day_text(day)}, {day.year}"
                QToolTip.showText(event.globalPos(), f"{when}: {what}", self)
            return True
        return super().event(event)  # type: ignore[arg-type]
