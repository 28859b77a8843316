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
from dataclasses import dataclass

from planner.domain.catalog import CSAP_ORDER, Catalog, GpuaasOffer, GpuaasPrice, Regulation
from planner.domain.money import krw
from planner.domain.messages import msg
from planner.domain.plan import Organization, Plan, Workload
from planner.domain.resolve import Assumptions, ResolvedWorkload
from planner.domain.results import GpuaasOption, GpuaasQuote, TraceStep, WorkloadResult
from planner.domain.sizing import fit_gpu, hardware_cost, hardware_opex_krw_per_month, workload_demand

PRICINGS = ("on_demand", "reserved_1y", "reserved_3y")
TERM_MONTHS = {"reserved_1y": 12, "reserved_3y": 36}
PRICING_LABEL = {"on_demand": msg("on demand (busy hours only)"), "reserved_1y": msg("reserved 1 year (24/7)"), "reserved_3y": msg("reserved 3 years (24/7)")}


@dataclass(frozen=True)
class Eligibility:
    """Which offers the rules allow, and the trace answer saying why."""

    offers: tuple[str, ...]
    """Allowed offer ids, catalog order."""
    answer: str
    """Why, with the rule's reason."""
    source: str
    """Laws and rules the answer rests on."""


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
        return Eligibility((), "no: the GPUaaS catalog has no offer", "catalogs/gpuaas.toml")
    rules = governing_rules(plan.organization.industry, workload.data, catalog)
    if not rules:
        names = ", ".join(o.provider for o in offers)
        return Eligibility(tuple(o.id for o in offers), f"yes: no rule governs {workload.data} data; any offer ({names})", "catalogs/regulations.toml")
    allowed = offers
    reasons: list[str] = []
    for rule in rules:
        grade, stated = system_grade(rule, given, plan.organization) if rule.gpuaas == "csap" else (None, "")
        allowed = [o for o in allowed if _accepts(rule, o, grade)]
        why = rule.gpuaas_reason or rule.reason
        if rule.gpuaas == "never":
            reasons.append(f"regulation.{rule.id}: never ({why})")
        elif rule.gpuaas == "domestic":
            reasons.append(f"regulation.{rule.id}: hosted in Korea ({why})")
        elif rule.gpuaas == "csap":
            reasons.append(f"regulation.{rule.id}: CSAP {grade + ' or higher' if grade else 'grade needed'}, {stated} ({why})")
        else:
            reasons.append(f"regulation.{rule.id}: any offer ({why})")
        if rule.gpuaas_certifications:
            reasons[-1] += f"; offer must hold {', '.join(rule.gpuaas_certifications)}"
    source = "; ".join(f"{'; '.join(r.laws)} ({r.source})" for r in rules)
    if not allowed:
        return Eligibility((), "no: " + "; ".join(reasons), source)
    names = ", ".join(f"{o.provider}" + (f" (CSAP {o.csap_grade})" if o.csap_grade else "") for o in allowed)
    return Eligibility(tuple(o.id for o in allowed), f"yes: {names}; " + "; ".join(reasons), source)


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
    if term <= 0:
        return [gpus_by_year[min(y, len(gpus_by_year)) - 1] * hours * price_krw * share for y, share in months], 0.0
    blocks: list[tuple[int, int]] = []  # (first month index, GPUs)
    costs: list[float] = []
    for index, (year, share) in enumerate(months):
        need = gpus_by_year[min(year, len(gpus_by_year)) - 1]
        active = sum(n for first, n in blocks if first <= index < first + term)
        if active < need:
            blocks.append((index, need - active))
            active = need
        costs.append(active * hours * price_krw * (share if index == 0 else 1.0))
    past = sum(n * max(0, first + term - len(months)) for first, n in blocks)
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
    return [max(replicas, math.ceil(peak * f / per_replica - 1e-9)) for f in factors]


