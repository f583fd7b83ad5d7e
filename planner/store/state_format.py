"""The state file's data layout (schema version 1) and its migrations.

Lean by design: progress is stored by resource id; the catalog is stored only once the
user has changed it (otherwise the bundled one is used); history is one line per event.

The text we write begins with ``HEADER`` and ends with ``END_MARKER`` (YAML comments). A
file cut short at a line boundary may still be valid YAML holding fewer entries, so a file
that begins with our header but has no end line is refused as truncated. A file without
our header (written by hand, or by a version before the marker) is read as it is.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from planner.core.catalog.model import (
    MAX_UNITS,
    Catalog,
    CatalogError,
    Category,
    LeftOutLink,
    Resource,
    Units,
    catalog_from_data,
    catalog_to_data,
    clean_text,
)
from planner.core.catalog.model import Path as DataPath
from planner.core.errors import UserError
from planner.core.journal.events import Event
from planner.core.journal.fold import Folds, fold
from planner.core.journal.state import PlannerState
from planner.core.planning.plan import Goal, OverflowItem, Plan, PlanBasis, WeekPlan
from planner.core.planning.settings import Settings, SettingsError
from planner.core.progress.rules import EMPTY_PROGRESS, Progress
from planner.core.weeks import WeekError, read_week
from planner.store.format_v2 import described as _described
from planner.store.format_v2 import (
    folds_from_data,
    folds_to_data,
    journal_checked_before,
    journal_to_data,
)
from planner.store.yaml import emit as yamlemit

SCHEMA_VERSION = 3
HISTORY_EVENTS = ("done", "undone", "units", "hours")
GOAL_KINDS = ("study", "carry-over", "done", "revisit")
MAX_HOURS = 1_000_000.0  # any number of hours in the file (a session logs at most 1,000)

END_MARKER = "# end of Study Planner data"
HEADER = "# Study Planner data. Keep the last line: without it the file is taken as cut short."
_HEADER_BYTES = HEADER.encode()
_BOM = b"\xef\xbb\xbf"
_FIRST_LINE = re.compile(rb"[^\r\n]*")
# The end line, alone on its line (spaces and a CR from an editor tolerated).
_END_TEXT = rb"[\r\n][ \t]*" + re.escape(END_MARKER.encode()) + rb"[ \t]*"
_END_LINE = re.compile(_END_TEXT + rb"(?:[\r\n]|\Z)")
# The same line as the file's last one, as our saves leave it: checked on the file's tail
# alone (searching a 2,000-resource file from the top for the end line takes ~5 ms).
_END_AT_TAIL = re.compile(_END_TEXT + rb"[\r\n]*\Z")
_TAIL_BYTES = 200
_DECLARED_VERSION = re.compile(
    rb"^schema_version:[ \t]*\+?([0-9]{1,18})[ \t]*(?:#[^\r\n]*)?\r?$", re.M
)

@dataclass(frozen=True)
class HistoryEntry:
    """One line of a version-1 file's history (version 2 keeps journal events instead)."""

    day: dt.date
    resource: str
    event: str  # done | undone | units | hours
    value: float | None = None


# Ordered migrations: MIGRATIONS[n] turns a version-n document into a version-(n+1) one.
Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}


