"""The write–read law as a property (issue 12), shared by the test and
bench/bench_write_read.py.

Arbitrary sequences of real operations, each through the public entry points the window and
the command line use (the Markdown and catalog importers of planner/store, merging,
``planner.core.catalog.editing``, ``AppState.make_*`` / ``apply``,
``planner.core.journal.goals``): imports of generated lists whose file names, titles and
links hold arbitrary Unicode, lone surrogates and control characters included; edits of
resource fields and notes; settings at and beyond their bounds; check-offs and ticks of
weekly goals; pins; re-plans.

After each operation, either it was accepted, and then a save followed by a load (as the
next start does) gives the same state, with no notice; or it was refused with a message, and
then the state and the data file are byte-identical to before.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from planner.core.catalog.editing import update_resource
from planner.core.catalog.merge import merge_import, preview_import
from planner.core.errors import UserError
from planner.core.journal.goals import fresh_plan
from planner.core.journal.state import AppState, ChangeRefusedError, Operation
from planner.core.operations.catalog import ReplaceCatalog
from planner.core.operations.planning import AcceptPlan, ChangeSettings, CheckGoal, Pin
from planner.core.operations.progress import EditNotes, LogHours, SetDone
from planner.core.planning.settings import latest_start
from planner.core.weeks import LAST_WEEK
from planner.store.catalog_file import load_catalog
from planner.store.importers.catalog_yaml import parse_catalog_import
from planner.store.importers.markdown import parse_markdown_list
from planner.store.state_file import StateFile
from planner.store.state_format import state_to_data, to_text

TODAY = dt.date(2026, 12, 2)
SMALL_CATALOG = Path(__file__).resolve().parent / "data" / "small-catalog.yaml"
# Small enough that a few generated imports reach it, so refusals for size happen too.
TEST_MAX_BYTES = 40_000

# ------------------------------------------------------------------------------ text

HOSTILE = ["\udcff", "\ud800", "\udfff", "\x00", "\x07", "\x1b", "\x1b[31m", "\x1b]0;t\x07",
           "\x7f", "\x85", "\x9b", "\r", "\r\n", "\t", "\n", "\u2028", "\ufeff", "\ufffe",
           "😀", "é", "[", "]", "(", ")", "*", "#", "`", "\\", '"', ":", " - ", " by "]
chars = st.characters() | st.sampled_from(HOSTILE)
text = st.lists(chars, max_size=24).map("".join)
# What a UTF-8 file can hold (a catalog file to import): no lone surrogates, except escaped
file_text = st.lists(st.characters(codec="utf-8") | st.sampled_from(
    [c for c in HOSTILE if not "\ud800" <= c[0] <= "\udfff"]), max_size=24).map("".join)
name_text = st.lists(st.characters(codec="utf-8") | st.sampled_from(HOSTILE), min_size=1,
                     max_size=12).map("".join)
links = st.one_of(
    st.builds(lambda t: f"https://example.com/{t}", text),
    st.builds(lambda n: f"https://example.org/item/{n}", st.integers(0, 10**6)),
    st.sampled_from([
        "mailto:a@example.com?attach=/root/.ssh/id_rsa", "mailto:a@example.com?subject=hi",
        "javascript:alert(1)", "file:///etc/passwd", "https://exa\u202emple.com",
        "https://example.com/\udcff", "https://good@evil.example", "http://0x7f.1/",
    ]),
    text,
)


@st.composite
def markdown_lists(draw: st.DrawFn) -> tuple[str, str]:
    """A Markdown reading list (headings, linked items with authors and notes) and the file
    name it came in."""
    lines = []
    for _ in range(draw(st.integers(0, 3))):
        lines.append(f"{'#' * draw(st.integers(1, 3))} {draw(text)}")
        for _ in range(draw(st.integers(0, 6))):
            item = f"- [{draw(text)}]({draw(links)})"
            if draw(st.booleans()):
                item += f" by {draw(text)}"
            if draw(st.booleans()):
                item += f" - {draw(text)}"
            lines.append(item)
    if draw(st.booleans()):  # long entries: imports that reach the size cap
        lines += [f"- [Entry {i} {'long title ' * 30}](https://example.net/{i})"
                  for i in range(draw(st.integers(1, 150)))]
    return "\n".join(lines) + "\n", draw(name_text) + ".md"


@st.composite
def catalog_files(draw: st.DrawFn) -> tuple[str, str]:
    """A catalog YAML file (controls escaped by the dumper, as a hand-written file has them)."""
    words = text if draw(st.integers(0, 9)) == 0 else file_text
    resources = [{"title": draw(words) or "t", "url": draw(links), "notes": draw(words),
                  "authors": [draw(words) or "a"], "tags": [draw(words) or "t"]}
                 for _ in range(draw(st.integers(1, 4)))]
    data = {"title": draw(words), "categories": [{"title": draw(words) or "c",
                                                  "resources": resources}]}
    dumped = yaml.safe_dump(data, allow_unicode=False)  # controls and surrogates escaped
    return dumped, draw(name_text) + ".yaml"


# ------------------------------------------------------------------------------ operations

HOURS = [0.0, 1e-9, 0.1, 0.2499, 0.25, 0.2549, 1 / 3, 5.0, 100.0, 100.004, 100.01, 1e9,
         math.nan, math.inf, -1.0]
WEEKS = ["2026-W48", "2026-W52", "2027-W01", "2031-W10", "9998-W40", latest_start(52),
         latest_start(520), LAST_WEEK, "9999-W52", "9999-W53", "0001-W01", "2026-48", "now"]


@dataclass
class Op:
    """One operation: ``build(app)`` makes the change (the core checks it there)."""

    name: str
    build: Callable[[AppState], Operation]

    def __repr__(self) -> str:
        return self.name


def _pick(app: AppState, n: int) -> str:
    ids = list(app.catalog.resources)
    return ids[n % len(ids)] if ids else "nothing"


def _import_op(kind: str, content: str, source: str, merge: bool) -> Op:
    def build(app: AppState) -> Operation:
        parse = parse_markdown_list if kind == "markdown" else parse_catalog_import
        imported = parse(content, source)
        preview = preview_import(app.catalog, imported)
        if not preview.changes_anything(merge):
            raise UserError(f"nothing new in {source!r}")
        new = merge_import(app.catalog, imported, merge_duplicates=merge)
        return ReplaceCatalog(new, f"Import {source}")

    return Op(f"import {kind} {source!r} ({len(content)} chars)", build)


def _edit_op(n: int, fields: dict[str, Any]) -> Op:
    def build(app: AppState) -> Operation:
        rid = _pick(app, n)
        return ReplaceCatalog(update_resource(app.catalog, rid, fields), f"Edit {rid}")

    return Op(f"edit #{n} {fields!r}", build)


def _tick_op(week: int, goal: int, checked: bool) -> Op:
    def build(app: AppState) -> Operation:
        plan = app.state.plan or fresh_plan(app)
        weeks = [w for w in plan.weeks if w.goals]
        if not weeks:
            raise UserError("no goals to tick")
        chosen = weeks[week % len(weeks)]
        return CheckGoal(chosen.week, chosen.goals[goal % len(chosen.goals)],
                               checked)

    return Op(f"tick week {week} goal {goal} {checked}", build)


def _settings_op(values: dict[str, Any]) -> Op:
    def build(app: AppState) -> Operation:
        if values.get("start_week") == "now":
            return ChangeSettings(**{**values, "start_week": None})
        return ChangeSettings(**values)

    return Op(f"settings {values!r}", build)


operations = st.one_of(
    st.builds(lambda md, merge: _import_op("markdown", md[0], md[1], merge), markdown_lists(),
              st.booleans()),
    st.builds(lambda y, merge: _import_op("yaml", y[0], y[1], merge), catalog_files(),
              st.booleans()),
    st.builds(_edit_op, st.integers(0, 50), st.fixed_dictionaries({}, optional={
        "title": text, "notes": text, "url": links, "authors": st.lists(text, max_size=2),
        "tags": st.lists(text, max_size=2), "effort_basis": text})),
    st.builds(lambda n, notes: Op(f"notes #{n} {notes!r}", lambda app: EditNotes(
        _pick(app, n), notes)), st.integers(0, 50), text | st.just("long notes " * 900)),
    st.builds(_settings_op, st.fixed_dictionaries({}, optional={
        "hours_per_week": st.sampled_from(HOURS), "max_parallel": st.integers(-1, 52),
        "horizon_weeks": st.integers(-1, 530), "start_week": st.sampled_from(WEEKS)})),
    st.builds(_tick_op, st.integers(0, 60), st.integers(0, 10), st.booleans()),
    st.builds(lambda: Op("re-plan", lambda app: AcceptPlan(fresh_plan(app)))),
    st.builds(lambda n, week: Op(f"pin #{n} {week}", lambda app: Pin(
        _pick(app, n), week)), st.integers(0, 50), st.sampled_from(WEEKS)),
    st.builds(lambda n: Op(f"done #{n}", lambda app: SetDone(_pick(app, n))),
              st.integers(0, 50)),
    st.builds(lambda n, h: Op(f"log #{n} {h} h", lambda app: LogHours(
        _pick(app, n), h)), st.integers(0, 50), st.sampled_from([0.5, 1000.0, 1e-5, 0.0])),
)

# What a refusal may be: a message for the user, one of the app's own errors (CatalogError,
# SettingsError, WeekError, LinkError, ProgressError, SchedulingError, the importers' errors,
# ChangeRefusedError, UnknownResourceError are UserErrors). Anything else,
# a bare ValueError or KeyError included, is a bug.


@dataclass
class Tally:
    tried: int = 0
    refused: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)
    example: dict[str, str] = field(default_factory=dict)  # one message per reason


def _document(app: AppState) -> str:
    return to_text(state_to_data(app.state))


def run_operations(folder: Path, ops: list[Op], tally: Tally) -> None:
    """Apply ``ops`` to a planner in ``folder`` and hold each to the law (AssertionError)."""
    path = folder / "planner.yaml"
    for stale in folder.glob("planner*"):
        stale.unlink()
    store = StateFile(path, lambda: load_catalog(SMALL_CATALOG))
    app = AppState(store.load().state, today=lambda: TODAY, validator=store.write_check)
    store.save(app.state)
    for op in ops:
        tally.tried += 1
        before, file_before = _document(app), path.read_bytes()
        try:
            change = op.build(app)
            app.apply(change)
        except UserError as exc:
            tally.refused += 1
            kind = type(exc).__name__
            if isinstance(exc, ChangeRefusedError):
                kind += " (size)" if "would make the data file" in str(exc) else " (value)"
            tally.by_reason[kind] = tally.by_reason.get(kind, 0) + 1
            message = str(exc)
            tally.example.setdefault(kind, message)
            assert message.strip(), f"{op}: refused without a message"
            if isinstance(exc, ChangeRefusedError):
                assert "would" in message and "not done" in message, message
            assert _document(app) == before, f"{op}: refused but the state changed"
            assert not store.save(app.state), f"{op}: refused but the file changed"
            assert path.read_bytes() == file_before
            continue
        store.save(app.state)
        loaded = StateFile(path, store.default_catalog).load()
        assert loaded.notices == [], f"{op}: the next start said {loaded.notices}"
        assert to_text(state_to_data(loaded.state)) == _document(app), (
            f"{op}: what was read back differs from what was saved")
        assert [r.id for r in loaded.state.catalog] == [r.id for r in app.catalog]
        assert loaded.state.settings == app.settings
