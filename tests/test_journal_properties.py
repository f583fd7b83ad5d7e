"""The journal's three properties (issue 13), over every operation type.

(a) Any sequence of operations (refused ones among them), undone one by one in reverse,
    returns the first state, byte for byte as saved; redone, the last one.
(b) The fold of the journal is the progress the operations made: a small model of each
    resource's progress, kept here from what each accepted operation means, is the app's
    progress after every step, the fold of its journal, and the fold of the journal of the
    saved file read back.
(c) Migrating schema v1 to v2, through the store's loader, keeps every fact of the golden
    files and of generated v1 files: progress and notes, pins, settings, the catalog, the
    plan, one event per history line (its day, resource, type and value), one tick per
    checked goal (on its goal's chunk); migrating twice gives the same bytes.

Clocks are injected: a date-only one (``today=``) and one that runs across midnights, week
boundaries and UTC-offset changes between operations.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from planner.core.catalog.editing import (
    add_category,
    add_resource,
    delete_nodes,
    move_node,
    rename_category,
    update_resource,
)
from planner.core.catalog.model import (
    MAX_UNITS,
    Catalog,
    catalog_from_data,
    catalog_to_data,
    clean_text,
)
from planner.core.errors import UserError
from planner.core.journal.events import Recorder
from planner.core.journal.fold import Folds, Tick, fold, tick_key
from planner.core.journal.goals import fresh_plan, is_open
from planner.core.journal.state import (
    Applied,
    AppState,
    Changed,
    ChangeRefusedError,
    Operation,
    PlannerState,
    WriteProblem,
)
from planner.core.operations.catalog import ReplaceCatalog, SetDeadline, SetPriority
from planner.core.operations.planning import (
    AcceptPlan,
    ChangeSettings,
    CheckGoal,
    Pin,
    PinAndReplan,
)
from planner.core.operations.progress import EditNotes, LogHours, RecordUnits, SetDone
from planner.core.planning.plan import Goal, Plan, WeekPlan
from planner.core.progress.rules import Progress
from planner.core.weeks import WeekError, read_week, week_of
from planner.store.catalog_file import load_catalog
from planner.store.format_v2 import folds_from_data, folds_to_data
from planner.store.state_file import StateFile
from planner.store.state_format import (
    HistoryEntry,
    history_from_line,
    history_line,
    migrate,
    plan_from_data,
    plan_to_data,
    progress_from_data,
    progress_to_data,
    settings_from_data,
    state_to_data,
    to_text,
)
from tests.conftest import SMALL_CATALOG

GOLDEN = Path(__file__).parent / "data" / "golden"


def small() -> Catalog:
    return load_catalog(SMALL_CATALOG)


def saved(state: PlannerState) -> bytes:
    """The bytes a save writes (``StateFile.save`` writes ``serialize``)."""
    return to_text(state_to_data(state)).encode("utf-8")


# ================================================================== operations, as drawn
# Each step is built against the state it is applied to (an edit of the catalog, a plan, a
# goal of the accepted plan need it); one that cannot even be built is refused like one
# that ``apply`` refuses. Steps have a short repr, for Hypothesis's falsifying examples.

HOSTILE = ["\x00", "\x07", "\x1b[31m", "\x85", "\r", "\r\n", "\t", "\n", "\u2028", "\ufeff",
           "😀", "é", '"', "'", ":", ": ", " #", "- ", "{", "}", "[", "]", ",", "&", "*",
           "!", "%", "@", "`", "|", ">", "\\", "null", "~", "true", "1e3", "0x1F", "2026-01-01"]
text = st.lists(st.characters(codec="utf-8") | st.sampled_from(HOSTILE), max_size=16).map(
    "".join)
RIDS = ["linalg", "calculus", "numpy-100", "nope"]  # "nope": unknown, refused
CATEGORY_IDS = ["maths", "code", "python", "", "nope"]


@dataclass(frozen=True)
class Step:
    name: str
    args: tuple[Any, ...]
    build: Callable[[AppState], Operation] = field(compare=False)

    def __repr__(self) -> str:
        return f"{self.name}{self.args!r}"


@dataclass(frozen=True)
class Advance:
    """The clock moves on (``minutes``), and may move to another UTC offset."""

    minutes: int
    offset_hours: int | None = None


@dataclass(frozen=True)
class WriteRefused:
    """The step, refused by the data file's write check after it was carried out (as a
    change that would make the file too big is): taken back at once."""

    step: Step


def step(name: str, build: Callable[..., Operation]) -> Callable[..., Step]:
    def make(*args: Any) -> Step:
        return Step(name, args, lambda app: build(app, *args))
    make.__name__ = make.__qualname__ = name
    return make


def _goal_of_plan(app: AppState, week: int, index: int, checked: bool) -> Operation:
    plan = app.state.plan
    weeks = [w for w in plan.weeks if w.goals] if plan is not None else []
    if not weeks:  # no plan yet: a goal of its own
        return CheckGoal("2026-W49", Goal("numpy-100", 1.5, (1, 12)), checked)
    chosen = weeks[week % len(weeks)]
    return CheckGoal(chosen.week, chosen.goals[index % len(chosen.goals)], checked)


def _edit(app: AppState, kind: str, target: str, value: Any) -> Operation:
    catalog = app.catalog
    if kind == "add":
        fields: dict[str, object] = {"title": value[0], "effort_hours": value[1]}
        if value[2]:
            fields["units"] = {"name": "part", "count": value[2]}
        new = add_resource(catalog, target, fields)
    elif kind == "update":
        new = update_resource(catalog, target, value)
    elif kind == "delete":
        new = delete_nodes(catalog, [target])
    elif kind == "rename":
        new = rename_category(catalog, target, value)
    elif kind == "add-category":
        new = add_category(catalog, target, value)
    else:
        new = move_node(catalog, target, value)
    return ReplaceCatalog(new, f"Edit ({kind})")


def _deadline(app: AppState, rid: str, days: int | None) -> Operation:
    return SetDeadline(rid, None if days is None else app.today() + dt.timedelta(days=days))


set_done = step("SetDone", lambda app, rid, done: SetDone(rid, done))
record_units = step("RecordUnits", lambda app, rid, n: RecordUnits(rid, n))
log_hours = step("LogHours", lambda app, rid, h: LogHours(rid, h))
edit_notes = step("EditNotes", lambda app, rid, t: EditNotes(rid, t))
set_priority = step("SetPriority", lambda app, rid, p: SetPriority(rid, p))
set_deadline = step("SetDeadline", _deadline)
edit_catalog = step("ReplaceCatalog", _edit)
accept_plan = step("AcceptPlan", lambda app: AcceptPlan(fresh_plan(app)))
change_settings = step("ChangeSettings", lambda app, values: ChangeSettings(**dict(values)))
pin = step("Pin", lambda app, rid, week: Pin(rid, week))
pin_and_replan = step("PinAndReplan", lambda app, rid, week: PinAndReplan(rid, week))
check_planned_goal = step("CheckGoal", _goal_of_plan)
check_goal = step("CheckGoal", lambda app, week, goal, checked: CheckGoal(week, goal, checked))

rid = st.sampled_from(RIDS)
WEEKS = [None, "2026-W50", "2027-W02", "2026W51", "2026-W60", "9999-W52"]
GOALS = [Goal("numpy-100", 1.0, (1, 10)), Goal("numpy-100", 2.0, (91, 130)),
         Goal("linalg", 1.5, (5, 6)), Goal("calculus", 1.5), Goal("calculus", 0.333),
         Goal("linalg", 2.0), Goal("linalg", 6.0), Goal("nope", 1.0)]
RESOURCE_EDITS = [{"effort_hours": 0.5}, {"effort_hours": 40}, {"units": None},
                  {"units": {"name": "part", "count": 3}}, {"title": "Renamed: \"it\""},
                  {"priority": 2}, {"deadline": "2027-03-01"}, {"notes": "a note\nline"},
                  {"prerequisites": ["numpy-100"]}, {"units": {"name": "x", "count": 0}}]
SETTING_VALUES = st.fixed_dictionaries({}, optional={
    "hours_per_week": st.sampled_from([0.1, 0.25, 2.5, 7.333, 100.0, 101.0]),
    "max_parallel": st.sampled_from([0, 1, 2, 3, 51]),
    "horizon_weeks": st.sampled_from([1, 12, 52, 521]),
    "start_week": st.sampled_from([None, "2026-W50", "2027-W05", "9999-W51", "2026-W99"]),
}).map(lambda d: tuple(sorted(d.items())))

OPERATIONS = st.one_of(
    st.builds(set_done, rid, st.booleans()),
    st.builds(record_units, rid, st.integers(-1, 110)),
    st.builds(log_hours, rid, st.sampled_from([-1.0, 0.0, 0.004, 0.25, 1.005, 2.5, 7.77, 1000.0,
                                               1000.5]) | st.floats(0.01, 12).map(
                                                   lambda h: round(h, 2))),
    st.builds(edit_notes, rid, text),
    st.builds(set_priority, rid, st.integers(0, 6)),
    st.builds(set_deadline, rid, st.sampled_from([None, -1, 0, 3, 60])),
    st.builds(edit_catalog, st.just("add"), st.sampled_from(CATEGORY_IDS),
              st.tuples(st.sampled_from(["Calculus", "Graphs", "Notes: part 2", ""]),
                        st.sampled_from([0.5, 3, 12.25]), st.sampled_from([None, 4, 20]))),
    st.builds(edit_catalog, st.just("update"), rid, st.sampled_from(RESOURCE_EDITS)),
    st.builds(edit_catalog, st.just("delete"), st.sampled_from([*RIDS, "maths", "python"]),
              st.none()),
    st.builds(edit_catalog, st.just("rename"), st.sampled_from(CATEGORY_IDS),
              st.sampled_from(["Mathematics", " ", "Code & more"])),
    st.builds(edit_catalog, st.just("add-category"), st.sampled_from(CATEGORY_IDS),
              st.sampled_from(["Reading", ""])),
    st.builds(edit_catalog, st.just("move"), rid, st.sampled_from(CATEGORY_IDS)),
    st.builds(accept_plan),
    st.builds(change_settings, SETTING_VALUES),
    st.builds(pin, rid, st.sampled_from(WEEKS)),
    st.builds(pin_and_replan, rid, st.sampled_from(WEEKS)),
    st.builds(check_planned_goal, st.integers(0, 5), st.integers(0, 5), st.booleans()),
    st.builds(check_goal, st.sampled_from(["2026-W49", "2026-W50"]), st.sampled_from(GOALS),
              st.booleans()),
)
# Minutes: within the hour, past a midnight, a day, a week and a bit; offsets as DST
# and travel change them.
ADVANCES = st.builds(Advance, st.sampled_from([1, 95, 11 * 60, 24 * 60, 7 * 24 * 60 + 5]),
                     st.sampled_from([None, None, 1, 2, -5, 13]))
STEPS = st.lists(st.one_of(OPERATIONS, OPERATIONS, ADVANCES, st.builds(WriteRefused, OPERATIONS)),
                 max_size=30)

# Where the clock starts: Sunday 6 December 2026, 22:30 at UTC+1 (the next midnight starts
# ISO week 50); the same Sunday where UTC is already Monday, and Monday where UTC is still
# Sunday (the learner's day is the local one); New Year's Eve, in ISO week 53.
START = dt.datetime(2026, 12, 6, 22, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
STARTS = [START,
          dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-11))),
          dt.datetime(2026, 12, 7, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=13))),
          dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.timezone.utc)]
# a running clock (its moment), or a date-only one (``today=``) starting that day
CLOCKS = st.tuples(st.sampled_from(STARTS), st.booleans())


class Clock:
    """The injected clock: a moment (``running``) or a date only (``today=``, events at
    noon UTC); ``today`` is the learner's day, as the test (not the app) reckons it."""

    def __init__(self, start: dt.datetime, running: bool) -> None:
        self.running = running
        self.moment = start

    def advance(self, change: Advance) -> None:
        moment = self.moment + dt.timedelta(minutes=change.minutes)
        if change.offset_hours is not None:
            moment = moment.astimezone(dt.timezone(dt.timedelta(hours=change.offset_hours)))
        self.moment = moment

    @property
    def today(self) -> dt.date:
        return self.moment.date()

    def app(self, state: PlannerState) -> AppState:
        if self.running:
            return AppState(state, recorder=Recorder("dev1", lambda: self.moment))
        return AppState(state, today=lambda: self.today)


