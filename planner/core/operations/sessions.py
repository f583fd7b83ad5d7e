"""Study sessions: start, pause and resume, stop (saying how far you got), log by hand,
delete.

Stopping or logging records the progress the learner gives through the same events as
``progress`` (so the plan follows it), then the session with the resource's progress
measure before and after. One session runs at a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.core.catalog.model import Resource
from planner.core.errors import UserError
from planner.core.hours import format_hours, round_hours
from planner.core.journal.events import Event
from planner.core.journal.state import AppState, Effect, Operation
from planner.core.operations.revisits import answer_events
from planner.core.progress.rules import Progress, check_hours, check_units
from planner.core.sessions.model import Session, overlapping, sessions_of

MAX_MINUTES = 24 * 60
# How far back a session may be logged: a day older than this is taken for a mistyped year
# (1900 for 2026), not for study worth a place in the pace and the charts.
LOG_YEARS_BACK = 5


def earliest_log_day(today: dt.date) -> dt.date:
    """The first day a session can be logged for, ``LOG_YEARS_BACK`` years before
    ``today`` (29 February goes to the 28th)."""
    try:
        return today.replace(year=today.year - LOG_YEARS_BACK)
    except ValueError:
        return today.replace(year=today.year - LOG_YEARS_BACK, day=28)


class SessionError(UserError, ValueError):
    pass


def measure(resource: Resource, progress: Progress) -> float:
    """A resource's progress measure: units done, or hours logged."""
    if resource.units is not None:
        return float(resource.units.count if progress.done else progress.units_done)
    return round_hours(progress.hours_logged)


def running(app: AppState) -> Session | None:
    return sessions_of(app.state.journal).running


def _running(app: AppState) -> Session:
    """The running session, or ``SessionError`` for the operations that need one."""
    session = running(app)
    if session is None:
        raise SessionError("no session is running")
    return session


@dataclass(frozen=True)
class Outcome:
    """How far a session got: units done after it, done, or hours of it to log."""

    units: int | None = None
    done: bool = False
    hours: float | None = None
    # the answer on finishing the resource (again/hard/good/easy, or skip): its re-visits
    # are planned from it; only with an outcome that finishes it
    rating: str | None = None


def _answer_events(app: AppState, resource: Resource, outcome: Outcome,
                   events: list[Event]) -> tuple[Event, ...]:
    """The answer on finishing (``outcome.rating``) when ``events``, the session's, finish
    the resource; ``SessionError`` when they do not."""
    if outcome.rating is None:
        return ()
    if app.progress(resource.id).done or not any(e.type == "done" for e in events):
        raise SessionError(f"a rating goes with a session that finishes “{resource.title}”: "
                           "its re-visits are planned from it (a finished resource is rated "
                           "with `revisit rate`)")
    return answer_events(app, resource.id, outcome.rating)


def _progress_events(app: AppState, resource: Resource, outcome: Outcome,
                     hours_studied: float) -> list[Event]:
    rid = resource.id
    if outcome.done:
        count = resource.units.count if resource.units else None
        return [app.event("done", r=rid, n=count) if count is not None
                else app.event("done", r=rid)]
    if outcome.units is not None:
        count = check_units(resource, outcome.units)
        return [app.event("done", r=rid, n=count) if outcome.units == count
                else app.event("units", r=rid, n=outcome.units)]
    if resource.units is None:  # measured in hours: the hours given, or the session's
        hours = round_hours(check_hours(outcome.hours) if outcome.hours is not None
                            else hours_studied)
        return [app.event("hours", r=rid, h=hours)] if hours > 0 else []
    if outcome.hours is not None:
        raise SessionError(f"{rid!r} is counted in {resource.units.plural()}: say how many "
                           f"are done with --units N, not hours")
    return []


def _after(app: AppState, resource: Resource, events: list[Event]) -> float:
    from planner.core.journal.fold import next_progress

    progress = app.progress(resource.id)
    for event in events:
        progress = next_progress(progress, event)
    return measure(resource, progress)


@dataclass(frozen=True)
class StartSession(Operation):
    resource_id: str

    def effect(self, app: AppState) -> Effect:
        resource = app.resource(self.resource_id)
        now = running(app)
        if now is not None:
            raise SessionError(f"a session of “{_title(app, now)}” is running since "
                               f"{now.start:%Y-%m-%d %H:%M}; stop it first")
        return Effect(f"Start a session: {resource.title}",
                      (app.event("session.start", r=resource.id),))


