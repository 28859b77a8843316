"""evaluate(plan, catalog) -> Evaluation: the one entry point the TUI, the exports and the JSON use.

An Evaluator does the same and keeps what its evaluations computed (resolved workloads, their cloud
costs, schedules, whole evaluations) so that the next evaluation of an edited plan reuses the parts
the edit did not change; the app's session owns one. Nothing is kept at module level.
"""

from __future__ import annotations

from itertools import chain, compress, repeat
from operator import attrgetter, eq, is_, itemgetter, not_
from typing import Any

from planner.domain.messages import Message, msg
from planner.domain.catalog import Catalog
from planner.domain.coremodel import SET_VALUES
from planner.domain.costs import CostRates, lifecycle_warning, rate_limit_check, token_cost_breakdown, usd_cents
from planner.domain.gpuaas import HostingKept, choose_hosting
from planner.domain.ledger import build_ledger, cloud_months_of, full_onprem_sizing, owned_on_fleet, placement_prices, plan_book, staffing_kept, with_gpuaas_strategy
from planner.domain.ledger import CLOUD_MONTHS, positions_todo as _todo
from planner.domain.memo import Remembered, changed_places
from planner.domain.placement import KeptPlacement, organization_strategy, place_workloads, situation_check
from planner.domain.models_compare import model_terms
from planner.domain.vocabulary import catalog_text
from planner.domain.plan import Plan
from planner.domain.rate_limits import account_rate_limits
from planner.domain.validate import PlanInvalid, Problem
from planner.domain.resolve import FIGURES, RESOLUTIONS_REMEMBERED, Assumptions, ResolvedWorkload, resolve_workloads
from planner.domain.results import CloudCostBreakdown, CloudCostBreakdownKrw, Evaluation, Ledger, PhaseResult, ScenarioResult, Schedule, Sizing, WorkloadResult
from planner.domain.schedule import SCHEDULES_REMEMBERED, TASKS_REMEMBERED, build_schedule, moved_results_key, schedule_results_key
from planner.domain.sizing import Demands, size_hardware
from planner.domain.unit_costs import unit_costs

ONPREM_PLACEMENTS = ("on_prem", "on_prem_airgap")
_FIELDS = attrgetter("__dict__")
"""A model's fields (pydantic keeps them in its __dict__): one attribute read."""
_ID, _SHARE, _WORKLOAD_ID = itemgetter("id"), itemgetter("onprem_share"), attrgetter("id")


def _onprem_share(placement: str, workload: ResolvedWorkload, hybrid: str = "sensitive") -> float:
    """The share of a workload's requests served on-prem once migrated (a gradual hybrid ends fully on-prem)."""
    if placement in ONPREM_PLACEMENTS:
        return 1.0
    if placement == "hybrid":
        return 1.0 if hybrid == "gradual" else workload.sensitive_share
    return 0.0


COSTINGS_REMEMBERED = 4
"""Sets of per-workload cloud costs an Evaluator keeps (a program limit), one per set of the assumptions they read."""

KEPT_COSTINGS = 2
"""Costing entries per workload a re-evaluation's table may hold (those of workloads gone since among them) before it is
made anew of the evaluation's own (a program limit: an edit adds one or two)."""

_Costing = tuple[float, int, "RateLimitCheck | None", "str | None", list[str], CloudCostBreakdown, CloudCostBreakdownKrw]
"""(USD a month in cents, KRW a month, rate-limit check, its warning, sorted default fields, token cost breakdown in USD and in KRW) of one workload."""


_MONEY_FIELDS = tuple((name, f"{name[:-4]}_krw") for name in CloudCostBreakdown.model_fields if name.endswith("_usd"))
"""Each money line of CloudCostBreakdown and its field in CloudCostBreakdownKrw (`results._KRW_FIELDS`), in field order."""


def _in_cents(breakdown: CloudCostBreakdown, rate: float, blank: dict | None = None) -> tuple[CloudCostBreakdown, CloudCostBreakdownKrw]:
    """(the breakdown with its money lines in cents (`usd_cents`): its `model_copy` with them replaced, made directly;
    `CloudCostBreakdownKrw.of` of that at `rate` KRW per USD, made in the same loop). `blank`:
    `CloudCostBreakdownKrw.compact({})`, where the caller made it once for many."""
    values = breakdown.__dict__.copy()  # its fields (a compact dict: its copy stays one, see `_Result.compact`)
    krw = blank.copy() if blank is not None else CloudCostBreakdownKrw.compact({})  # (its fields in order, each set below: a compact dict)
    zero = None  # the won of a line of 0.0 or -0.0 USD (the same at any rate: 0, or round() raises), worked out once
    for k, krw_field in _MONEY_FIELDS:
        usd = values[k]
        if usd or type(usd) is not float:  # (usd_cents gives a float 0.0 or -0.0 back as it is: most savings lines)
            values[k] = usd = usd_cents(usd)
            # (round() of a float is an int: what validation keeps; `float()` as `CloudCostBreakdownKrw.of` reads it)
            krw[krw_field] = round((usd if type(usd) is float else float(usd)) * rate)
        else:
            if zero is None:
                zero = round(usd * rate)
            krw[krw_field] = zero
    # (`of_valid(values, compact=True)` of each, written out: the classmethod's call with its keyword cost as much again)
    cents = _NEW(type(breakdown))
    SET_VALUES(cents, values)
    in_krw = _NEW(CloudCostBreakdownKrw)
    SET_VALUES(in_krw, krw)
    return cents, in_krw


def _billed(workload: ResolvedWorkload, catalog: Catalog, assumptions: Assumptions, horizon_months: int | None = None, rates: CostRates | None = None) -> tuple[CloudCostBreakdown, float]:
    """(the workload's month-1 token costs on its cloud model, commitments no longer than `horizon_months`
    applying; USD a month with embeddings, as billed or at list: `cloud_cost_usd_per_month`). `rates`:
    `CostRates(catalog, assumptions, horizon_months)`, one for the evaluation's workloads."""
    breakdown = token_cost_breakdown(workload, catalog, assumptions, 1.0, horizon_months, rates)  # (positional: no keywords bound)
    pricing = rates.pricing if rates is not None and rates.assumptions is assumptions else assumptions.text("pricing")  # (`as_billed`)
    values = breakdown.__dict__  # (its fields: one attribute read)
    return breakdown, (values["as_billed_usd"] if pricing == "as_billed" else values["list_usd"]) + workload.embeddings_usd_per_month


