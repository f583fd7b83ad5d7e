"""The weekly review and the forecast: what a week planned and what came of it, and when
the list, each category and each deadline will be done at the planned budget.

Pure functions of a plan that follows the learner (``planning.following``): a past week
of it holds its done goals (what was studied) beside the goals that were missed, so its
numbers add up by construction: planned = done + missed, and what a week carried over is
what it missed. The roll-overs (journal records) say how far behind the learner was when
the week ended, and the finish week before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from planner.core import wording
from planner.core.catalog.model import Catalog
from planner.core.hours import format_hours, round_hours
from planner.core.planning.following import (
    RollOver,
    finish_week,
    missed_hours,
    weeks_at_pace,
)
from planner.core.planning.plan import Goal, Plan, is_work
from planner.core.planning.scheduler import describe_goal
from planner.core.progress.rules import EMPTY_PROGRESS, Progress, remaining_hours
from planner.core.weeks import monday, week_of

RECENT_WEEKS = 4  # the weeks the recent pace is measured over


@dataclass(frozen=True)
class GoalOutcome:
    resource: str
    description: str
    hours: float
    done: bool


@dataclass(frozen=True)
class Missed:
    resource: str
    hours: float


@dataclass(frozen=True)
class Outlook:
    """When a category finishes (None: not within the plan, or done already)."""

    id: str
    title: str
    finish: str | None
    done: bool
    # not done, yet nothing of them to plan: every estimated hour logged (titles)
    to_mark_done: tuple[str, ...] = ()
    beyond: bool = False  # some of it is in the overflow, past the horizon
    unplanned: int = 0  # resources with work left that the plan does not hold yet
    someday: int = 0  # resources not done set to Someday: kept, not planned

    @property
    def all_someday(self) -> bool:
        """Nothing of it planned: all it has left is Someday."""
        return self.someday > 0 and not self.done and self.finish is None and not (
            self.unplanned or self.to_mark_done or self.beyond)


@dataclass(frozen=True)
class DeadlineOutlook:
    resource: str
    title: str
    deadline: dt.date
    finish: str | None  # the week its work ends (done: the week it was finished)
    met: bool


@dataclass(frozen=True)
class PaceChange:
    """What planning at the learner's pace changed ("plan with my pace" on and some pace
    not the estimate's): the list's finish week at the pace and at the estimates."""

    kinds: tuple[tuple[str, float], ...]  # (kind, pace) not as estimated, furthest first
    finish: str | None  # at the pace, planned today (None: beyond the plan)
    at_estimate: str | None  # the same plan, kept to the estimates
    # the accepted plan finishes at another week than ``finish`` (it is out of date, or
    # progress since freed room): the two finishes are a re-plan's, not the plan's
    replanned: bool = False


@dataclass(frozen=True)
class Forecast:
    finish: str | None  # the whole list; None: some of it does not fit the plan
    previous: str | None  # the finish week before the last re-plan or roll-over
    at_recent_pace: str | None  # at the hours a week of the last four weeks
    categories: tuple[Outlook, ...]
    deadlines: tuple[DeadlineOutlook, ...]
    pace: PaceChange | None = None  # None: the plan keeps to the estimates
    measured_weeks: int = 0  # past weeks the recent pace was measured over (up to four)


@dataclass(frozen=True)
class Review:
    week: str
    budget: float
    planned_hours: float
    done_hours: float
    goals: tuple[GoalOutcome, ...]
    missed: tuple[Missed, ...]
    carried_over_hours: float  # what this week left undone, planned again later
    # planned work of past weeks not done when this week ended (this week: when it began)
    behind_hours: float
    ended: bool  # a past week (else this week or a later one)
    ahead_hours: float  # studied beyond the week's budget
    finish: str | None  # the list's finish week once this week rolled over (or now)
    previous_finish: str | None  # …and before
    forecast: Forecast
    # the roll-over that put this past week behind: its first week and the week it rolled
    # to (several weeks at once after weeks away); None for this week or when none is known
    rolled: tuple[str, str] | None = None


def _last_open_weeks(plan: Plan) -> dict[str, str]:
    """Each resource's last week with work left in ``plan`` (from its start on)."""
    start = plan.start_week
    last: dict[str, str] = {}
    for week in plan.weeks:
        if start is not None and week.week < start:
            continue
        for goal in week.goals:
            if is_work(goal):
                last[goal.resource] = week.week
    return last


