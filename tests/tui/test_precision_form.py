"""Pilot: the workload form offers every serving precision, the 4-bit ones of today's MoE models included."""

from __future__ import annotations

from textual.widgets import Input, Select

from tests.tui.conftest import drive, make_app, settle


def test_a_workload_can_be_served_at_mxfp4_from_the_form(plan_copy):
    app = make_app(plan_copy())

    async def scenario(pilot):
        await pilot.press("2", "a")
        await settle(pilot)
        form = app.screen
        form.query_one("#field-id", Input).value = "oss"
        form.query_one("#field-name", Input).value = "gpt-oss on-prem"
        form.query_one("#field-kind", Select).value = "internal_rag"
        form.query_one("#field-users", Input).value = "50"
        form.query_one("#field-open_model", Select).value = "gpt-oss-120b"
        form.query_one("#field-precision", Select).value = "mxfp4"
        await pilot.pause()
        await pilot.click("#save")
        await settle(pilot)
        assert app.session.plan.workload("oss").precision == "mxfp4"
        groups = [g for g in app.session.evaluation.sizing.groups if "oss" in g.workloads]
        assert [g.precision for g in groups] == ["mxfp4"]

    drive(app, scenario)
