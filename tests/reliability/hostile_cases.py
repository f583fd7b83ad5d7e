"""Hostile state files, shared by the suite and by ``bench/bench_hostile.py``.

Every case is built from a real saved planner (the frozen golden file of the current
schema: a journal of progress, notes, ticks, pins, settings and catalog edits, a weekly plan,
a stored catalog with links) and says what the message must name (a journal entry by its
index and field: ``journal[45].h``).
Three generations of that planner are written the way the app writes them: the newest is
the file the cases spoil, the two older ones are its backups.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from planner.core.catalog.model import Catalog
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.progress import EditNotes, LogHours, RecordUnits
from planner.store.catalog_file import load_catalog
from planner.store.state_file import StateFile
from planner.store.state_format import END_MARKER, HEADER, SCHEMA_VERSION
from planner.store.yaml import strict

TESTS = Path(__file__).resolve().parents[1]
GOLDEN = TESTS / "data" / "golden" / f"state-v{SCHEMA_VERSION}.yaml"
SMALL_CATALOG = TESTS / "data" / "small-catalog.yaml"
TODAY = dt.date(2026, 1, 20)


@dataclass(frozen=True)
class Case:
    name: str
    kind: str
    content: bytes
    message: str  # a regular expression the notice must match (what was wrong, and where)


_catalog: Catalog | None = None


def default_catalog() -> Catalog:
    """The small test catalog, parsed once (a fresh copy is not needed: nothing edits it)."""
    global _catalog
    if _catalog is None:
        _catalog = load_catalog(SMALL_CATALOG)
    return _catalog


def make_store(path: Path) -> StateFile:
    return StateFile(path, default_catalog)


def generations() -> list[bytes]:
    """Three saved generations of one planner, oldest first; the newest is the data file."""
    store = make_store(Path("unused.yaml"))
    state = store.parse(GOLDEN.read_bytes(), GOLDEN)
    app = AppState(state, today=lambda: TODAY)
    first = store.serialize(state)
    app.apply(RecordUnits("linalg", 4))
    second = store.serialize(state)
    app.apply(LogHours("calculus", 0.75))
    app.apply(EditNotes("linalg", "chapter 4: eigenvalues\n  (again)"))
    third = store.serialize(state)
    return [first, second, third]


def loaded(raw: bytes) -> PlannerState:
    return make_store(Path("unused.yaml")).parse(raw, Path("unused.yaml"))


def mutate(data: bytes, how: str, position: int, value: int, other: int) -> bytes:
    """One random change: flip a bit, delete or insert bytes, or swap two lines."""
    if not data:
        return bytes([value])
    i = position % len(data)
    if how == "flip":
        return data[:i] + bytes([data[i] ^ (1 << (value % 8))]) + data[i + 1:]
    if how == "delete":
        return data[:i] + data[i + 1 + other % 16:]
    if how == "insert":
        return data[:i] + bytes([value]) * (1 + other % 4) + data[i:]
    lines = data.splitlines(keepends=True)
    a, b = position % len(lines), other % len(lines)
    lines[a], lines[b] = lines[b], lines[a]
    return b"".join(lines)


def _nest_block(depth: int) -> str:
    return "".join(" " * i + f"k{i}:\n" for i in range(depth)) + " " * depth + "x\n"


def cases() -> list[Case]:
    """At least 40 hostile files in at least 9 kinds."""
    good = generations()[-1]
    text = good.decode()
    body = text.removeprefix(HEADER + "\n").removesuffix(END_MARKER + "\n")

    def sub(old: str, new: str, count: int = 1) -> bytes:
        assert text.count(old) >= 1, old
        return text.replace(old, new, count).encode()

    def doc(yaml_body: str) -> bytes:
        """A whole file of ours (header and end line) around ``yaml_body``."""
        return f"{HEADER}\n{yaml_body}{END_MARKER}\n".encode()

    lines = good.splitlines(keepends=True)
    half = len(lines) // 2
    out: list[Case] = []
    events = _journal_lines(text)

    def event(part: str) -> str:
        """The path, as a message names it, of the one event whose line holds ``part``:
        ``journal\\.local\\[3\\]`` (a regular expression)."""
        [path] = [rf"journal\.{device}\[{i}\]" for device, i, line in events if part in line]
        return path

    def line_of(part: str) -> str:
        [found] = [line for _, _, line in events if part in line]
        return found

    units4 = event('"type": "units", "r": "linalg", "n": 4}')
    hours = event('"type": "hours", "r": "calculus", "h": 0.75}')
    notes = event('"type": "notes", "r": "linalg"')
    calculus_notes = event('"type": "notes", "r": "calculus"')
    half_hour = event('"at": "2026-01-02T19:04:11+01:00", "type": "hours", "r": "calculus", '
                      '"h": 0.5}')
    units_event = '"type": "units", "r": "linalg", "n": 4}'
    hours_event = '"type": "hours", "r": "calculus", "h": 0.75}'
    calculus_text = '"text": "Read §2 twice.\\nQuote: \\"chain rule\\": OK"}'
    not_json = r"planner\.yaml:\d+: {}: not an event in JSON"

    def add(name: str, kind: str, content: bytes, message: str) -> None:
        out.append(Case(name, kind, content, message))

    # 1. Truncated (every byte is covered by its own test; these are the named shapes).
    add("cut-at-a-line-boundary", "truncated", b"".join(lines[:half]), "cut short")
    add("cut-mid-line", "truncated", good[: len(good) // 2 + 3], "cut short")
    add("cut-inside-the-end-line", "truncated", good[:-5], "cut short")
    add("cut-after-the-header", "truncated", b"".join(lines[:1]), "cut short")
    add("empty", "truncated", b"", "holds no data")
    add("cut-crlf-at-a-line-boundary", "truncated",
        b"".join(lines[:half]).replace(b"\n", b"\r\n"), "cut short")

    # 2. Encoding.
    add("invalid-utf8", "encoding", sub("Linear Algebra Notes", "Linear Alg\xe8bra")
        .replace("è".encode(), b"\xe8"), r"planner\.yaml:\d+: .*not UTF-8 text")
    add("utf8-encoded-surrogate", "encoding", good.replace(b"Matrix", b"M\xed\xa0\x80trix"),
        "not UTF-8 text")
    add("nul-byte", "encoding", good.replace(b"Matrix", b"Ma\x00trix"),
        r"planner\.yaml:\d+: .*NUL byte")
    add("utf16-le-bom", "encoding", text.encode("utf-16"), "UTF-16 text; save it as UTF-8")
    add("utf16-be-bom", "encoding", b"\xfe\xff" + text.encode("utf-16-be"), "UTF-16 text")
    add("utf32-bom", "encoding", text.encode("utf-32"), "UTF-32 text")
    add("control-character", "encoding", good.replace(b"Matrix", b"Ma\x1btrix"),
        r"planner\.yaml:\d+: .*U\+001B is not allowed")

    # 3. Tags that would run code (or name an arbitrary type).
    for tag, value in [
        ("!!python/object/apply:os.system", "['touch /tmp/pwned']"),
        ("!!python/object/apply:subprocess.Popen", "[[sh, -c, 'touch /tmp/pwned']]"),
        ("!!python/object/new:os.system", "['touch /tmp/pwned']"),
        ("!!python/object:builtins.dict", "{a: 1}"),
        ("!!python/name:os.system", "''"),
        ("!!python/module:os", "''"),
        ("!!python/tuple", "[1, 2]"),
        ("!<tag:yaml.org,2002:python/object/apply:os.system>", "[ls]"),
        ("!custom", "hello"),
    ]:
        name = re.sub(r"[^a-z]+", "-", tag.lower()).strip("-")
        add(f"tag-{name}", "tags", sub('pins:\n  calculus: "2026-W04"',
                                       f"pins:\n  calculus: {tag} {value}"),
            r"planner\.yaml:\d+: the tag .* is not allowed")

    # 4. Alias bombs.
    laughs = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        laughs.append(f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 10) + "]")
    add("billion-laughs", "aliases",
        sub("\njournal:\n", "\n" + "\n".join(laughs) + "\njournal:\n"),
        "aliases repeated too often")
    merges = ["m0: &m0 {" + ", ".join(f"k{j}: {j}" for j in range(10)) + "}"]
    for i in range(1, 9):
        merges.append(f"m{i}: &m{i} {{<<: [" + ", ".join([f"*m{i - 1}"] * 10) + "]}")
    add("merge-key-bomb", "aliases", doc(body + "\n".join(merges) + "\n"),
        r"merge keys .* copy more than")
    add("recursive-alias", "aliases", sub("\njournal:\n",
                                          "\nloop: &h\n- *h\n- \"x\"\njournal:\n"),
        r"planner\.yaml")

    # 5. Deep nesting.
    add("deep-brackets", "nesting", doc(body + "deep: " + "[" * 5000 + "]" * 5000 + "\n"),
        "nests brackets more than")
    add("deep-flow-mappings", "nesting", doc(body + "deep: " + "{a: " * 300 + "1"
                                              + "}" * 300 + "\n"), "nests brackets more than")
    add("deep-block-mappings", "nesting", doc(body + "deep:\n" + _nest_block(3000)),
        r"planner\.yaml:\d+: a line is indented more than")
    add("deep-block-sequences", "nesting", doc(body + "deep:\n" + "- " * 40_000 + "x\n"),
        r"planner\.yaml:\d+: a line is indented more than")
    add("block-nesting-under-the-indent-cap", "nesting",
        doc(body + "deep:\n" + "".join("  " * i + "- a:\n" for i in range(300))),
        "nests more than")

    # 6. Huge scalars (within the size cap) where a small value belongs.
    add("huge-integer", "huge", sub(units_event, units_event.replace("4}", "9" * 50_000 + "}")),
        not_json.format(units4))
    add("deep-brackets-in-an-event", "nesting", sub(units_event, units_event.replace(
        "4}", "[" * 5000 + "]" * 5000 + "}")),
        rf"planner\.yaml:\d+: {units4}: nests brackets too deep to be an event")
    add("huge-float", "huge", sub(hours_event, hours_event.replace("0.75", "1" + "0" * 400 + ".0")),
        rf"{hours}\.h: must be a number of hours")
    add("huge-event-type", "huge", sub(units_event, units_event.replace(
        '"type": "units"', '"type": "' + "u" * 5_000_000 + '"')),
        rf"{units4}: unknown event type 'u{{57}}\.\.\.' \(written by a newer")
    add("huge-event-id", "huge", sub('{"id": "local.1",', '{"id": "' + "l" * 5_000_000 + '.1",'),
        rf"{units4}: the event id must read DEVICE\.N, got 'l{{57}}\.\.\.'$")
    add("huge-key", "huge", sub('pins:\n  calculus', "pins:\n  ? " + "k" * 3_000_000
                                + '\n  : [oops]\n  calculus'),
        r"planner\.yaml:\d+: pins\.k+… \(3,000,005 characters\): must be text, got a list")
    add("huge-plain-key", "huge", sub('pins:\n  calculus', "pins:\n  " + "k" * 3_000_000
                                      + ': oops\n  calculus'),
        r"planner\.yaml:\d+: not valid YAML")  # then the parser's own words

    # 7. Over the size cap (refused unread; the suite proves the parser is not called).
    padding = b"# padding to pass the size cap\n" * (strict.MAX_BYTES // 31 + 1)
    add("over-the-size-cap", "size", sub("\njournal:\n", "\n" + padding.decode()
                                         + "journal:\n"),
        r"planner\.yaml: the file is [\d,]+ bytes; the limit is 20,971,520 bytes .*not read")

    # 8. Type confusion.
    must_be_text = rf"{calculus_notes}\.text: must be text in a 'notes' event, got"
    as_progress = units_event.replace('"units", "r": "linalg", "n": 4', '"progress", "r": "linalg"')
    confusions = [
        ("notes-true", calculus_text, '"text": true}',
         must_be_text + r" true \(true/false\); put it in quotes"),
        ("notes-list", calculus_text, '"text": ["Read §2"]}', must_be_text + " a list"),
        ("notes-number", calculus_text, '"text": 12.5}',
         must_be_text + r" the number 12\.5; put it in quotes"),
        ("units-leading-zero", units_event, units_event.replace("4}", "010}"),
         not_json.format(units4)),
        ("hours-base-60", hours_event, hours_event.replace("0.75", "1:30"),
         not_json.format(hours)),
        ("hours-nan", hours_event, hours_event.replace("0.75", "NaN"),
         not_json.format(hours) + r" \(NaN is not a number the file may hold\)"),
        ("hours-inf", hours_event, hours_event.replace("0.75", "Infinity"),
         not_json.format(hours) + r" \(Infinity is not a number"),
        ("hours-negative-inf", hours_event, hours_event.replace("0.75", "-Infinity"),
         not_json.format(hours) + r" \(-Infinity is not a number"),
        ("hours-too-big-for-a-float", hours_event, hours_event.replace("0.75", "1e999"),
         rf"{hours}\.h: .*got the number inf"),
        ("hours-per-week-nan", "  hours_per_week: 7.5\n  max", "  hours_per_week: .NaN\n  max",
         r"settings: hours per week must be a number"),
        ("units-as-text", units_event, units_event.replace("4}", '"3"}'),
         rf"{units4}\.n: must be a whole number .* got '3'"),
        ("units-over-the-cap", units_event, units_event.replace("4}", "100001}"),
         rf"{units4}\.n: must be a whole number from 0 to 100,000 .* got the "
         r"number 100001"),
        ("units-negative", units_event, units_event.replace("4}", "-4}"),
         rf"{units4}\.n: must be a whole number .* got the number -4"),
        ("done-as-text", units_event, as_progress.replace("}", ', "done": "true"}'),
         rf"{units4}\.done: must be true or false in a 'progress' event, "
         r"got 'true'"),
        ("impossible-date", 'deadline: "2026-06-30"', "deadline: 2026-02-30",
         r"'2026-02-30' is not a valid date"),
        ("impossible-start-date", units_event,
         as_progress.replace("}", ', "started": "2026-02-30"}'),
         rf"{units4}\.started: must be an ISO date .* got '2026-02-30'"),
        ("time-without-offset", '"at": "2026-01-20T12:00:00+00:00", "type": "units"',
         '"at": "2026-01-20T12:00:00", "type": "units"',
         rf"{units4}: 'at' must be a time with its UTC offset .* got "
         r"'2026-01-20T12:00:00'"),
        ("bool-key", 'pins:\n  calculus: "2026-W04"', 'pins:\n  yes: "2026-W04"',
         r"pins: the key true .* must be text; put it in quotes"),
        ("an-event-in-yaml-flow-style", line_of(units_event), '{id: local.1, seq: 1, '
         'at: "2026-01-20T12:00:00+00:00", type: units, r: linalg, n: 4}',
         not_json.format(units4)),
        ("history-nan", '"h": 0.5}', '"h": "nan"}',
         rf"{half_hour}\.h: must be a number of hours .* got 'nan'"),
        ("event-of-a-newer-type", units_event, units_event.replace('"units"', '"quiz"'),
         rf"{units4}: unknown event type 'quiz' \(written by a newer "
         r"Study Planner\?\)"),
        ("event-field-unknown", units_event, units_event.replace('"n"', '"count"'),
         rf"{units4}: a units event has no field 'count'"),
        ("event-not-a-mapping", '    {"id": "local.3", "seq"',
         '    ["local.3"]\n    {"id": "local.3", "seq"',
         rf"{notes}: must be an event"),
        ("plan-budget-inf", "budget: 7.5", "budget: .inf", r"budget: must be a number of hours"),
        ("goal-typo-flag", "three-blue 4.5 1-16 carry-over", "three-blue 4.5 1-16 carry-ovr",
         r"2026-W04\.goals\[1\]: must read 'RESOURCE HOURS"),
        ("pins-not-a-week", 'calculus: "2026-W04"', "calculus: 2026-04-01",
         r"pins\.calculus: must be text, got the date 2026-04-01; put it in quotes"),
        ("pins-bad-week", 'calculus: "2026-W04"', 'calculus: "2026-W54"',
         r"pins\.calculus: '2026-W54' is not an ISO week: 2026 has no week 54"),
    ]
    for name, old, new, message in confusions:
        add(name, "types", sub(old, new), message)
    # The window state, which files of earlier versions hold (this version writes none).
    add("ui-list", "types", doc(body + "ui:\n  window.selected: [linalg]\n"),
        r"ui\.window\.selected: must be text")
    add("duplicate-top-level-key", "types", doc(body + "settings: {}\n"),
        r"planner\.yaml:\d+: the key 'settings' appears twice in one mapping \(lines \d+ and \d+\)")
    add("duplicate-nested-key", "types", sub("  max_parallel: 2\n",
                                             "  max_parallel: 2\n  max_parallel: 3\n"),
        r"the key 'max_parallel' appears twice")
    add("duplicate-key-in-an-event", "types", sub(units_event, units_event.replace(
        "4}", '4, "n": 5}')), rf"{units4}: not an event in JSON \(the key 'n' "
        "appears twice\\)")
    add("duplicate-event-id", "types", sub('{"id": "local.2",', '{"id": "local.1",'),
        rf"{hours}: the event id local\.1 is used twice")
    add("top-level-list", "types", doc("- schema_version: 2\n- journal: []\n"),
        r"must hold a mapping .* not a list")
    add("top-level-null", "types", doc("null\n"), "holds no data")
    add("top-level-scalar", "types", doc("just some text\n"), r"not 'just some text'")
    add("top-level-number", "types", doc("42\n"), r"not the number 42")
    add("unknown-top-level-field", "types", doc(body + "jurnal: []\n"),
        r"unknown top-level field 'jurnal'")
    add("journal-as-a-list", "types", doc(body.split("journal:\n")[0] + "journal:\n"
                                          "- {id: local.1, type: done, r: linalg}\n"),
        r"planner\.yaml:\d+: journal: must be the journal's lines \(a literal block: \| and")
    add("journal-block-of-another-device", "types", sub("\n  local: |\n", "\n  other: |\n"),
        r"planner\.yaml:\d+: journal\.other\[0\]: the event local\.1 is in the block of "
        "device other")
    add("journal-block-name-not-a-device", "types", sub("\n  local: |\n", "\n  Local PC: |\n"),
        r"planner\.yaml:\d+: journal: the journal's blocks are named by device ids")
    add("journal-event-without-seq", "types", sub(', "seq": ', ', "sequence": '),
        rf"{event('local.1')}: the event's 'seq' must be a whole number from 1 to")
    add("journal-two-events-one-seq", "types", _same_seq(text),
        r"journal\.local: the events local\.1 and local\.2 have the same seq")
    add("a-version-1-section", "types", doc(body + "progress: {}\n"),
        r"unknown top-level field 'progress'")
    add("unknown-keys-of-mixed-types", "types", doc(body + "1: x\n~: y\n"),
        r"unknown top-level field the number 1")

    # 9. schema_version (a newer one is refused and left untouched: its own test).
    for name, value, message in [
        ("missing", None, "'schema_version' is missing"),
        ("negative", "-1", r"whole number \(0 or more\), got the number -1"),
        ("text", '"2"', r"got '2'"),
        ("float", "2.0", r"got the number 2\.0"),
        ("bool", "true", r"got true \(true/false\)"),
        ("null", "null", r"got nothing \(null\)"),
        ("list", "[2]", r"got a list"),
        ("zero-no-migration", "0", "schema version 0 is too old to migrate"),
    ]:
        if value is None:
            content = sub(f"schema_version: {SCHEMA_VERSION}\n", "")
        else:
            content = sub(f"schema_version: {SCHEMA_VERSION}", f"schema_version: {value}")
        add(f"schema-version-{name}", "schema", content, message)
    add("schema-version-1-with-a-journal", "schema", sub(f"schema_version: {SCHEMA_VERSION}",
                                                         "schema_version: 1"),
        r"planner\.yaml:\d+: journal: a version-1 file has no journal; .*schema_version must be 2")

    # 10. Hostile links inside the stored catalog (the link policy, docs/architecture.md §3.5).
    for name, link in [
        ("javascript", "javascript:alert(1)"),
        ("javascript-mixed-case", "JaVaScRiPt:alert(document.cookie)"),
        ("file", "file:///etc/passwd"),
        ("data", "data:text/html,<script>alert(1)</script>"),
        ("vbscript", "vbscript:msgbox(1)"),
        ("smb", "smb://evil.example/share"),
        ("unc-path", "\\\\\\\\evil.example\\\\share"),
        ("custom-scheme", "steam://run/1"),
        ("no-host", "https:///nohost"),
        ("control-character", "https://example.org/\\u0007bell"),
        ("eight-kilobytes", "https://example.org/" + "a" * 8192),
    ]:
        add(f"link-{name}", "links", sub('url: "https://example.org/calc"', f'url: "{link}"'),
            r"catalog\.categories\[0\]\.resources\[1\]")
    add("link-in-links-list", "links", sub('- "https://example.org/errata#ch-2"',
                                           '- "javascript:alert(1)"'), r"'links'.*javascript")
    return out


def _journal_lines(text: str) -> list[tuple[str, int, str]]:
    """The journal's lines in a file's text: each line's device, place in its block, text."""
    out, device, i = [], "", 0
    for line in text.split("\njournal:\n", 1)[1].splitlines():
        if line.startswith("  ") and line.endswith(": |"):
            device, i = line.strip().removesuffix(": |"), 0
        elif line.startswith("    {"):
            out.append((device, i, line.strip()))
            i += 1
    return out


