"""The plan for calendars (iCalendar) and as text (Markdown), and the catalog with progress.

Each function returns the bytes or text of the file; writing it (atomically) is the
caller's. Output is deterministic: the same plan, catalog and progress (and for the
calendar the same ``stamp``) give the same bytes, so exports diff cleanly.

Calendar: one all-day entry per weekly goal, spanning the ISO week (DTSTART the Monday,
DTEND the next Monday, exclusive, as RFC 5545 wants for all-day entries), marked free
time (TRANSP:TRANSPARENT) so it does not block the user's calendar; and each finished
study session as a timed entry. The UID is ``<resource>-<week>@study-planner`` (a week's
done record ``…-done``, a session ``session-<its id>``): re-importing a new export into
a calendar updates the entries of the same resource and week instead of adding copies;
DTSTAMP is the export time (``stamp``), which tells the calendar the newer version wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sized
from collections.abc import Set as AbstractSet

from planner.core.catalog.model import Catalog, Resource, catalog_to_data
from planner.core.hours import format_hours
from planner.core.journal.goals import goal_key
from planner.core.links import LinkError, check_link
from planner.core.planning.plan import DONE, REVISIT, Goal, Plan, WeekPlan
from planner.core.planning.scheduler import describe_goal
from planner.core.progress.rules import EMPTY_PROGRESS, Progress
from planner.core.sessions.model import Session
from planner.core.weeks import monday
from planner.core.wording import week_dates as week_dates  # the one wording of weeks
from planner.store.yaml import strict

PRODID = "-//Study Planner//study-planner//EN"
UID_DOMAIN = "study-planner"
# A re-visit's mark in the calendar and the checklist (the window shows icons/revisit.svg)
REVISIT_MARK = "↻"

_VERBS = {
    "video": "Watch",
    "video-series": "Watch",
    "course": "Follow",
    "exercises": "Work through",
}


# ------------------------------------------------------------------------------ wording


def goal_text(goal: Goal, catalog: Catalog) -> str:
    """'Read chapters 4–6 of Foundations of Data Science (6 h)'; '↻ Re-visit: Matrix
    Calculus (30 min)'."""
    if goal.kind == REVISIT:
        return f"{REVISIT_MARK} {describe_goal(goal, catalog)}"
    resource = catalog.resources.get(goal.resource)
    title = resource.title if resource else goal.resource
    verb = _VERBS.get(resource.kind, "Read") if resource else "Study"
    what = title
    if goal.units is not None and resource is not None and resource.units is not None:
        what = f"{resource.units.describe_range(*goal.units)} of {title}"
    text = f"{verb} {what} ({format_hours(goal.hours)})"
    if goal.kind == "carry-over":
        text += ", carried over"
    return text


def _link(resource: Resource | None) -> str | None:
    if resource is None or not resource.url:
        return None
    try:
        return check_link(resource.url)
    except LinkError:
        return None


def _uid(key: str, seen: set[str]) -> str:
    uid, n = f"{key}@{UID_DOMAIN}", 2
    while uid in seen:
        uid, n = f"{key}-{n}@{UID_DOMAIN}", n + 1
    seen.add(uid)
    return uid


# ------------------------------------------------------------------------------ iCalendar


def _description(goal: Goal, week: WeekPlan, resource: Resource | None, url: str | None) -> str:
    lines = []
    if resource is not None:
        by = f" by {', '.join(resource.authors)}" if resource.authors else ""
        lines.append(f"{resource.title}{by}")
        if goal.units is not None and resource.units is not None:
            first, last = goal.units
            lines.append(f"{resource.units.describe_range(first, last)} of "
                         f"{resource.units.count}")
    if goal.kind == REVISIT:
        lines.append("A re-visit: how well can you still explain it? Rate it when done.")
    lines.append(f"{format_hours(goal.hours)} planned in week {week.week}"
                 + (" (pinned)" if goal.pinned else ""))
    if url:
        lines.append(url)
    return "\n".join(lines)


def plan_to_ics(plan: Plan, catalog: Catalog, *, stamp: dt.datetime,
                name: str | None = None, sessions: Iterable[Session] = ()) -> bytes:
    """The plan as an iCalendar file: one all-day VEVENT per weekly goal (a week's record
    of what was studied has its own UID, ``<resource>-<week>-done``, so that the goal
    still to do keeps the goal's), and one timed VEVENT per finished study session
    (``session-<id>``: the session's own id, stable across exports)."""
    from icalendar import Calendar, Event

    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    stamp = stamp.astimezone(dt.timezone.utc).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name or f"Study plan: {catalog.title}")
    seen: set[str] = set()
    for week in sorted(plan.weeks, key=lambda w: w.week):
        start = monday(week.week)
        for goal in week.goals:
            resource = catalog.resources.get(goal.resource)
            url = _link(resource)
            event = Event()
            key = f"{goal.resource}-{week.week}" + {DONE: "-done", REVISIT: "-revisit"}.get(
                goal.kind, "")
            event.add("uid", _uid(key, seen))
            event.add("dtstamp", stamp)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(days=7))
            event.add("summary", goal_text(goal, catalog))
            event.add("description", _description(goal, week, resource, url))
            if url:
                event.add("url", url)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    for session in sessions:
        if session.end is None:
            continue
        resource = catalog.resources.get(session.resource)
        title = resource.title if resource else session.resource
        event = Event()
        event.add("uid", _uid(f"session-{session.id}", seen))
        event.add("dtstamp", stamp)
        event.add("dtstart", session.start)
        event.add("dtend", session.end)
        event.add("summary", f"Studied: {title} ({format_hours(session.hours)})")
        url = _link(resource)
        if url:
            event.add("url", url)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def count_goals(plan: Plan) -> int:
    return sum(len(week.goals) for week in plan.weeks)


def ics_contents(plan: Plan, sessions: Sized) -> str:
    """What ``plan_to_ics`` writes, in words: '85 weekly goals over 60 weeks and 4 study
    sessions' (each one calendar entry)."""
    goals = f"{count_goals(plan)} weekly goals over {len(plan.weeks)} weeks"
    if not len(sessions):
        return goals
    return f"{goals} and {len(sessions)} study session{'s' if len(sessions) != 1 else ''}"


# ------------------------------------------------------------------------------ Markdown


def _md_escape(text: str) -> str:
    for ch in "\\[]*_`<>":
        text = text.replace(ch, "\\" + ch)
    return text


def _md_link(title: str, url: str | None) -> str:
    if not url:
        return _md_escape(title)
    target = f"<{url}>" if any(ch in url for ch in "()<> ") else url
    return f"[{_md_escape(title)}]({target})"


def _goal_done(goal: Goal, progress: Progress, checked: bool) -> bool:
    """Done: checked off, the resource finished, or its units up to the goal's last one."""
    if progress.done or checked:
        return True
    return goal.units is not None and progress.units_done >= goal.units[1]


def _goal_line(goal: Goal, week: str, catalog: Catalog, progress: Mapping[str, Progress],
               checked_goals: AbstractSet[str]) -> str:
    resource = catalog.resources.get(goal.resource)
    checked = goal_key(week, goal) in checked_goals
    title = resource.title if resource else goal.resource
    if goal.kind == REVISIT:  # its resource is done: the re-visit is not, until checked
        return (f"- [{'x' if checked else ' '}] {REVISIT_MARK} Re-visit: "
                f"{_md_link(title, _link(resource))} ({round(goal.hours * 60)} min)")
    done = _goal_done(goal, progress.get(goal.resource, EMPTY_PROGRESS), checked)
    verb = _VERBS.get(resource.kind, "Read") if resource else "Study"
    what = _md_link(title, _link(resource))
    if goal.units is not None and resource is not None and resource.units is not None:
        what = f"{resource.units.describe_range(*goal.units)} of {what}"
    extra = ", carried over" if goal.kind == "carry-over" else ""
    extra += ", pinned" if goal.pinned else ""
    return f"- [{'x' if done else ' '}] {verb} {what} ({format_hours(goal.hours)}{extra})"


def plan_to_markdown(plan: Plan, catalog: Catalog,
                     progress: Mapping[str, Progress] | None = None,
                     checked_goals: AbstractSet[str] = frozenset()) -> str:
    """A checklist per week: '## 2026-W48 (Nov 23 – Nov 29) — 5 h' then '- [ ] …'.

    A goal is ticked when it was checked off (``checked_goals``, keys as ``goal_key``), its
    resource is done, or the resource's units up to the goal's last one are done.
    """
    progress = progress or {}
    lines = [f"# Study plan: {_md_escape(catalog.title)}", "",
             f"{format_hours(plan.hours_per_week)} a week. Ticked: finished resources and the "
             "parts already done.", ""]
    for week in sorted(plan.weeks, key=lambda w: w.week):
        heading = f"## {week.week} ({week_dates(week.week)}) — {format_hours(week.planned_hours)}"
        if week.over_budget:
            heading += f", over the {format_hours(week.budget)} budget"
        lines.append(heading)
        lines.append("")
        lines.extend(_goal_line(goal, week.week, catalog, progress, checked_goals)
                     for goal in week.goals)
        if not week.goals:
            lines.append("Nothing planned.")
        lines.append("")
    if plan.overflow:
        lines += ["## Not planned yet", ""]
        for item in plan.overflow:
            resource = catalog.resources.get(item.resource)
            title = resource.title if resource else item.resource
            lines.append(f"- {_md_link(title, _link(resource))} ({format_hours(item.hours)}): "
                         f"{_md_escape(item.reason)}")
        lines.append("")
    if plan.warnings:
        lines += ["## Warnings", ""]
        lines.extend(f"- {_md_escape(w)}" for w in plan.warnings)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# ------------------------------------------------------------------------------ YAML


def _add_progress(categories: object, progress: Mapping[str, Progress],
                  catalog: Catalog) -> None:
    if not isinstance(categories, list):
        return
    for category in categories:
        if not isinstance(category, dict):
            continue
        for data in category.get("resources") or []:
            rid = str(data["id"])
            p = progress.get(rid, EMPTY_PROGRESS)
            data["status"] = p.status().value
            resource = catalog.resources.get(rid)
            if resource is not None and resource.units is not None:
                data["units_done"] = p.units_done
            if p.hours_logged:
                data["hours_logged"] = round(p.hours_logged, 4)
            if p.finished:
                data["finished"] = p.finished.isoformat()
        _add_progress(category.get("categories"), progress, catalog)


def catalog_with_progress_data(catalog: Catalog,
                               progress: Mapping[str, Progress]) -> dict[str, object]:
    """The catalog's plain data with, per resource, ``status`` (todo / in-progress / done),
    ``units_done`` (when it has units), ``hours_logged`` and ``finished`` (when set)."""
    data = catalog_to_data(catalog)
    _add_progress(data.get("categories"), progress, catalog)
    return data


YAML_HEADER = (
    "# Study Planner: a catalog with progress (status, units_done, hours_logged, finished).\n"
    "# The format is docs/catalog-format.md plus those fields. `study-planner import FILE`\n"
    "# reads it back as a catalog (the progress fields are then left out).\n"
)


def catalog_with_progress_yaml(catalog: Catalog, progress: Mapping[str, Progress]) -> str:
    return YAML_HEADER + strict.dump(catalog_with_progress_data(catalog, progress))