# ================================================================== the model of progress


@dataclass(frozen=True)
class Expected:
    """A resource's progress as the operations mean it; hours in hundredths (exact)."""

    done: bool = False
    units: int = 0
    hundredths: int = 0
    started: dt.date | None = None
    finished: dt.date | None = None
    notes: str = ""

    def progress(self) -> Progress:
        return Progress(self.done, self.units, self.hundredths / 100, self.started,
                        self.finished, self.notes)


def _hundredths(hours: float) -> int:
    return round(hours * 100)


class Model:
    """What the accepted operations have made true: progress by resource and checked goals.
    ``expect`` also says whether a progress operation must be refused."""

    def __init__(self) -> None:
        self.progress: dict[str, Expected] = {}
        self.ticks: dict[str, Tick] = {}
        # each resource's progress when a week began and when it ended (or now), for the
        # uncheck of a week's record
        self.week_start: dict[tuple[str, str], Expected] = {}
        self.week_end: dict[tuple[str, str], Expected] = {}

    def _set(self, rid: str, new: Expected, today: dt.date) -> None:
        key = (week_of(today), rid)
        self.week_start.setdefault(key, self.progress.get(rid, Expected()))
        self.week_end[key] = new
        self.progress[rid] = new

    def as_progress(self) -> dict[str, Progress]:
        return {rid: e.progress() for rid, e in self.progress.items() if e != Expected()}

    def expect(self, app: AppState, op: Operation, today: dt.date
               ) -> tuple[bool | None, Callable[[], None]]:
        """(refused, how to update the model when accepted) for ``op`` on ``app``'s state.
        Operations that leave progress alone update nothing; only the progress ones are
        known to be refused or not from their values."""
        resources = app.catalog.resources
        if not isinstance(op, (SetDone, RecordUnits, LogHours, EditNotes, CheckGoal)):
            return None, lambda: None
        rid = op.goal.resource if isinstance(op, CheckGoal) else op.resource_id
        resource = resources.get(rid)
        if resource is None:
            return True, lambda: None
        now = self.progress.get(rid, Expected())
        count = resource.units.count if resource.units else None

        def finished(p: Expected) -> Expected:
            """Done: all its units done, when it has units (never more than it has)."""
            return replace(p, done=True, units=p.units if count is None else count,
                           started=p.started or today, finished=today)

        def at_units(p: Expected, n: int) -> Expected:
            return replace(p, done=False, units=n, finished=None,
                           started=(p.started or today) if n > 0 else p.started)

        def add_hours(p: Expected, h: int) -> Expected:
            logged = max(0, p.hundredths + h)
            if h < 0:
                return replace(p, hundredths=logged, done=False, finished=None)
            return replace(p, hundredths=logged, started=p.started or today)

        new: Expected
        if isinstance(op, SetDone):
            new = finished(now) if op.done else Expected(notes=now.notes)
        elif isinstance(op, RecordUnits):
            if count is None or not 0 <= op.units <= count:
                return True, lambda: None
            new = finished(now) if op.units == count else at_units(now, op.units)
        elif isinstance(op, LogHours):
            if not 0 < op.hours <= 1000:
                return True, lambda: None
            new = add_hours(now, _hundredths(op.hours))
        elif isinstance(op, EditNotes):
            new = replace(now, notes=clean_text(op.notes, multiline=True))
        elif op.goal.kind == "done":  # a week's record: checked; its uncheck goes back to
            key = (op.week, rid)      # the week's start, unless the resource moved since
            if op.checked or key not in self.week_start:
                return True, lambda: None
            if replace(self.week_end[key], notes="") != replace(now, notes=""):
                return True, lambda: None
            new = replace(self.week_start[key], notes=now.notes)

            def take_back() -> None:
                self._set(rid, new, today)
                for key in [k for k, t in self.ticks.items() if (t.week, t.resource) ==
                            (op.week, rid)]:
                    del self.ticks[key]
            return False, take_back
        else:
            goal = op.goal
            key = tick_key(op.week, rid, goal.hours, goal.units)
            ticked = self.ticks.get(key)
            if op.checked == (ticked is not None) and not (op.checked and is_open(app, op.week,
                                                                                goal)):
                return True, lambda: None  # checked twice (and not open again), or not checked
            by_units = goal.units is not None and count is not None
            hours = _hundredths(goal.hours)
            gave = None
            if op.checked and by_units:
                assert goal.units is not None and count is not None
                first, last = goal.units
                # the chunk's own units, counted from where the learner is (no further than
                # the count, which an edit may have lowered below the units done)
                at = min(now.units, count)
                units = min(count, max(at, min(last, at + last - first + 1)))
                gave = units - at
                new = (finished(now) if units >= count and not now.done
                       else at_units(now, units) if units > now.units else now)
            elif op.checked:
                new = add_hours(now, hours)
                if (now.hundredths + hours) / 100 >= resource.effort - 1e-9:
                    new = finished(new)
            elif by_units:
                assert goal.units is not None and ticked is not None
                back = (ticked.gave if ticked.gave is not None
                        else now.units - min(now.units, goal.units[0] - 1))
                units = max(0, now.units - back)
                new = (at_units(now, units) if units != now.units or (now.done and back > 0)
                       else now)
            else:
                new = add_hours(now, -hours)
            tick = Tick(op.week, rid, hours / 100, goal.units, gave)

            def update_goal() -> None:
                self._set(rid, new, today)
                if op.checked:
                    self.ticks[key] = tick
                else:
                    self.ticks.pop(key, None)
            return False, update_goal

        def update() -> None:
            self._set(rid, new, today)
        return False, update


