"""The detail pane's page for one resource: what it is, where it lives, how far along it is.

Every control makes one core change through the undo history; the page re-reads the
resource from the state when told (``show``), so undo, redo and the tree stay in step.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import replace

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.core.catalog.model import (
    MAX_PRIORITY,
    MAX_REVISIT,
    MIN_PRIORITY,
    MIN_REVISIT,
    Resource,
)
from planner.core.hours import format_hours
from planner.core.journal.state import AppState
from planner.core.operations.catalog import SetDeadline, SetPriority, SetRevisitMinutes
from planner.core.operations.progress import EditNotes, LogHours, RecordUnits, SetDone
from planner.core.planning.scheduled import when_scheduled
from planner.core.progress.rules import Status, remaining_hours
from planner.core.revisits.cards import revisit_minutes
from planner.core.sessions.model import sessions_of
from planner.core.sessions.pace import at_your_pace, learned_pace
from planner.core.weeks import week_of
from planner.core.wording import kind_label, priority_label
from planner.ui import colours
from planner.ui.appearance import follow_theme
from planner.ui.catalog.notes_editor import NotesEditor
from planner.ui.formatting import as_written
from planner.ui.icons import kind_icon
from planner.ui.link_opener import LinkOpener, describe_link
from planner.ui.undo import UndoHistory
from planner.ui.widgets import ElidedLabel, WheelGuard, mute, show_as_error, text_label

STATUS_COLOURS = {Status.TODO: None, Status.IN_PROGRESS: colours.IN_PROGRESS,
                  Status.DONE: colours.DONE, Status.SOMEDAY: None}
DEFAULT_DEADLINE_WEEKS = 4


def _row(*widgets: QWidget, stretch: bool = True) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    if stretch:
        layout.addStretch(1)
    return box


class ResourcePage(QWidget):
    prerequisite_activated = Signal(str)  # a prerequisite's id, to select it in the tree

    def __init__(self, app: AppState, history: UndoHistory, opener: LinkOpener,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._history = history
        self._opener = opener
        self._resource: Resource | None = None
        self._wheel_guard = WheelGuard(self)
        self._build()
        opener.refused.connect(self._on_refused)

    # ---------------------------------------------------------------- layout

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.icon = QLabel()
        self.title = text_label()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.authors = text_label()
        head = QHBoxLayout()
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.title, 1)
        outer.addLayout(head)
        outer.addWidget(self.authors)

        form = self.form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        outer.addLayout(form)

        self.kind = text_label()
        form.addRow("Kind", self.kind)

        self.host = ElidedLabel()  # elided, not clipped, in a narrow pane
        bold = QFont(self.host.font())
        bold.setBold(True)
        self.host.setFont(bold)
        self.open_button = QPushButton("Open")
        self.open_button.setToolTip("Open the link in your browser (Enter in the tree)")
        self.open_button.clicked.connect(self.open_link)
        self.copy_button = QPushButton("Copy Link")
        self.copy_button.setToolTip("Put the link, as it would be opened, on the clipboard")
        self.copy_button.clicked.connect(self.copy_link)
        self.url = ElidedLabel()
        mute(self.url)
        self.link_problem = text_label()
        show_as_error(self.link_problem)
        link_box = QWidget()
        link_layout = QVBoxLayout(link_box)
        link_layout.setContentsMargins(0, 0, 0, 0)
        link_layout.setSpacing(2)
        # The buttons under the link, not beside it: beside, a narrow pane (1366 px at 2×)
        # left the site "p…g" and cut "Copy Link" off at the pane's edge.
        link_layout.addWidget(self.host)
        link_layout.addWidget(self.url)
        link_layout.addWidget(self.link_problem)
        link_layout.addWidget(_row(self.open_button, self.copy_button))
        form.addRow("Link", link_box)

        self.effort = text_label()
        self.effort.setTextFormat(Qt.TextFormat.RichText)  # our own markup, values escaped
        self.effort_basis = text_label(muted=True)
        effort_box = QWidget()
        effort_layout = QVBoxLayout(effort_box)
        effort_layout.setContentsMargins(0, 0, 0, 0)
        effort_layout.setSpacing(2)
        effort_layout.addWidget(self.effort)
        effort_layout.addWidget(self.effort_basis)
        form.addRow("Effort", effort_box)

        self.status = QLabel()
        self._status = Status.TODO
        follow_theme(self.status, self._colour_status)
        self.done_box = QCheckBox("Done")
        self.done_box.clicked.connect(self._on_done_clicked)
        form.addRow("Status", _row(self.status, self.done_box))

        self.schedule = text_label()
        self.schedule.setAccessibleName("When the plan schedules it")
        form.addRow("Plan", self.schedule)

        self.memory = text_label()
        self.memory.setAccessibleName("Re-visits: last review, next one, recall today, ratings")
        self.revisit_length = QSpinBox()
        self.revisit_length.setRange(0, MAX_REVISIT)
        self.revisit_length.setSingleStep(5)
        self.revisit_length.setSuffix(" min")
        self.revisit_length.setAccessibleName("Length of a re-visit")
        self.revisit_length.setToolTip(
            "How long a re-visit of it takes; the lowest value is the default, a tenth of its "
            f"effort between 15 min and 2 h. Set by hand: {MIN_REVISIT} to {MAX_REVISIT} min.")
        self.revisit_length.editingFinished.connect(self._on_revisit_length_edited)
        self.memory_box = QWidget()
        memory_layout = QVBoxLayout(self.memory_box)
        memory_layout.setContentsMargins(0, 0, 0, 0)
        memory_layout.addWidget(self.memory)
        memory_layout.addWidget(_row(QLabel("Each re-visit:"), self.revisit_length))
        form.addRow("Re-visits", self.memory_box)

        self.units = QSpinBox()
        self.units.setKeyboardTracking(False)
        self.units.valueChanged.connect(self._on_units_changed)
        self.units_row = _row(self.units)
        form.addRow("Progress", self.units_row)

        self.hours_logged = QLabel()
        self.log_amount = QDoubleSpinBox()
        self.log_amount.setRange(0.25, 100.0)
        self.log_amount.setSingleStep(0.25)
        self.log_amount.setDecimals(2)
        self.log_amount.setValue(1.0)
        self.log_amount.setSuffix(" h")
        self.log_button = QPushButton("Log time")
        self.log_button.setToolTip("Add this much study time to the hours logged")
        self.log_button.clicked.connect(self._on_log_clicked)
        self.hours_row = _row(self.hours_logged, self.log_amount, self.log_button)
        form.addRow("Time spent", self.hours_row)

        self.priority = QComboBox()
        for value in range(MIN_PRIORITY, MAX_PRIORITY + 1):
            self.priority.addItem(priority_label(value), value)
        self.priority.activated.connect(self._on_priority_activated)
        form.addRow("Priority", _row(self.priority))

        self.has_deadline = QCheckBox()
        self.has_deadline.setToolTip("Give this resource a deadline; the plan works towards it")
        self.has_deadline.clicked.connect(self._on_deadline_edited)
        self.deadline = QDateEdit()
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.deadline.setKeyboardTracking(False)
        self.deadline.dateChanged.connect(self._on_deadline_edited)
        form.addRow("Deadline", _row(self.has_deadline, self.deadline))

        self.tags = text_label()
        form.addRow("Tags", self.tags)
        self.prerequisites = QLabel()
        self.prerequisites.setWordWrap(True)
        self.prerequisites.setTextFormat(Qt.TextFormat.RichText)
        self.prerequisites.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.prerequisites.linkActivated.connect(self._on_prerequisite_link)
        form.addRow("Needs first", self.prerequisites)
        self.about = text_label()
        form.addRow("About", self.about)

        self.notes = NotesEditor()
        self.notes.setMinimumHeight(90)
        self.notes.committed.connect(self._on_notes_committed)
        outer.addWidget(QLabel("Notes"))
        outer.addWidget(self.notes, 1)
        self._wheel_guard.guard(self.units, self.log_amount, self.priority, self.deadline)

    # ---------------------------------------------------------------- showing

    @property
    def resource_id(self) -> str:
        return self._resource.id if self._resource else ""

    def show_resource(self, resource: Resource) -> None:
        """Show ``resource`` as the state has it now (also after a change to it)."""
        switched = resource is not self._resource
        self._resource = resource
        progress = self._app.progress(resource.id)
        status = self._app.status(resource.id)  # Someday, from the catalog, included

        self.icon.setPixmap(kind_icon(resource.kind).pixmap(32, 32))
        self.title.setText(resource.title)
        self.authors.setText(", ".join(resource.authors))
        self.authors.setVisible(bool(resource.authors))
        self.kind.setText(kind_label(resource.kind))
        self._show_link(resource, clear_problem=switched)

        left = remaining_hours(resource, progress)
        estimate = " (a default for this kind)" if resource.effort_is_default else ""
        pace = learned_pace(sessions_of(self._app.state.journal).done, self._app.catalog)
        paced = at_your_pace(left, pace.of(resource)) if pace.knows(resource) else None
        self.effort.setText(html.escape(f"{format_hours(resource.effort)}{estimate} · ")
                            + f"<b>{html.escape(format_hours(left))} left</b>"
                            + (html.escape(f" · {paced}") if paced else ""))
        self.effort_basis.setText(resource.effort_basis)
        self.effort_basis.setVisible(bool(resource.effort_basis))

        self._status = status
        self._colour_status()
        self.done_box.setChecked(progress.done)
        self.show_schedule()
        self._show_memory(resource.id, progress.done)

        units = resource.units
        self.form.setRowVisible(self.units_row, units is not None)
        self.form.setRowVisible(self.hours_row, units is None)
        if units is not None:
            self.units.blockSignals(True)
            self.units.setRange(0, units.count)
            self.units.setValue(progress.units_done)
            self.units.setSuffix(f" of {units.count} {units.plural()} done")
            self.units.blockSignals(False)
        else:
            self.hours_logged.setText(f"{format_hours(progress.hours_logged)} of "
                                      f"{format_hours(resource.effort)}")

        self.priority.setCurrentIndex(self.priority.findData(resource.priority))
        self._show_deadline(resource.deadline)
        self.tags.setText(" · ".join(resource.tags))
        self.form.setRowVisible(self.tags, bool(resource.tags))
        self._show_prerequisites(resource)
        self.about.setText(resource.notes)
        self.form.setRowVisible(self.about, bool(resource.notes))
        self.notes.load(resource.id, progress.notes)

    def _colour_status(self) -> None:
        """The status in bold, in its scheme's colour (again when the scheme changes)."""
        pair = STATUS_COLOURS[self._status]
        style = f" style='color:{pair.text.get().name()}'" if pair else ""
        self.status.setText(f"<b{style}>{self._status.label}</b>")

    def show_schedule(self) -> None:
        """When the plan as it stands today does the resource's work (also after a re-plan)."""
        rid = self.resource_id
        if not rid:
            return
        done = self._app.progress(rid).status() is Status.DONE
        if not done and rid in self._app.catalog.someday:
            self.schedule.setText("Someday: kept, not planned (right-click it in the list "
                                  "to plan it again)")
            return
        self.schedule.setText(when_scheduled(self._app.plan_today(), rid, done=done,
                                             this_week=week_of(self._app.today())))

    def _show_memory(self, rid: str, done: bool) -> None:
        """For a finished resource: its last review, the next re-visit, the recall FSRS
        predicts today, and the ratings so far."""
        self.form.setRowVisible(self.memory_box, done)
        if not done:
            return
        resource = self._app.resource(rid)
        self.revisit_length.blockSignals(True)
        self.revisit_length.setSpecialValueText(
            f"Default ({revisit_minutes(replace(resource, revisit_minutes=None))} min)")
        self.revisit_length.setValue(resource.revisit_minutes or 0)
        self.revisit_length.blockSignals(False)
        card = self._app.cards().get(rid)
        if card is None:
            self.memory.setText("None: not rated (check it off again to rate it)")
            return
        today = self._app.today()
        ratings = ", ".join(f"{r.at.date().isoformat()} {r.word}" for r in card.reviews)
        self.memory.setText(
            f"Last {card.last.at.date().isoformat()} ({card.last.word}) · next "
            f"{card.due.isoformat()} · recall today ≈ {card.recall(today):.0%}\n"
            f"Ratings: {ratings}")

    def _on_revisit_length_edited(self) -> None:
        rid = self.resource_id
        if not rid:
            return
        value = self.revisit_length.value() or None
        if value != self._app.resource(rid).revisit_minutes and not self._history.push(
                lambda: SetRevisitMinutes(rid, value)):
            self._show_memory(rid, self._app.progress(rid).done)  # refused: what holds

    def _show_link(self, resource: Resource, *, clear_problem: bool) -> None:
        if not resource.url:
            self.host.setText("no link")
            self.url.setText("")
            self.open_button.setEnabled(False)
            self.copy_button.setEnabled(False)
            self.link_problem.hide()
            return
        view = describe_link(resource.url)
        self.host.setText(view.host or "")
        self.host.setToolTip(view.host or "")
        self.url.setText(view.url)
        self.url.setToolTip(link_tooltip(view.url))
        self.open_button.setEnabled(True)
        self.copy_button.setEnabled(not view.problem)  # only a link that may be opened
        problem = view.problem and f"Will not open: {view.problem}"
        if problem or view.note:
            self.link_problem.setText(problem or view.note)
            self.link_problem.show()
        elif clear_problem:
            self.link_problem.hide()

    def _show_deadline(self, deadline: dt.date | None) -> None:
        self.deadline.blockSignals(True)
        self.has_deadline.setChecked(deadline is not None)
        self.has_deadline.setText("" if deadline else "None set")
        self.deadline.setVisible(deadline is not None)
        shown = deadline or (self._app.today() + dt.timedelta(weeks=DEFAULT_DEADLINE_WEEKS))
        self.deadline.setDate(QDate(shown.year, shown.month, shown.day))
        self.deadline.blockSignals(False)

    def _show_prerequisites(self, resource: Resource) -> None:
        links = []
        for rid in resource.prerequisites:
            other = self._app.catalog.resources.get(rid)
            if other is None:
                continue
            mark = " ✓" if self._app.progress(rid).done else ""
            links.append(f"<a href='resource:{html.escape(rid, quote=True)}'>"
                         f"{html.escape(other.title)}</a>{mark}")
        self.prerequisites.setText("<br>".join(links))
        self.form.setRowVisible(self.prerequisites, bool(links))

    # ---------------------------------------------------------------- user actions

    def open_link(self) -> None:
        if self._resource is not None:
            self._opener.open(self._resource)

    def copy_link(self) -> None:
        if self._resource is not None:
            self._opener.copy(self._resource)

    def commit_notes(self) -> None:
        self.notes.commit()

    def _on_refused(self, resource_id: str, message: str) -> None:
        if resource_id == self.resource_id:
            self.link_problem.setText(message)
            self.link_problem.show()

    def _on_done_clicked(self, checked: bool) -> None:
        rid = self.resource_id
        if not rid:
            return
        from planner.ui.rating_dialog import ask_rating  # a dialog class: loaded when asked

        answer = ask_rating(self._app, self._app.resource(rid).title, self) if checked else ""
        if answer is None:  # the question closed unanswered: not checked
            self.done_box.setChecked(False)
            return
        self._history.push(lambda: SetDone(rid, checked, answer or None))

    def _on_units_changed(self, value: int) -> None:
        rid = self.resource_id
        if rid and value != self._app.progress(rid).units_done:
            self._history.push(lambda: RecordUnits(rid, value))

    def _on_log_clicked(self) -> None:
        rid, hours = self.resource_id, self.log_amount.value()
        if rid:
            self._history.push(lambda: LogHours(rid, hours))

    def _on_priority_activated(self, row: int) -> None:
        rid, value = self.resource_id, self.priority.itemData(row)
        if rid and value != self._app.resource(rid).priority:
            self._history.push(lambda: SetPriority(rid, value))

    def _on_deadline_edited(self) -> None:
        rid = self.resource_id
        if not rid:
            return
        new: dt.date | None = None
        if self.has_deadline.isChecked():
            picked = self.deadline.date()
            new = dt.date(picked.year(), picked.month(), picked.day())
        current = self._app.resource(rid).deadline
        if new != current and not self._history.push(lambda: SetDeadline(rid, new)):
            self._show_deadline(current)  # refused (e.g. in the past): show what is true

    def _on_prerequisite_link(self, href: str) -> None:
        self.prerequisite_activated.emit(href.removeprefix("resource:"))

    def _on_notes_committed(self, resource_id: str, text: str, session: int) -> None:
        self._history.push(lambda: EditNotes(resource_id, text),
                           merge_key=("notes", resource_id, session))


TOOLTIP_CHARS = 400


def link_tooltip(url: str) -> str:
    """The link as a tooltip: escaped rich text, so a link holding markup shows the markup."""
    shown = url if len(url) <= TOOLTIP_CHARS else url[: TOOLTIP_CHARS - 1] + "…"
    return as_written(shown)
