"""What the learner remembers of each finished resource: a fold of their reviews.

A review is the learner's answer, on finishing a resource or re-visiting it, to "how well
could you explain it now?": again, hard, good or easy. The events:

    review        r log     a review of resource r; ``log`` is the ``fsrs.ReviewLog`` of
                  [finish]  it as the library writes it (``ReviewLog.to_dict``: card id,
                            rating 1-4, the time in UTC, no duration); ``finish``: true
                            for the answer on finishing r (files from before it was
                            written: the first review of a card is that answer)
    revisit.stop  r         no more re-visits of r (the learner skipped the question):
                            its reviews so far no longer count

Each review is its own event, so two machines' reviews merge as a union, and the card
is the library's replay of the reviews (``Scheduler.review_card`` on each, in order) with
today's desired retention: change the setting and every due date follows. FSRS is used
with intervals in whole days (no learning steps: a reading is not a flashcard to see again
in ten minutes) and without fuzzing, so the same history gives the same plan.
"""

from __future__ import annotations

import datetime as dt
import math
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from planner.core.catalog.model import Resource
from planner.core.errors import UserError
from planner.core.recorded import Event

if TYPE_CHECKING:  # the library is imported where a card is made: 19 ms a start-up saves
    from fsrs import Card, Scheduler  # when the planner holds no review

REVIEW_EVENTS = frozenset({"review", "revisit.stop"})
RATINGS = ("again", "hard", "good", "easy")  # fsrs.Rating 1-4, in that order
DEFAULT_RETENTION = 0.90
REVISIT_SHARE_OF_EFFORT = 0.10
MIN_REVISIT_MINUTES, MAX_REVISIT_MINUTES = 15, 120
_UTC = dt.timezone.utc


class RatingError(UserError, ValueError):
    """A rating that is not again, hard, good or easy."""


def rating_value(name: str) -> int:
    """1-4 for again/hard/good/easy (any case); ``RatingError`` naming the choices."""
    word = name.strip().lower()
    if word not in RATINGS:
        raise RatingError(f"a rating is again, hard, good or easy, got {name!r}")
    return RATINGS.index(word) + 1


def card_id(resource_id: str) -> int:
    """The resource's card id: the same on every machine, so their logs replay together."""
    return zlib.crc32(resource_id.encode("utf-8"))


def review_log(resource_id: str, rating: int, at: dt.datetime) -> dict[str, object]:
    """The payload of a review event: the library's own record of it."""
    from fsrs import Rating, ReviewLog

    log = ReviewLog(card_id(resource_id), Rating(rating), at.astimezone(_UTC), None)
    return dict(log.to_dict())


def scheduler(retention: float = DEFAULT_RETENTION) -> Scheduler:
    from fsrs import Scheduler

    return Scheduler(desired_retention=retention, learning_steps=(), relearning_steps=(),
                     enable_fuzzing=False)


@dataclass(frozen=True)
class Review:
    at: dt.datetime  # local time of the review, as recorded
    rating: int  # 1-4
    finishing: bool = False  # the answer on finishing the resource, not a re-visit

    @property
    def word(self) -> str:
        return RATINGS[self.rating - 1]


@dataclass(frozen=True)
class Memory:
    """A resource's card: its reviews, when it is due next, and how stable it is."""

    resource: str
    reviews: tuple[Review, ...]
    due: dt.date  # the learner's day the next re-visit falls due
    # The library's card after the last review (not to be changed), and its scheduler:
    # they follow from the reviews and the retention, and compare by identity in fsrs 6.0.
    card: Card = field(compare=False)
    fsrs: Scheduler = field(compare=False)
    retention: float = 0.0  # the desired retention the card was replayed at

    @property
    def stability(self) -> float:
        """Days for the predicted recall to fall to 90 %."""
        return float(self.card.stability or 0.0)

    @property
    def difficulty(self) -> float:
        return float(self.card.difficulty or 0.0)

    @property
    def last(self) -> Review:
        return self.reviews[-1]

    @property
    def revisits(self) -> tuple[Review, ...]:
        """The reviews that were re-visits: not the answers on finishing the resource
        (the first sets when the first re-visit falls due; one on finishing it again is
        no re-visit either)."""
        return tuple(r for r in self.reviews if not r.finishing)

    def revisited_in(self, first: dt.date, last: dt.date) -> bool:
        """Whether it was re-visited (not only rated on finishing) from ``first`` to
        ``last``, both included."""
        return any(first <= r.at.date() <= last for r in self.revisits)

    @property
    def interval_days(self) -> int:
        return (self.due - self.last.at.date()).days

    def recall(self, day: dt.date) -> float:
        """The predicted chance of recall on ``day`` (FSRS's retrievability), counted in
        whole days from the last review."""
        elapsed = dt.timedelta(days=max(0, (day - self.last.at.date()).days))
        last = self.last.at.astimezone(_UTC)
        return float(self.fsrs.get_card_retrievability(self.card, last + elapsed))

    def day_recall_falls_to(self, target: float) -> dt.date:
        """The first day its predicted recall is below ``target`` (FSRS's forgetting
        curve, R = (1 + F·t/S)^D, solved for t)."""
        decay = -self.fsrs.parameters[20]
        factor = 0.9 ** (1 / decay) - 1
        days = self.stability / factor * (target ** (1 / decay) - 1)
        return self.last.at.date() + dt.timedelta(days=max(0, math.floor(days) + 1))


