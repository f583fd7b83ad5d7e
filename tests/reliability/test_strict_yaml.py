"""The bounded, strict YAML loader (planner/store/strict.py) on its own.

Each refusal here was a defect the hostile-file suite found: a crash of the whole process,
an exception that was not ours, a load that took minutes, or data silently changed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.operations.progress import EditNotes
from planner.store.yaml import strict
from planner.store.yaml.emit import emit
from tests.test_yamlemit import text, values  # the emitter's own strategies

ROOT = Path(__file__).resolve().parents[2]


def _refusal(text: str) -> strict.YamlError:
    with pytest.raises(strict.YamlError) as info:
        strict.load(text)
    return info.value


def test_deep_block_nesting_is_refused_instead_of_crashing_the_process():
    """libyaml's composer recursed ~30,000 block levels deep and the process died (SIGSEGV):
    run in a child so that a regression fails this test instead of killing the run."""
    code = ("from planner.store.yaml import strict\n"
            "try:\n    strict.load('key:\\n' + '- ' * 40000 + 'x\\n')\n"
            "except strict.YamlError as exc:\n    print(exc.line, exc.message)\n")
    child = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                           text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    assert child.stdout.startswith("2 a line is indented more than 1000 columns deep")


def test_block_nesting_under_the_indent_cap_is_refused_after_parsing():
    text = "".join("  " * i + "- a:\n" for i in range(300))
    assert "nests more than 200 deep" in _refusal(text).message


def _stricter_parser(limit: int, words: str) -> type:
    """A safe loader that refuses flow nesting past ``limit`` with its own ``words``, the way
    libyaml 0.2.6 (PyYAML 6.0.4) refuses past 1,000 before the app's check sees any depth."""
    import yaml

    class Stricter(yaml.SafeLoader):
        def fetch_flow_collection_start(self, token_class):  # type: ignore[no-untyped-def]
            if self.flow_level >= limit:
                raise yaml.scanner.ScannerError(None, None, words, self.get_mark())
            super().fetch_flow_collection_start(token_class)

    return Stricter


@pytest.mark.parametrize("limit", [50, 201, 1000])
@pytest.mark.parametrize("text", [
    "deep: " + "[" * 5000 + "]" * 5000 + "\n",
    "deep: " + "{a: " * 300 + "1" + "}" * 300 + "\n",
])
def test_deep_nesting_is_refused_in_our_words_whatever_the_parser_refuses_first(
        monkeypatch: pytest.MonkeyPatch, text: str, limit: int):
    """The app's refusal does not depend on the parser's wording or on where its own limit
    lies: a parser that gives up first, in words of its own, still leaves ours."""
    monkeypatch.setattr(strict, "safe_loader",
                        lambda: _stricter_parser(limit, "some words of the parser's own"))
    strict.strict_loader.cache_clear()
    try:
        error = _refusal(text)
    finally:
        strict.strict_loader.cache_clear()
    assert error.message == f"the text nests brackets more than {strict.MAX_NESTING} deep"


def test_a_parser_refusal_of_a_shallow_file_is_not_called_nesting(
        monkeypatch: pytest.MonkeyPatch):
    """Brackets in text raise the quick bound over the cap without nesting anything; a
    parser error in such a file stays a plain syntax error, with its line."""
    text = "notes: " + "x in [0, 1) " * 300 + "\nbad: [unclosed\n"
    monkeypatch.setattr(strict, "safe_loader",
                        lambda: _stricter_parser(50, "some words of the parser's own"))
    strict.strict_loader.cache_clear()
    try:
        error = _refusal(text)
    finally:
        strict.strict_loader.cache_clear()
    assert "nests" not in error.message and error.message.startswith("not valid YAML")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", 3,
         "the key 'a' appears twice in one mapping (lines 1 and 3); give each key once"),
        ("{a: 1, a: 2}\n", 1, "the key 'a' appears twice in one mapping (lines 1 and 1)"),
        ("m:\n  1: x\n  0x1: y\n", 3, "the key '1' appears twice"),  # the same number
        ("units: 010\n", 1, "'010' is an octal number in YAML 1.1 (a leading 0)"),
        ("hours: 1:30\n", 1, "'1:30' is a base-60 number in YAML 1.1"),
        ("hours: 1:30.5\n", 1, "'1:30.5' is a base-60 number in YAML 1.1"),
        ("n: " + "9" * 5000 + "\n", 1, "a number with more than 1000 digits"),
        ("day: 2026-02-30\n", 1, "'2026-02-30' is not a valid date ("),  # then Python's words
        ("t: 2026-01-01 10:00:00 +99:00\n", 1, "is not a valid date"),
        ("x: !!int abc\n", 1, "'abc' is not a whole number"),
        ("x: !!float ''\n", 1, "'' is not a number"),
        ("x: !!bool maybe\n", 1, "'maybe' is not true or false"),
        ("x: !!timestamp soon\n", 1, "'soon' is not a valid date"),
        ("a: 1\nx: !!python/object/apply:os.system [ls]\n", 2,
         "the tag '!!python/object/apply:os.system' is not allowed"),
        ("a: 1\nb: x\x01y\n", 2, "not valid YAML: the character U+0001 is not allowed"),
    ],
)
def test_refusals_name_the_line(text: str, line: int, message: str):
    error = _refusal(text)
    assert error.line == line and message in error.message, (error.line, error.message)