class StateFormatError(UserError, ValueError):
    def __init__(self, message: str, path: DataPath = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class NewerSchemaError(StateFormatError):
    """Written by a newer Study Planner: refused and left untouched."""


def to_text(data: dict[str, Any]) -> str:
    """The state file's text: our header, the block-style YAML, our end line."""
    return f"{HEADER}\n{yamlemit.emit(data)}{END_MARKER}\n"


def truncation_problem(raw: bytes) -> str | None:
    """Why ``raw`` is a cut-short file of ours, or None (complete, or not written by us).

    Ours begins with ``HEADER`` (a UTF-8 BOM, trailing spaces and CRLF line ends, which
    editors add, are tolerated); it is complete when ``END_MARKER`` stands on a line of its
    own anywhere after it (text a user adds after the end line is read too).
    """
    body = raw[len(_BOM):] if raw.startswith(_BOM) else raw
    first = _FIRST_LINE.match(body)
    if first is None or first.group().rstrip() != _HEADER_BYTES:
        return None
    if _END_AT_TAIL.search(body, max(first.end(), len(body) - _TAIL_BYTES)):
        return None
    if _END_LINE.search(body, first.end()):  # the end line with a user's text after it
        return None
    return (
        f"the file is cut short: it begins with Study Planner's first line but its last "
        f"line '{END_MARKER}' is missing (a save, copy or sync was interrupted)"
    )


def declared_version(raw: bytes) -> int | None:
    """The top-level ``schema_version: N`` in the raw bytes, found without parsing.

    Used when a file cannot be read: one from a newer version is then still refused and left
    untouched (a newer version may write what this one cannot read).
    """
    match = _DECLARED_VERSION.search(raw)
    return int(match.group(1)) if match else None


def newer_message(version: int) -> str:
    return (
        f"it was written by a newer Study Planner (schema version {version}; this version "
        f"reads up to {SCHEMA_VERSION}); it was left untouched — update Study Planner"
    )


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """A document of any known schema version brought to ``SCHEMA_VERSION``, in order.

    Each step gets a deep copy (a step may edit it in place; the caller's document is not
    changed); a document already current is returned as it is, so migrating twice changes
    nothing.
    """
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise StateFormatError(
            f"'schema_version' must be a whole number (0 or more), got {_described(version)}",
            ("schema_version",),
        )
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(newer_message(version), ("schema_version",))
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise StateFormatError(
                f"schema version {version} is too old to migrate", ("schema_version",)
            )
        data = step(copy.deepcopy(data))
        version += 1
        data["schema_version"] = version
    return data


# ------------------------------------------------------------------------------ writing


def _number(value: float) -> float | int:
    """Four decimals; a whole number without its ".0" (rounded first: what is read back is
    written the same way again, 1e-05 and 0 alike)."""
    rounded = round(float(value), 4)
    return int(rounded) if rounded.is_integer() else rounded


def progress_to_data(progress: Progress) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if progress.done:
        data["done"] = True
    if progress.units_done:
        data["units_done"] = progress.units_done
    if progress.hours_logged:
        data["hours_logged"] = _number(progress.hours_logged)
    if progress.started:
        data["started"] = progress.started.isoformat()
    if progress.finished:
        data["finished"] = progress.finished.isoformat()
    if progress.notes:
        data["notes"] = progress.notes
    return data


def history_line(entry: HistoryEntry) -> str:
    line = f"{entry.day.isoformat()} {entry.event} {entry.resource}"
    return line if entry.value is None else f"{line} {_number(entry.value)}"


def _settings_data(state: PlannerState) -> dict[str, Any]:
    settings = state.settings
    data: dict[str, Any] = {
        "hours_per_week": _number(settings.hours_per_week),
        "max_parallel": settings.max_parallel,
        "horizon_weeks": settings.horizon_weeks,
    }
    if settings.start_week:
        data["start_week"] = settings.start_week
    if settings.plan_with_pace != "auto":  # the default is not written: older files read the same
        data["plan_with_pace"] = settings.plan_with_pace
    if settings.idle_minutes != Settings.idle_minutes:  # nor these
        data["idle_minutes"] = settings.idle_minutes
    if settings.session_on_open != Settings.session_on_open:
        data["session_on_open"] = settings.session_on_open
    if settings.retention != Settings.retention:
        data["retention"] = _number(settings.retention)
    if settings.revisit_share != Settings.revisit_share:
        data["revisit_share"] = _number(settings.revisit_share)
    if settings.ask_rating != Settings.ask_rating:
        data["ask_rating"] = settings.ask_rating
    return data


def _catalog_data(state: PlannerState) -> dict[str, Any] | None:
    return None if state.catalog_is_default else catalog_to_data(state.catalog)


# The state file's top-level sections after ``schema_version``, in the file's order, each
# built from the state alone (None: left out). ``planner.store.writable`` measures and checks
# them one by one.
def _journal_data(state: PlannerState) -> Any:
    return journal_to_data(state.journal)


SECTIONS: dict[str, Callable[[PlannerState], Any]] = {
    "settings": _settings_data,
    "catalog": _catalog_data,
    "pins": lambda state: dict(sorted(state.pins.items())),
    "plan": lambda state: None if state.plan is None else plan_to_data(state.plan,
                                                                       state.catalog),
    "journal": _journal_data,
}


def state_to_data(state: PlannerState) -> dict[str, Any]:
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    for name, build in SECTIONS.items():
        value = build(state)
        if value is not None:
            data[name] = value
    return data


def goal_line(goal: Goal) -> str:
    """'RESOURCE HOURS [FIRST-LAST] [pinned] [carry-over|done|revisit]', one line per goal."""
    hours = float(goal.hours)
    parts = [goal.resource, str(int(hours)) if hours.is_integer() else repr(hours)]
    if goal.units:
        parts.append(f"{goal.units[0]}-{goal.units[1]}")
    if goal.pinned:
        parts.append("pinned")
    if goal.kind != "study":
        parts.append(goal.kind)
    return " ".join(parts)


def plan_to_data(plan: Plan, catalog: Catalog | None = None) -> dict[str, Any]:
    data = {
        "hours_per_week": _number(plan.hours_per_week),
        "start_week": plan.start_week,
        "weeks": {
            week.week: {"budget": _number(week.budget),
                        "goals": [goal_line(g) for g in week.goals]}
            for week in plan.weeks
        },
        "overflow": [f"{item.resource} {float(item.hours)!r} {item.reason}"
                     for item in plan.overflow],
        "warnings": list(plan.warnings),
    }
    basis = plan.basis
    if basis is not None and basis.settings is not None and catalog is not None:
        data["basis"] = basis_to_data(basis, basis.settings, catalog)
    return data


def basis_to_data(basis: PlanBasis, settings: Settings, catalog: Catalog) -> dict[str, Any]:
    """What a plan was made with, so that following it after a restart keeps it and a
    re-plan can name what changed: the settings it used, the tracks' shares, and only the
    priorities and deadlines that differ from the catalog's now (edits not yet re-planned:
    usually none, so the section stays a few lines long)."""
    resources = catalog.resources
    priorities = {rid: p for rid, p in sorted(basis.priorities.items())
                  if rid in resources and resources[rid].priority != p}
    deadlines: dict[str, str | None] = {}
    for rid in sorted(basis.priorities):
        if rid in resources and resources[rid].deadline != basis.deadlines.get(rid):
            kept = basis.deadlines.get(rid)
            deadlines[rid] = kept.isoformat() if kept else None
    return {
        "max_parallel": settings.max_parallel,
        "horizon_weeks": settings.horizon_weeks,
        "start_week": settings.start_week,
        "shares": dict(sorted(basis.shares.items())),
        "priorities": priorities,
        "deadlines": deadlines,
    }


def basis_from_data(value: Any, hours_per_week: float, settings: Settings,
                    catalog: Catalog) -> PlanBasis:
    """The basis ``basis_to_data`` wrote, completed from the catalog and ``settings``."""
    path: DataPath = ("plan", "basis")
    data = _mapping(value, path)
    unknown = set(data) - {"max_parallel", "horizon_weeks", "start_week", "shares",
                           "priorities", "deadlines"}
    if unknown:
        raise StateFormatError(f"unknown field {_described(sorted(unknown)[0])}", path)
    try:
        made = replace(settings, hours_per_week=hours_per_week,
                       max_parallel=data.get("max_parallel", settings.max_parallel),
                       horizon_weeks=data.get("horizon_weeks", settings.horizon_weeks),
                       start_week=_week(data.get("start_week"), (*path, "start_week")),
                       ).within_bounds().validated()
    except (SettingsError, WeekError) as exc:
        raise StateFormatError(str(exc), path) from None
    shares: dict[str, int] = {}
    for cid, share in _mapping(data.get("shares"), (*path, "shares")).items():
        if isinstance(share, bool) or not isinstance(share, int) or not 1 <= share <= 100:
            raise StateFormatError(f"must be a whole percent from 1 to 100, got "
                                   f"{_described(share)}", (*path, "shares", cid))
        shares[cid] = share
    priorities = {r.id: r.priority for r in catalog}
    for rid, priority in _mapping(data.get("priorities"), (*path, "priorities")).items():
        if isinstance(priority, bool) or not isinstance(priority, int) or not 1 <= priority <= 5:
            raise StateFormatError(f"must be a priority from 1 to 5, got "
                                   f"{_described(priority)}", (*path, "priorities", rid))
        if rid in priorities:
            priorities[rid] = priority
    deadlines = {r.id: r.deadline for r in catalog if r.deadline is not None}
    for rid, day in _mapping(data.get("deadlines"), (*path, "deadlines")).items():
        if rid not in priorities:
            continue
        if day is None:
            deadlines.pop(rid, None)
            continue
        try:
            deadlines[rid] = dt.date.fromisoformat(_text(day, (*path, "deadlines", rid)))
        except ValueError:
            raise StateFormatError(f"must be a date like 2027-01-31, got {_described(day)}",
                                   (*path, "deadlines", rid)) from None
    return PlanBasis(made.max_parallel, priorities, deadlines, made, shares)


def goal_from_line(value: Any, path: DataPath) -> Goal:
    parts = value.split() if isinstance(value, str) else []
    try:
        resource, hours = parts[0], float(parts[1])
        units = None
        flags = parts[2:]
        if flags and "-" in flags[0] and flags[0][0].isdigit():
            first, last = flags.pop(0).split("-")
            units = (int(first), int(last))
        pinned = "pinned" in flags
        kinds = [f for f in flags if f != "pinned"]
        if len(kinds) > 1 or set(kinds) - set(GOAL_KINDS) or len(set(flags)) < len(flags):
            raise ValueError
        kind = kinds[0] if kinds else "study"
    except (IndexError, ValueError):
        raise StateFormatError(
            "must read 'RESOURCE HOURS [FIRST-LAST] [pinned] [carry-over|done|revisit]', "
            f"got {_described(value)}",
            path,
        ) from None
    if not math.isfinite(hours) or not 0 <= hours <= MAX_HOURS:
        raise StateFormatError(
            f"hours must be a number from 0 to {MAX_HOURS:,.0f}, got {_described(parts[1])}", path
        )
    return Goal(resource, hours, units, pinned, kind)


def plan_from_data(value: Any, catalog: Catalog | None = None,
                   settings: Settings | None = None) -> Plan | None:
    """The plan; with ``catalog`` and ``settings``, its basis too (when the file has one)."""
    if value is None:
        return None
    data = _mapping(value, ("plan",))
    weeks = []
    for week, week_data in _mapping(data.get("weeks"), ("plan", "weeks")).items():
        path: DataPath = ("plan", "weeks", str(week))
        name = _week(week, path)
        assert name is not None
        entry = _mapping(week_data, path)
        goals_data = entry.get("goals") or []
        if not isinstance(goals_data, list):
            raise StateFormatError("must be a list", (*path, "goals"))
        goals = tuple(goal_from_line(g, (*path, "goals", i)) for i, g in enumerate(goals_data))
        weeks.append(WeekPlan(name, goals, _hours(entry.get("budget"), (*path, "budget"))))
    overflow = []
    overflow_data = data.get("overflow") or []
    if not isinstance(overflow_data, list):
        raise StateFormatError("must be a list", ("plan", "overflow"))
    for i, line in enumerate(overflow_data):
        parts = line.split(" ", 2) if isinstance(line, str) else []
        try:
            hours = float(parts[1])
            if not (math.isfinite(hours) and 0 <= hours <= MAX_HOURS):
                raise ValueError
            overflow.append(OverflowItem(parts[0], hours, parts[2]))
        except (IndexError, ValueError):
            raise StateFormatError(f"must read 'RESOURCE HOURS REASON', got {_described(line)}",
                                   ("plan", "overflow", i)) from None
    warnings = data.get("warnings") or []
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        raise StateFormatError("must be a list of text", ("plan", "warnings"))
    start = _week(data.get("start_week"), ("plan", "start_week"))
    hours = _hours(data.get("hours_per_week"), ("plan", "hours_per_week"))
    basis = None
    if data.get("basis") is not None and catalog is not None and settings is not None:
        basis = basis_from_data(data["basis"], hours, settings, catalog)
    return Plan(
        hours_per_week=hours,
        weeks=tuple(sorted(weeks, key=lambda w: w.week)),
        overflow=tuple(overflow),
        warnings=tuple(warnings),
        start_week=start,
        basis=basis,
    )


# ------------------------------------------------------------------------------ reading


def _text(value: Any, path: DataPath) -> str:
    if isinstance(value, str):
        return value
    hint = "; put it in quotes" if isinstance(value, (bool, int, float, dt.date)) else ""
    raise StateFormatError(f"must be text, got {_described(value)}{hint}", path)


def _mapping(value: Any, path: DataPath) -> Mapping[str, Any]:
    """A mapping with text keys (YAML reads ``yes:`` or ``010:`` as something else)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise StateFormatError(f"must be a mapping, got {_described(value)}", path)
    for key in value:
        if not isinstance(key, str):
            raise StateFormatError(
                f"the key {_described(key)} must be text; put it in quotes", path
            )
    return value


def _week(value: Any, path: DataPath) -> str | None:
    """An ISO week in its normal form ("2026-W05"), or None."""
    if value is None:
        return None
    try:
        return read_week(_text(value, path))
    except WeekError as exc:
        raise StateFormatError(str(exc), path) from None


def _date(value: Any, path: DataPath) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise StateFormatError(f"must be an ISO date, got {_described(value)}", path)


def _whole(value: Any, path: DataPath, default: int = 0) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_UNITS:
        raise StateFormatError(
            f"must be a whole number from 0 to {MAX_UNITS:,}, got {_described(value)}", path
        )
    return value


def _hours(value: Any, path: DataPath) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
        math.isfinite(value) and 0 <= value <= MAX_HOURS
    ):
        raise StateFormatError(
            f"must be a number of hours from 0 to {MAX_HOURS:,.0f}, got {_described(value)}",
            path,
        )
    return float(value)


def progress_from_data(value: Any, path: DataPath) -> Progress:
    data = _mapping(value, path)
    unknown = set(data) - {"done", "units_done", "hours_logged", "started", "finished", "notes"}
    if unknown:
        raise StateFormatError(f"unknown field {_described(sorted(unknown)[0])}", path)
    done = data.get("done", False)
    if not isinstance(done, bool):
        raise StateFormatError(f"must be true or false, got {_described(done)}", (*path, "done"))
    notes = clean_text(_text(data.get("notes", ""), (*path, "notes")), multiline=True)
    return Progress(
        done=done,
        units_done=_whole(data.get("units_done"), (*path, "units_done")),
        hours_logged=_hours(data.get("hours_logged"), (*path, "hours_logged")),
        started=_date(data.get("started"), (*path, "started")),
        finished=_date(data.get("finished"), (*path, "finished")),
        notes=notes,
    )


def history_from_line(value: Any, path: DataPath) -> HistoryEntry:
    parts = value.split() if isinstance(value, str) else []
    if len(parts) not in (3, 4) or parts[1] not in HISTORY_EVENTS:
        raise StateFormatError(
            f"must read 'DATE EVENT RESOURCE [VALUE]' with EVENT one of "
            f"{', '.join(HISTORY_EVENTS)}, got {_described(value)}",
            path,
        )
    day = _date(parts[0], path)
    assert day is not None
    number = None
    if len(parts) == 4:
        try:
            number = float(parts[3])
        except ValueError:
            number = math.nan
        if not (math.isfinite(number) and abs(number) <= MAX_HOURS):
            raise StateFormatError(f"the value must be a number, got {_described(parts[3])}", path)
    return HistoryEntry(day, parts[2], parts[1], number)


def pin_from_data(value: Any, path: DataPath) -> str:
    pinned = _week(value, path)
    if pinned is None:
        raise StateFormatError("must be an ISO week like 2026-W48", path)
    return pinned


def goal_key_from_data(value: Any, path: DataPath) -> str:
    if not isinstance(value, str):
        raise StateFormatError("must be a list of 'WEEK RESOURCE' keys", path[:1])
    return value


def _pace_mode(value: Any) -> Any:
    """A hand-written `off` / `on` is YAML 1.1's false / true: read as meant."""
    if isinstance(value, bool):
        return "on" if value else "off"
    return value


def settings_from_data(value: Any) -> Settings:
    data = _mapping(value, ("settings",))
    unknown = set(data) - {"hours_per_week", "max_parallel", "start_week", "horizon_weeks",
                           "plan_with_pace", "idle_minutes", "session_on_open",
                           "retention", "revisit_share", "ask_rating"}
    if unknown:
        raise StateFormatError(
            f"unknown setting {_described(sorted(unknown)[0])}", ("settings",)
        )
    defaults = Settings()
    settings = Settings(
        hours_per_week=data.get("hours_per_week", defaults.hours_per_week),
        max_parallel=data.get("max_parallel", defaults.max_parallel),
        start_week=_week(data.get("start_week"), ("settings", "start_week")),
        horizon_weeks=data.get("horizon_weeks", defaults.horizon_weeks),
        plan_with_pace=_pace_mode(data.get("plan_with_pace", defaults.plan_with_pace)),
        idle_minutes=data.get("idle_minutes", defaults.idle_minutes),
        session_on_open=data.get("session_on_open", defaults.session_on_open),
        retention=data.get("retention", defaults.retention),
        revisit_share=data.get("revisit_share", defaults.revisit_share),
        ask_rating=data.get("ask_rating", defaults.ask_rating),
    )
    try:  # what an older version let through is brought into today's bounds, not refused
        return settings.within_bounds().validated()
    except (SettingsError, WeekError) as exc:
        raise StateFormatError(str(exc), ("settings",)) from None


def state_from_data(data: Any, default_catalog: Callable[[], Catalog], *,
                    leave_out_links: list[LeftOutLink] | None = None,
                    journal: list[Event] | None = None,
                    folds: Folds | None = None,
                    catalog: Catalog | None = None) -> PlannerState:
    """Validate a loaded document (migrated to the current schema) into a state; progress
    and ticks are the fold of its journal.

    ``leave_out_links``: see ``catalog_from_data``. ``journal``: the document's journal
    already read and checked (from a parse cache entry, ``state_from_cache``), in place of
    its ``journal`` lines; ``folds``: its fold, kept with it; ``catalog``: its catalog,
    likewise (the document then holds none of its own, or the bundled one is meant).
    """
    if data is None:
        raise StateFormatError("the file holds no data (it is empty, or only comments)")
    if not isinstance(data, dict):
        raise StateFormatError(
            f"the file must hold a mapping with a 'schema_version', not {_described(data)}"
        )
    if "schema_version" not in data:
        raise StateFormatError("'schema_version' is missing; this is not a Study Planner file")
    data = migrate(data)
    unknown = set(data) - {"schema_version", "settings", "catalog", "pins", "ui", "plan",
                           "journal"}
    if unknown:
        first = sorted(unknown, key=str)[0]  # keys may be of any type (1: or yes:)
        raise StateFormatError(f"unknown top-level field {_described(first)}", (first,))
    if catalog is not None:
        is_default = False
    elif data.get("catalog") is None:
        catalog, is_default = default_catalog(), True
    else:
        try:
            catalog = catalog_from_data(data["catalog"], leave_out_links=leave_out_links)
            is_default = False
        except CatalogError as exc:
            raise StateFormatError(
                exc.message, ("catalog", *exc.path, *((exc.field_name,) if exc.field_name else ()))
            ) from None
    pins = {rid: pin_from_data(week, ("pins", rid))
            for rid, week in _mapping(data.get("pins"), ("pins",)).items()}
    ui = {k: _text(v, ("ui", k)) for k, v in _mapping(data.get("ui"), ("ui",)).items()}
    from planner.store.format_v2 import EventFormatError, journal_from_data

    if journal is None:
        try:
            journal = journal_from_data(data.get("journal"))
        except EventFormatError as exc:
            raise StateFormatError(exc.message, exc.path) from None
    settings = settings_from_data(data.get("settings"))
    return PlannerState(
        catalog,
        journal=journal,
        folds=fold(journal) if folds is None else folds,
        settings=settings,
        pins=pins,
        catalog_is_default=is_default,
        ui=ui,
        plan=plan_from_data(data.get("plan"), catalog, settings),
    )


# ------------------------------------------------------------------ the parse cache's entry
# What ``planner.store.state_file.ParseCache`` keeps for a file: its document, brought to
# the current schema, with the fold of its journal (``folds_to_data``) and its catalog as
# it was built (``catalog_to_cache``) in place of the document's. An entry is used only for
# the bytes it was made from, so what it holds was checked when it was made: its journal
# lines are read again without checks (``journal_checked_before``), the fold is taken when
# it is the one of those events, the catalog is rebuilt field by field without validating
# it again, and the rest of the document is read as any document is (a hit gives the state
# a miss gives).
CACHED_FOLDS = "folds"  # never a field of a document: refused as unknown in a file
CACHED_CATALOG = "built catalog"  # likewise; None: the bundled catalog

# A resource and a category in the entry: their fields' values in this order (a category's
# children after them), so an entry made by a version with other fields is a miss.
_RESOURCE = tuple(f.name for f in dataclasses.fields(Resource) if f.name != "parent")
_CATEGORY = tuple(f.name for f in dataclasses.fields(Category)
                  if f.name not in ("parent", "children"))
_TEXTS = frozenset(("authors", "prerequisites", "tags", "links"))  # tuples of text


def _cached_value(value: object) -> object:
    if isinstance(value, Units):
        return [value.name, value.count]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def catalog_to_cache(catalog: Catalog) -> dict[str, Any]:
    """``catalog`` as built, for ``catalog_from_cache``."""
    def node(child: Category | Resource) -> list[Any]:
        if isinstance(child, Resource):
            return [_cached_value(getattr(child, name)) for name in _RESOURCE]
        return [{"c": [getattr(child, name) for name in _CATEGORY],
                 "k": [node(c) for c in child.children]}]

    return {"fields": [_RESOURCE, _CATEGORY], "title": catalog.title,
            "root": node(catalog.root)}


def catalog_from_cache(value: Any) -> Catalog:
    """The catalog ``catalog_to_cache`` kept, rebuilt without checks (it was checked when
    the entry was made). ``ValueError`` when ``value`` is not one this version made."""
    if value["fields"] != [list(_RESOURCE), list(_CATEGORY)]:
        raise ValueError("kept by a version with other fields")
    day = dt.date.fromisoformat

    def node(data: list[Any]) -> Category | Resource:
        if len(data) == 1:
            category = Category(**dict(zip(_CATEGORY, data[0]["c"], strict=True)))
            category.children = [node(child) for child in data[0]["k"]]
            return category
        fields = dict(zip(_RESOURCE, data, strict=True))
        for name in _TEXTS:
            fields[name] = tuple(fields[name])
        if fields["units"] is not None:
            fields["units"] = Units(*fields["units"])
        if fields["deadline"] is not None:
            fields["deadline"] = day(fields["deadline"])
        return Resource(**fields)

    root = node(value["root"])
    if not isinstance(root, Category):
        raise ValueError("the root is not a category")
    return Catalog(value["title"], root)


def cache_entry(document: dict[str, Any], state: PlannerState) -> dict[str, Any]:
    """The parse cache's entry for ``document``, read (or written) as ``state``."""
    entry = {**migrate(document), CACHED_FOLDS: folds_to_data(state.folds, state.journal),
             CACHED_CATALOG: None if state.catalog_is_default else catalog_to_cache(state.catalog)}
    entry.pop("catalog", None)
    return entry


def state_from_cache(entry: dict[str, Any], default_catalog: Callable[[], Catalog], *,
                     leave_out_links: list[LeftOutLink] | None = None) -> PlannerState | None:
    """The state of a ``cache_entry``; None when ``entry`` is not one (a miss)."""
    document = dict(entry)
    try:
        journal = journal_checked_before(document.get("journal"))
        folds = folds_from_data(document.pop(CACHED_FOLDS), journal)
        kept = document.pop(CACHED_CATALOG)
        catalog = None if kept is None else catalog_from_cache(kept)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if "catalog" in document:
        return None  # an entry holds the built catalog, never the document's
    # (a catalog whose links all passed has none to leave out: ``leave_out_links`` holds)
    return state_from_data(document, default_catalog, leave_out_links=leave_out_links,
                           journal=journal, folds=folds, catalog=catalog)


# ------------------------------------------------------------------ version 1 -> 2
# The history lines, progress and checked goals become journal events. Every fact of a
# version-1 file is kept: each history line becomes the event it records (at noon UTC of its
# day, ids "v1.1", "v1.2", … in file order); where the fold of those events does not give the
# progress the file stored (notes, and progress from before history was kept, are not in
# it), one ``progress`` event says what it was; each checked goal becomes a ``tick`` on its
# chunk in the stored plan. ``ui`` passes through, to be handed to the local state once.

MIGRATION_DEVICE = "v1"


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.timezone.utc)


