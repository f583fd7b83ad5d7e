"""Picking prerequisites by title (planner.core.catalog.titles) and refusing a cycle as it is
picked (planner.core.catalog.model.cycle_if_added): pure, no Qt."""

from __future__ import annotations

from planner.core.catalog.model import Catalog, catalog_from_data, cycle_if_added, cycle_in_titles
from planner.core.catalog.titles import fold, matching, pick, title_choices


def chain() -> Catalog:
    """dl needs linalg and calc; calc needs linalg; linalg needs nothing."""
    return catalog_from_data({"title": "t", "categories": [
        {"title": "Maths", "resources": [
            {"id": "linalg", "title": "Linear Algebra"},
            {"id": "calc", "title": "Calculus", "prerequisites": ["linalg"]},
            {"id": "notes-a", "title": "Notes"}]},
        {"title": "ML", "resources": [
            {"id": "dl", "title": "Deep Learning", "prerequisites": ["calc", "linalg"]},
            {"id": "geron", "title": "Hands-On ML by Aurélien Géron"},
            {"id": "notes-b", "title": "Notes"}]}]})


def test_a_direct_back_edge_is_a_cycle_named_from_the_resource_back_to_itself() -> None:
    catalog = chain()
    assert cycle_if_added(catalog, "linalg", "dl") == ["linalg", "dl", "linalg"]
    assert cycle_in_titles(catalog, ["linalg", "dl", "linalg"]) == (
        "Linear Algebra → Deep Learning → Linear Algebra")


def test_a_longer_cycle_is_named_in_full_by_its_shortest_path() -> None:
    catalog = chain()
    # linalg needing dl closes dl → linalg directly (shorter than dl → calc → linalg).
    assert cycle_if_added(catalog, "linalg", "dl") == ["linalg", "dl", "linalg"]
    # calc ← dl: dl needs calc.
    assert cycle_if_added(catalog, "calc", "dl") == ["calc", "dl", "calc"]
    data = {"title": "t", "categories": [{"title": "Letters", "resources": [
        {"id": "a", "title": "A", "prerequisites": ["b"]},
        {"id": "b", "title": "B", "prerequisites": ["c"]},
        {"id": "c", "title": "C"}]}]}
    assert cycle_if_added(catalog_from_data(data), "c", "a") == ["c", "a", "b", "c"]


def test_no_cycle_where_the_new_prerequisite_does_not_lead_back() -> None:
    catalog = chain()
    assert cycle_if_added(catalog, "dl", "geron") is None
    assert cycle_if_added(catalog, "calc", "linalg") is None  # already there, still no cycle
    assert cycle_if_added(catalog, "geron", "dl") is None
    assert cycle_if_added(catalog, "a-new-one", "dl") is None  # not in the catalog yet


def test_a_resource_cannot_be_its_own_prerequisite() -> None:
    assert cycle_if_added(chain(), "dl", "dl") == ["dl", "dl"]


def test_titles_fold_case_and_accents() -> None:
    assert fold("  Aurélien  GÉRON ") == "aurelien geron"
    choices = title_choices(chain())
    assert [c.resource_id for c in matching(choices, "geron")] == ["geron"]
    assert [c.resource_id for c in matching(choices, "LEARN")] == ["dl"]
    assert pick(choices, "deep learning").resource_id == "dl"  # type: ignore[union-attr]
    assert pick(choices, "calc").resource_id == "calc"  # type: ignore[union-attr]
    assert pick(choices, "linalg").resource_id == "linalg"  # type: ignore[union-attr]  # an id
    assert pick(choices, "nowhere") is None and pick(choices, "") is None


def test_shared_titles_are_told_apart_by_category_and_none_is_guessed() -> None:
    choices = title_choices(chain())
    labels = {c.resource_id: c.label for c in choices}
    assert labels["notes-a"] == "Notes (Maths)" and labels["notes-b"] == "Notes (ML)"
    assert labels["dl"] == "Deep Learning"
    assert pick(choices, "Notes") is None  # two of them: the label must say which
    assert pick(choices, "notes (ml)").resource_id == "notes-b"  # type: ignore[union-attr]
    # Those starting with the text come first.
    assert [c.resource_id for c in matching(choices, "n")][:2] == ["notes-a", "notes-b"]
