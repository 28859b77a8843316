"""Monthly cost ledger per strategy, TCO, break-even, cost and staff per phase (SPEC sections 4 and 6).

Every cost the planner reports is a sum over one table: month x category x strategy, in KRW.
Month m covers [start + (m - 1) months, start + m months); plan year y covers months 12(y-1)+1 .. 12y.

Strategies:
- `cloud`: every workload on its cloud model from month 1 (even where a regulation forbids it: the
  hypothetical the CFO compares against), tokens grown per plan year, embeddings flat; no staff
  (the framework's cloud TCO is API spend only; integration work is common to every strategy).
- `on_prem`: every workload fully on-prem (no rule forbids on-prem), on hardware sized for all of
  them and bought up front at month 1 with the facility; operations staff (roles' `ops_fte`) from
  month 1. This is the framework's 3-year on-prem TCO. A workload no GPU could be sized for stays
  on its cloud model (and a note says so).
- `plan`: the phased plan. Cloud-allowed workloads run on the cloud from month 1; from the day after
  a workload's migration ends, its on-prem share (1, or the sensitive share of a hybrid) leaves the
  cloud; a workload the cloud is forbidden for runs nowhere until then (its POC is offline). Pilot
  and production hardware land on their delivery days, the facility with the first delivery;
  project staff from the tasks active each day, operations staff from go-live.

Hardware is sized on month-1 load; as usage grows per plan year the ledger buys the replicas the
grown peak needs at the start of each plan year (on-prem cost is a staircase), and says so in `notes`.
Running costs (power, network, storage, backup, maintenance) and staff are pro-rated by days.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from datetime import date, timedelta
from functools import partial
from itertools import chain, compress, repeat
from operator import attrgetter, gt, is_, is_not, itemgetter, ne, not_
from typing import Any, Callable, Iterable

from planner.domain.messages import Message, msg, msgn
from planner.domain.memo import Remembered, changed_places
from planner.domain.arrays import any_positive, at_least, ceil, earliest, is_drawn, larger, numpy, rounded, smaller
from planner.domain.arrays import summed as _summed
from planner.domain.catalog import Catalog, TaskTemplate, at_level
from planner.domain.plan import Plan
from planner.domain.resolve import Assumptions, ResolvedWorkload
from planner.domain.coremodel import SET_VALUES
from planner.domain.costs import won
from planner.domain.money import krw, round_like_builtin
from planner.domain.vocabulary import STRATEGY_LABEL, add_months
from planner.domain.records import Frozen
from planner.domain.schedule import tasks_started_before
from planner.domain.results import (
    CloudPath,
    HardwareInService,
    LedgerDrivers,
    GpuaasQuote,
    GpuAlternative,
    GpuGroup,
    Ledger,
    OneTimeCost,
    PhaseCost,
    Schedule,
    ScheduledPhase,
    ScheduledTask,
    Sizing,
    StrategyTco,
    ThresholdCheck,
    TraceStep,
    WorkloadResult,
)

CATEGORIES = ("cloud_api", "embeddings", "gpu_rental", "hardware", "facility", "power", "network", "storage", "backup", "maintenance", "staff")
"""Ledger categories in display order."""
STRATEGIES = ("cloud", "on_prem", "gpuaas", "plan")
"""Strategies in display order."""
ONPREM_PLACEMENTS = ("on_prem", "on_prem_airgap", "hybrid")
PER_SERVER = {"network": "network_krw_per_server_month", "storage": "storage_krw_per_server_month", "backup": "backup_krw_per_server_month"}
FRAMEWORK = "Framework (Korean practitioner's cloud-vs-on-prem LLM decision framework, 2025)"


# --- calendar --------------------------------------------------------------------------------------


class Calendar:
    """The ledger's months: month m (1-based) covers [bounds[m-1], bounds[m]).

    A day is a date, or over draws (`show --ranges`, planner.domain.schedule_draws) a numpy array of
    ordinals, one per draw: `first_month`, `share_from`, `overlap` and `Book.once` take either.
    """

    def __init__(self, start: date, horizon_months: int):
        self.horizon = horizon_months
        self.bounds = [add_months(start, i) for i in range(horizon_months + 1)]
        self._ordinals = None
        self._ordinal_list: list[int] | None = None

    def ordinals(self):
        """The bounds as ordinals (numpy), for days over draws."""
        if self._ordinals is None:
            self._ordinals = numpy().array([b.toordinal() for b in self.bounds])
        return self._ordinals

    def months_of(self, days):
        """Over draws: each draw's month (1 for days before the start, horizon + 1 past the horizon)."""
        return numpy().maximum(numpy().searchsorted(self.ordinals(), days, side="right"), 1)

    def first_month(self, day) -> int | None:
        """`month_of`, or over draws the earliest draw's month (None: past the horizon in every draw)."""
        if not is_drawn(day):
            return self.month_of(day)
        if self._ordinal_list is None:
            self._ordinal_list = self.ordinals().tolist()
        # months_of(day).min(): the month of the earliest draw (searchsorted is monotonic), without an array per call
        first = max(bisect.bisect_right(self._ordinal_list, int(day.min())), 1)
        return None if first > self.horizon else first

    def past_end(self, day) -> bool:
        """The day is past the horizon (in every draw)."""
        return bool(day.min() >= self.ordinals()[-1]) if is_drawn(day) else day >= self.end  # over draws: its earliest draw is

    def ordinal(self, day):
        """A date as an ordinal; days over draws as they are."""
        return day if is_drawn(day) else day.toordinal()

    @property
    def end(self) -> date:
        """First day after the horizon."""
        return self.bounds[-1]

    def days(self, month: int) -> int:
        """Days in month m."""
        return (self.bounds[month] - self.bounds[month - 1]).days

    def month_of(self, day: date) -> int | None:
        """Month holding `day` (1 for days before the start), None past the horizon."""
        index = bisect.bisect_right(self.bounds, day)
        if index > self.horizon:
            return None
        return max(index, 1)

    def year_start(self, year: int) -> date:
        """First day of plan year y."""
        return self.bounds[min((year - 1) * 12, self.horizon)]

    def overlap(self, month: int, first: date, last: date) -> int:
        """Days of month m within [first, last] (inclusive)."""
        if is_drawn(first) or is_drawn(last):
            np, bounds = numpy(), self.ordinals()
            return np.maximum(0, np.minimum(self.ordinal(last) + 1, bounds[month]) - np.maximum(self.ordinal(first), bounds[month - 1]))
        lo = max(first, self.bounds[month - 1])
        hi = min(last + timedelta(days=1), self.bounds[month])
        return max(0, (hi - lo).days)

    def share_from(self, month: int, day: date) -> float:
        """Share of month m on or after `day`."""
        if is_drawn(day):
            np, bounds = numpy(), self.ordinals()
            return np.maximum(0, bounds[month] - np.maximum(day, bounds[month - 1])) / self.days(month)
        if day <= self.bounds[month - 1]:
            return 1.0  # the whole month (days / days)
        return self.overlap(month, day, self.bounds[month] - timedelta(days=1)) / self.days(month)


_CALENDAR = ("calendar",)
"""The key of the ledger's calendar in `HostingKept.books`: ((start, horizon), the Calendar)."""


def _calendar(start: date, horizon: int, books: dict | None) -> Calendar:
    """`Calendar(start, horizon)`; with `books` (see `_strategy_books`), the one the last ledger made where its start and
    horizon are the same (its months' bounds: 37 `add_months` at 36 months, ~0.2 M instructions, three times an evaluation)."""
    if books is None:
        return Calendar(start, horizon)
    found = books.get(_CALENDAR)
    if found is None or found[0] != (start, horizon):
        found = books[_CALENDAR] = ((start, horizon), Calendar(start, horizon))
    return found[1]


def plan_year(month: int) -> int:
    """Plan year of month m (months 1-12 are year 1)."""
    return (month - 1) // 12 + 1


# --- one strategy's months -------------------------------------------------------------------------


class _Installed:
    """Hardware in service from a day. (A written-out class, not a dataclass: Python compiles a dataclass's methods
    when it makes the class, at every start: ~2.4 M instructions of every process for this one.)"""

    __slots__ = ("day", "capex", "power_w", "servers", "what", "gpu", "gpus")

    def __init__(self, day: date, capex: float, power_w: float, servers: int, what: Message | str, gpu: str = "", gpus: int = 0):
        self.day, self.capex, self.power_w, self.servers, self.what, self.gpu, self.gpus = day, capex, power_w, servers, what, gpu, gpus


class _Book:
    """One strategy's months being filled (floats until the end)."""

    def __init__(self, cal: Calendar, a: Assumptions | None = None, records: bool = True):
        self.cal = cal
        self.a = a
        self.records = records
        """False over draws (`show --ranges`): only the months' costs are kept, no one-time entries or drivers."""
        # a dict a month, copies of one (made in C: a copy of a dict takes its table as it is, its keys not inserted again)
        self.cost = list(map(dict.copy, repeat(dict.fromkeys(CATEGORIES, 0.0), cal.horizon)))
        self.fte: list[dict[str, float]] = list(map(defaultdict, repeat(float, cal.horizon)))
        self.one_time: list[OneTimeCost] = []
        self.cloud_paths: list[CloudPath] = []
        self.hardware: list[HardwareInService] = []
        self.facility_month: int | None = None
        self.grids: dict[str, object] = {}
        """Over draws: categories added as whole months x draws grids (merged into the months at the end)."""

    def add(self, month: int, category: str, krw: float) -> None:
        self.cost[month - 1][category] += krw

    def grid(self, category: str, values) -> None:
        """Over draws: a months x draws grid of one category's costs."""
        found = self.grids.get(category)
        self.grids[category] = values if found is None else found + values

    def once(self, day: date, category: str, krw: float, what: Message) -> None:
        """A one-time cost in the month holding `day` (nothing past the horizon)."""
        if is_drawn(day):
            months = self.cal.months_of(day)
            for month in {int(m) for m in months if m <= self.cal.horizon} if any_positive(krw) else ():
                self.add(month, category, rounded(krw) * (months == month))
            return
        month = self.cal.month_of(day)
        if month is None or not any_positive(krw):
            return
        self.add(month, category, rounded(krw))
        if self.records:
            self.one_time.append(OneTimeCost(day=max(day, self.cal.bounds[0]), category=category, krw=won(krw), what=what))

    def staff(self, month: int, role: str, fte: float, salary_month: float) -> None:
        self.fte[month - 1][role] += fte
        self.add(month, "staff", fte * salary_month)

    def drivers(self) -> LedgerDrivers:
        """The quantities this book priced (for a workbook that rebuilds each month with live prices)."""
        fte = [{r: v for r, v in sorted(month.items()) if v} for month in self.fte]
        return LedgerDrivers(cloud_paths=self.cloud_paths, hardware=self.hardware, facility_month=self.facility_month, staff_fte=fte)

    def months(self, rounded: dict | None = None) -> list[dict[str, int]]:
        """Each month's costs by category in won; `rounded` (`_won_kept`): `won` of the costs seen before, by value."""
        if not self.records:
            for category, values in self.grids.items():
                for month, row in zip(self.cost, values):
                    month[category] = month[category] + row
            self.grids = {}
            return self.cost  # over draws: unrounded (the ranges round their percentiles)
        if rounded is None:
            # won(0.0) (and of -0.0) is 0: most categories of most months, without its 15-digit text and Decimal
            return [{c: won(v) if v else 0 for c, v in month.items()} for month in self.cost]
        months = []
        for month in self.cost:
            row = {}
            for category, krw in month.items():
                if krw:
                    found = rounded.get(krw)  # won reads the value alone (1 and 1.0 give the same)
                    if found is None:
                        found = rounded[krw] = won(krw)
                    row[category] = found
                else:
                    row[category] = 0
            months.append(row)
        return months

    def fte_months(self) -> list[dict[str, float]]:
        """Each month's FTE by role, rounded to 4 decimals (`round(v, 4)`, the same floats: `round_like_builtin`)."""
        return [{r: round_like_builtin(v, 4, 1e4) for r, v in sorted(month.items()) if v} for month in self.fte]


_RUNNING = ("hardware", "facility", "power", "network", "storage", "backup", "maintenance")
"""The categories `_running` adds to."""


def _running(book: _Book, items: list[_Installed], a: Assumptions, kept: dict | None = None, slot: tuple = ()) -> None:
    """Purchases on their day, then power, per-server costs and maintenance from that day on. `kept` (see
    `_strategy_books`' books: one catalog, one set of assumptions): where nothing was added to those categories of the
    book yet, the items are dated and their figures, the calendar and `records` are those of the last call for `slot`,
    what that call added (each month's figures, its one-time and hardware records, the facility's month) set again as
    it is (at 1,000 workloads ~13 items, ~150,000 instructions each, the same after most edits)."""
    cal = book.cal
    key = None
    if kept is not None and book.facility_month is None and all(type(item.day) is date for item in items):
        if not any(row[category] for row in book.cost for category in _RUNNING):  # (nothing added to them yet)
            key = (cal.bounds[0], cal.horizon, book.records, [_running_figures(item) for item in items])
            found = kept.get(("running", *slot))
            if found is not None and found[0] == key:
                for row, added in zip(book.cost, found[1]):
                    row.update(added)
                book.one_time += found[2]
                book.hardware += found[3]
                book.facility_month = found[4]
                return
    once_before, hardware_before = len(book.one_time), len(book.hardware)
    kwh_krw = a.num("hours_per_month") * a.num("electricity_krw_per_kwh") * a.num("pue") / 1000
    maintenance = a.num("maintenance_rate_per_year") / 12
    per_server = [(category, a.num(key)) for category, key in PER_SERVER.items()]
    cost, bounds = book.cost, cal.bounds
    for item in items:
        book.once(item.day, "hardware", item.capex, item.what)
        first = cal.first_month(item.day)
        if first is None:
            continue
        shares = [0.0] * cal.horizon
        day, servers = item.day, item.servers
        whole = type(day) is date  # (`cal.share_from` of a date, inline: all of a month that starts on or after it)
        # a month's amounts are (item figure x rate) x share, left to right as written before: the products taken once
        # per item, and a whole month's (share 1.0: x * 1.0 is x) added without the multiplication
        power, upkeep = item.power_w * kwh_krw, item.capex * maintenance
        rates = [(category, servers * krw_per_server) for category, krw_per_server in per_server]
        for month in range(first, cal.horizon + 1):
            row = cost[month - 1]  # (book.add(month, ...), inline: the same additions in the same order)
            if whole and day <= bounds[month - 1]:
                shares[month - 1] = 1.0
                row["power"] += power
                for category, krw in rates:
                    row[category] += krw
                row["maintenance"] += upkeep
                continue
            share = shares[month - 1] = cal.share_from(month, day)
            row["power"] += power * share
            for category, krw in rates:
                row[category] += krw * share
            row["maintenance"] += upkeep * share
        if book.records:
            book.hardware.append(
                HardwareInService(month=first, gpu=item.gpu, gpus=item.gpus, servers=item.servers, capex_krw=item.capex, power_w=item.power_w, what=item.what, share=shares)
            )
    if items:
        first_day = earliest([item.day for item in items])
        book.once(first_day, "facility", a.num("facility_one_time_krw"), msg("server room / IDC move-in"))
        book.facility_month = cal.first_month(first_day)
    if key is not None:
        added = [{category: row[category] for category in _RUNNING} for row in book.cost]
        kept[("running", *slot)] = (key, added, book.one_time[once_before:], book.hardware[hardware_before:], book.facility_month)


def _running_figures(item: _Installed) -> tuple:
    """What `_running` reads of an item, type for type (its label as text and template: the records show it)."""
    what = item.what
    return (item.day, type(item.capex), item.capex, type(item.power_w), item.power_w, type(item.servers), item.servers, item.gpu, item.gpus, str(what), getattr(what, "template", None))


def _group_label(group: GpuGroup, role: str) -> Message:
    servers = msgn("{n} server", "{n} servers", group.servers) if group.servers else msg("in shared servers")
    return msg("{gpus} x {gpu}, {servers} ({role}: {model} {precision})", gpus=group.gpus, gpu=group.gpu, servers=servers, role=role, model=group.open_model, precision=group.precision)


