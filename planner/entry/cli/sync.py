"""``sync [--json]`` and ``merge BASE OURS THEIRS`` (docs/architecture.md §3.2, issue 18).

``sync`` merges the conflict copies a sync tool left beside the data file
(``planner.store.conflict_copies``) into it, three-way (``planner.core.sync.merge``): the
base is the last version this machine read or wrote (``planner.store.base_snapshot``) when
it fits both versions, else the journals' common prefix. It takes the lock like any command
that writes, saves once (the save keeps the version before the merge as a backup), then
moves each merged copy into ``merged/``. A copy that cannot be read or merged is left where
it is, with one line saying why, and the exit status is 1.

A window that has the file open holds the lock: ``sync`` then asks that window, over its
single-instance socket (``planner.ui.single_instance``), to merge the copies as its
follower does (``planner.ui.file_follower``: the window's unsaved changes are kept, its
status bar says what came in) and save; the window's answer is printed as this command's
own would be, with a last line saying what the window's status bar said. A window that
is closing is waited for a moment and the command merges on its own; one that does not
answer in time is said so, exit 1 (the command changed nothing; the window may still merge
once it is free); a command holding the file is refused as by any writing command.

``merge`` is a git merge driver: git hands it the common ancestor, our version and theirs
as files; the result is written over OURS; exit 0 when merged, 1 with one line when not
(OURS is then untouched and git reports a conflict).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.core.errors import UserError
from planner.entry.cli.common import data_file_from, lock, recorder
from planner.entry.wiring import PROG, open_state_file

if TYPE_CHECKING:
    from planner.core.sync.merge import Conflict
    from planner.ui.single_instance import SyncReply


def cmd_sync(args: argparse.Namespace) -> int:
    from planner.core.sync.merge import MergeError, is_ancestor, merge
    from planner.store.conflict_copies import conflict_copies, move_merged, set_aside
    from planner.store.state_file import LockedError, StateFileError

    path = data_file_from(args)
    store = open_state_file(path)
    try:
        store.acquire()
    except LockedError:
        # QtNetwork only now: held by a window, it is asked to merge (it owns the file)
        from planner.ui.single_instance import ask_window_to_sync

        reply = ask_window_to_sync(path)
        if reply is not None and not reply.closing:
            return _window_answered(args, path, reply)
        # a command writing it, or a window saving on its way out: waited for a moment,
        # as by the others, then merged here
        store = lock(path)
    merged: list[Path] = []
    moved: list[Path | None] = []  # where each merged copy went (None: it stayed)
    conflicts: list[Conflict] = []
    problems: list[str] = []
    try:
        copies = conflict_copies(store.path)
        if copies:
            if why := store.read_only():
                raise UserError(f"{path} is read-only: {why}; nothing was changed")
            result = store.load()
            for notice in result.notices:
                print(f"{PROG}: {notice}", file=sys.stderr)
            ours = result.state
            snapshot = store.base_state()
            machine = recorder()
            for copy in copies:
                try:
                    theirs = store.read_version(copy)
                    base = (snapshot if snapshot is not None
                            and is_ancestor(snapshot, ours, theirs) else None)
                    outcome = merge(base, ours, theirs, machine)
                except (StateFileError, MergeError) as exc:
                    problems.append(f"{copy} was not merged and is left where it is: {exc}")
                    continue
                ours = outcome.state
                merged.append(copy)
                conflicts.extend(outcome.conflicts)
            if merged:
                store.save(ours)
                for copy in merged:
                    try:
                        moved.append(move_merged(copy))
                    except OSError as exc:  # merged in; merging it again changes nothing
                        moved.append(None)
                        problems.append(f"{copy} was merged but could not be moved into "
                                        f"merged/ ({exc.strerror or exc})")
        aside: list[Path] = []
        if not store.read_only():
            aside, more = set_aside(store.path)
            problems.extend(more)
    finally:
        store.release()
    return _report(args, store.path, merged, moved, conflicts, problems, aside)


def _report(args: argparse.Namespace, path: Path, merged: list[Path],
            moved: list[Path | None],
            conflicts: list[Conflict], problems: list[str], aside: list[Path],
            window: str | None = None) -> int:
    """What ``sync`` did (or the window did for it), on stdout; problems on stderr; the
    exit status."""
    if args.json:
        document: dict[str, Any] = {
            "merged": [str(p) for p in merged], "moved_to": [p and str(p) for p in moved],
            "conflicts": [c.as_data() for c in conflicts], "problems": problems,
            "set_aside": [str(p) for p in aside]}
        if window is not None:
            document["window"] = window
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        if not merged and not problems and not aside:
            print(f"no conflict copies beside {path}")
        for copy, target in zip(merged, moved, strict=True):
            print(f"merged {copy.name} (moved to {target})" if target else
                  f"merged {copy.name} (left where it is)")
        for target in aside:
            print(f"moved {target.name} into {target.parent}: a sync tool's copy of a "
                  "backup or the lock, nothing to merge")
        for conflict in conflicts:
            print(f"conflict: {conflict.describe()}")
        if window:
            print(f"merged in the window that has the file open: {window}")
    for problem in problems:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _window_answered(args: argparse.Namespace, path: Path, reply: SyncReply) -> int:
    """The answer of the window that has ``path`` open, said as ``sync``'s own."""
    from planner.core.sync.merge import Conflict
    from planner.ui.single_instance import SYNC_TIMEOUT_MS

    answer = reply.answer
    if reply.garbled:
        raise UserError(f"the window that has {path} open gave an answer this command does "
                        "not understand (another version of Study Planner?); close it and "
                        "try again")
    if answer is None:
        raise UserError(f"a window has {path} open and did not answer within "
                        f"{SYNC_TIMEOUT_MS // 1000} s (it may still merge the copies once it "
                        "is free); close it or try again")
    if "error" in answer:
        raise UserError(f"the window that has {path} open did not merge: {answer['error']}")
    try:
        conflicts = [Conflict(str(c["part"]), str(c["node"]), str(c["field"]), c["kept"],
                              c["other"]) for c in answer["conflicts"]]
        merged = [Path(p) for p in answer["merged"]]
        moved = [Path(p) if p else None for p in answer["moved_to"]]
        if len(moved) != len(merged):
            raise ValueError("merged and moved_to differ in length")
        problems = [str(p) for p in answer["problems"]]
        aside = [Path(p) for p in answer.get("set_aside", [])]
        window = str(answer["window"])
    except (KeyError, TypeError, ValueError):
        raise UserError(f"the window that has {path} open gave an answer this command does "
                        "not understand (another version of Study Planner?); close it and "
                        "try again") from None
    return _report(args, path, merged, moved, conflicts, problems, aside, window)


