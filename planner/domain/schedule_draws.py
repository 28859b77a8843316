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
from typing import Any, Callable

import numpy as np

from planner.domain.schedule import BRIDGE_TEMPLATE, GPUAAS_SERVING_TEMPLATE, MIGRATION_TEMPLATE, Levelled, bridge_lead_days
from planner.domain.vocabulary import add_months

Days = np.ndarray
"""Dates over draws: one proleptic ordinal (date.toordinal()) per draw, `DAY`."""
DAY = np.int32
"""The dtype of network days and ordinals over draws (date.max's ordinal is 3,652,059)."""


@dataclass(slots=True)
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
    """The tasks the ledger prices: staffed (not milestones, with days and roles) and starting within the plan's
    horizon in some draw (the others cost nothing there; a very large plan's levelling starts most after it).
    `every_task()`: all of them."""
    phases: list[DrawnPhase]
    go_live: Days | None
    pilot_delivery: Days | None
    production_delivery: Days | None
    migration_end: dict[str, Days] = field(default_factory=dict)
    rented_from: dict[str, Days] = field(default_factory=dict)
    bridge_from: dict[str, Days] = field(default_factory=dict)
    every_task: Callable[[], list[DrawnTask]] = list
    """Every task of the schedule with its days per draw, in the network's order."""


class _Calendar:
    """Network day numbers to ordinals over draws (calendar days, or the plan's working days)."""

    def __init__(self, levelled: Levelled):
        self.work = levelled.work
        self.origin = levelled.plan.start.toordinal()
        self.ordinals = np.zeros(0, dtype=DAY)

    def _cover(self, number: int) -> None:
        if number >= len(self.ordinals):
            size = max(number + 1, 2 * len(self.ordinals), 512)
            self.ordinals = np.array([self.work.day(n).toordinal() for n in range(size)], dtype=DAY)

    def day(self, numbers: Any, in_place: bool = False) -> Days:
        """The ordinals of network days (`in_place`: into `numbers` itself where the calendar allows)."""
        if not self.work.working:
            return np.add(numbers, self.origin, out=numbers) if in_place else self.origin + numbers
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
    """The levelled schedule dated for each of `rows` draws of `values` (inputs not drawn keep the plan's value).

    The network is dated a wave at a time, not a task at a time: the tasks whose predecessors (dependencies,
    and the holders levelling made them wait for) are all dated form a wave, dated together as one tasks x
    draws grid (a 10,000-workload plan's 30,000 tasks are ~3,000 waves). Days are int32 (ordinals run to
    about 3.7 million), which halves the memory the grids walk through."""
    tasks, calendar = levelled.tasks, _Calendar(levelled)
    order = levelled.result.order
    network = _Network(levelled, order)
    count = len(order)
    days = _durations(levelled, order, network.rank, values, rows)  # rows in wave order, like every grid here
    finish = np.empty((count + 1 + network.groups, rows), dtype=DAY)  # the tasks', "none", the holder groups'
    finish[count] = np.iinfo(DAY).min // 4  # the predecessor of a task without any: never later than its floor
    floor = network.floor[:, None]
    calendar_rows: dict[int, list[int]] = {}  # per wave, its GPU orders under a working calendar
    for i in network.calendar:
        calendar_rows.setdefault(network.wave_of[i], []).append(i)
    maximum = np.maximum.reduceat
    for wave_number, (first, last, held, sources, starts) in enumerate(network.steps):
        if held is not None:  # the holder groups whose members have all finished by now
            lowest, highest, members, member_starts = held
            finish[lowest:highest] = maximum(finish[members], member_starts, axis=0)
        wave = maximum(finish[sources], starts, axis=0) if starts is not None else finish[sources]
        np.maximum(wave, floor[first:last], out=wave)
        np.add(wave, days[first:last], out=finish[first:last])
        for i in calendar_rows.get(wave_number, ()):
            row = int(network.rank[i])
            begin = wave[row - first]
            days[row] = _calendar_span(tasks[order[i]], values, begin, calendar)
            finish[row] = begin + days[row]
    rank = network.rank.tolist()
    scheduled = {t.id: t for t in levelled.schedule.tasks}
    # one pass over the tasks for what is read of them by kind (a 10,000-workload plan has 30,000 tasks)
    migrations: list[tuple[str | None, int]] = []
    serving: list[tuple[str, int]] = []
    staffed: list[int] = []
    phased = bool(levelled.schedule.phases)  # a schedule dated without phases has none (the GPUaaS strategy's variant)
    phase_of: list[int] = []
    working: list[bool] = []  # counts for its phase's end (not a milestone or a delivery)
    for i, task_id in enumerate(order):
        task = tasks[task_id]
        if task.template == MIGRATION_TEMPLATE:
            migrations.append((task.workload, rank[i]))
        elif task.template == GPUAAS_SERVING_TEMPLATE and task.workload:
            serving.append((task.workload, rank[i]))
        point = scheduled[task_id]
        if not task.milestone and point.duration_days > 0 and point.roles:
            staffed.append(i)
        if phased:
            phase_of.append(point.phase)
            working.append(not task.milestone and point.lead_time_weeks is None)
    go_live = calendar.day(finish[[row for _w, row in migrations]].min(axis=0)) if migrations and levelled.schedule.go_live is not None else None
    deliveries = {kind: _delivery(levelled, kind, finish, network, calendar) for kind in ("pilot_lead_time", "production_lead_time")}
    # in place (the grids are the largest arrays here): finish becomes each task's first day, days its last
    begin = np.subtract(finish[:count], days, out=finish[:count])
    days -= 1
    np.maximum(days, 0, out=days)
    days += begin
    start_day, last_day = calendar.day(begin, in_place=True), calendar.day(days, in_place=True)
    # the ledger prices the staffed tasks that start within the horizon in some draw (the others cost nothing there)
    horizon_end = add_months(levelled.plan.start, levelled.plan.horizon_months).toordinal()
    within = (start_day.min(axis=1) < horizon_end).tolist()  # per row
    priced = [i for i in staffed if within[rank[i]]]
    out = DrawnSchedule(
        tasks=_drawn_tasks(levelled, order, rank, scheduled, start_day, last_day, priced),
        phases=[],
        go_live=go_live,
        pilot_delivery=deliveries["pilot_lead_time"],
        production_delivery=deliveries["production_lead_time"],
        migration_end={workload: last_day[row] for workload, row in migrations if workload},
        rented_from={workload: last_day[row] + 1 for workload, row in serving},
    )
    out.every_task = lambda: _drawn_tasks(levelled, order, rank, scheduled, start_day, last_day, range(count))
    out.bridge_from = _bridges(levelled, network, last_day, values, rows)
    out.phases = _phases(levelled, np.asarray(phase_of, dtype=np.int64), np.asarray(working, dtype=bool), network.rank, start_day, last_day)
    return out