def _growth_purchases(groups: list[GpuGroup], delivered: date, cal: Calendar, catalog: Catalog, a: Assumptions, role: str) -> tuple[list[_Installed], list[Message]]:
    """Replicas the grown peak needs at each plan year's start (groups are sized on month-1 load).

    New GPUs fill the free slots of the GPU type's servers first (groups share servers), then new servers.
    Over draws (`show --ranges`) growth, usage and throughput are arrays: so are the GPUs, servers and prices bought.
    """
    growth = a.num("usage_growth_per_year")
    usage, throughput = a.ratio("usage_multiplier"), a.ratio("interactive_share_of_offline")
    level = a.level("hardware_price_level")
    items: list[_Installed] = []
    notes: list[Message] = []
    replicas = {i: g.replicas for i, g in enumerate(groups)}
    fleet: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # gpu type -> [GPUs, servers]
    for group in groups:
        fleet[group.gpu][0] += group.gpus
        fleet[group.gpu][1] += group.servers
    for year in range(2, plan_year(cal.horizon) + 1):
        day = larger(cal.ordinal(cal.year_start(year)), delivered) if is_drawn(delivered) else max(cal.year_start(year), delivered)
        if cal.past_end(day):
            break
        factor = (1 + growth) ** (year - 1)
        for index, group in enumerate(groups):
            gpu = catalog.gpus.get(group.gpu)
            if gpu is None or group.replicas <= 0 or group.capacity_tokens_per_s <= 0 or group.peak_tokens_per_s <= 0:
                continue
            need = ceil(group.peak_tokens_per_s * usage * factor / (group.capacity_tokens_per_s * throughput / group.replicas) - 1e-9)
            if not any_positive(need - replicas[index]):
                continue
            extra_gpus = at_least(0, need - replicas[index]) * group.gpus_per_replica
            gpus, servers = fleet[group.gpu]
            extra_servers = at_least(0, ceil((gpus + extra_gpus) / gpu.gpus_per_server) - servers)
            capex = extra_gpus * at_level(gpu.unit_price_krw, level) + extra_servers * at_level(gpu.chassis_price_krw, level)
            power = extra_gpus * gpu.tdp_w * a.num("gpu_power_share") + extra_servers * a.num("server_overhead_w")
            what = ""
            if not is_drawn(need) and not is_drawn(day):
                added = msg(", +{servers} server(s)", servers=extra_servers) if extra_servers else ""
                what = msg(
                    "+{gpus} x {gpu}{servers} ({role}: {model}, year {year} growth)", gpus=extra_gpus, gpu=group.gpu, servers=added, role=role, model=group.open_model, year=year
                )
                notes.append(
                    msg(
                        "{role}: year {year} peak ({factor}x month 1) needs {need} replicas of {model} on {gpu}, sized for {sized}: +{gpus} GPU(s) bought {day}",
                        role=STRATEGY_LABEL[role],  # the reader's name (All on-prem, This plan), translated with the note
                        year=year,
                        factor=f"{factor:.2f}",
                        need=need,
                        model=group.open_model,
                        gpu=group.gpu,
                        sized=replicas[index],
                        gpus=extra_gpus,
                        day=day.isoformat(),
                    )
                )
            items.append(_Installed(day, capex, power, extra_servers, what, group.gpu, extra_gpus))
            replicas[index] = larger(need, replicas[index])
            fleet[group.gpu] = [gpus + extra_gpus, servers + extra_servers]
    return items, notes


def _salary_month(catalog: Catalog, role: str, a: Assumptions | None = None) -> float:
    """A role's salary a month: its catalog range's midpoint, or where `salary_level` puts it (a pin, or draws)."""
    entry = catalog.roles.get(role)
    if entry is None:
        return 0.0
    return at_level(entry.salary_krw_per_year, a.level("salary_level") if a is not None else None) / 12


def ops_scale(gpus: float, a: Assumptions) -> float:
    """How many units of the framework's operations staff a fleet of `gpus` needs (never below one)."""
    return at_least(1.0, gpus / a.num("ops_gpus_per_staff_unit"))


def _ops_staff(book: _Book, live: date, catalog: Catalog, a: Assumptions, fleet: list[_Installed], kept: dict | None = None) -> None:
    """Operations staff (each role's ops_fte, scaled by the GPUs in service, see `ops_scale`) from `live` on.
    `kept` (`gpuaas.HostingKept.books`: one catalog, one set of assumptions): what the staff added to each month for
    the same go-live, fleet days and GPUs and calendar, added again in the same order."""
    cal = book.cal
    first = cal.first_month(live)
    if first is None:
        return
    roles = [(role.id, role.ops_fte, _salary_month(catalog, role.id, a)) for role in catalog.roles.values() if role.ops_fte > 0]
    key = table = None
    if kept is not None and type(live) is date and all(type(item.day) is date and type(item.gpus) is int for item in fleet) and all(type(salary) is float for _r, _f, salary in roles):
        table = _kept_table(kept, "ops", OPS_KEPT)
        key = (live, tuple((item.day, item.gpus) for item in fleet), tuple(roles), cal.bounds[0], cal.horizon, a.num("ops_gpus_per_staff_unit"))
        added = table.get(key)
        if added is not None:
            fte_months, cost = book.fte, book.cost
            for index, role, fte, krw in added:  # book.staff(month, role, fte, salary), as worked out before
                fte_months[index][role] += fte
                cost[index]["staff"] += krw
            return
    added = []
    for month in range(first, cal.horizon + 1):
        gpus = _summed(0, (item.gpus * cal.share_from(month, item.day) for item in fleet if is_drawn(item.day) or (cal.month_of(item.day) is not None and cal.month_of(item.day) <= month)))
        scale = ops_scale(gpus, a) * cal.share_from(month, live)
        for role, fte, salary in roles:
            book.staff(month, role, fte * scale, salary)
            added.append((month - 1, role, fte * scale, fte * scale * salary))
    if table is not None:
        table[key] = added


def _common_task(task, catalog: Catalog) -> bool:
    """A task every strategy's migration needs (not tied to on-prem hardware or offline work)."""
    return _common_template(catalog.tasks.get(task.template))


def _common_template(template: TaskTemplate | None) -> bool:
    """`_common_task` of a task of this template (None: a template the catalog lacks)."""
    if template is None:
        return False
    return template.when in ("always", "any_cloud", "any_deid") and template.per in ("once", "cloud_workload", "deid_workload")


_SPAN_FIELDS = ("milestone", "duration_days", "roles", "template", "start", "end")
"""What `_staff_spans` reads of a scheduled task: a ScheduledTask's from its `__dict__` (one attribute read), a slotted
task's (DatedTask, DrawnTask) as attributes."""
_SPAN_HEAD_ITEMS, _SPAN_HEAD_ATTRS = itemgetter(*_SPAN_FIELDS[:4]), attrgetter(*_SPAN_FIELDS[:4])
"""What it reads of a task besides its dates (read first)."""


class _Spans:
    """What `_project_staff` adds to a book for one schedule on one calendar: per (task, role, month touched), in that
    order, the month's index, the role and its FTE share of the month (fte x days / days in the month), and every
    role the tasks name (the roles catalog may lack some). Made for schedules without dates over draws."""

    __slots__ = ("months", "roles", "shares", "named", "added")

    def __init__(self) -> None:
        # (lists: an array's `append` parses its argument as a format, ~600 instructions a span, and its items are made
        # again as objects each time they are read)
        self.months: list[int] = []
        self.roles: list[str] = []
        self.shares: list[float] = []
        self.named: set[str] = set()
        self.added: dict[tuple, tuple[list[dict[str, float]], list[float]]] = {}
        """By the roles' salaries: each month's FTE by role and staff cost these spans add to a book with none yet."""


def _staff_spans(schedule: Schedule, catalog: Catalog, cal: Calendar, common_only: bool) -> _Spans | None:
    """The schedule's `_Spans` (`common_only`: of the tasks any strategy needs); None where a task's dates are over draws."""
    made = _staff_spans_of(schedule, catalog, cal, common_only, not common_only)
    return None if made is None else made[0] if common_only else made[1]


def _staff_spans_of(schedule: Schedule, catalog: Catalog, cal: Calendar, common: bool, every: bool) -> tuple[_Spans | None, _Spans | None] | None:
    """(the schedule's `_Spans` of the tasks any strategy needs, where `common`; of every task, where `every`), made in
    one walk over its tasks; None where a task's dates are over draws."""
    made_common, made_every = _Spans() if common else None, _Spans() if every else None
    bounds = cal.bounds
    horizon, end_day = cal.horizon, bounds[-1]
    # the months' bounds as day numbers (a task's days in a month: integers, not dates and timedeltas) and their days
    ordinals = [day.toordinal() for day in bounds]
    month_days = [after - before for before, after in zip(ordinals, ordinals[1:])]
    tasks = catalog.tasks
    common_of: dict[str | None, bool] = {}  # `_common_template` of each template named, worked out once
    for task in tasks_started_before(schedule, end_day):  # (sched: the tasks in start order after the horizon left out at once)
        # (~3 tasks a workload, most of them past the horizon in a large plan: those left first, on their dates alone)
        if type(task) is ScheduledTask:
            values = task.__dict__  # its fields: one attribute read
            start, end = values["start"], values["end"]
            if type(start) is date and start >= end_day and type(end) is date:
                continue
            milestone, duration, task_roles, template = _SPAN_HEAD_ITEMS(values)
        else:  # a slotted task (DatedTask, DrawnTask)
            start, end = task.start, task.end
            if type(start) is date and start >= end_day and type(end) is date:
                continue
            milestone, duration, task_roles, template = _SPAN_HEAD_ATTRS(task)
        if milestone or duration <= 0 or not task_roles:
            continue
        needed = False
        if common:
            needed = common_of.get(template)  # type: ignore[assignment]
            if needed is None:
                needed = common_of[template] = _common_template(tasks.get(template))
        if not every and not needed:
            continue
        if type(start) is date and type(end) is date:
            # (`cal.first_month` and `cal.month_of` of dates, inline: the months' bounds as day numbers, in the same order)
            begins, after = start.toordinal(), end.toordinal() + 1
            first = bisect.bisect_right(ordinals, begins)
            if first < 1:
                first = 1
            index = bisect.bisect_right(ordinals, after - 1)
            last = horizon if index > horizon else (index if index > 1 else 1)
        else:
            if is_drawn(start) or is_drawn(end):
                return None
            first, last = cal.first_month(start), cal.month_of(end) or horizon
            if first is None:
                continue
            begins, after = start.toordinal(), end.toordinal() + 1
        # the task's days in each month it touches (cal.overlap), worked out once for all its roles
        touched = []
        for month in range(first, last + 1):
            low, high = ordinals[month - 1], ordinals[month]
            days = (after if after < high else high) - (begins if begins > low else low)
            if days > 0:
                touched.append((month - 1, days, month_days[month - 1]))
        for spans in (made_common if needed else None, made_every):
            if spans is None:
                continue
            months, roles, shares, named = spans.months, spans.roles, spans.shares, spans.named
            for role, fte in task_roles.items():
                named.add(role)
                for index, days, days_in_month in touched:  # book.staff(month, role, fte * days / cal.days(month), salary)
                    months.append(index)
                    roles.append(role)
                    shares.append(fte * days / days_in_month)
    return made_common, made_every


STAFFING_REMEMBERED = 8
"""Schedules' `_Spans` a ledger or an Evaluator keeps (a program limit): the plan's and the rented-GPU variant's
schedules, each for the plan strategy and for the tasks any strategy needs."""
SPANS_REMEMBERED = 400_000
"""Most (task, role, month) spans (summed over the kept schedules) kept: ~48 bytes each (a float, three list places)."""


def staffing_kept() -> Remembered:
    """A table for `build_ledger(staffing=...)` and `plan_book(staffing=...)`: each schedule's `_Spans` by (schedule object
    id, calendar start, horizon, common_only), with the schedule; one ledger's, or an Evaluator's for its evaluations."""
    return Remembered(STAFFING_REMEMBERED, SPANS_REMEMBERED)


def _project_staff(book: _Book, schedule: Schedule, catalog: Catalog, warnings: list[str], common_only: bool = False, staffing: Remembered | None = None) -> None:
    """FTE of each task on the days it is active (`common_only`: only the tasks any strategy needs).
    `staffing` (`staffing_kept()`, one catalog): the `_Spans` of schedules seen before, this one's among them or added."""
    cal = book.cal
    key = (id(schedule), cal.bounds[0], cal.horizon, common_only)
    found = staffing.get(key) if staffing is not None else None
    if found is not None and found[0] is schedule:
        spans = found[1]
    elif common_only and staffing is not None:
        # the plan's book asks for every task's spans next (`_strategy_books`): made in the same walk where not kept
        every_key = (*key[:3], False)
        every = staffing.get(every_key)
        made = _staff_spans_of(schedule, catalog, cal, True, every is None or every[0] is not schedule)
        spans = None if made is None else made[0]
        if spans is not None:
            staffing.put(key, (schedule, spans), len(spans.roles))
            if made[1] is not None:  # type: ignore[index]
                staffing.put(every_key, (schedule, made[1]), len(made[1].roles))  # type: ignore[index]
    else:
        spans = _staff_spans(schedule, catalog, cal, common_only)
        if spans is not None and staffing is not None:
            staffing.put(key, (schedule, spans), len(spans.roles))
    if spans is None:
        _drawn_project_staff(book, schedule, catalog, warnings, common_only)
        return
    salaries = {role: _salary_month(catalog, role, book.a) for role in spans.named}
    fte_months, cost = book.fte, book.cost
    pay = tuple(sorted(salaries.items()))
    if staffing is not None and all(type(salary) is float for _role, salary in pay) and _no_staff_yet(book):
        # a book with no staff yet (the cloud book's common tasks, the plan's books): what the spans add to empty
        # months, worked out once per schedule, calendar and salaries (the same additions from 0.0, in span order)
        added = spans.added.get(pay)
        if added is None:
            empty = _Book(cal, book.a, records=False)
            for index, role, share in zip(spans.months, spans.roles, spans.shares):
                empty.fte[index][role] += share
                empty.cost[index]["staff"] += share * salaries[role]
            added = spans.added[pay] = ([dict(month) for month in empty.fte], [month["staff"] for month in empty.cost])
        for month_fte, roles, month_cost, staff in zip(fte_months, added[0], cost, added[1]):
            if roles:
                month_fte.update(roles)
            month_cost["staff"] = staff
    else:
        for index, role, share in zip(spans.months, spans.roles, spans.shares):
            fte_months[index][role] += share
            cost[index]["staff"] += share * salaries[role]
    for role in sorted(r for r in spans.named if r not in catalog.roles):
        warnings.append(msg("ledger: role {role} is not in the roles catalog; its staff time is counted at 0 KRW", role=repr(role)))


def _no_staff_yet(book: _Book) -> bool:
    """No month of the book has staff yet: no FTE, a staff cost of +0.0."""
    return not any(book.fte) and all(type(krw) is float and krw == 0.0 and math.copysign(1.0, krw) > 0 for krw in (month["staff"] for month in book.cost))


def _drawn_project_staff(book: _Book, schedule: Schedule, catalog: Catalog, warnings: list[str], common_only: bool = False) -> None:
    """`_project_staff` of a schedule whose dates are over draws (some of them)."""
    cal = book.cal
    unknown: set[str] = set()
    salaries: dict[str, float] = {}
    for task in schedule.tasks:
        if task.milestone or task.duration_days <= 0 or not task.roles:
            continue
        if common_only and not _common_task(task, catalog):
            continue
        first, last = cal.first_month(task.start), (cal.month_of(task.end) or cal.horizon) if not is_drawn(task.end) else cal.horizon
        if first is None:
            continue
        if is_drawn(task.start):
            _drawn_task_staff(book, task, catalog, salaries, unknown)
            continue
        if is_drawn(task.end):
            _drawn_end_staff(book, task, first, last, catalog, salaries, unknown)
            continue
        # the task's days in each month it touches (cal.overlap), worked out once for all its roles
        spans = []
        start, after, bounds = task.start, task.end + timedelta(days=1), cal.bounds
        for month in range(first, last + 1):
            days = (min(after, bounds[month]) - max(start, bounds[month - 1])).days
            if days > 0:
                spans.append((month - 1, days, (bounds[month] - bounds[month - 1]).days))
        for role, fte in task.roles.items():
            salary = _role_salary(book, role, catalog, salaries, unknown)
            for index, days, month_days in spans:  # book.staff(month, role, fte * days / cal.days(month), salary)
                share = fte * days / month_days
                book.fte[index][role] += share
                book.cost[index]["staff"] += share * salary
    for role in sorted(unknown):
        warnings.append(msg("ledger: role {role} is not in the roles catalog; its staff time is counted at 0 KRW", role=repr(role)))


def _role_salary(book: _Book, role: str, catalog: Catalog, salaries: dict[str, float], unknown: set[str]) -> float:
    """A role's monthly salary (`salaries` remembers it; a role the catalog lacks goes to `unknown` and costs 0)."""
    if role not in catalog.roles:
        unknown.add(role)
    salary = salaries.get(role)
    if salary is None:
        salary = salaries[role] = _salary_month(catalog, role, book.a)
    return salary


def _drawn_end_staff(book: _Book, task, first: int, last: int, catalog: Catalog, salaries: dict[str, float], unknown: set[str]) -> None:
    """`_project_staff` of a task whose end is over draws but not its start."""
    cal = book.cal
    for role, fte in task.roles.items():
        salary = _role_salary(book, role, catalog, salaries, unknown)
        for month in range(first, last + 1):
            days = cal.overlap(month, task.start, task.end)
            if days:
                book.staff(month, role, fte * days / cal.days(month), salary)


def _drawn_task_staff(book: _Book, task, catalog: Catalog, salaries: dict[str, float], unknown: set[str]) -> None:
    """A task's staff cost over draws (its days in each month differ per draw): one months x draws grid per task."""
    np, cal = numpy(), book.cal
    bounds = cal.ordinals()
    days = np.maximum(0, np.minimum(task.end + 1, bounds[1:, None]) - np.maximum(task.start, bounds[:-1, None]))
    month_days = np.diff(bounds)[:, None]
    for role, fte in task.roles.items():
        salary = _role_salary(book, role, catalog, salaries, unknown)
        book.grid("staff", fte * days / month_days * salary)


