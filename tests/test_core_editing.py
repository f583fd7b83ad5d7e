"""Editing the catalog (planner.core.catalog.editing): pure functions, no Qt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.core.catalog import editing
from planner.core.catalog.model import Catalog, CatalogError, Category, catalog_to_data
from planner.core.progress.rules import Progress
from planner.store.catalog_file import load_catalog

SMALL = Path(__file__).parent / "data" / "small-catalog.yaml"


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog(SMALL)


def titles(category: Category) -> list[str]:
    return [child.title for child in category.children]


def test_add_resource_returns_a_new_catalog_and_leaves_the_old_one(catalog: Catalog) -> None:
    before = catalog_to_data(catalog)
    new = editing.add_resource(catalog, "maths", {
        "title": "Probability Notes", "authors": ["B. Writer"], "url": "https://example.org/p",
        "kind": "notes", "effort_hours": 4, "effort_basis": "40 pages", "tags": ["maths"],
        "units": {"name": "chapter", "count": 4}, "prerequisites": ["linalg"], "priority": 2,
        "deadline": dt.date(2027, 1, 31), "notes": "start here"})
    assert catalog_to_data(catalog) == before
    resource = new.resources["probability-notes"]
    assert resource.parent is new.categories["maths"]
    assert resource.deadline == dt.date(2027, 1, 31)
    assert resource.units is not None and resource.units.count == 4
    assert resource.prerequisites == ("linalg",)
    assert titles(new.categories["maths"])[-1] == "Probability Notes"


def test_new_ids_avoid_existing_ids_and_ids_with_progress(catalog: Catalog) -> None:
    assert editing.new_id(catalog, "Linalg") == "linalg-2"
    assert editing.new_id(catalog, "Gone", taken={"gone"}) == "gone-2"
    new = editing.add_resource(catalog, "maths", {"title": "Linalg"})
    assert "linalg-2" in new.resources


@pytest.mark.parametrize(("fields", "field_name", "words"), [
    ({"title": ""}, "title", "title"),
    ({"title": "X", "url": "javascript:alert(1)"}, "url", "javascript"),
    ({"title": "X", "units": {"name": "chapter", "count": 0}}, "units", "units.count"),
    ({"title": "X", "effort_hours": -1}, "effort_hours", "effort_hours"),
    ({"title": "X", "priority": 9}, "priority", "priority"),
    ({"title": "X", "prerequisites": ["nope"]}, "prerequisites", "nope"),
    ({"title": "X", "colour": "red"}, "colour", "colour"),
])
def test_invalid_fields_are_refused_naming_the_field(
        catalog: Catalog, fields: dict[str, object], field_name: str, words: str) -> None:
    with pytest.raises(CatalogError) as info:
        editing.add_resource(catalog, "maths", fields)
    assert info.value.field_name == field_name
    assert words in str(info.value)
    with pytest.raises(CatalogError) as quick:
        editing.check_resource_fields(catalog, fields)
    assert quick.value.field_name == field_name


def test_a_resource_needs_a_category(catalog: Catalog) -> None:
    with pytest.raises(CatalogError, match="category"):
        editing.add_resource(catalog, "", {"title": "Loose"})
    with pytest.raises(CatalogError, match="no category"):
        editing.add_resource(catalog, "nowhere", {"title": "Loose"})


def test_update_resource_changes_and_removes_fields(catalog: Catalog) -> None:
    new = editing.update_resource(catalog, "linalg", {
        "title": "Linear Algebra", "units": None, "tags": [], "priority": 1})
    resource = new.resources["linalg"]
    assert (resource.title, resource.units, resource.tags, resource.priority) == (
        "Linear Algebra", None, (), 1)
    assert resource.url == "https://example.org/linalg.pdf"  # untouched
    assert catalog.resources["linalg"].title == "Linear Algebra Notes"


def test_update_resource_refuses_cycles_and_id_changes(catalog: Catalog) -> None:
    with pytest.raises(CatalogError, match="cycle") as info:
        editing.update_resource(catalog, "linalg", {"prerequisites": ["calculus"]})
    assert info.value.field_name == "prerequisites"
    with pytest.raises(CatalogError, match="id"):
        editing.update_resource(catalog, "linalg", {"id": "other"})
    with pytest.raises(CatalogError, match="no resource"):
        editing.update_resource(catalog, "ghost", {"title": "x"})


def test_categories_are_added_and_renamed(catalog: Catalog) -> None:
    new = editing.add_category(catalog, "", "Statistics")
    assert new.categories["statistics"].parent is new.root
    new = editing.add_category(new, "statistics", "Bayesian")
    assert new.categories["bayesian"].parent is new.categories["statistics"]
    new = editing.rename_category(new, "bayesian", "  Bayesian Methods ")
    assert new.categories["bayesian"].title == "Bayesian Methods"
    with pytest.raises(CatalogError) as info:
        editing.rename_category(new, "bayesian", " ")
    assert info.value.field_name == "title"


def test_delete_drops_subtrees_and_prerequisites_on_them(catalog: Catalog) -> None:
    new = editing.delete_nodes(catalog, ["linalg"])
    assert "linalg" not in new.resources
    assert new.resources["calculus"].prerequisites == ()
    new = editing.delete_nodes(catalog, ["code"])
    assert "numpy-100" not in new.resources and "python" not in new.categories
    assert "linalg" in catalog.resources  # the old one is untouched
    with pytest.raises(CatalogError):
        editing.delete_nodes(catalog, ["ghost"])


def test_resources_with_progress_counts_what_a_delete_would_lose(catalog: Catalog) -> None:
    progress = {"linalg": Progress(units_done=2), "numpy-100": Progress()}
    assert [r.id for r in editing.resources_with_progress(catalog, ["maths"], progress)] == [
        "linalg"]
    assert editing.resources_with_progress(catalog, ["code"], progress) == []


def test_move_a_resource_between_and_within_categories(catalog: Catalog) -> None:
    new = editing.move_node(catalog, "numpy-100", "maths", 0)
    assert titles(new.categories["maths"])[0] == "100 NumPy exercises"
    assert "numpy-100" not in {r.id for r in new.categories["python"].resources()}
    # Within one category: row counts before the move, as in a drop.
    new = editing.move_node(catalog, "linalg", "maths", 2)
    assert [r.id for r in new.categories["maths"].resources()] == ["calculus", "linalg"]
    same = editing.move_node(catalog, "linalg", "maths", 0)
    assert catalog_to_data(same) == catalog_to_data(catalog)
    new = editing.move_node(catalog, "calculus", "maths", 0)
    assert [r.id for r in new.categories["maths"].resources()] == ["calculus", "linalg"]


def test_move_categories_and_the_rules(catalog: Catalog) -> None:
    new = editing.move_node(catalog, "python", "", 0)
    assert titles(new.root) == ["Python", "Maths", "Code"]
    new = editing.move_node(catalog, "code", "maths", -1)
    assert new.categories["code"].parent is new.categories["maths"]
    with pytest.raises(CatalogError, match="into itself"):
        editing.move_node(catalog, "code", "python", -1)
    with pytest.raises(CatalogError, match="top level"):
        editing.move_node(catalog, "linalg", "", 0)
    # A category dropped among resources goes first among the categories.
    new = editing.move_node(catalog, "python", "maths", 0)
    assert titles(new.categories["maths"]) == [
        "Linear Algebra Notes", "Matrix Calculus", "Python"]
