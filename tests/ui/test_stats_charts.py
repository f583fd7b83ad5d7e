"""The statistics window's charts, painted with QPainter (planner/ui/stats/charts.py): the
figures each keeps, words instead of an empty axis, what a paint puts on screen (the accent
colour of the bars and the done line, or none), tooltips, and colours that follow the
palette (light and dark)."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF
from PySide6.QtGui import QColor, QHelpEvent, QImage, QPalette
from PySide6.QtWidgets import QApplication, QToolTip, QWhatsThis

from planner.core.journal.study import WeekStudy
from planner.core.sessions.charts import BurnUp, burn_up
from planner.core.weeks import add_weeks
from planner.ui import colours
from planner.ui.stats.charts import (
    BarChart,
    BurnUpChart,
    Chart,
    WeekChart,
    nice_step,
    value_ticks,
)

TODAY = dt.date(2026, 12, 2)  # Wednesday of 2026-W49
THIS_WEEK = "2026-W49"


def weeks(n: int, studied: float = 2.0, planned: float = 5.0) -> list[WeekStudy]:
    return [WeekStudy(add_weeks(THIS_WEEK, i - n + 1), planned, studied) for i in range(n)]


def shown(qtbot, chart: Chart) -> Chart:  # type: ignore[no-untyped-def]
    qtbot.addWidget(chart)
    chart.resize(520, 300)
    return chart


def accent_pixels(chart: Chart, top: int = 0) -> int:
    """How many pixels of a paint of ``chart`` (from ``top`` down) are in its accent
    colour (bars, the done line): none when it drew no bar."""
    image = chart.grab().toImage()
    accent = chart.colours().accent.rgb()
    return sum(1 for y in range(top, image.height(), 2) for x in range(0, image.width(), 2)
               if image.pixel(x, y) == accent)


def test_value_axis_steps_are_round_numbers() -> None:
    assert nice_step(25.0, 5) == 5.0
    assert nice_step(11.0, 5) == 2.5
    assert nice_step(0.9, 4) == 0.25
    assert nice_step(0.0, 4) == 1.0
    assert value_ticks(27.5, 5) == [0.0, 10.0, 20.0]  # 27.5 / 5 = 5.5: steps of 10
    assert value_ticks(5.0, 5) == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]


def test_weeks_with_nothing_planned_or_studied_say_so_instead_of_an_axis(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, WeekChart())
    chart.show_weeks(weeks(12, studied=0.0, planned=0.0))
    assert chart.empty_text == "Nothing planned or logged in the last 12 weeks yet."
    assert accent_pixels(chart) == 0
    assert chart.tip_at(QPointF(260, 150)) == ""


def test_one_week_one_pair_of_bars_and_its_tooltip(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, WeekChart())
    chart.show_weeks([WeekStudy(THIS_WEEK, 4.5, 3.25)])
    assert (chart.weeks, chart.planned, chart.studied) == ((THIS_WEEK,), (4.5,), (3.25,))
    assert not chart.empty_text and accent_pixels(chart) > 100
    assert chart.tip_at(QPointF(300, 250)) == (
        "Nov 30 – Dec 6 (2026-W49): 3.25 h logged of 4.5 h planned")
    assert chart.tip_at(QPointF(2, 2)) == ""  # the title, not a bar


def test_fifty_two_weeks_each_its_bar_the_last_this_week(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, WeekChart())
    rows = weeks(52)
    rows[-1] = WeekStudy(THIS_WEEK, 6.0, 9.0)
    chart.show_weeks(rows)
    assert len(chart.studied) == 52 and chart.weeks[-1] == THIS_WEEK
    assert chart.weeks[0] == "2025-W50"
    assert chart.top() == pytest.approx(9.9)  # the highest bar and some room
    assert accent_pixels(chart) > 100
    assert chart.tip_at(QPointF(chart.width() - 14, 200)).startswith("Nov 30 – Dec 6")


def burn(recent: list[float]):  # type: ignore[no-untyped-def]
    shown_weeks = [add_weeks(THIS_WEEK, i - 11) for i in range(12)]
    done = [float(2 * i) for i in range(12)]
    return burn_up(shown_weeks, done, 100.0, planned_finish="2027-W20", recent=recent,
                   recent_finish="2027-W30" if any(recent) else None)


def test_the_burn_up_draws_done_and_both_forecasts(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, BurnUpChart())
    chart.show_burn(burn([2.0, 2.0, 2.0, 2.0]), TODAY)
    assert chart.done[-1] == 22.0 and chart.scope == 100.0
    assert chart.xs[0] == -10.0 and chart.xs[-1] == pytest.approx(3 / 7)  # now: Wednesday
    assert [(f.finish, f.recent, f.end) for f in chart.forecasts] == [
        ("2027-W20", False, 25.0), ("2027-W30", True, 35.0)]  # 2026 has a W53; their Sundays
    assert chart.x_range() == (-10.0, 36.0)
    legend = [e.text for e in chart.legend(chart.colours())]
    assert legend == ["done", "at the planned budget: 2027-W20",
                      "at your last weeks' pace: 2027-W30"]
    assert chart.date_at(0) == dt.date(2026, 11, 30)
    assert accent_pixels(chart) > 50


def test_the_burn_up_without_recent_study_draws_the_planned_forecast_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, BurnUpChart())
    chart.show_burn(burn([0.0, 0.0, 0.0, 0.0]), TODAY)  # the window says why, in words
    assert [f.finish for f in chart.forecasts] == ["2027-W20"]
    assert len(chart.legend(chart.colours())) == 2


def test_a_list_with_no_hours_has_no_burn_up(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, BurnUpChart())
    chart.show_burn(burn_up([THIS_WEEK], [0.0], 0.0, planned_finish=None, recent=[],
                            recent_finish=None), TODAY)
    assert chart.empty_text and accent_pixels(chart) == 0


def test_bars_show_their_values_or_say_there_are_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, BarChart("Hours by category", "hours"))
    chart.show_bars([], [], [], empty_text="No study in the last 12 weeks yet.")
    assert chart.empty_text == "No study in the last 12 weeks yet."
    assert accent_pixels(chart) == 0
    chart.show_bars(["Maths", "Code"], [3.0, 1.5], ["3 h", "1.5 h"], empty_text="none")
    assert not chart.empty_text and accent_pixels(chart) > 100
    top, bottom = chart.bar_at(QPointF(300, 60)), chart.bar_at(QPointF(300, 230))
    assert (top, bottom) == (0, 1)
    assert chart.tip_at(QPointF(300, 230)) == "Code: 1.5 h"


def test_dark_and_light_palettes_give_different_colours(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, WeekChart())
    chart.show_weeks(weeks(12))
    chart.setPalette(QPalette(QColor("#efefef")))
    light = chart.colours()
    light_accent = accent_pixels(chart)
    chart.setPalette(colours.dark_palette())
    dark = chart.colours()
    assert dark.base == QColor("#1e1e1e") and dark.text == QColor("#e6e6e6")
    assert dark.muted == QColor(colours.MUTED.text.dark)  # the AA-checked pair's dark side
    assert light.muted == QColor(colours.MUTED.text.light)
    for role in ("base", "text", "muted", "grid", "planned"):
        assert getattr(light, role) != getattr(dark, role), role
    assert colours.luminance(dark.planned) > colours.luminance(dark.base)  # a bar, not a hole
    assert colours.luminance(light.planned) < colours.luminance(light.base)
    assert accent_pixels(chart) == light_accent > 0  # the same bars, in the new colours


def test_hovering_a_bar_shows_its_tooltip(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, WeekChart())
    chart.show_weeks([WeekStudy(THIS_WEEK, 4.5, 3.25)])
    chart.show()
    qtbot.waitExposed(chart)
    chart.grab()
    point = QPoint(300, 250)
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, point,
                                             chart.mapToGlobal(point)))
    assert QToolTip.text() == "Nov 30 – Dec 6 (2026-W49): 3.25 h logged of 4.5 h planned"
    QToolTip.hideText()


def test_a_paint_that_raises_ends_its_painter_and_the_app_goes_on(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt crashes on a widget's QPainter left active by an exception: the painter ends
    first, the exception is reported, and the next paint works."""

    class Broken(Chart):
        def paint_plot(self, painter, c, top) -> None:  # type: ignore[no-untyped-def]
            raise RuntimeError("a bug in a chart")

    chart = shown(qtbot, Broken("broken"))
    with pytest.raises(RuntimeError, match="a bug in a chart"):
        chart.grab()  # PySide raises it here; in the event loop it is printed
    chart.empty_text = "nothing"  # paint_plot is not called
    assert not chart.grab().isNull()


