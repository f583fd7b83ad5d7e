"""Tracks (issue 14, "a plan that reads like a study plan"): categories that take a share of
the weekly hours, so that theory and practice move on side by side; a share a track cannot
use flows to the others that week."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner import paths
from planner.core.catalog.model import Catalog, CatalogError, catalog_from_data, catalog_to_data
from planner.core.journal.events import Recorder
from planner.core.journal.goals import (
    current_plan,
    fresh_plan,
    plan_is_out_of_date,
    weekly_review,
)
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.catalog import SetPriority, SetShares
from planner.core.operations.planning import AcceptPlan, CheckGoal
from planner.core.operations.progress import RecordUnits, SetDone
from planner.core.planning.plan import DONE, Plan, WeekPlan
from planner.core.planning.scheduler import schedule
from planner.core.planning.settings import Settings
from planner.core.planning.tracks import OTHER, tracks_of
from planner.core.progress.rules import Progress
from planner.core.weeks import add_weeks, monday, week_of
from planner.store.catalog_file import load_catalog
from tests.clock import Clock

TODAY = dt.date(2026, 1, 7)  # a Wednesday in 2026-W02
UTC = dt.timezone.utc
PAPER = "keshav-how-to-read-a-paper"


def two_tracks(theory: int | None = 50, practice: int | None = 50,
               extra: list[dict[str, Any]] | None = None, **practice_fields: Any) -> Catalog:
    """Two long books, one per category, each measured in 10 chapters of 2 h."""
    theory_cat: dict[str, Any] = {"id": "theory", "title": "Theory", "resources": [
        {"id": "maths", "title": "Maths", "effort_hours": 20,
         "units": {"name": "chapter", "count": 10}}]}
    practice_cat: dict[str, Any] = {"id": "practice", "title": "Practice", "resources": [
        {"id": "code", "title": "Code", "effort_hours": 20,
         "units": {"name": "chapter", "count": 10}, **practice_fields}, *(extra or [])]}
    if theory is not None:
        theory_cat["share"] = theory
    if practice is not None:
        practice_cat["share"] = practice
    return catalog_from_data({"title": "t", "categories": [theory_cat, practice_cat]})


def plan_of(catalog: Catalog, hours: float = 4, **kw: Any) -> Plan:
    return schedule(catalog, kw.pop("progress", {}), Settings(hours_per_week=hours),
                    today=TODAY, **kw)


def units_done(units: int) -> Progress:
    return Progress(units_done=units)


def hours_by_resource(plan: Plan, weeks: int) -> list[dict[str, float]]:
    out = []
    for week in plan.weeks[:weeks]:
        by: dict[str, float] = {}
        for goal in week.goals:
            by[goal.resource] = by.get(goal.resource, 0.0) + goal.hours
        out.append(by)
    return out


# ------------------------------------------------------------------ the catalog


def test_a_share_is_a_whole_percent_and_the_shares_add_up_to_100_at_most() -> None:
    catalog = two_tracks(60, 40)
    assert catalog.categories["theory"].share == 60
    assert catalog_to_data(catalog)["categories"][0]["share"] == 60  # type: ignore[index]
    assert catalog_from_data(catalog_to_data(catalog)).categories["practice"].share == 40
    for bad in (0, 101, 12.5, "half", True):
        with pytest.raises(CatalogError, match="'share' must be a whole percent from 1 to 100"):
            two_tracks(bad)  # type: ignore[arg-type]
    with pytest.raises(CatalogError, match=r"add up to 110 %.*Theory 60 %, Practice 50 %"):
        two_tracks(60, 50)


def test_a_resource_belongs_to_the_track_of_its_nearest_category_with_a_share() -> None:
    catalog = catalog_from_data({"title": "t", "categories": [
        {"id": "a", "title": "A", "share": 30, "categories": [
            {"id": "a1", "title": "A1", "resources": [{"id": "x", "title": "X"}]},
            {"id": "a2", "title": "A2", "share": 20, "resources": [{"id": "y", "title": "Y"}]},
        ]},
        {"id": "b", "title": "B", "resources": [{"id": "z", "title": "Z"}]},
    ]})
    tracks = tracks_of(catalog)
    assert [(t.id, t.share) for t in tracks.tracks] == [("a", 30), ("a2", 20), (OTHER, 50)]
    assert {rid: tracks.tracks[n].id for rid, n in tracks.of.items()} == {
        "x": "a", "y": "a2", "z": OTHER}
    assert not tracks_of(two_tracks(None, None)).split  # no share: one track, the whole week
    assert [t.id for t in tracks_of(two_tracks(60, 40)).tracks] == ["theory", "practice"]


# ------------------------------------------------------------------ the scheduler


def test_theory_and_practice_move_on_side_by_side_in_their_shares() -> None:
    one_line = plan_of(two_tracks(None, None))
    assert [set(w) for w in hours_by_resource(one_line, 3)] == [{"maths"}] * 3  # before
    plan = plan_of(two_tracks(50, 50))
    for week in hours_by_resource(plan, 5):
        assert week == {"maths": 2.0, "code": 2.0}  # a chapter each, every week
    plan = plan_of(two_tracks(75, 25), hours=8)
    weeks = hours_by_resource(plan, 3)  # maths is nearly done by the fourth
    assert all(set(w) == {"maths", "code"} for w in weeks)
    maths = sum(w["maths"] for w in weeks)
    code = sum(w["code"] for w in weeks)
    assert maths / (maths + code) == pytest.approx(0.75, abs=0.05)


def test_a_share_a_track_cannot_use_flows_to_the_others_that_week() -> None:
    # Practice waits for the whole maths book: until then theory has every hour.
    plan = plan_of(two_tracks(50, 50, prerequisites=["maths"]))
    weeks = hours_by_resource(plan, 5)
    assert weeks[:5] == [{"maths": 4.0}] * 5
    # Theory finished: practice has the whole week.
    done = {"maths": units_done(10)}
    assert hours_by_resource(plan_of(two_tracks(50, 50), progress=done), 3) == [
        {"code": 4.0}] * 3
    # When the parts do not fall on the chapters (2.8 h and 1.2 h of 4 h, chapters of 2 h)
    # what one track cannot use goes to the other: 40 h take 10 weeks and a bit of an 11th.
    plan = plan_of(two_tracks(70, 30))
    assert len(plan.weeks) <= 11
    assert sum(w.planned_hours for w in plan.weeks[:10]) >= 40 - 2.0


def test_a_small_share_saves_up_for_a_paper_kept_whole_instead_of_crumbs() -> None:
    paper = {"id": "paper", "title": "Paper", "effort_hours": 2, "kind": "paper"}
    catalog = catalog_from_data({"title": "t", "categories": [
        {"id": "theory", "title": "Theory", "share": 90, "resources": [
            {"id": "maths", "title": "Maths", "effort_hours": 60}]},
        {"id": "papers", "title": "Papers", "share": 10, "resources": [paper]},
    ]})
    plan = plan_of(catalog, hours=5)  # 0.5 h a week for papers: the paper takes 4 weeks' part
    goals = [(w.week, g.hours) for w in plan.weeks for g in w.goals if g.resource == "paper"]
    assert len(goals) == 1 and goals[0][1] == 2.0  # whole, not four half hours
    assert goals[0][0] <= add_weeks(week_of(TODAY), 4)
    for week in plan.weeks:
        for goal in week.goals:
            assert goal.hours >= 0.5


def test_a_chapter_longer_than_a_tracks_part_is_read_in_that_part_each_week() -> None:
    catalog = catalog_from_data({"title": "t", "categories": [
        {"id": "theory", "title": "Theory", "share": 60, "resources": [
            {"id": "maths", "title": "Maths", "effort_hours": 60}]},
        {"id": "practice", "title": "Practice", "share": 40, "resources": [
            {"id": "code", "title": "Code", "effort_hours": 25,
             "units": {"name": "chapter", "count": 5}}]},  # 5 h chapters, 2 h a week
    ]})
    weeks = hours_by_resource(plan_of(catalog, hours=5), 6)
    assert all(set(w) == {"maths", "code"} for w in weeks)  # never a week of one chapter
    assert all(w["code"] == pytest.approx(2.0) for w in weeks)


def test_hours_studied_this_week_are_charged_to_their_own_track() -> None:
    catalog = two_tracks(50, 50)
    # Theory's part of this week (2 h) is studied already: what is left goes to practice.
    plan = plan_of(catalog, progress={"maths": units_done(1)},
                   used_hours={"maths": 2.0})
    assert hours_by_resource(plan, 2) == [{"code": 2.0}, {"maths": 2.0, "code": 2.0}]
    # As a bare number, the rest of the week is shared as before.
    plan = plan_of(catalog, progress={"maths": units_done(1)}, used_hours=2.0)
    assert set(hours_by_resource(plan, 1)[0]) <= {"maths", "code"}


def test_same_catalog_same_plan_and_the_work_adds_up() -> None:
    catalog = two_tracks(30, 60, extra=[{"id": "x", "title": "X", "effort_hours": 3}])
    assert plan_of(catalog) == plan_of(catalog)
    plan = plan_of(catalog)
    assert sum(w.planned_hours for w in plan.weeks) == pytest.approx(43.0)


# ------------------------------------------------------------------ in the app, over time


def learner() -> tuple[AppState, Clock]:
    clock = Clock(dt.datetime(2026, 12, 1, 10, tzinfo=UTC))
    app = AppState(PlannerState(catalog=load_catalog(paths.default_catalog_path())),
                   recorder=Recorder("t", clock))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    return app, clock


def test_the_bundled_catalog_interleaves_its_tracks_week_after_week() -> None:
    app, clock = learner()
    tracks = tracks_of(app.catalog)
    assert [(t.id, t.share) for t in tracks.tracks] == [
        ("theoretical", 50), ("programming", 40), ("research-papers", 10)]
    seen: list[set[str]] = []
    for _ in range(8):  # the learner does every goal of units, week after week
        week = current_plan(app).week(week_of(app.today()))
        assert week is not None
        names = {tracks.tracks[tracks.of[g.resource]].id for g in week.goals}
        assert "theoretical" in names, week  # started maths keeps its weekly place
        seen.append(names)
        for goal in week.goals:
            resource = app.resource(goal.resource)
            if goal.units is not None and goal.kind != DONE:
                app.apply(RecordUnits(resource.id, goal.units[1]))
        clock.now += dt.timedelta(weeks=1)
    # Programming gives way in a week the papers track has saved up for its 2 h paper
    # (10 % of 5 h a week: by the fourth week), and only then
    assert sum("programming" in names for names in seen) >= 6
    assert "research-papers" in set().union(*seen[:4])
    assert all("programming" in names or "research-papers" in names for names in seen)


def test_a_learner_who_does_the_plan_finds_next_week_as_it_was_promised() -> None:
    # Every roll-over planned the weeks ahead from nothing saved: the papers track (10 %,
    # 0.5 h a week) saved up for its 2 h paper within each plan, but started again every
    # week, so "How to Read a Paper", promised for the fourth week, was a week later at
    # each roll-over and never came. Each track's credit is now carried from the weeks
    # before; a learner who checks every goal finds the next weeks as they were planned.
    app, clock = learner()
    promised = current_plan(app)
    first = week_of(app.today())
    paper = [w.week for w in promised.weeks if any(g.resource == PAPER for g in w.goals)]
    assert paper and paper[0] == add_weeks(first, 3)
    for n in range(4):
        this_week = week_of(app.today())
        plan = current_plan(app)
        for later in (w for w in plan.weeks if w.week >= this_week):
            before = promised.week(later.week)
            assert before is not None
            assert sorted(goals_of(later)) == sorted(goals_of(before)), later.week
        week = plan.week(this_week)
        assert week is not None
        for goal in week.goals:
            app.apply(CheckGoal(this_week, goal))
        promised = current_plan(app)
        if n < 3:  # Sunday 23:59, then Monday 00:01
            clock.now = dt.datetime.combine(monday(add_weeks(this_week, 1)), dt.time(0, 1),
                                            tzinfo=UTC) - dt.timedelta(minutes=2)
            assert week_of(app.today()) == this_week
            clock.now += dt.timedelta(minutes=2)
    assert app.progress(PAPER).done  # in the week first promised
    assert week_of(app.today()) == paper[0]


def goals_of(week: WeekPlan) -> list[tuple[str, float, tuple[int, int] | None]]:
    return [(g.resource, g.hours, g.units) for g in week.goals]


def test_a_share_edit_waits_for_the_re_plan_and_its_preview_names_it() -> None:
    app, _ = learner()
    before = current_plan(app)
    app.apply(SetShares({"theoretical": 80, "programming": 10}))
    assert plan_is_out_of_date(app)  # the banner offers the re-plan
    app.apply(RecordUnits("thomas-math-for-ml", 1))  # a tick follows the accepted plan
    followed = current_plan(app)
    assert followed.basis is not None and followed.basis.shares == {
        "theoretical": 50, "programming": 40, "research-papers": 10}
    this_week = week_of(app.today())
    later = [w for w in followed.weeks if w.week > this_week][:3]
    old_later = [w for w in before.weeks if w.week > this_week][:3]
    assert [w.goals for w in later] != [] and later[0].budget == old_later[0].budget
    fresh = fresh_plan(app)  # the re-plan adopts the new shares and says why things moved
    assert any(m.reason.startswith("shares of the week changed: Theoretical 50 % → 80 %, "
                                   "Programming 40 % → 10 %") for m in fresh.moves), fresh.moves


def test_a_priority_edit_waits_for_the_re_plan_too() -> None:
    app, _ = learner()
    app.apply(SetPriority("pandas-cookbook", 1))
    app.apply(RecordUnits("thomas-math-for-ml", 1))
    followed = current_plan(app)
    assert followed.basis is not None and followed.basis.priorities["pandas-cookbook"] == 3
    assert plan_is_out_of_date(app)
    adopted = fresh_plan(app)
    assert adopted.basis is not None and adopted.basis.priorities["pandas-cookbook"] == 1


def test_set_shares_is_one_undoable_change_and_refused_past_100() -> None:
    app, _ = learner()
    with pytest.raises(CatalogError, match="add up to 140 %"):
        app.apply(SetShares({"theoretical": 90}))
    applied = app.apply(SetShares({"theoretical": 60, "programming": 30}))
    assert app.catalog.categories["theoretical"].share == 60
    assert [e.type for e in app.state.journal[-2:]] == ["category.set", "category.set"]
    app.undo(applied)
    assert app.catalog.categories["theoretical"].share == 50
    assert app.catalog.categories["programming"].share == 40


def test_what_the_plan_was_made_with_outlives_a_restart(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The plan's basis is in the file: an edit made later (here by the command line, a
    process of its own) leaves following as it was, shows as out of date after a restart,
    and the re-plan names it."""
    from planner.entry.cli.main import main
    from planner.entry.wiring import open_state_file

    data = tmp_path / "planner.yaml"
    f = ("--data-file", str(data))
    assert main([*f, "plan", "--replan"]) == 0
    assert main([*f, "settings", "--share", "theoretical=70", "--share", "programming=20"]) == 0
    assert main([*f, "progress", "pandas-cookbook", "--units", "1"]) == 0  # follows the plan
    capsys.readouterr()
    store = open_state_file(data)
    state = store.load().state
    assert state.plan is not None and state.plan.basis is not None
    assert state.plan.basis.shares == {"theoretical": 50, "programming": 40,
                                       "research-papers": 10}
    app = AppState(state)
    assert plan_is_out_of_date(app)
    assert main([*f, "plan", "--replan"]) == 0
    out = capsys.readouterr().out
    assert "(shares of the week changed: Theoretical 50 % → 70 %, Programming 40 % → 20 %)" \
        in out
    assert not plan_is_out_of_date(AppState(open_state_file(data).load().state))


