"""File ▸ Import Reading List… and File ▸ Export: the window's side of import and export.

Import reads and checks the whole file first (``load_import``), shows the preview, and
only on Import applies ``merge_import`` as one undoable change; a file that cannot be
imported is a message box naming the file and the problem, and nothing changes. Reading,
the preview and the merge run off the GUI thread (``background.run_in_background``: a
progress dialog after a moment, with Cancel), so the window stays responsive through an
import of 50,000 entries; the change itself is applied here, on the GUI thread. Exports
are written atomically with the user's umask (``write_for_user``), never over one of the
planner's own files (``StateFile.own_file``), and the status bar says where they went.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from planner.core.errors import UserError
from planner.core.journal.state import AppState
from planner.core.operations.catalog import ReplaceCatalog
from planner.store.state_file import StateFile, write_for_user
from planner.ui.catalog.panel import CatalogPanel
from planner.ui.formatting import as_written
from planner.ui.undo import UndoHistory

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from planner.core.catalog.model import Catalog
    from planner.core.planning.plan import Plan
    from planner.core.work import Work

T = TypeVar("T")

# Importing, merging, the exporters (icalendar), the preview dialog and the file dialogs and
# message boxes (their Qt classes too) are loaded when first used, not at start-up.

IMPORT_FILTER = ("Reading lists (*.md *.markdown *.txt *.yaml *.yml);;"
                 "Markdown (*.md *.markdown *.txt);;Catalog YAML (*.yaml *.yml)")


class FileActions(QObject):
    """Owns File ▸ Import Reading List… and the three exports."""

    def __init__(self, app: AppState, history: UndoHistory, panel: CatalogPanel,
                 store: StateFile, show_message: Callable[[str], None],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.app = app
        self.history = history
        self.panel = panel
        self.store = store
        self.show_message = show_message
        self.window = parent
        self.last_folder = Path.home()

        self.import_action = QAction("&Import Reading List…", parent)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setToolTip("Add the resources of a Markdown reading list or a "
                                      "catalog YAML file, after a preview")
        self.import_action.triggered.connect(lambda: self.import_list())
        self.export_ics_action = QAction("Plan as &Calendar (.ics)…", parent)
        self.export_ics_action.triggered.connect(lambda: self.export_ics())
        self.export_markdown_action = QAction("Plan as &Markdown…", parent)
        self.export_markdown_action.triggered.connect(lambda: self.export_markdown())
        self.export_yaml_action = QAction("Catalog with &Progress (YAML)…", parent)
        self.export_yaml_action.triggered.connect(lambda: self.export_yaml())

    @property
    def export_actions(self) -> list[QAction]:
        return [self.export_ics_action, self.export_markdown_action, self.export_yaml_action]

    def run_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == dialog.DialogCode.Accepted

    def error(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self.window, title, as_written(text))

    # ---------------------------------------------------------------- import

    def import_list(self, path: Path | None = None) -> bool:
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            name, _ = QFileDialog.getOpenFileName(self.window, "Import Reading List",
                                                  str(self.last_folder), IMPORT_FILTER)
            if not name:
                return False
            path = Path(name)
        self.last_folder = path.parent
        self.import_action.setEnabled(False)  # one import at a time: the window goes on
        try:
            return self._import(path)
        finally:
            self.import_action.setEnabled(True)

    def _import(self, path: Path) -> bool:
        from planner.core.catalog.merge import merge_import, preview_import, steer_import
        from planner.store.importers.files import load_import
        from planner.ui.background import run_in_background
        from planner.ui.dialogs.import_dialog import ImportDialog, category_choices

        cancelled = f"Import of {path.name} cancelled; nothing changed"
        title = f"Importing {path.name}"
        try:
            imported = run_in_background(lambda work: load_import(path, work), title,
                                         self.window)
            if imported is None:
                self.show_message(cancelled)
                return False
            preview = self._on_catalog(
                lambda catalog, work: preview_import(catalog, imported, work), title)
        except UserError as exc:  # the file's problems; a bug goes on to the error dialog
            self.error("Cannot import", f"{path.name} cannot be imported:\n\n{exc}")
            return False
        if preview is None:
            self.show_message(cancelled)
            return False
        dialog = ImportDialog(
            preview, path, self.window, categories=category_choices(self.app.catalog),
            repreview=lambda under: preview_import(self.app.catalog, imported, under=under))
        if not self.run_dialog(dialog):
            self.show_message(cancelled)
            return False
        merge, under, preview = dialog.merge_duplicates, dialog.under, dialog.preview
        if not dialog.changes_anything():
            self.show_message(f"Nothing new in {path.name}; nothing changed")
            return False
        count = dialog.selected_count()
        try:
            steered = steer_import(imported, leave_out=dialog.leave_out, kinds=dialog.kinds,
                                   efforts=dialog.efforts, someday=dialog.someday)
            merged = self._on_catalog(lambda catalog, work: merge_import(
                catalog, steered, merge_duplicates=merge, work=work, under=under), title)
        except UserError as exc:
            self.error("Cannot import", f"{path.name} cannot be imported:\n\n{exc}")
            return False
        if merged is None:
            self.show_message(cancelled)
            return False
        if not self.history.push(lambda: ReplaceCatalog(merged, f"Import {path.name}")):
            self.error("Cannot import", f"{path.name} was not imported:\n\n"
                       f"{self.history.last_refusal}")  # e.g. the data file could not hold it
            return False
        first = next((a.id for a in preview.added if a.source_id not in dialog.leave_out),
                     None)
        if first is not None:
            self.panel.select(first)
        someday = " as Someday (not planned)" if dialog.someday and count else ""
        self.show_message(f"Imported {path.name}: {count} of {len(preview.added)} new "
                          f"resources{someday}; {preview.summary(merge)}")
        return True

    def _on_catalog(self, job: Callable[[Catalog, Work], T], title: str) -> T | None:
        """``job`` on the current catalog, in the background; None if cancelled.

        The window takes input until the progress dialog shows: a change made meanwhile
        (``AppState.revision``) means the job runs again on the catalog as it is now.
        """
        from planner.ui.background import run_in_background

        while True:
            revision = self.app.revision
            result = run_in_background(partial(job, self.app.catalog), title, self.window)
            if result is None or self.app.revision == revision:
                return result

    # ---------------------------------------------------------------- export

    def _ask_target(self, caption: str, default_name: str, file_filter: str,
                    suffix: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(self.window, caption,
                                              str(self.last_folder / default_name),
                                              file_filter)
        if not name:
            return None
        target = Path(name)
        if not target.suffix:
            target = target.with_suffix(suffix)
        self.last_folder = target.parent
        return target

    def _write(self, target: Path, data: bytes, what: str) -> bool:
        if why := self.store.own_file(target):
            self.error("Export failed", f"{why}.")
            return False
        try:
            if target.is_dir():
                self.error("Export failed", f"{target} is a folder; give a file name.")
                return False
            write_for_user(target, data)
        except OSError as exc:
            self.error("Export failed", f"Could not write {target}:\n\n{exc.strerror or exc}")
            return False
        self.show_message(f"Exported {what} to {target}")
        return True

    def _plan(self) -> Plan | None:
        from planner.core.journal.goals import current_plan

        try:
            return current_plan(self.app)
        except UserError as exc:  # SchedulingError, SettingsError: no plan to export
            self.error("Export failed", f"The plan cannot be made:\n\n{exc}")
            return None

    def export_ics(self) -> bool:
        target = self._ask_target("Export Plan as Calendar", "study-plan.ics",
                                  "iCalendar (*.ics)", ".ics")
        if target is None:
            return False
        plan = self._plan()
        if plan is None:
            return False
        from planner.core.sessions.model import sessions_of
        from planner.store.exporters import ics_contents, plan_to_ics

        stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        done = sessions_of(self.app.state.journal).done
        data = plan_to_ics(plan, self.app.catalog, stamp=stamp, sessions=done)
        return self._write(target, data, f"the plan ({ics_contents(plan, done)})")

    def export_markdown(self) -> bool:
        target = self._ask_target("Export Plan as Markdown", "study-plan.md",
                                  "Markdown (*.md)", ".md")
        if target is None:
            return False
        plan = self._plan()
        if plan is None:
            return False
        from planner.store.exporters import count_goals, plan_to_markdown

        state = self.app.state
        data = plan_to_markdown(plan, self.app.catalog, state.progress,
                                set(state.ticks)).encode("utf-8")
        return self._write(target, data, f"the plan ({count_goals(plan)} weekly goals)")

    def export_yaml(self) -> bool:
        target = self._ask_target("Export Catalog with Progress", "reading-list.yaml",
                                  "Catalog YAML (*.yaml *.yml)", ".yaml")
        if target is None:
            return False
        from planner.store.exporters import catalog_with_progress_yaml

        text = catalog_with_progress_yaml(self.app.catalog, self.app.state.progress)
        return self._write(target, text.encode("utf-8"),
                           f"the catalog with progress ({len(self.app.catalog)} resources)")
