"""Edit a task's duration and lead time (kept as a `[[tasks]]` edit); blank means the template's value."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from planner.domain.plan import TaskEdit
from planner.domain.results import ScheduledTask
from planner.tui.edits import FieldInvalid, check_field, parse_number
from planner.tui.dialogs.basic import FormDialog
from planner.tui.widgets import PlannerInput
from planner.i18n import N_, _, translate


@dataclass(frozen=True)
class TaskChange:
    """What the dialog returns."""

    duration_days: int | None
    lead_time_weeks: float | None
    note: str | None


def _show(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


class TaskEditDialog(FormDialog[TaskChange | None]):
    """Duration in days, lead time in weeks (GPU orders), and a note saying why."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="task-cancel")]

    def __init__(self, task: ScheduledTask, edit: TaskEdit | None):
        super().__init__(classes="dialog-screen")
        self.planned = task
        self.existing = edit

    def compose(self) -> ComposeResult:
        t, e = self.planned, self.existing
        with Vertical(classes="dialog form-dialog stacked"):
            yield Label(_("Edit task: {task}", task=translate(t.name)), classes="dialog-title")
            yield Static(_("{id}   phase {phase}   {start} .. {end}   {days} days", id=t.id, phase=t.phase, start=t.start.isoformat(), end=t.end.isoformat(), days=t.duration_days), classes="dialog-body")
            yield Label(_("Duration (days)"), classes="field-label")
            yield PlannerInput(_show(e.duration_days if e else None), id="task-duration", type="integer", placeholder=_("{value} (as scheduled)", value=t.duration_days), compact=True)
            yield Label("", id="task-duration-error", classes="field-error")
            yield Label(_("Lead time (weeks, GPU orders)"), classes="field-label")
            lead_placeholder = _("{value} (as scheduled)", value=_show(t.lead_time_weeks)) if t.lead_time_weeks is not None else _("no lead time")
            yield PlannerInput(_show(e.lead_time_weeks if e else None), id="task-lead", type="number", placeholder=lead_placeholder, compact=True)
            yield Label("", id="task-lead-error", classes="field-error")
            yield Label(_("Note (why)"), classes="field-label")
            yield PlannerInput((e.note if e else None) or "", id="task-note", compact=True)
            yield Static(_("Blank: the template's value. Both blank and no note: the edit is removed."), classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Save (enter)"), variant="primary", id="save")
                yield Button(_("Cancel (esc)"), id="cancel")

    def _value(self) -> TaskChange | None:
        result: dict[str, object] = {}
        ok = True
        for field, widget_id, integer in (("duration_days", "task-duration", True), ("lead_time_weeks", "task-lead", False)):
            error = self.query_one(f"#{widget_id}-error", Label)
            try:
                value = parse_number(field, self.query_one(f"#{widget_id}", Input).value, integer=integer)
                if value is not None:
                    value = check_field(TaskEdit, field, value)
                result[field] = value
                error.update("")
            except FieldInvalid as invalid:
                error.update(invalid.message)
                ok = False
        if not ok:
            return None
        note = self.query_one("#task-note", Input).value.strip() or None
        return TaskChange(result["duration_days"], result["lead_time_weeks"], note)  # type: ignore[arg-type]

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._value()

    def submit(self) -> None:
        value = self._value()
        if value is not None:
            self.dismiss(value)
