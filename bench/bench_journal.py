"""Load and save of a planner used daily for five years (issue 13), and how they grow.

Workload: ``bench/generate.py``'s planner of N resources (2,000, 10,000 and 30,000: the
catalog stored in the file) after five years of daily use, ~10,000 journal events made by
the app's own operations (units, hours, done, notes, goals checked, pins, settings,
priorities, deadlines, a few catalog edits, a re-plan about monthly; the accepted plan is
stored too). Each figure is the best of ``--repeat`` runs in a fresh process per side:

- **cold load**: ``StateFile.load()`` without the parse cache (the YAML is parsed: the first
  start after the file came from elsewhere); floor: PyYAML's C loader alone on the same bytes;
- **warm load**: with the parse cache filled (every other start); floor: ``json.loads`` of
  the same document (what reading the cache costs at least);
- **change**: one session of hours logged through ``AppState.apply`` with the write check
  as its validator, as in the window; floor: none (shown against the save's);
- **save**: ``StateFile.save()`` after that change (document, emitter, pre-write check,
  atomic fsynced write, parse cache entry); floor: ``json.dumps`` of the same document.

``--against DIR`` (a source tree laid out as this one, e.g. ``/work/main`` or
``git archive main planner resources | tar -x -C DIR``) runs the same figures in DIR beside
this tree, side by side and alternating which goes first, on the same planner: a tree whose
state file is schema 1 gets it as ``v1_data`` writes it (progress, history lines, checked
goals), loaded and saved once by that tree so that it is timed on its own bytes.

    python bench/bench_journal.py [--repeat 5] [--sizes 2000,10000,30000] [--against DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generate import planner_state, run_in, text_for  # noqa: E402

DAYS = 5 * 365 + 1
EVENTS_PER_DAY = (1, 10)  # uniform: ~10,000 events in five years

# Run in the tree under test (PYTHONPATH): only the API both schemas share, and the one
# change made either way (operations since issue 13, ``make_*`` methods before).
CHILD = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    import yaml
    from planner.core.journal.state import AppState
    from planner.paths import default_catalog_path
    from planner.store.catalog_file import load_catalog
    from planner.store.state_file import StateFile
    from planner.store.state_format import state_to_data
    path, cache = Path(sys.argv[1]), Path(sys.argv[2])
    repeat, cold_repeat = int(sys.argv[3]), int(sys.argv[4])
    default = lambda: load_catalog(default_catalog_path())

    def best(fn, n):
        times = []
        for _ in range(n):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    store = StateFile(path, default, cache)
    state = store.load().state
    store.save(state)  # this tree's own bytes, and its parse cache entry
    raw = path.read_bytes()
    document = state_to_data(state)
    body = json.dumps(document, ensure_ascii=False)
    out = {"bytes": len(raw)}
    out["cold"] = best(lambda: StateFile(path, default).load(), cold_repeat)
    out["cold floor"] = best(lambda: yaml.load(raw, Loader=yaml.CSafeLoader), cold_repeat)
    out["warm"] = best(lambda: StateFile(path, default, cache).load(), repeat)
    out["warm floor"] = best(lambda: json.loads(body), repeat)
    app = AppState(state, validator=store.write_check)
    rid = next(iter(state.catalog.resources))
    try:
        from planner.core.operations.progress import LogHours
        change = lambda: app.apply(LogHours(rid, 0.25))
    except ImportError:  # a tree from before operations
        change = lambda: app.apply(app.make_log_hours(rid, 0.25))
    changes, saves = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        change()
        changes.append(time.perf_counter() - start)
        start = time.perf_counter()
        store.save(state)
        saves.append(time.perf_counter() - start)
    out["change"], out["save"] = min(changes), min(saves)
    out["save floor"] = best(lambda: json.dumps(state_to_data(state), ensure_ascii=False),
                             repeat)
    print(json.dumps(out))
""")

FIGURES = [("cold", "cold load (no parse cache)", "cold floor", "CSafeLoader"),
           ("warm", "warm load (parse cache)", "warm floor", "json.loads"),
           ("change", "a change + its write check", None, ""),
           ("save", "save", "save floor", "json.dumps")]
BUDGETS = {"cold": 1.5, "warm": 0.060, "save": 0.100}  # at 2,000 resources (issue 13)


def _measure(tree: Path, file: Path, cache: Path, repeat: int) -> dict[str, float]:
    cold_repeat = min(repeat, 3)  # a 30,000-resource parse takes seconds
    out = run_in(tree, CHILD, str(file), str(cache), str(repeat), str(cold_repeat))
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="2000,10000,30000",
                        help="resources in the catalog, comma-separated")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="also time another source tree (B) on the same planners")
    args = parser.parse_args()
    trees = {"A": ROOT}
    if args.against:
        trees["B"] = args.against.resolve()
    results: dict[int, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            state = planner_state(size, days=DAYS, events_per_day=EVENTS_PER_DAY)
            texts = {side: text_for(tree, state) for side, tree in trees.items()}
            print(f"{size:,} resources: {len(state.journal):,} events over {DAYS} days",
                  flush=True)
            runs: dict[str, list[dict[str, float]]] = {side: [] for side in trees}
            for n in range(2):  # A B, then B A
                for side in (list(trees) if n == 0 else list(reversed(trees))):
                    folder = Path(tmp) / f"{size}-{side}-{n}"
                    folder.mkdir()
                    file = folder / "planner.yaml"
                    file.write_text(texts[side])
                    runs[side].append(_measure(trees[side], file, folder / "cache",
                                               args.repeat))
            results[size] = {side: {key: min(run[key] for run in side_runs)
                                    for key in side_runs[0]}
                             for side, side_runs in runs.items()}
    _report(results, trees)


def _report(results: dict[int, dict[str, dict[str, float]]], trees: dict[str, Path]) -> None:
    for side, tree in trees.items():
        print(f"{side}: {tree}")
    sizes = sorted(results)
    for size in sizes:
        print(f"\n{size:,} resources, five years "
              + ", ".join(f"{side} {results[size][side]['bytes'] / 2**20:.2f} MiB"
                          for side in trees))
        header = f"{'figure':<30}" + "".join(f"{side + ' ms':>10}{'÷floor':>8}"
                                             for side in trees)
        print(header + (f"{'A÷B':>7}" if "B" in trees else "") + f"{'budget':>9}  floor")
        for key, label, floor_key, floor_name in FIGURES:
            line = f"{label:<30}"
            for side in trees:
                got = results[size][side]
                ratio = f"{got[key] / got[floor_key]:.2f}" if floor_key else "—"
                line += f"{got[key] * 1e3:>10.1f}{ratio:>8}"
            if "B" in trees:
                line += f"{results[size]['A'][key] / results[size]['B'][key]:>7.2f}"
            budget = BUDGETS.get(key) if size == 2000 else None
            line += f"{budget * 1e3:>9.0f}" if budget else f"{'—':>9}"
            print(f"{line}  {floor_name}")
    if len(sizes) > 1:
        first = sizes[0]
        print(f"\ngrowth against {first:,} resources (same ~10,000 events):")
        for size in sizes[1:]:
            parts = []
            for key, _, _, _ in FIGURES:
                parts.append(f"{key} " + " / ".join(
                    f"{side} {results[size][side][key] / results[first][side][key]:.1f}×"
                    for side in trees))
            print(f"  {size:,}: " + "; ".join(parts))


if __name__ == "__main__":
    main()
