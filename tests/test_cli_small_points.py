"""The command line's small points (issue 16): help on every option, values refused when
they would be ignored, the window's wording of dates and hours, "is a directory", and
hours refused on a resource counted in units."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pytest

from planner.core.planning.plan import Goal, WeekPlan
from planner.core.weeks import add_weeks, week_of
from planner.core.wording import week_dates, week_hours, week_title
from planner.entry.cli.main import build_parser, main
from tests.on_disk import saved_progress

KNOWN_WITHOUT_HELP: set[tuple[str, str]] = set()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def walk(parser: argparse.ArgumentParser, name: str):
    """Every (parser's name, argument) of the command line, sub-commands included."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for command, sub in action.choices.items():
                yield name, f"command {command}", helps.get(command)
                yield from walk(sub, f"{name} {command}")
        elif not isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            yield name, action.dest, action.help


def test_every_option_and_command_has_help():
    missing = {(parser, dest) for parser, dest, text in walk(build_parser(), "study-planner")
               if not text or text == argparse.SUPPRESS}
    assert missing == KNOWN_WITHOUT_HELP
    options = [(p, d) for p, d, _ in walk(build_parser(), "study-planner")]
    assert ("study-planner settings", "start_week") in options  # the walk reaches them
    assert ("study-planner desktop", "command install") in options


def test_a_past_start_week_is_refused_and_this_week_means_now(capsys, data_file: Path):
    this_week = week_of(dt.date.today())
    code, _, err = run(capsys, "--data-file", str(data_file), "settings", "--start-week",
                       "2020-W01")
    assert code == 1 and "the start week 2020-W01 is past" in err and this_week in err
    assert not data_file.exists()
    code, out, _ = run(capsys, "--data-file", str(data_file), "settings", "--start-week",
                       this_week)
    assert code == 0 and "start week:     this week" in out
    later = add_weeks(this_week, 2)
    code, out, _ = run(capsys, "--data-file", str(data_file), "settings", "--start-week",
                       later)
    assert code == 0 and f"start week:     {later}" in out


@pytest.mark.parametrize(("args", "expected"), [
    (("plan", "--replan", "--json"), "--json cannot go with --replan"),
    (("plan", "--replan", "--weeks", "2"), "--weeks cannot go with --replan"),
    (("week", "--check", "thomas-math-for-ml", "--json"), "--json cannot go with --check"),
    (("week", "--uncheck", "thomas-math-for-ml", "--json"), "--json cannot go with --uncheck"),
])
def test_options_a_command_would_ignore_are_refused(capsys, data_file: Path, args, expected):
    code, out, err = run(capsys, "--data-file", str(data_file), *args)
    assert code == 1 and expected in err and out == ""
    assert not data_file.exists()  # nothing done


def test_hours_on_a_resource_counted_in_units_are_refused(capsys, data_file: Path):
    code, _, err = run(capsys, "--data-file", str(data_file), "progress", "3blue1brown",
                       "--hours", "2")
    assert code == 1
    assert "'3blue1brown' is counted in videos, not hours" in err
    assert "progress 3blue1brown --units N" in err
    assert not data_file.exists()
    code, _, _ = run(capsys, "--data-file", str(data_file), "progress",
                     "matrix-calculus-for-ml", "--hours", "2")
    assert code == 0 and saved_progress(data_file, "matrix-calculus-for-ml").hours_logged == 2


def test_an_empty_resource_id_is_named_as_such(capsys, data_file: Path):
    for blank in ("", "  "):
        code, _, err = run(capsys, "--data-file", str(data_file), "progress", blank, "--done")
        assert code == 1
        assert "the resource id is empty: give one of the ids `list` shows" in err
        assert "did you mean" not in err
    assert not data_file.exists()


def test_importing_a_directory_says_so(capsys, data_file: Path, tmp_path: Path):
    folder = tmp_path / "lists"
    folder.mkdir()
    code, _, err = run(capsys, "--data-file", str(data_file), "import", str(folder))
    assert code == 1 and f"{folder} is a directory" in err and "suffix" not in err
    folder_md = tmp_path / "reading.md"  # a folder named like a list: the same
    folder_md.mkdir()
    code, _, err = run(capsys, "--data-file", str(data_file), "import", str(folder_md))
    assert code == 1 and f"{folder_md} is a directory" in err


def test_weeks_read_as_in_the_window(capsys, data_file: Path):
    assert week_dates("2026-W49") == "Nov 30 – Dec 6"
    assert week_title("2026-W50") == "2026-W50 · Dec 7 – Dec 13"
    code, out, _ = run(capsys, "--data-file", str(data_file), "week", "2026-W50")
    assert code == 0 and out.startswith("2026-W50 (Dec 7 – Dec 13): ")
    assert "Dec 07" not in out


def test_an_empty_week_says_nothing_is_planned():
    assert week_hours(WeekPlan("2026-W50", (), 7.5)) == "nothing planned of 7.5 h"
    # a goal too small to show is not an amount of "<0.01 h"
    tiny = WeekPlan("2026-W50", (Goal("r", 0.001),), 7.5)
    assert week_hours(tiny) == "nothing planned of 7.5 h"
    assert week_hours(WeekPlan("2026-W50", (Goal("r", 4.8),), 5)) == "4.8 h of 5 h"
    assert week_hours(WeekPlan("2026-W50", (Goal("r", 6),), 5)) == "6 h of 5 h — over budget"


def test_the_window_and_the_command_line_share_the_wording(qapp):
    from planner.store import exporters
    from planner.ui.plan import week_model

    assert week_model.week_title is week_title
    assert exporters.week_dates is week_dates
