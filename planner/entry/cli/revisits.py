"""`revisit`: spaced re-visits of finished readings (docs/architecture.md §3.2).

`revisit list [--json]` says what falls due and when, with the recall predicted then;
`revisit rate ID again|hard|good|easy` records a review, which sets the next due date;
`revisit stop ID` ends a resource's re-visits. `progress ID --done --rating R` rates on
finishing (planner/entry/cli/main.py).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from planner.core.hours import format_hours
from planner.core.journal.state import AppState
from planner.core.operations.revisits import RateResource, StopRevisits
from planner.core.revisits.cards import RATINGS
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
        else:
            app.apply(StopRevisits(args.id))
        return _next(app, app.resource(args.id).id)

    return write(data_file_from(args), action)


def add_commands(sub: Any) -> None:
    p = sub.add_parser("revisit", help="spaced re-visits of finished resources: list, rate, "
                       "stop")
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
    p.set_defaults(func=cmd_revisit)
