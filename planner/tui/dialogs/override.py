"""Override a workload's placement: a note is required, and a regulatory result needs acknowledgement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from planner.domain.plan import Workload
from planner.domain.results import WorkloadResult
from planner.domain.placement import needs_acknowledgement
from planner.domain.vocabulary import PLACEMENT_LABEL
from planner.tui.dialogs.basic import FormDialog
from planner.tui.widgets import PlannerInput
from planner.i18n import N_, _, translate

NOTE_NEEDED = N_("a placement override needs a note saying why and who approved it")
ACK_NEEDED = N_("overriding a placement a regulation decided needs this acknowledgement")


@dataclass(frozen=True)
class Override:
    """What the dialog returns: placement None clears the override."""

    placement: str | None
    note: str | None
    acknowledge: bool


class OverrideDialog(FormDialog[Override | None]):
    """Choose a placement other than the recommendation, say why, acknowledge a regulation."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="override-cancel")]

    def __init__(self, workload: Workload, result: WorkloadResult, check: Callable[[str], str] | None = None):
        """`check(placement)`: what the plan would find wrong with the workload placed there (its `placement` problem,
        translated; "" when none): an override the plan cannot take is refused here, the dialog kept as typed."""
        super().__init__(classes="dialog-screen")
        self.workload = workload
        self.result = result
        self.check = check
        self._checked: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        r, w = self.result, self.workload
        with Vertical(classes="dialog form-dialog stacked"):
            yield Label(_("Override placement: {workload}", workload=r.name), classes="dialog-title")
            recommended = translate(PLACEMENT_LABEL[r.recommended])
            yield Static(
                _("Recommended: {placement}", placement=recommended)
                + (_("  (decided by a regulation)") if r.regulatory else "")
                + "\n"
                + _("Choose a placement, or blank to follow the recommendation."),
                classes="dialog-body",
            )
            options = [(translate(PLACEMENT_LABEL[p]), p) for p in PLACEMENT_LABEL]
            yield Select(options, id="override-placement", prompt=_("follow the recommendation ({placement})", placement=recommended), value=w.placement or Select.NULL, compact=True)
            placement_error = Label("", id="override-placement-error", classes="field-error")
            placement_error.display = False  # shown only with a problem (the dialog keeps its height otherwise)
            yield placement_error
            yield Label(_("Note: why, and who approved it"), classes="field-label")
            yield PlannerInput(w.placement_note or "", id="override-note", compact=True)
            yield Label("", id="override-note-error", classes="field-error")
            if r.regulatory:
                regulation = next((s for s in r.trace if s.rule.startswith("regulation")), None)
                if regulation is not None:
                    yield Static(f"{translate(regulation.question)} {translate(regulation.answer)} ({translate(regulation.source)})", classes="dialog-body warning")
                yield Checkbox(_("I acknowledge this overrides a regulatory placement"), value=w.acknowledge_regulation, id="override-ack")
                yield Label("", id="override-ack-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Save (enter)"), variant="primary", id="save")
                yield Button(_("Cancel (esc)"), id="cancel")

    def _value(self, final: bool) -> Override | None:
        placement = self.query_one("#override-placement", Select).value
        placement = None if placement is Select.NULL else str(placement)
        note = self.query_one("#override-note", Input).value.strip()
        ack = self.query_one("#override-ack", Checkbox).value if self.result.regulatory else False
        note_error = _(NOTE_NEEDED) if placement is not None and not note else ""
        ack_error = _(ACK_NEEDED) if needs_acknowledgement(placement, self.result.recommended, self.result.regulatory) and not ack else ""
        placement_error = self._placement_problem(placement)
        label = self.query_one("#override-placement-error", Label)
        label.update(placement_error)
        label.display = bool(placement_error)
        if final or note:
            self.query_one("#override-note-error", Label).update(note_error)
        if self.result.regulatory and (final or placement is not None):
            self.query_one("#override-ack-error", Label).update(ack_error)
        if note_error or ack_error or placement_error:
            return None
        return Override(placement, note or None, ack)

    def _placement_problem(self, placement: str | None) -> str:
        """The plan's problem with the workload at `placement` (asked once per placement chosen; "" for none)."""
        if placement is None or self.check is None or placement == self.workload.placement:
            return ""
        found = self._checked.get(placement)
        if found is None:
            found = self._checked[placement] = self.check(placement)
        return found

    @on(Select.Changed)
    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event) -> None:
        event.stop()
        self._value(final=False)

    def submit(self) -> None:
        value = self._value(final=True)
        if value is not None:
            self.dismiss(value)
