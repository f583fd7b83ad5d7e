"""Write–read symmetry: the planner never writes a data file its reader refuses.

The reader's rules (``store.yaml.strict``, ``state_format``): at most ``MAX_BYTES`` bytes and
``MAX_NODES`` values; text that UTF-8 can hold (the emitter writes a lone surrogate as an
escape the reader refuses); and per entry the state format's rules (numbers within their
bounds, dates, weeks). ``WriteCheck`` checks a state against them in two places:

- **when a change is made** (``AppState``'s validator): a change that breaks a rule is
  undone at once and refused with the reason, never accepted and then lost at the next
  start;
- **before the atomic write** (``StateFile.save``): the last guard, for what did not come
  through the change path.

Serialising a 2,000-resource state costs ~60 ms, too much for every change, so the check
measures the file by parts and remembers them: each top-level section, and within a
section each entry (a resource, a progress entry, a history line) with its emitted size
and value count, reused while the entry is equal to the one measured. A change then costs
what it touched. The sizes are exact, not estimates: the emitter writes a mapping or list
entry as lines that depend only on the entry and their indentation (tests check the sum
against the emitted file). What is checked per entry is only what changed: entries equal
to ones checked before passed then.

Two rules hold by construction and are not re-checked here: nesting and indentation (the
catalog nests at most 20 categories, so the file at most ~45 levels and ~90 columns, far
below ``MAX_NESTING`` and ``MAX_INDENT``), and the catalog's own rules (every catalog is
built by ``catalog_from_data``, the reader's own function; the property test in
tests/test_write_read_law.py holds the two together).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planner.core.journal.state import Changed, PlannerState, WriteProblem
from planner.store.format_v2 import EventFormatError, event_from_line, journal_blocks
from planner.store.state_format import (
    END_MARKER,
    HEADER,
    SCHEMA_VERSION,
    SECTIONS,
    StateFormatError,
    pin_from_data,
    plan_from_data,
    settings_from_data,
)
from planner.store.yaml import strict
from planner.store.yaml.emit import emit, scalar

# The parts of the state a change touched (``Changed`` flags), as the file's sections.
FLAG_SECTIONS = {Changed.CATALOG: "catalog", Changed.SETTINGS: "settings",
                 Changed.PINS: "pins", Changed.PLAN: "plan", Changed.JOURNAL: "journal"}
_FIXED = len(f"{HEADER}\n".encode()) + len(f"{END_MARKER}\n".encode()) + len(
    f"schema_version: {SCHEMA_VERSION}\n")
# A lone surrogate as the emitter escapes it: "\udcff" after an even run of backslashes.
_SURROGATE_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_PLACEHOLDER = "x"  # a resource in the catalog's skeleton: its line is "- x"

EntryReader = Callable[[Any, tuple[str | int, ...]], object]
# Entry by entry: the reader's function for one entry of a mapping or list section.
_ENTRY_READERS: dict[str, EntryReader] = {
    "pins": pin_from_data,
}
# Whole: small sections read at once.
_WHOLE_READERS: dict[str, Callable[[Any], object]] = {
    "settings": settings_from_data,
    "plan": plan_from_data,
}


class _Refused(Exception):
    def __init__(self, problem: WriteProblem) -> None:
        super().__init__(problem.reason)
        self.problem = problem


@dataclass(frozen=True)
class _Measure:
    """An entry as last measured: its value, emitted bytes and lines at indentation 0, and
    the values the reader counts in it."""

    value: Any
    size: int
    lines: int
    nodes: int


def _nodes(value: Any) -> int:
    """Values as ``strict._check_size`` counts them: every container and scalar, not keys."""
    if isinstance(value, dict):
        return 1 + sum(_nodes(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_nodes(v) for v in value)
    return 1


def _measure(value: Any, text: str) -> _Measure:
    raw = text.encode("utf-8")
    if b"\\u" in raw and (found := _SURROGATE_ESCAPE.search(raw)):
        char = found.group()[-6:].decode()
        raise _Refused(WriteProblem(f"write text that is not text (the character "
                                    f"U+{char[2:].upper()}, an undecodable byte)"))
    return _Measure(value, len(raw), raw.count(b"\n"), _nodes(value))


def _measure_item(value: Any) -> _Measure:
    """A list item: its lines ("- ...") at indentation 0."""
    if isinstance(value, str):
        return _measure(value, f"- {scalar(value)}\n")
    return _measure(value, emit({"k": [value]})[len("k:\n"):])


def _measure_entry(key: str, value: Any) -> _Measure:
    """A mapping entry: its lines ("key: ...") at indentation 0."""
    return _measure(value, emit({key: value}))


def _bytes(count: int) -> str:
    """A size as people read it: "25.4 MiB", "20 MiB", "400,000 bytes"."""
    if count < 2**20:
        return f"{count:,} bytes"
    return f"{count / 2**20:.1f}".removesuffix(".0") + " MiB"


def _size_problem(size: int, nodes: int, before: tuple[int, int] | None
                  ) -> WriteProblem | None:
    """Too big, unless it was already (a change that shrinks, or leaves it, is let through)."""
    limit = strict.MAX_BYTES
    if size > limit and (before is None or size > before[0]):
        return WriteProblem(f"make the data file {_bytes(size)}, over its limit of "
                            f"{_bytes(limit)}", too_big=True)
    if nodes > strict.MAX_NODES and (before is None or nodes > before[1]):
        return WriteProblem(f"make the data file hold {nodes:,} values, over its limit of "
                            f"{strict.MAX_NODES:,}", too_big=True)
    return None


class WriteCheck:
    """Whether a state can be written so that it reads back; remembers what it measured.

    Called as an ``AppState`` validator (``check(state, parts)``) and by the save
    (``check_document``). One per data file: ``StateFile.write_check``.
    """

    def __init__(self) -> None:
        self._sections: dict[str, tuple[int, int]] = {}  # name -> (bytes, values)
        self._entries: dict[tuple[str, Any], _Measure] = {}
        self._resources: dict[str, _Measure] = {}
        self._lines: dict[str, _Measure] = {}  # the journal's, as last measured
        self._whole: dict[str, _Measure] = {}
        self._last: dict[str, tuple[Any, tuple[int, int]]] = {}  # section: value, measure
        self._total: tuple[int, int] | None = None

    @property
    def size(self) -> int | None:
        """The data file's size in bytes as last checked, None before the first check."""
        return None if self._total is None else self._total[0]

    def __call__(self, state: PlannerState, parts: Changed) -> WriteProblem | None:
        return self.check(state, parts)

    def check(self, state: PlannerState, parts: Changed) -> WriteProblem | None:
        """After a change touching ``parts``: None, or why the file could not hold it.

        A file already over a limit (a hand-written file can be smaller than what we write
        for it) does not block a change that leaves it no bigger: deleting must stay possible.
        """
        names = set(SECTIONS) if self._total is None else {
            name for flag, name in FLAG_SECTIONS.items() if parts & flag}
        before = self._total
        problem = self._check({name: SECTIONS[name](state) for name in names})
        if problem is None and self._total is not None:
            problem = _size_problem(*self._total, before)
        return problem

    def check_document(self, document: dict[str, Any], raw: bytes) -> WriteProblem | None:
        """Before a save: the document about to be written, and its bytes."""
        problem = self._check({name: document.get(name) for name in SECTIONS})
        if problem is None and self._total is not None:
            problem = _size_problem(len(raw), self._total[1], None)
        return problem

    def _check(self, sections: dict[str, Any]) -> WriteProblem | None:
        """Measure and check ``sections`` (the others as last measured); a problem with an
        entry, or None and ``_total`` updated."""
        measured = dict(self._sections)
        try:
            for name, value in sections.items():
                measured[name] = self._section(name, value)
        except _Refused as refused:
            return refused.problem
        except StateFormatError as exc:
            where = ".".join(str(p) for p in exc.path)
            return WriteProblem(f"write a value the data file cannot read back "
                                f"({where + ': ' if where else ''}{exc.message})")
        self._sections = measured
        size = _FIXED + sum(s for s, _ in measured.values())
        nodes = 2 + sum(n for _, n in measured.values())  # the root, schema_version
        self._total = (size, nodes)
        return None

    # ------------------------------------------------------------------ the sections

    def _section(self, name: str, value: Any) -> tuple[int, int]:
        """Bytes and values of the section ``name: value`` (0, 0 when left out)."""
        if value is None:
            return 0, 0
        last = self._last.get(name)
        if last is not None and last[0] == value:  # one comparison in C, most sections
            return last[1]
        measured = self._measure_section(name, value)
        self._last[name] = (value, measured)
        return measured

    def _measure_section(self, name: str, value: Any) -> tuple[int, int]:
        if name == "catalog":
            return self._catalog(value)
        if name == "journal":
            return self._journal(value)
        if name in _WHOLE_READERS or not value or not isinstance(value, (dict, list)):
            return self._whole_section(name, value)
        head = len(f"{name}:\n")
        size, nodes = head, 1
        entries = value.items() if isinstance(value, dict) else enumerate(value)
        indent = 2 if isinstance(value, dict) else 0
        for key, item in entries:
            measure = self._entry(name, key, item, isinstance(value, dict))
            size += measure.size + indent * measure.lines
            nodes += measure.nodes
        return size, nodes

    def _whole_section(self, name: str, value: Any) -> tuple[int, int]:
        cached = self._whole.get(name)
        if cached is None or cached.value != value:
            reader = _WHOLE_READERS.get(name)
            if reader is not None:
                reader(value)
            cached = self._whole[name] = _measure_entry(name, value)
        return cached.size, cached.nodes

    def _entry(self, name: str, key: Any, item: Any, in_mapping: bool) -> _Measure:
        cached = self._entries.get((name, key))
        if cached is not None and cached.value == item:
            return cached
        reader = _ENTRY_READERS.get(name)
        if reader is not None:
            reader(item, (name, key))
        measure = _measure_entry(str(key), item) if in_mapping else _measure_item(item)
        self._entries[(name, key)] = measure
        return measure

    def _journal(self, value: Any) -> tuple[int, int]:
        """The journal, line by line: a line not measured before is read as the reader reads
        it (events are only appended, so that is the new ones). One value a block."""
        try:
            blocks = journal_blocks(value)
            if isinstance(blocks, list):
                raise EventFormatError("must be the journal's blocks, one per device",
                                       ("journal",))
        except EventFormatError as exc:
            raise StateFormatError(exc.message, exc.path) from None
        known, kept = self._lines, {}
        size = len("journal:\n")
        for device, lines in blocks.items():
            size += len(f"  {scalar(device)}: |\n".encode())
            for i, line in enumerate(lines):
                measure = known.get(line)
                if measure is None:
                    try:
                        event_from_line(line, ("journal", device, i))
                    except EventFormatError as exc:
                        raise StateFormatError(exc.message, exc.path) from None
                    measure = _measure(line, f"    {line}\n")
                kept[line] = measure
                size += measure.size
        self._lines = kept
        return size, 1 + len(blocks)  # the mapping and each block

    def _catalog(self, value: dict[str, Any]) -> tuple[int, int]:
        """The catalog, resource by resource: its skeleton (categories, each resource a
        one-line placeholder) emitted whole, each resource's lines added at its indentation."""
        resources: list[tuple[dict[str, Any], int]] = []
        skeleton = dict(value)
        skeleton["categories"] = [_skeleton(c, 1, resources) for c in value.get("categories",
                                                                                  [])]
        base = self._whole.get("catalog skeleton")
        if base is None or base.value != skeleton:  # the same unless categories changed
            base = self._whole["catalog skeleton"] = _measure(
                skeleton, emit({"catalog": skeleton}))
        size, nodes = base.size, base.nodes
        placeholder = len(f"- {_PLACEHOLDER}\n")
        for resource, indent in resources:
            measure = self._resource(resource)
            size += measure.size + indent * measure.lines - (indent + placeholder)
            nodes += measure.nodes - 1
        return size, nodes

    def _resource(self, resource: dict[str, Any]) -> _Measure:
        key = str(resource.get("id"))
        cached = self._resources.get(key)
        if cached is None or cached.value != resource:
            cached = self._resources[key] = _measure_item(resource)
        return cached


def _skeleton(category: dict[str, Any], depth: int,
              resources: list[tuple[dict[str, Any], int]]) -> dict[str, Any]:
    """A category with each resource replaced by the placeholder; the resources, with the
    indentation their lines have in the file (a category at depth d lists its resources
    at 2d + 2 columns), go to ``resources``."""
    out = dict(category)
    if "resources" in category:
        indent = 2 * depth + 2
        resources.extend((r, indent) for r in category["resources"])
        out["resources"] = [_PLACEHOLDER] * len(category["resources"])
    if "categories" in category:
        out["categories"] = [_skeleton(c, depth + 1, resources) for c in category["categories"]]
    return out
