"""One unit across strategies: cost per million tokens and per successful request (issue 21).

Tokens are what a request carries (input + output tokens, without the token overhead); requests are
the successful ones (retries are in the cost, not in the count). Two figures for hardware:
- reservation-based: the whole cost of keeping the capacity available, divided by the tokens actually served;
- usage-only: the same cost times the hardware's utilization (output tokens served / what its capacity could
  serve in `hours_per_month`), as if only busy GPU time were paid. Comparing an API price with this figure
  flatters self-hosting; it is shown beside the reservation-based one, labelled, never instead of it.
Per workload the figures are month 1 (hardware amortized over `amortization_months`, as the ledger's
per-workload on-prem cost; rented GPUs: the workload's GPUaaS quote, rental + storage + egress + ML engineering
share, its utilization measured over the hours the rental bills); per strategy they are the TCO over the horizon divided by the tokens of every
workload over the horizon (grown per plan year).
"""

from __future__ import annotations

from operator import itemgetter

from planner.domain.coremodel import SET_VALUES
from planner.domain.ledger import CATEGORIES, plan_year
from planner.domain.money import ROUND_DOWN_BELOW, ROUND_SCALED_BELOW, ROUND_UP_ABOVE, round_like_builtin
from planner.domain.memo import changed_places
from planner.domain.resolve import Assumptions
from planner.domain.results import GpuaasQuote, GpuGroup, Ledger, Sizing, UnitCost, UnitCosts, WorkloadResult

HARDWARE_CATEGORIES = tuple(c for c in CATEGORIES if c not in ("cloud_api", "embeddings"))
"""Ledger categories that keep capacity available (everything but the API bill)."""


_PER_WORKLOAD = itemgetter("id", "cloud_cost_usd_per_month", "requests_per_month", "input_tokens", "output_tokens", "cloud_model", "gpuaas")
"""What a workload's unit costs read of its result, from its `__dict__`."""


_BY_ID = ("by id",)
"""The key, in `unit_costs`' kept table, of its table of each workload's unit costs by the workload's id."""
_BILLED = ("billed",)
"""The key, in `unit_costs`' kept table, of its table of each quote's billed capacity by the quote's id."""
_ONPREM_BASIS = "month 1, amortized hardware + running costs + operations staff"
"""A workload's on-prem unit cost's basis (with its share where it is less than all)."""

_NEW_OBJECT = object.__new__
"""`object.__new__`, read once: a UnitCost made from another's values as `of_valid(values, compact=True)` makes it (an
object of the class, its values set by the slot's own setter), without the class method's call."""

def _rounded_pair(per_mtok: float, per_request: float) -> tuple[float, float]:
    """(`round_like_builtin(per_mtok, 4, 1e4)`, `round_like_builtin(per_request, 6, 1e6)`): a unit cost's two figures, rounded in one call (its
    body twice, inline)."""
    scaled = per_mtok * 1e4
    mtok = None
    if per_mtok.__class__ is float and 0.0 < scaled < ROUND_SCALED_BELOW:
        fraction = scaled % 1.0
        if fraction < ROUND_DOWN_BELOW:
            mtok = (scaled - fraction) / 1e4
        elif fraction > ROUND_UP_ABOVE:
            mtok = (scaled - fraction + 1.0) / 1e4
    if mtok is None:
        mtok = round(per_mtok, 4)
    scaled = per_request * 1e6
    if per_request.__class__ is float and 0.0 < scaled < ROUND_SCALED_BELOW:
        fraction = scaled % 1.0
        if fraction < ROUND_DOWN_BELOW:
            return mtok, (scaled - fraction) / 1e6
        if fraction > ROUND_UP_ABOVE:
            return mtok, (scaled - fraction + 1.0) / 1e6
    return mtok, round(per_request, 6)


_UNIT_FIELDS = ("usd_per_mtok", "usd_per_request", "usage_only_usd_per_mtok", "usage_only_usd_per_request", "utilization", "basis")
"""UnitCost's fields in its order: what `_unit_figures` gives."""


