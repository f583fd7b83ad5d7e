"""Re-visits: rate how well a finished resource could be explained now, or stop them."""

from __future__ import annotations

from dataclasses import dataclass

from planner.core.errors import UserError
from planner.core.journal.events import Event
from planner.core.journal.state import AppState, Effect, Operation
from planner.core.revisits.cards import RATINGS, RatingError, rating_value, review_log

SKIP = "skip"  # the answer to the rating question that stops a resource's re-visits
ANSWERS = (*RATINGS, SKIP)


class RevisitError(UserError):
    """A rating or re-visit that cannot be recorded as asked."""


def check_rating(rating: str) -> int:
    """1-4 for again/hard/good/easy; ``RevisitError`` naming the choices."""
    try:
        return rating_value(rating)
    except RatingError as exc:
        raise RevisitError(str(exc)) from None


def check_answer(answer: str) -> str:
    """again/hard/good/easy or skip, lower case; ``RevisitError`` naming the choices."""
    word = answer.strip().lower()
    if word != SKIP:
        check_rating(word)
    return word


def answer_events(app: AppState, resource_id: str, answer: str | None) -> tuple[Event, ...]:
    """The events of the learner's answer to "how well could you explain it now?" on
    finishing ``resource_id``: a review (again/hard/good/easy), a stop of its re-visits
    (skip, when it has any), or nothing (no answer: the question was not asked)."""
    if not answer:
        return ()
    word = check_answer(answer)
    if word == SKIP:
        return (app.event("revisit.stop", r=resource_id),) if resource_id in app.cards() else ()
    return (review_event(app, resource_id, word, finishing=True),)


def review_event(app: AppState, resource_id: str, rating: str,
                 finishing: bool = False) -> Event:
    """The review of ``resource_id`` rated ``rating`` (again/hard/good/easy), now;
    ``finishing``: the answer on finishing it (no re-visit)."""
    value = check_rating(rating)
    log = review_log(resource_id, value, app.recorder.now())
    if finishing:
        return app.event("review", r=resource_id, log=log, finish=True)
    return app.event("review", r=resource_id, log=log)


@dataclass(frozen=True)
class RateResource(Operation):
    """A review of a finished resource: how well it could be explained now. The next
    re-visit falls due when its predicted recall falls to the desired retention."""

    resource_id: str
    rating: str

    def effect(self, app: AppState) -> Effect:
        resource = app.resource(self.resource_id)
        if not app.progress(resource.id).done:
            raise RevisitError(f"“{resource.title}” is not finished: re-visits are for "
                               "finished resources (check it off first)")
        event = review_event(app, resource.id, self.rating)
        return Effect(f"Rate “{resource.title}”: {self.rating.strip().lower()}", (event,))


@dataclass(frozen=True)
class StopRevisits(Operation):
    """No more re-visits of a resource (the rating question skipped)."""

    resource_id: str

    def effect(self, app: AppState) -> Effect:
        resource = app.resource(self.resource_id)
        if resource.id not in app.cards():
            raise RevisitError(f"“{resource.title}” has no re-visits to stop")
        return Effect(f"Stop re-visits of “{resource.title}”",
                      (app.event("revisit.stop", r=resource.id),))
