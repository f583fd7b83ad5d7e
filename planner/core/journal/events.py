"""Journal events: what happened, once, with a stable id.

An event is a fact the learner made true at a moment on one machine: "3 chapters of
linalg done", "goal ticked". Events are only ever appended (an undo takes back the events
of the action it undoes, which then never happened). Progress and ticks are folds over
them (``planner.core.journal.fold``); catalog, settings and pin events are the record of
edits that a later merge of two machines' files works from, field by field.

``id`` is "DEVICE.N": the device that recorded it and that device's running count, so
ids stay unique when two machines' journals meet. ``seq`` is the event's place in the
journal's order, a hybrid logical clock: the time it was recorded in milliseconds, raised
when needed to one past every event the recording machine had seen, so an event always
comes after what it followed, on one machine or across a merge, and two machines' events
recorded apart come in time order. The journal is ordered by ``(seq, device)``, which is
how a file of several machines' events, each in its own block, is read in one order
(``planner.store.format_v2``); events of a file from before ``seq`` have their place there
(1, 2, 3, …), which is before any recorded since. ``at`` is the local time with its UTC
offset, to the second: the local day is what the learner calls "today", the offset keeps
the moment exact. ``data`` holds plain values only (text, whole numbers, numbers at the
core's hours resolution, booleans, None, lists of those).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

Clock = Callable[[], dt.datetime]  # aware local time
_ID = re.compile(r"([a-z0-9]{1,16})\.([1-9][0-9]{0,17})")
DEVICE = re.compile(r"[a-z0-9]{1,16}")


@dataclass(frozen=True)
class Event:
    id: str
    at: dt.datetime  # aware, whole seconds
    type: str
    data: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    seq: int = 0  # its place in the journal's order (above); 0 only in hand-made events

    @property
    def order(self) -> tuple[int, str]:
        """The event's key in the journal's order."""
        return self.seq, self.id.partition(".")[0]

    @property
    def day(self) -> dt.date:
        """The learner's day when it happened (local to where it was recorded)."""
        return self.at.date()

    @property
    def device(self) -> str:
        return self.id.partition(".")[0]

    def __getitem__(self, key: str) -> object:
        return self.data[key]


def split_id(event_id: str) -> tuple[str, int] | None:
    """("k3f9", 17) for "k3f9.17"; None for anything else."""
    match = _ID.fullmatch(event_id)
    return (match.group(1), int(match.group(2))) if match else None


def system_clock() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def clock_at(moment: dt.datetime) -> Clock:
    """A clock stopped at ``moment`` (naive: taken as UTC), for tests and tools."""
    fixed = moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    return lambda: fixed


def noon_of(today: Callable[[], dt.date]) -> Clock:
    """A clock that reads noon UTC of whatever day ``today`` says (a date-only clock)."""
    return lambda: dt.datetime.combine(today(), dt.time(12), tzinfo=dt.timezone.utc)


class Recorder:
    """Makes this machine's events: the next id, the time from the injected clock."""

    def __init__(self, device: str = "local", clock: Clock = system_clock) -> None:
        if not DEVICE.fullmatch(device):
            raise ValueError(f"a device id is 1-16 lower-case letters or digits, got {device!r}")
        self.device = device
        self.clock = clock
        self.last = 0
        self.seq = 0  # the highest seq seen

    def continue_after(self, events: Iterable[Event]) -> None:
        """Count on from the highest id this device has in ``events``, and order the next
        event after all of them."""
        for event in events:
            parts = split_id(event.id)
            if parts is not None and parts[0] == self.device and parts[1] > self.last:
                self.last = parts[1]
            if event.seq > self.seq:
                self.seq = event.seq

    def now(self) -> dt.datetime:
        moment = self.clock()
        if moment.tzinfo is None:
            moment = moment.astimezone()
        return moment.replace(microsecond=0)

    def today(self) -> dt.date:
        return self.now().date()

    def event(self, type_: str, **data: object) -> Event:
        self.last += 1
        moment = self.now()
        self.seq = max(self.seq + 1, int(moment.timestamp()) * 1000)
        return Event(f"{self.device}.{self.last}", moment, type_,
                     MappingProxyType(dict(data)), self.seq)
