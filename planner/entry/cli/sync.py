"""``sync [--json]`` and ``merge BASE OURS THEIRS`` (docs/architecture.md §3.2, issue 18).

``sync`` merges the conflict copies a sync tool left beside the data file
(``planner.store.conflict_copies``) into it, three-way (``planner.core.sync.merge``): the
base is the last version this machine read or wrote (``planner.store.base_snapshot``) when
it fits both versions, else the journals' common prefix. It takes the lock like any command
that writes (a window holding the file: refused, nothing changed), saves once (the save
keeps the version before the merge as a backup), then moves each merged copy into
``merged/``. A copy that cannot be read or merged is left where it is, with one line
saying why, and the exit status is 1.

``merge`` is a git merge driver: git hands it the common ancestor, our version and theirs
as files; the result is written over OURS; exit 0 when merged, 1 with one line when not
(OURS is then untouched and git reports a conflict).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from planner.core.errors import UserError
from planner.entry.cli.common import data_file_from, lock, recorder
from planner.entry.wiring import PROG, open_state_file


def cmd_sync(args: argparse.Namespace) -> int:
    from planner.core.sync.merge import Conflict, MergeError, is_ancestor, merge
    from planner.store.conflict_copies import conflict_copies, move_merged
    from planner.store.state_file import StateFileError

    path = data_file_from(args)
    store = lock(path)
    merged: list[Path] = []
    moved: list[Path] = []
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
                        problems.append(f"{copy} was merged but could not be moved into "
                                        f"merged/ ({exc.strerror or exc})")
    finally:
        store.release()
    if args.json:
        document: dict[str, Any] = {
            "merged": [str(p) for p in merged], "moved_to": [str(p) for p in moved],
            "conflicts": [c.as_data() for c in conflicts], "problems": problems}
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        if not merged and not problems:
            print(f"no conflict copies beside {store.path}")
        for copy, target in zip(merged, moved, strict=False):
            print(f"merged {copy.name} (moved to {target})")
        for conflict in conflicts:
            print(f"conflict: {conflict.describe()}")
    for problem in problems:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
    return 1 if problems else 0


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
