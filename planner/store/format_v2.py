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
from types import MappingProxyType
from typing import Any

from planner.core.catalog.model import MAX_UNITS, clean_text
from planner.core.catalog.model import Path as DataPath
from planner.core.journal.events import Event, split_id
from planner.store.yaml.emit import Flow

SCHEMA_VERSION = 2
MAX_HOURS = 1_000_000.0

# The payload of each event type: field -> kind; a kind ending in "?" may be left out.
# text: one line of text; note: text with line breaks; whole: 0 to MAX_UNITS; hours: a number
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
    "plan.accept": {"start": "week?", "h": "hours", "weeks": "whole", "overflow": "whole"},
    "catalog.set": {"f": "text", "v": "any"},
    "resource.add": {"r": "text", "category": "text"},
    "resource.set": {"r": "text", "f": "text", "v": "any"},
    "resource.delete": {"r": "text"},
    "category.add": {"c": "text", "parent": "text"},
    "category.set": {"c": "text", "f": "text", "v": "any"},
    "category.delete": {"c": "text"},
}


class EventFormatError(ValueError):
    def __init__(self, message: str, path: DataPath) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def event_to_data(event: Event) -> Flow:
    return Flow({"id": event.id, "at": event.at.isoformat(), "type": event.type,
                 **event.data})


def _check(kind: str, value: Any) -> bool:
    if kind == "text":
        return isinstance(value, str) and value == clean_text(value)
    if kind == "note":
        return isinstance(value, str) and value == clean_text(value, multiline=True)
    if kind == "whole":
        return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_UNITS
    if kind == "hours":
        return (isinstance(value, (int, float)) and not isinstance(value, bool)
                and math.isfinite(value) and abs(value) <= MAX_HOURS)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "date":
        try:
            dt.date.fromisoformat(value)
            return True
        except (TypeError, ValueError):
            return False
    if kind == "week":
        from planner.core.weeks import WeekError, read_week

        try:
            return isinstance(value, str) and read_week(value) == value
        except WeekError:
            return False
    return kind == "any"


# What a field of each kind must be, for messages.
_WANTED = {
    "text": "one line of text",
    "note": "text",
    "whole": f"a whole number from 0 to {MAX_UNITS:,}",
    "hours": f"a number of hours from -{MAX_HOURS:,.0f} to {MAX_HOURS:,.0f}",
    "bool": "true or false",
    "date": "an ISO date like 2026-01-31",
    "week": "an ISO week like 2026-W05",
}


def described(value: Any) -> str:
    """A value and what YAML made of it, for messages: "the date 2026-01-01", "true"."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value.isoformat()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if value is None:
        return "nothing (null)"
    if isinstance(value, list):
        return "a list"
    return "a mapping" if isinstance(value, dict) else type(value).__name__


def _invalid(kind: str, wanted: str, value: Any) -> str:
    """The message for a field (named by the path) that is not what its kind must be."""
    hint = ("; put it in quotes" if wanted in ("text", "note")
            and isinstance(value, (bool, int, float, dt.date)) else "")
    return f"must be {_WANTED[wanted]} in a {kind!r} event, got {described(value)}{hint}"


def event_from_data(value: Any, path: DataPath) -> Event:
    """One journal line, checked: its id, time, type and payload."""
    if not isinstance(value, dict):
        raise EventFormatError("must be an event: {id: …, at: …, type: …, …}", path)
    data = dict(value)
    event_id, at, kind = data.pop("id", None), data.pop("at", None), data.pop("type", None)
    if not isinstance(event_id, str) or split_id(event_id) is None:
        raise EventFormatError(f"the event id must read DEVICE.N, got {described(event_id)}", path)
    try:
        moment = dt.datetime.fromisoformat(at) if isinstance(at, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise EventFormatError(
            "'at' must be a time with its UTC offset (2026-12-02T19:04:11+01:00), "
            f"got {described(at)}", path)
    spec = PAYLOADS.get(kind) if isinstance(kind, str) else None
    if spec is None:
        raise EventFormatError(
            f"unknown event type {described(kind)} (written by a newer Study Planner?)", path)
    for name in data.keys() - spec.keys():
        if not isinstance(name, str):  # YAML 1.1 reads a plain n as false
            raise EventFormatError(
                f"the key {described(name)} must be text; put it in quotes", path)
        raise EventFormatError(f"a {kind} event has no field {described(name)}", path)
    for name, wanted in spec.items():
        optional = wanted.endswith("?")
        if name not in data:
            if optional:
                continue
            raise EventFormatError(f"a {kind} event needs its field {name!r}", path)
        if not (optional and data[name] is None) and not _check(wanted.rstrip("?"), data[name]):
            raise EventFormatError(_invalid(kind, wanted.rstrip("?"), data[name]),
                                   (*path, name))
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


def journal_to_data(journal: list[Event]) -> list[Flow] | None:
    return [event_to_data(e) for e in journal] or None


