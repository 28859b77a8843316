"""The planner app: six screens on tabs over one immutable Plan, re-evaluated after every edit.

Data flow: an edit builds a new Plan (`planner.tui.edits`), the PlanSession validates and evaluates
it and keeps the old one for undo, then the visible screen redraws from the new Evaluation (the
others redraw when they are opened). Saving goes through the session, which never writes an invalid
plan and never overwrites a file that changed on disk.

Start-up: only the first screen is built (and its module imported) before the first frame; the
other screens are built the first time they are opened, and dialogs are imported when first shown.

Large plans (more than BACKGROUND_WORKLOADS workloads) are evaluated in a worker thread so typing
stays fluid: the edit is validated and made current at once, the title says "recomputing…", and
the screens redraw when the evaluation arrives (one evaluation runs at a time; results for a plan
that was edited again meanwhile are dropped). Keys that act on the results (add, edit, delete,
save, export) wait for it. Small plans are evaluated synchronously, as before.
"""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import TabbedContent, TabPane, Tabs

from planner.domain.catalog import Catalog
from planner.domain.plan import Plan, Workload
from planner.domain.results import Evaluation
from planner.domain.results import ScheduledTask
from planner.errors import PlannerError
from planner.store import plan_io
from planner.tui.edits import (
    FieldInvalid,
    problems_under,
    task_edits_of,
    with_hardware,
    with_override,
    with_task_edit,
    with_workload,
    without_task_edit,
    without_workload,
)
from planner.tui.panes.base import Pane
from planner.tui.render import PLACEMENT_LABEL, Money
from planner.tui.session import PlanSession
from planner.tui.widgets import KeysFooter, TitleHeader

if TYPE_CHECKING:
    from planner.tui.dialogs.override import Override
    from planner.tui.dialogs.task_edit import TaskChange

TABS: list[tuple[str, str, str]] = [
    ("overview", "Overview", "overview:OverviewPane"),
    ("workloads", "Workloads", "workloads:WorkloadsPane"),
    ("placement", "Placement", "placement:PlacementPane"),
    ("hardware", "Hardware", "hardware:HardwarePane"),
    ("timeline", "Timeline", "timeline:TimelinePane"),
    ("costs", "Costs", "costs:CostsPane"),
]
"""(tab id, label, pane as module:class under planner.tui.panes); a pane's module is imported when it is first opened."""
FIRST_TAB = "overview"


def pane_class(tab: str) -> type[Pane]:
    """The Pane subclass of a tab (imports its module)."""
    module, name = next(spec for t, _label, spec in TABS if t == tab).split(":")
    return getattr(importlib.import_module(f"planner.tui.panes.{module}"), name)
UNSAVED_MARK = " [+]"
"""Shown after the file name in the title while there are unsaved changes."""
RECOMPUTING_MARK = "  · recomputing…"
"""Shown in the header after the plan name while a large plan is being evaluated in the background."""
BACKGROUND_WORKLOADS = 200
"""Plans with more workloads than this are evaluated off the UI thread (a program limit, not a
domain figure: from about here one evaluation takes longer than a keystroke should)."""

KEY_NAMES = {"dollar_sign": "$", "question_mark": "?"}
"""How the help names keys whose Textual names are words."""

PANE_ACTIONS = frozenset({"add", "edit", "delete"})
SESSION_ACTIONS = PANE_ACTIONS | {"save", "save_as", "export", "undo", "redo", "toggle_currency", "reload"}
APP_ACTIONS = SESSION_ACTIONS | {"show_tab", "help", "quit", "focus_tabs"}
"""Actions switched off while a dialog is open (ctrl+s / ctrl+e are priority keys and would reach them)."""

HELP = """Screens (keys 1-6)
  1 Overview   organization, strategy, TCO by strategy, break-even, warnings
  2 Workloads  the workloads; a add, e/enter edit, d delete
  3 Placement  where each workload runs and why; e/enter override, d remove override
  4 Hardware   GPU groups, servers, load against capacity, alternatives; e choose GPUs
  5 Timeline   Gantt by phase, critical path; e/enter edit a task, d remove a task edit
  6 Costs      cost per phase by category, staff per phase, cumulative cost per strategy

Keys
{keys}

In forms: tab / shift+tab move between fields, enter saves, escape cancels.
Blank workload fields take the kind's defaults (shown dimmed).
Dialogs: y / enter yes, n / escape no.
Every command is also in the command palette (ctrl+p), e.g. "plan: save", "export: json".
"""


