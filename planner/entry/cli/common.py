"""What every command shares (docs/architecture.md §3.2): its errors, its output, the
argument helpers, and reading or writing the data file.

Imported by ``cli.main``, ``cli.plan`` and ``cli.files``; imports none of them.
"""

from __future__ import annotations

import argparse
import codecs
import io
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TextIO

from planner.core.errors import UserError
from planner.core.hours import format_hours
from planner.core.journal.events import Recorder
from planner.core.journal.state import AppState
from planner.core.progress.rules import describe_progress, remaining_hours
from planner.entry.wiring import (
    ENV_DATA_FILE,
    PROG,
    chosen_data_file,
    data_file_problem,
    open_local_state,
    open_state_file,
    this_machine,
)
from planner.store.state_file import LockedError, StateFile

LOCK_WAIT_S = 2.0  # how long a command waits for another command's write to finish


# ------------------------------------------------------------------------------ errors


EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


# ------------------------------------------------------------------------------ output

# What a terminal is never sent: control characters but newline and tab (ESC starts a
# command that recolours the terminal or retitles its window, BEL rings, CR overwrites the
# line), DEL, C1 controls (CSI is ESC [ in one character) and lone surrogates. A C0 control
# or DEL is shown as its Unicode control picture (ESC as ␛, U+241B), a C1 control or a
# surrogate as U+FFFD. Titles are clean already (catalog.clean_text); file names, and text
# read from elsewhere, may not be.
_NOT_FOR_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def for_terminal(text: str) -> str:
    """``text`` with nothing a terminal would take as a command (see above)."""
    return _NOT_FOR_TERMINAL.sub(_picture, text)


class TerminalText(io.TextIOBase):
    """Standard output or error as a command writes it: every line through
    ``for_terminal``, and what the stream's encoding cannot hold as '?'."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        encoding = getattr(stream, "encoding", None) or "utf-8"
        self._utf = codecs.lookup(encoding).name.startswith("utf")

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        shown = for_terminal(text)
        if not self._utf:
            shown = shown.encode(self.encoding, "replace").decode(self.encoding)
        self.stream.write(shown)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def fileno(self) -> int:
        return self.stream.fileno()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def writable(self) -> bool:
        return True


# ------------------------------------------------------------------------------ arguments


class Parser(argparse.ArgumentParser):
    """A usage error is the usage and one line naming it, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: usage error: {message}\n")


def _data_file_path(text: str) -> str:
    if problem := data_file_problem(text):
        raise argparse.ArgumentTypeError(problem)
    return text


def add_data_file(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """``--data-file``: before the command (``top``) and, suppressed unless given, after it."""
    parser.add_argument(
        "--data-file",
        metavar="PATH",
        type=_data_file_path,
        default=None if top else argparse.SUPPRESS,
        help=f"the planner's YAML file (default: the user data folder; env {ENV_DATA_FILE})",
    )


def positive_float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def data_file_from(args: argparse.Namespace) -> Path:
    return chosen_data_file(getattr(args, "data_file", None))[0]


# ------------------------------------------------------------------------------ the data file


def load(path: Path) -> tuple[StateFile, AppState]:
    """For the commands that only read: no lock, and nothing on disk is moved or changed."""
    store = open_state_file(path)
    result = store.load(read_only=True)
    for notice in result.notices:
        print(f"{PROG}: {notice}", file=sys.stderr)
    return store, AppState(result.state, recorder=recorder())


def recorder() -> Recorder:
    """This machine's recorder; a note on stderr when its device id cannot be kept."""
    made, note = this_machine()
    if note:
        print(f"{PROG}: note: {note}", file=sys.stderr)
    return made


def in_use_message(path: Path) -> str:
    """Why a command did not write: the file is held by the window (or another command)."""
    return (f"{path} is open in a Study Planner window (or another command is writing it); "
            "nothing was changed: make the change in the window, or close it and run the "
            "command again")


def lock(path: Path) -> StateFile:
    """The state file, locked for writing; waits a moment for another command to finish.

    A window holds the lock as long as it is open, so waiting longer would not help: the
    command is refused with one line saying so (``UserError``), and nothing is changed.
    """
    store = open_state_file(path)
    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            store.acquire()
            return store
        except LockedError:
            if time.monotonic() >= deadline:
                raise UserError(in_use_message(path)) from None
            time.sleep(0.05)


def write(path: Path, action: Callable[[AppState], str]) -> int:
    """Lock, load, change, save: a failed step changes nothing on disk (but a file that
    cannot be read is moved aside, said so, as the window would, before anything is saved
    in its place). Only a change is saved (or a data file put back): a file is never
    rewritten just to bring it to the current writer's form."""
    store = lock(path)
    try:
        if why := store.read_only():
            raise UserError(f"{path} is read-only: {why}; nothing was changed")
        result = store.load()
        for notice in result.notices:
            print(f"{PROG}: {notice}", file=sys.stderr)
        app = AppState(result.state, validator=store.write_check, recorder=recorder())
        message = action(app)
        if app.revision or not store.path.exists():  # a change, or a file to put back
            if result.state.ui:  # an old file's window state, which the save drops
                for problem in open_local_state(store, result.state.ui).problems:
                    print(f"{PROG}: note: {problem}", file=sys.stderr)
            store.save(app.state)
    finally:
        store.release()
    print(message)
    return 0


def progress_line(app: AppState, resource_id: str) -> str:
    """'thomas-math-for-ml: 2 of 5 sections (6 h left)': where a resource stands."""
    resource = app.resource(resource_id)
    progress = app.progress(resource_id)
    return (f"{resource_id}: {describe_progress(resource, progress)} "
            f"({format_hours(remaining_hours(resource, progress))} left)")
