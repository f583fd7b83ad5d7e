"""Refresh before it is needed: a finished prerequisite is re-visited the week before a
resource that assumes it starts, when its predicted recall then is below the target.

The plan is made once with the re-visits as they fall due; then, for each resource not
yet started whose first goal is in week w, each finished prerequisite with a card is
checked: its recall on the Monday of week w (FSRS's retrievability, with no review in
between) below the desired retention brings its re-visit to the Monday of week w − 1 at
the latest (not before the plan's first week), with the reason the plan's warnings give:
"re-visit Matrix Calculus before starting Deep Learning: recall ≈ 0.62". The plan is then
made again with those re-visits (``AppState.followed_plan``); a re-visit already due
earlier keeps its day and takes the reason.

One re-visit per prerequisite: the one that starts soonest names it. Pure: the same
cards and the same plan give the same refreshes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace

from planner.core.catalog.model import Catalog
from planner.core.planning.plan import REVISIT, Plan, Revisit
from planner.core.progress.rules import Progress, Status
from planner.core.revisits.cards import Memory
from planner.core.weeks import monday


def refresh_reason(prerequisite: str, dependant: str, recall: float) -> str:
    return f"re-visit {prerequisite} before starting {dependant}: recall ≈ {recall:.2f}"


def first_weeks(plan: Plan) -> dict[str, str]:
    """The first week each resource has work (not a re-visit) in ``plan``."""
    first: dict[str, str] = {}
    for week in sorted(plan.weeks, key=lambda w: w.week):
        for goal in week.goals:
            if goal.kind != REVISIT:
                first.setdefault(goal.resource, week.week)
    return first


def refreshed(revisits: Sequence[Revisit], plan: Plan, catalog: Catalog,
              progress: Mapping[str, Progress], cards: Mapping[str, Memory],
              retention: float, start: dt.date) -> list[Revisit]:
    """``revisits`` (the due ones, ``AppState.plan_revisits``) with the refreshes ``plan``
    calls for: brought forward to the week before their dependant starts and given the
    reason. ``start``: the Monday of the plan's first week (nothing is due before it)."""
    due = {r.resource: r for r in revisits}
    changed: dict[str, Revisit] = {}
    starts = first_weeks(plan)
    for rid, week in sorted(starts.items(), key=lambda item: (item[1], item[0])):
        resource = catalog.resources.get(rid)
        mine = progress.get(rid)
        if resource is None or (mine is not None and mine.status() != Status.TODO):
            continue  # started already: too late to refresh before it
        begins = monday(week)
        for pid in resource.prerequisites:
            regular = due.get(pid)
            card = cards.get(pid)
            if regular is None or card is None or pid in changed:
                continue  # not finished, never rated, or refreshed for an earlier start
            recall = card.recall(begins)
            if recall >= retention:
                continue
            day = max(start, min(regular.due, begins - dt.timedelta(days=7)))
            prerequisite = catalog.resources[pid].title
            changed[pid] = replace(regular, due=day,
                                   reason=refresh_reason(prerequisite, resource.title, recall))
    return [changed.get(r.resource, r) for r in revisits]
