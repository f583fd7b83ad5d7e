"""Editing the catalog: add, change, delete and move resources and categories.

Each function takes a catalog and returns a *new* one; the catalog passed in is never
changed. The work is done on plain data (``catalog_to_data`` → edit → ``catalog_from_data``)
so an edited catalog is validated by the same code as a file: ids, prerequisites, cycles
and the link policy (docs/architecture.md §3.1, §3.5). The window applies the result as one change
(``AppState.make_catalog``), so undo and redo are exact.

``fields`` are in the catalog file's plain form (``title``, ``authors`` as a list, ``url``,
``kind``, ``effort_hours``, ``effort_basis``, ``units`` as ``{name, count}``, ``tags``,
``prerequisites``, ``priority``, ``deadline`` as an ISO date or ``date``, ``notes``); a
value of ``None`` (or an empty list or text) removes the field. Errors are
``CatalogError``s whose ``field_name`` says which field is at fault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from typing import Protocol, cast

from planner.core.catalog.model import (
    RESOURCE_FIELDS,
    Catalog,
    CatalogError,
    Category,
    Resource,
    catalog_from_data,
    catalog_to_data,
    slugify,
)

__all__ = [
    "add_category",
    "add_resource",
    "check_resource_fields",
    "delete_nodes",
    "move_node",
    "new_id",
    "rename_category",
    "resources_below",
    "resources_with_progress",
    "set_category_shares",
    "update_resource",
]

Data = dict[str, object]


# ---------------------------------------------------------------- ids and counting


def new_id(catalog: Catalog, title: str, taken: Collection[str] = ()) -> str:
    """A fresh slug id for ``title``: unused in ``catalog`` and not in ``taken``.

    Pass the ids that still have recorded progress as ``taken``, so a new resource does not
    inherit the progress of a deleted one.
    """
    base = slugify(title)
    candidate, n = base, 2
    while candidate in catalog.resources or candidate in catalog.categories or candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def resources_below(catalog: Catalog, ids: Iterable[str]) -> list[Resource]:
    """The resources the nodes ``ids`` stand for (a category: all below it), no repeats."""
    seen: dict[str, Resource] = {}
    for node_id in ids:
        node = catalog.find(node_id)
        if isinstance(node, Resource):
            seen.setdefault(node.id, node)
        elif isinstance(node, Category):
            for resource in node.resources():
                seen.setdefault(resource.id, resource)
    return list(seen.values())


class _Recorded(Protocol):
    """What deleting needs to know of a resource's progress (``progress.rules.Progress``):
    whether any is recorded. The catalog does not depend on the rules of progress, which
    depend on it."""

    @property
    def is_empty(self) -> bool: ...


def resources_with_progress(catalog: Catalog, ids: Iterable[str],
                            progress: Mapping[str, _Recorded]) -> list[Resource]:
    """Of the resources deleting ``ids`` would remove, those with recorded progress."""
    return [r for r in resources_below(catalog, ids)
            if r.id in progress and not progress[r.id].is_empty]


# ---------------------------------------------------------------- plain-data helpers


def _categories(data: Data) -> list[Data]:
    value = data.setdefault("categories", [])
    return cast("list[Data]", value)


def _resources(data: Data) -> list[Data]:
    value = data.setdefault("resources", [])
    return cast("list[Data]", value)


def _walk(container: Data) -> Iterable[tuple[Data, Data | None]]:
    """Every category mapping below ``container`` with its parent (None: the top level)."""
    stack: list[tuple[Data, Data | None]] = [(c, None) for c in _categories(container)]
    while stack:
        category, parent = stack.pop()
        yield category, parent
        stack.extend((c, category) for c in cast("list[Data]", category.get("categories", [])))


def _find_category(data: Data, category_id: str) -> Data:
    """The category's mapping; ``""`` is the top level (the catalog itself)."""
    if category_id == "":
        return data
    for category, _parent in _walk(data):
        if category.get("id") == category_id:
            return category
    raise CatalogError(f"no category with id {category_id!r}", (), "category")


def _find_resource(data: Data, resource_id: str) -> tuple[Data, Data]:
    """(the resource's mapping, the category mapping holding it)."""
    for category, _parent in _walk(data):
        for resource in cast("list[Data]", category.get("resources", [])):
            if resource.get("id") == resource_id:
                return resource, category
    raise CatalogError(f"no resource with id {resource_id!r}", (), "id")


def _build(data: Data) -> Catalog:
    _tidy(data)
    return catalog_from_data(data)


