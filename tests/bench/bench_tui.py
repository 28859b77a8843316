"""App start to first screen vs a minimal Textual app, and one edit with 1,000 workloads until the screen has updated."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

from planner.cli import EXAMPLE_PLAN, sample_plan_dir
from planner.store.plan_io import dump_plan
from planner.store.loader import read_plan
from tests.bench.bench_engine import generated_plan
from tests.bench.conftest import best_of

AUTO_EXIT = """
async def auto(pilot):
    await pilot.pause()
    pilot.app.exit()
"""

MINIMAL = AUTO_EXIT + """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()

Minimal().run(headless=True, size=(120, 40), auto_pilot=auto)
"""

PLANNER = AUTO_EXIT + """
import sys
from pathlib import Path
from planner.cli import EXAMPLE_PLAN, sample_plan_dir
from planner.store.catalogs import load_catalog
from planner.tui.app import PlannerApp

app = PlannerApp(load_catalog(None), Path(sys.argv[1]), example=sample_plan_dir() / f"{EXAMPLE_PLAN}.toml", cursor_blink=False)
app.run(headless=True, size=(120, 40), auto_pilot=auto)
"""


def largest_sample() -> Path:
    return max(sample_plan_dir().glob("*.toml"), key=lambda p: p.read_text(encoding="utf-8").count("[[workloads]]"))


def run_script(code: str, *args: str) -> None:
    subprocess.run([sys.executable, "-c", code, *args], check=True, timeout=120, capture_output=True)


def test_start_to_first_screen_vs_minimal_app(record):
    plan = largest_sample()
    run_script(MINIMAL)  # warm the file cache for both
    run_script(PLANNER, str(plan))
    baseline = best_of(lambda: run_script(MINIMAL), repeat=5)
    ours = best_of(lambda: run_script(PLANNER, str(plan)), repeat=5)
    record(f"app start to first screen ({plan.stem})", ours, "minimal Textual app", baseline, "<= 1.5x", ours / baseline <= 1.5)


def _edit_time(path: Path) -> float:
    """Seconds from an edit (one workload's users changed) to the visible screen having redrawn."""
    from planner.store.catalogs import load_catalog
    from planner.tui.app import PlannerApp

    catalog = load_catalog(None)
    app = PlannerApp(catalog, path, example=sample_plan_dir() / f"{EXAMPLE_PLAN}.toml", cursor_blink=False)
    timings = []

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("2")
            await pilot.pause()
            for step in range(3):
                plan = app.session.plan
                workloads = list(plan.workloads)
                workloads[0] = workloads[0].model_copy(update={"users": (workloads[0].users or 1) + 1 + step})
                started = time.perf_counter()
                app.edit_plan(plan.model_copy(update={"workloads": workloads}))
                await pilot.pause()
                timings.append(time.perf_counter() - started)

    asyncio.run(main())
    return min(timings)


def test_edit_with_1000_workloads_until_screen_updated(tmp_path, record):
    big = tmp_path / "big.toml"
    big.write_text(dump_plan(generated_plan(1000)), encoding="utf-8")
    example = tmp_path / "example.toml"
    example.write_text((sample_plan_dir() / f"{EXAMPLE_PLAN}.toml").read_text(encoding="utf-8"), encoding="utf-8")
    baseline = _edit_time(example)
    ours = _edit_time(big)
    record("edit in the app, 1,000 workloads, until redrawn", ours, f"same edit, example plan ({len(read_plan(example, __import__('planner.store.catalogs', fromlist=['x']).load_catalog(None)).workloads)} workloads)", baseline, "<= 50 ms", ours <= 0.050)
