"""Progress and ticks as folds over the journal.

Each progress event says what it makes true without needing the catalog ("done" carries
the unit count at the time), so the fold of a journal gives the same progress whatever
the catalog became later. ``Folds.apply`` takes one event; ``fold`` takes a journal from
the start. The event types and their payloads:

    done      r [n]           finished; n units done when the resource has units
    undone    r               back to to-do (notes kept)
    units     r n             n units done (absolute), not finished
    hours     r h             h hours more (negative: taken back, and not finished)
    notes     r text          the notes, replaced
    progress  r [done n h started finished notes]   all of it at once (migrated files)
    tick      w r h [first last gave]   a goal of week w checked: its chunk (a unit
                              range, or hours) and the units that check gave
    untick    w r [h first last]   that check taken back (without its chunk, as the first
                              files of this version wrote it: every check of r in week w)

Other types (catalog, settings, pins, plans) are records and leave the folds unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from planner.core.hours import round_hours
from planner.core.journal.events import Event
from planner.core.progress.rules import EMPTY_PROGRESS, Progress


@dataclass(frozen=True)
class Tick:
    """A checked goal: the chunk it was made on (a unit range, or hours), and the units the
    check gave (None: a check from a version-1 file, which did not record it)."""

    week: str
    resource: str
    hours: float
    units: tuple[int, int] | None = None
    gave: int | None = None

    @property
    def key(self) -> str:
        return tick_key(self.week, self.resource, self.hours, self.units)


def tick_key(week: str, resource_id: str, hours: float,
             units: tuple[int, int] | None = None) -> str:
    """A checked goal's identity: its week, resource and chunk. A re-plan that gives the
    week another chunk of the resource makes another goal, which this tick does not check."""
    chunk = f"{units[0]}-{units[1]}" if units is not None else f"{round_hours(hours)!r}h"
    return f"{week} {resource_id} {chunk}"


PROGRESS_EVENTS = frozenset({"done", "undone", "units", "hours", "notes", "progress"})
TICK_EVENTS = frozenset({"tick", "untick"})


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


@dataclass(slots=True)
class _Draft:
    """One resource's progress while a journal is folded: changed in place event by event
    (a ``Progress`` made per event cost most of a fold), made a ``Progress`` at the end."""

    done: bool = False
    units_done: int = 0
    hours_logged: float = 0.0
    started: dt.date | None = None
    finished: dt.date | None = None
    notes: str = ""

    @classmethod
    def of(cls, progress: Progress) -> _Draft:
        return cls(progress.done, progress.units_done, progress.hours_logged,
                   progress.started, progress.finished, progress.notes)

    def frozen(self) -> Progress:
        return Progress(self.done, self.units_done, self.hours_logged, self.started,
                        self.finished, self.notes)

    def is_empty(self) -> bool:
        return not (self.done or self.units_done or self.hours_logged or self.started
                    or self.finished or self.notes)

    def step(self, event: Event) -> None:
        """Take in one progress event."""
        day = event.day
        data = event.data
        kind = event.type
        if kind == "done":
            units = data.get("n")
            if isinstance(units, int):
                self.units_done = units
            self.done = True
            self.started = self.started or day
            self.finished = day
        elif kind == "undone":  # back to to-do, the notes kept
            self.done, self.units_done, self.hours_logged = False, 0, 0.0
            self.started = self.finished = None
        elif kind == "units":
            units = int(data["n"])  # type: ignore[call-overload]
            self.done, self.units_done, self.finished = False, units, None
            if units > 0:
                self.started = self.started or day
        elif kind == "hours":
            hours = float(data["h"])  # type: ignore[arg-type]
            self.hours_logged = max(0.0, round_hours(self.hours_logged + hours))
            if hours < 0:
                self.done, self.finished = False, None
            else:
                self.started = self.started or day
        elif kind == "notes":
            self.notes = str(data["text"])
        elif kind == "progress":
            self.done = bool(data.get("done", False))
            self.units_done = int(data.get("n", 0))  # type: ignore[call-overload]
            self.hours_logged = float(data.get("h", 0.0))  # type: ignore[arg-type]
            self.started = _date(data.get("started"))
            self.finished = _date(data.get("finished"))
            self.notes = str(data.get("notes", ""))
        else:
            raise ValueError(f"not a progress event: {kind}")


def next_progress(progress: Progress, event: Event) -> Progress:
    """``progress`` after one progress event."""
    draft = _Draft.of(progress)
    draft.step(event)
    return draft.frozen()


@dataclass
class Folds:
    """What the journal adds up to: progress by resource, checked goals by key."""

    progress: dict[str, Progress] = field(default_factory=dict)
    ticks: dict[str, Tick] = field(default_factory=dict)

    def tick_keys(self, event: Event) -> list[str]:
        """The keys of ``ticks`` that a tick or untick event sets or removes."""
        data = event.data
        rid, week, hours = str(data["r"]), str(data["w"]), data.get("h")
        first, last = data.get("first"), data.get("last")
        units = (first, last) if isinstance(first, int) and isinstance(last, int) else None
        if hours is None and units is None:  # an untick of every check of rid in week
            return [t.key for t in self.ticks.values() if (t.week, t.resource) == (week, rid)]
        return [tick_key(week, rid, float(hours or 0.0), units)]  # type: ignore[arg-type]

    def apply(self, event: Event) -> str | None:
        """Fold in one event; the resource it touched (None for a record-only event)."""
        kind = event.type
        if kind in PROGRESS_EVENTS:
            rid = str(event.data["r"])
            new = next_progress(self.progress.get(rid, EMPTY_PROGRESS), event)
            if new.is_empty:
                self.progress.pop(rid, None)
            else:
                self.progress[rid] = new
            return rid
        if kind in TICK_EVENTS:
            data = event.data
            rid = str(data["r"])
            if kind == "untick":
                for key in self.tick_keys(event):
                    self.ticks.pop(key, None)
                return rid
            first, last, gave = data.get("first"), data.get("last"), data.get("gave")
            units = (first, last) if isinstance(first, int) and isinstance(last, int) else None
            tick = Tick(str(data["w"]), rid, float(data["h"]), units,  # type: ignore[arg-type]
                        gave if isinstance(gave, int) else None)
            self.ticks[tick.key] = tick
            return rid
        return None


def fold(journal: Iterable[Event]) -> Folds:
    """The folds of a whole journal: as ``Folds.apply`` event by event, but each resource's
    progress is one ``_Draft`` changed in place, made a ``Progress`` once at the end."""
    folds = Folds()
    drafts: dict[str, _Draft] = {}
    for event in journal:
        kind = event.type
        if kind in PROGRESS_EVENTS:
            rid = str(event.data["r"])
            draft = drafts.get(rid)
            if draft is None:
                draft = drafts[rid] = _Draft()
            draft.step(event)
            if draft.is_empty():  # dropped, as ``apply`` drops it (and the order follows)
                del drafts[rid]
        else:
            folds.apply(event)
    folds.progress = {rid: draft.frozen() for rid, draft in drafts.items()}
    return folds


def progress_spans(journal: Sequence[Event], first_day: dt.date, last_day: dt.date,
                   week: str | None = None) -> dict[str, tuple[Progress, Progress]]:
    """The resources whose progress changed from ``first_day`` to ``last_day`` (the
    learner's days, inclusive): their progress before the first and after the last.

    ``week``: the span's week label. Progress that a tick (or untick) of an earlier week
    recorded in the span belongs to that week, not this one (a goal of last week checked
    late): it counts as done before the span, so this week's record does not hold it too.

    One pass over the journal, folding only the resources touched in the span (the
    journal of a year holds thousands of events, a week a few).
    """
    elsewhere = _other_weeks_progress(journal, first_day, last_day, week)
    touched = {str(e.data["r"]) for e in journal
               if e.type in PROGRESS_EVENTS and first_day <= e.day <= last_day
               and e.id not in elsewhere}
    if not touched:
        return {}
    before: dict[str, Progress] = {}
    after: dict[str, Progress] = {}
    for event in journal:
        if event.type not in PROGRESS_EVENTS or event.type == "notes":
            continue
        rid = str(event.data["r"])
        if rid not in touched:
            continue
        day = event.day
        if day > last_day:
            continue
        now = next_progress(after.get(rid, EMPTY_PROGRESS), event)
        after[rid] = now
        if day < first_day or event.id in elsewhere:
            before[rid] = now
    return {rid: (before.get(rid, EMPTY_PROGRESS), after.get(rid, EMPTY_PROGRESS))
            for rid in touched}


def _other_weeks_progress(journal: Sequence[Event], first_day: dt.date, last_day: dt.date,
                          week: str | None) -> set[str]:
    """Ids of the progress events in the span that a tick or untick of a week before
    ``week`` recorded (a goal checked late; a later week's goal checked early was studied
    now): a tick writes its progress events right before it, at its moment. ISO week
    labels of four-digit years sort as text."""
    if week is None:
        return set()
    found: set[str] = set()
    for i, event in enumerate(journal):
        if (event.type not in TICK_EVENTS or str(event.data.get("w")) >= week
                or not first_day <= event.day <= last_day):
            continue
        rid = event.data["r"]
        j = i - 1
        while j >= 0 and journal[j].at == event.at and journal[j].type in PROGRESS_EVENTS \
                and journal[j].data.get("r") == rid:
            found.add(journal[j].id)
            j -= 1
    return found
