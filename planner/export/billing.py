"""The lines that take a workload's cloud token cost from the list price to the bill (show, reports, TUI)."""

from __future__ import annotations

from collections import namedtuple

from planner.domain.results import CloudCostBreakdown, CommittedUse, UnitCost, UnitCosts
from planner.domain.money import round_like_builtin
from planner.domain.messages import Message, msg
from planner.domain.vocabulary import PLACEMENT_LABEL, STRATEGY_LABEL
from planner.i18n import N_, _, translate


class BillLine(namedtuple("BillLine", "key label usd")):
    """One line of a cloud cost breakdown (a `collections.namedtuple`, not a `typing.NamedTuple`: see gpuaas._Priced)."""

    __slots__ = ()

    key: str
    """JSON key (`list`, `cache_savings`, ...)."""
    label: str
    """What the line is, in words."""
    usd: float
    """Signed USD a month: savings negative, surcharges positive."""


def bill_lines(breakdown: CloudCostBreakdown, all_lines: bool = False) -> list[BillLine]:
    """List price, each effect that is not zero (all of them with `all_lines`), and the as-billed total."""
    b = breakdown
    effects = [
        ("token_overhead_adjustment", b.token_overhead_adjustment_usd),
        ("cache_savings", -b.cache_savings_usd),
        ("long_context_surcharge", b.long_context_surcharge_usd),
        ("batch_savings", -b.batch_savings_usd),
        ("committed_use_savings", -b.committed_use_savings_usd),
    ]
    shown = [BillLine(key, _effect_label(key, b), usd) for key, usd in effects if all_lines or abs(usd) >= 0.005]  # labels only for the lines shown
    return [BillLine("list", msg("list price"), b.list_usd), *shown, BillLine("as_billed", msg("as billed"), b.as_billed_usd)]


def _effect_label(key: str, b: CloudCostBreakdown) -> Message:
    """What a `bill_lines` effect is, in words."""
    if key == "token_overhead_adjustment":
        return msg("token overhead as prompt tokens only")
    if key == "cache_savings":
        return msg("prompt caching ({tokens}-token prefix)", tokens=f"{b.cached_prefix_tokens:,.0f}") if b.cached_prefix_tokens else msg("prompt caching")
    if key == "long_context_surcharge":
        return msg("long-context prices")
    if key == "batch_savings":
        return msg("batch API")
    return msg("provisioned throughput ({units})", units=units_bought(b.committed_use)) if b.committed_use and b.committed_use.used else msg("provisioned throughput")


def units_bought(c: CommittedUse) -> Message:
    """`125 PTU`, or where output is bought apart `3 input units + 10 output units`."""
    if c.output_units:
        return msg("{units} {unit} + {output_units} {output_unit}", units=f"{c.units:,}", unit=c.unit, output_units=f"{c.output_units:,}", output_unit=c.output_unit)
    return msg("{units} {unit}", units=f"{c.units:,}", unit=c.unit)


def commitment_note(b: CloudCostBreakdown) -> Message | None:
    """One sentence on the model's provisioned throughput for this workload: used or not, and from what volume it pays (None: no offer)."""
    c = b.committed_use
    if c is None:
        return None
    units = msg("{units} = {cost}/month for the peak, {used} used", units=units_bought(c), cost=f"${c.usd_per_month:,.2f}", used=f"{c.utilization:.0%}")
    versus = msg("{cost} paying per token as billed", cost=f"${c.pay_as_you_go_usd_per_month:,.2f}")
    if c.break_even_requests_per_month is not None:
        pays = msg("it pays from {requests} requests/month at this traffic shape", requests=f"{c.break_even_requests_per_month:,.0f}")
    elif c.break_even_utilization is not None and c.break_even_utilization <= 1:
        pays = msg(
            "no volume makes it pay at this traffic shape: it needs {share} of the units used (steadier traffic, a lower peak_factor)",
            share=f"{c.break_even_utilization:.0%}",
        )
    else:
        pays = msg("no volume makes it pay: even fully used the units cost more than paying per token")
    if c.used:
        return msg("{offer}: used, {units}, instead of {versus}; {pays}", offer=c.offer, units=units, versus=versus, pays=pays)
    if c.break_even_requests_per_month is not None:
        pays = msg("{pays} (units come in steps: rounding the peak up can tip a larger volume back to paying per token)", pays=pays)
    return msg("{offer}: not used, {units}, vs {versus}; {pays}", offer=c.offer, units=units, versus=versus, pays=pays)


def pricing_label(pricing: str) -> str:
    """`list price` or `as billed`."""
    return msg("as billed") if pricing == "as_billed" else msg("list price")


