"""Choose the production and pilot GPUs (blank: the planner picks)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from planner.domain.catalog import Catalog
from planner.domain.plan import Hardware
from planner.tui.edits import FieldInvalid, parse_number
from planner.tui.dialogs.basic import FormDialog
from planner.tui.widgets import PlannerInput


class HardwareDialog(FormDialog[dict[str, Any] | None]):
    """Returns the new `[hardware]` values, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="hardware-cancel")]

    def __init__(self, catalog: Catalog, hardware: Hardware):
        super().__init__(classes="dialog-screen")
        self.catalog = catalog
        self.hardware = hardware

    def compose(self) -> ComposeResult:
        gpus = [(f"{g.name} ({g.id})", g.id) for g in self.catalog.gpus.values()]
        h = self.hardware
        with Vertical(classes="dialog form-dialog"):
            yield Label("GPU choices", classes="dialog-title")
            yield Static("Blank: the planner picks the GPU type with the lowest 3-year cost that fits.", classes="dialog-body")
            yield Label("Production GPU", classes="field-label")
            yield Select(gpus, id="hardware-gpu", prompt="planner's choice", value=h.gpu or Select.NULL, compact=True)
            yield Label("Pilot GPU (Phase 2)", classes="field-label")
            yield Select(gpus, id="hardware-pilot-gpu", prompt="default", value=h.pilot_gpu or Select.NULL, compact=True)
            yield Label("Pilot GPUs", classes="field-label")
            yield PlannerInput("" if h.pilot_gpus is None else str(h.pilot_gpus), id="hardware-pilot-gpus", type="integer", placeholder="default", compact=True)
            yield Label("", id="hardware-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (enter)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def submit(self) -> None:
        values: dict[str, Any] = {}
        for key, widget_id in (("gpu", "#hardware-gpu"), ("pilot_gpu", "#hardware-pilot-gpu")):
            value = self.query_one(widget_id, Select).value
            if value is not Select.NULL:
                values[key] = value
        try:
            pilot = parse_number("pilot_gpus", self.query_one("#hardware-pilot-gpus", Input).value, integer=True)
        except FieldInvalid as invalid:
            self.query_one("#hardware-error", Label).update(invalid.message)
            return
        if pilot is not None:
            if pilot <= 0:
                self.query_one("#hardware-error", Label).update("pilot GPUs must be at least 1")
                return
            values["pilot_gpus"] = pilot
        self.dismiss(values)
