"""5 Timeline: a Gantt chart by phase, critical path and milestones marked, a task's detail and edit."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Static

from planner.domain.results import PhaseResult, ScheduledTask
from planner.export.report import staff_text
from planner.export.timeline import calendar_note, days_between
from planner.tui.edits import with_task_edit, without_task_edit
from planner.tui.panes.base import TablePane, delete_key, edit_key
from planner.tui.render import TimeScale, columns, draw_span, truncate
from planner.tui.table import KeyedTable
from planner.tui.widgets import show_text
from planner.i18n import N_, _, catalog_text, ngettext, translate

WIDE_NAME, NARROW_NAME = 34, 22
"""Task name width on wide (>= 110 columns) and narrow terminals."""
OTHER_COLUMNS = 2 + 10 + 5 + 12
"""Mark, start, days, cell padding and the scrollbar."""
LEGEND = N_("█ critical path   ▒ other task   ◆ milestone   ━ phase   ✎ edited in the plan")


def _cells(signature: tuple) -> tuple:
    """Gantt cells from a row's plain values (only called for rows that changed)."""
    kind, name, start, days, left, right, width, critical, milestone, edited = signature
    if kind == "phase":
        return ("", Text(name, style="bold"), start, Text(str(days), justify="right"), draw_span(left, right, width, "━", "bold"))
    mark = Text()
    mark.append("◆" if milestone else ("!" if critical else " "), style="bold red" if critical else "")
    mark.append("✎" if edited else " ", style="yellow")
    style = "red" if critical else "dodger_blue1"
    bar = draw_span(left, right, width, "█" if critical else "▒", style, milestone)
    return (mark, Text(name, style="bold" if critical else ""), start, Text(str(days), justify="right"), bar)


def _name(text: str, width: int) -> str:
    return truncate(text, width)