def _costing(
    workload: ResolvedWorkload,
    placement: str,
    hybrid: str,
    catalog: Catalog,
    assumptions: Assumptions,
    horizon_months: int | None = None,
    billed: tuple[CloudCostBreakdown, float] | None = None,
    ordered: dict[frozenset[str], list[str]] | None = None,
    rate: float | None = None,
    blank: dict | None = None,
) -> _Costing:
    """What a workload costs on its cloud model and its own peak against the provider's tiers (the plan
    warns per account, see rate_limits.py); commitments no longer than `horizon_months` may apply.
    `billed`: `_billed(...)` of it when already known. `ordered`: each `defaults` set sorted, by the set, for the
    workloads of one evaluation (resolved workloads alike share one set object: sorted once; nobody changes the list).
    `rate`: the assumptions' `krw_per_usd`, where the caller has it; `blank`: see `_in_cents`."""
    breakdown, usd = billed if billed is not None else _billed(workload, catalog, assumptions, horizon_months)
    check = None
    if placement in ("cloud", "hybrid"):
        cloud_share = 1.0 if hybrid == "gradual" else 1 - _onprem_share(placement, workload, hybrid)
        check = rate_limit_check(workload, catalog, assumptions, cloud_share)
    if rate is None:
        rate = assumptions.num("krw_per_usd")
    cents, in_krw = _in_cents(breakdown, rate, blank)
    defaults = workload.defaults
    names = ordered.get(defaults) if ordered is not None else None
    if names is None:
        names = sorted(defaults)
        if ordered is not None:
            ordered[defaults] = names
    return usd_cents(usd), round(usd * rate), check, None, names, cents, in_krw


def _costing_context(catalog: Catalog, assumptions: Assumptions, horizon_months: int) -> tuple | None:
    """Every assumption `_costing` reads (as it reads them), the horizon and the catalog; None when one is missing or not a number."""
    try:
        numbers = (assumptions.num(k) for k in ("token_overhead", "retry_rate", "peak_factor", "krw_per_usd", "cache_write_share", "hours_per_month"))
        return (id(catalog), *numbers, assumptions.text("pricing"), assumptions.level("cloud_price_factor"), assumptions.level("committed_price_factor"), horizon_months)
    except (KeyError, TypeError, ValueError):
        return None


