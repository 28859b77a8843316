"""The app computes the plan's ranges in a worker: a progress bar while it runs, then the probability on the
Overview, the P10-P90 band on the Costs chart and go-live P10-P90 on the Timeline."""

from __future__ import annotations

import asyncio

import planner.tui.background as background
from planner.tui.widgets import ProgressLine
from tests.tui.conftest import EXAMPLE, make_app, screen_text, settle


async def wait_for_ranges(pilot, app, seconds: float = 60.0) -> None:
    """Pause until the worker's ranges are on screen (the machine may be busy: a generous limit, checked often)."""
    for _ in range(int(seconds / 0.05)):
        if app.ranges.current() is not None:
            await pilot.pause()
            return
        await pilot.pause(0.05)
    raise AssertionError("the ranges never arrived")


def test_ranges_show_progress_then_probability_band_and_go_live(monkeypatch):
    monkeypatch.setattr(background, "RANGES_PAUSE_S", 600.0)  # hold the worker until the test starts it
    app = make_app(EXAMPLE, ranges=True)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            progress = app.query_one("#overview-ranges-progress", ProgressLine)
            assert progress.display and app.ranges.done == 0.0
            assert "Ranges: drawing the uncertain inputs" in screen_text(app)
            assert "━" * 32 + "   0%" in screen_text(app)  # the bar, empty, and its percentage
            app.ranges.start()
            await wait_for_ranges(pilot, app)
            text = screen_text(app)
            assert not progress.display
            ranges = app.ranges.current()
            assert f"This plan beats all-cloud with probability {ranges.probability_plan_beats_cloud:.0%}" in text
            assert "Plan TCO P10-P90:" in text
            await pilot.press("6")
            await settle(pilot)
            assert "P10-P90 over 2,000 draws" in screen_text(app)
            assert "░" in screen_text(app)  # the band behind the lines
            await pilot.press("5")
            await settle(pilot)
            assert f"go-live P10-P90 {ranges.go_live.p10.isoformat()} - {ranges.go_live.p90.isoformat()}" in screen_text(app)

    asyncio.run(main())


def test_an_edit_recomputes_the_ranges_for_the_new_evaluation():
    app = make_app(EXAMPLE, ranges=True)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await wait_for_ranges(pilot, app)
            first, evaluated = app.ranges.current(), app.session.evaluation
            app.query_one("#org-ml-engineers").value = "0"  # no ML engineers: the flowchart keeps more on the cloud
            for _ in range(1200):  # the edit lands after the typing pause, then its ranges (a busy machine: a generous limit)
                if app.session.evaluation is not evaluated and app.ranges.current() is not None:
                    break
                await pilot.pause(0.05)
            assert app.ranges.current() is not first and app.ranges.of is app.session.evaluation is not evaluated

    asyncio.run(main())


def test_a_plan_over_the_app_limit_is_not_drawn_after_each_edit(tmp_path):
    # 1,000 workloads: drawing after every edit made an edit take 2.4 s to redraw instead of 0.3 s
    from planner.domain.limits import RANGES_IN_APP_UP_TO
    from planner.store.plan_io import dump_plan
    from tests.bench.bench_engine import generated_plan

    big = tmp_path / "big.toml"
    big.write_text(dump_plan(generated_plan(RANGES_IN_APP_UP_TO + 1)), encoding="utf-8")
    app = make_app(big, ranges=True)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.pause(0.5)  # past the pause after which a small plan's ranges start
            assert app.ranges.done is None and app.ranges.current() is None
            assert not app.query_one("#overview-ranges-progress", ProgressLine).display
            text = " ".join(screen_text(app).split())
            assert f"Ranges: not drawn while editing a plan of more than {RANGES_IN_APP_UP_TO:,} workloads" in text
            assert "`planner show" in text and "--ranges` draws them" in text  # (the line wraps beside the form)

    asyncio.run(main())
