"""Issue 12 in the window: a change the data file could not hold is refused when it is made,
with the reason; nothing shown as "Saved" is lost at the next start."""

from __future__ import annotations

from pathlib import Path

from planner.core.catalog.model import catalog_to_data
from planner.core.operations.progress import SetDone
from planner.entry.wiring import open_state_file
from planner.store.state_format import state_to_data
from planner.store.yaml import strict
from tests.test_write_read_law import LAST_WEEK, LATEST_52
from tests.ui.test_ui_import_export import drive, warnings_shown


def long_list(path: Path, count: int) -> Path:
    path.write_text("".join(f"- [Entry {i} {'long title ' * 20}](https://example.com/{i})"
                            f" - {'a description ' * 20}\n" for i in range(count)))
    return path


def test_repro1_an_import_the_file_could_not_hold_is_refused_in_the_window(
        windows, qtbot, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = windows.open()
    window.history.push(lambda: SetDone("calculus"))
    qtbot.waitUntil(lambda: window.save_status.text() == "Saved")
    big = long_list(tmp_path / "big.md", 200)
    # the cap (20 MiB) lowered to keep the test small: the list can be read (the same cap
    # bounds what is imported) but the data file could not hold it
    monkeypatch.setattr(strict, "MAX_BYTES", big.stat().st_size + 10_000)
    drive(monkeypatch, lambda dialog: dialog.import_button.click(), [])
    shown = warnings_shown(monkeypatch)
    before = catalog_to_data(window.app.catalog)

    assert not window.files.import_list(big)
    assert len(shown) == 1 and "big.md was not imported" in shown[0]
    assert "Import big.md would make the data file" in shown[0]
    assert "import or add fewer entries" in shown[0]
    assert catalog_to_data(window.app.catalog) == before
    assert window.undo_action.text() == "&Undo Check off “Matrix Calculus”"

    assert window.files.import_list(long_list(tmp_path / "small.md", 5))  # this one fits
    qtbot.waitUntil(lambda: window.save_status.text() == "Saved")
    state = state_to_data(window.app.state)
    again = windows.reopen(window)  # the next start finds what was shown as saved
    assert state_to_data(again.app.state) == state
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_notes_the_file_could_not_hold_are_refused_with_the_reason(
        window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window.history.push(lambda: SetDone("calculus"))
    qtbot.waitUntil(lambda: window.save_status.text() == "Saved")
    saved = window.store.path.read_bytes()
    monkeypatch.setattr(strict, "MAX_BYTES", len(saved) + 1000)
    window.panel.select("linalg")
    page = window.pane.resource_page
    page.notes.setPlainText("a thought " * 500)
    page.notes.commit()
    assert "would make the data file" in window.statusBar().currentMessage()
    assert "shorten the notes" in window.statusBar().currentMessage()
    assert window.app.progress("linalg").notes == ""
    page.notes.setPlainText("a short one\x1b[31m")  # typed controls are cleaned, as imported
    page.notes.commit()
    assert window.app.progress("linalg").notes == "a short one\ufffd[31m"
    window.undo_action.trigger()  # undo and redo never refuse: they return to accepted states
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: window.save_status.text() == "Saved")
    assert window.store.path.read_bytes() != saved
    assert open_state_file(window.store.path).load(read_only=True).notices == []


def test_repro4_the_window_starts_and_plans_up_to_the_calendars_end(
        windows, data_file) -> None:  # type: ignore[no-untyped-def]
    """A file the old version wrote with ``start_week: 9999-W52`` (it then crashed at start
    with an OverflowError), and the latest start the bounds allow."""
    for start in ("9999-W52", LATEST_52):
        data_file.write_text("schema_version: 1\nsettings:\n  hours_per_week: 0.25\n"
                             f"  max_parallel: 3\n  horizon_weeks: 52\n  start_week: {start}\n")
        window = windows.open()
        panel = window.plan
        assert window.app.settings.start_week == LATEST_52
        plan = window.app.state.plan
        assert plan is not None and plan.weeks[-1].week <= LAST_WEEK
        panel.show_week(LAST_WEEK)
        panel.next_week()  # past the calendar: said in the panel, no crash
        assert "outside the calendar" in panel.error_label.text()
        assert panel.week == LAST_WEEK
        windows.close(window)


def test_text_typed_in_the_resource_dialog_is_kept_as_text(
        window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Control characters pasted into the dialog (from a terminal, say) are not written to
    the data file as such: the same rule as imports (catalog.clean_text)."""
    from PySide6.QtWidgets import QDialog

    from planner.ui.dialogs.resource_dialog import ResourceDialog
    from tests.ui.test_ui_editing import drive as drive_dialog

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ResourceDialog)
        dialog.title.setText("Pasted \x1b[1mbold\x1b[0m")
        dialog.tags.setText("a\x07b")
        dialog.notes.setPlainText("line one\r\nline\ttwo\x1b")

    window.panel.select("calculus")
    drive_dialog(monkeypatch, fill)
    window.editor.new_resource_action.trigger()
    resource = next(r for r in window.app.catalog if r.title.startswith("Pasted"))
    assert resource.title == "Pasted \ufffd[1mbold\ufffd[0m"
    assert resource.tags == ("a\ufffdb",)
    assert resource.notes == "line one\nline\ttwo\ufffd"
    assert window.autosave.save_now()
    assert open_state_file(window.store.path).load(read_only=True).notices == []