def _finish_of(ids: Iterable[str], last: Mapping[str, str], overflowed: AbstractSet[str]
               ) -> str | None:
    """The last week with work of ``ids``; None when some of it is in the overflow."""
    finish = None
    for rid in ids:
        if rid in overflowed:
            return None
        week = last.get(rid)
        if week is not None and (finish is None or week > finish):
            finish = week
    return finish


def forecast(plan: Plan, catalog: Catalog, progress: Mapping[str, Progress], today: dt.date,
             *, previous: str | None = None, recent: Sequence[float] = (),
             paced: Mapping[str, float] | None = None, at_estimate: str | None = None,
             at_pace: str | None = None) -> Forecast:
    """When things finish at the planned budget (``recent``: hours studied in each of the
    last weeks, for the pace the learner has actually kept). ``paced``: the plan follows
    the learner's pace, these kinds' (kind → pace); ``at_pace`` and ``at_estimate``: the
    finish weeks of a plan made today at that pace and at the estimates (so that the two
    compare like with like; ``at_pace`` None: ``plan``'s)."""
    remaining = round_hours(sum(g.hours for w in plan.weeks if w.week >= week_of(today)
                                for g in w.goals if is_work(g))
                            + sum(item.hours for item in plan.overflow))
    pace = sum(recent) / len(recent) if recent else 0.0
    last = _last_open_weeks(plan)
    overflowed = {item.resource for item in plan.overflow}
    categories = []
    someday = catalog.someday  # kept, not planned: neither late nor left to place
    for category in catalog.root.categories():
        open_ = [r for r in category.resources()
                 if not progress.get(r.id, EMPTY_PROGRESS).done]
        left = [r for r in open_ if r.id not in someday]
        # Not in the plan's weeks nor its overflow: nothing left to plan (every estimated
        # hour logged, waiting to be checked off), or added since the plan was made.
        outside = [r for r in left if r.id not in last and r.id not in overflowed]
        idle = tuple(r.title for r in outside
                     if remaining_hours(r, progress.get(r.id, EMPTY_PROGRESS)) <= 0)
        categories.append(Outlook(category.id, category.title,
                                  _finish_of([r.id for r in left], last, overflowed)
                                  if left else None, not open_, idle,
                                  any(r.id in overflowed for r in left),
                                  len(outside) - len(idle), len(open_) - len(left)))
    deadlines = []
    for resource in catalog:
        done = progress.get(resource.id, EMPTY_PROGRESS)
        if resource.deadline is None or (resource.id in someday and not done.done):
            continue  # (a Someday deadline is not planned for: no finish to hold it to)
        if done.done:
            finish = week_of(done.finished) if done.finished else None
        else:
            finish = _finish_of((resource.id,), last, overflowed)
        met = finish is not None and monday(finish) <= monday(week_of(resource.deadline))
        deadlines.append(DeadlineOutlook(resource.id, resource.title, resource.deadline,
                                         finish, met))
    finish = finish_week(plan)
    change = None
    if paced is not None:
        kinds = sorted(((kind, p) for kind, p in paced.items() if abs(p - 1.0) >= 0.05),
                       key=lambda kp: (-abs(kp[1] - 1.0), kp[0]))
        paced_finish = at_pace if at_pace is not None else finish
        change = PaceChange(tuple(kinds), paced_finish, at_estimate, paced_finish != finish)
    return Forecast(finish, previous, weeks_at_pace(remaining, pace, today),
                    tuple(categories), tuple(deadlines), change, len(recent))


def review(plan: Plan, week: str, catalog: Catalog, today: dt.date,
           is_done: Callable[[str, Goal], bool], rolls: Sequence[RollOver],
           outlook: Forecast) -> Review:
    """The review of ``week`` in ``plan`` (brought to ``today``), with the roll-overs that
    put weeks behind (oldest first; a pending one included)."""
    current = plan.week(week)
    goals = current.goals if current is not None else ()
    outcomes = tuple(GoalOutcome(g.resource, describe_goal(g, catalog), g.hours,
                                 is_done(week, g)) for g in goals)
    missed_by: dict[str, float] = {}
    for goal, outcome in zip(goals, outcomes, strict=True):
        if not outcome.done:
            missed_by[goal.resource] = missed_by.get(goal.resource, 0.0) + goal.hours
    missed = tuple(Missed(rid, round_hours(h)) for rid, h in missed_by.items())
    planned = round_hours(sum(g.hours for g in goals))
    done = round_hours(sum(o.hours for o in outcomes if o.done))
    budget = current.budget if current is not None else plan.hours_per_week
    past = monday(week) < monday(week_of(today))
    if past:
        # behind when the week ended: what it and the weeks before it in the same stretch
        # (since the roll-over before it) missed; the whole stretch was carried at once
        roll = next((r for r in rolls if r.first <= week < r.to), None)
        first = roll.first if roll is not None else week
        behind = round_hours(sum(missed_hours(w, is_done) for w in plan.weeks
                                 if first <= w.week <= week))
    else:  # this week (or a later one): how far behind it began
        roll = next((r for r in rolls if r.to == week), None)
        behind = roll.carried_hours if roll is not None else 0.0
    carried = round_hours(sum(m.hours for m in missed)) if past else 0.0
    return Review(
        week=week,
        budget=budget,
        planned_hours=planned,
        done_hours=done,
        goals=outcomes,
        missed=missed,
        carried_over_hours=carried,
        behind_hours=behind,
        ended=past,
        ahead_hours=round_hours(max(0.0, done - budget)),
        finish=roll.finish_after if roll is not None else outlook.finish,
        previous_finish=roll.finish_before if roll is not None else outlook.previous,
        forecast=outlook,
        rolled=(roll.first, roll.to) if roll is not None and past else None,
    )


