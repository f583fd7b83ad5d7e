"""Issue 12: nothing the planner writes is refused when read back.

Reproductions 1, 2, 3, 4, 9 and 10 of the issue, each as the user met it: on the command
line (``planner.cli.main``, or a real process where the file name's bytes matter). They use
only what the command line offers, so they run against the code before the fix too (and
fail there). The rules behind them are tested in tests/test_write_read_rules.py, the window
in tests/ui/test_ui_write_read_law.py, the law as a property in
tests/test_write_read_property.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.core.journal.state import PlannerState
from planner.core.links import LinkError, check_link
from planner.entry.cli.main import main
from planner.entry.wiring import open_state_file
from planner.store.yaml import strict

LAST_WEEK = "9999-W51"  # the last week whose seven days Python's date type holds
LATEST_52 = "9998-W53"  # the latest start of a 52-week plan that ends by then
LATEST_DEFAULT = "9990-W02"  # the same for the default horizon, the longest (520 weeks)


def run(capsys: pytest.CaptureFixture[str], data_file: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-file", str(data_file), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def loads_cleanly(data_file: Path) -> PlannerState:
    """The file as the next start reads it: with no notice (nothing moved aside)."""
    result = open_state_file(data_file).load(read_only=True)
    assert result.notices == [], result.notices
    return result.state


def markdown_list(first: int, count: int, width: int = 200) -> str:
    lines = ["# A long list", ""]
    for i in range(first, first + count):
        lines.append(f"- [Entry {i} {'long title ' * (width // 11)}](https://example.com/{i})"
                     f" by Ann Author - {'a description ' * (width // 14)}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------ repro 1


def test_repro1_an_import_the_file_could_not_hold_is_refused_and_nothing_is_lost(
        capsys, data_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Imports until the data file would pass its size cap (lowered here from 20 MiB to
    keep the test fast; the rule is the same): each accepted import reads back, the one
    that would not fit is refused with the reason, and the file is left byte-identical."""
    monkeypatch.setattr(strict, "MAX_BYTES", 400_000)
    refused = None
    for n in range(12):
        path = tmp_path / f"list-{n}.md"
        path.write_text(markdown_list(n * 100, 100))
        before = data_file.read_bytes() if data_file.exists() else None
        code, out, err = run(capsys, data_file, "import", str(path))
        if code != 0:
            refused = (n, err, before)
            break
        assert "Imported" in out
        loads_cleanly(data_file)  # the next start reads what was said to be saved
    assert refused is not None, "no import was refused"
    n, err, before = refused
    assert n > 1
    assert "Import list-" in err and "would make the data file" in err
    assert "over its limit of 400,000 bytes" in err
    assert "import or add fewer entries" in err and "not done" in err
    assert data_file.read_bytes() == before
    assert len(loads_cleanly(data_file).catalog) > 12


def test_a_check_off_that_would_pass_the_cap_is_refused_too(
        capsys, data_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, data_file, "progress", "matrix-cookbook", "--units", "2")[0] == 0
    monkeypatch.setattr(strict, "MAX_BYTES", data_file.stat().st_size + 10)
    before = data_file.read_bytes()
    code, _, err = run(capsys, data_file, "progress", "matrix-cookbook", "--units", "3")
    assert code == 1 and "would make the data file" in err
    assert "delete resources or notes you no longer need first" in err
    assert data_file.read_bytes() == before


# ------------------------------------------------------------------------------ repro 2


