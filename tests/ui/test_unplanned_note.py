"""The window says a tick's note (a prerequisite not done) and the week's over-budget
warning when unplanned work was finished (tests/test_unplanned_tick.py for the core)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planner.core.journal.events import Recorder
from planner.core.journal.goals import fresh_plan
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import AcceptPlan
from planner.core.operations.progress import SetDone
from planner.store.catalog_file import load_catalog
from planner.ui.plan.panel import PlanPanel
from planner.ui.undo import UndoHistory
from tests.clock import Clock

BUNDLED = Path(__file__).parents[2] / "resources" / "catalogs" / "ml-research.yaml"


def test_the_note_and_the_over_budget_week_are_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(dt.datetime(2026, 12, 1, 10, tzinfo=dt.timezone.utc))
    app = AppState(PlannerState(catalog=load_catalog(BUNDLED)),
                   recorder=Recorder("t", clock))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    history = UndoHistory(app)
    panel = PlanPanel(app, history)
    qtbot.addWidget(panel)
    notes: list[str] = []
    history.noted.connect(notes.append)
    assert history.push(SetDone("matrix-cookbook")), history.last_refusal
    assert len(notes) == 1 and "prerequisite not done yet" in notes[0]
    assert "over budget" in panel.hours_label.text()
    text = panel.warnings.toPlainText()
    assert "2026-W49 is over budget" in text and "(The Matrix Cookbook)" in text
    assert history.push(SetDone("thomas-math-for-ml"))  # its prerequisites: none
    assert len(notes) == 1
