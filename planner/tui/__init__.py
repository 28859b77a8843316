"""The Textual app (planner.tui.app), started by `run_app`."""

from __future__ import annotations

import gc
import os
import sys
import threading
from pathlib import Path
from typing import Any


def run_app(plan: str | None, catalog_dir: str | None, example: Path, *, cursor_blink: bool = True, **run: Any) -> int:
    """Open the app on a plan (or the example plan as an untitled copy); `run` goes to `App.run` (headless,
    size, auto_pilot: the start-up benchmark goes through here as `planner PLAN` does). Raises PlannerError when
    the catalogs cannot be read (the app reads them, with the plan, after its first frame)."""
    # Importing the app (Textual) builds ~100,000 objects that live as long as the process: the cyclic collector
    # would walk them again and again meanwhile without finding garbage. Off until then, and what was built is kept
    # out of its reach afterwards (the app pauses it again until its first frame is drawn; the worker that opens
    # the plan pauses it while it imports the domain and reads the catalogs and the plan).
    paused = gc.isenabled()
    gc.disable()
    try:
        from planner.tui.app import PlannerApp
        from planner.tui.heap import keep_out_of_collections

        keep_out_of_collections()
    finally:
        if paused:
            gc.enable()
    app = PlannerApp(None, Path(plan) if plan else None, example=example, catalog_dir=catalog_dir, cursor_blink=cursor_blink)
    app.run(**run)
    if app.start_error is not None:
        raise app.start_error
    code = app.return_code or 0
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        # A worker is still evaluating (a large plan being opened, an edit's evaluation, the ranges): pure
        # computation whose result nobody will see (saves and exports run on the UI thread, and are done).
        # The interpreter would wait for it at exit, after the screen is gone; end now instead.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
