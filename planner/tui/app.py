"""The planner app: six screens on tabs over one immutable Plan, re-evaluated after every edit.

Data flow: a screen (tui/panes) posts a PlanEdit message whose change builds a new Plan
(`planner.tui.edits`); the app applies it, the PlanSession validates and evaluates
it and keeps the old one for undo, then the visible screen redraws from the new Evaluation (the
others redraw when they are opened). Saving goes through the session, which never writes an invalid
plan and never overwrites a file that changed on disk.

Screens own their keys (a / e / d) and dialogs (tui/panes); the app keeps the app-wide keys, the
session, and the background evaluation. File dialogs are in tui/files.py, the palette in tui/commands.py.

Start-up: the first frame is the app's frame (title with "opening N workloads…", tabs, keys, a loading
indicator), drawn with nothing but Textual imported; then a worker imports the domain, reads the catalogs
and the plan and evaluates it (tui/files.py), and the open screen is built with the plan. The other
screens are built the first time they are opened, and dialogs are imported when first shown. A plan is
opened with its own evaluation only; its named scenarios are evaluated in the background after its
first frame (the Overview says "evaluating…" meanwhile; save and export wait for them).

Large plans are evaluated, and every plan's ranges drawn, in worker threads (tui/background.py).
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import TabbedContent, TabPane, Tabs

from planner.errors import PlannerError
from planner.tui.files import FileFlows
from planner.tui.heap import keep_out_of_collections
from planner.tui.messages import PlanEdit
from planner.tui.panes.base import Pane
from planner.tui.background import BackgroundRanges, Evaluated, Evaluations, RangesProgress
from planner.tui.widgets import KeysFooter, PacedScreen, TitleHeader
from planner.i18n import N_, _, ngettext, set_language

if TYPE_CHECKING:  # the domain (pydantic, the model classes) is imported after the first frame, by the worker that opens the plan
    from planner.domain.catalog import Catalog
    from planner.domain.plan import Plan
    from planner.tui.render import Money
    from planner.tui.session import PlanSession


TABS: list[tuple[str, str, str]] = [
    ("overview", N_("Overview"), "overview:OverviewPane"),
    ("workloads", N_("Workloads"), "workloads:WorkloadsPane"),
    ("placement", N_("Placement"), "placement:PlacementPane"),
    ("hardware", N_("Hardware"), "hardware:HardwarePane"),
    ("timeline", N_("Timeline"), "timeline:TimelinePane"),
    ("costs", N_("Costs"), "costs:CostsPane"),
]
"""(tab id, label (English msgid, shown translated), pane as module:class under planner.tui.panes); a pane's module is imported when it is first opened."""
FIRST_TAB = "overview"


def pane_class(tab: str) -> type[Pane]:
    """The Pane subclass of a tab (imports its module)."""
    module, name = next(spec for t, _label, spec in TABS if t == tab).split(":")
    return getattr(importlib.import_module(f"planner.tui.panes.{module}"), name)
UNSAVED_MARK = " [+]"
"""Shown after the file name in the title while there are unsaved changes."""
RECOMPUTING_MARK = N_("  · recomputing…")
"""Shown in the header after the plan name while a large plan is being evaluated in the background."""


SESSION_ACTIONS = frozenset({"save", "save_as", "export", "undo", "redo", "toggle_currency", "reload"})
APP_ACTIONS = SESSION_ACTIONS | {"show_tab", "help", "quit", "focus_tabs", "new", "open"}
"""Actions switched off while a dialog is open (ctrl+s / ctrl+e are priority keys and would reach them)."""



class WorkerThreads(ThreadPoolExecutor):
    """The app loop's default executor, where Textual runs thread workers (evaluations, ranges, a large plan
    being opened): closing the loop does not wait for a worker still computing (its result would be dropped),
    so quitting is immediate; `run_app` then ends the process without waiting for it either."""

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=False, cancel_futures=True)


