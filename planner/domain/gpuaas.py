"""GPU-as-a-service: which rented GPUs the rules allow a workload, and what serving it on them costs.

Eligibility (catalogs/regulations.toml `gpuaas`): every rule that governs the workload's data class
must accept the offer (`never`, `any`, `domestic` = hosted in Korea, `csap` = the offer's CSAP grade at
least the system's, stated as `csap_grade` or `n2sf_class` on the workload or the organization), and
the offer must hold the rule's `gpuaas_certifications`. Data no rule governs may use any offer.

Sizing: the same replica sizing as on-prem (`sizing.fit_gpu`) on each GPU type the offer rents, grown per
plan year like the on-prem staircase; GPUs round up to whole instances and the offer's minimum.
Cost a month: GPU-hours x price (on demand for busy hours x working days, or 24/7 at the 1- or 3-year
reserved price; the cheapest over the horizon, commitments running past it included) + block storage
+ egress + the ML engineering share. No capex, facility or power: the provider owns the hardware.
"""

from __future__ import annotations

import math
from collections import namedtuple
from functools import partial, reduce
from itertools import compress, groupby, repeat
from operator import add, getitem, itemgetter, lt, sub
from typing import Callable, Literal

from planner.domain.catalog import CSAP_ORDER, Catalog, GpuaasOffer, GpuaasPrice, Regulation
from planner.domain.coremodel import SET_VALUES
from planner.domain.money import krw, krw_apart
from planner.domain.messages import msg
from planner.domain.plan import Organization, Plan, Workload
from planner.domain.resolve import FIGURES, Assumptions, ResolvedWorkload
from planner.domain.results import GpuaasOption, GpuaasQuote, TraceStep, WorkloadResult
from planner.domain.sizing import Demand, Demands, fit_chosen, fit_figures, fit_tables, hardware_figures, workload_demand
from planner.domain.messages import Message, msg
from planner.domain.vocabulary import PLACEMENT_PHRASE, data_class, law_source
from planner.domain.vocabulary import catalog_text as _text
from planner.domain.vocabulary import catalog_texts as _list
from planner.domain.records import Frozen

PRICINGS = ("on_demand", "reserved_1y", "reserved_3y")
TERM_MONTHS = {"reserved_1y": 12, "reserved_3y": 36}
_YEAR = itemgetter(0)
PRICING_LABEL = {"on_demand": msg("on demand (busy hours only)"), "reserved_1y": msg("reserved 1 year (24/7)"), "reserved_3y": msg("reserved 3 years (24/7)")}


class Eligibility(Frozen):
    """Which offers the rules allow, and the trace answer saying why. Frozen, compared and hashed by its values, as
    a frozen dataclass (a plain class: Python compiles a dataclass's methods at every start, ~3-4 M instructions)."""

    __slots__ = ("offers", "answer", "source")

    offers: tuple[str, ...]
    """Allowed offer ids, catalog order."""
    answer: Message
    """Why, with the rule's reason."""
    source: Message
    """Laws and rules the answer rests on."""

    def __init__(self, offers: tuple[str, ...], answer: Message, source: Message) -> None:
        object.__setattr__(self, "offers", offers)
        object.__setattr__(self, "answer", answer)
        object.__setattr__(self, "source", source)


GapKind = Literal["no_offer", "model_unknown", "gpu_not_rented", "gpu_too_small", "fits_none"]
"""What `rent_gap` found: the offers are none; the open model is not in the catalog; no offer rents the workload's
own `gpu`; its `gpu` is rented but does not hold the model; the model fits no GPU type the offers rent."""


class RentGap(Frozen):
    """Why some offers cannot serve a workload (`rent_gap`): what was found, for callers to act on, and the message
    that says it (its wording is for people: branch on `kind`). Frozen and compared by value, as Eligibility."""

    __slots__ = ("kind", "reason")

    kind: GapKind
    reason: Message

    def __init__(self, kind: GapKind, reason: Message) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "reason", reason)


def governing_rules(industry: str, data: str, catalog: Catalog) -> list[Regulation]:
    """Rules that govern this data class in this industry; `any`-industry rules first."""
    rules = [r for r in catalog.regulations.values() if r.industry in ("any", industry) and data in r.data_classes]
    return sorted(rules, key=lambda r: r.industry != "any")


def system_grade(rule: Regulation, given: Workload | None, org: Organization) -> tuple[str | None, str]:
    """(CSAP grade the system needs, where it was stated) for a `csap` rule; None when no class is stated or the class forbids."""
    grade = (given.csap_grade if given else None) or org.csap_grade
    if grade:
        return grade, "workload csap_grade" if given and given.csap_grade else "[organization] csap_grade"
    n2sf = (given.n2sf_class if given else None) or org.n2sf_class
    if n2sf:
        where = "workload n2sf_class" if given and given.n2sf_class else "[organization] n2sf_class"
        mapped = rule.n2sf_to_csap.get(n2sf)
        return mapped, f"{where} {n2sf}" + (f" -> CSAP {mapped}" if mapped else f" (no CSAP grade admits N2SF class {n2sf})")
    return None, "no system class stated ([organization] csap_grade or n2sf_class)"


def _accepts(rule: Regulation, offer: GpuaasOffer, grade: str | None) -> bool:
    if not set(rule.gpuaas_certifications) <= set(offer.certifications):
        return False
    if rule.gpuaas == "any":
        return True
    if rule.gpuaas == "domestic":
        return offer.domestic
    if rule.gpuaas == "csap":
        return grade is not None and offer.csap_grade is not None and CSAP_ORDER.index(offer.csap_grade) >= CSAP_ORDER.index(grade)
    return False


def eligible_offers(workload: ResolvedWorkload, given: Workload | None, plan: Plan, catalog: Catalog) -> Eligibility:
    """Offers the industry's rules allow for the workload's data (a `[hardware] gpuaas` pin narrows them to one)."""
    offers = list(catalog.gpuaas.values())
    if plan.hardware.gpuaas:
        offers = [o for o in offers if o.id == plan.hardware.gpuaas]
    if not offers:
        return Eligibility((), msg("no: the GPUaaS catalog has no offer"), Message("catalogs/gpuaas.toml"))
    rules = governing_rules(plan.organization.industry, workload.data, catalog)
    if not rules:
        names = ", ".join(o.provider for o in offers)
        return Eligibility(tuple(o.id for o in offers), msg("yes: no rule governs {data} data; any offer ({names})", data=data_class(workload.data), names=names), Message("catalogs/regulations.toml"))
    allowed = offers
    reasons: list[Message] = []
    for rule in rules:
        grade, stated = system_grade(rule, given, plan.organization) if rule.gpuaas == "csap" else (None, "")
        allowed = [o for o in allowed if _accepts(rule, o, grade)]
        why = _text(rule.gpuaas_reason or rule.reason)
        rule_id = f"regulation.{rule.id}"
        if rule.gpuaas == "never":
            reason = msg("{rule}: never ({why})", rule=rule_id, why=why)
        elif rule.gpuaas == "domestic":
            reason = msg("{rule}: hosted in Korea ({why})", rule=rule_id, why=why)
        elif rule.gpuaas == "csap" and grade:
            reason = msg("{rule}: CSAP {grade} or higher, {stated} ({why})", rule=rule_id, grade=grade, stated=stated, why=why)
        elif rule.gpuaas == "csap":
            reason = msg("{rule}: CSAP grade needed, {stated} ({why})", rule=rule_id, stated=stated, why=why)
        else:
            reason = msg("{rule}: any offer ({why})", rule=rule_id, why=why)
        if rule.gpuaas_certifications:
            reason = msg("{reason}; offer must hold {certifications}", reason=reason, certifications=", ".join(rule.gpuaas_certifications))
        reasons.append(reason)
    source = _list([law_source(r) for r in rules], "; ")
    joined = _list(reasons, "; ")
    if not allowed:
        return Eligibility((), msg("no: {reasons}", reasons=joined), source)
    names = ", ".join(f"{o.provider}" + (f" (CSAP {o.csap_grade})" if o.csap_grade else "") for o in allowed)
    return Eligibility(tuple(o.id for o in allowed), msg("yes: {names}; {reasons}", names=names, reasons=joined), source)


# --- cost ------------------------------------------------------------------------------------------


def _krw(amount: float, offer: GpuaasOffer, a: Assumptions) -> float:
    return amount * a.num("krw_per_usd") if offer.currency == "USD" else amount


def _instances(gpus: int, price: GpuaasPrice, offer: GpuaasOffer) -> int:
    whole = math.ceil(gpus / price.gpus_per_instance) * price.gpus_per_instance
    return max(whole, offer.min_gpus)


def rental_months(gpus_by_year: list[int], hours: float, price_krw: float, term: int, months: list[tuple[int, float]]) -> tuple[list[float], float]:
    """GPU rental per month and the commitment that runs past the last month.

    `months`: (plan year, share of the month served) per month, from the first month served; `term`:
    commitment months (0 on demand). Reserved GPUs are committed in blocks: when a month needs more
    GPUs than the running blocks hold, a new block of the difference starts for a full term.
    """
    last = len(gpus_by_year)
    # Worked run by run of one plan year (`groupby`), not month by month: the GPUs needed change only there.
    if term <= 0:
        costs: list[float] = []
        for year, run in groupby(months, _YEAR):
            cost = gpus_by_year[min(year, last) - 1] * hours * price_krw
            costs += [cost * share for _, share in run]
        return costs, 0.0
    # Reserved: the GPUs held change only where the plan year changes or a block ends; between, each month costs what
    # the one before did (times 1.0, as every month after the first).
    count = len(months)
    blocks: list[list[int]] = []  # [month index it ends before, GPUs] per running block, earliest end first
    costs = []
    active = 0
    past = 0
    index = 0
    for year, run in groupby(months, _YEAR):
        need = gpus_by_year[min(year, last) - 1]
        end = index + len([*run])
        while index < end:
            if blocks and blocks[0][0] == index:
                active -= blocks.pop(0)[1]
            if active < need:
                blocks.append([index + term, need - active])
                if index + term > count:
                    past += (need - active) * (index + term - count)
                active = need
            cost = active * hours * price_krw
            upto = blocks[0][0] if blocks and blocks[0][0] < end else end
            if index == 0:
                costs.append(cost * months[0][1])
                index = 1
            if upto > index:
                costs += repeat(cost * 1.0, upto - index)
                index = upto
    return costs, past * hours * price_krw


def _gpuaas_staff_krw_per_month(catalog: Catalog) -> float:
    return sum(r.gpuaas_ops_fte * r.salary_krw_per_year.mid / 12 for r in catalog.roles.values())


def _ops_staff_krw_per_month(catalog: Catalog) -> float:
    return sum(r.ops_fte * r.salary_krw_per_year.mid / 12 for r in catalog.roles.values())


