"""The whole planner state and the one path every change goes through.

A user action is an ``Operation`` (one class per action, in each feature's
``operations`` module). ``AppState.apply(operation)`` asks it for its ``Effect`` (the
journal events it records and any new catalog, settings, pins or plan), carries that out,
and returns an ``Applied``: what the state was before and after, for ``undo`` and
``redo``. Every change, undo and redo bumps ``revision`` (autosave watches it) and tells
the listeners which parts changed (``Changed`` flags) and which resources.

Progress and ticks are folds over the journal (``planner.core.journal.fold``), kept up to
date event by event; the catalog, settings, pins and the accepted plan are held as they
are, their events being the record of each edit. An undo takes back the events of what it
undoes (the journal is a record of what happened, and an undone action did not).

A ``validator`` (injected: the store's check that the data file stays readable, see
``planner.store.writable``) is asked after each change; a change it objects to is undone
at once and refused with ``ChangeRefusedError``: never accepted, then lost at the next start.
"""

from __future__ import annotations

import datetime as dt
import enum
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from planner.core.catalog.model import Catalog, Resource
from planner.core.errors import UserError
from planner.core.journal.events import Event, Recorder, noon_of, system_clock
from planner.core.journal.fold import (
    PROGRESS_EVENTS,
    TICK_EVENTS,
    Folds,
    Tick,
    fold,
    progress_spans,
    tick_key,
)
from planner.core.planning.following import (
    Span,
    follow,
    is_stale,
    reopen,
    roll_over_of,
)
from planner.core.planning.plan import DONE, REVISIT, Goal, Plan, Revisit
from planner.core.planning.settings import Settings
from planner.core.progress.rules import EMPTY_PROGRESS, Progress, Status, remaining_hours
from planner.core.revisits.cards import (
    REVIEW_EVENTS,
    Due,
    Memory,
    cards_of,
    due_revisits,
    revisit_minutes,
)
from planner.core.revisits.refresh import refreshed
from planner.core.sessions.model import sessions_of
from planner.core.sessions.pace import learned_pace, plan_pace
from planner.core.weeks import monday, week_of

_EMPTY: Mapping[str, object] = MappingProxyType({})
LAST_MONDAY = dt.date.max - dt.timedelta(days=6)  # the last Monday with a whole week


class ChangeRefusedError(UserError, ValueError):
    """A change the data file could not hold; it was undone before anyone saw it."""


@dataclass(frozen=True)
class WriteProblem:
    """Why a state cannot be written so that it reads back, from a validator.

    ``reason`` is worded to follow "would": "make the data file 25.4 MiB, over its 20 MiB
    limit".
    """

    reason: str
    too_big: bool = False


class UnknownResourceError(UserError, KeyError):
    def __init__(self, resource_id: str, suggestions: list[str]) -> None:
        super().__init__(resource_id)
        self.resource_id = resource_id
        self.suggestions = suggestions

    def __str__(self) -> str:
        if not self.resource_id.strip():
            return "the resource id is empty: give one of the ids `list` shows"
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"no resource with id {self.resource_id!r}{hint}"


class Changed(enum.Flag):
    """What a change touched; views subscribe to the parts they show."""

    NONE = 0
    CATALOG = enum.auto()
    PROGRESS = enum.auto()  # done, units, hours
    NOTES = enum.auto()
    SETTINGS = enum.auto()
    PINS = enum.auto()
    PLAN = enum.auto()
    TICKS = enum.auto()
    REVIEWS = enum.auto()  # a review or a stop of re-visits
    JOURNAL = enum.auto()  # any event appended or taken back


EVERYTHING = (Changed.CATALOG | Changed.PROGRESS | Changed.NOTES | Changed.SETTINGS
              | Changed.PINS | Changed.PLAN | Changed.TICKS | Changed.REVIEWS | Changed.JOURNAL)


