"""Pilot: the workload form's cloud-model picker says which models their provider retired, and picking one warns."""

from __future__ import annotations

from textual.widgets import Input, Select, Static

from tests.tui.conftest import drive, make_app, settle


def test_the_model_picker_marks_a_retired_model_and_choosing_it_warns(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        await pilot.press("2", "a")
        await settle(pilot)
        form = app.screen
        form.query_one("#field-id", Input).value = "review"
        form.query_one("#field-name", Input).value = "Code review"
        form.query_one("#field-kind", Select).value = "code_review"
        form.query_one("#field-users", Input).value = "40"
        picker = form.query_one("#field-cloud_model", Select)
        picker.value = "claude-3.5-sonnet"
        await pilot.pause()
        shown = str(picker.query_one("SelectCurrent Static#label", Static).render())
        assert shown == "Claude 3.5 Sonnet (claude-3.5-sonnet), retired 2025-10-22"
        await pilot.click("#save")
        await settle(pilot)
        result = next(w for w in app.session.evaluation.workloads if w.id == "review")
        assert any("retired by its provider from 2025-10-22" in str(w) for w in result.warnings)

    drive(app, scenario)