def _unit_figures(usd: float, tokens: float, requests: float, basis: str, utilization: float | None = None, utilization_rounded: float | None = None) -> tuple:
    """A UnitCost's values in its fields' order (`_UNIT_FIELDS`); `utilization_rounded`: `round(utilization, 4)` when
    the caller has it (one utilization for many workloads)."""
    per_mtok = usd / tokens * 1e6 if tokens else 0.0
    per_request = usd / requests if requests else 0.0
    if utilization is None:
        return (*_rounded_pair(per_mtok, per_request), None, None, None, basis)
    if utilization_rounded is None:
        utilization_rounded = round_like_builtin(utilization, 4, 1e4)
    return (*_rounded_pair(per_mtok, per_request), *_rounded_pair(per_mtok * utilization, per_request * utilization), utilization_rounded, basis)


def _unit_cost(figures: tuple) -> UnitCost:
    """The UnitCost of `figures` (its values in its fields' order: floats from true division and rounding, or None, and
    the basis text: what validation keeps, not validated; ~30,000 per evaluation at 10,000 workloads). The first of an
    evaluation: the others are made as copies of its `__dict__` (a compact dict, see `_Result.compact`) that take their
    values, inline (`_unit`, `unit_costs`' on-prem ones)."""
    return UnitCost.of_valid(dict(zip(_UNIT_FIELDS, figures)))


def _unit(usd: float, tokens: float, requests: float, basis: str, utilization: float | None = None, utilization_rounded: float | None = None, like: dict | None = None) -> UnitCost:
    """The UnitCost of `_unit_figures` (`like`: an earlier UnitCost's `__dict__`, see `_unit_cost`). With `like`, its figures set in the copy as they are
    worked out (as `_unit_figures` works them out), not gathered in a tuple and spread again: two calls and two tuples
    less per unit cost (a cloud and a rented-GPU one per workload)."""
    if like is None:
        return _unit_cost(_unit_figures(usd, tokens, requests, basis, utilization, utilization_rounded))
    per_mtok = usd / tokens * 1e6 if tokens else 0.0
    per_request = usd / requests if requests else 0.0
    values = like.copy()
    values["usd_per_mtok"], values["usd_per_request"] = _rounded_pair(per_mtok, per_request)
    if utilization is None:
        values["usage_only_usd_per_mtok"] = values["usage_only_usd_per_request"] = values["utilization"] = None
    else:
        values["usage_only_usd_per_mtok"], values["usage_only_usd_per_request"] = _rounded_pair(per_mtok * utilization, per_request * utilization)
        values["utilization"] = round_like_builtin(utilization, 4, 1e4) if utilization_rounded is None else utilization_rounded
    values["basis"] = basis
    made = _NEW_OBJECT(UnitCost)  # `UnitCost.of_valid(values, compact=True)`, inline
    SET_VALUES(made, values)
    return made


def utilization(groups: list[GpuGroup], results: dict[str, dict], share: dict[str, float], a: Assumptions, whole: bool = False) -> float | None:
    """Output tokens the groups serve in a month over what their capacity could serve in `hours_per_month` (None: no capacity).

    `results`: each workload's result's fields (its `__dict__`) by workload id; `whole`: every share `share` gives is
    1.0 (`_all_whole`, or no share given): each workload's served tokens times 1.0, as `share.get(w, 1.0)` gives it
    (the same floats, without a lookup per workload)."""
    capacity = 0  # (each sum here adds one item at a time from 0, as `sum` did before Python 3.12: the same floats on 3.12)
    for group in groups:
        capacity += group.capacity_tokens_per_s
    capacity = capacity * a.num("hours_per_month") * 3600
    if capacity <= 0:
        return None
    served = 0
    read, share_of = results.get, share.get
    if whole:
        for group in groups:
            for w in group.workloads:
                values = read(w)
                if values is not None:
                    served += values["requests_per_month"] * values["output_tokens"] * 1.0
        return min(1.0, served / capacity)
    for group in groups:
        for w in group.workloads:
            values = read(w)
            if values is not None:
                served += values["requests_per_month"] * values["output_tokens"] * share_of(w, 1.0)
    return min(1.0, served / capacity)


def _all_whole(share: dict[str, float]) -> bool:
    """Every share is exactly 1.0 (what `utilization` reads for a workload without one)."""
    for value in share.values():
        if value != 1.0 or value.__class__ is not float:
            return False
    return True