def test_repro2_a_file_name_that_is_not_utf8_becomes_a_readable_title(tmp_path: Path) -> None:
    """``import "list\\xff.md"`` then a check-off: the title holds U+FFFD, the file reads back
    (before: the writer escaped the lone surrogate, the reader refused it, the file was
    moved aside and the import lost)."""
    folder = os.fsencode(tmp_path)
    listing = os.path.join(folder, b"list\xff.md")
    with open(listing, "wb") as handle:
        handle.write(b"- [Orphan](https://example.com/o)\n")
    data_file = tmp_path / "F.yaml"
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": ""}

    def sp(*argv: str | bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "planner", "--data-file",
                               str(data_file), *argv], capture_output=True, env=env,
                              timeout=120, check=False)

    imported = sp("import", listing)
    assert imported.returncode == 0, imported.stderr
    done = sp("progress", "orphan", "--done")
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    state = loads_cleanly(data_file)
    assert not list(tmp_path.glob("F.corrupt-*"))
    assert state.progress["orphan"].done
    assert [c.title for c in state.catalog.root.children][-1] == "List\ufffd"
    assert b"\\udcff" not in data_file.read_bytes()
    assert b"\xff" not in imported.stdout  # the raw byte never reaches the terminal
    assert "List\ufffd (new): +1" in imported.stdout.decode()


# ------------------------------------------------------------------------------ repro 3


def test_repro3_a_tiny_hours_per_week_is_refused_with_its_bounds(capsys, data_file: Path) -> None:
    code, out, err = run(capsys, data_file, "settings", "--hours-per-week", "1e-9")
    assert code == 1 and out == ""
    assert "hours per week must be from 0.25 to 100, got 1e-09" in err
    assert not data_file.exists()
    code, out, _ = run(capsys, data_file, "settings", "--hours-per-week", "0.25")
    assert code == 0 and "hours per week: 0.25" in out
    assert loads_cleanly(data_file).settings.hours_per_week == 0.25


