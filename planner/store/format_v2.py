"""The state file's journal and its events (schema version 2 on; the blocks since 3).

The journal is one event per line, each line a JSON object, in one literal block per
device (the machine that recorded the events), the device seen last first::

    journal:
      k3f9x2ab: |
        {"id": "k3f9x2ab.17", "seq": 1796234651000, "at": "…", "type": "units", "n": 3}
      m2p0q1zz: |
        {"id": "m2p0q1zz.4", "seq": 1796234652000, "at": "…", "type": "done", "r": "…"}

The journal's order is the events' ``(seq, device)`` (``planner.core.journal.events``): the
reader puts the blocks' events in that order. A machine only ever appends to its own block,
and a new machine's block comes first, so when two machines' copies of the file meet in a
line-by-line merge (git without our merge driver), their new lines are in two places with
lines neither changed between them, and the merge takes both. Schema 2 had a single block
in the journal's order, without ``seq`` (``journal: |``); it is still read, each event's
place in it its ``seq`` (1, 2, 3, …).

One line per event keeps the file line-oriented, and JSON keeps it fast: PyYAML builds a
node for every key and value of a flow mapping, and at ten thousand events that was most of
a cold load (the figures are in docs/performance.md). Each line is read by ``json`` with
our own strictness: no duplicate keys, no NaN or Infinity, bounded nesting and numbers.
Characters that YAML does not allow in a block, or reads as a line break, are written as
JSON escapes (``json_for_yaml``).

Progress and ticks are not stored: they are the fold of the journal
(``planner.core.journal.fold``). Every event read is checked against its type's payload
(``PAYLOADS``); an event of a type this version does not know is refused, so a newer
file's events are never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
from collections.abc import Callable
from types import MappingProxyType
from typing import Any

from planner.core.catalog.model import MAX_UNITS, clean_text
from planner.core.catalog.model import Path as DataPath
from planner.core.errors import UserError
from planner.core.journal.events import DEVICE, Event, split_id
from planner.core.journal.fold import Folds, Tick, fold
from planner.core.progress.rules import Progress
from planner.store.yaml.emit import Lines, json_for_yaml

MAX_HOURS = 1_000_000.0
MAX_SEQ = 2**63 - 1

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
    "tick": {"w": "week", "r": "text", "h": "hours", "first": "whole?", "last": "whole?",
             "gave": "whole?"},
    "untick": {"w": "week", "r": "text", "h": "hours?", "first": "whole?", "last": "whole?"},
    "pin": {"r": "text", "w": "week?"},
    "setting": {"f": "text", "v": "any"},
    "plan.accept": {"start": "week?", "weeks": "whole", "overflow": "whole",
                    "finish": "week?", "was": "week?"},
    "plan.rollover": {"first": "week", "to": "week", "carried": "hours",
                      "finish": "week?", "was": "week?"},
    "session.start": {"r": "text"},
    "session": {"r": "text", "start": "time", "end": "time", "min": "whole",
                "before": "hours?", "after": "hours?", "s": "text?", "paused": "whole?"},
    "session.delete": {"s": "text"},
    "session.pause": {"s": "text"},
    "session.resume": {"s": "text"},
    # finish: the answer on finishing the resource (else a re-visit, or a rating again)
    "review": {"r": "text", "log": "reviewlog", "finish": "bool?"},
    "revisit.stop": {"r": "text"},
    "catalog.set": {"f": "text", "v": "any"},
    "resource.add": {"r": "text", "category": "text"},
    "resource.set": {"r": "text", "f": "text", "v": "any"},
    "resource.delete": {"r": "text"},
    "category.add": {"c": "text", "parent": "text"},
    "category.set": {"c": "text", "f": "text", "v": "any"},
    "category.delete": {"c": "text"},
    # a merge of two machines' files kept one value of a field and set another aside
    "sync.conflict": {"part": "text", "node": "text", "f": "text", "kept": "any",
                      "other": "any"},
}


class EventFormatError(UserError, ValueError):
    """An event the file cannot hold or that cannot be read; the message is the user's."""

    def __init__(self, message: str, path: DataPath) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def event_line(event: Event) -> str:
    """The event's line in the file: a JSON object, id, seq, time and type first."""
    return json_for_yaml({"id": event.id, "seq": event.seq, "at": event.at.isoformat(),
                          "type": event.type, **event.data})


