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
    size, auto_pilot: the start-up benchmark goes through here as `planner PLAN` does)."""
    # Importing the app (Textual, pydantic and the model classes) and reading the catalogs builds ~200,000
    # objects that live as long as the process: the cyclic collector would walk them ~140 times meanwhile
    # (~30-60 ms of the start) without finding garbage. Off until then, and what was built is kept out of
    # its reach afterwards (the app pauses it again until its first frame is drawn).
    paused = gc.isenabled()
    gc.disable()
    try:
        from planner.store.catalogs import load_catalog
        from planner.tui.app import PlannerApp
        from planner.tui.session import keep_out_of_collections

        catalog = load_catalog(catalog_dir)
        keep_out_of_collections()
    finally:
        if paused:
            gc.enable()
    app = PlannerApp(catalog, Path(plan) if plan else None, example=example, cursor_blink=cursor_blink)
    app.run(**run)
    code = app.return_code or 0
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        # A worker is still evaluating (a large plan being opened, an edit's evaluation, the ranges): pure
        # computation whose result nobody will see (saves and exports run on the UI thread, and are done).
        # The interpreter would wait for it at exit, after the screen is gone; end now instead.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
