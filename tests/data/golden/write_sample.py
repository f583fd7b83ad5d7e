"""Write the sample planner the golden files hold, with whatever ``planner`` is importable.

Never run by the tests: a golden file is written once, by the release that defines its
format, and then frozen (SHA256SUMS beside it). To add one for a new schema version, run
this with the new code (see README.md):

    python tests/data/golden/write_sample.py OUT.yaml

It records on the small test catalog with one resource added (as an import does, so the
catalog itself is stored), on fixed dates: units, hours, multi-line notes with quotes and a
colon, a done resource, settings, a pin, a changed priority, window state (written by the
versions before it became local state); and, where the code has them, an accepted weekly
plan and a checked goal.

Run it with the code that should write the file first on the path, e.g.
``PYTHONPATH=/path/to/that/checkout python tests/data/golden/write_sample.py OUT.yaml``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from planner.core.operations.catalog import ReplaceCatalog, SetPriority
from planner.core.operations.planning import ChangeSettings, Pin
from planner.core.operations.progress import EditNotes, LogHours, RecordUnits, SetDone

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
    from planner.core.journal.state import AppState, PlannerState
    from planner.store.catalog_file import catalog_from_text, load_catalog
    from planner.store.state_file import StateFile

    store = StateFile(out, lambda: load_catalog(CATALOG))
    state = PlannerState(catalog=store.default_catalog())
    days = iter(dt.date(2026, 1, 5) + dt.timedelta(days=n) for n in range(100))
    app = AppState(state, today=lambda: next(days))
    imported = catalog_from_text(CATALOG.read_text() + ADDED, "sample")
    app.apply(ReplaceCatalog(imported, "Import"))
    app.apply(ChangeSettings(hours_per_week=7.5, max_parallel=2, start_week="2026-W02"))
    app.apply(RecordUnits("linalg", 3))
    app.apply(LogHours("calculus", 1.25))
    app.apply(LogHours("calculus", 0.5))
    app.apply(EditNotes("calculus", 'Read §2 twice.\nQuote: "chain rule": OK'))
    app.apply(SetDone("numpy-100"))
    app.apply(Pin("calculus", "2026-W04"))
    app.apply(SetPriority("linalg", 1))
    state.ui = {"geometry": "AdnQywADAAAAAAAA", "selected": "linalg"}
    try:
        from planner.core.journal.state import Change
        from planner.core.planning.scheduler import schedule
    except ImportError:  # the first release had no weekly plan
        pass
    else:
        plan = schedule(state.catalog, state.progress, state.settings,
                        today=dt.date(2026, 1, 12), pins=state.pins)
        app.apply(Change("Accept the plan", plan=plan))
        first = plan.weeks[0]
        app.apply(Change("Check a goal",
                         goals={f"{first.week} {first.goals[0].resource}": True}))
    store.save(state)


if __name__ == "__main__":
    main()
