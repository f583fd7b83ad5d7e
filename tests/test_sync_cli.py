"""Two machines' versions of the data file merged: the base snapshot, ``sync`` and the git
merge driver ``merge`` (planner/entry/cli/sync.py, issue 18).

Two machines are two user state folders (``XDG_STATE_HOME``): each has its own device id,
so their journal events never share an id, and its own base snapshot.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.entry.cli.main import main
from planner.store.state_file import StateFile
from tests.on_disk import saved_progress, saved_state

ROOT = Path(__file__).resolve().parents[1]
R1, R2 = "simeone-ml-for-engineers", "thomas-math-for-ml"
SYNCTHING = "planner.sync-conflict-20261202-190411-ABCDEFG.yaml"


@pytest.fixture
def machines(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``on("a")`` makes the next commands run as machine a (its state folder in the test's
    home, where the autouse fixture lets user folders be)."""
    def on(name: str) -> None:
        monkeypatch.setenv("XDG_STATE_HOME", str(Path(os.environ["HOME"]) / f"state-{name}"))
    return on


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def two_versions(capsys, machines, data_file: Path) -> Path:  # type: ignore[no-untyped-def]
    """The data file as machine a left it, and beside it machine b's version as Syncthing
    keeps a conflict: both started from one file, then each made its own changes."""
    machines("a")
    assert run(capsys, "--data-file", str(data_file), "progress", R1, "--units", "1")[0] == 0
    other = data_file.parent / "b" / "planner.yaml"
    other.parent.mkdir()
    shutil.copy(data_file, other)
    machines("b")
    run(capsys, "--data-file", str(other), "progress", R2, "--done")
    run(capsys, "--data-file", str(other), "settings", "--hours-per-week", "8")
    machines("a")
    run(capsys, "--data-file", str(data_file), "progress", R1, "--units", "4")
    copy = data_file.parent / SYNCTHING
    os.replace(other, copy)
    return copy


def test_a_save_keeps_the_base_in_the_state_folder_not_beside_the_file(
        capsys, machines, data_file: Path) -> None:
    machines("a")
    run(capsys, "--data-file", str(data_file), "progress", R1, "--units", "2")
    bases = list((Path(os.environ["HOME"]) / "state-a").rglob("base-*.yaml"))
    assert len(bases) == 1 and bases[0].read_bytes() == data_file.read_bytes()
    assert not any("base" in p.name for p in data_file.parent.iterdir())
    store = StateFile(data_file, lambda: saved_state(data_file).catalog, None,
                      bases[0].parent.parent)
    base = store.base_state()
    assert base is not None and base.folds.progress[R1].units_done == 2
    # a command that only reads leaves it alone
    before = bases[0].stat().st_mtime_ns
    run(capsys, "--data-file", str(data_file), "list")
    assert bases[0].stat().st_mtime_ns == before