def _tidy(container: Data) -> None:
    """Drop the empty ``resources`` / ``categories`` lists the helpers may have left."""
    for key in ("resources", "categories"):
        if key in container and not container[key]:
            del container[key]
    for category in cast("list[Data]", container.get("categories", [])):
        _tidy(category)


def _clean_fields(fields: Mapping[str, object]) -> Data:
    """Plain fields: dates as ISO text, empty values dropped (they mean "none")."""
    unknown = set(fields) - RESOURCE_FIELDS
    if unknown:
        name = sorted(unknown)[0]
        raise CatalogError(f"unknown field {name!r}", (), name)
    out: Data = {}
    for name, value in fields.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        if value is None or value == "" or value == []:
            out[name] = None
        else:
            out[name] = value
    return out


def _merge_fields(resource: Data, fields: Data) -> None:
    for name, value in fields.items():
        if value is None:
            resource.pop(name, None)
        else:
            resource[name] = value


# ---------------------------------------------------------------- resources


def check_resource_fields(catalog: Catalog, fields: Mapping[str, object],
                          resource_id: str | None = None) -> None:
    """Check one resource's fields quickly (no copy of the catalog): every field's own rules
    and that the prerequisites exist. Cycles are left to ``add_resource``/``update_resource``.
    """
    plain = {k: v for k, v in _clean_fields(fields).items()
             if v is not None and k not in ("id", "prerequisites")}
    catalog_from_data({"categories": [{"title": "check", "resources": [plain]}]})
    prerequisites = fields.get("prerequisites") or []
    if isinstance(prerequisites, str):
        prerequisites = [prerequisites]
    if not isinstance(prerequisites, list):
        raise CatalogError("'prerequisites' must be a list of ids", (), "prerequisites")
    for prereq in prerequisites:
        if not isinstance(prereq, str) or prereq not in catalog.resources:
            raise CatalogError(f"unknown prerequisite {prereq!r}", (), "prerequisites")
        if prereq == resource_id:
            raise CatalogError("a resource cannot be its own prerequisite", (), "prerequisites")


def add_resource(catalog: Catalog, category_id: str, fields: Mapping[str, object]) -> Catalog:
    """A new catalog with a resource added at the end of the category's resources.

    Without an ``id`` in ``fields`` one is made from the title (see ``new_id``).
    """
    if category_id == "":
        raise CatalogError("a resource belongs in a category: choose or add one first",
                           (), "category")
    data = catalog_to_data(catalog)
    category = _find_category(data, category_id)
    resource = {k: v for k, v in _clean_fields(fields).items() if v is not None}
    if "id" not in resource:
        title = resource.get("title")
        resource["id"] = new_id(catalog, title if isinstance(title, str) else "")
    _resources(category).append(resource)
    return _build(data)


def update_resource(catalog: Catalog, resource_id: str,
                    fields: Mapping[str, object]) -> Catalog:
    """A new catalog with the resource's ``fields`` changed (``None`` removes a field).

    The id cannot change: progress, pins and prerequisites refer to it.
    """
    data = catalog_to_data(catalog)
    resource, _category = _find_resource(data, resource_id)
    cleaned = _clean_fields(fields)
    if cleaned.get("id", resource_id) != resource_id:
        raise CatalogError("the id of a resource cannot be changed", (), "id")
    cleaned.pop("id", None)
    _merge_fields(resource, cleaned)
    return _build(data)


# ---------------------------------------------------------------- categories


def add_category(catalog: Catalog, parent_id: str, title: str,
                 category_id: str | None = None) -> Catalog:
    """A new catalog with an empty category at the end of ``parent_id`` (``""``: top level)."""
    if not title.strip():
        raise CatalogError("'title' must not be empty", (), "title")
    data = catalog_to_data(catalog)
    parent = _find_category(data, parent_id)
    _categories(parent).append({"id": category_id or new_id(catalog, title),
                                "title": title.strip()})
    return _build(data)


def rename_category(catalog: Catalog, category_id: str, title: str) -> Catalog:
    if not title.strip():
        raise CatalogError("'title' must not be empty", (), "title")
    data = catalog_to_data(catalog)
    if category_id == "":
        raise CatalogError("the top level has no title to change", (), "category")
    _find_category(data, category_id)["title"] = title.strip()
    return _build(data)


def set_someday(catalog: Catalog, node_id: str, someday: bool) -> Catalog:
    """A new catalog where the resource or category ``node_id`` is Someday (kept and
    searchable, not planned; a category takes everything below it along) or not."""
    data = catalog_to_data(catalog)
    node = catalog.find(node_id) if node_id else None
    if node is None:
        raise CatalogError(f"no resource or category with id {node_id!r}", (), "id")
    if isinstance(node, Resource):
        found = next(r for c, _p in _walk(data)
                     for r in cast("list[Data]", c.get("resources", []))
                     if r.get("id") == node_id)
    else:
        found = _find_category(data, node_id)
    if someday:
        found["someday"] = True
    else:
        found.pop("someday", None)
    return _build(data)