def maths_weeks(plan: Plan, since: str) -> list[tuple[str, tuple[int, int] | None]]:
    return [(w.week, g.units) for w in plan.weeks if w.week >= since for g in w.goals
            if g.resource == "thomas-math-for-ml" and g.kind != DONE]


def test_getting_ahead_on_started_maths_brings_it_on_week_after_week() -> None:
    # Tuesday of 2026-W49: the learner reads 2 of the 5 sections of maths at once. Before,
    # the theory track's credit fell short of a 2 h section and later work of the track
    # (or a new resource) took maths' place the next week.
    app, clock = learner()
    this_week = week_of(app.today())
    before = maths_weeks(current_plan(app), this_week)
    assert before[0] == (this_week, (1, 1))
    app.apply(RecordUnits("thomas-math-for-ml", 2))
    plan = current_plan(app)
    after = maths_weeks(plan, add_weeks(this_week, 1))
    assert after[0] == (add_weeks(this_week, 1), (3, 3))
    assert after[-1][0] <= before[-1][0]  # its finish is not later
    finish = after[-1][0]
    for n in (1, 2):  # follow the plan into the next two weeks, Sunday night to Monday
        monday = dt.datetime.combine(dt.date(2026, 11, 30) + dt.timedelta(weeks=n),
                                     dt.time(0, 1), tzinfo=UTC)
        clock.now = monday - dt.timedelta(minutes=2)  # Sunday, 23:59
        assert week_of(app.today()) == add_weeks(this_week, n - 1)
        clock.now = monday
        week = current_plan(app).week(week_of(app.today()))
        assert week is not None
        goals = {g.resource: g for g in week.goals}
        assert goals["thomas-math-for-ml"].units == (2 + n, 2 + n), week  # the very next
        for goal in week.goals:  # the learner does the week's goals
            if goal.units is not None and goal.kind != DONE:
                app.apply(RecordUnits(goal.resource, goal.units[1]))
        assert maths_weeks(current_plan(app), week.week)[-1][0] <= finish


