"""Fixtures for the app tests: copies of the sample plans and a way to drive the app with Pilot.

pytest-asyncio is not a dependency: each Pilot scenario is an async function run with asyncio.run().
"""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path
from typing import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from planner.cli import EXAMPLE_PLAN, sample_plan_dir
from planner.store.catalogs import load_catalog
from planner.tui.app import PlannerApp

EXAMPLE = sample_plan_dir() / f"{EXAMPLE_PLAN}.toml"


def make_app(path: Path | None, catalog=None, ranges: bool = False) -> PlannerApp:
    """The app on `path` (None: the example as an untitled copy), cursor blink off; `ranges` off unless a test
    is about them (their worker would otherwise race the screens the other tests look at)."""
    app = PlannerApp(catalog or load_catalog(None), path, example=EXAMPLE, cursor_blink=False, ranges=ranges)
    # a notice stays in app._notifications while a test looks for it: Textual drops one NOTIFICATION_TIMEOUT (5 s)
    # after it was raised, by the clock, and a test on a loaded machine (load ~27 on 2 cores) polled after that
    app.NOTIFICATION_TIMEOUT = NOTICE_KEPT_S
    return app


NOTICE_KEPT_S = 3600.0
"""How long a notice stays in a test's app (a test setting)."""


def drive(app: PlannerApp, scenario: Callable[[Pilot], Awaitable[None]], size: tuple[int, int] = (120, 40)) -> None:
    """Run `scenario(pilot)` against the app in a headless terminal of `size`."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


async def settle(pilot: Pilot) -> None:
    """Let pushed screens mount and focus move before the next key (and the plan the app starts on be opened, and
    the scenarios of a plan just opened arrive: the app reads and evaluates the plan in a worker after its first
    frame, and the scenarios after the plan's first frame)."""
    await pilot.pause()
    await pilot.pause()
    app = pilot.app
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        files = getattr(app, "files", None)
        session = getattr(app, "session", None)
        if (files is None or files.opening is None) and (session is None or not session.scenarios_pending):
            break
        await pilot.pause(0.01)
    await pilot.pause()


WAIT_S = 60.0
"""Longest wait for a condition (a bound only: each wait ends as soon as it holds). The suite runs on
every core (pytest-xdist) of a machine that may be busy: a background evaluation of 250 workloads has
taken more than the 1 s this used to allow."""


async def wait_for(pilot: Pilot, condition: Callable[[], bool], timeout: float = WAIT_S) -> None:
    """Pause until `condition()` holds (a dialog opened, a screen drew), failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError(f"condition never held within {timeout:g} s\n{app_state(pilot.app)}")


def app_state(app: PlannerApp) -> str:
    """What a failed wait shows: the open screen, the focused widget, the evaluation's state and the terminal's text
    (a wait that fails on a loaded machine says which part never happened)."""
    session = getattr(app, "session", None)
    evaluations = getattr(app, "evaluations", None)
    lines = [
        f"screen: {type(app.screen).__name__}; focused: {app.focused!r}",
        f"session pending: {getattr(session, 'pending', None)}; scenarios pending: {getattr(session, 'scenarios_pending', None)}; "
        f"evaluation running: {getattr(evaluations, 'running', None)}; waiting: {len(getattr(evaluations, '_waiting', []))}",
        f"workers: {[(worker.group, worker.state.name) for worker in app.workers]}",
    ]
    try:
        lines.append("terminal:\n" + screen_text(app))
    except Exception as error:  # a screen that cannot render is itself the finding
        lines.append(f"terminal: not rendered ({error!r})")
    return "\n".join(lines)


def screen_text(app: PlannerApp) -> str:
    """What the terminal shows, as plain text."""
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


@pytest.fixture
def plan_copy(tmp_path: Path) -> Callable[..., Path]:
    """copy("bank-customer-service") -> a writable copy of that sample plan in tmp_path; `owned=True`: the copy
    keeps its self-hosted workloads on owned GPUs (`gpuaas_hosting = false`)."""
    from tests.conftest import keeping_owned_gpus

    def copy(name: str = EXAMPLE_PLAN, owned: bool = False) -> Path:
        target = tmp_path / f"{name}.toml"
        shutil.copy(sample_plan_dir() / f"{name}.toml", target)
        if owned:
            target.write_text(keeping_owned_gpus(target.read_text(encoding="utf-8")), encoding="utf-8")
        return target

    return copy