@dataclass(frozen=True)
class StopSession(Operation):
    """Stop the running session (at ``at``, default now) with how far it got."""

    outcome: Outcome = Outcome()
    at: dt.datetime | None = None

    def effect(self, app: AppState) -> Effect:
        session = _running(app)
        resource = app.resource(session.resource)
        end = self.at or app.recorder.now()
        if end < session.start:
            raise SessionError(f"a session cannot end ({end:%Y-%m-%d %H:%M}) before it "
                               f"began ({session.start:%Y-%m-%d %H:%M})")
        minutes, paused = session.split(end)
        events = _progress_events(app, resource, self.outcome, minutes / 60)
        before = measure(resource, app.progress(resource.id))
        left_out = {"paused": paused} if paused else {}  # none: written as before pauses
        events.append(app.event("session", s=session.id, r=resource.id,
                                start=session.start.isoformat(), end=end.isoformat(),
                                min=minutes, before=before,
                                after=_after(app, resource, events), **left_out))
        events.extend(_answer_events(app, resource, self.outcome, events))
        return Effect(f"Stop the session: {resource.title} ({format_hours(minutes / 60)})",
                      tuple(events))


@dataclass(frozen=True)
class PauseSession(Operation):
    """Pause the running session: from now until it resumes is not study."""

    def effect(self, app: AppState) -> Effect:
        session = _running(app)
        if session.paused_since is not None:
            raise SessionError(f"the session is paused already (since "
                               f"{session.paused_since:%H:%M})")
        return Effect(f"Pause the session: {_title(app, session)}",
                      (app.event("session.pause", s=session.id),))


@dataclass(frozen=True)
class ResumeSession(Operation):
    """Go on with the paused session."""

    def effect(self, app: AppState) -> Effect:
        session = _running(app)
        if session.paused_since is None:
            raise SessionError("the session is not paused")
        return Effect(f"Resume the session: {_title(app, session)}",
                      (app.event("session.resume", s=session.id),))


def _title(app: AppState, session: Session) -> str:
    resource = app.catalog.resources.get(session.resource)
    return resource.title if resource is not None else session.resource


@dataclass(frozen=True)
class LogSession(Operation):
    """A session studied away from the computer: ``minutes`` on ``day``.

    Without a day it was just finished: it ends now, or just before a session it would
    overlap, and may have begun before midnight (50 minutes logged at 00:20). Given as
    today, it must fit in today so far; another day it starts at noon, or just after a
    session it would overlap."""

    resource_id: str
    minutes: int
    day: dt.date | None = None
    outcome: Outcome = Outcome()

    def effect(self, app: AppState) -> Effect:
        resource = app.resource(self.resource_id)
        minutes = self.minutes
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not (
                0 < minutes <= MAX_MINUTES):
            raise SessionError(f"minutes must be a whole number from 1 to {MAX_MINUTES}, "
                               f"got {minutes!r}")
        now = app.recorder.now()
        day = self.day or now.date()
        if day > now.date():
            raise SessionError(f"{day} is in the future: log a session once it is done")
        if day < earliest_log_day(now.date()):
            raise SessionError(
                f"{day} is more than {LOG_YEARS_BACK} years ago: check the year (sessions "
                f"can be logged from {earliest_log_day(now.date())} to today)")
        length = dt.timedelta(minutes=minutes)
        today_so_far = now - dt.datetime.combine(now.date(), dt.time(), tzinfo=now.tzinfo)
        if self.day == now.date() and length > today_so_far:
            so_far = int(today_so_far.total_seconds() // 60)
            raise SessionError(f"{format_hours(minutes / 60)} is longer than today has been "
                               f"so far ({so_far // 60}:{so_far % 60:02d} since midnight): "
                               "log the rest on the day before")
        done = sessions_of(app.state.journal).done
        if day == now.date():  # today: ending now, or before the sessions it would overlap
            start = now - length
            while (clash := overlapping(done, start, start + length)):
                start = clash.start - length
        else:  # another day: from noon on, after the sessions it would overlap
            start = dt.datetime.combine(day, dt.time(12), tzinfo=now.tzinfo)
            while (clash := overlapping(done, start, start + length)):
                assert clash.end is not None
                start = clash.end
        end = start + length
        events = _progress_events(app, resource, self.outcome, minutes / 60)
        before = measure(resource, app.progress(resource.id))
        events.append(app.event("session", r=resource.id, start=start.isoformat(),
                                end=end.isoformat(), min=minutes, before=before,
                                after=_after(app, resource, events)))
        events.extend(_answer_events(app, resource, self.outcome, events))
        return Effect(f"Log {format_hours(minutes / 60)} on “{resource.title}”",
                      tuple(events))


@dataclass(frozen=True)
class DeleteSession(Operation):
    """Take a finished session out of the record (its progress stays: that was recorded
    as progress, and is undone as progress)."""

    session_id: str

    def effect(self, app: AppState) -> Effect:
        found = {s.id: s for s in sessions_of(app.state.journal).done}
        session = found.get(self.session_id)
        if session is None:
            raise SessionError(f"no finished session with id {self.session_id!r}; "
                               "`session list` shows their ids")
        return Effect(f"Delete the session of {session.start:%Y-%m-%d %H:%M}",
                      (app.event("session.delete", s=session.id),))