def _workload_results(
    plan: Plan,
    resolved: list[ResolvedWorkload],
    catalog: Catalog,
    assumptions: Assumptions,
    full: Sizing,
    costings: Remembered | None = None,
    hosting: HostingKept | None = None,
    demands: Demands | None = None,
    out: dict[str, Any] | None = None,
) -> list[WorkloadResult]:
    """Each workload's result; `out`: given `onprem_full`, (`full`, each workload's month-1 on-prem cost on it) as the
    placement's prices worked it out (for `build_ledger(onprem_full=...)`)."""
    # Resolved workloads the previous evaluation costed (resolve_workloads keeps unchanged ones) are not costed again.
    context = _costing_context(catalog, assumptions, plan.horizon_months) if costings is not None else None
    known = costings.get(context) if costings is not None and context is not None else None
    before: dict[tuple[int, str, str], tuple[ResolvedWorkload, _Costing]] = known[1] if known is not None and known[0] is catalog else {}
    # each workload's month-1 token costs, once: the placement step's cloud price and the results' breakdown; the
    # previous evaluation's (resolved workloads, bills) with this context give those of the same workload objects again,
    # found by position in one C loop where there are as many workloads as then, else by the object
    billed_before: tuple[tuple[ResolvedWorkload, ...], list] | None = known[2] if known is not None and known[0] is catalog else None
    changed = changed_places(resolved, billed_before[0]) if billed_before is not None else None
    if changed is not None:
        bills: list = list(billed_before[1])  # type: ignore[index]
    elif billed_before is None:  # nothing kept: every workload is costed
        changed = range(len(resolved))  # type: ignore[assignment]
        bills = [None] * len(resolved)
    else:
        by_object = dict(zip(map(id, billed_before[0]), zip(*billed_before))) if billed_before is not None else {}
        bills, changed = [], []
        for index, workload in enumerate(resolved):
            found = by_object.get(id(workload))  # (the table holds the workload: no other takes its id)
            if found is None or found[0] is not workload:
                changed.append(index)
                bills.append(None)
            else:
                bills.append(found[1])
    # Costs read a workload's figures, never its id or name: workloads alike share them (costed once per shape). The
    # shape (`gpuaas.workload_figures`: `resolve.FIGURES`) is hashed once, where its entry (a list holding the bill,
    # empty until it is made) is found or put (a figure that cannot be a key: costed alone).
    shapes: dict[tuple, list] = {}
    rates = None  # what every workload's costs read of the catalog and the assumptions (`_billed`), once
    for index in changed:
        workload = resolved[index]
        try:
            held = shapes.setdefault(FIGURES(workload), [])
        except TypeError:
            held = []
        if not held:
            if rates is None:
                rates = CostRates(catalog, assumptions, plan.horizon_months)
            held.append(_billed(workload, catalog, assumptions, plan.horizon_months, rates))
        bills[index] = held[0]
    cloud_usd = [usd for _breakdown, usd in bills]
    prices = placement_prices(plan, resolved, full, cloud_usd, catalog, assumptions, hosting, demands)
    if out is not None:
        out["onprem_full"] = prices.onprem_full  # type: ignore[attr-defined]
    # index -> the kept placement entry (`HostingKept.placements`) a workload's placement holds with its own trace and prices
    # (asked without `hosting` too: a placement taken from an entry then gives its result without a WorkloadPlacement made)
    placed_from: dict[int, tuple] = {}
    prices.placed_from = placed_from  # type: ignore[attr-defined]

    def on_fleet(placements: list) -> None:
        # Owned vs rented is decided on what the plan would pay: the owned side is each candidate's marginal cost
        # on the plan's shared fleet, which needs the placements; they are placed again with it (issue #14).
        # (each workload's on-prem share, asked only of the workloads that are not hosting candidates)
        shares = lambda p, w: _onprem_share(p.placement, w, p.hybrid)  # noqa: E731
        prices.owned.update(owned_on_fleet(plan, resolved, placements, shares, catalog, assumptions, prices.memo, full, demands, hosting))  # type: ignore[attr-defined]

    placements = place_workloads(plan, resolved, catalog, assumptions, prices, again=on_fleet)
    # by (its bill's id, placement, hybrid): workloads alike in shape share one bill object (`shapes`), which `bills`
    # holds through the run (no other object takes its id)
    costed: dict[tuple, _Costing] = {}
    ordered: dict[frozenset[str], list[str]] = {}  # each `defaults` set sorted (`_costing`)
    rate = krw_blank = None  # the assumptions' KRW per USD (`_costing`), read once, and `_in_cents`' blank, made once
    # Results alike in a list of names share one copy of it (10,000 generated workloads: 1 list of defaulted fields, 3 of
    # framework answers...), keyed by its items (ids and names: plain text); nobody changes a result's lists. Traces,
    # placement prices and warnings are each result's own: they differ per workload and after every edit, where
    # keying them cost more than they weigh (re-evaluation after an edit at 1,000 workloads).
    alike: dict[tuple, Any] = {}
    # ... found first by the list (or tuple) object copied, per field (defaults, allowed, framework, offers): 1,000
    # placements hold a dozen such objects, which a key of their items hashed and compared item by item per result
    seen_defaults: dict[int, tuple] = {}
    seen_allowed: dict[int, tuple] = {}
    seen_framework: dict[int, tuple] = {}
    seen_offers: dict[int, tuple] = {}
    # Nothing kept (`costings` and `hosting` None: a cold evaluation, `evaluate()`), nothing is read from or kept for
    # another run: no key per workload, no rows or entries listed.
    keeping = costings is not None or hosting is not None
    blank = dict.fromkeys(WorkloadResult.model_fields)  # (each result's values: a copy with every field set)
    # The results placed from a kept placement entry, as the previous evaluation with these assumptions made them, by
    # (workload object, placement, hybrid): (resolved workload, entry, costing, the result's values). A result reads
    # nothing but its resolved workload, its costing and its placement (and the catalog, the Evaluator's): with the
    # same three objects it is the previous one with this placement's trace and prices (which the entry leaves out).
    # (A row taken so is kept as it is: its values, of the result it was made for, stand for every result taken from it.)
    results_before: dict[tuple, tuple] = hosting.results if hosting is not None else {}
    # The same by position (`_ROWS`: the costing table they were made with, then per position the key, the costing
    # entry and the result's entry, or None): where this run's costing table is that one (the same context) and a
    # position holds the same workload object placed from the same kept entry (so the same placement and hybrid: the
    # same key, whose costing entry the table holds), its result is taken as above without a key made or looked up.
    record = hosting.books.get(_ROWS) if hosting is not None else None
    rows_before = record[3] if record is not None and record[0] is before and len(record[3]) == len(resolved) else None
    keys_now: list[tuple] = []
    entries_now: list[tuple] = []
    rows_now: list[tuple | None] = []
    alike_now = [False] * len(resolved)  # per position: its result taken from the previous one at that position (`ALIKE`)
    endings: dict[str, Any] = {}  # each cloud model's lifecycle warning (`costs.lifecycle_warning`), by its id
    results = []
    for index, (workload, placement) in enumerate(zip(resolved, placements)):
        if rows_before is not None:
            row = rows_before[index]
            if row is not None and row[0] is workload and row[1] is placed_from.get(index):
                if type(placement) is KeptPlacement:
                    taken_from, trace, priced_krw = placement
                    placed = taken_from[1]
                else:
                    placed = placement.__dict__
                    trace, priced_krw = placed["trace"], placed["priced_krw"]
                    if not _ints(priced_krw):
                        priced_krw = None
                key = record[1][index]  # type: ignore[index]
                if priced_krw is not None and placed["placement"] == key[1] and placed["hybrid"] == key[2]:
                    values = row[3].copy()  # as below
                    values["trace"] = trace
                    values["priced_krw"] = priced_krw
                    results.append(_result(values))
                    keys_now.append(key)
                    entries_now.append(row[2])
                    rows_now.append(row)  # (its values stand for this result's but for the trace and prices, which are set)
                    alike_now[index] = True
                    continue
        # The placement's fields read from its __dict__ (where a model keeps them): one attribute read, not 20.
        # A placement taken from a kept entry (`placement.KeptPlacement`) is made only where its result is not the
        # previous one with its trace and prices: the entry's values (tuples for lists) give where and which hybrid.
        taken = type(placement) is KeptPlacement
        placed = placement[0][1] if taken else placement.__dict__
        where, hybrid = placed["placement"], placed["hybrid"]
        entry = kept_from = None
        if keeping:
            key = (id(workload), where, hybrid)
            entry = before.get(key)
        if entry is None or entry[0] is not workload:
            alike_key = (id(bills[index]), where, hybrid)
            costing = costed.get(alike_key)
            if costing is None:
                if rate is None:
                    rate, krw_blank = assumptions.num("krw_per_usd"), CloudCostBreakdownKrw.compact({})
                costing = costed[alike_key] = _costing(workload, where, hybrid, catalog, assumptions, None, bills[index], ordered, rate, krw_blank)  # (positional: no keywords bound)
            entry = (workload, costing) if keeping else None
        else:
            costing = entry[1]
        if keeping:
            keys_now.append(key)
            entries_now.append(entry)
            kept_from = placed_from.get(index)
        if kept_from is not None:
            known = results_before.get(key)
            # (a kept placement's prices are ints: see KeptPlacement)
            _from, trace, priced_krw = placement if taken else (None, placed["trace"], placed["priced_krw"])
            if known is not None and known[0] is workload and known[1] is kept_from and known[2] is entry and (taken or _ints(priced_krw)):
                values = known[3].copy()  # the previous result's values (a copy keeps a split table one: results.compact)
                values["trace"] = trace  # the placement's own, made for it and dropped with it
                values["priced_krw"] = priced_krw
                result = _result(values)
                rows_now.append((workload, kept_from, entry, values))
                results.append(result)
                continue
        if taken:  # the entry's values (tuples for lists, which the result's lists copy) with the placement's own trace and prices
            trace, priced_krw = placement[1], placement[2]
        else:  # copies, as validation copies them
            trace, priced_krw = list(placed["trace"]), dict(placed["priced_krw"])
        usd_cents_month, krw_month, check, check_warning, defaults, breakdown, breakdown_krw = costing
        own_warnings = warnings = placed["warnings"]  # the placement's own: extended into a new list, never changed
        if check_warning is not None:
            warnings = [*warnings, check_warning]
        ending = endings.get(workload.cloud_model, endings)
        if ending is endings:  # each cloud model's warning made once (a Message: immutable, shared by the results that carry it)
            model = catalog.cloud_models.get(workload.cloud_model)
            ending = endings[workload.cloud_model] = lifecycle_warning(model, catalog) if model is not None else None
        if ending is not None:
            warnings = [*warnings, ending]
        # the lists' copies shared by results alike (`_one`), the copy of a list object seen before found inline
        found = seen_defaults.get(id(defaults))
        defaults = found[1] if found is not None and found[0] is defaults else _one(alike, seen_defaults, 1, defaults)
        listed = placed["allowed"]
        found = seen_allowed.get(id(listed))
        allowed = found[1] if found is not None and found[0] is listed else _one(alike, seen_allowed, 2, listed)
        listed = placed["framework"]
        found = seen_framework.get(id(listed))
        framework = found[1] if found is not None and found[0] is listed else _one(alike, seen_framework, 3, listed)
        listed = placed["gpuaas_offers"]
        found = seen_offers.get(id(listed))
        offers = found[1] if found is not None and found[0] is listed else _one(alike, seen_offers, 5, listed)
        # WorkloadResult's fields in its order, each set in a copy of `blank` (a dict literal of 34 items cost ~7 K instructions
        # more); lists and dicts copies (one for results alike), as validation copies them
        values = blank.copy()
        values["id"] = workload.id
        values["name"] = workload.name
        values["kind"] = workload.kind
        values["placement"] = where
        values["recommended"] = placed["recommended"]
        values["overridden"] = placed["overridden"]
        values["regulatory"] = placed["regulatory"]
        values["needs_deidentification"] = placed["needs_deidentification"]
        values["cloud_allowed"] = placed["cloud_allowed"]
        values["trace"] = trace
        values["data"] = workload.data
        values["requests_per_day"] = workload.requests_per_day
        values["requests_per_month"] = workload.requests_per_month
        values["input_tokens"] = workload.input_tokens
        values["output_tokens"] = workload.output_tokens
        values["onprem_share"] = 1.0 if where in ONPREM_PLACEMENTS else _onprem_share(where, workload, hybrid)  # (its first test, inline)
        values["cloud_model"] = workload.cloud_model
        values["open_model"] = workload.open_model
        values["precision"] = workload.precision
        values["cloud_cost_usd_per_month"] = usd_cents_month
        values["cloud_cost_krw_per_month"] = krw_month
        values["embeddings_usd_per_month"] = workload.embeddings_usd_per_month
        values["cloud_cost_breakdown"] = breakdown
        values["cloud_cost_breakdown_krw"] = breakdown_krw
        values["rate_limit"] = check
        values["defaults"] = defaults
        values["allowed"] = allowed
        values["framework"] = framework
        values["hybrid"] = hybrid if where == "hybrid" else ""
        values["priced_krw"] = priced_krw
        values["cost_of_compliance_krw"] = placed["cost_of_compliance_krw"]
        values["gpuaas_offers"] = offers
        values["gpuaas"] = placed["gpuaas_quote"]
        values["warnings"] = warnings if warnings is not own_warnings else list(warnings)
        # (a kept placement's prices are ints: see KeptPlacement)
        valid = _valid_as_is(values) and (taken or _ints(priced_krw))
        if valid:  # (`WorkloadResult.of_valid(values)`: more fields than a compact dict holds, so its values as they are, `_result` inline)
            result = _NEW(WorkloadResult)
            SET_VALUES(result, values)
        else:
            result = WorkloadResult(**values)
        if keeping:
            rows_now.append((workload, kept_from, entry, result.__dict__) if valid and kept_from is not None and hosting is not None else None)
        results.append(result)
    most = KEPT_COSTINGS * len(resolved) + KEPT_COSTINGS
    if rows_before is not None and len(before) <= most and len(results_before) <= most:
        # `before` and `results_before` are the previous run's tables (`_ROWS`), which hold the key, entry and row of
        # every position alike (the same row): copies of them (their tables taken as they are, no key hashed again) with
        # the other positions' set; the entries of workloads no longer there stay until the tables are made anew (an
        # entry holds its workload: no other takes its id; a row is taken only for the same three objects)
        now = before.copy()
        rows_by_key = results_before.copy()
        for index in compress(range(len(alike_now)), map(not_, alike_now)):
            key = keys_now[index]
            now[key] = entries_now[index]
            if rows_now[index] is not None:
                rows_by_key[key] = rows_now[index]
    else:
        now = dict(zip(keys_now, entries_now))  # (in C)
        rows_by_key = dict(compress(zip(keys_now, rows_now), rows_now)) if hosting is not None else {}
    if hosting is not None:
        hosting.results = rows_by_key
        hosting.books[_ROWS] = (now, keys_now, entries_now, rows_now, results)
    if out is not None and rows_before is not None:
        out["alike"] = (record[4], alike_now)  # type: ignore[index]
    if costings is not None and context is not None:
        costings.put(context, (catalog, now, (tuple(resolved), bills)))
    return results


