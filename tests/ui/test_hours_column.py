"""The tree's hours column fits the largest figure it shows: a top category's total, bold.

It was sized for "999.5 h" in the normal font, so a category of the bundled list with 111.33
hours left read "11… h" (bold, two decimals), and a big imported list's thousands more so.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontMetrics

from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.catalog import ReplaceCatalog
from planner.store.catalog_file import load_catalog
from planner.ui.catalog.tree_model import Column
from tests.ui.conftest import SMALL_CATALOG


def shown_whole(window, row: int) -> bool:  # type: ignore[no-untyped-def]
    view = window.panel.view
    text = str(window.model.index(row, Column.LEFT).data())
    font = QFont(view.font())
    font.setBold(True)
    return QFontMetrics(font).horizontalAdvance(text) < view.header().sectionSize(Column.LEFT)


def test_a_category_with_thousands_of_hours_left_shows_them_whole(windows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)))
    window = windows.open(app=app)
    assert shown_whole(window, 0)
    big = tmp_path / "big.yaml"
    text = SMALL_CATALOG.read_text()
    big.write_text(text.replace("effort_hours: 6", "effort_hours: 9999.99")
                   .replace("effort_hours: 3", "effort_hours: 2345"))
    assert window.history.push(lambda: ReplaceCatalog(load_catalog(big), "bigger"))
    assert window.model.index(0, Column.LEFT).data().startswith("12")
    assert shown_whole(window, 0)
