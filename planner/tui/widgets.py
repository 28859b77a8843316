"""Widgets shared by the screens: inputs that respect the app's blink setting, text charts that fit their width, and a
header and footer that redraw without laying the whole screen out again. The keyed table is in planner.tui.table (Textual's
DataTable, imported by the screens that show one: not before the app's first frame)."""

from __future__ import annotations

from time import monotonic
from typing import Callable

from rich.style import Style
from textual import events
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget
from textual.reactive import reactive
from textual.renderables.bar import Bar as BarRenderable
from textual.validation import ValidationResult
from textual.screen import UPDATE_PERIOD, Screen
from textual.timer import Timer
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Input, Static
from textual.widgets._footer import FooterKey
from textual.widgets._header import HeaderClockSpace, HeaderIcon, HeaderTitle
from planner.i18n import N_, _, get_language


def show_text(widget: Static, content: str | Text, layout: bool = True) -> None:
    """Put `content` in a Static (or Label) unless it shows exactly that already.

    An update re-wraps the text and lays the screen out again, which costs milliseconds per
    widget on every edit; most texts on a screen do not change with one edit. `layout=False` for a
    widget whose size does not depend on its text (a fixed or fractional height): the screen is not
    laid out again (tens of milliseconds beside a 1,000-row table). A text whose width its container sets
    (not `auto`) and whose height is its lines' is laid out again only when it takes another number of lines
    (the Overview's strategy line changes with every evaluation, its height seldom).
    """
    shown = getattr(widget, "_planner_shown", None)
    if shown == content and type(shown) is type(content):
        return
    widget._planner_shown = content  # type: ignore[attr-defined]
    size = widget.content_size
    width, height = widget.styles.width, widget.styles.height
    if not layout or not size.width or (width is not None and width.is_auto) or height is None or not height.is_auto:
        widget.update(capped(content), layout=layout)
        return
    widget.update(capped(content), layout=False)
    if widget.get_content_height(size, size, size.width) != size.height:
        widget.refresh(layout=True)


TEXT_LINES_SHOWN = 400
"""Lines a block of text on a screen shows at most (a program limit; tables show every row): Textual wraps and
renders every line of a Static when the screen is laid out, and the rented-GPU quotes of a 10,000-workload plan
(20,000 lines) kept the Hardware screen from drawing for ~8 s. Beyond it, one line says how many more there are."""


def capped(content: str | Text) -> str | Text:
    """A Text cut to TEXT_LINES_SHOWN lines, with a last line saying how many were left out and where they all are
    (a str is a one-line label or message, and may hold markup that cutting could break: as it is)."""
    if not isinstance(content, Text) or content.plain.count("\n") < TEXT_LINES_SHOWN:
        return content
    lines = content.split("\n")
    kept = Text("\n").join(lines[:TEXT_LINES_SHOWN])
    note = _("… {count} more lines not shown on this screen (`planner show` lists them all)", count=f"{len(lines) - TEXT_LINES_SHOWN:,}")
    kept.append("\n" + note, style="italic grey62")
    return kept


class PlannerInput(Input):
    """An Input whose cursor blinks only when the app says so (snapshot tests turn it off)."""

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)

    async def _on_key(self, event: events.Key) -> None:
        """Textual's, with the field's own editing keys (backspace, ctrl+u, home, arrows, ...) acting at once, in the
        order they came among the characters typed. Textual runs a bound key once it has bubbled up to the app, and
        characters typed right after it (a fast typist, a key macro, keys that came while the app drew an evaluation)
        went into the field first: 500, ctrl+u 1 2 0 0 gave 1200 in the plan and an empty field
        (Textualize/textual#6605)."""
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)

    def _watch_value(self, value: str) -> None:
        """Textual's, without laying the screen out again for each key. Textual's Input keeps its text's width as
        its virtual width (how far it scrolls) in a reactive that lays the whole screen out when it changes, so each
        character typed or deleted did (the Overview's ~60 widgets: ~5 ms a key). A field whose size does not depend
        on its text (no `auto` width or height: every field of the app) takes the new width as it is; the cursor is
        scrolled into view against it as before."""
        if not self.styles.auto_dimensions:
            self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))  # Textual's setting of it then changes nothing
        super()._watch_value(value)

    def validate(self, value: str) -> ValidationResult | None:
        """Textual's validation (`-invalid` while a validator fails) without the `-valid` class Textual adds on the
        first value: nothing styles it, and adding a class restyles the field (the Overview's fields get their first
        values as the app starts, before its first frame)."""
        if not self.validators or (self.valid_empty and not value):
            self._valid, result = True, None
        else:
            result = ValidationResult.merge([validator.validate(value) for validator in self.validators])
            self._valid = result.is_valid
        self.set_class(not self._valid, "-invalid")
        return result


