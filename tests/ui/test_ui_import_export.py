"""File ▸ Import Reading List… and File ▸ Export in the window."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
import yaml
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
)

from planner import paths
from planner.core.catalog.model import catalog_to_data
from planner.core.operations.catalog import SetPriority
from planner.core.operations.progress import RecordUnits
from planner.core.work import Work
from planner.ui.dialogs.import_dialog import ImportDialog
from planner.ui.file_actions import FileActions

TESTS = Path(__file__).resolve().parents[1]
REAL = TESTS / "data" / "real-lists"
SHARED = next((p for p in (TESTS.parents[1] / "shared", Path("/work/shared")) if p.exists()),
              TESTS.parents[1] / "shared")
SEED = SHARED / "seeds" / "000_36ec0ae2d7ad013b.txt"


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path | str) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args: (str(path), "")))


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path | str) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args: (str(path), "")))


def drive(monkeypatch: pytest.MonkeyPatch, act: Callable[[ImportDialog], None],
          seen: list[ImportDialog]) -> None:
    """Stand in for ``exec``: look at the preview, then press a button as the user would."""

    def run(self: FileActions, dialog: QDialog) -> bool:
        assert isinstance(dialog, ImportDialog)
        seen.append(dialog)
        act(dialog)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(FileActions, "run_dialog", run)


def warnings_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda parent, title, text, *a: shown.append(text) or QMessageBox.StandardButton.Ok))
    return shown


def test_import_a_real_list_previews_then_imports_as_one_undoable_change(
        window, monkeypatch, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    before = catalog_to_data(window.app.catalog)
    count = len(window.app.catalog)
    seen: list[ImportDialog] = []

    def look_then_import(dialog: ImportDialog) -> None:
        assert dialog.preview.added and dialog.import_button.isEnabled()
        assert dialog.tabs.tabText(0) == f"To add ({len(dialog.preview.added)})"
        assert dialog.added_tree.topLevelItemCount() == len(dialog.preview.categories)
        first = dialog.added_tree.topLevelItem(0)
        assert "(new, +" in first.text(0) and first.childCount() > 0
        assert "new resources in 8 new categories" in dialog.summary.text()
        assert "listed twice in the file" in dialog.summary.text()
        dialog.import_button.click()

    drive(monkeypatch, look_then_import, seen)
    choose_file(monkeypatch, REAL / "awesome-ml-books.md")
    window.files.import_action.trigger()
    added = len(seen[0].preview.added)
    assert added > 100
    assert len(window.app.catalog) == count + added
    assert window.panel.current_id == seen[0].preview.added[0].id
    assert window.undo_action.text() == "&Undo Import awesome-ml-books.md"
    assert "Imported awesome-ml-books.md" in window.statusBar().currentMessage()
    qtmodeltester.check(window.model)
    window.undo_action.trigger()
    assert catalog_to_data(window.app.catalog) == before
    window.redo_action.trigger()
    assert len(window.app.catalog) == count + added


def test_the_preview_shows_imported_titles_and_links_as_written(
        window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Tooltips of the preview: a title or link that looks like markup is not rendered."""
    from PySide6.QtGui import QTextDocument

    title = "<b>Attention</b> is all you need <img src='x.png'>"
    link = "https://example.org/<b>a</b>"
    listed = tmp_path / "list.yaml"
    listed.write_text(yaml.safe_dump({"title": "List", "categories": [{"title": "Papers",
        "resources": [{"title": title, "url": link, "kind": "paper"}]}]}), encoding="utf-8")
    shown: list[str] = []

    def look(dialog: ImportDialog) -> None:
        item = dialog.added_tree.topLevelItem(0).child(0)
        for column in (0, 3):  # the title, and the link
            document = QTextDocument()
            document.setHtml(item.toolTip(column))
            shown.append(document.toPlainText())
        shown.append(item.text(1))  # the kind, in a column of its own
        dialog.cancel_button.click()

    drive(monkeypatch, look, [])
    choose_file(monkeypatch, listed)
    window.files.import_action.trigger()
    assert shown == [title, "https://example.org/%3Cb%3Ea%3C/b%3E", "Paper"]


