"""The journal's core (work in progress, issue 13): operations record events, progress and
ticks are folds of them, and undo returns to the state before, exactly."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.catalog.model import CatalogError
from planner.core.journal.events import Recorder, clock_at, split_id
from planner.core.journal.fold import fold
from planner.core.journal.state import AppState, Changed, Operation, PlannerState
from planner.core.operations.catalog import SetDeadline, SetPriority
from planner.core.operations.planning import CheckGoal, GoalError, Pin
from planner.core.operations.progress import EditNotes, LogHours, RecordUnits, SetDone
from planner.core.planning.plan import Goal
from planner.core.progress.rules import ProgressError
from planner.store.catalog_file import load_catalog
from tests.conftest import SMALL_CATALOG

NOON = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.timezone.utc)


def new_app() -> AppState:
    return AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)),
                    recorder=Recorder("dev1", clock_at(NOON)))


def snapshot(app: AppState) -> tuple[object, ...]:
    state = app.state
    fields = {rid: (r.priority, r.deadline) for rid, r in state.catalog.resources.items()}
    return (dict(state.progress), dict(state.ticks), dict(state.pins), list(state.journal),
            state.settings, fields, state.catalog_is_default)


def test_an_operation_records_its_events_and_the_fold_follows():
    app = new_app()
    heard: list[Changed] = []
    app.subscribe(lambda update: heard.append(update.flags))
    app.apply(RecordUnits("linalg", 2))
    app.apply(LogHours("calculus", 1.25))
    app.apply(EditNotes("calculus", "chain rule\x07"))
    assert [e.type for e in app.state.journal] == ["units", "hours", "notes"]
    assert [split_id(e.id) for e in app.state.journal] == [("dev1", 1), ("dev1", 2), ("dev1", 3)]
    assert app.progress("linalg").units_done == 2
    assert app.progress("linalg").started == NOON.date()
    assert app.progress("calculus").hours_logged == 1.25
    assert app.progress("calculus").notes == "chain rule\ufffd"  # text stays text
    assert fold(app.state.journal).progress == app.state.progress
    assert heard[0] & Changed.PROGRESS and heard[2] & Changed.NOTES
    assert not heard[2] & Changed.PROGRESS


def test_the_last_unit_finishes_and_undone_keeps_the_notes():
    app = new_app()
    app.apply(EditNotes("linalg", "keep me"))
    app.apply(RecordUnits("linalg", 6))
    assert app.progress("linalg").done
    app.apply(SetDone("linalg", False))
    assert not app.progress("linalg").done and app.progress("linalg").notes == "keep me"


def test_bad_input_is_the_users_error_and_changes_nothing():
    app = new_app()
    before = snapshot(app)
    with pytest.raises(ProgressError):
        app.apply(RecordUnits("linalg", 7))
    with pytest.raises(ProgressError):
        app.apply(LogHours("linalg", 0))
    with pytest.raises(CatalogError):
        app.apply(SetDeadline("linalg", NOON.date() - dt.timedelta(days=1)))
    assert snapshot(app) == before


def test_a_tick_names_its_chunk_and_unticking_takes_back_what_it_gave():
    app = new_app()
    goal = Goal("numpy-100", 2.0, (1, 20))
    app.apply(CheckGoal("2026-W49", goal))
    tick = app.state.ticks["2026-W49 numpy-100 1-20"]
    assert (tick.units, tick.hours, tick.gave) == ((1, 20), 2.0, 20)
    assert app.progress("numpy-100").units_done == 20
    app.apply(CheckGoal("2026-W49", goal, checked=False))
    assert "2026-W49 numpy-100 1-20" not in app.state.ticks
    assert app.progress("numpy-100").units_done == 0


def test_a_validator_refusal_leaves_no_event():
    app = new_app()
    from planner.core.journal.state import ChangeRefusedError, WriteProblem

    app.validator = lambda state, flags: WriteProblem("make the file too big", too_big=True)
    with pytest.raises(ChangeRefusedError, match="shorten the notes"):
        app.apply(EditNotes("linalg", "x" * 10))
    assert app.state.journal == [] and app.revision == 0


OPERATIONS = st.one_of(
    st.builds(SetDone, st.sampled_from(["linalg", "calculus", "numpy-100"]), st.booleans()),
    st.builds(RecordUnits, st.just("numpy-100"), st.integers(0, 100)),
    st.builds(LogHours, st.sampled_from(["linalg", "calculus"]),
              st.floats(0.01, 20).map(lambda h: round(h, 2))),
    st.builds(EditNotes, st.sampled_from(["linalg", "calculus"]), st.text(max_size=20)),
    st.builds(SetPriority, st.sampled_from(["linalg", "calculus"]), st.integers(1, 5)),
    st.builds(Pin, st.sampled_from(["linalg", "calculus"]),
              st.sampled_from([None, "2026-W50", "2027-W02"])),
    st.builds(CheckGoal, st.sampled_from(["2026-W49", "2026-W50"]),
              st.sampled_from([Goal("numpy-100", 1.0, (1, 10)), Goal("calculus", 1.5)]),
              st.booleans()),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(OPERATIONS, max_size=25))
def test_any_operations_undone_return_the_first_state_and_redo_the_last(
        operations: list[Operation]) -> None:
    app = new_app()
    first = snapshot(app)  # copies of the containers; their values are immutable
    applied = []
    for op in operations:
        # a goal checked twice, or unchecked while not checked: refused, nothing happened
        with contextlib.suppress(GoalError):
            applied.append(app.apply(op))
    assert fold(app.state.journal).progress == app.state.progress
    assert fold(app.state.journal).ticks == app.state.ticks
    last = snapshot(app)
    for done in reversed(applied):
        app.undo(done)
    assert snapshot(app) == first
    for done in applied:
        app.redo(done)
    assert snapshot(app) == last


def test_adopt_replaces_the_state_in_one_step_every_part_told():
    """Another machine's version merged in (planner/ui/file_follower.py): one update naming
    every part and resource, the recorder counting on after the new journal."""
    from planner.core.journal.state import EVERYTHING

    app = new_app()
    other = AppState(PlannerState.from_journal(app.catalog, list(app.state.journal)),
                     recorder=Recorder(app.recorder.device))
    other.apply(RecordUnits("numpy-100", 4))
    heard = []
    app.subscribe(heard.append)
    revision = app.revision
    app.adopt(other.state, "Merge")
    assert app.state is other.state and app.progress("numpy-100").units_done == 4
    assert app.revision == revision + 1
    assert [u.flags for u in heard] == [EVERYTHING]
    assert heard[0].resource_ids == frozenset(app.catalog.resources)
    taken = {e.id for e in app.state.journal}
    assert app.apply(SetDone("calculus")).events[0].id not in taken  # counted on after them


def test_adopt_refused_by_the_validator_changes_nothing():
    from planner.core.journal.state import ChangeRefusedError, WriteProblem

    app = new_app()
    before = app.state
    other = PlannerState.from_journal(app.catalog, [])
    app.validator = lambda state, parts: (WriteProblem("be too big") if state is other
                                          else None)
    with pytest.raises(ChangeRefusedError, match="would be too big"):
        app.adopt(other, "Merge")
    assert app.state is before and app.revision == 0
