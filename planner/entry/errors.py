"""Where a bug goes: the error log and the report (docs/architecture.md §6).

An error the user can fix is a ``planner.core.errors.UserError``, said in one line where it
happened. Anything else that escapes is a bug, an *internal error*, and is never lost:

- its traceback goes to the **error log**, ``study-planner.log`` in the user log folder
  (``appdirs.user_log_dir``; ``~/.cache/study-planner/log/`` on Linux), or the file named by
  ``STUDY_PLANNER_LOG_FILE``. The log rotates (``LOG_MAX_BYTES``, three files in all) and
  neither the folder nor the file exists until the first entry;
- the command line says one line, ``study-planner: internal error (TypeName), details in
  LOG``, and exits ``EX_SOFTWARE`` (70) (``internal_error``).

This module imports no Qt: a command's internal error does not load it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import threading
import traceback
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
