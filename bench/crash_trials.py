"""Saves killed at random moments, and a pass that ends the process after each step.

Each trial forks a child that saves a ~2,000-line state file (the first save of a session,
so it also rotates five backups) and kills it with SIGKILL after a random delay; half the
delays are spread over the steps that write, half over the whole save. Prints where the
kills fell and what was left: the data file must be byte-exactly the previous or the new
generation, every backup a whole generation, temp files never read and cleared at the next
start, the lock never left blocking. Exit status 1 when any trial broke that.

    python bench/crash_trials.py [--trials 10000] [--seed 1] [--lines 2000] [--by-step]

(The same harness runs 1,000 trials in tests/reliability/test_crash_save.py.)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reliability.crash_harness import CrashBench, run_kill_trials, run_stop_trials


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lines", type=int, default=2000, help="lines in the state file")
    parser.add_argument("--focus", type=float, default=0.5,
                        help="share of the kills aimed at the steps that write")
    parser.add_argument("--by-step", action="store_true", help="a row per step, in and after")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="crash-trials-") as tmp:
        bench = CrashBench(Path(tmp), history_lines=args.lines)
        bench.calibrate()
        lines = bench.previous.count(b"\n")
        print(f"state file: {lines} lines, {len(bench.previous)} bytes; "
              f"a save: {bench.save_seconds * 1e3:.1f} ms (median of "
              f"{len(bench.durations)}), its first write at "
              f"{bench.io_start_seconds * 1e3:.1f} ms; {len(bench.labels)} steps")
        stopped = run_stop_trials(bench)
        print()
        print(stopped.report("Ended (os._exit) right after each step:", fine=True))
        started = time.perf_counter()
        killed = run_kill_trials(bench, args.trials, args.seed, focus=args.focus)
        elapsed = time.perf_counter() - started
        print()
        print(killed.report(f"Killed (SIGKILL) at random moments, seed {args.seed}:",
                            fine=args.by_step))
        print(f"{args.trials} trials in {elapsed:.1f} s")
    return 1 if stopped.problems or killed.problems else 0


if __name__ == "__main__":
    sys.exit(main())
