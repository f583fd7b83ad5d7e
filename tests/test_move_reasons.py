"""Each move of a re-plan names its real cause (issue 14: "a test holds each reason to its
cause"). No Qt.

Every case makes one change against an accepted plan, re-plans with ``replan(previous, …)``
and checks the moves: the changed resource's own move says what changed in it, and every
other resource that moved names that resource and that change (or the setting, or the
prerequisite). The cases do not pin down which resources move where (that is the
scheduler's business, tested in test_scheduler.py), only what each move is blamed on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from planner.core.catalog.model import Catalog, catalog_from_data
from planner.core.planning.plan import Plan
from planner.core.planning.scheduler import replan, schedule
from planner.core.planning.settings import Settings
from planner.core.progress.rules import Progress
from planner.core.weeks import add_weeks, week_of

TODAY = dt.date(2026, 1, 7)  # a Wednesday in 2026-W02
W = [add_weeks(week_of(TODAY), n) for n in range(20)]
SOON = TODAY + dt.timedelta(days=14)
LATE = TODAY + dt.timedelta(days=200)
LATER = TODAY + dt.timedelta(days=300)

# Four 5 h resources at 5 h a week: one a week, A to D, in catalog order.
FOUR = [{"id": rid, "effort_hours": 5} for rid in "abcd"]


def catalog(*resources: dict[str, Any]) -> Catalog:
    items = [{"title": r.get("title", r["id"].upper()), **r} for r in resources]
    return catalog_from_data({"title": "t", "categories": [{"title": "All", "resources": items}]})


@dataclass
class Replan:
    """One change between two plans: what to make of it."""

    before: Catalog
    after: Catalog | None = None  # None: the same catalog
    progress: dict[str, Progress] | None = None  # of the re-plan; the first plan has none
    settings: Settings | None = None  # of the re-plan
    pins_before: dict[str, str] | None = None
    pins: dict[str, str] | None = None  # of the re-plan
    weeks_later: int = 0  # the re-plan is made this many weeks after the first plan

    def run(self) -> Plan:
        previous = schedule(self.before, {}, Settings(), today=TODAY,
                            pins=self.pins_before or {})
        return replan(previous, self.after or self.before, self.progress or {},
                      self.settings or Settings(), TODAY + dt.timedelta(weeks=self.weeks_later),
                      self.pins or {})


def with_fields(resources: list[dict[str, Any]], rid: str, **fields: Any) -> list[dict[str, Any]]:
    return [{**r, **fields} if r["id"] == rid else r for r in resources]


@dataclass
class Case:
    change: Replan
    cause: str | None  # the changed resource (None: a setting)
    own: str | None  # its own move's reason, when it moves
    names: tuple[str, ...]  # what every other move's reason must say


CASES: dict[str, Callable[[], Case]] = {
    "new resource": lambda: Case(
        Replan(catalog(*FOUR), catalog({"id": "n", "effort_hours": 5, "priority": 1}, *FOUR)),
        "n", "new resource", ("“N”", "new resource")),
    "new resource with a deadline": lambda: Case(
        Replan(catalog(*FOUR), catalog(*FOUR, {"id": "n", "effort_hours": 5,
                                               "deadline": SOON.isoformat()})),
        "n", f"new resource, deadline {SOON}", ("“N”", f"new resource, deadline {SOON}")),
    # The bug of issue 14: a book with a deadline added after a chapter of the first book
    # was read; the others' moves were blamed on "progress recorded".
    "new resource with a deadline, after progress": lambda: Case(
        Replan(catalog({"id": "a", "effort_hours": 8, "units": {"name": "chapter", "count": 8}},
                       *FOUR[1:]),
               catalog({"id": "a", "effort_hours": 8, "units": {"name": "chapter", "count": 8}},
                       *FOUR[1:], {"id": "n", "effort_hours": 6, "deadline": SOON.isoformat()}),
               progress={"a": Progress(units_done=2)}),
        "n", f"new resource, deadline {SOON}", ("“N”", f"new resource, deadline {SOON}")),
    "deadline set": lambda: Case(
        Replan(catalog(*FOUR), catalog(*with_fields(FOUR, "d", deadline=SOON.isoformat()))),
        "d", f"deadline set to {SOON}", ("“D”", f"deadline set to {SOON}")),
    "deadline moved": lambda: Case(
        Replan(catalog(*with_fields(with_fields(FOUR, "c", deadline=LATE.isoformat()),
                                    "d", deadline=LATER.isoformat())),
               catalog(*with_fields(with_fields(FOUR, "c", deadline=LATE.isoformat()),
                                    "d", deadline=SOON.isoformat()))),
        "d", f"deadline moved to {SOON}", ("“D”", f"deadline moved to {SOON}")),
    "deadline removed": lambda: Case(
        Replan(catalog(*with_fields(FOUR, "d", deadline=SOON.isoformat())), catalog(*FOUR)),
        "d", "deadline removed", ("“D”", "deadline removed")),
    "priority raised": lambda: Case(
        Replan(catalog(*FOUR), catalog(*with_fields(FOUR, "d", priority=1))),
        "d", "priority raised to 1", ("“D”", "priority raised to 1")),
    "priority lowered": lambda: Case(
        Replan(catalog(*FOUR), catalog(*with_fields(FOUR, "a", priority=5))),
        "a", "priority lowered to 5", ("“A”", "priority lowered to 5")),
    "budget": lambda: Case(
        Replan(catalog(*FOUR), settings=Settings(hours_per_week=2.5)),
        None, None, ("budget changed from 5 h to 2.5 h a week",)),
    "max parallel": lambda: Case(
        Replan(catalog({"id": "a", "effort_hours": 7, "units": {"name": "chapter", "count": 7}},
                       {"id": "b", "effort_hours": 3}, {"id": "c", "effort_hours": 5}),
               settings=Settings(max_parallel=1)),
        None, None, ("max parallel changed from 3 to 1",)),
    "missed work carried over": lambda: Case(
        Replan(catalog(*FOUR), weeks_later=1),
        "a", None, ("“A”", f"unfinished work carried over from {W[0]}")),
    "pin": lambda: Case(
        Replan(catalog(*FOUR), pins={"d": W[0]}),
        "d", f"pinned to {W[0]}", ("“D”", f"pinned to {W[0]}")),
    "unpin": lambda: Case(
        Replan(catalog(*FOUR), pins_before={"d": W[0]}),
        "d", "unpinned", ("“D”", "unpinned")),
    "progress recorded": lambda: Case(
        Replan(catalog(*FOUR), progress={"a": Progress(hours_logged=3)}),
        "a", None, ("“A”", "progress recorded")),
    "progress recorded on work not yet begun": lambda: Case(
        Replan(catalog(*FOUR), progress={"c": Progress(hours_logged=4.5)}),
        "c", "progress recorded", ("“C”", "progress recorded")),
    "done": lambda: Case(
        Replan(catalog(*FOUR), progress={"a": Progress(done=True)}),
        "a", "done", ("“A”", "done")),
    "removed from the catalog": lambda: Case(
        Replan(catalog(*FOUR), catalog(*FOUR[1:])),
        "a", "removed from the catalog", ("'a'", "removed from the catalog")),  # no title
    "prerequisite done": lambda: Case(
        Replan(catalog(*with_fields(FOUR, "d", prerequisites=["a"])),
               progress={"a": Progress(done=True)}),
        "a", "done", ("“A”", "done")),
}


@pytest.mark.parametrize("name", CASES)
def test_each_move_names_its_cause(name: str) -> None:
    case = CASES[name]()
    plan = case.change.run()
    reasons = {move.resource: move.reason for move in plan.moves}
    if case.own is not None:
        assert reasons.get(case.cause) == case.own, plan.moves
    others = {rid: reason for rid, reason in reasons.items() if rid != case.cause}
    assert others, f"{name}: nothing else moved, the case tests nothing: {plan.moves}"
    for rid, reason in others.items():
        for text in case.names:
            assert text in reason, f"{name}: {rid} moved for “{reason}”, not for {case.names}"


def test_a_dependant_names_its_prerequisite() -> None:
    """A prerequisite done or finishing later explains its dependant's move first."""
    four = with_fields(FOUR, "b", prerequisites=["a"])
    done = Replan(catalog(*four), progress={"a": Progress(done=True)}).run()
    assert {m.resource: m.reason for m in done.moves}["b"] == "prerequisite “A” is done"
    grown = [{**r, "effort_hours": 12} if r["id"] == "a" else r for r in four]
    later = Replan(catalog(*four), catalog(*grown)).run()
    reasons = {m.resource: m.reason for m in later.moves}
    assert reasons["b"] == f"prerequisite “A” finishes later ({W[2]})"
    assert all("“A”" in reason and "more work left than planned" in reason
               for rid, reason in reasons.items() if rid not in "ab")


