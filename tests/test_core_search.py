"""The search matcher (Qt-free): folding, field prefixes, what the tree shows, narrowing."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.catalog.model import Resource, catalog_from_data
from planner.core.progress.rules import Progress, Status
from planner.core.search import (
    Haystacks,
    SearchFilter,
    Term,
    fold,
    matches,
    visible_nodes,
)
from planner.store.catalog_file import load_catalog

CATALOG = load_catalog(Path(__file__).resolve().parent / "data" / "small-catalog.yaml")
PROGRESS = {"numpy-100": Progress(units_done=3)}
NOTES = {"calculus": "Read with a Jacobian cheat sheet"}

ACCENTED = catalog_from_data({"title": "t", "categories": [
    {"title": "Théorie", "notes": "Foundations", "resources": [
        {"id": "hands-on", "title": "Hands-On Machine Learning", "authors": ["Aurélien Géron"],
         "tags": ["Mathématiques", "ml"], "notes": "Third edition, 2022"},
        {"id": "strasse", "title": "Die Straße", "tags": ["german"]},
    ]},
    {"title": "Practice", "resources": [
        {"id": "kaggle", "title": "Kaggle Learn", "tags": ["math"],
         "notes": "Short courses by Géron's readers"},
    ]},
]})


def status_of(resource: Resource) -> Status:
    return PROGRESS.get(resource.id, Progress()).status()


def ids(search: SearchFilter, among=None, catalog=CATALOG) -> set[str]:  # type: ignore[no-untyped-def]
    haystacks = Haystacks(lambda rid: NOTES.get(rid, ""))
    return {n.id for n in visible_nodes(catalog.root, search, status_of, haystacks, among)}


def found(query: str) -> set[str]:
    return {r.id for r in ACCENTED.root.resources() if matches(query, r)}


def test_words_match_title_authors_tags_all_of_them() -> None:
    assert ids(SearchFilter.of("NUMPY")) == {"code", "python", "numpy-100"}
    assert ids(SearchFilter.of("author linear")) == {"maths", "linalg"}
    assert ids(SearchFilter.of("author numpy")) == set()
    assert ids(SearchFilter.of("", Status.IN_PROGRESS)) == {"code", "python", "numpy-100"}
    assert ids(SearchFilter.of("matrix", Status.TODO)) == {"maths", "calculus"}


def test_the_learners_notes_and_the_category_names_are_searched() -> None:
    assert ids(SearchFilter.of("jacobian")) == {"maths", "calculus"}
    assert ids(SearchFilter.of("python")) == {"code", "python", "numpy-100"}  # a category
    assert ids(SearchFilter.of("code 100")) == {"code", "python", "numpy-100"}


def test_accents_and_case_are_folded_both_ways() -> None:
    assert found("geron") == {"hands-on", "kaggle"}
    assert found("GÉRON") == {"hands-on", "kaggle"}
    assert found("aurelien") == {"hands-on"}
    assert found("strasse") == {"strasse"}  # ß folds to ss
    assert found("theorie") == {"hands-on", "strasse"}  # the category's name
    assert found("ＭＬ") == {"hands-on"}  # full-width letters: a compatibility fold


def test_a_field_prefix_looks_in_that_field_only() -> None:
    assert found("tag:math") == {"hands-on", "kaggle"}  # "Mathématiques" and "math"
    assert found("tag:mathem") == {"hands-on"}
    assert found("author:geron") == {"hands-on"}  # kaggle names Géron only in its notes
    assert found("notes:geron") == {"kaggle"}
    assert found("notes:edition") == {"hands-on"}  # the catalog's About text
    assert found("title:learn") == {"hands-on", "kaggle"}
    assert found("title:machine author:geron") == {"hands-on"}
    assert found("category:theorie") == {"hands-on", "strasse"}
    assert found("category:learn") == set()
    assert found("Tags:ML") == {"hands-on"}  # prefixes fold too, plurals accepted
    assert found("http://x") == set()  # not a field: a plain word
    assert found("tag:") == {"hands-on", "strasse", "kaggle"}  # nothing asked yet


def test_narrowing() -> None:
    assert SearchFilter.of("gra").narrows(SearchFilter.of("gr"))
    assert SearchFilter.of("graph ker").narrows(SearchFilter.of("graph"))
    assert SearchFilter.of("graph", Status.DONE).narrows(SearchFilter.of("graph"))
    assert SearchFilter.of("tag:graph").narrows(SearchFilter.of("gra"))
    assert not SearchFilter.of("graph").narrows(SearchFilter.of("tag:gra"))
    assert not SearchFilter.of("title:graph").narrows(SearchFilter.of("tag:gra"))
    assert not SearchFilter.of("gr").narrows(SearchFilter.of("gra"))
    assert not SearchFilter.of("graph").narrows(SearchFilter.of("graph", Status.DONE))
    assert not SearchFilter.of("x").narrows(SearchFilter.of("y"))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_folding_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_folding_leaves_no_capitals_or_combining_accents(text: str) -> None:
    folded = fold(text)
    assert folded == folded.casefold()
    assert not any(unicodedata.combining(c) for c in folded)


TITLES = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=":"),
                 min_size=1)


@settings(max_examples=300, deadline=None)
@given(TITLES, st.lists(st.text(min_size=1), max_size=3))
def test_a_title_always_finds_its_resource(title: str, authors: list[str]) -> None:
    resource = Resource(id="r", title=title, authors=tuple(authors))
    assert matches(title, resource)
    assert matches(title.upper(), resource)
    assert all(matches(f"title:{word}", resource) for word in title.split())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="aceilmnpt .:gy", max_size=7), min_size=2, max_size=5))
def test_narrowed_results_equal_a_full_search(queries: list[str]) -> None:
    previous = SearchFilter.of(queries[0])
    shown = visible_nodes(CATALOG.root, previous, status_of, Haystacks())
    for query in queries[1:]:
        search = SearchFilter.of(query)
        among = shown if previous.active and search.narrows(previous) else None
        shown = visible_nodes(CATALOG.root, search, status_of, Haystacks(), among)
        assert {n.id for n in shown} == {
            n.id for n in visible_nodes(CATALOG.root, search, status_of, Haystacks())}
        previous = search


def test_forgotten_text_is_built_again() -> None:
    notes = {"linalg": ""}
    haystacks = Haystacks(lambda rid: notes.get(rid, ""))
    search = SearchFilter.of("eigen")
    assert visible_nodes(CATALOG.root, search, status_of, haystacks) == set()
    notes["linalg"] = "Eigenvalues in chapter 5"
    haystacks.forget(["linalg"])
    assert {n.id for n in visible_nodes(CATALOG.root, search, status_of, haystacks)} == {
        "maths", "linalg"}


def test_a_term_knows_its_field() -> None:
    assert Term.parse("Author:Géron") == Term("geron", 2)  # 0: anywhere, 1: title
    assert Term.parse("foo:bar") == Term("foo:bar")


def test_a_dotless_i_is_found_by_its_capital() -> None:
    """Hypothesis found it: 'ı'.upper() is 'I', which folded to 'i', not 'ı'."""
    resource = Resource(id="r", title="Kırılım")
    assert matches("KIRILIM", resource) and matches("kirilim", resource)
