"""The terminal goes away while `planner` runs (planner.tui.terminal): the app keeps its unsaved edits in a file of
their own beside the plan and ends; the next time the plan is opened, a notice names that file."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time
import tomllib
from pathlib import Path

import pytest

from planner.tui import terminal
from planner.tui.terminal import keep_unsaved, kept_unsaved
from tests.tui.conftest import drive, make_app, wait_for

WAIT_S = 60.0
"""Longest wait for the app to draw, take a key or end (a bound only; on a loaded 2-core machine the first draw has
taken more than 15 s)."""


def _read_until(fd: int, seen: bytearray, marker: bytes) -> None:
    deadline = time.monotonic() + WAIT_S
    while marker not in seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"{marker!r} never appeared; the terminal got:\n{bytes(seen[-2000:])!r}")
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            seen += os.read(fd, 65536)


def _ended(pid: int) -> bool:
    """The process has ended (gone, or a zombie its parent did not reap yet)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the app's process in /proc (Linux)")
@pytest.mark.parametrize("how", ["hangup", "input ends"])
def test_app_keeps_unsaved_edits_and_ends_when_its_terminal_goes(plan_copy, how):
    """hangup: the app leads the terminal's session and gets SIGHUP. input ends: a shell that ignores SIGHUP runs the
    app and waits for it, as `make run` does (make waits for its child and passes no signal on); the app gets no
    signal, only an input that ended, which Textual's input thread used to read in a loop at full speed while the
    app ran on."""
    plan = plan_copy("hospital")
    before = plan.read_bytes()
    app_command = [sys.executable, "-m", "planner", str(plan)]
    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal's session leader
        os.environ.update(TERM="xterm-256color")
        os.environ.pop("COLUMNS", None)
        os.environ.pop("LINES", None)
        if how == "hangup":
            os.execv(sys.executable, app_command)
        os.execv("/bin/sh", ["sh", "-c", "trap '' HUP; \"$@\"; :", "sh", *app_command])
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        seen = bytearray()
        _read_until(fd, seen, b"Strategy")  # the plan's figures are drawn
        for key in (b"\t", b"\t", b"\t", b"7"):  # Employees (its text selected when focused), typed over
            os.write(fd, key)
            time.sleep(0.3)
        _read_until(fd, seen, b"[+]")  # the title says the plan has unsaved changes
        if how == "hangup":
            app_pid = pid
        else:
            with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
                app_pid = int(children.read().split()[0])
    finally:
        os.close(fd)  # the terminal goes away
    deadline = time.monotonic() + WAIT_S
    reaped = False
    while not _ended(app_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
        reaped = reaped or os.waitpid(pid, os.WNOHANG)[0] == pid
    ended = _ended(app_pid)
    if not ended:
        os.kill(app_pid, 9)
    if not reaped:
        os.waitpid(pid, 0)
    assert ended, f"the app ran on {WAIT_S:g} s after its terminal went away"
    assert plan.read_bytes() == before  # the plan file is not written: the edits were never saved
    [kept] = kept_unsaved(plan)
    assert kept.name.startswith("hospital.unsaved-") and kept.suffix == ".toml"
    text = kept.read_text(encoding="utf-8")
    assert tomllib.loads(text)["organization"]["employees"] == 7
    comments = [line for line in before.decode("utf-8").splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in text.splitlines() for line in comments)  # the plan's comments are kept too


def test_a_plan_with_kept_edits_says_where_they_are(plan_copy):
    """Opening a plan beside a copy of edits kept after its terminal went away shows a notice naming the newest copy;
    once the plan is written after them, it says nothing."""
    from datetime import datetime

    plan = plan_copy("hospital")
    old = keep_unsaved(plan.read_text(encoding="utf-8"), plan, datetime(2026, 12, 7, 1, 2, 3))
    new = keep_unsaved(plan.read_text(encoding="utf-8"), plan, datetime(2026, 12, 7, 1, 2, 3))
    assert (old.name, new.name) == ("hospital.unsaved-20261207-010203.toml", "hospital.unsaved-20261207-010203-2.toml")

    def notices_on_open(expected: bool) -> list[str]:
        app = make_app(plan)

        def notices() -> list[str]:
            return [n.message for n in app._notifications if "terminal" in n.message]

        async def scenario(pilot):
            await wait_for(pilot, lambda: app.session is not None)
            if expected:  # App.notify posts a message: the notice is there once the app has taken it
                await wait_for(pilot, notices)
            await pilot.pause()

        drive(app, scenario)
        return notices()

    [notice] = notices_on_open(expected=True)
    assert "2 sessions" in notice and new.name in notice
    later = max(old.stat().st_mtime, new.stat().st_mtime) + 1
    os.utime(plan, (later, later))  # the plan written after them (a save)
    assert kept_unsaved(plan) == []
    assert notices_on_open(expected=False) == []


def test_without_poll_or_sighup_the_app_on_a_terminal_starts_without_the_watch(monkeypatch):
    """Windows has neither `select.poll` nor SIGHUP: the watch stays off there instead of failing the app's start (an
    AttributeError in on_mount, or in its thread)."""
    import select
    import signal

    monkeypatch.setattr(terminal.os, "isatty", lambda fd: True)  # as on a console
    started = []
    monkeypatch.setattr(terminal.threading, "Thread", lambda *args, **kwargs: started.append(kwargs) or pytest.fail("no thread without poll"))
    monkeypatch.delattr(select, "poll")
    terminal.watch(lambda: None, lambda callback: None)
    monkeypatch.undo()
    monkeypatch.setattr(terminal.os, "isatty", lambda fd: True)
    monkeypatch.delattr(signal, "SIGHUP")
    monkeypatch.setattr(terminal.threading, "Thread", lambda *args, **kwargs: started.append(kwargs) or pytest.fail("no thread without SIGHUP"))
    terminal.watch(lambda: None, lambda callback: None)
    assert started == []