# A checked goal that finishes its resource records all of its units, never more: the goal
# of a plan made when numpy-100 had 130 exercises (it has 100 now); an hours goal of a
# resource with units (units added since the plan was made). Both once left the resource
# "done" with 130 of 100 exercises, or with 0 of its 6 chapters.
FINISHING_GOALS = [check_goal("2026-W49", Goal("numpy-100", 2.0, (91, 130)), True),
                   check_goal("2026-W49", Goal("linalg", 6.0), True)]


# ================================================================== running the steps


class Validator:
    """The injected write check: refuses the change it is told to, and only that one."""

    def __init__(self) -> None:
        self.refuse_next = False

    def __call__(self, state: PlannerState, flags: Changed) -> WriteProblem | None:
        if self.refuse_next:
            self.refuse_next = False
            return WriteProblem("make the data file too big", too_big=True)
        return None


@dataclass
class Run:
    app: AppState
    clock: Clock
    model: Model
    first: bytes
    applied: list[Applied] = field(default_factory=list)
    operations: list[Operation] = field(default_factory=list)
    # the saved bytes before and after each accepted change
    around: list[tuple[bytes, bytes]] = field(default_factory=list)
    refused: int = 0


def run(steps: list[Step | Advance | WriteRefused], clock_kind: tuple[dt.datetime, bool]
        ) -> Run:
    clock = Clock(*clock_kind)
    validator = Validator()
    app = clock.app(PlannerState(catalog=small()))
    app.validator = validator
    result = Run(app, clock, Model(), saved(app.state))
    for item in steps:
        if isinstance(item, Advance):
            clock.advance(item)
            continue
        step_ = item.step if isinstance(item, WriteRefused) else item
        before, revision = saved(app.state), app.revision
        try:
            op = step_.build(app)
        except UserError:  # could not even be built (an edit the catalog refuses)
            result.refused += 1
            assert saved(app.state) == before
            continue
        must_refuse, update = result.model.expect(app, op, clock.today)
        validator.refuse_next = isinstance(item, WriteRefused)
        try:
            applied = app.apply(op)
        except UserError as exc:
            result.refused += 1
            if isinstance(exc, ChangeRefusedError):
                assert validator.refuse_next is False and isinstance(item, WriteRefused)
            else:
                assert must_refuse in (None, True), f"{item!r} was refused: {exc}"
            assert saved(app.state) == before, f"{item!r} was refused yet changed the state"
            assert app.revision == revision
        else:
            assert must_refuse in (None, False), f"{item!r} was accepted"
            assert not validator.refuse_next, f"{item!r} was not checked before it was kept"
            update()
            result.applied.append(applied)
            result.operations.append(op)
            result.around.append((before, saved(app.state)))
        validator.refuse_next = False
        # (b) after each step: the app's progress is the model's
        assert app.state.progress == result.model.as_progress(), item
        assert app.state.ticks == result.model.ticks, item
    return result


