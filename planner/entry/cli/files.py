"""``import FILE`` and ``export (--ics | --markdown | --yaml) FILE`` (docs/architecture.md §3.2).

Import reads and validates the whole file before the data file is touched; the merge is
then one change (``AppState.make_catalog``), saved atomically, so nothing is ever
half-imported. Exports are written atomically too, with the user's umask, and never over
one of the planner's own files (``StateFile.own_file``).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from planner.core.errors import UserError
from planner.core.journal.state import AppState
from planner.core.operations.catalog import ReplaceCatalog
from planner.entry.cli.common import data_file_from, load, write
from planner.store.state_file import StateFile, write_for_user

if TYPE_CHECKING:
    from planner.core.catalog.merge import ImportPreview
    from planner.core.planning.plan import Plan

# Merging, the readers of reading lists and the exporters (icalendar) are imported by the
# commands that use them: the window's start-up builds this parser too.


class _NothingNew(Exception):
    """Raised inside the locked write to leave the file alone; carries the report."""


def _report(head: str, preview: ImportPreview, merge_duplicates: bool) -> str:
    return "\n".join([f"{head}: {preview.summary(merge_duplicates)}",
                      *preview.details(merge_duplicates)])


def cmd_import(args: argparse.Namespace) -> int:
    from planner.store.importers.files import collector_paused

    with collector_paused():
        return _import(args)


def category_named(app: AppState, name: str, option: str) -> str:
    """The id of the category ``name`` is the id or the title of (case ignored); a title
    two categories share, or none has, is refused naming the ids to choose from."""
    name = name.strip()
    if name in app.catalog.categories:
        return name
    found = [c.id for c in app.catalog.categories.values()
             if c.title.casefold() == name.casefold()]
    if len(found) == 1:
        return found[0]
    if found:
        raise UserError(f"{option} {name!r}: {len(found)} categories have that title; "
                        f"give one's id: {', '.join(sorted(found))}")
    known = ", ".join(sorted(app.catalog.categories)) or "none"
    raise UserError(f"{option} {name!r}: no category with that id or title (ids: {known})")


def _import(args: argparse.Namespace) -> int:
    from planner.core.catalog.merge import merge_import, preview_import, steer_import
    from planner.store.importers.files import load_import

    path = Path(args.file).expanduser()
    imported = load_import(path)  # every check on the file happens here, before the lock
    if args.someday:  # as the import dialog's "Bring in as Someday": kept, not planned
        imported = steer_import(imported, someday=True)
    data_file = data_file_from(args)
    merge = bool(args.merge_duplicates)

    def under_of(app: AppState) -> str | None:
        return category_named(app, args.under, "--under") if args.under else None

    if args.dry_run:
        _, app = load(data_file)
        preview = preview_import(app.catalog, imported, under=under_of(app))
        print(_report(f"Would import {path.name}", preview, merge))
        print("Dry run: nothing was changed.")
        return 0

    def action(app: AppState) -> str:
        under = under_of(app)
        preview = preview_import(app.catalog, imported, under=under)
        if not preview.changes_anything(merge):
            if preview.refused and not preview.duplicates:
                for refused in preview.refused:
                    print(f"refused: {refused}")
                raise UserError(f"{path}: nothing imported: all {len(preview.refused)} "
                                "entries were refused (listed above)")
            raise _NothingNew(_report(f"Nothing new in {path.name}", preview, merge))
        new = merge_import(app.catalog, imported, merge_duplicates=merge, under=under)
        app.apply(ReplaceCatalog(new, f"Import {path.name}"))
        report = _report(f"Imported {path.name}", preview, merge)
        if args.someday and preview.added:
            report += ("\nThe new resources are Someday: kept and searchable, not planned "
                       "(the window's status filter shows them).")
        elif app.state.plan is not None and preview.added:
            report += ("\nThe new resources join the plan at the next re-plan "
                       "(study-planner plan --replan).")
        return report

    try:
        return write(data_file, action)
    except _NothingNew as nothing:
        print(nothing)
        print("The data file was not changed.")
        return 0


def _current_plan(app: AppState) -> Plan:
    """The plan ``plan`` and the window show: the accepted one, else a fresh one."""
    from planner.core.journal.goals import current_plan

    return current_plan(app)


def _write_export(target: Path, data: bytes, store: StateFile) -> None:
    if why := store.own_file(target):
        raise UserError(why)
    try:
        if target.is_dir():
            raise UserError(f"{target} is a folder; give a file name to export to")
        write_for_user(target, data)
    except OSError as exc:
        raise UserError(f"cannot write {target}: {exc.strerror or exc}") from None


EXPORT_SUFFIXES = {".ics": "ics", ".md": "markdown", ".markdown": "markdown",
                   ".yaml": "yaml", ".yml": "yaml"}


def _export_format(args: argparse.Namespace) -> None:
    """``export FILE``: the option its suffix names, set as if it had been given (a usage
    error, exit 2, when there is no file, both, or a suffix it cannot tell)."""
    usage_error: Callable[[str], NoReturn] = args.usage_error
    given = [name for name in ("ics", "markdown", "yaml") if getattr(args, name)]
    if args.file is None:
        if not given:
            usage_error("export needs a file: its suffix picks the format ("
                             f"{', '.join(EXPORT_SUFFIXES)}), or one of --ics, --markdown, "
                             "--yaml")
        return
    if given:
        usage_error(f"export takes a file or --{given[0]} FILE, not both")
    option = EXPORT_SUFFIXES.get(Path(args.file).suffix.lower())
    if option is None:
        usage_error(f"cannot tell the format of {args.file!r} from its suffix "
                         f"({Path(args.file).suffix or 'none'}): use one of "
                         f"{', '.join(EXPORT_SUFFIXES)}, or --ics, --markdown or --yaml")
    setattr(args, option, args.file)


def cmd_export(args: argparse.Namespace) -> int:
    from planner.core.sessions.model import sessions_of
    from planner.store.exporters import (
        catalog_with_progress_yaml,
        count_goals,
        ics_contents,
        plan_to_ics,
        plan_to_markdown,
    )

    _export_format(args)
    store, app = load(data_file_from(args))
    if args.yaml:
        target = Path(args.yaml).expanduser()
        text = catalog_with_progress_yaml(app.catalog, app.state.progress)
        _write_export(target, text.encode("utf-8"), store)
        print(f"Wrote the catalog with progress ({len(app.catalog)} resources) to {target}")
        return 0
    plan = _current_plan(app)
    if args.ics:
        target = Path(args.ics).expanduser()
        stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        done = sessions_of(app.state.journal).done
        data = plan_to_ics(plan, app.catalog, stamp=stamp, sessions=done)
        what = ics_contents(plan, done)
    else:
        target = Path(args.markdown).expanduser()
        data = plan_to_markdown(plan, app.catalog, app.state.progress,
                                set(app.state.ticks)).encode("utf-8")
        what = f"{count_goals(plan)} weekly goals over {len(plan.weeks)} weeks"
    _write_export(target, data, store)
    print(f"Wrote {what} to {target}")
    return 0


def add_commands(sub: Any) -> None:
    p = sub.add_parser("import", help="import a reading list: a Markdown list (.md) or a "
                       "catalog (.yaml)")
    p.add_argument("file", metavar="FILE", help="a Markdown reading list (.md, .markdown, "
                   ".txt) or a catalog YAML file (.yaml, .yml)")
    p.add_argument("--dry-run", action="store_true",
                   help="only show what would be added, skipped and refused")
    p.add_argument("--merge-duplicates", action="store_true",
                   help="add the new links, tags and authors of entries already in the "
                   "catalog (same link) to them, instead of skipping them")
    p.add_argument("--someday", action="store_true",
                   help="bring the new resources in as Someday: kept and searchable, not "
                   "planned (for a long list you will pick from)")
    p.add_argument("--under", metavar="CATEGORY",
                   help="put the list's categories under this existing category (its id or "
                   "title) instead of at the top level")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export the plan (calendar, Markdown) or the catalog "
                       "with progress (YAML)")
    p.add_argument("file", nargs="?", metavar="FILE",
                   help="where to write; its suffix picks the format, as import's does: "
                   f"{', '.join(EXPORT_SUFFIXES)} (or give one of the options below)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--ics", metavar="FILE", help="the plan as an iCalendar file, one "
                      "all-day entry per weekly goal")
    what.add_argument("--markdown", metavar="FILE", help="the plan as a Markdown checklist "
                      "per week")
    what.add_argument("--yaml", metavar="FILE", help="the catalog with progress, as YAML")
    p.set_defaults(func=cmd_export, usage_error=p.error)  # FILE's checks, after parsing