def _rented_krw(quote: dict) -> int:
    """Month 1 on rented GPUs: rental, storage, egress and the ML engineering share (what the gpuaas strategy's threshold
    counts); `quote`: a GpuaasQuote's fields (its `__dict__`)."""
    return quote["rental_krw_per_month"] + quote["storage_krw_per_month"] + quote["egress_krw_per_month"] + quote["staff_krw_per_month"]


def _rented_basis(quote: dict) -> str:
    """`quote`: a GpuaasQuote's fields (its `__dict__`)."""
    return f"month 1 on {quote['gpus']} x {quote['gpu']} rented ({quote['provider']}, {quote['pricing'].replace('_', ' ')}): rental + storage + egress + ML engineering share"


def _billed_capacity(quote: GpuaasQuote) -> float:
    """Output tokens the rented replicas could serve in a month's hours billed at the quote's pricing (0 without its option)."""
    values = quote.__dict__  # its fields (where pydantic keeps them): one attribute read, not one per field through the hook
    pricing, gpus = values["pricing"], values["gpus"]
    for option in values["options"]:
        if option.pricing == pricing:
            hours = option.gpu_hours_per_month / gpus if gpus else 0.0
            return values["capacity_tokens_per_s"] * hours * 3600
    return values["capacity_tokens_per_s"] * 0.0 * 3600


def _rented_utilization(requests: float, output_tokens: float, quote: GpuaasQuote, capacity: float | None = None) -> float | None:
    """Output tokens served in month 1 (the result's requests and output tokens) over what the rented replicas could
    serve in the hours billed (None: no capacity). `capacity`: `_billed_capacity(quote)` where the caller has it."""
    if capacity is None:
        capacity = _billed_capacity(quote)
    if capacity <= 0:
        return None
    used = requests * output_tokens / capacity
    return used if used < 1.0 else 1.0  # (`min(1.0, ...)` written out: the same, without the call)


def _rented_and_owned_utilization(
    rented: list[dict],
    owned: list[GpuGroup],
    owned_share: dict[str, float],
    by_id: dict[str, dict],
    by_category: dict[str, int],
    a: Assumptions,
    billed: tuple[dict, dict] = ({}, {}),
    owned_util: float | None = None,
    whole: bool = False,
) -> float | None:
    """A strategy's utilization where some workloads run on rented GPUs: the rented ones measured over the hours the
    rentals bill, the owned GPUs over `hours_per_month`; weighted by what each part costs over the horizon (rental vs
    the other capacity categories). None when neither has capacity. `rented`, `by_id`: results' fields (their `__dict__`);
    `owned_util`: `utilization(owned, by_id, owned_share, a)` where the caller has it (`whole`: see `utilization`);
    `billed`: (the previous evaluation's, this one's) `_billed_capacity` of each quote, (quote, capacity) by its id (the
    figures it reads are the quote's own; an unchanged workload keeps its quote: `ledger.placement_prices`)."""
    before, now = billed
    served = capacity = 0.0
    for r in rented:
        quote = r["gpuaas"]
        key = id(quote)
        found = now.get(key)  # (an entry in `now` holds its quote: no other object has its id)
        if found is None:
            found = before.get(key)
            if found is None or found[0] is not quote:  # the entry keeps its quote: the same object, not one at its address
                found = (quote, _billed_capacity(quote))
            now[key] = found
        capacity += found[1]
        served += r["requests_per_month"] * r["output_tokens"]
    rented_util = min(1.0, served / capacity) if capacity > 0 else None
    if owned_util is None:
        owned_util = utilization(owned, by_id, owned_share, a, whole)
    rental = by_category.get("gpu_rental", 0)
    other = sum(by_category.get(c, 0) for c in HARDWARE_CATEGORIES) - rental
    parts = [(rental, rented_util), (other, owned_util if owned_util is not None else rented_util)]
    weight = sum(cost for cost, util in parts if util is not None)
    if weight <= 0:
        return None
    return sum(cost * util for cost, util in parts if util is not None) / weight


