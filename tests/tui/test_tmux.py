"""The installed `planner` in a real terminal (tmux): open a copy of a sample plan, switch screens,
delete a workload, save, and check the file."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from planner.cli import sample_plan_dir
from planner.store.loader import read_plan
from planner.store.catalogs import load_catalog

TMUX = shutil.which("tmux")
SOCKET = ("-L", "planner-tests")
"""A tmux server of the tests' own: they neither see nor change the sessions and options (escape-time) of the
user's server, and killing that server does not end them."""
PLANNER = Path(sys.executable).parent / "planner"


def _tmux(*args: str) -> str:
    return subprocess.run([TMUX, *SOCKET, *args], check=True, capture_output=True, text=True).stdout


WAIT_S = 60.0
"""Longest wait for a screen to show (a bound only: each wait ends as soon as the text is on screen).
On a loaded 2-core machine the first draw of a screen has taken more than 15 s."""


def _wait_for(session: str, text: str, timeout: float = WAIT_S) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-t", session, "-p")
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
@pytest.mark.skipif(not PLANNER.exists(), reason=f"the planner command is not installed next to {sys.executable}")
def test_planner_in_tmux(tmp_path):
    plan = tmp_path / "chatbot.toml"
    shutil.copy(sample_plan_dir() / "midsize-chatbot.toml", plan)
    session = f"planner-test-{uuid.uuid4().hex[:8]}"
    # COLUMNS / LINES can leak into the tmux server environment; the app must read the pane size
    env_command = f"cd {tmp_path} && env -u COLUMNS -u LINES -u PYTHONPATH TERM=xterm-256color {PLANNER} chatbot.toml; sleep 30"
    _tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", env_command)
    try:
        _tmux("set-option", "-t", session, "-s", "escape-time", "0")
        _wait_for(session, "chatbot.toml")
        _wait_for(session, "Organization")
        _tmux("send-keys", "-t", session, "5")
        _wait_for(session, "critical path")
        _tmux("send-keys", "-t", session, "2")
        first = read_plan(plan, load_catalog(None)).workloads[0].id
        screen = _wait_for(session, f"  {first}  ")
        assert "Requests/day" in screen
        _tmux("send-keys", "-t", session, "d")
        _wait_for(session, "Delete workload")
        _tmux("send-keys", "-t", session, "y")
        _wait_for(session, "[+]")
        _tmux("send-keys", "-t", session, "C-s")
        _wait_for(session, "Saved")
        saved = read_plan(plan, load_catalog(None))
        assert first not in [w.id for w in saved.workloads]
        assert f'id = "{first}"' not in plan.read_text(encoding="utf-8")
        _tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline and "Organization" in _tmux("capture-pane", "-t", session, "-p"):
            time.sleep(0.1)
        assert "Organization" not in _tmux("capture-pane", "-t", session, "-p"), "q did not quit"
    finally:
        subprocess.run([TMUX, *SOCKET, "kill-session", "-t", session], capture_output=True)