def test_a_burn_up_without_weeks_says_so_and_paints(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, BurnUpChart())
    chart.show_burn(BurnUp((), (), 10.0, "2027-W20", "", 0.0, 0, None, ""), TODAY)
    assert chart.xs == () and chart.empty_text == "No weeks to show yet: nothing to burn up."
    assert not chart.grab().isNull() and accent_pixels(chart) == 0
    assert chart.tip_at(QPointF(300, 200)) == ""


def test_a_burn_up_whose_series_do_not_match_draws_no_done_line(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, BurnUpChart())
    chart.show_burn(burn([2.0, 2.0, 2.0, 2.0]), TODAY)
    chart.grab()
    under_legend = int(chart._plot.top())
    assert accent_pixels(chart, under_legend) > 50
    chart.done = chart.done[:-1]  # one short: no line rather than an error in the paint
    assert not chart.grab().isNull() and accent_pixels(chart, under_legend) == 0
    assert chart.tip_at(QPointF(300, 200)) == ""


@pytest.mark.parametrize("values", [[math.nan, 2.0], [2.0, math.inf], [-math.inf, 2.0]])
def test_bars_that_are_not_numbers_count_as_nothing(qtbot, values) -> None:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, BarChart("Hours by category", "hours"))
    chart.show_bars(["Maths", "Code"], values, ["?", "2 h"], empty_text="none")
    assert not chart.grab().isNull()
    assert accent_pixels(chart) > 100  # the finite bar
    chart.show_bars(["Maths"], [math.nan], ["?"], empty_text="none")
    assert not chart.grab().isNull() and accent_pixels(chart) == 0


