"""Long steps off the GUI thread, with a progress dialog and Cancel.

``run_in_background(job, …)`` runs ``job(work)`` in a ``QThread`` and waits for it in a local
event loop, so the caller reads as straight-line code while the window goes on: it repaints,
its timers fire (autosave), and a second launch is answered (``single_instance``). The job
is core or store code, Qt-free: it reports through ``work`` (``planner.core.work``) and stops
with ``Cancelled`` when the user presses Cancel.

A ``QProgressDialog``, modal to the window, appears only when the job takes longer than
``SHOW_AFTER_MS``, so a small import shows no flash of a dialog. Until then the window still
takes input: the caller checks ``AppState.revision`` afterwards if that matters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtCore import QEventLoop, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from planner.core.work import Cancelled, Work

T = TypeVar("T")
SHOW_AFTER_MS = 400


class _Thread(QThread):
    reported = Signal(str, int, int)

    def __init__(self, job: Callable[[Work], object]) -> None:
        super().__init__()
        self.job = job
        self.work = Work(self.reported.emit)  # emitted here, delivered on the GUI thread
        self.result: object = None
        self.error: BaseException | None = None
        self.cancelled = False

    def run(self) -> None:
        from planner.store.importers.files import collector_paused

        try:
            with collector_paused():  # the long steps are imports: see there
                self.result = self.job(self.work)
        except Cancelled:
            self.cancelled = True
        except BaseException as exc:  # handed to the GUI thread, raised there
            self.error = exc


def run_in_background(job: Callable[[Work], T], title: str, parent: QWidget) -> T | None:
    """``job(work)``'s result, or None when the user cancelled it (or the app is quitting).

    An exception from the job is raised here, on the GUI thread.
    """
    thread = _Thread(job)
    dialog = QProgressDialog(f"{title}…", "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.canceled.connect(thread.work.cancel)

    def show_progress(stage: str, done: int, total: int) -> None:
        if dialog.wasCanceled():
            return
        dialog.setLabelText(f"{title}:\n{stage}…")
        dialog.setMaximum(total)  # 0: a busy bar, for a part of unknown length
        dialog.setValue(done)

    thread.reported.connect(show_progress)
    loop = QEventLoop()
    thread.finished.connect(loop.quit)
    thread.start()
    try:
        if not thread.isFinished():
            loop.exec()
    finally:
        if not thread.isFinished():  # the loop ended early: the app is quitting
            thread.work.cancel()
            thread.wait()
        thread.reported.disconnect(show_progress)
        dialog.canceled.disconnect(thread.work.cancel)
        cancelled = thread.cancelled or dialog.wasCanceled()
        dialog.reset()
        dialog.close()
        dialog.deleteLater()
    if thread.error is not None:
        raise thread.error
    if cancelled:
        return None
    return cast(T, thread.result)
