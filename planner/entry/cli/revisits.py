"""`revisit`: spaced re-visits of finished readings (docs/architecture.md §3.2).

`revisit list [--json]` says what falls due and when, with the recall predicted then;
`revisit rate ID again|hard|good|easy` records a review, which sets the next due date;
`revisit stop ID` ends a resource's re-visits; `revisit length ID MINUTES|default` sets how
long its re-visits take. `progress ID --done --rating R` rates on
finishing (planner/entry/cli/main.py).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from planner.core.catalog.model import MAX_REVISIT, MIN_REVISIT
from planner.core.errors import UserError
from planner.core.hours import format_hours
from planner.core.journal.state import AppState
from planner.core.operations.catalog import SetRevisitMinutes
from planner.core.operations.revisits import RateResource, StopRevisits
from planner.core.revisits.cards import RATINGS, revisit_minutes
from planner.entry.cli.common import data_file_from, load, write


def revisits_to_json(app: AppState) -> dict[str, object]:
    return {"revisits": [{"resource": d.resource, "due": d.due.isoformat(),
                          "minutes": d.minutes, "recall": round(d.recall, 3)}
                         for d in app.due_revisits()]}


def _next(app: AppState, rid: str) -> str:
    card = app.cards().get(rid)
    if card is None:
        return f"{rid}: no re-visits"
    return (f"{rid}: next re-visit {card.due.isoformat()} (in {card.interval_days} days, "
            f"recall then ≈ {card.recall(card.due):.2f})")


def cmd_revisit(args: argparse.Namespace) -> int:
    if args.action == "list":
        _, app = load(data_file_from(args))
        if args.json:
            print(json.dumps(revisits_to_json(app), indent=2, ensure_ascii=False))
            return 0
        due = app.due_revisits()
        today = app.today()
        for d in due:
            title = app.catalog.resources[d.resource].title
            when = "due now" if d.due <= today else f"due {d.due.isoformat()}"
            print(f"{when:>14}  {format_hours(d.minutes / 60):>6}  recall ≈ {d.recall:.2f}  "
                  f"{title} ({d.resource})")
        if not due:
            print("no re-visits yet: rate a finished resource (revisit rate ID good)")
        return 0

    def action(app: AppState) -> str:
        if args.action == "rate":
            app.apply(RateResource(args.id, args.rating))
        elif args.action == "length":
            app.apply(SetRevisitMinutes(args.id, _minutes(args.minutes)))
            resource = app.resource(args.id)
            how = "set by hand" if resource.revisit_minutes is not None else "the default"
            return f"{resource.id}: a re-visit takes {revisit_minutes(resource)} min ({how})"
        else:
            app.apply(StopRevisits(args.id))
        return _next(app, app.resource(args.id).id)

    return write(data_file_from(args), action)


def _minutes(text: str) -> int | None:
    if text.strip().lower() == "default":
        return None
    try:
        return int(text)
    except ValueError:
        raise UserError(f"the length of a re-visit is whole minutes or 'default', got "
                        f"{text!r}") from None


def add_commands(sub: Any) -> None:
    p = sub.add_parser("revisit", help="spaced re-visits of finished resources: list, rate, "
                       "stop, length")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the re-visits, soonest due first, with the "
                                 "recall predicted then")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    rate = actions.add_parser("rate", help="how well you could explain resource ID now; "
                              "sets its next re-visit")
    rate.add_argument("id", help="the resource's id (see `list`)")
    rate.add_argument("rating", choices=RATINGS, help="how well you could explain it now")
    stop = actions.add_parser("stop", help="no more re-visits of resource ID")
    stop.add_argument("id", help="the resource's id (see `list`)")
    length = actions.add_parser("length", help="how long a re-visit of resource ID takes")
    length.add_argument("id", help="the resource's id (see `list`)")
    length.add_argument("minutes", metavar="MINUTES",
                        help=f"whole minutes, {MIN_REVISIT} to {MAX_REVISIT}, or 'default' "
                        "(a tenth of its effort, 15 min to 2 h)")
    p.set_defaults(func=cmd_revisit)