def _is_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(value)
        return True
    except (TypeError, ValueError):
        return False


def _is_time(value: Any) -> bool:
    try:
        return isinstance(value, str) and dt.datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _is_week(value: Any) -> bool:
    from planner.core.weeks import WeekError, read_week

    try:
        return isinstance(value, str) and read_week(value) == value
    except WeekError:
        return False


def _is_review_log(value: Any) -> bool:
    """fsrs's ``ReviewLog.to_dict``: a whole card id, a rating 1-4, a time with its offset,
    a duration in milliseconds or null, and nothing else."""
    if not isinstance(value, dict) or set(value) != {"card_id", "rating", "review_datetime",
                                                    "review_duration"}:
        return False
    card, rating, duration = value["card_id"], value["rating"], value["review_duration"]
    return (isinstance(card, int) and not isinstance(card, bool) and 0 <= card < 2**63
            and rating in (1, 2, 3, 4) and not isinstance(rating, bool)
            and _is_time(value["review_datetime"])
            and (duration is None or (isinstance(duration, int) and not isinstance(duration, bool)
                                      and 0 <= duration < 2**63)))


# What each payload kind takes (see ``PAYLOADS``).
_CHECKS: dict[str, Callable[[Any], bool]] = {
    "text": lambda v: isinstance(v, str) and v == clean_text(v),
    "note": lambda v: isinstance(v, str) and v == clean_text(v, multiline=True),
    "whole": lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_UNITS,
    "hours": lambda v: (isinstance(v, (int, float)) and not isinstance(v, bool)
                        and math.isfinite(v) and abs(v) <= MAX_HOURS),
    "bool": lambda v: isinstance(v, bool),
    "date": _is_date,
    "time": _is_time,
    "week": _is_week,
    "reviewlog": _is_review_log,
    "any": lambda v: True,
}
# PAYLOADS as read: per type, each field's name, kind, check, and whether it may be left out.
_FIELDS = {kind: tuple((name, wanted.rstrip("?"), _CHECKS[wanted.rstrip("?")],
                        wanted.endswith("?")) for name, wanted in spec.items())
           for kind, spec in PAYLOADS.items()}
_NAMES = {kind: frozenset(spec) for kind, spec in PAYLOADS.items()}


# What a field of each kind must be, for messages.
_WANTED = {
    "text": "one line of text",
    "note": "text",
    "whole": f"a whole number from 0 to {MAX_UNITS:,}",
    "hours": f"a number of hours from -{MAX_HOURS:,.0f} to {MAX_HOURS:,.0f}",
    "bool": "true or false",
    "date": "an ISO date like 2026-01-31",
    "time": "a time with its UTC offset like 2026-12-02T19:04:11+01:00",
    "week": "an ISO week like 2026-W05",
    "reviewlog": ('a review log {"card_id": N, "rating": 1 to 4, "review_datetime": TIME, '
                  '"review_duration": null}'),
}


def described(value: Any) -> str:
    """A value as read, for messages: "the number 3", "true (true/false)", "a list"."""
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


