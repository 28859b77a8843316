"""The planner app. STUB: the TUI issue builds it."""

from __future__ import annotations

from pathlib import Path


def run_app(plan: str | None, catalog_dir: str | None, example: Path) -> int:
    """Open the app on a plan (or the example plan as an untitled copy)."""
    from textual.app import App

    App().run()
    return 0
