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


def test_collector_back_on_turns_it_back_on() -> None:
    gc.disable()
    try:
        launch.collector_back_on()
        assert gc.isenabled()
    finally:
        gc.enable()


def test_python_dash_m_planner_goes_through_the_launcher(data_file: Path) -> None:
    """`python -m planner` reaches the command line with the collector paused by the
    launcher (the console script's entry point is the same function)."""
    code = ("import gc, runpy, sys\n"
            "import planner.cli\n"
            "planner.cli.main = lambda argv=None: print('collector on:', gc.isenabled()) or 0\n"
            "sys.argv = ['planner', 'list']\n"
            "runpy.run_module('planner', run_name='__main__')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parents[1])
    assert done.stdout.strip() == "collector on: False", done.stderr
    assert "planner.launch:main" in (Path(__file__).resolve().parents[1] / "pyproject.toml"
                                     ).read_text()
