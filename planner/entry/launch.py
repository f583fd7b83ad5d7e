"""Where ``study-planner`` (and ``python -m planner``) begins: the command line, which opens
the window when no command is given."""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from planner.entry.cli.main import main as run

    return run(argv)
