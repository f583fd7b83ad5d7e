"""The write–read law (issue 12) at ten times the test's size, with the operations counted.

The property of tests/test_write_read_property.py: arbitrary sequences of real operations
(tests/write_read_ops.py), each either read back unchanged after a save or refused with a
message leaving the state and the file byte-identical. The test runs 25 sequences of up to
8 operations in CI; this runs 250 (``--scale 10``) and prints how many operations were
tried and refused, and why. Exits 1 on a violation (Hypothesis prints the shrunk case).

    python bench/bench_write_read.py [--scale 10] [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from planner.store.yaml import strict
from tests.test_write_read_property import EXAMPLES, OPERATIONS
from tests.write_read_ops import TEST_MAX_BYTES, Op, Tally, operations, run_operations


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10, help="times the test's size")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tally = Tally()
    sequences = 0
    strict.MAX_BYTES = TEST_MAX_BYTES  # as in the test: imports reach the cap

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        @seed(args.seed)
        @settings(max_examples=EXAMPLES * args.scale, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(ops=st.lists(operations, min_size=1, max_size=OPERATIONS))
        def law(ops: list[Op]) -> None:
            nonlocal sequences
            sequences += 1
            run_operations(folder, ops, tally)

        start = time.perf_counter()
        try:
            law()
        except AssertionError as exc:
            print(f"VIOLATION after {tally.tried} operations: {exc}")
            for note in getattr(exc, "__notes__", []):
                print(note)
            return 1
        took = time.perf_counter() - start
    print(f"{sequences} sequences (scale {args.scale}), {tally.tried} operations tried, "
          f"{tally.refused} refused with a message, {tally.tried - tally.refused} accepted "
          f"and read back unchanged; {took:.1f} s")
    for reason, count in sorted(tally.by_reason.items(), key=lambda item: -item[1]):
        print(f"  refused: {reason:<28}{count:>6}  e.g. {tally.example[reason][:110]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