class TimelinePane(TablePane):
    """The schedule; `e` / enter edits the highlighted task, `d` removes its edit."""

    BINDINGS = [edit_key(N_("Edit the highlighted task (duration, lead time)")), delete_key(N_("Put the highlighted task back as generated (asks first)"))]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._bar_width = 0
        self._name_width = WIDE_NAME

    def compose(self) -> ComposeResult:
        yield Static(id="timeline-summary")
        yield KeyedTable(columns([("", "mark"), (N_("Task"), "name"), (N_("Start"), "start"), (N_("Days"), "days"), ("", "bar")]), id="timeline-table")
        yield Static(id="timeline-detail", classes="detail")

    @property
    def table(self) -> KeyedTable:
        return self.query_one("#timeline-table", KeyedTable)

    def main_widget(self):
        return self.table

    def _fit(self, width: int) -> bool:
        """Share the width between names and bars; True when it changed."""
        name = WIDE_NAME if width >= 110 else NARROW_NAME
        bar = max(16, width - name - OTHER_COLUMNS)
        changed = (name, bar) != (self._name_width, self._bar_width)
        self._name_width, self._bar_width = name, bar
        return changed

    def on_resize(self, event: Resize) -> None:
        session = self.planner.session
        if self._fit(event.size.width) and session is not None:
            if session.pending:
                self.stale = True  # redrawn when the evaluation arrives
            else:
                self.show()

    def show(self) -> None:
        session = self.planner.session
        schedule = session.evaluation.schedule
        summary = Text()
        if not schedule.tasks:
            summary.append(_("No schedule yet."), style="italic")
        else:
            end = max(t.end for t in schedule.tasks)
            summary.append(f"{schedule.tasks[0].start.isoformat() if schedule.tasks else ''} .. {end.isoformat()}", style="bold")
            for label, day in ((N_("pilot GPUs arrive {date}"), schedule.pilot_delivery), (N_("production GPUs arrive {date}"), schedule.production_delivery), (N_("go-live {date}"), schedule.go_live)):
                if day is not None:
                    summary.append("   " + _(label, date=day.isoformat()))
            ranges = self.planner.ranges.current()
            if ranges is not None and ranges.go_live.p10 is not None and ranges.go_live.p90 is not None:
                summary.append("\n" + _("go-live P10-P90 {low} - {high} (P50 {middle}; {draws} draws of the lead times)", low=ranges.go_live.p10.isoformat(), high=ranges.go_live.p90.isoformat(), middle=ranges.go_live.p50.isoformat(), draws=f"{ranges.draws:,}"))
            calendar = calendar_note(session.evaluation, short=True)
            if calendar:
                summary.append(f"\n{translate(calendar)}")
            summary.append(f"\n{_(LEGEND)}", style="grey62")
        show_text(self.query_one("#timeline-summary", Static), summary)
        if not self._bar_width:
            self._fit(self.size.width or self.app.size.width)
        rows = []
        if schedule.tasks:
            first = min(t.start for t in schedule.tasks)
            last = max(t.end for t in schedule.tasks)
            scale = TimeScale(first, last, self._bar_width)
            self.table.columns["bar"].label = Text(scale.header())  # type: ignore[index]
            phases = {p.phase: p for p in session.evaluation.phases}
            by_phase: dict[int, list[ScheduledTask]] = {}
            for task in schedule.tasks:
                by_phase.setdefault(task.phase, []).append(task)
            edited = {t.id for t in session.plan.tasks}
            for number in sorted(set(phases) | set(by_phase)):
                phase = phases.get(number)
                if phase is not None:
                    rows.append(self._phase_row(phase, scale))
                for task in sorted(by_phase.get(number, []), key=lambda t: (t.start, t.end)):
                    rows.append(self._task_row(task, scale, task.id in edited))
        self.table.sync(rows, _cells)
        self._show_detail()

    def _phase_row(self, phase: PhaseResult, scale: TimeScale):
        days = days_between(self.planner.session.evaluation, phase.start, phase.end)
        name = _name(_("Phase {number}: {name}", number=phase.phase, name=translate(phase.name)), self._name_width)
        return (f"phase:{phase.phase}", ("phase", name, phase.start.isoformat(), days, *scale.columns(phase.start, phase.end), scale.width, False, False, False))

    def _task_row(self, task: ScheduledTask, scale: TimeScale, edited: bool):
        name = "  " + _name(translate(task.name), self._name_width - 2)
        left, right = scale.columns(task.start, task.end)
        return (task.id, ("task", name, task.start.isoformat(), task.duration_days, left, right, scale.width, task.critical, task.milestone, edited))

    def _scheduled_task(self, key: str | None) -> ScheduledTask | None:
        return next((t for t in self.planner.session.evaluation.schedule.tasks if t.id == key), None)

    def _show_detail(self) -> None:
        detail = self.query_one("#timeline-detail", Static)
        session = self.planner.session
        key = self.table.current_key
        text = Text()
        if key is None:
            show_text(detail, text)
            return
        money = self.planner.money
        if key.startswith("phase:"):
            phase = next((p for p in session.evaluation.phases if f"phase:{p.phase}" == key), None)
            if phase is not None:
                info = next((p for p in session.catalog.phases.values() if p.phase == phase.phase), None)
                text.append(_("Phase {number}: {name}", number=phase.phase, name=translate(phase.name)), style="bold")
                text.append(f"   {phase.start.isoformat()} .. {phase.end.isoformat()}   {money(phase.cost_krw)}\n")
                if info is not None:
                    text.append(catalog_text(info.description) + "\n", style="grey62")
                text.append(_("Staff (FTE): {staff}", staff=staff_text(phase.staff_fte, session.evaluation.role_names)))
            show_text(detail, text)
            return
        task = self._scheduled_task(key)
        if task is None:
            show_text(detail, text)
            return
        text.append(translate(task.name), style="bold")
        text.append("   " + _("[{id}]  phase {phase}", id=task.id, phase=task.phase) + "\n", style="grey62")
        text.append(ngettext("{start} .. {end}, {n} day", "{start} .. {end}, {n} days", task.duration_days, start=task.start.isoformat(), end=task.end.isoformat()))
        if task.lead_time_weeks is not None:
            text.append(_(", lead time {weeks} weeks", weeks=f"{task.lead_time_weeks:g}"))
        if task.critical:
            text.append("   " + _("on the critical path"), style="bold red")
        else:
            text.append("   " + ngettext("slack {n} day", "slack {n} days", task.slack_days))
        if task.depends_on:
            text.append("\n" + _("After: {tasks}", tasks=", ".join(task.depends_on)))
        if task.roles:
            text.append("\n" + _("Roles: {roles}", roles=", ".join(f"{role} {fte:g} FTE" for role, fte in task.roles.items())))
        edit = next((t for t in session.plan.tasks if t.id == task.id), None)
        if edit is not None:
            text.append("\n" + (_("Edited in the plan: {note}", note=edit.note) if edit.note else _("Edited in the plan")), style="yellow")
        for note in task.notes:
            text.append(f"\n- {translate(note)}", style="grey62")
        show_text(detail, text)

    def edit(self) -> None:
        from planner.tui.dialogs.task_edit import TaskChange, TaskEditDialog

        task = self._scheduled_task(self.table.current_key)
        if task is None:
            self.planner.notify(_("Highlight a task (not a phase) to edit it"), severity="warning")
            return
        existing = next((t for t in self.planner.session.plan.tasks if t.id == task.id), None)

        def done(change: TaskChange | None) -> None:
            if change is not None:
                edit = lambda plan: with_task_edit(plan, task.id, change.duration_days, change.lead_time_weeks, change.note)  # noqa: E731
                self.request_edit(edit, failure=_("Task edit not applied"))

        self.app.push_screen(TaskEditDialog(task, existing), done)

    def delete(self) -> None:
        key = self.table.current_key
        if key is None or not any(t.id == key for t in self.planner.session.plan.tasks):
            self.planner.notify(_("This task has no edit to remove"), severity="warning")
            return
        self.confirm(_("Remove task edit"), _("Put {task} back to what the template generates?", task=key), _("Remove"), _("Keep"), lambda: self.request_edit(lambda plan: without_task_edit(plan, key)))
