"""Opening the statistics window (issue 15): the first time, its modules' import included,
and the times after.

Workload: ``bench/generate.py``'s planner of 2,000 resources after a year of use, then a
study session a day for the ``--sessions`` days before its last day (2,000: five and a
half years; each logged with ``LogSession`` through ``AppState``, a unit or an hour of
progress each, as ``bench_stats.py`` does), written to a state file. Each run is a fresh
process on the offscreen platform: it loads the file, shows the main window with the
clock on the planner's last day, waits until idle, then times

- **floor**: a bare top-level ``QWidget`` with a label, of the window's size, shown until
  the events it causes are done (best of 5, after the main window, so Qt's one-time costs
  are paid by then);
- **first open**: View ▸ Statistics triggered until the window is shown and painted
  (the import of ``planner.ui.stats``, building the window and its charts, the figures,
  the first paint); neither pyqtgraph nor numpy may be imported by it (checked). Its CPU
  time too (``time.process_time``), which the other jobs of a shared machine inflate
  less than the wall time;
- **later opens**: the window closed (hidden), then triggered again, nothing changed in
  between: it is shown as it was (best and median of ``--repeat``);
- **a refresh**: the figures read again and the charts redrawn, what a change costs while
  the window is open, or a later open after a change (best and median of ``--repeat``);
- **import alone**, in other fresh processes: ``import planner.ui.stats.window`` after
  the main window is up, so the first open's share of it is known.

Budgets: first open ≤ 300 ms, later opens ≤ 50 ms. Byte-code is compiled once by an
untimed warm-up (PYTHONPYCACHEPREFIX in the run's temporary folder, as bench_window.py).

    python bench/bench_stats_view.py [--runs 5] [--repeat 10] [--sessions 2000]
        [--keep FILE | --planner FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = dt.datetime(2026, 11, 29, 21, tzinfo=dt.timezone.utc)  # generate.LAST_DAY, evening
FIRST_BUDGET_MS = 300.0
LATER_BUDGET_MS = 50.0

CHILD = textwrap.dedent("""
    import datetime as dt, json, sys, time
    from pathlib import Path
    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
    from planner.core.journal.events import Recorder
    from planner.core.journal.state import AppState
    from planner.entry.wiring import open_state_file
    from planner.ui.main_window import MainWindow

    mode, path, now, repeat = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    moment = dt.datetime.fromisoformat(now)
    qapp = QApplication([])

    def _time(fn):
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    def settle():
        for _ in range(3):
            qapp.sendPostedEvents()
            qapp.processEvents()

    store = open_state_file(path)
    store.acquire()
    app = AppState(store.load().state, recorder=Recorder("bench", lambda: moment))
    window = MainWindow(app, store, explicit=True)
    window.show()
    settle()
    assert "planner.ui.stats.window" not in sys.modules
    out = {}
    if mode == "import":
        t0 = time.perf_counter()
        import planner.ui.stats.window
        out = {"import": time.perf_counter() - t0}
    else:
        floors = []
        for _ in range(5):
            t0 = time.perf_counter()
            bare = QWidget()
            QVBoxLayout(bare).addWidget(QLabel("Statistics"))
            bare.resize(1040, 800)
            bare.show()
            settle()
            floors.append(time.perf_counter() - t0)
            bare.close()
            bare.deleteLater()
            settle()
        t0, c0 = time.perf_counter(), time.process_time()
        window.stats_action.trigger()
        settle()
        first, first_cpu = time.perf_counter() - t0, time.process_time() - c0
        assert "pyqtgraph" not in sys.modules and "numpy" not in sys.modules
        from planner.ui.stats.window import StatsWindow
        from planner.core.journal.study_view import study_view
        view = window.findChild(StatsWindow)
        assert view is not None and view.isVisible()
        later = []
        for _ in range(repeat):
            view.close()
            settle()
            t0 = time.perf_counter()
            window.stats_action.trigger()
            settle()
            later.append(time.perf_counter() - t0)
        redraws = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            view.refresh()
            settle()
            redraws.append(time.perf_counter() - t0)
        figures = []
        for weeks in (12, 52):
            best = min(_time(lambda: study_view(app, weeks)) for _ in range(repeat))
            figures.append(best)
        out = {"floor": min(floors), "first": first, "first_cpu": first_cpu, "later": later,
               "redraw": redraws,
               "figures": figures}
    window.autosave.detach()
    store.release()
    print(json.dumps(out), flush=True)
