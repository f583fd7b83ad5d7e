"""The whole planner state and the one path every change goes through.

``AppState.apply(change)`` is the only mutator: it returns the inverse change (so undo is
``apply(inverse)``), bumps ``revision`` (autosave watches it) and tells listeners (the Qt
models refresh from it). The ``make_*`` methods turn a user action into a ``Change``
using the rules in ``progress``; they change nothing themselves.

A ``validator`` (injected: the store's check that the data file stays readable, see
``planner.store.writable``) is asked after each change; a change it objects to is undone
at once and refused with ``ChangeRefusedError``: never accepted, then lost at the next start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from planner.core.catalog.model import (
    MAX_PRIORITY,
    MIN_PRIORITY,
    Catalog,
    CatalogError,
    Resource,
    clean_text,
    parse_priority,
)
from planner.core.errors import UserError
from planner.core.planning.plan import Plan
from planner.core.planning.settings import Settings
from planner.core.progress.rules import (
    EMPTY_PROGRESS,
    Progress,
    Status,
    remaining_hours,
    with_done,
    with_hours_logged,
    with_notes,
    with_undone,
    with_units,
)
from planner.core.weeks import parse_week

_EMPTY: Mapping[str, object] = MappingProxyType({})


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
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"no resource with id {self.resource_id!r}{hint}"


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded study event, kept for the record and for statistics."""

    day: dt.date
    resource: str
    event: str  # done | undone | units | hours
    value: float | None = None


@dataclass
class PlannerState:
    catalog: Catalog
    progress: dict[str, Progress] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    pins: dict[str, str] = field(default_factory=dict)
    history: list[HistoryEntry] = field(default_factory=list)
    catalog_is_default: bool = True  # the bundled catalog, not stored in the state file
    # The window state (geometry and the like) a file from an earlier version holds: read,
    # handed to the local state once, never written (planner.store.local_state).
    ui: dict[str, str] = field(default_factory=dict)
    plan: Plan | None = None  # the accepted plan; its past weeks are history
    checked_goals: set[str] = field(default_factory=set)  # goal keys "WEEK RESOURCE"


