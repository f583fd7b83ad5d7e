"""`plan` and `week` on the command line, and the accepted plan in the state file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from planner.core.journal.goals import goal_key, is_goal_done
from planner.core.journal.state import AppState
from planner.core.operations.catalog import ReplaceCatalog
from planner.core.operations.planning import AcceptPlan, ChangeSettings, CheckGoal
from planner.core.operations.progress import SetDone
from planner.core.weeks import week_of
from planner.entry.cli.main import main
from planner.entry.wiring import open_state_file


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_json_has_the_contract_fields(capsys, data_file: Path):
    code, out, _ = run(capsys, "--data-file", str(data_file), "plan", "--json", "--weeks", "3")
    assert code == 0
    doc = json.loads(out)
    assert doc["hours_per_week"] == 5
    assert len(doc["weeks"]) == 3
    week = doc["weeks"][0]
    assert week["week"] == week_of(dt.date.today())
    assert 0 < week["planned_hours"] <= 5
    item = week["items"][0]
    assert set(item) >= {"resource", "title", "hours", "units", "kind"}
    assert isinstance(doc["overflow"], list) and isinstance(doc["warnings"], list)
    total = sum(i["hours"] for w in json.loads(run(capsys, "--data-file", str(data_file),
                                                    "plan", "--json")[1])["weeks"]
                for i in w["items"])
    overflow = sum(o["hours"] for o in doc["overflow"])
    assert total + overflow == pytest.approx(273, abs=0.1)  # the bundled catalog's effort
    assert not data_file.exists()  # showing the plan writes nothing


def test_a_first_launch_plans_the_whole_bundled_list_with_nothing_to_warn_about(
        capsys, data_file: Path):
    code, out, _ = run(capsys, "--data-file", str(data_file), "plan", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["overflow"] == [] and doc["warnings"] == []
    assert sum(i["hours"] for w in doc["weeks"] for i in w["items"]) == pytest.approx(273)


def test_a_stored_horizon_is_kept_and_a_missing_one_is_the_default(capsys, data_file: Path):
    data_file.write_text("schema_version: 2\nsettings:\n  hours_per_week: 5\n"
                         "  horizon_weeks: 52\n")
    code, out, _ = run(capsys, "--data-file", str(data_file), "settings")
    assert code == 0 and "horizon:        52 weeks" in out
    doc = json.loads(run(capsys, "--data-file", str(data_file), "plan", "--json")[1])
    assert {o["reason"] for o in doc["overflow"]} <= {
        "does not fit in the 52-week horizon you set at 5 h a week",
        "the rest does not fit in the 52-week horizon you set at 5 h a week",
    }
    assert doc["overflow"]
    data_file.write_text("schema_version: 2\nsettings:\n  hours_per_week: 5\n")
    code, out, _ = run(capsys, "--data-file", str(data_file), "settings")
    assert code == 0 and "horizon:        520 weeks" in out


def test_week_defaults_to_this_week_and_validates(capsys, data_file: Path):
    code, out, _ = run(capsys, "--data-file", str(data_file), "week", "--json")
    assert code == 0 and json.loads(out)["week"] == week_of(dt.date.today())
    code, _, err = run(capsys, "--data-file", str(data_file), "week", "next")
    assert code == 1 and "'next' is not an ISO week" in err
    code, out, _ = run(capsys, "--data-file", str(data_file), "week", "2040-W01")
    assert code == 0 and out.startswith("2040-W01 (Jan 2 – Jan 8): nothing planned of 5 h")


def test_replan_reports_moves_and_keeps_the_plan(capsys, data_file: Path):
    assert run(capsys, "--data-file", str(data_file), "plan", "--replan")[0] == 0
    assert "plan:" in data_file.read_text()
    run(capsys, "--data-file", str(data_file), "settings", "--hours-per-week", "10")
    code, out, _ = run(capsys, "--data-file", str(data_file), "plan", "--replan")
    assert code == 0 and "moved:" in out
    _, out, _ = run(capsys, "--data-file", str(data_file), "plan", "--json")
    assert json.loads(out)["hours_per_week"] == 10


def test_checking_a_goal_records_its_units_and_round_trips(data_file: Path):
    store = open_state_file(data_file)
    result = store.load()
    app = AppState(result.state)
    from planner.entry.cli.plan import fresh_plan

    app.apply(ChangeSettings(horizon_weeks=52))  # a plan with overflow and warnings to keep
    app.apply(AcceptPlan(fresh_plan(app)))
    week = app.state.plan.weeks[0]
    goal = next(g for g in week.goals if g.units)
    inverse = app.apply(CheckGoal(week.week, goal, True))
    assert app.progress(goal.resource).units_done == goal.units[1]
    assert is_goal_done(app, week.week, goal)
    store.save(app.state)
    loaded = open_state_file(data_file).load().state
    # What the file keeps of a plan: its weeks (history) and basis figures, exactly.
    assert loaded.plan.weeks == app.state.plan.weeks
    assert loaded.plan.start_week == app.state.plan.start_week
    assert loaded.plan.overflow == app.state.plan.overflow
    assert loaded.plan.warnings == app.state.plan.warnings and loaded.plan.warnings
    assert goal_key(week.week, goal) in loaded.ticks
    app.undo(inverse)
    assert app.progress(goal.resource).units_done == 0
    assert not is_goal_done(app, week.week, goal)


def test_the_plan_is_out_of_date_after_settings_or_catalog_changes(data_file: Path):
    from planner.core.catalog.editing import add_resource, delete_nodes
    from planner.core.journal.goals import fresh_plan, plan_is_out_of_date

    app = AppState(open_state_file(data_file).load().state)
    assert not plan_is_out_of_date(app)  # no plan yet: nothing to be out of
    app.apply(AcceptPlan(fresh_plan(app)))
    assert not plan_is_out_of_date(app)
    app.apply(SetDone("3blue1brown"))
    assert not plan_is_out_of_date(app)  # progress is following the plan
    undo = app.apply(ChangeSettings(hours_per_week=7))
    assert plan_is_out_of_date(app)
    app.undo(undo)
    added = add_resource(app.catalog, "theoretical", {"title": "A new paper"})
    undo = app.apply(ReplaceCatalog(added, "Add"))
    assert plan_is_out_of_date(app)  # a new resource is in neither the weeks nor overflow
    app.undo(undo)
    assert not plan_is_out_of_date(app)
    app.apply(ReplaceCatalog(delete_nodes(app.catalog, ["matrix-cookbook"]), "Delete"))
    assert plan_is_out_of_date(app)


def test_replan_says_the_new_finish_week_next_to_the_old(capsys, data_file: Path) -> None:
    """After a re-plan the learner sees the new date beside the old one (issue 14), and the
    forecast says the same."""
    def finish() -> str | None:
        code, out, _ = run(capsys, "--data-file", str(data_file), "forecast", "--json")
        assert code == 0
        return json.loads(out)["whole"]["finish"]  # type: ignore[no-any-return]

    assert run(capsys, "--data-file", str(data_file), "plan", "--replan")[0] == 0
    old = finish()
    assert run(capsys, "--data-file", str(data_file), "settings", "--hours-per-week",
               "20")[0] == 0
    code, out, err = run(capsys, "--data-file", str(data_file), "plan", "--replan")
    assert code == 0, err
    new = finish()
    assert new is not None and new != old
    assert out.strip().splitlines()[-1] == (
        f"the list finishes in {new} (was {old or 'beyond the plan'})")
    code, out, _ = run(capsys, "--data-file", str(data_file), "forecast", "--json")
    assert json.loads(out)["whole"]["previous"] == old


def test_the_weeks_header_gives_the_finish_as_the_plan_stands_after_a_re_plan(
        capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new user's walk-through: a week begun behind said "the list finishes in 2027-W37
    (was 2027-W36)" still after `plan --replan` had moved the finish to 2032-W50: the
    roll-over's finish, not the plan's."""
    from tests.test_sessions import cli_at

    data = str(tmp_path / "planner.yaml")

    def run(*argv: str) -> str:
        code = main(["--data-file", data, *argv])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    utc = dt.timezone.utc
    cli_at(monkeypatch, dt.datetime(2026, 12, 1, 10, tzinfo=utc))
    first = run("plan", "--replan").splitlines()[-1]  # "the list finishes in W"
    cli_at(monkeypatch, dt.datetime(2026, 12, 8, 10, tzinfo=utc))  # W49 skipped
    header = run("week").splitlines()[1]
    assert "behind: missed work is carried over" in header
    run("settings", "--hours-per-week", "10")
    finish = run("plan", "--replan").splitlines()[-1].split("finishes in ")[1].split()[0]
    assert finish not in first  # the re-plan moved it
    header = run("week").splitlines()[1]
    assert f"the list finishes in {finish} (was " in header, header


