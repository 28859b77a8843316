"""Start-up: the first screen shows the plan's own evaluation; its named scenarios are evaluated once,
after the first frame, in the background, and anything that writes them waits for them."""

from __future__ import annotations

import asyncio
import threading

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


def test_first_frame_evaluates_the_plan_once_and_the_scenarios_after(plan_copy, monkeypatch):
    path = plan_copy("large-enterprise")
    calls: list[tuple[bool, bool]] = []  # (on the UI thread, a scenario) per evaluation of the plan
    real = engine._evaluate_once

    def counted(plan, catalog, overrides, kept=None):
        calls.append((threading.current_thread() is threading.main_thread(), overrides is not None))
        return real(plan, catalog, overrides, kept)

    monkeypatch.setattr(engine, "_evaluate_once", counted)
    app = make_app(path)

    async def scenario(pilot):
        scenarios = read_plan(path, app.catalog).scenarios
        await wait_for(pilot, lambda: not app.session.scenarios_pending)
        assert calls[0] == (True, False)  # the plan itself, before the first frame
        assert sorted(calls[1:]) == [(False, True)] * len(scenarios)  # each scenario once, in the background
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