def _growth_factors(horizon_months: int, a: Assumptions) -> list[float]:
    years = math.ceil(horizon_months / 12)
    return [(1 + a.num("usage_growth_per_year")) ** (y - 1) for y in range(1, years + 1)]


def _replicas_by_year(replicas: int, capacity: float, peak: float, factors: list[float]) -> list[int]:
    per_replica = capacity / replicas if replicas else 0.0
    if per_replica <= 0:
        return [replicas for _ in factors]
    grown = []
    for f in factors:  # (`max(replicas, needed)` written out: the same, without the call, once per workload and GPU type)
        needed = math.ceil(peak * f / per_replica - 1e-9)
        grown.append(needed if needed > replicas else replicas)
    return grown


# What the quotes of one evaluation share (one catalog, one set of assumptions, one horizon), kept in
# the evaluation's memo dict: nothing here depends on which workload asks.


def _horizon(memo: dict, horizon_months: int, a: Assumptions) -> tuple[list[float], list[tuple[int, float]]]:
    """(usage growth factor per plan year, (plan year, 1.0) per month) over the horizon."""
    key = ("gpuaas.horizon", horizon_months)
    found = memo.get(key)
    if found is None:
        found = memo[key] = (_growth_factors(horizon_months, a), [((m - 1) // 12 + 1, 1.0) for m in range(1, horizon_months + 1)])
    return found


def _month_years(memo: dict, horizon_months: int) -> Callable[[list[float]], tuple[float, ...]]:
    """A function giving, of figures per plan year, each month's over the horizon (month 1 first): `itemgetter` of each
    month's plan year (0 = year 1), which `sum` adds in a tight loop, month by month (what the ledger adds)."""
    key = ("gpuaas.years", horizon_months)
    found = memo.get(key)
    if found is None:
        years = [(m - 1) // 12 for m in range(1, horizon_months + 1)]
        if len(years) > 1:
            found = itemgetter(*years)
        else:  # itemgetter of one index gives the item, not a tuple

            def found(values: list[float], years: tuple[int, ...] = tuple(years)) -> tuple[float, ...]:
                return tuple(values[y] for y in years)

        memo[key] = found
    return found


def _staff(memo: dict, catalog: Catalog, owned: bool) -> float:
    key = ("gpuaas.staff", owned)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _ops_staff_krw_per_month(catalog) if owned else _gpuaas_staff_krw_per_month(catalog)
    return found


def _rental_total(memo: dict, gpus: list[int], hours: float, price_krw: float, term: int, months: list[tuple[int, float]]) -> int:
    """Rental over whole months of the horizon, commitment past its end included (KRW, rounded)."""
    key = ("gpuaas.rental", tuple(gpus), hours, price_krw, term, len(months))
    found = memo.get(key)
    if found is None:
        costs, past = rental_months(gpus, hours, price_krw, term, months)
        found = memo[key] = round(sum(costs) + past)
    return found


class _Priced(namedtuple("_Priced", "total_krw gpu offer tp replicas gpus options storage egress staff capacity_tokens_per_s pinned shown")):
    """The cheapest way to serve a workload on one offer, before it becomes a GpuaasQuote (a tuple: made for every quote).
    A `collections.namedtuple`, not a `typing.NamedTuple`: that turns each annotation's text into a ForwardRef, whose
    `compile()` makes Python build its syntax-tree types (~9 M instructions) in every process (no other compile() runs)."""

    __slots__ = ()

    total_krw: int
    gpu: str
    offer: GpuaasOffer
    tp: int
    replicas: list[int]
    gpus: list[int]
    options: list[tuple[int, str, float, float]]
    """(total KRW, pricing, KRW per GPU-hour, GPU-hours in month 1), cheapest first."""
    storage: float
    egress: float
    staff: float
    capacity_tokens_per_s: float
    """Output tokens/s the month-1 replicas serve."""
    pinned: bool
    """`gpu` is the workload's own `gpu`."""
    shown: dict
    """What the quotes of loads renting alike share (`_rentals`' entry holds it, one offer, GPU type, TP and replicas
    per plan year): "options", the options as GpuaasOption objects (frozen, never changed), and per `pinned` the first
    such quote's values (`_quote_values`), of which a quote sets its own."""

    def quote(self) -> GpuaasQuote:
        """The quote, made without validation (`_Result.of_valid`: every value has its field's exact type, the lists
        are the quote's own but its options, shared with quotes renting alike): ~1,000 quotes per cold evaluation of
        1,000 workloads. The values are a copy of the first such quote's (a compact dict: its copy keeps the class's
        keys and their order), with what is the load's own set: its rental's GPUs, offer and options are the same."""
        shown = self.shown
        values = shown.get(self.pinned)
        if values is None:
            values = shown[self.pinned] = _quote_values(self)
        values = values.copy()
        values["gpus_by_year"] = list(self.gpus)  # ints (`_instances`, `_replicas_by_year`), each quote its own lists
        values["replicas_by_year"] = list(self.replicas)
        # (`x.__round__()`: `round(x)` without the builtin's argument parsing; the total an int and the capacity a float
        # as `_priced` gives them, taken as they are: `int` and `float` give those objects themselves)
        values["storage_krw_per_month"] = self.storage.__round__()
        values["egress_krw_per_month"] = self.egress.__round__()
        values["staff_krw_per_month"] = self.staff.__round__()
        total, capacity = self.total_krw, self.capacity_tokens_per_s
        values["total_krw"] = total if total.__class__ is int else int(total)
        values["capacity_tokens_per_s"] = capacity if capacity.__class__ is float else float(capacity)
        made = _NEW_OBJECT(GpuaasQuote)  # `GpuaasQuote.of_valid(values, compact=True)`, inline (its values a compact dict)
        SET_VALUES(made, values)
        return made


_NEW_TUPLE = tuple.__new__
"""`tuple.__new__`, read once: a `_Priced` made from its values in field order (what its `__new__` does with them)."""
_NEW_OBJECT = object.__new__
"""`object.__new__`, read once: a quote made from a compact dict of its values as `of_valid(values, compact=True)` makes it."""


def _quote_values(priced: _Priced) -> dict:
    """Every value of the quote of `priced`, in the quote's field order, as a compact dict (`_Result.compact`)."""
    shown = priced.shown
    options = shown.get("options")
    if options is None:
        options = shown["options"] = [
            GpuaasOption.of_valid({"pricing": pricing, "price_krw_per_gpu_hour": float(price), "gpu_hours_per_month": float(hours), "total_krw": int(total)})
            for total, pricing, price, hours in priced.options
        ]
    offer = priced.offer
    first = options[0].__dict__
    return GpuaasQuote.compact(
        {
            "offer": offer.id,
            "provider": offer.provider,
            "region": offer.region,
            "gpu": priced.gpu,
            "gpu_pinned": priced.pinned,
            "gpus_per_replica": int(priced.tp),
            "replicas": int(priced.replicas[0]),
            "gpus": int(priced.gpus[0]),
            "gpus_by_year": [int(g) for g in priced.gpus],
            "replicas_by_year": [int(r) for r in priced.replicas],
            "pricing": first["pricing"],
            "options": options,
            "rental_krw_per_month": round(first["gpu_hours_per_month"] * first["price_krw_per_gpu_hour"]),
            "storage_krw_per_month": round(priced.storage),
            "egress_krw_per_month": round(priced.egress),
            "staff_krw_per_month": round(priced.staff),
            "total_krw": int(priced.total_krw),
            "owned_total_krw": 0,
            "owned_gpu": "",
            "rented_on_fleet_krw": 0,
            "lead_time_days": int(offer.lead_time_days),
            "capacity_tokens_per_s": float(priced.capacity_tokens_per_s),
            "assumption": offer.assumption,
            "price_assumed": first["pricing"] in offer.assumed_pricings,
            "price_basis": offer.price_basis,
        }
    )


def _offer_terms(memo: dict, offer: GpuaasOffer, a: Assumptions) -> tuple[list[tuple[GpuaasPrice, list[tuple[str, float, float, int]]]], float, float]:
    """((price, [(pricing, KRW per GPU-hour, the same rounded, commitment months)]) per GPU type the
    offer rents, KRW per TB-month of storage, KRW per GB of egress): the offer's prices in KRW."""
    key = ("gpuaas.offer", offer.id)
    found = memo.get(key)
    if found is None:
        prices = []
        for price in offer.prices:
            ways = []
            for pricing in PRICINGS:
                per_hour = getattr(price, pricing)
                if per_hour is not None:
                    krw_hour = _krw(per_hour, offer, a)
                    if a.level("gpuaas_price_factor") is not None:  # a plan's pin (ranges draw it in the ledger)
                        krw_hour *= a.level("gpuaas_price_factor")
                    ways.append((pricing, krw_hour, round(krw_hour, 2), TERM_MONTHS.get(pricing, offer.min_commitment_months)))
            prices.append((price, ways))
        found = memo[key] = (prices, _krw(offer.storage_per_tb_month, offer, a), _krw(offer.egress_per_gb, offer, a))
    return found


class _Load:
    """One workload's load and the fits of its open model on the GPU types asked so far (one evaluation)."""

    __slots__ = ("workload", "model", "demand", "fits")

    def __init__(self, workload: ResolvedWorkload, catalog: Catalog, a: Assumptions, demand: Demand | None = None):
        self.workload = workload
        self.model = catalog.open_models.get(workload.open_model)
        self.demand = workload_demand(workload, 1.0, a) if demand is None else demand
        self.fits: dict[str, tuple | None] = {}

    def fit(self, catalog: Catalog, gpu, a: Assumptions, memo: dict) -> tuple[bool, int, int, float, int] | None:
        """(slow, TP, replicas, capacity, cost over the amortization period) on this GPU type, or None."""
        if gpu.id not in self.fits:
            self.fits[gpu.id] = fit_figures(catalog, self.model, gpu, self.workload.precision, self.demand, a, memo)
        return self.fits[gpu.id]


def _rentals(
    memo: dict, gpus: list[int], ways: list[tuple[str, float, float, int]], on_demand_hours: float, reserved_hours: float, months: list[tuple[int, float]]
) -> tuple[list[int], list[tuple[int, str, float, float]], dict]:
    """(GPUs per plan year, each way to pay for them: (total KRW over the horizon, pricing, KRW per GPU-hour, GPU-hours
    in month 1), cheapest first, what the quotes renting so share (`_Priced.shown`)) of renting `gpus` on demand for the busy hours or reserved around the clock."""
    options: list[tuple[int, str, float, float]] = []
    for pricing, krw_hour, krw_hour_shown, term in ways:
        hours = on_demand_hours if pricing == "on_demand" else reserved_hours
        total = _rental_total(memo, gpus, hours, krw_hour, term, months)
        options.append((total, pricing, krw_hour_shown, round(gpus[0] * hours, 1)))
    options.sort(key=lambda o: o[0])
    return gpus, options, {}


def _offer_table(memo: dict, offer_ids: tuple[str, ...], catalog: Catalog, a: Assumptions) -> list[tuple[GpuaasOffer, float, float, list[tuple[int, GpuaasPrice, object, list]]]]:
    """(offer, KRW per TB-month of storage, KRW per GB of egress, (position, price, GPU type, ways to pay) per GPU type of
    the catalog it rents) per offer, in the order asked: what pricing these offers reads of them, the same for every load."""
    key = ("gpuaas.offer_table", offer_ids)
    found = memo.get(key)
    if found is None:
        found = []
        for offer_id in offer_ids:
            offer = catalog.gpuaas[offer_id]
            prices, storage_krw, egress_krw = _offer_terms(memo, offer, a)
            rents = [(position, price, gpu, ways) for position, (price, ways) in enumerate(prices) for gpu in [catalog.gpus.get(price.gpu)] if gpu is not None]
            found.append((offer, storage_krw, egress_krw, rents))
        memo[key] = found
    return found


def _table_gpus(memo: dict, offer_ids: tuple[str, ...], table: list) -> tuple[list, tuple[str, ...]]:
    """(the GPU types these offers rent (`_offer_table`), each once, in the order the table first names them; their ids)."""
    key = ("gpuaas.table_gpus", offer_ids)
    found = memo.get(key)
    if found is None:
        seen: dict[str, object] = {}
        for _offer, _storage, _egress, rents in table:
            for _position, _price, gpu, _ways in rents:
                seen.setdefault(gpu.id, gpu)
        found = memo[key] = (list(seen.values()), tuple(seen))
    return found


def _rent_rows(memo: dict, offer_ids: tuple[str, ...], table: list, gpus: list, grown: tuple, hours: tuple[float, float], a: Assumptions, months: list, factors: list[float]) -> list:
    """Per offer of the table: (offer, KRW per GB of egress, rows, its egress weight), a row per GPU type it rents that the
    load may rent and pay for: (GPU id, storage KRW a month per plan year, the cheapest rental over the horizon, the index of
    the GPU type in `gpus`, GPUs per plan year, the ways to pay, what its quotes share, its fixed part, its token: one
    int for the rows alike in rental, storage and the offer's egress price, whose totals for a load are alike). `grown`: (TP,
    replicas per plan year as a tuple) per GPU type of `gpus`, None where the load does not rent it: loads alike in these
    and in their busy hours rent alike over one horizon (`months`: an Evaluator's memo outlives an edit of the horizon,
    which may leave the plan years as they were), so the rows are made once for them all.

    The fixed part and the egress weight let `_cheapest` bound a row's total before working it out: the rental plus the
    storage of every month (as a float), and the egress KRW over the horizon per GB of a month's egress in plan year 1
    (`factors`: the usage growth per plan year); None where a figure is negative or not finite (its rows are all worked
    out). Given with `_bounds` of them and whether any offer has a row: (rows per offer, their bounds, any row)."""
    key = ("gpuaas.rows", offer_ids, grown, hours, len(months))  # the horizon too: 34 and 36 months have 3 plan years each
    found = memo.get(key)
    if found is not None:
        return found
    on_demand_hours, reserved_hours = hours
    # what every entry of these offers over this horizon reads alike, once: the GPU types' positions, the months served
    # in each plan year, each offer's egress weight
    shape_key = ("gpuaas.rows_shape", offer_ids, len(months))
    shape = memo.get(shape_key)
    if shape is None:
        counts = [0] * len(factors)  # months served in each plan year
        for year, _share in months:
            counts[year - 1] += 1
        weights = [_egress_weight(egress_krw, factors, counts) for _offer, _storage_krw, egress_krw, _rents in table]
        shape = memo[shape_key] = ({gpu.id: i for i, gpu in enumerate(gpus)}, counts, weights)
    index_of, counts, weights = shape
    tb: float | None = None  # storage per replica, read where a row needs it
    tokens = memo.get(("gpuaas.row_tokens",))
    if tokens is None:
        tokens = memo[("gpuaas.row_tokens",)] = {}
    found = []
    for (offer, storage_krw, egress_krw, rents), weight in zip(table, weights):
        rows = []
        for position, price, gpu, ways in rents:
            index = index_of[gpu.id]
            figures = grown[index]
            if figures is None:
                continue
            tp, replicas = figures
            options_key = ("gpuaas.options", offer.id, position, tp, replicas, on_demand_hours, reserved_hours, len(months))
            rented = memo.get(options_key)  # loads alike in replicas and busy hours rent alike
            if rented is None:
                rented = memo[options_key] = _rentals(memo, [_instances(r * tp, price, offer) for r in replicas], ways, on_demand_hours, reserved_hours, months)
            rented_gpus, options, shown = rented
            if not options:
                continue
            if tb is None:
                tb = a.num("gpuaas_storage_tb_per_replica")
            rows.append(_row(gpu.id, [r * tb * storage_krw for r in replicas], options[0][0], index, rented_gpus, options, shown, counts, egress_krw, tokens))
        found.append((offer, egress_krw, rows, weight))
    found = memo[key] = (found, _bounds(found), any(entry[2] for entry in found))
    return found


def _bounds(rows_by_offer: list) -> tuple | None:
    """What `_cheapest` bounds rows by, once per `_rent_rows` entry: per egress weight of the offers (the offers of one
    weight together, in the order the first of them comes): (the weight, the smallest fixed part of its rows, its rows
    smallest fixed part first: (fixed part, offer position, the row's place among all rows, offer, the row, the offer's
    KRW per GB of egress)). None where an offer with rows has no egress weight or a row no fixed part (`_cheapest` then
    bounds no row away). Made once per `_rent_rows` entry, read by its ~30 loads alike (cold evaluation of 1,000
    generated workloads: 5 offers, 7 rows, 2 egress weights), where each load went through every offer and row."""
    groups: dict[float, list] = {}
    place = 0
    for position, (offer, egress_krw, rows, weight) in enumerate(rows_by_offer):
        if not rows:
            continue
        if weight is None:
            return None
        group = groups.get(weight)
        if group is None:
            group = groups[weight] = []
        for row in rows:
            fixed = row[7]
            if fixed is None:
                return None
            group.append((fixed, position, place, offer, row, egress_krw))
            place += 1
    found = []
    for weight, rows in groups.items():
        rows.sort(key=itemgetter(0, 2))  # smallest fixed part first (of equals, the first row)
        found.append((weight, rows[0][0], tuple(rows)))
    return tuple(found)


def _row(gpu_id: str, storage: list[float], rental: int, index: int, rented_gpus: list[int], options: list, shown: dict, counts: list[int], egress_krw: float, tokens: dict) -> tuple:
    """A row of `_rent_rows`, with its fixed part (None where a figure is negative or not finite) and its token (`tokens`:
    one catalog's, by the figures a total adds). `counts`: the months of each plan year in the horizon."""
    fixed: float | None = float(rental)
    for count, krw in zip(counts, storage):
        fixed += count * krw
    if not (rental >= 0 and all(krw >= 0 for krw in storage) and 0 <= fixed < math.inf):
        fixed = None
    alike = (rental, *storage, egress_krw)  # rows alike in what a total adds: one token
    token = tokens.get(alike)
    if token is None:
        token = tokens[alike] = len(tokens)
    return (gpu_id, storage, rental, index, rented_gpus, options, shown, fixed, token)


def _egress_weight(egress_krw: float, factors: list[float], counts: list[int]) -> float | None:
    """Egress KRW over the horizon per GB of a month's egress in plan year 1 (`_rent_rows`), None where a figure is
    negative or not finite."""
    weight = 0.0
    for count, factor in zip(counts, factors):
        weight += count * factor * egress_krw
    if not (egress_krw >= 0 and all(f >= 0 for f in factors) and 0 <= weight < math.inf):
        return None
    return weight


def _cheapest(
    rows_by_offer: list, egress_gb: float, staff: float, factors: list[float], monthly: Callable, horizon_months: int, bounded: bool = True, smallest: tuple | None | bool = False
) -> tuple | None:
    """The cheapest row of these offers for a load of this egress and staff share a month: (total KRW, GPU id, row, egress KRW
    a month per plan year, offer); ties: the cheaper GPU id within an offer, then the first offer. A row's total is its
    rental plus each month's storage, egress and staff share, added month by month as the ledger adds them, rounded.

    `bounded`: a row whose total cannot be the cheapest is not worked out. Its bound is its fixed part plus the load's
    egress and staff over the horizon (`_rent_rows`), a few float operations from the figures the total adds (all of them
    nonnegative): the two differ by less than `tolerance` of the bound (the total: ~horizon + 4 rounding errors of at most
    2^-53 relative each, the bound ~5 per plan year; `tolerance` allows more than twice both). A row whose bound less its
    error is more than 2 KRW above the smallest bound plus its error rounds to more KRW than that row does, so it is
    neither its offer's cheapest nor the cheapest of all: the rows left give the same answer. Rows of several offers alike
    in rental, storage and egress price (one token) add alike: worked out once. `bounded=False`: every row worked out
    (tests compare the two). `smallest`: `_bounds(rows_by_offer)` where the caller has it (False: not given). Both
    bounds grow with the fixed part (rounded sums and products of nonnegative finite figures), so the smallest bound of
    the rows of one egress weight is its smallest fixed part's, and once a row is bounded away, every row of the weight
    with a fixed part as large is: the rows of a weight are read smallest fixed part first, up to the first bounded away.
    Of the rows left, the cheapest by (total, offer position, GPU id, the row's place): the first offer's of equal
    totals, within an offer the cheaper GPU id, as every offer's cheapest, then the cheapest offer, gives it."""
    if bounded and 0 <= egress_gb < math.inf and 0 <= staff < math.inf:
        if smallest is False:
            smallest = _bounds(rows_by_offer)
        if smallest is not None:
            years = len(factors)
            tolerance = (horizon_months + 6 * years + 64) * 2.5e-16
            staffed = staff * horizon_months
            up = 1 + tolerance
            lowest = math.inf
            for weight, least, _rows in smallest:  # (the smallest bound of a weight's rows is its smallest fixed part's)
                top = (least + (egress_gb * weight + staffed)) * up
                if top < lowest:
                    lowest = top
            limit = lowest + 2.0
            low = 1 - tolerance
            # the rows of each weight, smallest fixed part first: once one is bounded away, every one after it is; of those
            # left, the cheapest: its total, then the first offer, the cheaper GPU id, the first row (as the offers' order)
            chosen: tuple | None = None  # ((total KRW, offer position, GPU id, place), row, egress, offer)
            worked: dict[int, tuple[int, list[float]]] = {}  # (total, egress) by the row's token: rows alike add alike
            for weight, _least, rows in smallest:
                moved = egress_gb * weight
                for fixed, position, place, offer, row, egress_krw in rows:
                    if (fixed + moved + staffed) * low > limit:
                        break
                    found = worked.get(row[8])
                    if found is None:
                        egress = [egress_gb * f * egress_krw for f in factors]
                        per_year = [s + e + staff for s, e in zip(row[1], egress)]
                        found = worked[row[8]] = ((row[2] + sum(monthly(per_year))).__round__(), egress)  # month by month, as the ledger adds them
                    order = (found[0], position, row[0], place)
                    if chosen is None or order < chosen[0]:
                        chosen = (order, row, found[1], offer)
            if chosen is None:
                return None
            return (chosen[0][0], chosen[0][2], chosen[1], chosen[2], chosen[3])
    best: tuple | None = None  # every row worked out (alike rows once where `bounded`)
    alike: dict[int, tuple[int, list[float]]] = {}
    for offer, egress_krw, rows, _weight in rows_by_offer:
        egress_of: list[float] | None = None
        cheapest: tuple | None = None  # this offer's cheapest (total KRW, GPU id, row, egress)
        for row in rows:
            found = alike.get(row[8]) if bounded else None
            if found is None:
                if egress_of is None:
                    egress_of = [egress_gb * f * egress_krw for f in factors]
                per_year = [s + e + staff for s, e in zip(row[1], egress_of)]
                found = alike[row[8]] = (round(row[2] + sum(monthly(per_year))), egress_of)  # month by month, as the ledger adds them
            total_krw = found[0]
            if cheapest is None or (total_krw, row[0]) < (cheapest[0], cheapest[1]):
                cheapest = (total_krw, row[0], row, found[1])
        if cheapest is not None and (best is None or cheapest[0] < best[0]):
            best = (*cheapest, offer)
    return best


def _best_priced(load: _Load, offer_ids, catalog: Catalog, a: Assumptions, horizon_months: int, staff_share: float, memo: dict, bounded: bool = True) -> _Priced | None:
    """The cheapest way to serve the load on these offers over the horizon (ties: the cheaper GPU id within an offer, then
    catalog order), or None when its model fits none of their GPU types (`_priced`)."""
    if load.model is None:
        return None
    return _priced(load.workload, load.model, load.demand, offer_ids, catalog, a, horizon_months, staff_share, memo, bounded)


def _quoting(memo: dict, offer_ids: tuple[str, ...], catalog: Catalog, a: Assumptions, horizon_months: int) -> tuple:
    """What every quote on these offers over this horizon reads besides its load, once per evaluation: (growth factor per
    plan year, (plan year, share) per month, `_month_years`, `_offer_table`, the GPU types it rents and their ids
    (`_table_gpus`), the rented-GPU staff KRW a month, hours a month, bytes of egress per output token, `_rent_rows`'
    entries of these offers over this horizon by (the GPU types' TP and replicas per plan year, hours), and
    `sizing.fit_tables`' entries of their GPU types by (model id, pinned GPU, precision, prompt shape): a load alike in
    those finds its rows (or fits) there without the call and its larger key (the same objects: `_rent_rows` and
    `fit_tables` keep them in the memo too, which the memo's limit counts; these tables go with the memo when it starts
    afresh)."""
    key = ("gpuaas.quoting", offer_ids, horizon_months)
    found = memo.get(key)
    if found is None:
        factors, months = _horizon(memo, horizon_months, a)
        table = _offer_table(memo, offer_ids, catalog, a)
        gpus, gpu_ids = _table_gpus(memo, offer_ids, table)
        found = memo[key] = (
            factors, months, _month_years(memo, horizon_months), table, gpus, gpu_ids, _staff(memo, catalog, False), a.num("hours_per_month"), a.num("gpuaas_bytes_per_token"), {}, {}
        )
    return found


def _priced(
    workload: ResolvedWorkload, model, demand: Demand, offer_ids, catalog: Catalog, a: Assumptions, horizon_months: int, staff_share: float, memo: dict, bounded: bool = True
) -> _Priced | None:
    """`_best_priced` of the workload's load (its open model, found in the catalog, and its demand). All offers in one
    pass: what depends on the load alone (busy hours, egress volume, staff share) is worked out once, the offers' terms
    once per evaluation (`_quoting`), the fits of its model once per prompt shape (`sizing.fit_tables`), the rentals and
    storage once per (GPU types' TP and replicas per year, hours) (`_rent_rows`: loads alike in replicas and busy hours
    rent alike); the load's own is its fit on each GPU type, its replicas per plan year, its egress and staff share,
    added month by month, for the rows that may be the cheapest (`_cheapest`; `bounded=False`: every row)."""
    if offer_ids.__class__ is not tuple:  # (a tuple as it is: `tuple` would give the same object)
        offer_ids = tuple(offer_ids)
    factors, months, monthly, table, gpus, gpu_ids, staff_krw, hours_per_month, bytes_per_token, rows_of, fits_of = _quoting(memo, offer_ids, catalog, a, horizon_months)
    pinned = workload.pinned_gpu  # the workload's own GPU: rented or not at all (`rent_gap` says why not)
    precision = workload.precision
    fits_key = (model.id, pinned, precision, demand.longest_sequence, demand.input_tokens, demand.output_tokens)  # (what `fit_tables` keys them by)
    tables = fits_of.get(fits_key)
    if tables is None:
        tables = fits_of[fits_key] = fit_tables(catalog, model, gpus, gpu_ids, precision, demand, a, memo, pinned)
    peak = demand.output_tokens_per_s
    grown: list[tuple | None] = []  # per GPU type: (TP, replicas per plan year, month-1 replicas of the fit, their capacity), or None
    rented: list[tuple | None] = []  # per GPU type: (TP, replicas per plan year as a tuple), or None (what `_rent_rows` reads)
    for gpu, fitted in zip(gpus, tables):
        fit = None if fitted is None else fit_chosen(fitted, gpu, demand, a, memo)
        if fit is None:
            grown.append(None)
            rented.append(None)
            continue
        _slow, tp, fit_replicas, capacity, _cost = fit
        replicas = _replicas_by_year(fit_replicas, capacity, peak, factors)
        grown.append((tp, replicas, fit_replicas, capacity))
        rented.append((tp, tuple(replicas)))
    rows_key = (tuple(rented), workload.busy_hours * workload.days_per_month, hours_per_month)
    found = rows_of.get(rows_key)
    if found is None:
        found = rows_of[rows_key] = _rent_rows(memo, offer_ids, table, gpus, rows_key[0], rows_key[1:], a, months, factors)
    rows_by_offer, smallest, any_rows = found
    if not any_rows:
        return None
    # egress volume and staff: the same for every offer
    egress_gb = workload.requests_per_month * workload.output_tokens * bytes_per_token / 1e9
    staff = staff_krw * staff_share
    best = _cheapest(rows_by_offer, egress_gb, staff, factors, monthly, len(months), bounded, smallest)
    if best is None:
        return None
    total_krw, gpu_id, (_gpu, storage, _first, index, rented_gpus, options, shown, _fixed, _token), egress, offer = best
    tp, replicas, fit_replicas, capacity = grown[index]  # type: ignore[misc]
    # `_Priced(...)`: its values as the tuple it is, without the namedtuple's `__new__` (a Python call of 13 arguments)
    return _NEW_TUPLE(
        _Priced,
        (
            total_krw,
            gpu_id,
            offer,
            tp,
            replicas,
            rented_gpus,
            options,
            storage[0],
            egress[0],
            staff,
            capacity / fit_replicas * replicas[0] if fit_replicas else 0.0,
            pinned is not None,
            shown,
        ),
    )


def quote_offer(workload: ResolvedWorkload, offer: GpuaasOffer, catalog: Catalog, a: Assumptions, horizon_months: int, staff_share: float, memo: dict | None = None) -> GpuaasQuote | None:
    """The cheapest way to serve the workload on this offer over the horizon, or None when its model fits none of the offer's GPUs.

    `memo`: a dict held for one catalog and one set of assumptions that every quote shares.
    """
    priced = _best_priced(_Load(workload, catalog, a), (offer.id,), catalog, a, horizon_months, staff_share, {} if memo is None else memo)
    return None if priced is None else priced.quote()


def best_quote(
    workload: ResolvedWorkload, offer_ids: list[str] | tuple[str, ...], catalog: Catalog, a: Assumptions, horizon_months: int, staff_share: float, memo: dict | None = None, demand: Demand | None = None
) -> GpuaasQuote | None:
    """The cheapest allowed offer over the horizon (ties: catalog order). `demand`: the workload's `workload_demand(workload,
    1.0, a)` where the caller has it (the evaluation's `sizing.Demands`)."""
    model = catalog.open_models.get(workload.open_model)
    if model is None:
        return None
    best = _priced(workload, model, workload_demand(workload, 1.0, a) if demand is None else demand, offer_ids, catalog, a, horizon_months, staff_share, {} if memo is None else memo)
    return None if best is None else best.quote()


def quote_offers(allowed: list[str] | tuple[str, ...], plan: Plan, catalog: Catalog) -> tuple[str, ...]:
    """The offers a workload's serving on rented GPUs is quoted on: those the rules allow (`eligible_offers`), else (an
    override to rented GPUs the rules do not allow, which carries that risk) the `[hardware] gpuaas` offer or every offer."""
    return tuple(allowed) or ((plan.hardware.gpuaas,) if plan.hardware.gpuaas else tuple(catalog.gpuaas))


def rent_gap(workload: ResolvedWorkload, offer_ids: list[str] | tuple[str, ...], catalog: Catalog, a: Assumptions, allowed: bool = True, memo: dict | None = None) -> RentGap | None:
    """Why these offers cannot serve the workload (no quote of it can be made: `best_quote` gives None), or None when one
    can: a RentGap, its kind and its message. The workload's own `gpu` (`pinned_gpu`) is the only GPU type its quotes may rent. `allowed`: the offers are the
    ones the rules allow (the message says "the allowed offers")."""
    memo = {} if memo is None else memo
    offers = tuple(o for o in offer_ids if o in catalog.gpuaas)
    if not offers:
        return RentGap("no_offer", msg("the GPUaaS catalog has no offer"))
    load = _Load(workload, catalog, a)
    if load.model is None:
        return RentGap("model_unknown", msg("its open model {model} is not in the catalog", model=workload.open_model))
    rented: dict[str, object] = {}  # GPU types the offers rent at some price, catalog order of the offers
    for _offer, _storage, _egress, rents in _offer_table(memo, offers, catalog, a):
        for _position, _price, gpu, ways in rents:
            if ways:
                rented.setdefault(gpu.id, gpu)
    names = ", ".join(rented) or "-"
    pinned = workload.pinned_gpu
    if pinned is not None:
        if pinned not in rented:
            if allowed:
                return RentGap("gpu_not_rented", msg("no allowed offer rents {gpu}, the workload's GPU (its gpu; they rent {gpus})", gpu=pinned, gpus=names))
            return RentGap("gpu_not_rented", msg("no offer rents {gpu}, the workload's GPU (its gpu; they rent {gpus})", gpu=pinned, gpus=names))
        if load.fit(catalog, rented[pinned], a, memo) is None:
            return RentGap("gpu_too_small", msg("{model} at {precision} does not fit {gpu}, the workload's GPU (its gpu)", model=workload.open_model, precision=workload.precision, gpu=pinned))
        return None
    if any(load.fit(catalog, gpu, a, memo) is not None for gpu in rented.values()):
        return None
    if allowed:
        return RentGap("fits_none", msg("{model} at {precision} fits no GPU type the allowed offers rent ({gpus})", model=workload.open_model, precision=workload.precision, gpus=names))
    return RentGap("fits_none", msg("{model} at {precision} fits no GPU type the offers rent ({gpus})", model=workload.open_model, precision=workload.precision, gpus=names))


def _owned_running(memo: dict, gpu, tp: int, replicas: list[int], horizon_months: int, a: Assumptions) -> float:
    """GPUs and servers bought as usage grows plus running costs, summed month by month over the horizon."""
    key = ("gpuaas.owned", gpu.id, tp, tuple(replicas), horizon_months)
    found = memo.get(key)
    if found is not None:
        return found
    slots = max(1, gpu.gpus_per_server // tp)
    total = 0.0
    capex_so_far = 0.0
    for month in range(1, horizon_months + 1):
        r = replicas[(month - 1) // 12]
        capex, _power, opex = hardware_figures(memo, gpu, r * tp, math.ceil(r / slots), a)  # the same figures every month of a year
        if capex > capex_so_far:
            total += capex - capex_so_far
            capex_so_far = capex
        total += opex
    memo[key] = total
    return total


def _owned(load: _Load, catalog: Catalog, a: Assumptions, horizon_months: int, staff_share: float, memo: dict) -> tuple[int, str] | None:
    if load.model is None:
        return None
    workload = load.workload
    candidates = [catalog.gpus[workload.gpu]] if workload.gpu in catalog.gpus else [g for g in catalog.gpus.values() if g.datacenter]
    fits = [(f, g) for g in candidates for f in [load.fit(catalog, g, a, memo)] if f is not None]
    if not fits:
        return None
    (_slow, tp, fit_replicas, capacity, _cost), gpu = min(fits, key=lambda fg: (fg[0][0], fg[0][4], fg[1].id))
    factors, _months = _horizon(memo, horizon_months, a)
    replicas = _replicas_by_year(fit_replicas, capacity, load.demand.output_tokens_per_s, factors)
    total = _owned_running(memo, gpu, tp, replicas, horizon_months, a)
    total += (_staff(memo, catalog, True) * horizon_months + a.num("facility_one_time_krw")) * staff_share
    return round(total), gpu.id


def owned_estimate(workload: ResolvedWorkload, catalog: Catalog, a: Assumptions, horizon_months: int, staff_share: float, memo: dict | None = None) -> tuple[int, str] | None:
    """(KRW over the horizon, GPU id) of serving the workload alone on owned GPUs: the cheapest datacenter
    GPU that fits (or the plan's), bought as usage grows, running costs, a share of the facility and of
    the operations staff. None when no GPU fits."""
    return _owned(_Load(workload, catalog, a), catalog, a, horizon_months, staff_share, {} if memo is None else memo)


# --- owned GPUs on the plan's shared fleet ---------------------------------------------------------


class _FleetGroup:
    """One sizing group of the fleet: its GPU type, TP, one replica's capacity, the peak on it now (the
    workloads that stay whatever the hosting choice plus the candidates owned now) and each candidate's peak."""

    __slots__ = ("gpu", "tp", "per_replica", "floor", "peak", "peaks", "owned", "cost", "gpus", "members", "columns", "order", "decided")

    def __init__(self, gpu, tp: int, per_replica: float, floor: int):
        self.gpu, self.tp, self.per_replica, self.floor = gpu, tp, per_replica, floor
        self.peak = 0.0
        self.peaks: dict[str, float] = {}
        self.owned = 0
        """Candidates on it now."""
        self.cost = 0.0
        self.gpus: list[int] = []
        self.members: list[tuple] = []
        """(workload id, peak, rented total, ML engineering share, choice) of each candidate on it, in order."""
        self.columns: tuple = ((), (), (), ())
        """The members' ids, peaks, rented totals and shares, each a list."""
        self.order: list[tuple] = []
        """The members in the candidates' order (what moving them reads)."""
        self.decided = False
        """Every member's choice is the cost's."""


KEPT_SIDES = 64
"""Most owned sides a kept table of one group state holds beyond its candidates before it starts afresh (a program limit)."""


def fleet_owned(
    groups: list,
    fleet: dict[str, float],
    candidates: dict[str, tuple[int, int, bool | None]],
    catalog: Catalog,
    a: Assumptions,
    horizon_months: int,
    memo: dict | None = None,
    kept: tuple[dict, dict] | None = None,
    one_by_one: bool = False,
) -> dict[str, tuple[int, int, str, bool]]:
    """What owning each hosting candidate costs the plan: its owned fleet over the horizon with the
    workload minus without it (the marginal cost on the shared fleet), owned vs rented decided for all
    candidates together.

    `groups`: the sizing (GpuGroup) of the fleet with every candidate on owned GPUs; `fleet`: peak output
    tokens/s per workload id in it; `candidates`: per workload id (its rented total over the horizon, the
    ML engineering share in it, None when the cost decides, else True/False: rented/owned whatever the
    cost). Renting costs the plan the rented total, without the ML engineering share while the fleet keeps
    owned GPUs (its operations staff runs the rented ones too, as the ledger stops the rented-GPU staff
    when on-prem operations start). The fleet's cost =
    GPUs and servers bought as usage grows + running costs (per group, as `owned_estimate`) + operations
    staff scaled by its GPUs (`ops_scale`) + the facility, once, while it has any GPU. Candidates start
    owned; in passes, largest saving first, each whose rental costs less than its marginal cost (the
    others as they stand) is rented, and back, until a pass changes none; the same from every candidate
    rented; the cheaper end state for the plan stands (one at a time, no candidate sees the facility and
    staff that go only when every owned GPU goes). A group keeps one replica's capacity when its load
    shrinks (the replica count follows the peak).
    Returns per candidate (owning: marginal KRW over the horizon, renting: KRW over the horizon, GPU type,
    rented).
    `kept` (before, now; one catalog, one set of assumptions): the owned sides of the marginals the previous
    evaluation worked out (`before`) and this one's (`now`, filled here): a table per group state (every figure
    it reads: the group's GPU, replica size, floor, candidates, load, the other groups' GPUs per year) and
    candidate's choice, by the candidate's load. After a one-workload edit the groups without that workload
    stand as they did, and their tables are the previous evaluation's.

    Each group's candidates are read together: moving every candidate to the start of a settling in one pass (the
    group's load changes as it would one by one), and the marginals of a group as it stands one after another
    from one table, the loads they miss sized together. The passes that move candidates one at a time run only where
    the savings as the fleet stands at the start move one. `one_by_one`: every candidate read and moved one at a time
    (the same answers: tests compare the two).
    """
    memo = {} if memo is None else memo
    factors, _months = _horizon(memo, horizon_months, a)
    years = len(factors)
    months_in_year = [min(12, horizon_months - 12 * y) for y in range(years)]
    staff = _staff(memo, catalog, True)
    units = a.num("ops_gpus_per_staff_unit")
    facility = a.num("facility_one_time_krw")
    placed: dict[str, _FleetGroup] = {}
    built: list[_FleetGroup] = []
    get_peak = fleet.get
    members = 0
    for group in groups:
        gpu = catalog.gpus.get(group.gpu)
        if gpu is None or group.replicas <= 0:
            continue
        item = _FleetGroup(gpu, group.gpus_per_replica, group.capacity_tokens_per_s / group.replicas, group.replicas)
        peaks = item.peaks
        total_peak = 0.0
        for workload_id in group.workloads:
            peak = get_peak(workload_id, 0.0)
            if workload_id in candidates:
                peaks[workload_id] = peak
                placed[workload_id] = item
            total_peak += peak
        item.peak = total_peak
        item.owned = len(peaks)
        members += len(peaks)
        built.append(item)
    owned = dict.fromkeys(placed, True)
    # each group's candidates in the order `placed` holds them (group by group): what the marginals read, where every
    # candidate is on one group (one workload in two groups: the marginals are read one by one)
    alone = members == len(placed) and not one_by_one
    # each candidate on its group, in the candidates' order, with its figures: what moving them all reads (and, each
    # group's where every candidate is on one, `item.order`)
    order = []
    for workload_id, figures in candidates.items():
        item = placed.get(workload_id)
        if item is not None:
            entry = (workload_id, item.peaks[workload_id], *figures)
            order.append((item, entry))
            if alone:
                item.order.append(entry)
    if alone:
        for item in built:
            item.members = [(workload_id, peak, *candidates[workload_id]) for workload_id, peak in item.peaks.items()]
            item.columns = tuple(map(list, zip(*item.members)))[:4] if item.members else ((), (), (), ())
            item.decided = all(entry[4] is None for entry in item.members)

    sized: dict[tuple[_FleetGroup, float, int], tuple[float, list[int]]] = {}

    def size(item: _FleetGroup, peak: float, members: int) -> tuple[float, list[int]]:
        """(cost over the horizon, GPUs per plan year) of the group carrying `peak` with `members` candidates
        (once per group state: every candidate's marginal asks for the group as it stands)."""
        key = (item, peak, members)
        found = sized.get(key)
        if found is not None:
            return found
        if peak <= 1e-9 or item.per_replica <= 0:
            found = sized[key] = (0.0, [0] * years)
            return found
        first = max(1, math.ceil(peak / item.per_replica - 1e-9))
        if members == len(item.peaks):
            first = max(first, item.floor)  # as sized: every workload it was sized for is on it
        replicas = _replicas_by_year(first, item.per_replica * first, peak, factors)
        found = sized[key] = (_owned_running(memo, item.gpu, item.tp, replicas, horizon_months, a), [r * item.tp for r in replicas])
        return found

    fixed_of: dict[tuple[int, ...], float] = {}

    def fixed(gpus: tuple[int, ...]) -> float:
        """Operations staff and the facility of a fleet with these GPUs per plan year (once per fleet size)."""
        found = fixed_of.get(gpus)
        if found is None:
            found = fixed_of[gpus] = facility + sum(staff * n * max(1.0, g / units) for n, g in zip(months_in_year, gpus)) if any(gpus) else 0.0
        return found

    total = [0] * years
    for item in built:
        item.cost, item.gpus = size(item, item.peak, item.owned)
        total = [t + g for t, g in zip(total, item.gpus)]

    kept_before, kept_now = kept if kept is not None else ({}, {})
    stands: dict[_FleetGroup, tuple] = {}
    """Per group as it stands (cleared when a candidate moves): (the other groups' GPUs per plan year, its cost, the
    fixed costs of the fleet as it stands, the owned sides of its rented candidates' marginals by their load, the same
    of its owned candidates): this evaluation's tables, or the previous one's where the state is the same (`kept`)."""

    def stand_of(item: _FleetGroup) -> tuple:
        stand = stands.get(item)
        if stand is None:
            rest = [t - g for t, g in zip(total, item.gpus)]
            state = (horizon_months, item.gpu.id, item.tp, item.per_replica, item.floor, len(item.peaks), item.peak, item.owned, tuple(rest))
            tables = []
            for here in (False, True):
                key = (state, here)
                table = kept_now.get(key)
                if table is None:
                    table = kept_before.get(key)  # its entries read nothing but the state and the load: the same now
                    if table is None or len(table) > len(item.peaks) + KEPT_SIDES:
                        table = {}
                    kept_now[key] = table
                tables.append(table)
            stand = stands[item] = (rest, item.cost, fixed(tuple(r + g for r, g in zip(rest, item.gpus))), tables[0], tables[1])
        return stand

    def side(item: _FleetGroup, stand: tuple, peak: float, here: bool) -> tuple[float, bool]:
        """(the fleet's cost with the candidate of this load owned minus without it, whether the fleet without it has
        owned GPUs), the group as it stands."""
        rest = stand[0]
        if here:  # with it, the group as it stands: size(item, item.peak, item.owned) is (item.cost, item.gpus)
            with_cost, with_fixed = stand[1], stand[2]
            without_cost, without_gpus = size(item, item.peak - peak, item.owned - 1)
        else:
            with_cost, with_gpus = size(item, item.peak + peak, item.owned + 1)
            with_fixed = fixed(tuple(r + g for r, g in zip(rest, with_gpus)))
            without_cost, without_gpus = size(item, item.peak + peak - peak, item.owned)
        without = tuple(r + g for r, g in zip(rest, without_gpus))
        return (with_cost - without_cost + with_fixed - fixed(without), any(without))

    def marginal(workload_id: str) -> tuple[float, float]:
        """(the fleet's cost with the workload owned minus without it, what renting it costs the plan), the
        other candidates as they stand."""
        item = placed[workload_id]
        peak = item.peaks[workload_id]
        here = owned[workload_id]
        stand = stand_of(item)
        table = stand[4] if here else stand[3]
        found = table.get(peak)  # candidates alike in load and choice on one group: the same owned side
        if found is None:
            found = table[peak] = side(item, stand, peak, here)
        rent, staff_share, _fixed = candidates[workload_id]
        return found[0], rent - (staff_share if found[1] else 0)

    vectors: dict[tuple, tuple[float, list[int]]] = {}

    def vector(item: _FleetGroup, peak: float, members: int) -> tuple:
        """What `size(item, peak, members)` reads of the load: (the group, its first replicas, its replicas per plan
        year), or (the group, None) where it carries none. Each part rises with the load (a ceiling of it over the same
        replica's capacity, where the first replicas are the same): two loads alike in these, every load between them is too."""
        if peak <= 1e-9 or item.per_replica <= 0:
            return (item, None)
        first = max(1, math.ceil(peak / item.per_replica - 1e-9))
        if members == len(item.peaks):
            first = max(first, item.floor)
        return (item, first, *_replicas_by_year(first, item.per_replica * first, peak, factors))

    def vector_size(key: tuple) -> tuple[float, list[int]]:
        """`size` of a load by its `vector`: one object per vector (what a marginal reads of it)."""
        found = vectors.get(key)
        if found is None:
            item = key[0]
            if key[1] is None:
                found = (0.0, [0] * years)
            else:
                replicas = list(key[2:])
                found = (_owned_running(memo, item.gpu, item.tp, replicas, horizon_months, a), [r * item.tp for r in replicas])
            vectors[key] = found
        return found

    def sizes(item: _FleetGroup, loads: list[float], members: int) -> list[tuple[float, list[int]]]:
        """`size(item, load, members)` of each load: the loads in order, the vector worked out at the ends of a run and
        in its middle until both ends of each part are alike (`vector`: every load between them is alike too)."""
        count = len(loads)
        out: list = [None] * count
        if not count:
            return out
        order = sorted(range(count), key=loads.__getitem__)
        keys: dict[int, tuple] = {}
        parts = [(0, count - 1)]
        while parts:
            low, high = parts.pop()
            low_key = keys.get(low)
            if low_key is None:
                low_key = keys[low] = vector(item, loads[order[low]], members)
            high_key = keys.get(high)
            if high_key is None:
                high_key = keys[high] = vector(item, loads[order[high]], members)
            if low_key == high_key:
                found = vector_size(low_key)
                for position in order[low:high + 1]:
                    out[position] = found
            elif high - low <= 1:
                out[order[low]] = vector_size(low_key)
                out[order[high]] = vector_size(high_key)
            else:
                middle = (low + high) // 2
                parts.append((low, middle))
                parts.append((middle, high))
        return out

    def fill(item: _FleetGroup, stand: tuple, peaks: list[float], here: bool) -> None:
        """`side` of each of these loads into the group's table for this choice, the group as it stands: the sizes of
        all loads at once (`sizes`), the fleet's figures once per size."""
        rest = stand[0]
        peak_now = item.peak
        by_size: dict[tuple[int, int], tuple[float, bool]] = {}
        if here:
            table = stand[4]
            with_cost, with_fixed = stand[1], stand[2]
            for peak, (without_cost, without_gpus) in zip(peaks, sizes(item, [peak_now - peak for peak in peaks], item.owned - 1)):
                found = by_size.get(id(without_gpus))
                if found is None:
                    without = tuple(r + g for r, g in zip(rest, without_gpus))
                    found = by_size[id(without_gpus)] = (with_cost - without_cost + with_fixed - fixed(without), any(without))
                table[peak] = found
        else:
            table = stand[3]
            withs = sizes(item, [peak_now + peak for peak in peaks], item.owned + 1)
            withouts = sizes(item, [peak_now + peak - peak for peak in peaks], item.owned)
            for peak, (with_cost, with_gpus), (without_cost, without_gpus) in zip(peaks, withs, withouts):
                key = (id(with_gpus), id(without_gpus))
                found = by_size.get(key)
                if found is None:
                    with_fixed = fixed(tuple(r + g for r, g in zip(rest, with_gpus)))
                    without = tuple(r + g for r, g in zip(rest, without_gpus))
                    found = by_size[key] = (with_cost - without_cost + with_fixed - fixed(without), any(without))
                table[peak] = found

    def marginals_of(item: _FleetGroup, entries: list[tuple]) -> list[tuple[str, float, float]]:
        """`marginal` of these candidates of the group, as it stands: (workload id, owned side, rented side) each; the
        loads not in the group's tables worked out together (`fill`)."""
        stand = stand_of(item)
        off, on = stand[3], stand[4]
        heres = [owned[entry[0]] for entry in entries]
        for here, table in ((False, off), (True, on)):
            missing = [entry[1] for entry, its in zip(entries, heres) if its is here and entry[1] not in table]
            if missing:
                fill(item, stand, list(dict.fromkeys(missing)), here)
        out = []
        for (workload_id, peak, rent, staff_share, _choice), here in zip(entries, heres):
            found = (on if here else off)[peak]
            out.append((workload_id, found[0], rent - (staff_share if found[1] else 0)))
        return out

    read_together: dict[_FleetGroup, tuple] = {}
    """Per group, (its stand, its members' choice, `together` of it): read again while the group stands as it did (its
    stand the same object: `stands` is cleared at every move) and its members choose the same."""

    def together(item: _FleetGroup) -> tuple[bool, list[float], list[float]] | None:
        """`marginals_of` every member of a group whose members are all owned (or all rented): (owned, owned sides,
        rented sides), read from its table in one pass; None where their choices differ."""
        count = len(item.members)
        if not count or item.owned not in (0, count):
            return None
        here = item.owned == count
        stand = stand_of(item)
        known = read_together.get(item)
        if known is not None and known[0] is stand and known[1] is here:
            return known[2]
        table = stand[4] if here else stand[3]
        _ids, peaks, rents, shares = item.columns
        if not all(map(table.__contains__, peaks)):
            fill(item, stand, list(dict.fromkeys(peak for peak in peaks if peak not in table)), here)
        found = list(map(table.__getitem__, peaks))
        alike = here, list(map(_ID, found)), [rent - (share if f[1] else 0) for f, rent, share in zip(found, rents, shares)]
        read_together[item] = (stand, here, alike)
        return alike

    saved_together: dict[_FleetGroup, tuple] = {}
    """Per group, (`together` of it, each member's saving by id from it): read again while `together` gives the same."""

    def savings_of(workload_ids: list[str]) -> list[float]:
        """`saving` of each of these candidates, the fleet as it stands: of a group whose members all choose alike, every
        member's from `together` (in C, once per group as it stands); of another, every member's from its group's tables
        (`mixed_savings`, once per group as it stands)."""
        items = list(map(placed.__getitem__, workload_ids))
        by_item: dict[_FleetGroup, dict[str, float]] = {}
        for item in dict.fromkeys(items):
            alike = together(item)
            if alike is None:
                by_item[item] = mixed_savings(item)
                continue
            saved = saved_together.get(item)
            if saved is None or saved[0] is not alike:
                saved = saved_together[item] = (alike, dict(zip(item.columns[0], map(sub, alike[1], alike[2]))))
            by_item[item] = saved[1]
        return list(map(getitem, map(by_item.__getitem__, items), workload_ids))

    saved_mixed: dict[_FleetGroup, tuple] = {}
    """Per group whose members choose apart, (its stand, each member's saving by id): read again while it stands."""

    def mixed_savings(item: _FleetGroup) -> dict[str, float]:
        """`saving` of every member of a group whose members choose apart, the group as it stands: each choice's loads
        missing in its table filled together (`fill`), then each member's from the table of its choice."""
        stand = stand_of(item)
        known = saved_mixed.get(item)
        if known is not None and known[0] is stand:  # (the entry holds its stand: no other object takes its identity)
            return known[1]
        off, on = stand[3], stand[4]
        ids, peaks, rents, shares = item.columns
        heres = list(map(owned.__getitem__, ids))
        for here, table in ((False, off), (True, on)):
            missing = [peak for peak, its in zip(peaks, heres) if its is here and peak not in table]
            if missing:
                fill(item, stand, list(dict.fromkeys(missing)), here)
        saved = {}
        for workload_id, peak, rent, share, here in zip(ids, peaks, rents, shares, heres):
            found = (on if here else off)[peak]
            saved[workload_id] = found[0] - (rent - (share if found[1] else 0))
        saved_mixed[item] = (stand, saved)
        return saved

    def passes_together(order_of: list[str], savings: dict[str, float]) -> None:
        """The passes of `settle`, each candidate's saving as the fleet stands when its turn comes: read for the next
        candidates together (`savings_of`, a run that doubles while none moves), again from the one after a move."""
        switched = False
        count = len(order_of)
        end = count  # the candidates after the last move were read as the fleet stands now: they move none again
        for _pass in range(PASSES):
            changed = False
            start = 0
            run = PASS_RUN
            last = -1
            while start < end:
                part = order_of[start:min(start + run, end)]
                values = savings_of(part) if switched else [savings[w] for w in part]
                moves = next((k for k, (w, value) in enumerate(zip(part, values)) if (value > 0) == owned[w]), None)
                if moves is None:
                    start += len(part)
                    run *= 2
                    continue
                switch(part[moves])
                changed = switched = True
                last = start + moves
                start = last + 1
                run = PASS_RUN
                end = count
            if not changed:
                break
            end = last + 1

    def switch(workload_id: str, resize: bool = True) -> _FleetGroup:
        """Move the candidate between owned and rented; `resize=False`: leave its group's cost and GPUs to
        `resized` (switching many at once: the group's load changes as it would one by one)."""
        item = placed[workload_id]
        stands.clear()  # every marginal reads the fleet as it stands
        owned[workload_id] = not owned[workload_id]
        sign = 1 if owned[workload_id] else -1
        item.peak += sign * item.peaks[workload_id]
        item.owned += sign
        if resize:
            resized(item)
        return item

    def resized(item: _FleetGroup) -> None:
        nonlocal total
        before = item.gpus
        item.cost, item.gpus = size(item, item.peak, item.owned)
        total = [t - b + g for t, b, g in zip(total, before, item.gpus)]

    def saving(workload_id: str) -> float:
        own, rent = marginal(workload_id)
        return own - rent

    def settle(start_owned: bool) -> float:
        """Decide from every candidate owned (or rented); the plan's cost of the hosting choices reached."""
        moved = {}
        for item, entries in [(item, item.order) for item in built] if alone else [(None, [entry for _item, entry in order])]:
            if item is not None and item.decided and entries and item.owned == (0 if start_owned else len(entries)):
                # every member moves: the group's load changes as it would one by one, in the candidates' order
                item.peak = reduce(add if start_owned else sub, map(_PEAK, entries), item.peak)
                item.owned = len(entries) if start_owned else 0
                owned.update(dict.fromkeys(map(_ID, entries), start_owned))
                moved[id(item)] = item
                continue
            for workload_id, peak, _rent, _share, choice in entries:  # as `switch(resize=False)` one by one
                want = (choice is False) if choice is not None else start_owned
                if owned[workload_id] != want and one_by_one:
                    moved[id(switch(workload_id, resize=False))] = placed[workload_id]
                elif owned[workload_id] != want:
                    owned[workload_id] = want
                    its = placed[workload_id]
                    if want:
                        its.peak += peak
                        its.owned += 1
                    else:
                        its.peak -= peak
                        its.owned -= 1
                    moved[id(its)] = its
        if moved:
            stands.clear()
        for item in moved.values():
            resized(item)
        # as the fleet stands until the first switch
        if alone:
            savings = {}
            for item in built:
                alike = together(item) if item.decided else None
                if alike is not None:
                    savings.update(zip(item.columns[0], map(sub, alike[1], alike[2])))
                else:
                    savings.update({workload_id: own - rent for workload_id, own, rent in marginals_of(item, [e for e in item.members if e[4] is None])})
        else:
            savings = {w: saving(w) for w in decided}
        # a saving moves a candidate (`start_owned in [s > 0 for s in savings.values()]`, in C): the passes, one at a time
        if one_by_one or (any(map(_POSITIVE, savings.values())) if start_owned else not all(map(_POSITIVE, savings.values()))):
            order_of = [w for _saving, w in sorted(zip([-savings[w] for w in decided], decided))]  # largest saving first
            if alone:
                passes_together(order_of, savings)
            else:
                switched = False
                for _pass in range(PASSES):
                    changed = False
                    for workload_id in order_of:
                        if ((saving(workload_id) if switched else savings[workload_id]) > 0) == owned[workload_id]:
                            switch(workload_id)
                            changed = switched = True
                    if not changed:
                        break
        empty = not any(total)
        rented = [entry for _item, entry in order if not owned[entry[0]]] if False in owned.values() else []
        rents = sum([rent for _w, _peak, rent, _share, _choice in rented] if empty else [rent - share for _w, _peak, rent, share, _choice in rented])
        return sum(item.cost for item in built) + fixed(tuple(total)) + rents

    decided = [w for w in placed if candidates[w][2] is None]
    # One at a time, a candidate cannot see the facility and staff that go only when every owned GPU goes:
    # settle from both ends and keep the cheaper (ties: from owned).
    from_rented = settle(False)
    rented_state = dict(owned)
    if settle(True) > from_rented:
        moved = {}
        for workload_id, want in rented_state.items():
            if owned[workload_id] != want:
                item = switch(workload_id, resize=False)
                moved[id(item)] = item
        for item in moved.values():
            resized(item)
    found = {}
    if alone:
        for item in built:
            gpu_id = item.gpu.id
            alike = together(item)
            if alike is not None:
                # (`x.__round__()`: `round(x)` without the builtin's argument parsing, as placement's prices)
                found.update(zip(item.columns[0], zip([own.__round__() for own in alike[1]], [rent.__round__() for rent in alike[2]], repeat(gpu_id), repeat(not alike[0]))))
                continue
            for workload_id, own, rent in marginals_of(item, item.members):
                found[workload_id] = (own.__round__(), rent.__round__(), gpu_id, not owned[workload_id])
        return found
    for w, item in placed.items():
        own, rent = marginal(w)
        found[w] = (round(own), round(rent), item.gpu.id, not owned[w])
    return found


_ID, _PEAK = itemgetter(0), itemgetter(1)
"""A fleet member's (or a table's answer's) first item, its workload id (its owned side); its second, its peak."""
_POSITIVE = partial(lt, 0)
"""`s > 0` (as `0 < s`: the number's own comparison, reflected)."""

PASSES = 4
"""Most passes over the hosting candidates before the fleet's choice stands (a program limit; one or two suffice on the sample plans)."""

PASS_RUN = 16
"""Candidates whose savings a pass reads together after a move (`fleet_owned`; doubled while none moves): a speed setting."""


# --- owned or rented -------------------------------------------------------------------------------


def _hosting_step(
    quote: GpuaasQuote,
    owned: tuple[int, str] | None,
    horizon_months: int,
    rented: bool,
    switched_off: bool = False,
    rent: float | None = None,
    fleet: bool = False,
    shared: dict | None = None,
) -> TraceStep:
    """`switched_off`: renting is cheaper but the assumption gpuaas_hosting keeps the owned GPUs; `rent`: what
    renting costs (the quote's total when None); `fleet`: both sides are what the plan pays (`fleet_owned`);
    `shared` (one placement run's dict): the step's source, the same for every quote of an offer, made once; the
    step itself, the same for every quote alike in the figures it shows."""
    figures = quote.__dict__  # the quote's fields (one attribute read, not one per field)
    rent_krw = figures["total_krw"] if rent is None else rent
    cost, owned_cost = krw_apart(rent_krw, owned[0]) if owned is not None else (krw(rent_krw), "")
    options = figures["options"]
    if not options:
        hourly = "?"
    elif shared is None:
        hourly = f"{options[0].price_krw_per_gpu_hour:,.0f}"
    else:  # the hourly price's text once per price (a few per offer), by the exact figure (not a zero: -0.0 reads apart)
        price = options[0].price_krw_per_gpu_hour
        key = ("gpuaas.hourly", price.__class__, price)
        hourly = shared.get(key) if price else None
        if hourly is None:
            hourly = f"{price:,.0f}"
            if price:
                shared[key] = hourly
    # Quotes alike in every figure the step shows share one step (10,000 generated workloads: 3,501 hosting steps, 20 different)
    shown = (
        "gpuaas.hosting", figures["price_assumed"], figures["gpus"], figures["gpu"], figures["provider"], figures["pricing"], hourly, cost, owned is None,
        None if owned is None else (owned_cost, owned[1], fleet and owned[0] <= 0), rented, switched_off, fleet, horizon_months,
        figures["offer"], figures["price_basis"], figures["assumption"], figures["gpu_pinned"],
    )
    found = shared.get(shown) if shared is not None else None
    if found is not None:
        return found
    gpu = msg("{gpu} (the workload's GPU)", gpu=quote.gpu) if quote.gpu_pinned else quote.gpu
    terms = {"gpus": quote.gpus, "gpu": gpu, "provider": quote.provider, "pricing": PRICING_LABEL[quote.pricing], "price": hourly, "cost": cost}
    if quote.price_assumed:
        rent_text = msg("rented {gpus} x {gpu} at {provider}, {pricing} at {price} KRW per GPU-hour (an assumed price): {cost}", **terms)
    else:
        rent_text = msg("rented {gpus} x {gpu} at {provider}, {pricing} at {price} KRW per GPU-hour: {cost}", **terms)
    if owned is None and rented:
        answer = msg("{rent}; no owned GPU type fits -> rented GPUs", rent=rent_text)
    elif owned is None:
        answer = msg("{rent}; no owned GPU type fits, but the assumption gpuaas_hosting is off -> owned GPUs (on-prem)", rent=rent_text)
    else:
        if fleet and owned[0] <= 0:  # it rides on GPUs the plan owns for other workloads anyway
            own = msg("owned {gpu} added to the plan's GPUs: {cost} (they have room for it)", gpu=owned[1], cost=owned_cost)
        elif fleet:
            own = msg("owned {gpu} added to the plan's GPUs: {cost}", gpu=owned[1], cost=owned_cost)
        else:
            own = msg("owned {gpu}: {cost}", gpu=owned[1], cost=owned_cost)
        if rented:
            answer = msg("{rent} vs {own} over {months} months -> rented GPUs (GPUaaS)", rent=rent_text, own=own, months=horizon_months)
        elif switched_off:
            answer = msg(
                "{rent} vs {own} over {months} months -> owned GPUs (on-prem): renting is cheaper, but the assumption gpuaas_hosting is off", rent=rent_text, own=own, months=horizon_months
            )
        else:
            answer = msg("{rent} vs {own} over {months} months -> owned GPUs (on-prem)", rent=rent_text, own=own, months=horizon_months)
    key = ("gpuaas.hosting.source", quote.offer, fleet, quote.price_basis, quote.assumption)
    source = shared.get(key) if shared is not None else None
    if source is None:
        source = _with_price_basis(_fleet_source(quote.offer) if fleet else _hosting_source(quote.offer), quote)
        if shared is not None:
            shared[key] = source
    step = TraceStep.of("gpuaas.hosting", HOSTING_QUESTION, answer, source)
    if shared is not None:
        shared[shown] = step
    return step


def _with_price_basis(source: Message, quote: GpuaasQuote) -> Message:
    """The hosting step's source followed by what the offer's prices rest on (the catalog's `price_basis`)."""
    if quote.price_basis:
        return msg("{source}: {basis}", source=source, basis=_text(quote.price_basis))
    if quote.assumption:
        return msg("{source}; prices are assumptions (see the offer)", source=source)
    return source


def _fleet_source(offer: str) -> Message:
    """The hosting step's source where both sides are what the plan pays."""
    return msg(
        "Hosting choice on what the plan pays: rented = GPU-hours x price + storage + egress (+ the ML engineering "
        "share only when the plan owns no other GPUs); owned = what the workload adds to the plan's owned GPUs (with it minus "
        "without it: GPUs and servers as usage grows, running costs, operations staff by GPU count, the facility if no other "
        "workload needs it); every hosting choice decided together; prices {file} ({offer})",
        file="catalogs/gpuaas.toml",
        offer=offer,
    )


HOSTING_QUESTION = msg("Owned or rented GPUs: which costs less over the horizon?")


def _hosting_source(offer: str) -> Message:
    """The hosting step's source for one offer."""
    return msg(
        "Hosting choice: rented = GPU-hours x price + storage + egress + ML engineering share; "
        "owned = GPUs and servers as usage grows + running costs + facility and operations staff shares; "
        "prices {file} ({offer})",
        file="catalogs/gpuaas.toml",
        offer=offer,
    )


def unfit_step(workload: ResolvedWorkload, offer_ids: list[str] | tuple[str, ...], catalog: Catalog, a: Assumptions, memo: dict | None = None) -> TraceStep:
    """The hosting step where the allowed offers cannot serve the workload (`rent_gap`: no GPU type they rent fits the
    open model, or none of them rents the workload's own `gpu`): owned GPUs stay."""
    gap = rent_gap(workload, offer_ids, catalog, a, True, memo)
    # not asked where a quote was made; the sizing's words where it is
    reason = gap.reason if gap is not None else msg("{model} at {precision} fits no GPU type the allowed offers rent", model=workload.open_model, precision=workload.precision)
    return TraceStep(
        rule="gpuaas.hosting",
        question=HOSTING_QUESTION,
        answer=msg("owned: {reason}", reason=reason),
        source=msg("{file}; sizing as on-prem", file="catalogs/gpuaas.toml"),
    )


def choose_hosting(
    results: list[WorkloadResult], resolved: list[ResolvedWorkload], plan: Plan, catalog: Catalog, a: Assumptions, kept: HostingKept | None = None
) -> list[WorkloadResult]:
    """A workload the plan places on rented GPUs (`gpuaas`) serves there at its quote: the one the placement's
    hosting step priced, or, for an override the numbers did not price, the cheapest offer the rules allow
    (every offer when they allow none: the override then carries the risk, a warning says so).

    Owned vs rented is decided (and its trace step written) in the placement step itself; this only completes
    what serving on rented GPUs needs. `kept` (an Evaluator's, for this catalog and these assumptions) carries
    the previous evaluation's quotes: a workload whose resolved object, offers and staff share are unchanged
    is not quoted again."""
    places = [r.placement for r in results]
    if "gpuaas" not in places:
        return results
    share = None  # the ML engineering share of a workload quoted here, worked out at the first (the others carry their quote)
    horizon = plan.horizon_months
    if kept is None:
        kept = HostingKept()
    memo = kept.memo  # shape-level fits, rentals, offer terms: shared by every quote (one catalog, one set of assumptions)
    before, now = kept.quotes, {}
    out: list[WorkloadResult] = list(results)  # the others as they are (at 10,000 generated workloads: one on rented GPUs)
    for index in compress(range(len(places)), map("gpuaas".__eq__, places)):
        result, workload, given = results[index], resolved[index], plan.workloads[index]
        # the offers the rules allow: the placement step's where it asked (a self-hosted answer), else asked now
        # (an override of a cloud answer: the rules may well allow rented GPUs for its data)
        allowed = tuple(result.gpuaas_offers) or eligible_offers(workload, given, plan, catalog).offers
        quote = result.gpuaas
        offers = quote_offers(allowed, plan, catalog)
        if quote is None:
            if share is None:  # one over every self-hosted workload (offers, or placed on GPUs)
                share = 1 / max(1, len({r.id for r, place in zip(results, places) if r.gpuaas_offers or place in _SELF_HOSTING}))
            key = (id(workload), tuple(offers), share, horizon)
            entry = before.get(key)
            if entry is None or entry[0] is not workload:
                priced = _best_priced(_Load(workload, catalog, a), offers, catalog, a, horizon, share, memo)
                entry = (workload, None if priced is None else priced.quote())
            now[key] = entry
            quote = entry[1]
        warnings = list(result.warnings)
        if not allowed:
            warnings.append(msg("rented GPUs are not allowed for its {data} data by the rules; the override carries that risk", data=result.data))
        if quote is None:  # validation refuses such an override (`override_problems`); a plan evaluated unvalidated says so
            gap = rent_gap(workload, offers, catalog, a, bool(allowed), memo)
            warnings.append(msg("{reason}: serving it on rented GPUs is not costed", reason=gap.reason if gap is not None else msg("no quote")))
        out[index] = result.model_copy(update={"onprem_share": 0.0, "gpuaas": quote, "warnings": warnings})
    kept.quotes = now
    if len(memo) > MEMO_ENTRIES:
        memo.clear()
    return out


_SELF_HOSTING = frozenset(("gpuaas", "on_prem", "on_prem_airgap"))
"""The placements on GPUs (owned or rented): what makes a workload self-hosted (`choose_hosting`'s staff share)."""

MEMO_ENTRIES = 50_000
"""Most shape-level entries a HostingKept memo holds before it starts afresh (a program limit)."""


def workload_figures(workload: ResolvedWorkload) -> tuple:
    """Every field of a resolved workload but its id and name, in order: what a quote of it may read (`best_quote`
    and `owned_estimate` read its load, model, precision and GPU, never which workload it is)."""
    return FIGURES(workload)


class HostingKept:
    """What the quotes keep between evaluations with one catalog and one set of assumptions: the memo of
    shape-level figures (fits, rentals, offer terms, owned hardware), and each quoted workload's (resolved
    workload, quote) by (its id, offers, staff share, horizon) for `choose_hosting`, and `placed`, the placement
    step's quotes by (`workload_figures`, offers, staff share, horizon) (`ledger.placement_prices`), with
    `placed_workloads`, the figures of the workloads it quoted (both added to from one evaluation to the next)."""

    def __init__(self) -> None:
        self.memo: dict = {}
        self.quotes: dict[tuple, tuple[ResolvedWorkload, GpuaasQuote | None]] = {}
        self.placed: dict[tuple, GpuaasQuote | None] = {}
        self.placed_workloads: dict[tuple, tuple] = {}
        """(resolved workload, `workload_figures` of it, staff share, horizon, its quote) by (its id, offers), for
        `placed`'s keys (the entry holds the workload object: no other takes its id)."""
        self.demands: Demands | None = None
        """The peak loads the last evaluation with these assumptions sized (`sizing.Demands`)."""
        self.fleet_quotes: dict[tuple, tuple[GpuaasQuote, GpuaasQuote]] = {}
        """The last evaluation's placement quotes with their owned figures on the fleet (`ledger.placement_prices`)."""
        self.marginals: dict[tuple, dict[float, tuple[float, bool]]] = {}
        """The last evaluation's owned sides of the fleet's marginals, a table per group state and choice by the
        candidate's load (`fleet_owned(kept=...)`)."""
        self.unit_costs: dict[tuple, object] = {}
        """The last evaluation's per-workload cloud and rented-GPU unit costs (`unit_costs.unit_costs(kept=...)`)."""
        self.hosting_steps: dict[tuple, tuple] = {}
        """The last evaluation's hosting steps of those quotes (`placement._fleet_hosting_step`)."""
        self.placements: dict[tuple, tuple] = {}
        """The last evaluation's placements owned vs rented on the fleet decided, without their trace so far and their
        prices (`placement.place_workloads`, `owned_or_rented`)."""
        self.tie_answers: dict[tuple, object] = {}
        """The last evaluation's priced answers of the numbers step's ties (`placement._priced_answer`)."""
        self.results: dict[tuple, tuple] = {}
        """The last evaluation's workload results placed from one of `placements`' entries (`evaluate._workload_results`)."""
        self.books: dict[tuple, object] = {}
        """The last evaluation's cloud paths of each ledger book (`ledger._CloudKept` by (slot, strategy), `build_ledger(books=...)`)."""

    MEMO_ENTRIES = MEMO_ENTRIES


def period_costs(quote: GpuaasQuote, months: list[tuple[int, float]], growth: float) -> tuple[str, list[float], float, list[float], list[float]]:
    """Serving a quote over some months ((plan year, share of the month) each, from the first served):
    (cheapest pricing for these months, rental per month, commitment past the last month, storage per
    month, egress per month). A short period (a bridge) may pay on demand where the horizon pays reserved."""
    if not months or quote.gpus <= 0:
        return quote.pricing, [0.0] * len(months), 0.0, [0.0] * len(months), [0.0] * len(months)
    best: tuple[float, str, list[float], float] | None = None
    for option in quote.options:
        hours = option.gpu_hours_per_month / quote.gpus
        costs, past = rental_months(quote.gpus_by_year, hours, option.price_krw_per_gpu_hour, TERM_MONTHS.get(option.pricing, 0), months)
        total = sum(costs) + past
        if best is None or total < best[0]:
            best = (total, option.pricing, costs, past)
    assert best is not None
    per_replica = quote.storage_krw_per_month / quote.replicas if quote.replicas else 0.0
    last = len(quote.replicas_by_year)
    storage = [per_replica * quote.replicas_by_year[min(y, last) - 1] * share for y, share in months]
    egress = [quote.egress_krw_per_month * (1 + growth) ** (y - 1) * share for y, share in months]
    return best[1], best[2], best[3], storage, egress
