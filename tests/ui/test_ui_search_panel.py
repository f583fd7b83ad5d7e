"""Searching in the window: folding and prefixes, the "no match" line, the pane following."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from planner import paths
from planner.core.operations.progress import EditNotes
from planner.ui.main_window import MainWindow

ACCENTED = """\
title: Accented list
categories:
  - title: Théorie
    resources:
      - id: hands-on
        title: Hands-On Machine Learning
        authors: [Aurélien Géron]
        tags: [Mathématiques]
        notes: Third edition
      - id: islr
        title: An Introduction to Statistical Learning
        tags: [stats]
  - title: Practice
    resources:
      - id: kaggle
        title: Kaggle Learn
        tags: [math]
"""


def shown_ids(window: MainWindow, parent: QModelIndex | None = None) -> list[str]:
    model = window.model
    parent = parent or QModelIndex()
    ids = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        ids.append(model.node(index).id)
        ids.extend(shown_ids(window, index))
    return ids


@pytest.fixture
def accented(windows, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:  # type: ignore[no-untyped-def]
    catalog = tmp_path / "accented.yaml"
    catalog.write_text(ACCENTED, encoding="utf-8")
    monkeypatch.setattr(paths, "default_catalog_path", lambda: catalog)
    return windows.open()


def type_search(window: MainWindow, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    window.panel.search.clear()
    qtbot.keyClicks(window.panel.search, text)


def test_accents_and_case_are_folded(accented: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_search(accented, qtbot, "geron")
    assert shown_ids(accented) == ["theorie", "hands-on"]
    type_search(accented, qtbot, "THÉORIE")  # a category's name finds what it holds
    assert shown_ids(accented) == ["theorie", "hands-on", "islr"]


def test_a_field_prefix(accented: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_search(accented, qtbot, "tag:math")
    assert shown_ids(accented) == ["theorie", "hands-on", "practice", "kaggle"]
    type_search(accented, qtbot, "title:learn tag:math")
    assert shown_ids(accented) == ["theorie", "hands-on", "practice", "kaggle"]
    type_search(accented, qtbot, "title:math")  # in the tags, not in a title
    assert shown_ids(accented) == []
    type_search(accented, qtbot, "notes:edition")  # the catalog's About text
    assert shown_ids(accented) == ["theorie", "hands-on"]


def test_the_learners_notes_are_searched_as_they_change(accented: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    type_search(accented, qtbot, "notes:kernel")
    assert shown_ids(accented) == []
    accented.app.apply(EditNotes("islr", "Kernel trick in chapter 9"))
    assert shown_ids(accented) == ["theorie", "islr"]


def test_no_match_says_so_and_clear_search_clears_it(accented: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = accented.panel
    assert not panel.no_match.isVisible() and panel.view.isVisible()
    type_search(accented, qtbot, "<b>zzz")
    assert panel.no_match.isVisible() and not panel.view.isVisible()
    assert "No resources match ‘&lt;b&gt;zzz’" in panel.no_match.text()  # escaped, not markup
    assert "Clear search" in panel.no_match.text()
    panel.no_match.linkActivated.emit("clear")  # what a click on the link sends
    assert panel.search.text() == ""
    assert not panel.no_match.isVisible() and panel.view.isVisible()
    assert len(shown_ids(accented)) == 5


def test_no_match_for_a_status_offers_to_show_all(accented: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = accented.panel
    panel.status_filter.setCurrentIndex(panel.status_filter.findText("Done"))
    assert panel.no_match.isVisible()
    assert "No resources with status ‘Done’" in panel.no_match.text()
    panel.no_match.linkActivated.emit("all")
    assert panel.status_filter.currentText() == "All" and not panel.no_match.isVisible()


def test_the_pane_follows_the_filter(accented: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel, pane = accented.panel, accented.pane
    assert panel.select("islr")
    assert pane.node_id == "islr"
    type_search(accented, qtbot, "kaggle")  # hides islr: the first match is selected
    assert panel.current_id == pane.node_id == "kaggle"
    assert panel.view.currentIndex() == accented.model.index_of_id("kaggle")
    assert pane.stack.currentWidget() is pane.resource_page
    assert pane.resource_page.title.text() == "Kaggle Learn"
    type_search(accented, qtbot, "zzz")  # nothing matches: nothing is selected
    assert panel.current_id == pane.node_id == ""
    assert pane.stack.currentWidget() is pane.empty
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert pane.stack.currentWidget() is pane.empty


def test_a_selected_category_that_still_shows_stays_selected(accented: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel, pane = accented.panel, accented.pane
    assert panel.select("theorie")
    type_search(accented, qtbot, "geron")
    assert panel.current_id == pane.node_id == "theorie"



def test_after_no_match_the_next_match_is_selected(accented: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A new user's walk-through: after "zzqx" (no match), "numpy" or "tag:math" selected
    nothing and the pane stayed empty. The filter emptied the selection, so the next one
    with matches selects its first, as one that hides the selection does."""
    panel, pane = accented.panel, accented.pane
    assert panel.select("islr")
    type_search(accented, qtbot, "zzz")
    assert panel.current_id == pane.node_id == ""
    type_search(accented, qtbot, "kaggle")
    assert panel.current_id == pane.node_id == "kaggle"
    assert pane.resource_page.title.text() == "Kaggle Learn"

