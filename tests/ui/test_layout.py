"""The window at the sizes people use: titles readable, the plan shown, goals whole.

Each size is a real first launch in a subprocess (``layout_probe.py``): Qt's offscreen
platform given the screen's size, and ``QT_SCALE_FACTOR=2`` for 2×, which cannot change
inside a running application. The default catalog, as a new user sees it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).resolve().parent / "layout_probe.py"
ROOT = PROBE.parents[2]


def first_launch(tmp_path: Path, width: int, height: int, scale: int) -> dict:  # type: ignore[type-arg]
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "screen", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "QT_SCALE_FACTOR": str(scale), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(PROBE), str(tmp_path / "planner.yaml")],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


SIZES = [(1024, 700, 1), (1366, 820, 1), (1920, 1080, 1), (1366, 820, 2), (1920, 1080, 2)]


@pytest.mark.parametrize(("width", "height", "scale"), SIZES,
                         ids=[f"{w}x{h}@{s}x" for w, h, s in SIZES])
def test_first_launch_shows_titles_the_plan_and_whole_goals(tmp_path, width, height,
                                                            scale) -> None:  # type: ignore[no-untyped-def]
    seen = first_launch(tmp_path, width, height, scale)
    assert seen["scale"] == scale
    # The Weekly Plan is on screen, docked, with room for a few goals.
    assert seen["dock_visible"], seen["dock"]
    assert seen["week_view_visible"] and seen["week_view"][1] >= 3 * 16, seen["week_view"]
    # Every goal of the week and every row of the plan shows whole (wrapped, not cut).
    assert seen["goals"] and seen["plan_rows"]
    assert [g["text"] for g in seen["goals"] if not g["fits"]] == []
    assert [r["text"] for r in seen["plan_rows"] if not r["fits"]] == []
    # Titles: whole when they are short; a long one keeps both ends (elided in the
    # middle) and enough of itself to be told apart, never "A …".
    assert seen["titles"]
    room = 16 if scale == 2 and width < 1920 else 26
    for title in seen["titles"]:
        text, shown = title["text"], title["shown"]
        if len(text) <= 28 and not (scale == 2 and width < 1920):
            assert shown == text, title
        visible = shown.replace("…", "")
        assert len(visible) >= min(len(text), room), title
        if shown != text:
            head, _, tail = shown.partition("…")
            assert text.startswith(head) and text.endswith(tail), title


def test_a_short_screen_at_2x_fits_the_window_and_shows_the_weeks_goals(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """1366 × 820 at 2× is 410 logical px high. The plan's settings rows under its tabs made
    the window 423 px high, taller than the screen; in the Plan tab they still set the dock's
    least height (a tab widget is as tall as its tallest page), and the tree showed two rows.
    There the window opens maximised and the settings are a tab of their own."""
    seen = first_launch(tmp_path, 1366, 820, 2)
    assert seen["screen"] == [683, 410]
    assert seen["fits_screen"] == [True, True], (seen["window"], seen["window_min"])
    assert seen["maximised"]
    assert seen["plan_tabs"] == ["This week", "Plan", "Settings"]
    assert seen["week_view_visible"] and seen["goals_shown"] >= 3
    assert seen["tree_rows"] >= 5, seen
    # the selected resource's link: its site readable, its buttons whole in the pane
    link = seen["link_host"]
    assert len(link["shown"].replace("…", "")) >= 16 and link["buttons_whole"], link


def test_a_screen_of_normal_height_keeps_the_settings_under_the_tabs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    seen = first_launch(tmp_path, 1024, 700, 1)
    assert not seen["maximised"]
    assert seen["plan_tabs"] == ["This week", "Plan"]
    assert seen["tree_rows"] >= 10, seen
