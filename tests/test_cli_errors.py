"""Errors on the command line: the user's are one line and exit 1; a bug is one line naming
the error log, which holds its traceback, and exit 70 (docs/architecture.md §6)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from planner.core.catalog.merge import MergeError
from planner.core.catalog.model import CatalogError
from planner.core.errors import UserError
from planner.core.journal.state import AppState, ChangeRefusedError, UnknownResourceError
from planner.core.links import LinkError
from planner.core.operations.catalog import SetDeadline, SetPriority
from planner.core.operations.planning import ChangeSettings, Pin
from planner.core.operations.progress import LogHours, RecordUnits
from planner.core.planning.scheduler import SchedulingError
from planner.core.planning.settings import SettingsError
from planner.core.progress.rules import ProgressError
from planner.core.weeks import WeekError
from planner.entry import errors
from planner.entry.cli import main as cli
from planner.entry.cli.main import main
from planner.store.catalog_file import CatalogFileError
from planner.store.importers.files import ImportFileError
from planner.store.importers.markdown import MarkdownImportError
from planner.store.state_file import LockedError, SaveError, StateFileError
from planner.store.state_format import StateFormatError
from planner.store.yaml.strict import YamlError

EX_SOFTWARE = 70


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def failing_list(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``list`` raises what the test puts in ``raised[0]``; lists as usual while it holds
    nothing. (The parser binds the command when ``main`` builds it: after this.)"""
    raised: list[BaseException] = []
    real = cli.cmd_list

    def cmd_list(args):  # type: ignore[no-untyped-def]
        if raised:
            raise raised[0]
        return real(args)

    monkeypatch.setattr(cli, "cmd_list", cmd_list)
    return raised


def default_log() -> Path:
    return errors.default_log_file()


def test_a_bug_in_a_command_is_one_line_naming_the_log_and_exit_70(capsys, failing_list,
                                                                   data_file: Path) -> None:
    failing_list.append(RuntimeError("the deliberate bug"))
    code, out, err = run(capsys, "--data-file", str(data_file), "list")
    log = default_log()
    assert code == EX_SOFTWARE
    assert out == ""
    assert err.count("\n") == 1, err  # one line, no traceback
    assert "internal error" in err and "RuntimeError" in err and str(log) in err
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: the deliberate bug" in text
    assert "in cmd_list" in text  # the frame that raised
    assert "`list`" in text  # which command
    assert "Python " in text and "study-planner " in text  # what it ran on


def test_the_log_is_in_the_user_cache_folder_and_made_only_when_needed(capsys, data_file: Path,
                                                                       failing_list) -> None:
    log = default_log()
    assert Path(os.environ["XDG_CACHE_HOME"]) in log.parents  # the conftest's throw-away home
    assert "study-planner" in log.parts
    code, _, _ = run(capsys, "--data-file", str(data_file), "list")
    assert code == 0
    assert not log.parent.exists()  # nothing logged, nothing made
    failing_list.append(RuntimeError("now"))
    assert run(capsys, "--data-file", str(data_file), "list")[0] == EX_SOFTWARE
    assert log.is_file()


def test_the_log_file_can_be_chosen_with_an_environment_variable(capsys, data_file: Path,
                                                                 failing_list, tmp_path: Path,
                                                                 monkeypatch) -> None:
    chosen = tmp_path / "elsewhere" / "errors.log"
    monkeypatch.setenv(errors.ENV_LOG_FILE, str(chosen))
    failing_list.append(RuntimeError("logged elsewhere"))
    code, _, err = run(capsys, "--data-file", str(data_file), "list")
    assert code == EX_SOFTWARE and str(chosen) in err
    assert "logged elsewhere" in chosen.read_text(encoding="utf-8")
    assert not default_log().exists()


def test_a_bare_value_error_from_a_command_is_a_bug_not_a_user_error(capsys, data_file: Path,
                                                                     failing_list) -> None:
    for bug in (ValueError("invalid literal for int()"), KeyError("x"), TypeError("nope")):
        failing_list[:] = [bug]
        code, _, err = run(capsys, "--data-file", str(data_file), "list")
        assert code == EX_SOFTWARE, err
        assert "internal error" in err and type(bug).__name__ in err
        assert f"{type(bug).__name__}: " in default_log().read_text(encoding="utf-8")


USER_ERRORS = [
    UserError("a user error"),
    StateFileError("the data file is bad"),
    LockedError("the data file is locked"),
    SaveError("the data file could not be saved"),
    CatalogFileError("the catalog file is bad"),
    CatalogError("the catalog entry is bad"),
    MarkdownImportError("the reading list is bad"),
    ImportFileError("the import file is bad"),
    UnknownResourceError("nope", ["nope-1"]),
    ProgressError("the progress is bad"),
    SettingsError("the setting is bad"),
    WeekError("the week is bad"),
    LinkError("the link is bad"),
    SchedulingError("the prerequisites are bad", resource="x"),
    ChangeRefusedError("the change is refused"),
    YamlError("the YAML is bad", 3),
    StateFormatError("the state file's field is bad"),
]


@pytest.mark.parametrize("error", USER_ERRORS, ids=lambda e: type(e).__name__)
def test_each_user_error_is_its_own_line_and_exit_1(capsys, data_file: Path, failing_list,
                                                    error: Exception) -> None:
    failing_list.append(error)
    code, _, err = run(capsys, "--data-file", str(data_file), "list")
    assert code == 1
    assert err == f"study-planner: error: {error}\n"
    assert "internal error" not in err
    assert not default_log().parent.exists()  # a user error is not a bug: nothing logged


