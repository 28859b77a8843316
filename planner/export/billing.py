"""The lines that take a workload's cloud token cost from the list price to the bill (show, reports, TUI)."""

from __future__ import annotations

from typing import NamedTuple

from planner.domain.results import CloudCostBreakdown


class BillLine(NamedTuple):
    """One line of a cloud cost breakdown."""

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
        BillLine("token_overhead_adjustment", "token overhead as prompt tokens only", b.token_overhead_adjustment_usd),
        BillLine("cache_savings", f"prompt caching ({b.cached_prefix_tokens:,.0f}-token prefix)" if b.cached_prefix_tokens else "prompt caching", -b.cache_savings_usd),
        BillLine("long_context_surcharge", "long-context prices", b.long_context_surcharge_usd),
        BillLine("batch_savings", "batch API", -b.batch_savings_usd),
    ]
    shown = [line for line in effects if all_lines or abs(line.usd) >= 0.005]
    return [BillLine("list", "list price", b.list_usd), *shown, BillLine("as_billed", "as billed", b.as_billed_usd)]


def pricing_label(pricing: str) -> str:
    """`list price` or `as billed`."""
    return "as billed" if pricing == "as_billed" else "list price"


def breakdown_usd(breakdown: CloudCostBreakdown) -> dict[str, float | bool | str]:
    """The JSON `cloud_cost_breakdown`: USD a month (cents) per line, savings as positive amounts, and what applied."""
    b = breakdown
    return {
        "pricing": b.pricing,
        "list": b.list_usd,
        "token_overhead_adjustment": b.token_overhead_adjustment_usd,
        "cache_savings": b.cache_savings_usd,
        "batch_savings": b.batch_savings_usd,
        "long_context_surcharge": b.long_context_surcharge_usd,
        "as_billed": b.as_billed_usd,
        "cached_prefix_tokens": round(b.cached_prefix_tokens, 1),
        "long_context": b.long_context,
        "batch": b.batch,
    }


MONEY_KEYS = ("list", "token_overhead_adjustment", "cache_savings", "batch_savings", "long_context_surcharge", "as_billed")


def breakdown_krw(breakdown: CloudCostBreakdown, krw_per_usd: float) -> dict[str, int]:
    """The JSON `cloud_cost_breakdown_krw`: the money lines in whole won."""
    usd = breakdown_usd(breakdown)
    return {k: round(float(usd[k]) * krw_per_usd) for k in MONEY_KEYS}
