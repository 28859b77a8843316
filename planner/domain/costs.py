"""Cloud cost per workload and rate-limit checks (SPEC section 2)."""

from __future__ import annotations

from planner.domain.catalog import Catalog
from planner.domain.resolve import Assumptions, ResolvedWorkload
from planner.domain.results import RateLimitCheck


def cloud_cost_usd_per_month(workload: ResolvedWorkload, catalog: Catalog, assumptions: Assumptions, growth_factor: float = 1.0) -> float:
    """USD a month on the workload's cloud model: tokens x prices x overheads, plus embeddings.

    requests/month x (in x price_in + out x price_out) / 1e6 x (1 + token_overhead) x (1 + retry_rate).
    """
    model = catalog.cloud_models[workload.cloud_model]
    per_request = workload.input_tokens * model.input_usd_per_mtok + workload.output_tokens * model.output_usd_per_mtok
    tokens = workload.requests_per_month * growth_factor * per_request / 1e6
    tokens *= (1 + assumptions.num("token_overhead")) * (1 + assumptions.num("retry_rate"))
    return tokens + workload.embeddings_usd_per_month


def rate_limit_check(workload: ResolvedWorkload, catalog: Catalog, assumptions: Assumptions) -> RateLimitCheck:
    """Peak requests and tokens per minute against the provider's tiers (lowest tier that carries it)."""
    model = catalog.cloud_models[workload.cloud_model]
    provider = catalog.providers[model.provider]
    per_minute = workload.requests_per_day / (workload.busy_hours * 60) * assumptions.num("peak_factor")
    tokens = per_minute * (workload.input_tokens * (1 + assumptions.num("token_overhead")) + workload.output_tokens)
    needed = next((t.tier for t in provider.tiers if t.rpm >= per_minute and t.tpm >= tokens), None)
    return RateLimitCheck(provider=provider.id, peak_rpm=round(per_minute, 2), peak_tpm=round(tokens, 1), tier_needed=needed)
