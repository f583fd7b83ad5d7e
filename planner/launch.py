"""Where ``study-planner`` (and ``python -m planner``) begins: start-up without the
garbage collector.

Start-up builds tens of thousands of objects (modules, classes, the catalog, Qt wrappers)
and frees almost none, yet the cyclic collector would walk them all several times over
(~10 ms of the window's start-up, bench/bench_window.py). So it is off from the first
import until the window is up or the command has parsed its arguments; for the window,
what start-up built is then frozen out of the collector's way (``gc.freeze``), which also
keeps its later collections short while the user types.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    gc.disable()
    try:
        from planner.cli import main as run

        return run(argv)
    finally:
        gc.enable()


def collector_back_on() -> None:
    """Start-up is over: freeze what it built (if the launcher paused the collector for
    it) and collect again. A no-op when the collector was running all along (tests)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
