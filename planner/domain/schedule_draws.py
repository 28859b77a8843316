"""The schedule's dates over draws (`show --ranges`): the plan's levelled network dated again, per draw.

The schedule is levelled once, at the plan's values (planner.domain.schedule). Over draws each task's
duration is the template's times the draw of its uncertain factor (`lead_time_factor` for a GPU order,
`gpuaas_lead_time_factor` for rented GPUs, `datacenter_readiness_factor`, `task_duration_factor` for the
other work; a duration the plan sets in `[[tasks]]` is not drawn), and the network's date arithmetic runs
on numpy arrays over the draws: a task starts when its dependencies, and the tasks staff levelling made it
wait for at the plan's values, have finished, and no earlier than its own start constraint.

Staff levelling's sequence is kept, not levelled again per draw: who waits for whom is the plan's decision
(a draw where a GPU arrives early does not let a waiting task jump ahead of the one holding its people, and
one where a task runs late may briefly ask for more people than the organization has). At the plan's values
the dates are the schedule's, day for day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from planner.domain.schedule import BRIDGE_TEMPLATE, GPUAAS_SERVING_TEMPLATE, MIGRATION_TEMPLATE, Levelled, bridge_lead_days

Days = np.ndarray
"""Dates over draws: one proleptic ordinal (date.toordinal()) per draw, int64."""


@dataclass
class DrawnTask:
    """A scheduled task with its first and last day per draw (what the ledger reads of a task)."""

    id: str
    template: str
    milestone: bool
    duration_days: int
    """At the plan's values (0: a milestone or delivery, never staffed)."""
    roles: dict[str, float]
    start: Days
    end: Days


@dataclass
class DrawnPhase:
    phase: int
    start: Days
    end: Days


@dataclass
class DrawnSchedule:
    """`Schedule`'s dates over draws (the attributes the ledger reads), each an array of ordinals."""

    tasks: list[DrawnTask]
    phases: list[DrawnPhase]
    go_live: Days | None
    pilot_delivery: Days | None
    production_delivery: Days | None
    migration_end: dict[str, Days] = field(default_factory=dict)
    rented_from: dict[str, Days] = field(default_factory=dict)
    bridge_from: dict[str, Days] = field(default_factory=dict)


class _Calendar:
    """Network day numbers to ordinals over draws (calendar days, or the plan's working days)."""

    def __init__(self, levelled: Levelled):
        self.work = levelled.work
        self.origin = levelled.plan.start.toordinal()
        self.ordinals = np.zeros(0, dtype=np.int64)

    def _cover(self, number: int) -> None:
        if number >= len(self.ordinals):
            size = max(number + 1, 2 * len(self.ordinals), 512)
            self.ordinals = np.array([self.work.day(n).toordinal() for n in range(size)], dtype=np.int64)

    def day(self, numbers: Any) -> Days:
        if not self.work.working:
            return self.origin + numbers
        self._cover(int(np.max(numbers)))
        return self.ordinals[numbers]

    def span(self, first: Any, calendar_days: Any) -> Any:
        """`WorkCalendar.span` over draws: working days from day `first` until `calendar_days` later."""
        if not self.work.working:
            return calendar_days
        delivered = self.day(first) + calendar_days
        while self.ordinals[-1] < np.max(delivered):
            self._cover(2 * len(self.ordinals))
        return np.searchsorted(self.ordinals, delivered, side="left") - first


