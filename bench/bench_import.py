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

    python bench/bench_import.py [--links 3000] [--repeat 7] [--n 12500] [--titles 5000]
    python bench/bench_import.py --links 0 --n 2000 --titles 2000   # the growth cases, quick
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import best
from planner.core.catalog.merge import merge_import, preview_import
from planner.paths import default_catalog_path
from planner.store.catalog_file import load_catalog
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


def run_import(list_file: Path, folder: Path, dry_run: bool) -> float:
    """Wall time of one ``import`` command in a fresh process, into a fresh data file."""
    data_file = folder / f"planner-{time.monotonic_ns()}.yaml"
    command = [sys.executable, "-m", "planner", "--data-file", str(data_file), "import",
               *(["--dry-run"] if dry_run else []), str(list_file)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    t0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()}")
    return elapsed


def growth(sizes: dict[str, int]) -> None:
    print(f"\n{'case':<10}{'n':>8}{'KiB':>7}{'floor s':>9}{'dry run s':>11}{'import s':>10}"
          f"{'dry/floor':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for case, n in sizes.items():
            times = []
            for size in (n, 4 * n):
                text = growth_list(case, size)
                list_file = folder / f"{case}-{size}.md"
                list_file.write_text(text, encoding="utf-8")
                floor = best(lambda text=text: MarkdownIt("commonmark").parse(text), 1)
                dry = run_import(list_file, folder, dry_run=True)
                real = run_import(list_file, folder, dry_run=False)
                times.append((dry, real))
                print(f"{case:<10}{size:>8}{len(text) / 1024:>7.0f}{floor:>9.2f}{dry:>11.2f}"
                      f"{real:>10.2f}{dry / floor:>11.2f}")
            (dry_n, real_n), (dry_4n, real_4n) = times
            print(f"{'':<10}{'4n ÷ n':>8}{'':>16}{dry_4n / dry_n:>11.2f}{real_4n / real_n:>10.2f}")
    print("each command once, in a fresh process (start-up included); floor: markdown-it-py's "
          "parse of the same text in this process; 4n ÷ n = 4.0 is linear")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--links", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--n", type=int, default=12_500,
                        help="headings and links cases: n and 4n entries")
    parser.add_argument("--titles", type=int, default=5_000,
                        help="equal titles case: n and 4n entries")
    args = parser.parse_args()
    if args.links:
        three_thousand(args.links, args.repeat)
    if args.n or args.titles:
        growth({case: n for case, n in (("headings", args.n), ("links", args.n),
                                        ("titles", args.titles)) if n})


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
