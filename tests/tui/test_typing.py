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


async def _until(condition, timeout: float = 10) -> None:
    """Wait until `condition()` holds (at most `timeout` s) without Pilot's pauses, which paint the screen themselves."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(0.005)


async def _settled(pilot, app) -> None:
    await wait_for(pilot, lambda: not app.session.pending)
    await settle(pilot)



def _layouts_of(screen, note) -> list:
    """A list that gets `note()` each time `screen` is laid out from now on."""
    layouts: list = []
    refresh_layout = screen._refresh_layout

    def counted(*args, **kwargs):
        layouts.append(note())
        return refresh_layout(*args, **kwargs)

    screen._refresh_layout = counted
    return layouts

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
        layouts = _layouts_of(app.screen, lambda: app.focused)
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


def test_an_evaluation_that_keeps_the_overviews_line_counts_redraws_it_without_laying_the_screen_out(big_plan):
    """The Overview's strategy text says the employees and the placement counts, which change with an evaluation; its
    width is its column's, so the screen is laid out again (~5-13 ms at 1,000 workloads, a key typed meanwhile waits)
    only when a text takes another number of lines."""
    app = make_app(big_plan)

    async def scenario(pilot):
        layouts = _layouts_of(app.screen, lambda: app.session.pending)
        widget = app.query_one("#org-employees", Input)
        widget.focus()
        await pilot.press("end", "1")  # the first edit: the footer gets its undo key (a layout of its own)
        await _settled(pilot, app)
        strategy = app.query_one("#overview-strategy")
        lines = strategy.size.height
        layouts.clear()
        await pilot.press("backspace")
        await _settled(pilot, app)
        employees = app.session.plan.organization.employees
        assert widget.value == str(employees)
        assert f"({employees:,} people" in screen_text(app).replace("\n", " ")  # the evaluation's text is drawn
        assert strategy.size.height == lines
        assert layouts == [], f"{len(layouts)} layouts of the screen"

    drive(app, scenario)


def test_a_text_that_takes_more_or_fewer_lines_is_laid_out_again():
    """The other side of the rule above: a text that wraps onto another line (or no longer does) gets its new height."""
    from rich.text import Text
    from textual.app import App
    from textual.containers import Vertical
    from textual.widgets import Static

    from planner.tui.widgets import show_text

    class Texts(App):
        CSS = "#column { width: 24; } #below { height: 1; }"

        def compose(self):
            with Vertical(id="column"):
                yield Static(id="text")
                yield Static("below", id="below")

    async def main() -> list[tuple[int, int, str]]:
        app = Texts()
        seen = []
        async with app.run_test(size=(40, 10)) as pilot:
            text, below = app.query_one("#text", Static), app.query_one("#below", Static)
            for content in ("one line", "two words", "a longer text that takes two lines", "one line again, longer", "short"):
                show_text(text, Text(content))
                await pilot.pause()
                lines = [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]
                seen.append((text.size.height, below.region.y, " ".join(line for line in lines[: text.size.height])))
        return seen

    assert asyncio.run(main()) == [
        (1, 1, "one line"),
        (1, 1, "two words"),
        (2, 2, "a longer text that takes two lines"),
        (1, 1, "one line again, longer"),
        (1, 1, "short"),
    ]


def test_a_key_typed_right_after_a_frame_is_drawn_by_the_screen_one_frame_period_later(plan_copy, monkeypatch):
    """Textual paints from an interval timer that, after painting the first change that follows a pause (an evaluation's
    figures, say) at once, skips a slot: a key typed right after waited 17-33 ms for its frame instead of at most one
    period. The app's screen paints again one period after a frame that painted something: here Textual's timer is held,
    and the key typed after the frame is still drawn (by no other painter). The period is made long here so that the key
    reaches the screen before it ends even on a loaded machine (a round where it did not is tried again)."""
    from planner.tui import widgets

    monkeypatch.setattr(widgets, "UPDATE_PERIOD", 0.25)
    app = make_app(plan_copy("large-enterprise"))

    async def scenario(pilot):
        screen = app.screen
        widget = app.query_one("#plan-name", Input)
        widget.focus()
        await pilot.press("end")
        await settle(pilot)
        timer = screen._update_timer
        timer.pause()
        monkeypatch.setattr(timer, "resume", lambda: None)  # Textual's timer paints nothing from here on
        drawn: list[str] = []  # the field's text at each frame written
        display = app._display

        def written(shown_screen, renderable) -> None:
            if renderable is not None:
                drawn.append(widget.value)
            display(shown_screen, renderable)

        monkeypatch.setattr(app, "_display", written)
        for attempt in range(5):
            widget.insert_text_at_cursor("y")
            await pilot.pause()  # the field is redrawn by a frame painted at once (as Textual's timer paints after a pause)
            assert drawn[-1].endswith("y")
            follow_up = getattr(screen, "_follow_up", None)
            widget.insert_text_at_cursor("z")  # typed right after that frame
            await _until(lambda: widget in screen._dirty_widgets or getattr(screen, "_follow_up", None) is not follow_up)
            if getattr(screen, "_follow_up", None) is follow_up:  # the key reached the screen within the period
                break
        await _until(lambda: drawn[-1].endswith("yz"))
        assert drawn[-1] == widget.value, f"frames written: {drawn}"

    drive(app, scenario)


def test_recomputing_shows_while_the_evaluation_runs_not_in_the_frame_of_a_typed_key(big_plan, monkeypatch):
    """The title says "recomputing…" while an evaluation runs. A key typed in a field starts one only after the keys
    pause (TYPING_PAUSE_S); putting the mark up with the key drew the title in the key's frame, and Textual renders
    everything between the changes of a frame (the title's line down to the field: most of the Overview's top)."""
    from planner.tui.app import RECOMPUTING_MARK
    from planner.tui.background import Evaluations
    from planner.tui.widgets import TitleHeader

    app = make_app(big_plan)
    seen = []  # (what happened, the plan is pending, the title's mark)
    refresh_view, run = app.refresh_view, Evaluations._run

    def redrawn():
        refresh_view()
        seen.append(("redrawn", app.session.pending, app.query_one(TitleHeader).mark))

    def started(self, session):
        run(self, session)
        seen.append(("evaluating", session.pending, app.query_one(TitleHeader).mark))

    monkeypatch.setattr(app, "refresh_view", redrawn)
    monkeypatch.setattr(Evaluations, "_run", started)

    async def scenario(pilot):
        widget = app.query_one("#org-employees", Input)
        widget.focus()
        seen.clear()  # the plan's opening
        await pilot.press("end", "1")
        await _settled(pilot, app)
        assert seen == [("redrawn", True, ""), ("evaluating", True, RECOMPUTING_MARK), ("redrawn", False, "")], seen

    drive(app, scenario)


def test_the_screen_under_a_dialog_paints_nothing_while_nothing_changes(plan_copy, monkeypatch):
    """The screen's follow-up paint is for the screen on top: a screen under a dialog hands its changes to the dialog's
    screen and marks itself for a repaint each time, so following those up painted the dialog 60 times a second (and a
    Select's type-to-search, which forgets after 0.7 s, lost letters while Pilot waited for the CPU to go idle)."""
    app = make_app(plan_copy())

    async def scenario(pilot):
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HelpDialog")
        frames = []
        display = app._display

        def written(shown_screen, renderable) -> None:
            if renderable is not None:
                frames.append(shown_screen)
            display(shown_screen, renderable)

        monkeypatch.setattr(app, "_display", written)
        await asyncio.sleep(0.5)  # not Pilot's pause, which paints
        assert frames == []

    drive(app, scenario)