def _drawn_tasks(levelled: Levelled, order: list[str], rank: list[int], scheduled: dict[str, Any], start_day: np.ndarray, last_day: np.ndarray, which) -> list[DrawnTask]:
    """The tasks `which` (indices in the order) with their days per draw (`scheduled`: the schedule's tasks by id)."""
    tasks = levelled.tasks
    return [
        DrawnTask(order[i], tasks[order[i]].template, tasks[order[i]].milestone, scheduled[order[i]].duration_days, scheduled[order[i]].roles, start_day[rank[i]], last_day[rank[i]])
        for i in which
    ]


class _Network:
    """The levelled network in waves. Rows: the tasks wave by wave (`perm`: their indices in the order; `rank`:
    each task's row), then one row standing for "no predecessor", then one per group of holders (the tasks a
    levelled task waited for: thousands of tasks wait for the same few groups, whose latest finish is taken
    once, in `group_waves`). A task's predecessors are the rows `sources[edge_start[row]:edge_start[row + 1]]`,
    a group's its members' `members[group_start[g]:group_start[g + 1]]`. `floor`: per row the day the task cannot
    start before (`not_before`, or the start levelling gave it when it waited for nobody in particular);
    `calendar`: the tasks whose days depend on their start (GPU orders under a working calendar)."""

    def __init__(self, levelled: Levelled, order: list[str]):
        tasks, timings = levelled.tasks, levelled.result.timings
        count = len(order)
        index = {t: i for i, t in enumerate(order)}
        wave = [0] * count
        deps: list[list[int]] = []
        held = [-1] * count
        groups: dict[tuple[int, ...], int] = {}
        group_wave: list[int] = []
        floor = [0] * count
        seen: dict[tuple[str, ...], list] = {}
        self.calendar: list[int] = []
        for i, task_id in enumerate(order):
            task, timing = tasks[task_id], timings[task_id]
            preds = [index[b] for b in task.depends_on]
            top = -1 if not preds else wave[preds[0]] if len(preds) == 1 else max([wave[p] for p in preds])
            lowest = task.not_before
            if timing.start > timing.earliest:  # held back by levelling: it waits for the same holders
                group = None
                if timing.waits:
                    found = _holders(timing.waits[-1].holders, index, seen)
                    if found[1] < i:  # all of them dated before it (thousands of tasks wait for the same few): its group is known once found
                        group = found[2]
                        if group is None and found[0]:
                            group = found[2] = _group(found[0], groups, group_wave, wave)
                    else:
                        earlier = tuple(k for k in found[0] if 0 <= k < i)
                        group = _group(earlier, groups, group_wave, wave) if earlier else None
                if group is not None:
                    held[i] = group
                    top = max(top, group_wave[group])
                else:
                    lowest = max(lowest, timing.start)
            floor[i] = lowest
            wave[i] = top + 1
            deps.append(preds)
            if task.calendar_days is not None:
                self.calendar.append(i)
        waves = np.asarray(wave, dtype=np.int64)
        self.perm = np.argsort(waves, kind="stable")
        self.rank = np.empty(count, dtype=np.int64)
        self.rank[self.perm] = np.arange(count)
        rank = self.rank.tolist()
        sizes = np.bincount(waves) if count else np.zeros(0, dtype=np.int64)
        bounds = np.concatenate([[0], np.cumsum(sizes)]).tolist()
        self.waves = [(bounds[k], bounds[k + 1]) for k in range(len(sizes))]
        # a group is taken in the wave after its last member's
        computed = np.asarray(group_wave, dtype=np.int64) + 1
        group_order = np.argsort(computed, kind="stable")
        group_row = np.empty(len(group_wave), dtype=np.int64)
        group_row[group_order] = count + 1 + np.arange(len(group_wave))
        group_row_of = group_row.tolist()
        self.groups = len(group_wave)
        by_group = list(groups)
        members = [[rank[h] for h in by_group[g]] for g in group_order.tolist()]
        self.members = np.fromiter((m for group in members for m in group), dtype=np.int64)
        self.group_start = np.concatenate([[0], np.cumsum([len(group) for group in members])]).astype(np.int64)
        group_bounds = np.concatenate([[0], np.cumsum(np.bincount(computed, minlength=len(sizes)))]).tolist() if len(group_wave) else [0] * (len(sizes) + 1)
        self.group_waves = [(group_bounds[k], group_bounds[k + 1]) for k in range(len(sizes))]
        sources = [[rank[p] for p in deps[i]] + ([group_row_of[held[i]]] if held[i] >= 0 else []) or [count] for i in self.perm.tolist()]
        self.sources = np.fromiter((s for group in sources for s in group), dtype=np.int64)
        self.edge_start = np.concatenate([[0], np.cumsum([len(group) for group in sources])]).astype(np.int64)
        self.floor = np.asarray(floor, dtype=DAY)[self.perm]
        self.wave_of = wave
        self.index = index
        # per wave what its dating reads, sliced once: (first row, row after the last, the holder groups taken
        # in it as (first row, row after the last, their members' rows, where each group's start) or None, its
        # tasks' predecessors' rows, where each task's start (None: one predecessor each))
        edge, start = self.edge_start.tolist(), self.group_start.tolist()
        self.steps: list[tuple] = []
        for (first, last), (taken, until) in zip(self.waves, self.group_waves):
            held = None
            if until > taken:
                low = start[taken]
                held = (count + 1 + taken, count + 1 + until, self.members[low : start[until]], self.group_start[taken:until] - low)
            low, high = edge[first], edge[last]
            self.steps.append((first, last, held, self.sources[low:high], self.edge_start[first:last] - low if high - low > last - first else None))


