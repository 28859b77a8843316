"""What every screen (tab) has in common: it redraws from the app's session when shown, owns its
keys and dialogs, and asks the app for edits with a PlanEdit message."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget

from planner.tui.messages import PlanEdit
from planner.i18n import N_, _

if TYPE_CHECKING:
    from textual.widgets import DataTable

    from planner.domain.plan import Plan
    from planner.tui.app import PlannerApp


class Pane(Vertical):
    """One tab. The app marks every pane stale after an edit and redraws only the visible one.

    A pane's `BINDINGS` name `add`, `edit` or `delete`; those actions wait for pending results
    (a large plan evaluated in the background) before they read the highlighted row.
    """

    stale = True

    @property
    def planner(self) -> PlannerApp:
        return self.app  # type: ignore[return-value]

    def show(self) -> None:
        """Redraw from the session (only called when the app has one)."""

    async def relabel(self) -> None:
        """The language changed: compose again (labels, column names); the app draws the pane again."""
        await self.recompose()

    def show_ranges(self) -> None:
        """Redraw what shows the plan's ranges (only the screens that show them do anything)."""

    def main_widget(self) -> Widget | None:
        """The widget to focus when the tab is opened."""
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "edit", "delete"):
            return self.planner.session is not None and not isinstance(self.app.screen, ModalScreen)
        return True

    def action_add(self) -> None:
        self.planner.evaluations.when_done(self.add)

    def action_edit(self) -> None:
        self.planner.evaluations.when_done(self.edit)

    def action_delete(self) -> None:
        self.planner.evaluations.when_done(self.delete)

    def add(self) -> None:
        """`a` on this pane (results are current)."""

    def edit(self) -> None:
        """`e` / enter on this pane (results are current)."""

    def delete(self) -> None:
        """`d` on this pane (results are current)."""

    def request_edit(self, change: Callable[[Plan], Plan], failure: str | None = None, notice: str | None = None, coalesce: str | None = None) -> None:
        """Ask the app to apply `change` to the current plan."""
        self.post_message(PlanEdit(change, failure=failure or _("Edit not applied"), notice=notice, coalesce=coalesce))

    def confirm(self, title: str, message: str, yes: str, no: str, then: Callable[[], object]) -> None:
        """Ask first; run `then` on yes."""
        from planner.tui.dialogs.basic import ConfirmDialog

        self.app.push_screen(ConfirmDialog(title, message, yes, no), lambda answer: then() if answer else None)


class TablePane(Pane):
    """A pane around one table of rows with a detail view of the highlighted row."""

    def _show_detail(self) -> None:
        """Draw the detail of the highlighted row."""

    # Handlers by name (DataTable.RowHighlighted, DataTable.RowSelected): this module is imported before the app's first
    # frame, Textual's DataTable with the first screen that shows one (planner.tui.table).
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()  # the highlighted row is read once pending results have arrived


# Binding descriptions and tooltips are English msgids (N_); the footer and the help translate them when shown.
def add_key(tooltip: str) -> Binding:
    return Binding("a", "add", N_("Add"), id="add", tooltip=tooltip)


def edit_key(tooltip: str) -> Binding:
    return Binding("e,enter", "edit", N_("Edit"), id="edit", tooltip=tooltip, key_display="e")


def delete_key(tooltip: str) -> Binding:
    return Binding("d", "delete", N_("Delete"), id="delete", tooltip=tooltip)