def test_every_error_class_of_the_app_is_a_user_error_or_a_known_bug_guard() -> None:
    """A new ``…Error`` meant for the user must be a ``UserError`` (else the command line
    calls it an internal error); the ones listed here are bugs when raised."""
    import importlib
    import inspect
    import pkgutil

    import planner

    bug_guards = {MergeError}  # "the merged catalog would not be valid": inputs are checked
    found: set[type] = set()
    for module_info in pkgutil.walk_packages(planner.__path__, "planner."):
        if module_info.name == "planner.__main__" or module_info.name.startswith(
                ("planner.ui", "planner.entry.window")):
            continue  # runs the app; Qt (no error classes of its own)
        module = importlib.import_module(module_info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (issubclass(value, Exception) and value.__module__ == module.__name__
                    and value.__name__.endswith("Error") and not value.__name__.startswith("_")):
                found.add(value)
    assert {type(e) for e in USER_ERRORS} - {UserError} <= found
    not_for_the_user = {cls for cls in found if not issubclass(cls, UserError)}
    assert issubclass(UnknownResourceError, UserError)  # and a KeyError, for lookups
    assert not_for_the_user - bug_guards == {
        cls for cls in found if issubclass(cls, OSError)}  # the store's I/O faults, wrapped


def test_an_unknown_id_is_still_a_user_error(capsys, data_file: Path) -> None:
    code, _, err = run(capsys, "--data-file", str(data_file), "progress", "nope", "--done")
    assert code == 1 and err.startswith("study-planner: error: no resource with id 'nope'")


def test_the_builders_refuse_bad_input_with_the_apps_errors() -> None:
    from planner.core.journal.state import PlannerState
    from planner.paths import default_catalog_path
    from planner.store.catalog_file import load_bundled_catalog

    app = AppState(PlannerState(catalog=load_bundled_catalog(default_catalog_path())),
                   today=lambda: dt.date(2026, 5, 1))
    rid = next(iter(app.catalog.resources))
    # an operation is plain data: the app checks it when it is applied
    for build in (lambda: app.apply(SetPriority(rid, 9)),
                  lambda: app.apply(SetPriority(rid, "high")),
                  lambda: app.apply(SetDeadline(rid, dt.date(2026, 4, 1))),
                  lambda: app.apply(ChangeSettings(hours_per_week=-1)),
                  lambda: app.apply(Pin(rid, "2026-W99")),
                  lambda: app.apply(RecordUnits(rid, -1)),
                  lambda: app.apply(LogHours(rid, 0)), lambda: app.resource("no-such-id")):
        with pytest.raises((UserError, UnknownResourceError)):
            build()
    assert app.state.journal == [] and app.state.pins == {}  # and nothing was changed


def test_weeks_below_one_is_a_usage_error(capsys, data_file: Path) -> None:
    for bad in ("0", "-2", "two"):
        with pytest.raises(SystemExit) as exit_info:
            main(["--data-file", str(data_file), "plan", "--weeks", bad])
        err = capsys.readouterr().err
        assert exit_info.value.code == 2, err
        assert "--weeks" in err and "internal error" not in err


def test_when_the_log_cannot_be_written_the_traceback_goes_to_stderr(capsys, data_file: Path,
                                                                     failing_list, tmp_path,
                                                                     monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(errors.ENV_LOG_FILE, str(blocker / "study-planner.log"))
    failing_list.append(RuntimeError("nowhere to log"))
    code, _, err = run(capsys, "--data-file", str(data_file), "list")
    assert code == EX_SOFTWARE
    first, _, rest = err.partition("\n")
    assert "internal error" in first and "could not be written" in first
    assert "RuntimeError: nowhere to log" in rest and "Traceback" in rest


def test_an_interrupted_command_says_so_and_exits_130(capsys, data_file: Path,
                                                      failing_list) -> None:
    failing_list.append(KeyboardInterrupt())
    code, _, err = run(capsys, "--data-file", str(data_file), "list")
    assert code == 130 and "interrupted" in err and "internal error" not in err
    assert not default_log().exists()


def test_a_bug_while_the_window_starts_is_one_line_and_exit_70(capsys, monkeypatch,
                                                               data_file: Path) -> None:
    """What escapes the window's start (it reports its own bugs; this is the net below)."""
    import planner.entry.window

    def broken(data_file: Path, explicit: bool) -> int:
        raise RuntimeError("the window could not even start")

    monkeypatch.setattr(planner.entry.window, "run_gui", broken)
    code, _, err = run(capsys, "--data-file", str(data_file))
    assert code == EX_SOFTWARE and err.count("\n") == 1 and "RuntimeError" in err
    assert "could not even start" in default_log().read_text(encoding="utf-8")


def test_the_log_rotates_and_keeps_three_files(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(errors, "LOG_MAX_BYTES", 2_000)
    log = errors.ErrorLog(tmp_path / "logs" / "study-planner.log")
    assert not log.path.parent.exists()  # nothing until the first entry
    for n in range(60):
        assert log.write(f"entry {n}: " + "x" * 200)
    log.close()
    files = sorted(p.name for p in log.path.parent.iterdir())
    assert files == ["study-planner.log", "study-planner.log.1", "study-planner.log.2"]
    assert all(p.stat().st_size <= 2_000 for p in log.path.parent.iterdir())
    assert "entry 59" in log.path.read_text(encoding="utf-8")  # the newest is kept
