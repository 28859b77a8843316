"""When the terminal goes away while the app runs: it hangs up (SIGHUP), or its input ends without a signal (an SSH
connection that dropped; the terminal of `make run` closed: make waits for its child and passes no signal on).

Without this, the app ran on unseen after its input ended: Textual's input thread reads the ended input again and again
at full speed (Textual PR #6690, open upstream), half a core until someone kills the process, and edits that were not
saved went with it. Now the app keeps such edits in a file of their own beside the plan and ends; the next time the
plan is opened, a notice names that file."""

from __future__ import annotations

import asyncio
import glob
import os
import select
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Callable

UNSAVED_MARK = ".unsaved-"
"""Between the plan's name and the time in the name of a copy of unsaved edits: `plan.unsaved-20261207-011502.toml`."""


def watch(on_lost: Callable[[], None], call_from_thread: Callable[..., object]) -> None:
    """Call `on_lost` on the app's event loop when the terminal hangs up or its input ends. Only for an app on a
    terminal (stdin a tty): a test's or a pipe's input ends as a matter of course."""
    if not hasattr(select, "poll") or not hasattr(signal, "SIGHUP"):  # Windows: neither; its console ends the app itself
        return
    try:
        fd = sys.__stdin__.fileno()
    except (AttributeError, OSError, ValueError):
        return
    if not os.isatty(fd):
        return
    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, on_lost)
    except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no such signal here
        pass

    def wait() -> None:
        poller = select.poll()
        poller.register(fd, 0)  # no events asked for: only a hang-up or an error wakes it, never a key
        while not poller.poll():
            pass
        try:
            call_from_thread(on_lost)
        except RuntimeError:  # the app has ended meanwhile
            pass

    threading.Thread(target=wait, name="planner-terminal", daemon=True).start()


def keep_unsaved(text: str, plan_path: Path | None, now: datetime) -> Path:
    """Write `text` (the plan with its unsaved edits) to a new file beside the plan (the working folder for an untitled
    plan), named after the plan and `now`; never replaces a file. Raises OSError when it cannot be written."""
    folder, stem = (plan_path.parent, plan_path.stem) if plan_path is not None else (Path.cwd(), "untitled")
    stamp = now.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        candidate = folder / f"{stem}{UNSAVED_MARK}{stamp}{'' if n == 1 else f'-{n}'}.toml"
        try:
            with open(candidate, "x", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(str(folder / f"{stem}{UNSAVED_MARK}{stamp}.toml"))


def kept_unsaved(plan_path: Path) -> list[Path]:
    """The copies of unsaved edits `keep_unsaved` left beside `plan_path` since that file was last written, oldest
    first (a save of the plan after them answers them)."""
    try:
        written = plan_path.stat().st_mtime_ns
    except OSError:
        return []
    found = []
    for name in glob.glob(glob.escape(str(plan_path.parent / plan_path.stem)) + UNSAVED_MARK + "*.toml"):
        try:
            kept = os.stat(name).st_mtime_ns
        except OSError:
            continue
        if kept >= written:
            found.append((kept, len(name), name))  # within one second: `-2` after the first, `-10` after `-9`
    return [Path(name) for _kept, _length, name in sorted(found)]
