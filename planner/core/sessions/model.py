"""Study sessions as a fold over the journal.

A session is timed study of one resource: its start and end (local times with their UTC
offsets), its whole minutes, and the resource's progress measure before and after (units
done for a resource counted in units, hours logged for one measured in hours). The events:

    session.start   r                     a session begun now (the event's time); its
                                          id is the session's id
    session         r start end min before after [s]   a session finished (s: the id of
                                          the session.start it ends), or logged by hand
    session.delete  s                     a session taken out of the record
    session.pause   s                     the running session paused now (the event's time)
    session.resume  s                     …and resumed now

A paused stretch is not study: a session's ``min`` counts its time between start and end
less its pauses, and its ``paused`` (written only when there was a pause) the whole
minutes left out, so that ``min + paused`` is the whole minutes from start to end.

A later edit is a new event, never a change to an old one, so two machines' records of
sessions merge as a union. One session runs at a time: a ``session.start`` with no
``session`` or ``session.delete`` naming it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from planner.core.recorded import Event

SESSION_EVENTS = frozenset({"session.start", "session", "session.delete", "session.pause",
                            "session.resume"})


@dataclass(frozen=True)
class Session:
    id: str
    resource: str
    start: dt.datetime
    end: dt.datetime | None = None  # None: running
    minutes: int = 0
    before: float | None = None
    after: float | None = None
    paused: int = 0  # a finished session: the whole minutes its pauses left out
    # a running session: its pauses, (from, to); to is None while it is paused
    pauses: tuple[tuple[dt.datetime, dt.datetime | None], ...] = ()

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def paused_since(self) -> dt.datetime | None:
        """When the running session was paused, or None when it is not paused."""
        if self.pauses and self.pauses[-1][1] is None:
            return self.pauses[-1][0]
        return None

    def split(self, end: dt.datetime) -> tuple[int, int]:
        """(minutes studied, minutes paused) of the running session were it to end at
        ``end``: the whole minutes from its start, less its pauses up to then."""
        total = whole_minutes(self.start, end)
        away = 0.0
        for since, until in self.pauses:
            since, until = max(since, self.start), min(until or end, end)
            if until > since:
                away += (until - since).total_seconds()
        paused = min(total, round(away / 60))
        return total - paused, paused


@dataclass(frozen=True)
class Sessions:
    """The finished sessions in order of their start, and the running one."""

    done: tuple[Session, ...]
    running: Session | None


def whole_minutes(start: dt.datetime, end: dt.datetime) -> int:
    return max(0, round((end - start).total_seconds() / 60))


def _time(value: object) -> dt.datetime:
    return dt.datetime.fromisoformat(str(value))


def sessions_of(journal: Iterable[Event]) -> Sessions:
    started: dict[str, Session] = {}
    done: dict[str, Session] = {}
    for event in journal:
        kind = event.type
        if kind not in SESSION_EVENTS:
            continue
        data = event.data
        if kind == "session.start":
            started[event.id] = Session(event.id, str(data["r"]), event.at)
        elif kind in ("session.pause", "session.resume"):
            sid = str(data["s"])
            current = started.get(sid)
            if current is not None:  # a pause of a session no longer running is no matter
                started[sid] = _paused(current, event.at, kind == "session.pause")
        elif kind == "session":
            sid = str(data.get("s") or event.id)
            started.pop(sid, None)
            done[sid] = Session(sid, str(data["r"]), _time(data["start"]), _time(data["end"]),
                                int(data["min"]),  # type: ignore[call-overload]
                                _number(data.get("before")), _number(data.get("after")),
                                int(data.get("paused") or 0))  # type: ignore[call-overload]
        else:
            sid = str(data["s"])
            started.pop(sid, None)
            done.pop(sid, None)
    running = max(started.values(), key=lambda s: s.start, default=None)
    return Sessions(tuple(sorted(done.values(), key=lambda s: (s.start, s.id))), running)


def _paused(session: Session, at: dt.datetime, pause: bool) -> Session:
    """``session`` paused (or resumed) at ``at``; a pause while paused, or a resume while
    not, changes nothing (two machines' records may both hold one)."""
    pauses = session.pauses
    if pause and session.paused_since is None:
        pauses = (*pauses, (at, None))
    elif not pause and session.paused_since is not None:
        pauses = (*pauses[:-1], (pauses[-1][0], max(at, pauses[-1][0])))
    return replace(session, pauses=pauses)


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else None


def overlapping(sessions: Iterable[Session], start: dt.datetime, end: dt.datetime
                ) -> Session | None:
    """The first finished session whose time overlaps ``start``–``end``."""
    for session in sessions:
        if session.end is not None and session.start < end and start < session.end:
            return session
    return None
