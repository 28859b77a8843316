"""The command palette's entries (ctrl+p), prefixed by category: "plan: save", "export: json"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual.app import SystemCommand
from textual.screen import Screen

if TYPE_CHECKING:
    from planner.tui.app import PlannerApp


async def _on_pane(app: PlannerApp, tab: str, action: str) -> None:
    """Open `tab` and run one of its pane's actions there (switching may build the pane)."""
    await app.action_show_tab(tab)
    await app.run_action(action, app.panes[tab])


def system_commands(app: PlannerApp, screen: Screen, textual_commands: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    from planner.export.formats import BINARY_FORMATS, FORMATS
    from planner.tui.app import TABS

    def on_pane(tab: str, action: str):
        return lambda: app.call_later(_on_pane, app, tab, action)

    yield SystemCommand("plan: new…", "A new blank plan file, with a guided start (ctrl+n)", app.action_new)
    yield SystemCommand("plan: open…", "Open another plan file (ctrl+o)", app.action_open)
    if app.session is not None:
        yield SystemCommand("plan: import inventory…", "Add workloads from a .csv or .xlsx spreadsheet, after a preview", app.action_import)
        yield SystemCommand("plan: save", "Save the plan to its file", app.action_save)
        yield SystemCommand("plan: save as…", "Save the plan to another file", app.action_save_as)
        yield SystemCommand("plan: undo", "Undo the last edit", app.action_undo)
        yield SystemCommand("plan: redo", "Redo an undone edit", app.action_redo)
        if app.session.path is not None:
            yield SystemCommand("plan: reload from disk", "Replace the plan with the file (edits stay in undo)", app.action_reload)
        yield SystemCommand("workload: add", "Add a workload", on_pane("workloads", "add"))
        for tab, what in (("workloads", "workload: edit highlighted"), ("placement", "placement: override highlighted"), ("timeline", "timeline: edit highlighted task")):
            yield SystemCommand(what, f"On the {tab} screen", on_pane(tab, "edit"))
        yield SystemCommand("workload: delete highlighted", "Asks first", on_pane("workloads", "delete"))
        for fmt in [*FORMATS, *BINARY_FORMATS]:
            yield SystemCommand(f"export: {fmt}", f"Export the evaluated plan as {fmt}", lambda fmt=fmt: app.action_export(fmt))
        yield SystemCommand("hardware: choose GPUs", "Production and pilot GPU types, the rented-GPU offer, the bridge", on_pane("hardware", "edit"))
        if app.session.plan.hardware.bridge == "gpuaas":
            yield SystemCommand("hardware: bridge off", "Workloads wait for production GPUs without rented GPUs", on_pane("hardware", "bridge"))
        else:
            yield SystemCommand("hardware: bridge on rented GPUs", "Serve workloads waiting for production GPUs on rented GPUs from the pilot's end to go-live", on_pane("hardware", "bridge"))
        yield SystemCommand("view: toggle KRW/USD", "Show money in KRW or USD", app.action_toggle_currency)
    for i, (tab, label, _pane) in enumerate(TABS, 1):
        yield SystemCommand(f"view: {label.lower()}", f"Screen {i}", lambda tab=tab: app.call_later(app.action_show_tab, tab))
    yield SystemCommand("app: help", "Keys and screens", app.action_help)
    yield SystemCommand("app: quit", "Quit (asks when there are unsaved changes)", app.action_quit)
    for command in textual_commands:
        if command.title.lower() in ("quit", "keys"):
            continue
        yield SystemCommand(f"app: {command.title.lower()}", command.help, command.callback, command.discover)
