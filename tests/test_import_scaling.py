"""Import in linear time (issue 12, reproduction 11): operations counted, never timed.

Each test counts the basic step that used to be repeated for every entry against every
earlier one (an id look-up, a title comparison, a link normalised, a YAML document composed)
and checks that it now grows with the number of entries, not its square. The times are in
``bench/bench_import.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from planner.core.catalog import merge as merge_module
from planner.core.catalog import model as catalog_module
from planner.core.catalog.merge import merge_import, preview_import
from planner.core.catalog.model import Catalog, Category
from planner.core.links import PLAIN_LINK
from planner.store.importers import markdown as markdown_import
from planner.store.importers.catalog_yaml import parse_catalog_import
from planner.store.importers.markdown import parse_markdown_list

N = 1500


def _empty() -> Catalog:
    return Catalog("Mine", Category("", "Mine"))


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Replace ``module.name`` by a wrapper that counts its calls."""
    calls = [0]
    real: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


class _CountingIds(dict):  # type: ignore[type-arg]
    lookups = 0

    def __contains__(self, key: object) -> bool:
        _CountingIds.lookups += 1
        return super().__contains__(key)


def test_ids_for_equal_titles_take_one_look_up_each(monkeypatch: pytest.MonkeyPatch):
    # Each new "same-n" used to try same, same-2, … same-(n-1) first: n²/2 look-ups.
    builder = catalog_module._Builder()
    builder.ids = _CountingIds()
    _CountingIds.lookups = 0
    ids = [builder.unique_id(None, "Same Title", ("categories", i)) for i in range(N)]
    assert ids[:3] == ["same-title", "same-title-2", "same-title-3"]
    assert len(set(ids)) == N
    assert _CountingIds.lookups <= 3 * N


def test_equal_titles_import_with_their_numbered_ids():
    text = "# Same\n\n" + "".join(f"- [Same Title](https://example.org/{i})\n"
                                  for i in range(N))
    imported = parse_markdown_list(text, "same.md")
    assert list(imported.catalog.resources)[-1] == f"same-title-{N}"
    merged = merge_import(_empty(), imported)
    assert len(merged) == N


def test_an_id_freed_by_an_explicit_one_is_still_found():
    # The suffix search starts where it stopped, and what it skipped stays taken.
    data = {"title": "t", "categories": [{"title": "C", "resources": [
        {"title": "A"}, {"id": "a-3", "title": "X"}, {"title": "A"}, {"title": "A"},
        {"title": "A"}]}]}
    assert list(catalog_module.catalog_from_data(data).resources) == [
        "a", "a-3", "a-2", "a-4", "a-5"]


def test_each_heading_finds_its_category_without_comparing_every_other(
        monkeypatch: pytest.MonkeyPatch):
    # The merge looked for a category of the same title by comparing it with each sibling.
    text = "".join(f"## Topic {i}\n\n- [Item {i}](https://example.org/{i})\n\n"
                   for i in range(N))
    imported = parse_markdown_list(text, "headings.md")
    calls = _counting(monkeypatch, merge_module, "_title_key")
    preview = preview_import(_empty(), imported)
    assert len(preview.new_categories) == N
    assert calls[0] <= 4 * N


def test_a_heading_merges_into_the_first_category_of_its_title():
    existing = catalog_module.catalog_from_data({"title": "t", "categories": [
        {"title": "Books", "resources": [{"title": "a", "url": "https://a.org/"}]},
        {"title": "books", "resources": [{"title": "b", "url": "https://b.org/"}]}]})
    imported = parse_markdown_list("## BOOKS\n\n- [c](https://c.org/)\n", "c.md")
    merged = merge_import(existing, imported)
    assert [r.id for r in merged.categories["books"].resources()] == ["a", "c"]


def test_repeats_of_one_link_do_not_rebuild_its_links(monkeypatch: pytest.MonkeyPatch):
    # Each repeat of a link merges its other link into the first entry; the first entry's
    # links were normalised again for every repeat, so n repeats cost n² normalisations.
    text = "# L\n\n" + "".join(
        f"- [Same](https://example.org/same) and [mirror {i}](https://mirror.org/{i})\n"
        for i in range(N))
    imported = parse_markdown_list(text, "repeats.md")
    calls = _counting(monkeypatch, merge_module, "link_key")
    preview = preview_import(_empty(), imported)
    assert len(preview.added) == 1 and len(preview.duplicates) == N - 1
    merged = merge_import(_empty(), imported)
    assert len(merged.resources["same"].links) == N
    assert calls[0] <= 20 * N


class _CountingLink(str):
    comparisons = 0

    def __eq__(self, other: object) -> bool:
        _CountingLink.comparisons += 1
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = str.__hash__