@dataclass
class PlannerState:
    catalog: Catalog
    settings: Settings = field(default_factory=Settings)
    pins: dict[str, str] = field(default_factory=dict)
    journal: list[Event] = field(default_factory=list)
    catalog_is_default: bool = True  # the bundled catalog, not stored in the state file
    plan: Plan | None = None  # the accepted plan; its past weeks are history
    folds: Folds = field(default_factory=Folds)  # progress and ticks, from the journal
    # window state found in a file written before it moved to the local state file; read,
    # handed to the window once, never written
    ui: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_journal(cls, catalog: Catalog, journal: list[Event], **parts: object
                     ) -> PlannerState:
        """A state whose progress and ticks are the fold of ``journal``."""
        return cls(catalog, journal=journal, folds=fold(journal), **parts)  # type: ignore[arg-type]

    @property
    def progress(self) -> dict[str, Progress]:
        return self.folds.progress

    @property
    def ticks(self) -> dict[str, Tick]:
        return self.folds.ticks


_UNSET: object = object()
_V = TypeVar("_V")


@dataclass(frozen=True)
class Effect:
    """What an operation does: events to record, parts to replace."""

    label: str
    events: tuple[Event, ...] = ()
    catalog: Catalog | None = None
    settings: Settings | None = None
    pins: Mapping[str, str | None] = field(default_factory=dict)
    plan: object = _UNSET  # a Plan, None (no plan), or _UNSET (untouched)
    # resource fields changed in place (priority, deadline): {id: {field: value}}
    fields: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    # The accepted plan follows this change as it follows progress (Someday leaves it).
    follow: bool = False
    # A word for the user on a change made as asked ("its prerequisite … is not done"):
    # the window's status bar and the command line say it.
    note: str = ""

    @property
    def touches_plan(self) -> bool:
        return self.plan is not _UNSET


@dataclass
class _Parts:
    """The values of the parts a change touched, at one moment (before or after)."""

    journal_length: int = 0
    catalog: tuple[Catalog, bool] | None = None  # and whether it was the bundled one
    settings: Settings | None = None
    pins: dict[str, str | None] = field(default_factory=dict)
    plan: object = _UNSET
    progress: dict[str, Progress | None] = field(default_factory=dict)
    ticks: dict[str, Tick | None] = field(default_factory=dict)
    fields: dict[str, dict[str, object]] = field(default_factory=dict)


@dataclass
class Applied:
    """A change as carried out: undo returns to ``before``, redo to ``after``."""

    label: str
    flags: Changed
    resource_ids: frozenset[str]
    events: tuple[Event, ...]
    before: _Parts
    after: _Parts
    note: str = ""  # the effect's note, to say once it is carried out

    def then(self, later: Applied) -> Applied:
        """This change followed by ``later`` as one (successive notes edits)."""
        before, after = self.before, later.after
        merged_before = _Parts(
            before.journal_length,
            before.catalog if before.catalog is not None else later.before.catalog,
            before.settings if before.settings is not None else later.before.settings,
            {**later.before.pins, **before.pins},
            before.plan if before.plan is not _UNSET else later.before.plan,
            {**later.before.progress, **before.progress},
            {**later.before.ticks, **before.ticks},
            {**later.before.fields, **before.fields},
        )
        merged_after = _Parts(
            after.journal_length,
            after.catalog if after.catalog is not None else self.after.catalog,
            after.settings if after.settings is not None else self.after.settings,
            {**self.after.pins, **after.pins},
            after.plan if after.plan is not _UNSET else self.after.plan,
            {**self.after.progress, **after.progress},
            {**self.after.ticks, **after.ticks},
            {**self.after.fields, **after.fields},
        )
        return Applied(later.label, self.flags | later.flags,
                       self.resource_ids | later.resource_ids, self.events + later.events,
                       merged_before, merged_after)


@dataclass(frozen=True)
class Update:
    """What listeners hear: a change, an undo or a redo."""

    label: str
    flags: Changed
    resource_ids: frozenset[str]


class Operation(ABC):
    """One user action. ``effect`` reads the state and raises the feature's own
    ``UserError`` for what cannot be done; it changes nothing itself."""

    @abstractmethod
    def effect(self, app: AppState) -> Effect: ...


Listener = Callable[[Update], None]
# Asked after a change with the parts it touched: None, or why the state could not be
# written to the data file and read back (planner.store.writable.WriteCheck).
Validator = Callable[[PlannerState, Changed], "WriteProblem | None"]



def week_days(week: str) -> tuple[dt.date, dt.date]:
    """The first and last day of ``week`` (the calendar's last week has no Sunday:
    9999-12-31 is a Friday)."""
    first = monday(week)
    return first, first + dt.timedelta(days=6) if first <= LAST_MONDAY else dt.date.max

