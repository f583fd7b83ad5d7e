"""Every week of the accepted plan, its goals as children, and the overflow lane last.

An adapter over ``app.plan_today()`` (the accepted plan, rolled over in memory when it is
from an earlier week): rows are read from the plan on every call. Top-level rows are the
weeks (over-budget weeks in red and bold, this week bold, past weeks muted), then one
"Overflow" row whose children are the work beyond the horizon with its reason.
Dropping a resource on a week (or on one of its goals) asks for it to be pinned there
(``pin_requested``: the panel previews the re-plan first); a goal or an overflow item can be
dragged to another week the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QFont

from planner.core.hours import format_hours
from planner.core.journal.goals import done_hours, is_goal_done
from planner.core.journal.state import AppState, Changed, Update
from planner.core.planning.plan import Goal, OverflowItem, Plan, WeekPlan
from planner.core.planning.scheduler import describe_goal
from planner.core.weeks import monday, week_of
from planner.core.wording import week_hours
from planner.ui import colours
from planner.ui.bridge import bridge_for
from planner.ui.catalog.drag import resource_mime
from planner.ui.formatting import as_written
from planner.ui.plan.week_model import (
    PinDrops,
    ResourceIdRole,
    WeekRole,
    _Index,
    goal_role_data,
    week_title,
)
from planner.ui.undo import UndoHistory

OverflowRole = Qt.ItemDataRole.UserRole + 4  # the core OverflowItem
OverBudgetRole = Qt.ItemDataRole.UserRole + 5  # bool, on week rows
OVERFLOW_TITLE = "Overflow"
_TOP = 0  # internal id of top-level rows; children carry their parent's row + 1


class PlanColumn(IntEnum):
    TITLE = 0
    HOURS = 1


_F = Qt.ItemFlag
_NO_FLAGS = _F.NoItemFlags
# (a week's row or one of its goals, a goal or overflow item) -> flags
# Goals and overflow items drag their resource to another week (a pin, previewed).
_FLAGS = {
    (False, False): _F.ItemIsEnabled | _F.ItemIsSelectable,  # the overflow row
    (True, False): _F.ItemIsEnabled | _F.ItemIsSelectable | _F.ItemIsDropEnabled,  # a week
    (True, True): (_F.ItemIsEnabled | _F.ItemIsSelectable | _F.ItemIsDropEnabled
                   | _F.ItemIsDragEnabled | _F.ItemNeverHasChildren),  # a goal of a week
    (False, True): (_F.ItemIsEnabled | _F.ItemIsSelectable | _F.ItemIsDragEnabled
                    | _F.ItemNeverHasChildren),  # overflow
}


class PlanTreeModel(PinDrops, QAbstractItemModel):
    pin_requested = Signal(str, str)  # a resource dropped on a week (or one of its goals)

    def __init__(self, app: AppState, history: UndoHistory,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._history = history
        bridge_for(app).changed.connect(self._on_change)

    # ---------------------------------------------------------------- the adapted plan

    def plan(self) -> Plan | None:
        return self._app.plan_today()

    def _weeks(self) -> tuple[WeekPlan, ...]:
        plan = self.plan()
        return plan.weeks if plan is not None else ()

    def _overflow(self) -> tuple[OverflowItem, ...]:
        plan = self.plan()
        return plan.overflow if plan is not None else ()

    def overflow_row(self) -> int:
        return len(self._weeks())

    def week_at(self, index: _Index) -> WeekPlan | None:
        """The week of a week row or of a goal row."""
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == _TOP else index.internalId() - 1
        weeks = self._weeks()
        return weeks[row] if 0 <= row < len(weeks) else None

    def index_of_week(self, week: str) -> QModelIndex:
        for row, candidate in enumerate(self._weeks()):
            if candidate.week == week:
                return self.index(row, 0)
        return QModelIndex()

    def overflow_index(self) -> QModelIndex:
        return self.index(self.overflow_row(), 0) if self.plan() is not None else QModelIndex()

    def _child(self, index: _Index) -> Goal | OverflowItem | None:
        if not index.isValid() or index.internalId() == _TOP:
            return None
        parent_row = index.internalId() - 1
        weeks = self._weeks()
        items: tuple[Goal, ...] | tuple[OverflowItem, ...]
        if parent_row < len(weeks):
            items = weeks[parent_row].goals
        elif parent_row == len(weeks):
            items = self._overflow()
        else:
            return None
        return items[index.row()] if 0 <= index.row() < len(items) else None

    # ---------------------------------------------------------------- structure

    def index(self, row: int, column: int,
              parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        # hasIndex() would call back into rowCount and columnCount from C++: asked directly.
        if not (0 <= column < len(PlanColumn) and 0 <= row < self.rowCount(parent)):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if self.plan() is None:
            return 0
        weeks = self._weeks()
        if not parent.isValid():
            return len(weeks) + 1
        if parent.internalId() != _TOP or parent.column() != 0:
            return 0
        if parent.row() < len(weeks):
            return len(weeks[parent.row()].goals)
        if parent.row() == len(weeks):
            return len(self._overflow())
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(PlanColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Week", "Hours")[section] if 0 <= section < len(PlanColumn) else None
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        # Called per row by every layout: the combinations are made once (_FLAGS below).
        if not index.isValid():
            return _NO_FLAGS
        return _FLAGS[self.week_at(index) is not None, index.internalId() != _TOP]

    # ---------------------------------------------------------------- data

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            if index.row() == self.overflow_row():
                return self._overflow_data(index.column(), role)
            week = self.week_at(index)
            return self._week_data(week, index.column(), role) if week else None
        item = self._child(index)
        if isinstance(item, Goal):
            week = self.week_at(index)
            assert week is not None
            return self._goal_data(week, item, index.column(), role)
        if isinstance(item, OverflowItem):
            return self._overflow_item_data(item, index.column(), role)
        return None

    def _week_data(self, week: WeekPlan, column: int, role: int) -> Any:
        this_week = week_of(self._app.today())
        past = monday(week.week) < monday(this_week)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == PlanColumn.TITLE:
                return week_title(week.week)
            if not past:
                return week_hours(week)  # the command line's wording too
            text = (f"{format_hours(done_hours(self._app, week))} done of "
                    f"{format_hours(week.planned_hours)}")
            return f"{text} — over budget" if week.over_budget else text
        if role == Qt.ItemDataRole.ForegroundRole:
            if week.over_budget:
                return QBrush(colours.ERROR.text.get())
            return QBrush(colours.MUTED.text.get()) if past else None
        if role == Qt.ItemDataRole.FontRole and (week.over_budget or week.week == this_week):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if week.over_budget:
                return ("Over budget: pinned work, or work studied outside the week's "
                        "goals, goes beyond the hours per week (see the plan's warnings)")
            return "This week" if week.week == this_week else ("History" if past else None)
        if role == WeekRole:
            return week.week
        if role == OverBudgetRole:
            return week.over_budget
        return None

    def _goal_data(self, week: WeekPlan, goal: Goal, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == PlanColumn.HOURS:
                return format_hours(goal.hours)
            text = describe_goal(goal, self._app.catalog)
            if is_goal_done(self._app, week.week, goal):
                text = f"✓ {text}"
            return f"{text} · pinned" if goal.pinned else text
        if role == Qt.ItemDataRole.ForegroundRole and is_goal_done(self._app, week.week, goal):
            return QBrush(colours.MUTED.text.get())
        if role == Qt.ItemDataRole.DecorationRole and column != PlanColumn.TITLE:
            return None
        return goal_role_data(goal, week.week, role)

    def _overflow_data(self, column: int, role: int) -> Any:
        items = self._overflow()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == PlanColumn.TITLE:
                return f"{OVERFLOW_TITLE} ({len(items)})" if items else f"{OVERFLOW_TITLE} — none"
            return format_hours(sum(item.hours for item in items)) if items else ""
        if role == Qt.ItemDataRole.ForegroundRole and items:
            return QBrush(colours.OVERFLOW.text.get())
        if role == Qt.ItemDataRole.FontRole and items:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Work the plan could not fit, with the reason"
        return None

    def _overflow_item_data(self, item: OverflowItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == PlanColumn.HOURS:
                return format_hours(item.hours)
            resource = self._app.catalog.resources.get(item.resource)
            title = resource.title if resource else item.resource
            return f"{title} — {item.reason}"
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(colours.OVERFLOW.text.get())
        if role == Qt.ItemDataRole.ToolTipRole:
            return as_written(item.reason)  # a reason may quote a title
        if role == OverflowRole:
            return item
        if role == ResourceIdRole:
            return item.resource
        return None

    # ---------------------------------------------------------------- drags and drops: pinning

    def drop_week(self, parent: _Index) -> str | None:
        week = self.week_at(parent)
        return week.week if week else None

    def mimeData(self, indexes: Iterable[QModelIndex]) -> QMimeData:
        """A goal or overflow item dragged away carries its resource, as the tree's do."""
        for index in indexes:
            rid = index.data(ResourceIdRole) if index.isValid() else None
            if rid is not None:
                return resource_mime(rid)
        return QMimeData()

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction  # a pin: the goal is not removed from where it was

    # ---------------------------------------------------------------- following the state

    def _on_change(self, change: Update) -> None:
        if change.flags & (Changed.PLAN | Changed.CATALOG):
            self.beginResetModel()
            self.endResetModel()
            return
        if not change.flags & (Changed.PROGRESS | Changed.TICKS):
            return
        last = len(PlanColumn) - 1
        tops = self.rowCount()
        if not tops:
            return
        roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole]
        self.dataChanged.emit(self.index(0, 0), self.index(tops - 1, last), roles)
        for row in range(tops):
            parent = self.index(row, 0)
            children = self.rowCount(parent)
            if children:
                self.dataChanged.emit(self.index(0, 0, parent),
                                      self.index(children - 1, last, parent), roles)
