"""The ``study-planner`` command (docs/architecture.md §3.2).

No subcommand opens the window. Exit 0 on success; 1 on a user error (the app's own
``UserError``) with one line on stderr naming the file, field or id at fault; 2 on a usage
error; 70 on an internal error (a bug: anything else), with one line naming the error log,
which holds the traceback (``planner.entry.errors``); 130 when interrupted. No traceback
reaches the terminal.
"""

from __future__ import annotations

import argparse
import codecs
import io
import json
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from planner import __version__
from planner.core.catalog.model import Category, Resource
from planner.core.catalog.summary import summarize_category
from planner.core.errors import UserError
from planner.core.journal.state import AppState, UnknownResourceError
from planner.core.links import inspect_link
from planner.core.planning.settings import (
    MAX_HORIZON,
    MAX_HOURS_PER_WEEK,
    MAX_PARALLEL,
    MIN_HORIZON,
    MIN_HOURS_PER_WEEK,
    MIN_PARALLEL,
    latest_start,
)
from planner.core.progress.rules import describe_progress, remaining_hours
from planner.core.weeks import LAST_WEEK
from planner.store.state_file import LockedError, StateFile

PROG = "study-planner"
ENV_DATA_FILE = "STUDY_PLANNER_DATA_FILE"
LOCK_WAIT_S = 2.0  # how long a command waits for another command's write to finish


# What ends a command with exit 1 and its one line on stderr: the app's own errors, never a
# bare ValueError or KeyError (a bug, reported as an internal error). UnknownResourceError
# is still a KeyError only (not yet based on UserError), so it is named here.
USER_ERRORS = (UserError, UnknownResourceError)
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


# ------------------------------------------------------------------------------ wiring


def default_data_file() -> Path:
    import appdirs

    return Path(appdirs.user_data_dir("study-planner", appauthor=False)) / "planner.yaml"


def data_file_from(args: argparse.Namespace) -> Path:
    chosen = getattr(args, "data_file", None) or os.environ.get(ENV_DATA_FILE)
    return Path(chosen).expanduser() if chosen else default_data_file()


def default_cache_dir() -> Path:
    import appdirs

    return Path(appdirs.user_cache_dir("study-planner", appauthor=False))


def open_state_file(path: Path) -> StateFile:
    from planner.paths import default_catalog_path
    from planner.store.catalog_file import load_bundled_catalog

    return StateFile(path, lambda: load_bundled_catalog(default_catalog_path()),
                     default_cache_dir())


def _load(path: Path) -> tuple[StateFile, AppState]:
    """For the commands that only read: no lock, and nothing on disk is moved or changed."""
    store = open_state_file(path)
    result = store.load(read_only=True)
    for notice in result.notices:
        print(f"{PROG}: {notice}", file=sys.stderr)
    return store, AppState(result.state)


def in_use_message(path: Path) -> str:
    """Why a command did not write: the file is held by the window (or another command)."""
    return (f"{path} is open in a Study Planner window (or another command is writing it); "
            "nothing was changed: make the change in the window, or close it and run the "
            "command again")


def _lock(path: Path) -> StateFile:
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


def _write(path: Path, action: Callable[[AppState], str]) -> int:
    """Lock, load, change, save: a failed step changes nothing on disk (but a file that
    cannot be read is moved aside, said so, as the window would, before anything is saved
    in its place)."""
    store = _lock(path)
    try:
        if why := store.read_only():
            raise UserError(f"{path} is read-only: {why}; nothing was changed")
        result = store.load()
        for notice in result.notices:
            print(f"{PROG}: {notice}", file=sys.stderr)
        app = AppState(result.state, validator=store.write_check)
        message = action(app)
        store.save(app.state)
    finally:
        store.release()
    print(message)
    return 0


# ------------------------------------------------------------------------------ list


def _resource_json(app: AppState, resource: Resource) -> dict[str, Any]:
    progress = app.progress(resource.id)
    data: dict[str, Any] = {
        "id": resource.id,
        "title": resource.title,
        "authors": resource.authors,
        "url": resource.url,
        "kind": resource.kind,
        "status": progress.status().value,
        "effort_hours": round(resource.effort, 2),
        "remaining_hours": round(remaining_hours(resource, progress), 2),
        "progress": describe_progress(resource, progress),
    }
    if resource.units:
        data["units"] = {"name": resource.units.name, "count": resource.units.count,
                         "done": progress.units_done}
    if resource.prerequisites:
        data["prerequisites"] = resource.prerequisites
    return data


def _category_json(app: AppState, category: Category) -> dict[str, Any]:
    summary = summarize_category(category, app.state.progress)
    return {
        "id": category.id,
        "title": category.title,
        "total": summary.total,
        "done": summary.done,
        "remaining_hours": round(summary.remaining_hours, 2),
        "resources": [_resource_json(app, c) for c in category.children
                      if isinstance(c, Resource)],
        "categories": [_category_json(app, c) for c in category.children
                       if isinstance(c, Category)],
    }


_MARK = {"todo": "[ ]", "in-progress": "[~]", "done": "[x]"}