def unit_cost_document(unit: UnitCost, krw_per_usd: float) -> dict:
    """A `cost_per_mtok` entry: the USD figures, the same in KRW, and what they divide.

    The entry starts as a copy of the UnitCost's values, in field order: what `model_dump()` gives for its plain
    fields (floats, None, text; no alias, no serializer), in a third of the time (a 10,000-workload `show --json`
    writes ~30,000 entries)."""
    values = unit.__dict__
    document = dict(values)
    document["krw_per_mtok"] = round(values["usd_per_mtok"] * krw_per_usd)
    document["krw_per_request"] = round_like_builtin(values["usd_per_request"] * krw_per_usd, 2, 1e2)  # round(x, 2)'s float
    if values["usage_only_usd_per_mtok"] is not None:
        document["usage_only_krw_per_mtok"] = round(values["usage_only_usd_per_mtok"] * krw_per_usd)
    return document


def cost_per_mtok_document(units: UnitCosts, krw_per_usd: float) -> dict:
    """The JSON `cost_per_mtok {strategies {name: ...}, workloads {id: {cloud, on_prem}}}`."""
    return {
        "strategies": {name: unit_cost_document(u, krw_per_usd) for name, u in units.strategies.items()},
        "workloads": {w: {k: unit_cost_document(u, krw_per_usd) for k, u in entry.items()} for w, entry in units.workloads.items()},
    }


def unit_cost_text(unit: UnitCost) -> str:
    """`$5.06/M tokens, $0.0152/request` and, for hardware, the usage-only figure beside it, labelled."""
    mtok, request = f"${unit.usd_per_mtok:,.2f}", f"${unit.usd_per_request:,.4f}"
    if unit.usage_only_usd_per_mtok is None:
        return _("{mtok}/M tokens, {request}/request", mtok=mtok, request=request)
    return _(
        "{mtok}/M tokens, {request}/request reserved; usage-only {usage}/M (at {utilization} utilization)",
        mtok=mtok,
        request=request,
        usage=f"${unit.usage_only_usd_per_mtok:,.2f}",
        utilization=f"{unit.utilization:.1%}",
    )


BILL_HEADER = [N_("Workload"), N_("Model"), N_("List price"), N_("Token overhead"), N_("Prompt caching"), N_("Long context"), N_("Batch API"), N_("Provisioned"), N_("As billed")]
"""Column headings of the bill table in the reports (English msgids: translate each with `_`)."""
UNIT_HEADER = [N_("Strategy or workload"), N_("Where"), N_("$/M tokens (hardware: reserved)"), N_("$/request"), N_("$/M usage-only"), N_("Utilization")]
"""Column headings of the cost-per-Mtok table in the reports (English msgids)."""


def bill_rows(workloads: list, krw_per_usd: float, money) -> list[list[str]]:
    """Per workload: model, then each line from list price to the bill as `money(krw)` text ('-' for no effect)."""
    rows = []
    for w in workloads:
        b = w.cloud_cost_breakdown
        signed = [b.token_overhead_adjustment_usd, -b.cache_savings_usd, b.long_context_surcharge_usd, -b.batch_savings_usd, -b.committed_use_savings_usd]
        cells = [money(v * krw_per_usd, v) if abs(v) >= 0.005 else "-" for v in signed]
        rows.append([w.id, w.cloud_model, money(b.list_usd * krw_per_usd, b.list_usd), *cells, money(b.as_billed_usd * krw_per_usd, b.as_billed_usd)])
    return rows


def unit_rows(units: UnitCosts) -> list[list[str]]:
    """Per strategy, then per workload and where it runs: reserved $/M tokens, $/request, usage-only $/M, utilization."""

    def row(name: str, where: str, u: UnitCost) -> list[str]:
        usage = f"${u.usage_only_usd_per_mtok:,.2f}" if u.usage_only_usd_per_mtok is not None else "-"
        util = f"{u.utilization:.1%}" if u.utilization is not None else "-"
        return [name, where, f"${u.usd_per_mtok:,.2f}", f"${u.usd_per_request:,.4f}", usage, util]

    rows = [row(name, "strategy", u) for name, u in units.strategies.items()]
    rows += [row(w, where.replace("_", "-"), u) for w, entry in units.workloads.items() for where, u in entry.items()]
    return rows


def unit_name(name: str) -> str:
    """A `unit_rows` first cell in the current language: a strategy id as its label, a workload id as typed."""
    return translate(STRATEGY_LABEL[name]) if name in STRATEGY_LABEL else name


def unit_where(where: str) -> str:
    """A `unit_rows` second cell in the current language: `strategy` or a placement (on-prem, cloud, ...)."""
    if where == "strategy":
        return _("strategy")
    placement = where.replace("-", "_")
    return translate(PLACEMENT_LABEL[placement]) if placement in PLACEMENT_LABEL else where


UNIT_NOTE = N_(
    "Strategies: TCO over the whole horizon / the tokens of every workload over it; workloads: month 1. Reserved = the full cost of keeping the capacity available (hardware amortized, power, facility, operations staff) "
    "divided by the tokens actually served; usage-only = as if only busy GPU time were paid (reserved x utilization), "
    "which flatters self-hosting and is shown beside it, never instead. Cloud figures are the API bill (with embeddings)."
)