def test_a_review_of_a_week_not_begun_is_refused_and_a_streak_of_one_is_a_day(
        capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new user's walk-through: `review 2027-W10` printed a review of a week months away
    ("done 0 h (0 of 2 goals)"), and `stats` said "streak: 1 days"."""
    from tests.test_sessions import cli_at

    data = str(tmp_path / "planner.yaml")
    cli_at(monkeypatch, dt.datetime(2026, 12, 2, 18, tzinfo=dt.timezone.utc))
    assert main(["--data-file", data, "plan", "--replan"]) == 0
    capsys.readouterr()
    assert main(["--data-file", data, "review", "2027-W10"]) == 1
    err = capsys.readouterr().err
    assert "2027-W10 has not begun" in err and "2026-W49" in err and err.count("\n") == 1
    assert main(["--data-file", data, "review", "2026-W49"]) == 0  # this week: so far
    assert main(["--data-file", data, "session", "log", "thomas-math-for-ml",
                 "--minutes", "30"]) == 0
    capsys.readouterr()
    assert main(["--data-file", data, "stats"]) == 0
    assert "streak: 1 day (longest 1 day)" in capsys.readouterr().out


def test_a_late_check_of_a_past_weeks_goal_can_be_unchecked(
        capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new user's walk-through: `week 2026-W49 --check numpy-100-exercises` two weeks
    late could not be taken back: the uncheck took the week's record of the exercises
    done in it (1-10) before the goal just checked, and refused ("has moved on")."""
    from tests.test_sessions import cli_at

    data = str(tmp_path / "planner.yaml")
    utc = dt.timezone.utc

    def run(*argv: str) -> str:
        code = main(["--data-file", data, *argv])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    cli_at(monkeypatch, dt.datetime(2026, 12, 1, 10, tzinfo=utc))
    run("plan", "--replan")
    run("progress", "numpy-100-exercises", "--units", "10")  # W49's record: 1-10
    cli_at(monkeypatch, dt.datetime(2026, 12, 8, 10, tzinfo=utc))
    run("week", "--check", "numpy-100-exercises")  # W50: 11-35
    cli_at(monkeypatch, dt.datetime(2026, 12, 16, 10, tzinfo=utc))
    before = run("week", "2026-W49")
    assert "[ ] exercises 11–25" in before and "[x] exercises 1–10" in before
    assert "Checked exercises 11–25" in run("week", "2026-W49", "--check",
                                            "numpy-100-exercises")
    assert "Unchecked exercises 11–25" in run("week", "2026-W49", "--uncheck",
                                              "numpy-100-exercises")
    assert run("week", "2026-W49") == before
