"""Opening links from the window: every way in goes through the link policy."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from planner.ui.catalog.tree_model import Column
from planner.ui.main_window import MainWindow


def row_index(window: MainWindow, node_id: str, column: int = 0) -> QModelIndex:
    index = window.model.index_of_id(node_id)
    assert index.isValid()
    return index.siblingAtColumn(column)


def select(window: MainWindow, node_id: str) -> QModelIndex:
    index = row_index(window, node_id)
    window.panel.view.setCurrentIndex(index)
    window.panel.view.setFocus()
    return index


def test_enter_on_a_resource_opens_its_link(window, qtbot, browser) -> None:  # type: ignore[no-untyped-def]
    select(window, "calculus")
    qtbot.keyClick(window.panel.view, Qt.Key.Key_Return)
    assert browser.urls == ["https://example.org/calc"]
    assert window.statusBar().currentMessage() == "Opened https://example.org/calc"


def test_enter_on_a_category_opens_or_closes_it(window, qtbot, browser) -> None:  # type: ignore[no-untyped-def]
    index = select(window, "maths")
    assert window.panel.view.isExpanded(index)
    qtbot.keyClick(window.panel.view, Qt.Key.Key_Return)
    assert not window.panel.view.isExpanded(index)
    assert browser.urls == []


def test_double_click_opens_but_not_on_the_check_box(window, qtbot, browser) -> None:  # type: ignore[no-untyped-def]
    view = window.panel.view
    index = row_index(window, "linalg", Column.PROGRESS)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                      pos=view.visualRect(index).center())
    assert browser.urls == ["https://example.org/linalg.pdf"]
    check = view.check_rect(row_index(window, "calculus"))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=check.center())
    assert browser.urls == ["https://example.org/linalg.pdf"]


def test_open_button_and_context_menu(window, qtbot, browser) -> None:  # type: ignore[no-untyped-def]
    page = window.pane.resource_page
    assert page.host.text() == "example.org"
    assert page.url.text() == "https://example.org/linalg.pdf"
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    actions = window.panel.context_actions(row_index(window, "numpy-100"), window.menuBar())
    open_link = next(a for a in actions if a.text() == "Open Link")
    open_link.trigger()
    assert browser.urls == ["https://example.org/linalg.pdf", "https://example.org/numpy"]


def test_a_refused_link_never_reaches_the_browser_and_says_why(window, qtbot, browser) -> None:  # type: ignore[no-untyped-def]
    resource = window.app.catalog.resources["calculus"]
    resource.url = "javascript:alert(document.cookie)"  # as if the file had been tampered with
    select(window, "calculus")
    page = window.pane.resource_page
    assert page.link_problem.isVisible()
    assert "Will not open" in page.link_problem.text()
    qtbot.keyClick(window.panel.view, Qt.Key.Key_Return)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    window.panel.context_actions(row_index(window, "calculus"), window.menuBar())[0].trigger()
    assert browser.urls == []
    message = window.statusBar().currentMessage()
    assert message.startswith("Not opened: the link 'javascript:alert(document.cookie)'")
    assert "javascript:" in page.link_problem.text()


def test_other_refused_links(window, qtbot, browser) -> None:  # type: ignore[no-untyped-def]
    resource = window.app.catalog.resources["calculus"]
    select(window, "calculus")
    for bad in ("file:///etc/passwd", "\\\\server\\share\\x.pdf", "https://exa mple.org",
                "data:text/html,<b>x</b>", "smb://host/share"):
        resource.url = bad
        qtbot.keyClick(window.panel.view, Qt.Key.Key_Return)
        assert "Not opened" in window.statusBar().currentMessage(), bad
    assert browser.urls == []


def test_the_real_host_is_shown_and_opened(window, qtbot, browser) -> None:  # type: ignore[no-untyped-def]
    resource = window.app.catalog.resources["calculus"]
    resource.url = "https://trusted.example@evil.example/paper.pdf"
    select(window, "calculus")
    page = window.pane.resource_page
    assert page.host.text() == "evil.example"
    assert page.url.text() == "https://evil.example/paper.pdf"
    assert "user name" in page.link_problem.text()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert browser.urls == ["https://evil.example/paper.pdf"]


def test_a_resource_without_a_link(window, qtbot, browser) -> None:  # type: ignore[no-untyped-def]
    window.app.catalog.resources["calculus"].url = None
    select(window, "calculus")
    assert not window.pane.resource_page.open_button.isEnabled()
    qtbot.keyClick(window.panel.view, Qt.Key.Key_Return)
    assert browser.urls == []
    assert window.statusBar().currentMessage() == "“Matrix Calculus” has no link to open"