# --- cloud spend -----------------------------------------------------------------------------------


def _cloud_month_krw(result: WorkloadResult, a: Assumptions, figures: tuple | None = None) -> tuple[float, float]:
    """(tokens, embeddings) in KRW at month 1 (token overhead and retries are in the workload's cloud cost already).

    Over draws (`show --ranges`) token prices scale the bill by `cloud_price_factor`; a workload whose model
    offers provisioned throughput as billed pays the cheaper of its pay-as-you-go bill at the drawn token prices
    and the committed offer at the drawn `committed_price_factor` (at the plan's values: the evaluation's choice).
    `figures`: `_cloud_figures(a)`, read once for many results."""
    rate, price, pricing, committed_ratio, embeddings_ratio, usage = _cloud_figures(a) if figures is None else figures
    values = result.__dict__  # its fields (where pydantic keeps them): one attribute read, not one per field through the hook
    usd, embeddings_usd = values["cloud_cost_usd_per_month"], values["embeddings_usd_per_month"]
    tokens_usd = usd - embeddings_usd
    if not tokens_usd > 0.0:  # (`max(0.0, ...)` written out: the same, without the call)
        tokens_usd = 0.0
    committed = values["cloud_cost_breakdown"].committed_use
    if committed is not None and pricing == "as_billed":
        point = min(committed.pay_as_you_go_usd_per_month, committed.usd_per_month)
        if point > 0:
            price = smaller(committed.pay_as_you_go_usd_per_month * price, committed.usd_per_month * committed_ratio) / point
    embeddings = embeddings_usd * rate * embeddings_ratio
    return tokens_usd * rate * usage * price * a.tokens_ratio(values["id"]), embeddings


def _cloud_figures(a: Assumptions) -> tuple:
    """What `_cloud_month_krw` reads of the assumptions besides a workload's token ratio: (KRW per USD, the ratios of
    `cloud_price_factor`, the pricing, the ratios of `committed_price_factor`, `embeddings_price_factor` and
    `usage_multiplier`: 1.0 outside `show --ranges`)."""
    return (
        a.num("krw_per_usd"),
        a.ratio("cloud_price_factor"),
        a.text("pricing"),
        a.ratio("committed_price_factor"),
        a.ratio("embeddings_price_factor"),
        a.ratio("usage_multiplier"),
    )


def cloud_months_of(results: list[WorkloadResult], a: Assumptions) -> list[tuple[float, float]]:
    """`_cloud_month_krw` of each result, in order: it reads the result's cloud bill, breakdown and id, never its
    placement, so results copied with another placement (the rented-GPU variant's) have the same."""
    figures = _cloud_figures(a) if results else None
    return [_cloud_month_krw(r, a, figures) for r in results]


_Path = tuple[float, float, "date | None", float]
"""How a workload uses the cloud: share before its switch, share after, switch day (None: never),
months the change takes (0: at once on the switch day; a gradual hybrid ramps linearly)."""


CLOUD_MONTHS = ("cloud months",)
"""The key of `evaluate._cloud_months`' table in `HostingKept.books`: (the results, their months, what was read of them,
(the last months list these months were copied from, the positions set again) or None where they were not)."""


class _CloudKept:
    """What `_cloud` made for one book at the previous evaluation (an Evaluator's, one catalog and one set of
    assumptions: `gpuaas.HostingKept.books`), for the next to redo only the paths whose workloads' cloud bills changed.

    `inputs`: the calendar's start and horizon, the growth and what the path function reads besides the results
    (`_served_path`/`_plan_path`'s `inputs`); `reads`: what it reads of each result (a tuple per result, the id among
    them); `months`: each result's (tokens, embeddings) tuple, as `cloud_months_of` gave it; `groups`: per path in
    order, [path, tokens, embeddings, member indices, member ids]; `group_of`: each result's group's number; `made`: per
    path, (tokens, embeddings, ids, its CloudPath, what it adds to each month's cloud API and embeddings costs), for
    `calendar` (its start, horizon and growth); `columns`: those `made` in path order, and per month the parts they add
    to its cloud API cost and to its embeddings cost, in path order (`_columns`)."""

    __slots__ = ("inputs", "reads", "months", "groups", "group_of", "made", "calendar", "columns", "results", "summed")

    def __init__(self) -> None:
        self.inputs: tuple | None = None
        self.reads: list[tuple] | None = None
        self.results: list | None = None
        """The results `reads` were read of."""
        self.months: list[tuple] = []
        self.groups: list[list] = []
        self.group_of: list[int] = []
        self.made: dict[_Path, tuple] = {}
        self.calendar: tuple | None = None
        self.columns: tuple[list, list[list], list[list]] | None = None
        self.summed: list[int] | None = None
        """The numbers of the groups `_kept_groups` summed again this time, in order (the others are the last ones as
        they are), or None where it grouped the results anew."""


def _path_shares(cal: Calendar, path: _Path) -> tuple[list, int, int]:
    """A path's (share of each month on the cloud, the index of its first month with a positive share, the index after
    its last one: 0, 0 for none); a month whose share is not positive has an exact 0.0."""
    before, after, switch, ramp = path
    horizon = cal.horizon
    if before <= 0 and after <= 0:  # each month's share is a mix of the two (moved within [0, 1]): none is positive
        return [0.0] * horizon, 0, 0
    switch_month = cal.month_of(switch) if switch is not None else None
    switch_month = horizon + 1 if switch_month is None else switch_month
    shares = [0.0] * horizon
    # the share before the switch month (moved 0) and, without a ramp, after it (moved 1): the expression below, once
    still = before * (1 - 0.0) + after * 0.0
    gone = before * (1 - 1.0) + after * 1.0
    # month by month: `still` before the switch month, the switch month's own share, then `gone` (or the ramp);
    # a month whose share is not positive is left at 0.0
    # (the months before it and after it as list slices: each month's share the same arithmetic)
    before_switch = switch_month - 1  # months 1 .. switch_month - 1 (switch_month is 1 .. horizon + 1)
    start = end = -1  # the months with a positive share: [start, end)
    if still > 0 and before_switch > 0:
        start, end = 0, before_switch
        shares[:before_switch] = [still] * before_switch
    for month in range(switch_month, horizon + 1):
        if month > switch_month and not ramp > 0:
            if gone > 0:
                first = month - 1
                if start < 0:
                    start = first
                end = horizon
                shares[first:] = [gone] * (horizon - first)
            break
        moved = 1.0 if month > switch_month else cal.share_from(month, switch)
        if ramp > 0:
            moved = min(1.0, (month - switch_month + moved) / ramp)
        share = before * (1 - moved) + after * moved
        if share <= 0:
            continue
        index = month - 1
        if start < 0:
            start = index
        end = index + 1
        shares[index] = share
    return shares, start if start > 0 else 0, end if end > 0 else 0  # (`max(x, 0)`, written out)


def _path_months(cal: Calendar, grown: list[float], path: _Path, tokens, embeddings) -> tuple[list, list, list, int, int]:
    """A path's (share of each month on the cloud, what its tokens add to each month's cloud API cost, what its
    embeddings add to each month's embeddings cost, the index of its first month with a positive share, the index after
    its last one: 0, 0 for none) (`_path_shares`); a month whose share is not positive adds an exact 0.0 (a month's cost
    is never -0.0, so adding it changes nothing), the others tokens x growth x share and embeddings x share."""
    shares, start, end = _path_shares(cal, path)
    horizon = cal.horizon
    api = [0.0] * horizon
    embedded = [0.0] * horizon
    if start < end:
        api[start:end] = [tokens * grew * share if share > 0 else 0.0 for grew, share in zip(grown[start:end], shares[start:end])]
        embedded[start:end] = [embeddings * share if share > 0 else 0.0 for share in shares[start:end]]
    return shares, api, embedded, start, end


def _cloud(
    book: _Book,
    results: list[WorkloadResult],
    a: Assumptions,
    path_of,
    month_krw: dict[int, tuple[float, float]] | None = None,
    fields: list[dict] | None = None,
    kept: _CloudKept | None = None,
    lists: dict | None = None,
) -> None:
    """Cloud API and embeddings, tokens grown per plan year; `path_of(fields)` says when a result (its fields) is on the cloud.

    Workloads on the same path are summed first, so a 1,000-workload plan loops over a few paths, not 36,000 cells.
    `month_krw`: `_cloud_month_krw` per result (by object id), when already computed; `fields`: each result's
    `__dict__` (where a model keeps its fields: read once, not one attribute read per field).
    `kept` (dates, not draws; `month_krw` given; `path_of` with its `inputs` and `reads`): this book's `_CloudKept`
    of the previous evaluation, updated for the next. Where the path function reads the same as then, each result
    keeps its path; a path's sums are summed again (in workload order) only where a member's (tokens, embeddings)
    tuple is another object, and a path's months are worked out again only where its sums or members changed.
    `lists`: a table the books of one set of results share (`_kept_groups`), or None.
    """
    growth = a.num("usage_growth_per_year")
    cal = book.cal
    if fields is None:
        fields = [r.__dict__ for r in results]
    if kept is not None and month_krw is not None:
        # [path, tokens, embeddings, member indices, member ids] per path (each path once), read as they are
        spend = _kept_groups(kept, results, fields, path_of, month_krw, (cal.bounds[0], cal.horizon, growth, path_of.inputs), lists)
        switches: dict = {}
    else:
        kept = None
        sums, switches = _cloud_sums(results, fields, a, path_of, month_krw)
        spend = [(path, tokens, embeddings, None, members) for path, (tokens, embeddings, members) in sums.items()]
    drawn = []
    horizon = cal.horizon
    blank = CloudPath.compact({})  # (each path's values, `CloudPath.compact`: set in a copy)
    grown = [(1 + growth) ** (plan_year(month) - 1) for month in range(1, horizon + 1)]
    cost = book.cost
    # the months' sums as lists while the paths add to them (book.add(month, ...)): each month's in path order, as before
    api = [row["cloud_api"] for row in cost]
    embedded = [row["embeddings"] for row in cost]
    calendar = (cal.bounds[0], horizon, growth)  # what a path's months read besides the path and its sums
    made_before = kept.made if kept is not None and kept.calendar == calendar else {}
    made_now: dict[_Path, tuple] = {}
    if made_before and kept.summed is not None:  # type: ignore[union-attr]
        # the groups as they were but those summed again (`_kept_groups`), the last made by the same paths in the same
        # order (made of those groups in the last call): those of the others taken as they are, the groups summed again
        # made as below
        made_now = made_before.copy()
        for number in kept.summed:  # type: ignore[union-attr]
            path, tokens, embeddings, _indices, members = spend[number]
            made = made_now.get(path)
            if made is None:  # (no path of the last ones, which the above rules out: made as below)
                made_now = {}
                break
            if made[0] != tokens or made[1] != embeddings or (made[2] is not members and made[2] != members):
                shares, tokens_krw, embeddings_krw, start, end = _path_months(cal, grown, path, tokens, embeddings)
                made_now[path] = (tokens, embeddings, members, CloudPath.of_valid({"workloads": members, "share": shares}), tokens_krw, embeddings_krw, start, end)
        else:
            book.cloud_paths += map(_PATH_OF, made_now.values())
            spend = []
    for path, tokens, embeddings, _indices, members in spend:
        if path[2] in switches:
            before, after, switch, ramp = path
            drawn.append((before, after, switches[switch], ramp, tokens, embeddings))
            continue
        if kept is None:
            # nothing keeps the paths' months (at 10,000 workloads they would weigh MBs): each path's parts (as
            # `_path_months` makes them) added only over its months with a positive share (the others add an exact 0.0),
            # its embeddings only where it has some (0.0 x a share is 0.0): the same sums, no list of its parts made
            shares, start, end = _path_shares(cal, path)
            # the ids are the results' (text), the shares floats (0.0 or float arithmetic): what validation keeps
            # (`CloudPath.of_valid({"workloads": members, "share": shares})`, written out over a copy of its blank)
            values = blank.copy()
            values["workloads"], values["share"] = members, shares
            made = _NEW(CloudPath)
            SET_VALUES(made, values)
            book.cloud_paths.append(made)
            if start < end:
                api[start:end] = [krw + (tokens * grew * share if share > 0 else 0.0) for krw, grew, share in zip(api[start:end], grown[start:end], shares[start:end])]
                if type(embeddings) is not float or embeddings:  # (over draws: an array)
                    embedded[start:end] = [krw + (embeddings * share if share > 0 else 0.0) for krw, share in zip(embedded[start:end], shares[start:end])]
            continue
        made = made_before.get(path)
        if made is None or made[0] != tokens or made[1] != embeddings or (made[2] is not members and made[2] != members):
            shares, tokens_krw, embeddings_krw, start, end = _path_months(cal, grown, path, tokens, embeddings)
            # the ids are the results' (text), the shares floats (0.0 or float arithmetic above): what validation keeps
            made = (tokens, embeddings, members, CloudPath.of_valid({"workloads": members, "share": shares}), tokens_krw, embeddings_krw, start, end)
        book.cloud_paths.append(made[3])
        made_now[path] = made
    if made_now:
        kept.columns = columns = _columns(kept.columns, list(made_now.values()), horizon)
        api = [_summed(total, column) for total, column in zip(api, columns[1])]
        embedded = [_summed(total, column) for total, column in zip(embedded, columns[2])]
    if kept is not None:
        kept.made, kept.calendar = made_now, calendar
    for row, tokens_krw, embeddings_krw in zip(cost, api, embedded):
        row["cloud_api"] = tokens_krw
        row["embeddings"] = embeddings_krw
    _drawn_clouds(book, drawn, growth)




def _columns(before: tuple | None, made: list[tuple], horizon: int) -> tuple[list, list[list], list[list]]:
    """(`made`: each path's `_CloudKept.made` entry in path order; per month, each path's part of its cloud API cost and of
    its embeddings cost, in path order): `before`'s (the previous evaluation's) with the parts of the paths at positions
    whose entry is another object set again, where as many paths of as many months are there; else made anew. Summed
    per month from the month's cost, in path order (one at a time, `_summed`): what adding each path's months in turn gives."""
    if before is not None and len(before[0]) == len(made) and len(before[1]) == horizon:
        changed = list(compress(range(len(made)), map(is_not, made, before[0])))
        if 2 * len(changed) <= len(made):
            _made, api, embedded = before
            for index in changed:
                entry = made[index]
                for column, part in zip(api, entry[4]):
                    column[index] = part
                for column, part in zip(embedded, entry[5]):
                    column[index] = part
            return made, api, embedded
    return made, [list(column) for column in zip(*(entry[4] for entry in made))], [list(column) for column in zip(*(entry[5] for entry in made))]


def _cloud_sums(results: list[WorkloadResult], fields: list[dict], a: Assumptions, path_of, month_krw: dict[int, tuple[float, float]] | None) -> tuple[dict, dict]:
    """Per path (in the order of its first result): [tokens, embeddings, workload ids], each sum in workload order;
    and the switch days over draws by the key their path holds."""
    spend: dict[_Path, list] = {}  # per path: [tokens, embeddings, workload ids]
    switches: dict = {}
    if path_of is _always and month_krw is not None and results:  # one path for all: its sums from 0.0 in workload order
        months = list(map(month_krw.__getitem__, map(id, results)))
        spend[_always(fields[0])] = [_summed(0.0, map(_FIRST, months)), _summed(0.0, map(_SECOND, months)), list(map(_ID, fields))]
        return spend, switches
    for result, values in zip(results, fields):
        tokens, embeddings = month_krw[id(result)] if month_krw is not None else _cloud_month_krw(result, a)
        path = path_of(values)
        day = path[2]
        if day is not None and type(day) is not date and is_drawn(day):  # a switch day per draw: paths with the same days in every draw share a key
            key = day.tobytes()
            switches.setdefault(key, day)
            path = (path[0], path[1], key, path[3])
        total = spend.get(path)
        if total is None:
            total = spend[path] = [0.0, 0.0, []]
        total[0] += tokens
        total[1] += embeddings
        total[2].append(values["id"])
    return spend, switches