def _ints(krw: dict[str, Any]) -> bool:
    """Every value is an int (what WorkloadResult's validation keeps of `priced_krw`)."""
    for value in krw.values():
        if type(value) is not int:
            return False
    return True


def _result(values: dict[str, Any]) -> WorkloadResult:
    """A result over values already in a result's compact dict (a copy of another result's), as they are:
    `WorkloadResult.of_valid(values, compact=True)` written out (one call fewer, ~1,000 results per re-evaluation)."""
    made = _NEW(WorkloadResult)
    SET_VALUES(made, values)
    return made


_NEW = object.__new__


def _one(alike: dict[tuple, Any], seen: dict[int, tuple], number: int, values: Any) -> Any:
    """The list copy of `values` (a list or tuple of text) kept in `alike` under `(number, *values)`, made the first
    time; `seen`: the copy by the id of `values` (with the object: no other takes its id while `seen` holds it), so the
    same object again gives it without that key made, hashed and compared."""
    found = seen.get(id(values))
    if found is not None and found[0] is values:
        return found[1]
    key = (number, *values)
    copy = alike.get(key)
    if copy is None:
        copy = alike[key] = list(values)
    seen[id(values)] = (values, copy)
    return copy




def _valid_as_is(values: dict[str, Any]) -> bool:
    """A workload's result values are what WorkloadResult's validation would keep (`WorkloadResult.of_valid`): they come
    from validated models (the resolved workload, its placement, its costs); the numbers worked out here are checked
    to be floats and ints, the warnings Messages, the names text (its prices, `priced_krw`, ints: the caller checks them, `_ints`,
    where they are not a kept placement's)."""
    if not (  # (written out: a loop over the names cost more than the checks, ~1,000 results per cold evaluation)
        type(values["requests_per_day"]) is float
        and type(values["requests_per_month"]) is float
        and type(values["onprem_share"]) is float
        and type(values["cloud_cost_usd_per_month"]) is float
        and type(values["embeddings_usd_per_month"]) is float
        and type(values["input_tokens"]) is int
        and type(values["output_tokens"]) is int
        and type(values["cloud_cost_krw_per_month"]) is int
        and type(values["cost_of_compliance_krw"]) is int
        and type(values["name"]) is str
        and type(values["id"]) is str
    ):
        return False
    for warning in values["warnings"]:
        if not isinstance(warning, Message):
            return False
    return True