@dataclass(frozen=True)
class Change:
    """A description of a change; ``AppState.apply`` carries it out."""

    label: str
    progress: Mapping[str, Progress] = field(default_factory=lambda: MappingProxyType({}))
    resource_fields: Mapping[str, Mapping[str, object]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    settings: Settings | None = None
    pins: Mapping[str, str | None] = field(default_factory=lambda: MappingProxyType({}))
    history_append: tuple[HistoryEntry, ...] = ()
    history_truncate: int | None = None
    catalog: Catalog | None = None
    plan: Plan | None = None
    goals: Mapping[str, bool] = field(default_factory=lambda: MappingProxyType({}))
    catalog_is_default: bool | None = None  # set by inverses: undo brings the flag back
    plan_cleared: bool = False  # set by inverses: no plan was accepted before

    @property
    def parts(self) -> frozenset[str]:
        """The parts of the state this change touches, for a validator: "catalog",
        "progress", "settings", "pins", "history", "plan", "goals"."""
        touched = {
            "catalog": bool(self.resource_fields) or self.catalog is not None,
            "progress": bool(self.progress),
            "settings": self.settings is not None,
            "pins": bool(self.pins),
            "history": bool(self.history_append) or self.history_truncate is not None,
            "plan": self.plan is not None or self.plan_cleared,
            "goals": bool(self.goals),
        }
        return frozenset(part for part, yes in touched.items() if yes)

    @property
    def resource_ids(self) -> frozenset[str]:
        """Resources whose progress or fields this change touches."""
        return frozenset(self.progress) | frozenset(self.resource_fields) | frozenset(self.pins)

    @property
    def is_empty(self) -> bool:
        return not (
            self.progress
            or self.resource_fields
            or self.settings
            or self.pins
            or self.history_append
            or self.history_truncate is not None
            or self.catalog
            or self.plan
            or self.plan_cleared
            or self.goals
        )


EDITABLE_FIELDS = {"priority", "deadline"}
Listener = Callable[[Change], None]
# Asked after a change with the parts it touched: None, or why the state could not be
# written to the data file and read back (planner.store.writable.WriteCheck).
Validator = Callable[[PlannerState, frozenset[str]], "WriteProblem | None"]


class AppState:
    def __init__(self, state: PlannerState, today: Callable[[], dt.date] = dt.date.today,
                 validator: Validator | None = None) -> None:
        self.state = state
        self.today = today
        self.validator = validator
        self.revision = 0
        self._listeners: list[Listener] = []

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
        return self.state.progress.get(resource_id, EMPTY_PROGRESS)

    def status(self, resource_id: str) -> Status:
        return self.progress(resource_id).status()

    def remaining(self, resource_id: str) -> float:
        return remaining_hours(self.resource(resource_id), self.progress(resource_id))

    # ------------------------------------------------------------------ listening

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    # ------------------------------------------------------------------ the change path

    def apply(self, change: Change, *, check: bool = True) -> Change:
        """Carry out ``change``; return the change that undoes it.

        ``ChangeRefusedError`` when the validator finds that the data file could not hold
        the result; the state is then as it was, and no listener heard of it. ``check=False``
        (undo and redo, which return to states accepted before) still keeps the validator
        in step but refuses nothing.
        """
        inverse = self._carry_out(change)
        if self.validator is not None:
            problem = self.validator(self.state, change.parts)
            if problem is not None and check:
                self._carry_out(inverse)
                self.validator(self.state, change.parts)  # in step with the state again
                raise ChangeRefusedError(_refusal(change, problem))
        self.revision += 1
        for listener in list(self._listeners):
            listener(change)
        return inverse

    def _carry_out(self, change: Change) -> Change:
        """Change the state; the inverse change."""
        state = self.state
        inverse_progress: dict[str, Progress] = {}
        inverse_fields: dict[str, dict[str, object]] = {}
        inverse_pins: dict[str, str | None] = {}
        inverse_catalog = None
        was_default = state.catalog_is_default
        if change.catalog is not None:
            inverse_catalog = state.catalog
            state.catalog = change.catalog
        if change.catalog is not None or change.resource_fields:
            # the catalog now differs from the bundled one: store it (an inverse says)
            state.catalog_is_default = bool(change.catalog_is_default)
        for rid, fields in change.resource_fields.items():
            resource = self.resource(rid)
            inverse_fields[rid] = {name: getattr(resource, name) for name in fields}
            for name, value in fields.items():
                setattr(resource, name, value)
        for rid, new in change.progress.items():
            inverse_progress[rid] = state.progress.get(rid, EMPTY_PROGRESS)
            if new.is_empty:
                state.progress.pop(rid, None)
            else:
                state.progress[rid] = new
        for rid, week in change.pins.items():
            inverse_pins[rid] = state.pins.get(rid)
            if week is None:
                state.pins.pop(rid, None)
            else:
                state.pins[rid] = week
        inverse_settings = None
        if change.settings is not None:
            inverse_settings = state.settings
            state.settings = change.settings
        inverse_history_truncate = None
        inverse_history_append: tuple[HistoryEntry, ...] = ()
        if change.history_truncate is not None:
            inverse_history_append = tuple(state.history[change.history_truncate :])
            del state.history[change.history_truncate :]
        if change.history_append:
            inverse_history_truncate = len(state.history)
            state.history.extend(change.history_append)
        inverse_plan = None
        plan_cleared = False
        if change.plan is not None or change.plan_cleared:
            inverse_plan = state.plan
            plan_cleared = inverse_plan is None
            state.plan = change.plan
        inverse_goals: dict[str, bool] = {}
        for key, checked in change.goals.items():
            inverse_goals[key] = key in state.checked_goals
            if checked:
                state.checked_goals.add(key)
            else:
                state.checked_goals.discard(key)
        return Change(
            label=change.label,
            progress=MappingProxyType(inverse_progress),
            resource_fields=MappingProxyType(
                {k: MappingProxyType(v) for k, v in inverse_fields.items()}
            ),
            settings=inverse_settings,
            pins=MappingProxyType(inverse_pins),
            history_append=inverse_history_append,
            history_truncate=inverse_history_truncate,
            catalog=inverse_catalog,
            plan=inverse_plan,
            plan_cleared=plan_cleared,
            goals=MappingProxyType(inverse_goals),
            catalog_is_default=was_default,
        )

    # ------------------------------------------------------------------ building changes

    def _progress_change(self, label: str, rid: str, new: Progress, event: str,
                         value: float | None = None) -> Change:
        return Change(
            label=label,
            progress=MappingProxyType({rid: new}),
            history_append=(HistoryEntry(self.today(), rid, event, value),),
        )

    def make_done(self, resource_id: str) -> Change:
        resource = self.resource(resource_id)
        new = with_done(resource, self.progress(resource_id), self.today())
        return self._progress_change(f"Check off “{resource.title}”", resource_id, new, "done")

    def make_undone(self, resource_id: str) -> Change:
        resource = self.resource(resource_id)
        new = with_undone(self.progress(resource_id))
        return self._progress_change(f"Uncheck “{resource.title}”", resource_id, new, "undone")

    def make_set_done(self, resource_id: str, done: bool) -> Change:
        return self.make_done(resource_id) if done else self.make_undone(resource_id)

    def make_units(self, resource_id: str, units: int) -> Change:
        resource = self.resource(resource_id)
        new = with_units(resource, self.progress(resource_id), units, self.today())
        name = resource.units.plural() if resource.units else "units"
        return self._progress_change(
            f"{units} {name} of “{resource.title}”", resource_id, new, "units", float(units)
        )

    def make_log_hours(self, resource_id: str, hours: float) -> Change:
        resource = self.resource(resource_id)
        new = with_hours_logged(self.progress(resource_id), hours, self.today())
        return self._progress_change(
            f"Log {hours:g} h on “{resource.title}”", resource_id, new, "hours", float(hours)
        )

    def make_notes(self, resource_id: str, notes: str) -> Change:
        resource = self.resource(resource_id)
        new = with_notes(self.progress(resource_id), clean_text(notes, multiline=True))
        return Change(f"Edit notes of “{resource.title}”", progress=MappingProxyType(
            {resource_id: new}))

    def make_settings(self, **values: object) -> Change:
        new = replace(self.settings, **values)  # type: ignore[arg-type]
        return Change("Change settings", settings=new.validated().rounded())

    def make_priority(self, resource_id: str, priority: int) -> Change:
        resource = self.resource(resource_id)
        try:
            value = parse_priority(priority, ())
        except CatalogError as exc:
            raise CatalogError(exc.message) from None
        assert MIN_PRIORITY <= value <= MAX_PRIORITY
        return Change(
            f"Priority of “{resource.title}”",
            resource_fields=MappingProxyType({resource_id: MappingProxyType({"priority": value})}),
        )

    def make_deadline(self, resource_id: str, deadline: dt.date | None) -> Change:
        resource = self.resource(resource_id)
        if deadline is not None and deadline < self.today():
            raise CatalogError(
                f"the deadline {deadline.isoformat()} for {resource.title!r} is in the past; "
                "choose today or a later day"
            )
        return Change(
            f"Deadline of “{resource.title}”",
            resource_fields=MappingProxyType(
                {resource_id: MappingProxyType({"deadline": deadline})}
            ),
        )

    def make_pin(self, resource_id: str, week: str | None) -> Change:
        resource = self.resource(resource_id)
        normalised = parse_week(week) if week is not None else None
        label = f"Plan “{resource.title}” for {normalised}" if normalised else (
            f"Unpin “{resource.title}”")
        return Change(label, pins=MappingProxyType({resource_id: normalised}))

    def make_catalog(self, catalog: Catalog, label: str) -> Change:
        return Change(label, catalog=catalog)


def _refusal(change: Change, problem: WriteProblem) -> str:
    """The message of a refused change: what, why, and what to do instead."""
    hint = ""
    if problem.too_big:
        if change.catalog is not None:
            hint = ": import or add fewer entries, or delete some first"
        elif any(p.notes for p in change.progress.values()):
            hint = ": shorten the notes"
        else:
            hint = ": delete resources or notes you no longer need first"
    return f"{change.label} would {problem.reason}, so it was not done{hint}"
