"""Edits of the catalog, each recorded as events field by field.

An edit builds the new catalog with ``planner.core.catalog.editing`` (or an import's
merge) and swaps it in as one change; its events say what changed, per resource and per
field (``resource.add``, ``resource.set``, ``resource.delete``, the same for categories,
``catalog.set`` for the title), so a later merge of two machines' files can work field by
field. The catalog itself is stored whole; the events are its record. An added node's
event names only it and where it went: its fields are in the catalog, dated by the add
(an import of a long list would otherwise write every field twice).

Priority and deadline change one field in place (the catalog is not copied for them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from planner.core.catalog.editing import set_category_shares, set_someday
from planner.core.catalog.model import (
    MAX_PRIORITY,
    MIN_PRIORITY,
    Catalog,
    CatalogError,
    Category,
    Resource,
    parse_priority,
    parse_revisit_minutes,
    resource_to_data,
)
from planner.core.journal.events import Event
from planner.core.journal.state import AppState, Effect, Operation

_RESOURCE_FIELDS = ("title", "authors", "url", "kind", "effort_hours", "effort_basis", "units",
                    "prerequisites", "priority", "deadline", "tags", "notes", "links", "someday",
                    "revisit_minutes")


def _resource_fields(resource: Resource) -> dict[str, object]:
    data = resource_to_data(resource)
    data.pop("id")
    data["category"] = resource.parent.id if resource.parent and resource.parent.parent else ""
    return data


def _category_fields(category: Category) -> dict[str, object]:
    parent = category.parent
    return {"title": category.title, "notes": category.notes, "share": category.share,
            "someday": category.someday or None,
            "parent": parent.id if parent is not None and parent.parent is not None else ""}


def _changes(app: AppState, kind: str, key: str, old: Mapping[str, object] | None,
             new: Mapping[str, object] | None) -> Iterator[Event]:
    if new is None:
        yield app.event(f"{kind}.delete", **{key: old and old["id"]})
        return
    node_id = new["id"]
    if old is None:  # its fields are the catalog's, as of this event
        where = "category" if kind == "resource" else "parent"
        yield app.event(f"{kind}.add", **{key: node_id, where: new[where]})
        return
    for name, value in new.items():
        if name != "id" and old.get(name) != value:
            yield app.event(f"{kind}.set", **{key: node_id, "f": name, "v": value})
    for name in old:
        if name not in new:
            yield app.event(f"{kind}.set", **{key: node_id, "f": name, "v": None})


def catalog_events(app: AppState, old: Catalog, new: Catalog) -> tuple[Event, ...]:
    """The events that turn ``old`` into ``new``: added, changed and deleted nodes, by field."""
    events: list[Event] = []
    if old.title != new.title:
        events.append(app.event("catalog.set", f="title", v=new.title))
    old_categories = {cid: {"id": cid, **_category_fields(c)}
                      for cid, c in old.categories.items()}
    for cid, category in new.categories.items():
        fields = {"id": cid, **_category_fields(category)}
        if fields != old_categories.get(cid):
            events.extend(_changes(app, "category", "c", old_categories.get(cid), fields))
    for cid in old.categories.keys() - new.categories.keys():
        events.append(app.event("category.delete", c=cid))
    for rid, resource in new.resources.items():
        before = old.resources.get(rid)
        if before is resource:
            continue
        fields = {"id": rid, **_resource_fields(resource)}
        old_fields = None if before is None else {"id": rid, **_resource_fields(before)}
        if fields != old_fields:
            events.extend(_changes(app, "resource", "r", old_fields, fields))
    for rid in old.resources.keys() - new.resources.keys():
        events.append(app.event("resource.delete", r=rid))
    return tuple(events)


@dataclass(frozen=True)
class ReplaceCatalog(Operation):
    """Any structural edit or import: the new catalog, built beforehand."""

    catalog: Catalog
    label: str

    def effect(self, app: AppState) -> Effect:
        return Effect(self.label, catalog_events(app, app.catalog, self.catalog),
                      catalog=self.catalog)


@dataclass(frozen=True)
class SetPriority(Operation):
    resource_id: str
    priority: int

    def effect(self, app: AppState) -> Effect:
        resource = app.resource(self.resource_id)
        value = parse_priority(self.priority, ())  # CatalogError, the user's own wording
        assert MIN_PRIORITY <= value <= MAX_PRIORITY
        return Effect(f"Priority of “{resource.title}”",
                      (app.event("resource.set", r=resource.id, f="priority", v=value),),
                      fields=MappingProxyType({resource.id: MappingProxyType(
                          {"priority": value})}))


@dataclass(frozen=True)
class SetDeadline(Operation):
    resource_id: str
    deadline: dt.date | None

    def effect(self, app: AppState) -> Effect:
        resource = app.resource(self.resource_id)
        if self.deadline is not None and self.deadline < app.today():
            raise CatalogError(
                f"the deadline {self.deadline.isoformat()} for {resource.title!r} is in the "
                "past; choose today or a later day"
            )
        value = self.deadline.isoformat() if self.deadline else None
        return Effect(f"Deadline of “{resource.title}”",
                      (app.event("resource.set", r=resource.id, f="deadline", v=value),),
                      fields=MappingProxyType({resource.id: MappingProxyType(
                          {"deadline": self.deadline})}))





@dataclass(frozen=True)
class SetSomeday(Operation):
    """A resource or a whole category set to Someday (kept, searchable, not planned), or
    back to the plan. A catalog field (``someday: true``), so that imports can set it."""

    node_id: str
    someday: bool

    def effect(self, app: AppState) -> Effect:
        catalog = set_someday(app.catalog, self.node_id, self.someday)
        node = catalog.find(self.node_id)
        assert node is not None
        label = (f"“{node.title}” set to Someday" if self.someday
                 else f"“{node.title}” back in the plan")
        return Effect(label, catalog_events(app, app.catalog, catalog), catalog=catalog,
                      follow=True)


@dataclass(frozen=True)
class SetShares(Operation):
    """Categories' shares of the weekly hours (None: no track of its own), set together."""

    shares: Mapping[str, int | None]

    def effect(self, app: AppState) -> Effect:
        catalog = set_category_shares(app.catalog, self.shares)
        if len(self.shares) == 1:
            [(cid, share)] = self.shares.items()
            title = catalog.categories[cid].title
            label = (f"Share of “{title}”: {share} %" if share is not None
                     else f"No share for “{title}”")
        else:
            label = "Shares of the week"
        return Effect(label, catalog_events(app, app.catalog, catalog), catalog=catalog)


@dataclass(frozen=True)
class SetRevisitMinutes(Operation):
    """How long a re-visit of a finished resource takes (None: the default, a tenth of its
    effort between 15 min and 2 h)."""

    resource_id: str
    minutes: int | None

    def effect(self, app: AppState) -> Effect:
        resource = app.resource(self.resource_id)
        value = parse_revisit_minutes(self.minutes, ())  # CatalogError, the user's wording
        return Effect(f"Re-visit length of “{resource.title}”",
                      (app.event("resource.set", r=resource.id, f="revisit_minutes",
                                 v=value),),
                      fields=MappingProxyType({resource.id: MappingProxyType(
                          {"revisit_minutes": value})}))
