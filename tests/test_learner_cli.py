"""The learner simulation through the command line, on the real clock path (faketime).

Nine weeks on the bundled catalog, one command at a time, each under ``faketime``: a plan
accepted in 2026-W49 and this week's goals checked; two weeks skipped; the first command of
W52 (just after midnight) finds the missed work carried into this week and the review says
by how much the learner is behind; a catch-up, partly ticked and partly recorded in the
tree; half a week on Sunday night; a re-plan and out-of-order ticks across the new year;
the forecast. After every step the plan and the list, read as JSON, keep the invariants of
tests/test_learner_simulation.py: this week's goals start where the learner is, and the plan
from this week on plus the overflow is the remaining work.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("faketime") is None,
                                reason="faketime (Debian package) is not installed")


class Learner:
    def __init__(self, data_file: Path) -> None:
        self.data_file = data_file
        self.when = "2026-12-01 10:00:00"

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(REPO), "TZ": "UTC"}
        done = subprocess.run(["faketime", self.when, sys.executable, "-m", "planner",
                               "--data-file", str(self.data_file), *args], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=60)
        if ok:
            assert done.returncode == 0, (args, done.stderr)
        return done

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json").stdout)

    def this_week(self) -> str:
        day = dt.datetime.strptime(self.when, "%Y-%m-%d %H:%M:%S").date()
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"

    def resources(self) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}

        def walk(node: dict[str, Any]) -> None:
            for r in node.get("resources", []):
                found[r["id"]] = r
            for c in node.get("categories", []):
                walk(c)
        walk(self.json("list"))
        return found

    def open_goals(self, week: str) -> list[dict[str, Any]]:
        data = self.json("week", week)
        return [item for item in data["items"] if not item["done"]]

    def check_invariants(self) -> None:
        now = self.this_week()
        plan = self.json("plan")
        resources = self.resources()
        planned: dict[str, float] = defaultdict(float)
        first: dict[str, dict[str, Any]] = {}
        for week in plan["weeks"]:
            if week["week"] < now:
                continue
            for item in week["items"]:
                if item["kind"] != "done":
                    planned[item["resource"]] += item["hours"]
                    first.setdefault(item["resource"], item)
        for item in plan["overflow"]:
            planned[item["resource"]] += item["hours"]
        for rid, r in resources.items():  # to 0.01 h per item, as the JSON rounds each
            assert abs(planned.get(rid, 0.0) - r["remaining_hours"]) <= 0.02, (
                self.when, rid, planned.get(rid), r["remaining_hours"])
        for rid, item in first.items():
            units = resources[rid].get("units")
            if item["units"] and units:
                assert item["units"][0] == units["done"] + 1, (self.when, rid, item, units)
        review = self.json("review")
        missed = sum(m["hours"] for m in review["missed"])
        assert abs(review["planned_hours"] - review["done_hours"] - missed) <= 0.02, review
        assert review["behind_hours"] >= 0

    def tick_all(self, week: str, *, reverse: bool = False) -> None:
        for _ in range(20):
            goals = self.open_goals(week)
            if not goals:
                return
            goal = goals[-1] if reverse else goals[0]
            self.run("week", week, "--check", goal["resource"])
            self.check_invariants()
        raise AssertionError(f"{week} never ran out of open goals")


def test_nine_weeks_of_a_learner_through_the_command_line(tmp_path: Path) -> None:
    learner = Learner(tmp_path / "planner.yaml")
    learner.run("plan", "--replan")
    learner.check_invariants()
    learner.when = "2026-12-02 21:30:00"
    learner.tick_all("2026-W49")

    # two weeks skipped; the first command of W52, just after midnight
    learner.when = "2026-12-21 00:00:30"
    learner.check_invariants()
    review = learner.json("review")
    assert review["week"] == "2026-W51" and review["done_hours"] == 0
    assert review["behind_hours"] > 0 and review["carried_over_hours"] > 0
    text = learner.run("week").stdout
    assert "behind: missed work is carried over" in text
    # the catch-up: the first goal recorded in the tree, the rest ticked
    first = learner.open_goals("2026-W52")[0]
    if first["units"]:
        learner.run("progress", first["resource"], "--units", str(first["units"][1]))
    else:
        learner.run("progress", first["resource"], "--hours", str(first["hours"]))
    learner.check_invariants()
    learner.tick_all("2026-W52")
    assert learner.json("week")["items"] and all(i["done"] for i in learner.json("week")["items"])

    # half a week, on Sunday night of W53, a minute before the week ends
    learner.when = "2027-01-03 23:59:00"
    for goal in learner.open_goals("2026-W53"):
        if goal["units"]:
            units = learner.resources()[goal["resource"]]["units"]
            size = goal["units"][1] - goal["units"][0] + 1
            learner.run("progress", goal["resource"], "--units",
                        str(units["done"] + max(1, size // 2)))
        else:
            learner.run("progress", goal["resource"], "--hours", str(round(goal["hours"] / 2, 2)))
        learner.check_invariants()

    # across the new year: a re-plan mid-week, then ticks out of order
    learner.when = "2027-01-06 12:00:00"
    learner.check_invariants()
    assert learner.json("review")["week"] == "2026-W53"
    learner.run("plan", "--replan")
    learner.tick_all("2027-W01", reverse=True)
    done_before = learner.json("week")["items"]
    learner.run("plan", "--replan")  # the week's record survives it
    assert [i for i in learner.json("week")["items"] if i["done"]] == [
        i for i in done_before if i["done"]]

    learner.when = "2027-01-27 08:00:00"  # W04, after two more quiet weeks
    learner.check_invariants()
    forecast = learner.json("forecast")
    assert forecast["whole"]["at_recent_pace"] is not None
    assert {c["title"] for c in forecast["categories"]} >= {"Theoretical", "Programming"}
    assert "finishes" in learner.run("forecast").stdout


def test_review_after_weeks_away_names_the_other_weeks(tmp_path: Path) -> None:
    learner = Learner(tmp_path / "planner.yaml")
    learner.run("plan", "--replan")  # Tuesday of 2026-W49
    learner.when = "2026-12-21 09:00:00"  # Monday of W52: W49, W50 and W51 went by
    out = learner.run("review").stdout
    assert out.startswith("Review of 2026-W51")
    assert ("note: 2026-W49, 2026-W50 went by too since the plan last rolled over: "
            "`review WEEK` shows each") in out
    assert "note:" not in learner.run("review", "--json").stdout  # JSON as documented
    assert "note:" not in learner.run("review", "2026-W50").stdout
    learner.run("plan", "--replan")  # rolled over in W52
    learner.when = "2026-12-28 09:00:00"  # next Monday: only W52 went by
    assert "note:" not in learner.run("review").stdout
