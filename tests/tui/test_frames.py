"""The frames the app writes to the terminal: a partial frame renders only the changed rows of the widgets a change
touches (planner.tui.compositor), and writes exactly what Textual's own partial frame writes."""

from __future__ import annotations

import pytest
from rich.console import Console
from textual._compositor import Compositor
from textual.widget import Widget
from textual.widgets import Input

from planner.store.plan_io import dump_plan
from planner.tui.compositor import ChangedLinesCompositor
from tests.bench.bench_engine import generated_plan
from tests.tui.conftest import drive, make_app, wait_for


def _written(update, console: Console) -> list[tuple]:
    """What a frame writes: its segments (cursor moves included) with their styles."""
    if update is None:
        return []
    return [(segment.text, segment.style, segment.control) for segment in update.__rich_console__(console, console.options)]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_each_partial_frame_writes_what_textuals_frame_writes_rendering_fewer_lines(tmp_path, monkeypatch, size):
    """A walk through the app on a 60-workload plan: digits typed in the Overview, the Workloads cursor moved, a
    workload edited (title, table row, detail pane), money switched to USD (every row, and a notice over the table),
    the table scrolled, other screens opened and edited, the help dialog opened and closed. Every partial frame the
    app's screen writes is the one Textual's compositor writes for the same changes, segment for segment (a widget
    left out, or a row rendered from the wrong place, would write less or other text); and the frames rendered
    under half the widget lines Textual's renders."""
    path = tmp_path / "sixty.toml"
    path.write_text(dump_plan(generated_plan(60)), encoding="utf-8")
    console = Console(width=size[0], height=size[1], color_system="truecolor", force_terminal=True, legacy_windows=False)
    frames: list[tuple[list[tuple], list[tuple]]] = []
    lines = {"ours": 0, "textual": 0}
    counting: list[str] = []
    render_lines = Widget.render_lines

    def counted(self, crop):
        if counting:
            lines[counting[-1]] += crop.height
        return render_lines(self, crop)

    ours = ChangedLinesCompositor.render_partial_update

    def compared(self):
        regions = set(self._dirty_regions)
        counting.append("ours")
        update = ours(self)
        counting[-1] = "textual"
        self._dirty_regions = regions
        theirs = Compositor.render_partial_update(self)
        counting.pop()
        frames.append((_written(update, console), _written(theirs, console)))
        return update

    monkeypatch.setattr(Widget, "render_lines", counted)
    monkeypatch.setattr(ChangedLinesCompositor, "render_partial_update", compared)
    app = make_app(path)

    async def scenario(pilot):
        field = app.query_one("#org-employees", Input)
        field.focus()
        await pilot.press("end", "1", "2")
        await wait_for(pilot, lambda: field.value.endswith("12") and not app.session.pending)
        await pilot.press("escape", "2")
        await wait_for(pilot, lambda: app.panes.get("workloads") is not None and app.focused is app.panes["workloads"].table)
        await pilot.press("down", "down", "down")
        await pilot.pause()
        table = app.panes["workloads"].table
        key = table.current_key
        workloads = [w.model_copy(update={"users": (w.users or 1) + 7}) if w.id == key else w for w in app.session.plan.workloads]
        app.edit_plan(app.session.plan.model_copy(update={"workloads": workloads}))
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("pagedown", "down", "end", "up")
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("down", "4")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape", "1")
        await pilot.pause()
        field.focus()
        await pilot.press("backspace", "backspace")
        await wait_for(pilot, lambda: not app.session.pending)
        await pilot.pause(0.1)

    drive(app, scenario, size=size)
    assert len(frames) >= 15
    differ = [index for index, (written, textuals) in enumerate(frames) if written != textuals]
    assert differ == []
    assert sum(bool(written) for written, _textuals in frames) >= 10
    assert lines["ours"] * 2 < lines["textual"], lines


def _undo_key_dim(app) -> bool | None:
    """Whether the footer's "Undo" is drawn dimmed (disabled: Textual fades its colours) rather than as "Save" is drawn,
    as the terminal shows them; None when either is not drawn."""
    footer = app.query_one("KeysFooter")
    styles = {segment.text.strip(): segment.style for segment in app.screen._compositor.render_strips()[footer.region.y]}
    if "Undo" not in styles or "Save" not in styles:
        return None
    return styles["Undo"] != styles["Save"]


def test_ctrl_z_lights_up_after_the_first_edit_and_dims_after_undo_without_laying_the_screen_out(tmp_path):
    """The first edit enables ctrl+z and undoing it disables it again: the footer's key is drawn lit, then dim, in
    place (the footer's keys are the same widgets), and the screen is not laid out again for it (a recompose of the
    footer mounted every key again and laid out the whole screen, with a 1,000-row table 5-20 ms, in the edit's
    frame)."""
    path = tmp_path / "sixty.toml"
    path.write_text(dump_plan(generated_plan(60)), encoding="utf-8")
    app = make_app(path)
    seen: dict[str, object] = {}

    async def scenario(pilot):
        await pilot.press("2")
        await wait_for(pilot, lambda: app.panes.get("workloads") is not None and app.focused is app.panes["workloads"].table)
        await pilot.pause(0.1)
        seen["before"] = _undo_key_dim(app)
        keys = list(app.query("FooterKey"))
        layouts: list[str] = []
        refresh_layout = app.screen._refresh_layout

        def counted(*args, **kwargs):
            layouts.append("layout")
            return refresh_layout(*args, **kwargs)

        app.screen._refresh_layout = counted
        plan = app.session.plan
        first = plan.workloads[0]
        app.edit_plan(plan.model_copy(update={"workloads": [first.model_copy(update={"users": (first.users or 1) + 1}), *plan.workloads[1:]]}))
        await wait_for(pilot, lambda: not app.session.pending and _undo_key_dim(app) is False)
        await pilot.pause(0.1)
        seen["edited"] = (_undo_key_dim(app), len(layouts), list(app.query("FooterKey")) == keys)
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: not app.session.pending and _undo_key_dim(app) is True)
        await pilot.pause(0.1)
        seen["undone"] = (_undo_key_dim(app), len(layouts), list(app.query("FooterKey")) == keys, app.session.plan is plan)

    drive(app, scenario)
    assert seen["before"] is True
    assert seen["edited"] == (False, 0, True)
    assert seen["undone"] == (True, 0, True, True)