def _progress_payload(rid: str, progress: Progress) -> dict[str, object]:
    """A ``progress`` event's payload: the v1 mapping's fields under the event's names (the
    hours as read, not rounded again)."""
    names = {"units_done": "n", "hours_logged": "h"}
    data: dict[str, object] = {"r": rid}
    for key, value in progress_to_data(progress).items():
        data[names.get(key, key)] = progress.hours_logged if key == "hours_logged" else value
    return data


def _latest_day(data: dict[str, Any]) -> dt.date:
    """The last day the file names (a history line, a start or finish): corrections are
    dated then, so a file always migrates to the same bytes. 1970-01-01 when it names none."""
    days = [dt.date(1970, 1, 1)]
    for i, line in enumerate(_list(data, "history")):
        days.append(history_from_line(line, ("history", i)).day)
    for rid, value in _mapping(data.get("progress"), ("progress",)).items():
        progress = progress_from_data(value, ("progress", rid))
        days.extend(d for d in (progress.started, progress.finished) if d)
    return max(days)


def _is_week(text: str) -> bool:
    try:
        return read_week(text) == text
    except WeekError:
        return False


def _list(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name) or []
    if not isinstance(value, list):
        raise StateFormatError("must be a list", (name,))
    return value


def v1_to_v2(data: dict[str, Any], now: dt.datetime | None = None) -> dict[str, Any]:
    """A version-1 document as a version-2 one; its parts are checked on the way (a
    ``StateFormatError`` names the v1 entry at fault)."""
    if "journal" in data:  # it would be replaced by the history's events, and lost
        raise StateFormatError(
            "a version-1 file has no journal; if the file was written with a journal, its "
            "schema_version must be 2", ("journal",))
    now = now or _noon(_latest_day(data))
    events: list[Event] = []

    def add(at: dt.datetime, kind: str, **payload: object) -> None:
        events.append(Event(f"{MIGRATION_DEVICE}.{len(events) + 1}", at, kind,
                            MappingProxyType(payload), len(events) + 1))

    for i, line in enumerate(_list(data, "history")):
        entry = history_from_line(line, ("history", i))
        at = _noon(entry.day)
        if entry.event == "done":
            add(at, "done", r=entry.resource)
        elif entry.event == "undone":
            add(at, "undone", r=entry.resource)
        elif entry.event == "units":
            add(at, "units", r=entry.resource, n=max(0, int(entry.value or 0)))
        else:
            add(at, "hours", r=entry.resource, h=float(entry.value or 0.0))
    stored = {rid: progress_from_data(value, ("progress", rid))
              for rid, value in _mapping(data.get("progress"), ("progress",)).items()}
    folded = fold(events).progress
    for rid in sorted(stored.keys() | folded.keys()):
        want = stored.get(rid, EMPTY_PROGRESS)
        if folded.get(rid, EMPTY_PROGRESS) != want:
            add(now, "progress", **_progress_payload(rid, want))
    goals: dict[str, tuple[float, tuple[int, int] | None]] = {}
    plan = plan_from_data(data.get("plan"))
    for week_plan in plan.weeks if plan is not None else ():
        for goal in week_plan.goals:
            goals[f"{week_plan.week} {goal.resource}"] = (goal.hours, goal.units)
    checked = [goal_key_from_data(key, ("checked_goals", i))
               for i, key in enumerate(_list(data, "checked_goals"))]
    for key in sorted(checked):
        week, _, rid = key.partition(" ")
        if not rid or not _is_week(week):
            # v1 took any text here, but a goal's key is "WEEK RESOURCE", its week in normal
            # form: a key that is not (written by hand) checked no goal; as a tick it would
            # make the file unreadable
            continue
        hours, units = goals.get(key, (0.0, None))
        chunk = {"first": units[0], "last": units[1]} if units else {}
        add(now, "tick", w=week, r=rid, h=hours, **chunk)
    migrated = {k: v for k, v in data.items()
                if k not in ("history", "progress", "checked_goals")}
    migrated["journal"] = journal_to_data(events)
    return migrated


MIGRATIONS[1] = v1_to_v2


# ------------------------------------------------------------------ version 2 -> 3
# Version 3 keeps the journal in one block per device, each event with its ``seq``
# (``planner.store.format_v2``); a version-2 journal, one block in the journal's order, is
# read as it is (each event's place its seq), and the next save writes the blocks.


def v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """A version-2 document as a version-3 one: the same document."""
    return data


MIGRATIONS[2] = v2_to_v3