def test_cancel_in_the_preview_changes_nothing(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = catalog_to_data(window.app.catalog)
    seen: list[ImportDialog] = []
    drive(monkeypatch, lambda dialog: dialog.cancel_button.click(), seen)
    choose_file(monkeypatch, REAL / "awesome-ml-courses.md")
    window.files.import_action.trigger()
    assert seen and seen[0].preview.added
    assert catalog_to_data(window.app.catalog) == before
    assert not window.undo_action.isEnabled()


def test_the_seed_is_all_duplicates_of_the_bundled_catalog(
        windows, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if not SEED.exists():
        pytest.skip("the shared seeds folder is not here")
    bundled = paths.resources_dir() / "catalogs" / "ml-research.yaml"
    monkeypatch.setattr(paths, "default_catalog_path", lambda: bundled)
    window = windows.open()
    before = catalog_to_data(window.app.catalog)
    seen: list[ImportDialog] = []

    def look(dialog: ImportDialog) -> None:
        preview = dialog.preview
        assert not preview.added and len(preview.duplicates) == 10
        assert dialog.tabs.currentIndex() == 1  # the duplicates are what there is to see
        assert not dialog.merge_check.isChecked()  # skipping is the default
        assert not dialog.import_button.isEnabled()
        assert dialog.duplicates_list.count() == 10
        assert all("skipped" in dialog.duplicates_list.item(i).text() for i in range(10))
        assert dialog.merge_check.isEnabled()  # two of them bring new links or authors
        dialog.merge_check.setChecked(True)
        assert dialog.import_button.isEnabled()
        assert "2 merged" in dialog.summary.text()
        assert any("merged: adds" in dialog.duplicates_list.item(i).text()
                   for i in range(10))
        dialog.import_button.click()

    drive(monkeypatch, look, seen)
    choose_file(monkeypatch, SEED)
    window.files.import_action.trigger()
    after = catalog_to_data(window.app.catalog)
    assert after != before and len(window.app.catalog) == 12  # merged, nothing added
    window.undo_action.trigger()
    assert catalog_to_data(window.app.catalog) == before


@pytest.mark.parametrize(("name", "content", "words"), [
    ("binary.md", b"\x00\x01\x02PNG\xff\xfe" * 10, "binary.md"),
    ("broken.yaml", b"title: x\ncategories: [\n  - {title: a\n", "broken.yaml"),
    ("notes.pdf", b"%PDF-1.4", "cannot import a '.pdf' file"),
    ("big.md", b"# big\n" + b"x" * (5 * 1024 * 1024 + 10), "MB"),
])
def test_a_bad_file_is_a_clear_message_and_nothing_changes(
        window, monkeypatch, tmp_path, name, content, words) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(content)
    before = catalog_to_data(window.app.catalog)
    shown = warnings_shown(monkeypatch)
    seen: list[ImportDialog] = []
    drive(monkeypatch, lambda dialog: None, seen)
    choose_file(monkeypatch, path)
    window.files.import_action.trigger()
    assert not seen
    assert len(shown) == 1 and name in shown[0] and words in shown[0]
    assert catalog_to_data(window.app.catalog) == before
    assert not window.undo_action.isEnabled()


def test_no_file_chosen_does_nothing(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    choose_file(monkeypatch, "")
    assert not window.files.import_list()


def test_export_the_plan_as_a_calendar_reads_back(window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from planner.core.journal.goals import current_plan
    from planner.store.exporters import count_goals

    target = tmp_path / "plan"  # no suffix: .ics is added
    save_as(monkeypatch, target)
    window.files.export_ics_action.trigger()
    written = tmp_path / "plan.ics"
    calendar = icalendar.Calendar.from_ical(written.read_bytes())
    events = list(calendar.walk("VEVENT"))
    plan = current_plan(window.app)
    assert len(events) == count_goals(plan) > 0
    first_week = plan.weeks[0]
    starts = {event.decoded("DTSTART") for event in events}
    from planner.core.weeks import monday
    assert monday(first_week.week) in starts
    assert str(written) in window.statusBar().currentMessage()


def test_export_markdown_and_yaml(window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window.app.apply(RecordUnits("linalg", 2))
    save_as(monkeypatch, tmp_path / "plan.md")
    window.files.export_markdown_action.trigger()
    text = (tmp_path / "plan.md").read_text("utf-8")
    assert "- [ ]" in text and "Linear Algebra Notes" in text
    save_as(monkeypatch, tmp_path / "list.yaml")
    window.files.export_yaml_action.trigger()
    data = yaml.safe_load((tmp_path / "list.yaml").read_text("utf-8"))
    assert data["categories"][0]["resources"][0]["id"] == "linalg"
    assert "list.yaml" in window.statusBar().currentMessage()


def test_export_errors_are_shown_and_the_data_file_is_never_overwritten(
        window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    shown = warnings_shown(monkeypatch)
    data_file = window.store.path
    before = data_file.read_bytes() if data_file.exists() else None
    save_as(monkeypatch, data_file)
    window.files.export_yaml_action.trigger()
    assert "own data file" in shown[-1]
    assert (data_file.read_bytes() if data_file.exists() else None) == before
    save_as(monkeypatch, tmp_path / "missing-folder" / "plan.ics")
    window.files.export_ics_action.trigger()
    assert "Could not write" in shown[-1] and "missing-folder" in shown[-1]
    save_as(monkeypatch, "")
    assert not window.files.export_markdown()  # the user cancelled the save dialog


# ---------------------------------------------------------------- off the GUI thread

GUI_WAIT_S = 20  # only against hangs: a wait the GUI thread never ends


def _gated(monkeypatch: pytest.MonkeyPatch, name: str,
           gate: Callable[[Work], None]) -> list[threading.Thread]:
    """Run ``gate(work)`` before ``planner.core.catalog.merge.<name>``: the test holds the
    step there."""
    import planner.core.catalog.merge as merge_module

    real = getattr(merge_module, name)
    threads: list[threading.Thread] = []

    def gated(*args, work: Work | None = None, **kwargs):  # type: ignore[no-untyped-def]
        if work is None and len(args) == 3:
            *args, work = args  # type: ignore[assignment]
        assert work is not None, "the window passes a Work to watch and cancel the step"
        threads.append(threading.current_thread())
        gate(work)
        return real(*args, work=work, **kwargs)

    monkeypatch.setattr(merge_module, name, gated)
    return threads


def _on_gui_thread_once_waiting(window, act: Callable[[], None]) -> threading.Event:  # type: ignore[no-untyped-def]
    """A timer of the window that does ``act`` once the event returned is set (by the step,
    from its thread): it can only fire while the window's event loop runs."""
    waiting = threading.Event()
    timer = QTimer(window)
    timer.setInterval(10)

    def tick() -> None:
        if waiting.is_set():
            timer.stop()
            act()

    timer.timeout.connect(tick)
    timer.start()
    return waiting


def test_the_window_runs_its_event_loop_while_an_import_works(
        window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A timer of the window fires while the preview is worked out: the work is off the GUI
    thread. (On the GUI thread the step would wait for a timer that can never fire.)"""
    ticked = threading.Event()
    waiting = _on_gui_thread_once_waiting(window, ticked.set)

    def wait_for_a_tick(work: Work) -> None:
        waiting.set()
        if not ticked.wait(GUI_WAIT_S):
            raise AssertionError("the window's event loop did not run during the import")

    threads = _gated(monkeypatch, "preview_import", wait_for_a_tick)
    seen: list[ImportDialog] = []
    drive(monkeypatch, lambda dialog: dialog.import_button.click(), seen)
    choose_file(monkeypatch, REAL / "awesome-ml-courses.md")
    count = len(window.app.catalog)
    window.files.import_action.trigger()
    assert threads and threads[0] is not threading.main_thread()
    assert len(window.app.catalog) == count + len(seen[0].preview.added)
    assert window.undo_action.text() == "&Undo Import awesome-ml-courses.md"


def _press_cancel_when_shown(qtbot) -> list[QProgressDialog]:  # type: ignore[no-untyped-def]
    """Press Cancel on the import's progress dialog as soon as it is on screen."""
    pressed: list[QProgressDialog] = []

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible() and not pressed:
                pressed.append(widget)
                assert widget.labelText().startswith("Importing awesome-ml-books.md")
                widget.findChild(QPushButton).click()
                return
        if not pressed:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
    return pressed


@pytest.mark.parametrize("step", ["preview_import", "merge_import"])
def test_cancel_in_the_progress_dialog_stops_the_import_and_changes_nothing(
        window, monkeypatch, qtbot, step) -> None:  # type: ignore[no-untyped-def]
    def hold_until_cancelled(work: Work) -> None:
        for _ in range(GUI_WAIT_S * 100):
            if work.cancelled:
                return  # the real step stops at its first check
            time.sleep(0.01)
        raise AssertionError("Cancel was not pressed")

    _gated(monkeypatch, step, hold_until_cancelled)
    pressed = _press_cancel_when_shown(qtbot)
    seen: list[ImportDialog] = []
    drive(monkeypatch, lambda dialog: dialog.import_button.click(), seen)
    choose_file(monkeypatch, REAL / "awesome-ml-books.md")
    before = catalog_to_data(window.app.catalog)
    assert not window.files.import_list()
    assert pressed and not pressed[0].isVisible()
    assert len(seen) == (step == "merge_import")  # the preview came before a merge's Cancel
    assert catalog_to_data(window.app.catalog) == before
    assert not window.undo_action.isEnabled()
    assert window.statusBar().currentMessage() == (
        "Import of awesome-ml-books.md cancelled; nothing changed")
    assert window.files.import_action.isEnabled()


def test_a_change_made_while_the_preview_is_worked_out_is_kept(
        window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Before the progress dialog shows, the window takes input: the merge then starts from
    the catalog as changed, and the change survives the import."""
    rid = next(iter(window.app.catalog.resources))
    marked = threading.Event()

    def change() -> None:
        assert window.history.push(lambda: SetPriority(rid, 1))
        marked.set()

    waiting = _on_gui_thread_once_waiting(window, change)

    def change_the_catalog(work: Work) -> None:
        if not marked.is_set():
            waiting.set()
            assert marked.wait(GUI_WAIT_S)

    _gated(monkeypatch, "preview_import", change_the_catalog)
    seen: list[ImportDialog] = []
    drive(monkeypatch, lambda dialog: dialog.import_button.click(), seen)
    choose_file(monkeypatch, REAL / "awesome-ml-courses.md")
    assert window.files.import_list()
    assert window.app.catalog.resources[rid].priority == 1
    window.undo_action.trigger()  # the import: the priority stays
    assert window.app.catalog.resources[rid].priority == 1


def test_the_preview_of_many_headings_lists_the_first_categories_and_counts_the_rest(
        qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from planner.core.catalog.merge import preview_import
    from planner.core.catalog.model import Catalog, Category
    from planner.store.importers.markdown import parse_markdown_list
    from planner.ui.dialogs import import_dialog

    monkeypatch.setattr(import_dialog, "SHOWN_AT_MOST", 10)
    text = "".join(f"## Topic {i}\n\n- [Item {i}](https://example.org/{i})\n\n"
                   for i in range(13))
    preview = preview_import(Catalog("Mine", Category("", "Mine")),
                             parse_markdown_list(text, "topics.md"))
    dialog = ImportDialog(preview, Path("topics.md"))
    qtbot.addWidget(dialog)
    tree = dialog.added_tree
    assert tree.topLevelItemCount() == 11
    assert tree.topLevelItem(9).text(0) == "Topic 9 (new, +1)"
    assert tree.topLevelItem(10).text(0) == "… and 3 more categories"
