"""One week of the accepted plan as a checkable list: an adapter, never a copy.

The model keeps only the week's name; the goals are read from ``app.plan_today()`` on every
call, so undo, a re-plan or a check made elsewhere show at once. Checking a goal pushes
``CheckGoal`` through the undo history; dropping a resource on the list asks for it to be
pinned to the week (``pin_requested``: the panel previews the re-plan first).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QBrush, QFont

from planner.core.journal.goals import is_goal_done
from planner.core.journal.state import AppState, Changed, Update
from planner.core.operations.planning import CheckGoal, goal_finishes
from planner.core.planning.plan import REVISIT, Goal, WeekPlan
from planner.core.planning.scheduler import describe_goal
from planner.core.weeks import parse_week
from planner.core.wording import week_title as week_title  # the panels import it here
from planner.ui import colours
from planner.ui.answers import Ask, answer_without_asking
from planner.ui.bridge import bridge_for
from planner.ui.catalog.drag import RESOURCE_MIME, resource_id_from_mime
from planner.ui.icons import revisit_icon
from planner.ui.undo import UndoHistory

GoalRole = Qt.ItemDataRole.UserRole + 1  # the core Goal
ResourceIdRole = Qt.ItemDataRole.UserRole + 2
WeekRole = Qt.ItemDataRole.UserRole + 3  # the ISO week a row belongs to

_Index = QModelIndex | QPersistentModelIndex


PIN_DROP_ACTIONS = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction | Qt.DropAction.LinkAction


def droppable_resource(app: AppState, data: QMimeData) -> str | None:
    """The id a drop carries, when it names a resource of the catalog."""
    rid = resource_id_from_mime(data)
    return rid if rid is not None and rid in app.catalog.resources else None


class PinDrops:
    """A model the tree's resources can be dropped on: a resource dropped on a week asks
    for it to be pinned there (``pin_requested``, which the panel answers with the re-plan
    preview; a model shows no dialog). Mixed in before the Qt model class, which declares
    ``pin_requested = Signal(str, str)`` and names the week a drop lands on
    (``drop_week``)."""

    _app: AppState
    pin_requested: SignalInstance  # (resource id, ISO week)

    def drop_week(self, parent: _Index) -> str | None:
        raise NotImplementedError

    def mimeTypes(self) -> list[str]:
        return [RESOURCE_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return PIN_DROP_ACTIONS

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: _Index) -> bool:
        return (droppable_resource(self._app, data) is not None
                and self.drop_week(parent) is not None)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: _Index) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        rid, week = droppable_resource(self._app, data), self.drop_week(parent)
        if rid is None or week is None:
            return False
        self.pin_requested.emit(rid, week)
        return True


def goal_role_data(goal: Goal, week: str, role: int) -> Any:
    """What a goal's row shows for the roles both plan models share."""
    if role == Qt.ItemDataRole.FontRole:
        return goal_font(goal)
    if role == Qt.ItemDataRole.BackgroundRole:  # text and background, a pair per scheme
        return QBrush(colours.NOTICE_BACKGROUND.get()) if goal.pinned else None
    if role == Qt.ItemDataRole.ForegroundRole:
        return QBrush(colours.NOTICE.text.get()) if goal.pinned else None
    if role == Qt.ItemDataRole.ToolTipRole:
        return goal_tooltip(goal) or None
    if role == Qt.ItemDataRole.DecorationRole:
        return revisit_icon() if goal.kind == REVISIT else None
    if role == GoalRole:
        return goal
    if role == ResourceIdRole:
        return goal.resource
    if role == WeekRole:
        return week
    return None


def goal_font(goal: Goal) -> QFont | None:
    if not goal.pinned:
        return None
    font = QFont()
    font.setItalic(True)
    return font


def goal_tooltip(goal: Goal) -> str:
    notes = []
    if goal.pinned:
        notes.append("pinned to this week")
    if goal.kind == "carry-over":
        notes.append("carried over from an earlier week")
    if goal.kind == REVISIT:
        notes.append("a re-visit of a finished resource, due this week: checking it off "
                     "asks how well you could explain it now")
    return "; ".join(notes)


# A goal row's flags, made once (flags() is called per row by every layout).
_GOAL_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
               | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDropEnabled
               | Qt.ItemFlag.ItemNeverHasChildren)

class WeekGoalsModel(PinDrops, QAbstractListModel):
    """The goals of one week of the accepted plan, each with a check box."""

    pin_requested = Signal(str, str)  # a resource dropped on the week

    def __init__(self, app: AppState, history: UndoHistory, week: str,
                 parent: QObject | None = None, *, ask: Ask = answer_without_asking) -> None:
        super().__init__(parent)
        self._app = app
        self._history = history
        self._ask = ask  # the rating on finishing or re-visiting, asked by the panel
        self._week = parse_week(week)
        bridge_for(app).changed.connect(self._on_change)

    # ---------------------------------------------------------------- the adapted week

    @property
    def week(self) -> str:
        return self._week

    def set_week(self, week: str) -> None:
        week = parse_week(week)
        if week == self._week:
            return
        self.beginResetModel()
        self._week = week
        self.endResetModel()

    def week_plan(self) -> WeekPlan | None:
        plan = self._app.plan_today()
        return plan.week(self._week) if plan is not None else None

    def _goals(self) -> tuple[Goal, ...]:
        week = self.week_plan()
        return week.goals if week is not None else ()

    def goal(self, index: _Index) -> Goal | None:
        goals = self._goals()
        if not index.isValid() or index.parent().isValid() or not 0 <= index.row() < len(goals):
            return None
        return goals[index.row()]

    # ---------------------------------------------------------------- the model API

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._goals())

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        goal = self.goal(index)
        if goal is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = describe_goal(goal, self._app.catalog)
            return f"{text} · pinned" if goal.pinned else text
        if role == Qt.ItemDataRole.CheckStateRole:
            done = is_goal_done(self._app, self._week, goal)
            return Qt.CheckState.Checked if done else Qt.CheckState.Unchecked
        return goal_role_data(goal, self._week, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _GOAL_FLAGS if index.isValid() else Qt.ItemFlag.ItemIsDropEnabled

    def setData(self, index: _Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        goal = self.goal(index)
        if goal is None or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if checked == is_goal_done(self._app, self._week, goal):
            return False
        week = self._week
        answer: str | None = ""
        if checked and (goal.kind == REVISIT or goal_finishes(self._app, goal)):
            title = self._app.resource(goal.resource).title
            answer = self._ask(self._app, title, revisit=goal.kind == REVISIT)
            if answer is None:  # the question closed unanswered: not checked
                return False
        return self._history.push(CheckGoal(week, goal, checked, answer or None))

    # ---------------------------------------------------------------- drops: pinning

    def drop_week(self, parent: _Index) -> str | None:
        return self._week

    # ---------------------------------------------------------------- following the state

    def _on_change(self, change: Update) -> None:
        if change.flags & (Changed.PLAN | Changed.CATALOG):
            self.beginResetModel()
            self.endResetModel()
            return
        rows = self.rowCount()
        if rows and change.flags & (Changed.PROGRESS | Changed.TICKS):
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, 0),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.CheckStateRole])