def _plan_sizing(
    plan: Plan, results: list[WorkloadResult], resolved: list[ResolvedWorkload], catalog: Catalog, assumptions: Assumptions, full: Sizing, demands: Demands | None = None
) -> Sizing:
    """`size_hardware` of the results; `full` (the all-on-prem sizing) where every workload is fully on-prem: the same
    shares of the same workloads, sized alike."""
    if len(results) == len(resolved):
        fields = list(map(_FIELDS, results))  # each result's fields (where a result keeps them): one attribute read each
        ids = demands.ids_of(resolved)[0] if demands is not None else list(map(_WORKLOAD_ID, resolved))
        if all(map(eq, map(_SHARE, fields), repeat(1.0))) and list(map(_ID, fields)) == ids:  # (in C)
            return full
    return size_hardware(results, resolved, plan.hardware, catalog, assumptions, demands, "plan")


_CLOUD_READS = (itemgetter("id"), itemgetter("cloud_cost_usd_per_month"), itemgetter("embeddings_usd_per_month"), itemgetter("cloud_cost_breakdown"))
"""What `ledger._cloud_month_krw` reads of a result's fields (besides the assumptions): its id (its token ratio), its cloud
bill, its embeddings and its breakdown."""
_ROWS = ("result rows",)
"""The key of `_workload_results`' results by position in `HostingKept.books`."""


def _cloud_months(results: list[WorkloadResult], assumptions: Assumptions, hosting: HostingKept | None, alike: tuple | None = None) -> list[tuple[float, float]]:
    """`ledger.cloud_months_of(results, assumptions)`; with `hosting` (one catalog, one set of assumptions), a workload's
    as the previous evaluation worked it out where the figures it reads are the same objects (its id, cloud bill,
    embeddings and breakdown: an unchanged workload's costing is kept, see `_workload_results`): compared by position in
    C loops where there are as many results as then, else by the workload's id. `alike` (`_alike`): at a position alike
    the last evaluation's reads and month as they are (it reads no trace or price), the others read again."""
    if hosting is None:
        return cloud_months_of(results, assumptions)
    last = hosting.books.get(CLOUD_MONTHS)  # (the results, the months, the reads) of the previous evaluation
    todo = _todo(alike, last, len(results))
    if todo is not None:
        months = list(last[1])  # type: ignore[index]
        reads = [list(column) for column in last[2]]  # type: ignore[index]
        fields = [results[index].__dict__ for index in todo]  # (where a result keeps its fields)
        for column, read in zip(reads, _CLOUD_READS):
            for index, values in zip(todo, fields):
                column[index] = read(values)
        for index, month in zip(todo, cloud_months_of([results[index] for index in todo], assumptions)):
            months[index] = month
        hosting.books[CLOUD_MONTHS] = (results, months, reads, (last[1], todo))  # type: ignore[index]
        return months
    fields = list(map(_FIELDS, results))  # each result's fields (where a result keeps them): one attribute read each
    reads = [list(map(read, fields)) for read in _CLOUD_READS]
    last = (last[2], last[1]) if last is not None else None  # (the reads, the months)
    moved = None
    if last is not None and len(last[1]) == len(results):
        months = list(last[1])
        changed: set[int] = set()
        for now, before in zip(reads, last[0]):
            changed.update(changed_places(now, before))  # type: ignore[arg-type]
        todo = sorted(changed)
        moved = (last[1], todo)
    else:  # by the workload's id, where its figures are the same objects
        known = {} if last is None else {workload: (rest, month) for workload, *rest, month in zip(*last[0], last[1])}
        months, todo = [], []
        for index, mine in enumerate(zip(*reads)):
            found = known.get(mine[0])
            if found is not None and all(map(is_, found[0], mine[1:])):
                months.append(found[1])
            else:
                months.append(None)
                todo.append(index)
    for index, month in zip(todo, cloud_months_of([results[index] for index in todo], assumptions)):
        months[index] = month
    hosting.books[CLOUD_MONTHS] = (results, months, reads, moved)
    return months


def _demands(hosting: HostingKept | None) -> Demands:
    """The evaluation's `Demands`: with the ones the previous evaluation with these assumptions computed, where kept."""
    if hosting is None:
        return Demands()
    hosting.demands = Demands(hosting.demands, hosting.memo)
    return hosting.demands


def task_problems(plan: Plan, catalog: Catalog, kept: Evaluator | None = None) -> list[Problem]:
    """Problems of the plan's task edits (unknown tasks, dependency cycles, a schedule running past the
    calendar), in the plan and in each scenario (whose placements may generate other tasks): validation
    calls this before evaluation, for plans with task edits (without them the schedule cannot fail).
    `kept`: the Evaluator that evaluates the plan next (its tables keep the placements and schedules)."""
    problems: list[Problem] = []
    kept = kept if kept is not None else Evaluator(catalog)
    runs = [None, *(scenario.overrides for _name, scenario in sorted(plan.scenarios.items()))]
    kept.room_for(plan)  # for the evaluation to find each of these schedules beside its rented-GPU variant
    for overrides in runs:
        assumptions = Assumptions(catalog, plan.assumptions, overrides)
        resolved = resolve_workloads(plan, catalog, assumptions, kept.resolutions)
        hosting = kept.hosting(assumptions)
        demands = _demands(hosting)
        full = full_onprem_sizing(plan, resolved, catalog, assumptions, demands)
        results = _workload_results(plan, resolved, catalog, assumptions, full, kept.costings, hosting, demands)
        results = choose_hosting(results, resolved, plan, catalog, assumptions, hosting)  # as evaluate: rented GPUs' tasks need their quote
        sizing = _plan_sizing(plan, results, resolved, catalog, assumptions, full, demands)
        try:
            build_schedule(plan, results, sizing, catalog, assumptions, kept.schedules, keep_levelled=kept.keep_levelled)
        except PlanInvalid as invalid:
            problems += [p for p in invalid.problems if p not in problems]
    return problems