# ================================================================== (a) undo, redo: bytes


def undo_steps(result: Run, merges: list[bool]) -> list[tuple[Applied, bytes, bytes]]:
    """The undo steps, as the window's undo stack keeps them: successive notes edits of one
    resource merged into one step (``Applied.then``) where ``merges`` says so; each with the
    saved bytes before and after it."""
    groups: list[tuple[Applied, bytes, bytes]] = []
    last_notes: str | None = None
    for i, (applied, operation, (before, after)) in enumerate(
            zip(result.applied, result.operations, result.around, strict=True)):
        notes_of = operation.resource_id if isinstance(operation, EditNotes) else None
        merge = bool(merges) and merges[i % len(merges)]
        if merge and groups and notes_of is not None and notes_of == last_notes:
            first, first_before, _ = groups.pop()
            groups.append((first.then(applied), first_before, after))
        else:
            groups.append((applied, before, after))
        last_notes = notes_of
    return groups


@settings(max_examples=200, deadline=None)
@given(STEPS, CLOCKS, st.lists(st.booleans(), max_size=8))
@example(FINISHING_GOALS[:1], (START, False), [])  # a goal past the last unit
@example(FINISHING_GOALS[1:], (START, True), [])  # an hours goal of a resource with units
def test_any_operations_undone_in_reverse_save_the_first_bytes_and_redone_the_last(
        steps: list[Step | Advance | WriteRefused], clock_kind: tuple[dt.datetime, bool],
        merges: list[bool]) -> None:
    result = run(steps, clock_kind)
    app = result.app
    last = saved(app.state)
    groups = undo_steps(result, merges)
    for applied, before, after in reversed(groups):
        assert saved(app.state) == after
        app.undo(applied)
        assert saved(app.state) == before, f"undo of {applied.label!r}"
    assert saved(app.state) == result.first
    assert app.state.journal == [] and app.state.progress == {} and app.state.ticks == {}
    for applied, before, after in groups:
        assert saved(app.state) == before
        app.redo(applied)
        assert saved(app.state) == after, f"redo of {applied.label!r}"
    assert saved(app.state) == last
    assert app.state.progress == result.model.as_progress()
    # and so on disk: a save after undoing everything writes the first save's bytes
    with tempfile.TemporaryDirectory() as folder:
        store = StateFile(Path(folder) / "p.yaml", small)
        store.save(app.state)
        for applied, _, _ in reversed(groups):
            app.undo(applied)
        store.save(app.state)
        assert store.path.read_bytes() == result.first