class Evaluated(Message):
    """A background evaluation finished: `result` is the Evaluation of `plan`, or the error."""

    def __init__(self, session: PlanSession, plan: Plan, result: Evaluation | Exception):
        super().__init__()
        self.session = session
        self.plan = plan
        self.result = result


class PlannerApp(App[int]):
    """Edit a migration plan and see every number change."""

    CSS_PATH = "planner.tcss"
    TITLE = "planner"
    BINDINGS = [
        *[Binding(str(i), f"show_tab('{tab}')", label, id=f"show-{tab}", show=False) for i, (tab, label, _) in enumerate(TABS, 1)],
        Binding("a", "add", "Add", id="add", tooltip="Add a workload"),
        Binding("e,enter", "edit", "Edit", id="edit", tooltip="Edit the highlighted row", key_display="e"),
        Binding("d", "delete", "Delete", id="delete", tooltip="Delete the highlighted row (asks first)"),
        Binding("ctrl+s", "save", "Save", id="save", priority=True, tooltip="Save the plan (atomic, canonical)"),
        Binding("ctrl+e", "export", "Export", id="export", priority=True, tooltip="Export the evaluated plan", show=False),
        Binding("ctrl+z", "undo", "Undo", id="undo", tooltip="Undo the last edit"),
        Binding("ctrl+y", "redo", "Redo", id="redo", tooltip="Redo an undone edit", show=False),
        Binding("dollar_sign,u", "toggle_currency", "KRW/USD", id="toggle-currency", tooltip="Show money in KRW or USD", show=False),
        Binding("question_mark", "help", "Help", id="help", tooltip="Keys and screens"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit (asks when there are unsaved changes)"),
        Binding("escape", "focus_tabs", "Leave field", id="focus-tabs", show=False, tooltip="Leave a field (then 1-6 switch screens)"),
    ]

    def __init__(self, catalog: Catalog, path: Path | None = None, *, example: Path, cursor_blink: bool = True):
        super().__init__()
        self.catalog = catalog
        self.start_path = path
        self.example = example
        self.cursor_blink = cursor_blink
        """Off in snapshot tests so screenshots do not depend on timing."""
        self.session: PlanSession | None = None
        self.currency = "KRW"
        self.last_export: Path | None = None
        self.panes: dict[str, Pane] = {}
        """The screens built so far, by tab id (a screen is built the first time it is opened)."""
        self._evaluating = False
        """A background evaluation is running (at most one at a time)."""
        self._after_evaluation: list[Callable[[], object]] = []
        """What to run once the pending evaluation has arrived (keys pressed meanwhile)."""

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleHeader(icon="≡")
        with TabbedContent(id="tabs", initial=FIRST_TAB):
            for i, (tab, label, _pane) in enumerate(TABS, 1):
                with TabPane(f"{i} {label}", id=tab):
                    if tab == FIRST_TAB:
                        yield self._new_pane(tab)
        yield KeysFooter()

    def _new_pane(self, tab: str) -> Pane:
        pane = pane_class(tab)(id=f"pane-{tab}")
        self.panes[tab] = pane
        return pane

    async def pane(self, tab: str) -> Pane:
        """The screen of `tab`, built (mounted, and drawn when there is a plan) if it was not yet."""
        pane = self.panes.get(tab)
        if pane is None:
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

    def on_mount(self) -> None:
        self._update_title()
        if self.start_path is None:
            self._open_example()
        elif self.start_path.exists():
            self._open_file(self.start_path, at_start=True)
        else:
            self._offer_templates(self.start_path)

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
        rate = 0.0
        if self.session is not None:
            value = self.session.evaluation.assumptions.get("krw_per_usd", 0)
            rate = float(value) if isinstance(value, (int, float)) else 0.0
        return Money(self.currency, rate)

    # --- opening ------------------------------------------------------------------------------

    def _templates(self) -> list[tuple[str, str]]:
        templates = []
        for path in sorted(self.example.parent.glob("*.toml")):
            try:
                name = str(tomllib.loads(path.read_text(encoding="utf-8")).get("name", ""))
            except (OSError, tomllib.TOMLDecodeError):
                continue
            templates.append((path.stem, name))
        return templates

    def _open_example(self) -> None:
        try:
            text = self.example.read_text(encoding="utf-8")
            self._set_session(PlanSession.untitled(text, self.catalog, self.example.stem))
        except (OSError, PlannerError) as error:
            from planner.tui.dialogs.basic import MessageDialog

            self.push_screen(MessageDialog("Cannot open the example plan", str(error)), lambda _: self.exit(1, return_code=1))

    def _open_file(self, path: Path, at_start: bool = False) -> None:
        try:
            self._set_session(PlanSession.open(path, self.catalog))
        except PlannerError as error:
            if not at_start:
                self.show_error(f"Cannot open {path.name}", error)
                return
            from planner.tui.dialogs.basic import ChoiceDialog

            choices = [("e", "Open the example instead", "example"), ("q", "Quit", "quit")]

            def chosen(choice: str | None) -> None:
                if choice == "example":
                    self._open_example()
                else:
                    self.exit(1, return_code=1)

            message = f"{error}\n\nFix the file in an editor (`planner validate {path}` lists every problem) and open it again."
            self.push_screen(ChoiceDialog(f"Cannot open {path.name}", message, choices), chosen)

    def _offer_templates(self, path: Path) -> None:
        from planner.tui.dialogs.basic import MessageDialog, TemplateDialog

        def chosen(name: str | None) -> None:
            if name is None:
                self.exit(0, return_code=0)
                return
            if not path.parent.is_dir():
                self.push_screen(MessageDialog("Cannot create the plan", f"folder {path.parent} does not exist"), lambda _: self.exit(2, return_code=2))
                return
            try:
                plan_io.write_text_atomic(path, (self.example.parent / f"{name}.toml").read_text(encoding="utf-8"))
            except OSError as error:
                self.push_screen(MessageDialog("Cannot create the plan", f"{path}: {error.strerror or error}"), lambda _: self.exit(2, return_code=2))
                return
            self._open_file(path, at_start=True)
            self.notify(f"Created {path} from template {name}")

        self.push_screen(TemplateDialog(f"{path.name} does not exist", f"Create {path} from a template:", self._templates()), chosen)

    def _set_session(self, session: PlanSession) -> None:
        self.session = session
        self._after_evaluation.clear()  # meant for the plan that was open
        self.refresh_view()
        self._focus_pane()

    def _focus_pane(self) -> None:
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
        self._show_active()
        self._update_title()
        self.refresh_bindings()

    def _show_active(self) -> None:
        pane = self.active_pane
        if pane is not None and self.session is not None and not self.session.pending:
            pane.show()
            pane.stale = False

    def _update_title(self) -> None:
        if self.session is None:
            self.title, self.sub_title = "planner", ""
            return
        self.title = self.session.display_name + (UNSAVED_MARK if self.session.dirty else "")
        self.sub_title = self.session.plan.name
        self.query_one(TitleHeader).set_mark(RECOMPUTING_MARK if self.session.pending else "")

    @on(TabbedContent.TabActivated)
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id is not None:
            await self.pane(event.pane.id)
        self.refresh_bindings()

    async def action_show_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab
        await self.pane(tab)
        self._focus_pane()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in APP_ACTIONS and isinstance(self.screen, ModalScreen):
            return False
        if action in SESSION_ACTIONS and self.session is None:
            return False
        if action in PANE_ACTIONS:
            pane = self.active_pane
            return pane is not None and action in pane.ACTIONS
        if action == "undo":
            return True if self.session.can_undo else None  # type: ignore[union-attr]
        if action == "redo":
            return True if self.session.can_redo else None  # type: ignore[union-attr]
        return True

    # --- editing ------------------------------------------------------------------------------

    def show_error(self, title: str, error: Exception) -> None:
        from planner.tui.dialogs.basic import MessageDialog

        self.push_screen(MessageDialog(title, str(error)))

    def edit_plan(self, plan, coalesce: str | None = None) -> bool:
        """Make `plan` current (validated, and evaluated now or in the background) and redraw; an error shows in a dialog."""
        session = self.session
        assert session is not None
        try:
            if self._in_background(plan):
                changed = session.stage(plan, coalesce)
            else:
                changed = session.apply(plan, coalesce)
        except PlannerError as error:
            self.show_error("Edit not applied", error)
            return False
        if changed:
            self._evaluate_if_pending()
            self.refresh_view()
        return changed

    # --- evaluating large plans in the background -----------------------------------------------

    def _in_background(self, plan: Plan) -> bool:
        """Evaluate `plan` off the UI thread (large plans, and every edit while one is pending)."""
        session = self.session
        return session is not None and (session.pending or len(plan.workloads) > BACKGROUND_WORKLOADS)

    def _evaluate_if_pending(self) -> None:
        session = self.session
        if session is not None and session.pending and not self._evaluating:
            self._evaluating = True
            self._evaluate_in_background(session, session.plan)

    @work(thread=True, group="evaluate", exit_on_error=False, description="evaluate the plan")  # a description, or Textual reprs the whole plan
    def _evaluate_in_background(self, session: PlanSession, plan: Plan) -> None:
        try:
            result: Evaluation | Exception = session.evaluate(plan)
        except Exception as error:  # PlannerError; anything else is reported the same way
            result = error
        self.post_message(Evaluated(session, plan, result))

    @on(Evaluated)
    def _evaluated(self, message: Evaluated) -> None:
        self._evaluating = False
        session = self.session
        if session is None or not session.pending:
            return
        if message.session is not session or message.plan is not session.plan:
            self._evaluate_if_pending()  # edited again meanwhile: evaluate the latest plan
            return
        if isinstance(message.result, Exception):
            session.unstage()
            self._after_evaluation.clear()
            self.refresh_view()
            error = message.result if isinstance(message.result, PlannerError) else PlannerError(f"evaluation failed: {message.result}")
            self.show_error("Edit not applied", error)
            return
        session.settle(message.plan, message.result)
        self.refresh_view()
        waiting, self._after_evaluation = self._after_evaluation, []
        for then in waiting:
            then()

    def when_evaluated(self, then: Callable[[], object]) -> None:
        """Run `then` now, or once the pending evaluation has arrived (so it sees matching results)."""
        if self.session is not None and self.session.pending:
            self._after_evaluation.append(then)
        else:
            then()

    def action_add(self) -> None:
        self.when_evaluated(lambda: self.active_pane and self.active_pane.add())

    def action_edit(self) -> None:
        self.when_evaluated(lambda: self.active_pane and self.active_pane.edit())

    def action_delete(self) -> None:
        self.when_evaluated(lambda: self.active_pane and self.active_pane.delete())

    def open_workload_form(self, workload_id: str | None) -> None:
        from planner.tui.dialogs.workload_form import WorkloadDialog

        session = self.session
        assert session is not None
        original = session.plan.workload(workload_id) if workload_id else None
        index = next((i for i, w in enumerate(session.plan.workloads) if w.id == workload_id), len(session.plan.workloads))

        def check(workload: Workload) -> dict[str, str]:
            candidate = with_workload(session.plan, workload, replaces=workload_id)
            return problems_under(session.problems(candidate), ("workloads", index))

        def done(workload: Workload | None) -> None:
            if workload is None:
                return
            if self.edit_plan(with_workload(session.plan, workload, replaces=workload_id)):
                self.when_evaluated(lambda: self._select_workload(workload.id))
                self.notify(f"{'Changed' if original else 'Added'} workload {workload.id}")

        precision = str(session.evaluation.assumptions.get("default_precision", "fp16"))
        self.push_screen(WorkloadDialog(self.catalog, original, check, precision, session.plan.hardware.gpu), done)

    def _select_workload(self, workload_id: str) -> None:
        pane = self.panes.get("workloads")
        if pane is not None:
            pane.table.select_key(workload_id)  # type: ignore[attr-defined]

    def confirm_delete_workload(self, workload_id: str) -> None:
        from planner.tui.dialogs.basic import ConfirmDialog

        session = self.session
        assert session is not None
        workload = session.plan.workload(workload_id)
        edits = task_edits_of(session.plan, workload_id)
        message = f"Delete workload {workload_id} ({workload.name})?"
        if edits:
            message += f"\nIts {len(edits)} task edit(s) are removed too."
        message += "\nctrl+z brings it back."

        def answered(yes: bool | None) -> None:
            if yes and self.edit_plan(without_workload(session.plan, workload_id)):
                self.notify(f"Deleted workload {workload_id}")

        self.push_screen(ConfirmDialog("Delete workload", message, "Delete", "Keep"), answered)

    def open_override(self, workload_id: str) -> None:
        from planner.tui.dialogs.override import OverrideDialog

        session = self.session
        assert session is not None
        workload, result = session.plan.workload(workload_id), session.evaluation.workload(workload_id)

        def done(override: Override | None) -> None:
            if override is None:
                return
            try:
                plan = with_override(session.plan, workload_id, override.placement, override.note, override.acknowledge)
            except FieldInvalid as invalid:
                self.show_error("Override not applied", invalid)
                return
            self.edit_plan(plan)

        self.push_screen(OverrideDialog(workload, result), done)

    def clear_override(self, workload_id: str) -> None:
        from planner.tui.dialogs.basic import ConfirmDialog

        session = self.session
        assert session is not None
        workload, result = session.plan.workload(workload_id), session.evaluation.workload(workload_id)
        if workload.placement is None:
            self.notify(f"{workload_id} follows the recommendation already", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.edit_plan(with_override(session.plan, workload_id, None, None, False))

        message = f"Remove the override of {workload_id} ({PLACEMENT_LABEL[workload.placement]}) and follow the recommendation ({PLACEMENT_LABEL[result.recommended]})?"
        self.push_screen(ConfirmDialog("Remove override", message, "Remove", "Keep"), answered)

    def open_task_edit(self, task: ScheduledTask) -> None:
        from planner.tui.dialogs.task_edit import TaskEditDialog

        session = self.session
        assert session is not None
        existing = next((t for t in session.plan.tasks if t.id == task.id), None)

        def done(change: TaskChange | None) -> None:
            if change is None:
                return
            try:
                plan = with_task_edit(session.plan, task.id, change.duration_days, change.lead_time_weeks, change.note)
            except FieldInvalid as invalid:
                self.show_error("Task edit not applied", invalid)
                return
            self.edit_plan(plan)

        self.push_screen(TaskEditDialog(task, existing), done)

    def confirm_remove_task_edit(self, task_id: str) -> None:
        from planner.tui.dialogs.basic import ConfirmDialog

        session = self.session
        assert session is not None

        def answered(yes: bool | None) -> None:
            if yes:
                self.edit_plan(without_task_edit(session.plan, task_id))

        self.push_screen(ConfirmDialog("Remove task edit", f"Put {task_id} back to what the template generates?", "Remove", "Keep"), answered)

    def open_hardware(self) -> None:
        from planner.tui.dialogs.hardware import HardwareDialog

        session = self.session
        assert session is not None

        def done(values: dict | None) -> None:
            if values is None:
                return
            try:
                plan = with_hardware(session.plan, values)
            except FieldInvalid as invalid:
                self.show_error("GPU choice not applied", invalid)
                return
            self.edit_plan(plan)

        self.push_screen(HardwareDialog(self.catalog, session.plan.hardware), done)

    def action_undo(self) -> None:
        self._history(self.session.undo if self.session else None, "Nothing to undo")

    def action_redo(self) -> None:
        self._history(self.session.redo if self.session else None, "Nothing to redo")

    def _history(self, step: Callable[[bool], bool] | None, nothing: str) -> None:
        if step is None:
            return
        session = self.session
        assert session is not None
        try:
            moved = step(not self._in_background(session.plan))
        except PlannerError as error:
            self.show_error("Cannot go there", error)
            return
        if moved:
            self._evaluate_if_pending()
            self.refresh_view()
        else:
            self.notify(nothing, severity="warning")

    def action_toggle_currency(self) -> None:
        self.currency = "USD" if self.currency == "KRW" else "KRW"
        self.refresh_view()
        self.notify(f"Money in {self.currency}")

    def action_help(self) -> None:
        from planner.tui.dialogs.basic import HelpDialog

        keys = []
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.action.startswith("show_tab"):
                continue
            shown = " / ".join(KEY_NAMES.get(k, k) for k in binding.key.split(","))
            keys.append(f"  {shown:<18} {binding.tooltip or binding.description}")
        keys.append("  1 .. 6             switch screens")
        keys.append("  ctrl+p             command palette")
        self.push_screen(HelpDialog(HELP.format(keys="\n".join(keys))))

    # --- saving -------------------------------------------------------------------------------

    def action_save(self) -> None:
        self.save_flow()

    def action_save_as(self) -> None:
        self.save_as_flow()

    def save_flow(self, then: Callable[[], None] | None = None) -> None:
        """Save to the plan's file: asks for a path when untitled, stops when the file changed on disk,
        warns once before hand-written comments are dropped (after a pending evaluation has arrived)."""
        from planner.tui.dialogs.basic import ConfirmDialog

        session = self.session
        if session is None:
            return
        if session.pending:
            self.when_evaluated(lambda: self.save_flow(then))
            return
        if session.path is None:
            self.save_as_flow(then)
            return
        if session.changed_on_disk():
            self.external_change_flow(then)
            return
        if session.comments and not session.comments_acknowledged:
            count, first = len(session.comments), session.comments[0]

            def answered(yes: bool | None) -> None:
                if yes:
                    session.comments_acknowledged = True
                    self.save_flow(then)

            message = (
                f"{session.path.name} has {count} hand-written comment line(s) (the first on line {first}).\n"
                "planner writes plans canonically and does not keep comments: move them into description or note fields.\n"
                "Save anyway and drop them?"
            )
            self.push_screen(ConfirmDialog("Comments will be lost", message, "Save anyway", "Don't save"), answered)
            return
        self._write(None, then)

    def save_as_flow(self, then: Callable[[], None] | None = None) -> None:
        from planner.tui.dialogs.basic import ConfirmDialog, PathDialog

        session = self.session
        if session is None:
            return
        if session.pending:
            self.when_evaluated(lambda: self.save_as_flow(then))
            return
        default = session.path if session.path else Path.cwd() / f"{session.origin or 'plan'}.toml"

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            if path.exists() and path != session.path:

                def answered(yes: bool | None) -> None:
                    if yes:
                        self._write(path, then)

                self.push_screen(ConfirmDialog("File exists", f"{path} exists. Overwrite it?", "Overwrite", "Cancel"), answered)
                return
            if path == session.path and session.changed_on_disk():
                self.external_change_flow(then)
                return
            self._write(path, then)

        self.push_screen(PathDialog("Save plan as", "File to save the plan to:", str(default)), chosen)

    def external_change_flow(self, then: Callable[[], None] | None = None) -> None:
        from planner.tui.dialogs.basic import ChoiceDialog

        session = self.session
        assert session is not None and session.path is not None
        message = (
            f"{session.path} was changed on disk since it was opened or saved.\n"
            "Your changes were NOT written. Reload the file (your edits stay reachable with ctrl+z), "
            "or save your version as another file."
        )

        def chosen(choice: str | None) -> None:
            if choice == "reload":
                self.reload()
            elif choice == "save_as":
                self.save_as_flow(then)

        choices = [("r", "Reload from disk", "reload"), ("a", "Save as…", "save_as")]
        self.push_screen(ChoiceDialog("File changed on disk", message, choices), chosen)

    def reload(self) -> None:
        session = self.session
        assert session is not None
        try:
            session.reload()
        except PlannerError as error:
            self.show_error("Cannot reload: the plan stays as it is", error)
            return
        self._after_evaluation.clear()  # meant for the edits the file replaced
        self.refresh_view()
        self.notify(f"Reloaded {session.display_name}")

    def action_reload(self) -> None:
        if self.session is not None and self.session.path is not None:
            self.reload()

    def _write(self, path: Path | None, then: Callable[[], None] | None) -> None:
        session = self.session
        assert session is not None
        try:
            written = session.save(path)
        except PlannerError as error:
            self.show_error("Not saved", error)
            return
        self._update_title()
        self.refresh_bindings()
        self.notify(f"Saved {written}")
        if then is not None:
            then()

    # --- export -------------------------------------------------------------------------------

    def action_export(self, fmt: str | None = None) -> None:
        from planner.tui.dialogs.basic import ConfirmDialog
        from planner.tui.dialogs.export import ExportDialog

        from planner.export.formats import FORMATS

        session = self.session
        if session is None:
            return
        if session.pending:
            self.when_evaluated(lambda: self.action_export(fmt))
            return
        folder = session.path.parent if session.path else Path.cwd()
        stem = session.path.stem if session.path else (session.origin or "plan")

        def chosen(result: tuple[str, Path] | None) -> None:
            if result is None:
                return
            fmt_chosen, path = result
            if path.exists():

                def answered(yes: bool | None) -> None:
                    if yes:
                        self._export(fmt_chosen, path)

                self.push_screen(ConfirmDialog("File exists", f"{path} exists. Overwrite it?", "Overwrite", "Cancel"), answered)
                return
            self._export(fmt_chosen, path)

        self.push_screen(ExportDialog(list(FORMATS), folder, stem, fmt), chosen)

    def _export(self, fmt: str, path: Path) -> None:
        from planner.export.formats import render

        assert self.session is not None
        try:
            text = render(self.session.evaluation, fmt)
            plan_io.write_text_atomic(path, text)
        except OSError as error:
            self.show_error("Export failed", PlannerError(f"cannot write: {error.strerror or error}", file=str(path)))
            return
        except Exception as error:  # an exporter bug must not lose the session
            self.show_error("Export failed", PlannerError(f"{fmt} export failed: {type(error).__name__}: {error}"))
            return
        self.last_export = path
        self.notify(f"Exported {fmt} to {path}")

    # --- quitting -----------------------------------------------------------------------------

    async def action_quit(self) -> None:
        from planner.tui.dialogs.basic import ChoiceDialog

        session = self.session
        if session is None or not session.dirty:
            self.exit(0, return_code=0)
            return

        def chosen(choice: str | None) -> None:
            if choice == "save":
                self.save_flow(then=lambda: self.exit(0))
            elif choice == "discard":
                self.exit(0, return_code=0)

        message = f"You have unsaved changes in {session.display_name}.\nSave them before quitting?"
        choices = [("s", "Save and quit", "save"), ("d", "Quit without saving", "discard")]
        self.push_screen(ChoiceDialog("Unsaved changes", message, choices), chosen)

    # --- command palette ----------------------------------------------------------------------

    # Switching screens may build one (async), so these run on the app's queue via call_later.

    async def _on_pane(self, tab: str, action: str) -> None:
        await self.action_show_tab(tab)
        self.when_evaluated(getattr(self.panes[tab], action))

    async def _add_workload(self) -> None:
        await self.action_show_tab("workloads")
        self.open_workload_form(None)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from planner.export.formats import FORMATS

        if self.session is not None:
            yield SystemCommand("plan: save", "Save the plan to its file", self.action_save)
            yield SystemCommand("plan: save as…", "Save the plan to another file", self.action_save_as)
            yield SystemCommand("plan: undo", "Undo the last edit", self.action_undo)
            yield SystemCommand("plan: redo", "Redo an undone edit", self.action_redo)
            if self.session.path is not None:
                yield SystemCommand("plan: reload from disk", "Replace the plan with the file (edits stay in undo)", self.action_reload)
            yield SystemCommand("workload: add", "Add a workload", lambda: self.call_later(self._add_workload))
            for tab, what in (("workloads", "workload: edit highlighted"), ("placement", "placement: override highlighted"), ("timeline", "timeline: edit highlighted task")):
                yield SystemCommand(what, f"On the {tab} screen", lambda tab=tab: self.call_later(self._on_pane, tab, "edit"))
            yield SystemCommand("workload: delete highlighted", "Asks first", lambda: self.call_later(self._on_pane, "workloads", "delete"))
            for fmt in FORMATS:
                yield SystemCommand(f"export: {fmt}", f"Export the evaluated plan as {fmt}", lambda fmt=fmt: self.action_export(fmt))
            yield SystemCommand("hardware: choose GPUs", "Production and pilot GPU types", self.open_hardware)
            yield SystemCommand("view: toggle KRW/USD", "Show money in KRW or USD", self.action_toggle_currency)
        for i, (tab, label, _pane) in enumerate(TABS, 1):
            yield SystemCommand(f"view: {label.lower()}", f"Screen {i}", lambda tab=tab: self.call_later(self.action_show_tab, tab))
        yield SystemCommand("app: help", "Keys and screens", self.action_help)
        yield SystemCommand("app: quit", "Quit (asks when there are unsaved changes)", self.action_quit)
        for command in super().get_system_commands(screen):
            if command.title.lower() in ("quit", "keys"):
                continue
            yield SystemCommand(f"app: {command.title.lower()}", command.help, command.callback, command.discover)


def run_app(plan: str | None, catalog_dir: str | None, example: Path) -> int:
    """Open the app on a plan (or the example plan as an untitled copy)."""
    from planner.store.catalogs import load_catalog

    catalog = load_catalog(catalog_dir)
    app = PlannerApp(catalog, Path(plan) if plan else None, example=example)
    app.run()
    return app.return_code or 0
