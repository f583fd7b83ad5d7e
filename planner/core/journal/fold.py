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
from dataclasses import dataclass, field, replace

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


def next_progress(progress: Progress, event: Event) -> Progress:
    """``progress`` after one progress event."""
    day = event.day
    data = event.data
    kind = event.type
    if kind == "done":
        units = data.get("n")
        return replace(progress, done=True,
                       units_done=units if isinstance(units, int) else progress.units_done,
                       started=progress.started or day, finished=day)
    if kind == "undone":
        return Progress(notes=progress.notes)
    if kind == "units":
        units = int(data["n"])  # type: ignore[call-overload]
        return replace(progress, done=False, units_done=units, finished=None,
                       started=(progress.started or day) if units > 0 else progress.started)
    if kind == "hours":
        hours = float(data["h"])  # type: ignore[arg-type]
        logged = max(0.0, round_hours(progress.hours_logged + hours))
        if hours < 0:
            return replace(progress, done=False, finished=None, hours_logged=logged)
        return replace(progress, hours_logged=logged, started=progress.started or day)
    if kind == "notes":
        return replace(progress, notes=str(data["text"]))
    if kind == "progress":
        return Progress(
            done=bool(data.get("done", False)),
            units_done=int(data.get("n", 0)),  # type: ignore[call-overload]
            hours_logged=float(data.get("h", 0.0)),  # type: ignore[arg-type]
            started=_date(data.get("started")),
            finished=_date(data.get("finished")),
            notes=str(data.get("notes", "")),
        )
    raise ValueError(f"not a progress event: {kind}")


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
    folds = Folds()
    for event in journal:
        folds.apply(event)
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
