"""A plain-text timeline of the schedule: one bar per task, grouped by phase (for `planner show`)."""

from __future__ import annotations

import math
from datetime import date, timedelta

from planner.domain.results import Evaluation, Schedule, ScheduledTask
from planner.domain.workdays import CALENDAR_DAYS, WorkCalendar, calendar_line
from planner.i18n import _, ngettext, translate

BAR_WIDTH = 52
"""Columns the bars may use."""
LABEL_WIDTH = 36
"""Columns for the task id."""
CRITICAL, WORK, WAITING, MILESTONE = "#", "=", "~", "*"


def _columns(schedule: Schedule) -> tuple[date, int, int]:
    """First day, days per column, number of columns."""
    first = min(t.start for t in schedule.tasks)
    last = max(t.end for t in schedule.tasks)
    span = (last - first).days + 1
    per_column = max(1, math.ceil(span / BAR_WIDTH))
    return first, per_column, math.ceil(span / per_column)


def _ruler(first: date, per_column: int, columns: int) -> str:
    """Month labels (YYYY-MM) above the columns where a month begins, where they fit."""
    cells = [" "] * (columns + 8)
    free_from = 0
    month = date(first.year, first.month, 1)
    while True:
        if month >= first:
            column = (month - first).days // per_column
            if column >= columns:
                break
            if column >= free_from:
                label = f"|{month:%Y-%m}"
                cells[column : column + len(label)] = label
                free_from = column + len(label) + 1
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return "".join(cells).rstrip()


def _bar(task: ScheduledTask, first: date, per_column: int, columns: int) -> str:
    """The task's columns marked (its first only for a milestone), the rest blank: `columns` wide (`_columns`
    spans every task, so start <= end < columns)."""
    start = (task.start - first).days // per_column
    if task.milestone or task.duration_days == 0:
        return " " * start + MILESTONE + " " * (columns - start - 1)
    end = (task.end - first).days // per_column
    mark = CRITICAL if task.critical else WAITING if task.lead_time_weeks is not None else WORK
    return " " * start + mark * (end - start + 1) + " " * (columns - end - 1)


def calendar_note(ev: Evaluation, short: bool = False) -> str | None:
    """"Calendar: Korean working days ..." with the holidays inside the schedule, or None for calendar days."""
    kind = ev.assumptions.get("calendar", CALENDAR_DAYS)
    if kind == CALENDAR_DAYS or not ev.schedule.tasks:
        return None
    first = min(t.start for t in ev.schedule.tasks)
    last = max(t.end for t in ev.schedule.tasks)
    return calendar_line(str(kind), first, last, short)


def days_between(ev: Evaluation, first: date, last: date) -> int:
    """Days from `first` to `last`, both included, in the plan's calendar (working days under kr_working_days)."""
    return WorkCalendar(first, str(ev.assumptions.get("calendar", CALENDAR_DAYS))).count(first, last)


def timeline_lines(ev: Evaluation) -> list[str]:
    """The bars, grouped by phase, then the critical path and what staff levelling held back."""
    schedule = ev.schedule
    if not schedule.tasks:
        return []
    first, per_column, columns = _columns(schedule)
    unit = _("day") if per_column == 1 else ngettext("{n} day", "{n} days", per_column)
    lines = [
        "",
        _(
            "Timeline (one column = {unit}; {critical} critical, {work} work, {waiting} waiting for a delivery, {milestone} milestone)",
            unit=unit,
            critical=CRITICAL,
            work=WORK,
            waiting=WAITING,
            milestone=MILESTONE,
        ),
        f"  {'':<{LABEL_WIDTH}} {_ruler(first, per_column, columns)}",
    ]
    note = calendar_note(ev)
    if note:
        lines.insert(2, f"  {note}")
    names = {p.phase: p.name for p in schedule.phases}
    by_phase: dict[int, list[ScheduledTask]] = {}
    for t in schedule.tasks:
        by_phase.setdefault(t.phase, []).append(t)
    for phase in sorted(by_phase):
        lines.append(("  " + _("Phase {phase} {name}", phase=phase, name=translate(names.get(phase, "")))).rstrip())
        for task in by_phase[phase]:
            label = task.id if len(task.id) <= LABEL_WIDTH - 2 else task.id[: LABEL_WIDTH - 3] + "…"
            span = task.start.isoformat() if task.duration_days == 0 else f"{task.start.isoformat()} .. {task.end.isoformat()}"
            size = _("milestone") if task.milestone else _("{days} d", days=task.duration_days)
            lines.append(f"    {label:<{LABEL_WIDTH - 2}} {_bar(task, first, per_column, columns)}  {span}  {size}")
    if schedule.critical_path:
        tasks = {t.id: t for t in schedule.tasks}
        start, end = tasks[schedule.critical_path[0]], tasks[schedule.critical_path[-1]]
        days = days_between(ev, start.start, end.end)
        lines.append("  " + _("Critical path ({days} days): {tasks}", days=days, tasks=" -> ".join(schedule.critical_path)))
    held = [(t.id, note) for t in schedule.tasks for note in t.notes if note.startswith(("held back", "needs "))]
    if held:
        lines.append("  " + _("Staff levelling (people: {people})", people=", ".join(f"{role} {people:g}" for role, people in schedule.capacity.items())))
        lines += [f"    {task_id}: {translate(note)}" for task_id, note in held]
    return lines
