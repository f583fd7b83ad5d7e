"""Start-up to an idle main window, and one search keystroke (DESIGN.md §4, issue 3).

Floor, measured in the same run and started the same way: a bare PySide6 window with a tree
view and a text pane in a splitter. Each start-up is a fresh process, timed from spawn to
the moment its event loop is first idle after the window is shown (the child prints a line
then; teardown is not counted). Offscreen platform, so the figure does not depend on an X
server. The 2,000-resource case uses a state file holding that catalog and a year of history;
"warm" is the normal second launch (the parse cache filled), "cold" the first one.

Search: 34 keystrokes typed into the search field of a window on the 2,000-resource file,
each timed from setText to the end of the event processing it causes (filter, reset, layout,
paint), including the events the view posts for later (its relayout and repaint). A
keystroke that lets the same rows through as the one before changes nothing in the tree (no
reset), so the figure is also given for the keystrokes that changed the rows.

Byte-code: an installed wheel has its modules byte-compiled by pip, but a development machine
may set PYTHONDONTWRITEBYTECODE, which would make every child recompile the project (~40 ms)
and tilt the comparison. So the children, ours and the floor alike, run with
PYTHONDONTWRITEBYTECODE unset and PYTHONPYCACHEPREFIX pointing into the run's temporary
folder; one untimed start of each (the same warm-up for both) fills that cache.

    python bench/bench_window.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import state_data  # noqa: E402

FLOOR = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QSplitter, QTextEdit, QTreeView
    app = QApplication(sys.argv)
    splitter = QSplitter()
    splitter.addWidget(QTreeView())
    splitter.addWidget(QTextEdit())
    splitter.resize(1100, 700)
    splitter.show()
    QTimer.singleShot(0, lambda: (print("idle", flush=True), app.quit()))
    app.exec()
""")

# The real entry point, as the `study-planner` console script runs it (planner.launch: no
# garbage collection until start-up is over; lock, load, window, the single-window server
# queued after the first paint), with one addition: the first call of the event loop also
# queues the "idle" line. (PySide6 is imported here before the launcher pauses the collector,
# as in the floor; the console script imports it later, with the collector paused.)
OURS = textwrap.dedent("""
    import sys
    from planner.launch import main
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    _exec = QApplication.exec
    def exec_reporting_idle(*_):
        QTimer.singleShot(0, lambda: (print("idle", flush=True), QApplication.quit()))
        return _exec()
    QApplication.exec = exec_reporting_idle
    sys.exit(main(["--data-file", sys.argv[1]]))
""")


SEARCH = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from planner.app import _application
    from planner.cli import open_state_file
    from planner.core.state import AppState
    from planner.ui.main_window import MainWindow
    qapp = _application()
    store = open_state_file(Path(sys.argv[1]))
    result = store.load()
    window = MainWindow(AppState(result.state), store, explicit=True, first_launch=True)
    window.show()
    qapp.processEvents()
    search = window.panel.search
    def settle():
        # Until the keystroke's work is all done: the view posts its relayout and repaint,
        # which one processEvents() can leave for the next keystroke to pay.
        qapp.processEvents()
        qapp.sendPostedEvents()
        qapp.processEvents()
    resets = []
    window.model.modelReset.connect(lambda: resets.append(1))
    times = []  # [seconds, whether the tree's rows changed]
    for query in ["line", "bayes", "author 12", "graph kern", "zzz", "r19"]:
        search.clear(); settle()
        typed = ""
        for ch in query:
            typed += ch
            before = len(resets)
            t0 = time.perf_counter()
            search.setText(typed)
            settle()
            times.append([time.perf_counter() - t0, len(resets) > before])
    print(json.dumps(times))
""")


def time_to_idle(code: str, *args: str, env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                             env=env, text=True)
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - t0
    child.wait(timeout=60)
    if line.strip() != "idle":
        raise SystemExit(f"the child did not reach idle (exit {child.returncode})")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--resources", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
               "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path)}
        env.pop("STUDY_PLANNER_DATA_FILE", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
        big = tmp_path / "big.yaml"
        big.write_text(yaml.dump(state_data(args.resources), Dumper=yaml.CSafeDumper,
                                 sort_keys=False))
        default_file = tmp_path / "default.yaml"

        rows: dict[str, list[float]] = {"floor": [], "default": [], "big-cold": [],
                                        "big-warm": []}
        # Untimed warm-up, the same for both: the OS file cache and the byte-code cache.
        time_to_idle(FLOOR, env=env)
        time_to_idle(OURS, str(tmp_path / "warmup.yaml"), env=env)
        for _ in range(args.repeat):
            rows["floor"].append(time_to_idle(FLOOR, env=env))
            default_file.unlink(missing_ok=True)
            rows["default"].append(time_to_idle(OURS, str(default_file), env=env))
            for cached in (tmp_path / "cache").rglob("*.json"):
                cached.unlink()
            rows["big-cold"].append(time_to_idle(OURS, str(big), env=env))
            rows["big-warm"].append(time_to_idle(OURS, str(big), env=env))

        search = subprocess.run([sys.executable, "-c", SEARCH, str(big)], env=env,
                                capture_output=True, text=True, timeout=300)
        if search.returncode != 0:
            raise SystemExit(search.stderr)
        timed = json.loads(search.stdout.strip().splitlines()[-1])
        keystrokes = [float(t) for t, _ in timed]
        relaid = sorted(float(t) for t, changed in timed if changed)

    floor = statistics.median(rows["floor"])
    print(f"start-up to idle, median of {args.repeat} (floor: bare tree + text pane window)")
    print(f"{'case':<40}{'ms':>8}{'ratio':>8}{'budget':>8}")
    print(f"{'floor':<40}{floor * 1e3:>8.0f}{1:>8.2f}")
    for key, label, budget in [
        ("default", "bundled catalog, first launch", "1.3"),
        ("big-warm", f"{args.resources} resources + a year, warm", "2.0"),
        ("big-cold", f"{args.resources} resources + a year, cold cache", "—"),
    ]:
        value = statistics.median(rows[key])
        print(f"{label:<40}{value * 1e3:>8.0f}{value / floor:>8.2f}{budget:>8}")
    keystrokes.sort()
    print(f"search keystroke on {args.resources} resources ({len(keystrokes)} keystrokes): "
          f"median {statistics.median(keystrokes) * 1e3:.1f} ms, "
          f"worst {keystrokes[-1] * 1e3:.1f} ms (budget 16 ms)")
    # A keystroke that lets the same rows through leaves the tree as it is; these are the
    # ones that change what the tree shows (a reset, a new layout and a repaint).
    if relaid:
        print(f"  of which changed the rows ({len(relaid)}): "
              f"median {statistics.median(relaid) * 1e3:.1f} ms, "
              f"worst {relaid[-1] * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