def _print_tree(app: AppState, category: Category, depth: int) -> None:
    indent = "  " * depth
    for child in category.children:
        if isinstance(child, Category):
            s = summarize_category(child, app.state.progress)
            print(f"{indent}{child.title}  ({s.done}/{s.total} done, "
                  f"{s.remaining_hours:.1f} h left)")
            _print_tree(app, child, depth + 1)
        else:
            p = app.progress(child.id)
            left = remaining_hours(child, p)
            print(f"{indent}{_MARK[p.status().value]} {child.id}: {child.title}"
                  f" — {describe_progress(child, p)}, {left:.1f} h left")


def cmd_list(args: argparse.Namespace) -> int:
    _, app = _load(data_file_from(args))
    catalog = app.catalog
    if args.json:
        doc = {"title": catalog.title,
               "categories": [_category_json(app, c) for c in catalog.root.children
                              if isinstance(c, Category)]}
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    s = summarize_category(catalog.root, app.state.progress)
    print(f"{catalog.title}  ({s.done}/{s.total} done, {s.remaining_hours:.1f} h left)")
    _print_tree(app, catalog.root, 1)
    return 0


# ------------------------------------------------------------------------------ progress


def cmd_progress(args: argparse.Namespace) -> int:
    def action(app: AppState) -> str:
        rid = args.id
        if args.done:
            change = app.make_done(rid)
        elif args.undone:
            change = app.make_undone(rid)
        elif args.units is not None:
            change = app.make_units(rid, args.units)
        else:
            change = app.make_log_hours(rid, args.hours)
        app.apply(change)
        resource = app.resource(rid)
        p = app.progress(rid)
        return (f"{rid}: {describe_progress(resource, p)} "
                f"({remaining_hours(resource, p):.1f} h left)")

    return _write(data_file_from(args), action)


# ------------------------------------------------------------------------------ settings


def _settings_lines(app: AppState) -> list[str]:
    s = app.settings
    return [
        f"hours per week: {s.hours_per_week:g}",
        f"max parallel:   {s.max_parallel}",
        f"start week:     {s.start_week or 'this week'}",
        f"horizon:        {s.horizon_weeks} weeks",
    ]


