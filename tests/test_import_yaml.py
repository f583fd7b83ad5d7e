"""Importing a catalog YAML file: validated whole, merged like a Markdown list."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.core.catalog.merge import merge_import, preview_import
from planner.core.catalog.model import catalog_from_data
from planner.core.progress.rules import Progress
from planner.store.catalog_file import CatalogFileError, load_catalog
from planner.store.exporters import catalog_with_progress_yaml
from planner.store.importers.catalog_yaml import parse_catalog_import
from planner.store.importers.files import load_import

SMALL = Path(__file__).parent / "data" / "small-catalog.yaml"

EXTRA = """\
title: Extra reading
categories:
  - title: Maths
    resources:
      - id: linalg            # taken by the small catalog: renamed on import
        title: Linear Algebra Done Right
        url: https://example.org/ladr
        kind: book
        units: {name: chapter, count: 10}
      - id: proofs
        title: Book of Proof
        url: https://example.org/proof
        prerequisites: [linalg]
  - title: Papers
    resources:
      - id: attention
        title: Attention Is All You Need
        url: https://arxiv.org/abs/1706.03762
        kind: paper
        prerequisites: [calc-dup]
      - id: calc-dup
        title: Matrix Calculus (again)
        url: http://example.org/calc/
        tags: [maths, calculus]
"""


def test_a_catalog_file_merges_with_ids_renamed_and_prerequisites_following():
    existing = load_catalog(SMALL)
    imported = parse_catalog_import(EXTRA, "extra.yaml")
    preview = preview_import(existing, imported)
    assert [(c.path, c.new, c.resources) for c in preview.categories] == [
        (("Maths",), False, 2), (("Papers",), True, 1)]
    assert [a.id for a in preview.added] == ["linalg-2", "proofs", "attention"]
    (dup,) = preview.duplicates
    assert (dup.existing_id, dup.new_tags) == ("calculus", ("maths", "calculus"))
    merged = merge_import(existing, imported)
    assert merged.resources["linalg"].title == "Linear Algebra Notes"  # the existing one kept
    assert merged.resources["linalg-2"].title == "Linear Algebra Done Right"
    assert merged.resources["proofs"].prerequisites == ("linalg-2",)
    # a prerequisite that was a duplicate now points to the resource already there
    assert merged.resources["attention"].prerequisites == ("calculus",)
    assert merged.categories["papers"].title == "Papers"
    assert merged.resources["calculus"].tags == ()
    assert merge_import(existing, imported, merge_duplicates=True).resources[
        "calculus"].tags == ("maths", "calculus")


@pytest.mark.parametrize(("text", "message"), [
    ("title: [unclosed\n", r"bad\.yaml:2: not valid YAML"),
    ("categories:\n  - title: A\n    resources:\n      - {id: x, title: X}\n"
     "      - {id: x, title: Y}\n", r"bad\.yaml:5: .*duplicate id 'x'"),
    ("categories:\n  - title: A\n    resources:\n      - {id: x, title: X, "
     "prerequisites: [nope]}\n", r"bad\.yaml:4: .*unknown prerequisite 'nope' of 'x'"),
    ("categories:\n  - title: A\n    resources:\n      - {title: X, effort_hours: -1}\n",
     r"bad\.yaml:4: .*effort_hours"),
    ("- just\n- a list\n", r"bad\.yaml:1: \(top level\): a catalog must be a mapping"),
    ("", r"bad\.yaml: the file is empty"),
    ("title: nothing\ncategories: []\n", r"bad\.yaml: the catalog holds no resources"),
    ("!!python/object/apply:os.system ['true']\n", r"bad\.yaml:1: the tag .* is not allowed"),
])
def test_bad_catalog_files_are_refused_whole(text: str, message: str):
    with pytest.raises(CatalogFileError, match=message):
        parse_catalog_import(text, "bad.yaml")


def test_refused_links_are_named_and_the_rest_imported():
    text = """\
categories:
  - title: A
    resources:
      - {id: good, title: Good, url: "https://example.org/good"}
      - {id: evil, title: Evil, url: "javascript:alert(1)"}
      - {id: local, title: Local, url: "file:///etc/passwd"}
      - {id: rel, title: Relative, url: "notes/x.md"}
      - id: after
        title: After
        url: https://example.org/after
        links: ["https://example.org/ok", "smb://server/share"]
        prerequisites: [evil, good]
"""
    imported = parse_catalog_import(text, "links.yaml")
    assert [r.id for r in imported.catalog] == ["good", "after"]
    assert [(r.title, r.where) for r in imported.refused] == [
        ("Evil", "line 5"), ("Local", "line 6"), ("Relative", "line 7")]
    assert "'javascript:'" in imported.refused[0].reason
    assert "relative" in imported.refused[2].reason
    after = imported.catalog.resources["after"]
    assert after.links == ("https://example.org/ok",) and after.prerequisites == ("good",)
    assert any("smb://server/share" in w for w in imported.warnings)
    assert any("'evil'" in w for w in imported.warnings)


def test_another_error_beside_a_refused_link_is_reported_at_its_line():
    text = ("categories:\n  - title: A\n    resources:\n"
            "      - {id: evil, title: Evil, url: 'javascript:x'}\n"
            "      - {id: b, title: B, priority: 9}\n")
    with pytest.raises(CatalogFileError, match=r"x\.yaml:5: .*priority"):
        parse_catalog_import(text, "x.yaml")


def test_an_export_with_progress_imports_back_as_the_catalog(tmp_path: Path):
    catalog = load_catalog(SMALL)
    progress = {"linalg": Progress(units_done=2), "calculus": Progress(done=True)}
    path = tmp_path / "export.yaml"
    path.write_text(catalog_with_progress_yaml(catalog, progress), encoding="utf-8")
    imported = load_import(path)
    assert list(imported.catalog.resources) == list(catalog.resources)
    assert imported.catalog.resources["linalg"].units == catalog.resources["linalg"].units
    assert len(imported.warnings) == 1 and "3 resources" in imported.warnings[0]
    empty = catalog_from_data({"title": "Empty", "categories": []})
    merged = merge_import(empty, imported)
    assert merged.title == "Small test list" and len(merged) == 3
