"""Cloud cost per workload and rate-limit checks (SPEC section 2)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from planner.domain.catalog import Catalog
from planner.domain.resolve import Assumptions, ResolvedWorkload
from planner.domain.results import RateLimitCheck


def usd_cents(amount: float) -> float:
    """USD rounded half-up to the cent, immune to binary noise (225.225 -> 225.23, not 225.22)."""
    return float(Decimal(f"{amount:.6f}").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def token_cost_usd_per_month(workload: ResolvedWorkload, catalog: Catalog, assumptions: Assumptions, growth_factor: float = 1.0) -> float:
    """USD a month for the tokens alone (no embeddings).

    requests/month x (in x price_in + out x price_out) / 1e6 x (1 + token_overhead) x (1 + retry_rate).
    """
    model = catalog.cloud_models[workload.cloud_model]
    per_request = workload.input_tokens * model.input_usd_per_mtok + workload.output_tokens * model.output_usd_per_mtok
    tokens = workload.requests_per_month * growth_factor * per_request / 1e6
    return tokens * (1 + assumptions.num("token_overhead")) * (1 + assumptions.num("retry_rate"))


def cloud_cost_usd_per_month(workload: ResolvedWorkload, catalog: Catalog, assumptions: Assumptions, growth_factor: float = 1.0) -> float:
    """USD a month on the workload's cloud model: tokens x prices x overheads, plus embeddings (unrounded)."""
    return token_cost_usd_per_month(workload, catalog, assumptions, growth_factor) + workload.embeddings_usd_per_month


def peak_requests_per_second(requests_per_day: float, busy_hours: float, assumptions: Assumptions) -> float:
    """Peak request rate: a day's requests spread over the busy hours, times the peak factor."""
    return requests_per_day / (busy_hours * 3600) * assumptions.num("peak_factor")


def rate_limit_check(workload: ResolvedWorkload, catalog: Catalog, assumptions: Assumptions, cloud_share: float = 1.0) -> RateLimitCheck:
    """Peak requests and tokens per minute against the provider's tiers (lowest tier that carries it).

    `cloud_share` is the share of requests sent to the cloud (1 - sensitive share for a hybrid).
    Retries count as requests; the token overhead (system prompts, few-shot) counts as input tokens.
    """
    model = catalog.cloud_models[workload.cloud_model]
    provider = catalog.providers[model.provider]
    rate = peak_requests_per_second(workload.requests_per_day * cloud_share, workload.busy_hours, assumptions)
    per_minute = rate * 60 * (1 + assumptions.num("retry_rate"))
    tokens = per_minute * (workload.input_tokens * (1 + assumptions.num("token_overhead")) + workload.output_tokens)
    needed = next((t.tier for t in provider.tiers if t.rpm >= per_minute and t.tpm >= tokens), None)
    return RateLimitCheck(provider=provider.id, peak_rpm=round(per_minute, 2), peak_tpm=round(tokens, 1), tier_needed=needed)