class PlannerApp(App[int]):
    """Edit a migration plan and see every number change."""

    CSS_PATH = "planner.tcss"
    TITLE = "planner"
    BINDINGS = [
        *[Binding(str(i), f"show_tab('{tab}')", label, id=f"show-{tab}", show=False) for i, (tab, label, _) in enumerate(TABS, 1)],
        Binding("ctrl+s", "save", N_("Save"), id="save", priority=True, tooltip=N_("Save the plan (atomic, canonical)")),
        Binding("ctrl+n", "new", N_("New"), id="new", priority=True, tooltip=N_("A new blank plan file, with a guided start"), show=False),
        Binding("ctrl+o", "open", N_("Open"), id="open", priority=True, tooltip=N_("Open another plan file"), show=False),
        Binding("ctrl+e", "export", N_("Export"), id="export", priority=True, tooltip=N_("Export the evaluated plan"), show=False),
        Binding("ctrl+z", "undo", N_("Undo"), id="undo", tooltip=N_("Undo the last edit")),
        Binding("ctrl+y", "redo", N_("Redo"), id="redo", tooltip=N_("Redo an undone edit"), show=False),
        Binding("dollar_sign,u", "toggle_currency", "KRW/USD", id="toggle-currency", tooltip=N_("Show money in KRW or USD"), show=False),
        Binding("question_mark", "help", N_("Help"), id="help", tooltip=N_("Keys and screens")),
        Binding("q", "quit", N_("Quit"), id="quit", tooltip=N_("Quit (asks when there are unsaved changes)")),
        Binding("escape", "focus_tabs", N_("Leave field"), id="focus-tabs", show=False, tooltip=N_("Leave a field (then 1-6 switch screens)")),
    ]

    def __init__(self, catalog: Catalog | None, path: Path | None = None, *, example: Path, catalog_dir: str | None = None, cursor_blink: bool = True, ranges: bool = True):
        """`catalog`: the catalogs, or None to read them (shipped, or `catalog_dir` over them) when the first plan is opened."""
        super().__init__()
        self._catalog = catalog
        self._catalog_dir = catalog_dir
        self._catalog_lock = threading.Lock()
        self.start_error: PlannerError | None = None
        """Why the app could not start (the catalogs): `run_app` raises it once the app has closed."""
        self.first_frame_drawn = False
        self.start_path = path
        self.example = example
        self.cursor_blink = cursor_blink
        """Off in snapshot tests so screenshots do not depend on timing."""
        self.session: PlanSession | None = None
        self.currency = "KRW"
        self.last_export: Path | None = None
        self.panes: dict[str, Pane] = {}
        """The screens built so far, by tab id (a screen is built the first time it is opened)."""
        self._binding_state: tuple[bool, bool, bool] | None = None
        """What check_action read when the footer was last refreshed (it rebuilds every key on a refresh)."""
        self.files = FileFlows(self)
        self.evaluations = Evaluations(self)
        self.ranges = BackgroundRanges(self, ranges)
        self._collector_paused = False
        """The app turned the cyclic collector off until the first frame of the plan it opens at start is drawn (see `on_load`)."""
        self._terminal_lost = False

    # --- layout -------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return PacedScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield TitleHeader(icon="≡")
        with TabbedContent(id="tabs", initial=FIRST_TAB):
            for i, (tab, label, _pane) in enumerate(TABS, 1):
                yield TabPane(f"{i} {_(label)}", id=tab)  # its screen is built with the first plan (see `pane`)
        yield KeysFooter()

    @property
    def catalog(self) -> Catalog:
        """The catalogs, read the first time they are asked for (by the worker that opens the first plan, after the
        first frame); raises PlannerError when they cannot be read."""
        with self._catalog_lock:
            if self._catalog is None:
                from planner.store.catalogs import load_catalog

                self._catalog = load_catalog(self._catalog_dir)
            return self._catalog

    def cannot_start(self, error: PlannerError) -> None:
        """The catalogs cannot be read: close the app; `run_app` raises `error` (the command line shows it)."""
        self.start_error = error
        self.exit(error.exit_code, return_code=error.exit_code)

    def _new_pane(self, tab: str) -> Pane:
        pane = pane_class(tab)(id=f"pane-{tab}")
        self.panes[tab] = pane
        return pane

    async def pane(self, tab: str) -> Pane | None:
        """The screen of `tab`, built (mounted, and drawn when there is a plan) if it was not yet; None while the
        plan the app starts on is being opened (the screens need the catalogs it reads)."""
        pane = self.panes.get(tab)
        if pane is None:
            if self.files.opening is not None or self._catalog is None:
                return None
            # While the new screen mounts, the hidden one would hand focus to a hidden sibling,
            # which switches the tabs back (TabPane.Focused): let go of it first.
            focused = self.screen.focused
            if focused is not None and any(isinstance(a, TabPane) and a.id != tab for a in focused.ancestors):
                self.screen.set_focus(None)
            pane = self._new_pane(tab)
            await self.query_one(f"TabPane#{tab}", TabPane).mount(pane)
        if self.session is not None and pane.stale and not self.session.pending:
            pane.show()
            pane.stale = False
        return pane

    def on_load(self) -> None:
        asyncio.get_running_loop().set_default_executor(WorkerThreads(thread_name_prefix="planner-worker"))
        # Building the first screen allocates tens of thousands of objects that all stay alive: the
        # cyclic collector would walk the whole heap again and again meanwhile without finding garbage.
        if gc.isenabled():
            gc.disable()
            self._collector_paused = True

    def _first_frame_drawn(self) -> None:
        """The plan is opened (in a worker); the collector stays off until the plan's first frame is drawn
        (`collector_back`), or comes back now when no plan is being opened."""
        self.first_frame_drawn = True
        if self.files.opening is None:
            self.collector_back()
        self.files.start_opening()

    def collector_back(self) -> None:
        """The collector back on (off since `on_load`), with what the start built (modules, the first screen, the
        domain, the catalogs, the plan, its evaluation and its screen: all long-lived) out of its reach. Until then
        it would walk those young objects again and again without finding garbage (~60 young collections while the
        plan's screen is built after the worker)."""
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()
        keep_out_of_collections()

    def on_unmount(self) -> None:
        if self._collector_paused:  # closed before its first frame
            self._collector_paused = False
            gc.enable()

    def on_mount(self) -> None:
        self.call_after_refresh(self._first_frame_drawn)
        if not self.is_headless:
            from planner.tui import terminal

            terminal.watch(self.terminal_lost, self.call_from_thread)
        self.update_title()
        if self.start_path is None or self.start_path.exists():
            self.files.open_at_start(self.start_path)
            return
        try:
            self.catalog  # a new plan is made from them
        except PlannerError as error:
            self.cannot_start(error)
            return
        self.files.offer_templates(self.start_path)

    def terminal_lost(self) -> None:
        """The terminal hung up or its input ended (`planner.tui.terminal`): keep unsaved edits in a file of their own
        beside the plan, then end (exit code 1). There is no one to ask and nowhere to show an error."""
        if self._terminal_lost:
            return
        self._terminal_lost = True
        session = self.session
        if session is not None and session.dirty:
            from datetime import datetime

            from planner.tui import terminal

            try:
                terminal.keep_unsaved(session.unsaved_text(), session.path, datetime.now())
            except OSError:
                pass
        self.exit(return_code=1)

    @property
    def active_tab(self) -> str:
        return self.query_one("#tabs", TabbedContent).active

    @property
    def active_pane(self) -> Pane | None:
        """The open screen, when it has been built."""
        return self.panes.get(self.active_tab)

    @property
    def money(self) -> Money:
        """Formats KRW amounts in the chosen currency at the plan's exchange rate."""
        from planner.tui.render import Money

        rate = 0.0
        if self.session is not None:
            value = self.session.evaluation.assumptions.get("krw_per_usd", 0)
            rate = float(value) if isinstance(value, (int, float)) else 0.0
        return Money(self.currency, rate)

    def set_session(self, session: PlanSession) -> None:
        """Show `session`'s plan (a file was opened); the open screen is built if it was not yet."""
        self.session = session
        self.evaluations.forget_waiting()  # meant for the plan that was open
        self.refresh_view()
        self.focus_pane()
        if session.scenarios_pending:
            self.call_after_refresh(self.evaluations.scenarios)  # in the background, after its first frame
        if session.path is not None:
            from planner.tui import terminal

            kept = terminal.kept_unsaved(session.path)
            if kept:
                self.notify(
                    ngettext(
                        "Unsaved edits of a session that lost its terminal are in {file}: open it (ctrl+o) to compare or keep them",
                        "Unsaved edits of {n} sessions that lost their terminal are kept beside the plan, the latest in {file}: open it (ctrl+o) to compare or keep them",
                        len(kept), file=kept[-1].name,
                    ),
                    severity="warning",
                    timeout=30,
                )

    def focus_pane(self) -> None:
        """Focus the open screen's main widget (the tab bar when it has none, so 1-6 keep working)."""
        pane = self.active_pane
        widget = pane.main_widget() if pane else None
        if widget is None:
            widget = self.query_one("#tabs", TabbedContent).query_one(Tabs)
        self.call_after_refresh(widget.focus)

    def action_focus_tabs(self) -> None:
        self.query_one("#tabs", TabbedContent).query_one(Tabs).focus()

    # --- redrawing ----------------------------------------------------------------------------

    def refresh_view(self) -> None:
        """After an edit: the visible screen redraws now (or when a pending evaluation arrives), the others when opened."""
        for pane in self.panes.values():
            pane.stale = True
        self.ranges.if_needed()  # first: the screen drawn next shows that they are being computed
        self.show_active()
        self.update_title()
        session = self.session
        state = (session is not None, session is not None and session.can_undo, session is not None and session.can_redo)
        if state != self._binding_state:  # the footer is rebuilt on each refresh: a typed key would relayout the screen
            self._binding_state = state
            self.refresh_bindings()

    def show_active(self) -> None:
        pane = self.active_pane
        if pane is not None and self.session is not None and not self.session.pending:
            pane.show()
            pane.stale = False

    def update_title(self) -> None:
        if self.session is None:
            self.title, self.sub_title = "planner", ""
            return
        self.title = self.session.display_name + (UNSAVED_MARK if self.session.dirty else "")
        self.sub_title = self.session.plan.name
        self.show_recomputing()

    def show_recomputing(self) -> None:
        """"recomputing…" after the title while an evaluation of the plan on screen runs. Not while keys typed in a field
        wait for their pause (TYPING_PAUSE_S): the mark would be drawn in the key's frame, and a frame that changes the
        title and a field draws every widget between them (Textual renders the area around all the changes)."""
        session = self.session
        self.query_one(TitleHeader).set_mark(_(RECOMPUTING_MARK) if session is not None and session.pending and self.evaluations.running else "")

    @on(TabbedContent.TabActivated)
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id is not None:
            await self.pane(event.pane.id)
        self.refresh_bindings()

    async def action_show_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab
        await self.pane(tab)
        self.focus_pane()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in APP_ACTIONS and isinstance(self.screen, ModalScreen):
            return False
        if action in SESSION_ACTIONS and self.session is None:
            return False
        if action == "undo":
            return True if self.session.can_undo else None  # type: ignore[union-attr]
        if action == "redo":
            return True if self.session.can_redo else None  # type: ignore[union-attr]
        return True

    # --- editing ------------------------------------------------------------------------------

    def show_error(self, title: str, error: Exception) -> None:
        from planner.tui.dialogs.basic import MessageDialog

        self.push_screen(MessageDialog(title, str(error)))

    @on(PlanEdit)
    def _plan_edit(self, message: PlanEdit) -> None:
        session = self.session
        if session is None:
            return
        from planner.tui.edits import FieldInvalid

        try:
            plan = message.change(session.plan)
        except (FieldInvalid, PlannerError, KeyError) as error:  # KeyError: the row went meanwhile
            self.show_error(message.failure, error)
            return
        if self.edit_plan(plan, message.coalesce) and message.notice:
            self.notify(message.notice)

    def edit_plan(self, plan: Plan, coalesce: str | None = None) -> bool:
        """Make `plan` current (validated, and evaluated now or in the background) and redraw; an error shows in a dialog."""
        session = self.session
        assert session is not None
        try:
            if self.evaluations.off_thread(plan):
                changed = session.stage(plan, coalesce)
            else:
                changed = session.apply(plan, coalesce)
        except PlannerError as error:
            self.show_error(_("Edit not applied"), error)
            return False
        if changed:
            self.evaluations.typing = coalesce is not None
            self.evaluations.if_pending(typing=self.evaluations.typing)
            self.refresh_view()
        return changed

    # --- work off the UI thread (planner.tui.background) -------------------------------------

    @on(Evaluated)
    def _evaluated(self, message: Evaluated) -> None:
        self.evaluations.arrived(message)

    @on(RangesProgress)
    def _ranges_progress(self, message: RangesProgress) -> None:
        self.ranges.progressed(message)

    def action_undo(self) -> None:
        self._history(self.session.undo if self.session else None, _("Nothing to undo"))

    def action_redo(self) -> None:
        self._history(self.session.redo if self.session else None, _("Nothing to redo"))

    def _history(self, step: Callable[[bool], bool] | None, nothing: str) -> None:
        if step is None:
            return
        session = self.session
        assert session is not None
        try:
            moved = step(not self.evaluations.off_thread(session.plan))
        except PlannerError as error:
            self.show_error(_("Cannot go there"), error)
            return
        if moved:
            self.evaluations.if_pending()
            self.refresh_view()
        else:
            self.notify(nothing, severity="warning")

    def action_toggle_currency(self) -> None:
        self.currency = "USD" if self.currency == "KRW" else "KRW"
        self.refresh_view()
        self.notify(_("Money in {currency}", currency=self.currency))

    def action_help(self) -> None:
        from planner.tui.dialogs.basic import HelpDialog
        from planner.tui.help import help_text

        pane = self.active_pane
        self.push_screen(HelpDialog(help_text([*(pane.BINDINGS if pane else []), *self.BINDINGS])))

    # --- files (planner.tui.files) and the command palette (planner.tui.commands) ---------------

    def action_save(self) -> None:
        self.files.save()

    def action_save_as(self) -> None:
        self.files.save_as()

    def action_new(self) -> None:
        if not self._still_opening():
            self.files.new()

    def action_open(self) -> None:
        if not self._still_opening():
            self.files.open()

    def _still_opening(self) -> bool:
        """The plan the app starts on is still being opened (it would replace a plan chosen meanwhile): say so, and
        that ctrl+n / ctrl+o work once it is on screen."""
        if self.files.opening is None:
            return False
        self.notify(_("Still opening {plan}: open or create another plan once it is on screen", plan=self.title), severity="warning")
        return True

    def action_import(self) -> None:
        self.files.import_inventory()

    def action_reload(self) -> None:
        if self.session is not None and self.session.path is not None:
            self.files.reload()

    def action_export(self, fmt: str | None = None) -> None:
        self.files.export(fmt)

    async def action_quit(self) -> None:
        self.files.quit()

    async def action_language(self, lang: str) -> None:
        """Show everything in `lang` from now on: every screen built so far is drawn again in it."""
        set_language(lang)
        tabs = self.query_one("#tabs", TabbedContent)
        for i, (tab, label, _pane) in enumerate(TABS, 1):
            tabs.get_tab(tab).label = f"{i} {_(label)}"
        for pane in self.panes.values():
            await pane.relabel()
            pane.stale = True
        self.refresh_view()
        self.focus_pane()
        self.refresh_bindings()
        self.notify(_("Language: English") if lang == "en" else _("Language: Korean"))

    def action_command_palette(self) -> None:
        """Textual's command palette, its search prompt in the current language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_("Search for commands…")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from planner.tui.commands import system_commands

        return system_commands(self, screen, super().get_system_commands(screen))
