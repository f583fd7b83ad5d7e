"""Opens the window as a first launch and prints, as JSON, what a user would see of it.

Run in a subprocess by ``test_layout.py`` with Qt's offscreen platform given a screen size
(``QT_QPA_PLATFORM=offscreen:configfile=...``) and, for 2×, ``QT_SCALE_FACTOR=2``: the
scale cannot be changed inside a running Qt application. Argument: the data file (absent,
so the default catalog shows, as on a first launch).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QModelIndex, QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyleOptionViewItem,
    QWidget,
)


def text_fits(view: QAbstractItemView, index: QModelIndex) -> dict[str, object]:
    """Whether the cell's text shows whole in the room the style gives it."""
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)  # type: ignore[attr-defined]
    option.rect = view.visualRect(index)
    delegate = view.itemDelegateForIndex(index)
    delegate.initStyleOption(option, index)  # type: ignore[attr-defined]
    style = view.style()
    room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    width = room.width() - 2 * margin
    text = str(index.data())
    metrics = option.fontMetrics
    wrap = bool(option.features & QStyleOptionViewItem.ViewItemFeature.WrapText)
    flags = int(Qt.TextFlag.TextWordWrap.value) if wrap else 0
    needed = metrics.boundingRect(QRect(0, 0, max(width, 1), 100_000), flags, text)
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, width) if not wrap else text
    viewport = view.viewport().rect()
    return {"text": text, "shown": shown, "width": width,
            "fits": (needed.width() <= width and needed.height() <= room.height() + 1
                     and room.right() <= viewport.right() + 1)}


def rows(view: QAbstractItemView, parent: QModelIndex | None = None) -> list[QModelIndex]:
    from PySide6.QtWidgets import QTreeView

    parent = parent or QModelIndex()
    model = view.model()
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found.append(index)
        if isinstance(view, QTreeView) and view.isExpanded(index):
            found.extend(rows(view, index))
    return found


def visible_in(widget: QWidget, window: QWidget) -> bool:
    rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    return widget.isVisible() and window.rect().contains(rect) and not rect.isEmpty()


def settle() -> None:
    """Shown, resized, laid out again (views lay out on a zero timer)."""
    from PySide6.QtTest import QTest

    for _ in range(3):
        QTest.qWait(20)


def measure(window) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from planner.core.catalog.model import Resource

    tree = window.panel.view
    model = window.model
    titles = [text_fits(tree, index) for index in rows(tree)
              if isinstance(model.node(index), Resource)]
    plan = window.plan
    plan.tabs.setCurrentIndex(0)
    settle()
    goals = [text_fits(plan.week_view, index) for index in rows(plan.week_view)]
    plan.tabs.setCurrentIndex(1)
    settle()
    plan_rows = [text_fits(plan.plan_view, index) for index in rows(plan.plan_view)[:12]]
    plan.tabs.setCurrentIndex(0)
    settle()
    viewport = plan.week_view.viewport().rect()
    goals_shown = sum(1 for index in rows(plan.week_view)
                      if viewport.contains(plan.week_view.visualRect(index)))
    row_height = max(tree.sizeHintForRow(0), 1)
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    dock = window.plan_dock
    return {"screen": [window.screen().availableGeometry().width(),
                       window.screen().availableGeometry().height()],
            "scale": window.devicePixelRatio(),
            "window": [window.width(), window.height()],
            "dock_visible": visible_in(dock, window) and not dock.isFloating(),
            "dock": [dock.width(), dock.height()],
            "week_view": [plan.week_view.viewport().width(), plan.week_view.viewport().height()],
            "week_view_visible": visible_in(plan.week_view, window),
            "tree_rows": tree.viewport().height() // row_height,
            "maximised": window.isMaximized(),
            "link_host": _shown_link(window),
            "plan_tabs": [plan.tabs.tabText(i) for i in range(plan.tabs.count())],
            "goals_shown": goals_shown,
            "fits_screen": [frame.width() <= screen.width(), frame.height() <= screen.height()],
            "window_min": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
            "titles": titles, "goals": goals, "plan_rows": plan_rows}


def _shown_link(window) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The selected resource's link as the pane shows it, and whether its buttons show whole
    in the pane's viewport."""
    page = window.pane.resource_page
    host = page.host
    shown = host.fontMetrics().elidedText(host.text(), Qt.TextElideMode.ElideMiddle,
                                          host.width())
    viewport = page.parentWidget()
    while viewport is not None and viewport.objectName() != "qt_scrollarea_viewport":
        viewport = viewport.parentWidget()
    area = viewport or page
    buttons = all(
        area.rect().contains(QRect(button.mapTo(area, button.rect().topLeft()), button.size()))
        for button in (page.open_button, page.copy_button))
    return {"text": host.text(), "shown": shown, "buttons_whole": buttons}


def main() -> int:
    from planner.core.journal.state import AppState
    from planner.entry.window import _application
    from planner.entry.wiring import open_local_state, open_state_file
    from planner.ui.main_window import MainWindow

    qapp = _application()
    data_file = Path(sys.argv[1])
    store = open_state_file(data_file)
    store.acquire()
    result = store.load()
    local = open_local_state(store, result.state.ui)
    window = MainWindow(AppState(result.state), store, explicit=True, first_launch=True,
                        local=local)
    window.show()
    out: dict[str, object] = {}

    def done() -> None:
        out.update(measure(window))
        window.ask_before_discarding = False
        window.close()
        qapp.quit()

    QTimer.singleShot(600, done)
    qapp.exec()
    store.release()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