def cmd_merge(args: argparse.Namespace) -> int:
    from planner.core.sync.merge import MergeError, merge
    from planner.store.state_file import StateFileError, write_atomically
    from planner.store.state_format import state_to_data, to_text

    ours_path = Path(args.ours)
    store = open_state_file(ours_path)  # the file's rules and the bundled catalog; no lock
    try:
        base_path = Path(args.base)
        # git hands an empty ancestor when the file was added on both branches
        base = (store.read_version(base_path) if base_path.stat().st_size else None)
        ours = store.read_version(ours_path)
        theirs = store.read_version(Path(args.theirs))
        outcome = merge(base, ours, theirs, recorder())
        document = state_to_data(outcome.state)
        data = to_text(document).encode("utf-8")
        if problem := store.write_check.check_document(document, data):
            raise UserError(f"{ours_path} was not merged: it would {problem.reason}")
        write_atomically(store.path, data)
    except (StateFileError, MergeError) as exc:
        raise UserError(f"{ours_path} was not merged: {exc}") from None
    except OSError as exc:
        raise UserError(f"{ours_path} was not merged: {exc.strerror or exc}") from None
    for conflict in outcome.conflicts:
        print(f"conflict: {conflict.describe()}")
    return 0


def add_commands(sub: Any) -> None:
    p = sub.add_parser("sync", help="merge the conflict copies a sync tool left beside the "
                       "data file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("merge", help="a git merge driver: merge THEIRS into OURS against BASE")
    p.add_argument("base", metavar="BASE", help="the common ancestor (git's %%O)")
    p.add_argument("ours", metavar="OURS", help="our version, where the result goes (%%A)")
    p.add_argument("theirs", metavar="THEIRS", help="their version (%%B)")
    p.set_defaults(func=cmd_merge)
