"""Where ``study-planner`` (and ``python -m planner``) begins: start-up without the
garbage collector.

Start-up builds tens of thousands of objects (modules, classes, the catalog, Qt wrappers)
and frees almost none, yet the cyclic collector would walk them all several times over
(~10 ms of the window's start-up, bench/bench_window.py). So it is off from the first
import until the window is up or the command has parsed its arguments
(``planner.entry.wiring.collector_back_on``). (Not frozen out
of its way with ``gc.freeze``: the start-up catalog, its tree full of parent links, would
then never be freed once an edit replaces it.)
"""

from __future__ import annotations

import gc
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    gc.disable()
    try:
        from planner.entry.cli.main import main as run

        return run(argv)
    finally:
        gc.enable()
