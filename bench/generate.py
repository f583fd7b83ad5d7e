"""Generated workloads shared by the benchmarks: big catalogs, and planners used for years.

A planner is made as the app makes one: its own operations applied through ``AppState``
with a clock that the generator moves on (so the journal is what the app writes, event
ids, times and all). ``v1_data`` gives the same planner as a schema-1 document (progress,
history lines, checked goals), for timing the same planner in a tree from before the
journal (``--against``).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from planner.core.catalog.editing import update_resource
from planner.core.catalog.model import catalog_from_data, catalog_to_data
from planner.core.journal.events import Event, Recorder
from planner.core.journal.goals import fresh_plan, is_goal_done
from planner.core.journal.state import Applied, AppState, Operation, PlannerState
from planner.core.operations.catalog import ReplaceCatalog, SetDeadline, SetPriority
from planner.core.operations.planning import AcceptPlan, ChangeSettings, CheckGoal, Pin
from planner.core.operations.progress import EditNotes, LogHours, RecordUnits, SetDone
from planner.core.planning.settings import Settings
from planner.core.weeks import add_weeks, week_of
from planner.store.state_format import (
    HistoryEntry,
    history_line,
    plan_to_data,
    progress_to_data,
    state_to_data,
    to_text,
)
from planner.store.yaml.emit import Lines, json_for_yaml

KINDS = ["book", "notes", "article", "video-series", "exercises", "paper", "reference"]
WORDS = [
    "linear",
    "algebra",
    "probability",
    "deep",
    "learning",
    "optimisation",
    "statistics",
    "bayesian",
    "graphs",
    "kernels",
    "vision",
    "language",
    "models",
    "reinforcement",
    "numpy",
    "pandas",
    "theory",
    "calculus",
    "information",
    "geometry",
    "causal",
    "inference",
    "transformers",
]


def catalog_data(n_resources: int, seed: int = 1, per_category: int = 25) -> dict[str, Any]:
    """A catalog of ``n_resources`` in nested categories, with units, prerequisites,
    priorities and some deadlines, as plain data (what a YAML file would hold)."""
    rng = random.Random(seed)
    categories: list[dict[str, Any]] = []
    ids: list[str] = []
    for c in range(max(1, n_resources // (per_category * 4))):
        categories.append(
            {"id": f"cat-{c}", "title": f"Area {c}: {rng.choice(WORDS).title()}", "categories": []}
        )
    sub_index = 0
    for i in range(n_resources):
        top = categories[i // (per_category * 4) % len(categories)]
        if i % per_category == 0:
            top["categories"].append(
                {"id": f"sub-{sub_index}", "title": f"Topic {sub_index}", "resources": []}
            )
            sub_index += 1
        kind = rng.choice(KINDS)
        resource: dict[str, Any] = {
            "id": f"r{i}",
            "title": " ".join(rng.choice(WORDS) for _ in range(4)).title() + f" {i}",
            "authors": [f"Author {rng.randrange(500)}"],
            "url": f"https://example.org/{kind}/{i}",
            "kind": kind,
            "effort_hours": round(rng.uniform(0.5, 40), 1),
            "tags": rng.sample(WORDS, 2),
        }
        if kind in ("book", "notes", "video-series", "exercises"):
            resource["units"] = {"name": "chapter", "count": rng.randint(3, 20)}
        if ids and rng.random() < 0.3:
            resource["prerequisites"] = sorted(set(rng.sample(ids[-50:], min(2, len(ids[-50:])))))
        if rng.random() < 0.2:
            resource["priority"] = rng.randint(1, 5)
        if rng.random() < 0.05:
            resource["deadline"] = (
                dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(400))
            ).isoformat()
        top["categories"][-1]["resources"].append(resource)
        ids.append(resource["id"])
    return {"title": f"Generated list of {n_resources}", "categories": categories}



NOTES = [
    "skip the proofs on a first read",
    "exercises 3 and 7 are the useful ones",
    "come back to this after the probability chapters",
    "good worked examples; slides are terse",
    "the video is better than the text here",
    "Questions:\n- why does the bound need convexity?\n- compare with the notes",
]
LAST_DAY = dt.date(2026, 11, 29)  # the generated history ends on this day (a Sunday)
REPLAN_EVERY = 28  # days: the learner accepts a fresh plan about once a month
CATALOG_EDIT_EVERY = 365  # days: a resource's title or link edited by hand once a year
UNDO_SHARE = 0.01  # of actions, taken back at once (their events leave the journal)


def planner_state(n_resources: int, seed: int = 1, days: int = 365,
                  events_per_day: tuple[int, int] = (1, 4)) -> PlannerState:
    """The planner of a learner who used the app daily for ``days`` days up to
    ``LAST_DAY``: the catalog above, stored in the file, and a journal of about
    ``events_per_day`` events a day (uniform), made by the app's operations: units,
    hours, done and undone, notes, goals of the accepted plan checked off, pins, a few
    settings, priorities, deadlines and catalog edits, a re-plan about monthly."""
    rng = random.Random(seed + 1)
    catalog = catalog_from_data(catalog_data(n_resources, seed))
    settings = Settings(hours_per_week=6, max_parallel=3, horizon_weeks=52)
    state = PlannerState(catalog, settings=settings, catalog_is_default=False)
    clock = _Clock()
    app = AppState(state, recorder=Recorder(clock=clock))
    first = LAST_DAY - dt.timedelta(days=days - 1)
    for n in range(days):
        clock.start_day(first + dt.timedelta(days=n), rng)
        if n % REPLAN_EVERY == 0:
            app.apply(AcceptPlan(fresh_plan(app)))
        if n % CATALOG_EDIT_EVERY == CATALOG_EDIT_EVERY - 1:
            _edit_catalog(app, rng)
        wanted = len(state.journal) + rng.randint(*events_per_day)
        while len(state.journal) < wanted:
            clock.later(rng)
            applied = app.apply(_action(app, rng))
            if rng.random() < UNDO_SHARE:
                app.undo(applied)
    return state


def state_data(n_resources: int, seed: int = 1, days: int = 365,
               events_per_day: tuple[int, int] = (1, 4)) -> dict[str, Any]:
    """The data of ``planner_state``'s planner as the app writes it (schema 2)."""
    return state_to_data(planner_state(n_resources, seed, days, events_per_day))


