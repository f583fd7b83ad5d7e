"""Study ▸ Reminders…: the timer sends this week's reminder at its moment, with an injected
clock, to a fake notifier; nothing when the week's goals are done; kept on this machine."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from planner.core.journal.events import Recorder
from planner.core.journal.goals import fresh_plan
from planner.core.journal.state import AppState, PlannerState
from planner.core.operations.planning import AcceptPlan
from planner.core.operations.progress import SetDone
from planner.core.reminders import ReminderTime
from planner.store.catalog_file import load_catalog
from planner.store.local_state import CLOSE_TO_TRAY, REMINDER, REMINDER_SENT, LocalState
from planner.ui.main_window import MainWindow
from planner.ui.reminders import MAX_AIM_MS, ReminderDialog, Reminders
from tests.clock import Clock
from tests.ui.conftest import OFFSCREEN_NOISE, SMALL_CATALOG, Windows

TZ = dt.timezone(dt.timedelta(hours=1))
FRIDAY = dt.date(2026, 12, 4)  # 2026-W49


class FakeNotifier:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, title: str, body: str) -> str:
        self.sent.append((title, body))
        return "desktop"


def at(time: str, day: dt.date = FRIDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(time), tzinfo=TZ)


def open_window(windows: Windows, tmp_path: Path, now: dt.datetime, reminder: str = "fri 18:00",
                ) -> tuple[MainWindow, Clock, LocalState]:
    clock = Clock(now)
    app = AppState(PlannerState(catalog=load_catalog(SMALL_CATALOG)),
                   recorder=Recorder("test", clock))
    app.apply(AcceptPlan(fresh_plan(app), "First plan"))
    local = LocalState(tmp_path / "window-state.json", windows.data_file)
    local.machine = {REMINDER: reminder}
    return windows.open(app=app, local=local), clock, local


def test_the_timer_fires_at_the_set_time_and_the_notifier_gets_the_goals(
        qtbot, windows: Windows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, clock, local = open_window(windows, tmp_path, at("17:59:59"))
    notifier = FakeNotifier()
    window.reminders = reminders = Reminders(window, notifier, window)
    timer = reminders.timer.timer
    assert timer.isActive() and timer.interval() == 1000  # aimed at 18:00:00
    assert notifier.sent == []
    clock.now = at("18:00")
    qtbot.waitUntil(lambda: notifier.sent != [], timeout=5000)
    (title, body), = notifier.sent
    assert title.startswith("This week: ") and title.endswith(" still to do")
    assert "Linear Algebra Notes" in body and " left: " in body
    # kept on this machine at once: not sent again this week, also after a restart
    assert LocalState(local.path, windows.data_file).read()[REMINDER_SENT] == (
        "2026-12-04T18:00:00+01:00")
    clock.now = at("20:00")
    reminders.timer.check()
    assert len(notifier.sent) == 1
    assert timer.interval() == MAX_AIM_MS  # next Friday is far: the clock is read again


def test_with_all_goals_done_nothing_is_sent(qtbot, windows: Windows,  # type: ignore[no-untyped-def]
                                             tmp_path: Path) -> None:
    window, clock, _ = open_window(windows, tmp_path, at("17:00"))
    plan = window.app.plan_today()
    week = plan.week("2026-W49") if plan is not None else None
    assert week is not None
    for resource in {goal.resource for goal in week.goals}:
        window.app.apply(SetDone(resource))
    notifier = FakeNotifier()
    window.reminders = reminders = Reminders(window, notifier, window)
    clock.now = at("18:00")
    reminders.timer.check()
    clock.now = at("18:01")
    reminders.timer.check()
    assert notifier.sent == []


def test_a_clock_that_jumps_past_the_moment_is_caught_at_the_next_look(
        qtbot, windows: Windows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, clock, _ = open_window(windows, tmp_path, at("09:00", FRIDAY - dt.timedelta(3)))
    notifier = FakeNotifier()
    window.reminders = reminders = Reminders(window, notifier, window)
    assert reminders.timer.timer.interval() == MAX_AIM_MS  # three days away: a minute at most
    clock.now = at("18:30")  # a laptop woken from sleep on Friday evening
    reminders.timer.timer.timeout.emit()
    assert len(notifier.sent) == 1


def test_a_time_set_after_its_moment_waits_for_next_week(
        qtbot, windows: Windows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, clock, local = open_window(windows, tmp_path, at("19:00"), reminder="off")
    notifier = FakeNotifier()
    window.reminders = reminders = Reminders(window, notifier, window)
    assert not reminders.timer.timer.isActive()  # off: no timer
    reminders.timer.set_when(ReminderTime(4, dt.time(18, 0)))
    reminders.timer.check()
    assert notifier.sent == []
    clock.now = at("18:00", FRIDAY + dt.timedelta(7))
    reminders.timer.check()
    assert len(notifier.sent) == 1
    window.remember_now()
    machine = LocalState(local.path, windows.data_file)
    machine.read()
    assert machine.machine[REMINDER] == "fri 18:00" and machine.machine[CLOSE_TO_TRAY] == "off"


def test_the_dialog_reads_the_choice(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ReminderDialog(None, False, tray_available=False)
    qtbot.addWidget(dialog)
    assert dialog.chosen() is None and not dialog.day.isEnabled()
    assert not dialog.tray.isEnabled() and "no system tray" in dialog.tray.text()
    dialog.enabled.setChecked(True)
    dialog.day.setCurrentIndex(6)
    dialog.time.setTime(dialog.time.time().fromString("23:30", "HH:mm"))
    assert dialog.chosen() == ReminderTime(6, dt.time(23, 30))


@pytest.mark.qt_log_ignore("No such signal QPlatformNativeInterface::systemTrayWindowChanged",
                           *OFFSCREEN_NOISE)
def test_closing_to_the_tray_hides_the_window_and_quit_still_quits(
        qtbot, windows: Windows, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    window, _, local = open_window(windows, tmp_path, at("12:00"), reminder="off")
    local.machine[CLOSE_TO_TRAY] = "on"
    window.reminders = reminders = Reminders(window, FakeNotifier(), window)
    assert reminders.keeps_running()
    assert not window.close() and window.isHidden()  # in the tray, still running
    window.bring_forward()
    assert window.isVisible()
    window.quitting = True  # as File ▸ Quit does
    assert window.close()


def test_off_by_default_nothing_is_loaded(windows: Windows) -> None:
    window = windows.open()
    assert window.reminders is None  # no timer, no tray, nothing of QtDBus
    assert "Reminders…" in window.reminders_action.text()


@pytest.mark.skipif(shutil.which("dbus-run-session") is None, reason="needs dbus-run-session")
def test_notify_over_dbus_sends_the_typed_call(tmp_path: Path) -> None:
    """A notification server on a private session bus, as strict as GDBus's: QtDBus
    dispatches a call only when its signature is ``susssasa{sv}i``."""
    server = tmp_path / "server.py"
    server.write_text(textwrap.dedent('''
        from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
        from PySide6.QtDBus import QDBusConnection

        @ClassInfo(**{"D-Bus Interface": "org.freedesktop.Notifications"})
        class Server(QObject):
            @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int,
                  result="uint")
            def Notify(self, app, rid, icon, summary, body, actions, hints, timeout):
                print("NOTIFY", app, rid, summary, body, sep="|", flush=True)
                QCoreApplication.quit()
                return 7

        app = QCoreApplication([])
        bus = QDBusConnection.sessionBus()
        server = Server()
        bus.registerObject("/org/freedesktop/Notifications", server,
                           QDBusConnection.RegisterOption.ExportAllSlots)
        bus.registerService("org.freedesktop.Notifications")
        print("READY", flush=True)
        app.exec()
    '''))
    client = tmp_path / "client.py"
    client.write_text(textwrap.dedent('''
        from PySide6.QtCore import QCoreApplication
        from planner.ui.notify import notify_over_dbus
        app = QCoreApplication([])
        print("SENT", notify_over_dbus("This week: 2 of 3 goals still to do", "3.5 h left"))
    '''))
    script = (f'"{sys.executable}" {server} & SERVER=$!; '
              f'for i in $(seq 100); do gdbus call --session -d org.freedesktop.DBus '
              f'-o /org/freedesktop/DBus -m org.freedesktop.DBus.NameHasOwner '
              f'org.freedesktop.Notifications 2>/dev/null | grep -q true && break; '
              f'sleep 0.1; done; "{sys.executable}" {client}; kill $SERVER 2>/dev/null; true')
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
           "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(["dbus-run-session", "--", "sh", "-c", script], env=env,
                          capture_output=True, text=True, timeout=60)
    assert "NOTIFY|Study Planner|0|This week: 2 of 3 goals still to do|3.5 h left" in (
        done.stdout), done.stdout + done.stderr
    assert "SENT True" in done.stdout
