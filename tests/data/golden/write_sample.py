"""Write the sample planner the golden files hold, with whatever ``planner`` is importable.

Never run by the tests: a golden file is written once, by the release that defines its
format, and then frozen (SHA256SUMS beside it). To add one for a new schema version, run
this with the new code (see README.md):

    python tests/data/golden/write_sample.py OUT.yaml

It records on the small test catalog with one resource added (as an import does, so the
catalog itself is stored), one action a day from a fixed date: units, hours, multi-line
notes with quotes and a colon, a resource done, another done and undone, settings, a pin,
another pinned and unpinned, a changed priority, a category and a resource added, renamed
and deleted, an accepted weekly plan, a checked goal, another checked and unchecked, a
deadline set, hours logged in the next week (the plan rolls over), a study session
started and stopped, another logged by hand and deleted. The versions
before the journal (schema 1) recorded the same planner up to the checked goal (no undone,
unpin, catalog edits or unchecked goal) and, before window state became local state, the
window state too.

Run it with the code that should write the file first on the path, e.g.
``PYTHONPATH=/path/to/that/checkout python tests/data/golden/write_sample.py OUT.yaml``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from planner.core.journal.state import Operation
from planner.core.operations.catalog import ReplaceCatalog, SetDeadline, SetPriority
from planner.core.operations.planning import ChangeSettings, Pin
from planner.core.operations.progress import EditNotes, LogHours, RecordUnits, SetDone
from planner.core.operations.sessions import (
    DeleteSession,
    LogSession,
    Outcome,
    StartSession,
    StopSession,
)
from planner.core.sessions.model import sessions_of

ROOT = Path(__file__).resolve().parents[3]
CATALOG = ROOT / "tests" / "data" / "small-catalog.yaml"
ADDED = """
  - title: Added by hand
    resources:
      - id: three-blue
        title: "Essence of linear algebra: videos"
        authors: [G. Sanderson]
        url: https://www.youtube.com/playlist?list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab
        links: ["mailto:someone@example.org", "https://example.org/errata#ch-2"]
        kind: videos
        effort_hours: 4.5
        units: {name: video, count: 16}
        tags: [maths, visual]
        deadline: 2026-06-30
"""


def main() -> None:
    out = Path(sys.argv[1])
    from planner.core.catalog import editing
    from planner.core.journal.events import Recorder
    from planner.core.journal.state import AppState, PlannerState
    from planner.core.operations.planning import AcceptPlan, CheckGoal
    from planner.core.planning.scheduler import schedule
    from planner.store.catalog_file import catalog_from_text, load_catalog
    from planner.store.state_file import StateFile

    store = StateFile(out, lambda: load_catalog(CATALOG))
    state = PlannerState(catalog=store.default_catalog())
    # one day per action, at 19:04:11 an hour east of UTC (the offset is kept in the file)
    zone = dt.timezone(dt.timedelta(hours=1))
    days = iter(dt.date(2025, 12, 29) + dt.timedelta(days=n) for n in range(100))
    moment = [dt.datetime(2025, 12, 29, 19, 4, 11, tzinfo=zone)]
    app = AppState(state, recorder=Recorder("k3f9", lambda: moment[0]))

    def act(operation: Operation) -> None:
        moment[0] = dt.datetime.combine(next(days), dt.time(19, 4, 11), tzinfo=zone)
        app.apply(operation)

    imported = catalog_from_text(CATALOG.read_text() + ADDED, "sample")
    act(ReplaceCatalog(imported, "Import"))
    act(ChangeSettings(hours_per_week=7.5, max_parallel=2, start_week="2026-W02"))
    act(RecordUnits("linalg", 3))
    act(LogHours("calculus", 1.25))
    act(LogHours("calculus", 0.5))
    act(EditNotes("calculus", 'Read §2 twice.\nQuote: "chain rule": OK'))
    act(SetDone("numpy-100"))
    act(SetDone("three-blue"))
    act(SetDone("three-blue", done=False))
    act(Pin("calculus", "2026-W04"))
    act(Pin("linalg", "2026-W05"))
    act(Pin("linalg", None))
    act(SetPriority("linalg", 1))
    scratch = editing.add_category(app.catalog, "", "Scratch", "scratch")
    act(ReplaceCatalog(editing.add_resource(scratch, "scratch", {"title": "A draft"}),
                       "Add a resource"))
    act(ReplaceCatalog(editing.rename_category(app.catalog, "scratch", "Drafts"), "Rename"))
    act(ReplaceCatalog(editing.delete_nodes(app.catalog, ["scratch"]), "Delete"))
    plan = schedule(state.catalog, state.progress, state.settings,
                    today=dt.date(2026, 1, 14), pins=state.pins)
    act(AcceptPlan(plan, "Accept the plan"))  # on 2026-01-14
    first = plan.weeks[0]
    linalg_goal, video_goal = first.goals[0], first.goals[1]
    act(CheckGoal(first.week, linalg_goal))
    act(CheckGoal(first.week, video_goal))
    act(CheckGoal(first.week, video_goal, checked=False))
    act(SetDeadline("calculus", dt.date(2026, 3, 1)))
    act(LogHours("calculus", 0.25))  # on Monday 2026-01-19: the plan rolls over to W04
    act(StartSession("linalg"))
    moment[0] += dt.timedelta(minutes=50)  # the session ends 50 minutes later, that day
    app.apply(StopSession())
    act(LogSession("calculus", 40, outcome=Outcome(hours=0.5)))
    act(DeleteSession(sessions_of(state.journal).done[-1].id))
    store.save(state)


if __name__ == "__main__":
    main()