def test_sync_merges_a_syncthing_copy_and_moves_it_aside(capsys, machines,
                                                          data_file: Path) -> None:
    copy = two_versions(capsys, machines, data_file)
    theirs = copy.read_bytes()
    code, out, err = run(capsys, "--data-file", str(data_file), "sync", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["merged"] == [str(copy)] and report["conflicts"] == []
    assert not copy.exists()
    moved = data_file.parent / "merged" / SYNCTHING
    assert moved.read_bytes() == theirs  # kept whole, never deleted
    assert saved_progress(data_file, R1).units_done == 4
    assert saved_progress(data_file, R2).done
    assert saved_state(data_file).settings.hours_per_week == 8
    # the version before the merge is a backup
    assert (data_file.parent / "planner.backup-1.yaml").exists()
    # nothing left: a second sync says so and changes nothing
    merged = data_file.read_bytes()
    code, out, _ = run(capsys, "--data-file", str(data_file), "sync")
    assert code == 0 and out.startswith("no conflict copies") and data_file.read_bytes() == merged


@pytest.mark.parametrize("name", ["planner (Alice's conflicted copy 2026-12-02).yaml",
                                  "planner (conflicted copy 2026-12-02 190411).yaml",
                                  "planner_conflict-20261202-190411.yaml"])
def test_sync_finds_dropbox_nextcloud_and_owncloud_copies(capsys, machines, data_file: Path,
                                                          name: str) -> None:
    copy = two_versions(capsys, machines, data_file)
    os.replace(copy, data_file.parent / name)
    code, out, _ = run(capsys, "--data-file", str(data_file), "sync")
    assert code == 0 and f"merged {name}" in out
    assert (data_file.parent / "merged" / name).exists()
    assert saved_progress(data_file, R2).done


def test_a_true_conflict_keeps_the_later_value_and_reports_the_other(capsys, machines,
                                                                     data_file: Path) -> None:
    copy = two_versions(capsys, machines, data_file)
    other = data_file.parent / "b.yaml"
    os.replace(copy, other)
    machines("b")  # b, later, records another unit count for R1 than a did
    # "later" by the events' times, kept in whole seconds: within the second of a's change
    # the two tie and the merge's order between them is its fixed tie-break, not time
    started = int(time.time())
    while int(time.time()) == started:
        time.sleep(0.05)
    run(capsys, "--data-file", str(other), "progress", R1, "--units", "7")
    os.replace(other, copy)
    machines("a")
    code, out, _ = run(capsys, "--data-file", str(data_file), "sync", "--json")
    assert code == 0
    assert json.loads(out)["conflicts"] == [
        {"resource": R1, "part": "progress", "node": R1, "field": "units_done", "kept": 7,
         "other": 4}]
    assert saved_progress(data_file, R1).units_done == 7
    history = [e for e in saved_state(data_file).journal if e.type == "sync.conflict"]
    assert [(e["f"], e["kept"], e["other"]) for e in history] == [("units_done", 7, 4)]


def test_sync_is_refused_while_the_file_is_locked(capsys, machines, data_file: Path) -> None:
    copy = two_versions(capsys, machines, data_file)
    before = data_file.read_bytes(), copy.read_bytes()
    holder = StateFile(data_file, lambda: saved_state(data_file).catalog)
    holder.acquire()  # as a window does, for as long as it is open
    try:
        code, _out, err = run(capsys, "--data-file", str(data_file), "sync")
    finally:
        holder.release()
    assert code == 1 and "open in a Study Planner window" in err and err.count("\n") == 1
    assert (data_file.read_bytes(), copy.read_bytes()) == before


def test_a_copy_that_cannot_be_read_is_left_where_it_is(capsys, machines,
                                                         data_file: Path) -> None:
    copy = two_versions(capsys, machines, data_file)
    bad = data_file.parent / "planner.sync-conflict-20261203-101010-ZZZZZZZ.yaml"
    bad.write_text("schema_version: 2\njournal: 3\n")
    code, _out, err = run(capsys, "--data-file", str(data_file), "sync")
    assert code == 1
    assert f"{bad} was not merged and is left where it is" in err and err.count("\n") == 1
    assert bad.read_text() == "schema_version: 2\njournal: 3\n"
    assert not copy.exists() and saved_progress(data_file, R2).done  # the good one merged


def test_merge_driver_refuses_with_one_line_and_leaves_ours(capsys, tmp_path: Path,
                                                            machines, data_file: Path) -> None:
    machines("a")
    run(capsys, "--data-file", str(data_file), "progress", R1, "--units", "1")
    ours = tmp_path / "ours.yaml"
    shutil.copy(data_file, ours)
    junk = tmp_path / "theirs.yaml"
    junk.write_text("not: [a planner\n")
    before = ours.read_bytes()
    code, _, err = run(capsys, "merge", str(data_file), str(ours), str(junk))
    assert code == 1 and err.count("\n") == 1 and "was not merged" in err
    assert ours.read_bytes() == before


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "PYTHONPATH": str(ROOT)}
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          env=env, check=False)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_real_git_merge_with_the_driver_loses_nothing(capsys, tmp_path: Path,
                                                        machines) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    data = repo / "planner.yaml"
    _git(repo, "init", "-q", "-b", "main")
    (repo / ".gitignore").write_text("*.lock\nplanner.backup-*\n")
    (repo / ".gitattributes").write_text("planner.yaml merge=studyplanner\n")
    _git(repo, "config", "merge.studyplanner.driver",
         f"{sys.executable} -m planner merge %O %A %B")
    machines("a")
    run(capsys, "--data-file", str(data), "progress", R1, "--units", "1")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "start")
    _git(repo, "checkout", "-q", "-b", "laptop")
    machines("b")
    run(capsys, "--data-file", str(data), "progress", R2, "--done")
    run(capsys, "--data-file", str(data), "settings", "--hours-per-week", "9")
    _git(repo, "commit", "-q", "-am", "laptop")
    _git(repo, "checkout", "-q", "main")
    machines("a")
    run(capsys, "--data-file", str(data), "progress", R1, "--units", "3")
    _git(repo, "commit", "-q", "-am", "desktop")
    done = _git(repo, "merge", "-q", "--no-edit", "laptop")
    assert done.returncode == 0, done.stdout + done.stderr
    assert _git(repo, "status", "--porcelain").stdout.strip() == ""
    merged = saved_state(data)
    assert merged.folds.progress[R1].units_done == 3
    assert merged.folds.progress[R2].done
    assert merged.settings.hours_per_week == 9
    both = {e.id for e in merged.journal}
    for branch in ("main~1", "laptop"):  # every event of both branches is in the merge
        text = _git(repo, "show", f"{branch}:planner.yaml").stdout
        assert _event_ids(text) <= both


