"""Catalog files: good ones load, bad ones get one message naming file, line and entry."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from planner.core.catalog.model import CatalogError, catalog_from_data, slugify
from planner.store.catalog_file import CatalogFileError, catalog_from_text, load_catalog
from tests.conftest import SMALL_CATALOG


def test_small_catalog_loads_with_tree_and_indexes():
    catalog = load_catalog(SMALL_CATALOG)
    assert catalog.title == "Small test list"
    assert [c.title for c in catalog.root.children] == ["Maths", "Code"]
    assert list(catalog.resources) == ["linalg", "calculus", "numpy-100"]
    assert catalog.resources["numpy-100"].parent.title == "Python"
    assert catalog.resources["numpy-100"].units.count == 100
    assert catalog.order("calculus") == 1


def test_ids_are_generated_from_titles_and_made_unique():
    catalog = catalog_from_data(
        {
            "categories": [
                {
                    "title": "Été Reading",
                    "resources": [{"title": "Deep Learning"}, {"title": "Deep Learning"}],
                }
            ]
        }
    )
    assert list(catalog.categories) == ["ete-reading"]
    assert list(catalog.resources) == ["deep-learning", "deep-learning-2"]
    assert slugify("!!!") == "item"


def _error(text: str) -> str:
    with pytest.raises(CatalogFileError) as info:
        catalog_from_text(textwrap.dedent(text), "list.yaml")
    return str(info.value)


def test_missing_title_names_file_line_and_entry():
    message = _error("""\
        categories:
          - title: Maths
            resources:
              - id: a
                title: A
              - id: b
                url: https://example.org
        """)
    assert message.startswith("list.yaml:6: categories[0].resources[1]")
    assert "'title' is required" in message


def test_wrong_type_names_field_and_line():
    message = _error("""\
        categories:
          - title: Maths
            resources:
              - title: A
                effort_hours: lots
        """)
    assert message.startswith("list.yaml:5:")
    assert "resources[0].effort_hours" in message and "(“A”)" in message
    assert "'effort_hours' must be a number, got 'lots'" in message


def test_duplicate_ids_are_refused():
    message = _error("""\
        categories:
          - title: Maths
            resources:
              - {id: same, title: A}
              - {id: same, title: B}
        """)
    assert "duplicate id 'same'" in message and "categories[0].resources[0]" in message


def test_unknown_prerequisite_is_named():
    message = _error("""\
        categories:
          - title: Maths
            resources:
              - {id: a, title: A, prerequisites: [nope]}
        """)
    assert "unknown prerequisite 'nope' of 'a'" in message
    assert message.startswith("list.yaml:4:")


def test_prerequisite_cycle_names_the_cycle():
    message = _error("""\
        categories:
          - title: Maths
            resources:
              - {id: a, title: A, prerequisites: [c]}
              - {id: b, title: B, prerequisites: [a]}
              - {id: c, title: C, prerequisites: [b]}
        """)
    assert "prerequisite cycle:" in message
    assert "a → c → b → a" in message


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("url: javascript:alert(1)", "scheme 'javascript:'"),
        ("url: file:///etc/passwd", "scheme 'file:'"),
        ("url: notes/chapter1.pdf", "is relative"),
        ("priority: 9", "'priority' must be a whole number from 1"),
        ("deadline: next week", "'deadline' must be an ISO date"),
        ("units: {name: chapter, count: 0}", "'units.count' must be a whole number"),
        ("colour: blue", "unknown field 'colour'"),
        ("authors: 3", "'authors' must be a list of text"),
        ("authors: [Ann, '  ']", "'authors' must hold only non-empty text, got '  '"),
        ("tags: [ml, '']", "'tags' must hold only non-empty text, got ''"),
        ("tags: [ml, 3]", "'tags' must hold only non-empty text, got 3"),
    ],
)
def test_bad_fields_get_clear_messages(snippet: str, expected: str):
    message = _error(
        f"categories:\n  - title: M\n    resources:\n      - title: R\n        {snippet}\n"
    )
    assert expected in message, message
    assert message.startswith("list.yaml:")


def test_not_yaml_and_not_a_mapping():
    assert _error("categories: [unclosed\n").startswith("list.yaml:")
    assert "a catalog must be a mapping" in _error("- just\n- a list\n")


def test_python_tags_are_refused_not_executed(tmp_path: Path):
    marker = tmp_path / "pwned"
    message = _error(f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    assert "the tag '!!python/object/apply:os.system' is not allowed" in message
    assert not marker.exists()


def test_binary_and_oversized_files(tmp_path: Path):
    binary = tmp_path / "x.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(CatalogFileError, match="not a text file"):
        load_catalog(binary)
    missing = tmp_path / "missing.yaml"
    with pytest.raises(CatalogFileError, match="cannot be read"):
        load_catalog(missing)


def test_catalog_error_keeps_path_for_callers():
    with pytest.raises(CatalogError) as info:
        catalog_from_data({"categories": [{"title": "M", "resources": [{"title": 5}]}]})
    assert info.value.path == ("categories", 0, "resources", 0)
    assert info.value.field_name == "title"