def event_from_data(value: Any, path: DataPath, place: int | None = None) -> Event:
    """One journal line, checked: its id, seq, time, type and payload. ``place``: its
    place in a schema-2 journal, which had no ``seq`` (it is then the seq)."""
    if not isinstance(value, dict):
        raise EventFormatError('must be an event: {"id": …, "at": …, "type": …, …}', path)
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
    fields = _FIELDS.get(kind) if isinstance(kind, str) else None
    if fields is None:
        raise EventFormatError(
            f"unknown event type {described(kind)} (written by a newer Study Planner?)", path)
    if place is None:
        seq = data.pop("seq", None)
        if isinstance(seq, bool) or not isinstance(seq, int) or not 1 <= seq <= MAX_SEQ:
            raise EventFormatError(
                f"the event's 'seq' must be a whole number from 1 to {MAX_SEQ:,}, got "
                f"{described(seq)}", path)
    else:
        seq = place
    if not data.keys() <= _NAMES[kind]:
        name = min(data.keys() - _NAMES[kind])
        raise EventFormatError(f"a {kind} event has no field {described(name)}", path)
    for name, wanted, check, optional in fields:
        if name not in data:
            if optional:
                continue
            raise EventFormatError(f"a {kind} event needs its field {name!r}", path)
        if not (optional and data[name] is None) and not check(data[name]):
            raise EventFormatError(_invalid(kind, wanted, data[name]), (*path, name))
    return Event(event_id, moment, kind, MappingProxyType(data), seq)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) < len(pairs):
        keys = [key for key, _ in pairs]
        twice = next(key for key in keys if keys.count(key) > 1)
        raise ValueError(f"the key {twice!r} appears twice")
    return data


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number the file may hold")


# One decoder for every line (making one per call costs as much as decoding a line).
_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_no_constant)


def event_from_line(line: str, path: DataPath, place: int | None = None) -> Event:
    """One line of the journal: a JSON object, then the event it holds, checked
    (``place``: see ``event_from_data``)."""
    try:
        value = _DECODER.decode(line)
    except RecursionError:
        raise EventFormatError("nests brackets too deep to be an event", path) from None
    except ValueError as exc:  # not JSON, a key twice, NaN, a number of thousands of digits
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise EventFormatError(f"not an event in JSON ({_clip(reason)}): "
                               f"{described(line)}", path) from None
    return event_from_data(value, path, place)


