"""Import of generated Markdown reading lists: a 3,000-link list, then the growth cases.

The list is shaped like the awesome lists: ``##`` sections with ``###`` sub-sections,
items "[Title](url) - Author Name - Book + Code", "[Title](url) by A and B.", video
playlists, permalinks in parentheses. Timed: parse (markdown-it-py tokens → entries →
validated catalog) + preview + merge into the bundled catalog.

Floor, measured in the same run on the same text: markdown-it-py's bare
``MarkdownIt("commonmark").parse()``.

Then the growth cases of issue 12 (reproduction 11), each at n and 4n entries, as the user
runs them (``study-planner --data-file F import [--dry-run] X.md`` in a fresh process and a
fresh data file), with the floor (markdown-it-py's parse of the same text) and the growth
ratio between 4n and n (4.0 is linear; the quadratic steps this replaced gave ~10–16):

* **headings**: n ``##`` headings, one linked entry under each (n categories);
* **links**: n linked entries "[Item i](url) - Author Name - Book + Code" under one heading;
* **titles**: n entries with one title and their own links (ids same-title … same-title-n).

Each command is run ``--runs`` times (best and worst reported): wall time, and the CPU time
(user + system) of the child, which a machine shared with other work disturbs less. An
import the size law refuses (50,000 headings make a data file over 20 MiB with their
journal) is timed up to its refusal and marked so.

Last, ``--stages``: where the time of one import of each growth case at 4n goes, in one
process with the collector paused as the command pauses it, best and worst of ``--runs``
(CPU and wall): markdown-it's block rules, its inline rules (with our walk over the
tokens), our reading of the entries, the catalog's validation, the preview, the merge, the
change (with its write check) and the save; and, beside them, markdown-it's bare parse.

    python bench/bench_import.py [--links 3000] [--repeat 7] [--n 12500] [--titles 5000]
        [--runs 3] [--stages]
    python bench/bench_import.py --links 0 --n 2000 --titles 2000   # the growth cases, quick
    python bench/bench_import.py --links 0 --n 0 --titles 0 --stages  # the breakdown only
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import best
from planner.core.catalog.merge import merge_import, preview_import
from planner.core.journal.state import AppState, ChangeRefusedError
from planner.core.operations.catalog import ReplaceCatalog
from planner.core.work import Work
from planner.entry.wiring import open_state_file
from planner.paths import default_catalog_path
from planner.store.catalog_file import load_catalog
from planner.store.importers.files import collector_paused
from planner.store.importers.markdown import parse_markdown_list

FIRST = ("Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John", "Radia")
LAST = ("Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus")
TOPICS = ("Linear Algebra", "Probability", "Deep Learning", "Optimisation", "Statistics",
          "Bayesian Methods", "Reinforcement Learning", "Graphs", "Causal Inference")


def reading_list(links: int) -> tuple[str, int]:
    """Markdown with exactly ``links`` links; also returns the number of items."""
    lines = ["# Awesome Generated Reading", "", "A generated list for the benchmark.", ""]
    count = items = 0
    section = 0
    while count < links:
        if items % 100 == 0:
            section += 1
            lines += ["", f"## {TOPICS[section % len(TOPICS)]} {section}", ""]
        if items % 25 == 0:
            lines += ["", f"### Part {items // 25}", ""]
        i = items
        author = f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}"
        other = f"{FIRST[(i + 3) % len(FIRST)]} {LAST[(i + 5) % len(LAST)]}"
        title = f"{TOPICS[i % len(TOPICS)]} Volume {i}"
        shape = i % 4
        if shape == 0:
            line = f"* [{title}](https://example.org/books/{i}) - {author} - Book + Code"
        elif shape == 1:
            line = f"* [{title}](https://example.org/{i}.pdf) by {author} and {other}."
        elif shape == 2:
            line = f"- [{title}](https://www.youtube.com/playlist?list=PL{i:08d}) - free"
        else:
            line = f"* [{title}](http://example.com/course/{i}/) Early access book"
        count += 1
        if i % 9 == 0 and count < links:
            line += f" ([Permalink](https://perma.cc/X{i:05d}))"
            count += 1
        lines.append(line)
        items += 1
    return "\n".join(lines) + "\n", items


def growth_list(case: str, n: int) -> str:
    """The Markdown of one growth case (see the module's docstring)."""
    if case == "headings":
        return "".join(f"## Topic {i}\n\n- [Item {i}](https://example.org/h/{i}) "
                       "by Ada Lovelace\n\n" for i in range(n))
    if case == "links":
        return "# Links\n\n" + "".join(
            f"- [Item {i}](https://example.org/l/{i}) - Alan Turing - Book + Code\n"
            for i in range(n))
    return "# Same\n\n" + "".join(f"- [Same Title](https://example.org/t/{i})\n"
                                   for i in range(n))


def run_import(list_file: Path, folder: Path, dry_run: bool) -> tuple[float, float, bool]:
    """Wall and CPU time of one ``import`` command in a fresh process, into a fresh data
    file, and whether the size law refused it."""
    data_file = folder / f"planner-{time.monotonic_ns()}.yaml"
    command = [sys.executable, "-m", "planner", "--data-file", str(data_file), "import",
               *(["--dry-run"] if dry_run else []), str(list_file)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    refused = done.returncode != 0 and "over its limit" in done.stderr
    if done.returncode != 0 and not refused:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()}")
    return elapsed, cpu, refused


def _spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}" if len(values) > 1 else f"{values[0]:.2f}"