def finish_text(finish: str | None, previous: str | None, *, known: bool = False) -> str:
    """'in 2027-W30 (was 2027-W28)', 'beyond the plan (see the overflow)'; ``known``: a
    previous plan existed, so a ``previous`` of None was "beyond the plan"."""
    now = f"in {finish}" if finish else "beyond the plan (see the overflow)"
    if previous == finish or (previous is None and not known):
        return now
    return f"{now} (was {previous or 'beyond the plan'})"


def kind_plural(kind: str) -> str:
    """'books', 'notes', 'video series', 'exercises'; 'other resources' for no kind."""
    if not kind:
        return "other resources"
    words = kind.replace("-", " ")
    return words if words.endswith(("s", "series")) else f"{words}s"


def pace_text(change: PaceChange) -> str:
    """'At your pace books take 1.4× the estimate, notes 0.8×: finish 2027-W30 instead of
    2027-W22' — what planning at the learner's pace changed."""
    kinds = ", ".join(f"{kind_plural(kind)} {'take ' if n == 0 else ''}{p:.1f}×"
                      f"{' the estimate' if n == 0 else ''}"
                      for n, (kind, p) in enumerate(change.kinds[:3]))
    said = f"At your pace {kinds}" if kinds else "At your pace"
    if change.replanned:  # not the plan's finish: say whose it is
        said += ": a re-plan would"
        if change.finish == change.at_estimate:
            return f"{said} finish {change.finish or 'beyond the plan'} either way"
        return (f"{said} finish {change.finish or 'beyond the plan'} instead of "
                f"{change.at_estimate or 'beyond the plan'} at the estimates")
    if change.finish == change.at_estimate:
        return f"{said}: the finish stays {change.finish or 'beyond the plan'}"
    return (f"{said}: finish {change.finish or 'beyond the plan'} instead of "
            f"{change.at_estimate or 'beyond the plan'}")


def outlook_text(outlook: Outlook) -> str:
    """'2027-W15', 'done', 'beyond the plan'; and what waits only for a tick: 'nothing left
    to plan: mark How to Read a Paper done' (all its estimated hours logged, not done)."""
    if outlook.done:
        return "done"
    if outlook.all_someday:
        return "Someday: not planned"
    text = _planned_text(outlook)
    if outlook.someday:
        text += f" (and {outlook.someday} Someday, not planned)"
    return text


def _planned_text(outlook: Outlook) -> str:
    waiting = ""
    if outlook.to_mark_done:
        names = ", ".join(f"“{title}”" for title in outlook.to_mark_done)
        waiting = f"mark {names} done (every estimated hour logged)"
    if outlook.unplanned:
        planned = f"; the rest {outlook.finish}" if outlook.finish else ""
        many = "resource" if outlook.unplanned == 1 else "resources"
        return (f"not planned yet ({outlook.unplanned} {many} added since the plan was "
                f"made: re-plan to place them){planned}")
    if outlook.beyond or not (outlook.finish or waiting):
        return f"beyond the plan; {waiting}" if waiting else "beyond the plan"
    if outlook.finish:
        return f"{outlook.finish}; {waiting}" if waiting else outlook.finish
    return f"nothing left to plan: {waiting}"


