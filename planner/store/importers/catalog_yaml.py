"""Importing a catalog YAML file (docs/catalog-format.md).

The file is validated whole by the same code as any catalog file, so an error anywhere
(malformed YAML, a duplicate id, an unknown prerequisite, a refused link, …) is one
"file:line: entry: problem" message and nothing is imported — except a link the link
policy refuses (docs/architecture.md §3.5): that resource is left out and named in ``refused`` (a
refused extra link is dropped with a note, and prerequisites on a left-out resource are
dropped with a note), and the rest is imported. A catalog exported with
progress (``export --yaml``) imports too: its progress fields are left out with a note,
since an import adds to the catalog and progress stays the planner's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from planner.core.catalog.merge import ImportedList, Refused
from planner.core.catalog.model import CatalogError, catalog_from_data, format_path, slugify
from planner.core.links import LinkError, check_link
from planner.core.work import Work
from planner.store.catalog_file import (
    CatalogFileError,
    describe_catalog_error,
    line_finder,
    load_yaml_text,
)

# Written per resource by ``exporters.catalog_with_progress_data``; ignored on import.
EXPORT_ONLY_FIELDS = ("status", "units_done", "hours_logged", "finished")


def _strip_progress(categories: object) -> int:
    """Remove the export-only fields in place; how many resources had them."""
    count = 0
    if not isinstance(categories, list):
        return 0
    for category in categories:
        if not isinstance(category, dict):
            continue
        for resource in category.get("resources") or []:
            if isinstance(resource, dict) and any(f in resource for f in EXPORT_ONLY_FIELDS):
                count += 1
                for name in EXPORT_ONLY_FIELDS:
                    resource.pop(name, None)
        count += _strip_progress(category.get("categories"))
    return count


def _resource_lists(data: Any) -> list[tuple[tuple[str | int, ...], list[Any]]]:
    """Every ``resources`` list in the plain data, with its path."""
    found: list[tuple[tuple[str | int, ...], list[Any]]] = []

    def walk(categories: Any, path: tuple[str | int, ...]) -> None:
        if not isinstance(categories, list):
            return
        for i, category in enumerate(categories):
            if not isinstance(category, dict):
                continue
            here = (*path, i)
            if isinstance(category.get("resources"), list):
                found.append(((*here, "resources"), category["resources"]))
            walk(category.get("categories"), (*here, "categories"))

    if isinstance(data, dict):
        walk(data.get("categories"), ("categories",))
    return found


@dataclass
class _Refusals:
    refused: list[Refused] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    marked: list[tuple[list[Any], int]] = field(default_factory=list)  # (list, index) to remove
    ids: set[str] = field(default_factory=set)


def _where(line_of: Callable[[tuple[str | int, ...]], int | None],
           path: tuple[str | int, ...]) -> str:
    """'line 12' (``line_of`` composes the YAML once, at the first thing refused)."""
    line = line_of(path)
    return f"line {line}" if line else format_path(path)


def _refuse_links(text: str, data: Any) -> _Refusals:
    """Find the resources whose link is refused and drop refused extra links, naming each.

    The refused resources lose their ``url`` but stay in place for now, so that the
    validation that follows reports any other error at its true line.
    """
    out = _Refusals()
    line_of = line_finder(text)
    for path, resources in _resource_lists(data):
        for i, resource in enumerate(resources):
            if not isinstance(resource, dict):
                continue
            title = str(resource.get("title") or f"entry {format_path((*path, i))}")
            url = resource.get("url")
            if isinstance(url, str) and url.strip():
                try:
                    check_link(url.strip())
                except LinkError as exc:
                    out.refused.append(Refused(title, _where(line_of, (*path, i)), str(exc)))
                    out.marked.append((resources, i))
                    rid = resource.get("id")
                    out.ids.add(rid if isinstance(rid, str) else slugify(title))
                    del resource["url"]
            links = resource.get("links")
            if isinstance(links, list):
                kept = []
                for link in links:
                    try:
                        if isinstance(link, str) and link.strip():
                            check_link(link.strip())
                        kept.append(link)
                    except LinkError as exc:
                        out.warnings.append(f"{_where(line_of, (*path, i))}: “{title}”: "
                                            f"a link was left out: {exc}")
                resource["links"] = kept
    return out


def _remove_refused(data: Any, refusals: _Refusals) -> None:
    for resources, index in sorted(refusals.marked, key=lambda m: (id(m[0]), -m[1])):
        del resources[index]
    for _, resources in _resource_lists(data):
        for resource in resources:
            prereqs = resource.get("prerequisites") if isinstance(resource, dict) else None
            if isinstance(prereqs, str):
                prereqs = [prereqs]
            if isinstance(prereqs, list) and any(p in refusals.ids for p in prereqs):
                resource["prerequisites"] = [p for p in prereqs if p not in refusals.ids]
                left_out = ", ".join(repr(p) for p in prereqs if p in refusals.ids)
                refusals.warnings.append(
                    f"“{resource.get('title')}”: its prerequisite {left_out} was refused, "
                    "so it no longer waits for it")


def parse_catalog_import(text: str, source: str, work: Work | None = None) -> ImportedList:
    """A catalog file's text as an ``ImportedList``, or ``CatalogFileError`` naming the line.

    ``work`` hears how far it is and may cancel it (``Cancelled``) between its parts."""
    work = work or Work()
    work.stage("Reading the catalog file", 0)
    data = load_yaml_text(text, source)
    work.stage("Checking the entries", 0)
    if data is None:
        raise CatalogFileError(f"{source}: the file is empty; a catalog has a 'categories' list")
    stripped = _strip_progress(data.get("categories")) if isinstance(data, dict) else 0
    refusals = _refuse_links(text, data)
    try:
        catalog = catalog_from_data(data)
    except CatalogError as exc:
        raise CatalogFileError(describe_catalog_error(source, text, data, exc)) from None
    if refusals.refused:
        _remove_refused(data, refusals)
        try:
            catalog = catalog_from_data(data)
        except CatalogError as exc:  # a guard: what was left out is all that changed
            raise CatalogFileError(f"{source}: {exc.where()}: {exc.message}") from None
    refused, warnings = refusals.refused, refusals.warnings
    if not catalog.resources and not refused:
        raise CatalogFileError(f"{source}: the catalog holds no resources")
    if stripped:
        warnings.append(
            f"the progress recorded in the file for {stripped} resources was not imported "
            "(an import adds to the catalog; your own progress is kept as it is)"
        )
    return ImportedList(catalog, source, tuple(refused), tuple(warnings))
