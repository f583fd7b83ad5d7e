"""The search filter (Qt-free): what matches, and narrowing as the user types on."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.catalog.model import Resource
from planner.core.progress.rules import Progress, Status
from planner.store.catalog_file import load_catalog
from planner.ui.catalog.search import Haystacks, SearchFilter, visible_nodes

CATALOG = load_catalog(Path(__file__).resolve().parent.parent / "data" / "small-catalog.yaml")
PROGRESS = {"numpy-100": Progress(units_done=3)}


def status_of(resource: Resource) -> Status:
    return PROGRESS.get(resource.id, Progress()).status()


def ids(search: SearchFilter, among=None) -> set[str]:  # type: ignore[no-untyped-def]
    return {n.id for n in visible_nodes(CATALOG.root, search, status_of, Haystacks(), among)}


def test_words_match_title_authors_tags_all_of_them() -> None:
    assert ids(SearchFilter.of("NUMPY")) == {"code", "python", "numpy-100"}
    assert ids(SearchFilter.of("author linear")) == {"maths", "linalg"}
    assert ids(SearchFilter.of("author numpy")) == set()
    assert ids(SearchFilter.of("", Status.IN_PROGRESS)) == {"code", "python", "numpy-100"}
    assert ids(SearchFilter.of("matrix", Status.TODO)) == {"maths", "calculus"}


def test_narrowing() -> None:
    assert SearchFilter.of("gra").narrows(SearchFilter.of("gr"))
    assert SearchFilter.of("graph ker").narrows(SearchFilter.of("graph"))
    assert SearchFilter.of("graph", Status.DONE).narrows(SearchFilter.of("graph"))
    assert not SearchFilter.of("gr").narrows(SearchFilter.of("gra"))
    assert not SearchFilter.of("graph").narrows(SearchFilter.of("graph", Status.DONE))
    assert not SearchFilter.of("x").narrows(SearchFilter.of("y"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="aceilmnpt .", max_size=6), min_size=2, max_size=5))
def test_narrowed_results_equal_a_full_search(queries: list[str]) -> None:
    previous = SearchFilter.of(queries[0])
    shown = visible_nodes(CATALOG.root, previous, status_of, Haystacks())
    for query in queries[1:]:
        search = SearchFilter.of(query)
        among = shown if previous.active and search.narrows(previous) else None
        shown = visible_nodes(CATALOG.root, search, status_of, Haystacks(), among)
        assert {n.id for n in shown} == ids(search)
        previous = search
