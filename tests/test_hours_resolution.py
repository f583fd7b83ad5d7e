"""Hours at one resolution (0.01 h): no float noise in a plan or the data file, and the
same state always writes the same bytes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import MappingProxyType

from hypothesis import HealthCheck, given, settings

from planner.core.hours import (
    format_hours,
    from_hundredths,
    round_hours,
    round_hours_up,
    to_hundredths,
)
from planner.core.journal.events import Event
from planner.core.journal.fold import fold
from planner.core.journal.state import PlannerState
from planner.core.planning.scheduler import schedule
from planner.core.planning.settings import Settings
from planner.core.progress.rules import Progress
from planner.store.state_file import StateFile
from planner.store.state_format import _progress_payload
from tests.test_scheduler_properties import Scenario, remaining, scenarios

NOISE = re.compile(r"(?<![\w.])\d+\.\d{3,}\b")  # a number with three decimals or more


def test_round_hours_prints_short():
    assert repr(round_hours(2.8000000000000003)) == "2.8"
    assert repr(round_hours(0.5999999999999996)) == "0.6"
    assert [repr(from_hundredths(n)) for n in (57, 29, 1, 100)] == ["0.57", "0.29", "0.01",
                                                                     "1.0"]
    assert to_hundredths(0.125) == 12 and to_hundredths(0.135) == 14  # to even, as float
    assert round_hours_up(20 / 3) == 6.67 and round_hours_up(6.0) == 6.0


def test_hours_read_the_same_everywhere():
    """One formatter (core/hours.py) for the tree, the detail pane, the plan, the command
    line and the exports: at the resolution, no trailing zeros."""
    assert [format_hours(h) for h in (6, 6.0, 2.5, 1 / 3, 12.25, 2.8000000000000003,
                                      1234.56, 52000)] == [
        "6 h", "6 h", "2.5 h", "0.33 h", "12.25 h", "2.8 h", "1234.56 h", "52000 h"]
    assert format_hours(0) == format_hours(-0.0) == format_hours(-2) == "0 h"
    assert format_hours(0.004) == "<0.01 h"  # something, too small to show
    assert format_hours(0.006) == "0.01 h"


def test_every_place_shows_hours_with_the_one_formatter():
    from planner.core.catalog.model import Resource
    from planner.core.planning.plan import Goal
    from planner.core.planning.scheduler import describe_goal
    from planner.core.progress.rules import describe_progress
    from planner.store.catalog_file import load_catalog
    from planner.store.exporters import goal_text
    from planner.ui.formatting import resource_left

    catalog = load_catalog(Path(__file__).parent / "data" / "small-catalog.yaml")
    third = Goal("calculus", 1 / 3)
    assert describe_goal(third, catalog).endswith("(0.33 h)")
    assert goal_text(third, catalog).endswith("(0.33 h)")
    assert resource_left(1 / 3, Progress()) == "0.33 h"
    resource = Resource(id="r", title="R", effort_hours=1 / 3)
    assert describe_progress(resource, Progress(hours_logged=0.25)) == "0.25 h of 0.33 h"


def test_logged_hours_and_settings_are_kept_at_the_resolution():
    journal = [Event(f"t.{n}", dt.datetime(2026, 12, 1, 12, tzinfo=dt.timezone.utc), "hours",
                     MappingProxyType({"r": "calculus", "h": h})) for n, h in ((1, 0.1), (2, 0.2))]
    assert repr(fold(journal).progress["calculus"].hours_logged) == "0.3"
    assert Settings(hours_per_week=20 / 3).validated().hours_per_week == 6.66  # down


def _state(scn: Scenario) -> PlannerState:
    progress = {rid: Progress(done=p.done, units_done=p.units_done,
                              hours_logged=round_hours(p.hours_logged))
                for rid, p in scn.progress.items()}
    pins = {rid: week for rid, week in scn.pins.items() if week[:4].isdigit()}  # storable
    plan = schedule(scn.catalog, progress, scn.settings, today=scn.today, pins=pins)
    # the progress as the journal holds it: one "progress" event per resource (as migrated)
    at = dt.datetime.combine(scn.today, dt.time(12), tzinfo=dt.timezone.utc)
    journal = [Event(f"t.{i}", at, "progress", _progress_payload(rid, p), seq=i)
               for i, (rid, p) in enumerate(sorted(progress.items()), 1) if not p.is_empty]
    state = PlannerState.from_journal(scn.catalog, journal, settings=scn.settings.validated(),
                                      pins=pins, plan=plan, catalog_is_default=False)
    assert state.progress == {rid: p for rid, p in progress.items() if not p.is_empty}
    return state


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scn=scenarios())
def test_a_plan_has_no_float_noise_and_adds_up_exactly(scn: Scenario):
    state = _state(scn)
    assert state.plan is not None
    hundredths: dict[str, int] = {}
    for week in state.plan.weeks:
        for goal in week.goals:
            assert goal.hours == round_hours(goal.hours)
            hundredths[goal.resource] = hundredths.get(goal.resource, 0) + to_hundredths(
                goal.hours)
        assert week.planned_hours == round_hours(week.planned_hours)
    for item in state.plan.overflow:
        assert item.hours == round_hours(item.hours)
        hundredths[item.resource] = hundredths.get(item.resource, 0) + to_hundredths(item.hours)
    # planned + overflow = remaining, to the hundredth (not "about")
    left = {rid: to_hundredths(r) for rid, r in remaining(_as_saved(scn, state)).items()}
    assert hundredths == left


def _as_saved(scn: Scenario, state: PlannerState) -> Scenario:
    return Scenario(scn.catalog, state.progress, state.settings, scn.today, scn.pins)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(scn=scenarios())
def test_the_data_file_of_any_plan_has_no_float_noise_and_the_same_bytes_twice(
        tmp_path: Path, scn: Scenario):
    store = StateFile(tmp_path / "planner.yaml", lambda: scn.catalog)
    text = store.serialize(_state(scn)).decode()
    assert NOISE.findall(text) == [], NOISE.findall(text)[:5]
    assert store.serialize(_state(scn)).decode() == text  # the same plan, the same bytes
    again = store.parse(text.encode(), store.path)  # and read back, it writes them again
    assert store.serialize(again).decode() == text