def _kept_groups(kept: _CloudKept, results: list[WorkloadResult], fields: list[dict], path_of, month_krw: dict[int, tuple[float, float]], inputs: tuple, lists: dict | None = None) -> list[list]:
    """`_cloud_sums` of dates (no draws) as [path, tokens, embeddings, member indices, member ids] per path, from
    `kept` where the path function reads what it read then (each result keeps its path, each path its members) and
    only the paths with a member whose (tokens, embeddings) tuple is another object summed again; `kept` updated.
    `lists`: the books of these results' table of the lists read from them (each result's months, what a path function
    reads of each), by the results' list and what is read (made here where missing), or None."""
    if lists is None:
        lists = {}
    months = lists.get((id(results), "months"))
    if months is None:
        months = lists[(id(results), "months")] = list(map(month_krw.__getitem__, map(id, results)))
    reads = lists.get((id(results), path_of.reads))
    if reads is None:
        alike = lists.get((id(results), "alike"))  # (see `_strategy_books`)
        if alike is not None and kept.results is alike[0] and kept.reads is not None and len(kept.reads) == len(fields) == len(alike[1]):
            # at a position alike the result's values are the ones `kept.reads` were read of: those reads as they are
            moved = lists.get((id(results), "moved"))
            if moved is None:
                moved = lists[(id(results), "moved")] = list(compress(range(len(fields)), map(not_, alike[1])))
            reads, read = list(kept.reads), path_of.reads
            for index in moved:
                reads[index] = read(fields[index])
        else:
            reads = list(map(path_of.reads, fields))
        lists[(id(results), path_of.reads)] = reads
    if kept.inputs == inputs and kept.reads == reads and len(kept.months) == len(months):
        groups = kept.groups
        moved = lists.get((id(results), "months moved"))  # (see `_strategy_books`)
        if moved is not None and moved[0] is kept.months:  # these months are those with the positions moved set again
            changed = [index for index in moved[1] if months[index] is not kept.months[index]]
        else:
            changed = list(compress(range(len(months)), map(is_not, months, kept.months)))
        kept.summed = sorted({kept.group_of[index] for index in changed})
        for number in kept.summed:
            path, _tokens, _embeddings, indices, members = groups[number]
            mine = list(map(months.__getitem__, indices))
            # summed as `_cloud_sums` does: 0.0 + each member's in workload order
            groups[number] = [path, _summed(0.0, map(_FIRST, mine)), _summed(0.0, map(_SECOND, mine)), indices, members]
    else:
        by_path: dict[_Path, list] = {}
        for index, (values, (tokens, embeddings)) in enumerate(zip(fields, months)):
            path = path_of(values)
            group = by_path.get(path)
            if group is None:
                group = by_path[path] = [path, 0.0, 0.0, [], []]
            group[1] += tokens
            group[2] += embeddings
            group[3].append(index)
            group[4].append(values["id"])
        groups = list(by_path.values())
        group_of = [0] * len(months)
        for number, group in enumerate(groups):
            for index in group[3]:
                group_of[index] = number
        kept.inputs, kept.reads, kept.group_of = inputs, reads, group_of
        kept.summed = None
    kept.months, kept.groups, kept.reads, kept.results = months, groups, reads, results
    return groups


def _drawn_clouds(book: _Book, paths: list[tuple], growth) -> None:
    """`_drawn_cloud` for many paths, (before, after, switch days, ramp, tokens, embeddings) each (at 10,000
    workloads each has its own switch days). A path's share in month m is before + (after - before) x moved,
    where moved is 0 before its switch month, 1 after it and the month's share from the switch day in it;
    so the paths' sum is sum(tokens x before) + sum over the paths that switched before m of tokens x (after -
    before) + the same times the share for those switching in m: per draw, sums over the switch months (a
    bincount over paths x draws), not a months x draws grid per path. A gradual hybrid's ramp: one at a time."""
    if not paths:
        return
    np, cal = numpy(), book.cal
    flat = [p for p in paths if p[3] <= 0]
    for path in paths:
        if path[3] > 0:
            _drawn_cloud(book, *path, growth)
    if not flat:
        return
    bounds = cal.ordinals()
    horizon, rows = cal.horizon, len(flat[0][2])
    switch = np.stack([p[2] for p in flat])  # paths x draws
    # Only the paths switching within the horizon in some draw add to a switch month; the others (most of a very
    # large plan's) add to the cell past the horizon alone, which no month reads: they are left out of the sums.
    live = np.nonzero(switch.min(axis=1) < bounds[-1])[0]
    switch = switch[live]
    month = np.clip(np.searchsorted(bounds, switch, side="right") - 1, -1, horizon)  # -1: before the start
    inside = (month >= 0) & (month < horizon)
    partial = np.zeros(switch.shape)
    partial[inside] = (bounds[month[inside] + 1] - switch[inside]) / np.diff(bounds)[month[inside]]
    before = np.array([p[0] for p in flat])[:, None]
    change = (np.array([p[1] for p in flat])[:, None] - before)[live]
    cell = (month + 1) * rows + np.arange(rows)  # (switch month + 1, draw)
    years = np.array([plan_year(m) - 1 for m in range(1, horizon + 1)])[:, None]
    for category, amounts in (("cloud_api", 4), ("embeddings", 5)):
        amount = np.empty((len(flat), rows))  # paths x draws (a path's amount: a number, or one per draw)
        for k, p in enumerate(flat):
            amount[k] = p[amounts]
        weight = amount[live] * change
        switched = np.bincount(cell.ravel(), weight.ravel(), (horizon + 2) * rows).reshape(horizon + 2, rows)
        switching = np.bincount(cell.ravel(), (weight * partial).ravel(), (horizon + 2) * rows).reshape(horizon + 2, rows)
        total = (amount * before).sum(axis=0) + np.cumsum(switched, axis=0)[:horizon] + switching[1 : horizon + 1]
        book.grid(category, total * (1 + growth) ** years if category == "cloud_api" else total)


def _drawn_cloud(book: _Book, before: float, after: float, switch, ramp: float, tokens, embeddings, growth) -> None:
    """`_cloud` for one path whose switch day differs per draw: the share on the cloud as a months x draws grid."""
    np, cal = numpy(), book.cal
    bounds = cal.ordinals()
    moved = np.maximum(0, bounds[1:, None] - np.maximum(switch, bounds[:-1, None])) / np.diff(bounds)[:, None]
    if ramp > 0:
        months = np.arange(1, cal.horizon + 1)[:, None]
        switch_month = cal.months_of(switch)
        moved = np.where(months >= switch_month, np.minimum(1.0, (months - switch_month + moved) / ramp), moved)
    share = before * (1 - moved) + after * moved
    years = np.array([plan_year(m) - 1 for m in range(1, cal.horizon + 1)])[:, None]
    book.grid("cloud_api", tokens * (1 + growth) ** years * share)
    book.grid("embeddings", embeddings * share)


_ID = itemgetter("id")
_FIELDS = attrgetter("__dict__")
_QUOTE, _OPEN_MODEL, _PRECISION = itemgetter("gpuaas"), itemgetter("open_model"), itemgetter("precision")
_SHARE, _ALLOWED = itemgetter("onprem_share"), itemgetter("cloud_allowed")
_NOT_NONE = partial(is_not, None)
_NEW = object.__new__
_THRESHOLDS = ("thresholds",)
"""The key of `_thresholds`' checks in `HostingKept.books`."""
_THRESHOLD_ITEMS = ("threshold items",)
"""The key of `_thresholds`' last checks by their basis and the group or alternative they were read of, in `HostingKept.books`."""
THRESHOLDS_KEPT = 20_000
"""Most checks `_thresholds`' table keeps (a program limit: ~1,000 per ledger at 1,000 workloads, a few new per edit)."""
_GPUAAS_CHECKS = ("gpuaas checks",)
"""The key of `with_gpuaas_strategy`'s checks in `HostingKept.books`."""
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_PATH_OF = itemgetter(3)
"""A `_CloudKept.made` entry's CloudPath."""


def _served_path(forbidden: set[str], switch: dict[str, date]):
    """Like for like with the plan: a workload the cloud is forbidden for counts from its migration on."""

    def path(values: dict) -> _Path:
        workload = values["id"]
        if workload not in forbidden:
            return (1.0, 1.0, None, 0.0)
        day = switch.get(workload)
        return (0.0, 1.0, day, 0.0) if day is not None else (0.0, 0.0, None, 0.0)

    path.inputs = ("served", forbidden, switch)  # type: ignore[attr-defined]  # for `_CloudKept`: all it reads but the results
    path.reads = _ID  # type: ignore[attr-defined]  # and what it reads of each result
    return path


def _always(values: dict) -> _Path:
    return (1.0, 1.0, None, 0.0)


_always.inputs = ("always",)  # type: ignore[attr-defined]
_always.reads = _ID  # type: ignore[attr-defined]  # (the id: the path's members)


def _plan_path(switch: dict[str, date], ramp_months: float):
    """The plan strategy: cloud (where allowed) until the day after a workload's migration ends (or it is
    served on rented GPUs: a `gpuaas` placement or a bridge), then its cloud share (a gradual hybrid moves
    over linearly in `ramp_months`)."""

    def path(values: dict) -> _Path:  # a result's fields (its __dict__)
        placement, share = values["placement"], values["onprem_share"]
        before = 1.0 if (placement == "cloud" or values["cloud_allowed"]) else 0.0
        day = switch.get(values["id"])
        if placement == "gpuaas" and day is not None:
            return (before, 0.0, day, 0.0)
        if share <= 0 or day is None:
            return (before, before, None, 0.0)
        ramp = ramp_months if placement == "hybrid" and values["hybrid"] == "gradual" else 0.0
        return (before, 1.0 - share, day, ramp)

    path.inputs = ("plan", switch, ramp_months)  # type: ignore[attr-defined]  # for `_CloudKept`: all it reads but the results
    path.reads = _PLAN_PATH_READS  # type: ignore[attr-defined]  # and what it reads of each result
    return path


_PLAN_PATH_READS = itemgetter("id", "placement", "onprem_share", "cloud_allowed", "hybrid")
"""What `_plan_path`'s path function reads of a result's fields."""


# --- rented GPUs ----------------------------------------------------------------------------------


def _rent(book: _Book, quote: GpuaasQuote | None, first: date, last: date | None, a: Assumptions, period_costs) -> str | None:
    """Rented GPUs serve the workload (its result's `gpuaas` quote) from `first` to `last` (inclusive; None: the
    horizon's end): rental, storage and egress by month; a commitment running past `last` is paid in its last month.
    Returns the pricing. `period_costs`: `gpuaas.period_costs`, imported once by the caller (an import statement in
    here ran for every rented workload: ~7 M instructions per re-evaluation at 1,000 workloads, most of `_rentals`)."""
    cal = book.cal
    if quote is not None and (is_drawn(first) or is_drawn(last)):
        return _drawn_rent(book, quote, first, last, a.num("usage_growth_per_year"), a.ratio("gpuaas_price_factor"), getattr(a, "parts", None))
    start = cal.month_of(first)
    if quote is None or start is None:
        return None
    end_day = min(last, cal.end - timedelta(days=1)) if last is not None else cal.end - timedelta(days=1)
    stop = cal.month_of(end_day) or cal.horizon
    months = [(m, plan_year(m), cal.overlap(m, first, end_day) / cal.days(m)) for m in range(start, stop + 1)]
    months = [m for m in months if m[2] > 0]
    if not months:
        return None
    pricing, rental, past, storage, egress = period_costs(quote, [(y, share) for _, y, share in months], a.num("usage_growth_per_year"))
    price = a.ratio("gpuaas_price_factor")
    for (month, _y, _s), r, st, eg in zip(months, rental, storage, egress):
        book.add(month, "gpu_rental", r * price)
        book.add(month, "storage", st)
        book.add(month, "network", eg)
    if past > 0:
        book.add(months[-1][0], "gpu_rental", past * price)
    return pricing


