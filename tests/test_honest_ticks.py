"""Honest ticks (issue 14): checking a goal records the work that goal names, counted from
where the learner is; the tick belongs to its chunk through any re-plan; unchecking takes
back exactly what the check gave. In core with an injected clock, and through the command
line under faketime (the real clock path)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner.core.catalog.editing import update_resource
from planner.core.journal.events import Recorder
from planner.core.journal.fold import fold
from planner.core.journal.goals import fresh_plan, goal_key, is_goal_done
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.catalog import ReplaceCatalog
from planner.core.operations.planning import AcceptPlan, CheckGoal, GoalError
from planner.core.operations.progress import LogHours, RecordUnits
from planner.core.planning.plan import Goal
from planner.store.catalog_file import load_catalog
from tests.clock import Clock
from tests.conftest import SMALL_CATALOG

REPO = Path(__file__).resolve().parents[1]


def new_app(start: dt.datetime = dt.datetime(2026, 12, 2, 9, tzinfo=dt.timezone.utc)
            ) -> tuple[AppState, Clock]:
    clock = Clock(start)
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)),
                   recorder=Recorder("test", clock))
    return app, clock


def units(app: AppState, rid: str = "numpy-100") -> int:
    return app.progress(rid).units_done


STALE = Goal("numpy-100", 0.3, (68, 70))  # a goal of a plan made long ago


def test_a_stale_goal_credits_its_own_chunk_from_where_the_learner_is() -> None:
    """The reproduction: 'exercises 68–70' checked with 0 done recorded 70 of 100 (and a
    6 h resource done). Now it records the 3 exercises the goal names."""
    app, _ = new_app()
    app.apply(CheckGoal("2026-W49", STALE))
    assert units(app) == 3 and not app.progress("numpy-100").done
    tick = app.state.ticks[goal_key("2026-W49", STALE)]
    assert (tick.units, tick.gave) == ((68, 70), 3)
    assert is_goal_done(app, "2026-W49", STALE)  # checked: its tick, not its units
    app.apply(CheckGoal("2026-W49", STALE, checked=False))
    assert units(app) == 0 and goal_key("2026-W49", STALE) not in app.state.ticks


@pytest.mark.parametrize(("before", "after", "gave"), [
    (69, 70, 1),  # inside the chunk: it finishes the chunk
    (67, 70, 3),  # just before it: the whole chunk
    (80, 80, 0),  # past it already: nothing more to give
    (0, 3, 3),  # far behind: the chunk's size, no more
])
def test_what_a_check_gives_depends_on_where_the_learner_is(before: int, after: int,
                                                            gave: int) -> None:
    app, _ = new_app()
    if before:
        app.apply(RecordUnits("numpy-100", before))
    app.apply(CheckGoal("2026-W49", STALE))
    assert units(app) == after
    assert app.state.ticks[goal_key("2026-W49", STALE)].gave == gave
    app.apply(CheckGoal("2026-W49", STALE, checked=False))
    assert units(app) == before  # exactly what it gave, taken back


def test_the_uncheck_takes_back_what_the_check_gave_even_after_more_progress() -> None:
    app, clock = new_app()
    app.apply(CheckGoal("2026-W49", Goal("numpy-100", 1.0, (1, 10))))  # 0 → 10
    clock.now += dt.timedelta(days=2)
    app.apply(RecordUnits("numpy-100", 25))  # recorded in the tree since
    app.apply(CheckGoal("2026-W49", Goal("numpy-100", 1.0, (1, 10)), checked=False))
    assert units(app) == 15


def test_a_check_that_reaches_the_last_unit_finishes_and_its_uncheck_reopens() -> None:
    app, _ = new_app()
    app.apply(RecordUnits("numpy-100", 95))
    goal = Goal("numpy-100", 1.0, (91, 100))
    app.apply(CheckGoal("2026-W49", goal))
    assert app.progress("numpy-100").done and units(app) == 100
    app.apply(CheckGoal("2026-W49", goal, checked=False))
    assert not app.progress("numpy-100").done and units(app) == 95


def test_checking_twice_or_unchecking_an_unchecked_goal_is_refused_changing_nothing() -> None:
    app, _ = new_app()
    with pytest.raises(GoalError, match=r"“exercises 68–70 of 100 NumPy exercises .*” of "
                       r"2026-W49 is not checked"):
        app.apply(CheckGoal("2026-W49", STALE, checked=False))
    app.apply(CheckGoal("2026-W49", STALE))
    journal = list(app.state.journal)
    with pytest.raises(GoalError, match="is checked already"):
        app.apply(CheckGoal("2026-W49", STALE))
    assert app.state.journal == journal and units(app) == 3


def test_a_tick_stays_on_its_chunk_through_a_re_plan_and_the_next_week() -> None:
    """Ticked the week's first chunk, then re-planned mid-week, then a week passed: the
    week's record holds that chunk as done all along (a re-plan does not erase it), the
    open goals go on from the unit after it, and the tick is still on its chunk."""
    app, clock = new_app(dt.datetime(2026, 11, 30, 8, tzinfo=dt.timezone.utc))  # W49, Monday
    app.apply(AcceptPlan(fresh_plan(app)))
    plan = app.state.plan
    assert plan is not None
    week = plan.weeks[0]
    first = next(g for g in week.goals if g.units is not None)
    app.apply(CheckGoal(week.week, first))
    key = goal_key(week.week, first)

    def goals_of_it() -> list[Goal]:
        plan = app.state.plan
        assert plan is not None and plan.week(week.week) is not None
        return [g for g in plan.week(week.week).goals  # type: ignore[union-attr]
                if g.resource == first.resource]

    def record() -> Goal:
        [done] = [g for g in goals_of_it() if g.kind == "done"]
        return done

    assert record().units == first.units and is_goal_done(app, week.week, record())
    assert all(g.units[0] == first.units[1] + 1 for g in goals_of_it()  # type: ignore[index]
               if g.kind != "done" and g.units)
    clock.now += dt.timedelta(days=3, hours=20)  # Thursday night, past midnight UTC
    app.apply(AcceptPlan(fresh_plan(app)))  # re-plan from where the learner is
    assert record().units == first.units  # the week's record survives the re-plan
    assert app.state.ticks[key].units == first.units
    replanned = app.state.plan
    assert replanned is not None and replanned.week(week.week) is not None
    assert replanned.week(week.week).planned_hours <= week.budget  # type: ignore[union-attr]
    clock.now += dt.timedelta(days=7)  # the next week: the first change rolls it over
    app.apply(RecordUnits("calculus", 1) if app.resource("calculus").units
              else LogHours("calculus", 0.5))
    rolled = app.state.plan
    assert rolled is not None and rolled.start_week == "2026-W50"
    assert record().units == first.units  # history now, as it was
    assert fold(app.state.journal).ticks == app.state.ticks
    assert app.state.ticks[key].week == week.week


# ------------------------------------------------------------------ the command line

needs_faketime = pytest.mark.skipif(shutil.which("faketime") is None,
                                    reason="faketime (Debian package) is not installed")


def sp(when: str, data_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``study-planner --data-file F ARGS`` with the clock at ``when`` (faketime)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "TZ": "UTC"}
    return subprocess.run(["faketime", when, sys.executable, "-m", "planner", "--data-file",
                           str(data_file), *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)


def done_units(data_file: Path, rid: str) -> int:
    listed = json.loads(sp("2026-12-16 10:00:00", data_file, "list", "--json").stdout)
    [units] = [r["units"]["done"] for c in listed["categories"]
               for r in c.get("resources", []) if r["id"] == rid]
    return int(units)


@needs_faketime
def test_ticks_through_the_command_line_weeks_later(tmp_path: Path) -> None:
    """A plan accepted in 2026-W49; nothing done for two weeks. In W51 the missed sections
    are this week's goal, carried over (the reproduction showed 'section 5'): the first of
    them, in the theory track's part of the week; the learner checks it, then, past the
    week boundary, unchecks it: the record of W51 goes back to missed and the progress to
    where it was."""
    data = tmp_path / "planner.yaml"
    rid = "thomas-math-for-ml"
    assert sp("2026-12-01 10:00:00", data, "plan", "--replan").returncode == 0
    week51 = sp("2026-12-16 10:00:00", data, "week")
    assert "[ ] section 1 of Mathematics for Machine Learning (2 h)" in week51.stdout
    assert "section 5 " not in week51.stdout
    checked = sp("2026-12-16 10:00:00", data, "week", "--check", rid)
    assert checked.returncode == 0, checked.stderr
    assert "Checked section 1 of Mathematics for Machine Learning (2 h) in 2026-W51" in (
        checked.stdout)
    assert done_units(data, rid) == 1  # the section the goal names
    shown = sp("2026-12-17 00:00:01", data, "week").stdout
    assert "[x] section 1 of Mathematics for Machine Learning" in shown
    again = sp("2026-12-17 00:00:01", data, "week", "--check", rid)
    assert again.returncode == 1 and "is checked already" in again.stderr
    assert sp("2026-12-21 09:00:00", data, "week", "2026-W51", "--uncheck",
              rid).returncode == 0  # the next week, past a week boundary
    assert done_units(data, rid) == 0
    history = sp("2026-12-21 09:00:00", data, "week", "2026-W51").stdout
    assert "[ ] section 1 of Mathematics for Machine Learning" in history  # missed again
    text = data.read_text(encoding="utf-8")
    assert '"type": "tick", "w": "2026-W51", "r": "thomas-math-for-ml", "h": 2.0, ' \
           '"first": 1, "last": 1, "gave": 1}' in text
    assert '"type": "plan.rollover", "first": "2026-W49", "to": "2026-W51"' in text
    assert '"at": "2026-12-21T09:00:' in text  # the uncheck, at the faked time
    missing = sp("2026-12-21 09:00:00", data, "week", "--check", "pandas-cookbook")
    assert missing.returncode == 1 and "has no goal for pandas-cookbook" in missing.stderr


def test_a_check_after_the_count_was_lowered_below_the_units_done_gives_nothing_back() -> None:
    """10 exercises done, then the resource edited to 3 parts: a check of a goal on it
    finished it and recorded that it gave -7 units, a tick the data file refuses to hold,
    so the next save failed. It gives what is left of the count: nothing."""
    app, _ = new_app()
    app.apply(CheckGoal("2026-W49", Goal("numpy-100", 1.0, (1, 10))))
    app.apply(ReplaceCatalog(update_resource(app.catalog, "numpy-100",
                                             {"units": {"name": "part", "count": 3}}), "Edit"))
    goal = Goal("numpy-100", 0.5, (1, 1))
    app.apply(CheckGoal("2026-W49", goal))
    tick = app.state.ticks[goal_key("2026-W49", goal)]
    assert tick.gave == 0 and app.progress("numpy-100").done and units(app) == 3
    assert [e for e in app.state.journal if e.data.get("gave", 0) < 0] == []  # type: ignore[operator]
    app.apply(CheckGoal("2026-W49", goal, checked=False))
    assert goal_key("2026-W49", goal) not in app.state.ticks
    assert units(app) == 3  # what the check gave, nothing, taken back: all 3 parts done