def test_settings_help_states_every_bound(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["settings", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for words in ("from 0.25 to 100", "from 1 to 50", "from 1 to 520", f"end by {LAST_WEEK}",
                  f"start by {LATEST_DEFAULT}"):
        assert words in out


def test_each_settings_bound_is_named_in_its_error(capsys, data_file: Path) -> None:
    for argv, words in [(("--hours-per-week", "100.5"), "from 0.25 to 100, got 100.5"),
                        (("--hours-per-week", "nan"), "must be a number"),
                        (("--max-parallel", "0"), "from 1 to 50, got 0"),
                        (("--horizon", "521"), "from 1 to 520 weeks, got 521")]:
        code, _, err = run(capsys, data_file, "settings", *argv)
        assert code == 1 and words in err, err
    assert not data_file.exists()


def test_an_older_file_with_values_now_out_of_bounds_still_reads(data_file: Path) -> None:
    """What an older version accepted is brought into the bounds, never refused: the data
    file must not be moved aside for a value that was allowed when it was written."""
    data_file.write_text("schema_version: 1\nsettings:\n  hours_per_week: 0.1\n"
                         "  start_week: 9999-W52\n  horizon_weeks: 52\n"
                         "pins:\n  a: 9999-W52\n")
    state = loads_cleanly(data_file)
    assert state.settings.hours_per_week == 0.25
    assert state.settings.start_week == LATEST_52
    assert state.pins == {"a": LAST_WEEK}


# ------------------------------------------------------------------------------ repro 4


def test_repro4_a_start_week_past_the_calendar_is_refused(capsys, data_file: Path) -> None:
    code, _, err = run(capsys, data_file, "settings", "--start-week", "9999-W52")
    assert code == 1 and "past the last week the planner can use, 9999-W51" in err
    code, _, err = run(capsys, data_file, "settings", "--start-week", "9999-W01")
    assert code == 1
    assert f"a 520-week plan must start by {LATEST_DEFAULT}" in err  # the default horizon
    code, _, err = run(capsys, data_file, "settings", "--horizon", "52",
                       "--start-week", "9999-W01")
    assert code == 1
    assert f"a 52-week plan must start by {LATEST_52}" in err
    assert not data_file.exists()
    code, _, _ = run(capsys, data_file, "settings", "--horizon", "52",
                     "--start-week", LATEST_52)
    assert code == 0
    code, out, err = run(capsys, data_file, "plan", "--replan")
    assert code == 0 and "internal error" not in err
    code, out, _ = run(capsys, data_file, "plan", "--json")
    assert code == 0 and json.loads(out)["weeks"][-1]["week"] <= LAST_WEEK
    code, _, err = run(capsys, data_file, "settings", "--horizon", "60")
    assert code == 1 and "must start by" in err and "60-week" in err


def test_repro4_a_file_the_old_version_wrote_with_9999_w52_plans(capsys, data_file: Path) -> None:
    data_file.write_text("schema_version: 1\nsettings:\n  hours_per_week: 5\n"
                         "  max_parallel: 3\n  horizon_weeks: 52\n  start_week: 9999-W52\n")
    code, out, err = run(capsys, data_file, "plan", "--replan")
    assert code == 0 and err == "", err
    code, out, _ = run(capsys, data_file, "settings")
    assert f"start week:     {LATEST_52}" in out


# ------------------------------------------------------------------------------ repro 9


@pytest.mark.parametrize("link", [
    "mailto:a@example.com?attach=/root/.ssh/id_rsa",
    "mailto:a@example.com?subject=hi&Attachment=/etc/passwd",
    "mailto:a@example.com?%61ttach=/root/.ssh/id_rsa",
    "mailto:a@example.com?ATTACH=x",
    "mailto:a@example.com?subject=hi;attach=/root/.ssh/id_rsa",
    "mailto:a@example.com?cc=b@example.com",
    "mailto:a@example.com?bcc=b@example.com",
    "mailto:a@example.com?x-header=1",
])
def test_repro9_a_mailto_link_sets_only_subject_and_body(link: str) -> None:
    with pytest.raises(LinkError, match=r"sets the header '[^']+'.*may set only subject and "
                       "body"):
        check_link(link)


def test_repro9_the_import_refuses_it_naming_the_header(capsys, data_file: Path,
                                                       tmp_path: Path) -> None:
    listing = tmp_path / "mail.md"
    listing.write_text("- [Keys](mailto:a@example.com?attach=/root/.ssh/id_rsa)\n"
                       "- [Fine](https://example.com/fine)\n")
    code, out, _ = run(capsys, data_file, "import", str(listing))
    assert code == 0
    assert "Keys" in out and "sets the header 'attach' (it attaches a file)" in out
    assert "attach" not in data_file.read_text()


# ------------------------------------------------------------------------------ repro 10


def test_repro10_list_never_prints_terminal_escapes(capsys, data_file: Path) -> None:
    """A file written by an older version, holding ESC and BEL in its titles (escaped in
    the YAML), and a title the reader cannot have cleaned (a link's refusal reason quotes
    it): ``list`` sends the terminal no control character."""
    data_file.write_text(
        'schema_version: 1\ncatalog:\n  title: "Evil\\e]0;pwned\\a"\n  categories:\n'
        '  - title: "Cat\\e[41m"\n    resources:\n    - id: r1\n'
        '      title: "Red \\e[31mtitle\\a"\n      url: https://example.com/r\n')
    for argv in (("list",), ("list", "--json"), ("plan",), ("week",), ("settings",)):
        code, out, err = run(capsys, data_file, *argv)
        assert code == 0, err
        assert not any(ch in out + err for ch in "\x1b\x07\x9b"), (argv, out)
    assert "Red \ufffd[31mtitle\ufffd" in run(capsys, data_file, "list")[1]


def test_file_names_and_errors_reach_the_terminal_without_controls(
        capsys, data_file: Path, tmp_path: Path) -> None:
    name = "evil\x1b]0;pwned\x07.md"
    (tmp_path / name).write_text("- [Fine](https://example.com/fine)\n")
    code, out, err = run(capsys, data_file, "import", str(tmp_path / name))
    assert code == 0 and "Imported evil\u241b]0;pwned\u2407.md" in out
    code, out, err = run(capsys, data_file, "import", str(tmp_path / "gone\x1b[2J.md"))
    assert code == 1 and "gone\u241b[2J.md" in err and "\x1b" not in err

