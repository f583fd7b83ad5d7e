"""Exports: the plan as iCalendar and Markdown, the catalog with progress as YAML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
import yaml

from planner.core.planning.plan import Goal, OverflowItem, Plan, WeekPlan
from planner.core.progress.rules import Progress
from planner.store.catalog_file import load_catalog
from planner.store.exporters import (
    catalog_with_progress_data,
    catalog_with_progress_yaml,
    goal_text,
    plan_to_ics,
    plan_to_markdown,
    week_dates,
)

SMALL = Path(__file__).parent / "data" / "small-catalog.yaml"
STAMP = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.timezone.utc)


@pytest.fixture
def catalog():
    return load_catalog(SMALL)


@pytest.fixture
def plan() -> Plan:
    return Plan(
        hours_per_week=5.0,
        weeks=(
            WeekPlan("2026-W48", (Goal("linalg", 3.0, (1, 3)),
                                  Goal("numpy-100", 2.0, (1, 20))), 5.0),
            WeekPlan("2026-W49", (Goal("linalg", 3.0, (4, 6), kind="carry-over"),
                                  Goal("calculus", 3.0, pinned=True)), 5.0),
            WeekPlan("2026-W53", (Goal("numpy-100", 2.5, (21, 45)),), 5.0),
        ),
        overflow=(OverflowItem("numpy-100", 4.0, "beyond the 52-week horizon"),),
        warnings=("Deadline of “Matrix Calculus” missed: 4 h a week would meet it",),
    )


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_ics_has_one_all_day_event_per_goal_with_the_week_dates(catalog, plan: Plan):
    found = events(plan_to_ics(plan, catalog, stamp=STAMP))
    assert len(found) == 5
    first = found[0]
    assert first.decoded("dtstart") == dt.date(2026, 11, 23)  # the Monday of 2026-W48
    assert first.decoded("dtend") == dt.date(2026, 11, 30)  # exclusive: the whole week
    assert not isinstance(first.decoded("dtstart"), dt.datetime)  # all-day
    assert str(first["summary"]) == "Read chapters 1–3 of Linear Algebra Notes (3 h)"
    assert str(first["url"]) == "https://example.org/linalg.pdf"
    assert "https://example.org/linalg.pdf" in str(first["description"])
    assert "A. Author" in str(first["description"])
    last = found[-1]
    assert last.decoded("dtstart") == dt.date(2026, 12, 28)
    assert last.decoded("dtend") == dt.date(2027, 1, 4)
    assert str(last["summary"]) == "Work through exercises 21–45 of 100 NumPy exercises (2.5 h)"
    assert str(found[2]["summary"]).endswith("(3 h), carried over")
    assert [str(e["uid"]) for e in found] == [
        "linalg-2026-W48@study-planner", "numpy-100-2026-W48@study-planner",
        "linalg-2026-W49@study-planner", "calculus-2026-W49@study-planner",
        "numpy-100-2026-W53@study-planner"]


def test_ics_uids_are_stable_and_the_output_deterministic(catalog, plan: Plan):
    once = plan_to_ics(plan, catalog, stamp=STAMP)
    assert plan_to_ics(plan, catalog, stamp=STAMP) == once
    later = plan_to_ics(plan, catalog, stamp=STAMP + dt.timedelta(days=3))
    assert [str(e["uid"]) for e in events(later)] == [str(e["uid"]) for e in events(once)]
    assert events(later)[0].decoded("dtstamp") > events(once)[0].decoded("dtstamp")


def test_ics_of_an_empty_plan_and_a_repeated_goal(catalog):
    assert events(plan_to_ics(Plan(5.0, ()), catalog, stamp=STAMP)) == []
    twice = Plan(5.0, (WeekPlan("2026-W48", (Goal("linalg", 1.0), Goal("linalg", 1.0)), 5.0),))
    uids = [str(e["uid"]) for e in events(plan_to_ics(twice, catalog, stamp=STAMP))]
    assert uids == ["linalg-2026-W48@study-planner", "linalg-2026-W48-2@study-planner"]


def test_markdown_checklist_per_week(catalog, plan: Plan):
    progress = {"calculus": Progress(done=True), "linalg": Progress(units_done=3)}
    text = plan_to_markdown(plan, catalog, progress)
    lines = text.splitlines()
    assert lines[0] == "# Study plan: Small test list"
    assert "## 2026-W48 (Nov 23 – Nov 29) — 5 h" in lines
    assert "## 2026-W53 (Dec 28 – Jan 3) — 2.5 h" in lines
    assert ("- [x] Read chapters 1–3 of [Linear Algebra Notes]"
            "(https://example.org/linalg.pdf) (3 h)") in lines  # chapters 1–3 are done
    assert ("- [ ] Read chapters 4–6 of [Linear Algebra Notes]"
            "(https://example.org/linalg.pdf) (3 h, carried over)") in lines
    assert "- [x] Read [Matrix Calculus](https://example.org/calc) (3 h, pinned)" in lines
    assert "## Not planned yet" in lines and "## Warnings" in lines
    assert text.endswith("\n") and plan_to_markdown(plan, catalog, progress) == text
    numpy = "Work through exercises 1–20 of [100 NumPy exercises](https://example.org/numpy)"
    assert f"- [ ] {numpy} (2 h)" in lines
    checked = plan_to_markdown(plan, catalog, progress, {"2026-W48 numpy-100 1-20"})
    assert f"- [x] {numpy} (2 h)" in checked.splitlines()  # a goal checked off in the window


def test_markdown_flags_a_week_over_budget(catalog):
    over = Plan(5.0, (WeekPlan("2026-W48", (Goal("linalg", 7.0, pinned=True),), 5.0),))
    assert "## 2026-W48 (Nov 23 – Nov 29) — 7 h, over the 5 h budget" in plan_to_markdown(
        over, catalog)


def test_goal_wording(catalog):
    assert goal_text(Goal("calculus", 0.25), catalog) == "Read Matrix Calculus (0.25 h)"
    assert goal_text(Goal("gone", 1.0), catalog) == "Study gone (1 h)"
    assert week_dates("2027-W01") == "Jan 4 – Jan 10"


def test_catalog_with_progress_yaml(catalog):
    progress = {"linalg": Progress(units_done=2, hours_logged=1.5),
                "calculus": Progress(done=True, finished=dt.date(2026, 11, 2))}
    data = catalog_with_progress_data(catalog, progress)
    linalg = data["categories"][0]["resources"][0]
    assert (linalg["id"], linalg["status"], linalg["units_done"], linalg["hours_logged"]) == (
        "linalg", "in-progress", 2, 1.5)
    calculus = data["categories"][0]["resources"][1]
    assert calculus["status"] == "done" and calculus["finished"] == "2026-11-02"
    assert "units_done" not in calculus  # it has no units
    numpy = data["categories"][1]["categories"][0]["resources"][0]
    assert (numpy["status"], numpy["units_done"]) == ("todo", 0)
    text = catalog_with_progress_yaml(catalog, progress)
    assert text.startswith("# Study Planner: a catalog with progress")
    assert yaml.safe_load(text) == data


def test_the_ics_export_counts_what_it_writes_sessions_included(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.entry.cli.main import main

    data = ["--data-file", str(tmp_path / "planner.yaml")]
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert main([*data, "plan", "--replan"]) == 0
    for minutes in ("30", "45"):
        assert main([*data, "session", "log", "numpy-100-exercises", "--minutes", minutes,
                     "--date", yesterday]) == 0
    capsys.readouterr()
    target = tmp_path / "plan.ics"
    assert main([*data, "export", str(target)]) == 0
    out = capsys.readouterr().out
    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    goals = len(events) - 2
    assert f"Wrote {goals} weekly goals over " in out and " and 2 study sessions to " in out