def v1_data(state: PlannerState) -> dict[str, Any]:
    """The same planner as a schema-1 document, in that schema's section order: progress
    by resource, one history line per done/undone/units/hours event, checked goals."""
    history = [history_line(HistoryEntry(event.day, str(event["r"]), event.type,
                                         _history_value(event)))
               for event in state.journal if event.type in ("done", "undone", "units", "hours")]
    progress = {rid: progress_to_data(p) for rid, p in sorted(state.progress.items())
                if not p.is_empty}
    data: dict[str, Any] = {
        "schema_version": 1,
        "settings": state_to_data(state)["settings"],
        "catalog": catalog_to_data(state.catalog),
        "progress": progress,
        "pins": dict(sorted(state.pins.items())),
        "history": history,
    }
    if state.plan is not None:
        data["plan"] = plan_to_data(state.plan)
    if state.ticks:
        data["checked_goals"] = sorted(state.ticks)
    return data


def _history_value(event: Event) -> float | None:
    """The value a schema-1 history line gives: units done, or hours."""
    if event.type in ("done", "undone"):
        return None
    value = event["n"] if event.type == "units" else event["h"]
    assert isinstance(value, (int, float))
    return float(value)


def run_in(tree: Path, *args: str) -> str:
    """``python -c ...`` with the source tree ``tree`` on PYTHONPATH; its output. Run from
    the temp folder, never from a source tree: ``-c`` puts the working folder first on
    ``sys.path``, ahead of PYTHONPATH, so run from this repository it would import this
    tree's ``planner`` whatever ``tree`` is."""
    done = subprocess.run([sys.executable, "-c", *args], cwd=tempfile.gettempdir(),
                          env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise SystemExit(f"{tree}: {done.stderr}")
    return done.stdout


def v2_data(state: PlannerState) -> dict[str, Any]:
    """The planner as a schema-2 document: the journal one block in its order, no seq."""
    data = state_to_data(state)
    data["schema_version"] = 2
    data["journal"] = Lines("".join(
        json_for_yaml({"id": e.id, "at": e.at.isoformat(), "type": e.type, **e.data}) + "\n"
        for e in state.journal))
    return data


def text_for(tree: Path, state: PlannerState) -> str:
    """The planner as a state file the source tree ``tree`` reads: this version's schema,
    schema 2 for a tree from before the journal's blocks, schema 1 for one from before the
    journal."""
    version = int(run_in(tree, "from planner.store.state_format import SCHEMA_VERSION as v;"
                               " print(v)"))
    if version >= 3:
        return to_text(state_to_data(state))
    return to_text(v2_data(state) if version == 2 else v1_data(state))


class _Clock:
    """The learner's local time: a day's first action in the morning or evening, the next
    ones minutes apart; UTC+1 in winter, UTC+2 in summer (as in Central Europe)."""

    def __init__(self) -> None:
        self.moment = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.moment

    def start_day(self, day: dt.date, rng: random.Random) -> None:
        offset = dt.timedelta(hours=2 if 4 <= day.month <= 10 else 1)
        hour = rng.choice((7, 8, 12, 18, 19, 20))
        self.moment = dt.datetime.combine(day, dt.time(hour, rng.randrange(60)),
                                          tzinfo=dt.timezone(offset))

    def later(self, rng: random.Random) -> None:
        moved = self.moment + dt.timedelta(minutes=rng.randint(3, 40), seconds=rng.randrange(60))
        if moved.date() == self.moment.date():  # the day's actions stay on its day
            self.moment = moved


# What the learner does, by share of actions; one that cannot be done (no goal left this
# week, nothing started or done yet) is a study session instead.
ACTIONS = {"study": 0.72, "check goal": 0.10, "notes": 0.05, "check off": 0.03,
           "uncheck": 0.01, "priority": 0.03, "deadline": 0.01, "pin": 0.025,
           "settings": 0.005}


def _action(app: AppState, rng: random.Random) -> Operation:
    """One thing the learner does, mostly work on this week's goals."""
    today = app.today()
    week = week_of(today)
    plan = app.state.plan
    week_plan = plan.week(week) if plan is not None else None
    open_goals = [g for g in week_plan.goals if not is_goal_done(app, week, g)
                  ] if week_plan else []
    progress = app.state.progress
    started = [rid for rid, p in progress.items() if p.started and not p.done]
    ids = list(app.catalog.resources)
    kind = rng.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
    if kind == "check goal" and open_goals:
        return CheckGoal(week, rng.choice(open_goals))
    if kind == "notes" and started:
        return EditNotes(rng.choice(started), rng.choice(NOTES))
    if kind == "check off" and started:
        return SetDone(rng.choice(started))
    done = [rid for rid, p in progress.items() if p.done] if kind == "uncheck" else []
    if done:
        return SetDone(rng.choice(done), False)
    if kind == "priority":
        return SetPriority(rng.choice(ids), rng.randint(1, 5))
    if kind == "deadline":
        return SetDeadline(rng.choice(ids), today + dt.timedelta(days=rng.randint(30, 400)))
    if kind == "pin":
        pinned = rng.choice(ids)
        return Pin(pinned, None if pinned in app.state.pins else
                   add_weeks(week, rng.randint(1, 8)))
    if kind == "settings":
        return ChangeSettings(hours_per_week=rng.choice((4, 5, 6, 8, 10)))
    if open_goals:
        rid = rng.choice(open_goals).resource
    elif started:
        rid = rng.choice(started)
    else:
        rid = rng.choice(ids)
    return _work(app, rid, rng)


def _work(app: AppState, rid: str, rng: random.Random) -> Operation:
    """A study session: a unit or two further, or some hours; done when it adds up."""
    resource = app.resource(rid)
    progress = app.progress(rid)
    if resource.units is not None:
        units = min(resource.units.count, progress.units_done + rng.randint(1, 2))
        return RecordUnits(rid, units)
    hours = rng.choice((0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0))
    if progress.hours_logged + hours >= resource.effort:
        return SetDone(rid)
    return LogHours(rid, hours)


def _edit_catalog(app: AppState, rng: random.Random) -> Applied:
    """One resource's title or link changed by hand, as the edit dialog does."""
    rid = rng.choice(list(app.catalog.resources))
    resource = app.resource(rid)
    fields = ({"title": f"{resource.title} (2nd edition)"} if rng.random() < 0.5 else
              {"url": f"https://example.org/moved/{rid}"})
    return app.apply(ReplaceCatalog(update_resource(app.catalog, rid, fields),
                                    f"Edit “{resource.title}”"))
