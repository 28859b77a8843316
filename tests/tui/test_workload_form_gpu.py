"""Pilot: the workload form's GPU field says what a blank GPU takes."""

from __future__ import annotations

from tests.tui.conftest import drive, make_app, screen_text, settle


def test_a_blank_gpu_says_it_takes_the_plans_hardware_gpu(plan_copy):
    """defense-airgap sets `[hardware] gpu = "a100-80gb"`: a workload's blank GPU field reads "a100-80gb ([hardware])".
    The prompt went through Textual's markup, which took "[hardware]" for a style tag and showed "a100-80gb ()"."""
    app = make_app(plan_copy("defense-airgap"))

    async def scenario(pilot):
        await pilot.press("2", "e")
        await settle(pilot)
        gpu_line = next(line for line in screen_text(app).splitlines() if " GPU " in line)
        assert "a100-80gb ([hardware])" in gpu_line, gpu_line

    drive(app, scenario)
