"""What every screen (tab) has in common: it redraws from the app's session when shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable

if TYPE_CHECKING:
    from planner.tui.app import PlannerApp


class Pane(Vertical):
    """One tab. The app marks every pane stale after an edit and redraws only the visible one."""

    ACTIONS: frozenset[str] = frozenset()
    """Which of add / edit / delete this pane offers."""

    stale = True

    @property
    def planner(self) -> PlannerApp:
        return self.app  # type: ignore[return-value]

    def show(self) -> None:
        """Redraw from the session (only called when the app has one)."""

    def main_widget(self) -> Widget | None:
        """The widget to focus when the tab is opened."""
        return None

    def add(self) -> None:
        """`a` on this pane."""

    def edit(self) -> None:
        """`e` / enter on this pane."""

    def delete(self) -> None:
        """`d` on this pane."""


class TablePane(Pane):
    """A pane around one table of rows with a detail view of the highlighted row."""

    def _show_detail(self) -> None:
        """Draw the detail of the highlighted row."""

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.planner.when_evaluated(self.edit)  # the highlighted row is read once pending results have arrived