def _drawn_rent(book: _Book, quote, first, last, growth, price, parts=None) -> str | None:
    """`_rent` over draws: draws are grouped by their first and last month served (and their part of the run,
    `parts`: see planner.domain.ranges.Drawn); within a group the pricing is the one cheapest at the group's
    average shares of those months, and each draw pays its own share of them."""
    np, cal = numpy(), book.cal
    end = int(cal.ordinals()[-1]) - 1
    if (int(first.min()) if is_drawn(first) else first.toordinal()) > end:  # rented only after the horizon in every draw (most of a very large plan's)
        return None
    from planner.domain.gpuaas import TERM_MONTHS, period_costs

    rows = max(len(d) for d in (first, last) if is_drawn(d))
    first = np.broadcast_to(cal.ordinal(first), rows)
    last = np.minimum(np.broadcast_to(cal.ordinal(last), rows), end) if last is not None else np.full(rows, end)
    starts, stops = cal.months_of(first), cal.months_of(last)
    served = (first <= last) & (starts <= cal.horizon)
    if not served.any():  # on rented GPUs only after the horizon, in every draw
        return None
    part = parts if parts is not None else np.zeros(rows, dtype=np.int64)
    grids = {category: np.zeros((cal.horizon, rows)) for category in ("gpu_rental", "storage", "network")}
    pricing = None
    base = cal.horizon + 2  # (part, first month, last month) as one number, in that order
    keys = np.unique((part[served].astype(np.int64) * base + starts[served]) * base + stops[served]).tolist()
    for group, start, stop in ((key // (base * base), key // base % base, key % base) for key in keys):
        index = np.nonzero((starts == start) & (stops == stop) & served & (part == group))[0]
        months = list(range(start, stop + 1))
        shares = [cal.overlap(m, first[index], last[index]) / cal.days(m) for m in months]
        average = [float(share.mean()) for share in shares]
        drawn_growth = growth[index] if is_drawn(growth) else growth
        pricing, rental, past, storage, egress = period_costs(quote, [(plan_year(m), share) for m, share in zip(months, average)], drawn_growth)
        reserved = TERM_MONTHS.get(pricing, 0) > 0
        for k, month in enumerate(months):
            scale = shares[k] / average[k]
            grids["gpu_rental"][month - 1, index] += rental[k] * (scale if k == 0 or not reserved else 1.0) * (price[index] if is_drawn(price) else price)
            grids["storage"][month - 1, index] += storage[k] * scale
            grids["network"][month - 1, index] += egress[k] * scale
        grids["gpu_rental"][stop - 1, index] += past * (price[index] if is_drawn(price) else price)
    for category, grid in grids.items():
        book.grid(category, grid)
    return pricing


def _gpuaas_staff(book: _Book, first: date, until: date | None, catalog: Catalog) -> None:
    """The roles' `gpuaas_ops_fte` from the first day on rented GPUs until on-prem operations take over (`until`)."""
    cal = book.cal
    start = cal.first_month(first)
    if start is None:
        return
    last = _day_before(until) if until is not None else cal.end - timedelta(days=1)
    for role in catalog.roles.values():
        if role.gpuaas_ops_fte <= 0:
            continue
        salary = _salary_month(catalog, role.id, book.a)
        for month in range(start, cal.horizon + 1):
            days = cal.overlap(month, first, last)
            if any_positive(days):
                book.staff(month, role.id, role.gpuaas_ops_fte * days / cal.days(month), salary)


def _day_before(day):
    return day - 1 if is_drawn(day) else day - timedelta(days=1)


def _day_after(day):
    return day + 1 if is_drawn(day) else day + timedelta(days=1)


def _rentals(book: _Book, fields: list[dict], schedule: Schedule, catalog: Catalog, a: Assumptions, notes: list[Message]) -> None:
    """`gpuaas` workloads from their serving day to the horizon; bridged ones from the bridge to their migration.
    `fields`: each result's fields (its `__dict__`)."""
    from planner.domain.gpuaas import period_costs

    firsts: list[date] = []
    rented_from, bridge_from, migration_end = schedule.rented_from, schedule.bridge_from, schedule.migration_end  # read once
    end = book.cal.end
    if not bridge_from and (not rented_from or (set(map(type, rented_from.values())) == {date} and min(rented_from.values()) >= end)):
        # nobody on rented GPUs within the horizon (the loop below would rent nothing): a plan without them, or the
        # rented-GPU variant renting from past the horizon (its days dates: none over draws)
        return

    for values in fields:
        workload = values["id"]
        if values["placement"] == "gpuaas" and workload in rented_from:
            first = rented_from[workload]
            if type(first) is date and first >= end:
                continue  # rented from past the horizon: `_rent` has no month for it (the rented-GPU variant's, mostly)
            pricing = _rent(book, values["gpuaas"], first, None, a, period_costs)
            if pricing:
                firsts.append(first)
        elif workload in bridge_from and workload in migration_end:
            first, last = bridge_from[workload], migration_end[workload]
            if type(first) is date and first >= end:
                continue
            pricing = _rent(book, values["gpuaas"], first, last, a, period_costs)
            if pricing:
                firsts.append(first)
                if book.records:
                    notes.append(
                        msg(
                            "bridge: {workload} on rented GPUs ({provider}, {pricing}) from {first} to {last}, before its go-live",
                            workload=workload,
                            provider=values["gpuaas"].provider,
                            pricing=pricing,
                            first=first.isoformat(),
                            last=last.isoformat(),
                        )
                    )
    if firsts:
        live = schedule.go_live if any(v["onprem_share"] > 0 for v in fields) else None
        _gpuaas_staff(book, earliest(firsts), live, catalog)


# --- the three strategies ----------------------------------------------------------------------------


def _full_onprem_sizing(
    plan: Plan, results: list[WorkloadResult], sizing: Sizing, catalog: Catalog, a: Assumptions, resolved: list[ResolvedWorkload] | None = None
) -> Sizing:
    """Hardware for every workload fully on-prem (the on_prem strategy); `resolved`: the plan's resolved workloads, if at hand."""
    if all(r.onprem_share >= 1 for r in results):
        return sizing
    from planner.domain.resolve import resolve_workloads
    from planner.domain.sizing import size_shares

    if resolved is None:
        resolved = resolve_workloads(plan, catalog, a)
    return size_shares([(r.id, 1.0) for r in results], resolved, plan.hardware, catalog, a)


def _installed(groups: list[GpuGroup], day: date, role: str, catalog: Catalog | None = None, a: Assumptions | None = None) -> list[_Installed]:
    """The groups in service from `day`; over draws of prices and utilization (`a`), their capex and power per draw."""
    items = [_Installed(day, g.capex_krw, g.power_w, g.servers, _group_label(g, role), g.gpu, g.gpus) for g in groups if g.gpus > 0]
    if a is None or catalog is None:
        return items
    level, power_share = a.level("hardware_price_level"), a.num("gpu_power_share")
    for item in items:
        gpu = catalog.gpus.get(item.gpu)
        if gpu is None:
            continue
        if is_drawn(level):
            item.capex = item.gpus * at_level(gpu.unit_price_krw, level) + item.servers * at_level(gpu.chassis_price_krw, level)
        if is_drawn(power_share):
            item.power_w = item.gpus * gpu.tdp_w * power_share + item.servers * a.num("server_overhead_w")
    return items


_CATEGORY_READS = tuple(map(itemgetter, CATEGORIES))


def _tco(months: list[dict[str, int]]) -> StrategyTco:
    totals = [sum(m.values()) for m in months]
    by_year = [sum(totals[i : i + 12]) for i in range(0, len(totals), 12)]
    by_category = {c: sum(map(read, months)) for c, read in zip(CATEGORIES, _CATEGORY_READS)}  # (each month in turn, in C)
    return StrategyTco(total_krw=sum(totals), by_year_krw=by_year, by_category_krw=by_category)


def break_even(costs: list[dict[str, int]], cloud: list[dict[str, int]]) -> int | None:
    """First month from which the cumulative cost stays below the cloud's to the end of the horizon.

    "Stays": a plan that is cheaper only until its production hardware lands has not broken even.
    """
    found: int | None = None
    cumulative, cumulative_cloud = 0, 0
    for month, (mine, theirs) in enumerate(zip(costs, cloud), start=1):
        cumulative += sum(mine.values())
        cumulative_cloud += sum(theirs.values())
        if cumulative < cumulative_cloud:
            found = found or month
        else:
            found = None
    return found


def _running_krw_per_month(capex: float, power_w: float, servers: int, a: Assumptions) -> float:
    """Power, per-server costs and maintenance of hardware for one full month."""
    power = power_w * a.num("hours_per_month") * a.num("electricity_krw_per_kwh") * a.num("pue") / 1000
    per_server = servers * _summed(0, (a.num(key) for key in PER_SERVER.values()))
    return power + per_server + capex * a.num("maintenance_rate_per_year") / 12


def _ops_staff_krw_per_month(catalog: Catalog, a: Assumptions, gpus: float) -> float:
    """Operations staff a month for a fleet of `gpus` (see `ops_scale`)."""
    return ops_scale(gpus, a) * _summed(0, (role.ops_fte * _salary_month(catalog, role.id, a) for role in catalog.roles.values()))


def _weights(results: dict[str, ResolvedWorkload] | dict[str, dict], workloads: list[str], share: dict[str, float]) -> dict[str, float]:
    """Output tokens a month each workload sends to the hardware (how shared costs are split). `results`: each workload
    by its id, resolved (read as attributes) or a result's fields (its `__dict__`: a result's attributes are hooked)."""
    weights = {}
    read, share_of = results.get, share.get
    if results and type(next(iter(results.values()))) is dict:
        for w in workloads:
            values = read(w)
            if values is not None:
                weights[w] = values["requests_per_month"] * values["output_tokens"] * share_of(w, 0.0)  # type: ignore[index]
        return weights
    for w in workloads:
        workload = read(w)
        if workload is not None:
            weights[w] = workload.requests_per_month * workload.output_tokens * share_of(w, 0.0)  # type: ignore[union-attr]
    return weights


def _onprem_costs(sizing: Sizing, results: dict[str, ResolvedWorkload] | dict[str, dict], share: dict[str, float], catalog: Catalog, a: Assumptions) -> dict[str, float]:
    """Per workload, its month-1 share of the sizing's amortized hardware, running costs and ops staff. `results`: see
    `_weights`."""
    amortization = a.num("amortization_months")
    by_group = [_weights(results, g.workloads, share) for g in sizing.groups]
    everyone: dict[str, float] = {}  # _weights of every group's workloads, in order (the same dict as in one pass)
    for weights in by_group:
        everyone.update(weights)
    total = _summed(0, everyone.values())
    staff = _ops_staff_krw_per_month(catalog, a, sum(g.gpus for g in sizing.groups))
    costs: dict[str, float] = {}
    known = costs.get
    for group, weights in zip(sizing.groups, by_group):
        group_total = _summed(0, weights.values())
        monthly = group.capex_krw / amortization + _running_krw_per_month(group.capex_krw, group.power_w, group.servers, a)
        for workload, weight in weights.items():
            part = weight / group_total if group_total else 1 / len(weights)
            # its hardware part, then its staff part, added to what it has (0.0 at first): the same additions in turn
            costs[workload] = known(workload, 0.0) + monthly * part + staff * (weight / total if total else 1 / len(everyone))
    return costs


def _thresholds(plan_sizing: Sizing, full: Sizing, cloud_krw: dict[str, float], catalog: Catalog, a: Assumptions, books: dict | None = None) -> list[ThresholdCheck]:
    """The framework's break-even spend per hardware choice: opex (with ops staff) + capex / amortization.
    `books` (see `_strategy_books`: one catalog, one set of assumptions): the checks the ledgers made, by all they read
    besides those two (`_THRESHOLDS`, emptied past `THRESHOLDS_KEPT`), given again; and the last ledger's by the group or
    alternative they were read of (`_THRESHOLD_ITEMS`: at 1,000 workloads ~1,000 checks, ten of them new after an edit),
    given again for the same object with the same basis and cloud cost without their 13-part key made and looked up."""
    known_checks: dict[tuple, ThresholdCheck] = _kept_table(books, _THRESHOLDS[0], THRESHOLDS_KEPT) if books is not None else {}
    # (a table per basis: one group may be checked as the plan's in one ledger and as the on-prem strategy's in the next)
    items_now: dict[str, dict[int, tuple]] = {"plan": {}, "on_prem": {}, "alternative": {}}
    items_before: dict[str, dict[int, tuple]] = books.get(_THRESHOLD_ITEMS, items_now) if books is not None else items_now  # type: ignore[assignment]
    if books is not None:
        books[_THRESHOLD_ITEMS] = items_now
    amortization = int(a.num("amortization_months"))
    rate = a.num("krw_per_usd")
    seen: set[tuple[str, str, int, int]] = set()
    checks: list[ThresholdCheck] = []
    summed: dict[int, tuple[list[str], float]] = {}  # the cloud bill of a list of workloads (many checks share one), by the list

    def cloud_of(workloads: list[str]) -> float:
        found = summed.get(id(workloads))
        if found is None or found[0] is not workloads:
            found = summed[id(workloads)] = (workloads, _summed(0, map(cloud_krw.get, workloads, repeat(0.0))))
        return found[1]

    def add_of(item: GpuGroup | GpuAlternative, basis: str, workloads: list[str]) -> None:
        """`add` of a group's or an alternative's figures: the check made of that object last time, where it was made
        with the same basis and cloud cost (a group and an alternative are frozen: the same object, the same figures)."""
        found = items_before[basis].get(id(item))
        if found is not None and found[0] is item:
            key = found[1]
            if key in seen or item.gpus <= 0:
                return
            cloud = round(cloud_of(workloads))
            if found[2] == cloud:
                seen.add(key)
                checks.append(found[3])
                items_now[basis][id(item)] = found
                return
        add(item.gpu, item.open_model, item.precision, item.gpus, item.servers, item.capex_krw, item.power_w, basis, workloads, item)

    def add(gpu: str, open_model: str, precision: str, gpus: int, servers: int, capex: int, power_w: float, basis: str, workloads: list[str], item: Any = None) -> None:
        key = (gpu, open_model, precision, gpus, servers)
        if key in seen or gpus <= 0:
            return
        seen.add(key)
        cloud = round(cloud_of(workloads))
        # everything the check reads but the catalog and the assumptions, type for type
        known_key = (gpu, open_model, precision, type(gpus), gpus, type(servers), servers, type(capex), capex, type(power_w), power_w, basis, cloud)
        known = known_checks.get(known_key)
        if known is not None:
            checks.append(known)
            if item is not None:
                items_now[basis][id(item)] = (item, key, cloud, known)
            return
        staff = _ops_staff_krw_per_month(catalog, a, gpus)
        opex = _running_krw_per_month(capex, power_w, servers, a) + staff
        threshold = opex + capex / amortization
        checks.append(
            ThresholdCheck(
                gpu=gpu,
                servers=servers,
                gpus=gpus,
                capex_krw=round(capex),
                opex_krw_per_month=round(opex),
                amortization_months=amortization,
                threshold_krw_per_month=round(threshold),
                threshold_usd_per_month=round(threshold / rate, 2),
                open_model=open_model,
                precision=precision,
                basis=basis,
                staff_krw_per_month=round(staff),
                cloud_krw_per_month=cloud,
                **_framework_figure(gpu, gpus, threshold, capex, opex - staff, staff, catalog, a),
            )
        )
        known_checks[known_key] = checks[-1]
        if item is not None:
            items_now[basis][id(item)] = (item, key, cloud, checks[-1])

    for group in plan_sizing.groups:
        add_of(group, "plan", group.workloads)
    if plan_sizing.pilot:
        pilot = plan_sizing.pilot
        add(pilot.gpu, "", pilot.precision, pilot.gpus, pilot.servers, pilot.capex_krw, pilot.power_w, "pilot", [])
    for group in full.groups:
        add_of(group, "on_prem", group.workloads)
    served: dict[tuple[str, str], list[str]] = defaultdict(list)
    for group in full.groups:
        served[(group.open_model, group.precision)] += group.workloads
    for alt in [*plan_sizing.alternatives, *full.alternatives]:
        if alt.fits and not alt.chosen:
            add_of(alt, "alternative", served.get((alt.open_model, alt.precision), []))
    # The framework's own configurations (one 4090 server, 2 x A100, 8 x H100), priced like the plan's, beside its rule of thumb.
    from planner.domain.sizing import hardware_cost

    for gpu in catalog.gpus.values():
        rule = gpu.framework_break_even
        if rule is None or any(c.gpu == gpu.id and c.gpus == rule.gpus for c in checks):
            continue
        servers = math.ceil(rule.gpus / gpu.gpus_per_server)
        capex, power = hardware_cost(gpu, rule.gpus, servers, a)
        add(gpu.id, "", "", rule.gpus, servers, capex, power, "framework", [])
    return checks


def _framework_figure(gpu_id: str, gpus: int, threshold: float, capex: float, running: float, staff: float, catalog: Catalog, a: Assumptions) -> dict:
    """`framework_usd_per_month` and why it differs, for the configuration the framework prices."""
    gpu = catalog.gpus.get(gpu_id)
    rule = gpu.framework_break_even if gpu is not None else None
    if rule is None or rule.gpus != gpus:
        return {}
    rate = a.num("krw_per_usd")
    amortization = a.num("amortization_months")
    computed = threshold / rate
    note = msg(
        "computed ${computed}/month vs the framework's ${framework}: capex ${capex} ({capex_krw} over {months} months) + running ${running} + operations staff ${staff} "
        "(the framework's staff table); its rule of thumb is a round figure for hardware and running costs with little or no staff",
        computed=f"{computed:,.0f}",
        framework=f"{rule.usd_per_month:,.0f}",
        capex=f"{capex / amortization / rate:,.0f}",
        capex_krw=krw(capex),
        months=f"{amortization:g}",
        running=f"{running / rate:,.0f}",
        staff=f"{staff / rate:,.0f}",
    )
    return {"framework_usd_per_month": rule.usd_per_month, "framework_note": note}


BUDGET_MONTHS = 36
"""`budget_3y_krw` is a three-year budget."""


def _over_budget(plan: Plan, months: list[dict[str, int]]) -> list[str]:
    """A warning when the plan's first three years cost more than the organization's 3-year budget."""
    budget = plan.organization.budget_3y_krw
    spent = sum(sum(m.values()) for m in months[:BUDGET_MONTHS])
    if budget <= 0 or spent <= budget:
        return []
    return [
        msg(
            "ledger: the plan costs {spent} over its first {months} months, {ratio}x the 3-year budget of {budget} ([organization] budget_3y_krw)",
            spent=krw(spent),
            months=min(len(months), BUDGET_MONTHS),
            ratio=f"{spent / budget:.1f}",
            budget=krw(budget),
        )
    ]


class _MonthsById:
    """`_cloud_month_krw` of each result by its object id, as `month_krw` (`_strategy_books`), from the results' months in
    their order (`cloud_months`): the table made the first time one is asked for (the books given `lists` read them by
    position: a re-evaluation makes none)."""

    __slots__ = ("results", "months", "table")

    def __init__(self, results: list[WorkloadResult], months: list[tuple[float, float]]) -> None:
        self.results, self.months, self.table = results, months, None

    def __getitem__(self, key: int) -> tuple[float, float]:
        if self.table is None:
            self.table = dict(zip(map(id, self.results), self.months))
        return self.table[key]


class _Strategies:
    """The books of the three strategies and what build_ledger reports beside them (a written-out class: see `_Installed`).
    `onprem`: the fields (`__dict__`) of the results with an on-prem share."""

    __slots__ = ("books", "api_only", "month_krw", "onprem", "full", "notes", "warnings", "cal")

    def __init__(self, books: dict[str, _Book], api_only: _Book | None, month_krw: dict[int, tuple[float, float]], onprem: list[dict], full: Sizing, notes: list[Message], warnings: list[str], cal: Calendar):
        self.books, self.api_only, self.month_krw, self.onprem, self.full, self.notes, self.warnings, self.cal = books, api_only, month_krw, onprem, full, notes, warnings, cal


def _cloud_kept(books: dict | None, slot: str, strategy: str) -> _CloudKept | None:
    """The `_CloudKept` of a book in `books` (made where missing); None without `books`."""
    if books is None:
        return None
    found = books.get((slot, strategy))
    if found is None:
        found = books[(slot, strategy)] = _CloudKept()
    return found


WON_KEPT = 20_000
"""Most costs `_won_kept`'s table keeps (a program limit; an edit changes a few dozen of a ledger's ~1,600)."""
OPS_KEPT = 16
"""Most fleets whose operations staff `_ops_staff` keeps (a program limit)."""


def _kept_table(books: dict, name: str, most: int) -> dict:
    """The table `name` in `books`, emptied when it holds more than `most` entries."""
    found = books.get((name,))
    if found is None or len(found) > most:
        found = books[(name,)] = {}
    return found


def _won_kept(books: dict | None) -> dict | None:
    """The table of `won` by cost in `books` (emptied past `WON_KEPT` costs); None without `books`."""
    return None if books is None else _kept_table(books, "won", WON_KEPT)


def _switch_days(schedule: Schedule, onprem: list[dict], sized: bool, cal: Calendar, books: dict | None, slot: str) -> tuple[dict, dict, list, list]:
    """(each workload's switch day: the day after its migration ends, or the day its rented GPUs are ready; the same with
    the bridges' days, the plan strategy's; the workloads whose plan switch is past the horizon; the warnings of on-prem
    workloads without a migration date). `onprem`: the fields of the results with an on-prem share; `sized`: the plan's
    sizing has groups. `books` (see `_strategy_books`): the last evaluation's by `slot`, given again where the schedule's
    dates are the same objects (a schedule kept), the same workloads are on-prem and the calendar is the same (none of
    them is changed: the books' path functions keep them)."""
    dates = (schedule.migration_end, schedule.rented_from, schedule.bridge_from, schedule.go_live)
    ids = list(map(_ID, onprem))  # (in C)
    calendar = (cal.bounds[0], cal.horizon)
    key = ("switch", slot)
    if books is not None:
        found = books.get(key)
        if found is not None and all(map(is_, found[0], dates)) and found[1] == ids and found[2] == sized and found[3] == calendar:
            return found[4]
    migration_end, rented_from, bridge_from, go_live = dates
    migration = dict(migration_end)
    missing: list = []
    for workload in ids:
        if workload not in migration:
            if go_live is not None:
                migration[workload] = go_live
            elif sized:
                missing.append(msg("ledger: {id} has no migration date in the schedule; it stays where Phase 1 runs it for the whole horizon", id=workload))
    one_day = timedelta(days=1)  # `_day_after` of a date, inline (a switch per workload, twice an evaluation)
    switch = {w: last + one_day if type(last) is date else _day_after(last) for w, last in migration.items()}
    switch.update(rented_from)  # a workload on rented GPUs is served there from the day they are ready
    plan_switch = {**switch, **bridge_from}  # a new dict: the cloud strategy's path function keeps the one it read
    end = cal.end  # `cal.past_end` of a date, inline
    past_end = [w for w, day in plan_switch.items() if (day >= end if type(day) is date else cal.past_end(day))]
    made = (switch, plan_switch, past_end, missing)
    if books is not None:
        books[key] = (dates, ids, sized, calendar, made)
    return made


def _outside(full: Sizing, ids: list[str], books: dict | None, slot: str) -> list[bool]:
    """Per result (`ids`), whether no group of `full` serves it; with `books` (see `_strategy_books`), the last one of
    `slot` where the groups' workloads and the ids are the same (compared as lists of the same texts: in C)."""
    served = [g.workloads for g in full.groups]
    key = ("outside", slot)
    found = books.get(key) if books is not None else None
    if found is not None and found[0] == served and found[1] == ids:
        return found[2]
    sized = set(chain.from_iterable(served))
    out = list(map(not_, map(sized.__contains__, ids)))  # (of each result, in C)
    if books is not None:
        books[key] = (served, ids, out)
    return out


def _late_warning(past_end: list[str], ids: list[str], horizon: int, books: dict | None, slot: str) -> Message | None:
    """The warning naming the results (`ids`) whose plan switch is past the horizon (`past_end`: the workloads whose
    switch is, `_switch_days`), or None; with `books` (see `_strategy_books`), the last one of `slot` where `past_end` is
    the same list (the switch days kept) and the ids and horizon are the same (at 1,000 workloads past it: a set of ids,
    a filter, a sort and an 8,000-character message, twice an evaluation)."""
    key = ("late", slot)
    found = books.get(key) if books is not None else None
    if found is not None and found[0] is past_end and found[2] == horizon and found[1] == ids:
        return found[3]
    known = set(ids)
    late = list(filter(known.__contains__, past_end))
    warning = msg("ledger: migration of {ids} ends after the {months}-month horizon", ids=", ".join(sorted(late)), months=horizon) if late else None
    if books is not None:
        books[key] = (past_end, ids, horizon, warning)
    return warning


def _strategy_books(
    plan: Plan,
    results: list[WorkloadResult],
    sizing: Sizing,
    schedule: Schedule,
    catalog: Catalog,
    assumptions: Assumptions,
    resolved: list[ResolvedWorkload] | None = None,
    full: Sizing | None = None,
    records: bool = True,
    plan_only: bool = False,
    month_krw: dict[int, tuple[float, float]] | None = None,
    staffing: Remembered | None = None,
    fields: list[dict] | None = None,
    books: dict | None = None,
    slot: str = "ledger",
    cloud_months: list[tuple[float, float]] | None = None,
    alike: tuple | None = None,
    ids: list[str] | None = None,
) -> _Strategies:
    """Each strategy's months (see the module docstring); `records` False over draws (only the costs are kept);
    `plan_only`: the plan's book alone (the others are not made, `books` holds "plan" alone and `api_only` is None:
    nothing in the plan's book reads them);
    `month_krw`: `_cloud_month_krw` of each result (by object id), when already computed; `staffing`: see `_project_staff`;
    `fields`: each result's `__dict__`, when the caller has them; `books` (`gpuaas.HostingKept.books`: an Evaluator's, one
    catalog and one set of assumptions): each book's `_CloudKept` by (`slot`, strategy), the plan's ledger's and the
    rented-GPU variant's apart. `cloud_months`: `month_krw`'s of the results, in their order, where the caller has them;
    `alike` (with `books`): (the results this slot's books read last, per position whether the result there has the same
    values now but its trace and prices: `evaluate._alike`), for the books to take what they read of those as it is.
    `ids`: each result's id, where the caller has them."""
    a = assumptions
    cal = _calendar(plan.start, plan.horizon_months, books)
    notes: list[Message] = []
    warnings: list[str] = []
    if fields is None:  # each result's fields from its __dict__ (where a model keeps them): one attribute read per result, not one per field read in every loop below
        fields = [r.__dict__ for r in results]

    if month_krw is None and cloud_months is not None and len(cloud_months) == len(results):
        # (kept books read the months by position, `lists`: the table by id only where something asks for it)
        month_krw = _MonthsById(results, cloud_months) if books is not None else dict(zip(map(id, results), cloud_months))
    elif month_krw is None:
        figures = _cloud_figures(a) if results else None
        month_krw = {id(r): _cloud_month_krw(r, a, figures) for r in results}
    staffing = staffing_kept() if staffing is None else staffing  # the strategies' books share the schedule's spans
    onprem = list(compress(fields, map(gt, map(_SHARE, fields), repeat(0))))  # (`v["onprem_share"] > 0` of each, in C)
    switch, plan_switch, past_end, missing = _switch_days(schedule, onprem, bool(sizing.groups), cal, books, slot)
    warnings += missing
    # (of those the cloud is not allowed for, found in C)
    forbidden = [v["id"] for v in compress(fields, map(not_, map(_ALLOWED, fields))) if v["placement"] != "cloud"] if not plan_only else []
    lists: dict = {}  # what the books' cloud paths read of these results (`_kept_groups`): the lists hold the results' list
    if cloud_months is not None:
        lists[(id(results), "months")] = cloud_months
        made = books.get(CLOUD_MONTHS) if books is not None else None
        if made is not None and made[1] is cloud_months and made[3] is not None:
            # (the last months list they are a copy of, the positions set again: where a book read that list last, the
            # positions whose months may be other objects, `_kept_groups`)
            lists[(id(results), "months moved")] = made[3]
    if alike is not None:
        lists[(id(results), "alike")] = alike
    # Like for like: the cloud strategy serves each workload over the months the plan serves it, and every
    # strategy carries the project staff a cloud-only migration needs too (security review, POCs, reviews).
    api_only: _Book | None = None
    if not plan_only:  # (the plan's book alone: the others are not made)
        cloud = _Book(cal, a, records)
        api_only = _Book(cal, a, records)
        on_prem = _Book(cal, a, records)
        _cloud(cloud, results, a, _served_path(set(forbidden), switch), month_krw, fields, kept=_cloud_kept(books, slot, "cloud"), lists=lists)
        _project_staff(cloud, schedule, catalog, [], common_only=True, staffing=staffing)
        _cloud(api_only, results, a, _always, month_krw, fields, kept=_cloud_kept(books, slot, "api_only"), lists=lists)
    if forbidden and not plan_only:
        notes.append(
            msg(
                "cloud strategy counts {workloads} only from when the plan serves them (the rules keep their real data off the cloud; on the cloud they would be hypothetical)",
                workloads=", ".join(forbidden),
            )
        )

    if full is None:
        full = _full_onprem_sizing(plan, results, sizing, catalog, a, resolved)
    if not plan_only:
        out = _outside(full, ids if ids is not None else list(map(_ID, fields)), books, slot)
        outside = list(zip(compress(results, out), compress(fields, out)))
        kept_out = [r for r, _v in outside]
        # (their months by position, where the results' are given)
        lists_out = {(id(kept_out), "months"): list(compress(cloud_months, out))} if cloud_months is not None and len(cloud_months) == len(results) else None
        _cloud(on_prem, kept_out, a, _always, month_krw, [v for _r, v in outside], kept=_cloud_kept(books, slot, "on_prem"), lists=lists_out)
        bought = _installed(full.groups, plan.start, "on_prem", catalog, a)
        extra, grown = _growth_purchases(full.groups, plan.start, cal, catalog, a, "on_prem")
        _running(on_prem, bought + extra, a, books, (slot, "on_prem"))
        notes += grown
        if bought:
            _ops_staff(on_prem, plan.start, catalog, a, bought + extra, books)
        _project_staff(on_prem, schedule, catalog, [], common_only=True, staffing=staffing)
        unsized = [v["id"] for _r, v in outside]
        if unsized:
            notes.append(msg("on_prem strategy keeps {workloads} on the cloud: no on-prem hardware was sized for them", workloads=", ".join(unsized)))

    plan_book = _Book(cal, a, records)
    _cloud(plan_book, results, a, _plan_path(plan_switch, a.num("hybrid_ramp_months")), month_krw, fields, kept=_cloud_kept(books, slot, "plan"), lists=lists)
    _rentals(plan_book, fields, schedule, catalog, a, notes)
    items: list[_Installed] = []
    if sizing.pilot and schedule.pilot_delivery is not None:
        items += _installed([sizing.pilot], schedule.pilot_delivery, "pilot", catalog, a)
    if sizing.groups:
        delivered = schedule.production_delivery
        if delivered is None:
            delivered = plan.start
            warnings.append(msg("ledger: the schedule gives no production delivery date; production hardware counted from month 1"))
        items += _installed(sizing.groups, delivered, "plan", catalog, a)
        extra, grown = _growth_purchases(sizing.groups, delivered, cal, catalog, a, "plan")
        items += extra
        notes += grown
    _running(plan_book, items, a, books, (slot, "plan"))
    _project_staff(plan_book, schedule, catalog, warnings, staffing=staffing)
    if schedule.go_live is not None and onprem:
        _ops_staff(plan_book, schedule.go_live, catalog, a, items, books)
    if past_end:
        warning = _late_warning(past_end, ids if ids is not None else list(map(_ID, fields)), cal.horizon, books, slot)
        if warning is not None:
            warnings.append(warning)

    books = {"plan": plan_book} if plan_only else {"cloud": cloud, "on_prem": on_prem, "plan": plan_book}
    return _Strategies(books, api_only, month_krw, onprem, full, notes, warnings, cal)


_PER_WORKLOAD = ("ledger per workload",)
"""The key of `build_ledger`'s per-workload figures in `HostingKept.books`: (the results they were read of, their ids, cloud
KRW a month and rounded, plan shares, the costed workloads, their costed shares, those all floats)."""


def positions_todo(alike: tuple[list, list[bool]] | None, table: tuple | None, count: int) -> list[int] | None:
    """The positions not alike (`evaluate._alike`), where `table` (a kept table whose first item is the results it was
    made of) was made of the last evaluation's results; None where it was not (everything is made again)."""
    if alike is None or table is None or table[0] is not alike[0] or len(table[1]) != count:
        return None
    return list(compress(range(count), map(not_, alike[1])))


def _kept_shares(before: dict[str, float], todo: list[int], ids: list[str], fields: list[dict]) -> dict[str, float] | None:
    """The on-prem shares (> 0) by workload, in order (`dict(zip(ids, shares))` of the results with one): `before`'s with
    those of the positions `todo` read again, where the ids are the ones `before` was made of and no position todo gains
    or loses its share (the same keys in the same order); else None."""
    shares = before.copy()
    for index in todo:
        workload, share = ids[index], fields[index]["onprem_share"]
        if (share > 0) != (workload in before):
            return None
        if share > 0:
            shares[workload] = share
    return shares


def build_ledger(
    plan: Plan,
    results: list[WorkloadResult],
    sizing: Sizing,
    schedule: Schedule,
    catalog: Catalog,
    assumptions: Assumptions,
    resolved: list[ResolvedWorkload] | None = None,
    full: Sizing | None = None,
    staffing: Remembered | None = None,
    cloud_months: list[tuple[float, float]] | None = None,
    onprem_full: tuple | None = None,
    books: dict | None = None,
    alike: tuple | None = None,
) -> Ledger:
    """Costs per month, category and strategy; TCO, break-even, thresholds (see the module docstring).

    `resolved`: the plan's workloads as `resolve_workloads` returns them, when the caller has them (saves resolving again);
    `full`: `full_onprem_sizing`, when the caller has it; `staffing`: an Evaluator's `staffing_kept()`;
    `cloud_months`: `cloud_months_of(results, assumptions)`, when the caller has them; `onprem_full`: (`full`, each
    workload's month-1 on-prem cost on it fully on-prem[, the resolved workloads by id]), as `placement_prices` worked it
    out from the resolved workloads (the results carry the same volumes), used where `full` is that sizing (the workloads
    by id for the plan's on-prem costs in any case); `books`, `alike`: see `_strategy_books`.
    """
    fields = list(map(_FIELDS, results))  # each result's fields (pydantic keeps them in its __dict__): one attribute read per result
    ids = list(map(_ID, fields))
    strategies = _strategy_books(plan, results, sizing, schedule, catalog, assumptions, resolved, full, staffing=staffing, fields=fields, books=books, cloud_months=cloud_months, alike=alike, ids=ids)
    rounded = _won_kept(books)  # (before `books` names the strategies' books)
    kept_books = books
    a = assumptions
    cal = strategies.cal
    books, api_only, month_krw, onprem, full = strategies.books, strategies.api_only, strategies.month_krw, strategies.onprem, strategies.full
    notes, warnings = strategies.notes, strategies.warnings
    # each workload by its id, for the on-prem costs: the resolved ones the placement's prices read, where given (the
    # results carry their volumes, the same objects; `Demands.ids_of` keeps that table by position), else each result's fields
    by_id = onprem_full[2] if onprem_full is not None and len(onprem_full) > 2 else dict(zip(ids, fields))
    months = {name: book.months(rounded) for name, book in books.items()}
    warnings += _over_budget(plan, months["plan"])
    plan_break_even = break_even(months["plan"], months["cloud"])
    api_only_months = api_only.months(rounded)
    api_only_break_even = break_even(months["plan"], api_only_months)
    if api_only_break_even != plan_break_even:
        when = msg("in month {month}", month=api_only_break_even) if api_only_break_even else msg("not within the horizon")
        notes.append(
            msg(
                "against every workload on its cloud API from month 1 with no staff (the framework's cloud TCO, {total}), the plan would break even {when}; "
                "that comparison is not like for like",
                total=krw(sum(sum(m.values()) for m in api_only_months)),
                when=when,
            )
        )
    last = kept_books.get(_PER_WORKLOAD) if kept_books is not None else None
    todo = positions_todo(alike, last, len(results))
    if todo is not None and last[1] == ids and cloud_months is not None and len(cloud_months) == len(ids):  # type: ignore[index]
        # the same ids in the same order (the same keys): the last ledger's figures, those of the positions not alike
        # worked out again (at a position alike the result's cloud months and share are the last ones: `_cloud_months`)
        cloud_krw, cloud_rounded = last[2].copy(), last[3].copy()  # type: ignore[index]
        for index in todo:
            workload = ids[index]
            cloud_krw[workload] = total = sum(cloud_months[index])
            cloud_rounded[workload] = round(total)
        plan_share = _kept_shares(last[4], todo, ids, fields)  # type: ignore[index]
    else:
        todo = None
        cloud_krw = dict(zip(ids, map(sum, cloud_months if cloud_months is not None and len(cloud_months) == len(ids) else map(month_krw.__getitem__, map(id, results)))))
        cloud_rounded = dict(zip(cloud_krw, map(round, cloud_krw.values())))
        plan_share = None
    if plan_share is None:
        plan_share = dict(zip(map(_ID, onprem), map(_SHARE, onprem)))
    if onprem_full is not None and onprem_full[0] is full:
        onprem_cost = dict(onprem_full[1])  # a copy: the plan's own shares update it below
    else:
        onprem_cost = _onprem_costs(full, by_id, dict.fromkeys(by_id, 1.0), catalog, a)
    if sizing is not full or len(plan_share) != len(by_id) or any(map(ne, plan_share.values(), repeat(1.0))):
        # (the plan's sizing being the all-on-prem one with every workload fully on-prem, the same figures again)
        onprem_cost.update(_onprem_costs(sizing, by_id, plan_share, catalog, a))
    costed = list(onprem_cost)  # (its keys, in C)
    if todo is not None and last[5] == costed:  # type: ignore[index]
        # the same workloads costed in the same order: the last shares, those of the positions not alike read again
        costed_share, floats = last[6].copy(), last[7]  # type: ignore[index]
        for index in todo:
            workload = ids[index]
            if workload in costed_share:
                costed_share[workload] = share = plan_share.get(workload, 1.0)
                floats = floats and type(share) is float
    else:
        costed_share = dict(zip(costed, map(plan_share.get, costed, repeat(1.0))))
        floats = set(map(type, costed_share.values())) <= {float}  # (every share a float, in C)
    if kept_books is not None and len(cloud_krw) == len(ids):
        kept_books[_PER_WORKLOAD] = (results, ids, cloud_krw, cloud_rounded, plan_share, costed, costed_share, floats)
    staff_fte = {name: book.fte_months() for name, book in books.items()}
    one_time = {name: sorted(book.one_time, key=lambda e: e.day) for name, book in books.items()}
    values = {  # Ledger's fields in its order
        "horizon_months": cal.horizon,
        "categories": list(CATEGORIES),
        "months": months,
        "tco": {name: _tco(m) for name, m in months.items()},
        "break_even_month": plan_break_even,
        "on_prem_break_even_month": break_even(months["on_prem"], months["cloud"]),
        "api_only_break_even_month": api_only_break_even,
        "cloud_api_only_krw": sum(sum(m.values()) for m in api_only_months),
        "gpuaas_break_even_month": None,
        "like_for_like_break_even_month": plan_break_even,
        "thresholds": _thresholds(sizing, full, cloud_krw, catalog, a, kept_books),
        "staff_fte": staff_fte,
        "one_time": one_time,
        "drivers": {name: book.drivers() for name, book in books.items()},
        "on_prem_hardware": list(full.groups),
        "gpuaas_hardware": [],
        "cloud_krw_per_month": cloud_rounded,
        "onprem_krw_per_month": dict(zip(onprem_cost, map(round, onprem_cost.values()))),
        "onprem_share_costed": costed_share,
        "phases": phase_costs(schedule, cal, months.get("plan"), one_time.get("plan", []), staff_fte.get("plan", [])),
        "notes": notes,
        "warnings": warnings,
    }
    # Every value is what validation keeps, made above for this ledger alone: ints (won, round, sums of them) and
    # None, floats (shares, FTE rounded), text, Messages, and results made or validated on the way (StrategyTco,
    # ThresholdCheck, OneTimeCost, LedgerDrivers, GpuGroup, PhaseCost). Validating them again walked every month,
    # workload and path (~9 M instructions per re-evaluation at 1,000 workloads); the shares are the one input
    # read as it is, so they are checked.
    if floats:
        return Ledger.of_valid(values)
    return Ledger(**values)


def drawn_months(
    plan: Plan,
    results: list[WorkloadResult],
    sizing: Sizing,
    schedule: Schedule,
    catalog: Catalog,
    assumptions: Assumptions,
    full: Sizing,
    plan_only: bool = False,
    cloud_month_krw: dict[str, tuple] | None = None,
) -> dict[str, list[dict]]:
    """Each strategy's months by category over draws (`show --ranges`): the same books as build_ledger, with
    `assumptions` whose drawn inputs are arrays (planner.domain.ranges.Drawn), so each cost is an array over draws.
    `plan_only`: the plan's book alone, under "plan" (the GPUaaS strategy's variant); `cloud_month_krw`: `drawn_cloud_month_krw`
    of the results, when already computed (the plan's and its variant's results differ only where it does not read)."""
    by_workload = cloud_month_krw if cloud_month_krw is not None else drawn_cloud_month_krw(results, assumptions)
    month_krw = {id(r): by_workload[r.id] for r in results}
    strategies = _strategy_books(plan, results, sizing, schedule, catalog, assumptions, full=full, records=False, plan_only=plan_only, month_krw=month_krw)
    return {name: book.months() for name, book in strategies.books.items()}


def drawn_cloud_month_krw(results: list[WorkloadResult], assumptions: Assumptions) -> dict[str, tuple]:
    """`_cloud_month_krw` of each result over draws, by workload id. It reads a result's cloud bill, its breakdown
    and its token ratio, never its placement: results alike in those (workloads of one shape) share one."""
    a = assumptions
    alike: dict[tuple, tuple] = {}
    found: dict[str, tuple] = {}
    figures = _cloud_figures(a) if results else None
    for result in results:
        key = (result.cloud_cost_usd_per_month, result.embeddings_usd_per_month, id(result.cloud_cost_breakdown), id(a.tokens_ratio(result.id)))
        krw = alike.get(key)
        if krw is None:
            krw = alike[key] = _cloud_month_krw(result, a, figures)
        found[result.id] = krw
    return found


class PlanBook(Frozen):
    """The plan strategy's months, staff and one-time costs alone (what the `gpuaas` strategy takes from its variant).
    Read only (set once; assigning raises, as the frozen dataclass it was did); a written-out class: see `_Installed`."""

    __slots__ = ("months", "staff_fte", "one_time")

    def __init__(self, months: list[dict[str, int]], staff_fte: list[dict[str, float]], one_time: list[OneTimeCost]):
        object.__setattr__(self, "months", months)
        object.__setattr__(self, "staff_fte", staff_fte)
        object.__setattr__(self, "one_time", one_time)


def plan_book(
    plan: Plan,
    results: list[WorkloadResult],
    sizing: Sizing,
    schedule: Schedule,
    catalog: Catalog,
    assumptions: Assumptions,
    resolved: list[ResolvedWorkload] | None = None,
    full: Sizing | None = None,
    staffing: Remembered | None = None,
    cloud_months: list[tuple[float, float]] | None = None,
    books: dict | None = None,
    alike: tuple | None = None,
) -> PlanBook:
    """`build_ledger(...)`'s plan months, staff FTE and one-time costs, without the other strategies, totals or checks;
    `books`, `alike`: see `_strategy_books` (the variant's books are apart from the plan's ledger's)."""
    fields = list(map(_FIELDS, results))  # each result's fields (pydantic keeps them in its __dict__): one attribute read per result
    book = _strategy_books(plan, results, sizing, schedule, catalog, assumptions, resolved, full, plan_only=True, staffing=staffing, fields=fields, books=books, slot="variant", cloud_months=cloud_months, alike=alike).books["plan"]
    return PlanBook(book.months(_won_kept(books)), book.fte_months(), sorted(book.one_time, key=lambda e: e.day))


def with_gpuaas_strategy(ledger: Ledger, variant: PlanBook | None, results: list[WorkloadResult], a: Assumptions, owned: list[GpuGroup] | None = None, kept=None, alike: tuple | None = None) -> Ledger:
    """The ledger with the `gpuaas` strategy: the plan's months of a variant where every workload the rules
    allow on rented GPUs is placed there (`variant`; None when that is the plan itself), break-even and thresholds;
    `owned`: the GPU groups that strategy still owns (`Ledger.gpuaas_hardware`, for its cost per token).
    `kept` (the evaluation's `gpuaas.HostingKept`: one catalog, one set of assumptions): each result's threshold check as
    the previous evaluation made it at the same position, where its quote is the same object (`ledger.placement_prices`
    keeps an unchanged workload's) and the other figures it reads are equal (compared in C loops); this evaluation's
    kept for the next (`_GPUAAS_CHECKS`). `alike` (`evaluate._alike`: the last evaluation's results and, per position, whether
    this one's has the same values but its trace and prices): at a position alike, what a check reads of the result
    (its quote, open model, precision and id) is the last evaluation's, taken as it is."""
    source = variant if variant is not None else PlanBook(ledger.months["plan"], ledger.staff_fte.get("plan", []), ledger.one_time.get("plan", []))
    months = {**ledger.months, "gpuaas": source.months}
    order = [s for s in STRATEGIES if s in months]
    rate = a.num("krw_per_usd")
    amortization = int(a.num("amortization_months"))
    note = ThresholdCheck.model_fields["framework_note"].default
    cloud_krw = ledger.cloud_krw_per_month  # read once
    last = kept.books.get(_GPUAAS_CHECKS) if kept is not None else None
    count = len(results)
    if alike is not None and last is not None and last[6] is alike[0] and len(last[0]) == count and len(alike[1]) == count:
        # the last evaluation's reads at the positions alike, the others read again
        # (a result alike has the same cloud months as then: its cloud cost in the ledger is the last one too)
        quotes, models, precisions, ids, clouds = list(last[0]), list(last[1]), list(last[2]), list(last[7]), list(last[3])
        moved = list(compress(range(count), map(not_, alike[1])))
        for index in moved:
            values = results[index].__dict__  # (where a result keeps its fields)
            quotes[index], models[index], precisions[index], ids[index] = values["gpuaas"], values["open_model"], values["precision"], values["id"]
            clouds[index] = cloud_krw.get(values["id"], 0)
        reread: set[int] | None = set(moved)
    else:
        fields = list(map(_FIELDS, results))  # each result's fields (where pydantic keeps them): one attribute read each
        quotes = list(map(_QUOTE, fields))
        models, precisions, ids = list(map(_OPEN_MODEL, fields)), list(map(_PRECISION, fields)), list(map(_ID, fields))
        clouds = list(map(cloud_krw.get, ids, repeat(0)))
        reread = None
    # The previous evaluation's (quotes, models, precisions, cloud costs, checks) by position, and its rate and amortization:
    # a check is made again only where its quote is another object or a figure it reads differs.
    if last is not None and last[5] == (rate, amortization) and len(last[0]) == len(quotes):
        checks = list(last[4])
        if reread is not None:  # (the others' quote, model, precision and cloud cost are the last ones)
            changed = reread
        else:
            changed = set(changed_places(quotes, last[0]))  # type: ignore[arg-type]
            for now, before in ((models, last[1]), (precisions, last[2]), (clouds, last[3])):
                changed.update(compress(range(len(now)), map(ne, now, before)))
        todo: Iterable[int] = sorted(changed)
    else:
        checks, todo = [None] * len(quotes), range(len(quotes))
    blank: dict | None = None  # ThresholdCheck's values that no quote changes, made where a check is
    made: dict[tuple, ThresholdCheck] = {}  # this evaluation's checks by quote and figures: results alike share one
    for index in todo:
        quote = quotes[index]
        if quote is None:
            checks[index] = None
            continue
        open_model, precision, cloud_month = models[index], precisions[index], clouds[index]
        key = (id(quote), open_model, precision, cloud_month)  # (`quotes` holds the quote: no other takes its id)
        found = made.get(key)
        if found is not None:
            checks[index] = found
            continue
        figures = quote.__dict__  # the quote's fields: one attribute read, not one per field through the hook
        gpu, staff = figures["gpu"], figures["staff_krw_per_month"]
        monthly = figures["rental_krw_per_month"] + figures["storage_krw_per_month"] + figures["egress_krw_per_month"] + staff
        if blank is None:
            blank = ThresholdCheck.compact(
                {  # ThresholdCheck's fields in its order; None: set for each check below
                    "gpu": None,
                    "servers": 0,
                    "gpus": None,
                    "capex_krw": 0,
                    "opex_krw_per_month": None,
                    "amortization_months": amortization,
                    "threshold_krw_per_month": None,
                    "threshold_usd_per_month": None,
                    "open_model": None,
                    "precision": None,
                    "basis": "gpuaas",
                    "staff_krw_per_month": None,
                    "cloud_krw_per_month": None,
                    "framework_usd_per_month": None,
                    "framework_note": note,
                }
            )
        values = blank.copy()  # compact as the blank: its keys and their order
        values["gpu"] = gpu
        values["gpus"] = gpus = figures["gpus"]
        values["opex_krw_per_month"] = values["threshold_krw_per_month"] = monthly
        values["threshold_usd_per_month"] = usd = round_like_builtin(monthly / rate, 2, 100.0)
        values["open_model"] = open_model
        values["precision"] = precision
        values["staff_krw_per_month"] = staff
        values["cloud_krw_per_month"] = cloud_month
        # the quote's and the ledger's figures are validated ints, the names text: what validation keeps (one per quote)
        valid = type(monthly) is int and type(gpus) is int and type(staff) is int and type(cloud_month) is int
        valid = valid and type(usd) is float and type(gpu) is str and type(open_model) is str and type(precision) is str
        if valid:  # (`ThresholdCheck.of_valid(values, compact=True)`, written out: one call, not two and a keyword)
            check = _NEW(ThresholdCheck)
            SET_VALUES(check, values)
        else:
            check = ThresholdCheck(**values)
        checks[index] = made[key] = check
    if kept is not None:
        kept.books[_GPUAAS_CHECKS] = (quotes, models, precisions, clouds, checks, (rate, amortization), results, ids)
    thresholds = [*ledger.thresholds, *filter(_NOT_NONE, checks)]
    return ledger.model_copy(
        update={
            "months": {name: months[name] for name in order},
            "tco": {name: _tco(months[name]) if name == "gpuaas" else ledger.tco[name] for name in order},
            "staff_fte": {**ledger.staff_fte, "gpuaas": source.staff_fte},
            "one_time": {**ledger.one_time, "gpuaas": source.one_time},
            "gpuaas_break_even_month": break_even(months["gpuaas"], months["cloud"]),
            "gpuaas_hardware": list(owned or []),
            "thresholds": thresholds,
        }
    )


# --- phases ----------------------------------------------------------------------------------------


def _phase_of_day(phases: list[ScheduledPhase], day: date) -> int | None:
    """Index of the phase a one-time cost belongs to: the latest phase whose dates hold the day
    (a delivery on the day one phase ends and the next starts belongs to the one that uses it); None
    outside every phase, like the running costs of those days."""
    holding = [i for i, p in enumerate(phases) if p.start <= day <= p.end]
    return max(holding, key=lambda i: phases[i].phase) if holding else None


def phase_costs(schedule: Schedule, cal: Calendar, months: list[dict[str, int]] | None, events: list[OneTimeCost], fte_months: list[dict[str, float]]) -> list[PhaseCost]:
    """Each schedule phase's plan-strategy cost by category and average FTE by role (`Ledger.phases`),
    from the plan strategy's months, one-time costs and FTE; empty when there is nothing to price.

    Running costs and staff are the ledger's months pro-rated by the days the phase covers (phases
    that overlap both count the shared days); a purchase or one-time cost goes to at most one phase.
    Days after the last phase (operations until the horizon) are in the TCO, not in a phase.
    Staff FTE: the schedule's own figures (its phase's tasks plus operations) when it computed them,
    else the ledger's FTE over the phase's days.
    """
    if not months or not schedule.phases:
        return []
    one_time = [dict.fromkeys(CATEGORIES, 0) for _ in months]
    owner: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CATEGORIES, 0))
    for event in events:
        month = cal.month_of(event.day)
        if month is None:
            continue
        one_time[month - 1][event.category] += event.krw  # never pro-rated into a phase
        index = _phase_of_day(schedule.phases, event.day)
        if index is not None:
            owner[index][event.category] += event.krw
    scheduled_staff = any(p.staff_fte for p in schedule.phases)
    costs = []
    for index, phase in enumerate(schedule.phases):
        cost = defaultdict(float)
        fte: dict[str, float] = defaultdict(float)
        covered = 0
        # the months the phase touches (the others overlap it by no day): from its start's to its end's
        first = cal.month_of(phase.start)
        last = cal.month_of(phase.end) or cal.horizon
        for month in range(first, last + 1) if first is not None else ():
            days = cal.overlap(month, phase.start, phase.end)
            if not days:
                continue
            covered += days
            share = days / cal.days(month)
            for category in CATEGORIES:
                cost[category] += (months[month - 1][category] - one_time[month - 1][category]) * share
            for role, value in (fte_months[month - 1] if month <= len(fte_months) else {}).items():
                fte[role] += value * days
        by_category = {c: round(cost[c]) + owner[index][c] for c in CATEGORIES}
        staff = {role: round(total / covered, 2) for role, total in sorted(fte.items()) if covered and round(total / covered, 2) > 0}
        if scheduled_staff:
            staff = phase.staff_fte
        costs.append(PhaseCost(phase=phase.phase, cost_krw=sum(by_category.values()), cost_by_category_krw=by_category, staff_fte=staff))
    return costs