def cmd_settings(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {}
    if args.hours_per_week is not None:
        changes["hours_per_week"] = args.hours_per_week
    if args.max_parallel is not None:
        changes["max_parallel"] = args.max_parallel
    if args.start_week is not None:
        from planner.core.weeks import parse_week

        changes["start_week"] = None if args.start_week == "now" else parse_week(args.start_week)
    if args.horizon is not None:
        changes["horizon_weeks"] = args.horizon
    if not changes:
        _, app = _load(data_file_from(args))
        print("\n".join(_settings_lines(app)))
        return 0

    def action(app: AppState) -> str:
        app.apply(app.make_settings(**changes))
        return "\n".join(_settings_lines(app))

    return _write(data_file_from(args), action)


# ------------------------------------------------------------------------------ open


def cmd_open(args: argparse.Namespace) -> int:
    import webbrowser

    _, app = _load(data_file_from(args))
    resource = app.resource(args.id)
    if not resource.url:
        raise UserError(f"{resource.id!r} has no link")
    checked = inspect_link(resource.url)
    url = checked.url
    if not webbrowser.open(url):
        raise UserError(f"no web browser could be started to open {url}")
    hidden = (f" (the link hid the host {checked.host} behind a user name)"
              if checked.hid_behind_userinfo else "")
    print(f"opened {url}{hidden}")
    return 0


# ------------------------------------------------------------------------------ the parser


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: usage error: {message}\n")


def data_file_problem(text: str) -> str:
    """Why ``text`` cannot name a data file ("" when it can): an empty path, which used to
    mean the default file without a word, and a path ending in a separator, which names a
    folder (``dir/`` used to write a file named ``dir``)."""
    if not text:
        return "an empty path names no file; give the data file's path"
    if text.endswith(tuple(sep for sep in ("/", os.sep, os.altsep) if sep)):
        return (f"{text!r} ends with a separator, so it names a folder, not a file; "
                f"give a file's path, such as {text}planner.yaml")
    return ""


def _data_file_path(text: str) -> str:
    if problem := data_file_problem(text):
        raise argparse.ArgumentTypeError(problem)
    return text


def _env_data_file_problem() -> str:
    """The environment variable, when it is what names the data file. Set but empty, it
    is an error rather than "unset": ``STUDY_PLANNER_DATA_FILE=$UNSET_VARIABLE`` must not
    quietly open the default file instead of the one meant."""
    value = os.environ.get(ENV_DATA_FILE)
    problem = data_file_problem(value) if value is not None else ""
    return (f"the environment variable {ENV_DATA_FILE}: {problem} (or unset it for the "
            "default data file)") if problem else ""


def _add_data_file(parser: argparse.ArgumentParser, *, top: bool) -> None:
    parser.add_argument(
        "--data-file",
        metavar="PATH",
        type=_data_file_path,
        default=None if top else argparse.SUPPRESS,
        help=f"the planner's YAML file (default: the user data folder; env {ENV_DATA_FILE})",
    )


def _positive_float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def build_parser(extra: Sequence[Callable[[Any], None]] = ()) -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Work through a reading list, week by week. "
                     "Without a command, opens the window.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _add_data_file(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("list", help="the catalog tree with status and progress")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("progress", help="record progress on a resource")
    p.add_argument("id", help="the resource's id (see `list`)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--done", action="store_true", help="mark it finished")
    what.add_argument("--units", type=int, metavar="N", help="N units (chapters, …) done")
    what.add_argument("--hours", type=_positive_float, metavar="H",
                      help="log H more hours spent on it")
    what.add_argument("--undone", action="store_true",
                      help="back to to-do (units and hours cleared, notes kept)")
    p.set_defaults(func=cmd_progress)

    p = sub.add_parser("settings", help="show or change the planning settings",
                       description="Show the planning settings, or change them. Each has "
                       "bounds the scheduler and the calendar can use; a value outside them "
                       "is refused with the bound, and nothing is changed.")
    p.add_argument("--hours-per-week", type=_positive_float, metavar="H",
                   help=f"hours of study a week, from {MIN_HOURS_PER_WEEK:g} to "
                   f"{MAX_HOURS_PER_WEEK:g} (kept to the hundredth)")
    p.add_argument("--max-parallel", type=int, metavar="K",
                   help=f"how many resources a week may hold, from {MIN_PARALLEL} to "
                   f"{MAX_PARALLEL}")
    p.add_argument("--start-week", metavar="W",
                   help="the first week to plan, an ISO week like 2026-W48, or 'now'; the "
                   f"plan must end by {LAST_WEEK}, where the calendar ends (with a "
                   f"52-week horizon, start by {latest_start(52)})")
    p.add_argument("--horizon", type=int, metavar="WEEKS",
                   help=f"how many weeks to plan ahead, from {MIN_HORIZON} to {MAX_HORIZON}")
    p.set_defaults(func=cmd_settings)

    p = sub.add_parser("open", help="open a resource's link in the browser")
    p.add_argument("id")
    p.set_defaults(func=cmd_open)

    for add in extra:
        add(sub)
    for name, command in sub.choices.items():
        del name
        _add_data_file(command, top=False)
    return parser


def _extra_commands() -> list[Callable[[Any], None]]:
    """Commands that live in their own modules (plan, week, import, export)."""
    adders: list[Callable[[Any], None]] = []
    for module_name in ("planner.entry.cli.plan", "planner.entry.cli.files"):
        try:
            module = __import__(module_name, fromlist=["add_commands"])
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        adders.append(module.add_commands)
    return adders


def _opens_window(argv: Sequence[str]) -> tuple[bool, str | None]:
    """Whether ``argv`` only opens the window (nothing, or just ``--data-file PATH``).

    Then the full parser, with every subcommand and the modules they live in, is not built:
    the window's start-up does not wait for the command line's imports.
    """
    if not argv:
        return True, None
    if len(argv) == 1 and argv[0].startswith("--data-file="):
        value = argv[0].partition("=")[2]
    elif len(argv) == 2 and argv[0] == "--data-file" and not argv[1].startswith("-"):
        value = argv[1]
    else:
        return False, None
    return (True, value) if not data_file_problem(value) else (False, None)


def _run_window(args: argparse.Namespace) -> int:
    from planner.entry.window import run_gui

    return run_gui(data_file_from(args), explicit=bool(
        args.data_file or os.environ.get(ENV_DATA_FILE)))


def _open_window(args: argparse.Namespace) -> int:
    """The window; a bug that escapes it (it reports its own) is still one line and 70."""
    return _guarded(lambda: _run_window(args), "while the window was starting")


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    window, chosen = _opens_window(argv)
    if window and not (chosen is None and _env_data_file_problem()):
        return _open_window(argparse.Namespace(data_file=chosen))
    parser = build_parser(_extra_commands())
    args = parser.parse_args(argv)
    if args.data_file is None and (problem := _env_data_file_problem()):
        parser.error(problem)
    if args.command is None:
        return _open_window(args)
    from planner.entry.launch import collector_back_on

    collector_back_on()  # a command may build and drop a lot (an import): collect as usual
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalText(out), TerminalText(err)
    try:
        return _run_command(args)
    finally:
        sys.stdout, sys.stderr = out, err


def _run_command(args: argparse.Namespace) -> int:
    """The command, with every way it can fail as one line on stderr."""
    return _guarded(lambda: int(args.func(args)), f"in the command `{args.command}`")


def _guarded(run: Callable[[], int], where: str) -> int:
    """``run()``'s exit status, and each way it can fail as one line on stderr: a user error
    (exit 1), an interruption (130), a bug (70, its traceback in the error log)."""
    try:
        return run()
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `study-planner list | head`: the reader went away; stay quiet
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except USER_ERRORS as exc:
        message = str(exc).strip().replace("\n", " ")
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception as exc:  # a bug: one line naming the log, which has the traceback
        from planner.entry.errors import internal_error

        return internal_error(exc, where)
