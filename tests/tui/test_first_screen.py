"""Start-up: the app's frame is drawn first; the plan is then read and evaluated (its own evaluation) in a worker,
and its named scenarios are evaluated once, after the plan's first frame, in the background; anything that
writes them waits for them."""

from __future__ import annotations

import asyncio
import gc
import threading

from textual.screen import Screen

import planner.domain.evaluate as engine
from planner.domain.evaluate import evaluate
from planner.export.summary import plan_summary
from planner.store.loader import read_plan
from planner.tui.session import PlanSession
from tests.tui.conftest import WAIT_S, drive, make_app, screen_text, wait_for


def test_session_opened_without_scenarios_adds_them_later(plan_copy, catalog):
    path = plan_copy("large-enterprise")
    full = evaluate(read_plan(path, catalog), catalog)
    assert len(full.scenarios) >= 2
    session = PlanSession.open(path, catalog, scenarios=False)
    assert session.scenarios_pending and session.evaluation.scenarios == []
    assert session.evaluation.ledger.tco == full.ledger.tco  # the plan's own figures are all there
    assert session.complete()
    assert not session.scenarios_pending
    assert session.evaluation.model_dump() == full.model_dump()


def test_save_before_the_scenarios_arrive_writes_them_in_the_summary(plan_copy, catalog):
    path = plan_copy("large-enterprise")
    session = PlanSession.open(path, catalog, scenarios=False)
    session.apply(session.plan.model_copy(update={"name": "Renamed"}))  # an edit evaluates everything
    assert not session.scenarios_pending
    fresh = PlanSession.open(path, catalog, scenarios=False)
    fresh.save()
    saved = read_plan(path, catalog)
    assert saved.summary == plan_summary(evaluate(saved, catalog))
    assert saved.summary["scenarios"]


def test_the_plan_is_evaluated_once_after_the_first_frame_and_its_scenarios_after_it(plan_copy, monkeypatch):
    path = plan_copy("large-enterprise")
    calls: list[tuple[bool, bool, bool]] = []  # (on the UI thread, a scenario, the app's first frame drawn) per evaluation of the plan
    real = engine._evaluate_once

    def counted(plan, catalog, overrides, kept=None):
        calls.append((threading.current_thread() is threading.main_thread(), overrides is not None, app.first_frame_drawn))
        return real(plan, catalog, overrides, kept)

    monkeypatch.setattr(engine, "_evaluate_once", counted)
    app = make_app(path)

    async def scenario(pilot):
        scenarios = read_plan(path, app.catalog).scenarios
        await wait_for(pilot, lambda: not app.session.scenarios_pending)
        assert calls[0] == (False, False, True)  # the plan itself, in the worker that opens it once the app's frame is up
        assert sorted(calls[1:]) == [(False, True, True)] * len(scenarios)  # each scenario once, in the background
        text = screen_text(app)
        for name in scenarios:
            assert f"  {name}: " in text
        assert "evaluating" not in text

    drive(app, scenario)


def test_overview_says_the_scenarios_are_coming(plan_copy, monkeypatch):
    app = make_app(plan_copy("large-enterprise"))
    release = threading.Event()
    real = PlanSession.evaluate

    def held(self, plan):  # the background evaluation of the scenarios waits for the test
        release.wait(WAIT_S)
        return real(self, plan)

    monkeypatch.setattr(PlanSession, "evaluate", held)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            try:
                await wait_for(pilot, lambda: "evaluating 2 scenario(s)…" in screen_text(app))
                assert "Strategy: " in screen_text(app)  # the plan's own figures are drawn meanwhile
            finally:
                release.set()
            await wait_for(pilot, lambda: "evaluating" not in screen_text(app))
            assert not app.session.scenarios_pending

    asyncio.run(main())


FIRST_FRAME = """
import os, sys
from planner.tui import files, run_app

def at_first_frame(flows):  # FileFlows.start_opening: the first frame is drawn, the plan's worker not started yet
    lines = [strip.text.rstrip() for strip in flows.app.screen._compositor.render_strips()]
    print(lines[0].strip())
    print(lines[1].strip())
    print(lines[-1].strip())
    print(sorted(m for m in ("pydantic", "planner.domain.catalog", "planner.domain.plan", "planner.store.catalogs", "textual.widgets._data_table") if m in sys.modules))
    sys.stdout.flush()
    os._exit(0)

files.FileFlows.start_opening = at_first_frame
run_app(sys.argv[1], None, sys.argv[2], cursor_blink=False, headless=True, size=(120, 40))
"""


