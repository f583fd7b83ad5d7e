"""Two instances on one data file: how long a second launch takes to hand over and end,
how long a command takes to be refused while the window is open, and how long a start
takes after the previous window was killed (SIGKILL) — against a normal start.

Every figure is a fresh process, timed from spawn to its exit (second launch, command) or
to the moment it listens for a second launch (start). Floor for the second launch: a
process that imports PySide6 and makes its QApplication, started the same way. Offscreen
platform; HOME, the XDG folders and the data file in a temporary folder (never the user's).
Byte-code as in bench_window.py: PYTHONPYCACHEPREFIX in the run's folder, one untimed
warm-up each.

    python bench/bench_two_instances.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FLOOR = "import sys\nfrom PySide6.QtWidgets import QApplication\napp = QApplication(sys.argv)\n"
CATALOG = """\
title: Bench
categories:
  - title: Reading
    resources:
      - {id: one, title: One, url: "https://example.org/1", kind: book, effort_hours: 4}
      - {id: two, title: Two, url: "https://example.org/2", kind: paper, effort_hours: 2}
"""


def environment(tmp: Path) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "HOME": str(tmp / "home"), "XDG_DATA_HOME": str(tmp / "home" / "data"),
           "XDG_CONFIG_HOME": str(tmp / "home" / "config"),
           "XDG_CACHE_HOME": str(tmp / "home" / "cache"), "XDG_RUNTIME_DIR": str(tmp / "run"),
           "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("STUDY_PLANNER_DATA_FILE", None)
    return env


def timed(command: list[str],
          env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    t0 = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    return time.perf_counter() - t0, done


def start_window(data_file: Path, env: dict[str, str]) -> tuple[float, subprocess.Popen[bytes]]:
    """A window process, and the time until it listens for a second launch."""
    from planner.ui.single_instance import server_name

    os.environ["XDG_RUNTIME_DIR"] = env["XDG_RUNTIME_DIR"]
    socket = Path(server_name(data_file))
    seen = socket.stat().st_mtime_ns if socket.exists() else None
    t0 = time.perf_counter()
    window = subprocess.Popen([sys.executable, "-m", "planner", "--data-file", str(data_file)],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    while not (socket.exists() and socket.stat().st_mtime_ns != seen):
        if window.poll() is not None:
            raise SystemExit("the window exited at start")
        time.sleep(0.002)
    return time.perf_counter() - t0, window


def summary(times: list[float]) -> str:
    return f"{min(times) * 1e3:8.0f} {statistics.median(times) * 1e3:8.0f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sp-bench-") as name:
        tmp = Path(name)
        (tmp / "run").mkdir(mode=0o700)
        env = environment(tmp)
        data_file = tmp / "planner.yaml"
        catalog = tmp / "catalog.yaml"
        catalog.write_text(CATALOG, encoding="utf-8")
        app = [sys.executable, "-m", "planner", "--data-file", str(data_file)]
        subprocess.run([*app, "import", str(catalog)], env=env, cwd=ROOT, check=True,
                       capture_output=True)
        subprocess.run([*app, "plan", "--replan"], env=env, cwd=ROOT, check=True,
                       capture_output=True)

        floor = [sys.executable, "-c", FLOOR]
        timed(floor, env)
        floors = [timed(floor, env)[0] for _ in range(args.repeat)]

        _, first = start_window(data_file, env)
        try:
            timed(app, env)
            seconds = []
            for _ in range(args.repeat):
                elapsed, done = timed(app, env)
                assert done.returncode == 0 and "brought that window forward" in done.stderr, (
                    done.stderr)
                seconds.append(elapsed)
            refusals = []
            for _ in range(3):
                elapsed, done = timed([*app, "progress", "two", "--done"], env)
                assert done.returncode == 1 and "is open in a Study Planner window" in (
                    done.stderr), done.stderr
                refusals.append(elapsed)
        finally:
            first.kill()
            first.wait()

        normal, after_kill = [], []
        for _ in range(args.repeat):
            # A normal start: nothing left by anyone (a killed window may also leave the
            # folder Qt makes its socket in, when killed in the middle of listen()).
            shutil.rmtree(env["XDG_RUNTIME_DIR"])
            Path(env["XDG_RUNTIME_DIR"]).mkdir(mode=0o700)
            elapsed, window = start_window(data_file, env)
            normal.append(elapsed)
            window.send_signal(signal.SIGKILL)
            window.wait()
            elapsed, window = start_window(data_file, env)  # after the kill
            after_kill.append(elapsed)
            window.kill()
            window.wait()

    print(f"{'figure':<44}{'best ms':>8} {'median':>8}")
    print(f"{'floor: PySide6 QApplication process':<44}{summary(floors)}")
    print(f"{'second launch: hands over and exits 0':<44}{summary(seconds)}  "
          f"(best {min(seconds) / min(floors):.2f} x floor)")
    print(f"{'command write refused while window open':<44}{summary(refusals)}  "
          "(waits 2 s for a command's lock by design)")
    print(f"{'window start, normal':<44}{summary(normal)}")
    print(f"{'window start after a SIGKILLed window':<44}{summary(after_kill)}")


if __name__ == "__main__":
    main()
