"""`import` and `export` on the command line: summaries, exit codes, nothing half-done."""

from __future__ import annotations

import json
import re
from pathlib import Path

import icalendar
import pytest
import yaml

import planner.paths
from planner.core.operations.catalog import ReplaceCatalog
from planner.entry.cli import common
from planner.entry.cli.main import main
from planner.entry.wiring import open_state_file

TESTS = Path(__file__).parent
SMALL = TESTS / "data" / "small-catalog.yaml"

LIST = """\
# My list

## Maths
* [Linear Algebra Notes](https://example.org/linalg.pdf) - duplicate of the small catalog's
* [Probability Course](https://example.org/prob) by Ann Lee and Bo Chen - Course + notes

## Tools
* [Pandas Tricks](https://example.org/pandas)
* [Bad script](javascript:alert(1))
* [Relative](notes/todo.md)
"""


@pytest.fixture(autouse=True)
def small_default(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(planner.paths, "default_catalog_path", lambda: SMALL)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def catalog_json(capsys, data_file: Path) -> dict:
    code, out, _ = run(capsys, "--data-file", str(data_file), "list", "--json")
    assert code == 0
    return json.loads(out)


def ids(doc: dict) -> list[str]:
    def walk(c):
        return [r["id"] for r in c["resources"]] + [i for s in c["categories"] for i in walk(s)]
    return [i for c in doc["categories"] for i in walk(c)]


@pytest.fixture
def existing(capsys, data_file: Path) -> bytes:
    """A data file with some progress, so there is something to lose."""
    assert run(capsys, "--data-file", str(data_file), "progress", "linalg", "--units", "2")[0] == 0
    return data_file.read_bytes()


def test_import_markdown_adds_skips_and_names_refused(capsys, tmp_path: Path, data_file: Path,
                                                      existing: bytes):
    source = tmp_path / "list.md"
    source.write_text(LIST, encoding="utf-8")
    code, out, err = run(capsys, "--data-file", str(data_file), "import", str(source))
    assert code == 0 and err == ""
    first = out.splitlines()[0]
    assert first == ("Imported list.md: 2 new resources in 1 new category and 1 existing "
                     "category; 1 duplicate of resources already there skipped; "
                     "2 entries refused")
    assert "refused: line 9: “Bad script”" in out and "refused: line 10: “Relative”" in out
    assert "duplicate of linalg" in out
    doc = catalog_json(capsys, data_file)
    assert [c["title"] for c in doc["categories"]] == ["Maths", "Code", "Tools"]
    assert ids(doc) == ["linalg", "calculus", "probability-course", "numpy-100",
                        "pandas-tricks"]
    prob = doc["categories"][0]["resources"][2]
    assert prob["authors"] == ["Ann Lee", "Bo Chen"] and prob["kind"] == "course"
    assert doc["categories"][0]["resources"][0]["units"]["done"] == 2  # progress kept
    # Importing the same list again changes nothing, and says so.
    saved = data_file.read_bytes()
    code, out, _ = run(capsys, "--data-file", str(data_file), "import", str(source))
    assert code == 0 and out.startswith("Nothing new in list.md: no new resources")
    assert "The data file was not changed." in out
    assert data_file.read_bytes() == saved


def test_dry_run_changes_nothing(capsys, tmp_path: Path, data_file: Path, existing: bytes):
    source = tmp_path / "list.md"
    source.write_text(LIST, encoding="utf-8")
    code, out, _ = run(capsys, "--data-file", str(data_file), "import", str(source),
                       "--dry-run")
    assert code == 0 and out.startswith("Would import list.md: 2 new resources")
    assert "Dry run: nothing was changed." in out
    assert data_file.read_bytes() == existing


def test_merge_duplicates_adds_what_is_new(capsys, tmp_path: Path, data_file: Path,
                                           existing: bytes):
    source = tmp_path / "dup.md"
    source.write_text("## Maths\n* [Linear Algebra Notes](https://example.org/linalg.pdf) "
                      "by B. Writer - see also [errata](https://example.org/errata)\n")
    code, out, _ = run(capsys, "--data-file", str(data_file), "import", str(source),
                       "--merge-duplicates")
    assert code == 0 and "merged: adds https://example.org/errata, B. Writer" in out
    doc = catalog_json(capsys, data_file)
    assert doc["categories"][0]["resources"][0]["authors"] == ["A. Author", "B. Writer"]


def test_import_a_catalog_yaml(capsys, tmp_path: Path, data_file: Path, existing: bytes):
    source = tmp_path / "more.yml"
    source.write_text("title: More\ncategories:\n  - title: Papers\n    resources:\n"
                      "      - {id: linalg, title: A Paper, url: 'https://example.org/p',"
                      " kind: paper}\n")
    code, out, _ = run(capsys, "--data-file", str(data_file), "import", str(source))
    assert code == 0 and "1 new resource in 1 new category" in out
    assert ids(catalog_json(capsys, data_file))[-1] == "linalg-2"


def test_import_is_undoable_in_the_state(tmp_path: Path, data_file: Path, existing: bytes):
    """The CLI's change is the same one the window's undo stack keeps."""
    from planner.core.catalog.merge import merge_import
    from planner.core.journal.state import AppState
    from planner.store.importers.files import load_import

    source = tmp_path / "list.md"
    source.write_text(LIST, encoding="utf-8")
    store = open_state_file(data_file)
    app = AppState(store.load().state)
    before = app.catalog
    inverse = app.apply(ReplaceCatalog(merge_import(before, load_import(source)), "Import"))
    assert "pandas-tricks" in app.catalog.resources
    app.undo(inverse)
    assert app.catalog is before and "pandas-tricks" not in before.resources


def _big(path: Path) -> None:
    line = b"* [A title](https://example.org/some/long/path/for/the/link)\n"
    path.write_bytes(line * (5 * 1024 * 1024 // len(line) + 10))


BAD_INPUTS = {
    "malformed.yaml": (b"title: [oops\n", r"malformed\.yaml:2: not valid YAML"),
    "dup-ids.yaml": (b"categories:\n  - title: A\n    resources:\n      - {id: x, title: X}\n"
                     b"      - {id: x, title: Y}\n", r"dup-ids\.yaml:5: .*duplicate id 'x'"),
    "prereq.yaml": (b"categories:\n  - title: A\n    resources:\n"
                    b"      - {id: x, title: X, prerequisites: [ghost]}\n",
                    r"prereq\.yaml:4: .*unknown prerequisite 'ghost'"),
    "binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", r"binary\.md is not a text file"),
    "latin1.md": ("* [Café](https://example.org)\n".encode("latin-1"),
                  r"latin1\.md is not UTF-8 text"),
    "prose.md": (b"# Notes\n\nNo links here at all.\n", r"prose\.md: no reading-list entries"),
    "all-refused.md": (b"* [a](javascript:a)\n* [b](../b.md)\n",
                       r"all-refused\.md: nothing imported: all 2 entries were refused"),
    "list.pdf": (b"%PDF-1.4", r"list\.pdf: cannot import a '\.pdf' file"),
    "big.md": (None, r"big\.md is 5\.\d MB; a list to import may be at most 5\.\d+ MB"),
    "missing.md": (None, r"missing\.md: no such file"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_one_clear_line_and_nothing_changes(capsys, tmp_path: Path,
                                                         data_file: Path, existing: bytes,
                                                         name: str):
    content, message = BAD_INPUTS[name]
    source = tmp_path / name
    if name == "big.md":
        _big(source)
    elif content is not None:
        source.write_bytes(content)
    code, _, err = run(capsys, "--data-file", str(data_file), "import", str(source))
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("study-planner: error: ")
    assert re.search(message, err), err
    assert data_file.read_bytes() == existing
    left = sorted(p.name for p in data_file.parent.iterdir()
                  if p.name.startswith(("planner", ".planner")) and p.suffix != ".lock")
    assert left == ["planner.yaml"]  # no backup rotated, no temp file left


def test_import_while_another_writer_holds_the_lock(capsys, tmp_path: Path, data_file: Path,
                                                   existing: bytes, monkeypatch):
    monkeypatch.setattr(common, "LOCK_WAIT_S", 0.1)
    source = tmp_path / "list.md"
    source.write_text(LIST, encoding="utf-8")
    with open_state_file(data_file).locked():
        code, _, err = run(capsys, "--data-file", str(data_file), "import", str(source))
    assert code == 1 and f"{data_file} is open in a Study Planner window" in err
    assert data_file.read_bytes() == existing


def test_export_yaml_with_progress(capsys, tmp_path: Path, data_file: Path, existing: bytes):
    target = tmp_path / "out" / "catalog.yaml"
    code, _, err = run(capsys, "--data-file", str(data_file), "export", "--yaml", str(target))
    assert code == 1 and "cannot write" in err  # the folder does not exist
    target.parent.mkdir()
    code, out, _ = run(capsys, "--data-file", str(data_file), "export", "--yaml", str(target))
    assert code == 0 and "3 resources" in out
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    linalg = data["categories"][0]["resources"][0]
    assert (linalg["status"], linalg["units_done"]) == ("in-progress", 2)
    assert sorted(p.name for p in target.parent.iterdir()) == ["catalog.yaml"]


def test_export_refuses_to_overwrite_the_data_file(capsys, data_file: Path, existing: bytes):
    code, _, err = run(capsys, "--data-file", str(data_file), "export", "--yaml", str(data_file))
    assert code == 1 and "the planner's own data file" in err
    assert data_file.read_bytes() == existing


@pytest.mark.parametrize(("argv", "said"), [
    ((), "export needs a file: its suffix picks the format"),
    (("--ics", "a.ics", "--markdown", "a.md"), "not allowed with argument"),
    (("a.ics", "--markdown", "b.md"), "export takes a file or --markdown FILE, not both"),
    (("plan.txt",), "cannot tell the format of 'plan.txt' from its suffix (.txt)"),
    (("plan",), "cannot tell the format of 'plan' from its suffix (none)")])
def test_export_needs_exactly_one_format(capsys, data_file: Path, argv: tuple[str, ...],
                                         said: str):
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-file", str(data_file), "export", *argv])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "usage error" in err and said in err, err


@pytest.mark.parametrize(("name", "holds"), [("plan.ics", b"BEGIN:VCALENDAR"),
                                             ("plan.MD", b"- [ ] "),
                                             ("catalog.yml", b"categories:")])
def test_export_takes_its_format_from_the_files_suffix_as_import_does(
        capsys, tmp_path: Path, data_file: Path, name: str, holds: bytes):
    """A new user typed `export out.ics` and was told an option was required."""
    target = tmp_path / name
    code, out, err = run(capsys, "--data-file", str(data_file), "export", str(target))
    assert code == 0, err
    assert out.startswith("Wrote ") and out.rstrip().endswith(str(target))
    assert holds in target.read_bytes()


def test_export_ics_and_markdown_of_the_plan(capsys, tmp_path: Path, data_file: Path,
                                             existing: bytes):
    pytest.importorskip("planner.core.planning.scheduler")
    ics = tmp_path / "plan.ics"
    code, out, _ = run(capsys, "--data-file", str(data_file), "export", "--ics", str(ics))
    assert code == 0 and out.startswith("Wrote ")
    found = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert found and all(e.decoded("dtstart").weekday() == 0 for e in found)
    uids = [str(e["uid"]) for e in found]
    assert run(capsys, "--data-file", str(data_file), "export", "--ics", str(ics))[0] == 0
    again = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert [str(e["uid"]) for e in again] == uids  # re-export updates, not duplicates
    md = tmp_path / "plan.md"
    assert run(capsys, "--data-file", str(data_file), "export", "--markdown", str(md))[0] == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Study plan: Small test list") and "\n- [ ] " in text
    assert data_file.read_bytes() == existing  # exporting writes only the export


def _statuses(doc: dict) -> dict[str, str]:
    def walk(c):
        found = {r["id"]: r["status"] for r in c["resources"]}
        for sub in c["categories"]:
            found.update(walk(sub))
        return found
    return {k: v for c in doc["categories"] for k, v in walk(c).items()}


def test_import_someday_keeps_the_new_entries_out_of_the_plan(capsys, tmp_path: Path,
                                                              data_file: Path, existing: bytes):
    source = tmp_path / "list.md"
    source.write_text(LIST, encoding="utf-8")
    code, out, _ = run(capsys, "--data-file", str(data_file), "import", str(source),
                       "--someday")
    assert code == 0 and "The new resources are Someday" in out
    statuses = _statuses(catalog_json(capsys, data_file))
    assert statuses["probability-course"] == statuses["pandas-tricks"] == "someday"
    assert statuses["calculus"] == "todo"  # what was there before is left as it was
    assert run(capsys, "--data-file", str(data_file), "plan", "--replan")[0] == 0
    code, out, _ = run(capsys, "--data-file", str(data_file), "plan", "--json")
    assert code == 0
    planned = {i["resource"] for w in json.loads(out)["weeks"] for i in w["items"]}
    assert "calculus" in planned and not planned & {"probability-course", "pandas-tricks"}


@pytest.mark.parametrize("name", ["python", "PYTHON"])  # the id, then the title (case ignored)
def test_import_under_a_category_by_id_or_title(capsys, tmp_path: Path, data_file: Path,
                                                existing: bytes, name: str):
    source = tmp_path / "list.md"
    source.write_text(LIST, encoding="utf-8")
    code, _, err = run(capsys, "--data-file", str(data_file), "import", str(source),
                       "--under", name)
    assert code == 0 and err == ""
    doc = catalog_json(capsys, data_file)
    assert [c["title"] for c in doc["categories"]] == ["Maths", "Code"]  # no new top level
    python = doc["categories"][1]["categories"][0]
    assert python["title"] == "Python"
    assert [c["title"] for c in python["categories"]] == ["Maths", "Tools"]
    assert ids(doc) == ["linalg", "calculus", "numpy-100", "probability-course",
                        "pandas-tricks"]


def test_import_under_an_unknown_category_is_refused_and_changes_nothing(
        capsys, tmp_path: Path, data_file: Path, existing: bytes):
    source = tmp_path / "list.md"
    source.write_text(LIST, encoding="utf-8")
    for extra in ((), ("--dry-run",)):
        code, out, err = run(capsys, "--data-file", str(data_file), "import", str(source),
                             "--under", "Physics", *extra)
        assert code == 1 and out == ""
        assert err.startswith("study-planner: error: --under 'Physics': no category with that id "
                              "or title (ids: ") and "python" in err
        assert data_file.read_bytes() == existing
