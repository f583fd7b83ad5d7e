"""Business rules of the core, tested without Qt: progress, summaries, the change path."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.core.journal.state import AppState, PlannerState, UnknownResourceError
from planner.core.operations.catalog import SetDeadline, SetPriority
from planner.core.operations.planning import ChangeSettings, Pin
from planner.core.operations.progress import EditNotes, LogHours, RecordUnits, SetDone
from planner.core.progress.rules import Progress, ProgressError, Status, remaining_hours
from planner.core.progress.summary import summarize_category
from planner.core.weeks import WeekError, add_weeks, parse_week, week_of
from planner.store.catalog_file import load_catalog
from tests.conftest import SMALL_CATALOG

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def app() -> AppState:
    return AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)), today=lambda: TODAY)


def test_partial_progress_shrinks_remaining_effort(app: AppState):
    linalg = app.resource("linalg")  # 6 h, 6 chapters
    assert remaining_hours(linalg, Progress()) == 6
    app.apply(RecordUnits("linalg", 2))
    assert app.remaining("linalg") == pytest.approx(4)
    assert app.status("linalg") is Status.IN_PROGRESS
    app.apply(LogHours("calculus", 1))
    assert app.remaining("calculus") == pytest.approx(2)


def test_all_units_done_means_done_and_done_sets_all_units(app: AppState):
    app.apply(RecordUnits("linalg", 6))
    progress = app.progress("linalg")
    assert progress.done and progress.finished == TODAY and app.remaining("linalg") == 0
    app.apply(SetDone("numpy-100"))
    assert app.progress("numpy-100").units_done == 100


def test_undone_clears_progress_but_keeps_notes(app: AppState):
    app.apply(EditNotes("linalg", "ch. 3 is hard"))
    app.apply(SetDone("linalg"))
    app.apply(SetDone("linalg", False))
    assert app.progress("linalg") == Progress(notes="ch. 3 is hard")


def test_bad_progress_is_refused_with_a_reason(app: AppState):
    with pytest.raises(ProgressError, match="from 0 to 6"):
        app.apply(RecordUnits("linalg", 7))
    with pytest.raises(ProgressError, match="has no units"):
        app.apply(RecordUnits("calculus", 1))
    with pytest.raises(ProgressError, match="above 0"):
        app.apply(LogHours("calculus", 0))
    with pytest.raises(UnknownResourceError) as info:
        app.apply(SetDone("numpy"))
    assert "numpy-100" in str(info.value)


def test_apply_returns_what_undo_takes_back_and_notifies(app: AppState):
    seen = []
    app.subscribe(seen.append)
    change = RecordUnits("linalg", 3)
    inverse = app.apply(change)
    assert app.revision == 1 and [u.resource_ids for u in seen] == [{"linalg"}]
    assert len(app.state.journal) == 1
    app.undo(inverse)
    assert app.progress("linalg") == Progress() and app.state.journal == []
    assert "linalg" not in app.state.progress
    app.apply(change)
    assert app.progress("linalg").units_done == 3 and len(app.state.journal) == 1


def test_settings_pins_and_fields_undo(app: AppState):
    inverse = app.apply(ChangeSettings(hours_per_week=8))
    assert app.settings.hours_per_week == 8
    app.undo(inverse)
    assert app.settings.hours_per_week == 5
    inverse = app.apply(Pin("linalg", "2026W50"))
    assert app.state.pins == {"linalg": "2026-W50"}
    app.undo(inverse)
    assert app.state.pins == {}
    inverse = app.apply(SetPriority("linalg", 1))
    assert app.resource("linalg").priority == 1
    app.undo(inverse)
    assert app.resource("linalg").priority == 3
    with pytest.raises(ValueError, match="priority"):
        app.apply(SetPriority("linalg", 0))


def test_category_summary(app: AppState):
    app.apply(SetDone("calculus"))
    maths = app.catalog.categories["maths"]
    summary = summarize_category(maths, app.state.progress, app.catalog.someday)
    assert (summary.total, summary.done, summary.todo) == (2, 1, 1)
    assert summary.remaining_hours == 6


def test_iso_weeks():
    assert week_of(dt.date(2026, 11, 24)) == "2026-W48"
    assert week_of(dt.date(2027, 1, 1)) == "2026-W53"
    assert parse_week("2026w48".upper()) == "2026-W48"
    assert add_weeks("2026-W52", 2) == "2027-W01"
    with pytest.raises(WeekError, match="2026 has no week 54"):
        parse_week("2026-W54")
    with pytest.raises(WeekError, match="not an ISO week"):
        parse_week("next week")


def test_a_deadline_in_the_past_is_refused(app: AppState):
    with pytest.raises(ValueError, match=r"2026-11-01 .* is in the past"):
        app.apply(SetDeadline("linalg", dt.date(2026, 11, 1)))
    inverse = app.apply(SetDeadline("linalg", TODAY))
    assert app.resource("linalg").deadline == TODAY
    app.undo(inverse)
    assert app.resource("linalg").deadline is None
