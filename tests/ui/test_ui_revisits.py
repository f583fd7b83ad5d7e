"""Re-visits in the window (issue 17): finishing a resource asks how well it could be
explained; the answer and the check are one undoable change; the re-visit shows in its
due week (an injected clock moved there) with its icon and text, and checking it off asks
again. The detail pane shows the memory of a finished resource."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from planner.core.journal.events import Recorder
from planner.core.journal.goals import fresh_plan
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import AcceptPlan
from planner.core.planning.plan import REVISIT
from planner.core.weeks import monday, week_of
from planner.store.catalog_file import load_catalog
from planner.ui.main_window import MainWindow
from planner.ui.rating_dialog import QUESTION, RatingDialog
from tests.clock import Clock
from tests.ui.conftest import SMALL_CATALOG, Windows

UTC = dt.timezone.utc
CHECK = Qt.ItemDataRole.CheckStateRole


class Answers:
    """Answers the rating dialog as the learner would, and keeps what it asked."""

    def __init__(self) -> None:
        self.queue: list[str | None] = []
        self.asked: list[tuple[str, str]] = []

    def exec_(self, dialog: RatingDialog) -> int:
        texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
        self.asked.append((dialog.windowTitle(), texts))
        answer = self.queue.pop(0)
        if answer is None:
            dialog.reject()
            return int(dialog.result())
        return int(dialog.choose(answer))


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    found = Answers()
    monkeypatch.setattr(RatingDialog, "exec", lambda dialog: found.exec_(dialog))
    return found


@pytest.fixture
def opened(windows: Windows) -> tuple[MainWindow, AppState, Clock]:
    clock = Clock(dt.datetime(2026, 12, 2, 18, 0, tzinfo=UTC))  # Wednesday of 2026-W49
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)),
                   recorder=Recorder("test", clock))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    return windows.open(app=app), app, clock


def test_finish_rate_revisit_in_its_week_check_it_off_and_rate_again(  # type: ignore[no-untyped-def]
        opened, answers) -> None:
    window, app, clock = opened
    model = window.model
    index = model.index_of_id("linalg")
    answers.queue = ["hard"]
    assert model.setData(index, Qt.CheckState.Checked, CHECK)
    title, text = answers.asked[-1]
    assert title == "Finished" and "Linear" in text and QUESTION in text
    assert app.progress("linalg").done
    card = app.cards()["linalg"]
    assert [r.word for r in card.reviews] == ["hard"]

    # one change: undo takes the rating back with the check, redo brings both
    window.undo_action.trigger()
    assert not app.progress("linalg").done and "linalg" not in app.cards()
    window.redo_action.trigger()
    assert app.progress("linalg").done and [r.word for r in app.cards()["linalg"].reviews] == \
        ["hard"]

    # closing the question unanswered checks nothing
    other = model.index_of_id("calculus")
    answers.queue = [None]
    assert not model.setData(other, Qt.CheckState.Checked, CHECK)
    assert not app.progress("calculus").done

    # the detail pane: last review, next, recall today, ratings
    window.panel.select("linalg")
    memory = window.pane.resource_page.memory
    assert memory.isVisibleTo(window.pane)
    assert f"next {card.due.isoformat()}" in memory.text() and "hard" in memory.text()
    assert "recall today ≈ 100%" in memory.text()

    # the re-visit's week (its due week, or the next when that one is full already: here
    # the 6 h of Linear Algebra fill this week's 5): a goal with its icon and text
    planned = next(w.week for w in app.plan_today().weeks
                   if any(g.kind == REVISIT for g in w.goals))
    assert planned in (week_of(card.due), week_of(card.due + dt.timedelta(days=7)))
    clock.now = dt.datetime.combine(max(card.due, monday(planned)), dt.time(9), tzinfo=UTC)
    window._check_week()
    window.plan.show_week(planned)
    weeks = window.plan.week_model
    rows = [weeks.index(r) for r in range(weeks.rowCount())]
    revisit = next(i for i in rows if weeks.goal(i).kind == REVISIT)
    assert weeks.data(revisit).startswith("Re-visit: Linear Algebra")
    assert weeks.data(revisit).endswith(" min)")
    assert not weeks.data(revisit, Qt.ItemDataRole.DecorationRole).isNull()
    study = next((i for i in rows if weeks.goal(i).kind != REVISIT), None)
    assert study is None or weeks.data(study, Qt.ItemDataRole.DecorationRole) is None

    # checking it off asks again; the rating sets the next due day
    answers.queue = ["good"]
    assert weeks.setData(revisit, Qt.CheckState.Checked, CHECK)
    assert answers.asked[-1][0] == "Re-visit"
    reviews = [r.word for r in app.cards()["linalg"].reviews]
    assert reviews == ["hard", "good"]
    assert app.cards()["linalg"].due > card.due
    # it stays in the week, checked, and its minutes count done in the week
    rows = [weeks.index(r) for r in range(weeks.rowCount())]
    done = [i for i in rows if weeks.goal(i).kind == REVISIT]
    assert len(done) == 1 and weeks.data(done[0], CHECK) == Qt.CheckState.Checked
    window.undo_action.trigger()
    assert [r.word for r in app.cards()["linalg"].reviews] == ["hard"]
    rows = [weeks.index(r) for r in range(weeks.rowCount())]
    back = [i for i in rows if weeks.goal(i).kind == REVISIT]
    assert len(back) == 1 and weeks.data(back[0], CHECK) == Qt.CheckState.Unchecked


def test_enter_answers_good_and_each_answer_keeps_its_accelerator(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Enter (or keypad Enter) with the dialog just opened answers Good, not Again (the
    first button, where the focus used to start); Alt+A/H/G/E/S stay each answer's own.
    (The offscreen platform delivers no mnemonic to a test's key click: the shortcuts are
    checked as registered.)"""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest

    for key, modifier in [(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)]:
        dialog = RatingDialog("Linear Algebra")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        QTest.keyClick(dialog.focusWidget() or dialog, key, modifier)
        assert dialog.answer == "good"
    keys = {word: button.shortcut() for word, button in dialog.answer_buttons.items()}
    assert keys == {word: QKeySequence(f"Alt+{word[0].upper()}") for word in keys}