# --- prices for the placement's numbers step -------------------------------------------------------


def full_onprem_sizing(plan: Plan, resolved: list[ResolvedWorkload], catalog: Catalog, a: Assumptions, demands=None) -> Sizing:
    """Hardware for every workload fully on-prem (the on_prem strategy, and the on-prem price of each workload);
    `demands`: the evaluation's `sizing.Demands`."""
    from planner.domain.sizing import size_shares

    return size_shares([(w.id, 1.0) for w in resolved], resolved, plan.hardware, catalog, a, demands, "full")


PLACED_ENTRIES = 4
"""Quotes by figures, and quoted workloads, that `placement_prices`' tables keep per workload of the plan (plus as many)
before they start afresh (a program limit: each edit adds an entry or two)."""


def placement_prices(plan: Plan, resolved: list[ResolvedWorkload], full: Sizing, cloud_usd: list[float], catalog: Catalog, a: Assumptions, kept=None, demands=None):
    """Each placement's cost over the horizon per workload, for `placement.place_workloads(prices=...)`.

    cloud: the workload's cloud bill (`cloud_usd`, month 1, embeddings included) grown per plan year;
    on_prem: its share of the all-on-prem hardware (capex over the amortization months), running
    costs and operations staff at month-1 size (`_onprem_costs`), every month of the horizon;
    hybrid `sensitive`: the sensitive share on-prem, the rest on the cloud; hybrid `gradual`: on-prem
    plus the cloud bill for half the ramp (the on-prem share grows linearly over `hybrid_ramp_months`).
    gpuaas (`prices.rented(index, offers)`, asked by placement only where the rules allow rented GPUs): the
    quote of the cheapest allowed offer (`gpuaas.best_quote`); `prices.owned` (index -> (KRW, GPU)), filled
    by `owned_on_fleet`, is what owning each hosting candidate costs the plan's shared fleet.
    A quote depends on the workload's figures, not on which workload it is: workloads alike (every field but
    id and name) share one. `kept` (an Evaluator's `gpuaas.HostingKept` for this catalog and these
    assumptions): its memo, and the previous evaluation's quotes by those figures, offers, staff share and horizon.
    `demands`: the evaluation's `sizing.Demands` (the all-on-prem sizing's), whose full-share demands the quotes read.
    """
    horizon = plan.horizon_months
    growth = a.num("usage_growth_per_year")
    grown_months = _summed(0, ((1 + growth) ** (plan_year(m) - 1) for m in range(1, horizon + 1)))
    rate = a.num("krw_per_usd")
    # (the workloads by id: the evaluation's table where there is one, `Demands.ids_of`, kept by position)
    by_id = demands.ids_of(resolved)[1] if demands is not None else {w.id: w for w in resolved}
    onprem_month = _onprem_costs(full, by_id, dict.fromkeys(by_id, 1.0), catalog, a)  # type: ignore[arg-type]
    ramp = a.num("hybrid_ramp_months")

    def prices(index: int, hybrid: str) -> dict[str, float]:
        workload = resolved[index]
        usd = cloud_usd[index]
        embeddings = workload.embeddings_usd_per_month  # (`min(usd, ...)` written out: the same, without the call)
        if not embeddings < usd:
            embeddings = usd
        cloud_month = usd * rate
        cloud = ((usd - embeddings) * grown_months + embeddings * horizon) * rate
        out = {"cloud": cloud}
        if workload.id not in onprem_month:
            return out
        onprem = onprem_month[workload.id] * horizon
        out["on_prem"] = onprem
        if hybrid == "gradual":
            out["hybrid"] = onprem + cloud_month * min(ramp, horizon) / 2
        elif workload.sensitive and workload.deidentifiable and 0 < workload.sensitive_share < 1:
            share = workload.sensitive_share
            out["hybrid"] = share * onprem + (1 - share) * cloud
        return out

    memo: dict = {} if kept is None else kept.memo  # fits and throughput estimates shared by the quotes
    staff_share = 1 / max(1, len(onprem_month))
    quotes: dict[tuple[int, tuple[str, ...]], object] = {}
    # The quotes by (figures, offers, staff share, horizon), and (resolved workload, its figures' key, staff share,
    # horizon, quote) by (its object's id, offers): the same object (resolve_workloads keeps unchanged ones) has the same
    # figures, not made again, and with the same staff share and horizon the same quote, not looked up by its figures
    # again. Both tables are the Evaluator's (`kept`: one catalog, one set of assumptions, so a quote depends on nothing
    # else): kept from one evaluation to the next and added to, not made again at each (an entry holds its workload
    # object, so no other object takes its id), and started afresh past `PLACED_ENTRIES` per workload.
    now: dict[tuple, object] = {} if kept is None else kept.placed
    seen: dict[tuple, tuple] = {} if kept is None else kept.placed_workloads
    if kept is not None:
        if len(memo) > kept.MEMO_ENTRIES:
            memo.clear()
        if len(seen) > PLACED_ENTRIES * len(resolved) + PLACED_ENTRIES or len(now) > PLACED_ENTRIES * len(resolved) + PLACED_ENTRIES:
            seen.clear()
            now.clear()
    owned: dict[int, tuple[int, int, str]] = {}
    from planner.domain.gpuaas import best_quote, owned_estimate, workload_figures

    # the quotes with the owned figures `owned_on_fleet` found, and the placement's hosting steps of them
    # (`placement._fleet_hosting_step`), as the previous evaluation made them and as this one does: an unchanged
    # workload's quote with unchanged figures is the same object
    fleet_before: dict[tuple, tuple] = {} if kept is None else kept.fleet_quotes
    fleet_now: dict[tuple, tuple] = {}
    hosting_steps = None if kept is None else (kept.hosting_steps, {})  # without kept: steps alike in what they show are one (`gpuaas._hosting_step`)
    if kept is not None:
        kept.fleet_quotes = fleet_now
        kept.hosting_steps = hosting_steps[1]

    def rented(index: int, offers: list[str]):
        """gpuaas: the cheapest allowed offer's quote over the horizon (rental, storage, egress, an equal share
        of the ML engineering among the workloads priced on-prem); asked only where the rules allow rented GPUs.
        With `prices.owned` set (`owned_on_fleet`), the quote carries what owning the workload costs the plan's
        fleet, which the numbers step compares; without it, the numbers compare the on_prem price. With
        `gpuaas_hosting` off the quote carries what owning the workload alone costs (`gpuaas.owned_estimate`,
        the same staff share), which the hosting step only shows."""
        key = (index, offers if type(offers) is tuple else tuple(offers))
        quote = quotes.get(key, quotes)  # `quotes` itself: not asked yet in this evaluation
        if quote is quotes:
            quote = quotes[key] = quoted(index, key[1])
        return fleet_quote(index, quote)

    def quoted(index: int, offers: tuple[str, ...]):
        """`rented(index, offers)` before `prices.owned` has the workload (its quote alone), worked out or found in the
        tables, not kept in this evaluation's `quotes` (the placement's first ask of a workload: it asks no other time
        before `owned_on_fleet`, and an ask after it finds the same object in the tables)."""
        workload = resolved[index]
        same = (id(workload), offers)
        entry = seen.get(same) if kept is not None else None  # (without `kept`, `quotes` serves a workload asked again)
        if entry is not None and entry[0] is workload and entry[2] == staff_share and entry[3] == horizon:
            # the same workload object, offers, staff share and horizon as before: the quote it had (the one `now`
            # holds by its figures, shared with the workloads alike), not looked up again
            return entry[4]
        figures = entry[1] if entry is not None and entry[0] is workload else workload_figures(workload)
        alike = (figures, offers, staff_share, horizon)
        quote = now.get(alike, now)
        if quote is now:
            quote = best_quote(workload, offers, catalog, a, horizon, staff_share, memo, None if demands is None else demands.of(workload, 1.0, a))
            if quote is not None and not a["gpuaas_hosting"]:
                alone = owned_estimate(workload, catalog, a, horizon, staff_share, memo)
                if alone is not None:
                    quote = quote.model_copy(update={"owned_total_krw": alone[0], "owned_gpu": alone[1]})
            now[alike] = quote
        if kept is not None:
            seen[same] = (workload, figures, staff_share, horizon, quote)
        return quote

    def fleet_quote(index: int, quote):
        """`quote` (the workload's, `quoted`) with what owning it costs the plan's fleet, where `prices.owned` has it."""
        if quote is None or index not in owned:
            return quote
        own, rent, gpu = owned[index]
        fleet_key = (id(quote), own, rent, gpu)
        found = fleet_before.get(fleet_key)  # the previous evaluation's first (`placement._BEFORE_FIRST`)
        if found is None or found[0] is not quote:
            found = fleet_now.get(fleet_key)
            if found is None:
                found = (quote, quote.model_copy(update={"owned_total_krw": own, "owned_gpu": gpu, "rented_on_fleet_krw": rent}))
        fleet_now[fleet_key] = found
        return found[1]

    prices.rented = rented  # type: ignore[attr-defined]
    prices.quoted = quoted  # type: ignore[attr-defined]
    prices.fleet_quote = fleet_quote  # type: ignore[attr-defined]
    prices.hosting_steps = hosting_steps  # type: ignore[attr-defined]
    # the placements owned vs rented on the fleet decided, as the previous evaluation made them and as this one does
    # (`placement.place_workloads`: all but their trace so far and their prices, by every figure they read)
    prices.placements = ({}, {}) if kept is None else (kept.placements, {})  # type: ignore[attr-defined]
    if kept is not None:
        kept.placements = prices.placements[1]  # type: ignore[attr-defined]
    prices.tie_answers = None if kept is None else (kept.tie_answers, {})  # type: ignore[attr-defined]  # placement._priced_answer
    if kept is not None:
        kept.tie_answers = prices.tie_answers[1]  # type: ignore[attr-defined]
    prices.owned = owned  # type: ignore[attr-defined]
    prices.memo = memo  # type: ignore[attr-defined]
    prices.onprem_full = (full, onprem_month, by_id)  # type: ignore[attr-defined]  # build_ledger(onprem_full=...)
    return prices


