"""Each Markdown fixture imports to the catalog it imported to when its golden was written.

A change to how the importer reads Markdown (the parser, its rules, our walk over its
tokens) must leave these alone; a change meant to alter what is read regenerates them,
and the diff of the golden files shows what it altered:

    python tests/test_import_golden.py    # rewrites tests/data/import-golden/*.json

The fixtures: the real lists (``data/real-lists``, copies of the shared ones), the shapes
a list may hold (``data/import-golden/shapes.md``: setext headings, HTML, fences, indented
code, block quotes, reference links, autolinks, images, entities, escapes, non-ASCII and
%-links, refused links), and small versions of the benchmark's generated lists.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
GOLDEN = TESTS / "data" / "import-golden"
FILES = [*sorted((TESTS / "data" / "real-lists").glob("*.md")), GOLDEN / "shapes.md"]


def _fixtures() -> dict[str, tuple[str, str]]:
    """Name → (Markdown, source name)."""
    from bench.bench_import import growth_list, reading_list

    found = {p.stem: (p.read_text(encoding="utf-8"), p.name) for p in FILES}
    found["generated-240"] = (reading_list(240)[0], "generated.md")
    for case in ("headings", "links", "titles"):
        found[f"growth-{case}-30"] = (growth_list(case, 30), f"{case}.md")
    return found


def _imported(text: str, source: str) -> dict[str, object]:
    from planner.core.catalog.model import catalog_to_data
    from planner.store.importers.markdown import MarkdownImportError, parse_markdown_list

    try:
        imported = parse_markdown_list(text, source)
    except MarkdownImportError as exc:  # SOURCE.md: prose, no list
        return {"error": str(exc)}
    return {"catalog": catalog_to_data(imported.catalog),
            "refused": [[r.title, r.where, r.reason] for r in imported.refused],
            "warnings": list(imported.warnings)}


def _dumped(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n"


@pytest.mark.parametrize("name", sorted(_fixtures()))
def test_a_fixture_imports_to_its_golden_catalog(name: str):
    text, source = _fixtures()[name]
    golden = (GOLDEN / f"{name}.json").read_text(encoding="utf-8")
    assert _dumped(_imported(text, source)) == golden


if __name__ == "__main__":
    sys.path.insert(0, str(TESTS.parent))
    for name, (text, source) in _fixtures().items():
        (GOLDEN / f"{name}.json").write_text(_dumped(_imported(text, source)), encoding="utf-8")
        print(f"wrote {GOLDEN / name}.json")
