"""``desktop install`` / ``desktop uninstall``: the desktop's menu entry, its icon and its
AppStream metainfo in the user's XDG data folder (``planner.entry.desktop``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from planner.core.errors import UserError
from planner.entry import desktop


def cmd_desktop(args: argparse.Namespace) -> int:
    home = desktop.data_home()
    data_file = getattr(args, "data_file", None)
    if args.action == "install":
        argv = desktop.launcher()
        if data_file is not None:  # the menu entry opens that file
            argv += ["--data-file", str(Path(data_file).expanduser().absolute())]
        files = desktop.install(home, argv)
        print(f"Wrote the menu entry {files.entry}")
        print(f"  runs:     {' '.join(argv)}")
        print(f"  icon:     {files.icon}")
        print(f"  metainfo: {files.metainfo}")
        print("Study Planner is in the desktop's menu (under Education); "
              "`study-planner desktop uninstall` removes it.")
        if argv[1:3] == ["-m", "planner"]:
            print("note: no study-planner script was found, so the entry runs this Python "
                  "with -m planner, which works once Study Planner is installed into it "
                  "(pip install .)", file=sys.stderr)
        return 0
    if data_file is not None:
        raise UserError("desktop uninstall takes no --data-file: it removes the one menu "
                        "entry, whichever file it opens")
    removed, kept = desktop.uninstall(home)
    for path in removed:
        print(f"Removed {path}")
    for path in kept:
        print(f"Left {path}: `study-planner desktop install` did not write it")
    if not removed and not kept:
        print(f"No menu entry of Study Planner was installed in {home}; nothing to remove")
    return 0


def add_commands(sub: Any) -> None:
    p = sub.add_parser("desktop", help="add Study Planner to the desktop's menu, or remove it",
                       description="Install or remove the desktop's menu entry, its icon and "
                       "its AppStream metainfo, in $XDG_DATA_HOME (default ~/.local/share). "
                       "With --data-file, the menu entry opens that data file.")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("install", help="write the menu entry (a .desktop file), the icon and "
                       "the metainfo; the entry runs this installation's study-planner")
    actions.add_parser("uninstall", help="remove the files `desktop install` wrote, and "
                       "nothing else")
    p.set_defaults(func=cmd_desktop)
