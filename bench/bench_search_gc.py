"""The cyclic garbage collector under a search keystroke at 10,000 resources (issue 16).

A window on a large planner (``bench/generate.py``: a catalog and a year of journal), the
search field focused, left idle for ``--idle`` seconds (as a user looks before typing: the
window's warm write check has run), then bench_window's 34 keystrokes, each timed from setText to
settled. Printed per tree: the objects the collector tracks, by type (what a full pass has
to walk), the keystrokes' median and worst, how many of them had a full (generation-2)
collection in them and how long those took, how many objects a keystroke promotes to the
old generation on average (a full pass runs once those exceed a quarter of the long-lived
ones), and a full ``gc.collect()`` timed in that process (best of 5).

    python bench/bench_search_gc.py [--resources 10000] [--repeat 3] [--against DIR]
        [--rounds 5] [--idle 1.5] [--file PLANNER.yaml]

With ``--against DIR`` (a tree laid out as this one: planner/, resources/, icons/) both
trees load the same file, side by side, alternating which goes first.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import planner_state, text_for  # noqa: E402

CHILD = textwrap.dedent("""
    import collections, gc, json, sys, time
    from pathlib import Path
    from planner.entry.window import _application
    from planner.entry.wiring import open_state_file
    from planner.core.journal.state import AppState
    from planner.ui.main_window import MainWindow
    qapp = _application()
    store = open_state_file(Path(sys.argv[1]))
    window = MainWindow(AppState(store.load().state), store, explicit=True, first_launch=True)
    window.show()
    qapp.processEvents()
    window.find_action.trigger()
    qapp.processEvents()
    end = time.perf_counter() + float(sys.argv[2])  # the window idle, its timers run
    while time.perf_counter() < end:
        qapp.processEvents()
        time.sleep(0.01)
    def settle():
        qapp.processEvents()
        qapp.sendPostedEvents()
        qapp.processEvents()
    full = []  # [start, seconds] of each generation-2 pass
    def on_gc(phase, info):
        if info["generation"] != 2:
            return
        if phase == "start":
            full.append([time.perf_counter(), None])
        else:
            full[-1][1] = time.perf_counter() - full[-1][0]
    gc.callbacks.append(on_gc)
    times, promoted, with_full = [], [], []
    for query in ["line", "bayes", "author 12", "graph kern", "zzz", "r19"] * int(sys.argv[3]):
        search = window.panel.search
        search.clear(); settle()
        typed = ""
        for ch in query:
            typed += ch
            old = len(gc.get_objects(2))
            passes = len(full)
            t0 = time.perf_counter()
            search.setText(typed)
            settle()
            times.append(time.perf_counter() - t0)
            if len(full) == passes:
                promoted.append(len(gc.get_objects(2)) - old)
            with_full.append(len(full) > passes)
    gc.callbacks.remove(on_gc)
    tracked = gc.get_objects()
    by_type = collections.Counter(type(o).__name__ for o in tracked).most_common(12)
    count = len(tracked)
    del tracked
    collect = []
    for _ in range(5):
        t0 = time.perf_counter(); gc.collect(); collect.append(time.perf_counter() - t0)
    print(json.dumps({"times": times, "with_full": with_full, "promoted": promoted,
                      "passes": [s for _, s in full if s is not None],
                      "tracked": count, "by_type": by_type, "collect": min(collect)}))
""")


def run(tree: Path, big: Path, tmp: Path, idle: float, rounds: int = 1) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(tree),
           "XDG_CACHE_HOME": str(tmp / "cache"), "HOME": str(tmp)}
    env.pop("STUDY_PLANNER_DATA_FILE", None)
    done = subprocess.run([sys.executable, "-c", CHILD, str(big), str(idle), str(rounds)],
                          env=env, cwd=tmp, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(name: str, out: dict) -> None:
    times = sorted(out["times"])
    full = [t for t, f in zip(out["times"], out["with_full"], strict=True) if f]
    print(f"{name}: keystroke median {statistics.median(times) * 1e3:.1f} ms, "
          f"worst {times[-1] * 1e3:.1f} ms; {len(full)} of {len(times)} with a full pass "
          f"({', '.join(f'{t * 1e3:.0f}' for t in full) or '-'} ms; passes "
          f"{', '.join(f'{p * 1e3:.0f}' for p in out['passes']) or '-'} ms); promoted per "
          f"keystroke {statistics.mean(out['promoted']):.0f} (max {max(out['promoted'])}); "
          f"tracked {out['tracked']:,}; gc.collect() {out['collect'] * 1e3:.0f} ms")
    print("  " + ", ".join(f"{kind} {n:,}" for kind, n in out["by_type"]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--against", type=Path, metavar="DIR")
    parser.add_argument("--idle", type=float, default=1.5, help="seconds the window is left "
                        "idle before the first keystroke (1.5: after the write check it runs "
                        "once idle for a second, planner/ui/main_window.py WARM_CHECK_MS)")
    parser.add_argument("--rounds", type=int, default=1, help="the 34 keystrokes typed "
                        "this many times over (how often a full pass comes once the "
                        "start-up's own is past)")
    parser.add_argument("--file", type=Path, help="a planner file to load instead of "
                        "generating one (generating 10,000 resources takes about a minute)")
    args = parser.parse_args()
    trees = {"A": ROOT} | ({"B": args.against.resolve()} if args.against else {})
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        big = args.file
        if big is None:
            big = tmp_path / "big.yaml"
            big.write_text(text_for(ROOT, planner_state(args.resources)))
        for n in range(args.repeat):
            for side in (trees if n % 2 == 0 else dict(reversed(trees.items()))):
                out = run(trees[side], big, tmp_path, args.idle, args.rounds)
                report(f"{side} ({trees[side]})", out)


if __name__ == "__main__":
    main()