def test_the_first_frame_says_what_it_opens_before_the_domain_is_imported(plan_copy):
    """`planner PLAN` draws the app's frame (title, tabs, keys) before the catalogs and the plan are read: nothing of
    the domain (pydantic, the model classes) is imported for it; they are the worker's, after that frame. Nor is
    Textual's DataTable: the screens with a table import it when they are first opened. The keys are in that frame."""
    import subprocess
    import sys

    from tests.tui.conftest import EXAMPLE

    path = plan_copy("large-enterprise")
    run = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(path), str(EXAMPLE)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    title, tabs, keys, imported = run.stdout.splitlines()
    assert title.endswith("large-enterprise.toml — opening 5 workloads…") and tabs.startswith("1 Overview  2 Workloads")
    assert keys.startswith("? Help  q Quit")  # the footer's keys are in that frame, not laid out after it
    assert imported == "[]"


def test_catalogs_that_cannot_be_read_end_the_app_with_their_error(plan_copy, tmp_path):
    """The catalogs are read after the first frame: when they cannot be, the app closes and `run_app` raises the
    error the command line shows (as when they were read before the app started), exit code included."""
    import pytest

    from planner.errors import PlannerError
    from planner.tui import run_app
    from tests.tui.conftest import EXAMPLE

    with pytest.raises(PlannerError) as raised:
        run_app(str(plan_copy("large-enterprise")), str(tmp_path / "no-such-dir"), EXAMPLE, cursor_blink=False, headless=True, size=(80, 24))
    assert "company catalog directory not found" in str(raised.value) and raised.value.exit_code == 2


def test_the_app_started_without_catalogs_reads_them_and_opens_the_plan(plan_copy):
    """As `planner PLAN` starts it (no catalogs given): the plan's figures arrive on the Overview."""
    from planner.tui.app import PlannerApp
    from tests.tui.conftest import EXAMPLE

    path = plan_copy("large-enterprise")
    app = PlannerApp(None, path, example=EXAMPLE, cursor_blink=False, ranges=False)

    async def scenario(pilot):
        assert app.session is not None and app.session.plan.name == "Large enterprise AI platform"
        text = screen_text(app)
        assert "Strategy: " in text and "TCO by strategy over 36 months" in text and "opening" not in text

    drive(app, scenario)


def test_the_collector_stays_off_until_the_plans_first_frame_is_drawn(plan_copy):
    """From the app's start until the plan's figures are on screen, everything built lives on (the domain, the
    catalogs, the plan, its evaluation, its screen): the cyclic collector stays off meanwhile (it would walk the young
    objects again and again without finding garbage) and comes back once the figures are drawn."""
    enabled = gc.isenabled()
    gc.enable()
    try:
        app = make_app(plan_copy("large-enterprise"))
        seen: list[bool] = []
        set_session = app.set_session

        def recorded(session):
            seen.append(gc.isenabled())  # the plan's screen is built; its figures are drawn next
            set_session(session)

        app.set_session = recorded

        async def scenario(pilot):
            assert seen == [False]
            await wait_for(pilot, lambda: gc.isenabled() and not app._collector_paused)

        drive(app, scenario)
    finally:
        (gc.enable if enabled else gc.disable)()


def test_the_plans_screen_is_laid_out_first_with_the_plan_in_it(plan_copy, monkeypatch):
    """The screen the plan opens on is built when the plan has been read and evaluated, and drawn at once with it:
    never laid out (nor drawn) empty in between, under the loading indicator or without it."""
    app = make_app(plan_copy("large-enterprise"))
    layouts: list[tuple[bool, bool]] = []  # (the Overview is built, the plan is shown) at each layout of the screen
    refresh_layout = Screen._refresh_layout

    def recorded(screen, *args, **kwargs):
        layouts.append(("overview" in app.panes, app.session is not None))
        return refresh_layout(screen, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", recorded)

    async def scenario(pilot):
        assert (True, True) in layouts and (True, False) not in layouts
        assert "TCO by strategy" in screen_text(app)

    drive(app, scenario)