def forecast_lines(forecast: Forecast) -> list[str]:
    """The forecast in words, a line each (the command line's, and the review's)."""
    lines = [f"The list finishes {finish_text(forecast.finish, forecast.previous)}"]
    unplanned = sum(outlook.unplanned for outlook in forecast.categories)
    if unplanned:
        lines[0] += (f", not counting {unplanned} resource{'s' if unplanned > 1 else ''} "
                     "added since the plan was made (re-plan to place them)")
    if forecast.pace is not None:
        lines.append(f"  {pace_text(forecast.pace)}")
    pace = forecast.at_recent_pace
    if pace:
        lines.append(f"  at your recent pace (up to the last 4 weeks): {pace}")
    elif forecast.measured_weeks:
        weeks = forecast.measured_weeks
        lines.append(f"  at your recent pace: nothing done in the last "
                     f"{'week' if weeks == 1 else f'{weeks} weeks'}, so no finish at that pace")
    else:  # the learner began this week: the week's own work is not a pace yet
        lines.append("  at your recent pace: no past week yet to measure it by")
    for outlook in forecast.categories:
        if not outlook.all_someday:
            lines.append(f"  {outlook.title}: {outlook_text(outlook)}")
    # the categories with nothing planned, all of it Someday: once, on one line
    parked = [outlook.title for outlook in forecast.categories if outlook.all_someday]
    if parked:
        lines.append(f"  Someday, not planned: {', '.join(parked)}")
    for d in forecast.deadlines:
        holds = "holds" if d.met else "is missed"
        lines.append(f"  deadline {d.deadline} of {d.title}: finishes "
                     f"{d.finish or 'beyond the plan'}, {holds}")
    return lines


def review_lines(review: Review) -> list[str]:
    """The review in words, a line each, the forecast after it."""
    done_goals = sum(1 for g in review.goals if g.done)
    lines = [f"Review of {review.week} ({wording.week_dates(review.week)})",
             f"  planned {format_hours(review.planned_hours)}, done "
             f"{format_hours(review.done_hours)} ({done_goals} of {len(review.goals)} goals)"]
    lines += [f"  {'[x]' if g.done else '[ ]'} {g.description}" for g in review.goals]
    if review.carried_over_hours:
        lines.append(f"  carried over: {format_hours(review.carried_over_hours)}")
    if review.behind_hours and review.ended:
        lines.append(f"  behind by {format_hours(review.behind_hours)} when the week ended")
    elif review.behind_hours:
        lines.append(f"  began {format_hours(review.behind_hours)} behind the plan")
    elif review.ahead_hours:
        lines.append(f"  ahead: {format_hours(review.ahead_hours)} beyond the week's budget")
    if review.ended and review.previous_finish != review.finish:
        when = "when it rolled over"
        if review.rolled is not None:
            first, to = review.rolled
            if (monday(to) - monday(first)).days > 7:  # weeks away: one roll-over for all
                when = f"when the plan rolled over from {first} to {to}, weeks together"
        lines.append(f"  {when}, the list's finish moved: "
                     + finish_text(review.finish, review.previous_finish, known=True))
    return lines + forecast_lines(review.forecast)


def review_to_json(r: Review) -> dict[str, object]:
    """``review --json`` (docs/architecture.md §3.2), with the forecast beside it."""
    return {
        "week": r.week,
        "budget": r.budget,
        "planned_hours": r.planned_hours,
        "done_hours": r.done_hours,
        "goals": [{"resource": g.resource, "description": g.description,
                   "hours": g.hours, "done": g.done} for g in r.goals],
        "missed": [{"resource": m.resource, "hours": m.hours} for m in r.missed],
        "carried_over_hours": r.carried_over_hours,
        "behind_hours": r.behind_hours,
        "ahead_hours": r.ahead_hours,
        "finish": {"planned": r.finish, "previous": r.previous_finish},
        "forecast": forecast_to_json(r.forecast),
    }


def forecast_to_json(f: Forecast) -> dict[str, object]:
    """``forecast --json`` (docs/architecture.md §3.2)."""
    return {
        "whole": {"finish": f.finish, "previous": f.previous,
                  "at_recent_pace": f.at_recent_pace},
        # what planning at your pace changed; null when the plan keeps to the estimates
        "pace": None if f.pace is None else {
            "by_kind": dict(f.pace.kinds), "finish": f.pace.finish,
            "at_estimate": f.pace.at_estimate},
        "categories": [{"id": c.id, "title": c.title, "finish": c.finish, "done": c.done,
                        "to_mark_done": list(c.to_mark_done),
                        # Someday resources not done (not planned: not in its finish),
                        # and whether that is all it has left
                        "someday": c.someday, "all_someday": c.all_someday}
                       for c in f.categories],
        "deadlines": [{"resource": d.resource, "title": d.title,
                       "deadline": d.deadline.isoformat(), "finish": d.finish, "met": d.met}
                      for d in f.deadlines],
    }
