"""The command palette's entries (ctrl+p), prefixed by category: "plan: save", "export: json"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual.app import SystemCommand
from textual.screen import Screen

from planner.i18n import N_, _, get_language

if TYPE_CHECKING:
    from planner.tui.app import PlannerApp

TEXTUAL_COMMANDS = {
    "Theme": (N_("app: theme"), N_("Change the current theme")),
    "Minimize": (N_("app: minimize"), N_("Minimize the widget and restore to normal size")),
    "Maximize": (N_("app: maximize"), N_("Maximize the focused widget")),
    "Screenshot": (N_("app: screenshot"), N_("Save an SVG 'screenshot' of the current screen")),
}
"""Textual's own palette entries (by their English title), as this app names them."""


async def _on_pane(app: PlannerApp, tab: str, action: str) -> None:
    """Open `tab` and run one of its pane's actions there (switching may build the pane)."""
    await app.action_show_tab(tab)
    await app.run_action(action, app.panes[tab])


def system_commands(app: PlannerApp, screen: Screen, textual_commands: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    from planner.export.formats import BINARY_FORMATS, FORMATS
    from planner.tui.app import TABS

    def on_pane(tab: str, action: str):
        return lambda: app.call_later(_on_pane, app, tab, action)

    # the other language first: that is the entry someone looking for it needs
    if get_language() == "ko":
        yield SystemCommand("language: English (영어)", _("Show planner in English from now on"), lambda: app.call_later(app.action_language, "en"))
    yield SystemCommand("언어: 한국어 (language: Korean)", _("Show planner in Korean from now on"), lambda: app.call_later(app.action_language, "ko"))
    if get_language() != "ko":
        yield SystemCommand("language: English (영어)", _("Show planner in English from now on"), lambda: app.call_later(app.action_language, "en"))
    yield SystemCommand(_("plan: new…"), _("A new blank plan file, with a guided start (ctrl+n)"), app.action_new)
    yield SystemCommand(_("plan: open…"), _("Open another plan file (ctrl+o)"), app.action_open)
    if app.session is not None:
        yield SystemCommand(_("plan: import inventory…"), _("Add workloads from a .csv or .xlsx spreadsheet, after a preview"), app.action_import)
        yield SystemCommand(_("plan: save"), _("Save the plan to its file"), app.action_save)
        yield SystemCommand(_("plan: save as…"), _("Save the plan to another file"), app.action_save_as)
        yield SystemCommand(_("plan: undo"), _("Undo the last edit"), app.action_undo)
        yield SystemCommand(_("plan: redo"), _("Redo an undone edit"), app.action_redo)
        if app.session.path is not None:
            yield SystemCommand(_("plan: reload from disk"), _("Replace the plan with the file (edits stay in undo)"), app.action_reload)
        yield SystemCommand(_("workload: add"), _("Add a workload"), on_pane("workloads", "add"))
        edits = (("workloads", N_("workload: edit highlighted")), ("placement", N_("placement: override highlighted")), ("timeline", N_("timeline: edit highlighted task")))
        labels = {tab: label for tab, label, _spec in TABS}
        for tab, what in edits:
            yield SystemCommand(_(what), _("On the {screen} screen", screen=_(labels[tab])), on_pane(tab, "edit"))
        yield SystemCommand(_("workload: delete highlighted"), _("Asks first"), on_pane("workloads", "delete"))
        for fmt in [*FORMATS, *BINARY_FORMATS]:
            yield SystemCommand(_("export: {format}", format=fmt), _("Export the evaluated plan as {format}", format=fmt), lambda fmt=fmt: app.action_export(fmt))
        yield SystemCommand(_("hardware: choose GPUs"), _("Production and pilot GPU types, the rented-GPU offer, the bridge"), on_pane("hardware", "edit"))
        if app.session.plan.hardware.bridge == "gpuaas":
            yield SystemCommand(_("hardware: bridge off"), _("Workloads wait for production GPUs without rented GPUs"), on_pane("hardware", "bridge"))
        else:
            yield SystemCommand(_("hardware: bridge on rented GPUs"), _("Serve workloads waiting for production GPUs on rented GPUs from the pilot's end to go-live"), on_pane("hardware", "bridge"))
        yield SystemCommand(_("view: toggle KRW/USD"), _("Show money in KRW or USD"), app.action_toggle_currency)
    for i, (tab, label, _spec) in enumerate(TABS, 1):
        yield SystemCommand(_("view: {screen}", screen=_(label).lower()), _("Screen {number}", number=i), lambda tab=tab: app.call_later(app.action_show_tab, tab))
    yield SystemCommand(_("app: help"), _("Keys and screens"), app.action_help)
    yield SystemCommand(_("app: quit"), _("Quit (asks when there are unsaved changes)"), app.action_quit)
    for command in textual_commands:
        if command.title.lower() in ("quit", "keys"):
            continue
        title, help_text = TEXTUAL_COMMANDS.get(command.title, (f"app: {command.title.lower()}", command.help))
        yield SystemCommand(_(title), _(help_text), command.callback, command.discover)