# ================================================================== (b) the fold


@settings(max_examples=200, deadline=None)
@given(STEPS, CLOCKS)
@example(FINISHING_GOALS[:1], (START, False))
@example(FINISHING_GOALS[1:], (START, True))
def test_the_fold_of_the_journal_is_the_progress_the_operations_made(
        steps: list[Step | Advance | WriteRefused], clock_kind: tuple[dt.datetime, bool]) -> None:
    result = run(steps, clock_kind)  # the app's progress is the model's at each step
    state, model = result.app.state, result.model
    expected = model.as_progress()
    folds = fold(state.journal)
    assert folds.progress == expected and folds.ticks == model.ticks
    # the whole-journal fold (progress changed in place) is event-by-event ``apply``,
    # down to the order of its dicts
    one_by_one = Folds()
    for event in state.journal:
        one_by_one.apply(event)
    assert list(folds.progress.items()) == list(one_by_one.progress.items())
    assert list(folds.ticks.items()) == list(one_by_one.ticks.items())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.yaml"
        StateFile(path, small).save(state)
        loaded = StateFile(path, small).load()
        assert not loaded.notices and loaded.existed
        assert loaded.state.journal == state.journal
        assert loaded.state.progress == expected and loaded.state.ticks == model.ticks
        again = PlannerState.from_journal(small(), loaded.state.journal)
        assert again.progress == expected and again.ticks == model.ticks
        # each event's day is the learner's day where it was recorded, also when read back
        assert [e.day for e in loaded.state.journal] == [e.day for e in state.journal]


