"""Rented GPUs (GPUaaS) as the Placement and Hardware screens show them: the evaluation's quote per
workload, the offer's certification from the catalog, and what the plan does with the quote.

Every figure is the evaluation's (`WorkloadResult.gpuaas`, the schedule's dates); nothing is recomputed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from rich.text import Text

from planner.domain.gpuaas import PRICING_LABEL

if TYPE_CHECKING:
    from planner.domain.catalog import Catalog, GpuaasOffer
    from planner.domain.results import Evaluation, WorkloadResult

PRICING_SHORT = {"on_demand": "on demand", "reserved_1y": "reserved 1y", "reserved_3y": "reserved 3y"}
"""Pricing names for table cells."""


def certification(offer: GpuaasOffer | None) -> str:
    """'CSAP 중, CSAP IaaS', or 'none' (the catalog's certifications of the offer)."""
    if offer is None:
        return "-"
    parts = ([f"CSAP {offer.csap_grade}"] if offer.csap_grade else []) + [c for c in offer.certifications if c != f"CSAP {offer.csap_grade}"]
    return ", ".join(parts) or "none"


def rental_use(result: WorkloadResult, ev: Evaluation) -> str:
    """What the plan does with the workload's quote: serves on it, bridges on it, or only compares it."""
    schedule = ev.schedule
    if result.placement == "gpuaas":
        start = schedule.rented_from.get(result.id)
        return f"rented from {start.isoformat()}" if start else "rented"
    if result.id in schedule.bridge_from:
        first, end = schedule.bridge_from[result.id], schedule.migration_end.get(result.id)
        return f"bridge {first.isoformat()} to {end.isoformat()}" if end else f"bridge from {first.isoformat()}"
    return "compared only"


def rented_rows(ev: Evaluation) -> list[WorkloadResult]:
    """Workloads with a rented-GPU quote, in plan order."""
    return [r for r in ev.workloads if r.gpuaas is not None]


def comparison_text(result: WorkloadResult, ev: Evaluation) -> Text:
    """The Placement screen's closed-vs-open section: price first, then each aspect, closed above open."""
    from planner.domain.models_compare import ASPECT_LABEL, ASPECTS, compare_models

    comparison = compare_models(result, ev)
    text = Text()
    if comparison is None:
        return text
    closed, opened = comparison["closed"], comparison["open"]
    text.append(f"Closed vs open ({ev.horizon_months} months)\n", style="bold")
    for aspect in ["price", *(a for a in ASPECTS if a != "price")]:
        text.append(f"  {ASPECT_LABEL[aspect]}\n", style="bold" if aspect == "price" else "")
        text.append("    closed: ", style="dodger_blue1")
        text.append(f"{closed[aspect]}\n")
        text.append("    open:   ", style="orchid")
        text.append(f"{opened[aspect]}\n")
    text.append("  Sources: " + "; ".join(comparison["sources"]) + "\n", style="grey50")
    return text


def quote_text(result: WorkloadResult, ev: Evaluation, catalog: Catalog, money: Callable[[float], str]) -> Text:
    """The Placement screen's rented-GPU section for one workload (empty when it has no quote)."""
    q = result.gpuaas
    text = Text()
    if q is None:
        if result.gpuaas_offers:
            text.append("Rented GPUs (GPUaaS): ", style="bold")
            text.append("allowed, but the open model fits none of the offers' GPU types\n")
        return text
    offer = catalog.gpuaas.get(q.offer)
    text.append("Rented GPUs (GPUaaS): ", style="bold")
    text.append(f"{q.provider}, {q.region}", style="bold orchid")
    text.append(f"  [{rental_use(result, ev)}]\n", style="grey62")
    gpu_name = catalog.gpus[q.gpu].name if q.gpu in catalog.gpus else q.gpu
    text.append(f"  {q.gpus} x {gpu_name} ({q.replicas} replica(s) x TP {q.gpus_per_replica})")
    if len(set(q.gpus_by_year)) > 1:
        text.append(", by plan year " + " / ".join(str(g) for g in q.gpus_by_year))
    text.append(f", {PRICING_LABEL[q.pricing]}\n")
    text.append(f"  Certification: {certification(offer)}; hosted {'in Korea' if offer is not None and offer.domestic else 'abroad'}; lead time {q.lead_time_days} days\n")
    text.append(
        f"  Month 1: rental {money(q.rental_krw_per_month)} + storage {money(q.storage_krw_per_month)}"
        f" + egress {money(q.egress_krw_per_month)} + ML engineering {money(q.staff_krw_per_month)}\n"
    )
    text.append(f"  Over {ev.ledger.horizon_months if ev.ledger else '?'} months: ", style="bold")
    text.append(money(q.total_krw), style="bold")
    if q.owned_total_krw:
        owned = catalog.gpus[q.owned_gpu].name if q.owned_gpu in catalog.gpus else q.owned_gpu
        text.append(f"  (owned {owned}: {money(q.owned_total_krw)})")
    text.append("\n")
    for option in q.options:
        mark = "*" if option.pricing == q.pricing else " "
        text.append(
            f"  {mark} {PRICING_SHORT.get(option.pricing, option.pricing):<12} {money(option.price_krw_per_gpu_hour)}/GPU-hour,"
            f" {option.gpu_hours_per_month:,.0f} GPU-hours in month 1, rental over the horizon {money(option.total_krw)}\n",
            style="" if mark == "*" else "grey62",
        )
    if len(result.gpuaas_offers) > 1:
        names = [catalog.gpuaas[o].provider if o in catalog.gpuaas else o for o in result.gpuaas_offers]
        text.append(f"  Allowed offers: {', '.join(names)} (the cheapest is shown)\n", style="grey62")
    if q.assumption:
        text.append("  ! ", style="bold yellow")
        text.append(f"assumed figures: {q.assumption}\n", style="grey62")
    return text
