"""The main window: the category tree on the left, the detail pane on the right.

It wires the parts together and owns nothing of the domain: changes go through the undo
history to ``AppState``; the autosaver writes the state file, and only after a change.
Window state (geometry, splitter, dock, selection, open categories, the plan panel's tab)
is this machine's, not the planner's: it is read from and written to the local state file
(``planner.store.local_state``, given by the entry point), never the data file, so moving
the window rewrites none of the user's data.
"""

from __future__ import annotations

import contextlib
import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QSplitter, QWidget

from planner import BUNDLED_LIST_CREDIT, LICENSE, __version__
from planner.core.journal.state import AppState, Changed, Update
from planner.core.operations.planning import AcceptPlan, RollOverPlan
from planner.core.progress.summary import first_to_study
from planner.core.weeks import week_of
from planner.store.local_state import (
    APPEARANCE,
    CLOSE_TO_TRAY,
    DOCKS,
    EXPANDED,
    GEOMETRY,
    PLAN_TAB,
    REMINDER,
    REMINDER_SENT,
    SELECTED,
    SPLITTER,
    LocalState,
)
from planner.store.state_file import StateFile
from planner.ui.appearance import Appearance, theme
from planner.ui.autosave import DEBOUNCE_MS, RETRY_MS, Autosaver
from planner.ui.bridge import bridge_for
from planner.ui.catalog.detail_pane import DetailPane
from planner.ui.catalog.editing import CatalogEditor
from planner.ui.catalog.panel import CatalogPanel
from planner.ui.catalog.tree_model import CatalogTreeModel
from planner.ui.file_actions import FileActions
from planner.ui.formatting import as_written
from planner.ui.icons import app_icon
from planner.ui.link_opener import LinkOpener
from planner.ui.sessions import SessionBar
from planner.ui.undo import StackAction, UndoHistory
from planner.ui.widgets import is_short_screen

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from planner.ui.file_follower import FileFollower, Look
    from planner.ui.help_dialogs import ShortcutsDialog
    from planner.ui.plan.panel import PlanPanel
    from planner.ui.plan.review_dialog import ReviewDialog
    from planner.ui.reminders import Reminders

APP_NAME = "Study Planner"
DEFAULT_SIZE = (1560, 920)  # at most: 90% of a smaller screen
# Below this width (logical pixels: 1024 px screens, or 1920 px at 2× scale) the tree, the
# detail pane and the plan do not fit side by side: the plan starts below them instead.
ROOM_BESIDE_TREE = 1150
# Which kind of screen the kept layout was made on, "narrow" (under ROOM_BESIDE_TREE) or
# "wide": a layout is not put on the other kind (``MainWindow._restore``).
SCREEN_KIND = "window.screen"
MESSAGE_MS = 8000
WARM_CHECK_MS = 1000
WEEK_CHECK_MS = 60_000  # how often an open window looks whether a new week has begun
REMINDERS_DELAY_MS = 3000  # a reminder or the tray is set up once the window is idle
FOLLOW_DELAY_MS = 500  # the watch on the data file's folder, once the window is up


def window_title(data_file: Path, explicit: bool, read_only: bool = False) -> str:
    """The title as Qt's convention has it: the file and the unsaved mark ("[*]", shown as
    "*" while there are unsaved changes), to which the platform adds " — Study Planner"
    (the application's display name) once. Without an explicit file: the name alone."""
    mode = " (read-only)" if read_only else ""
    if explicit:
        return f"{data_file.name}{mode}[*]"
    return f"{mode.strip()}[*]" if read_only else f"{APP_NAME}[*]"