def ordered(folds: Folds) -> tuple[list[Any], list[Any]]:
    return list(folds.progress.items()), list(folds.ticks.items())


def same(one: PlannerState, other: PlannerState) -> bool:
    """Equal states (a catalog is compared by its data: it has no equality of its own)."""
    return (catalog_to_data(one.catalog) == catalog_to_data(other.catalog)
            and replace(one, catalog=other.catalog) == other)


@settings(max_examples=100, deadline=None)
@given(STEPS, CLOCKS)
def test_the_parse_cache_gives_the_state_the_file_gives(
        steps: list[Step | Advance | WriteRefused], clock_kind: tuple[dt.datetime, bool]) -> None:
    """A parse cache entry keeps the journal's fold, and its journal lines are read back
    unchecked: a load from the entry (made by a save, or by a load of the YAML) is the
    load of the file itself, byte for byte on save; a kept fold is the fresh fold."""
    state = run(steps, clock_kind).app.state
    kept = json.loads(json.dumps(folds_to_data(state.folds, state.journal)))
    assert ordered(folds_from_data(kept, state.journal)) == ordered(fold(state.journal))
    with tempfile.TemporaryDirectory() as folder:
        path, cache = Path(folder) / "p.yaml", Path(folder) / "cache"
        StateFile(path, small, cache).save(state)
        raw = path.read_bytes()
        miss = StateFile(path, small).load().state
        for made_by in ("save", "load"):
            if made_by == "load":
                shutil.rmtree(cache)
                assert same(StateFile(path, small, cache).load().state, miss)  # the YAML read
            store = StateFile(path, small, cache)
            assert store.cache is not None and store.cache.get(raw) is not None, made_by
            hit = store.load().state
            assert same(hit, miss) and ordered(hit.folds) == ordered(miss.folds), made_by
            assert saved(hit) == saved(miss) == raw, made_by


# ================================================================== (c) v1 -> v2


def check_v1_facts_kept(v1: dict[str, Any], state: PlannerState, *, read: bool = True) -> None:
    """Every fact of the v1 document ``v1`` (as read from its file) is in ``state``;
    ``read``: the state read from the v1 file itself, which also hands on the window state
    (a save leaves it out: it is local state now)."""
    stored = {rid: progress_from_data(value, ("progress", rid))
              for rid, value in (v1.get("progress") or {}).items()}
    assert state.progress == {rid: p for rid, p in stored.items() if not p.is_empty}
    for rid, progress in stored.items():  # the notes, said on their own (in the above too)
        assert state.progress.get(rid, Progress()).notes == progress.notes
    assert state.pins == {rid: read_week(week) for rid, week in (v1.get("pins") or {}).items()}
    assert state.settings == settings_from_data(v1.get("settings"))
    if v1.get("catalog") is None:
        assert state.catalog_is_default
    else:
        assert not state.catalog_is_default
        assert catalog_to_data(state.catalog) == catalog_to_data(catalog_from_data(v1["catalog"]))
    plan = plan_from_data(v1.get("plan"))
    assert (state.plan is None) == (plan is None)
    if plan is not None and state.plan is not None:
        assert plan_to_data(state.plan) == plan_to_data(plan)
    assert state.ui == ((v1.get("ui") or {}) if read else {})
    # one event per history line, in order, from the migration's own device
    history = [history_from_line(line, ("history", i))
               for i, line in enumerate(v1.get("history") or [])]
    migrated = [e for e in state.journal if e.device == "v1"]
    assert len(migrated) == len(state.journal)
    for entry, event in zip(history, migrated, strict=False):
        assert (event.day, event.type, event["r"]) == (entry.day, entry.event, entry.resource)
        if entry.event == "units":
            assert event["n"] == entry.value
        elif entry.event == "hours":
            assert event["h"] == entry.value
        else:
            assert "n" not in event.data and "h" not in event.data
        assert event.at == dt.datetime.combine(entry.day, dt.time(12), tzinfo=dt.timezone.utc)
    assert len(migrated) >= len(history)
    # after them only what the lines did not say: stored progress, and ticks
    assert {e.type for e in migrated[len(history):]} <= {"progress", "tick"}
    # each checked goal a tick on its goal's chunk
    goals = {f"{w.week} {g.resource}": g for w in (plan.weeks if plan else ()) for g in w.goals}
    assert ({f"{t.week} {t.resource}" for t in state.ticks.values()}
            == {k for k in v1.get("checked_goals") or [] if names_a_goal(k)})
    for key, tick in state.ticks.items():
        goal = goals.get(f"{tick.week} {tick.resource}")
        assert key == tick.key and tick.gave is None  # v1 did not record what a check gave
        assert (tick.hours, tick.units) == ((goal.hours, goal.units) if goal else (0.0, None))