def date_draws(levelled: Levelled, values: dict[str, np.ndarray], rows: int) -> DrawnSchedule:
    """The levelled schedule dated for each of `rows` draws of `values` (inputs not drawn keep the plan's value)."""
    tasks, timings, calendar = levelled.tasks, levelled.result.timings, _Calendar(levelled)
    start: dict[str, Any] = {}
    finish: dict[str, Any] = {}
    duration: dict[str, Any] = {}
    for task_id in levelled.result.order:
        task, timing = tasks[task_id], timings[task_id]
        begin = np.full(rows, task.not_before, dtype=np.int64)
        for before in task.depends_on:
            np.maximum(begin, finish[before], out=begin)
        if timing.start > timing.earliest:  # held back by levelling: it waits for the same holders
            holders = [h for h in timing.waits[-1].holders if h in finish] if timing.waits else []
            for holder in holders:
                np.maximum(begin, finish[holder], out=begin)
            if not holders:
                np.maximum(begin, timing.start, out=begin)
        days = _duration(task, timing, values, begin, calendar)
        start[task_id], duration[task_id], finish[task_id] = begin, days, begin + days
    last_day = {t: calendar.day(start[t] + np.maximum(duration[t] - 1, 0)) for t in start}
    scheduled = {t.id: t for t in levelled.schedule.tasks}
    drawn = [
        DrawnTask(t, tasks[t].template, tasks[t].milestone, scheduled[t].duration_days, scheduled[t].roles, calendar.day(start[t]), last_day[t])
        for t in levelled.result.order
    ]
    migrations = [t for t in start if tasks[t].template == MIGRATION_TEMPLATE]
    out = DrawnSchedule(
        tasks=drawn,
        phases=[],
        go_live=calendar.day(np.minimum.reduce([finish[t] for t in migrations])) if migrations and levelled.schedule.go_live is not None else None,
        pilot_delivery=_delivery(levelled, "pilot_lead_time", finish, calendar),
        production_delivery=_delivery(levelled, "production_lead_time", finish, calendar),
        migration_end={tasks[t].workload: last_day[t] for t in migrations if tasks[t].workload},
        rented_from={tasks[t].workload: last_day[t] + 1 for t in start if tasks[t].template == GPUAAS_SERVING_TEMPLATE and tasks[t].workload},
    )
    out.bridge_from = _bridges(levelled, out, drawn, values, rows)
    out.phases = _phases(levelled, out.tasks)
    return out


def _duration(task, timing, values: dict[str, np.ndarray], begin: np.ndarray, calendar: _Calendar) -> Any:
    """A task's days per draw: its uncertain factor's draw times its template duration, stretched as levelling stretched it."""
    factor = values.get(task.uncertain) if task.uncertain else None
    if task.calendar_days is not None:  # a GPU order under a working calendar: working days until the delivery date
        calendar_days = np.round(task.base * factor * task.unit).astype(np.int64) if factor is not None else task.calendar_days
        return calendar.span(begin, calendar_days)
    if factor is None:
        return timing.duration
    days = np.round(task.base * factor * task.unit).astype(np.int64)
    if timing.duration != task.duration and task.duration > 0:  # levelling stretched it (too few people)
        days = np.ceil(days * timing.duration / task.duration - 1e-9).astype(np.int64)
    return days


def _delivery(levelled: Levelled, kind: str, finish: dict[str, Any], calendar: _Calendar) -> np.ndarray | None:
    """The day after the last order of a kind arrives (None when the schedule orders none)."""
    orders = levelled.orders[kind]
    return calendar.day(np.maximum.reduce([finish[t] for t in orders])) if orders else None


def _bridges(levelled: Levelled, out: DrawnSchedule, drawn: list[DrawnTask], values: dict[str, np.ndarray], rows: int) -> dict[str, Days]:
    """A bridge starts the day after its pilot ends, once its rented GPUs can have arrived (each draw's lead time)."""
    bridged = [t for t in levelled.schedule.tasks if t.template == BRIDGE_TEMPLATE and t.workload]
    if not bridged:
        return {}
    by_id = {t.id: t for t in drawn}
    results = {r.id: r for r in levelled.results}
    factor = values.get("gpuaas_lead_time_factor")
    origin = levelled.plan.start.toordinal()
    found: dict[str, Days] = {}
    for bridge in bridged:
        quote = results[bridge.workload].gpuaas
        pilot = by_id.get(bridge.depends_on[0]) if bridge.depends_on else None
        if quote is None or pilot is None:
            continue
        lead = np.round(quote.lead_time_days * factor).astype(np.int64) if factor is not None else bridge_lead_days(quote.lead_time_days, None)
        found[bridge.workload] = np.maximum(pilot.end + 1, origin + lead)
    return found


def _phases(levelled: Levelled, drawn: list[DrawnTask]) -> list[DrawnPhase]:
    """Each phase from its first task's start to its last work task's end (as the schedule counts them)."""
    point = {t.id: t for t in levelled.schedule.tasks}
    phases = []
    for phase in levelled.schedule.phases:
        members = [t for t in drawn if point[t.id].phase == phase.phase]
        working = [t for t in members if not t.milestone and point[t.id].lead_time_weeks is None] or members
        phases.append(DrawnPhase(phase.phase, np.minimum.reduce([t.start for t in members]), np.maximum.reduce([t.end for t in working])))
    return phases


def as_date(ordinal: int) -> date:
    return date.fromordinal(int(ordinal))