def quote_offer(workload: ResolvedWorkload, offer: GpuaasOffer, catalog: Catalog, a: Assumptions, horizon_months: int, staff_share: float, memo: dict | None = None) -> GpuaasQuote | None:
    """The cheapest way to serve the workload on this offer over the horizon, or None when its model fits none of the offer's GPUs."""
    model = catalog.open_models.get(workload.open_model)
    if model is None:
        return None
    demand = workload_demand(workload, 1.0, a)
    factors = _growth_factors(horizon_months, a)
    months = [((m - 1) // 12 + 1, 1.0) for m in range(1, horizon_months + 1)]
    best: GpuaasQuote | None = None
    for price in offer.prices:
        gpu = catalog.gpus.get(price.gpu)
        if gpu is None:
            continue
        fit = fit_gpu(catalog, model, gpu, workload.precision, demand, a, memo)
        if not fit.fits:
            continue
        replicas = _replicas_by_year(fit.replicas, fit.capacity_tokens_per_s, demand.output_tokens_per_s, factors)
        gpus = [_instances(r * fit.tp, price, offer) for r in replicas]
        options: list[GpuaasOption] = []
        for pricing in PRICINGS:
            per_hour = getattr(price, pricing)
            if per_hour is None:
                continue
            krw_hour = _krw(per_hour, offer, a)
            hours = workload.busy_hours * workload.days_per_month if pricing == "on_demand" else a.num("hours_per_month")
            costs, past = rental_months(gpus, hours, krw_hour, TERM_MONTHS.get(pricing, offer.min_commitment_months), months)
            options.append(GpuaasOption(pricing=pricing, price_krw_per_gpu_hour=round(krw_hour, 2), gpu_hours_per_month=round(gpus[0] * hours, 1), total_krw=round(sum(costs) + past)))
        if not options:
            continue
        options.sort(key=lambda o: o.total_krw)
        storage = [r * a.num("gpuaas_storage_tb_per_replica") * _krw(offer.storage_per_tb_month, offer, a) for r in replicas]
        egress_gb = workload.requests_per_month * workload.output_tokens * a.num("gpuaas_bytes_per_token") / 1e9
        egress = [egress_gb * f * _krw(offer.egress_per_gb, offer, a) for f in factors]
        staff = _gpuaas_staff_krw_per_month(catalog) * staff_share
        running = sum(storage[y - 1] + egress[y - 1] + staff for y, _ in months)
        quote = GpuaasQuote(
            offer=offer.id,
            provider=offer.provider,
            region=offer.region,
            gpu=gpu.id,
            gpus_per_replica=fit.tp,
            replicas=replicas[0],
            gpus=gpus[0],
            gpus_by_year=gpus,
            replicas_by_year=replicas,
            pricing=options[0].pricing,
            options=options,
            rental_krw_per_month=round(options[0].gpu_hours_per_month * options[0].price_krw_per_gpu_hour),
            storage_krw_per_month=round(storage[0]),
            egress_krw_per_month=round(egress[0]),
            staff_krw_per_month=round(staff),
            total_krw=round(options[0].total_krw + running),
            lead_time_days=offer.lead_time_days,
            assumption=offer.assumption,
        )
        if best is None or (quote.total_krw, quote.gpu) < (best.total_krw, best.gpu):
            best = quote
    return best


def best_quote(workload: ResolvedWorkload, offer_ids: list[str] | tuple[str, ...], catalog: Catalog, a: Assumptions, horizon_months: int, staff_share: float, memo: dict | None = None) -> GpuaasQuote | None:
    """The cheapest allowed offer over the horizon (ties: catalog order)."""
    best: GpuaasQuote | None = None
    for offer_id in offer_ids:
        quote = quote_offer(workload, catalog.gpuaas[offer_id], catalog, a, horizon_months, staff_share, memo)
        if quote is not None and (best is None or quote.total_krw < best.total_krw):
            best = quote
    return best


def owned_estimate(workload: ResolvedWorkload, catalog: Catalog, a: Assumptions, horizon_months: int, staff_share: float, memo: dict | None = None) -> tuple[int, str] | None:
    """(KRW over the horizon, GPU id) of serving the workload alone on owned GPUs: the cheapest datacenter
    GPU that fits (or the plan's), bought as usage grows, running costs, a share of the facility and of
    the operations staff. None when no GPU fits."""
    model = catalog.open_models.get(workload.open_model)
    if model is None:
        return None
    demand = workload_demand(workload, 1.0, a)
    candidates = [catalog.gpus[workload.gpu]] if workload.gpu in catalog.gpus else [g for g in catalog.gpus.values() if g.datacenter]
    fits = [f for f in (fit_gpu(catalog, model, g, workload.precision, demand, a, memo) for g in candidates) if f.fits]
    if not fits:
        return None
    fit = min(fits, key=lambda f: (f.slow, f.cost_3y_krw, f.gpu.id))
    factors = _growth_factors(horizon_months, a)
    replicas = _replicas_by_year(fit.replicas, fit.capacity_tokens_per_s, demand.output_tokens_per_s, factors)
    slots = max(1, fit.gpu.gpus_per_server // fit.tp)
    total = 0.0
    capex_so_far = 0.0
    for month in range(1, horizon_months + 1):
        r = replicas[(month - 1) // 12]
        gpus, servers = r * fit.tp, math.ceil(r / slots)
        capex, power = hardware_cost(fit.gpu, gpus, servers, a)
        if capex > capex_so_far:
            total += capex - capex_so_far
            capex_so_far = capex
        total += hardware_opex_krw_per_month(gpus, servers, power, capex, a)
    total += (_ops_staff_krw_per_month(catalog) * horizon_months + a.num("facility_one_time_krw")) * staff_share
    return round(total), fit.gpu.id


# --- owned or rented -------------------------------------------------------------------------------


def _hosting_step(quote: GpuaasQuote, owned: tuple[int, str] | None, horizon_months: int, rented: bool) -> TraceStep:
    pricing = PRICING_LABEL[quote.pricing]
    rent = f"rented {quote.gpus} x {quote.gpu} at {quote.provider}, {pricing}: {krw(quote.total_krw)}"
    if owned is None:
        answer = f"{rent}; no owned GPU type fits -> rented GPUs"
    else:
        own = f"owned {owned[1]}: {krw(owned[0])}"
        answer = f"{rent} vs {own} over {horizon_months} months -> " + ("rented GPUs (GPUaaS)" if rented else "owned GPUs (on-prem)")
    return TraceStep(
        rule="gpuaas.hosting",
        question="Owned or rented GPUs: which costs less over the horizon?",
        answer=answer,
        source=(
            "Issue #14 hosting choice: rented = GPU-hours x price + storage + egress + ML engineering share; "
            "owned = GPUs and servers as usage grows + running costs + facility and operations staff shares; "
            f"prices catalogs/gpuaas.toml ({quote.offer})" + ("; prices are assumptions (see the offer)" if quote.assumption else "")
        ),
    )


def _renamed_override(step: TraceStep) -> TraceStep:
    """The override step was written against the self-hosted answer; the recommendation is now rented GPUs."""
    if step.rule != "override":
        return step
    answer = step.answer.replace("instead of on-prem;", "instead of rented GPUs (GPUaaS);").replace("the same as the rules' result", "the rules' self-hosted answer")
    return step.model_copy(update={"answer": answer})


def choose_hosting(results: list[WorkloadResult], resolved: list[ResolvedWorkload], plan: Plan, catalog: Catalog, a: Assumptions) -> list[WorkloadResult]:
    """Each workload the rules allow on rented GPUs gets its quote; a self-hosted (on-prem) answer becomes
    `gpuaas` where renting costs less over the horizon than owning. A workload the plan places on `gpuaas`
    itself gets its quote too (on every offer when the rules allow none: the override then carries the risk)."""
    candidates = [r for r in results if r.gpuaas_offers or r.placement == "gpuaas"]
    if not candidates:
        return results
    self_hosted = {r.id for r in results if r.gpuaas_offers or r.placement in ("gpuaas", "on_prem", "on_prem_airgap")}
    share = 1 / max(1, len(self_hosted))
    horizon = plan.horizon_months
    memo: dict = {}  # fits and throughput estimates, shared by every quote of this one evaluation (one catalog, one set of assumptions)
    out: list[WorkloadResult] = []
    for result, workload in zip(results, resolved):
        if not (result.gpuaas_offers or result.placement == "gpuaas"):
            out.append(result)
            continue
        offers: tuple[str, ...] | list[str] = result.gpuaas_offers or ([plan.hardware.gpuaas] if plan.hardware.gpuaas else list(catalog.gpuaas))
        quote = best_quote(workload, offers, catalog, a, horizon, share, memo)
        if quote is None:
            step = TraceStep(
                rule="gpuaas.hosting",
                question="Owned or rented GPUs: which costs less over the horizon?",
                answer=f"owned: {workload.open_model} at {workload.precision} fits no GPU type the allowed offers rent",
                source="catalogs/gpuaas.toml; sizing as on-prem",
            )
            out.append(result.model_copy(update={"trace": [*result.trace, step]}))
            continue
        update: dict = {}
        trace = list(result.trace)
        if result.recommended == "on_prem" and result.gpuaas_offers:
            owned = owned_estimate(workload, catalog, a, horizon, share, memo)
            cheaper = owned is None or quote.total_krw < owned[0]
            rented = cheaper and bool(a["gpuaas_hosting"])
            if owned is not None:
                quote = quote.model_copy(update={"owned_total_krw": owned[0], "owned_gpu": owned[1]})
            step = _hosting_step(quote, owned, horizon, rented)
            if cheaper and not rented:
                step = step.model_copy(update={"answer": step.answer.replace("-> owned GPUs (on-prem)", "-> owned GPUs (on-prem): renting is cheaper, but the assumption gpuaas_hosting is off")})
            at = next((i for i, s in enumerate(trace) if s.rule == "override"), len(trace))
            trace.insert(at, step)
            if rented:
                update["recommended"] = "gpuaas"
                trace = [_renamed_override(s) for s in trace]
                given = plan.workloads[len(out)]
                if given.placement is None:
                    update["placement"] = "gpuaas"
                else:
                    update["overridden"] = given.placement != "gpuaas"
        if (update.get("placement") or result.placement) == "gpuaas":
            update["onprem_share"] = 0.0
        if result.placement == "gpuaas" and not result.gpuaas_offers:
            update["warnings"] = [*result.warnings, f"rented GPUs are not allowed for its {result.data} data by the rules; the override carries that risk"]
        out.append(result.model_copy(update={**update, "trace": trace, "gpuaas": quote}))
    return out


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