ALIKE = ("results alike",)
"""The key in `HostingKept.books` of (the results `_workload_results` made, the evaluation's results after `choose_hosting`)
of the last evaluation with these assumptions (`_alike`)."""
_RESULTS_KEY = ("results key",)
"""The key in `HostingKept.books` of (the evaluation's results, each one's part of `schedule_results_key`) (`_results_key`)."""
_VARIANT = ("variant results",)
"""The key in `HostingKept.books` of (the evaluation's results, the variant's, whether each moved) (`_gpuaas_variant`)."""
_WARNINGS = ("result warnings",)
"""The key in `HostingKept.books` of (the evaluation's results, each one's warnings with its id) (`_result_warnings`)."""


def _alike(hosting: HostingKept | None, alike: tuple | None, made: list[WorkloadResult], results: list[WorkloadResult]) -> tuple[list, list[bool]] | None:
    """(the last evaluation's results, per position whether this evaluation's result there has the same values in
    every field but its trace and its prices, `priced_krw`) or None; this evaluation's results kept for the next.

    `alike` (`_workload_results`' "alike"): (the results the last run made, per position whether this run's was taken
    from that one's values with its own trace and prices); `made`: this run's, which `choose_hosting` made `results`.
    Where the last evaluation's results after `choose_hosting` were made of those same results, a position alike before
    `choose_hosting` is alike after it where that left the result as it is, or copied it reading nothing but the
    result's own fields (placed on rented GPUs with a quote and offers: its quote, offers and warnings), as it did with
    the same values then. Nothing after `choose_hosting` but the evaluation's own workloads reads a result's trace or
    prices: the variant, the schedule's key and the warnings take the last evaluation's at positions alike."""
    if hosting is None:
        return None
    last = hosting.books.get(ALIKE)
    hosting.books[ALIKE] = (made, results)
    if alike is None or last is None or last[0] is not alike[0] or len(last[1]) != len(results) or len(alike[1]) != len(results):
        return None
    flags = alike[1]
    if results is not made:
        flags = [same and (result is before or _copied_alike(before.__dict__)) for same, result, before in zip(flags, results, made)]
    return last[1], flags


def _copied_alike(fields: dict[str, Any]) -> bool:
    """`choose_hosting` copies a result with these fields reading nothing but them: placed on rented GPUs with a quote
    and offers (it asks the rules for the offers and looks a quote up otherwise)."""
    return fields["gpuaas"] is not None and bool(fields["gpuaas_offers"])


def _results_key(results: list[WorkloadResult], alike: tuple | None, books: dict | None) -> tuple:
    """`schedule_results_key(results)`: each result's part the last evaluation's at a position alike (`_alike`: it reads
    no trace or price)."""
    last = books.get(_RESULTS_KEY) if books is not None else None
    todo = _todo(alike, last, len(results))
    if todo is None:
        keys = list(schedule_results_key(results))
    else:
        keys = list(last[1])  # type: ignore[index]
        for index in todo:
            keys[index] = schedule_results_key([results[index]])[0]
    if books is not None:
        books[_RESULTS_KEY] = (results, keys)
    return tuple(keys)


def _result_warnings(results: list[WorkloadResult], fields: list[dict[str, Any]], alike: tuple | None, books: dict | None) -> list[Message]:
    """Each result's warnings with its id ("{id}: {warning}"), in order: the last evaluation's at a position alike
    (`_alike`: the same id and warnings)."""
    last = books.get(_WARNINGS) if books is not None else None
    todo = _todo(alike, last, len(fields))
    if todo is None:
        todo = range(len(fields))
        said: list = [()] * len(fields)
    else:
        said = list(last[1])  # type: ignore[index]
    for index in todo:
        values = fields[index]
        said[index] = [msg("{id}: {warning}", id=values["id"], warning=w) for w in values["warnings"]] if values["warnings"] else ()
    if books is not None:
        books[_WARNINGS] = (results, said)
    return list(chain.from_iterable(said))


_MOVED = {"placement": "gpuaas", "onprem_share": 0.0}
"""What the rented-GPU variant changes in a result it moves."""


def _gpuaas_variant(
    plan: Plan,
    results: list[WorkloadResult],
    resolved: list[ResolvedWorkload],
    catalog: Catalog,
    assumptions: Assumptions,
    kept: Evaluator | None = None,
    full: Sizing | None = None,
    demands: Demands | None = None,
    cloud_months: list[tuple[float, float]] | None = None,
    books: dict | None = None,
    results_key: tuple | None = None,
    alike: tuple | None = None,
):
    """(the plan strategy's book, its owned GPU groups, a note or None) with every workload the rules allow on rented
    GPUs placed there (None: the plan already is that). Only its months, staff and one-time costs are used: its schedule is
    dated without notes or phases (`dates_only`) and the other strategies' books are not kept. The plan's task edits
    were checked against the plan's own schedule; where one names a task the variant's schedule does not have (a
    workload's migration task, where the variant rents its GPUs instead) or makes a circle there, the variant is
    dated without the plan's task edits, and the note says so. `results_key`: the schedule's key of `results`
    (`schedule_results_key`), of which the variant's is made (`moved_results_key`). `alike` (`_alike`): at a position
    alike, the last evaluation's variant result and key part (nothing the variant reads is a trace or a price; `books`
    keeps them, `_VARIANT`)."""
    last = books.get(_VARIANT) if books is not None else None
    todo = _todo(alike, last, len(results))
    if todo is None or (results_key is not None) != (last[3] is not None):  # type: ignore[index]
        todo = range(len(results))
        variant: list = [None] * len(results)
        moves: list[bool] = [False] * len(results)
        keys: list | None = [None] * len(results) if results_key is not None else None
    else:
        variant, moves = list(last[1]), list(last[2])  # type: ignore[index]
        keys = list(last[3]) if results_key is not None else None  # type: ignore[index]
        alike = (last[1], alike[1])  # type: ignore[index]  # (the variant's results alike: the last ones, as they are)
    for index in todo:
        result = results[index]
        values = result.__dict__  # its fields (where a result keeps them)
        moving = values["gpuaas"] is not None and bool(values["gpuaas_offers"]) and values["placement"] != "gpuaas"
        if moving:
            # copied with its placement and on-prem share replaced (`model_copy`'s copy, made directly)
            values = values.copy()
            values.update(_MOVED)
            result = _result(values)  # (`WorkloadResult.of_valid(values)`)
        variant[index], moves[index] = result, moving
        if keys is not None:
            keys[index] = moved_results_key((results_key[index],))[0]  # type: ignore[index]
    if books is not None:
        books[_VARIANT] = (results, variant, moves, keys)
    if not any(moves):
        return None
    sizing = size_hardware(variant, resolved, plan.hardware, catalog, assumptions, demands, "variant")
    note = None
    variant_key = tuple(keys) if keys is not None else None
    try:
        schedule = build_schedule(plan, variant, sizing, catalog, assumptions, kept.schedules if kept else None, dates_only=True, keep_levelled=kept.keep_levelled if kept else False, results_key=variant_key)
    except PlanInvalid as invalid:
        note = msg("gpuaas strategy dates its tasks without the plan's task edits, which do not fit its schedule ({problem})", problem=invalid.problems[0].message)
        plan = plan.model_copy(update={"tasks": []})
        schedule = build_schedule(plan, variant, sizing, catalog, assumptions, kept.schedules if kept else None, dates_only=True, keep_levelled=kept.keep_levelled if kept else False, results_key=variant_key)
    variant_alike = alike if type(todo) is list else None  # (the last variant's results where they are taken)
    return plan_book(plan, variant, sizing, schedule, catalog, assumptions, resolved, full, kept.staffing if kept else None, cloud_months, books, variant_alike), sizing.groups, note


