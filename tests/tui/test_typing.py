"""What a user types stays what they typed, while evaluations of the plans their earlier keys made
finish in the background: fast bursts, a held Backspace (30 ms key repeat) and a paste, in every
numeric field of the Overview and of the workload form.

Every plan is evaluated in the background here (as plans of more than BACKGROUND_WORKLOADS are), each
evaluation taking EVALUATION_S longer than the key repeat, so that results arrive between keys the way
they do for a plan of thousands of workloads, at the cost of a small one."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

import time

from planner.tui import background
from planner.tui.session import PlanSession
from planner.tui.dialogs.workload_form import WorkloadDialog
from tests.tui.conftest import drive, make_app, screen_text, settle, wait_for

REPEAT_S = 0.03
"""A held key's repeat interval."""
EVALUATION_S = 0.1
"""How long each background evaluation takes here (a 1,000-workload plan's, on a loaded machine)."""

OVERVIEW_FIELDS = [  # (input id, where the plan holds it, the text a user ends with)
    ("plan-horizon", lambda plan: plan.horizon_months, "48"),
    ("org-employees", lambda plan: plan.organization.employees, "12500"),
    ("org-ml-engineers", lambda plan: plan.organization.ml_engineers, "7"),
    ("org-budget", lambda plan: plan.organization.budget_3y_krw, "2000000001"),
]


@pytest.fixture
def big_plan(plan_copy, monkeypatch) -> Path:
    monkeypatch.setattr(background, "BACKGROUND_WORKLOADS", 0)
    evaluate = PlanSession.evaluate

    def slow(self, plan):
        time.sleep(EVALUATION_S)  # in the worker thread: the keys keep coming meanwhile
        return evaluate(self, plan)

    monkeypatch.setattr(PlanSession, "evaluate", slow)
    return plan_copy("large-enterprise")


async def _hold_backspace(pilot, times: int) -> None:
    for _ in range(times):
        await pilot.press("backspace")
        await asyncio.sleep(REPEAT_S)


async def _type(pilot, text: str, burst: bool) -> None:
    if burst:
        await pilot.press(*text)
    else:
        for char in text:
            await pilot.press(char)
            await asyncio.sleep(REPEAT_S)


async def _paste(pilot, widget: Input, text: str) -> None:
    widget.post_message(events.Paste(text))
    await pilot.pause()


async def _settled(pilot, app) -> None:
    await wait_for(pilot, lambda: not app.session.pending)
    await settle(pilot)


def test_overview_fields_keep_what_was_typed_while_evaluations_finish(big_plan):
    app = make_app(big_plan)

    async def scenario(pilot):
        for input_id, held, final in OVERVIEW_FIELDS:
            widget = app.query_one(f"#{input_id}", Input)
            widget.focus()
            await pilot.press("end")
            before = widget.value
            # a held Backspace through the empty (invalid) field, then a burst, then more held keys
            await _hold_backspace(pilot, len(before) + 2)
            await _type(pilot, "999", burst=True)
            await _hold_backspace(pilot, 3)
            await _type(pilot, final[: len(final) // 2], burst=False)
            await _paste(pilot, widget, final[len(final) // 2 :])
            assert widget.value == final, input_id
            await _settled(pilot, app)
            assert widget.value == final, f"{input_id}: the field shows {widget.value!r}, typed {final!r}"
            assert widget.cursor_position == len(final), input_id
            assert str(held(app.session.plan)) == final, input_id

    drive(app, scenario)


def test_workload_form_keeps_what_was_typed(big_plan):
    app = make_app(big_plan)
    typed = {"users": "345", "requests_per_user_per_day": "12", "input_tokens": "1500", "output_tokens": "250", "days_per_month": "21"}

    async def scenario(pilot):
        await pilot.press("2", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, WorkloadDialog))
        form = app.screen
        for field, final in typed.items():
            widget = form.query_one(f"#field-{field}", Input)
            widget.focus()
            await pilot.press("end")
            await _hold_backspace(pilot, len(widget.value) + 1)
            await _type(pilot, final[:-1], burst=True)
            await _paste(pilot, widget, final[-1:])
            assert widget.value == final, field
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, WorkloadDialog))
        await _settled(pilot, app)
        workload = app.session.plan.workloads[0]
        assert {field: f"{getattr(workload, field):g}" for field in typed} == typed

    drive(app, scenario)


def test_a_key_typed_in_a_field_is_drawn_without_laying_the_screen_out_again(plan_copy):
    """Textual's Input lays the whole screen out again whenever its text's width changes (each character typed or
    deleted: the Overview's ~60 widgets); the app's fields have a fixed size, so a key only redraws the field. Text
    longer than the field still scrolls with the cursor."""
    app = make_app(plan_copy("large-enterprise"))

    async def scenario(pilot):
        screen = app.screen
        layouts = []
        refresh_layout = screen._refresh_layout

        def counted(*args, **kwargs):
            layouts.append(app.focused)
            return refresh_layout(*args, **kwargs)

        screen._refresh_layout = counted
        widget = app.query_one("#plan-name", Input)
        widget.focus()
        await pilot.press("end", "x")  # the first edit: the footer gets its undo key (a layout of its own)
        await _settled(pilot, app)
        layouts.clear()
        typed = "-a-long-suffix"
        for char in typed:
            await pilot.press(char)
        await pilot.press("backspace", "backspace")
        await _settled(pilot, app)
        name = widget.value
        assert name.endswith("x" + typed[:-2]) and len(name) > widget.content_region.width
        assert layouts == [], f"{len(layouts)} layouts of the screen for {len(typed) + 2} keys"
        assert app.session.plan.name == name
        row = screen_text(app).splitlines()[widget.content_region.y]
        assert typed[-8:-2] in row  # scrolled to the cursor at the end of the text
        assert widget.scroll_offset.x > 0

    drive(app, scenario)