def test_with_the_question_off_nothing_is_asked_and_skip_means_no_revisits(  # type: ignore[no-untyped-def]
        opened, answers) -> None:
    window, app, _ = opened
    answers.queue = ["skip"]
    window.panel.select("linalg")
    page = window.pane.resource_page
    page.done_box.click()
    assert app.progress("linalg").done and "linalg" not in app.cards()
    assert "not rated" in page.memory.text()
    window.undo_action.trigger()
    assert not app.progress("linalg").done

    from planner.ui.session_settings import SessionSettingsDialog

    dialog = SessionSettingsDialog(app, window.history, window)
    dialog.ask_rating.setChecked(False)
    assert dialog.apply()
    assert app.settings.ask_rating is False
    asked = len(answers.asked)
    assert window.model.setData(window.model.index_of_id("linalg"), Qt.CheckState.Checked, CHECK)
    assert len(answers.asked) == asked and app.progress("linalg").done
    assert "linalg" not in app.cards()


def test_the_pane_sets_a_resources_own_revisit_length(opened, answers, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, app, _ = opened
    answers.queue = ["good"]
    assert window.model.setData(window.model.index_of_id("linalg"), Qt.CheckState.Checked,
                                CHECK)
    window.panel.select("linalg")
    page = window.pane.resource_page
    spin = page.revisit_length
    assert spin.isVisibleTo(window.pane)
    assert spin.value() == 0 and spin.text().startswith("Default (")  # a tenth of 6 h: 35
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "50")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert app.resource("linalg").revisit_minutes == 50
    assert app.due_revisits()[0].minutes == 50
    window.undo_action.trigger()  # one undoable change
    assert app.resource("linalg").revisit_minutes is None and spin.value() == 0
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "3")  # under 5 minutes: refused, and the pane shows what holds
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert app.resource("linalg").revisit_minutes is None and spin.value() == 0
