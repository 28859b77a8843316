"""From an empty directory to a reviewed change, in a real terminal: `planner new plan.toml` writes a blank
plan, `planner plan.toml` opens it on the guided start (organization, first workload), an inventory of 20 workloads is imported from the palette, and `git diff`
(with the driver `planner git-setup` configured) shows the summary the import changed.

Every step waits for what the screen shows, never for a fixed time."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.tui.test_start_flows import INVENTORY

TMUX = shutil.which("tmux")
SOCKET = ("-L", "planner-tests")
"""A tmux server of the tests' own: they neither see nor change the sessions and options (escape-time) of the
user's server, and killing that server does not end them."""
GIT = shutil.which("git")
PLANNER = Path(sys.executable).parent / "planner"


def _run(*args: str, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True, timeout=120, env=env).stdout


def _tmux(*args: str) -> str:
    return subprocess.run([TMUX, *SOCKET, *args], check=True, capture_output=True, text=True, timeout=30).stdout


def _wait_for(session: str, text: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-t", session, "-p")
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


def _wait_until(session: str, condition, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-t", session, "-p")
        if condition(screen):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"the screen never got there; it was:\n{screen}")


def _type(session: str, text: str) -> None:
    _tmux("send-keys", "-t", session, "-l", text)


def _keys(session: str, *keys: str) -> None:
    _tmux("send-keys", "-t", session, *keys)


def _settled(session: str, quiet: float = 0.8, timeout: float = 30.0) -> str:
    """Wait until the screen has not changed for `quiet` seconds (a dialog mounted and took focus)."""
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-t", session, "-p")
        if screen != last:
            last, since = screen, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return screen
        time.sleep(0.05)
    raise AssertionError(f"the screen never settled; it was:\n{last}")


def _enter_text(session: str, text: str, tries: int = 5) -> None:
    """Replace the focused field's text with `text`, once the screen is quiet, and wait until it shows and stays.

    A dialog paints before its field takes focus, and keys sent in between can go nowhere: each try
    waits for the screen, never for a fixed time."""
    for _ in range(tries):
        _settled(session)
        _keys(session, "C-a", "C-k")  # not Home: its escape sequence can reach the app after the text
        _type(session, text)
        try:
            _wait_for(session, text, timeout=3.0)
        except AssertionError:
            continue
        if text in _settled(session):
            return
    raise AssertionError(f"{text!r} never reached a field")


@pytest.mark.skipif(TMUX is None or GIT is None, reason="tmux and git are needed")
@pytest.mark.skipif(not PLANNER.exists(), reason=f"the planner command is not installed next to {sys.executable}")
def test_empty_directory_to_git_diff(tmp_path):
    work = tmp_path / "team"
    work.mkdir()
    (work / "inventory.csv").write_text(INVENTORY, encoding="utf-8")
    _run(GIT, "init", "-q", cwd=work)
    _run(GIT, "config", "user.email", "lead@example.com", cwd=work)
    _run(GIT, "config", "user.name", "Lead", cwd=work)
    _run(str(PLANNER), "git-setup", "--plans", "*.toml", cwd=work)

    _run(str(PLANNER), "new", "plan.toml", cwd=work)  # a blank plan (the app's own "blank" choice is tested with Pilot)
    session = f"planner-start-{uuid.uuid4().hex[:8]}"
    command = f"cd {work} && env -u COLUMNS -u LINES -u PYTHONPATH TERM=xterm-256color {PLANNER} plan.toml; sleep 30"
    _tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", command)
    try:
        _tmux("set-option", "-t", session, "-s", "escape-time", "0")
        _wait_for(session, "your organization")
        _enter_text(session, "Team assistants")
        _keys(session, "Enter")
        _wait_for(session, "your first workload")
        _enter_text(session, "Support chat")
        _keys(session, "Enter")  # on to Users (the kind keeps its default)
        _enter_text(session, "230")
        _keys(session, "Enter")  # on to requests per user per day
        _enter_text(session, "7.5")
        _keys(session, "Enter")
        _wait_for(session, "Plan started")
        _keys(session, "C-s")
        _wait_for(session, "Saved")
        _run(GIT, "add", "plan.toml", cwd=work)
        _run(GIT, "commit", "-qm", "Start the plan", cwd=work)

        _keys(session, "C-p")
        _wait_for(session, "Search for commands")
        _enter_text(session, "import inventory")
        _wait_until(session, lambda screen: "plan: import inventory" in screen and "view: overview" not in screen)  # the list is filtered
        _keys(session, "Enter")
        _wait_for(session, "Import inventory")
        _enter_text(session, "inventory.csv")  # relative to the folder the app runs in
        _keys(session, "Enter")
        _wait_for(session, "20 workloads from inventory.csv")
        _keys(session, "y")
        _wait_for(session, "Imported 20 workloads")
        _keys(session, "C-s")
        _wait_for(session, "Saved")
        _keys(session, "q")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and "plan.toml" in _tmux("capture-pane", "-t", session, "-p"):
            time.sleep(0.1)
    finally:
        subprocess.run([TMUX, *SOCKET, "kill-session", "-t", session], capture_output=True)

    diff = _run(GIT, "diff", "plan.toml", cwd=work)
    assert '+id = "team-1-assistant"' in diff and '+id = "team-20-assistant"' in diff
    assert "+team-1-assistant = " in diff  # [summary.placement] gained the imported workloads
    assert "[summary.tco_krw]" in diff or any(line.startswith(("+cloud = ", "+plan = ")) for line in diff.splitlines())
    assert "# --- computed by planner from the lines above" in diff  # the textconv driver ran
    assert any(line.startswith("+#") and "team-20-assistant" in line for line in diff.splitlines())
