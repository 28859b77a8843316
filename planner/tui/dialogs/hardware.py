"""Choose the production and pilot GPUs, the rented-GPU offer and the bridge (blank: the planner picks)."""

from __future__ import annotations

from typing import Any, Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from planner.domain.catalog import Catalog
from planner.domain.plan import Hardware
from planner.tui.edits import FieldInvalid, parse_number
from planner.tui.dialogs.basic import FormDialog
from planner.tui.widgets import PlannerInput
from planner.i18n import N_, _


class HardwareDialog(FormDialog[dict[str, Any] | None]):
    """Returns the new `[hardware]` values, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="hardware-cancel")]

    def __init__(self, catalog: Catalog, hardware: Hardware, check: Callable[[dict[str, Any]], str] | None = None):
        """`check(values)`: what the plan would find wrong with these choices ("" when nothing): a choice that leaves
        an override impossible (an offer that does not rent a workload's own GPU, for one placed on rented GPUs) is
        refused here, the dialog kept as chosen."""
        super().__init__(classes="dialog-screen")
        self.catalog = catalog
        self.hardware = hardware
        self.check = check

    def compose(self) -> ComposeResult:
        gpus = [(f"{g.name} ({g.id})", g.id) for g in self.catalog.gpus.values()]
        h = self.hardware
        offers = [(f"{o.provider} ({o.id})", o.id) for o in self.catalog.gpuaas.values()]
        fields = (
            (_("Production GPU"), Select(gpus, id="hardware-gpu", prompt=_("planner's choice"), value=h.gpu or Select.NULL, compact=True)),
            (_("Pilot GPU (Phase 2)"), Select(gpus, id="hardware-pilot-gpu", prompt=_("default"), value=h.pilot_gpu or Select.NULL, compact=True)),
            (_("Pilot GPUs"), PlannerInput("" if h.pilot_gpus is None else str(h.pilot_gpus), id="hardware-pilot-gpus", type="integer", placeholder=_("default"), compact=True)),
            (_("Rented GPUs (offer)"), Select(offers, id="hardware-gpuaas", prompt=_("cheapest allowed offer"), value=h.gpuaas if h.gpuaas in self.catalog.gpuaas else Select.NULL, compact=True)),
            (_("Bridge until go-live"), Select([(_("rented GPUs from the pilot's end"), "gpuaas")], id="hardware-bridge", prompt=_("off"), value=h.bridge or Select.NULL, compact=True)),
        )
        with Vertical(classes="dialog form-dialog"):
            yield Label(_("GPU choices"), classes="dialog-title")
            yield Static(_("Blank: the planner picks (GPU type: the lowest 3-year cost that fits)."), classes="dialog-body")
            for label, widget in fields:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield widget
            yield Label("", id="hardware-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Save (enter)"), variant="primary", id="save")
                yield Button(_("Cancel (esc)"), id="cancel")

    def submit(self) -> None:
        values: dict[str, Any] = {}
        for key, widget_id in (("gpu", "#hardware-gpu"), ("pilot_gpu", "#hardware-pilot-gpu"), ("gpuaas", "#hardware-gpuaas"), ("bridge", "#hardware-bridge")):
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
                self.query_one("#hardware-error", Label).update(_("pilot GPUs must be at least 1"))
                return
            values["pilot_gpus"] = pilot
        problem = self.check(values) if self.check is not None else ""
        if problem:
            self.query_one("#hardware-error", Label).update(problem)
            return
        self.dismiss(values)