def owned_on_fleet(
    plan: Plan,
    resolved: list[ResolvedWorkload],
    placements: list,
    shares: list[float] | Callable[[Any, ResolvedWorkload], float],
    catalog: Catalog,
    a: Assumptions,
    memo: dict | None = None,
    full: Sizing | None = None,
    demands=None,
    kept=None,
) -> dict[int, tuple[int, int, str]]:
    """Owned vs rented on the plan's shared fleet (issue #14): per hosting candidate's index (a workload whose
    self-hosted answer the numbers step chose between owned and rented GPUs), (what owning it costs the plan's
    fleet over the horizon, with it minus without it; what renting it costs the plan; the GPU type), all
    candidates decided together (`gpuaas.fleet_owned`).

    `placements`: the placement step's results priced without this (WorkloadPlacement); `shares`: each
    workload's on-prem share under them (a list, or a function of a placement and its workload, asked only of the
    workloads that are not candidates). The fleet: every candidate on owned GPUs plus every other
    workload's on-prem share. Empty when no workload is a candidate. `memo`: the quotes' (`placement_prices`:
    one catalog, one set of assumptions), whose owned-GPU figures the fleet reuses. `full`: the all-on-prem sizing
    (`full_onprem_sizing`), the fleet's own where the fleet is every workload fully on-prem. `demands`: the
    evaluation's `sizing.Demands`. `kept`: the evaluation's `gpuaas.HostingKept` (the previous evaluation's marginals;
    with `shares` a function, reading of a placement no more than `_PLACED_READS`, and `demands`: the fleet made by
    position, `_fleet_kept`).
    """
    from planner.domain.gpuaas import fleet_owned
    from planner.domain.sizing import size_shares

    horizon = plan.horizon_months  # read once
    share_of = None if isinstance(shares, list) else shares
    table = kept.books if kept is not None and share_of is not None and demands is not None else None
    fleet_kept = _fleet_kept(table, resolved, placements, plan, horizon, share_of, demands, a)
    if fleet_kept is not None:
        candidates, index_of, fleet_shares, fleet, partly, peaks = fleet_kept[5:11]
    else:
        places: list[int] | None = [] if table is not None else None
        candidates, index_of, fleet_shares, fleet, partly, peaks = _fleet_of(resolved, placements, plan, horizon, shares, share_of, demands, a, places)
    if table is not None:
        table[_FLEET] = (fleet_kept[:5] if fleet_kept is not None else (*_fleet_reads(resolved, placements, plan, horizon), places)) + (candidates, index_of, fleet_shares, fleet, partly, peaks)
    if not candidates:
        return {}
    # every workload fully in the fleet, in order: the all-on-prem sizing's shares
    all_owned = full is not None and len(fleet_shares) == len(resolved) and not partly
    sizing = full if all_owned else size_shares(fleet_shares, resolved, plan.hardware, catalog, a, demands)
    marginals = None
    if kept is not None:
        marginals = (kept.marginals, {})
        kept.marginals = marginals[1]
    found = fleet_owned(sizing.groups, peaks, candidates, catalog, a, plan.horizon_months, memo, marginals)
    overridden = [w for w, (_rent, _staff, fixed) in candidates.items() if fixed is not None] if any(map(is_not, map(_THIRD, candidates.values()), repeat(None))) else None
    if overridden:
        # an override's recommendation is what the cost would choose without it (its own figures), the others'
        # what it is with the plan's overrides in place
        free = fleet_owned(sizing.groups, peaks, {w: (rent, staff, None) for w, (rent, staff, _fixed) in candidates.items()}, catalog, a, plan.horizon_months, memo, marginals)
        found.update({w: free[w] for w in overridden if w in free})
    return dict(zip(map(index_of.__getitem__, found), map(_OWN_RENT_GPU, found.values())))  # {index_of[w]: (own, rent, gpu)}, in C