def migrated_twice(path: Path, default: Callable[[], Catalog]) -> PlannerState:
    """Load the v1 file at ``path`` through the store; check the migration's bytes are the
    same each time and that the v2 file they make reads back to the same bytes."""
    first = StateFile(path, default).load(read_only=True)
    assert not first.notices, first.notices
    written = saved(first.state)
    assert saved(StateFile(path, default).load(read_only=True).state) == written
    v2 = path.with_name("v2.yaml")
    v2.write_bytes(written)
    reread = StateFile(v2, default).load(read_only=True)
    assert not reread.notices and saved(reread.state) == written
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert migrate(migrate(document)) == migrate(document)
    assert migrate(document) is not document and document["schema_version"] == 1
    return reread.state


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("state-v1*.yaml")), ids=lambda p: p.name)
def test_every_fact_of_a_golden_v1_file_is_kept_through_the_loader(path: Path,
                                                                  tmp_path: Path) -> None:
    from planner.paths import default_catalog_path

    copy = tmp_path / path.name
    shutil.copy(path, copy)
    v1 = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert v1["schema_version"] == 1 and v1.get("history")

    def default() -> Catalog:
        return load_catalog(default_catalog_path())

    loaded = StateFile(copy, default).load(read_only=True)
    assert not loaded.notices
    check_v1_facts_kept(v1, loaded.state)
    check_v1_facts_kept(v1, migrated_twice(copy, default), read=False)
    assert copy.read_bytes() == path.read_bytes()


# v1 documents as schema v1 wrote them (``state_format``'s v1 writer, kept for its reader's
# rules: progress_to_data, history_line, plan_to_data; checked goals sorted).
V1_RIDS = ["linalg", "calculus", "numpy-100", "three-blue", "gone-1"]
V1_WEEKS = ["2025-W52", "2026-W01", "2026-W02", "2026-W03", "2026-W10", "2026-W53"]
days = st.dates(dt.date(2025, 12, 20), dt.date(2026, 3, 1)) | st.dates()
# hours as v1 wrote them: four decimals at most, up to what its reader took (MAX_HOURS)
hours_4 = (st.integers(0, 2_000_000) | st.integers(0, 10_000_000_000)).map(
    lambda n: n / 10_000)
notes = text.map(lambda t: clean_text(t, multiline=True))


NO_GOAL_KEYS = ["2026-W3 linalg", "2026-w03 linalg", "nonsense", "2026-W03", "2026-W03 ",
                "9999-W52 linalg", "2026-W54 linalg", " 2026-W03 linalg"]


def names_a_goal(key: str) -> bool:
    """Could ``key`` be a goal's ("WEEK RESOURCE", the week in normal form)? Only those
    checked anything in v1."""
    week, _, rid = key.partition(" ")
    try:
        return bool(rid) and read_week(week) == week
    except WeekError:
        return False


@st.composite
def v1_progress(draw: st.DrawFn) -> Progress:
    started = draw(st.none() | days)
    return Progress(
        done=draw(st.booleans()),
        units_done=draw(st.integers(0, 200) | st.integers(0, MAX_UNITS)),
        hours_logged=draw(hours_4),
        started=started,
        finished=draw(st.none() | days),
        notes=draw(notes),
    )


@st.composite
def v1_history(draw: st.DrawFn) -> str:
    event = draw(st.sampled_from(["done", "undone", "units", "hours"]))
    value: float | None = None
    if event == "units":
        value = float(draw(st.integers(0, 200)))
    elif event == "hours":  # negative: a goal unchecked
        value = draw(st.integers(-200_000, 200_000) | st.integers(-10**10, 10**10)) / 10_000
    return history_line(HistoryEntry(draw(days), draw(st.sampled_from(V1_RIDS)), event, value))


@st.composite
def v1_goal(draw: st.DrawFn, rid: str) -> Goal:
    units = None
    if draw(st.booleans()):
        first = draw(st.integers(1, 100))
        units = (first, first + draw(st.integers(0, 20)))
    hours = draw(hours_4 | st.sampled_from([1.3671875, 1 / 3]))
    return Goal(rid, hours, units, draw(st.booleans()),
                draw(st.sampled_from(["study", "carry-over"])))