def test_weeks_that_are_not_numbers_count_as_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, WeekChart())
    chart.show_weeks([WeekStudy("2026-W48", math.nan, math.inf), WeekStudy(THIS_WEEK, 4.5, 3.0)])
    assert chart.top() == pytest.approx(4.95)
    assert not chart.grab().isNull() and accent_pixels(chart) > 100
    assert chart.tip_at(QPointF(100, 250)).endswith(": 0 h logged of 0 h planned")


def test_done_hours_over_the_scope_stay_in_the_plot(qtbot) -> None:  # type: ignore[no-untyped-def]
    """More done than the whole list (estimates lowered after the work): the axis goes
    up to the done hours, and nothing is drawn over the title and the legend."""
    def painted(done: tuple[float, ...]) -> tuple[BurnUpChart, QImage]:
        chart = shown(qtbot, BurnUpChart())
        chart.show_burn(BurnUp(("2026-W48", THIS_WEEK), done, 10.0, None, "", 0.0, 0, None,
                               ""), TODAY)
        return chart, chart.grab().toImage()

    over, over_image = painted((5.0, 20.0))
    assert over.top() >= 20.0
    within, within_image = painted((5.0, 9.0))
    assert within.top() == pytest.approx(10.8)
    above_plot = int(over._plot.top()) - over.fontMetrics().height() - 6  # over the unit
    assert above_plot > 20 and within._plot.top() == over._plot.top()
    assert (over_image.copy(0, 0, over.width(), above_plot)
            == within_image.copy(0, 0, within.width(), above_plot))


def test_whats_this_is_left_to_the_widget(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Only the tooltip is the chart's: a What's This help event is not swallowed."""
    chart = shown(qtbot, WeekChart())
    chart.show_weeks([WeekStudy(THIS_WEEK, 4.5, 3.25)])
    chart.setWhatsThis("Hours studied each week, against the hours planned.")
    chart.show()
    qtbot.waitExposed(chart)
    point = QPoint(300, 250)
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.WhatsThis, point,
                                             chart.mapToGlobal(point)))
    popups = [w for w in QApplication.topLevelWidgets()
              if w.metaObject().className() == "QWhatsThat" and w.isVisible()]
    assert len(popups) == 1
    QWhatsThis.hideText()


def test_a_negative_bar_is_drawn_as_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Not leftwards from the axis over the labels: no accent left of the plot."""
    chart = shown(qtbot, BarChart("Your pace by kind", "× the estimate"))
    chart.show_bars(["Notes (3 h)", "Video (1 h)"], [-0.5, 1.2], ["-0.50 ×", "1.20 ×"],
                    reference=1.0, empty_text="none")
    image = chart.grab().toImage()
    accent = chart.colours().accent.rgb()
    left = int(chart._plot.left())
    assert left > 20
    assert not any(image.pixel(x, y) == accent
                   for y in range(image.height()) for x in range(left - 1))
    assert accent_pixels(chart) > 100  # the other bar


def test_the_burn_up_tooltip_gives_the_done_hours_of_the_nearest_week(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, BurnUpChart())
    chart.show_burn(burn([2.0, 2.0, 2.0, 2.0]), TODAY)
    chart.grab()  # lays out the plot
    plot = chart._plot
    left, right = chart.x_range()

    def at(x: float) -> QPointF:
        return QPointF(plot.left() + (x - left) / (right - left) * plot.width(),
                       plot.center().y())

    assert chart.weeks[5] == "2026-W43" and chart.xs[5] == -5.0
    assert chart.tip_at(at(-5.0)) == "end of Oct 19 – Oct 25: 10 h done"
    assert chart.tip_at(at(-4.7)) == "end of Oct 19 – Oct 25: 10 h done"  # the nearest
    assert chart.tip_at(at(0.4)) == "now: 22 h done"
    assert chart.tip_at(at(20.0)) == ""  # the forecasts: no week of done hours there
    assert chart.tip_at(QPointF(plot.center().x(), 2)) == ""  # the title