def test_an_item_with_many_links_keeps_each_once(monkeypatch: pytest.MonkeyPatch):
    real = markdown_import.check_link
    monkeypatch.setattr(markdown_import, "check_link", lambda url: _CountingLink(real(url)))
    links = " ".join(f"[m{i}](https://m.org/{i % (N // 2)})" for i in range(N))
    _CountingLink.comparisons = 0
    imported = parse_markdown_list(f"- [Hub](https://hub.org/) {links}\n", "many.md")
    assert imported.catalog.resources["hub"].links == tuple(
        f"https://m.org/{i}" for i in range(N // 2))
    assert _CountingLink.comparisons <= 4 * N


def test_refused_links_in_a_catalog_file_compose_it_once(monkeypatch: pytest.MonkeyPatch):
    import yaml

    lines = ["title: R", "categories:", "- title: C", "  resources:"]
    for i in range(200):
        url = "javascript:alert(1)" if i % 2 else f"https://e.org/{i}"
        lines += [f"  - title: Entry {i}", f"    url: '{url}'"]
    calls = _counting(monkeypatch, yaml, "compose")
    imported = parse_catalog_import("\n".join(lines) + "\n", "many.yaml")
    assert len(imported.refused) == 100
    assert imported.refused[-1].where == "line 403"
    assert calls[0] == 1


@pytest.mark.parametrize("text", ["J. R. R. Tolkien. More", "A.  B. x.", "  . .", "x",
                                  "Ada\u2003B. c", "A. " * 50])
def test_the_word_before_a_dot_is_found_from_the_dot_backwards(text: str):
    # The reference: what splitting all the text before the dot gave.
    for dot in (i for i, ch in enumerate(text) if ch == "."):
        words = text[:dot].split()
        expected = bool(words) and markdown_import._INITIAL.fullmatch(words[-1] + ".") is not None
        assert markdown_import._is_initial_before(text, dot) == expected


@pytest.mark.parametrize("text", ["Ada Lovelace (ed.) and Alan Turing", "Ada ((( Lovelace",
                                  "Ada (x) Lovelace (", "(((Ada Lovelace)", "Ada Lovelace"])
def test_names_in_and_after_parentheses_read_as_before(text: str):
    import re

    close = text.rfind(")") + 1
    assert (markdown_import._PARENTHESES.sub(" ", text[:close]) + text[close:]
            == re.sub(r"\([^)]*\)", " ", text))


# ---------------------------------------------------------------- progress and cancel


def _reports() -> tuple[list[tuple[str, int, int]], Callable[[str, int, int], None]]:
    seen: list[tuple[str, int, int]] = []
    return seen, lambda stage, done, total: seen.append((stage, done, total))


def test_an_import_reports_its_progress_stage_by_stage():
    from planner.core.work import Work

    text = "".join(f"## Topic {i}\n\n- [Item {i}](https://example.org/{i})\n\n"
                   for i in range(N))
    seen, report = _reports()
    imported = parse_markdown_list(text, "headings.md", Work(report))
    preview_import(_empty(), imported, Work(report))
    stages = list(dict.fromkeys(stage for stage, _, _ in seen))
    assert stages == ["Reading the list", "Reading titles and links", "Reading the entries",
                      "Checking the entries", "Comparing with your catalog"]
    for stage in stages:
        done = [d for s, d, t in seen if s == stage]
        assert done == sorted(done) and len(done) <= 102  # now and then, not per item
    assert ("Comparing with your catalog", 0, N) in seen


@pytest.mark.parametrize("after", [1, 5, 50, 150, 250])
def test_cancel_stops_an_import_at_any_stage_and_changes_nothing(after: int):
    from planner.core.catalog.model import catalog_to_data
    from planner.core.work import Cancelled, Work

    text = "".join(f"## Topic {i}\n\n- [Item {i}](https://example.org/{i})\n\n"
                   for i in range(N))
    existing = parse_markdown_list("## Mine\n\n- [Own](https://own.org/)\n", "own.md").catalog
    before = catalog_to_data(existing)
    calls = [0]
    work = Work()

    def report(stage: str, done: int, total: int) -> None:
        calls[0] += 1
        if calls[0] == after:
            work.cancel()

    work.report = report
    with pytest.raises(Cancelled):
        imported = parse_markdown_list(text, "headings.md", work)
        preview_import(existing, imported, work)
        merge_import(existing, imported, work=work)
    assert calls[0] == after  # stopped at the next check
    assert catalog_to_data(existing) == before


def test_a_catalog_file_import_can_be_cancelled():
    from planner.core.work import Cancelled, Work

    work = Work()
    work.cancel()
    with pytest.raises(Cancelled):
        parse_catalog_import("title: R\ncategories: []\n", "r.yaml", work)


def test_the_collector_is_paused_for_an_import_and_back_after(
        tmp_path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    # Its passes over the objects an import builds took a quarter of the time.
    import gc

    from planner.entry.cli import main as cli

    seen: list[bool] = []
    real = merge_module.preview_import

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(merge_module, "preview_import", watched)
    listed = tmp_path / "list.md"
    listed.write_text("# L\n\n- [One](https://example.org/1)\n", encoding="utf-8")
    assert gc.isenabled()
    assert cli.main(["--data-file", str(tmp_path / "p.yaml"), "import", str(listed)]) == 0
    assert seen == [False] and gc.isenabled()


@settings(max_examples=500, deadline=None)
@given(st.from_regex(PLAIN_LINK, fullmatch=True))
def test_markdown_it_leaves_a_plain_link_as_it_is(link: str) -> None:
    """The importer hands a plain link on without markdown-it's normalizeLink (a fifth of
    its parse): it must be what normalizeLink makes of it. Up to 255 characters: mdurl
    drops a longer host, and the importer asks normalizeLink about those."""
    assume(len(link) <= 255)
    assert MarkdownIt("commonmark").normalizeLink(link) == link


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("htps:/.@%?#-_aZ09éx[]!'~"), max_size=40).map(
    lambda tail: "https://" + tail) | st.integers(200, 300).map(
    lambda n: "https://" + "a" * (n - 12) + ".org/"))
def test_the_importer_reads_each_link_as_markdown_it_normalises_it(link: str) -> None:
    from planner.core.work import Work

    def hrefs(md: MarkdownIt) -> list[object]:
        tokens = md.parse(f"- [x]({link})\n")
        return [t.attrs.get("href") for t in tokens[3].children or [] if t.type == "link_open"]

    plain = MarkdownIt("commonmark")
    plain.validateLink = lambda url: True  # type: ignore[method-assign]
    assert hrefs(markdown_import._parser(Work())) == hrefs(plain)
