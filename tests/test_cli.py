"""The command line: output, exit codes, one-line errors, nothing changed on failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from planner import __version__
from planner.entry.cli import common
from planner.entry.cli.main import main
from planner.entry.wiring import default_data_file, open_state_file
from tests.on_disk import saved_progress


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_shows_the_seed_categories_with_all_resources(capsys, data_file: Path):
    code, out, err = run(capsys, "--data-file", str(data_file), "list", "--json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert [c["title"] for c in doc["categories"]] == [
        "Theoretical", "Programming", "Research Papers"]
    ids = [r["id"] for c in doc["categories"] for r in c["resources"]]
    assert len(ids) == 12 and "foundations-of-data-science" in ids
    first = doc["categories"][0]["resources"][0]
    assert set(first) >= {"id", "title", "url", "status", "effort_hours", "remaining_hours"}
    assert first["status"] == "todo" and first["url"].startswith("https://")
    assert not data_file.exists()  # reading creates nothing


def test_progress_done_then_list_shows_it_done(capsys, data_file: Path):
    code, out, _ = run(capsys, "--data-file", str(data_file), "progress",
                       "keshav-how-to-read-a-paper", "--done")
    assert code == 0 and "done" in out
    assert "schema_version: 3" in data_file.read_text()
    assert saved_progress(data_file, "keshav-how-to-read-a-paper").done
    _, out, _ = run(capsys, "--data-file", str(data_file), "list", "--json")
    resources = {r["id"]: r for c in json.loads(out)["categories"] for r in c["resources"]}
    assert resources["keshav-how-to-read-a-paper"]["status"] == "done"
    assert resources["keshav-how-to-read-a-paper"]["remaining_hours"] == 0
    _, out, _ = run(capsys, "--data-file", str(data_file), "list")
    assert "[x] keshav-how-to-read-a-paper" in out


def test_units_hours_and_undone(capsys, data_file: Path):
    base = ("--data-file", str(data_file), "progress")
    assert run(capsys, *base, "foundations-of-data-science", "--units", "3")[0] == 0
    assert run(capsys, *base, "matrix-calculus-for-ml", "--hours", "2")[0] == 0
    _, out, _ = run(capsys, "--data-file", str(data_file), "list", "--json")
    resources = {r["id"]: r for c in json.loads(out)["categories"] for r in c["resources"]}
    fds = resources["foundations-of-data-science"]
    assert fds["status"] == "in-progress" and fds["units"]["done"] == 3
    assert fds["remaining_hours"] == pytest.approx(fds["effort_hours"] * 9 / 12, abs=0.01)
    assert resources["matrix-calculus-for-ml"]["remaining_hours"] == pytest.approx(
        resources["matrix-calculus-for-ml"]["effort_hours"] - 2)
    assert run(capsys, *base, "foundations-of-data-science", "--undone")[0] == 0
    _, out, _ = run(capsys, "--data-file", str(data_file), "list", "--json")
    assert '"status": "in-progress"' in out  # matrix calculus still in progress
    resources = {r["id"]: r for c in json.loads(out)["categories"] for r in c["resources"]}
    assert resources["foundations-of-data-science"]["status"] == "todo"


def test_env_variable_and_option_after_the_subcommand(capsys, data_file: Path, monkeypatch):
    monkeypatch.setenv("STUDY_PLANNER_DATA_FILE", str(data_file))
    assert run(capsys, "progress", "3blue1brown", "--units", "4")[0] == 0
    assert data_file.exists()
    other = data_file.with_name("other.yaml")
    assert run(capsys, "progress", "3blue1brown", "--done", "--data-file", str(other))[0] == 0
    assert saved_progress(other, "3blue1brown").done
    assert not saved_progress(data_file, "3blue1brown").done
    assert saved_progress(data_file, "3blue1brown").units_done == 4


def test_unknown_id_lists_close_matches_and_changes_nothing(capsys, data_file: Path):
    run(capsys, "--data-file", str(data_file), "progress", "3blue1brown", "--units", "1")
    before = data_file.read_bytes()
    code, out, err = run(capsys, "--data-file", str(data_file), "progress", "numpy100", "--done")
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert "no resource with id 'numpy100'" in err
    assert "numpy-100-exercises" in err
    assert data_file.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("progress", "3blue1brown", "--units", "99"), "must be from 0 to 20"),
        (("progress", "keshav-how-to-read-a-paper", "--units", "1"), "has no units"),
        (("progress", "matrix-calculus-for-ml", "--hours", "-1"),
         "hours must be a number above 0"),
        (("settings", "--hours-per-week", "0"), "hours per week must be from 0.25 to 100"),
        (("settings", "--max-parallel", "0"), "max parallel must be a whole number"),
        (("settings", "--start-week", "2026-48"), "is not an ISO week"),
    ],
)
def test_user_errors_exit_1_with_one_line_and_no_change(capsys, data_file: Path, args, expected):
    run(capsys, "--data-file", str(data_file), "settings", "--hours-per-week", "7")
    before = data_file.read_bytes()
    code, _, err = run(capsys, "--data-file", str(data_file), *args)
    assert code == 1, err
    assert expected in err and err.startswith("study-planner: error: ")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert data_file.read_bytes() == before


def test_usage_errors_exit_2(capsys, data_file: Path):
    with pytest.raises(SystemExit) as info:
        main(["--data-file", str(data_file), "progress", "x"])
    assert info.value.code == 2
    assert ("one of the arguments --done --units --hours --undone --someday --not-someday "
            "is required") in (
        capsys.readouterr().err)
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"study-planner {__version__}"


def test_settings_show_and_change(capsys, data_file: Path):
    code, out, _ = run(capsys, "--data-file", str(data_file), "settings")
    assert code == 0 and "hours per week: 5" in out and "max parallel:   3" in out
    code, out, _ = run(capsys, "--data-file", str(data_file), "settings",
                       "--hours-per-week", "7.5", "--max-parallel", "2", "--start-week", "2099W50")
    assert code == 0 and "hours per week: 7.5" in out and "start week:     2099-W50" in out
    assert yaml.safe_load(data_file.read_text())["settings"]["start_week"] == "2099-W50"


def test_settings_share_gives_categories_their_part_of_the_week(capsys, data_file: Path):
    f = ("--data-file", str(data_file))
    code, out, _ = run(capsys, *f, "settings")
    assert "shares:         Theoretical 50 %, Programming 40 %, Research Papers 10 %" in out
    before = data_file.read_bytes() if data_file.exists() else b""
    code, _, err = run(capsys, *f, "settings", "--share", "theoretical=60")  # 110 %
    assert code == 1 and "add up to 110 %" in err and err.count("\n") == 1
    assert (data_file.read_bytes() if data_file.exists() else b"") == before
    code, out, _ = run(capsys, *f, "settings", "--share", "theoretical=60",
                       "--share", "Programming=30")  # together, by id or title
    assert code == 0 and "Theoretical 60 %, Programming 30 %, Research Papers 10 %" in out
    week = json.loads(run(capsys, *f, "week", "--json")[1])
    assert {i["resource"] for i in week["items"]} >= {"thomas-math-for-ml"}
    for bad, says in (("theoretical", "write CATEGORY=PERCENT"), ("nope=3", "no category 'nope'"),
                      ("research-papers=x", "whole percent from 1 to 100")):
        code, _, err = run(capsys, *f, "settings", "--share", bad)
        assert code == 1 and says in err, err
    code, out, _ = run(capsys, *f, "settings", "--share", "theoretical=none",
                       "--share", "programming=none", "--share", "research-papers=none")
    assert code == 0 and "shares:         none (one track: the whole week)" in out


def test_a_write_while_the_window_holds_the_lock_is_refused(capsys, data_file: Path,
                                                           monkeypatch):
    monkeypatch.setattr(common, "LOCK_WAIT_S", 0.1)
    run(capsys, "--data-file", str(data_file), "progress", "3blue1brown", "--units", "1")
    before = data_file.read_bytes()
    window = open_state_file(data_file)
    window.acquire()
    try:
        code, _, err = run(capsys, "--data-file", str(data_file), "progress", "3blue1brown",
                           "--done")
    finally:
        window.release()
    assert code == 1 and f"{data_file} is open in a Study Planner window" in err
    assert "nothing was changed" in err and err.count("\n") == 1
    assert data_file.read_bytes() == before


def test_newer_file_is_refused_untouched(capsys, data_file: Path):
    data_file.write_bytes(b"schema_version: 99\n")
    code, _, err = run(capsys, "--data-file", str(data_file), "progress", "3blue1brown", "--done")
    assert code == 1 and "newer Study Planner" in err and str(data_file) in err
    assert data_file.read_bytes() == b"schema_version: 99\n"


def test_a_corrupt_file_is_reported_by_reading_commands_and_left_where_it_is(
        capsys, data_file: Path):
    """A command that only reads takes no lock, so it moves nothing: the window may own
    the file (and be saving a good version over it right now)."""
    bad = b"schema_version: 1\nprogress: {oops"
    data_file.write_bytes(bad)
    code, out, err = run(capsys, "--data-file", str(data_file), "list")
    assert code == 0 and "Theoretical" in out
    assert "could not be read" in err and "left where it is" in err
    assert data_file.read_bytes() == bad
    assert sorted(p.name for p in data_file.parent.iterdir()) == ["planner.yaml"]


def test_a_corrupt_file_is_moved_aside_by_a_writing_command_and_the_backup_used(
        capsys, data_file: Path):
    run(capsys, "--data-file", str(data_file), "progress", "matrix-cookbook", "--done")
    run(capsys, "--data-file", str(data_file), "progress", "pandas-cookbook", "--done")
    with data_file.open("ab") as handle:
        handle.write(b"garbage: [\n")
    code, out, err = run(capsys, "--data-file", str(data_file), "list", "--json")
    assert code == 0 and "Showing your planner as in the backup" in err
    assert done_ids(out) == ["matrix-cookbook"]  # the backup, shown
    assert data_file.read_bytes().endswith(b"garbage: [\n")  # still there, unmoved
    code, out, err = run(capsys, "--data-file", str(data_file), "progress", "typo", "--done")
    assert code == 1 and "planner.corrupt-" in err and "no resource with id 'typo'" in err
    assert not data_file.exists()  # moved aside, and nothing saved in its place
    # The next command does not silently start from the default catalog: the missing file
    # is restored from the backup, with a notice.
    code, out, err = run(capsys, "--data-file", str(data_file), "list", "--json")
    assert code == 0 and "is missing" in err and "restored from the backup" in err
    assert done_ids(out) == ["matrix-cookbook"]


def done_ids(list_json: str) -> list[str]:
    return [r["id"] for c in json.loads(list_json)["categories"] for r in c["resources"]
            if r["status"] == "done"]


def test_open_goes_through_the_link_policy(capsys, data_file: Path, monkeypatch):
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    code, _out, _ = run(capsys, "--data-file", str(data_file), "open", "keshav-how-to-read-a-paper")
    assert code == 0 and opened == ["https://blizzard.cs.uwaterloo.ca/keshav/home/Papers/data/07/paper-reading.pdf"]


def test_installed_entry_point_runs_as_a_process(data_file: Path):
    proc = subprocess.run(
        [sys.executable, "-m", "planner", "--data-file", str(data_file), "progress", "nope",
         "--done"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("study-planner: error: no resource with id 'nope'")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(("argv", "expected", "explicit"), [
    ([], None, False),
    (["--data-file", "x.yaml"], "x.yaml", True),
    (["--data-file=x.yaml"], "x.yaml", True),
    (["--data-file", "x.yaml", "--data-file", "y.yaml"], "y.yaml", True),  # the last one
])
def test_without_a_command_the_window_opens_on_the_chosen_file(
        monkeypatch, tmp_path: Path, argv: list[str], expected: str | None, explicit: bool):
    import planner.entry.window

    monkeypatch.delenv("STUDY_PLANNER_DATA_FILE")
    monkeypatch.chdir(tmp_path)
    opened: list[tuple[Path, bool]] = []
    monkeypatch.setattr(planner.entry.window, "run_gui",
                        lambda path, explicit: opened.append((path, explicit)) or 0)
    assert main(argv) == 0
    path, was_explicit = opened[0]
    if expected is None:
        assert path == default_data_file()
    else:
        assert path == Path(expected)
    assert was_explicit is explicit



def test_settings_say_what_changed(capsys, data_file: Path) -> None:
    """A new user's walk-through: `settings --hours-per-week 7` reprinted every setting
    and said nothing of what it changed."""
    f = ("--data-file", str(data_file))
    code, out, _ = run(capsys, *f, "settings", "--hours-per-week", "7", "--max-parallel", "2")
    assert code == 0
    assert out.startswith("changed hours per week: 5 → 7\nchanged max parallel: 3 → 2\n\n")
    assert "hours per week: 7\n" in out  # then the settings, as before
    code, out, _ = run(capsys, *f, "settings", "--hours-per-week", "7")
    assert code == 0 and out.startswith("nothing changed: the settings were so already\n\n")