def test_checking_the_weeks_maths_leaves_the_rest_of_its_track_in_the_week() -> None:
    # The week's section of maths, checked, had its weekly place; before, it still held
    # the theory track's gap, so 3Blue1Brown (planned beside it) left the week and its
    # hours went to NumPy. The other goals of the week stay as they were; done next, they
    # are the week's goals done, not work outside the plan.
    app, clock = learner()
    this_week = week_of(app.today())
    week = current_plan(app).week(this_week)
    assert week is not None
    planned = [(g.resource, g.hours, g.units) for g in week.goals]
    assert planned[0][0] == "thomas-math-for-ml" and len(planned) == 3
    for n, goal in enumerate(week.goals):
        applied = app.apply(CheckGoal(this_week, goal))
        assert applied.note == ""
        clock.now += dt.timedelta(hours=5)
        now = current_plan(app).week(this_week)
        assert now is not None
        assert sorted((g.resource, g.hours, g.units) for g in now.goals) == sorted(planned)
        assert {g.resource for g in now.goals if g.kind == DONE} == {
            p[0] for p in planned[:n + 1]}
    review = weekly_review(app, this_week)
    assert review.done_hours == review.planned_hours == sum(p[1] for p in planned)
    assert review.ahead_hours == 0


def test_the_last_chapter_is_not_split_inside_when_a_week_holds_it() -> None:
    # Maths' first chapter fills theory's turn; of what practice leaves (1.5 h), the
    # last chapter took 1.5 h and a half-hour crumb of the same chapter came next week
    # ("chapters 1–2", then "chapter 2" again). Now it waits for a week with room for it.
    catalog = catalog_from_data({"title": "t", "categories": [
        {"id": "theory", "title": "Theory", "share": 50, "resources": [
            {"id": "maths", "title": "Maths", "effort_hours": 4,
             "units": {"name": "chapter", "count": 2}}]},
        {"id": "practice", "title": "Practice", "share": 50, "resources": [
            {"id": "code", "title": "Code", "effort_hours": 1.5}]},
    ]})
    plan = plan_of(catalog, hours=5)
    assert [[(g.resource, g.hours, g.units) for g in w.goals] for w in plan.weeks] == [
        [("maths", 2.0, (1, 1)), ("code", 1.5, None)], [("maths", 2.0, (2, 2))]]