def _holders(holders: list[str], index: dict[str, int], seen: dict[tuple[str, ...], list]) -> list:
    """[the holders' indices in the order (-1: not in it), the last of them (the order's length when one is not in
    it), their group when all are dated before the task (filled in by the caller)]; `seen` remembers each list."""
    key = tuple(holders)
    found = seen.get(key)
    if found is None:
        indices = tuple(index.get(h, -1) for h in key)
        found = seen[key] = [indices, max(indices, default=-1) if -1 not in indices else len(index), None]
    return found


def _group(holders: tuple[int, ...], groups: dict[tuple[int, ...], int], group_wave: list[int], wave: list[int]) -> int:
    """The group of these holders (indices in the order), a new one taken in the wave after its last member's."""
    group = groups.get(holders)
    if group is None:
        group = groups[holders] = len(group_wave)
        group_wave.append(max(wave[h] for h in holders))
    return group


def _durations(levelled: Levelled, order: list[str], rank: np.ndarray, values: dict[str, np.ndarray], rows: int) -> np.ndarray:
    """Each task's days per draw (tasks in wave order, `rank`, x draws): its uncertain factor's draw times its
    template duration, stretched as levelling stretched it; the levelled duration where no factor is drawn.
    Computed once per distinct (factor, duration, stretch), which thousands of a template's tasks share."""
    tasks, timings = levelled.tasks, levelled.result.timings
    kinds: dict[tuple, int] = {}
    kind_of = np.empty(len(order), dtype=np.int64)
    for i, task_id in enumerate(order):
        task, levelled_days = tasks[task_id], timings[task_id].duration
        if task.uncertain and task.calendar_days is None and task.uncertain in values:
            key: tuple = (task.uncertain, task.base, task.unit, levelled_days if levelled_days != task.duration and task.duration > 0 else None, task.duration)
        else:
            key = (None, levelled_days)
        kind_of[rank[i]] = kinds.setdefault(key, len(kinds))
    table = np.empty((len(kinds), rows), dtype=DAY)
    for key, k in kinds.items():
        if key[0] is None:
            table[k] = key[1]
            continue
        factor, base, unit, stretched_to, template_days = key
        days = np.round(base * values[factor] * unit).astype(DAY)
        if stretched_to is not None:  # levelling stretched it (too few people)
            days = np.ceil(days * stretched_to / template_days - 1e-9).astype(DAY)
        table[k] = days
    return table[kind_of]