class Drawing(Widget):
    """A widget that draws text from a function of its width (charts redraw when resized)."""

    DEFAULT_CSS = "Drawing { height: auto; }"

    def __init__(self, draw: Callable[[int], Text] | None = None, **kwargs):
        super().__init__(**kwargs)
        self._draw = draw or (lambda width: Text())
        self._drawn: tuple[int, Text] | None = None
        """The last drawing and the width it was made for."""

    def draw_with(self, draw: Callable[[int], Text]) -> None:
        """Replace the drawing function and redraw (unless it draws the same at the current width). The screen is laid
        out again only if the drawing takes another number of lines (the TCO bars change with most edits, their count
        seldom)."""
        self._draw = draw
        layout = True
        if self._drawn is not None:
            width, drawn = self._drawn
            if width == max(20, self.size.width):
                now = draw(width)
                if now == drawn:
                    return
                layout = len(now.plain.splitlines()) != len(drawn.plain.splitlines())
        self._drawn = None
        self.refresh(layout=layout)

    def render(self) -> Text:
        width = max(20, self.size.width)
        drawn = self._draw(width)
        self._drawn = (width, drawn)
        return drawn

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self._draw(max(20, width)).plain.splitlines()))


TEXTUAL_KEYS = (N_("palette"), N_("Open the command palette"))
"""Textual's own key descriptions the footer shows (translated like ours)."""


class ProgressLine(Widget, can_focus=False):
    """Textual's ProgressBar (bar and percentage, no ETA) as one widget, drawn the same way: the stock one is three
    widgets (with their styles) and a once-a-second timer, and the Overview shows one (the ranges being drawn) on the
    app's first frame."""

    BAR_WIDTH = 32
    """The bar's cells (Textual's Bar); the percentage takes 5 more, right-aligned."""
    COMPONENT_CLASSES = {"bar--bar", "bar--complete"}
    DEFAULT_CSS = """
    ProgressLine {
        width: 37;
        height: 1;
        & > .bar--bar {
            color: $primary;
            background: $surface;
        }
        & > .bar--complete {
            color: $success;
            background: $surface;
        }
    }
    """

    percentage: reactive[float] = reactive(0.0)
    """Done, 0..1."""

    def update(self, progress: float, total: float = 100) -> None:
        self.percentage = min(max(progress / total, 0.0), 1.0) if total else 0.0

    def render(self) -> Text:
        done = self.percentage
        style = self.get_component_rich_style("bar--bar" if done < 1 else "bar--complete")
        shown = int(done * self.BAR_WIDTH * 2) / (self.BAR_WIDTH * 2)  # to the half cell, as Textual's Bar keeps it
        bar = BarRenderable((0, self.BAR_WIDTH * shown), Style.from_color(style.color), Style.from_color(style.bgcolor), width=self.BAR_WIDTH)
        text = next(iter(bar.__rich_console__(self.app.console, None)))  # type: ignore[arg-type]  # one Text (the options are only read without a width)
        text.append(f"{round(done * 100)}%".rjust(5))
        return text


