"""Three-way merge of two planner states against a base, record by record.

Two machines share one data file through a sync tool (Syncthing, Dropbox, Nextcloud, git);
when both changed it, each version is a ``PlannerState`` and ``merge`` makes one of them:

- **the journal**: the union of the events by id, in the journal's order (``Event.seq``, a
  hybrid logical clock: what either side had seen comes first, and the new events of the
  two sides follow interleaved in time order, each side's own order kept). Events of the
  base that a side took back (an undo) stay out. One id carrying two different events
  cannot be merged (``MergeError``). Progress, ticks,
  sessions and reviews are folds of the journal, so they follow; hours logged on both
  machines add up.
- **the catalog**, per resource and per category, field by field (``category`` and
  ``parent`` are fields: a move is an edit); the catalog's title; **settings** per key;
  **pins** per resource; **the accepted plan** as one value (a re-plan follows anyway).

A field changed on one side only takes that change. Changed on both to different values:
a side whose change the other side's journal already holds (it merged it before) gives way
to the other, silently; otherwise the later change wins, by the timestamp of the newest
event that made it (``resource.set``, ``setting``, ``pin``, ``plan.accept`` …; ties by
event id; with no event at all, a fixed order of the values, so the result never depends
on which file is "ours"). The losing value is kept: a ``Conflict`` returned for the
learner to see, and a ``sync.conflict`` event in the journal, so the file's history holds
it. An edit beats a deletion (the edited record is kept, and the conflict says so), since
a deletion can be done again but a lost edit cannot be found. Progress that both machines
changed differently is reported the same way (the fold decided; the other value is shown).

``base`` may be unknown (``None``: no snapshot of the last version this machine read or
wrote was at hand). The journal's base is then the two journals' common prefix, and for
the other parts a value differing between the sides goes to the side with events that made
it (a conflict when both have, or neither).

Properties (tests/test_sync_merge.py): merging a state with itself, or a merge with one of
its inputs again, changes nothing; merge(b, x, y) equals merge(b, y, x) for independent
edits; merging with the base gives the other side.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from planner.core.catalog.model import (
    Catalog,
    CatalogError,
    Category,
    Resource,
    catalog_from_data,
    category_to_data,
    resource_to_data,
)
from planner.core.errors import UserError
from planner.core.journal.events import Event, Recorder
from planner.core.journal.fold import PROGRESS_EVENTS, fold
from planner.core.journal.state import PlannerState
from planner.core.planning.settings import Settings, SettingsError

_UNKNOWN: Any = object()  # a base value nobody knows
Fields = dict[str, object]


class MergeError(UserError, ValueError):
    """Two states that cannot be merged; the message says why, in one line."""


@dataclass(frozen=True)
class Conflict:
    """Both sides changed ``field`` of ``node`` differently: ``kept`` won, ``other`` lost.

    ``part``: resource, category, catalog, setting, pin or progress; ``node``: the
    resource's or category's id ("" for the catalog's title and the settings)."""

    part: str
    node: str
    field: str
    kept: object
    other: object

    def as_data(self) -> dict[str, object]:
        resource = self.node if self.part in ("resource", "progress", "pin") else None
        return {"resource": resource, "part": self.part, "node": self.node,
                "field": self.field, "kept": self.kept, "other": self.other}

    def describe(self) -> str:
        where = {"resource": f"resource {self.node}", "category": f"category {self.node}",
                 "progress": f"progress of {self.node}", "pin": f"pin of {self.node}",
                 "catalog": "the catalog", "setting": "settings"}.get(self.part, self.part)
        return (f"{where}, {self.field}: kept {_shown(self.kept)}; "
                f"also on the other machine: {_shown(self.other)}")


@dataclass
class Merged:
    state: PlannerState
    conflicts: list[Conflict]


def _shown(value: object) -> str:
    return "nothing" if value is None else json.dumps(value, ensure_ascii=False)


def _order_key(value: object) -> str:
    """A fixed order of two values that no event dates (hand edits): deterministic."""
    return json.dumps(value, sort_keys=True, default=repr)


# ------------------------------------------------------------------ what events touch


def _touches(event: Event) -> tuple[str, str, str] | None:
    """(part, node, field) an event changes; field "*": the whole record."""
    kind, data = event.type, event.data
    if kind in ("resource.add", "resource.delete"):
        return ("resource", str(data["r"]), "*")
    if kind == "resource.set":
        return ("resource", str(data["r"]), str(data["f"]))
    if kind in ("category.add", "category.delete"):
        return ("category", str(data["c"]), "*")
    if kind == "category.set":
        return ("category", str(data["c"]), str(data["f"]))
    if kind == "catalog.set":
        return ("catalog", "", str(data["f"]))
    if kind == "setting":
        return ("setting", "", str(data["f"]))
    if kind == "pin":
        return ("pin", str(data["r"]), "week")
    if kind in ("plan.accept", "plan.rollover"):
        return ("plan", "", "plan")
    if kind in PROGRESS_EVENTS:
        return ("progress", str(data["r"]), "*")
    return None


class _Side:
    """One side of the merge: its state, its event ids, and its new events by what they
    touch (new: not in the base's journal)."""

    def __init__(self, state: PlannerState, base_ids: set[str]) -> None:
        self.state = state
        self.ids = {event.id for event in state.journal}
        self.touched: dict[tuple[str, str, str], list[Event]] = {}
        for event in state.journal:
            if event.id not in base_ids and (key := _touches(event)) is not None:
                self.touched.setdefault(key, []).append(event)

    def events(self, part: str, node: str, field: str) -> list[Event]:
        return [*self.touched.get((part, node, field), ()),
                *(self.touched.get((part, node, "*"), ()) if field != "*" else ())]


class _Merger:
    def __init__(self, base: PlannerState | None, ours: PlannerState,
                 theirs: PlannerState) -> None:
        self.base = base
        base_journal = base.journal if base is not None else common_prefix(ours.journal,
                                                                             theirs.journal)
        self.base_journal = base_journal
        base_ids = {event.id for event in base_journal}
        self.ours = _Side(ours, base_ids)
        self.theirs = _Side(theirs, base_ids)
        self.conflicts: list[Conflict] = []

    # -------------------------------------------------------------- one value

    def pick(self, part: str, node: str, field: str, b: object, o: object, t: object, *,
             report: bool = True) -> object:
        """The merged value of one field: ``b`` in the base (or _UNKNOWN), ``o`` ours,
        ``t`` theirs."""
        if o == t:
            return o
        if b is not _UNKNOWN:
            if o == b:
                return t
            if t == b:
                return o
        mine = self.ours.events(part, node, field)
        yours = self.theirs.events(part, node, field)
        ours_saw = bool(yours) and all(e.id in self.ours.ids for e in yours)
        theirs_saw = bool(mine) and all(e.id in self.theirs.ids for e in mine)
        if ours_saw and not theirs_saw:
            return o
        if theirs_saw and not ours_saw:
            return t
        if b is _UNKNOWN and bool(mine) != bool(yours):
            return o if mine else t
        stamp_o = max(((e.at, e.id) for e in mine), default=None)
        stamp_t = max(((e.at, e.id) for e in yours), default=None)
        if stamp_o is not None and stamp_t is not None:
            ours_wins = stamp_o > stamp_t
        elif stamp_o is not None or stamp_t is not None:
            ours_wins = stamp_o is not None
        else:
            ours_wins = _order_key(o) > _order_key(t)
        kept, other = (o, t) if ours_wins else (t, o)
        if report:
            self.conflicts.append(Conflict(part, node, field, kept, other))
        return kept

    # -------------------------------------------------------------- records

    def records(self, part: str, base: Mapping[str, Fields] | None,
                ours: Mapping[str, Fields], theirs: Mapping[str, Fields]) -> dict[str, Fields]:
        """Records (resources, categories) merged by id, and field by field."""
        merged: dict[str, Fields] = {}
        for key in sorted(ours.keys() | theirs.keys()):
            o, t = ours.get(key), theirs.get(key)
            b = _UNKNOWN if base is None else base.get(key)
            if o is not None and t is not None:
                bf: Mapping[str, object] | None = b if isinstance(b, dict) else None
                names = sorted(o.keys() | t.keys())
                merged[key] = {name: self.pick(part, key, name,
                                               _UNKNOWN if b is _UNKNOWN
                                               else (bf or {}).get(name),
                                               o.get(name), t.get(name))
                               for name in names}
                continue
            present = o if o is not None else t
            assert present is not None
            keeper, dropper = (self.ours, self.theirs) if o is not None else (self.theirs,
                                                                                self.ours)
            deletions = [e for e in dropper.touched.get((part, key, "*"), ())
                         if e.type.endswith(".delete")]
            kept_events = [e for k, events in keeper.touched.items() if k[:2] == (part, key)
                           for e in events]
            if deletions and all(e.id in keeper.ids for e in deletions):
                merged[key] = present  # the keeper saw the deletion and kept the record
                continue
            if (deletions and kept_events and all(e.id in dropper.ids for e in kept_events)):
                continue  # the dropper saw the edits and deleted it after
            if b is _UNKNOWN:
                dropped, edited = bool(deletions), bool(kept_events)
            elif b is None:
                dropped, edited = False, True  # added on one side
            else:
                dropped, edited = True, present != b
            if not dropped:
                merged[key] = present
            elif edited:  # an edit beats a deletion
                merged[key] = present
                self.conflicts.append(Conflict(part, key, "deleted", "kept, as edited",
                                               "deleted"))
        return merged

    def order(self, base: Sequence[str] | None, ours: Sequence[str], theirs: Sequence[str],
              keep: Iterable[str]) -> list[str]:
        """The merged order of ids: the common ones as the side that reordered them has
        them (the later side when both did), then each side's own ones after the id they
        follow there; both sides' ones after the same id, the group with the smaller id
        first."""
        in_ours, in_theirs = set(ours), set(theirs)
        common_o = [x for x in ours if x in in_theirs]
        common_t = [x for x in theirs if x in in_ours]
        if common_o == common_t:
            skeleton = common_o
        else:
            common_b = ([x for x in base if x in in_ours and x in in_theirs]
                        if base is not None else None)
            if common_b == common_o:
                skeleton = common_t
            elif common_b == common_t:
                skeleton = common_o
            else:
                skeleton = common_o if self._later_catalog(common_o, common_t) else common_t
        groups: dict[str | None, list[list[str]]] = {}
        for side, others in ((ours, in_theirs), (theirs, in_ours)):
            anchor: str | None = None
            group: list[str] = []
            for x in side:
                if x in others:
                    if group:
                        groups.setdefault(anchor, []).append(group)
                    anchor, group = x, []
                else:
                    group.append(x)
            if group:
                groups.setdefault(anchor, []).append(group)
        result: list[str] = []

        def place(anchor: str | None) -> None:
            for group in sorted(groups.get(anchor, ()), key=min):
                result.extend(group)

        place(None)
        for x in skeleton:
            result.append(x)
            place(x)
        wanted = set(keep)
        return [x for x in result if x in wanted]

    def _later_catalog(self, ours: object, theirs: object) -> bool:
        """Whether ours made the later catalog edit (to settle two reorders)."""
        def newest(side: _Side) -> tuple[object, ...] | None:
            return max(((e.at, e.id) for key, events in side.touched.items()
                        if key[0] in ("resource", "category") for e in events), default=None)
        o, t = newest(self.ours), newest(self.theirs)
        if o is not None and t is not None:
            return bool(o > t)
        if o is not None or t is not None:
            return o is not None
        return _order_key(ours) > _order_key(theirs)

    # -------------------------------------------------------------- the parts

    def journal(self) -> list[Event]:
        ours, theirs = self.ours.state.journal, self.theirs.state.journal
        by_id = {event.id: event for event in ours}
        for event in theirs:
            mine = by_id.get(event.id)
            if mine is None:
                by_id[event.id] = event
            elif dataclasses.replace(mine, seq=event.seq) != event:
                raise MergeError(f"the event {event.id} differs between the two files (the "
                                 "same machine id on two machines?), so they cannot be merged")
            elif event.seq < mine.seq:  # placed apart by two readings of a schema-2 file
                by_id[event.id] = event
        taken_back = {e.id for e in self.base_journal
                      if e.id not in self.ours.ids or e.id not in self.theirs.ids}
        journal = sorted((e for e in by_id.values() if e.id not in taken_back),
                         key=lambda e: (*e.order, e.id))
        # Two files of schema 2 read apart may give one machine's events the same place
        # (their seq): the later of two then comes one after, so the order stays one order.
        for i in range(1, len(journal)):
            if journal[i].order <= journal[i - 1].order:
                journal[i] = dataclasses.replace(journal[i], seq=journal[i - 1].seq + 1)
        return journal

    def catalog(self) -> tuple[Catalog, bool]:
        base = self.base
        ours, theirs = self.ours.state, self.theirs.state
        if ours.catalog_is_default and theirs.catalog_is_default:
            return ours.catalog, True
        title = self.pick("catalog", "", "title",
                          base.catalog.title if base is not None else _UNKNOWN,
                          ours.catalog.title, theirs.catalog.title)
        categories = self.records("category", None if base is None else _categories(base.catalog),
                                  _categories(ours.catalog), _categories(theirs.catalog))
        resources = self.records("resource", None if base is None else _resources(base.catalog),
                                 _resources(ours.catalog), _resources(theirs.catalog))
        # a category deleted on one side that still holds a record of the other comes back
        sides = [ours.catalog, theirs.catalog] + ([base.catalog] if base is not None else [])
        while True:
            named = ({str(f["category"]) for f in resources.values()}
                     | {str(f["parent"]) for f in categories.values()})
            missing = sorted(cid for cid in named - categories.keys() if cid)
            if not missing:
                break
            for cid in missing:
                found = next((_categories(c)[cid] for c in sides if cid in c.categories), None)
                if found is None:
                    raise MergeError(f"the category {cid} is named but held by neither file")
                categories[cid] = found
                self.conflicts.append(Conflict("category", cid, "deleted",
                                               "kept, as it holds edited entries", "deleted"))
        base_cat = base.catalog if base is not None else None
        category_order = self.order(
            None if base_cat is None else list(base_cat.categories),
            list(ours.catalog.categories), list(theirs.catalog.categories), categories)
        resource_order = self.order(
            None if base_cat is None else list(base_cat.resources),
            list(ours.catalog.resources), list(theirs.catalog.resources), resources)
        data = _catalog_data(str(title), categories, category_order, resources, resource_order)
        try:
            return catalog_from_data(data), False
        except CatalogError as exc:
            raise MergeError(f"the merged catalog would not be valid: {exc}") from None

    def settings(self) -> Settings:
        base = self.base
        o = dataclasses.asdict(self.ours.state.settings)
        t = dataclasses.asdict(self.theirs.state.settings)
        b = dataclasses.asdict(base.settings) if base is not None else None
        values = {name: self.pick("setting", "", name, _UNKNOWN if b is None else b[name],
                                  o[name], t[name]) for name in o}
        try:
            return Settings(**values).within_bounds().validated()  # type: ignore[arg-type]
        except (SettingsError, UserError) as exc:
            raise MergeError(f"the merged settings would not be valid: {exc}") from None

    def pins(self) -> dict[str, str]:
        base = self.base
        o, t = self.ours.state.pins, self.theirs.state.pins
        merged: dict[str, str] = {}
        for rid in sorted(o.keys() | t.keys()):
            b = _UNKNOWN if base is None else base.pins.get(rid)
            week = self.pick("pin", rid, "week", b, o.get(rid), t.get(rid))
            if isinstance(week, str):  # a deleted resource's pin stays, as the app keeps it
                merged[rid] = week
        return merged

    def plan(self) -> object:
        base = self.base
        return self.pick("plan", "", "plan", _UNKNOWN if base is None else base.plan,
                         self.ours.state.plan, self.theirs.state.plan, report=False)

    def progress_conflicts(self, merged: PlannerState) -> None:
        """Progress both sides changed differently: the fold decided; the other is shown."""
        mine, yours = self.ours.state.folds.progress, self.theirs.state.folds.progress
        for rid in sorted(mine.keys() | yours.keys()):
            # both recorded progress the other has not seen (not a merge merged again)
            if not (any(e.id not in self.theirs.ids for e in self.ours.events("progress", rid, "*"))
                    and any(e.id not in self.ours.ids
                            for e in self.theirs.events("progress", rid, "*"))):
                continue
            now = merged.folds.progress.get(rid)
            for side in (mine.get(rid), yours.get(rid)):
                if now is None or side is None or side == now:
                    continue
                for name in ("done", "units_done", "hours_logged", "notes"):
                    kept, other = getattr(now, name), getattr(side, name)
                    if kept != other and any(getattr(s, name) == kept
                                             for s in (mine.get(rid), yours.get(rid)) if s):
                        self.conflicts.append(Conflict("progress", rid, name, kept, other))


def common_prefix(first: Sequence[Event], second: Sequence[Event]) -> list[Event]:
    """The events both journals begin with (by id): the base when no snapshot is known."""
    n = 0
    while n < min(len(first), len(second)) and first[n].id == second[n].id:
        n += 1
    return list(first[:n])


def is_ancestor(base: PlannerState, *states: PlannerState) -> bool:
    """Whether every state holds all of ``base``'s events: a base that fits them. A
    snapshot that holds events a state lacks (newer than the copy it is merged with) would
    make those events look taken back, and is not used."""
    ids = {event.id for event in base.journal}
    return all(ids <= {event.id for event in state.journal} for state in states)


def _resources(catalog: Catalog) -> dict[str, Fields]:
    out: dict[str, Fields] = {}
    for resource in catalog:
        data = resource_to_data(resource)
        del data["id"]
        data["category"] = _parent_id(resource)
        out[resource.id] = data
    return out


def _categories(catalog: Catalog) -> dict[str, Fields]:
    out: dict[str, Fields] = {}
    for cid, category in catalog.categories.items():
        data = category_to_data(category)
        for name in ("id", "resources", "categories"):
            data.pop(name, None)
        data["parent"] = _parent_id(category)
        out[cid] = data
    return out


def _parent_id(node: Resource | Category) -> str:
    parent = node.parent
    return parent.id if parent is not None and parent.parent is not None else ""


def _catalog_data(title: str, categories: Mapping[str, Fields], category_order: list[str],
                  resources: Mapping[str, Fields], resource_order: list[str]
                  ) -> dict[str, object]:
    """The merged records as catalog data: each category's resources, then its categories."""
    held: dict[str, list[dict[str, object]]] = {}
    for rid in resource_order:
        fields = {k: v for k, v in resources[rid].items() if v is not None and k != "category"}
        held.setdefault(str(resources[rid]["category"]), []).append({"id": rid, **fields})
    below: dict[str, list[str]] = {}
    for cid in category_order:
        below.setdefault(str(categories[cid]["parent"]), []).append(cid)

    def build(cid: str) -> dict[str, object]:
        fields = {k: v for k, v in categories[cid].items() if v is not None and k != "parent"}
        data: dict[str, object] = {"id": cid, **fields}
        if held.get(cid):
            data["resources"] = held[cid]
        if below.get(cid):
            data["categories"] = [build(child) for child in below[cid]]
        return data

    return {"title": title, "categories": [build(cid) for cid in below.get("", ())]}


def merge(base: PlannerState | None, ours: PlannerState, theirs: PlannerState,
          recorder: Recorder) -> Merged:
    """``ours`` and ``theirs`` merged against ``base`` (None: unknown); ``recorder`` (this
    machine's) dates the ``sync.conflict`` events. Raises ``MergeError``."""
    merger = _Merger(base, ours, theirs)
    journal = merger.journal()
    catalog, is_default = merger.catalog()
    settings = merger.settings()
    pins = merger.pins()
    plan = merger.plan()
    state = PlannerState(catalog, settings=settings, pins=pins, journal=journal,
                         catalog_is_default=is_default, plan=plan,  # type: ignore[arg-type]
                         folds=fold(journal), ui=dict(ours.ui))
    merger.progress_conflicts(state)
    unique = {_order_key(dataclasses.astuple(c)): c for c in merger.conflicts}
    conflicts = [unique[key] for key in sorted(unique)]
    if conflicts:
        recorder.continue_after(journal)
        for conflict in conflicts:
            event = recorder.event("sync.conflict", part=conflict.part, node=conflict.node,
                                   f=conflict.field, kept=conflict.kept, other=conflict.other)
            state.journal.append(event)
    return Merged(state, conflicts)