def _clip(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "..."


def journal_lines(value: Any, path: DataPath = ("journal",)) -> list[str]:
    """A literal block's lines (one block of the journal), or why it is not one."""
    if value is None or value == "":
        return []
    if not isinstance(value, str):
        raise EventFormatError(
            f"must be the journal's lines (a literal block: | and one event per line), got "
            f"{described(value)}", path)
    return value.splitlines()


def journal_blocks(value: Any) -> dict[str, list[str]] | list[str]:
    """The journal section: its blocks' lines by device, or a schema-2 journal's lines
    (one block, in the journal's order); or why it is neither."""
    if not isinstance(value, dict):
        return journal_lines(value)
    blocks = {}
    for device, block in value.items():
        if not isinstance(device, str) or not DEVICE.fullmatch(device):
            raise EventFormatError(
                f"the journal's blocks are named by device ids (1 to 16 lower-case letters "
                f"or digits), got {described(device)}", ("journal",))
        blocks[device] = journal_lines(block, ("journal", device))
    return blocks


def journal_from_data(value: Any) -> list[Event]:
    """The journal's events, checked, in the journal's order."""
    blocks = journal_blocks(value)
    journal: list[Event] = []
    seen: set[str] = set()

    def read(line: str, path: DataPath, place: int | None = None) -> Event:
        event = event_from_line(line, path, place)
        if event.id in seen:
            raise EventFormatError(f"the event id {event.id} is used twice", path)
        seen.add(event.id)
        journal.append(event)
        return event

    if isinstance(blocks, list):  # schema 2: in order, each event's place its seq
        for i, line in enumerate(blocks):
            read(line, ("journal", i), i + 1)
        return journal
    for device, lines in blocks.items():
        for i, line in enumerate(lines):
            if read(line, ("journal", device, i)).device != device:
                raise EventFormatError(
                    f"the event {journal[-1].id} is in the block of device {device}; each "
                    f"device's events are in its own block", ("journal", device, i))
    journal.sort(key=_order)
    for before, event in itertools.pairwise(journal):
        if event.order == before.order:
            raise EventFormatError(
                f"the events {before.id} and {event.id} have the same seq ({event.seq}), "
                "so their order is not known", ("journal", event.device))
    return journal


def _order(event: Event) -> tuple[int, str]:
    return event.order


# Each event's line and device, kept by event id: every save, and the write check after
# every change, write out the whole journal, but events never change and only those since
# the last save are new. An entry serves only the very event it was made from; each call
# keeps the entries of the journal it was given and forgets the rest.
_written: dict[str, tuple[Event, str, str]] = {}


def journal_to_data(journal: list[Event]) -> dict[str, Lines] | None:
    """The journal section: a literal block of lines per device, each in the journal's
    order, the devices newest first (by their first event). ``ValueError`` when ``journal``
    is not in its order (the reader would read another): a defect, never the learner's."""
    global _written
    known, kept = _written, {}
    blocks: dict[str, list[str]] = {}
    lines: list[str] = []  # the block of the device before
    last_seq, last_device = -1, ""
    for event in journal:
        entry = known.get(event.id)
        if entry is None or entry[0] is not event:
            entry = (event, event_line(event), event.device)
        kept[event.id] = entry
        seq, device = event.seq, entry[2]
        if seq < last_seq or (seq == last_seq and device <= last_device):
            raise ValueError(f"the journal is out of order at {event.id} (seq {seq})")
        if device != last_device:
            lines = blocks.setdefault(device, [])
        lines.append(entry[1])
        last_seq, last_device = seq, device
    _written = kept
    if not blocks:
        return None
    # the newest device's block first: a machine's first events, in a block of its own, are
    # then not next to the lines another machine appends at the end of its block
    return {device: Lines("".join(f"{line}\n" for line in blocks[device]))
            for device in reversed(blocks)}


# ---------------------------------------------------------------- in the parse cache
# A parse cache entry is used only for the very bytes it was made from, under the same
# reading rules (``planner.store.state_file.ParseCache``), so the journal lines it holds
# were checked when it was made and are not checked again; it also keeps their fold
# (progress and ticks), which is taken only for the very journal it was made from (its
# length and last event id) and otherwise made again.


def journal_checked_before(value: Any) -> list[Event]:
    """The events of journal lines read and checked before (a parse cache entry's): all
    decoded at once, as one JSON array, and not checked again; in the journal's order."""
    moment = dt.datetime.fromisoformat
    blocks = journal_blocks(value)
    legacy = isinstance(blocks, list)
    lines = blocks if isinstance(blocks, list) else [
        line for device_lines in blocks.values() for line in device_lines]
    events = []
    for place, data in enumerate(json.loads(f"[{','.join(lines)}]"), 1):
        seq = place if legacy else data.pop("seq")
        events.append(Event(data.pop("id"), moment(data.pop("at")), data.pop("type"),
                            MappingProxyType(data), seq))
    if not legacy:  # as journal_from_data reads them (a block edited by hand may be out of order)
        events.sort(key=_order)
    return events


def folds_to_data(folds: Folds, journal: list[Event]) -> dict[str, Any]:
    """``folds``, the fold of ``journal``, as a parse cache entry keeps it."""
    return {
        "of": [len(journal), journal[-1].id if journal else None],
        "progress": {rid: [p.done, p.units_done, p.hours_logged,
                           p.started and p.started.isoformat(),
                           p.finished and p.finished.isoformat(), p.notes]
                     for rid, p in folds.progress.items()},
        "ticks": [[t.week, t.resource, t.hours, t.units and list(t.units), t.gave]
                  for t in folds.ticks.values()],
    }


def folds_from_data(value: Any, journal: list[Event]) -> Folds:
    """The folds ``folds_to_data`` kept, when they are those of this very ``journal``
    (its length and last event id); else, or when there are none, its fold made again."""
    if not (isinstance(value, dict)
            and value.get("of") == [len(journal), journal[-1].id if journal else None]):
        return fold(journal)
    day = dt.date.fromisoformat
    progress = {rid: Progress(done, units, hours, started and day(started),
                              finished and day(finished), notes)
                for rid, (done, units, hours, started, finished, notes)
                in value["progress"].items()}
    ticks = [Tick(week, rid, hours, units and (units[0], units[1]), gave)
             for week, rid, hours, units, gave in value["ticks"]]
    return Folds(progress, {tick.key: tick for tick in ticks})