""")


def make_planner(path: Path, sessions: int) -> dt.datetime:
    """The planner with ``sessions`` daily sessions before its last day, written to ``path``;
    the moment the children take as now."""
    from bench.generate import LAST_DAY, planner_state, text_for

    assert NOW.date() == LAST_DAY
    from planner.core.journal.events import Recorder
    from planner.core.journal.state import AppState
    from planner.core.operations.sessions import LogSession, Outcome

    state = planner_state(2000, days=365)
    now = NOW
    app = AppState(state, recorder=Recorder("bench", lambda: now))
    rng = random.Random(7)
    open_ids = [r.id for r in app.catalog if not app.progress(r.id).done]
    for n in range(sessions, 0, -1):
        rid = rng.choice(open_ids)
        resource, progress = app.resource(rid), app.progress(rid)
        outcome = Outcome()
        if resource.units is not None and progress.units_done < resource.units.count - 1:
            outcome = Outcome(units=progress.units_done + 1)
        app.apply(LogSession(rid, rng.randint(20, 120), LAST_DAY - dt.timedelta(days=n - 1),
                             outcome))
    count = sum(1 for e in state.journal if e.type == "session")
    path.write_text(text_for(ROOT, state), encoding="utf-8")
    print(f"planner: {len(app.catalog)} resources, {len(state.journal)} events, {count} "
          f"sessions, {path.stat().st_size / 2**20:.2f} MiB")
    return now


def child(mode: str, path: Path, now: dt.datetime, repeat: int, env: dict[str, str]
          ) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", CHILD, mode, str(path), now.isoformat(),
                           str(repeat)], env=env, cwd=env["HOME"], capture_output=True,
                          text=True, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"child failed:\n{done.stderr}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes for each figure")
    parser.add_argument("--repeat", type=int, default=10, help="later opens in each process")
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--planner", type=Path, help="a state file made before by this "
                        "script (--keep), instead of making one (~2 minutes)")
    parser.add_argument("--keep", type=Path, help="keep the state file made here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
               "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path),
               "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
        env.pop("STUDY_PLANNER_DATA_FILE", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        t0 = time.perf_counter()
        path = tmp_path / "big.yaml"
        if args.planner:
            path.write_bytes(args.planner.read_bytes())
            now = NOW
        else:
            now = make_planner(path, args.sessions)
            print(f"(made in {time.perf_counter() - t0:.0f} s)")
            if args.keep:
                args.keep.write_bytes(path.read_bytes())
        child("open", path, now, 1, env)  # untimed: byte-code, the parse cache, file cache
        runs = [child("open", path, now, args.repeat, env) for _ in range(args.runs)]
        imports = [child("import", path, now, 1, env) for _ in range(args.runs)]

    def median(key: str) -> float:
        return statistics.median(float(r[key]) for r in runs)  # type: ignore[arg-type]

    floor, first, first_cpu = median("floor"), median("first"), median("first_cpu")
    later_all = [t for r in runs for t in r["later"]]  # type: ignore[attr-defined]
    later_best, later_median = min(later_all), statistics.median(later_all)
    firsts = sorted(float(r["first"]) for r in runs)  # type: ignore[arg-type]
    imported = statistics.median(float(r["import"]) for r in imports)  # type: ignore[arg-type]
    fig12 = min(float(r["figures"][0]) for r in runs)  # type: ignore[index]
    fig52 = min(float(r["figures"][1]) for r in runs)  # type: ignore[index]

    def verdict(value: float, budget: float) -> str:
        return f"budget ≤ {budget:.0f} ms: {'met' if value * 1000 <= budget else 'NOT met'}"

    print(f"floor: a bare QWidget shown           {ms(floor)}  (median of {args.runs} "
          "processes, each the best of 5)")
    print(f"first open, import included          {ms(first)}  ({first / floor:.1f} × floor; "
          f"{verdict(first, FIRST_BUDGET_MS)}); runs: "
          + ", ".join(f"{t * 1000:.0f}" for t in firsts))
    print(f"  its CPU time (this process only)   {ms(first_cpu)}  (median; less than the "
          "above by the time other processes had the CPU)")
    print(f"  of which import planner.ui.stats   {ms(imported)}  (other processes, median of "
          f"{args.runs})")
    print(f"  the rest (charts, figures, paint)  {ms(max(0.0, first - imported))}")
    print(f"later opens: best / median           {ms(later_best)} / {ms(later_median)}  "
          f"({later_median / floor:.1f} × floor; {verdict(later_median, LATER_BUDGET_MS)})")
    redraw = [t for r in runs for t in r["redraw"]]  # type: ignore[attr-defined]
    print(f"a refresh (a change while open, or since the last open): best / median "
          f"{ms(min(redraw))} / {ms(statistics.median(redraw))}")
    print(f"  the figures alone (study_view): 12 weeks {ms(fig12)}, 52 weeks {ms(fig52)}")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