def test_merge_keys_still_work_and_explicit_keys_override_them():
    text = "base: &b {kind: book, hours: 2}\nx: {<<: *b, hours: 3}\ny: {<<: [*b], kind: video}\n"
    data = strict.load(text)
    assert data["x"] == {"kind": "book", "hours": 3}
    assert data["y"] == {"kind": "video", "hours": 2}


def test_a_merge_key_bomb_is_refused():
    """Ten merges of ten merges of ... : PyYAML copied 10^n pairs (minutes, then memory)."""
    lines = ["m0: &m0 {" + ", ".join(f"k{j}: {j}" for j in range(10)) + "}"]
    for i in range(1, 12):
        lines.append(f"m{i}: &m{i} {{<<: [" + ", ".join([f"*m{i - 1}"] * 10) + "]}")
    assert "the merge keys ('<<') copy more than 100,000 values" in _refusal(
        "\n".join(lines)).message


def test_a_billion_laughs_is_refused_without_walking_it():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    assert "aliases repeated too often" in _refusal("\n".join(lines)).message


def test_shared_aliases_under_the_cap_are_fine():
    text = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\nc: {x: *a}\n"
    assert strict.load(text)["b"] == [[1, 2, 3]] * 3


def test_an_alias_inside_its_own_anchor_is_refused():
    assert "contains itself" in _refusal("a: &a [1, *a]\n").message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfea\x00:\x00", "is UTF-16 text; save it as UTF-8"),
        (b"\xfe\xff\x00a", "is UTF-16 text"),
        (b"\xff\xfe\x00\x00a\x00\x00\x00", "is UTF-32 text"),
        (b"a: 1\nb: \x00\n", "not a text file (it holds binary data: a NUL byte at byte 8)"),
        (b"a: 1\n" + b"#" * 10_000 + b"\nb: \x00\n", "a NUL byte at byte 10009"),
        (b"a: \xe9t\xe9\n", "is not UTF-8 text (byte 3)"),
    ],
    ids=["utf16-le", "utf16-be", "utf32-le", "nul", "late-nul", "latin-1"],
)
def test_decode_refuses_what_is_not_utf8_text(data: bytes, message: str):
    with pytest.raises(strict.YamlError, match=message.replace("(", r"\(").replace(")", r"\)")):
        strict.decode(data, "f.yaml")


def test_a_utf8_bom_is_harmless():
    assert strict.load(strict.decode(b"\xef\xbb\xbfa: 1\n")) == {"a": 1}


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(text, values, min_size=1, max_size=6))
def test_the_strict_loader_reads_back_everything_our_emitter_writes(data):
    assert strict.load(emit(data)) == data


def test_what_the_app_writes_it_reads_back_whatever_brackets_the_notes_hold(tmp_path: Path):
    """Notes like "x in [0, 1)" leave a bracket open each; with hundreds of them a file the
    app wrote was refused as "nesting more than 200 deep" as soon as it was read without
    the parse cache (a cache deleted, the file synced to another machine)."""
    from planner.core.journal.state import AppState
    from planner.entry.wiring import open_state_file

    data_file = tmp_path / "planner.yaml"
    store = open_state_file(data_file)  # no parse cache here: every load parses the YAML
    store.cache = None
    app = AppState(store.load().state)
    for resource in list(app.catalog):
        app.apply(EditNotes(resource.id, "x in [0, 1) and {a, b; " * 30))
    assert store.save(app.state)
    again = store.load()
    assert again.notices == []
    assert [again.state.progress[r.id].notes for r in app.catalog] == [
        app.state.progress[r.id].notes for r in app.catalog]
