"""The state file's data layout (schema version 1) and its migrations.

Lean by design: progress is stored by resource id; the catalog is stored only once the
user has changed it (otherwise the bundled one is used); history is one line per event.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any

from planner.core.catalog import Catalog, CatalogError, catalog_from_data, catalog_to_data
from planner.core.catalog import Path as DataPath
from planner.core.plan import Goal, OverflowItem, Plan, WeekPlan
from planner.core.progress import Progress
from planner.core.settings import Settings, SettingsError
from planner.core.state import HistoryEntry, PlannerState
from planner.core.weeks import WeekError, parse_week

SCHEMA_VERSION = 1
HISTORY_EVENTS = ("done", "undone", "units", "hours")

# Ordered migrations: MIGRATIONS[n] turns a version-n document into a version-(n+1) one.
Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}


class StateFormatError(ValueError):
    def __init__(self, message: str, path: DataPath = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class NewerSchemaError(StateFormatError):
    """Written by a newer Study Planner: refused and left untouched."""


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise StateFormatError(
            f"'schema_version' must be a whole number, got {version!r}", ("schema_version",)
        )
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"it was written by a newer Study Planner (schema version {version}; this version "
            f"reads up to {SCHEMA_VERSION}); it was left untouched — update Study Planner",
            ("schema_version",),
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise StateFormatError(
                f"schema version {version} is too old to migrate", ("schema_version",)
            )
        data = step(dict(data))
        version += 1
        data["schema_version"] = version
    return data


# ------------------------------------------------------------------------------ writing


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(float(value), 4)


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


def state_to_data(state: PlannerState) -> dict[str, Any]:
    settings = state.settings
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "settings": {
            "hours_per_week": _number(settings.hours_per_week),
            "max_parallel": settings.max_parallel,
            "horizon_weeks": settings.horizon_weeks,
        },
    }
    if settings.start_week:
        data["settings"]["start_week"] = settings.start_week
    if not state.catalog_is_default:
        data["catalog"] = catalog_to_data(state.catalog)
    data["progress"] = {
        rid: progress_to_data(p) for rid, p in sorted(state.progress.items()) if not p.is_empty
    }
    data["pins"] = dict(sorted(state.pins.items()))
    data["history"] = [history_line(e) for e in state.history]
    if state.plan is not None:
        data["plan"] = plan_to_data(state.plan)
    if state.checked_goals:
        data["checked_goals"] = sorted(state.checked_goals)
    if state.ui:
        data["ui"] = dict(sorted(state.ui.items()))
    return data


def goal_line(goal: Goal) -> str:
    """'RESOURCE HOURS [FIRST-LAST] [pinned] [carry-over]', one line per goal."""
    hours = float(goal.hours)
    parts = [goal.resource, str(int(hours)) if hours.is_integer() else repr(hours)]
    if goal.units:
        parts.append(f"{goal.units[0]}-{goal.units[1]}")
    if goal.pinned:
        parts.append("pinned")
    if goal.kind != "study":
        parts.append(goal.kind)
    return " ".join(parts)


def plan_to_data(plan: Plan) -> dict[str, Any]:
    return {
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
        kind = next((f for f in flags if f != "pinned"), "study")
    except (IndexError, ValueError):
        raise StateFormatError(
            f"must read 'RESOURCE HOURS [FIRST-LAST] [pinned]', got {value!r}", path
        ) from None
    if not math.isfinite(hours) or hours < 0:
        raise StateFormatError(f"hours must be a positive number, got {parts[1]!r}", path)
    return Goal(resource, hours, units, pinned, kind)


def plan_from_data(value: Any) -> Plan | None:
    if value is None:
        return None
    data = _mapping(value, ("plan",))
    weeks = []
    for week, week_data in _mapping(data.get("weeks"), ("plan", "weeks")).items():
        path: DataPath = ("plan", "weeks", str(week))
        try:
            name = parse_week(str(week))
        except WeekError as exc:
            raise StateFormatError(str(exc), path) from None
        entry = _mapping(week_data, path)
        goals_data = entry.get("goals") or []
        if not isinstance(goals_data, list):
            raise StateFormatError("must be a list", (*path, "goals"))
        goals = tuple(goal_from_line(g, (*path, "goals", i)) for i, g in enumerate(goals_data))
        weeks.append(WeekPlan(name, goals, _hours(entry.get("budget"), (*path, "budget"))))
    overflow = []
    for i, line in enumerate(data.get("overflow") or []):
        parts = line.split(" ", 2) if isinstance(line, str) else []
        try:
            overflow.append(OverflowItem(parts[0], float(parts[1]), parts[2]))
        except (IndexError, ValueError):
            raise StateFormatError(f"must read 'RESOURCE HOURS REASON', got {line!r}",
                                   ("plan", "overflow", i)) from None
    warnings = data.get("warnings") or []
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        raise StateFormatError("must be a list of text", ("plan", "warnings"))
    start = data.get("start_week")
    return Plan(
        hours_per_week=_hours(data.get("hours_per_week"), ("plan", "hours_per_week")),
        weeks=tuple(sorted(weeks, key=lambda w: w.week)),
        overflow=tuple(overflow),
        warnings=tuple(warnings),
        start_week=parse_week(str(start)) if start else None,
    )


# ------------------------------------------------------------------------------ reading


def _mapping(value: Any, path: DataPath) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise StateFormatError(f"must be a mapping, got {type(value).__name__}", path)
    return value


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
    raise StateFormatError(f"must be an ISO date, got {value!r}", path)


def _whole(value: Any, path: DataPath, default: int = 0) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise StateFormatError(f"must be a whole number, got {value!r}", path)
    return value


def _hours(value: Any, path: DataPath) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
        math.isfinite(value) and value >= 0
    ):
        raise StateFormatError(f"must be a number of hours, got {value!r}", path)
    return float(value)


def progress_from_data(value: Any, path: DataPath) -> Progress:
    data = _mapping(value, path)
    unknown = set(data) - {"done", "units_done", "hours_logged", "started", "finished", "notes"}
    if unknown:
        raise StateFormatError(f"unknown field {sorted(unknown)[0]!r}", path)
    done = data.get("done", False)
    if not isinstance(done, bool):
        raise StateFormatError(f"must be true or false, got {done!r}", (*path, "done"))
    notes = data.get("notes", "")
    if not isinstance(notes, str):
        raise StateFormatError("must be text", (*path, "notes"))
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
            f"{', '.join(HISTORY_EVENTS)}, got {value!r}",
            path,
        )
    day = _date(parts[0], path)
    assert day is not None
    number = None
    if len(parts) == 4:
        try:
            number = float(parts[3])
        except ValueError:
            raise StateFormatError(f"the value must be a number, got {parts[3]!r}", path) from None
    return HistoryEntry(day, parts[2], parts[1], number)


def settings_from_data(value: Any) -> Settings:
    data = _mapping(value, ("settings",))
    unknown = set(data) - {"hours_per_week", "max_parallel", "start_week", "horizon_weeks"}
    if unknown:
        raise StateFormatError(f"unknown setting {sorted(unknown)[0]!r}", ("settings",))
    defaults = Settings()
    settings = Settings(
        hours_per_week=data.get("hours_per_week", defaults.hours_per_week),
        max_parallel=data.get("max_parallel", defaults.max_parallel),
        start_week=data.get("start_week"),
        horizon_weeks=data.get("horizon_weeks", defaults.horizon_weeks),
    )
    try:
        return settings.validated()
    except (SettingsError, WeekError) as exc:
        raise StateFormatError(str(exc), ("settings",)) from None


def state_from_data(data: Any, default_catalog: Callable[[], Catalog]) -> PlannerState:
    """Validate a loaded document (migrated to the current schema) into a state."""
    if not isinstance(data, dict):
        raise StateFormatError("the file must hold a mapping with a 'schema_version'")
    if "schema_version" not in data:
        raise StateFormatError("'schema_version' is missing; this is not a Study Planner file")
    data = migrate(data)
    unknown = set(data) - {"schema_version", "settings", "catalog", "progress", "pins",
                           "history", "ui", "plan", "checked_goals"}
    if unknown:
        raise StateFormatError(f"unknown top-level field {sorted(unknown)[0]!r}",
                               (sorted(unknown)[0],))
    if data.get("catalog") is None:
        catalog, is_default = default_catalog(), True
    else:
        try:
            catalog, is_default = catalog_from_data(data["catalog"]), False
        except CatalogError as exc:
            raise StateFormatError(
                exc.message, ("catalog", *exc.path, *((exc.field_name,) if exc.field_name else ()))
            ) from None
    progress = {}
    for rid, value in _mapping(data.get("progress"), ("progress",)).items():
        progress[str(rid)] = progress_from_data(value, ("progress", str(rid)))
    pins = {}
    for rid, week in _mapping(data.get("pins"), ("pins",)).items():
        try:
            pins[str(rid)] = parse_week(str(week))
        except WeekError as exc:
            raise StateFormatError(str(exc), ("pins", str(rid))) from None
    history_data = data.get("history") or []
    if not isinstance(history_data, list):
        raise StateFormatError("must be a list", ("history",))
    history = [history_from_line(v, ("history", i)) for i, v in enumerate(history_data)]
    ui = {str(k): str(v) for k, v in _mapping(data.get("ui"), ("ui",)).items()}
    checked = data.get("checked_goals") or []
    if not isinstance(checked, list) or not all(isinstance(k, str) for k in checked):
        raise StateFormatError("must be a list of 'WEEK RESOURCE' keys", ("checked_goals",))
    return PlannerState(
        catalog=catalog,
        progress=progress,
        settings=settings_from_data(data.get("settings")),
        pins=pins,
        history=history,
        catalog_is_default=is_default,
        ui=ui,
        plan=plan_from_data(data.get("plan")),
        checked_goals=set(checked),
    )
