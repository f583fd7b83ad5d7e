"""The weekly planner in the window: "This week" with check boxes, "Plan" with every week.

Thin: every action builds one core change and pushes it through the undo history; the
two models adapt the accepted plan as it stands today (``app.plan_today()``) and refresh
from the state's change notifications. A re-plan, a pin (menu or drop) and an unpin are
previewed first (``ReplanDialog``: what moves and why), and change nothing unless applied.
Settings edits, pins and re-plans are refused with a message in the panel when the core
refuses them, and then nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import UserError
from planner.core.hours import HOURS_DECIMALS, format_hours
from planner.core.journal.goals import (
    done_hours,
    fresh_plan,
    plan_is_out_of_date,
)
from planner.core.journal.state import AppState, Changed, Operation, UnknownResourceError, Update
from planner.core.operations.planning import AcceptPlan, ChangeSettings, Pin, PinAndReplan
from planner.core.planning.plan import Plan
from planner.core.planning.settings import (
    MAX_HORIZON,
    MAX_HOURS_PER_WEEK,
    MAX_PARALLEL,
    MIN_HORIZON,
    MIN_HOURS_PER_WEEK,
    MIN_PARALLEL,
)
from planner.core.weeks import WeekError, add_weeks, parse_week, week_of
from planner.ui import colours
from planner.ui.appearance import follow_theme
from planner.ui.bridge import bridge_for
from planner.ui.plan.plan_model import PlanTreeModel
from planner.ui.plan.week_model import (
    GoalRole,
    ResourceIdRole,
    WeekGoalsModel,
    WeekRole,
    week_title,
)
from planner.ui.undo import UndoHistory
from planner.ui.widgets import (
    RangeDoubleSpinBox,
    RangeSpinBox,
    WarningList,
    is_short_screen,
    show_as_error,
)

CHOICE_WEEKS = 12
OPEN_OVERFLOW_ROWS = 50  # a longer overflow lane starts closed (see _expand_plan)


class _WrappingDelegate(QStyledItemDelegate):
    """Row heights from the text wrapped at its column's width: QTreeView asks the
    delegate's size with no width, which measures every row as one line."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # type: ignore[override]
        if index.column() != 0:  # the hours: sized to their content, one line
            return super().sizeHint(option, index)
        view = self._view
        width = view.columnWidth(0)  # less what the view draws before the text (visualRect)
        if view.rootIsDecorated():  # the top level's expand arrows
            width -= view.indentation()
        up = index.parent()
        while up.isValid():
            width -= view.indentation()
            up = up.parent()
        if index.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            style = view.style()
            width -= (style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
                      + 2 * style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 2)
        sized = QStyleOptionViewItem(option)
        sized.rect = QRect(0, 0, max(width, 1), max(option.rect.height(), 1))
        return super().sizeHint(sized, index)


