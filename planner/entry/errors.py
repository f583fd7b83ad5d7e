"""Where a bug goes: the error log, the report, and the hooks that catch what nobody else did
(docs/architecture.md §6).

An error the user can fix is a ``planner.core.errors.UserError``, said in one line where it
happened. Anything else that escapes is a bug, an *internal error*, and is never lost:

- its traceback goes to the **error log**, ``study-planner.log`` in the user log folder
  (``appdirs.user_log_dir``; ``~/.cache/study-planner/log/`` on Linux), or the file named by
  ``STUDY_PLANNER_LOG_FILE``. The log rotates (``LOG_MAX_BYTES``, three files in all) and
  neither the folder nor the file exists until the first entry;
- the command line says one line, ``study-planner: internal error (TypeName), details in
  LOG``, and exits ``EX_SOFTWARE`` (70) (``internal_error``);
- in the window, ``ExceptionHooks`` replaces ``sys.excepthook`` (a failing Qt slot, paint
  event or ``QThread``) and ``threading.excepthook``; it logs the error and hands an
  ``Incident`` to the window (``planner.entry.window_errors``), which shows the report.

An error repeated with the same traceback (a slot that fails on every repaint) is logged in
full once, then in one line at its 2nd, 4th, 8th, … time, so the log keeps the first
traceback however long it goes on. This module imports no Qt: a command's internal error
does not load it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from planner import __version__

if TYPE_CHECKING:
    import logging

ENV_LOG_FILE = "STUDY_PLANNER_LOG_FILE"
APP_DIR_NAME = "study-planner"  # the folder name under the user folders (cli.main uses it too)
LOG_NAME = "study-planner.log"
LOG_MAX_BYTES = 256 * 1024
LOG_BACKUPS = 2  # study-planner.log.1 and .2 beside it: three files in all
EX_SOFTWARE = 70  # sysexits.h: an internal software error
PROG = "study-planner"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def default_log_file() -> Path:
    import appdirs

    return Path(appdirs.user_log_dir(APP_DIR_NAME, appauthor=False)) / LOG_NAME


def log_file() -> Path:
    """The error log: ``STUDY_PLANNER_LOG_FILE`` when set (and not empty), else the default."""
    chosen = os.environ.get(ENV_LOG_FILE)
    return Path(chosen).expanduser() if chosen else default_log_file()


class ErrorLog:
    """An append-only, rotating log of internal errors, opened at its first entry."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else log_file()
        self.problem = ""  # why the last entry could not be written ("" when it was)
        self._handler: logging.Handler | None = None
        self._lock = threading.Lock()

    def write(self, text: str) -> bool:
        """Append one entry, stamped with the time; True when it is in the file."""
        import logging

        record = logging.LogRecord(APP_DIR_NAME, logging.ERROR, __file__, 0, text, None, None)
        with self._lock:
            if self._handler is None:
                self._handler = _rotating_handler(self.path)
            self._handler.failure = None  # type: ignore[attr-defined]
            self._handler.handle(record)
            failure = self._handler.failure  # type: ignore[attr-defined]
        if failure is None:
            self.problem = ""
            return True
        self.problem = getattr(failure, "strerror", None) or str(failure) or type(
            failure).__name__
        return False

    def close(self) -> None:
        with self._lock:
            if self._handler is not None:
                self._handler.close()
                self._handler = None