def _same_seq(text: str) -> bytes:
    """``text`` with the journal's second event given the first one's seq."""
    lines = [line for _, _, line in _journal_lines(text) if '"id": "local.' in line]
    first, second = json.loads(lines[0]), json.loads(lines[1])
    return text.replace(f'"seq": {second["seq"]},', f'"seq": {first["seq"]},', 1).encode()


def _respaced_journal(text: str) -> str:
    """``text`` with each journal line's JSON written compactly (same events)."""
    head, journal = text.split("\njournal:\n", 1)
    lines = journal.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("    {"):
            compact = json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":"))
            lines[i] = f"    {compact}\n"
    return head + "\njournal:\n" + "".join(lines)


def accepted_cases() -> list[Case]:
    """Files that look odd but are fine by design: read as they are, nothing moved."""
    good = generations()[-1]
    text = good.decode()
    return [
        Case("utf8-bom", "encoding", b"\xef\xbb\xbf" + good, "a UTF-8 BOM is harmless"),
        Case("crlf", "editors", good.replace(b"\n", b"\r\n"), "an editor's line ends"),
        Case("no-final-newline", "editors", good.rstrip(b"\n"), "the end line without \\n"),
        Case("trailing-spaces", "editors", good.replace(END_MARKER.encode(),
                                                        END_MARKER.encode() + b"  \t")
             + b"\n\n", "spaces and blank lines after the end line"),
        Case("text-after-the-end-line", "editors",
             good + b"# a comment the user added\n", "a comment added at the end"),
        Case("hand-written-without-header", "hand", text.removeprefix(HEADER + "\n")
             .removesuffix(END_MARKER + "\n").encode(), "no header: read as it is"),
        Case("json-spacing", "editors", _respaced_journal(text).encode(),
             "an event's JSON written without spaces, as a tool might"),
        Case("block-without-final-newline", "editors", good.replace(b"  local: |\n",
                                                                  b"  local: |-\n"),
             "the journal's block kept without its final line break"),
        Case("weeks-without-dash", "types", good.replace(b'start_week: "2026-W02"',
                                                          b"start_week: 2026W02")
             .replace(b'"2026-W03"\n  weeks', b"2026W03\n  weeks")
             .replace(b'calculus: "2026-W04"', b"calculus: 2026W04"),
             "ISO weeks written 2026W02 are read as 2026-W02"),
        Case("five-megabyte-note", "huge", text.replace(
            '"text": "Read §2 twice.', '"text": "' + "x" * 5_000_000 + 'Read §2 twice.')
            .encode(), "a long note is data, not an attack"),
    ]