def _horizon_tokens(results: list[dict], horizon: int, a: Assumptions) -> tuple[float, float]:
    """(tokens, requests) of every workload over the horizon, grown per plan year; `results`: their fields (`__dict__`)."""
    growth = a.num("usage_growth_per_year")
    factor = 0  # (each sum adds one item at a time from 0, as `sum` did before Python 3.12: the same floats on 3.12)
    for m in range(1, horizon + 1):
        factor += (1 + growth) ** (plan_year(m) - 1)
    tokens = requests = 0
    for v in results:
        volume = v["requests_per_month"]
        tokens += volume * (v["input_tokens"] + v["output_tokens"])
        requests += volume
    return tokens * factor, requests * factor


def unit_costs(results: list[WorkloadResult], sizing: Sizing, ledger: Ledger, a: Assumptions, kept=None) -> UnitCosts:
    """Cost per million tokens and per request, per strategy (horizon) and per workload (month 1), in USD.

    `kept` (the evaluation's `gpuaas.HostingKept`: one catalog, one set of assumptions): a workload's cloud and rented-GPU
    unit costs as the previous evaluation made them, by every figure they read (its cloud cost, volume and model; its
    quote object, which `ledger.placement_prices` keeps for an unchanged workload); this evaluation's kept for the next."""
    rate = a.num("krw_per_usd")
    before: dict[tuple, tuple] = {} if kept is None else kept.unit_costs
    now: dict[tuple, tuple] = {}
    if kept is not None:
        kept.unit_costs = now
    billed = (before.get(_BILLED, {}), {})  # each quote's billed capacity (`_rented_and_owned_utilization`)
    if kept is not None:
        now[_BILLED] = billed[1]

    # each result's fields from its __dict__ (where a model keeps them): one attribute read per result, not
    # one per field in each of the loops below
    fields = [r.__dict__ for r in results]
    by_id = {v["id"]: v for v in fields}
    pricing = "as billed" if a.text("pricing") == "as_billed" else "list price"
    plan_share = {v["id"]: v["onprem_share"] for v in fields if v["onprem_share"] > 0}
    whole = _all_whole(plan_share)  # (then the gpuaas strategy's owned shares, some of them, are whole too)
    plan_util = utilization(sizing.groups, by_id, plan_share, a, whole)
    full_groups = ledger.on_prem_hardware
    # the same group objects in the same order: the all-on-prem sizing is the plan's where every workload is fully
    # on-prem (`evaluate._plan_sizing`)
    if whole and changed_places(full_groups, sizing.groups) == []:
        full_util = plan_util  # the same groups, every share 1.0 (as `{}` reads them): the same additions
    else:
        full_util = utilization(full_groups, by_id, {}, a, True)
    tokens, requests = _horizon_tokens(fields, ledger.horizon_months, a)
    strategies: dict[str, UnitCost] = {}
    for name, tco in ledger.tco.items():
        usd = tco.total_krw / rate
        unit = _unit(usd, tokens, requests, f"TCO over {ledger.horizon_months} months / tokens of every workload; cloud {pricing}")
        capacity = sum(tco.by_category_krw.get(c, 0) for c in HARDWARE_CATEGORIES) / rate
        if name == "gpuaas":  # every workload with a quote the rules allow rents; the owned GPUs that remain
            rented = [v for v in fields if v["gpuaas"] is not None and (v["placement"] == "gpuaas" or v["gpuaas_offers"])]
            owned_share: dict[str, float] = {}  # (no owned GPUs left, or every share whole: `utilization` reads no share)
            if ledger.gpuaas_hardware and not whole:
                # the plan's shares but the moved workloads' (read by id only: the ids that stay told apart in C)
                stay = plan_share.keys() - {v["id"] for v in rented}
                owned_share = dict(zip(stay, map(plan_share.__getitem__, stay)))
            util = _rented_and_owned_utilization(rented, ledger.gpuaas_hardware, owned_share, by_id, tco.by_category_krw, a, billed, None, whole)
        elif name == "plan":  # the plan's own rented workloads beside its owned GPUs
            rented = [v for v in fields if v["placement"] == "gpuaas" and v["gpuaas"] is not None]
            # (its owned GPUs' utilization: `plan_util`, of the same groups and shares)
            util = _rented_and_owned_utilization(rented, sizing.groups, plan_share, by_id, tco.by_category_krw, a, billed, plan_util) if rented else plan_util
        else:
            util = {"on_prem": full_util}.get(name)
        if util is not None:  # only the capacity part is scaled by utilization
            usage = usd - capacity * (1 - util)
            unit = unit.model_copy(
                update={
                    "usage_only_usd_per_mtok": round(usage / tokens * 1e6, 4) if tokens else 0.0,
                    "usage_only_usd_per_request": round(usage / requests, 6) if requests else 0.0,
                    "utilization": round(util, 4),
                }
            )
        strategies[name] = unit
    workloads: dict[str, dict[str, UnitCost]] = {}
    onprem_krw, onprem_share = ledger.onprem_krw_per_month, ledger.onprem_share_costed  # read once (pydantic: each read pays its hook)
    # the two utilizations rounded once, not once per workload
    plan_rounded, full_rounded = (None if util is None else round(util, 4) for util in (plan_util, full_util))
    # per workload id, what the previous evaluation made of it: (its cloud unit cost's figures and quote, each the
    # result's own object, which a result made from the previous one carries again; its cloud and rented-GPU unit
    # costs; its on-prem figures and unit cost; its entry). The same objects: those unit costs, not looked up by their figures.
    like = None  # a UnitCost made here: its `__dict__`, whose copies the next ones take (`_unit_cost`)
    ids_before: dict[str, tuple] = before.get(_BY_ID, {})
    ids_now: dict[str, tuple] = {}
    if kept is not None:
        now[_BY_ID] = ids_now
    bases: dict[tuple, str] = {}  # `_rented_basis` by what it reads of a quote
    cloud_bases: dict[str, str] = {}  # a cloud unit cost's basis by its model
    onprem_bases: dict[float, str] = {}  # an on-prem unit cost's basis by its share
    for values in fields:
        rid, usd, requests, input_tokens, output_tokens, model, quote = _PER_WORKLOAD(values)
        known = ids_before.get(rid)
        same = known is not None and known[0] is usd and known[1] is requests and known[2] is input_tokens and known[3] is output_tokens and known[4] is model and known[5] is quote
        if same:
            cloud, rented = known[6], known[7]
        else:
            tokens = requests * (input_tokens + output_tokens)
            # (without `kept`, a cold evaluation's, nothing reads the tables after this one: its workloads' unit costs
            # made each its own, their keys neither made nor hashed; ~1% of 1,000 generated workloads are alike)
            cloud = None
            if kept is not None:
                cloud_key = (usd, requests, input_tokens, output_tokens, model, pricing)
                cloud = now.get(cloud_key)
                if cloud is None and before:  # (an empty table, as an Evaluator's first evaluation's: its key not hashed again)
                    cloud = before.get(cloud_key)
            if cloud is None:
                basis = cloud_bases.get(model)
                if basis is None:  # one text per cloud model
                    basis = cloud_bases[model] = f"month 1 on {model}, {pricing}"
                cloud = _unit(usd, tokens, requests, basis, None, None, like)
                like = cloud.__dict__
            if kept is not None:
                now[cloud_key] = cloud
            rented = None
            if quote is not None:
                found = None
                if kept is not None:
                    rented_key = (id(quote), requests, input_tokens, output_tokens)
                    found = now.get(rented_key)
                    if found is None and before:
                        found = before.get(rented_key)
                if found is None or found[0] is not quote:  # the entry keeps its quote: the same object, not one at its address
                    figures = quote.__dict__  # the quote's fields: one attribute read, not ~9 through the hook
                    said = (figures["gpus"], figures["gpu"], figures["provider"], figures["pricing"])
                    basis = bases.get(said)
                    if basis is None:  # quotes alike in what their basis says: one text
                        basis = bases[said] = _rented_basis(figures)
                    kept_capacity = billed[1].get(id(quote))  # its billed capacity where a strategy's utilization read it
                    billed_capacity = kept_capacity[1] if kept_capacity is not None and kept_capacity[0] is quote else None
                    found = (quote, _unit(_rented_krw(figures) / rate, tokens, requests, basis, _rented_utilization(requests, output_tokens, quote, billed_capacity), None, like))
                if kept is not None:
                    now[rented_key] = found
                rented = found[1]
        onprem = onprem_krw.get(rid)
        onprem_figures = onprem_unit = share = parts = None
        if onprem:
            share = onprem_share.get(rid, 1.0)
            # its figures before the utilization as the previous evaluation worked them out where they read the same
            # (its volume: the same objects; its KRW and share: equal), else worked out
            if same and known[10] == onprem and known[11] == share:
                parts = known[12]
            else:  # its month-1 on-prem USD over its on-prem share's tokens and requests, rounded as `_unit_figures` rounds (its basis text once per share)
                onprem_tokens = requests * (input_tokens + output_tokens) * share
                onprem_requests = requests * share
                onprem_usd = onprem / rate
                per_mtok = onprem_usd / onprem_tokens * 1e6 if onprem_tokens else 0.0
                per_request = onprem_usd / onprem_requests if onprem_requests else 0.0
                basis = onprem_bases.get(share)
                if basis is None:
                    basis = onprem_bases[share] = f"{_ONPREM_BASIS}, {share:.0%} on-prem share" if share < 1 else _ONPREM_BASIS
                parts = (per_mtok, per_request, *_rounded_pair(per_mtok, per_request), basis)
            per_mtok, per_request, rounded_mtok, rounded_request, basis = parts
            if rid in plan_share:
                util, util_rounded = plan_util, plan_rounded
            else:
                util, util_rounded = full_util, full_rounded
            if util is None:
                onprem_figures = (rounded_mtok, rounded_request, None, None, None, basis)
                nonzero = 0.0 not in onprem_figures
            else:  # (`_unit_figures`' usage-only figures)
                usage_mtok, usage_request = _rounded_pair(per_mtok * util, per_request * util)
                onprem_figures = (rounded_mtok, rounded_request, usage_mtok, usage_request, util_rounded, basis)
                nonzero = rounded_mtok and rounded_request and usage_mtok and usage_request and util_rounded  # (a number is true where it is not 0.0 or -0.0)
            # the workload's previous on-prem unit cost where its figures came out the same (every edit moves the fleet's
            # utilization and most workloads' on-prem prices by a little, which the rounding mostly hides); not where a
            # figure is zero (0.0 and -0.0 compare equal but are written apart)
            if known is not None and nonzero and known[8] == onprem_figures:
                onprem_unit = known[9]
                if same and kept is not None:
                    # its cloud and rented-GPU unit costs the previous ones (`same`), its on-prem one too: everything
                    # the workload's entry holds is the previous evaluation's, so its kept tuple and entry stand as they
                    # are (their on-prem KRW and parts, where not this evaluation's, are a pair of figures and what they
                    # come to, as the next evaluation reads them)
                    ids_now[rid] = known
                    workloads[rid] = known[13]
                    continue
            elif like is None:
                onprem_unit = _unit_cost(onprem_figures)
                like = onprem_unit.__dict__
            else:  # (`UnitCost.of_valid(values, compact=True)`, inline)
                made = like.copy()
                made["usd_per_mtok"], made["usd_per_request"], made["usage_only_usd_per_mtok"], made["usage_only_usd_per_request"], made["utilization"], made["basis"] = onprem_figures
                onprem_unit = _NEW_OBJECT(UnitCost)
                SET_VALUES(onprem_unit, made)
        elif same and known[10] == onprem and kept is not None:  # (no on-prem cost, as before: the same entry)
            ids_now[rid] = known
            workloads[rid] = known[13]
            continue
        entry = {"cloud": cloud}
        if onprem_unit is not None:
            entry["on_prem"] = onprem_unit
        if rented is not None:
            entry["gpuaas"] = rented
        if kept is not None:  # (without `kept` nothing reads them: not held, at 10,000 workloads ~2 MB)
            ids_now[rid] = (usd, requests, input_tokens, output_tokens, model, quote, cloud, rented, onprem_figures, onprem_unit, onprem, share, parts, entry)
        workloads[rid] = entry
    # dicts of UnitCosts made here for this evaluation, keyed by text: what validation keeps (it walked every workload's)
    return UnitCosts.of_valid({"strategies": strategies, "workloads": workloads})