_FLEET = ("owned on fleet",)
"""The key in `HostingKept.books` of `owned_on_fleet`'s reads by position and the fleet it made of them (`_fleet_kept`)."""
_OWN_RENT_GPU, _THIRD = itemgetter(0, 1, 2), itemgetter(2)
_PLACED_READS = attrgetter("gpuaas_quote", "allowed", "recommended", "placement", "hybrid")
"""What `owned_on_fleet` reads of a placement (its on-prem share: `evaluate._onprem_share` of its placement and hybrid)."""
_PINNED = itemgetter("placement")


def _fleet_reads(resolved: list[ResolvedWorkload], placements: list, plan: Plan, horizon: int) -> tuple:
    """What `_fleet_of` reads, by position (lists made in C loops): the workloads, what it reads of each placement and
    each plan workload's `placement` override; the horizon."""
    return (tuple(resolved), list(map(_PLACED_READS, placements)), list(map(_PINNED, map(_FIELDS, plan.workloads))), horizon)


def _fleet_of(resolved: list[ResolvedWorkload], placements: list, plan: Plan, horizon: int, shares, share_of, demands, a: Assumptions, places: list[int] | None = None) -> tuple:
    """(candidates, index_of, fleet shares, their workloads, partly, peaks) of `owned_on_fleet`, worked out; `places`, a
    list given: each position's index in the fleet (-1: out) appended to it."""
    from planner.domain.sizing import workload_demand

    candidates: dict[str, tuple[int, int, bool | None]] = {}
    index_of: dict[str, int] = {}
    fleet_shares: list[tuple[str, float]] = []
    fleet: list[ResolvedWorkload] = []  # the workload of each of `fleet_shares`
    partly = False  # some workload of the fleet is there with less than all of it
    for index, (workload, placed, given) in enumerate(zip(resolved, placements, plan.workloads)):
        quote = placed.gpuaas_quote
        if quote is not None and "gpuaas" in placed.allowed and placed.recommended in ("on_prem", "gpuaas") and (pinned := given.__dict__["placement"]) in (None, "on_prem", "gpuaas"):
            figures = quote.__dict__  # the quote's fields: one attribute read, not two through the hook
            wid = workload.id
            candidates[wid] = (figures["total_krw"], figures["staff_krw_per_month"] * horizon, None if pinned is None else pinned == "gpuaas")
            index_of[wid] = index
            if places is not None:
                places.append(len(fleet))
            fleet_shares.append((wid, 1.0))
            fleet.append(workload)
            continue
        share = shares[index] if share_of is None else share_of(placed, workload)  # type: ignore[index]
        if places is not None:
            places.append(len(fleet) if share > 0 else -1)
        if share > 0:
            fleet_shares.append((workload.id, share))
            fleet.append(workload)
            if share != 1.0:
                partly = True
    if demands is None:
        peaks = {w: workload_demand(workload, share, a).output_tokens_per_s for (w, share), workload in zip(fleet_shares, fleet)}
    else:  # the demands the sizing asked for, read from its table (`Demands.of` where one is not there)
        peaks = {}
        known = demands.now
        for (w, share), workload in zip(fleet_shares, fleet):
            found = known.get((id(workload), share))
            peaks[w] = (found[1] if found is not None and found[0] is workload else demands.of(workload, share, a)).output_tokens_per_s
    return candidates, index_of, fleet_shares, fleet, partly, peaks


def _fleet_kept(table: dict | None, resolved: list[ResolvedWorkload], placements: list, plan: Plan, horizon: int, share_of, demands, a: Assumptions) -> tuple | None:
    """`_fleet_reads` + `_fleet_of` as the previous evaluation with these assumptions (`table`: its `HostingKept.books`)
    made them, with the positions whose reads changed worked out again (the workload another object, a placement
    read or the override another value), where each stays what it was (a candidate, in the fleet with a share, or out)
    under the same id and no id is there twice: the dicts keep their order. None where that does not hold."""
    last = table.get(_FLEET) if table is not None else None
    if last is None or last[3] != horizon:
        return None
    reads = _fleet_reads(resolved, placements, plan, horizon)
    changed = changed_places(reads[0], last[0])
    if changed is None or len(reads[1]) != len(last[1]) or len(reads[2]) != len(last[2]):
        return None
    changed = sorted(set(changed).union(compress(range(len(reads[1])), map(ne, reads[1], last[1])), compress(range(len(reads[2])), map(ne, reads[2], last[2]))))
    places, candidates, index_of, fleet_shares, fleet, partly, peaks = last[4:11]
    if not changed:
        return (*reads[:4], places, candidates, index_of, fleet_shares, fleet, partly, peaks)
    mine = _fleet_of([resolved[i] for i in changed], [placements[i] for i in changed], _Workloads([plan.workloads[i] for i in changed]), horizon, None, share_of, demands, a)
    new_candidates, _index_of, new_shares, new_fleet, _partly, new_peaks = mine
    if len(peaks) != len(fleet_shares) or len(new_peaks) != len(new_shares):
        return None  # an id twice in the fleet (its peak and candidate figures are the last one's)
    candidates, fleet_shares, fleet, peaks = dict(candidates), list(fleet_shares), list(fleet), dict(peaks)
    members = list(zip(new_shares, new_fleet))  # the changed positions in the fleet, in order
    number = 0
    for index in changed:
        wid = resolved[index].id
        inside = number < len(members) and members[number][0][0] == wid  # (no id is there twice)
        place = places[index]
        if place < 0:
            if inside:
                return None  # joining the fleet
            continue  # out of it as before: nothing of it is read
        if not inside or fleet_shares[place][0] != wid or (wid in new_candidates) != (wid in candidates):
            return None  # leaving the fleet, in it under another id, or a candidate becoming one or no longer
        fleet_shares[place], fleet[place] = members[number]
        number += 1
        peaks[wid] = new_peaks[wid]
        if wid in new_candidates:
            candidates[wid] = new_candidates[wid]
    if number != len(members):
        return None
    partly = any(map(ne, map(_SECOND, fleet_shares), repeat(1.0)))  # (a candidate's share is 1.0)
    return (*reads[:4], places, candidates, index_of, fleet_shares, fleet, partly, peaks)


class _Workloads:
    """Plan workloads for `_fleet_of` (it reads `plan.workloads` alone)."""

    __slots__ = ("workloads",)

    def __init__(self, workloads: list) -> None:
        self.workloads = workloads
