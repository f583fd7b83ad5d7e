"""The weekly review: last week's plan against what was done, and what comes of it (every
week the roll-over puts behind, after weeks away).

Shown by itself on the first start of a new week (and from View ▸ Weekly Review): planned
and done hours and goals, what carried over and how far behind or ahead the learner is,
the finish week of the list, of each category and of each deadline. When the plan has not
rolled over yet it ends with the moves the roll-over makes and one button that accepts it.
The words come from the core (``planning.review``), as the command line's ``review`` does.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.core.catalog.model import Catalog
from planner.core.hours import format_hours, round_hours
from planner.core.planning.plan import Move
from planner.core.planning.review import Review, finish_text, forecast_lines
from planner.core.wording import week_dates, weeks_dates
from planner.ui.plan.replan_dialog import describe_move


class ReviewDialog(QDialog):
    """Accept (when ``moves`` is given: the roll-over is pending) or Close / Later."""

    def __init__(self, reviews: Sequence[Review], catalog: Catalog,
                 moves: tuple[Move, ...] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reviews = tuple(reviews)  # oldest first: the weeks the roll-over puts behind
        self.review = review = self.reviews[-1]
        first = self.reviews[0].week
        several = len(self.reviews) > 1
        self.setWindowTitle(f"Weekly Review — {first} to {review.week}" if several
                            else f"Weekly Review — {review.week}")
        layout = QVBoxLayout(self)

        outcomes = [goal for r in self.reviews for goal in r.goals]
        done = sum(1 for g in outcomes if g.done)
        planned = round_hours(sum(r.planned_hours for r in self.reviews))
        studied = round_hours(sum(r.done_hours for r in self.reviews))
        dates = weeks_dates(first, review.week)
        heading = (f"<b>{len(self.reviews)} weeks since the plan last rolled over</b>"
                   if several else f"<b>{review.week}</b>")
        self.summary = QLabel(
            f"{heading} ({dates}): planned {format_hours(planned)}, done "
            f"{format_hours(studied)} — {done} of {len(outcomes)} goals")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.goals = QListWidget()
        self.goals.setAccessibleName("The reviewed weeks' goals" if several
                                     else "Last week's goals")
        for r in self.reviews:
            if several:
                header = QListWidgetItem(
                    f"{r.week} ({week_dates(r.week)}): done {format_hours(r.done_hours)} of "
                    f"{format_hours(r.planned_hours)}")
                font = header.font()
                font.setBold(True)
                header.setFont(font)
                header.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not selectable
                self.goals.addItem(header)
            for goal in r.goals:
                item = QListWidgetItem(f"{'✓' if goal.done else '✗'}  {goal.description}")
                item.setToolTip("done" if goal.done else "missed: carried over")
                self.goals.addItem(item)
            if not r.goals:
                self.goals.addItem("Nothing was planned for that week.")
        layout.addWidget(self.goals)

        self.standing = QLabel(self._standing())
        self.standing.setWordWrap(True)
        layout.addWidget(self.standing)

        self.outlook_lines = forecast_lines(review.forecast)
        self.outlook = QListWidget()
        self.outlook.setAccessibleName("Forecast")
        self.outlook.addItems([line.strip() for line in self.outlook_lines])
        layout.addWidget(self.outlook)

        self.move_lines = [describe_move(m, catalog) for m in moves or ()]
        if moves is not None:
            heading = (f"Rolling over moves {len(self.move_lines)} "
                       f"resource{'s' if len(self.move_lines) != 1 else ''}:"
                       if self.move_lines else "Rolling over moves nothing.")
            layout.addWidget(QLabel(heading))
            self.moves = QListWidget()
            self.moves.setWordWrap(True)
            self.moves.setAccessibleName("What the roll-over moves")
            self.moves.addItems(self.move_lines)
            self.moves.setVisible(bool(self.move_lines))
            layout.addWidget(self.moves)

        buttons = QDialogButtonBox()
        self.accept_button: QPushButton | None = None
        if moves is not None:
            self.accept_button = buttons.addButton("&Accept the plan",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
            self.accept_button.setDefault(True)
            buttons.addButton("&Later", QDialogButtonBox.ButtonRole.RejectRole)
        else:
            buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fit_to_content()

    def _standing(self) -> str:
        r = self.review
        parts = []
        carried = round_hours(sum(each.carried_over_hours for each in self.reviews))
        if carried:
            parts.append(f"{format_hours(carried)} carried over to this week and later.")
        if r.behind_hours and r.ended:
            parts.append(f"You were {format_hours(r.behind_hours)} behind the plan when the "
                         "week ended.")
        elif r.behind_hours:
            parts.append(f"The week began {format_hours(r.behind_hours)} behind the plan.")
        elif r.ahead_hours:
            parts.append(f"You studied {format_hours(r.ahead_hours)} beyond the week's budget.")
        else:
            parts.append("You were on track.")
        if r.ended and r.previous_finish != r.finish:
            parts.append("The list now finishes "
                         + finish_text(r.finish, r.previous_finish, known=True) + ".")
        return " ".join(parts)

    def _fit_to_content(self) -> None:
        """Wide enough for the longest line (480 px to 80 % of the screen); each list as
        tall as its lines, wrapped at that width, up to 10 or its share of the screen's
        height before it scrolls."""
        screen = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        metrics = self.goals.fontMetrics()
        margins = 80  # a list's frame and scroll bar, the layout's margins
        # each list's share of the screen's height, so that the buttons stay on screen at
        # any scale (beyond it a list scrolls)
        views = [(self.goals, [self.goals.item(i).text() for i in range(self.goals.count())],
                  0.2), (self.outlook, self.outlook_lines, 0.2)]
        if self.move_lines:
            views.append((self.moves, self.move_lines, 0.25))
        widest = max((metrics.horizontalAdvance(line) for _, lines, _ in views
                      for line in lines), default=0) + margins
        width = max(480, min(widest, int(screen.width() * 0.8)))
        row = metrics.lineSpacing() + 4
        for view, lines, share in views:
            rows = sum(-(-metrics.horizontalAdvance(line) // (width - margins))
                       for line in lines[:10])
            height = max(1, rows) * row + 2 * view.frameWidth() + 4
            view.setFixedHeight(max(row + 2 * view.frameWidth(),
                                    min(height, int(screen.height() * share))))
        self.resize(width, self.sizeHint().height())