def test_reading_the_paper_ahead_of_the_plan_leaves_the_weeks_goals_as_they_were() -> None:
    """A new user's walk-through (2026-W50): How to Read a Paper, planned for W52, read
    in W50 swapped the week's "videos 3–4 of 3Blue1Brown" for more NumPy. Finished, the
    papers track had no work left, so its part of the week went to the others, and the
    week was dealt again. Studied in the week, it keeps its part of it, as when the week
    began: the week's goals stay (the paper is work outside them, over the budget)."""
    app, clock = learner()
    for goal in current_plan(app).week("2026-W49").goals:  # type: ignore[union-attr]
        app.apply(CheckGoal("2026-W49", goal))
    clock.now = dt.datetime(2026, 12, 8, 10, tzinfo=UTC)
    before = current_plan(app).week("2026-W50")
    assert before is not None
    paper = "keshav-how-to-read-a-paper"
    assert paper not in {g.resource for g in before.goals}
    app.apply(SetDone(paper, rating="skip"))  # no re-visit to make room for
    after = current_plan(app).week("2026-W50")
    assert after is not None
    assert [g for g in after.goals if g.resource != paper] == list(before.goals)
    assert [(g.resource, g.kind) for g in after.goals if g.resource == paper] == [
        (paper, DONE)]
