"""Spaced re-visits of finished readings (issue 17): the cards as a fold of review events
(fsrs), the re-visits in the weekly plan, and the `revisit` commands. Core tests use an
injected clock."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from planner import paths
from planner.core.journal.events import Recorder
from planner.core.journal.goals import current_plan, fresh_plan, is_goal_done
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import AcceptPlan, ChangeSettings, CheckGoal
from planner.core.operations.progress import SetDone
from planner.core.operations.revisits import RateResource, RevisitError, StopRevisits
from planner.core.planning.plan import REVISIT, Goal, Revisit, is_work
from planner.core.planning.scheduler import schedule
from planner.core.planning.settings import Settings, SettingsError
from planner.core.progress.rules import Progress, remaining_hours
from planner.core.revisits.cards import cards_of, revisit_minutes
from planner.core.weeks import monday, week_of
from planner.entry.cli.main import main
from planner.store.catalog_file import load_catalog
from planner.store.format_v2 import EventFormatError, event_from_line, event_line
from planner.store.state_file import StateFile
from tests.clock import Clock

UTC = dt.timezone.utc
MATRIX = "matrix-calculus-for-ml"  # 7 h: a 40-minute re-visit
COOKBOOK = "matrix-cookbook"


def new_app(day: dt.date = dt.date(2026, 12, 1)) -> tuple[AppState, Clock]:
    clock = Clock(dt.datetime.combine(day, dt.time(10), tzinfo=UTC))
    return AppState(PlannerState(catalog=load_catalog(paths.default_catalog_path())),
                    recorder=Recorder("t", clock)), clock


def store_at(tmp_path: Path) -> StateFile:
    return StateFile(tmp_path / "planner.yaml",
                     lambda: load_catalog(paths.default_catalog_path()))


def review_at_due(app: AppState, clock: Clock, rid: str, rating: str) -> int:
    """Go to the day ``rid`` falls due, rate it; the next interval in days."""
    due = app.cards()[rid].due
    clock.now = dt.datetime.combine(due, dt.time(10), tzinfo=UTC)
    app.apply(RateResource(rid, rating))
    return app.cards()[rid].interval_days


# ------------------------------------------------------------------ the cards


def test_intervals_grow_with_good_and_easy_and_shrink_with_again() -> None:
    app, clock = new_app()
    app.apply(SetDone(MATRIX, rating="good"))
    first = app.cards()[MATRIX].interval_days
    assert first >= 1
    good = review_at_due(app, clock, MATRIX, "good")
    easy = review_at_due(app, clock, MATRIX, "easy")
    assert first < good < easy
    again = review_at_due(app, clock, MATRIX, "again")
    assert again < easy
    assert [r.word for r in app.cards()[MATRIX].reviews] == ["good", "good", "easy", "again"]


def test_an_easy_first_rating_waits_longer_than_a_hard_one() -> None:
    app, _ = new_app()
    app.apply(SetDone(MATRIX, rating="hard"))
    app.apply(SetDone(COOKBOOK, rating="easy"))
    cards = app.cards()
    assert cards[COOKBOOK].interval_days > cards[MATRIX].interval_days


def test_the_due_day_is_when_recall_falls_to_the_desired_retention() -> None:
    app, clock = new_app()
    app.apply(SetDone(MATRIX, rating="good"))
    review_at_due(app, clock, MATRIX, "good")
    card = app.cards()[MATRIX]
    before = card.due - dt.timedelta(days=1)
    assert card.recall(before) > 0.9 - 0.01 and card.recall(card.due + dt.timedelta(days=3)) < 0.9
    assert card.recall(card.last.at.date()) == pytest.approx(1.0)
    # a higher retention brings every due day nearer: the cards follow the setting
    app.apply(ChangeSettings(retention=0.95))
    assert app.cards()[MATRIX].due < card.due


def test_ratings_are_checked_and_only_finished_resources_are_rated() -> None:
    app, _ = new_app()
    with pytest.raises(RevisitError, match="not finished"):
        app.apply(RateResource(MATRIX, "good"))
    length = len(app.state.journal)
    with pytest.raises(RevisitError, match="again, hard, good or easy"):
        app.apply(SetDone(MATRIX, rating="fine"))
    assert len(app.state.journal) == length  # nothing recorded, no id used
    assert app.recorder.last == 0
    with pytest.raises(RevisitError, match="no re-visits"):
        app.apply(StopRevisits(MATRIX))


def test_skip_stops_the_revisits_and_a_later_rating_starts_afresh() -> None:
    app, clock = new_app()
    app.apply(SetDone(MATRIX, rating="again"))
    app.apply(StopRevisits(MATRIX))
    assert MATRIX not in app.cards() and app.due_revisits() == []
    clock.now += dt.timedelta(days=30)
    app.apply(RateResource(MATRIX, "good"))
    assert len(app.cards()[MATRIX].reviews) == 1


def test_an_unfinished_resource_has_no_revisit_until_it_is_finished_again() -> None:
    app, _ = new_app()
    app.apply(SetDone(MATRIX, rating="good"))
    assert [d.resource for d in app.due_revisits()] == [MATRIX]
    app.apply(SetDone(MATRIX, False))
    assert app.due_revisits() == [] and MATRIX in app.cards()


def test_revisit_length_is_a_tenth_of_the_effort_within_15_minutes_and_2_hours() -> None:
    app, _ = new_app()
    resources = app.catalog.resources
    assert revisit_minutes(resources[MATRIX]) == 40  # 7 h
    assert revisit_minutes(resources[COOKBOOK]) == 20  # 3 h
    assert revisit_minutes(resources["foundations-of-data-science"]) == 120  # 95 h: capped
    assert all(15 <= revisit_minutes(r) <= 120 for r in app.catalog)


def test_a_resources_own_revisit_length_is_kept_planned_and_undone(tmp_path: Path) -> None:
    """Editable per resource (issue 17): 5 to 240 minutes, or back to the default; the plan's
    re-visit goal takes it; the file keeps it; undo takes it back."""
    from planner.core.catalog.model import CatalogError, catalog_from_data, catalog_to_data
    from planner.core.operations.catalog import SetRevisitMinutes

    app, clock = new_app()
    app.apply(AcceptPlan(fresh_plan(app)))
    app.apply(SetDone(MATRIX, rating="good"))
    applied = app.apply(SetRevisitMinutes(MATRIX, 60))  # within the share of 5 h (1.25 h)
    assert revisit_minutes(app.resource(MATRIX)) == 60
    for bad in (4, 241, 0):
        with pytest.raises(CatalogError, match="whole minutes from 5 to 240"):
            app.apply(SetRevisitMinutes(MATRIX, bad))
    data = catalog_to_data(app.catalog)
    assert catalog_from_data(data).resources[MATRIX].revisit_minutes == 60
    review_at_due(app, clock, MATRIX, "good")  # the next one weeks ahead, in a fresh week
    clock.now = dt.datetime.combine(monday(week_of(app.cards()[MATRIX].due)), dt.time(9),
                                    tzinfo=UTC)
    week = current_plan(app).week(week_of(app.today()))
    assert week is not None and week.goals[0] == Goal(MATRIX, 1.0, kind=REVISIT)
    store = store_at(tmp_path)
    store.save(app.state)
    assert store.load().state.catalog.resources[MATRIX].revisit_minutes == 60
    app.undo(applied)
    assert app.resource(MATRIX).revisit_minutes is None
    assert revisit_minutes(app.resource(MATRIX)) == 40


def test_settings_bound_retention_and_share() -> None:
    with pytest.raises(SettingsError, match=r"desired retention must be a number from 0\.7"):
        Settings(retention=0.5).validated()
    with pytest.raises(SettingsError, match="re-visit share must be a number from 0 to 1"):
        Settings(revisit_share=1.5).validated()
    assert Settings(retention=0.912).validated().retention == 0.91


# ------------------------------------------------------------------ the journal and the file


def test_review_events_round_trip_and_a_bad_log_is_refused(tmp_path: Path) -> None:
    app, _ = new_app()
    app.apply(SetDone(MATRIX, rating="good"))
    app.apply(SetDone(COOKBOOK, rating="hard"))
    app.apply(StopRevisits(COOKBOOK))
    app.apply(ChangeSettings(retention=0.85, revisit_share=0.3, ask_rating=False))
    store = store_at(tmp_path)
    store.save(app.state)
    written = store.path.read_bytes()
    loaded = store.load().state
    assert [(e.id, e.at, e.type, dict(e.data)) for e in loaded.journal] == [
        (e.id, e.at, e.type, dict(e.data)) for e in app.state.journal]
    assert {"review", "revisit.stop"} <= {e.type for e in loaded.journal}
    assert loaded.settings == app.settings
    assert cards_of(loaded.journal, 0.85) == cards_of(app.state.journal, 0.85)
    store.save(loaded)
    assert store.path.read_bytes() == written  # byte-stable
    review = next(e for e in app.state.journal if e.type == "review")
    line = event_line(review)
    assert event_from_line(line, ("journal", 0)) == review
    for bad in ('"rating": 5', '"rating": true', '"card_id": "x"'):
        key = bad.split(":")[0]
        broken = json.loads(line)
        broken["log"][key.strip('"')] = json.loads(bad.split(": ")[1])
        with pytest.raises(EventFormatError, match="review log"):
            event_from_line(json.dumps(broken), ("journal", 0))


def test_rating_undo_and_redo_leave_the_file_as_before(tmp_path: Path) -> None:
    app, _ = new_app()
    app.apply(AcceptPlan(fresh_plan(app)))
    app.apply(SetDone(MATRIX))
    store = store_at(tmp_path)
    store.save(app.state)
    before = store.path.read_bytes()
    plan_before = app.state.plan
    rated = app.apply(RateResource(MATRIX, "good"))
    store.save(app.state)
    after = store.path.read_bytes()
    assert after != before
    assert any(g.kind == REVISIT for w in app.state.plan.weeks for g in w.goals)
    app.undo(rated)
    store.save(app.state)
    assert store.path.read_bytes() == before and app.state.plan == plan_before
    assert app.cards() == {}
    app.redo(rated)
    store.save(app.state)
    assert store.path.read_bytes() == after
    # a re-rating (undo, then another rating) is as if only it had been made
    app.undo(rated)
    app.apply(RateResource(MATRIX, "easy"))
    assert [r.word for r in app.cards()[MATRIX].reviews] == ["easy"]


def test_the_same_history_gives_the_same_plan() -> None:
    def lived() -> AppState:
        app, clock = new_app()
        app.apply(AcceptPlan(fresh_plan(app)))
        for rid, rating in ((MATRIX, "good"), (COOKBOOK, "hard")):
            app.apply(SetDone(rid, rating=rating))
            clock.now += dt.timedelta(days=3)
        review_at_due(app, clock, MATRIX, "easy")
        return app

    one, two = lived(), lived()
    assert one.state.journal == two.state.journal
    assert one.state.plan == two.state.plan
    assert fresh_plan(one) == fresh_plan(two)


# ------------------------------------------------------------------ the plan


def test_a_revisit_is_planned_in_its_due_week_before_new_work() -> None:
    app, clock = new_app()
    app.apply(AcceptPlan(fresh_plan(app)))
    app.apply(SetDone(MATRIX, rating="good"))
    review_at_due(app, clock, MATRIX, "good")  # the next one weeks ahead
    due = app.cards()[MATRIX].due
    assert week_of(due) > week_of(app.today())
    clock.now = dt.datetime.combine(monday(week_of(due)), dt.time(9), tzinfo=UTC)
    plan = current_plan(app)
    week = plan.week(week_of(due))
    assert week is not None and week.goals[0] == Goal(MATRIX, 0.67, kind=REVISIT)
    assert not week.over_budget
    # checked off with a rating: a review, and the next re-visit is later; the week
    # keeps the one done, checked
    app.apply(CheckGoal(week.week, week.goals[0], rating="easy"))
    assert app.cards()[MATRIX].due > due
    after = current_plan(app).week(week.week)
    assert after is not None
    assert [g for g in after.goals if g.kind == REVISIT] == [Goal(MATRIX, 0.67, kind=REVISIT)]
    assert is_goal_done(app, week.week, after.goals[0])


def test_revisits_stay_within_the_share_and_the_rest_waits_with_a_warning() -> None:
    app, _ = new_app()
    catalog = app.catalog
    today = dt.date(2026, 12, 1)
    done = [r.id for r in catalog][:40]
    progress = {rid: Progress(done=True) for rid in done}
    revisits = [Revisit(rid, today, revisit_minutes(catalog.resources[rid]) / 60)
                for rid in done]
    settings = Settings(hours_per_week=6.0, revisit_share=0.25)
    plan = schedule(catalog, progress, settings, today=today, revisits=revisits)
    placed = [g for w in plan.weeks for g in w.goals if g.kind == REVISIT]
    assert sorted(g.resource for g in placed) == sorted(done)  # nothing due is lost
    for week in plan.weeks:
        assert sum(g.hours for g in week.goals if g.kind == REVISIT) <= 1.5 + 1e-9
        assert not week.over_budget
    assert any("re-visits pile up" in w for w in plan.warnings)
    # re-visits are extra: planned work and overflow are still exactly the remaining work
    for resource in catalog:
        if resource.id in progress:
            continue
        planned = sum(g.hours for w in plan.weeks for g in w.goals
                      if g.resource == resource.id and is_work(g))
        over = sum(i.hours for i in plan.overflow if i.resource == resource.id)
        assert planned + over == pytest.approx(remaining_hours(resource, app.progress(
            resource.id)), abs=0.011)
    # no share: no re-visit planned at all
    none = schedule(catalog, progress, Settings(hours_per_week=6.0, revisit_share=0.0),
                    today=today, revisits=revisits)
    assert not any(g.kind == REVISIT for w in none.weeks for g in w.goals)


def test_a_plan_with_revisits_is_kept_in_the_file(tmp_path: Path) -> None:
    app, _ = new_app()
    app.apply(SetDone(MATRIX, rating="again"))
    app.apply(AcceptPlan(fresh_plan(app)))
    assert any(g.kind == REVISIT for w in app.state.plan.weeks for g in w.goals)
    store = store_at(tmp_path)
    store.save(app.state)
    loaded = store.load().state.plan
    assert loaded is not None and loaded.weeks == app.state.plan.weeks


# ------------------------------------------------------------------ the command line


def run(data: Path, *args: str) -> int:
    return main(["--data-file", str(data), *args])


def test_the_revisit_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "planner.yaml"
    assert run(data, "progress", MATRIX, "--done", "--rating", "good") == 0
    assert run(data, "revisit", "rate", COOKBOOK, "good") == 1
    assert "not finished" in capsys.readouterr().err
    assert run(data, "progress", COOKBOOK, "--units", "3", "--rating", "good") == 1
    assert "--rating goes with --done" in capsys.readouterr().err
    assert run(data, "revisit", "list", "--json") == 0
    [item] = json.loads(capsys.readouterr().out)["revisits"]
    assert item["resource"] == MATRIX and item["minutes"] == 40
    assert 0.85 < item["recall"] < 0.95 and dt.date.fromisoformat(item["due"])
    assert run(data, "revisit", "rate", MATRIX, "easy") == 0
    assert "next re-visit" in capsys.readouterr().out
    assert run(data, "settings", "--retention", "0.8", "--revisit-share", "0.1") == 0
    out = capsys.readouterr().out
    assert "retention:      0.8" in out and "revisit share:  0.1" in out
    assert run(data, "settings", "--retention", "0.99") == 1
    assert "0.97" in capsys.readouterr().err
    assert run(data, "revisit", "stop", MATRIX) == 0
    assert run(data, "revisit", "list") == 0
    assert "no re-visits yet" in capsys.readouterr().out


def test_cards_folded_from_known_ones_equal_a_fold_from_scratch() -> None:
    app, clock = new_app()
    app.apply(SetDone(MATRIX, rating="good"))
    app.apply(SetDone(COOKBOOK, rating="hard"))
    first = app.cards()
    review_at_due(app, clock, MATRIX, "easy")
    again = app.cards()
    assert again[COOKBOOK] is first[COOKBOOK]  # not replayed
    assert again == cards_of(app.state.journal, app.settings.retention)
    assert again[MATRIX] != first[MATRIX]


def test_revisit_length_on_the_command_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    f = ("--data-file", str(tmp_path / "planner.yaml"))
    assert main([*f, "progress", MATRIX, "--done", "--rating", "good"]) == 0
    assert main([*f, "revisit", "length", MATRIX, "45"]) == 0
    assert "a re-visit takes 45 min (set by hand)" in capsys.readouterr().out
    assert main([*f, "revisit", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["revisits"][0]["minutes"] == 45
    for bad, says in (("2", "whole minutes from 5 to 240"), ("x", "whole minutes or 'default'")):
        assert main([*f, "revisit", "length", MATRIX, bad]) == 1
        assert says in capsys.readouterr().err
    assert main([*f, "revisit", "length", MATRIX, "default"]) == 0
    assert "a re-visit takes 40 min (the default)" in capsys.readouterr().out
