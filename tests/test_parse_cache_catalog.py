"""The parse cache keeps the catalog as it was built (issue 13's warm load): a hit rebuilds
it field by field without validating it again, and gives the very catalog a miss gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from planner.core.catalog.model import Catalog, Category, Resource, Units, catalog_from_data
from planner.core.journal.state import PlannerState
from planner.paths import default_catalog_path
from planner.store import state_format
from planner.store.catalog_file import load_catalog
from planner.store.state_file import StateFile
from tests.conftest import SMALL_CATALOG


def every_field() -> Catalog:
    """A catalog with every field of a resource and a category set, off its default."""
    return catalog_from_data({"title": "All of it", "categories": [
        {"id": "maths", "title": "Maths", "notes": "the basics", "share": 40, "someday": False,
         "resources": [
             {"id": "book", "title": "A Book", "authors": ["Ann Ó", "Bo Li"],
              "url": "https://example.org/book", "kind": "book", "effort_hours": 12.5,
              "effort_basis": "300 pages", "units": {"name": "chapter", "count": 12},
              "priority": 2, "deadline": "2027-03-01", "tags": ["linear", "algebra"],
              "notes": "two\nlines", "links": ["https://example.org/errata"],
              "someday": True, "revisit_minutes": 25},
             {"id": "plain", "title": "Plain", "prerequisites": ["book"]}],
         "categories": [{"id": "later", "title": "Later", "someday": True,
                         "resources": [{"id": "deep", "title": "Deep"}]}]}]})


def nodes(catalog: Catalog) -> list[tuple[str, object, object]]:
    """Every node's fields (its parent by id), depth first: what equal catalogs share."""
    out: list[tuple[str, object, object]] = [("title", catalog.title, None)]

    def walk(category: Category) -> None:
        for child in category.children:
            for field in dataclasses.fields(child):
                value = getattr(child, field.name)
                if field.name == "parent":
                    value = value.id if value is not None else None
                elif field.name == "children":
                    value = [c.id for c in value]
                out.append((child.id, field.name, value))
            if isinstance(child, Category):
                walk(child)

    walk(catalog.root)
    return out


@pytest.mark.parametrize("make", [every_field, lambda: load_catalog(SMALL_CATALOG),
                                  lambda: load_catalog(default_catalog_path())])
def test_the_kept_catalog_is_the_built_one_field_by_field(make) -> None:  # type: ignore[no-untyped-def]
    catalog = make()
    kept = json.loads(json.dumps(state_format.catalog_to_cache(catalog)))  # as the cache holds it
    again = state_format.catalog_from_cache(kept)
    assert nodes(again) == nodes(catalog)
    assert list(again.resources) == list(catalog.resources)
    assert list(again.categories) == list(catalog.categories)
    assert again.someday == catalog.someday
    book = again.resources.get("book")
    if book is not None:  # the types, not only equal values
        assert isinstance(book.units, Units) and isinstance(book.deadline, dt.date)
        assert isinstance(book.authors, tuple) and isinstance(book.links, tuple)
        assert isinstance(book, Resource) and book.parent is again.categories["maths"]


def test_a_kept_catalog_of_other_fields_is_a_miss() -> None:
    kept = json.loads(json.dumps(state_format.catalog_to_cache(every_field())))
    kept["fields"][0] = [*kept["fields"][0], "colour"]  # a version whose resources had more
    with pytest.raises(ValueError, match="other fields"):
        state_format.catalog_from_cache(kept)


def test_a_hit_gives_the_catalog_a_miss_gives(tmp_path: Path) -> None:
    small = lambda: load_catalog(SMALL_CATALOG)  # noqa: E731
    path, cache = tmp_path / "p.yaml", tmp_path / "cache"
    StateFile(path, small, cache).save(PlannerState(catalog=every_field(),
                                                    catalog_is_default=False))
    raw = path.read_bytes()
    store = StateFile(path, small, cache)
    assert store.cache is not None
    entry = store.cache.get(raw)
    assert entry is not None and "catalog" not in entry  # the built catalog in its place
    assert entry[state_format.CACHED_CATALOG] is not None
    hit, miss = store.load().state, StateFile(path, small).load().state
    assert not hit.catalog_is_default and nodes(hit.catalog) == nodes(miss.catalog)
    # the bundled catalog is not kept: the entry says so, and a hit uses the bundled one
    path.unlink()
    StateFile(path, small, cache).save(PlannerState(catalog=small(), catalog_is_default=True))
    entry = StateFile(path, small, cache).cache.get(path.read_bytes())  # type: ignore[union-attr]
    assert entry is not None and entry[state_format.CACHED_CATALOG] is None
    assert StateFile(path, small, cache).load().state.catalog_is_default