def _phases(schedule: Schedule, ledger: Ledger) -> list[PhaseResult]:
    """The schedule's phases with the ledger's cost for each (matched by phase number)."""
    costs = {cost.phase: cost for cost in ledger.phases}
    return [PhaseResult.of(phase, costs.get(phase.phase)) for phase in schedule.phases]


def _evaluate_once(plan: Plan, catalog: Catalog, overrides: dict[str, Any] | None, kept: Evaluator | None = None) -> Evaluation:
    assumptions = Assumptions(catalog, plan.assumptions, overrides)
    resolved = resolve_workloads(plan, catalog, assumptions, kept.resolutions if kept else None)
    hosting = kept.hosting(assumptions) if kept else None
    demands = _demands(hosting)
    full = full_onprem_sizing(plan, resolved, catalog, assumptions, demands)
    priced: dict[str, Any] = {}
    made = _workload_results(plan, resolved, catalog, assumptions, full, kept.costings if kept else None, hosting, demands, priced)
    results = choose_hosting(made, resolved, plan, catalog, assumptions, hosting)
    alike = _alike(hosting, priced.get("alike"), made, results)
    sizing = _plan_sizing(plan, results, resolved, catalog, assumptions, full, demands)
    cloud_months = _cloud_months(results, assumptions, hosting, alike)  # the plan's and the variant's books read the same
    # The variant first: its schedule (read only by its book) is freed before the plan's is built (10k peak memory).
    books = hosting.books if hosting is not None else None  # each book's cloud paths as the last evaluation with these assumptions made them
    results_key = _results_key(results, alike, books) if kept else None  # the plan's schedule's key of the results, and its variant's made from it
    variant = _gpuaas_variant(plan, results, resolved, catalog, assumptions, kept, full, demands, cloud_months, books, results_key, alike)
    schedule = build_schedule(plan, results, sizing, catalog, assumptions, kept.schedules if kept else None, keep_levelled=kept.keep_levelled if kept else False, results_key=results_key)
    ledger = build_ledger(plan, results, sizing, schedule, catalog, assumptions, resolved, full, kept.staffing if kept else None, cloud_months, priced.get("onprem_full"), books, alike)
    ledger = with_gpuaas_strategy(ledger, variant[0] if variant else None, results, assumptions, variant[1] if variant else sizing.groups, hosting, alike)
    if variant and variant[2] is not None:
        ledger = ledger.model_copy(update={"notes": [*ledger.notes, variant[2]]})
    rate_limits, limit_warnings = account_rate_limits(plan, results, resolved, catalog, assumptions)
    per_mtok = unit_costs(results, sizing, ledger, assumptions, hosting)
    fields = [r.__dict__ for r in results]  # each result's fields (pydantic keeps them in its __dict__): one hooked attribute read per result
    warnings = _result_warnings(results, fields, alike, books)
    placements = [v["placement"] for v in fields]
    warnings += limit_warnings + sizing.warnings + schedule.warnings + ledger.warnings
    dates: dict[str, str] = {}
    for attr in Catalog.model_fields:
        if attr == "uncertain":
            continue  # the distributions date only the ranges (show --ranges), not the point evaluation
        entries = getattr(catalog, attr).values()
        if entries:
            dates[attr] = max(e.as_of for e in entries).isoformat()
    return Evaluation(
        name=plan.name,
        start=plan.start,
        horizon_months=plan.horizon_months,
        industry=plan.organization.industry,
        strategy=organization_strategy(placements),
        situation=situation_check(plan, resolved, catalog, assumptions, placements),
        workloads=results,
        sizing=sizing,
        schedule=schedule,
        ledger=ledger,
        phases=_phases(schedule, ledger),
        cost_per_mtok=per_mtok,
        assumptions=dict(assumptions.items()),
        assumption_sources={k: assumptions.origin(k) for k, _ in assumptions.items()},
        catalog_dates=dates,
        warnings=warnings,
        rate_limits=rate_limits,
        model_terms=model_terms(results, catalog, hosting.books.setdefault(("terms",), {}) if hosting is not None else None),  # each model's texts (one catalog): kept
        role_names={role.id: catalog_text(role.name) for role in catalog.roles.values()},
    )


HOSTINGS_REMEMBERED = 8
"""Sets of GPUaaS quotes an Evaluator keeps (a program limit), one per set of assumptions (the plan's and each scenario's)."""

EVALUATIONS_REMEMBERED = 4
"""Whole evaluations an Evaluator keeps (a program limit): an unchanged plan gets its evaluation back."""
WORKLOADS_REMEMBERED = 20_000
"""Most workloads (summed over the kept plans) whose evaluations are kept: about 16 MB each per 1,000."""


