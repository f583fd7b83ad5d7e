"""The ``study-planner`` command (docs/architecture.md §3.2).

No subcommand opens the window. Exit 0 on success; 1 on a user error (the app's own
``UserError``) with one line on stderr naming the file, field or id at fault; 2 on a usage
error; 70 on an internal error (a bug: anything else), with one line naming the error log,
which holds the traceback (``planner.entry.errors``); 130 when interrupted. No traceback
reaches the terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from planner import __version__
from planner.core.catalog.model import Category, Resource
from planner.core.errors import UserError
from planner.core.hours import format_hours
from planner.core.journal.state import AppState, Operation
from planner.core.links import inspect_link
from planner.core.operations.catalog import SetSomeday
from planner.core.operations.planning import ChangeSettings
from planner.core.operations.progress import LogHours, RecordUnits, SetDone
from planner.core.planning.settings import (
    MAX_HORIZON,
    MAX_HOURS_PER_WEEK,
    MAX_IDLE_MINUTES,
    MAX_PARALLEL,
    MIN_HORIZON,
    MIN_HOURS_PER_WEEK,
    MIN_IDLE_MINUTES,
    MIN_PARALLEL,
    ON_OPEN_MODES,
    latest_start,
)
from planner.core.progress.rules import describe_progress, remaining_hours
from planner.core.progress.summary import hours_left_text, summarize_category
from planner.core.revisits.cards import RATINGS
from planner.core.weeks import LAST_WEEK
from planner.entry.cli import desktop, files, plan, revisits, sessions, sync
from planner.entry.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_USER_ERROR,
    Parser,
    TerminalText,
    add_data_file,
    data_file_from,
    load,
    positive_float,
    progress_line,
    write,
)
from planner.entry.wiring import (
    PROG,
    chosen_data_file,
    env_data_file_problem,
)

# ------------------------------------------------------------------------------ list


def _resource_json(app: AppState, resource: Resource) -> dict[str, Any]:
    progress = app.progress(resource.id)
    data: dict[str, Any] = {
        "id": resource.id,
        "title": resource.title,
        "authors": list(resource.authors),
        "url": resource.url,
        "kind": resource.kind,
        "status": app.status(resource.id).value,
        "effort_hours": round(resource.effort, 2),
        "remaining_hours": round(remaining_hours(resource, progress), 2),
        "progress": describe_progress(resource, progress),
    }
    if resource.units:
        data["units"] = {"name": resource.units.name, "count": resource.units.count,
                         "done": progress.units_done}
    if resource.prerequisites:
        data["prerequisites"] = list(resource.prerequisites)
    return data


def _category_json(app: AppState, category: Category) -> dict[str, Any]:
    summary = summarize_category(category, app.state.progress, app.catalog.someday)
    return {
        "id": category.id,
        "title": category.title,
        "total": summary.total,
        "done": summary.done,
        "remaining_hours": round(summary.remaining_hours, 2),  # planned: not Someday
        "someday": summary.someday,
        "someday_hours": round(summary.someday_hours, 2),
        "resources": [_resource_json(app, c) for c in category.children
                      if isinstance(c, Resource)],
        "categories": [_category_json(app, c) for c in category.children
                       if isinstance(c, Category)],
    }


_MARK = {"todo": "[ ]", "in-progress": "[~]", "done": "[x]", "someday": "[s]"}


def _print_tree(app: AppState, category: Category, depth: int) -> None:
    indent = "  " * depth
    for child in category.children:
        if isinstance(child, Category):
            s = summarize_category(child, app.state.progress, app.catalog.someday)
            someday = " — Someday" if child.someday else ""
            print(f"{indent}{child.title}  ({s.done}/{s.total} done, "
                  f"{hours_left_text(s)}){someday}")
            _print_tree(app, child, depth + 1)
        else:
            p = app.progress(child.id)
            left = remaining_hours(child, p)
            print(f"{indent}{_MARK[app.status(child.id).value]} {child.id}: {child.title}"
                  f" — {describe_progress(child, p)}, {format_hours(left)} left")


def cmd_list(args: argparse.Namespace) -> int:
    _, app = load(data_file_from(args))
    catalog = app.catalog
    if args.json:
        doc = {"title": catalog.title,
               "categories": [_category_json(app, c) for c in catalog.root.children
                              if isinstance(c, Category)]}
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    s = summarize_category(catalog.root, app.state.progress, catalog.someday)
    print(f"{catalog.title}  ({s.done}/{s.total} done, {hours_left_text(s)})")
    _print_tree(app, catalog.root, 1)
    return 0


# ------------------------------------------------------------------------------ progress


def cmd_progress(args: argparse.Namespace) -> int:
    def action(app: AppState) -> str:
        rid = args.id
        if args.rating is not None and not args.done:
            raise UserError("--rating goes with --done: how well you could explain a "
                            "resource on finishing it (or later: revisit rate ID RATING)")
        if args.someday or args.not_someday:
            app.apply(SetSomeday(rid, bool(args.someday)))
            return (f"{rid}: set to Someday (kept, not planned)" if args.someday
                    else f"{rid}: out of Someday; the next re-plan plans it")
        if args.done:
            change: Operation = SetDone(rid, True, rating=args.rating)
        elif args.undone:
            change = SetDone(rid, False)
        elif args.units is not None:
            change = RecordUnits(rid, args.units)
        else:
            _refuse_hours_on_units(app.resource(rid))
            change = LogHours(rid, args.hours)
        applied = app.apply(change)
        notes = [f"note: {applied.note}"] if applied.note else []
        return "\n".join([progress_line(app, rid), *notes, *_this_week_over_budget(app)])

    return write(data_file_from(args), action)


def _this_week_over_budget(app: AppState) -> list[str]:
    """The accepted plan's word when this week went over its budget (work studied outside
    its goals: they stay), as ``plan`` prints its warnings."""
    from planner.core.journal.goals import current_plan
    from planner.core.weeks import week_of

    if app.state.plan is None:
        return []
    try:
        plan = current_plan(app)
    except UserError:  # no plan can be made (a cycle): ``plan`` says why
        return []
    label = f"{week_of(app.today())} is over budget"
    return [f"warning: {w}" for w in plan.warnings if w.startswith(label)]


def _refuse_hours_on_units(resource: Resource) -> None:
    """Hours logged on a resource counted in units would change nothing the window shows
    or the plan counts (its progress is its units): refused, with what to record instead."""
    if resource.units is not None:
        units = resource.units.plural()
        raise UserError(f"{resource.id!r} is counted in {units}, not hours: hours logged on "
                        f"it would change neither its progress nor the plan; record the "
                        f"{units} done instead (progress {resource.id} --units N)")


# ------------------------------------------------------------------------------ settings


def _settings_lines(app: AppState) -> list[str]:
    s = app.settings
    return [
        f"hours per week: {s.hours_per_week:g}",
        f"max parallel:   {s.max_parallel}",
        f"start week:     {s.start_week or 'this week'}",
        f"horizon:        {s.horizon_weeks} weeks",
        f"plan with pace: {s.plan_with_pace}",
        f"idle minutes:   {s.idle_minutes}",
        f"session on open: {s.session_on_open}",
        f"retention:      {s.retention:g} (re-visits)",
        f"revisit share:  {s.revisit_share:g} of the week",
        f"ask rating:     {'on' if s.ask_rating else 'off'}",
        f"shares:         {_shares_text(app)}",
    ]


def _shares_text(app: AppState) -> str:
    """'Theoretical 50 %, Programming 40 %, Research Papers 10 %', or 'none'."""
    from planner.core.planning.tracks import tracks_of

    tracks = tracks_of(app.catalog)
    if not tracks.split:
        return "none (one track: the whole week)"
    return ", ".join(f"{t.title} {t.share} %" for t in tracks.tracks)


def _parse_shares(app: AppState, values: list[str]) -> dict[str, int | None]:
    """``CATEGORY=PCT`` (or ``=none``) by category id or title, each named when wrong."""
    from planner.core.catalog.model import parse_share

    shares: dict[str, int | None] = {}
    for value in values:
        name, sep, amount = value.partition("=")
        if not sep:
            raise UserError(f"--share {value!r}: write CATEGORY=PERCENT, like theoretical=50")
        name = name.strip()
        category = app.catalog.categories.get(name) or next(
            (c for c in app.catalog.categories.values()
             if c.title.casefold() == name.casefold()), None)
        if category is None:
            known = ", ".join(sorted(app.catalog.categories)) or "none"
            raise UserError(f"--share {value!r}: no category {name!r} (ids: {known})")
        amount = amount.strip().removesuffix("%").strip()
        if amount.lower() in ("none", "0", ""):
            shares[category.id] = None
            continue
        try:
            number: object = int(amount)
        except ValueError:
            number = amount
        try:
            shares[category.id] = parse_share(number, ())
        except UserError as exc:
            raise UserError(f"--share {value!r}: {exc}") from None
    return shares


def _start_week(week: str, app: AppState) -> str | None:
    """A start week the plan will use: a past one is refused (the plan never starts before
    this week, so it would be kept and ignored); this week is 'now', as in the window."""
    from planner.core.weeks import monday, week_of

    this_week = week_of(app.today())
    if monday(week) < monday(this_week):
        raise UserError(f"the start week {week} is past: the plan starts this week "
                        f"({this_week}) at the earliest; give {this_week} or a later week, "
                        "or 'now'")
    return None if week == this_week else week


def cmd_settings(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {}
    if args.hours_per_week is not None:
        changes["hours_per_week"] = args.hours_per_week
    if args.max_parallel is not None:
        changes["max_parallel"] = args.max_parallel
    if args.start_week is not None:
        from planner.core.weeks import parse_week

        changes["start_week"] = None if args.start_week == "now" else parse_week(args.start_week)
    if args.horizon is not None:
        changes["horizon_weeks"] = args.horizon
    if args.plan_with_pace is not None:
        changes["plan_with_pace"] = args.plan_with_pace
    if args.idle_minutes is not None:
        changes["idle_minutes"] = args.idle_minutes
    if args.session_on_open is not None:
        changes["session_on_open"] = args.session_on_open
    if args.retention is not None:
        changes["retention"] = args.retention
    if args.revisit_share is not None:
        changes["revisit_share"] = args.revisit_share
    if args.ask_rating is not None:
        changes["ask_rating"] = args.ask_rating == "on"
    if not changes and not args.share:
        _, app = load(data_file_from(args))
        print("\n".join(_settings_lines(app)))
        return 0

    def action(app: AppState) -> str:
        before = _settings_lines(app)
        if args.share:
            from planner.core.operations.catalog import SetShares

            app.apply(SetShares(_parse_shares(app, args.share)))
        if changes.get("start_week") is not None:
            changes["start_week"] = _start_week(changes["start_week"], app)
        if changes:
            app.apply(ChangeSettings(**changes))
        after = _settings_lines(app)
        said = []
        for was, now in zip(before, after, strict=True):  # "name:   value" lines
            name, _, old = was.partition(":")
            new = now.partition(":")[2]
            if old != new:
                said.append(f"changed {name}: {old.strip()} → {new.strip()}")
        return "\n".join([*(said or ["nothing changed: the settings were so already"]), "",
                          *after])

    return write(data_file_from(args), action)


# ------------------------------------------------------------------------------ open


def cmd_open(args: argparse.Namespace) -> int:
    import webbrowser

    _, app = load(data_file_from(args))
    resource = app.resource(args.id)
    if not resource.url:
        raise UserError(f"{resource.id!r} has no link")
    checked = inspect_link(resource.url)
    url = checked.url
    if not webbrowser.open(url):
        raise UserError(f"no web browser could be started to open {url}")
    hidden = (f" (the link hid the host {checked.host} behind a user name)"
              if checked.hid_behind_userinfo else "")
    print(f"opened {url}{hidden}")
    return 0


# ------------------------------------------------------------------------------ the parser


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog=PROG, description="Work through a reading list, week by week. "
                     "Without a command, opens the window.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    add_data_file(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("list", help="the catalog tree with status and progress")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("progress", help="record progress on a resource")
    p.add_argument("id", help="the resource's id (see `list`)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--done", action="store_true", help="mark it finished")
    what.add_argument("--units", type=int, metavar="N", help="N units (chapters, …) done")
    what.add_argument("--hours", type=positive_float, metavar="H",
                      help="log H more hours spent on it")
    what.add_argument("--undone", action="store_true",
                      help="back to to-do (units and hours cleared, notes kept)")
    what.add_argument("--someday", action="store_true",
                      help="set it aside: kept and searchable, not planned (ID may be a "
                      "category: everything in it)")
    what.add_argument("--not-someday", action="store_true",
                      help="take it out of Someday; the next re-plan plans it again")
    p.add_argument("--rating", choices=RATINGS,
                   help="with --done: how well you could explain it now; its re-visits are "
                   "planned from it (none without a rating)")
    p.set_defaults(func=cmd_progress)

    p = sub.add_parser("settings", help="show or change the planning settings",
                       description="Show the planning settings, or change them. Each has "
                       "bounds the scheduler and the calendar can use; a value outside them "
                       "is refused with the bound, and nothing is changed.")
    p.add_argument("--hours-per-week", type=positive_float, metavar="H",
                   help=f"hours of study a week, from {MIN_HOURS_PER_WEEK:g} to "
                   f"{MAX_HOURS_PER_WEEK:g} (kept to the hundredth)")
    p.add_argument("--max-parallel", type=int, metavar="K",
                   help=f"how many resources a week may hold, from {MIN_PARALLEL} to "
                   f"{MAX_PARALLEL}")
    p.add_argument("--start-week", metavar="W",
                   help="the first week to plan, an ISO week like 2026-W48 (this week or "
                   "later), or 'now'; the "
                   f"plan must end by {LAST_WEEK}, where the calendar ends (with a "
                   f"{MAX_HORIZON}-week horizon, the default, start by "
                   f"{latest_start(MAX_HORIZON)})")
    p.add_argument("--horizon", type=int, metavar="WEEKS",
                   help=f"how many weeks to plan ahead, from {MIN_HORIZON} to {MAX_HORIZON}")
    p.add_argument("--plan-with-pace", choices=("auto", "on", "off"),
                   help="plan the remaining work at your pace from your study sessions "
                   "(auto, the default: once 5 h of sessions are logged)")
    p.add_argument("--idle-minutes", type=int, metavar="N",
                   help="minutes without input after which a running session asks about the "
                   f"time away, from {MIN_IDLE_MINUTES} to {MAX_IDLE_MINUTES} (default 10)")
    p.add_argument("--session-on-open", choices=ON_OPEN_MODES,
                   help="opening a resource's link in the window: offer to start a session "
                   "(ask, the default), start one (always), or neither (never)")
    p.add_argument("--retention", type=float, metavar="R",
                   help="re-visits: the recall to keep, from 0.7 to 0.97 (default 0.9: a "
                   "re-visit falls due when the predicted recall falls to it)")
    p.add_argument("--revisit-share", type=float, metavar="S",
                   help="re-visits: the most of a week's hours they take, from 0 to 1 "
                   "(default 0.25; 0: none planned)")
    p.add_argument("--ask-rating", choices=("on", "off"),
                   help="the window asks how well you could explain a resource you finish "
                   "(on, the default)")
    p.add_argument("--share", action="append", metavar="CATEGORY=PCT", default=[],
                   help="the share of the weekly hours a category takes as a track of its "
                   "own, so that its resources move on beside the others' (by id or title; "
                   "'none' to take it away; repeat for several; the shares add up to 100 at "
                   "most); a track's unused share goes to the others that week")
    p.set_defaults(func=cmd_settings)

    p = sub.add_parser("open", help="open a resource's link in the browser")
    p.add_argument("id", help="the resource's id (see `list`)")
    p.set_defaults(func=cmd_open)

    plan.add_commands(sub)
    files.add_commands(sub)
    sessions.add_commands(sub)
    revisits.add_commands(sub)
    desktop.add_commands(sub)
    sync.add_commands(sub)
    for command in sub.choices.values():
        add_data_file(command, top=False)
    return parser


def _run_window(args: argparse.Namespace) -> int:
    # Before Qt is asked to start: Qt cannot refuse, it aborts (planner.entry.display)
    from planner.entry.display import display_problem, plugin_problem

    if problem := display_problem() or plugin_problem():
        print(f"{PROG}: {problem}", file=sys.stderr)
        return EXIT_USER_ERROR
    from planner.entry.window import run_gui

    path, explicit = chosen_data_file(args.data_file)
    return run_gui(path, explicit=explicit)


def _open_window(args: argparse.Namespace) -> int:
    """The window; a bug that escapes it (it reports its own) is still one line and 70."""
    return _guarded(lambda: _run_window(args), "while the window was starting")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
    if args.data_file is None and (problem := env_data_file_problem()):
        parser.error(problem)
    if args.command is None:
        return _open_window(args)
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalText(out), TerminalText(err)
    try:
        return _run_command(args)
    finally:
        sys.stdout, sys.stderr = out, err


def _run_command(args: argparse.Namespace) -> int:
    """The command, with every way it can fail as one line on stderr."""
    return _guarded(lambda: int(args.func(args)), f"in the command `{args.command}`")


def _guarded(run: Callable[[], int], where: str) -> int:
    """``run()``'s exit status, and each way it can fail as one line on stderr: a user error
    (exit 1), an interruption (130), a bug (70, its traceback in the error log)."""
    try:
        return run()
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `study-planner list | head`: the reader went away; stay quiet
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    # the app's own errors; never a bare ValueError or KeyError (a bug: below)
    except UserError as exc:
        message = str(exc).strip().replace("\n", " ")
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception as exc:  # a bug: one line naming the log, which has the traceback
        from planner.entry.errors import internal_error

        return internal_error(exc, where)
