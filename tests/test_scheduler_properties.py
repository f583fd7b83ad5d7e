"""Invariants of the scheduler (docs/architecture.md §3.3), checked with Hypothesis on
generated catalogs."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.catalog.model import KINDS, Catalog, Category, Resource, catalog_from_data
from planner.core.hours import HOURS_RESOLUTION, hundredths_within, to_hundredths
from planner.core.planning.plan import Plan, is_work
from planner.core.planning.scheduler import (
    KEEP_WHOLE_HOURS,
    MIN_PIECE_HOURS,
    SchedulingError,
    replan,
    schedule,
)
from planner.core.planning.settings import Settings
from planner.core.progress.rules import Progress, remaining_hours
from planner.core.weeks import add_weeks, monday, week_of, weeks_between

TOL = 1e-6
EXAMPLES = settings(max_examples=200, deadline=None)


@dataclass
class Scenario:
    catalog: Catalog
    progress: dict[str, Progress]
    settings: Settings
    today: dt.date
    pins: dict[str, str] = field(default_factory=dict)

    def plan(self, **kw: Any) -> Plan:
        return schedule(
            self.catalog, self.progress, self.settings, today=self.today, pins=self.pins, **kw
        )


@st.composite
def resource_data(draw: st.DrawFn, i: int, today: dt.date) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": f"r{i}",
        "title": f"Resource {i}",
        "kind": draw(st.sampled_from(KINDS)),
        "priority": draw(st.integers(1, 5)),
    }
    if draw(st.booleans()):
        data["effort_hours"] = (
            draw(st.sampled_from([0.1, 0.25, 0.4, 0.5, 1, 1.5, 2.75]))
            if (draw(st.booleans()))
            else round(draw(st.floats(0.1, 60)), 2)
        )
    if draw(st.booleans()):
        data["units"] = {"name": "chapter", "count": draw(st.integers(1, 40))}
    if i and draw(st.booleans()):
        prereqs = draw(st.lists(st.integers(0, i - 1), min_size=1, max_size=3, unique=True))
        data["prerequisites"] = [f"r{j}" for j in prereqs]
    if draw(st.integers(0, 3)) == 0:
        data["deadline"] = (today + dt.timedelta(days=draw(st.integers(-40, 420)))).isoformat()
    return data


@st.composite
def scenarios(draw: st.DrawFn, max_resources: int = 25) -> Scenario:
    today = draw(st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)))
    n = draw(st.integers(1, max_resources))
    resources = [draw(resource_data(i, today)) for i in range(n)]
    # Catalog order independent of the prerequisite order (ids say which came first).
    resources = draw(st.permutations(resources))
    cut = sorted(draw(st.lists(st.integers(0, n), max_size=2)))
    groups = [resources[a:b] for a, b in zip([0, *cut], [*cut, n], strict=True)]
    categories: list[dict[str, Any]] = [
        {"title": f"Category {k}", "resources": group} for k, group in enumerate(groups)
    ]
    if draw(st.booleans()):  # tracks: some categories take a share of the week
        left_share = 100
        for category in categories:
            if left_share and draw(st.booleans()):
                share = draw(st.integers(1, left_share))
                category["share"] = share
                left_share -= share
    data = {"title": "generated", "categories": categories}
    catalog = catalog_from_data(data)
    progress: dict[str, Progress] = {}
    for resource in catalog:
        choice = draw(st.integers(0, 5))
        if choice == 0:
            progress[resource.id] = Progress(done=True)
        elif choice == 1 and resource.units:
            progress[resource.id] = Progress(
                units_done=draw(st.integers(0, resource.units.count - 1))
            )
        elif choice == 2:
            progress[resource.id] = Progress(hours_logged=draw(st.floats(0.0, resource.effort)))
    hours = draw(st.one_of(st.sampled_from([0.5, 1, 2.5, 5, 6]), st.floats(0.5, 40)))
    start_week = None
    if draw(st.integers(0, 4)) == 0:
        start_week = add_weeks(week_of(today), draw(st.integers(-3, 4)))
    plan_settings = Settings(
        hours_per_week=hours,
        max_parallel=draw(st.integers(1, 5)),
        horizon_weeks=draw(st.integers(1, 60)),
        start_week=start_week,
    )
    pins: dict[str, str] = {}
    ids = sorted(catalog.resources)
    for rid in draw(st.lists(st.sampled_from(ids), max_size=4, unique=True)):
        pins[rid] = (
            add_weeks(week_of(today), draw(st.integers(-4, 70)))
            if draw(st.integers(0, 9))
            else "not-a-week"
        )
    return Scenario(catalog, progress, plan_settings, today, pins)


# --------------------------------------------------------------------------- checking a plan


def remaining(scn: Scenario) -> dict[str, float]:
    out = {}
    for resource in scn.catalog:
        progress = scn.progress.get(resource.id, Progress())
        left = 0.0 if progress.done else remaining_hours(resource, progress)
        if left > 1e-9:
            out[resource.id] = left
    return out


def usable_pins(scn: Scenario, plan: Plan) -> dict[str, str]:
    """Pins the scheduler must honour: valid, not past, within the planned weeks."""
    assert plan.start_week is not None
    this_week = week_of(scn.today)
    out = {}
    left = remaining(scn)
    for rid, week in scn.pins.items():
        if rid not in left or not week[:4].isdigit():
            continue
        offset = weeks_between(plan.start_week, week)
        if monday(week) < monday(this_week) or offset < 0:
            continue
        if offset < scn.settings.horizon_weeks:
            out[rid] = week
    return out


def positions(plan: Plan) -> dict[str, list[tuple[int, int]]]:
    """(week index, position in the week) of each goal, per resource."""
    out: dict[str, list[tuple[int, int]]] = {}
    for n, week in enumerate(plan.weeks):
        for k, goal in enumerate(week.goals):
            out.setdefault(goal.resource, []).append((n, k))
    return out


def check_plan(scn: Scenario, plan: Plan) -> None:
    budget = scn.settings.hours_per_week
    left = remaining(scn)
    pins = usable_pins(scn, plan)
    assert plan.start_week is not None
    # weeks are consecutive from the start week
    assert [w.week for w in plan.weeks] == [
        add_weeks(plan.start_week, n) for n in range(len(plan.weeks))
    ]
    assert len(plan.weeks) <= scn.settings.horizon_weeks

    for week in plan.weeks:
        pinned = [g for g in week.goals if g.pinned]
        unpinned_hours = sum(g.hours for g in week.goals if not g.pinned)
        pinned_hours = sum(g.hours for g in pinned)
        # no week over budget without a pin; unpinned work only fills what pins leave
        assert unpinned_hours <= max(0.0, budget - pinned_hours) + TOL
        if week.over_budget:
            assert pinned
        # max_parallel (pins are the user's word and may exceed it)
        distinct = {g.resource for g in week.goals}
        assert len(distinct) == len(week.goals)
        assert len(distinct) <= max(scn.settings.max_parallel, len(pinned))
        for goal in week.goals:
            assert goal.hours > 0
            assert not goal.pinned or pins.get(goal.resource) == week.week

    # all remaining work planned or in overflow, hours adding up; nothing else planned
    planned: dict[str, float] = {}
    for week in plan.weeks:
        for goal in week.goals:
            planned[goal.resource] = planned.get(goal.resource, 0.0) + goal.hours
    for item in plan.overflow:
        assert item.reason and item.hours > 0
        planned[item.resource] = planned.get(item.resource, 0.0) + item.hours
    assert set(planned) == set(left)
    for rid, hours in planned.items():
        assert hours == pytest.approx(left[rid], abs=TOL)
    assert len({item.resource for item in plan.overflow}) == len(plan.overflow)

    # pins: the resource's first goal is one pinned piece in the pinned week, and the rest
    # continues after it; a piece that does not finish the resource fits in the budget
    overflowed = {item.resource for item in plan.overflow}
    for rid, week in pins.items():
        goals = [(w.week, g) for w in plan.weeks for g in w.goals if g.resource == rid]
        assert goals[0][0] == week and goals[0][1].pinned
        assert all(w > week and not g.pinned for w, g in goals[1:])
        if len(goals) > 1 or rid in overflowed:
            assert goals[0][1].hours <= budget + TOL

    # prerequisites: an unpinned goal comes after every goal of its prerequisites
    where = positions(plan)
    for rid, spots in where.items():
        resource = scn.catalog.resources[rid]
        unpinned = [(n, k) for n, k in spots if not plan.weeks[n].goals[k].pinned]
        if not unpinned:
            continue
        for prereq in resource.prerequisites:
            if prereq not in left:
                continue
            assert prereq not in overflowed
            assert max(where[prereq]) < min(unpinned)

    # no crumbs: the pieces of a split resource (its goals, and its overflow) are each at
    # least half an hour; under an hour a week (half an hour or the budget is the least
    # piece, and the budget the most) only the last piece may be shorter. A resource of
    # 2 h or less is not split unless the budget is shorter than it.
    budget_c = hundredths_within(budget)
    floor_c = min(to_hundredths(MIN_PIECE_HOURS), budget_c)
    overflow_hours = {item.resource: item.hours for item in plan.overflow}
    for rid, spots in where.items():
        pieces = [plan.weeks[n].goals[k].hours for n, k in spots]
        if rid in overflow_hours:
            pieces.append(overflow_hours[rid])
        left_c = to_hundredths(left[rid])
        if left_c <= min(to_hundredths(KEEP_WHOLE_HOURS), budget_c):
            assert len(pieces) == 1, (rid, pieces)
        checked = pieces if budget_c >= 2 * floor_c else pieces[:-1]
        if len(pieces) > 1:
            assert min(to_hundredths(p) for p in checked) >= floor_c, (rid, pieces)

    # unit ranges continue after the units done and after each other
    for rid, spots in where.items():
        resource = scn.catalog.resources[rid]
        goals = [plan.weeks[n].goals[k] for n, k in spots]
        if resource.units is None:
            assert all(g.units is None for g in goals)
            continue
        done = scn.progress.get(rid, Progress()).units_done
        expected_first = {done + 1}
        for goal in goals:
            assert goal.units is not None
            first, last = goal.units
            assert 1 <= first <= last <= resource.units.count
            assert first in expected_first
            inside = _ends_inside_a_unit(resource, done, where, plan, goal)
            expected_first = {last} if inside else {last, last + 1}

    check_deadlines(scn, plan, left, where, overflowed)


def _ends_inside_a_unit(resource: Resource, done: int, where: Any, plan: Plan,
                       goal: Any) -> bool:
    """Whether the work up to and including ``goal`` surely ends inside a unit (False also
    when the hours cannot tell: within the planner's resolution of a boundary)."""
    assert resource.units is not None
    unit = resource.effort / resource.units.count
    hours = 0.0
    for n, k in where[resource.id]:
        g = plan.weeks[n].goals[k]
        hours += g.hours
        if g is goal:
            break
    position = done + hours / unit
    # Goals show hours at the resolution: their sum is within half a hundredth of the
    # exact work, that is within ``tolerance`` units of the exact position.
    # Within that of a boundary the hours cannot tell whether the goal ends on it or just
    # past it (the scheduler counts in hundredths of an hour, a unit is rarely a whole
    # number of them): either next first unit is right. Farther, it is past one.
    tolerance = HOURS_RESOLUTION / 2 / unit + 1e-6
    return tolerance < 0.5 and abs(position - round(position)) >= tolerance


def check_deadlines(
    scn: Scenario,
    plan: Plan,
    left: dict[str, float],
    where: dict[str, list[tuple[int, int]]],
    overflowed: set[str],
) -> None:
    """A deadline warning exactly when a deadline is missed."""
    assert plan.start_week is not None
    horizon_end = scn.settings.horizon_weeks - 1
    expected = set()
    for rid in left:
        deadline = scn.catalog.resources[rid].deadline
        if deadline is None:
            continue
        due = weeks_between(plan.start_week, week_of(deadline))
        if rid in overflowed:
            missed = due <= horizon_end or deadline < scn.today
        else:
            finish = max(where[rid])[0]
            missed = finish > due or deadline < scn.today
        if missed:
            expected.add(rid)
    misses = {m.resource: m for m in plan.deadline_misses}
    assert set(misses) == expected
    for rid, miss in misses.items():
        title = scn.catalog.resources[rid].title
        assert any(title in w and "deadline" in w for w in plan.warnings)
        if miss.needed_hours_per_week is not None:
            due = weeks_between(plan.start_week, week_of(miss.deadline))
            # honest: at least the resource's own remaining work over the weeks until then
            assert miss.needed_hours_per_week * (due + 1) >= left[rid] - TOL
    for resource in scn.catalog:
        if resource.id not in expected and resource.deadline is not None:
            assert not any(f"“{resource.title}”" in w and "deadline" in w for w in plan.warnings)


# --------------------------------------------------------------------------- the properties


@EXAMPLES
@given(scenarios())
def test_invariants_hold_for_any_catalog(scn: Scenario) -> None:
    plan = scn.plan()
    check_plan(scn, plan)


@EXAMPLES
@given(scenarios(max_resources=15))
def test_same_input_same_plan(scn: Scenario) -> None:
    first = scn.plan()
    shuffled = Scenario(
        scn.catalog,
        dict(reversed(scn.progress.items())),
        scn.settings,
        scn.today,
        dict(reversed(scn.pins.items())),
    )
    assert shuffled.plan() == first
    assert scn.plan(previous=first) == scn.plan(previous=first)


@EXAMPLES
@given(scenarios(max_resources=15), st.integers(0, 8), st.data())
def test_replan_leaves_past_weeks_untouched(scn: Scenario, weeks_later: int, data: Any) -> None:
    first = scn.plan()
    later = scn.today + dt.timedelta(weeks=weeks_later, days=data.draw(st.integers(0, 6)))
    progress = dict(scn.progress)
    for rid in data.draw(st.lists(st.sampled_from(sorted(scn.catalog.resources)), max_size=4)):
        resource = scn.catalog.resources[rid]
        progress[rid] = data.draw(
            st.sampled_from(
                [
                    Progress(done=True),
                    Progress(),
                    Progress(hours_logged=resource.effort / 2),
                    Progress(units_done=(resource.units.count // 2) if resource.units else 0),
                ]
            )
        )
    new = replan(first, scn.catalog, progress, scn.settings, later, scn.pins)
    this_week = monday(week_of(later))
    past_before = [w for w in first.weeks if monday(w.week) < this_week]
    past_after = [w for w in new.weeks if monday(w.week) < this_week]
    assert past_after == past_before
    # the new part is a proper plan of the work that is left
    fresh = Plan(
        new.hours_per_week,
        tuple(w for w in new.weeks if monday(w.week) >= this_week),
        new.overflow,
        new.warnings,
        new.moves,
        new.start_week,
        new.deadline_misses,
    )
    check_plan(Scenario(scn.catalog, progress, scn.settings, later, scn.pins), fresh)

    # moves are exactly the resources whose first planned week changed
    def firsts(plan: Plan) -> dict[str, str]:
        out: dict[str, str] = {}
        for week in plan.weeks:
            if new.start_week is not None and week.week >= new.start_week:
                for goal in week.goals:
                    out.setdefault(goal.resource, week.week)
        return out

    before, after = firsts(first), firsts(new)
    changed = {rid for rid in before.keys() | after.keys() if before.get(rid) != after.get(rid)}
    assert {m.resource for m in new.moves} == changed
    # a resource planned only in weeks now past moves from the last of them (missed there)
    past_last = {goal.resource: week.week for week in first.weeks
                 if new.start_week is not None and week.week < new.start_week
                 for goal in week.goals if is_work(goal)}
    for move in new.moves:
        assert move.reason
        was = before.get(move.resource) or past_last.get(move.resource)
        assert (move.before, move.after) == (was, after.get(move.resource))


@EXAMPLES
@given(st.integers(2, 8), st.integers(0, 6), st.randoms(use_true_random=False))
def test_a_cycle_is_an_error_naming_it(length: int, extra: int, rnd: Any) -> None:
    ids = [f"c{i}" for i in range(length + extra)]
    rnd.shuffle(ids)
    cycle = ids[:length]
    resources = [Resource(rid, rid.upper(), effort_hours=1) for rid in ids]
    by_id = {r.id: r for r in resources}
    for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True):
        by_id[a].prerequisites += (b,)
    for rid in ids[length:]:  # some acyclic hangers-on pointing into the cycle
        by_id[rid].prerequisites += (rnd.choice(cycle),)
    catalog = Catalog("t", Category("", "root", list(resources)))
    with pytest.raises(SchedulingError) as info:
        schedule(catalog, {}, Settings(), today=dt.date(2026, 1, 5))
    found = info.value.cycle
    assert found[0] == found[-1] and set(found[:-1]) == set(cycle)
    for a, b in itertools.pairwise(found):
        assert b in by_id[a].prerequisites
    assert " → ".join(found) in str(info.value)