def _plan_key(plan: Plan, dumped: list | None = None) -> tuple[str, ...] | None:
    """Everything evaluate() reads from the plan, type for type: the plan as JSON (without its summary) but its workloads,
    then each workload as JSON (two plans have equal keys exactly where their JSON is equal). `dumped`: a one-item list
    holding (the workloads, each one's JSON) as the last key made them, or None, replaced by this plan's: a workload is
    frozen and holds no list or dict, so the same object dumps the same JSON (the plan's list of workloads may have been
    changed in place: read again each time). Where the plan has as many workloads, only those at a position holding
    another object are dumped (found by identity in one C loop); else each is looked up by its object. A re-evaluation
    after a one-workload edit at 1,000 workloads dumps one workload instead of all of them and walks none in Python."""
    try:
        rest = plan.model_dump_json(exclude_none=True, warnings=False, exclude={"workloads"})
        if dumped is None:
            return (rest, *[w.model_dump_json(exclude_none=True, warnings=False) for w in plan.workloads])
        workloads = tuple(plan.workloads)
        last = dumped[0]  # (read once, replaced whole: another thread may make a key at the same time)
        changed = changed_places(workloads, last[0]) if last is not None else None
        if changed is not None:
            texts = list(last[1])
            for index in changed:
                texts[index] = workloads[index].model_dump_json(exclude_none=True, warnings=False)
        else:
            # by the object (the entry holds it, so no other takes its id)
            before = dict(zip(map(id, last[0]), zip(last[0], last[1]))) if last is not None else {}
            texts = []
            for workload in workloads:
                found = before.get(id(workload))
                texts.append(found[1] if found is not None and found[0] is workload else workload.model_dump_json(exclude_none=True, warnings=False))
        dumped[0] = (workloads, texts)
        return (rest, *texts)
    except Exception:  # a plan built without validation that does not serialize: not kept
        return None


class Evaluator:
    """Evaluates valid plans against one catalog, reusing from its earlier evaluations what an edit did
    not change. Its owner decides how long that is worth it (the app's session keeps one per plan).

    The tables are bounded and locked: one worker thread and the UI thread may use it at once.
    """

    def __init__(self, catalog: Catalog, keep_levelled: bool = False):
        self.catalog = catalog
        self.keep_levelled = keep_levelled
        """Keep the schedules' levelled networks too (more memory), for `evaluate_ranges` to date them again
        over draws instead of levelling the plan again (`show --ranges`; the app draws small plans only)."""
        self.evaluations = Remembered(EVALUATIONS_REMEMBERED, WORKLOADS_REMEMBERED)
        self.resolutions = Remembered(RESOLUTIONS_REMEMBERED)
        self.costings = Remembered(COSTINGS_REMEMBERED)
        self.schedules = Remembered(SCHEDULES_REMEMBERED, TASKS_REMEMBERED)
        self.hostings = Remembered(HOSTINGS_REMEMBERED)
        self.staffing = staffing_kept()
        self._base: tuple[tuple[str, ...], Evaluation] | None = None
        """(plan key, evaluation without scenarios) of the last `evaluate(plan, scenarios=False)`."""
        self._dumped: list = [None]
        """(the workloads of the last plan evaluated, each one's JSON), in a one-item list (`_plan_key`)."""

    def room_for(self, plan: Plan) -> None:
        """Room in the tables for every schedule an evaluation of the plan builds (the plan's and each scenario's, each
        beside its rented-GPU variant) and their staff spans, so that the next evaluation finds them all: the tables
        forget the least recently used, and an evaluation asks for them in the same order each time (the budgets of
        tasks and spans still hold)."""
        runs = 1 + len(plan.scenarios)
        self.schedules.size = max(self.schedules.size, 2 * runs)
        self.staffing.size = max(self.staffing.size, 3 * runs)

    def hosting(self, assumptions: Assumptions) -> HostingKept | None:
        """What choose_hosting keeps for this set of assumptions (None when they cannot be a key)."""
        try:
            key = tuple((k, type(v).__name__, v) for k, v in assumptions.items())
            hash(key)
        except TypeError:
            return None
        found = self.hostings.get(key)
        if found is None:
            found = HostingKept()
            self.hostings.put(key, found)
        return found

    def evaluate(self, plan: Plan, scenarios: bool = True) -> Evaluation:
        """The plan's evaluation; a plan equal to a recently evaluated one (same values, same types) gets
        the same Evaluation object back.

        `scenarios=False`: the plan's own evaluation without its named scenarios (`scenarios` empty), what
        the app's first screen needs; the next `evaluate` of the same plan adds the scenarios to it
        instead of evaluating the plan again.
        """
        key = _plan_key(plan, self._dumped)  # not the plan object: its lists could have been changed in place
        base = None
        if key is not None:
            found = self.evaluations.get(key)
            if found is not None:
                return found
            kept = self._base
            if kept is not None and kept[0] == key:
                base = kept[1]
        self.room_for(plan)
        if base is None:
            base = _evaluate_once(plan, self.catalog, None, self)
        if not scenarios and plan.scenarios:
            self._base = (key, base) if key is not None else None
            return base
        evaluation = _with_scenarios(plan, self.catalog, base, self)
        if key is not None:
            self.evaluations.put(key, evaluation, len(plan.workloads))
        return evaluation


def evaluate(plan: Plan, catalog: Catalog) -> Evaluation:
    """Evaluate a valid plan: placements, costs, sizing, schedule, ledger, and each named scenario.

    Nothing outlives the call (the scenarios reuse what the plan's own evaluation computed). A plan without
    scenarios is evaluated without an Evaluator: nothing would reuse what it keeps (the schedules of the
    plan and of the rented-GPU variant, the quotes), which would only add to the memory the evaluation peaks at.
    """
    return _evaluate(plan, catalog, Evaluator(catalog) if plan.scenarios else None)


def _evaluate(plan: Plan, catalog: Catalog, kept: Evaluator | None) -> Evaluation:
    return _with_scenarios(plan, catalog, _evaluate_once(plan, catalog, None, kept), kept)


def _with_scenarios(plan: Plan, catalog: Catalog, base: Evaluation, kept: Evaluator | None) -> Evaluation:
    """`base` (the plan's own evaluation) with each named scenario evaluated."""
    if not plan.scenarios:
        return base
    scenarios = []
    for name, scenario in sorted(plan.scenarios.items()):
        other = _evaluate_once(plan, catalog, scenario.overrides, kept)
        ledger = other.ledger
        scenarios.append(
            ScenarioResult(
                name=name,
                description=scenario.description,
                tco=ledger.tco if ledger else {},
                break_even_month=ledger.break_even_month if ledger else None,
                on_prem_break_even_month=ledger.on_prem_break_even_month if ledger else None,
                placements={r.id: r.placement for r in other.workloads},
            )
        )
    return base.model_copy(update={"scenarios": scenarios})
