"""Ranges, not points (issue #20): the plan's TCO, break-even and dates over draws of its uncertain inputs.

The same ledger and schedule code as the point evaluation runs over the draws: the ledger takes numpy
arrays (one value per draw) where an input varies (ledger.drawn_months), and its dates are the schedule's
levelled network dated again for each draw (planner.domain.schedule_draws). Placements, sizing and the
initial fleet stay as the plan decided; growth purchases, costs and dates vary per draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

import numpy as np

from planner.domain.catalog import Catalog
from planner.domain.costs import as_billed, token_cost_usd_per_month
from planner.domain.evaluate import Evaluator
from planner.domain.gpuaas import workload_figures
from planner.domain.draws import DEFAULT_DRAWS, DEFAULT_SEED, UncertainInput, sample, uncertain_inputs
from planner.domain.ledger import drawn_cloud_month_krw, drawn_months
from planner.domain.plan import Plan
from planner.domain.resolve import Assumptions, resolve_workloads
from planner.domain.results import Evaluation, Sizing
from planner.domain.schedule import levelled_schedule
from planner.domain.schedule_draws import date_draws
from planner.domain.sizing import size_hardware

FULL_DRAWS_UP_TO = 200
"""Plans with up to this many workloads get every draw asked for; larger ones fewer, in proportion
(a program setting, measured: 2,000 draws of a 200-workload plan take about as long as its evaluation)."""
TOKEN_GRID = 9
"""Token overheads at which each workload's bill is computed, interpolated between (a program setting); plans
over FULL_DRAWS_UP_TO workloads use three: the range's ends and the plan's own value (whose bill the evaluation has)."""
MIN_DRAWS = 200
"""Fewest draws a large plan is scaled down to (P10/P90 of 200 draws are still within a few percent)."""
PERCENTILES = (10, 50, 90)


@dataclass(frozen=True)
class Band:
    """P10, P50 and P90 of a figure over the draws (None: not within the horizon at that percentile)."""

    p10: Any
    p50: Any
    p90: Any

    def as_dict(self) -> dict[str, Any]:
        convert = (lambda v: v.isoformat() if isinstance(v, date) else v)
        return {"p10": convert(self.p10), "p50": convert(self.p50), "p90": convert(self.p90)}


@dataclass(frozen=True)
class TornadoBar:
    """How far one input moves the plan's TCO from its P10 to its P90, the others at their P50."""

    input: str
    name: str
    low: float
    high: float
    tco_at_low_krw: int
    tco_at_high_krw: int

    @property
    def swing_krw(self) -> int:
        return self.tco_at_high_krw - self.tco_at_low_krw


@dataclass(frozen=True)
class Ranges:
    """The plan's figures as ranges (`show --ranges`, JSON `uncertainty{}`)."""

    draws: int
    draws_asked: int
    seed: int
    tco_krw: dict[str, Band]
    break_even_month: Band
    go_live: Band
    phase_end: dict[int, Band]
    probability_plan_beats_cloud: float
    probability_plan_beats_on_prem: float
    tornado: list[TornadoBar]
    inputs: list[UncertainInput]
    cumulative_krw: dict[str, list[Band]] = field(default_factory=dict)
    """Per strategy, the cumulative cost's band at the end of each month (the fan chart)."""


class Drawn(Assumptions):
    """The plan's assumptions with some inputs drawn: `num`, `level` and `ratio` give arrays over the draws."""

    def __init__(self, base: Assumptions, drawn: dict[str, np.ndarray], modes: dict[str, float], tokens: dict[str, np.ndarray] | None = None, parts: np.ndarray | None = None):
        self.__dict__.update(base.__dict__)
        self._drawn = drawn
        self._modes = modes
        self._tokens = tokens or {}
        self._ratios: dict[str, Any] = {}
        self.parts = parts
        """Per row, the part of the run it belongs to (draws, tornado): where the ledger decides for a group of
        rows at once (a rented GPU's pricing), it groups rows of one part only. None: one part."""

    def num(self, key: str) -> Any:
        value = self._drawn.get(key)
        return super().num(key) if value is None else value

    def level(self, key: str) -> Any:
        value = self._drawn.get(key)
        return super().level(key) if value is None else value

    def ratio(self, key: str) -> Any:
        found = self._ratios.get(key)
        if found is None:  # once per input: the ledger asks for some per workload (never changing the array in place)
            value = self._drawn.get(key)
            point = self._modes.get(key, 0.0) if value is not None else 0.0
            found = self._ratios[key] = value / point if point else 1.0
        return found

    def tokens_ratio(self, workload: str) -> Any:
        return self._tokens.get(workload, 1.0)


