"""Planning with re-visits: 2,000 resources, 500 of them finished with review histories.

Times, best of ``--repeat``, interleaved so that each meets the same noise:

* the floor: ``sorted`` over the resources by (deadline, priority, catalog order), as in
  ``bench_scheduler.py``;
* the full re-plan without re-visits (what ``bench_scheduler.py`` measures);
* the cards: fsrs's replay of the 500 histories (3 to 8 reviews each over a year), as
  ``AppState.cards()`` does after a change of the journal;
* the cards again after one more review, from the cards folded before (what a change
  costs: only the reviewed card is replayed);
* the full re-plan with the 500 re-visits placed, and with all the cards folded first (a
  cold start; the budget is 50 ms for a full re-plan).

    python bench/bench_revisits.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_scheduler import floor_sort
from bench.generate import catalog_data
from bench.timing import best
from planner.core.catalog.model import catalog_from_data
from planner.core.journal.events import Event
from planner.core.planning.plan import REVISIT, Revisit
from planner.core.planning.scheduler import replan, schedule
from planner.core.planning.settings import Settings
from planner.core.progress.rules import Progress
from planner.core.revisits.cards import cards_of, due_revisits, review_log

TODAY = dt.date(2026, 11, 24)
UTC = dt.timezone.utc


def histories(rids: list[str], seed: int) -> list[Event]:
    """3 to 8 reviews of each resource over the year before ``TODAY``, in time order."""
    rng = random.Random(seed)
    events = []
    for rid in rids:
        at = dt.datetime.combine(TODAY - dt.timedelta(days=365), dt.time(19), tzinfo=UTC)
        at += dt.timedelta(days=rng.randrange(60))
        for _ in range(rng.randrange(3, 9)):
            rating = rng.choices((1, 2, 3, 4), (1, 2, 6, 2))[0]
            events.append(Event("", at, "review", {"r": rid,
                                                   "log": review_log(rid, rating, at)}))
            at += dt.timedelta(days=rng.randrange(3, 60))
            if at.date() >= TODAY:
                break
    events.sort(key=lambda e: e.at)
    return [Event(f"b.{n}", e.at, e.type, e.data) for n, e in enumerate(events, 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    catalog = catalog_from_data(catalog_data(2_000, seed=7))
    rng = random.Random(1)
    finished = rng.sample(sorted(catalog.resources), 500)
    progress = {rid: Progress(done=True) for rid in finished}
    journal = histories(finished, seed=2)
    settings = Settings(hours_per_week=5, max_parallel=3, horizon_weeks=520)
    previous = schedule(catalog, progress, settings, today=TODAY - dt.timedelta(weeks=1))

    def revisits() -> list[Revisit]:
        cards = cards_of(journal)
        return [Revisit(d.resource, d.due, d.minutes / 60)
                for d in due_revisits(cards, catalog.resources, finished)]

    placed = revisits()
    folded = cards_of(journal)  # as AppState keeps them; then one more review comes
    at = dt.datetime.combine(TODAY, dt.time(19), tzinfo=UTC)
    more = [*journal, Event("b.0", at, "review", {"r": finished[0],
                                                  "log": review_log(finished[0], 3, at)})]
    runs = {
        "floor (sorted)": floor_sort(catalog),
        "re-plan, no re-visits": lambda: replan(previous, catalog, progress, settings, TODAY),
        "cards (fsrs replay)": lambda: cards_of(journal),
        "cards, one review more": lambda: cards_of(more, known=folded),
        "re-plan with re-visits": lambda: replan(previous, catalog, progress, settings, TODAY,
                                                 revisits=placed),
        "cards + re-plan": lambda: replan(previous, catalog, progress, settings, TODAY,
                                          revisits=revisits()),
    }
    times = dict.fromkeys(runs, float("inf"))
    for _ in range(args.repeat):
        for name, run in runs.items():
            times[name] = min(times[name], best(run, 1))
    plan = replan(previous, catalog, progress, settings, TODAY, revisits=placed)
    goals = [g for w in plan.weeks for g in w.goals if g.kind == REVISIT]
    print(f"2,000 resources, 500 finished with {len(journal):,} reviews; "
          f"{len(placed)} re-visits, {len(goals)} placed in {len(plan.weeks)} weeks; "
          f"{len(plan.warnings)} warnings")
    floor = times["floor (sorted)"]
    for name, seconds in times.items():
        print(f"{name:>24}: {seconds * 1e3:7.2f} ms (ratio to the floor {seconds / floor:6.1f})")
    ratio = times["re-plan with re-visits"] / times["re-plan, no re-visits"]
    print(f"re-visits add {ratio:.2f}x to a full re-plan; cards + re-plan "
          f"{times['cards + re-plan'] * 1e3:.1f} ms (budget <= 50 ms)")


if __name__ == "__main__":
    main()