@st.composite
def v1_documents(draw: st.DrawFn) -> dict[str, Any]:
    doc: dict[str, Any] = {"schema_version": 1}
    doc["settings"] = {
        "hours_per_week": draw(st.integers(25, 10_000)) / 100,
        "max_parallel": draw(st.integers(1, 50)),
        "horizon_weeks": draw(st.integers(1, 520)),
    }
    if draw(st.booleans()):
        doc["settings"]["start_week"] = draw(st.sampled_from(V1_WEEKS))
    if draw(st.booleans()):
        doc["catalog"] = catalog_to_data(small())
    progress = draw(st.dictionaries(st.sampled_from(V1_RIDS), v1_progress(), max_size=5))
    if progress:
        doc["progress"] = {rid: progress_to_data(p) for rid, p in sorted(progress.items())
                           if not p.is_empty}
    pins = draw(st.dictionaries(st.sampled_from(V1_RIDS), st.sampled_from(V1_WEEKS),
                                max_size=3))
    doc["pins"] = dict(sorted(pins.items()))
    doc["history"] = draw(st.lists(v1_history(), max_size=12))
    checked: list[str] = []
    if draw(st.booleans()):
        weeks = []
        for week in draw(st.lists(st.sampled_from(V1_WEEKS), unique=True, max_size=4)):
            rids = draw(st.lists(st.sampled_from(V1_RIDS), unique=True, max_size=3))
            goals = tuple(draw(v1_goal(rid)) for rid in rids)
            weeks.append(WeekPlan(week, goals, draw(hours_4)))
            checked += [f"{week} {g.resource}" for g in goals if draw(st.booleans())]
        weeks.sort(key=lambda w: w.week)
        doc["plan"] = plan_to_data(Plan(draw(st.integers(25, 10_000)) / 100, tuple(weeks),
                                        start_week=weeks[0].week if weeks else None))
    # a key whose goal is gone from the plan (v1 kept checked goals across re-plans), and
    # keys of no goal that v1's reader took (any text), as a hand edit leaves them
    checked += draw(st.lists(st.sampled_from([f"{w} {r}" for w in V1_WEEKS[:2]
                                              for r in V1_RIDS[:2]]), max_size=2))
    checked += draw(st.lists(st.sampled_from(NO_GOAL_KEYS), max_size=2))
    if checked:
        doc["checked_goals"] = sorted(set(checked))
    if draw(st.booleans()):
        doc["ui"] = {"geometry": "AdnQywADAAAAAAAA", "selected": "linalg"}
    return doc


@settings(max_examples=100, deadline=None)
@given(v1_documents())
@example({"schema_version": 1, "checked_goals": ["2026-W3 linalg"]})  # once made the file
@example({"schema_version": 1, "checked_goals": ["2026-W03 "]})  # unreadable, moved aside
def test_every_fact_of_a_generated_v1_file_is_kept_through_the_loader(
        document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "planner.yaml"
        path.write_text(to_text(document), encoding="utf-8")
        raw = path.read_bytes()
        v1 = yaml.safe_load(raw.decode("utf-8"))  # the facts, as the file holds them
        loaded = StateFile(path, small).load(read_only=True)
        assert not loaded.notices, loaded.notices
        check_v1_facts_kept(v1, loaded.state)
        check_v1_facts_kept(v1, migrated_twice(path, small), read=False)
        assert path.read_bytes() == raw


def test_the_model_itself_can_fail() -> None:
    """The model is not the fold under another name: a fold that lost a step is caught."""
    result = run([log_hours("calculus", 1.25), Advance(24 * 60), record_units("linalg", 2)],
                 (START, True))
    assert result.app.state.progress == result.model.as_progress()
    assert result.model.progress["calculus"].started == START.date()
    assert result.model.progress["linalg"].started == START.date() + dt.timedelta(days=1)
    shorter = fold(result.app.state.journal[:-1])
    assert shorter.progress != result.model.as_progress()


@pytest.mark.parametrize("goal", [Goal("numpy-100", 2.0, (91, 130)), Goal("linalg", 6.0)],
                         ids=["past-the-last-unit", "hours-goal"])
def test_a_checked_goal_that_finishes_a_resource_records_all_its_units_no_more(
        goal: Goal) -> None:
    app = AppState(PlannerState(catalog=small()), today=lambda: START.date())
    if goal.units is not None:  # the learner is within the goal's chunk
        app.apply(RecordUnits(goal.resource, goal.units[0] + 4))
    app.apply(CheckGoal("2026-W49", goal))
    units = app.catalog.resources[goal.resource].units
    assert units is not None
    progress = app.progress(goal.resource)
    assert progress.done and progress.units_done == units.count
    assert fold(app.state.journal).progress == app.state.progress