def draws_for(plan: Plan, asked: int) -> int:
    """Draws a plan gets: all asked for up to FULL_DRAWS_UP_TO workloads, fewer in proportion beyond (never below MIN_DRAWS)."""
    workloads = len(plan.workloads)
    if workloads <= FULL_DRAWS_UP_TO:
        return asked
    return max(min(asked, MIN_DRAWS), asked * FULL_DRAWS_UP_TO // workloads)


@dataclass
class _Outcome:
    """Per strategy the month totals (months x draws), and each draw's dates as ordinals (inf: none)."""

    months: dict[str, np.ndarray]
    go_live: np.ndarray
    phase_end: dict[int, np.ndarray]


class Engine:
    """Runs the ledger and the schedule's dates for rows of input values (one row per draw): `run` takes
    each input's values as an array (an input left out keeps the plan's value) and gives each strategy's
    months and each row's dates.

    With `evaluator` (the one that evaluated the plan, `Evaluator(catalog, keep_levelled=True)`), the
    schedules it levelled and the workloads it resolved are reused, not computed again.
    """

    def __init__(self, plan: Plan, catalog: Catalog, evaluation: Evaluation, evaluator: Evaluator | None = None):
        self.plan, self.catalog = plan, catalog
        self.point = Assumptions(catalog, plan.assumptions)
        self.results = evaluation.workloads
        self.sizing = evaluation.sizing
        self.full = Sizing(groups=evaluation.ledger.on_prem_hardware) if evaluation.ledger else Sizing()
        schedules = evaluator.schedules if evaluator is not None else None
        self.resolved = resolve_workloads(plan, catalog, self.point, evaluator.resolutions if evaluator is not None else None)
        self.variant = None
        movable = {r.id for r in self.results if r.gpuaas is not None and r.gpuaas_offers and r.placement != "gpuaas"}
        if evaluation.ledger is not None and "gpuaas" in evaluation.ledger.tco and movable:
            moved = [r.model_copy(update={"placement": "gpuaas", "onprem_share": 0.0}) if r.id in movable else r for r in self.results]
            sizing = size_hardware(moved, self.resolved, plan.hardware, catalog, self.point)
            # dated as the evaluation dated it (without notes or phases: only its plan book is read)
            self.variant = (moved, sizing, levelled_schedule(plan, moved, sizing, catalog, self.point, schedules, dates_only=True))
        self.strategies = list(evaluation.ledger.tco) if evaluation.ledger else []
        self.levelled = levelled_schedule(plan, self.results, self.sizing, catalog, self.point, schedules)
        """The plan's levelled network: dated again for each draw (planner.domain.schedule_draws)."""
        inputs = uncertain_inputs(catalog, self.point)
        self.modes = {i.id: i.mode for i in inputs}
        self.token_curves = self._token_curves(next((i for i in inputs if i.id == "token_overhead"), None))

    def _token_curves(self, overhead: UncertainInput | None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Each workload's token bill over a grid of token overheads, as a ratio to the evaluation's (the bill is
        piecewise linear in the prompt's length: cached prefix, long-context threshold), for `np.interp`."""
        if overhead is None or overhead.pinned:
            return np.zeros(0), {}
        large = len(self.results) > FULL_DRAWS_UP_TO
        # a large plan's grid is its range's ends and the plan's value, whose bill is the evaluation's (the base)
        grid = np.unique([overhead.low, overhead.mode, overhead.high]) if large else np.linspace(overhead.low, overhead.high, TOKEN_GRID)
        horizon = self.plan.horizon_months
        at = [Assumptions(self.catalog, self.plan.assumptions, {"token_overhead": float(o)}) for o in grid]
        at_mode = int(np.searchsorted(grid, overhead.mode)) if large else None
        curves: dict[str, np.ndarray] = {}
        billed = as_billed(self.point)
        evaluated = {r.id: r.cloud_cost_breakdown for r in self.results} if large else {}
        # a bill reads the workload's figures, never its id or name: workloads alike share one curve (as the evaluation costs them once per shape)
        shapes: dict[tuple, np.ndarray | None] = {}
        for workload in self.resolved:
            shape = workload_figures(workload)
            try:
                curve = shapes.get(shape, False)
            except TypeError:  # a figure that cannot be a key: costed on its own
                shape, curve = None, False
            if curve is False:
                known = evaluated.get(workload.id)  # the evaluation's bill at the plan's values: the same call, made once
                at_point = (known.as_billed_usd if billed else known.list_usd) if known is not None and known.pricing else None
                bills = [
                    token_cost_usd_per_month(workload, self.catalog, a, horizon_months=horizon) if k != at_mode else at_point if at_point is not None else token_cost_usd_per_month(workload, self.catalog, self.point, horizon_months=horizon)
                    for k, a in enumerate(at)
                ]
                base = bills[at_mode] if at_mode is not None else token_cost_usd_per_month(workload, self.catalog, self.point, horizon_months=horizon)
                curve = np.array(bills) / base if base > 0 else None
                if shape is not None:
                    shapes[shape] = curve
            if curve is not None:
                curves[workload.id] = curve
        return grid, curves

    def _token_ratios(self, values: dict[str, np.ndarray], rows: int) -> dict[str, Any]:
        """Per workload, its token bill at each draw's token overhead and retry rate over the evaluation's
        (retries add requests: the bill scales with 1 + retry_rate)."""
        retry = values.get("retry_rate")
        retried = (1 + retry) / (1 + self.point.num("retry_rate")) if retry is not None else 1.0
        grid, curves = self.token_curves
        overhead = values.get("token_overhead")
        ratios: dict[str, Any] = {r.id: retried for r in self.results}
        if overhead is not None and len(grid):
            done: dict[int, np.ndarray] = {}  # workloads alike share one curve (`_token_curves`): interpolated once
            for workload, curve in curves.items():
                ratio = done.get(id(curve))
                if ratio is None:
                    ratio = done[id(curve)] = np.interp(overhead, grid, curve) * retried
                ratios[workload] = ratio
        return ratios

    def run(self, values: dict[str, np.ndarray], progress: Callable[[float], None] | None = None, parts: np.ndarray | None = None) -> _Outcome:
        """The ledger of each strategy and the schedule's dates, for every row of `values` at once. `parts`
        (one number per row): rows of different parts are never grouped together (see `Drawn.parts`)."""
        rows = len(next(iter(values.values())))
        months = {name: np.zeros((self.plan.horizon_months, rows)) for name in self.strategies}
        drawn = Drawn(self.point, values, self.modes, self._token_ratios(values, rows), parts)
        dates = date_draws(self.levelled, values, rows)
        cloud = drawn_cloud_month_krw(self.results, drawn)  # the same for the variant (placements apart, the same results)
        books = drawn_months(self.plan, self.results, self.sizing, dates, self.catalog, drawn, self.full, cloud_month_krw=cloud)
        for name, book in books.items():
            if name in months:
                months[name] = _totals(book, rows)
        if progress is not None:
            progress(0.5)
        if self.variant is not None and "gpuaas" in months:
            moved, sizing, levelled = self.variant
            variant = drawn_months(self.plan, moved, sizing, date_draws(levelled, values, rows), self.catalog, drawn, self.full, plan_only=True, cloud_month_krw=cloud)
            months["gpuaas"] = _totals(variant["plan"], rows)
        elif "gpuaas" in months:
            months["gpuaas"] = months["plan"]
        if progress is not None:
            progress(1.0)
        go_live = dates.go_live.astype(float) if dates.go_live is not None else np.full(rows, np.inf)
        return _Outcome(months, go_live, {phase.phase: phase.end.astype(float) for phase in dates.phases})


def _totals(book: list[dict[str, Any]], rows: int) -> np.ndarray:
    """A book's months (categories summed) as months x draws."""
    out = np.zeros((len(book), rows))
    for m, month in enumerate(book):
        for value in month.values():
            out[m] += value
    return out


def _money(values: np.ndarray) -> Band:
    p10, p50, p90 = np.percentile(values, PERCENTILES)
    return Band(int(round(p10)), int(round(p50)), int(round(p90)))


def _ordinal(values: np.ndarray, as_date: bool) -> Band:
    """Percentiles of months or days that may be `inf` (not within the horizon): actual draws, never interpolated."""
    picked = np.percentile(values, PERCENTILES, method="inverted_cdf")
    out = [None if not np.isfinite(v) else (date.fromordinal(int(v)) if as_date else int(v)) for v in picked]
    return Band(*out)


def _break_even(plan: np.ndarray, cloud: np.ndarray) -> np.ndarray:
    """Per draw, the first month from which the plan's cumulative cost stays below the cloud's (ledger.break_even), inf if never."""
    below = np.cumsum(plan, axis=0) < np.cumsum(cloud, axis=0)
    stays = np.logical_and.accumulate(below[::-1], axis=0)[::-1]
    first = np.argmax(stays, axis=0).astype(float) + 1
    first[~stays.any(axis=0)] = np.inf
    return first


def evaluate_ranges(
    plan: Plan,
    catalog: Catalog,
    evaluation: Evaluation,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    progress: Callable[[float], None] | None = None,
    evaluator: Evaluator | None = None,
) -> Ranges:
    """The plan's TCO per strategy, break-even, go-live and phase ends as P10/P50/P90 over `draws` draws
    (fewer for very large plans, see `draws_for`), the probability the plan beats all-cloud and all-on-prem,
    and the tornado of the inputs that move the plan's TCO most. Same plan, draws and seed: same answer.
    `evaluator`: the Evaluator that gave `evaluation` (see `Engine`), to reuse what it computed."""
    engine = Engine(plan, catalog, evaluation, evaluator)
    inputs = uncertain_inputs(catalog, engine.point)
    count = draws_for(plan, draws)
    # One run over the draws and the tornado's rows (most of a run's time is per task and per workload, not
    # per row); the rows of each part stay apart where the ledger groups rows (rented GPUs' pricing).
    drawn, (tornado_rows, varying) = sample(inputs, count, seed), _tornado_rows(inputs)
    values = {key: np.concatenate([drawn[key], tornado_rows[key]]) for key in drawn}
    parts = np.concatenate([np.zeros(count, dtype=np.int64), np.ones(len(tornado_rows[inputs[0].id]) if inputs else 0, dtype=np.int64)])
    both = engine.run(values, (lambda f: progress(0.95 * f)) if progress else None, parts)
    outcome = _Outcome({name: m[:, :count] for name, m in both.months.items()}, both.go_live[:count], {n: d[:count] for n, d in both.phase_end.items()})
    totals = {name: m.sum(axis=0) for name, m in outcome.months.items()}
    cumulative = {name: [Band(*(int(round(v)) for v in row)) for row in np.percentile(np.cumsum(m, axis=0), PERCENTILES, axis=1).T] for name, m in outcome.months.items()}
    plan_tco = totals.get("plan", np.zeros(count))
    beats = lambda other: float(np.mean(plan_tco < totals[other])) if other in totals else 0.0  # noqa: E731
    tornado = _tornado(varying, both.months["plan"][:, count:].sum(axis=0) if "plan" in both.months else np.zeros(1 + 2 * len(varying)))
    if progress is not None:
        progress(1.0)
    return Ranges(
        draws=count,
        draws_asked=draws,
        seed=seed,
        tco_krw={name: _money(values) for name, values in totals.items()},
        break_even_month=_ordinal(_break_even(outcome.months["plan"], outcome.months["cloud"]), False) if "cloud" in outcome.months else Band(None, None, None),
        go_live=_ordinal(outcome.go_live, True),
        phase_end={n: _ordinal(values, True) for n, values in sorted(outcome.phase_end.items())},
        probability_plan_beats_cloud=beats("cloud"),
        probability_plan_beats_on_prem=beats("on_prem"),
        tornado=tornado,
        inputs=inputs,
        cumulative_krw=cumulative,
    )


def _tornado_rows(inputs: list[UncertainInput]) -> tuple[dict[str, np.ndarray], list[UncertainInput]]:
    """The tornado's 1 + 2k rows: every input at its P50, then each unpinned input at its P10 and at its P90."""
    varying = [i for i in inputs if not i.pinned]
    rows = 1 + 2 * len(varying)
    values = {i.id: np.full(rows, float(i.quantile(0.5))) for i in inputs}
    for k, entry in enumerate(varying):
        values[entry.id][1 + 2 * k] = float(entry.quantile(0.1))
        values[entry.id][2 + 2 * k] = float(entry.quantile(0.9))
    return values, varying


def _tornado(varying: list[UncertainInput], plan: np.ndarray) -> list[TornadoBar]:
    """Each input's bar from the plan's TCO in the tornado's rows (`_tornado_rows`), the widest swing first."""
    bars = [
        TornadoBar(entry.id, entry.name, float(entry.quantile(0.1)), float(entry.quantile(0.9)), int(round(plan[1 + 2 * k])), int(round(plan[2 + 2 * k])))
        for k, entry in enumerate(varying)
    ]
    return sorted(bars, key=lambda b: (-abs(b.swing_krw), b.input))