def _event_ids(text: str) -> set[str]:
    """The ids of the journal lines in a data file's text (none: a failed test)."""
    ids = {json.loads(line)["id"] for line in text.splitlines()
           if line.startswith("    {")}
    assert ids
    return ids


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_plain_git_merge_takes_both_machines_events(capsys, tmp_path: Path,
                                                      machines) -> None:
    """Without the merge driver git merges the file line by line: each machine appends to
    its own block of the journal, a new machine's block comes first, so two machines'
    edits that do not overlap merge cleanly, the first time the second machine's events
    meet the first's and after."""
    repo = tmp_path / "repo"
    repo.mkdir()
    data = repo / "planner.yaml"
    _git(repo, "init", "-q", "-b", "main")
    (repo / ".gitignore").write_text("*.lock\nplanner.backup-*\n")
    machines("a")
    run(capsys, "--data-file", str(data), "progress", R1, "--units", "1")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "start")
    for round_, (units, sections) in enumerate([(3, 1), (4, 2)]):
        _git(repo, "checkout", "-q", "-b", f"laptop{round_}")
        machines("b")
        assert run(capsys, "--data-file", str(data), "progress", R2, "--units",
                   str(sections))[0] == 0
        if round_ == 0:
            assert run(capsys, "--data-file", str(data), "settings", "--hours-per-week",
                       "9")[0] == 0
        _git(repo, "commit", "-q", "-am", f"laptop {round_}")
        _git(repo, "checkout", "-q", "main")
        machines("a")
        assert run(capsys, "--data-file", str(data), "progress", R1, "--units",
                   str(units))[0] == 0
        _git(repo, "commit", "-q", "-am", f"desktop {round_}")
        done = _git(repo, "merge", "-q", "--no-edit", f"laptop{round_}")
        assert done.returncode == 0, done.stdout + done.stderr
        assert _git(repo, "status", "--porcelain").stdout.strip() == ""
        merged = saved_state(data)
        assert merged.folds.progress[R1].units_done == units
        assert merged.folds.progress[R2].units_done == sections
        assert merged.settings.hours_per_week == 9
        both = {e.id for e in merged.journal}
        assert len({e.device for e in merged.journal}) == 2
        for branch in ("main~1", f"laptop{round_}"):
            assert _event_ids(_git(repo, "show", f"{branch}:planner.yaml").stdout) <= both


def test_sync_sets_aside_a_sync_tools_copies_of_backups_and_of_the_lock(
        capsys, machines, data_file: Path) -> None:
    """Two machines that both saved while apart each rotated their backups: Syncthing keeps
    the other side's as conflict copies of the backups (and, had the lock changed, of the
    lock). Nothing to merge in them; they are moved into merged/, never deleted, and the
    backups themselves stay."""
    copy = two_versions(capsys, machines, data_file)
    folder = data_file.parent
    backup = folder / "planner.backup-1.yaml"
    assert backup.exists()
    of_backup = folder / "planner.backup-2.sync-conflict-20261202-190411-ABCDEFG.yaml"
    theirs = backup.read_bytes()
    of_backup.write_bytes(theirs)
    of_lock = folder / "planner.yaml.sync-conflict-20261202-190411-ABCDEFG.lock"
    of_lock.write_bytes(b"")
    unrelated = folder / "notes.sync-conflict-20261202-190411-ABCDEFG.yaml"
    unrelated.write_text("mine\n")
    code, out, err = run(capsys, "--data-file", str(data_file), "sync", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["merged"] == [str(copy)]  # the data file's copy alone is merged
    assert sorted(report["set_aside"]) == sorted(
        [str(folder / "merged" / of_backup.name), str(folder / "merged" / of_lock.name)])
    assert not of_backup.exists() and not of_lock.exists()
    assert (folder / "merged" / of_backup.name).read_bytes() == theirs
    assert unrelated.exists() and backup.exists()  # not ours / the backups themselves
    # said in the text form too, also when no copy of the data file is left to merge
    again = folder / "planner.backup-3.sync-conflict-20261203-101010-ABCDEFG.yaml"
    again.write_text("x\n")
    code, out, _ = run(capsys, "--data-file", str(data_file), "sync")
    assert code == 0
    assert out == (f"moved {again.name} into {folder / 'merged'}: a sync tool's copy of a "
                   "backup or the lock, nothing to merge\n")


def test_a_copy_merged_but_not_moved_is_said_so_and_not_paired_with_another(
        capsys, machines, data_file: Path) -> None:
    copy = two_versions(capsys, machines, data_file)
    (data_file.parent / "merged").write_text("a file where the folder would go\n")
    code, out, err = run(capsys, "--data-file", str(data_file), "sync", "--json")
    assert code == 1
    report = json.loads(out)
    assert report["merged"] == [str(copy)] and report["moved_to"] == [None]
    assert err.startswith(f"study-planner: error: {copy} was merged but could not be moved")
    assert copy.exists() and saved_progress(data_file, R2).done
    code, out, _ = run(capsys, "--data-file", str(data_file), "sync")
    assert out == f"merged {copy.name} (left where it is)\n"  # merging again changes nothing
