"""Undo and redo over operations, and the flags bridge (work in progress, issue 13)."""

from __future__ import annotations

import datetime as dt

from planner.core.journal.events import Recorder, clock_at
from planner.core.journal.state import AppState, Changed, PlannerState
from planner.core.operations.progress import EditNotes, RecordUnits
from planner.store.catalog_file import load_catalog
from planner.ui.bridge import bridge_for
from planner.ui.undo import UndoHistory
from tests.conftest import SMALL_CATALOG

NOON = dt.datetime(2026, 12, 2, 12, tzinfo=dt.timezone.utc)


def test_undo_redo_and_a_notes_session_merged(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)),
                   recorder=Recorder("dev1", clock_at(NOON)))
    history = UndoHistory(app)
    heard: list[Changed] = []
    bridge_for(app).changed.connect(lambda update: heard.append(update.flags))
    assert history.push(RecordUnits("linalg", 3))
    assert history.push(lambda: EditNotes("linalg", "a"), merge_key=("notes", "linalg", 1))
    assert history.push(lambda: EditNotes("linalg", "ab"), merge_key=("notes", "linalg", 1))
    assert history.stack.count() == 2  # the two notes edits are one step
    assert not history.push(RecordUnits("linalg", 99))
    assert "from 0 to 6" in history.last_refusal
    history.stack.undo()
    assert app.progress("linalg").notes == "" and app.progress("linalg").units_done == 3
    assert len(app.state.journal) == 1
    history.stack.undo()
    assert app.state.journal == [] and app.progress("linalg").is_empty
    history.stack.redo()
    history.stack.redo()
    assert app.progress("linalg").notes == "ab" and len(app.state.journal) == 3
    assert heard[0] & Changed.PROGRESS and heard[1] & Changed.NOTES
