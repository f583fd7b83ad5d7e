"""The statistics window's charts, painted with QPainter from the figures the core made
(``journal.study_view``): hours per week against the plan, the burn-up with its
forecasts, and horizontal bars (hours by category, the pace by kind).

No plotting library: importing pyqtgraph and numpy alone took longer than the window may
take to open the first time (docs/performance.md). Each chart keeps the figures it was
given (``studied``, ``done``, ``values``…: what the tests read) and paints them in
``paintEvent`` with the colours of its palette at that moment, so a change of theme
repaints it in the new colours with nothing more to do. A chart with nothing to show says
so in words (``empty_text``) instead of drawing an empty axis.

A paint never raises: a value that is not a finite number (NaN, infinity) counts as 0, and
series whose lengths do not match are left out; should a paint fail all the same, its
painter is ended first (an active QPainter left behind by an exception crashes Qt).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from planner.core.hours import format_hours, round_hours
from planner.core.journal.study import WeekStudy
from planner.core.sessions.charts import BurnUp
from planner.core.weeks import monday, week_of, weeks_between
from planner.core.wording import MONTHS, day_text, week_dates
from planner.ui.colours import MUTED, scheme_of
from planner.ui.stats.heat_map import mix

MIN_HEIGHT = 170
PAD = 6  # between the parts of a chart: title, legend, plot, axis labels
STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)  # a value axis steps by one of these × a power of ten
WEEK_STEPS = (1, 2, 4, 8, 13, 26, 52, 104, 208, 520)  # the burn-up's date axis, in weeks
Role = QPalette.ColorRole


def finite(value: float) -> float:
    """``value``, or 0 when it is not a finite number (what a chart draws of a NaN)."""
    return value if math.isfinite(value) else 0.0


def nice_step(top: float, count: int) -> float:
    """The smallest step of 1, 2, 2.5 or 5 × a power of ten that goes from 0 to ``top``
    in at most ``count`` steps."""
    if not math.isfinite(top) or top <= 0 or count < 1:
        return 1.0
    raw = top / count
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in STEPS if m * power >= raw * (1 - 1e-9))


def value_ticks(top: float, count: int) -> list[float]:
    """0 and each step up to ``top``."""
    if not math.isfinite(top):
        return [0.0]
    step = nice_step(top, count)
    return [n * step for n in range(int(top / step + 1e-9) + 1)]


def tick_text(value: float) -> str:
    return f"{round(value, 2):g}"


def hours_text(hours: float) -> str:
    return format_hours(round_hours(finite(hours)))


@dataclass(frozen=True)
class ChartColours:
    """What a chart paints with, read from its palette (``MUTED`` is the AA-checked pair
    for quiet text on the base)."""

    base: QColor  # the background
    text: QColor  # titles, values, the planned-budget forecast
    muted: QColor  # axis labels and the planned bars' outline
    grid: QColor
    planned: QColor  # the planned bars' fill
    accent: QColor  # what was studied: bars, the done line
    link: QColor  # the forecast at the recent pace

    @classmethod
    def of(cls, palette: QPalette) -> ChartColours:
        base, text = palette.color(Role.Base), palette.color(Role.Text)
        return cls(base=base, text=text, muted=MUTED.text.get(scheme_of(palette)),
                   grid=mix(base, text, 0.15), planned=mix(base, text, 0.13),
                   accent=palette.color(Role.Highlight), link=palette.color(Role.Link))


@dataclass(frozen=True)
class LegendEntry:
    text: str
    pen: QPen  # a line, or a box's outline
    brush: QBrush | None = None  # a box's fill; None: a line


class Chart(QWidget):
    """A title, a legend when there are two series or more, and a plot under them; or
    the title and ``empty_text``. Subclasses lay out the plot and paint it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.empty_text = ""
        self.setAccessibleName(title)
        self.setMinimumHeight(MIN_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def colours(self) -> ChartColours:
        return ChartColours.of(self.palette())

    def legend(self, c: ChartColours) -> list[LegendEntry]:
        return []

    def _title_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _legend_rows(self, entries: Sequence[LegendEntry]) -> list[list[tuple[int, LegendEntry]]]:
        """The entries in rows that fit the width, each with its x."""
        metrics = self.fontMetrics()
        mark = metrics.height() * 2
        rows: list[list[tuple[int, LegendEntry]]] = [[]]
        x = PAD
        for entry in entries:
            width = mark + PAD + metrics.horizontalAdvance(entry.text)
            if rows[-1] and x + width > self.width() - PAD:
                rows.append([])
                x = PAD
            rows[-1].append((x, entry))
            x += width + 3 * PAD
        return rows if rows[0] else []

    def paintEvent(self, event: QPaintEvent) -> None:
        with QPainter(self) as painter:  # ended even when a paint raises
            self._paint(painter)

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = self.colours()
        painter.fillRect(self.rect(), c.base)
        metrics = self.fontMetrics()
        painter.setFont(self._title_font())
        painter.setPen(c.text)
        metrics = QFontMetrics(painter.font())
        title = QRect(PAD, PAD, self.width() - 2 * PAD, metrics.height())
        painter.drawText(title, Qt.AlignmentFlag.AlignCenter,  # whole, or cut with "…"
                         metrics.elidedText(self.title, Qt.TextElideMode.ElideRight,
                                            title.width()))
        painter.setFont(self.font())
        top = title.bottom() + PAD
        if self.empty_text:
            painter.setPen(c.muted)
            painter.drawText(QRect(PAD, top, self.width() - 2 * PAD, self.height() - top - PAD),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.empty_text)
            return
        for row in self._legend_rows(self.legend(c)):
            for x, entry in row:
                self._paint_legend_mark(painter, QRectF(x, top, metrics.height() * 2,
                                                        metrics.height()), entry)
                painter.setPen(c.text)
                painter.drawText(x + metrics.height() * 2 + PAD, top + metrics.ascent(),
                                 entry.text)
            top += metrics.height() + PAD // 2
        self.paint_plot(painter, c, top + PAD)

    @staticmethod
    def _paint_legend_mark(painter: QPainter, box: QRectF, entry: LegendEntry) -> None:
        painter.setPen(entry.pen)
        if entry.brush is None:
            y = box.center().y()
            painter.drawLine(QPointF(box.left(), y), QPointF(box.right(), y))
        else:
            painter.setBrush(entry.brush)
            side = box.height() - 2
            painter.drawRect(QRectF(box.center().x() - side / 2, box.top() + 1, side, side))
            painter.setBrush(Qt.BrushStyle.NoBrush)

    def paint_plot(self, painter: QPainter, c: ChartColours, top: int) -> None:
        raise NotImplementedError

    def _value_axis(self, painter: QPainter, c: ChartColours, plot: QRectF, top: float,
                    unit: str) -> None:
        """Hours up the left of ``plot``, 0 to ``top``, with a grid line at each tick and
        the unit over the ticks."""
        metrics = self.fontMetrics()
        count = max(2, int(plot.height() // (metrics.height() * 2)))
        for value in value_ticks(top, count):
            y = plot.bottom() - value / top * plot.height()
            painter.setPen(QPen(c.grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(c.muted)
            painter.drawText(QRectF(0, y - metrics.height() / 2, plot.left() - PAD,
                                    metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             tick_text(value))
        painter.drawText(QRectF(0, plot.top() - metrics.height() - PAD, plot.left() - PAD,
                                metrics.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, unit)

    def _tick_width(self, top: float) -> int:
        """Room for the value axis's labels, ``top`` the largest."""
        metrics = self.fontMetrics()
        return max(metrics.horizontalAdvance(tick_text(round(top))),
                   metrics.horizontalAdvance("hours")) + PAD * 2

    def event(self, event: object) -> bool:
        """The tooltip of what is under the pointer; What's This and the rest as any
        widget's."""
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            text = "" if self.empty_text else self.tip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)  # type: ignore[arg-type]

    def tip_at(self, point: QPointF) -> str:
        return ""

    def _under_axis(self, painter: QPainter, x: float, y: float, width: float,
                    text: str) -> None:
        """``text`` centred on ``x`` under an axis, moved in from the widget's edges."""
        left = min(max(0.0, x - width / 2), self.width() - width)
        painter.drawText(QRectF(left, y, width, self.fontMetrics().height()),
                         Qt.AlignmentFlag.AlignCenter, text)


class WeekChart(Chart):
    """Hours planned (wide, quiet bars) and studied (narrow, accent bars) in each week,
    oldest first; the Mondays' dates under them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Hours logged per week, against the plan", parent)
        self.weeks: tuple[str, ...] = ()
        self.planned: tuple[float, ...] = ()
        self.studied: tuple[float, ...] = ()
        self._plot = QRectF()

    def show_weeks(self, weeks: Sequence[WeekStudy]) -> None:
        self.weeks = tuple(w.week for w in weeks)
        self.planned = tuple(w.planned_hours for w in weeks)
        self.studied = tuple(w.studied_hours for w in weeks)
        self.empty_text = ("" if any(self.planned) or any(self.studied) else
                           f"Nothing planned or logged in the last {len(weeks)} weeks yet.")
        self.setAccessibleDescription(
            f"{len(weeks)} weeks: {hours_text(sum(map(finite, self.studied)))} logged of "
            f"{hours_text(sum(map(finite, self.planned)))} planned")
        self.update()

    def top(self) -> float:
        """The value axis's top: some room over the highest bar."""
        return max([*map(finite, self.planned), *map(finite, self.studied), 1.0]) * 1.1

    def legend(self, c: ChartColours) -> list[LegendEntry]:
        return [LegendEntry("planned", QPen(c.muted, 1), QBrush(c.planned)),
                LegendEntry("logged", QPen(c.accent, 1), QBrush(c.accent))]

    def paint_plot(self, painter: QPainter, c: ChartColours, top: int) -> None:
        metrics = self.fontMetrics()
        n, high = len(self.weeks), self.top()
        plot = QRectF(self._tick_width(high), top + metrics.height(), 0, 0)
        plot.setRight(self.width() - PAD * 2)
        plot.setBottom(self.height() - metrics.height() - PAD * 2)
        self._plot = plot
        if (n == 0 or plot.width() <= 0 or plot.height() <= 0
                or not len(self.planned) == len(self.studied) == n):
            return
        self._value_axis(painter, c, plot, high, "hours")
        slot = plot.width() / n
        for i, (planned, studied) in enumerate(zip(self.planned, self.studied, strict=True)):
            centre = plot.left() + (i + 0.5) * slot
            for hours, share, pen, brush in ((planned, 0.8, QPen(c.muted, 1), c.planned),
                                             (studied, 0.5, QPen(c.accent, 1), c.accent)):
                if not finite(hours) > 0:
                    continue
                height = hours / high * plot.height()
                painter.setPen(pen)
                painter.setBrush(brush)
                painter.drawRect(QRectF(centre - slot * share / 2, plot.bottom() - height,
                                        slot * share, height))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(c.muted, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        label = metrics.horizontalAdvance("Sep 30") + PAD * 3
        step = max(1, math.ceil(label / slot))
        for i in range(n - 1, -1, -step):  # this week's always, and back from it
            centre = plot.left() + (i + 0.5) * slot
            self._under_axis(painter, centre, plot.bottom() + PAD, label,
                             day_text(monday(self.weeks[i])))

    def week_at(self, point: QPointF) -> int | None:
        """The index of the week whose bars are under ``point``."""
        plot, n = self._plot, len(self.weeks)
        if n == 0 or not plot.contains(point) or not len(self.planned) == len(self.studied) == n:
            return None
        return min(n - 1, int((point.x() - plot.left()) / (plot.width() / n)))

    def tip_at(self, point: QPointF) -> str:
        i = self.week_at(point)
        if i is None:
            return ""
        return (f"{week_dates(self.weeks[i])} ({self.weeks[i]}): "
                f"{hours_text(self.studied[i])} logged of {hours_text(self.planned[i])} planned")


@dataclass(frozen=True)
class ForecastLine:
    """From now's done hours to the list's end in the week it finishes."""

    label: str  # "at the planned budget: 2027-W17"
    finish: str  # the week
    end: float  # x of the line's end: weeks from this week's Monday
    recent: bool  # at the recent pace (dotted, link colour), or at the planned budget


class BurnUpChart(Chart):
    """The list's done hours at the end of each week shown, up to now; the whole list's
    hours as a dashed line; the forecasts from now to the list's end. x is in weeks from
    this week's Monday, labelled by date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Burn-up: done hours of the list", parent)
        self.this_monday = dt.date.min
        self.weeks: tuple[str, ...] = ()
        self.xs: tuple[float, ...] = ()
        self.done: tuple[float, ...] = ()
        self.scope = 0.0
        self.forecasts: tuple[ForecastLine, ...] = ()
        self._plot = QRectF()

    def show_burn(self, burn: BurnUp, today: dt.date) -> None:
        this_week = week_of(today)
        self.this_monday = monday(this_week)
        now_x = (today.weekday() + 1) / 7  # the last point is now, within this week
        self.weeks = burn.weeks
        self.xs = tuple([float(weeks_between(this_week, w) + 1) for w in burn.weeks[:-1]]
                        + [now_x]) if burn.weeks else ()
        self.done = burn.done
        self.scope = burn.scope
        found = []
        for finish, name, recent in ((burn.planned_finish, "at the planned budget", False),
                                     (burn.recent_finish, "at your last weeks' pace", True)):
            if finish is not None:
                found.append(ForecastLine(f"{name}: {finish}", finish,
                                          float(weeks_between(this_week, finish) + 1), recent))
        self.forecasts = tuple(found)
        self.empty_text = (
            "The list has no estimated hours yet: nothing to burn up."
            if not finite(burn.scope) > 0 else
            "" if burn.weeks else "No weeks to show yet: nothing to burn up.")
        self.setAccessibleDescription(
            f"done {format_hours(finite(burn.done_now))} of {format_hours(finite(burn.scope))}")
        self.update()

    def x_range(self) -> tuple[float, float]:
        left = self.xs[0] if self.xs else 0.0
        right = max([x + 1 for x in self.xs[-1:]] + [f.end + 1 for f in self.forecasts])
        return left, right

    def top(self) -> float:
        """The value axis's top: some room over the whole list's hours, or over the done
        hours where they are more."""
        return max([finite(self.scope), *map(finite, self.done)]) * 1.08

    def legend(self, c: ChartColours) -> list[LegendEntry]:
        return [LegendEntry("done", QPen(c.accent, 3))] + [
            LegendEntry(f.label, self._forecast_pen(f, c)) for f in self.forecasts]

    @staticmethod
    def _forecast_pen(line: ForecastLine, c: ChartColours) -> QPen:
        if line.recent:
            return QPen(c.link, 2, Qt.PenStyle.DotLine)
        return QPen(c.text, 2, Qt.PenStyle.DashLine)

    def date_at(self, x: float) -> dt.date:
        return self.this_monday + dt.timedelta(days=round(x * 7))

    def paint_plot(self, painter: QPainter, c: ChartColours, top: int) -> None:
        metrics = self.fontMetrics()
        high = self.top()
        plot = QRectF(self._tick_width(high), top + metrics.height(), 0, 0)
        plot.setRight(self.width() - PAD * 2)
        plot.setBottom(self.height() - metrics.height() - PAD * 2)
        self._plot = plot
        if not self.xs or plot.width() <= 0 or plot.height() <= 0:
            return
        self._value_axis(painter, c, plot, high, "hours")
        left, right = self.x_range()

        def at(x: float, y: float) -> QPointF:
            return QPointF(plot.left() + (x - left) / (right - left) * plot.width(),
                           plot.bottom() - y / high * plot.height())

        self._date_axis(painter, c, plot, left, right)
        painter.setClipRect(plot.adjusted(-2, -2, 2, 2))  # the lines never over the legend
        scope_y = at(left, self.scope).y()
        painter.setPen(QPen(c.muted, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(plot.left(), scope_y), QPointF(plot.right(), scope_y))
        scope_text = f"the planned work: {format_hours(self.scope)}"  # not Someday
        scope_box = QRectF(plot.left() + PAD, scope_y + 2,
                           metrics.horizontalAdvance(scope_text) + PAD, metrics.height())
        painter.fillRect(scope_box, c.base)  # over the grid
        painter.setPen(c.text)
        painter.drawText(scope_box, Qt.AlignmentFlag.AlignCenter, scope_text)
        if len(self.done) != len(self.xs):  # no line rather than one off by some weeks
            return
        done = [finite(y) for y in self.done]
        for line in self.forecasts:
            painter.setPen(self._forecast_pen(line, c))
            painter.drawLine(at(self.xs[-1], done[-1]), at(line.end, self.scope))
        pen = QPen(c.accent, 3)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPolyline([at(x, y) for x, y in zip(self.xs, done, strict=True)])

    def _date_axis(self, painter: QPainter, c: ChartColours, plot: QRectF, left: float,
                   right: float) -> None:
        """A tick every few weeks from this week's Monday (x = 0) both ways, labelled with
        its date, or its month and year when the axis spans over a year."""
        metrics = self.fontMetrics()
        long = right - left > 60
        label = metrics.horizontalAdvance("Sep 2030" if long else "Sep 30") + PAD * 3
        fits = max(1, int(plot.width() // label))
        step = next((s for s in WEEK_STEPS if (right - left) / s <= fits), WEEK_STEPS[-1])
        painter.setPen(QPen(c.muted, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        for n in range(math.ceil(left / step), math.floor(right / step) + 1):
            x = plot.left() + (n * step - left) / (right - left) * plot.width()
            day = self.date_at(n * step)
            text = f"{MONTHS[day.month - 1]} {day.year}" if long else day_text(day)
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3))
            self._under_axis(painter, x, plot.bottom() + PAD, label, text)

    def tip_at(self, point: QPointF) -> str:
        """The done hours of the week (or now) nearest ``point``."""
        plot = self._plot
        if not self.xs or not plot.contains(point) or len(self.done) != len(self.xs):
            return ""
        left, right = self.x_range()
        x = left + (point.x() - plot.left()) / plot.width() * (right - left)
        i = min(range(len(self.xs)), key=lambda n: abs(self.xs[n] - x))
        if abs(self.xs[i] - x) > 1:
            return ""
        when = "now" if i == len(self.xs) - 1 else f"end of {week_dates(self.weeks[i])}"
        return f"{when}: {hours_text(self.done[i])} done"


class BarChart(Chart):
    """Horizontal bars, one a row, the label on the left and the value's text at the
    bar's end; a dashed reference line where one is given (the pace's 1.0). The tooltip
    and the accessible description name each bar in full (``names``) where its label is
    cut short."""

    def __init__(self, title: str, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.unit = unit
        self.labels: tuple[str, ...] = ()
        self.names: tuple[str, ...] = ()
        self.values: tuple[float, ...] = ()
        self.texts: tuple[str, ...] = ()
        self.reference: float | None = None
        self._plot = QRectF()

    def show_bars(self, labels: Sequence[str], values: Sequence[float],
                  texts: Sequence[str], *, empty_text: str,
                  reference: float | None = None, names: Sequence[str] | None = None) -> None:
        """``names``: the bars' names in full, where ``labels`` are cut to fit the axis."""
        self.labels, self.values, self.texts = tuple(labels), tuple(values), tuple(texts)
        self.names = self.labels if names is None else tuple(names)
        self.reference = reference
        self.empty_text = "" if self.values else empty_text
        self.setAccessibleDescription(", ".join(
            f"{name}: {text}" for name, text in zip(self.names, self.texts, strict=True)))
        self.updateGeometry()
        self.update()

    def minimumSizeHint(self) -> QSize:
        """Room for a line of text a bar, under the title and over the axis."""
        line = self.fontMetrics().height()
        rows = max(1, len(self.values))
        return QSize(200, max(MIN_HEIGHT, rows * (line + 4) + 4 * line + 6 * PAD))

    def paint_plot(self, painter: QPainter, c: ChartColours, top: int) -> None:
        metrics = self.fontMetrics()
        n = len(self.values)
        if not n == len(self.labels) == len(self.texts):
            return
        values = [max(0.0, finite(v)) for v in self.values]  # none leftwards, over labels
        label_width = min(max(metrics.horizontalAdvance(t) for t in self.labels),
                          self.width() * 2 // 5)
        text_width = max(metrics.horizontalAdvance(t) for t in self.texts)
        plot = QRectF(label_width + PAD * 2, top, 0, 0)
        plot.setRight(self.width() - text_width - PAD * 3)
        plot.setBottom(self.height() - 2 * metrics.height() - PAD * 3)
        self._plot = plot
        if plot.width() <= 0 or plot.height() <= 0:
            return
        high = max([*values, finite(self.reference or 0.0)]) * 1.05 or 1.0
        count = max(2, int(plot.width() // (metrics.horizontalAdvance("0000") + PAD * 3)))
        for value in value_ticks(high, count):
            x = plot.left() + value / high * plot.width()
            painter.setPen(QPen(c.grid, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(c.muted)
            painter.drawText(QRectF(x - 30, plot.bottom() + PAD, 60, metrics.height()),
                             Qt.AlignmentFlag.AlignCenter, tick_text(value))
        painter.drawText(QRectF(plot.left(), plot.bottom() + PAD + metrics.height(),
                                plot.width(), metrics.height() + PAD),
                         Qt.AlignmentFlag.AlignCenter, self.unit)
        painter.setPen(QPen(c.muted, 1))
        painter.drawLine(plot.topLeft(), plot.bottomLeft())
        slot = plot.height() / n
        thickness = min(slot * 0.6, metrics.height() * 1.8)
        rows = [(plot.top() + (i + 0.5) * slot, plot.left() + value / high * plot.width())
                for i, value in enumerate(values)]  # each bar's middle and end
        for middle, end in rows:
            painter.fillRect(QRectF(plot.left(), middle - thickness / 2, end - plot.left(),
                                    thickness), c.accent)
        # the reference line over the bars, under the values' text
        if self.reference is not None and math.isfinite(self.reference):
            x = plot.left() + self.reference / high * plot.width()
            painter.setPen(QPen(c.text, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        painter.setPen(c.text)
        for (middle, end), label, text in zip(rows, self.labels, self.texts, strict=True):
            painter.drawText(QRectF(PAD, middle - metrics.height() / 2, label_width,
                                    metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight,
                                                label_width))
            value_box = QRectF(end + PAD / 2, middle - metrics.height() / 2,
                               metrics.horizontalAdvance(text) + PAD, metrics.height())
            painter.fillRect(value_box, c.base)  # the reference line does not cross it
            painter.drawText(value_box, Qt.AlignmentFlag.AlignCenter, text)

    def bar_at(self, point: QPointF) -> int | None:
        plot, n = self._plot, len(self.values)
        if (n == 0 or not n == len(self.labels) == len(self.texts) == len(self.names)
                or not plot.top() <= point.y() < plot.bottom()):
            return None
        return int((point.y() - plot.top()) / (plot.height() / n))

    def tip_at(self, point: QPointF) -> str:
        i = self.bar_at(point)
        return "" if i is None else f"{self.names[i]}: {self.texts[i]}"
