"""The statistics window (issue 15): opened by View ▸ Statistics (Ctrl+Shift+S), it shows
the hours per week and the streaks of the sessions logged through the core, follows the
state while open, switches between 12 and 52 weeks, and takes its colours from the
palette. Its module is imported when it opens, not at start-up, and no plotting library
at all (its charts are painted with QPainter: tests/ui/test_stats_charts.py)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette

from planner.core.hours import format_hours
from planner.core.journal.events import Recorder
from planner.core.journal.goals import fresh_plan
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import AcceptPlan
from planner.core.operations.sessions import LogSession
from planner.store.catalog_file import load_catalog
from planner.ui.main_window import MainWindow
from tests.clock import Clock
from tests.ui.conftest import SMALL_CATALOG, Windows

UTC = dt.timezone.utc
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def opened(windows: Windows) -> tuple[MainWindow, AppState, Clock]:
    clock = Clock(dt.datetime(2026, 12, 2, 18, 0, tzinfo=UTC))  # Wednesday of 2026-W49
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)),
                   recorder=Recorder("test", clock))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    app.apply(LogSession("linalg", 60, dt.date(2026, 11, 30)))
    app.apply(LogSession("numpy-100", 30, dt.date(2026, 12, 1)))
    app.apply(LogSession("linalg", 90))
    return windows.open(app=app), app, clock


def stats_window(window: MainWindow):  # type: ignore[no-untyped-def]
    from planner.ui.stats.window import StatsWindow

    found = window.findChildren(StatsWindow)
    assert len(found) <= 1
    return found[0] if found else None


def test_the_shortcut_opens_the_view_with_the_weeks_and_the_streak(
        qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, app, _ = opened
    assert window.stats_action.shortcut() == QKeySequence("Ctrl+Shift+S")
    assert window.stats_action in window.menuBar().actions()[2].menu().actions()  # View
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    qtbot.keyClick(window, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    view = stats_window(window)
    assert view is not None and view.isVisible()
    planned = app.plan_today().week("2026-W49").planned_hours  # type: ignore[union-attr]
    assert view.this_week.text() == f"This week: 3 h logged of {planned:g} h planned"
    assert view.totals.text().startswith("Last 12 weeks: 3 h logged of ")
    assert view.streak.text() == "Streak: 3 days (longest 3 days)"
    heights = view.weeks_chart.studied
    assert len(heights) == 12 and heights[-2:] == (0.0, 3.0)
    assert view.weeks_chart.planned[-1] == planned and not view.weeks_chart.empty_text
    assert view.heat.heat is not None and view.heat.heat.at(dt.date(2026, 12, 2)) == 1.5
    assert [s.label for s in view.view.categories] == ["Maths", "Code"]
    # kinds as the detail pane writes them
    assert sorted(view.pace_chart.labels) == ["Exercises (0.5 h)", "Notes (2.5 h)"]


def test_the_view_follows_a_session_logged_while_it_is_open(
        qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, _app, clock = opened
    window.stats_action.trigger()
    view = stats_window(window)
    clock.now = dt.datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # Thursday: the streak goes on
    assert window.history.push(LogSession("calculus", 45))
    qtbot.waitUntil(lambda: view.this_week.text().startswith("This week: 3.75 h logged of "))
    assert view.streak.text() == "Streak: 4 days (longest 4 days)"
    assert view.weeks_chart.studied[-1] == 3.75
    window.undo()
    qtbot.waitUntil(lambda: view.this_week.text().startswith("This week: 3 h logged of "))
    view.close()  # a change while it is hidden is read when it is shown again
    assert window.history.push(LogSession("calculus", 30))
    window.stats_action.trigger()
    assert view.this_week.text().startswith("This week: 3.5 h logged of ")


def test_on_a_small_screen_the_view_fits_it_and_scrolls_only_up_and_down(
        qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    """It opened 1040 × 800 whatever the screen: on a 1366 × 768 laptop, or at 2×, its
    bottom and right were off the screen, and narrower it could not go."""
    from PySide6.QtWidgets import QScrollArea

    window, _, _ = opened
    window.stats_action.trigger()
    view = stats_window(window)
    screen = view.screen().availableGeometry()
    assert screen.width() < 1040 / 0.9 or screen.height() < 800 / 0.9  # the test's premise
    assert view.width() <= screen.width() * 0.9 and view.height() <= screen.height() * 0.9
    view.resize(560, 380)
    scroll = view.findChild(QScrollArea)
    qtbot.waitUntil(lambda: scroll.viewport().width() <= 560)
    assert scroll.horizontalScrollBar().maximum() == 0  # the header wraps, charts narrow
    assert scroll.verticalScrollBar().maximum() > 0  # the rest is a scroll away


def test_twelve_or_fifty_two_weeks_and_one_window_kept(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, _, _ = opened
    window.stats_action.trigger()
    view = stats_window(window)
    view.span.setCurrentIndex(1)
    assert view.totals.text().startswith("Last 52 weeks: 3 h logged")
    assert len(view.weeks_chart.studied) == 52 and view.heat.heat.weeks == 52
    assert len(view.burn_chart.done) == 52
    view.close()
    assert not view.isVisible()
    window.stats_action.trigger()  # the same window again, as it was left
    assert stats_window(window) is view and view.isVisible()
    assert view.weeks == 52


def test_the_charts_paint_in_the_colours_of_the_palette(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    """Each chart painted under a light and a dark palette: its background is the
    palette's base, and its bars or done line are in the palette's highlight."""
    window, _, _ = opened
    window.stats_action.trigger()
    view = stats_window(window)
    charts = (view.weeks_chart, view.burn_chart, view.category_chart, view.pace_chart)
    for base, text, accent in (("#ffffff", "#1a1a1a", "#1565c0"),
                               ("#1e1e1e", "#e6e6e6", "#3d8fd6")):
        palette = QPalette(view.palette())
        palette.setColor(QPalette.ColorRole.Base, QColor(base))
        palette.setColor(QPalette.ColorRole.Text, QColor(text))
        palette.setColor(QPalette.ColorRole.Highlight, QColor(accent))
        view.setPalette(palette)
        for chart in charts:
            assert not chart.empty_text, chart.title
            image = chart.grab().toImage()
            assert image.pixelColor(2, 2) == QColor(base), chart.title
            assert any(image.pixelColor(x, y) == QColor(accent)
                       for y in range(0, image.height(), 2)
                       for x in range(0, image.width(), 2)), chart.title
        assert view.heat.shades()[4] == QColor(accent)


def test_start_up_does_not_import_the_view_and_opening_it_imports_no_plotting_library(
        tmp_path: Path) -> None:
    """A fresh interpreter (this one has imported the view in another test): the window up
    and idle without the view's module, then View ▸ Statistics imports it, and neither
    pyqtgraph nor numpy (their import alone would use up the first open's time budget:
    docs/performance.md)."""
    script = textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from planner.core.journal.state import AppState
        from planner.entry.wiring import open_state_file
        from planner.ui.main_window import MainWindow
        qapp = QApplication([])
        store = open_state_file(Path({str(tmp_path / 'planner.yaml')!r}))
        store.acquire()
        window = MainWindow(AppState(store.load().state), store, explicit=True)
        window.show()
        for _ in range(5):
            qapp.processEvents()
        names = ("planner.ui.stats.window", "pyqtgraph", "numpy")
        before = [m for m in names if m in sys.modules]
        window.stats_action.trigger()
        qapp.processEvents()
        after = [m for m in names if m in sys.modules]
        window.autosave.detach()
        store.release()
        print(json.dumps([before, after]))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120,
                          env={**__import__("os").environ, "PYTHONPATH": str(ROOT),
                               "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    before, after = json.loads(done.stdout.strip().splitlines()[-1])
    assert before == []
    assert after == ["planner.ui.stats.window"]


def test_a_long_category_is_cut_on_the_axis_and_whole_in_its_tooltip(
        qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, _, _ = opened
    window.stats_action.trigger()
    view = stats_window(window)
    long = "Mathematics for machine learning, the second part"
    maths = view.view.categories[0]
    view._draw(replace(view.view, categories=(replace(maths, label=long),)))
    chart = view.category_chart
    assert chart.labels == ("Mathematics for machine l…",)  # LABEL_CHARS
    chart.resize(520, 300)
    chart.grab()
    assert chart.tip_at(QPointF(300, 60)) == f"{long}: {format_hours(maths.hours)}"
    assert chart.accessibleDescription() == f"{long}: {format_hours(maths.hours)}"


def test_the_summary_lines_use_the_width_and_do_not_wrap_when_there_is_room(
        qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, _, _ = opened
    window.show_stats()
    view = stats_window(window)
    assert view is not None
    view.resize(1040, 800)
    qtbot.waitUntil(lambda: view.this_week.width() > 0)
    for label in (view.this_week, view.totals, view.streak):
        one_line = label.fontMetrics().horizontalAdvance(label.text())
        assert label.width() >= one_line, (label.text(), label.width(), one_line)
