"""What the learner records about a resource: done, units, hours, notes."""

from __future__ import annotations

from dataclasses import dataclass

from planner.core.catalog.model import clean_text
from planner.core.hours import round_hours
from planner.core.journal.state import AppState, Effect, Operation
from planner.core.operations.revisits import answer_events, check_answer
from planner.core.progress.rules import check_hours, check_units


def prerequisite_note(app: AppState, resource_id: str) -> str:
    """'“The Matrix Cookbook” has a prerequisite not done yet: “Matrix Calculus for Machine
    Learning”' when progress is recorded on a resource before what it builds on; else ''.
    The progress is recorded all the same: the learner knows what they read."""
    resource = app.resource(resource_id)
    resources = app.catalog.resources
    unmet = [resources[p] for p in resource.prerequisites
             if p in resources and not app.progress(p).done]
    if not unmet:
        return ""
    names = ", ".join(f"“{r.title}”" for r in unmet)
    what = "a prerequisite" if len(unmet) == 1 else "prerequisites"
    return f"“{resource.title}” has {what} not done yet: {names}"


@dataclass(frozen=True)
class SetDone(Operation):
    """Check off (finished) or uncheck (back to to-do, notes kept). ``rating``
    (again/hard/good/easy): how well it could be explained now, a review recorded with
    the check (``operations.revisits``), so that one undo takes both back; ``skip``: no
    re-visits of it (its earlier reviews, if any, stop counting)."""

    resource_id: str
    done: bool = True
    rating: str | None = None

    def effect(self, app: AppState) -> Effect:
        resource = app.resource(self.resource_id)
        if not self.done:
            return Effect(f"Uncheck “{resource.title}”", (app.event("undone", r=resource.id),))
        if self.rating:
            check_answer(self.rating)  # before any event is made
        units = resource.units.count if resource.units else None
        event = (app.event("done", r=resource.id, n=units) if units is not None
                 else app.event("done", r=resource.id))
        answer = answer_events(app, resource.id, self.rating)
        return Effect(f"Check off “{resource.title}”", (event, *answer),
                      note=prerequisite_note(app, resource.id))


@dataclass(frozen=True)
class RecordUnits(Operation):
    """How many units are done (all of them: finished)."""

    resource_id: str
    units: int

    def effect(self, app: AppState) -> Effect:
        resource = app.resource(self.resource_id)
        count = check_units(resource, self.units)
        assert resource.units is not None
        label = f"{self.units} {resource.units.plural()} of “{resource.title}”"
        note = prerequisite_note(app, resource.id) if self.units else ""
        if self.units == count:
            return Effect(label, (app.event("done", r=resource.id, n=count),), note=note)
        return Effect(label, (app.event("units", r=resource.id, n=self.units),), note=note)


@dataclass(frozen=True)
class LogHours(Operation):
    """A study session of some hours (at the core's resolution)."""

    resource_id: str
    hours: float

    def effect(self, app: AppState) -> Effect:
        resource = app.resource(self.resource_id)
        hours = round_hours(check_hours(self.hours))
        return Effect(f"Log {hours:g} h on “{resource.title}”",
                      (app.event("hours", r=resource.id, h=hours),),
                      note=prerequisite_note(app, resource.id) if hours > 0 else "")


@dataclass(frozen=True)
class EditNotes(Operation):
    resource_id: str
    notes: str

    def effect(self, app: AppState) -> Effect:
        resource = app.resource(self.resource_id)
        text = clean_text(self.notes, multiline=True)
        return Effect(f"Edit notes of “{resource.title}”",
                      (app.event("notes", r=resource.id, text=text),))