def _rotating_handler(path: Path) -> logging.Handler:
    import logging
    import logging.handlers

    class Handler(logging.handlers.RotatingFileHandler):
        failure: BaseException | None = None

        def _open(self) -> Any:  # the folder too, at the first entry
            Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
            return super()._open()

        def handleError(self, record: logging.LogRecord) -> None:  # logging names it so
            self.failure = sys.exc_info()[1]  # said by the caller, not printed by logging

    handler = Handler(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS,
                      encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s\n"))
    return handler


# ------------------------------------------------------------------------------ the report


def environment() -> list[str]:
    """The lines of a report that say what it ran on."""
    import platform  # only ever needed here

    lines = [f"{APP_DIR_NAME} {__version__}",
             f"Python {platform.python_version()} ({platform.python_implementation()}, "
             f"{sys.executable})"]
    qt_core = sys.modules.get("PySide6.QtCore")
    if qt_core is not None:  # not loaded by a command: only said when the window ran
        pyside = sys.modules.get("PySide6")
        lines.append(f"Qt {qt_core.qVersion()}, PySide6 "
                     f"{getattr(pyside, '__version__', 'unknown')}")
    else:
        lines.append("Qt: not loaded")
    system = f"{platform.system()} {platform.release()} ({platform.machine()})"
    with contextlib.suppress(OSError, AttributeError):  # Linux only, and not everywhere
        system += f", {platform.freedesktop_os_release()['PRETTY_NAME']}"
    lines.append(system)
    return lines


def report(exc_info: ExcInfo, where: str) -> str:
    """What a bug report needs: when and where, the traceback, the versions, the platform."""
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    trace = "".join(traceback.format_exception(*exc_info)).rstrip("\n")
    return "\n".join([f"Internal error {where}, {stamp}", "", trace, "", *environment()])


def exception_report(exc: BaseException, where: str) -> str:
    """``report`` of an exception in hand (in an ``except`` block)."""
    return report((type(exc), exc, exc.__traceback__), where)


def signature(exc_info: ExcInfo) -> tuple[object, ...]:
    """The same bug at the same place: its type and the frames of its traceback."""
    frames = tuple((frame.filename, frame.lineno, frame.name)
                   for frame in traceback.extract_tb(exc_info[2]))
    return (exc_info[0].__module__, exc_info[0].__qualname__, frames)


def _say(line: str) -> None:
    stream = sys.stderr
    if stream is not None:  # pythonw: no stderr at all
        with contextlib.suppress(Exception):
            print(line, file=stream, flush=True)


def one_line(type_name: str, log: ErrorLog, logged: bool) -> str:
    """``study-planner: internal error (TypeName), details in LOG`` (or why they are not)."""
    if logged:
        return f"{PROG}: internal error ({type_name}), details in {log.path}"
    return (f"{PROG}: internal error ({type_name}); the log {log.path} could not be written "
            f"({log.problem}), so the details follow")


# ------------------------------------------------------------------------------ commands


def internal_error(exc: BaseException, where: str, log: ErrorLog | None = None) -> int:
    """A command's bug: the traceback to the log, one line on stderr; ``EX_SOFTWARE``.

    When the log cannot be written the traceback follows that line instead: it is not lost.
    """
    log = log if log is not None else ErrorLog()
    exc_info: ExcInfo = (type(exc), exc, exc.__traceback__)
    text = report(exc_info, where)
    logged = log.write(text)
    log.close()
    _say(one_line(type(exc).__name__, log, logged))
    if not logged:
        _say(text)
    return EX_SOFTWARE


# ------------------------------------------------------------------------------ the window


@dataclass(frozen=True)
class Incident:
    """One internal error, as the window is told of it."""

    type_name: str
    message: str  # the exception's own text, clipped ("" when it has none)
    report: str  # the copyable report (``report``)
    signature: tuple[object, ...]
    occurrence: int  # 1 the first time this signature is seen, 2 the second, …
    logged: bool  # the report is in the log
    log_path: Path
    log_problem: str  # why it is not, when it is not
    gui_thread: bool  # raised on the thread the hooks were installed from


class ExceptionHooks:
    """``sys.excepthook`` and ``threading.excepthook`` for the window's lifetime.

    Each uncaught exception is logged, then ``on_error(incident)`` is called on the thread
    that raised it (the window hands it to the GUI thread through a queued signal).
    ``KeyboardInterrupt`` goes to ``on_interrupt`` (default: the previous hook). An error
    while an error is being handled (the report itself failed) is printed to stderr and
    goes no further: the hooks never recurse. A hook found installed that is not Python's
    own (a debugger's, or pytest-qt's, which fails the test) is called after ours; Python's
    own is not, as it would print the traceback we have just logged.
    """

    def __init__(self, log: ErrorLog, on_error: Callable[[Incident], None], *,
                 on_interrupt: Callable[[], None] | None = None, where: str = "in the window"
                 ) -> None:
        self.log = log
        self.on_error = on_error
        self.on_interrupt = on_interrupt
        self.where = where
        self.seen: dict[tuple[object, ...], int] = {}
        self._busy = threading.local()
        self._count_lock = threading.Lock()
        self._thread = threading.get_ident()
        self._previous_sys: Callable[..., Any] | None = None
        self._previous_threading: Callable[..., Any] | None = None

    def install(self) -> ExceptionHooks:
        self._thread = threading.get_ident()
        self._previous_sys = sys.excepthook
        self._previous_threading = threading.excepthook
        sys.excepthook = self.sys_hook
        threading.excepthook = self.threading_hook
        return self

    def close(self) -> None:
        """Put back the hooks found at ``install`` (unless someone replaced ours since)."""
        if self._previous_sys is not None and sys.excepthook == self.sys_hook:
            sys.excepthook = self._previous_sys
        if self._previous_threading is not None and threading.excepthook == self.threading_hook:
            threading.excepthook = self._previous_threading
        self._previous_sys = self._previous_threading = None
        self.log.close()

    def sys_hook(self, exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        self.handle((exc_type, exc, tb), threading.current_thread().name)
        previous = self._previous_sys
        if previous is not None and previous is not sys.__excepthook__ and not issubclass(
                exc_type, KeyboardInterrupt):  # (an interruption went to it already)
            with contextlib.suppress(Exception):
                previous(exc_type, exc, tb)

    def threading_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:  # as threading's own hook: a thread may end so
            return
        value = args.exc_value if args.exc_value is not None else args.exc_type()
        thread = args.thread.name if args.thread is not None else "a thread"
        self.handle((args.exc_type, value, args.exc_traceback), thread)
        previous = self._previous_threading
        if previous is not None and previous is not threading.__excepthook__:
            with contextlib.suppress(Exception):
                previous(args)

    def handle(self, exc_info: ExcInfo, thread: str) -> None:
        if issubclass(exc_info[0], KeyboardInterrupt):
            self._interrupted(exc_info)
            return
        if getattr(self._busy, "on", False):  # failed while reporting: stderr, and stop
            sys.__excepthook__(*exc_info)
            return
        self._busy.on = True
        try:
            incident = self.record(exc_info, thread)
            self.on_error(incident)
        except BaseException:  # the report failed: say both, and nothing more
            with contextlib.suppress(BaseException):
                _say(f"{PROG}: an internal error could not be reported:")
                sys.__excepthook__(*exc_info)
                traceback.print_exc()
        finally:
            self._busy.on = False

    def _interrupted(self, exc_info: ExcInfo) -> None:
        if self.on_interrupt is not None:
            self.on_interrupt()
        elif self._previous_sys is not None:
            self._previous_sys(*exc_info)
        else:
            sys.__excepthook__(*exc_info)

    def record(self, exc_info: ExcInfo, thread: str, where: str | None = None) -> Incident:
        """Log it (in full the first time, then at its 2nd, 4th, 8th … repetition) and say
        so on stderr (the first time)."""
        key = signature(exc_info)
        with self._count_lock:
            occurrence = self.seen.get(key, 0) + 1
            self.seen[key] = occurrence
        gui = threading.get_ident() == self._thread
        where = where or self.where
        if not gui:
            where = f"{where} (thread {thread})"
        text = report(exc_info, where)
        name = exc_info[0].__name__
        if occurrence == 1:
            logged = self.log.write(text)
            _say(one_line(name, self.log, logged))
            if not logged:
                _say(text)
        elif occurrence & (occurrence - 1) == 0:  # a power of two
            logged = self.log.write(f"The internal error {name} logged above happened again "
                                    f"{where}: {occurrence} times so far")
        else:
            logged = not self.log.problem
        message = str(exc_info[1]).strip()
        if len(message) > 300:
            message = message[:299] + "…"
        return Incident(name, message, text, key, occurrence, logged, self.log.path,
                        self.log.problem, gui)
