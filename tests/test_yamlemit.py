"""The fast state-file emitter writes YAML the safe loader reads back exactly."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.store.yaml import strict
from planner.store.yaml.emit import emit, scalar

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
leaves = st.none() | st.booleans() | st.integers(-10**12, 10**12) | text | st.floats(
    allow_nan=False, allow_infinity=False, width=64)
values = st.recursive(
    leaves,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(text, values, max_size=6))
def test_round_trip_through_the_safe_loader(data):
    assert yaml.load(emit(data), Loader=strict.SafeLoader) == data or data == {}


def test_plain_and_quoted_scalars():
    assert scalar("Linear Algebra (2nd ed.)") == "Linear Algebra (2nd ed.)"
    assert scalar("yes") == '"yes"'
    assert scalar("2026-11-24") == '"2026-11-24"'
    assert scalar("a: b") == '"a: b"'
    assert scalar("Géron") == '"Géron"'
    assert scalar(1e-05) == "1.0e-05"
    assert scalar(3.0) == "3.0"


def test_layout_is_block_style_one_entry_per_line():
    doc = {"a": {"b": [1, {"c": "x", "d": []}], "e": {}}, "f": "two\nlines"}
    assert emit(doc) == 'a:\n  b:\n  - 1\n  - c: x\n    d: []\n  e: {}\nf: "two\\nlines"\n'
