"""`plan` and `week`: the weekly plan on the command line (docs/architecture.md §3.2).

Both show the accepted plan (the one the window shows, whose past weeks are history); when
there is none yet, a fresh one. `plan --replan` re-plans from this week on, prints what
moved and why, and saves it as the accepted plan. `week --check ID` / `--uncheck ID` ticks
a goal of the week as the window's check box does (``CheckGoal``: the goal's own chunk,
counted from where the learner is); with no accepted plan yet, the plan shown is accepted
first, as the window's first start does.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from planner.core.errors import UserError
from planner.core.hours import format_hours
from planner.core.journal.goals import (
    current_plan,
    fresh_plan,
    is_goal_done,
    plan_forecast,
    plan_is_out_of_date,
    rollovers,
    weekly_review,
    weeks_since_roll_over,
)
from planner.core.journal.state import AppState
from planner.core.operations.planning import AcceptPlan, CheckGoal, goal_finishes
from planner.core.planning.following import finish_week
from planner.core.planning.plan import DONE, REVISIT, Plan, WeekPlan
from planner.core.planning.review import (
    finish_text,
    forecast_lines,
    forecast_to_json,
    review_lines,
    review_to_json,
)
from planner.core.planning.scheduler import describe_goal, plan_to_json
from planner.core.progress.rules import describe_progress
from planner.core.revisits.cards import RATINGS
from planner.core.weeks import monday, parse_week, week_of
from planner.core.wording import week_dates, week_hours
from planner.entry.cli.common import data_file_from, load, write
from planner.entry.wiring import PROG


def _week_lines(app: AppState, week: WeekPlan) -> list[str]:
    lines = [f"{week.week} ({week_dates(week.week)}): {week_hours(week)}"]
    for goal in week.goals:
        mark = "[x]" if is_goal_done(app, week.week, goal) else "[ ]"
        pin = " (pinned)" if goal.pinned else ""
        lines.append(f"  {mark} {describe_goal(goal, app.catalog)}{pin}")
    return lines


def _print_plan(app: AppState, plan: Plan, weeks: int | None) -> None:
    this_week = week_of(app.today())
    shown = [w for w in plan.weeks if monday(w.week) >= monday(this_week)]
    if weeks is not None:
        shown = shown[:weeks]
    print(f"Plan at {format_hours(plan.hours_per_week)} a week:")
    for week in shown:
        print("\n".join(_week_lines(app, week)))
    for item in plan.overflow:
        resource = app.catalog.resources.get(item.resource)
        print(f"overflow: {resource.title if resource else item.resource} "
              f"({format_hours(item.hours)}): {item.reason}")
    for warning in plan.warnings:
        print(f"warning: {warning}")


OUT_OF_DATE = ("note: the plan is out of date (settings or the catalog changed since it "
               "was made): `plan --replan` to update it")


def _say_if_out_of_date(app: AppState) -> bool:
    """The window's "out of date" banner, on the command line: one line on stderr (so that
    ``--json`` stays JSON, which carries it as ``out_of_date``). Whether it is."""
    stale = plan_is_out_of_date(app)
    if stale:
        print(f"{PROG}: {OUT_OF_DATE}", file=sys.stderr)
    return stale


def _refuse_ignored(parser_name: str, given: dict[str, bool], because: str) -> None:
    """Options that would be ignored are refused (exit 1), not silently dropped."""
    ignored = [option for option, present in given.items() if present]
    if ignored:
        raise UserError(f"{parser_name}: {' and '.join(ignored)} cannot go with {because}, "
                        "which ignores "
                        f"{'them' if len(ignored) > 1 else 'it'}; run it without")


def cmd_plan(args: argparse.Namespace) -> int:
    if args.replan:
        _refuse_ignored("plan --replan", {"--weeks": args.weeks is not None,
                                          "--json": args.json}, "--replan")
        def action(app: AppState) -> str:
            known = app.state.plan is not None
            before = finish_week(app.state.plan) if app.state.plan is not None else None
            plan = fresh_plan(app)
            app.apply(AcceptPlan(plan))
            moves = [f"moved: {m.resource}: {m.before or '—'} → {m.after or '—'} ({m.reason})"
                     for m in plan.moves]
            finish = f"the list finishes {finish_text(finish_week(plan), before, known=known)}"
            return "\n".join([*(moves or ["nothing moved"]), finish])

        return write(data_file_from(args), action)
    _, app = load(data_file_from(args))
    plan = current_plan(app)
    stale = _say_if_out_of_date(app)
    if args.json:
        doc: dict[str, Any] = plan_to_json(plan, app.catalog)
        if args.weeks is not None:
            doc["weeks"] = doc["weeks"][: args.weeks]
        doc["out_of_date"] = stale
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        _print_plan(app, plan, args.weeks)
    return 0


def _tick(app: AppState, week_name: str, resource_id: str, checked: bool,
          rating: str | None = None) -> str:
    """Check (or uncheck) the goal of ``resource_id`` in ``week_name``; what it did."""
    resource = app.resource(resource_id)  # UnknownResourceError names near ids
    if app.state.plan is None:
        app.apply(AcceptPlan(fresh_plan(app), "Accept the first plan"))
    plan = current_plan(app)
    week = plan.week(week_name)
    goals = [g for g in (week.goals if week else ()) if g.resource == resource.id]
    if not goals:
        raise UserError(f"{week_name} has no goal for {resource.id} ({resource.title}); "
                        f"`week {week_name}` lists its goals")
    # the first goal of it in the week that can be checked (unchecked), or the first; an
    # uncheck takes a checked goal before the week's record of the resource (a done goal)
    wanted = sorted((g for g in goals if is_goal_done(app, week_name, g) != checked),
                    key=lambda g: g.kind == DONE)
    goal = (wanted or goals)[0]
    if rating is not None and not checked:
        raise UserError("--rating goes with --check (a re-visit, or a goal that finishes "
                        "its resource), not with --uncheck")
    if rating is not None and goal.kind != REVISIT and not goal_finishes(app, goal):
        raise UserError(f"--rating goes with a re-visit or a goal that finishes its resource: "
                        f"checking {describe_goal(goal, app.catalog)} in {week_name} leaves "
                        f"{resource.id} unfinished "
                        f"({describe_progress(resource, app.progress(resource.id))} now)")
    applied = app.apply(CheckGoal(week_name, goal, checked, rating))
    done = "Checked" if checked else "Unchecked"
    return (f"{done} {describe_goal(goal, app.catalog)} in {week_name}; "
            f"{resource.id}: {describe_progress(resource, app.progress(resource.id))}"
            + (f"\nnote: {applied.note}" if applied.note else ""))


def cmd_week(args: argparse.Namespace) -> int:
    if args.check or args.uncheck:
        _refuse_ignored("week", {"--json": args.json},
                        "--check" if args.check else "--uncheck")
        resource_id, checked = (args.check, True) if args.check else (args.uncheck, False)

        def action(app: AppState) -> str:
            week_name = parse_week(args.week) if args.week else week_of(app.today())
            return _tick(app, week_name, resource_id, checked, args.rating)

        return write(data_file_from(args), action)
    _, app = load(data_file_from(args))
    week_name = parse_week(args.week) if args.week else week_of(app.today())
    plan = current_plan(app)
    week = plan.week(week_name) or WeekPlan(week_name, (), plan.hours_per_week)
    stale = _say_if_out_of_date(app)
    if args.json:
        doc = plan_to_json(Plan(plan.hours_per_week, (week,)), app.catalog)["weeks"]
        data = doc[0]  # type: ignore[index]
        for item, goal in zip(data["items"], week.goals, strict=False):
            item["done"] = is_goal_done(app, week.week, goal)
        data["out_of_date"] = stale
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        lines = _week_lines(app, week)
        roll = next((r for r in rollovers(app) if r.to == week_name), None)
        if roll is not None and roll.carried_hours:
            # the finish as the plan stands now (a re-plan since the roll-over moved it),
            # against the one before the week began
            lines.insert(1, f"  began {format_hours(roll.carried_hours)} behind: missed work "
                            "is carried over; the list finishes "
                            f"{finish_text(finish_week(plan), roll.finish_before)}")
        print("\n".join(lines))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    _, app = load(data_file_from(args))
    week = parse_week(args.week) if args.week else None
    review = weekly_review(app, week)
    stale = _say_if_out_of_date(app)
    if args.json:
        print(json.dumps({**review_to_json(review), "out_of_date": stale}, indent=2,
                         ensure_ascii=False))
    else:
        print("\n".join(review_lines(review)))
        earlier = weeks_since_roll_over(app)[:-1] if week is None else []
        if earlier:  # weeks away: last week was not the only one
            print(f"note: {', '.join(earlier)} went by too since the plan last rolled over: "
                  "`review WEEK` shows each")
    return 0


def cmd_forecast(args: argparse.Namespace) -> int:
    _, app = load(data_file_from(args))
    forecast = plan_forecast(app)
    stale = _say_if_out_of_date(app)
    if args.json:
        print(json.dumps({**forecast_to_json(forecast), "out_of_date": stale}, indent=2,
                         ensure_ascii=False))
    else:
        print("\n".join(forecast_lines(forecast)))
    return 0


def _count_of_weeks(text: str) -> int:
    """``--weeks N``: a whole number from 1 (anything else is a usage error)."""
    try:
        weeks = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if weeks < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {weeks}")
    return weeks


def add_commands(sub: Any) -> None:
    p = sub.add_parser("plan", help="the weekly plan")
    p.add_argument("--weeks", type=_count_of_weeks, metavar="N",
                   help="show only the next N weeks")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--replan", action="store_true",
                   help="re-plan from this week on, show what moved, and keep it")
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser("week", help="one week's goals (default: this week)")
    p.add_argument("week", nargs="?", metavar="ISO-WEEK", help="e.g. 2026-W48")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    tick = p.add_mutually_exclusive_group()
    tick.add_argument("--check", metavar="ID", help="check off the goal of resource ID in that "
                      "week: records the goal's own chunk, counted from where you are")
    tick.add_argument("--uncheck", metavar="ID",
                      help="uncheck it: takes back exactly what its check recorded")
    p.add_argument("--rating", choices=RATINGS,
                   help="with --check of a re-visit, or of a goal that finishes its "
                   "resource: how well you could explain it now (a re-visit's default: "
                   "good); sets the next re-visit")
    p.set_defaults(func=cmd_week)

    p = sub.add_parser("review", help="a week's review (default: last week): planned and "
                       "done, what carried over, the finish dates")
    p.add_argument("week", nargs="?", metavar="ISO-WEEK", help="e.g. 2026-W48")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("forecast", help="when the list, each category and each deadline "
                       "finish at the planned budget")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_forecast)
