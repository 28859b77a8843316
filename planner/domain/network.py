"""Date a task network in whole days: dependencies, staff levelling, slack and the critical path.

Days are integer offsets from the project start. A task of `duration` days starting on day S occupies
days S .. S+duration-1 and `finish` = S+duration is the first day a successor may start; a task of
0 days (milestone, delivery) has start = finish. Staff levelling is serial list scheduling, the way
TaskJuggler levels: tasks are taken in dependency order, most urgent first (smallest latest start of
the unlevelled network), and each starts on the first day from which every role it needs has enough
free people for its whole duration. FTE are hundredths (integers), so sums are exact.

Pure: no I/O, no knowledge of the phase template. The hot path is plain dicts and a heap (networkx's
graph and sort took half the time of a 2,000-task run); networkx finds and names dependency cycles,
imported inside that function so that importing the domain stays light.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from itertools import islice
from operator import attrgetter

from planner.domain.records import Frozen, Record

_NEW = object.__new__

FOREVER = 10**9
"""A day after every task: 'from here on' for reservations."""
MAX_CYCLES_REPORTED = 20
"""Dependency cycles named in one error, at most."""

DATE_UNHELD_TOGETHER = True
"""Tasks of no demand that follow one of no demand with its dependencies and start constraint are dated with it (`_unheld`);
False: each on its own, by `_schedule_one` (what dating them together must equal)."""


class Activity(Record):
    """One task of the network to date (slotted: a 10,000-workload plan dates ~30,000, and its rented-GPU variant as
    many; not frozen: a frozen class's `__init__` sets each field through `object.__setattr__`, ~6x the cost.
    Nothing changes an activity once made)."""

    __slots__ = ("id", "duration", "depends_on", "demand", "not_before")
    id: str
    duration: int
    """Calendar days (0 for a milestone)."""
    depends_on: tuple[str, ...]
    """Activity ids that must finish first (all must exist)."""
    demand: dict[str, int]
    """Hundredths of an FTE per role while it runs."""
    not_before: int
    """Earliest start day."""

    def __init__(self, id: str, duration: int, depends_on: tuple[str, ...] = (), demand: dict[str, int] | None = None, not_before: int = 0) -> None:  # noqa: A002
        self.id = id
        self.duration = duration
        self.depends_on = depends_on
        self.demand = {} if demand is None else demand
        self.not_before = not_before


class Reservation(Frozen):
    """People of a role busy from a day on, for ever (on-prem operations once serving is live)."""

    __slots__ = ("role", "start", "amount")
    role: str
    start: int
    amount: int
    """Hundredths of an FTE."""

    def __init__(self, role: str, start: int, amount: int) -> None:
        object.__setattr__(self, "role", role)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "amount", amount)


class Wait(Record):
    """A levelling delay: the role was busy with `holders` until `until`."""

    __slots__ = ("role", "holders", "until")
    role: str
    holders: tuple[str, ...]
    """The tasks finishing on `until` when the wait was met (`_Usage.holders`: one tuple for every wait that met the same ones)."""
    until: int

    def __init__(self, role: str, holders: tuple[str, ...], until: int) -> None:
        self.role = role
        self.holders = holders
        self.until = until


class Timing(Record):
    """Computed dates of one activity."""

    __slots__ = ("start", "finish", "duration", "earliest", "driver", "waits", "stretched", "slack", "critical")
    start: int
    finish: int
    """First day after it (start + duration)."""
    duration: int
    """Days, after stretching when a role never has enough free people."""
    earliest: int
    """Earliest start allowed by dependencies and `not_before` alone."""
    driver: str | None
    """The predecessor whose finish set `earliest`, or None (project start or `not_before`)."""
    waits: list[Wait] | tuple[()]
    """Levelling delays, in the order they were met (a list from the first on: most tasks meet none, and a
    10,000-workload plan's passes date ~60,000 tasks)."""
    stretched: list[tuple[str, int, int]] | tuple[()]
    """(role, needed, available) for each role whose demand was cut to what is available (a list from the first on)."""
    slack: int
    """Days it can slip without moving the project's end (levelled network)."""
    critical: bool
    """Zero slack."""

    def __init__(self, start: int, finish: int, duration: int, earliest: int, driver: str | None = None, waits: list[Wait] | tuple[()] = (), stretched: list[tuple[str, int, int]] | tuple[()] = (), slack: int = 0, critical: bool = False) -> None:
        self.start = start
        self.finish = finish
        self.duration = duration
        self.earliest = earliest
        self.driver = driver
        self.waits = waits
        self.stretched = stretched
        self.slack = slack
        self.critical = critical


class NetworkResult(Record):
    """The dated network."""

    __slots__ = ("timings", "order", "critical_path", "end")
    timings: dict[str, Timing]
    order: list[str]
    """Activity ids by start day, in dependency order on equal days."""
    critical_path: list[str]
    """One chain of zero-slack activities from its first to the project's last day."""
    end: int
    """First day after the last activity."""

    def __init__(self, timings: dict[str, Timing], order: list[str], critical_path: list[str], end: int) -> None:
        self.timings = timings
        self.order = order
        self.critical_path = critical_path
        self.end = end


class CycleError(ValueError):
    """The dependencies go round in circles; each cycle lists the ids, first repeated last."""

    def __init__(self, cycles: list[list[str]]):
        super().__init__("; ".join(" -> ".join(cycle) for cycle in cycles))
        self.cycles = cycles


class RunLog:
    """What one levelling pass learnt, task by task: lets a second pass under reservations take over the
    tasks the reservations cannot have moved instead of levelling them again (`Network.run`, `after`)."""

    __slots__ = ("capacity", "record_waits", "changes", "marks", "levels", "stopped", "groups")

    def __init__(self) -> None:
        self.capacity: dict[str, int] | None = None
        """The capacities of the logged pass (None: not run yet, or run with reservations: nothing to take over)."""
        self.record_waits = True
        self.changes: list = []
        """role, what, key, value, one after the other (four items a change, no tuple around them: ~60,000 changes
        at 10,000 workloads), in the order the pass learnt them: what the search of each role remembers
        (`_Usage.no_fit`, `never`, `exact`), which a second pass must hold as the first did to find the same
        starts and record the same waits. A walk logs what its search remembers even where it was known already; a
        follower of a group (`_Alike`) logs nothing: its walk would only log again its leader's last change, which a
        take-over replays to the same memory (each setting left with its last value, in the place its first gave it)."""
        self.marks: list[int] = []
        """`len(changes)` after each task, in the order the pass took them."""
        self.levels: dict[str, tuple[list[int], list[int]]] = {}
        """Each role's people in use over time once the logged pass is done (`_Usage.times`, `levels`): what its
        tasks hold from any day on."""
        self.groups: dict[str, list[str]] = {}
        """The followers of each group's leader (`_Alike`), by the leader's id: dated right after it, on its days."""
        self.stopped: int | None = None
        """The day reservations would start, when the pass stopped before its last task (`Network.run`'s `live`): the
        tasks it dated then already hold more than the reservations leave free from that day on."""


_NO_FIT, _NEVER, _INEXACT = 0, 1, 2
"""What a RunLog change sets."""


class _Usage:
    """People of one role in use over time: a step function with the tasks that finish at each step."""

    def __init__(self, capacity: int, role: str = "", log: list | None = None):
        self.capacity = capacity
        self.role = role
        self.log = log
        """A RunLog's `changes`, or None."""
        self._keys: dict[tuple[int, int], tuple[int, int]] = {}
        """One (need, duration) key object per value, for `no_fit`, `never` and the log."""
        self.times = [-FOREVER]
        self.levels = [0]
        self.finishing: dict[int, list[str]] = {}
        self._holders: dict[int, tuple[int, tuple[str, ...]]] = {}
        """Day -> (how many tasks finished on it then, those tasks): `holders`."""
        # (need, duration) -> (from, to): no start in [from, to) fits. Usage only grows, so it stays true.
        self.no_fit: dict[tuple[int, int], tuple[int, int]] = {}
        # (need, duration) -> a day from which no start ever fits (the role is held for ever from some
        # day on and each start up to there was found blocked): a later search from there stops at once.
        self.never: dict[tuple[int, int], int] = {}
        # False once `no_fit` holds a range not checked start by start for this role (a task of several
        # roles jumped over some starts because of another role): `never` is then no longer learnt.
        self.exact = True

    def holders(self, day: int) -> tuple[str, ...]:
        """The tasks finishing on `day` so far, as one tuple for every wait that meets them while they are the same
        (a day's list only grows): 10,000 workloads met ~67,000 waits, each with its own copy of a list of ~20 tasks."""
        tasks = self.finishing.get(day, ())
        found = self._holders.get(day)
        if found is None or found[0] != len(tasks):
            found = self._holders[day] = (len(tasks), tuple(tasks))
        return found[1]

    def known_blocked(self, start: int, end: int, need: int) -> int | None:
        """The first start that may fit, when an earlier query already showed `start` cannot (else None)."""
        known = self.no_fit.get((need, end - start))
        if known and known[0] <= start < known[1]:
            return known[1]
        return None

    def remember_blocked(self, first: int, fits_at: int, duration: int, need: int) -> None:
        """Starts in [first, fits_at) were all found not to fit."""
        key = (need, duration)
        known = self.no_fit.get(key)
        if known and known[0] <= fits_at and first <= known[1]:
            first, fits_at = min(first, known[0]), max(fits_at, known[1])
        if fits_at > first:
            key = self._keys.setdefault(key, key)
            value = self.no_fit[key] = (first, fits_at)
            if self.log is not None:
                self.log.extend((self.role, _NO_FIT, key, value))

    def learn(self, what: int, key: tuple[int, int], value: object) -> None:
        """Apply a RunLog change."""
        if what == _NO_FIT:
            self.no_fit[key] = value  # type: ignore[assignment]
        elif what == _NEVER:
            self.never[key] = value  # type: ignore[assignment]
        else:
            self.exact = False

    def blocked_until(self, start: int, end: int, need: int) -> int | None:
        """None when `need` fits on every day of [start, end); else the end of the first day range where it does not."""
        limit = self.capacity - need
        times, levels = self.times, self.levels
        i = bisect_right(times, start) - 1
        last = len(times) - 1
        while i <= last and times[i] < end:
            if levels[i] > limit:
                return times[i + 1] if i < last else FOREVER
            i += 1
        return None

    def add(self, start: int, end: int, amount: int, activity: str) -> None:
        first = self._split(start)
        stop = self._split(end)
        for i in range(first, stop):
            self.levels[i] += amount
        self.finishing.setdefault(end, []).append(activity)

    def add_group(self, start: int, end: int, amount: int, activities: list[str]) -> None:
        """`add(start, end, amount, activity)` for each of `activities` in turn, at once."""
        first = self._split(start)
        stop = self._split(end)
        total = amount * len(activities)
        levels = self.levels
        for i in range(first, stop):
            levels[i] += total
        self.finishing.setdefault(end, []).extend(activities)

    def add_many(self, spans: list[tuple[int, int, int, list[str]]]) -> None:
        """`add(start, end, amount / len(activities), activity)` for each activity of each (start, end, amount,
        activities) in turn (the amount of all of them), at once: the same steps (every start and end is a step, as `add`
        splits there) and the same tasks finishing on each day, in the same order."""
        change: dict[int, int] = {}
        before = 0
        for day, level in zip(self.times, self.levels):
            change[day] = level - before
            before = level
        finishing = self.finishing
        for start, end, amount, activities in spans:
            change[start] = change.get(start, 0) + amount
            change[end] = change.get(end, 0) - amount
            finishing.setdefault(end, []).extend(activities)
        self.times = sorted(change)
        level, levels = 0, []
        for day in self.times:
            level += change[day]
            levels.append(level)
        self.levels = levels

    def _split(self, day: int) -> int:
        i = bisect_right(self.times, day) - 1
        if self.times[i] == day:
            return i
        self.times.insert(i + 1, day)
        self.levels.insert(i + 1, self.levels[i])
        return i + 1


def _dependency_order(activities: list[Activity], successors: dict[str, list[str]]) -> list[str] | None:
    """Ids in an order where every task comes after its dependencies (Kahn), or None on a cycle."""
    remaining = {a.id: len(a.depends_on) for a in activities}
    order = [a.id for a in activities if not a.depends_on]
    for aid in order:  # grows while iterating
        for succ in successors[aid]:
            remaining[succ] -= 1
            if remaining[succ] == 0:
                order.append(succ)
    return order if len(order) == len(activities) else None


def _cycles(activities: list[Activity], suspects: frozenset[tuple[str, str]]) -> list[list[str]]:
    """The circles in the dependencies, each broken at a suspect link (else its last) before the next is sought."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(a.id for a in activities)
    graph.add_edges_from((dep, a.id) for a in activities for dep in a.depends_on)
    cycles = []
    while len(cycles) < MAX_CYCLES_REPORTED:
        try:
            edges = nx.find_cycle(graph)
        except nx.NetworkXNoCycle:
            break
        cycles.append([u for u, _v in edges] + [edges[0][0]])
        graph.remove_edge(*next((e for e in edges if e in suspects), edges[-1]))
    return cycles


def _levelling_order(order: list[str], activities: dict[str, Activity], successors: dict[str, list[str]], rank: dict[str, int], ranked: bool = False) -> list[str]:
    """The order in which levelling takes the tasks: in dependency order, the most urgent ready task first (smallest
    latest start of the unlevelled network, then rank). It reads no date a pass finds, so every pass of a network
    takes its tasks in this order (worked out once, with one integer per task in the heap: latest x n + rank).
    `ranked`: `order` is the tasks by rank (as made: each rank its place in it), so each task's successors are ranked after it."""
    count = max(rank.values(), default=-1) + 1
    # (every latest start less the network's end: the same order, without the forward pass that finds the end)
    latest, grows = _urgency(order, activities, successors, rank, count, check=not ranked, end=0, ranked=ranked)
    # A task's latest start is at least its predecessor's plus the predecessor's length, so the key grows along every
    # dependency out of a task that lasts: where it also grows out of each task of no length (milestones: their
    # successors are made after them; `grows`), the heap would pop the tasks in the order of their keys (the smallest
    # key left is always ready, its predecessors' keys being smaller): they are sorted, without the heap. Where the
    # successors are ranked after their task (`ranked`), the key grows out of a milestone too (its latest start is its
    # successors' smallest, its rank below theirs), and the tasks by rank sorted by latest start alone are in the order
    # of their keys (the sort is stable: equal latest starts stay by rank).
    if ranked:
        return sorted(order, key=latest.__getitem__)
    key = {aid: latest[aid] * count + rank[aid] for aid in order}
    if grows:
        return sorted(order, key=key.__getitem__)
    ids = [""] * count  # by rank
    for aid, index in rank.items():
        ids[index] = aid
    remaining = {aid: len(a.depends_on) for aid, a in activities.items()}
    ready = [key[aid] for aid in order if remaining[aid] == 0]
    heapq.heapify(ready)
    taken: list[str] = []
    pop, push = heapq.heappop, heapq.heappush
    while ready:
        aid = ids[pop(ready) % count]
        taken.append(aid)
        for succ in successors[aid]:
            remaining[succ] -= 1
            if remaining[succ] == 0:
                push(ready, key[succ])
    return taken


def _latest_starts(order: list[str], activities: dict[str, Activity], successors: dict[str, list[str]]) -> dict[str, int]:
    """Latest starts of the unlevelled network (the urgency used to pick the next task)."""
    return _urgency(order, activities, successors, dict.fromkeys(order, 0), 1, check=False)[0]


def _urgency(order: list[str], activities: dict[str, Activity], successors: dict[str, list[str]], rank: dict[str, int], count: int, check: bool = True, end: int | None = None, ranked: bool = False) -> tuple[dict[str, int], bool]:
    """(the latest starts of the unlevelled network, whether the levelling key (latest start x `count` + rank) grows
    along every dependency out of each task of no length (`check` False: not looked at, True)), in one backward walk.
    `end`: the day the latest starts count back from (None: the network's end, found by a forward walk). A task's latest
    start is that day less the longest chain of lengths from it to a task without successors, so another day moves every
    latest start by as many days: their order, and the order of the levelling keys, stays (`_levelling_order` gives 0).
    `ranked`: `order` is `activities`' own order."""
    if end is None:
        finish: dict[str, int] = {}
        for aid in order:
            a = activities[aid]
            finish[aid] = max([a.not_before, *map(finish.__getitem__, a.depends_on)]) + a.duration
        end = max(finish.values(), default=0)
    latest: dict[str, int] = {}
    grows = check
    for aid, a in reversed(activities.items()) if ranked else zip(reversed(order), map(activities.__getitem__, reversed(order))):
        late_finish = end
        after = successors[aid]
        for succ in after:
            if latest[succ] < late_finish:
                late_finish = latest[succ]
        duration = a.duration
        start = latest[aid] = late_finish - duration
        if grows and duration <= 0:
            mine = start * count + rank[aid]
            for succ in after:
                if latest[succ] * count + rank[succ] <= mine:
                    grows = False
    return latest, grows or not check


def _place(aid: str, demand: dict[str, int], earliest: int, usage: dict[str, _Usage], timing: Timing, record: bool) -> tuple[int, dict[str, int]]:
    """First start >= earliest where every role has room for the whole duration; records waits (when `record`).

    Returns the start and the demand used (cut to what is free where a reservation holds a role for ever).
    `demand` is the caller's own dict: it is updated in place when cut.

    A search that ends "never" (a reservation holds the role for ever) is learnt per role, need and
    duration when it is exact (the role checked first at every start), so the next task of that shape
    is cut at once instead of walking every task placed before it again: this kept levelling from
    growing with the square of the tasks. The dates, waits and notes are those of the full walk.
    """
    start = earliest
    blocked_from: dict[str, int] = {}
    missed: set[str] = set()  # roles in blocked_from not checked at some start since (an earlier role was blocked)
    alone = True  # every start of this walk so far was blocked by the first role (the others never decided)
    while True:
        role, until, first = "", None, True
        for role, need in demand.items():
            roll = usage[role]
            until = roll.blocked_until(start, start + timing.duration, need)
            if until is not None:
                blocked_from.setdefault(role, start)
                if len(blocked_from) > 1:
                    missed.update(other for other in blocked_from if other != role)
                if first and roll.never and start >= roll.never.get((need, timing.duration), FOREVER):
                    until = FOREVER  # known: from here on the walk meets only busy days, then "never"
                    break
                alone = alone and first
                # skip ahead over starts an earlier task of the same shape already found blocked
                until = max(until, roll.known_blocked(until, until + timing.duration, need) or until)
                break
            if blocked_from and role in blocked_from:
                if role in missed:
                    if roll.exact and roll.log is not None:
                        roll.log.extend((role, _INEXACT, (0, 0), False))
                    roll.exact = False
                    missed.discard(role)
                roll.remember_blocked(blocked_from.pop(role), start, timing.duration, need)
            first = False
        if until is None:
            return start, demand
        if until < FOREVER:
            if record:
                _waited(timing, Wait(role, usage[role].holders(until), until))
            start = until
            continue
        # The role never again has `need` free (operations hold part of it for ever): use what is free, for longer.
        roll = usage[role]
        demand[role] = _stretch(aid, role, roll, demand[role], earliest, timing, learn=alone and roll.exact)
        start = earliest
        alone = True


def _stretch(aid: str, role: str, roll: _Usage, need: int, earliest: int, timing: Timing, learn: bool) -> int:
    """`role` never again has `need` free from `earliest` on: remember that for tasks of the same need and length
    (when `learn`), then stretch the task over what is left free. Returns the need it now uses."""
    if learn:
        key = roll._keys.setdefault((need, timing.duration), (need, timing.duration))
        roll.never[key] = min(earliest, roll.never.get(key, FOREVER))
        if roll.log is not None:
            roll.log.extend((role, _NEVER, key, roll.never[key]))
    free = roll.capacity - roll.levels[-2]
    if free <= 0:
        raise ValueError(f"no {role} left for {aid}: reservations take the whole capacity")
    timing.stretched = [*timing.stretched, (role, need, free)]
    timing.duration = math.ceil(timing.duration * need / free)
    timing.waits = ()
    return free


def _waited(timing: Timing, wait: Wait) -> None:
    """`wait` added to the timing's waits (a list from the first)."""
    if timing.waits:
        timing.waits.append(wait)  # type: ignore[union-attr]
    else:
        timing.waits = [wait]


def _place_one(aid: str, role: str, need: int, earliest: int, roll: _Usage, timing: Timing, record: bool) -> tuple[int, int]:
    """`_place` for a task that needs one role (most do): the same walk, starts, waits, cuts and learning,
    without the bookkeeping between roles. Returns the start and the need used."""
    start = earliest
    first_blocked = None  # kept across a cut, as `_place` keeps it
    while True:
        duration = timing.duration
        until = roll.blocked_until(start, start + duration, need)
        if until is None:
            if first_blocked is not None:
                roll.remember_blocked(first_blocked, start, duration, need)
            return start, need
        if first_blocked is None:
            first_blocked = start
        if roll.never and start >= roll.never.get((need, duration), FOREVER):
            until = FOREVER
        else:
            until = max(until, roll.known_blocked(until, until + duration, need) or until)
        if until < FOREVER:
            if record:
                _waited(timing, Wait(role, roll.holders(until), until))
            start = until
            continue
        need = _stretch(aid, role, roll, need, earliest, timing, learn=roll.exact)
        start = earliest


class _Alike:
    """Tasks alike taken one after the other, levelled as a group: a task of one role placed by its walk (the
    leader: it started at `earliest` and was held until `start`, or fitted there) is followed by tasks of the
    same need, length and earliest start. Each follower's walk would go the way the leader's went and end on
    the leader's start when it still fits there: from `earliest`, the first busy days end on or before the
    leader's start (a busy day inside the leader's days would have kept the leader out), and the search memory
    (`_Usage.no_fit`) the leader's walk left says every start from `earliest` up to the leader's start is
    blocked; so it waits once, for the tasks finishing on that start, and its search learns nothing new (the
    range it remembers is the one already there). While the group's people fit beside what else runs on the
    leader's days, each follower is dated so without a walk, and their people are added together when the
    group ends (before any other task looks at the role). The dates, waits, holders and search memory are
    those of one walk per task (a 10,000-workload plan levels three groups of ~10,000 tasks each); the run log
    (`RunLog.changes`) holds the leader's changes only, which replay to the memory of one walk per task."""

    __slots__ = ("usage", "record", "demand", "duration", "earliest", "start", "finish", "role", "need", "room", "waits", "depends_on", "not_before", "driver", "shapes")

    def __init__(self, usage: dict[str, _Usage], record: bool):
        self.usage = usage
        self.record = record
        self.demand: dict[str, int] | None = None
        """The leader's demand (None: no group open)."""
        self.shapes: dict[int, tuple[str, int, _Usage] | None] = {}
        """`_schedule_one`'s `shapes` in this pass: `_one_role` of each demand dict it met."""

    def lead(self, activity: Activity, timing: Timing) -> None:
        """After `timing` was found by `_schedule_one` (with `shapes`): open a group when it is one role's task, not cut or
        stretched (the role's need no more than it has: a need cut to what the role has is stretched)."""
        self.demand = None
        if timing.stretched or timing.duration == 0 or timing.finish == timing.start:
            return
        one = self.shapes.get(id(activity.demand))
        if one is None:
            return
        role, need, roll = one
        start, end = timing.start, timing.finish
        times, levels = roll.times, roll.levels
        i = bisect_right(times, start) - 1
        last = len(times) - 1
        peak = levels[i]
        while i < last and times[i + 1] < end:
            i += 1
            if levels[i] > peak:
                peak = levels[i]
        self.demand = activity.demand
        self.duration = timing.duration
        self.earliest = timing.earliest
        self.depends_on = activity.depends_on
        """The leader's dependencies (tasks alike share one list) and start constraint, with which its earliest start and
        driver (`timing.driver`) were found: a follower with the same has the same."""
        self.not_before = activity.not_before
        self.driver = timing.driver
        self.start = start
        self.finish = end
        self.role = role
        self.need = need
        self.room = roll.capacity - peak
        self.waits = [Wait(role, roll.holders(start), start)] if self.record and start > timing.earliest else ()
        """The followers' waits: one list for all of them (nothing changes a timing's waits once dated), or none."""

    def follow(self, tasks: Iterator[str], by_id: dict[str, Activity], timings: dict[str, Timing]) -> tuple[list[str], str | None]:
        """Date the followers of the open group (into `timings`): the next tasks of `tasks` (the order levelling takes them
        in), while each is alike and its people fit beside the others on the leader's start; then add their people to the
        role's usage, as one `add` each would, and close the group. Returns (the followers, the task after them: None
        where `tasks` ended). (One loop for the group, its values read once: most tasks of a plan are followers.)"""
        duration, need, demand, depends_on, not_before, leader = self.duration, self.need, self.demand, self.depends_on, self.not_before, self.driver
        earliest, start, finish, waits, room = self.earliest, self.start, self.finish, self.waits, self.room
        followers: list[str] = []
        after = None
        for aid in tasks:
            activity = by_id[aid]
            if activity.duration != duration or room < need or (activity.demand is not demand and activity.demand != demand):
                after = aid
                break
            if activity.depends_on is depends_on and activity.not_before == not_before:  # (dated tasks keep their dates)
                driver = leader
            else:
                found, driver = activity.not_before, None
                for dep in activity.depends_on:
                    at = timings[dep].finish
                    if at > found or (driver is None and at == found):
                        found, driver = at, dep
                if found != earliest:
                    after = aid
                    break
            # `Timing(start, finish, duration, earliest, driver)` with the group's waits, its fields set here (no __init__ call)
            timing = _NEW(Timing)
            timing.start = start
            timing.finish = finish
            timing.duration = duration
            timing.earliest = earliest
            timing.driver = driver
            timing.waits = waits
            timing.stretched = ()
            timing.slack = 0
            timing.critical = False
            timings[aid] = timing
            room -= need
            followers.append(aid)
        if followers:
            self.usage[self.role].add_group(start, start + duration, need, followers)
        self.demand = None
        return followers, after


def _unheld(first: Activity, timing: Timing, tasks: Iterator[str], by_id: dict[str, Activity], timings: dict[str, Timing]) -> tuple[int, str | None]:
    """Date the next tasks of `tasks` that, as `first` (dated: `timing`), need nobody, with its dependencies (one list) and
    start constraint: each starts on its earliest start, which is `first`'s, found from the same finishes, with the same
    driver (what `_schedule_one` finds for each). Returns (how many, the task after them: None where `tasks` ended)."""
    depends_on, not_before, earliest, driver = first.depends_on, first.not_before, timing.earliest, timing.driver
    count = 0
    for aid in tasks:
        activity = by_id[aid]
        if activity.demand or activity.depends_on is not depends_on or activity.not_before != not_before:
            return count, aid
        # `Timing(earliest, earliest + duration, duration, earliest, driver)`, its fields set here (no __init__ call)
        made = _NEW(Timing)
        made.start = made.earliest = earliest
        made.finish = earliest + activity.duration
        made.duration = activity.duration
        made.driver = driver
        made.waits = made.stretched = ()
        made.slack = 0
        made.critical = False
        timings[aid] = made
        count += 1
    return count, None


def _parts(depends_on: Iterable[str], run: list[str]) -> list[list[str]]:
    """A run of tasks with one list of dependencies, as linked: at once, or task by task where the list repeats a dependency."""
    if len(run) > 1 and len(set(depends_on)) != len(depends_on):  # type: ignore[arg-type]
        return [[aid] for aid in run]
    return [run]


def _linked_as_made(runs: list[tuple[Iterable[str], list[str]]], successors: dict[str, list[str]]) -> bool:
    """Link the runs of tasks (`Network`'s) in turn into `successors`, each run's tasks given their lists once it is linked;
    False as soon as a dependency has none yet (made after the run, or unknown)."""
    for depends_on, run in runs:
        if len(run) == 1:  # (a task of its own list: linked as it is)
            for dep in depends_on:
                before = successors.get(dep)
                if before is None:
                    return False
                before += run
            successors[run[0]] = []
            continue
        for tasks in _parts(depends_on, run):
            for dep in depends_on:
                before = successors.get(dep)
                if before is None:
                    return False
                before += tasks
        for aid in run:
            successors[aid] = []
    return True


class Network:
    """A dependency network checked and ordered once, to be dated under one or more sets of reservations.

    Raises CycleError naming the circles the dependencies make; `suspects` are (before, after) links
    to blame first (the ones a user added), so that one bad link is reported once.
    """

    def __init__(
        self, activities: list[Activity], suspects: frozenset[tuple[str, str]] = frozenset(), by_id: dict[str, Activity] | None = None,
        runs: list[tuple[Iterable[str], list[str]]] | None = None,
    ):
        """`by_id`: the activities by id, in their order (`{a.id: a for a in activities}`), where the caller keeps them so
        (a schedule's tasks: read, never changed). `runs`: the activities' runs as below (the ids of each in order, every
        activity in one, the runs in the activities' order), where the caller knows them (a schedule's: by template); a
        run may be split in two (each part linked in turn: the same successors)."""
        self.by_id = by_id = {a.id: a for a in activities} if by_id is None else by_id
        self._activities = activities
        self._rank: dict[str, int] | None = None
        # A run of tasks one after the other with one list of dependencies (tasks alike share theirs: a template's, 1,000
        # per workload at 1,000 workloads) is linked at once: each dependency's successors get the run's tasks in turn, as
        # task by task (a list without repeats: each dependency once per task); the first of the run is the one ranked lowest.
        if runs is None:
            runs = []
            depends_on: Iterable[str] | None = None
            for a in activities:
                if a.depends_on is depends_on:
                    run.append(a.id)
                else:
                    depends_on, run = a.depends_on, [a.id]
                    runs.append((depends_on, run))
        # Every task after its dependencies, as made (a plan's template makes them so), and no id twice: the runs are linked
        # as they come, each task given its list of successors once its run is linked, so a dependency without one is not
        # made before the run (or is unknown). Then the tasks are linked again by rank, as below, and are not as made.
        successors: dict[str, list[str]] = {}
        as_made = len(by_id) == len(activities) and _linked_as_made(runs, successors)
        if not as_made:
            successors = {aid: [] for aid in by_id}
            for depends_on, run in runs:
                for tasks in _parts(depends_on, run):
                    for dep in depends_on:
                        before = successors.get(dep)
                        if before is None:
                            raise ValueError(f"{tasks[0]} depends on unknown activity {dep!r}")
                        before += tasks
        self.successors = successors
        self._ranked = as_made
        """`_topological` is the tasks by rank."""
        self._order: list[str] | None = None
        if as_made:  # a dependency order already: no cycle, and what levelling reads is the same in any such order
            self._topological = list(by_id)
        else:
            self._order = _dependency_order(activities, successors)
            if self._order is None:
                raise CycleError(_cycles(activities, suspects))
            self._topological = self._order
        self._taken: list[str] | None = None
        """`_levelling_order`, once a pass needs it."""

    @property
    def rank(self) -> dict[str, int]:
        """Each activity's place in the list made of them (by id), once something reads it."""
        if self._rank is None:
            self._rank = {a.id: i for i, a in enumerate(self._activities)}
        return self._rank

    @property
    def order(self) -> list[str]:
        """Activity ids in dependency order (Kahn's, from the tasks with no dependency on): the order a pass without
        levelling dates them in."""
        if self._order is None:
            self._order = _dependency_order(list(self.by_id.values()), self.successors)
        return self._order  # type: ignore[return-value]

    def run(
        self,
        capacity: dict[str, int] | None = None,
        reservations: list[Reservation] | tuple[Reservation, ...] = (),
        record_waits: bool = True,
        log: RunLog | None = None,
        after: tuple[dict[str, Timing], RunLog] | None = None,
        live: tuple[frozenset[str], dict[str, int]] | None = None,
    ) -> dict[str, Timing]:
        """Timings under role capacities and reservations (see `schedule_network`), before slack.

        `record_waits=False` leaves `Timing.waits` empty (for a pass whose result only gives dates).
        `log`: filled with what this pass learnt (when it has no reservations), for a later pass's `after`.
        `after`: (the timings, the log) of a pass of this network without reservations, same capacities and
        `record_waits`: the tasks it took before the first one that used a reserved role after its reservation
        starts are taken over as they are (their Timing objects too) instead of being levelled again. Tasks
        are taken in an order that does not depend on dates, and a task that ends before a reservation
        starts never looked at the days it reserves, so levelling them again would give the same
        starts, waits and searches. The result is the one a full pass gives.

        `live`: (tasks, people per role) of a pass with a `log` and without reservations, whose caller would reserve those
        people from the first of those tasks' finishes on (go-live: operations once serving is live) and date the network
        again where they do not fit, taking over this pass's first tasks (`after`). The tasks must be alike (the same
        dependencies, start constraint, length and demand), so the first of them this pass dates finishes first (usage only
        grows, and each takes the first start that fits from the same earliest start). Once that one is dated and the
        tasks dated so far hold more of a role from its finish on than the reservation leaves free, the pass stops (the
        ones after it would hold more, not less): it returns the tasks dated so far, and `log.stopped` is that finish.
        What the second pass takes over of them, and what it levels again, is what it does after a whole pass.
        """
        by_id = self.by_id
        capacity = capacity or {}
        changes = log.changes if log is not None and not reservations else None
        usage = {role: _Usage(people, role, changes) for role, people in capacity.items()}
        for reservation in reservations:
            if reservation.role in usage:
                usage[reservation.role].add(reservation.start, FOREVER, reservation.amount, "")
        timings: dict[str, Timing] = {}
        if not usage:
            for aid in self.order:
                timings[aid] = _schedule_one(by_id[aid], timings, usage, record_waits)
            return timings
        if self._taken is None:
            self._taken = _levelling_order(self._topological, by_id, self.successors, {} if self._ranked else self.rank, self._ranked)
        taken = self._taken
        if after is not None and after[1].capacity == capacity and after[1].record_waits == record_waits:
            self._take_over(after[0], after[1], reservations, usage, timings)
            if timings:  # the tasks taken over are the first ones of the order (the pass before took them in it too, and dated them in turn)
                taken = taken[len(timings) :]
        marks = log.marks if changes is not None else None
        if marks is not None:
            log.capacity, log.record_waits = dict(capacity), record_waits  # type: ignore[union-attr]
        alike = _Alike(usage, record_waits)
        shapes = alike.shapes
        if live is not None and marks is not None:
            self._run_until_live(taken, timings, usage, alike, record_waits, marks, changes, live, log)  # type: ignore[arg-type]
            log.levels = {role: (roll.times, roll.levels) for role, roll in usage.items()}  # type: ignore[union-attr]
            return timings
        left = iter(taken)
        for aid in left:
            while aid is not None:
                activity = by_id[aid]
                timings[aid] = timing = _schedule_one(activity, timings, usage, record_waits, shapes)
                if marks is not None:
                    marks.append(len(changes))  # type: ignore[arg-type]
                aid = None
                if activity.demand:  # (a task of no demand opens no group: `lead` would only say so)
                    alike.lead(activity, timing)
                    if alike.demand is not None:
                        followers, aid = alike.follow(left, by_id, timings)  # (then the task after them)
                        if followers and marks is not None:
                            marks += [len(changes)] * len(followers)  # type: ignore[arg-type]  # (a follower logs nothing)
                            log.groups[activity.id] = followers  # type: ignore[union-attr]
                elif DATE_UNHELD_TOGETHER:  # the tasks of no demand after it with its dependencies and start constraint (rented GPUs' lead times)
                    count, aid = _unheld(activity, timing, left, by_id, timings)
                    if count and marks is not None:
                        marks += [len(changes)] * count  # type: ignore[arg-type]  # (they hold nobody: nothing logged)
        if marks is not None:
            log.levels = {role: (roll.times, roll.levels) for role, roll in usage.items()}  # type: ignore[union-attr]
        return timings

    def _run_until_live(
        self, taken: list[str], timings: dict[str, Timing], usage: dict[str, _Usage], alike: _Alike, record_waits: bool, marks: list[int], changes: list,
        live: tuple[frozenset[str], dict[str, int]], log: RunLog,
    ) -> None:
        """`run`'s loop with `live` (see there): after each task or group of alike tasks, once the day is known, whether
        the tasks dated so far hold more than the reservations leave free from that day on (all of them the first time,
        then the days of the task or group just added, the only ones whose people changed)."""
        by_id, shapes = self.by_id, alike.shapes
        watch, reserved = live
        limits = {role: usage[role].capacity - amount for role, amount in reserved.items() if role in usage}
        day: int | None = None
        scanned = False
        last: tuple[Activity, Timing] | None = None  # the last task dated by its walk (its group's followers share its days)
        left = iter(taken)
        for aid in left:
            while aid is not None:
                activity = by_id[aid]
                if day is not None and _held_over(usage, limits, day, None if not scanned else last):
                    log.stopped = day
                    return
                scanned = day is not None
                timings[aid] = timing = _schedule_one(activity, timings, usage, record_waits, shapes)
                marks.append(len(changes))
                if day is None and aid in watch:
                    day = timing.finish
                last = (activity, timing)
                aid = None
                if activity.demand:  # (a task of no demand opens no group: `lead` would only say so)
                    alike.lead(activity, timing)
                    if alike.demand is not None:
                        followers, aid = alike.follow(left, by_id, timings)  # (then the task after them)
                        if followers:
                            marks += [len(changes)] * len(followers)  # (a follower logs nothing)
                            log.groups[activity.id] = followers
                            if day is None and not watch.isdisjoint(followers):  # (followers finish with their leader)
                                day = timing.finish

    def _take_over(self, before: dict[str, Timing], log: RunLog, reservations, usage: dict[str, _Usage], timings: dict[str, Timing]) -> None:
        """Put the tasks a pass without reservations (`before`, in the order it took them) dated before the
        first task the reservations may move into `timings`, with the usage and search memory they left."""
        reserved: dict[str, int] = {}
        for reservation in reservations:
            if reservation.role in usage:
                reserved[reservation.role] = min(reservation.start, reserved.get(reservation.role, FOREVER))
        by_id = self.by_id
        # By role: (start, finish, people, tasks) of the tasks taken, in turn; a run of tasks alike (the same demand dict, not
        # cut, on the same days: a levelled group) is one span of all their people
        spans: dict[str, list[tuple[int, int, int, list[str]]]] = {role: [] for role in usage}
        # By demand dict (tasks alike share theirs): (the roles it holds and their needs, the first day one of them is reserved)
        holds: dict[int, tuple[list[tuple[str, int]], int]] = {}
        already = len(timings)
        # The run so far: its demand dict (None: no run), start, finish, the roles it holds and their needs, its tasks
        run_demand: dict[str, int] | None = None
        run_start = run_finish = 0
        run_held: list[tuple[str, int]] = []
        run_tasks: list[str] = []
        groups = log.groups
        left = iter(before.items())
        for aid, timing in left:
            demand = by_id[aid].demand if timing.duration else None
            if demand:
                if demand is run_demand and timing.start == run_start and timing.finish == run_finish and not timing.stretched:
                    run_tasks.append(aid)
                    timings[aid] = timing
                    continue
                found = holds.get(id(demand))
                if found is None:
                    held = [(role, need) for role, need in demand.items() if need > 0 and role in usage]
                    found = holds[id(demand)] = (held, min([reserved.get(role, FOREVER) for role, _need in held], default=FOREVER))
                held, reserved_from = found
                if timing.finish > reserved_from:  # it used a reserved role after its reservation starts
                    break
                if run_demand is not None:
                    _spans(spans, (run_demand, run_start, run_finish, run_held, run_tasks))
                run_demand = None
                if timing.stretched:
                    cut = dict(held)
                    for role, _need, free in timing.stretched:
                        cut[role] = free
                    _spans(spans, (demand, timing.start, timing.finish, list(cut.items()), [aid]))
                else:
                    run_demand, run_start, run_finish, run_held, run_tasks = demand, timing.start, timing.finish, held, [aid]
                    followers = groups.get(aid)
                    if followers:  # a group's leader: its followers come next, on its days, its demand theirs or an equal one (the
                        timings[aid] = timing  # same roles held, reserved from the same day: taken with it, their people in its span)
                        timings.update(islice(left, len(followers)))
                        run_tasks += followers
                        continue
            timings[aid] = timing
        taken = len(timings) - already
        if run_demand is not None:
            _spans(spans, (run_demand, run_start, run_finish, run_held, run_tasks))
        for role, held_spans in spans.items():
            if held_spans:
                usage[role].add_many(held_spans)
        if taken:
            # What the taken tasks' searches learnt: replayed in turn, each setting is left with its last value (in the
            # place its first gave it), so each is learnt once with that value (a group's followers repeat its leader's).
            changes = log.changes[: log.marks[taken - 1]]
            last = dict(zip(zip(changes[0::4], changes[1::4], changes[2::4]), changes[3::4]))
            for (role, what, key), value in last.items():
                usage[role].learn(what, key, value)

    def finish(self, timings: dict[str, Timing], slack: bool = True) -> NetworkResult:
        """The dated network: slack and the critical path of `timings` (which it completes in place).
        `slack=False`: the order and the end only (slack 0, nothing critical, no critical path)."""
        # (a dependency order: the tasks as made where that is one, where (start, rank) always is: Kahn's is not worked out for it)
        return _finish(self.by_id, self.rank if slack else {}, self.successors, self._topological, timings, slack)  # (no critical path: no rank read)


def schedule_network(
    activities: list[Activity],
    capacity: dict[str, int] | None = None,
    reservations: list[Reservation] = (),
    suspects: frozenset[tuple[str, str]] = frozenset(),
) -> NetworkResult:
    """Earliest dates under dependencies and role capacities (hundredths of an FTE per role).

    A role missing from `capacity` is not levelled. A demand above a role's capacity is cut to the
    capacity and the duration stretched in proportion (recorded in `Timing.stretched`).
    Raises CycleError naming the circles the dependencies make; `suspects` are (before, after) links
    to blame first (the ones a user added), so that one bad link is reported once.
    """
    network = Network(activities, suspects)
    return network.finish(network.run(capacity, reservations))


def _spans(spans: dict[str, list[tuple[int, int, int, list[str]]]], run: tuple[dict[str, int], int, int, list[tuple[str, int]], list[str]]) -> None:
    """The span each role a run of tasks holds gets: (start, finish, the people of all of them, the tasks)."""
    _demand, start, finish, held, tasks = run
    for role, need in held:
        spans[role].append((start, finish, need * len(tasks), tasks))


def _held_over(usage: dict[str, _Usage], limits: dict[str, int], day: int, last: tuple[Activity, Timing] | None) -> bool:
    """Whether some role holds more than `limits` allows from `day` on: on any of those days (`last` None), or on the
    days of `last` (a task just dated, with its group's followers on the same days) where it holds the role."""
    for role, limit in limits.items():
        times, levels = usage[role].times, usage[role].levels
        if last is None:
            if max(levels[bisect_right(times, day) - 1 :]) > limit:
                return True
            continue
        activity, timing = last
        if timing.finish <= day or not timing.duration or activity.demand.get(role, 0) <= 0:
            continue
        first = bisect_right(times, max(timing.start, day)) - 1
        if max(levels[first : bisect_left(times, timing.finish)]) > limit:
            return True
    return False


def _one_role(demand: dict[str, int], usage: dict[str, _Usage]) -> tuple[str, int, _Usage] | None:
    """(the role, its need, its usage) of a demand that holds one levelled role, and no more than the role has; else None."""
    held = [(role, need) for role, need in demand.items() if need > 0 and role in usage]
    if len(held) != 1:
        return None
    [(role, need)] = held
    roll = usage[role]
    return (role, need, roll) if need <= roll.capacity else None


def _schedule_one(activity: Activity, timings: dict[str, Timing], usage: dict[str, _Usage], record: bool = True, shapes: dict[int, tuple[str, int, _Usage] | None] | None = None) -> Timing:
    """`shapes`: `_one_role` of each demand dict met so far in this pass, by its id (tasks alike share theirs; the pass's
    activities keep them alive), where the caller keeps them."""
    earliest, driver = activity.not_before, None
    for dep in activity.depends_on:
        finish = timings[dep].finish
        if finish > earliest or (driver is None and finish == earliest):
            earliest, driver = finish, dep
    # `Timing(earliest, earliest + activity.duration, activity.duration, earliest, driver)`, its fields set here (no __init__ call)
    timing = _NEW(Timing)
    timing.start = timing.earliest = earliest
    timing.finish = earliest + activity.duration
    timing.duration = activity.duration
    timing.driver = driver
    timing.waits = timing.stretched = ()
    timing.slack = 0
    timing.critical = False
    if not usage or activity.duration == 0 or not activity.demand:
        return timing
    if shapes is not None:  # (what the general way below finds of one role, known once per demand dict)
        key = id(activity.demand)
        one = shapes.get(key, False)
        if one is False:
            one = shapes[key] = _one_role(activity.demand, usage)
        if one is not None:
            role, need, roll = one
            timing.start, need = _place_one(activity.id, role, need, earliest, roll, timing, record)
            timing.finish = timing.start + timing.duration
            roll.add(timing.start, timing.finish, need, activity.id)
            return timing
    demand = {role: need for role, need in activity.demand.items() if need > 0 and role in usage}
    if not demand:
        return timing
    for role, need in demand.items():
        if need > usage[role].capacity:
            timing.stretched = [*timing.stretched, (role, need, usage[role].capacity)]
            demand[role] = usage[role].capacity
    if timing.stretched:
        timing.duration = math.ceil(activity.duration * max(need / free for _role, need, free in timing.stretched))
    if len(demand) == 1:
        [(role, need)] = demand.items()
        roll = usage[role]
        timing.start, need = _place_one(activity.id, role, need, earliest, roll, timing, record)
        timing.finish = timing.start + timing.duration
        roll.add(timing.start, timing.finish, need, activity.id)
        return timing
    timing.start, demand = _place(activity.id, demand, earliest, usage, timing, record)
    timing.finish = timing.start + timing.duration
    for role, need in demand.items():
        usage[role].add(timing.start, timing.finish, need, activity.id)
    return timing


_FINISH = attrgetter("finish")


def _finish(
    by_id: dict[str, Activity], rank: dict[str, int], successors: dict[str, list[str]], dependency_order: list[str], timings: dict[str, Timing], slack: bool = True
) -> NetworkResult:
    """Slack and the critical path of the levelled network (a levelling wait links holder -> waiter)."""
    # by_id is in rank order and the sort is stable: this is the order by (start, rank)
    order = sorted(by_id, key=lambda aid: timings[aid].start)  # (each key found once by the sort: no table of starts made for it)
    end = max(map(_FINISH, timings.values()), default=0)
    if not slack:
        return NetworkResult(timings=timings, order=order, critical_path=[], end=end)
    try:
        _date_backwards(reversed(order), successors, timings, end)
    except KeyError:
        # A task a plan's edit made depend on a later-ranked one that starts the same day (after a milestone, which
        # takes no days): (start, rank) is not a dependency order there. Date backwards in (start, dependency order).
        step = {aid: i for i, aid in enumerate(dependency_order)}
        _date_backwards(reversed(sorted(by_id, key=lambda aid: (timings[aid].start, step[aid]))), successors, timings, end)
    path: list[str] = []
    current = next((aid for aid in reversed(order) if timings[aid].finish == end and timings[aid].critical), None)
    while current is not None:
        path.append(current)
        t = timings[current]
        start = t.start
        # What ends on its start: a task held back by levelling starts after its earliest start, so after each of its
        # dependencies ends (only the holders of its last wait can end on its start); one not held back, its dependencies.
        # Each is critical: its latest finish is at most the task's latest start (a holder's, `_date_backwards`), which is
        # the task's start (slack 0), on which it finishes, and no slack is negative (end, latest starts and latest
        # finishes are never before a task's start and finish).
        if t.waits:  # (it starts on its last wait's day, on which each holder of that wait finishes: `_Usage.holders`; a
            before = t.waits[-1].holders  # wait's day is before FOREVER, the only day a reservation's "" finishes on)
        else:
            before = [b for b in by_id[current].depends_on if timings[b].finish == start]
        current = min(before, key=rank.__getitem__) if before else None
    path.reverse()
    return NetworkResult(timings=timings, order=order, critical_path=path, end=end)


def _date_backwards(backward: Iterable[str], successors: dict[str, list[str]], timings: dict[str, Timing], end: int) -> None:
    """Each task's slack and whether it is critical, dated from the end back: `backward` lists a task's successors
    before it (KeyError otherwise)."""
    latest_start: dict[str, int] = {}
    # A task held back by levelling succeeds the holders of its last wait. Waiters start after their
    # holders end, so each is dated (backwards) before its holders: it passes its latest start on.
    held_until: dict[str, int] = {}
    # Waits meeting the same tasks share one tuple of holders (`_Usage.holders`; thousands of waiters at 10,000
    # workloads, ~20 holders each): by tuple, the smallest latest start passed to all its holders so far. A waiter
    # whose latest start is no smaller changes none of them. (Holders start before the day their waiters start,
    # so the waiters are all dated before them, whatever the order among the waiters.)
    passed: dict[int, int] = {}
    # The waits of the task before and what `passed` held for its holders then (tasks levelled as a group share one list
    # of waits, and come one after the other): a task with the same waits whose latest start is no smaller changes nothing.
    before_waits, before_passed = None, FOREVER
    for aid in backward:
        t = timings[aid]
        late_finish = held_until.get(aid, end)
        for succ in successors[aid]:
            if latest_start[succ] < late_finish:
                late_finish = latest_start[succ]
        latest = latest_start[aid] = late_finish - t.duration
        slack = t.slack = latest - t.start
        t.critical = slack == 0
        waits = t.waits
        if waits:
            if waits is before_waits and before_passed <= latest:
                continue
            holders = waits[-1].holders
            before_waits = waits
            before_passed = passed.get(id(holders), FOREVER)
            if before_passed <= latest:
                continue
            passed[id(holders)] = before_passed = latest
            for holder in holders:
                if held_until.get(holder, end) > latest:  # (a reservation's "" holds nothing: it finishes never)
                    held_until[holder] = latest
