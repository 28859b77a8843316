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