def reviews_of(journal: Iterable[Event]) -> dict[str, list[Review]]:
    """The reviews that count, by resource, in the order they happened."""
    reviews: dict[str, list[Review]] = {}
    for event in journal:
        if event.type not in REVIEW_EVENTS:
            continue
        rid = str(event.data["r"])
        if event.type == "revisit.stop":
            reviews.pop(rid, None)
            continue
        log = cast(Mapping[str, object], event.data["log"])
        found = reviews.setdefault(rid, [])
        finishing = not found or event.data.get("finish") is True
        found.append(Review(event.at, int(log["rating"]), finishing))  # type: ignore[call-overload]
    return reviews


def memory_of(resource_id: str, reviews: list[Review], fsrs: Scheduler) -> Memory:
    """The card after ``reviews`` (at least one), replayed by the library in order."""
    from fsrs import Card, Rating

    card = Card(card_id=card_id(resource_id), due=reviews[0].at.astimezone(_UTC))
    for review in reviews:
        card, _ = fsrs.review_card(card, Rating(review.rating), review.at.astimezone(_UTC))
    last = reviews[-1]
    days = (card.due - last.at.astimezone(_UTC)).days  # whole days: no learning steps
    return Memory(resource_id, tuple(reviews), last.at.date() + dt.timedelta(days=days),
                  card, fsrs, fsrs.desired_retention)


def cards_of(journal: Iterable[Event], retention: float = DEFAULT_RETENTION,
             known: Mapping[str, Memory] | None = None) -> dict[str, Memory]:
    """Every resource's card, from the journal's reviews. ``known``: cards folded before
    at the same retention; those whose reviews are unchanged are kept, not replayed (a
    change replays the one card it reviewed, not the hundreds of a year)."""
    known = known or {}
    cards: dict[str, Memory] = {}
    found = reviews_of(journal)
    if not found:
        return cards
    fsrs = scheduler(retention)
    for rid, reviews in found.items():
        before = known.get(rid)
        if before is not None and len(before.reviews) == len(reviews) and \
                list(before.reviews) == reviews:
            cards[rid] = before
        elif reviews:
            cards[rid] = memory_of(rid, reviews, fsrs)
    return cards


def revisit_minutes(resource: Resource) -> int:
    """A re-visit's length: the resource's own when set, else a tenth of its effort, 15
    minutes to 2 hours, in whole 5 minutes."""
    if resource.revisit_minutes is not None:
        return resource.revisit_minutes
    minutes = resource.effort * 60 * REVISIT_SHARE_OF_EFFORT
    rounded = 5 * round(minutes / 5)
    return int(min(MAX_REVISIT_MINUTES, max(MIN_REVISIT_MINUTES, rounded)))


@dataclass(frozen=True)
class Due:
    """A re-visit that falls due: the resource, the day, its length and the recall then."""

    resource: str
    due: dt.date
    minutes: int
    recall: float  # on the due day, or today when it is overdue


def due_revisits(cards: Mapping[str, Memory], resources: Mapping[str, Resource],
                 done: Iterable[str], today: dt.date | None = None) -> list[Due]:
    """The re-visits of the finished resources with a card, soonest first (then by id):
    a resource un-finished is being studied again, not re-visited. The recall is the one
    predicted on the due day, or ``today`` once that is later: an overdue card keeps
    fading (0.91 on the due day may be 0.6 a month on)."""
    finished = set(done)
    items = [Due(rid, card.due, revisit_minutes(resources[rid]),
                 card.recall(card.due if today is None else max(card.due, today)))
             for rid, card in cards.items() if rid in finished and rid in resources]
    return sorted(items, key=lambda d: (d.due, d.resource))