def _calendar_span(task, values: dict[str, np.ndarray], begin: np.ndarray, calendar: _Calendar) -> Any:
    """A GPU order's working days per draw under a working calendar: until its delivery, `calendar_days` (drawn) later."""
    factor = values.get(task.uncertain) if task.uncertain else None
    calendar_days = np.round(task.base * factor * task.unit).astype(DAY) if factor is not None else task.calendar_days
    return calendar.span(begin, calendar_days)


def _delivery(levelled: Levelled, kind: str, finish: np.ndarray, network: _Network, calendar: _Calendar) -> np.ndarray | None:
    """The day after the last order of a kind arrives (None when the schedule orders none)."""
    orders = levelled.orders[kind]
    if not orders:
        return None
    return calendar.day(finish[[network.rank[network.index[t]] for t in orders]].max(axis=0))


def _bridges(levelled: Levelled, network: "_Network", last_day: np.ndarray, values: dict[str, np.ndarray], rows: int) -> dict[str, Days]:
    """A bridge starts the day after its pilot ends, once its rented GPUs can have arrived (each draw's lead time)."""
    bridged = [t for t in levelled.schedule.tasks if t.template == BRIDGE_TEMPLATE and t.workload]
    if not bridged:
        return {}
    results = {r.id: r for r in levelled.results}
    factor = values.get("gpuaas_lead_time_factor")
    origin = levelled.plan.start.toordinal()
    found: dict[str, Days] = {}
    for bridge in bridged:
        quote = results[bridge.workload].gpuaas
        pilot = network.index.get(bridge.depends_on[0]) if bridge.depends_on else None
        if quote is None or pilot is None:
            continue
        lead = np.round(quote.lead_time_days * factor).astype(np.int64) if factor is not None else bridge_lead_days(quote.lead_time_days, None)
        found[bridge.workload] = np.maximum(last_day[network.rank[pilot]] + 1, origin + lead)
    return found


def _phases(levelled: Levelled, phase_of: np.ndarray, working: np.ndarray, rank: np.ndarray, start_day: np.ndarray, last_day: np.ndarray) -> list[DrawnPhase]:
    """Each phase from its first task's start to its last work task's end, as the schedule counts them (per task in
    the order: `phase_of` its phase, `working` whether it is work, not a milestone or a delivery; `rank` its row)."""
    phases = []
    for scheduled in levelled.schedule.phases:
        member = phase_of == scheduled.phase
        rows, work_rows = rank[member], rank[member & working]
        phases.append(DrawnPhase(scheduled.phase, start_day[rows].min(axis=0), last_day[work_rows if len(work_rows) else rows].max(axis=0)))
    return phases


def as_date(ordinal: int) -> date:
    return date.fromordinal(int(ordinal))
