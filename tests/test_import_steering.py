"""Import that you steer (issue 16), the parts without Qt: kinds and efforts guessed from
the link, titles for vague link texts, a chosen parent, and leaving out / editing / Someday
before the merge (``steer_import``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from planner.core.catalog.merge import merge_import, preview_import, steer_import
from planner.core.catalog.model import CatalogError
from planner.store.catalog_file import load_catalog
from planner.store.importers.files import load_import
from planner.store.importers.markdown import guess_kind, is_vague, parse_markdown_list
from tests.conftest import SMALL_CATALOG

TESTS = Path(__file__).parent
REAL_LISTS = sorted({p.name: p for p in [
    *(TESTS / "data" / "real-lists").glob("awesome-*.md"),
    *Path("/work/shared/data/real-lists").glob("awesome-*.md"),  # the same lists, if here
]}.values())


@pytest.mark.parametrize(("url", "kind"), [
    ("https://github.com/abhishekkrthakur/approachingalmost", "website"),
    ("https://gitlab.com/group/project", "website"),
    ("https://pandas.pydata.org/docs/user_guide/index.html", "website"),
    ("https://numpy.org/doc/stable/", "website"),
    ("https://scikit-learn.readthedocs.io/en/latest/", "website"),
    ("https://docs.python.org/3/tutorial/", "website"),
    ("https://www.manning.com/books/deep-learning-with-python", "book"),
    ("https://www.oreilly.com/library/view/hands-on-machine-learning/9781492032632/", "book"),
    ("https://www.manning.com/livevideo/keras-in-motion", "article"),  # not a book
    ("https://example.org/notes/lecture3.pdf", "book"),
    ("https://vimeo.com/12345", "video"),
    ("https://www.youtube.com/watch?v=aircAruvnKk", "video"),
    ("https://arxiv.org/abs/1706.03762", "paper"),
])
def test_the_kind_comes_from_what_the_link_is(url: str, kind: str):
    assert guess_kind(url, "Something", "") == kind


def test_a_repository_gets_about_an_hour_with_its_basis():
    text = "# L\n* [Cool Repo](https://github.com/a/cool)\n* [A Book](https://x.org/b.pdf)\n"
    catalog = parse_markdown_list(text, "l.md").catalog
    repo, book = catalog.resources["cool-repo"], catalog.resources["a-book"]
    assert (repo.kind, repo.effort, repo.effort_is_default) == ("website", 1.0, False)
    assert "repository" in repo.effort_basis
    assert (book.kind, book.effort, book.effort_is_default) == ("book", 30.0, True)


@pytest.mark.parametrize("path", REAL_LISTS, ids=lambda p: p.name)
def test_kinds_guessed_on_the_real_lists(path: Path):
    catalog = load_import(path).catalog
    kinds = Counter(r.kind for r in catalog)
    by_title = {r.title: r for r in catalog}
    manning = [r.kind for r in catalog if "manning.com/books/" in (r.url or "")]
    assert manning.count("book") >= 0.9 * len(manning)  # the item's words may say otherwise
    for resource in catalog:
        if resource.kind == "website":  # a repository or docs page: about an hour
            assert resource.effort == 1.0 and "github.com" in (resource.url or "")
    if "books" in path.name:
        assert kinds["book"] > 100 and kinds["website"] == 1
        assert by_title["Approaching Almost any Machine learning problem Abhishek "
                        "Thakur"].kind == "website"
        # a repository whose item says "Book + Code" is a book
        assert by_title["Distributed Machine Learning Patterns"].kind == "book"
    else:
        assert kinds["course"] > len(catalog) // 2 and kinds["video-series"] >= 1
        assert by_title["AI Expert Roadmap - Roadmap to becoming an Artificial "
                        "Intelligence Expert"].kind == "website"
        assert by_title["Open Machine Learning Course"].kind == "course"  # its words


@pytest.mark.parametrize("text", ["here", "Here.", "link", "this link", "this", "[1]", "2",
                                  "(3)", "PDF", "click here"])
def test_vague_link_texts(text: str):
    assert is_vague(text)


@pytest.mark.parametrize("text", ["Here Be Dragons", "Linked Data", "This Is Python",
                                  "1984", "PDF Tricks"])
def test_descriptive_link_texts(text: str):
    assert not is_vague(text)


def test_a_vague_link_takes_its_title_from_the_sentence_around_it():
    text = """# Reading
