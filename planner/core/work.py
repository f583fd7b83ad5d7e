"""Long steps (an import of 50,000 entries) told how far they are, and asked to stop.

The core and the store stay free of Qt and threads: a long step takes a ``Work`` and calls
``work.step(done)`` between items. That checks the cancel flag (set from another thread by
``cancel()``; a plain attribute, read between items) and raises ``Cancelled`` when it is set,
and now and then reports ``(stage, done, total)`` to a plain callback — the window turns it
into a signal for its progress dialog. A step that raises ``Cancelled`` has changed nothing:
every step that takes a ``Work`` builds new objects and only returns them at the end.
"""

from __future__ import annotations

from collections.abc import Callable

Report = Callable[[str, int, int], None]  # stage, done, total
REPORTS_PER_STAGE = 100


class Cancelled(Exception):
    """The user cancelled a long step; nothing was changed."""


class Work:
    def __init__(self, report: Report | None = None) -> None:
        self.report = report
        self.cancelled = False
        self.stage_name = ""
        self.total = 0
        self._next_report = 0
        self._every = 1

    def cancel(self) -> None:
        """Ask the step to stop at its next check (safe from any thread)."""
        self.cancelled = True

    def stage(self, name: str, total: int) -> None:
        """A new part of the step, of ``total`` items (0: of unknown length)."""
        self.check()
        self.stage_name, self.total = name, total
        self._every = max(1, total // REPORTS_PER_STAGE)
        self._next_report = 0
        self.step(0)

    def step(self, done: int) -> None:
        """``done`` items of the stage are done: stop here if cancelled; report now and then."""
        if self.cancelled:
            raise Cancelled(self.stage_name)
        if done >= self._next_report:
            self._next_report = done + self._every
            if self.report is not None:
                self.report(self.stage_name, min(done, self.total), self.total)

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled(self.stage_name)
