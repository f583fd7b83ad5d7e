"""Import of a generated 3,000-link Markdown reading list into the bundled catalog.

The list is shaped like the awesome lists: ``##`` sections with ``###`` sub-sections,
items "[Title](url) - Author Name - Book + Code", "[Title](url) by A and B.", video
playlists, permalinks in parentheses. Timed: parse (markdown-it-py tokens → entries →
validated catalog) + preview + merge into the bundled catalog.

Floor, measured in the same run on the same text: markdown-it-py's bare
``MarkdownIt("commonmark").parse()``.

    python bench/bench_import.py [--links 3000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import sys
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--links", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    text, items = reading_list(args.links)
    existing = load_catalog(default_catalog_path())

    def import_list() -> None:
        imported = parse_markdown_list(text, "generated.md")
        preview_import(existing, imported)
        merge_import(existing, imported)

    imported = parse_markdown_list(text, "generated.md")
    preview = preview_import(existing, imported)
    merged = merge_import(existing, imported)
    assert len(preview.added) == items and len(merged) == len(existing) + items

    floor = best(lambda: MarkdownIt("commonmark").parse(text), args.repeat)
    parse = best(lambda: parse_markdown_list(text, "generated.md"), args.repeat)
    prev = best(lambda: preview_import(existing, imported), args.repeat)
    merge = best(lambda: merge_import(existing, imported), args.repeat)
    whole = best(import_list, args.repeat)

    print(f"list: {args.links} links in {items} entries, {len(text) / 1024:.0f} KiB, "
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