def _encode(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def _decode(text: str | None) -> QByteArray | None:
    return QByteArray.fromBase64(text.encode("ascii", "ignore")) if text else None


class MainWindow(QMainWindow):
    def __init__(self, app: AppState, store: StateFile, *, explicit: bool = False,
                 first_launch: bool = False, local: LocalState | None = None,
                 autosave_ms: int = DEBOUNCE_MS, retry_ms: int = RETRY_MS,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.store = store
        # This data file's window state on this machine; None: defaults, nothing kept.
        self.local = local
        # Light or dark before any widget is made (a palette set later repolishes them all).
        theme().set_mode(Appearance.parse(local.machine.get(APPEARANCE) if local else None))
        self._plan_tab: int | None = None  # to show once the plan panel is built
        if app.validator is None:  # a change the data file could not hold is refused
            app.validator = store.write_check
            # The check's first run measures the whole file (~70 ms with 2,000 resources);
            # done once the window is idle rather than in the user's first change.
            QTimer.singleShot(WARM_CHECK_MS, self, lambda: store.write_check.check(
                app.state, Changed.NONE))
        self.history = UndoHistory(app, self)
        self.opener = LinkOpener(self)
        self.model = CatalogTreeModel(app, self.history.push, self,
                                      ask=self.ask_rating)
        self.panel = CatalogPanel(self.model)
        self.pane = DetailPane(app, self.history, self.opener)
        self.autosave = Autosaver(app, store, self, debounce_ms=autosave_ms, retry_ms=retry_ms)
        self.ask_before_discarding = True  # False when a signal ends the app (termination.py)
        self.about_box: QMessageBox | None = None  # Help ▸ About, made when first shown
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.reminders: Reminders | None = None  # Study ▸ Reminders…, made on first use
        self.quitting = False  # File ▸ Quit: close even when the tray would keep the window
        self.closed = False  # closed for good (saved on quit): it follows the file no more

        self.splitter = QSplitter()
        self.splitter.addWidget(self.panel)
        self.splitter.addWidget(self.pane)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        # The plan panel (its models, the scheduler) is built when the dock is first shown:
        # not at all while it stays closed, and after the first paint when it starts open.
        self._plan: PlanPanel | None = None
        self.plan_dock = QDockWidget("Weekly Plan", self)
        self.plan_dock.setObjectName("plan-dock")  # saveState() finds it by name
        self.plan_dock.visibilityChanged.connect(self._plan_dock_shown)
        self.plan_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                   | QDockWidget.DockWidgetFeature.DockWidgetClosable
                                   | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.plan_dock)
        self.splitter.setContentsMargins(6, 6, 6, 0)
        self.session_bar = SessionBar(app, self.history, self, local=local)
        self.statusBar().addPermanentWidget(self.session_bar)
        self.save_status = QLabel("Saved" if store.path.exists() else "")
        self.statusBar().addPermanentWidget(self.save_status)
        # A data file the user made read-only is shown, not changed: every change is
        # refused with the reason, and nothing is saved to it (the layout is local state).
        self.read_only = store.read_only()
        if self.read_only:
            self.history.read_only = (f"{store.given.name} is read-only: {self.read_only}; "
                                      "nothing was changed")
            self.autosave.detach()
            self.save_status.setText("Read-only")
        self.setWindowTitle(window_title(store.given, explicit, bool(self.read_only)))
        self.setWindowIcon(app_icon())
        self.editor = CatalogEditor(app, self.history, self.panel, self.show_message, self)
        self.files = FileActions(app, self.history, self.panel, store, self.show_message, self)
        self._build_menus()

        self.panel.selection_changed.connect(self.pane.show_node)
        self.panel.open_requested.connect(self.open_resource)
        self.panel.copy_requested.connect(self.copy_link)
        self.panel.plan_requested.connect(self.plan_for_week)
        self.panel.session_requested.connect(self.session_bar.start)
        self.session_bar.message.connect(self.show_message)
        self.pane.node_activated.connect(self.panel.select)
        self.opener.refused.connect(lambda _id, why: self.show_message(why))
        self.opener.opened.connect(lambda _id, url: self.show_message(f"Opened {url}"))
        self.opener.copied.connect(lambda _id, url: self.show_message(f"Copied {url}"))
        self.opener.opened.connect(lambda rid, _url: self.session_bar.link_opened(rid))
        self.history.refused.connect(self.show_message)
        self.history.noted.connect(self.show_message)
        self.autosave.status_changed.connect(self.save_status.setText)
        self.autosave.dirty_changed.connect(self.setWindowModified)
        self._restore(first_launch)
        if app.state.plan is None:
            self._accept_first_plan()
        # A new week: the review first. The clock is read again every minute, so a window
        # left open across Sunday midnight shows it too.
        self.review_dialog: ReviewDialog | None = None
        self._week = week_of(app.today())
        self._week_timer = QTimer(self)
        self._week_timer.setInterval(WEEK_CHECK_MS)
        self._week_timer.timeout.connect(self._check_week)
        self._week_timer.start()
        if app.plan_is_stale():
            QTimer.singleShot(0, self, self.show_review)
        if self.session_bar.running is not None:  # left running by a quit or a crash
            QTimer.singleShot(0, self, self._offer_to_finish)
        # The data file followed (another machine's changes merged in): set up once the
        # window is idle, not in start-up's time.
        self.follower: FileFollower | None = None
        if not self.read_only:
            QTimer.singleShot(FOLLOW_DELAY_MS, self, self._follow_file)
        machine = local.machine if local is not None else {}
        if machine.get(REMINDER, "off") != "off" or machine.get(CLOSE_TO_TRAY) == "on":
            QTimer.singleShot(REMINDERS_DELAY_MS, self, self.reminder_setup)

    def _follow_file(self) -> None:
        from planner.ui.file_follower import FileFollower

        if self.follower is None and not self.read_only:
            self.follower = FileFollower(self.app, self.history, self.store, self.autosave,
                                         self.pane.commit_pending, self.show_message, self)

    def sync_now(self) -> Look:
        """``study-planner sync`` asked (over ``planner.ui.single_instance``): the
        follower's look at the file and its conflict copies, now, merged and saved."""
        from planner.ui.file_follower import Look

        if self.history.read_only:
            return Look(busy=self.history.read_only)
        self._follow_file()  # not set up yet in the window's first moment
        assert self.follower is not None
        return self.follower.look(asked=True)

    @property
    def plan(self) -> PlanPanel:
        """The weekly plan panel in the dock, built on first use."""
        if self._plan is None:
            from planner.ui.plan.panel import PlanPanel

            self._plan = PlanPanel(self.app, self.history,
                                   compact=is_short_screen(self.screen()))  # the window's
            self._plan.session_requested.connect(self.session_bar.start)
            self._plan.resource_selected.connect(self.panel.select)  # tree, then the pane
            if self._plan_tab is not None and 0 <= self._plan_tab < self._plan.tabs.count():
                self._plan.tabs.setCurrentIndex(self._plan_tab)
            self.plan_dock.setWidget(self._plan)
            QTimer.singleShot(0, self, self._apply_dock_width)
        return self._plan

    def _accept_first_plan(self) -> None:
        """No accepted plan yet: accept a fresh one silently (nothing to undo). Should it
        fail, the plan panel says why when it is opened."""
        from planner.core.journal.goals import fresh_plan
        from planner.core.planning.scheduler import SchedulingError

        if self.app.state.plan is None:
            with contextlib.suppress(SchedulingError, ValueError):
                self.app.apply(AcceptPlan(fresh_plan(self.app), "First plan"))

    def _plan_dock_shown(self, visible: bool) -> None:
        if visible and self._plan is None:
            QTimer.singleShot(0, self, lambda: self.plan)

    # ---------------------------------------------------------------- menus

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.files.import_action)
        export_menu = file_menu.addMenu("&Export")
        export_menu.addActions(self.files.export_actions)
        file_menu.addSeparator()
        self.open_folder_action = file_menu.addAction("Open &Data Folder")
        self.open_folder_action.setToolTip(f"Show {self.store.path.parent} in the file manager")
        self.open_folder_action.triggered.connect(self.open_data_folder)
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction("&Quit")
        self.quit_action.setShortcuts(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.quit)

        edit_menu = bar.addMenu("&Edit")
        stack = self.history.stack
        # The actions are the receivers, so nothing reaches them once they are gone.
        self.undo_action = StackAction("&Undo", self)
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo)
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.undoTextChanged.connect(self.undo_action.show_command)
        self.redo_action = StackAction("&Redo", self)
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        self.redo_action.triggered.connect(self.redo)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.redoTextChanged.connect(self.redo_action.show_command)
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        self.find_action = edit_menu.addAction("&Find")
        self.find_action.setShortcuts(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.panel.focus_search)
        edit_menu.addSeparator()
        edit_menu.addActions(self.editor.actions)

        view_menu = bar.addMenu("&View")
        self.plan_action = self.plan_dock.toggleViewAction()
        self.plan_action.setText("&Weekly Plan")
        self.plan_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        view_menu.addAction(self.plan_action)
        self.this_week_action = view_menu.addAction("&This Week")
        self.this_week_action.setShortcut(QKeySequence("Ctrl+T"))
        self.this_week_action.triggered.connect(self.show_this_week)
        self.review_action = view_menu.addAction("Weekly &Review…")
        self.review_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.review_action.setToolTip("Last week: planned and done, what carried over, "
                                      "and when the list finishes")
        self.review_action.triggered.connect(self.show_review)
        self.stats_action = view_menu.addAction("&Statistics")
        self.stats_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.stats_action.setToolTip("Hours per week against the plan, the burn-up and "
                                     "its forecast, study days, your pace")
        self.stats_action.triggered.connect(self.show_stats)
        view_menu.addSeparator()
        appearance_menu = view_menu.addMenu("&Appearance")
        appearance_menu.setToolTipsVisible(True)
        self.appearance_group = QActionGroup(self)
        self.appearance_actions: dict[Appearance, QAction] = {}
        for mode in Appearance:
            action = appearance_menu.addAction(mode.label)
            action.setCheckable(True)
            action.setChecked(mode is theme().mode)
            action.triggered.connect(lambda _=False, mode=mode: self.set_appearance(mode))
            self.appearance_group.addAction(action)
            self.appearance_actions[mode] = action
        self.appearance_actions[Appearance.SYSTEM].setToolTip(
            "Light or dark as the desktop is, following it when it changes")

        study_menu = bar.addMenu("&Study")
        self.start_session_action = study_menu.addAction("&Start Session")
        self.start_session_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.start_session_action.setToolTip("Time your study of the selected resource")
        self.start_session_action.triggered.connect(self.start_session)
        self.stop_session_action = study_menu.addAction("S&top Session…")
        self.stop_session_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.stop_session_action.triggered.connect(lambda: self.session_bar.ask_stop())
        self.pause_session_action = study_menu.addAction("&Pause / Resume Session")
        self.pause_session_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.pause_session_action.setToolTip("A break: the time until you resume is not "
                                             "counted")
        self.pause_session_action.triggered.connect(self.session_bar.toggle_pause)
        study_menu.addSeparator()
        self.log_time_action = study_menu.addAction("&Log Time…")
        self.log_time_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.log_time_action.setToolTip("Record study done away from the computer")
        self.log_time_action.triggered.connect(
            lambda: self.session_bar.log_time(self.panel.current_id))
        self.session_settings_action = study_menu.addAction("Session &Settings…")
        self.session_settings_action.triggered.connect(self.session_bar.edit_settings)
        self.reminders_action = study_menu.addAction("&Reminders…")
        self.reminders_action.setToolTip("A desktop notification on a day and time of your "
                                         "choice when this week's goals are not all done")
        self.reminders_action.triggered.connect(lambda: self.reminder_setup().edit())

        help_menu = bar.addMenu("&Help")
        self.shortcuts_action = help_menu.addAction("&Keyboard Shortcuts")
        self.shortcuts_action.setToolTip("Every shortcut of the window, read from its actions")
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addSeparator()
        self.about_action = help_menu.addAction(f"&About {APP_NAME}")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)

    # ---------------------------------------------------------------- actions

    def reminder_setup(self) -> Reminders:
        """The weekly reminder and the tray icon (``planner.ui.reminders``), made once."""
        if self.reminders is None:
            from planner.ui.reminders import Reminders

            self.reminders = Reminders(self, parent=self)
        return self.reminders

    def quit(self) -> None:
        """File ▸ Quit: close and end, also when the window is in the tray."""
        hidden = not self.isVisible()
        self.quitting = True
        if self.close() and hidden:
            from PySide6.QtCore import QCoreApplication

            QCoreApplication.quit()  # a hidden window's close is not the last window's
        self.quitting = False

    def undo(self) -> None:
        self.pane.commit_pending()  # what was just typed is the last change
        self.history.stack.undo()

    def redo(self) -> None:
        self.pane.commit_pending()
        self.history.stack.redo()

    def set_appearance(self, mode: Appearance) -> None:
        """Light, dark, or as the desktop is: applied now, remembered on this machine."""
        theme().set_mode(mode)
        self.appearance_actions[mode].setChecked(True)

    def plan_for_week(self, resource_id: str) -> None:
        self.plan_dock.show()
        self.plan.plan_for_week_dialog(resource_id)

    def show_this_week(self) -> None:
        self.plan_dock.show()
        self.plan.go_to_today()
        self.plan.tabs.setCurrentIndex(0)
        self.plan.week_view.setFocus()

    def start_session(self) -> None:
        """A study session on the selected resource (one runs at a time)."""
        node = self.panel.selected_node()
        if node is None or node.id not in self.app.catalog.resources:
            self.show_message("Select a resource to study first")
            return
        self.session_bar.start(node.id)

    def show_review(self) -> None:
        """Last week's review (every week since the last roll-over, after weeks away); when
        the plan has not rolled over yet, with the moves the roll-over makes and Accept,
        which rolls it over (one undoable step)."""
        from planner.core.journal.goals import reviews_since_roll_over
        from planner.ui.plan.review_dialog import ReviewDialog

        if self.review_dialog is not None and self.review_dialog.isVisible():
            self.review_dialog.raise_()
            return
        pending = self.app.plan_is_stale()
        plan = self.app.plan_today()
        moves = plan.moves if pending and plan is not None else None
        dialog = ReviewDialog(reviews_since_roll_over(self.app), self.app.catalog, moves,
                              self)
        self.review_dialog = dialog
        dialog.accepted.connect(self._accept_rollover)
        dialog.finished.connect(lambda _result: self._review_closed(dialog))
        dialog.open()

    def _review_closed(self, dialog: ReviewDialog) -> None:
        """The review answered (Accept or Later): forgotten before it is deleted, so that
        asking for it again makes a new one."""
        if self.review_dialog is dialog:
            self.review_dialog = None
        dialog.deleteLater()

    def _offer_to_finish(self) -> None:
        """A session left running is asked about once the review (if any) is answered."""
        review = self.review_dialog
        if review is not None and review.isVisible():
            review.finished.connect(self.session_bar.offer_to_finish)
        else:
            self.session_bar.offer_to_finish()

    def ask_rating(self, app: AppState, title: str, *, revisit: bool = False) -> str | None:
        """How well the learner could explain ``title`` (the rating dialog, loaded when
        first asked: start-up does not build dialog classes)."""
        from planner.ui.rating_dialog import ask_rating

        return ask_rating(app, title, self, revisit=revisit)

    def show_stats(self) -> None:
        """The statistics window (its module loads now, not at start-up)."""
        from planner.ui.stats.window import StatsWindow

        StatsWindow.open_for(self.app, self)

    def _accept_rollover(self) -> None:
        if self.app.plan_is_stale() and self.history.push(RollOverPlan()):
            self.show_message("The plan rolled over to this week (Edit ▸ Undo takes it back)")

    def _check_week(self) -> None:
        """Past a week boundary with the window open: the views show the new week, and the
        review comes up."""
        week = week_of(self.app.today())
        if week == self._week:
            return
        self._week = week
        bridge_for(self.app).changed.emit(Update(f"A new week: {week}", Changed.PLAN,
                                                 frozenset()))
        if self.app.plan_is_stale():
            self.show_review()

    def open_resource(self, resource_id: str) -> None:
        resource = self.app.catalog.resources.get(resource_id)
        if resource is not None:
            self.opener.open(resource)

    def copy_link(self, resource_id: str) -> None:
        resource = self.app.catalog.resources.get(resource_id)
        if resource is not None:
            self.opener.copy(resource)

    def open_data_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        folder = self.store.path.parent
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.show_message(f"Could not open the folder {folder}")

    def show_about(self) -> None:
        from planner.ui.help_dialogs import about_box  # loaded when first shown

        if self.about_box is None:
            self.about_box = about_box(self, f"About {APP_NAME}", self.about_text())
        self.about_box.setText(self.about_text())
        self.about_box.open()

    def about_text(self) -> str:
        return (f"<b>{APP_NAME}</b> {__version__}<br>Work through a reading list, week by "
                f"week.<br><br>Released under the {LICENSE} licence.<br>Website: none yet "
                f"(there is no public website for {APP_NAME}).<br><br>"
                f"{html.escape(BUNDLED_LIST_CREDIT)}<br><br>Your data file:<br>"
                f"<code>{html.escape(str(self.store.path))}</code>")

    def show_shortcuts(self) -> None:
        """Help ▸ Keyboard Shortcuts: built from the actions each time, never stale."""
        from planner.ui.help_dialogs import ShortcutsDialog  # loaded when first shown

        if self.shortcuts_dialog is not None:
            self.shortcuts_dialog.close()
            self.shortcuts_dialog.deleteLater()
        self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.open()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    def bring_forward(self) -> None:
        """Another launch on the same data file asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # ---------------------------------------------------------------- window state

    def _screen_kind(self) -> str:
        narrow = self.screen().availableGeometry().width() < ROOM_BESIDE_TREE
        return "narrow" if narrow else "wide"

    def _restore(self, first_launch: bool) -> None:
        ui = self.local.values if self.local is not None else {}
        if ui.get(SCREEN_KIND, self._screen_kind()) != self._screen_kind():
            # made on the other kind of screen (a wide monitor's layout on a laptop: a dock
            # beside the tree with no room for it, titles cut to "M…g"): this screen's
            # first layout instead; one saved before the kind was kept is used as it is
            ui = {k: v for k, v in ui.items() if k not in (GEOMETRY, DOCKS, SPLITTER)}
        geometry = _decode(ui.get(GEOMETRY))
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(DEFAULT_SIZE[0], screen.width() * 9 // 10),
                        min(DEFAULT_SIZE[1], screen.height() * 9 // 10))
            if is_short_screen(self.screen()):  # every row counts there
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        docks = _decode(ui.get(DOCKS))
        central = self.width()
        if docks is None or not self.restoreState(docks):
            # The plan is the main feature: always shown on first launch. Beside the tree
            # and the pane where they fit (28% of the width), else below them (40% of the
            # height); applied once laid out.
            self._dock_size: tuple[Qt.Orientation, int] | None
            if self.width() >= ROOM_BESIDE_TREE:
                self._dock_size = (Qt.Orientation.Horizontal, self.width() * 26 // 100)
                central = self.width() * 74 // 100
            else:
                self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.plan_dock)
                self._dock_size = (Qt.Orientation.Vertical, self.height() * 40 // 100)
        sizes = _decode(ui.get(SPLITTER))
        if sizes is None or not self.splitter.restoreState(sizes):
            # titles do not wrap, the pane's text does: the tree the larger share
            tree = central * (55 if self.dockWidgetArea(self.plan_dock)
                              == Qt.DockWidgetArea.RightDockWidgetArea else 60) // 100
            self.splitter.setSizes([tree, central - tree])
        expanded = ui.get(EXPANDED)
        if first_launch or expanded is None:
            self.panel.expand_for_first_look()
        else:
            self.panel.set_expanded(expanded.split())
        selected = ui.get(SELECTED, "")
        if first_launch or not (selected and self.panel.select(selected)):
            suggestion = first_to_study(self.app.catalog, self.app.state.progress)
            if suggestion is not None:
                self.panel.select(suggestion.id)
        tab = ui.get(PLAN_TAB, "")
        self._plan_tab = int(tab) if tab.isascii() and tab.isdigit() and len(tab) < 4 else None
        self.panel.view.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._apply_dock_width()

    def _apply_dock_width(self) -> None:
        """The dock's first size, once the window is shown and the panel is in the dock
        (setting the panel makes the dock take the panel's preferred size)."""
        size = getattr(self, "_dock_size", None)
        if size and self.isVisible() and self._plan is not None:
            self._dock_size = None
            orientation, length = size
            self.resizeDocks([self.plan_dock], [length], orientation)

    def window_state(self) -> dict[str, str]:
        """The window's state as the local state file keeps it."""
        ui = {GEOMETRY: _encode(self.saveGeometry()),
              SPLITTER: _encode(self.splitter.saveState()),
              DOCKS: _encode(self.saveState()),
              SCREEN_KIND: self._screen_kind(),
              EXPANDED: " ".join(self.panel.remembered_expanded_ids())}
        if self.panel.current_id:
            ui[SELECTED] = self.panel.current_id
        tab = self._plan.tabs.currentIndex() if self._plan is not None else self._plan_tab
        if tab is not None and tab >= 0:
            ui[PLAN_TAB] = str(tab)
        ui.update(self.session_bar.remembered())  # the last activity seen in a session
        sent = self.local.values.get(REMINDER_SENT) if self.local is not None else None
        ui.update(self.reminders.remembered() if self.reminders is not None
                  else {REMINDER_SENT: sent} if sent else {})
        return ui

    def _remember(self) -> None:
        """The window state to the local state file (never the data file: see the module
        docstring); a file that cannot be written is noted in ``local.problems``."""
        if self.local is not None:
            self.local.write(self.window_state(),
                             {**self.local.machine, APPEARANCE: theme().mode.value,
                              **(self.reminders.machine() if self.reminders else {})})

    remember_now = _remember

    def closeEvent(self, event: QCloseEvent) -> None:
        self.pane.commit_pending()
        self._remember()
        if (self.reminders is not None and self.reminders.keeps_running()
                and self.ask_before_discarding and not self.quitting):
            self.autosave.save_now()  # to the tray: saved as on quit, still running
            self.hide()
            event.ignore()
            return
        # Only a change is saved (quitting after moving the window writes nothing there),
        # and a data file that is missing (moved aside as unreadable, say) is put back.
        saved = bool(self.read_only) or self.autosave.save_now(
            force=not self.store.path.exists())
        if (not saved and self.autosave.dirty and self.ask_before_discarding
                and not self.confirm_discard(self.autosave.error)):
            event.ignore()
            return
        if self.follower is not None:
            self.follower.stop()
        self.autosave.detach()
        self.closed = True
        event.accept()

    def confirm_discard(self, error: str) -> bool:
        """Asked when the last save failed on quit: True to quit and lose the changes."""
        from PySide6.QtWidgets import QMessageBox  # dialogs are rare: loaded when needed

        answer = QMessageBox.warning(
            self,
            f"{APP_NAME}: changes not saved",
            as_written(f"Your latest changes could not be saved:\n\n{error}\n\n"
                       "Quit anyway and lose them? Choose Cancel to keep the window open and "
                       "try again (for example after freeing disk space)."),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard
