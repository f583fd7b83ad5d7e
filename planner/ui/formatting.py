"""How numbers and progress read in the window (the tree, the detail pane, the status bar)."""

from __future__ import annotations

import html

from planner.core.catalog.model import Resource
from planner.core.hours import format_hours
from planner.core.progress.rules import Progress
from planner.core.progress.summary import Summary


def as_written(text: str) -> str:
    """``text`` as rich text that shows it as written, line breaks kept: for tooltips and
    message boxes, which Qt renders as rich text when the text looks like markup, so a
    title such as "<b>Attention</b> is all you need" would lose its tags and "<img src=...>"
    would show a picture (titles, authors and links come from reading lists written
    elsewhere, and messages quote them).
    """
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"


# The widest text the tree's progress column shows: it is sized to fit it (no row measured).
PROGRESS_SAMPLES = ("Done", "999/999", "100%")


def resource_progress(resource: Resource, progress: Progress) -> str:
    """The tree's progress column, compact: "4/12" units, "40%" of the hours, "Done";
    empty for to-do, so started work stands out (the tooltip says it in words)."""
    status = progress.status()
    if status.value == "todo":
        return ""
    if progress.done:
        return "Done"
    if resource.units is not None:
        return f"{progress.units_done}/{resource.units.count}"
    share = progress.hours_logged / resource.effort if resource.effort else 0.0
    return f"{min(99, max(1, round(share * 100)))}%"


def resource_left(remaining: float, progress: Progress) -> str:
    return "" if progress.done else format_hours(remaining)


def category_progress(summary: Summary) -> str:
    """"2/6" resources done; empty while nothing in it is started."""
    if not (summary.done or summary.in_progress):
        return ""
    return f"{summary.done}/{summary.total}"


def category_summary(summary: Summary) -> str:
    """A sentence for the detail pane: '6 resources · 2 done · 1 in progress'."""
    parts = [f"{summary.total} resource{'s' if summary.total != 1 else ''}",
             f"{summary.done} done"]
    if summary.in_progress:
        parts.append(f"{summary.in_progress} in progress")
    return " · ".join(parts)


def elapsed_text(minutes: int) -> str:
    """A session's length as the status bar's timer shows it: '0:25', '1:05'."""
    return f"{minutes // 60}:{minutes % 60:02d}"