def test_a_change_that_frees_room_is_not_blamed_for_work_pushed_later() -> None:
    """Progress makes room; a new resource takes it. What moved later names the new one,
    what moved earlier names the progress."""
    before = catalog(*FOUR)
    after = catalog(*FOUR[:2], {"id": "n", "effort_hours": 10, "priority": 1}, *FOUR[2:])
    plan = Replan(before, after, progress={"a": Progress(done=True)}).run()
    for move in plan.moves:
        if move.resource in "an":
            continue
        later = move.after is None or (move.before is not None and move.after > move.before)
        expected = "makes room for “N” (new resource)" if later else "room freed by “A” (done)"
        assert move.reason == expected, move
    assert any(m.resource not in "an" for m in plan.moves)


def test_a_prerequisite_is_named_only_when_it_could_have_moved_the_resource_that_way() -> None:
    """A new user's walk-through: "2027-W04 → 2027-W02 — prerequisite … finishes later" (a
    move earlier blamed on a prerequisite finishing later), and "2027-W50 → 2027-W51 —
    prerequisite Matrix Calculus finishes later (2027-W23)" (a prerequisite ending in W23
    cannot hold back a start in W50). Neither is a reason; a prerequisite that finishes
    later up to the week the resource began in before, or earlier from the week it
    begins in now, is."""
    from types import SimpleNamespace

    from planner.core.planning.scheduler import _prerequisite_reason

    cat = catalog({"id": "p", "title": "P", "effort_hours": 5},
                  {"id": "r", "title": "R", "effort_hours": 5, "prerequisites": ["p"]})
    sched: Any = SimpleNamespace(catalog=cat, index={"p": 0, "r": 1},
                                 title=lambda rid: f"“{rid.upper()}”")

    def reason(p_before: str, p_after: str, r_before: str, r_after: str) -> str | None:
        before: Any = SimpleNamespace(first={"r": r_before}, last={"p": p_before})
        after: Any = SimpleNamespace(first={"r": r_after}, last={"p": p_after})
        return _prerequisite_reason("r", r_after > r_before, before, after, sched)

    assert reason(W[3], W[5], W[4], W[6]) == f"prerequisite “P” finishes later ({W[5]})"
    assert reason(W[3], W[5], W[9], W[10]) is None  # ends long before R began: no cause
    assert reason(W[3], W[5], W[8], W[6]) is None  # R moved earlier: "later" says nothing
    assert reason(W[5], W[3], W[6], W[4]) == f"prerequisite “P” finishes earlier ({W[3]})"
    assert reason(W[5], W[3], W[9], W[7]) is None  # it ended before R's new week anyway
    assert reason(W[5], W[3], W[6], W[8]) is None  # R moved later: "earlier" says nothing