* The Deep Learning book by Ian Goodfellow and Yoshua Bengio is available [here](https://www.deeplearningbook.org).
* Great notes on convex optimisation, see [this](https://example.org/convex).
* [[1]](https://example.org/papers/attention_is_all_you_need.pdf)
* [link](https://example.org/) - The Missing Semester of CS. Shell and git.
* [Real Title](https://example.org/real) - more [here](https://example.org/more)
"""
    catalog = parse_markdown_list(text, "r.md").catalog
    titles = [r.title for r in catalog]
    assert titles == ["The Deep Learning book", "Great notes on convex optimisation",
                      "attention is all you need", "The Missing Semester of CS",
                      "Real Title"]
    first = catalog.resources["the-deep-learning-book"]
    assert first.authors == ("Ian Goodfellow", "Yoshua Bengio")
    assert catalog.resources["real-title"].links == ("https://example.org/more",)


# ------------------------------------------------------------------------------ steering


def imported_list():  # type: ignore[no-untyped-def]
    text = """# Awesome
## Books
* [Book One](https://example.org/one.pdf)
* [Book Two](https://example.org/two.pdf)
## Repos
* [Repo](https://github.com/a/repo)
"""
    return parse_markdown_list(text, "awesome.md")


def test_steering_leaves_out_edits_and_sets_someday():
    imported = imported_list()
    steered = steer_import(imported, leave_out={"book-two"}, kinds={"book-one": "notes"},
                           efforts={"repo": 2.5}, someday=True)
    catalog = steered.catalog
    assert sorted(catalog.resources) == ["book-one", "repo"]
    assert catalog.resources["book-one"].kind == "notes"
    assert catalog.resources["book-one"].effort_is_default  # notes: its own default
    repo = catalog.resources["repo"]
    assert repo.effort == 2.5 and repo.effort_basis == ""  # the guess's basis dropped
    assert catalog.someday == {"book-one", "repo"}
    everything_out = steer_import(imported, leave_out={"repo"})
    assert "repos" not in everything_out.catalog.categories  # an emptied category goes


def test_steering_refuses_a_bad_effort_by_name():
    with pytest.raises(CatalogError, match="effort_hours"):
        steer_import(imported_list(), efforts={"repo": -1})


def test_the_import_goes_under_a_chosen_parent():
    existing = load_catalog(SMALL_CATALOG)
    imported = imported_list()
    preview = preview_import(existing, imported, under="code")
    assert [c.path for c in preview.categories] == [("Code", "Books"), ("Code", "Repos")]
    assert all(c.new for c in preview.categories)
    assert {a.source_id for a in preview.added} == {"book-one", "book-two", "repo"}
    merged = merge_import(existing, imported, under="code")
    books = merged.categories["books"]
    assert books.parent is merged.categories["code"]
    with pytest.raises(CatalogError, match="no category with id 'nope'"):
        preview_import(existing, imported, under="nope")


def test_someday_imports_are_not_planned_but_listed():
    from planner.core.journal.goals import fresh_plan
    from planner.core.journal.state import AppState, PlannerState
    from planner.core.operations.catalog import ReplaceCatalog

    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)))
    merged = merge_import(app.catalog, steer_import(imported_list(), someday=True))
    app.apply(ReplaceCatalog(merged, "Import"))
    plan = fresh_plan(app)
    planned = {g.resource for w in plan.weeks for g in w.goals} | {
        o.resource for o in plan.overflow}
    assert planned == {"linalg", "calculus", "numpy-100"}
    assert {"book-one", "book-two", "repo"} <= set(app.catalog.resources)


def test_a_title_already_in_the_catalog_under_another_link_gets_a_note():
    existing = load_catalog(SMALL_CATALOG)
    first = next(iter(existing))
    text = (f"# More\n- [{first.title.upper()}](https://mirror.example.org/a.pdf)\n"
            "- [Something else](https://example.org/else)\n")
    preview = preview_import(existing, parse_markdown_list(text, "m.md"))
    assert len(preview.added) == 2  # added all the same: an edition or a mirror may differ
    [note] = [w for w in preview.warnings if "title of one already" in w]
    assert f"“{first.title.upper()}” ({first.id})" in note
    assert "leave it out if it is the one you have" in note
    clean = preview_import(existing, parse_markdown_list(
        "# More\n- [Something else](https://example.org/else)\n", "m.md"))
    assert not any("already in the catalog" in w for w in clean.warnings)
