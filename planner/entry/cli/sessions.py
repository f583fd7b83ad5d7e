"""`session` and `stats`: study sessions and what they add up to (docs/architecture.md §3.2).

`session start ID` begins one (one runs at a time); `session pause` / `session resume` leave a
break out of it; `session stop` ends it, with how far it
got (`--units N`: units done after it, as in `progress --units`; `--done`; `--hours H` for
a resource measured in hours, by default the session's own length); `session log ID
--minutes M` records one studied away from the computer; `session list` and `stats`
read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from planner.core.hours import format_hours
from planner.core.journal.state import AppState
from planner.core.journal.study import sessions, sessions_to_json, stats, stats_to_json
from planner.core.operations.sessions import (
    LOG_YEARS_BACK,
    LogSession,
    Outcome,
    PauseSession,
    ResumeSession,
    StartSession,
    StopSession,
)
from planner.core.revisits.cards import RATINGS
from planner.core.wording import days_text, minutes_text
from planner.entry.cli.common import data_file_from, load, progress_line, write


def _outcome(args: argparse.Namespace) -> Outcome:
    return Outcome(units=args.units, done=args.done, hours=getattr(args, "hours", None),
                   rating=args.rating)


def _title(app: AppState, rid: str) -> str:
    resource = app.catalog.resources.get(rid)
    return resource.title if resource else rid


def cmd_session(args: argparse.Namespace) -> int:
    if args.action == "list":
        _, app = load(data_file_from(args))
        found = sessions(app)
        if args.json:
            print(json.dumps(sessions_to_json(found), indent=2, ensure_ascii=False))
            return 0
        for s in found.done:
            print(f"{s.start:%Y-%m-%d %H:%M}–{s.end:%H:%M}  {minutes_text(s.minutes):>14}  "
                  f"{_title(app, s.resource)}")
        if found.running:
            since = found.running.paused_since
            paused = f" (paused since {since:%H:%M})" if since is not None else ""
            print(f"running since {found.running.start:%Y-%m-%d %H:%M}: "
                  f"{_title(app, found.running.resource)}{paused}")
        if not found.done and not found.running:
            print("no sessions yet")
        return 0

    def action(app: AppState) -> str:
        if args.action == "start":
            app.apply(StartSession(args.id))
            return f"Started a session: {_title(app, args.id)}"
        if args.action in ("pause", "resume"):
            app.apply(PauseSession() if args.action == "pause" else ResumeSession())
            running = sessions(app).running
            assert running is not None
            return (f"{'Paused' if args.action == 'pause' else 'Resumed'}: "
                    f"{_title(app, running.resource)}")
        if args.action == "stop":
            applied = app.apply(StopSession(_outcome(args)))
            last = sessions(app).done[-1]
            said = f"Stopped: {minutes_text(last.minutes)} on {_title(app, last.resource)}"
            rid = last.resource
        else:
            day = dt.date.fromisoformat(args.date) if args.date else None
            applied = app.apply(LogSession(args.id, args.minutes, day, _outcome(args)))
            said = f"Logged {minutes_text(args.minutes)} on {_title(app, args.id)}"
            rid = args.id
        # where the resource stands now (the progress the session recorded, if any)
        notes = [f"note: {applied.note}"] if applied.note else []
        return "\n".join([said, progress_line(app, rid), *notes])

    return write(data_file_from(args), action)


def cmd_stats(args: argparse.Namespace) -> int:
    _, app = load(data_file_from(args))
    found = stats(app, args.weeks)
    if args.json:
        print(json.dumps(stats_to_json(found), indent=2, ensure_ascii=False))
        return 0
    for w in found.weeks:
        # sessions' time, not progress: a week done in full may have few sessions logged
        print(f"{w.week}: {format_hours(w.planned_hours)} planned, "
              f"{format_hours(w.studied_hours)} logged in sessions")
    print(f"streak: {days_text(found.current_streak)} "
          f"(longest {days_text(found.longest_streak)})")
    hours = found.hours  # as the statistics window's burn-up
    someday = (f"; {format_hours(hours.someday_hours)} Someday, not planned"
               if hours.someday else "")
    print(f"the list: {format_hours(hours.done_hours)} done of "
          f"{format_hours(hours.effort_hours)} planned{someday}")
    for kind, pace in sorted(found.pace.by_kind.items()):
        print(f"pace of {kind or 'other'}: {pace:.2f} × the estimate")
    return 0


def _date(text: str) -> str:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-12-02") from None
    return text


def _progress_options(p: argparse.ArgumentParser, *, hours: bool) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--units", type=int, metavar="N",
                       help="units done after the session (as in progress --units)")
    group.add_argument("--done", action="store_true", help="the resource is finished")
    p.add_argument("--rating", choices=RATINGS,
                   help="with a session that finishes the resource (--done, or --units "
                   "of all of it): how well you could explain it now; its re-visits are "
                   "planned from it (none without a rating)")
    if hours:
        group.add_argument("--hours", type=float, metavar="H",
                           help="hours of it to log (a resource measured in hours; "
                           "default: the session's length)")


def add_commands(sub: Any) -> None:
    p = sub.add_parser("session", help="study sessions: start, stop, log, list")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    start = actions.add_parser("start", help="start a session on resource ID")
    start.add_argument("id", metavar="ID", help="the resource's id, as `list` shows it")
    actions.add_parser("pause", help="pause the running session (a break is not counted)")
    actions.add_parser("resume", help="go on with the paused session")
    stop = actions.add_parser("stop", help="stop the running session, saying how far it got")
    _progress_options(stop, hours=True)
    log = actions.add_parser("log", help="log a session studied away from the computer")
    log.add_argument("id", metavar="ID", help="the resource's id, as `list` shows it")
    log.add_argument("--minutes", type=int, required=True, metavar="M", help="its length")
    log.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                     help=("the day studied, at most "
                           f"{LOG_YEARS_BACK} years back (default: just finished, ending now)"))
    _progress_options(log, hours=False)
    listing = actions.add_parser("list", help="the sessions, and the running one")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_session)

    p = sub.add_parser("stats", help="hours studied per week, streaks, your pace by kind")
    p.add_argument("--weeks", type=int, default=12, metavar="N", help="weeks shown (12)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_stats)
