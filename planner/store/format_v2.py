"""The state file's schema version 2: settings, catalog, pins, plan, and the journal.

The journal is one event per line in flow style, in the order they happened::

    journal:
    - {id: k3f9.17, at: "2026-12-02T19:04:11+01:00", type: units, r: linalg, n: 3}

Progress and ticks are not stored: they are the fold of the journal
(``planner.core.journal.fold``). Every event read is checked against its type's payload
(``PAYLOADS``); an event of a type this version does not know is refused, so a newer
file's events are never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

from planner.core.catalog.model import Path as DataPath
from planner.core.catalog.model import clean_text
from planner.core.errors import UserError
from planner.core.journal.events import Event, split_id
from planner.store.yaml.emit import Flow

SCHEMA_VERSION = 2
MAX_HOURS = 1_000_000.0

# The payload of each event type: field -> kind; a kind ending in "?" may be left out.
# text: one line of text; note: text with line breaks; whole: 0 or more; hours: a number
# (negative allowed: a take-back); week: an ISO week or null; any: plain data (catalog
# field values, checked by the catalog when it is rebuilt, never folded).
PAYLOADS: dict[str, dict[str, str]] = {
    "done": {"r": "text", "n": "whole?"},
    "undone": {"r": "text"},
    "units": {"r": "text", "n": "whole"},
    "hours": {"r": "text", "h": "hours"},
    "notes": {"r": "text", "text": "note"},
    "progress": {"r": "text", "done": "bool?", "n": "whole?", "h": "hours?",
                 "started": "date?", "finished": "date?", "notes": "note?"},
    "tick": {"w": "week", "r": "text", "h": "hours", "first": "whole?", "last": "whole?"},
    "untick": {"w": "week", "r": "text"},
    "pin": {"r": "text", "w": "week?"},
    "setting": {"f": "text", "v": "any"},
    "plan.accept": {"start": "week?", "weeks": "whole", "overflow": "whole"},
    "catalog.set": {"f": "text", "v": "any"},
    "resource.add": {"r": "text", "category": "text"},
    "resource.set": {"r": "text", "f": "text", "v": "any"},
    "resource.delete": {"r": "text"},
    "category.add": {"c": "text", "parent": "text"},
    "category.set": {"c": "text", "f": "text", "v": "any"},
    "category.delete": {"c": "text"},
}


class EventFormatError(UserError, ValueError):
    """A journal line the reader refuses, worded for the user (the state file reports it
    as a ``StateFormatError`` at ``path``)."""

    def __init__(self, message: str, path: DataPath) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def event_to_data(event: Event) -> Flow:
    return Flow({"id": event.id, "at": event.at.isoformat(), "type": event.type,
                 **event.data})


def _is_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(value)
        return True
    except (TypeError, ValueError):
        return False


def _is_week(value: Any) -> bool:
    from planner.core.weeks import WeekError, read_week

    try:
        return isinstance(value, str) and read_week(value) == value
    except WeekError:
        return False


# What each payload kind takes (see ``PAYLOADS``).
_CHECKS: dict[str, Callable[[Any], bool]] = {
    "text": lambda v: isinstance(v, str) and v == clean_text(v),
    "note": lambda v: isinstance(v, str) and v == clean_text(v, multiline=True),
    "whole": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    "hours": lambda v: (isinstance(v, (int, float)) and not isinstance(v, bool)
                        and math.isfinite(v) and abs(v) <= MAX_HOURS),
    "bool": lambda v: isinstance(v, bool),
    "date": _is_date,
    "week": _is_week,
    "any": lambda v: True,
}
# PAYLOADS as read: per type, each field's name, check, and whether it may be left out.
_FIELDS = {kind: tuple((name, _CHECKS[wanted.rstrip("?")], wanted.endswith("?"))
                       for name, wanted in spec.items())
           for kind, spec in PAYLOADS.items()}


def event_from_data(value: Any, path: DataPath) -> Event:
    """One journal line, checked: its id, time, type and payload."""
    if not isinstance(value, dict):
        raise EventFormatError("must be an event: {id: …, at: …, type: …, …}", path)
    data = dict(value)
    event_id, at, kind = data.pop("id", None), data.pop("at", None), data.pop("type", None)
    if not isinstance(event_id, str) or split_id(event_id) is None:
        raise EventFormatError(f"the event id must read DEVICE.N, got {event_id!r}", path)
    try:
        moment = dt.datetime.fromisoformat(at) if isinstance(at, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise EventFormatError(
            f"'at' must be a time with its UTC offset (2026-12-02T19:04:11+01:00), got {at!r}",
            path)
    fields = _FIELDS.get(kind) if isinstance(kind, str) else None
    if fields is None:
        raise EventFormatError(
            f"unknown event type {kind!r} (written by a newer Study Planner?)", path)
    for name in data.keys() - PAYLOADS[kind].keys():
        raise EventFormatError(f"a {kind} event has no field {name!r}", path)
    for name, check, optional in fields:
        if name not in data:
            if optional:
                continue
            raise EventFormatError(f"a {kind} event needs its field {name!r}", path)
        if not (optional and data[name] is None) and not check(data[name]):
            raise EventFormatError(
                f"the field {name!r} of a {kind} event is not valid: {data[name]!r}", path)
    return Event(event_id, moment, kind, MappingProxyType(data))


def journal_from_data(value: Any) -> list[Event]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise EventFormatError("must be a list of events", ("journal",))
    journal = [event_from_data(item, ("journal", i)) for i, item in enumerate(value)]
    seen: set[str] = set()
    for i, event in enumerate(journal):
        if event.id in seen:
            raise EventFormatError(f"the event id {event.id} is used twice", ("journal", i))
        seen.add(event.id)
    return journal


# Each event's data as the file holds it, kept by event id: every save, and the write
# check after every change, write out the whole journal, but events never change and only
# those since the last save are new (their Flow keeps its line too: ``Flow.line``). An
# entry serves only the very event it was made from; each call keeps the entries of the
# journal it was given and forgets the rest.
_written: dict[str, tuple[Event, Flow]] = {}


def journal_to_data(journal: list[Event]) -> list[Flow] | None:
    global _written
    known, kept = _written, {}
    data = []
    for event in journal:
        entry = known.get(event.id)
        if entry is None or entry[0] is not event:
            entry = (event, event_to_data(event))
        kept[event.id] = entry
        data.append(entry[1])
    _written = kept
    return data or None


