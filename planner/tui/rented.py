"""Rented GPUs (GPUaaS) as the Placement and Hardware screens show them: the evaluation's quote per
workload, the offer's certification from the catalog, and what the plan does with the quote.

Every figure is the evaluation's (`WorkloadResult.gpuaas`, the schedule's dates); nothing is recomputed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from rich.text import Text

from planner.domain.gpuaas import PRICING_LABEL
from rich.cells import cell_len
from planner.i18n import N_, _, ngettext, translate
from planner.tui.render import ljust

if TYPE_CHECKING:
    from planner.domain.catalog import Catalog, GpuaasOffer
    from planner.domain.results import Evaluation, WorkloadResult

PRICING_SHORT = {"on_demand": N_("on demand"), "reserved_1y": N_("reserved 1y"), "reserved_3y": N_("reserved 3y")}
"""Pricing names for table cells (English msgids; `pricing_short` translates)."""


def pricing_short(pricing: str) -> str:
    """A pricing's short name in the current language (an unknown one as it is)."""
    return _(PRICING_SHORT[pricing]) if pricing in PRICING_SHORT else pricing


def certification(offer: GpuaasOffer | None) -> str:
    """'CSAP 중, CSAP IaaS', or 'none' (the catalog's certifications of the offer)."""
    if offer is None:
        return "-"
    parts = ([f"CSAP {offer.csap_grade}"] if offer.csap_grade else []) + [c for c in offer.certifications if c != f"CSAP {offer.csap_grade}"]
    return ", ".join(parts) or _("none")


def rental_use(result: WorkloadResult, ev: Evaluation) -> str:
    """What the plan does with the workload's quote: serves on it, bridges on it, or only compares it."""
    schedule = ev.schedule
    if result.placement == "gpuaas":
        start = schedule.rented_from.get(result.id)
        return _("rented from {date}", date=start.isoformat()) if start else _("rented")
    if result.id in schedule.bridge_from:
        first, end = schedule.bridge_from[result.id], schedule.migration_end.get(result.id)
        return _("bridge {start} to {end}", start=first.isoformat(), end=end.isoformat()) if end else _("bridge from {start}", start=first.isoformat())
    return _("compared only")


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
    text.append(_("Closed vs open ({months} months)", months=ev.horizon_months) + "\n", style="bold")
    closed_label, open_label = _("closed: "), _("open: ")
    width = max(cell_len(closed_label), cell_len(open_label))
    for aspect in ["price", *(a for a in ASPECTS if a != "price")]:
        text.append(f"  {translate(ASPECT_LABEL[aspect])}\n", style="bold" if aspect == "price" else "")
        text.append("    " + ljust(closed_label, width), style="dodger_blue1")
        text.append(f"{translate(closed[aspect])}\n")
        text.append("    " + ljust(open_label, width), style="orchid")
        text.append(f"{translate(opened[aspect])}\n")
    text.append("  " + _("Sources: {sources}", sources="; ".join(translate(s) for s in comparison["sources"])) + "\n", style="grey50")
    return text


def quote_text(result: WorkloadResult, ev: Evaluation, catalog: Catalog, money: Callable[[float], str]) -> Text:
    """The Placement screen's rented-GPU section for one workload (empty when it has no quote)."""
    q = result.gpuaas
    text = Text()
    if q is None:
        if result.gpuaas_offers:
            text.append(_("Rented GPUs (GPUaaS): "), style="bold")
            step = next((s for s in reversed(result.trace) if s.rule == "gpuaas.hosting"), None)
            reason = step.answer.params.get("reason") if step is not None and step.answer.template == "owned: {reason}" else None
            if reason is not None:  # gpuaas.rent_gap: what no offer rents or holds
                text.append(_("allowed, but none can serve it: {reason}", reason=translate(reason)) + "\n")
            else:
                text.append(_("allowed, but the open model fits none of the offers' GPU types") + "\n")
        return text
    offer = catalog.gpuaas.get(q.offer)
    text.append(_("Rented GPUs (GPUaaS): "), style="bold")
    text.append(f"{q.provider}, {q.region}", style="bold orchid")
    text.append(f"  [{rental_use(result, ev)}]\n", style="grey62")
    gpu_name = catalog.gpus[q.gpu].name if q.gpu in catalog.gpus else q.gpu
    if q.gpu_pinned:  # one parenthesis: the shape and whose GPU it is
        shape = ngettext("{gpus} x {gpu} ({n} replica x TP {tp}; the workload's GPU)", "{gpus} x {gpu} ({n} replicas x TP {tp}; the workload's GPU)", q.replicas, gpus=q.gpus, gpu=gpu_name, tp=q.gpus_per_replica)
    else:
        shape = ngettext("{gpus} x {gpu} ({n} replica x TP {tp})", "{gpus} x {gpu} ({n} replicas x TP {tp})", q.replicas, gpus=q.gpus, gpu=gpu_name, tp=q.gpus_per_replica)
    text.append("  " + shape)
    if len(set(q.gpus_by_year)) > 1:
        text.append(_(", by plan year {counts}", counts=" / ".join(str(g) for g in q.gpus_by_year)))
    text.append(f", {translate(PRICING_LABEL[q.pricing])}\n")
    hosted = _("hosted in Korea") if offer is not None and offer.domestic else _("hosted abroad")
    text.append("  " + _("Certification: {certification}; {hosted}; lead time {days} days", certification=certification(offer), hosted=hosted, days=q.lead_time_days) + "\n")
    text.append(
        "  "
        + _(
            "Month 1: rental {rental} + storage {storage} + egress {egress} + ML engineering {staff}",
            rental=money(q.rental_krw_per_month),
            storage=money(q.storage_krw_per_month),
            egress=money(q.egress_krw_per_month),
            staff=money(q.staff_krw_per_month),
        )
        + "\n"
    )
    text.append("  " + _("Over {months} months: ", months=ev.ledger.horizon_months if ev.ledger else "?"), style="bold")
    text.append(money(q.total_krw), style="bold")
    if q.owned_total_krw:
        owned = catalog.gpus[q.owned_gpu].name if q.owned_gpu in catalog.gpus else (q.owned_gpu or "GPUs")
        text.append("  " + _("(owned {gpu}: {total})", gpu=owned, total=money(q.owned_total_krw)))
    text.append("\n")
    for option in q.options:
        mark = "*" if option.pricing == q.pricing else " "
        line = _(
            "{price}/GPU-hour, {hours} GPU-hours in month 1, rental over the horizon {total}",
            price=money(option.price_krw_per_gpu_hour),
            hours=f"{option.gpu_hours_per_month:,.0f}",
            total=money(option.total_krw),
        )
        text.append(f"  {mark} {ljust(pricing_short(option.pricing), 12)} {line}\n", style="" if mark == "*" else "grey62")
    if len(result.gpuaas_offers) > 1:
        names = [catalog.gpuaas[o].provider if o in catalog.gpuaas else o for o in result.gpuaas_offers]
        text.append("  " + _("Allowed offers: {offers} (the cheapest is shown)", offers=", ".join(names)) + "\n", style="grey62")
    if q.assumption:
        text.append("  ! ", style="bold yellow")
        text.append(_("assumed figures: {assumption}", assumption=translate(q.assumption)) + "\n", style="grey62")
    return text
