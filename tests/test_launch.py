"""The launcher: the collector paused for start-up, and on again afterwards."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from planner import launch


def test_a_command_runs_and_leaves_the_collector_on(capsys, data_file: Path) -> None:
    seen: list[bool] = []
    import planner.cli

    real = planner.cli.cmd_list

    def spy(args):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real(args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(planner.cli, "cmd_list", spy)
        assert launch.main(["--data-file", str(data_file), "list"]) == 0
    assert "Theoretical" in capsys.readouterr().out
    assert seen == [True]  # the command itself runs with the collector on
    assert gc.isenabled()


def test_the_collector_comes_back_even_when_the_command_fails(capsys, data_file: Path) -> None:
    assert launch.main(["--data-file", str(data_file), "progress", "nope", "--done"]) == 1
    assert gc.isenabled()


def test_collector_back_on_freezes_only_what_a_paused_start_up_built() -> None:
    frozen = gc.get_freeze_count()
    launch.collector_back_on()  # the collector was on: nothing to do
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    gc.disable()
    try:
        launch.collector_back_on()
        assert gc.isenabled() and gc.get_freeze_count() > frozen
    finally:
        gc.enable()
        gc.unfreeze()


def test_python_dash_m_planner_runs_the_launcher(data_file: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "planner", "--data-file", str(data_file),
                           "list"], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    assert "Research Papers" in done.stdout