def set_category_shares(catalog: Catalog, shares: Mapping[str, int | None]) -> Catalog:
    """A new catalog where each category of ``shares`` takes that percent of the weekly
    hours as a track of its own (None: no track of its own). Checked together: the shares
    add up to 100 % at most once all are set."""
    data = catalog_to_data(catalog)
    for category_id, share in shares.items():
        if category_id == "":
            raise CatalogError("the top level has no share: give one to a category", (),
                               "share")
        category = _find_category(data, category_id)
        if share is None:
            category.pop("share", None)
        else:
            category["share"] = share
    return _build(data)


# ---------------------------------------------------------------- deleting


def delete_nodes(catalog: Catalog, ids: Iterable[str]) -> Catalog:
    """A new catalog without the resources and categories ``ids`` (a category goes with
    everything below it); prerequisites on deleted resources are dropped."""
    wanted = set(ids)
    for node_id in wanted:
        if catalog.find(node_id) is None:
            raise CatalogError(f"no resource or category with id {node_id!r}", (), "id")
    gone = {r.id for r in resources_below(catalog, wanted)}
    data = catalog_to_data(catalog)
    _delete_in(data, wanted)
    for category, _parent in _walk(data):
        for resource in cast("list[Data]", category.get("resources", [])):
            prerequisites = cast("list[str]", resource.get("prerequisites", []))
            kept = [p for p in prerequisites if p not in gone]
            if kept != prerequisites:
                if kept:
                    resource["prerequisites"] = kept
                else:
                    del resource["prerequisites"]
    return _build(data)


def _delete_in(container: Data, ids: set[str]) -> None:
    for key in ("resources", "categories"):
        items = cast("list[Data]", container.get(key, []))
        items[:] = [item for item in items if item.get("id") not in ids]
    for category in cast("list[Data]", container.get("categories", [])):
        _delete_in(category, ids)


# ---------------------------------------------------------------- moving


def move_node(catalog: Catalog, node_id: str, new_parent_id: str, row: int = -1) -> Catalog:
    """A new catalog with the node moved into ``new_parent_id`` (``""``: the top level).

    ``row`` is as in a drop: the node goes before the child now at ``row`` of the new
    parent (children are shown resources first, then categories); ``-1`` or past the end
    puts it last among its kind. Resources live in categories; a category cannot move into
    itself or below itself.
    """
    node = catalog.find(node_id)
    if node is None:
        raise CatalogError(f"no resource or category with id {node_id!r}", (), "id")
    parent = catalog.root if new_parent_id == "" else catalog.categories.get(new_parent_id)
    if parent is None:
        raise CatalogError(f"no category with id {new_parent_id!r}", (), "category")
    if isinstance(node, Resource) and parent is catalog.root:
        raise CatalogError("a resource belongs in a category, not at the top level",
                           (), "category")
    if isinstance(node, Category):
        up: Category | None = parent
        while up is not None:
            if up is node:
                raise CatalogError(f"cannot move “{node.title}” into itself", (), "category")
            up = up.parent
    children = parent.children
    anchor = children[row] if 0 <= row < len(children) else None
    if anchor is node:  # dropped onto its own place: it goes before its next sibling
        position = children.index(node) + 1
        anchor = children[position] if position < len(children) else None
    data = catalog_to_data(catalog)
    moved = _detach(data, node_id)
    target = _find_category(data, new_parent_id)
    kind = "resources" if isinstance(node, Resource) else "categories"
    items = _resources(target) if kind == "resources" else _categories(target)
    if anchor is not None and isinstance(anchor, type(node)):
        index = next(i for i, item in enumerate(items) if item.get("id") == anchor.id)
    elif anchor is not None and isinstance(node, Category):
        index = 0  # before the first resource: first among the categories
    else:
        index = len(items)
    items.insert(index, moved)
    return _build(data)


def _detach(container: Data, node_id: str) -> Data:
    for key in ("resources", "categories"):
        items = cast("list[Data]", container.get(key, []))
        for i, item in enumerate(items):
            if item.get("id") == node_id:
                return items.pop(i)
    for category in cast("list[Data]", container.get("categories", [])):
        try:
            return _detach(category, node_id)
        except KeyError:
            continue
    raise KeyError(node_id)