class WrappingTreeView(QTreeView):
    """A tree whose long rows wrap rather than lose their end ("chapter 5 of A Brief
    Intr…"): rows as tall as their text, laid out again when the width changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(_WrappingDelegate(self))
        self.header().sectionResized.connect(self._relayout)

    def _relayout(self, column: int, old: int, new: int) -> None:
        if column == 0 and old != new:
            self.scheduleDelayedItemsLayout()


class PlanPanel(QWidget):
    """``PlanPanel(app, history)``: the weekly planner as one widget."""

    week_changed = Signal(str)  # the ISO week "This week" shows
    resource_selected = Signal(str)  # a goal or overflow item clicked: its resource's id
    session_requested = Signal(str)  # "Start Session" on a goal: its resource's id
    error_shown = Signal(str)  # a refused action, worded for the user ("" when cleared)

    def __init__(self, app: AppState, history: UndoHistory,
                 parent: QWidget | None = None, *, compact: bool | None = None) -> None:
        """``compact``: the settings are a tab of their own (a short screen); by default,
        when the primary screen is short."""
        super().__init__(parent)
        self.app = app
        self.history = history
        self._pending_error = ""
        self._accept_initial_plan()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.banner = QWidget()
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(4, 2, 4, 2)
        self.banner_label = QLabel("The plan is out of date —")
        self.banner_button = QPushButton("Re-plan…")
        self.banner_button.clicked.connect(self.replan)
        banner_layout.addWidget(self.banner_label)
        banner_layout.addWidget(self.banner_button)
        banner_layout.addStretch(1)
        self.banner.setAutoFillBackground(True)
        follow_theme(self.banner, self._colour_banner)
        self.banner.setVisible(False)
        layout.addWidget(self.banner)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        show_as_error(self.error_label)
        self.error_label.setVisible(False)
        layout.addWidget(self.error_label)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_week_tab(), "This week")
        plan_tab = self._build_plan_tab()
        self.tabs.addTab(plan_tab, "Plan")
        layout.addWidget(self.tabs, 1)
        # On a short screen (1366 × 820 at 2× is 410 px high) the settings rows under the
        # tabs made the window taller than the screen, and in the Plan tab they still made
        # the dock's least height (the tallest tab's) leave the tree two rows: there they
        # are a tab of their own.
        settings = self._build_settings_row()
        self.compact = (is_short_screen(QGuiApplication.primaryScreen()) if compact is None
                        else compact)
        if self.compact:
            page = QWidget()
            page_layout = QVBoxLayout(page)
            page_layout.addWidget(settings)
            page_layout.addStretch(1)
            self.tabs.addTab(page, "Settings")
        else:
            layout.addWidget(settings)

        bridge_for(app).changed.connect(self._on_change)
        self._refresh_week_header()
        self._refresh_warnings()
        self._refresh_banner()

    # ------------------------------------------------------------------ building

    def _colour_banner(self) -> None:
        palette = self.banner.palette()
        palette.setColor(QPalette.ColorRole.Window, colours.NOTICE_BACKGROUND.get())
        palette.setColor(QPalette.ColorRole.WindowText, colours.NOTICE.text.get())
        self.banner.setPalette(palette)

    def _build_week_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        nav = QHBoxLayout()
        self.previous_button = QPushButton("◀")
        self.previous_button.setToolTip("Previous week (Alt+Left)")
        self.today_button = QPushButton("Today")
        self.today_button.setToolTip("Back to this week (Alt+Home)")
        self.next_button = QPushButton("▶")
        self.next_button.setToolTip("Next week (Alt+Right)")
        self.previous_button.clicked.connect(self.previous_week)
        self.today_button.clicked.connect(self.go_to_today)
        self.next_button.clicked.connect(self.next_week)
        self.week_label = QLabel()
        font = self.week_label.font()
        font.setBold(True)
        self.week_label.setFont(font)
        self.week_label.setWordWrap(True)
        for button in (self.previous_button, self.next_button):
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("◀") + 28)
        nav.addWidget(self.week_label, 1)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.today_button)
        nav.addWidget(self.next_button)
        layout.addLayout(nav)

        self.hours_label = QLabel()
        layout.addWidget(self.hours_label)

        self.week_model = WeekGoalsModel(self.app, self.history, week_of(self.app.today()), self,
                                         ask=self.ask_rating)
        self.week_view = QListView()
        self.week_view.setWordWrap(True)  # long goals wrap instead of scrolling sideways
        self.week_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.week_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.week_view.setModel(self.week_model)
        self.week_view.setAccessibleName("Goals of the week")
        self._accept_drops(self.week_view)
        # queued: the preview opens once the drop is over, not inside the drag's own loop
        self.week_model.pin_requested.connect(self.pin, Qt.ConnectionType.QueuedConnection)
        self.week_view.clicked.connect(self._select_resource)
        self.week_view.activated.connect(self._select_resource)
        self.week_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.week_view.customContextMenuRequested.connect(
            lambda pos: self._goal_menu(self.week_view, pos))
        layout.addWidget(self.week_view, 1)

        self.shortcuts = {}
        for keys, slot, what in (("Alt+Left", self.previous_week, "Previous week"),
                                 ("Alt+Right", self.next_week, "Next week"),
                                 ("Alt+Home", self.go_to_today, "This week")):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setWhatsThis(what)  # its name in Help ▸ Keyboard Shortcuts
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts[keys] = shortcut
        self.week_model.modelReset.connect(self._refresh_week_header)
        self.week_model.dataChanged.connect(self._refresh_week_header)
        # a check re-plans the week (a reset): the keyboard's place is kept (see below)
        self._current_goal: tuple[str, str, bool] | None = None
        self.week_view.selectionModel().currentChanged.connect(self._remember_current_goal)
        self.week_model.modelReset.connect(self._restore_current_goal)
        return tab

    def _goal_done(self, row: int) -> bool:
        state = self.week_model.index(row).data(Qt.ItemDataRole.CheckStateRole)
        return bool(state == Qt.CheckState.Checked)

    def _remember_current_goal(self, index: QModelIndex) -> None:
        """The goal the keyboard is on, and whether it was done when it became current (the
        model shows the state as it is, so a reset is too late to ask)."""
        goal = self.week_model.goal(index)
        if goal is not None:
            self._current_goal = (self.week_model.week, goal.resource,
                                  self._goal_done(index.row()))

    def _restore_current_goal(self) -> None:
        """The goal that was current stays current through the re-plan; one just checked
        (with Space) hands on to the next goal still to do, as a to-do list does, so that
        Space, Space goes on down the week (checked, a goal moves to the week's record at
        the top, where the view's next key would have found it again)."""
        kept = self._current_goal
        model = self.week_model
        if kept is None or kept[0] != model.week:
            return
        _, resource, was_done = kept
        rows = range(model.rowCount())
        same = next((r for r in rows
                     if (g := model.goal(model.index(r))) and g.resource == resource), None)
        if same is None:
            return
        row = same
        if self._goal_done(same) and not was_done:
            open_rows = [r for r in rows if not self._goal_done(r)]
            row = next((r for r in open_rows if r > same), open_rows[0] if open_rows else same)
        self.week_view.setCurrentIndex(model.index(row))

    def _build_plan_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.warnings = WarningList()
        self.warnings.setAccessibleName("Warnings of the plan")
        layout.addWidget(self.warnings)

        self.plan_model = PlanTreeModel(self.app, self.history, self)
        self.plan_view = WrappingTreeView()
        self.plan_view.setModel(self.plan_model)
        self.plan_view.setAccessibleName("Every week of the plan")
        self.plan_view.header().setStretchLastSection(False)
        self.plan_view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.plan_view.header().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents)
        # Fitted to the rows in view, not to a thousand of them (the overflow lane of a big
        # catalog): the hours are short, and each row measured is a call into the model.
        self.plan_view.header().setResizeContentsPrecision(0)
        self._accept_drops(self.plan_view)
        self.plan_model.pin_requested.connect(self.pin, Qt.ConnectionType.QueuedConnection)
        # a goal dragged to another week: a pin there, through the same preview
        self.plan_view.setDragEnabled(True)
        self.plan_view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.plan_view.clicked.connect(self._select_resource)
        self.plan_view.activated.connect(self._select_resource)
        self.plan_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.plan_view.customContextMenuRequested.connect(
            lambda pos: self._goal_menu(self.plan_view, pos))
        self._overflow_open: bool | None = None  # the user's choice, once they made one
        self._expanding = False
        self.plan_view.expanded.connect(lambda index: self._lane_toggled(index, True))
        self.plan_view.collapsed.connect(lambda index: self._lane_toggled(index, False))
        self.plan_model.modelReset.connect(self._expand_plan)
        self._expand_plan()
        layout.addWidget(self.plan_view, 1)
        return tab

    def _build_settings_row(self) -> QWidget:
        row = QWidget()
        layout = QGridLayout(row)
        layout.setContentsMargins(4, 0, 4, 4)
        # The core's bounds (planner.core.planning.settings), the same as the command line's
        self.hours_spin = RangeDoubleSpinBox()
        self.hours_spin.setRange(MIN_HOURS_PER_WEEK, MAX_HOURS_PER_WEEK)
        self.hours_spin.setDecimals(HOURS_DECIMALS)
        self.hours_spin.setSingleStep(0.5)
        self.hours_spin.setSuffix(" h")
        self.hours_spin.setKeyboardTracking(False)
        self.hours_spin.setAccessibleName("Hours per week")
        self.hours_spin.setToolTip(f"Hours of study a week, from {MIN_HOURS_PER_WEEK:g} to "
                                   f"{MAX_HOURS_PER_WEEK:g}")
        self.parallel_spin = RangeSpinBox()
        self.parallel_spin.setRange(MIN_PARALLEL, MAX_PARALLEL)
        self.parallel_spin.setKeyboardTracking(False)
        self.parallel_spin.setAccessibleName("Resources in parallel per week")
        self.parallel_spin.setToolTip(f"From {MIN_PARALLEL} to {MAX_PARALLEL}")
        self.horizon_spin = RangeSpinBox()
        self.horizon_spin.setRange(MIN_HORIZON, MAX_HORIZON)
        self.horizon_spin.setToolTip(f"From {MIN_HORIZON} to {MAX_HORIZON} weeks")
        self.horizon_spin.setSuffix(" wk")
        self.horizon_spin.setKeyboardTracking(False)
        self.horizon_spin.setAccessibleName("Planning horizon in weeks")
        self.start_combo = QComboBox()
        self.start_combo.setAccessibleName("First week to plan")
        # Long week titles must not widen the dock: the list shows them in full when open.
        self.start_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.start_combo.setMinimumContentsLength(8)
        self._show_settings()
        for box in (self.hours_spin, self.parallel_spin, self.horizon_spin):
            box.refused.connect(self.show_error)
        self.hours_spin.valueChanged.connect(self._hours_edited)
        self.parallel_spin.valueChanged.connect(self._parallel_edited)
        self.horizon_spin.valueChanged.connect(
            lambda weeks: weeks != self.app.settings.horizon_weeks
            and self.set_settings(horizon_weeks=int(weeks)))
        self.start_combo.activated.connect(self._start_edited)
        self.replan_button = QPushButton("Re-plan…")
        self.replan_button.setToolTip("Preview what a re-plan moves, then apply it")
        self.replan_button.clicked.connect(self.replan)
        hours_label = QLabel("Hours/&week:")  # Alt+H is the Help menu
        hours_label.setBuddy(self.hours_spin)
        parallel_label = QLabel("&At once:")
        parallel_label.setBuddy(self.parallel_spin)
        parallel_label.setToolTip("How many resources a week may hold at most")
        layout.addWidget(hours_label, 0, 0)
        layout.addWidget(self.hours_spin, 0, 1)
        layout.addWidget(parallel_label, 0, 2)
        layout.addWidget(self.parallel_spin, 0, 3)
        start_label = QLabel("S&tart:")  # Alt+S is the Study menu
        start_label.setBuddy(self.start_combo)
        start_label.setToolTip("The first week the plan fills (default: this week)")
        horizon_label = QLabel("Ho&rizon:")
        horizon_label.setBuddy(self.horizon_spin)
        horizon_label.setToolTip("How far ahead to plan; what does not fit goes to overflow")
        layout.addWidget(start_label, 1, 0)
        layout.addWidget(self.start_combo, 1, 1)
        layout.addWidget(horizon_label, 1, 2)
        layout.addWidget(self.horizon_spin, 1, 3)
        layout.setColumnStretch(4, 1)
        layout.addWidget(self.replan_button, 2, 0, 1, 5, Qt.AlignmentFlag.AlignRight)
        return row

    def _accept_drops(self, view: QAbstractItemView) -> None:
        view.setAcceptDrops(True)
        view.setDropIndicatorShown(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        view.setDefaultDropAction(Qt.DropAction.CopyAction)

    def _expand_plan(self) -> None:
        """Weeks from this week on open, history closed; the overflow lane as the user last
        left it, else open while it is short. A lane of hundreds (most of a big catalog at a
        few hours a week) starts closed, its title giving the count: laid out open, its rows
        cost the dock ~15 ms to show with 2,000 resources, and opening it by hand lays them
        out then."""
        this_week = week_of(self.app.today())
        model = self.plan_model
        self._expanding = True
        try:
            for row in range(model.rowCount()):
                index = model.index(row, 0)
                week = index.data(WeekRole)
                if week is None:
                    open_lane = self._overflow_open
                    if open_lane is None:
                        open_lane = model.rowCount(index) <= OPEN_OVERFLOW_ROWS
                    self.plan_view.setExpanded(index, open_lane)
                else:
                    self.plan_view.setExpanded(index, week >= this_week)
        finally:
            self._expanding = False

    def _lane_toggled(self, index: QModelIndex, opened: bool) -> None:
        """The user opened or closed the overflow lane: kept through re-plans and resets."""
        if not self._expanding and index.parent() == QModelIndex() and (
                index.data(WeekRole) is None):
            self._overflow_open = opened

    # ------------------------------------------------------------------ the plan

    def _accept_initial_plan(self) -> None:
        """No accepted plan yet: accept a fresh one silently (nothing to undo)."""
        if self.app.state.plan is not None:
            return
        try:
            self.app.apply(AcceptPlan(fresh_plan(self.app), "First plan"))
        except UserError as exc:  # SchedulingError, SettingsError, ChangeRefusedError
            self._pending_error = str(exc)

    @property
    def plan(self) -> Plan | None:
        return self.app.plan_today()

    def ask_rating(self, app: AppState, title: str, *, revisit: bool = False) -> str | None:
        """How well the learner could explain ``title`` (the rating dialog, loaded when
        first asked: start-up does not build dialog classes)."""
        from planner.ui.rating_dialog import ask_rating

        return ask_rating(app, title, self, revisit=revisit)

    def replan(self) -> bool:
        """Preview a re-plan; apply it (undoable) on OK. True when it was applied."""
        try:
            plan = fresh_plan(self.app)
        except UserError as exc:
            self.show_error(str(exc))
            return False
        if not self._preview(plan):
            return False
        return self._push(lambda: AcceptPlan(plan, "Re-plan"))

    def _preview(self, plan: Plan, title: str = "Re-plan",
                 action: str = "Apply re-plan") -> bool:
        """Show what ``plan`` moves and why; True when the user applies it."""
        # Loaded on first use: the panel is built at start-up now that the plan shows on
        # first launch at every size, and QDialog is not needed before the window is idle.
        from PySide6.QtWidgets import QDialog

        from planner.ui.plan.replan_dialog import ReplanDialog

        dialog = ReplanDialog(plan, self.app.catalog, self, title=title, action=action)
        self.replan_dialog = dialog
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()

    # ------------------------------------------------------------------ weeks

    @property
    def week(self) -> str:
        return self.week_model.week

    def show_week(self, week: str) -> None:
        week = parse_week(week)
        if week == self.week_model.week:
            return
        self.week_model.set_week(week)
        self._refresh_week_header()
        self.week_changed.emit(week)

    def previous_week(self) -> None:
        self._step_week(-1)

    def next_week(self) -> None:
        self._step_week(1)

    def _step_week(self, weeks: int) -> None:
        try:
            week = add_weeks(self.week, weeks)
        except WeekError as exc:  # past the calendar's end: said, not a crash
            self.show_error(str(exc))
            return
        self.show_week(week)

    def go_to_today(self) -> None:
        self.show_week(week_of(self.app.today()))

    def _refresh_week_header(self) -> None:
        week = self.week_model.week
        title = week_title(week)
        if week == week_of(self.app.today()):
            title += " (this week)"
        self.week_label.setText(title)
        plan = self.week_model.week_plan()
        if plan is None or not plan.goals:
            self.hours_label.setText("Nothing planned for this week")
            return
        done = done_hours(self.app, plan)
        text = f"{format_hours(done)} of {format_hours(plan.planned_hours)} done"
        if plan.over_budget:
            text += f" · over budget ({format_hours(plan.budget)} a week)"
        self.hours_label.setText(text)

    # ------------------------------------------------------------------ pinning

    def pin(self, resource_id: str, week: str | None) -> bool:
        """Preview pinning a resource to a week (None: unpinning it) and the re-plan that
        follows; on Apply, pin and re-plan as one undoable step. True when applied.

        The menu, a resource dropped from the tree and a goal dragged to another week all
        come here, so each shows the same preview."""
        change = PinAndReplan(resource_id, week)
        try:
            title = Pin(resource_id, week).label(self.app)
            plan = change.preview(self.app)
        except UserError as exc:  # UnknownResourceError, WeekError, SchedulingError
            self.show_error(str(exc))
            return False
        action = "Pin and re-plan" if week is not None else "Unpin and re-plan"
        if not self._preview(plan, title, action):
            return False
        return self._push(lambda: change)

    def week_choices(self) -> list[str]:
        first = week_of(self.app.today())
        return [week_title(add_weeks(first, n)) for n in range(CHOICE_WEEKS)]

    def plan_for_week_dialog(self, resource_id: str) -> bool:
        """Ask for a week (the next 12, or one typed as 2026-W48) and pin the resource there."""
        try:
            resource = self.app.resource(resource_id)
        except UnknownResourceError as exc:
            self.show_error(str(exc))
            return False
        choices = self.week_choices()
        current = self.app.state.pins.get(resource_id)
        start = 0
        for i, choice in enumerate(choices):
            if current and choice.startswith(current):
                start = i
        from PySide6.QtWidgets import QInputDialog  # a dialog class: loaded on first use

        text, ok = QInputDialog.getItem(self, "Plan for week",
                                        f"Plan “{resource.title}” for the week:",
                                        choices, start, True)
        if not ok:
            return False
        try:
            week = parse_week(str(text).split("·", 1)[0])
        except WeekError as exc:
            self.show_error(str(exc))
            return False
        return self.pin(resource_id, week)

    def _select_resource(self, index: QModelIndex) -> None:
        rid = index.data(ResourceIdRole) if index.isValid() else None
        if rid is not None:
            self.resource_selected.emit(rid)

    def _goal_menu(self, view: QAbstractItemView, pos: QPoint) -> None:
        index = view.indexAt(pos)
        menu = self._menu_for(index)
        if menu is not None:
            menu.exec(view.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def _menu_for(self, index: QModelIndex) -> QMenu | None:
        """The goal's context menu: Unpin (pinned goals), Plan for week…, Start Session."""
        rid = index.data(ResourceIdRole) if index.isValid() else None
        if rid is None:
            return None
        menu = QMenu(self)
        goal = index.data(GoalRole)
        unpin = menu.addAction("Unpin")
        unpin.setEnabled(rid in self.app.state.pins or bool(goal and goal.pinned))
        unpin.triggered.connect(lambda: self.pin(rid, None))
        move = menu.addAction("Plan for week…")
        move.triggered.connect(lambda: self.plan_for_week_dialog(rid))
        session = menu.addAction("Start Session")
        session.setToolTip("Time your study of this goal's resource")
        session.triggered.connect(lambda: self.session_requested.emit(rid))
        return menu

    # ------------------------------------------------------------------ settings

    def _show_settings(self) -> None:
        settings = self.app.settings
        self.hours_spin.blockSignals(True)
        self.hours_spin.setValue(settings.hours_per_week)
        self.hours_spin.blockSignals(False)
        self.parallel_spin.blockSignals(True)
        self.parallel_spin.setValue(settings.max_parallel)
        self.parallel_spin.blockSignals(False)
        if hasattr(self, "horizon_spin"):
            self.horizon_spin.blockSignals(True)
            self.horizon_spin.setValue(settings.horizon_weeks)
            self.horizon_spin.blockSignals(False)
            self._fill_start_weeks()

    def _fill_start_weeks(self) -> None:
        """'This week' and the next weeks; a chosen later start week stays listed."""
        this_week = week_of(self.app.today())
        weeks = [add_weeks(this_week, n) for n in range(1, CHOICE_WEEKS + 1)]
        chosen = self.app.settings.start_week
        if chosen and chosen not in weeks and chosen > this_week:
            weeks.append(chosen)
        self.start_combo.blockSignals(True)
        self.start_combo.clear()
        self.start_combo.addItem("This week", None)
        for week in weeks:
            self.start_combo.addItem(week_title(week), week)
        found = self.start_combo.findData(chosen) if chosen and chosen > this_week else 0
        self.start_combo.setCurrentIndex(max(found, 0))
        self.start_combo.blockSignals(False)

    def _start_edited(self, row: int) -> None:
        week = self.start_combo.itemData(row)
        if week != self.app.settings.start_week:
            self.set_settings(start_week=week)

    def _hours_edited(self, value: float) -> None:
        if value != self.app.settings.hours_per_week:
            self.set_settings(hours_per_week=float(value))

    def _parallel_edited(self, value: int) -> None:
        if value != self.app.settings.max_parallel:
            self.set_settings(max_parallel=int(value))

    def set_settings(self, **values: object) -> bool:
        """Change settings through the history; a refused value shows why, nothing changes."""
        ok = self._push(lambda: ChangeSettings(**values))
        if not ok:
            self._show_settings()
        return ok

    # ------------------------------------------------------------------ messages

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        self.error_shown.emit(message)

    def _push(self, build: Callable[[], Operation]) -> bool:
        """Build the change here (so a refusal is shown in the panel), then push it."""
        try:
            change = build()
        except UserError as exc:
            self.show_error(str(exc))
            return False
        self.show_error("")
        if not self.history.push(lambda: change):  # refused on applying (the data file)
            self.show_error(self.history.last_refusal)
            return False
        return True

    def _refresh_warnings(self) -> None:
        plan = self.plan
        lines: list[str] = []
        if plan is not None:
            lines = list(plan.warnings)
            if plan.deadline_misses and not plan.warnings:
                lines += [f"deadline of {miss.resource} ({miss.deadline}) missed"
                          for miss in plan.deadline_misses]
        self.warnings.set_warnings(lines)
        count = len(plan.warnings) if plan is not None else 0
        self.tabs.setTabText(1, f"Plan ⚠ {count}" if count else "Plan")
        self.tabs.setTabToolTip(1, f"{count} warning{'s' if count != 1 else ''}" if count else "")
        pending = self._pending_error
        if pending:
            self._pending_error = ""
            self.show_error(pending)

    def out_of_date(self) -> bool:
        """The accepted plan no longer matches the settings or the catalog (core rule)."""
        return plan_is_out_of_date(self.app)

    def _refresh_banner(self) -> None:
        self.banner.setVisible(self.out_of_date())

    def _on_change(self, change: Update) -> None:
        if change.flags & Changed.SETTINGS:
            self._show_settings()
        if change.flags & Changed.PLAN:
            self._refresh_warnings()
            self._refresh_week_header()
        if change.flags & (Changed.SETTINGS | Changed.PLAN | Changed.CATALOG):
            self._refresh_banner()  # one pass over the catalog, no scheduling