class KeysFooter(Footer):
    """Textual's Footer, rebuilt only when the keys it shows (or whether they are enabled) change.

    The stock Footer rebuilds all its key widgets on every bindings refresh, which the app asks for
    after each edit, focus change and tab switch.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None
        self._pending = False

    def _keys(self) -> tuple:
        bindings = self.screen.active_bindings
        shown = tuple((b.key, b.action, b.description, enabled, tooltip) for _node, b, enabled, tooltip in bindings.values() if b.show)
        palette = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return shown, (palette[1].key, palette[2]) if palette else None, self.compact, self.show_command_palette, get_language()

    def compose(self) -> ComposeResult:
        """Textual's keys, their descriptions and tooltips (English msgids) in the current language. The keys are
        there from the footer's first compose (the screen's bindings are known as it mounts): Textual's Footer composes
        empty and its keys once the screen says its bindings changed, another mount and layout after the app's first
        frame; they are composed again only if they changed meanwhile."""
        if not self._bindings_ready and self.is_attached:
            self.set_reactive(Footer._bindings_ready, True)
            self._shown = self._keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description) if widget.description else ""
                if widget.tooltip:
                    widget.tooltip = _(str(widget.tooltip))
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._pending:
            return
        if self.is_attached and screen is self.screen:
            self._pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._pending = False
        keys = self._keys()
        if keys != self._shown:
            shown, self._shown = self._shown, keys
            if shown is None or not self._enable(shown, keys):
                await self.recompose()

    def _enable(self, shown: tuple, keys: tuple) -> bool:
        """When only whether keys are enabled changed (ctrl+z after the first edit, or after undoing the last one):
        dim or light up those keys where they are. A recompose mounts every key again and lays the whole screen out
        (5-20 ms with a 1,000-row table), in the frame of the edit, while its evaluation waits. False (nothing
        changed) when anything else differs."""
        (old_keys, old_palette, *rest), (new_keys, new_palette, *new_rest) = shown, keys
        if rest != new_rest or len(old_keys) != len(new_keys) or (old_palette is None) != (new_palette is None):
            return False
        if any(old[:3] + old[4:] != new[:3] + new[4:] for old, new in zip(old_keys, new_keys)):
            return False
        if old_palette is not None and old_palette[0] != new_palette[0]:
            return False
        enabled = {(key, action): on for key, action, _description, on, _tooltip in new_keys}
        widgets = list(self.query(FooterKey))
        states = []
        for widget in widgets:
            on = new_palette[1] if widget.has_class("-command-palette") else enabled.get((widget.key, widget.action))
            if on is None:
                return False
            states.append(on)
        for widget, on in zip(widgets, states):
            widget._disabled = not on  # what a click reads (FooterKey.on_mouse_down)
            widget.set_class(not on, "-disabled")
        return True


class _OneLineTitle(HeaderTitle):
    """The header's title: one line of fixed size, so a new title needs no layout of the screen."""

    def update(self, content="", *, layout: bool = False) -> None:
        super().update(content, layout=False)


class TitleHeader(Header):
    """Textual's Header (no clock) whose title changes redraw one line instead of laying out the
    whole screen again, with a `mark` after the sub-title ("recomputing…") that is not part of the
    app's sub-title (changing that repaints the whole screen)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mark = ""

    def compose(self) -> ComposeResult:
        yield HeaderIcon().data_bind(Header.icon)
        yield _OneLineTitle()
        yield HeaderClockSpace()

    def format_title(self):
        return self.app.format_title(self.screen_title, self.screen_sub_title + self.mark)

    def set_mark(self, mark: str) -> None:
        """Show `mark` after the sub-title ("" for none)."""
        if mark != self.mark:
            self.mark = mark
            for title in self.query(_OneLineTitle):  # none while the app shuts down
                title.update(self.format_title())


class PacedScreen(Screen):
    """Textual's Screen, whose frames follow each other one frame period apart when changes keep coming.

    Textual paints a screen from an interval timer on a fixed grid of 1/60 s slots, paused while nothing changes. A
    change made after a pause is painted at once, but then the timer skips a slot: the next frame comes 1-2 periods
    (17-33 ms) after that one, not one. A digit typed just after an evaluation arrived (its figures painted at once)
    waited that long to show, where the same key in an idle app shows in a few milliseconds. So a frame that painted
    something is followed, one period after it started, by a paint of what changed meanwhile (nothing, when nothing
    did): a change waits at most a period after the last frame. Textual's timer paints as before (two frames can come
    within a period, never more)."""

    _follow_up: Timer | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from planner.tui.compositor import ChangedLinesCompositor

        self._compositor = ChangedLinesCompositor()

    def _on_timer_update(self) -> None:
        started = monotonic()
        app = self.app
        painting = app.screen is self and not app._batch_count and bool(self._layout_required or self._scroll_required or self._repaint_required or self._dirty_widgets)
        super()._on_timer_update()  # (a screen under a dialog hands its changes to the dialog's screen, which paints them)
        if painting:  # one period after this frame (not after an earlier one: what changes after this one would wait)
            if self._follow_up is not None:
                self._follow_up.stop()
            self._follow_up = self.set_timer(max(0.001, started + UPDATE_PERIOD - monotonic()), self._paint_again, name="paced paint")

    def _paint_again(self) -> None:
        self._follow_up = None
        self._on_timer_update()