def growth(sizes: dict[str, int], runs: int) -> None:
    print(f"\n{'case':<10}{'n':>7}{'KiB':>6}{'floor':>7}  {'dry run: wall':>14}{'cpu':>11}  "
          f"{'import: wall':>13}{'cpu':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for case, n in sizes.items():
            best_of = []
            for size in (n, 4 * n):
                text = growth_list(case, size)
                list_file = folder / f"{case}-{size}.md"
                list_file.write_text(text, encoding="utf-8")
                floor = best(lambda text=text: MarkdownIt("commonmark").parse(text), 1)
                dry = [run_import(list_file, folder, dry_run=True) for _ in range(runs)]
                real = [run_import(list_file, folder, dry_run=False) for _ in range(runs)]
                refused = " refused" if any(r for _, _, r in real) else ""
                best_of.append((min(w for w, _, _ in dry), min(w for w, _, _ in real)))
                print(f"{case:<10}{size:>7}{len(text) / 1024:>6.0f}{floor:>7.2f}  "
                      f"{_spread([w for w, _, _ in dry]):>14}{_spread([c for _, c, _ in dry]):>11}"
                      f"  {_spread([w for w, _, _ in real]):>13}"
                      f"{_spread([c for _, c, _ in real]):>11}{refused}")
            (dry_n, real_n), (dry_4n, real_4n) = best_of
            print(f"{'':<10}{'4n ÷ n':>7}{'':>13}  {dry_4n / dry_n:>14.2f}{'':>11}  "
                  f"{real_4n / real_n:>13.2f}")
    print(f"seconds, best–worst of {runs} runs, each in a fresh process (start-up included); "
          "cpu: the child's user + system time; floor: markdown-it-py's parse of the same "
          "text in this process; 4n ÷ n (best of each) = 4.0 is linear; refused: the size "
          "law refused the import (timed up to the refusal)")


def import_stages(text: str, folder: Path) -> dict[str, tuple[float, float]]:
    """(CPU, wall) seconds of each step of one import of ``text`` into a fresh data file."""
    times: dict[str, tuple[float, float]] = {}
    clock = [time.process_time(), time.perf_counter()]

    def lap(name: str) -> None:
        now = [time.process_time(), time.perf_counter()]
        times[name] = (now[0] - clock[0], now[1] - clock[1])
        clock[:] = now

    names = {"Reading the list": "markdown-it: block rules",
             "Reading titles and links": "markdown-it: inline rules, + our walk",
             "Reading the entries": "entries: authors, notes, kinds, links",
             "Checking the entries": "catalog: built and validated"}
    stage = [""]

    def report(name: str, done: int, total: int) -> None:
        if name != stage[0]:
            if stage[0]:
                lap(names[stage[0]])
            else:
                lap("surrogates, front matter")
            stage[0] = name

    imported = parse_markdown_list(text, "growth.md", Work(report))
    lap(names[stage[0]])
    store = open_state_file(folder / f"planner-{time.monotonic_ns()}.yaml")
    app = AppState(store.load().state, validator=store.write_check)
    lap("load a fresh data file")
    preview_import(app.catalog, imported)
    lap("preview")
    new = merge_import(app.catalog, imported)
    lap("merge")
    try:
        app.apply(ReplaceCatalog(new, "Import"))
        lap("change (with its write check)")
        store.save(app.state)
        lap("save")
    except ChangeRefusedError:
        lap("change (refused by the size law)")
    return times


def stages(sizes: dict[str, int], runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, collector_paused():
        for case, n in sizes.items():
            text = growth_list(case, n)
            results = [import_stages(text, Path(tmp)) for _ in range(runs)]
            floors = []
            for _ in range(runs):
                bare, block = MarkdownIt("commonmark"), MarkdownIt("commonmark")
                block.core.ruler.disable("inline")
                c0, w0 = time.process_time(), time.perf_counter()
                bare.parse(text)
                c1, w1 = time.process_time(), time.perf_counter()
                block.parse(text)
                c2, w2 = time.process_time(), time.perf_counter()
                floors.append({"floor: markdown-it's bare parse": (c1 - c0, w1 - w0),
                               "  of which its block rules": (c2 - c1, w2 - w1)})
            print(f"\n{case}, {n} entries: seconds, best–worst of {runs} (cpu | wall)")
            for rows in (results, floors):
                for name in rows[0]:
                    cpu = [r[name][0] for r in rows if name in r]
                    wall = [r[name][1] for r in rows if name in r]
                    print(f"  {name:<42}{_spread(cpu):>11} | {_spread(wall):>11}")
            total = [sum(c for k, (c, _) in r.items()) for r in results]
            print(f"  {'all of the import':<42}{_spread(total):>11}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--links", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--n", type=int, default=12_500,
                        help="headings and links cases: n and 4n entries")
    parser.add_argument("--titles", type=int, default=5_000,
                        help="equal titles case: n and 4n entries")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs of each command and of each breakdown")
    parser.add_argument("--stages", action="store_true",
                        help="where the time of one import at 4n goes, step by step")
    args = parser.parse_args()
    if args.links:
        three_thousand(args.links, args.repeat)
    if args.n or args.titles:
        growth({case: n for case, n in (("headings", args.n), ("links", args.n),
                                        ("titles", args.titles)) if n}, args.runs)
    if args.stages:
        stages({"headings": 4 * (args.n or 12_500), "links": 4 * (args.n or 12_500),
                "titles": 4 * (args.titles or 5_000)}, args.runs)


def three_thousand(links: int, repeat: int) -> None:
    text, items = reading_list(links)
    existing = load_catalog(default_catalog_path())

    def import_list() -> None:
        imported = parse_markdown_list(text, "generated.md")
        preview_import(existing, imported)
        merge_import(existing, imported)

    imported = parse_markdown_list(text, "generated.md")
    preview = preview_import(existing, imported)
    merged = merge_import(existing, imported)
    assert len(preview.added) == items and len(merged) == len(existing) + items

    floor = best(lambda: MarkdownIt("commonmark").parse(text), repeat)
    parse = best(lambda: parse_markdown_list(text, "generated.md"), repeat)
    prev = best(lambda: preview_import(existing, imported), repeat)
    merge = best(lambda: merge_import(existing, imported), repeat)
    whole = best(import_list, repeat)

    print(f"list: {links} links in {items} entries, {len(text) / 1024:.0f} KiB, "
          f"{len(imported.catalog.categories)} categories; into the bundled catalog "
          f"({len(existing)} resources)")
    print(f"{'figure':<34}{'ours ms':>10}{'floor ms':>10}{'ratio':>8}")
    for name, value in (("parse + preview + merge", whole), ("  parse (to a catalog)", parse),
                        ("  preview", prev), ("  merge (new validated catalog)", merge)):
        print(f"{name:<34}{value * 1e3:>10.1f}{floor * 1e3:>10.1f}{value / floor:>8.2f}")
    print("floor: markdown-it-py MarkdownIt('commonmark').parse() of the same text; "
          "budget: a few seconds at most")


if __name__ == "__main__":
    main()