class AppState:
    def __init__(self, state: PlannerState, today: Callable[[], dt.date] | None = None,
                 validator: Validator | None = None, recorder: Recorder | None = None) -> None:
        """``today`` (tests): a date-only clock, events then fall at noon UTC that day;
        ``recorder``: this machine's device id and clock."""
        self.state = state
        self.recorder = recorder or Recorder(clock=noon_of(today) if today else system_clock)
        self.recorder.continue_after(state.journal)
        self.validator = validator
        self.revision = 0
        self._listeners: list[Listener] = []
        self._rolled: tuple[object, Plan] | None = None  # plan_today's, and for when
        # cards(), and for when: (journal length, last event id, retention)
        self._cards: tuple[tuple[int, str | None, float], dict[str, Memory]] | None = None

    def today(self) -> dt.date:
        return self.recorder.today()

    def event(self, type_: str, **data: object) -> Event:
        """A new event of this machine, for an operation's effect."""
        return self.recorder.event(type_, **data)

    # ------------------------------------------------------------------ reading

    @property
    def catalog(self) -> Catalog:
        return self.state.catalog

    @property
    def settings(self) -> Settings:
        return self.state.settings

    def resource(self, resource_id: str) -> Resource:
        try:
            return self.state.catalog.resources[resource_id]
        except KeyError:
            raise UnknownResourceError(resource_id, self.suggest(resource_id)) from None

    def suggest(self, resource_id: str) -> list[str]:
        ids = list(self.state.catalog.resources)
        import difflib  # only for this error message

        close = difflib.get_close_matches(resource_id, ids, n=3, cutoff=0.5)
        if not close:
            close = [rid for rid in ids if resource_id.lower() in rid][:3]
        return close

    def progress(self, resource_id: str) -> Progress:
        return self.state.folds.progress.get(resource_id, EMPTY_PROGRESS)

    def status(self, resource_id: str) -> Status:
        """Done, in progress or to do, from the progress; Someday, from the catalog, for a
        resource set aside that is not done."""
        status = self.progress(resource_id).status()
        if status is not Status.DONE and resource_id in self.state.catalog.someday:
            return Status.SOMEDAY
        return status

    def remaining(self, resource_id: str) -> float:
        return remaining_hours(self.resource(resource_id), self.progress(resource_id))

    # ------------------------------------------------------------------ re-visits

    def cards(self) -> dict[str, Memory]:
        """Each reviewed resource's memory, the fold of the journal's reviews at today's
        desired retention (kept until the journal or the setting changes)."""
        journal = self.state.journal
        key = (len(journal), journal[-1].id if journal else None, self.settings.retention)
        if self._cards is None or self._cards[0] != key:
            known = (self._cards[1] if self._cards is not None
                     and self._cards[0][2] == self.settings.retention else None)
            self._cards = (key, cards_of(journal, self.settings.retention, known))
        return self._cards[1]

    def due_revisits(self) -> list[Due]:
        """The re-visits of the finished resources, soonest due first."""
        progress = self.state.folds.progress
        return due_revisits(self.cards(), self.catalog.resources,
                            (rid for rid, p in progress.items() if p.done), self.today())

    def plan_revisits(self) -> list[Revisit]:
        """The re-visits the plan places (``planning.scheduler``): one of a resource a
        week, so one re-visited this week and due again within it (rated "again") is
        planned from next Monday; this week holds the one done (``revisited``)."""
        now = week_of(self.today())
        done = {r.resource for r in self.revisited(now)}
        last = week_days(now)[1]
        later = last + dt.timedelta(days=1) if last < dt.date.max else last
        return [Revisit(d.resource, max(d.due, later) if d.resource in done else d.due,
                        d.minutes / 60) for d in self.due_revisits()]

    def revisited(self, week: str) -> list[Revisit]:
        """The re-visits done in ``week`` (reviews other than the answer on finishing), as
        the week's record: its day and the re-visit's length, in catalog order."""
        first, last = week_days(week)
        resources = self.catalog.resources
        found = [Revisit(rid, max(r.at.date() for r in card.revisits if
                                  first <= r.at.date() <= last),
                         revisit_minutes(resources[rid]) / 60)
                 for rid, card in self.cards().items()
                 if rid in resources and card.revisited_in(first, last)]
        return sorted(found, key=lambda r: self.catalog.order(r.resource))

    # ------------------------------------------------------------------ the plan in time

    def week_spans(self, week: str | None = None) -> dict[str, Span]:
        """Progress over ``week`` (default: this week), by resource: before and after."""
        label = week or week_of(self.today())
        first, last = week_days(label)
        return progress_spans(self.state.journal, first, last, label)

    def followed_plan(self, *, adopt: bool = False,
                      pins: Mapping[str, str] | None = None,
                      pace: Mapping[str, float] | None = None) -> Plan:
        """The accepted plan brought to today and to the learner's progress
        (``planning.following.follow``); ``adopt``: a re-plan with today's settings;
        ``pace``: another pace than the one the plan follows (``{}``: the estimates).
        Raises ``SchedulingError`` / ``SettingsError``."""
        state = self.state
        today, spans = self.today(), self.week_spans()
        pins = state.pins if pins is None else pins
        pace = self.plan_pace() if pace is None else pace
        revisits = self.plan_revisits()
        done = self.revisited(week_of(today))
        plan = follow(state.plan, state.catalog, state.progress, state.settings, pins, today,
                      spans, adopt=adopt, pace=pace, revisits=revisits, revisited=done)
        if not revisits:
            return plan
        # refresh before it is needed: a prerequisite forgotten by the time its dependant
        # starts is re-visited the week before (planner.core.revisits.refresh), one more
        # plan when there is such a one
        refreshes = refreshed(revisits, plan, state.catalog, state.progress, self.cards(),
                              state.settings.retention, monday(week_of(today)))
        if refreshes == revisits:
            return plan
        return follow(state.plan, state.catalog, state.progress, state.settings, pins, today,
                      spans, adopt=adopt, pace=pace, revisits=refreshes, revisited=done)

    def plan_pace(self) -> dict[str, float]:
        """The learner's pace by resource, as the plan follows it ("plan with my pace")."""
        learned = learned_pace(sessions_of(self.state.journal).done, self.state.catalog)
        return plan_pace(learned, self.state.catalog, self.state.settings.plan_with_pace)

    def plan_today(self) -> Plan | None:
        """The accepted plan as it stands today: when it is from an earlier week, rolled
        over in memory (the next change records the roll-over), kept until the next change
        or the next day; when no plan can be made (a cycle), the accepted one."""
        plan = self.state.plan
        if plan is None or not is_stale(plan, self.today()):
            return plan
        key = (self.revision, id(plan), self.today())
        if self._rolled is None or self._rolled[0] != key:
            try:
                rolled = self.followed_plan()
            except UserError:
                rolled = plan
            self._rolled = (key, rolled)
        return self._rolled[1]

    def plan_is_stale(self) -> bool:
        """Whether the accepted plan is from an earlier week and has not rolled over."""
        plan = self.state.plan
        return plan is not None and is_stale(plan, self.today())

    def is_recorded_done(self, week: str, goal: Goal) -> bool:
        """Done in its week's review: the week's record (a done goal), or a goal whose
        chunk a tick names (``journal.goals.is_goal_done`` is this, for the views); a
        re-visit, when its resource was re-visited in its week (not only rated on
        finishing it: that answer sets when the first re-visit falls due)."""
        if goal.kind == REVISIT:
            card = self.cards().get(goal.resource)
            return card is not None and card.revisited_in(*week_days(week))
        return goal.kind == DONE or tick_key(week, goal.resource, goal.hours,
                                             goal.units) in self.state.ticks

    def rollover_event(self, old: Plan, new: Plan) -> Event:
        """The journal's record of a roll-over from ``old`` to ``new``."""
        roll = roll_over_of(old, new, self.today(), self.is_recorded_done)
        return self.event("plan.rollover", first=roll.first, to=roll.to,
                          carried=roll.carried_hours, finish=roll.finish_after,
                          was=roll.finish_before)

    # ------------------------------------------------------------------ listening

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def _tell(self, applied: Applied) -> None:
        self.revision += 1
        update = Update(applied.label, applied.flags, applied.resource_ids)
        for listener in list(self._listeners):
            listener(update)

    # ------------------------------------------------------------------ the change path

    def apply(self, operation: Operation) -> Applied:
        """Carry out ``operation``; what it did, for ``undo`` and ``redo``.

        ``ChangeRefusedError`` when the validator finds that the data file could not hold
        the result; the state is then as it was, and no listener heard of it.
        """
        effect = operation.effect(self)
        applied = self._carry_out(effect)
        if self.validator is not None:
            problem = self.validator(self.state, applied.flags)
            if problem is not None:
                self._restore(applied.before, applied, forward=False)
                self.validator(self.state, applied.flags)  # in step with the state again
                raise ChangeRefusedError(_refusal(effect, applied.flags, problem))
        self._tell(applied)
        return applied

    def adopt(self, state: PlannerState, label: str) -> None:
        """The whole state replaced by ``state``: another machine's version of the data
        file merged in (``planner.core.sync.merge``). Not an operation: it cannot be undone,
        and the changes recorded before it no longer fit the state (their journal lengths
        and parts are another state's), so the caller clears its undo history. Listeners
        hear that every part of every resource changed. ``ChangeRefusedError`` when the
        validator finds that the data file could not hold ``state``; nothing then changed.
        """
        if self.validator is not None:
            problem = self.validator(state, EVERYTHING)
            if problem is not None:
                self.validator(self.state, EVERYTHING)  # in step with the state again
                raise ChangeRefusedError(f"{label} was not done: the data file would "
                                         f"{problem.reason}")
        self.state = state
        self.recorder.continue_after(state.journal)
        self._rolled = None
        self._cards = None
        self.revision += 1
        update = Update(label, EVERYTHING, frozenset(state.catalog.resources))
        for listener in list(self._listeners):
            listener(update)

    def undo(self, applied: Applied) -> None:
        """Back to the state before ``applied`` (the last change not undone)."""
        self._restore(applied.before, applied, forward=False)
        self._validated(applied)

    def redo(self, applied: Applied) -> None:
        """``applied`` again, exactly as it was first carried out."""
        self._restore(applied.after, applied, forward=True)
        self._validated(applied)

    def _validated(self, applied: Applied) -> None:
        # undo and redo return to states accepted before: the validator keeps in step
        # and refuses nothing
        if self.validator is not None:
            self.validator(self.state, applied.flags)
        self._tell(applied)

    def _carry_out(self, effect: Effect) -> Applied:
        state = self.state
        before = _Parts(journal_length=len(state.journal))
        flags = Changed.NONE
        rids: set[str] = set()
        if effect.catalog is not None:
            before.catalog = (state.catalog, state.catalog_is_default)
            state.catalog, state.catalog_is_default = effect.catalog, False
            flags |= Changed.CATALOG
        if effect.settings is not None:
            before.settings = state.settings
            state.settings = effect.settings
            flags |= Changed.SETTINGS
        for rid, week in effect.pins.items():
            before.pins.setdefault(rid, state.pins.get(rid))
            _set(state.pins, rid, week)
            rids.add(rid)
            flags |= Changed.PINS
        for rid, values in effect.fields.items():
            resource = self.resource(rid)
            if before.catalog is None:  # the catalog now differs from the bundled one
                before.catalog = (state.catalog, state.catalog_is_default)
                state.catalog_is_default = False
            before.fields[rid] = {name: getattr(resource, name) for name in values}
            for name, value in values.items():
                setattr(resource, name, value)
            rids.add(rid)
            flags |= Changed.CATALOG
        if effect.touches_plan:
            before.plan = state.plan
            state.plan = effect.plan  # type: ignore[assignment]
            flags |= Changed.PLAN
        folds = state.folds
        for event in effect.events:
            kind = event.type
            if kind in PROGRESS_EVENTS:
                rid = str(event.data["r"])
                before.progress.setdefault(rid, folds.progress.get(rid))
                flags |= Changed.NOTES if kind == "notes" else Changed.PROGRESS
                if kind == "progress":
                    flags |= Changed.NOTES
            elif kind in TICK_EVENTS:
                for key in folds.tick_keys(event):
                    before.ticks.setdefault(key, folds.ticks.get(key))
                flags |= Changed.TICKS
            elif kind in REVIEW_EVENTS:
                flags |= Changed.REVIEWS
            touched = folds.apply(event)
            if touched is not None:
                rids.add(touched)
            elif "r" in event.data:
                rids.add(str(event.data["r"]))
            state.journal.append(event)
            flags |= Changed.JOURNAL
        events = effect.events + self._follow(effect, before, flags)
        if len(events) > len(effect.events) or before.plan is not _UNSET:
            flags |= Changed.PLAN | (Changed.JOURNAL if len(events) > len(effect.events)
                                     else Changed.NONE)
        after = self._now_of(before)
        return Applied(effect.label, flags, frozenset(rids), events, before, after,
                       effect.note)

    def _follow(self, effect: Effect, before: _Parts, flags: Changed) -> tuple[Event, ...]:
        """The accepted plan follows a change of progress, and the first change of a new
        week rolls it over (recorded as a ``plan.rollover`` event, returned)."""
        state = self.state
        if effect.touches_plan:  # a re-plan or a pin, which rolls over too when stale
            old, new = before.plan, state.plan
            if (isinstance(old, Plan) and isinstance(new, Plan) and is_stale(old, self.today())
                    and not is_stale(new, self.today())):
                event = self.rollover_event(old, new)
                state.journal.append(event)
                return (event,)
            return ()
        old = state.plan
        if old is None:
            return ()
        stale = is_stale(old, self.today())
        if (not stale and not flags & (Changed.PROGRESS | Changed.REVIEWS)
                and not effect.follow):
            return ()
        try:
            new = self.followed_plan()
        except UserError:
            return ()  # no plan can be made now (a cycle): the accepted one stays
        new = reopen_taken_back(new, effect.events, week_of(self.today()))
        before.plan = old
        state.plan = new
        if not stale:
            return ()
        event = self.rollover_event(old, new)
        state.journal.append(event)
        return (event,)

    def _now_of(self, parts: _Parts) -> _Parts:
        """The present values of the parts named in ``parts``."""
        state = self.state
        return _Parts(
            len(state.journal),
            (state.catalog, state.catalog_is_default) if parts.catalog is not None else None,
            state.settings if parts.settings is not None else None,
            {rid: state.pins.get(rid) for rid in parts.pins},
            state.plan if parts.plan is not _UNSET else _UNSET,
            {rid: state.folds.progress.get(rid) for rid in parts.progress},
            {key: state.folds.ticks.get(key) for key in parts.ticks},
            {rid: {name: getattr(state.catalog.resources[rid], name) for name in values}
             for rid, values in parts.fields.items()},
        )

    def _restore(self, parts: _Parts, applied: Applied, *, forward: bool) -> None:
        state = self.state
        if parts.catalog is not None:
            state.catalog, state.catalog_is_default = parts.catalog
        if parts.settings is not None:
            state.settings = parts.settings
        for rid, values in parts.fields.items():
            resource = state.catalog.resources[rid]
            for name, value in values.items():
                setattr(resource, name, value)
        for rid, week in parts.pins.items():
            _set(state.pins, rid, week)
        if parts.plan is not _UNSET:
            state.plan = parts.plan  # type: ignore[assignment]
        for rid, progress in parts.progress.items():
            _set(state.folds.progress, rid, progress)
        for key, tick in parts.ticks.items():
            _set(state.folds.ticks, key, tick)
        if forward:
            state.journal.extend(applied.events)
        else:
            del state.journal[parts.journal_length:]


def reopen_taken_back(plan: Plan, events: tuple[Event, ...], this_week: str) -> Plan:
    """``plan`` with the done goals of past weeks that ``events`` unchecked (an untick
    without a chunk: ``CheckGoal`` taking back a done goal) turned back into missed ones;
    this week's record follows the progress by itself."""
    for event in events:
        week = event.data.get("w")
        if (event.type == "untick" and "first" not in event.data and "h" not in event.data
                and isinstance(week, str) and week < this_week):
            plan = reopen(plan, week, str(event.data["r"]))
    return plan


def _set(mapping: dict[str, _V], key: str, value: _V | None) -> None:
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value


def _refusal(effect: Effect, flags: Changed, problem: WriteProblem) -> str:
    """The message of a refused change: what, why, and what to do instead."""
    hint = ""
    if problem.too_big:
        if flags & Changed.CATALOG:
            hint = ": import or add fewer entries, or delete some first"
        elif flags & Changed.NOTES:
            hint = ": shorten the notes"
        else:
            hint = ": delete resources or notes you no longer need first"
    return f"{effect.label} would {problem.reason}, so it was not done{hint}"
