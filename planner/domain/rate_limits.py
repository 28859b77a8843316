"""Rate limits per account (SPEC section 2): peaks summed per provider and model across workloads.

Providers meter limits per organization (OpenAI) or workspace (Anthropic) and model, so two
workloads on the same model share one limit. Only the cloud share of a workload counts (a hybrid
keeping its sensitive share on-prem sends the rest; a gradual hybrid starts fully on the cloud). A
workload priced on provisioned throughput (`committed_use.used`, as billed) runs on its own deployment
(Azure PTU, Vertex AI provisioned throughput), bought for its peak: it does not count against the
pay-as-you-go tier.
"""

from __future__ import annotations

from collections import defaultdict

from planner.domain.messages import msg
from planner.domain.catalog import Catalog
from planner.domain.costs import rate_limit_check
from planner.domain.plan import Plan
from planner.domain.resolve import Assumptions, ResolvedWorkload
from planner.domain.results import AccountRateLimit, WorkloadResult


def _cloud_share(values: dict) -> float:
    """The cloud's share of a workload, from its result's fields (its `__dict__`)."""
    placement = values["placement"]
    if placement == "cloud":
        return 1.0
    if placement == "hybrid":
        return 1.0 if values["hybrid"] == "gradual" else 1.0 - values["onprem_share"]
    return 0.0


def account_rate_limits(plan: Plan, results: list[WorkloadResult], resolved: list[ResolvedWorkload], catalog: Catalog, assumptions: Assumptions) -> tuple[list[AccountRateLimit], list[str]]:
    """(one entry per provider and model the plan's cloud shares use, warnings where the organization's tier is exceeded)."""
    peaks: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    users: dict[tuple[str, str], list[str]] = defaultdict(list)
    cloud_models, providers = catalog.cloud_models, catalog.providers  # read once
    for result, workload in zip(results, resolved):
        values = result.__dict__  # the result's fields: one attribute read, not one per field through the hook
        placement = values["placement"]
        if placement != "cloud" and placement != "hybrid":
            continue  # no cloud share (`_cloud_share` 0.0): left out below, its bill not read
        share = _cloud_share(values)
        bill = values["cloud_cost_breakdown"]
        if bill.pricing == "as_billed" and bill.committed_use is not None and bill.committed_use.used:
            continue  # billed on its own provisioned deployment, sized for its peak
        model = cloud_models.get(workload.cloud_model)
        if share <= 0 or model is None or model.provider not in providers:
            continue
        # the result's own check (`evaluate._costing`: the same workload, the same cloud share, these assumptions), else made
        check = values["rate_limit"]
        if check is None:
            check = rate_limit_check(workload, catalog, assumptions, share)
        key = (model.provider, workload.cloud_model)
        peaks[key][0] += check.peak_rpm
        peaks[key][1] += check.peak_tpm
        users[key].append(workload.id)
    accounts: list[AccountRateLimit] = []
    warnings: list[str] = []
    for (provider_id, model_id), (rpm, tpm) in peaks.items():
        provider = catalog.providers[provider_id]
        needed = next((t for t in provider.tiers if t.rpm >= rpm and t.tpm >= tpm), None)
        have_index = plan.organization.api_tiers.get(provider_id, 1)
        have = provider.tiers[min(max(have_index, 1), len(provider.tiers)) - 1]
        exceeded = rpm > have.rpm or tpm > have.tpm
        names = users[(provider_id, model_id)]
        accounts.append(
            AccountRateLimit(
                provider=provider_id,
                model=model_id,
                peak_rpm=round(rpm, 2),
                peak_tpm=round(tpm, 1),
                tier_needed=needed.tier if needed else None,
                tier_have=have.tier,
                workloads=names,
                exceeded=exceeded,
            )
        )
        if exceeded:
            summed = msg("summed over {ids}", ids=", ".join(names)) if len(names) > 1 else msg("of {id}", id=names[0])
            top = provider.tiers[-1]
            need = (
                msg("needs {tier}", tier=needed.tier)
                if needed
                else msg("exceeds every tier (top: {tier}, {rpm} requests/min, {tpm} tokens/min)", tier=top.tier, rpm=f"{top.rpm:,}", tpm=f"{top.tpm:,}")
            )
            origin = msg("[organization] api_tiers") if provider_id in plan.organization.api_tiers else msg("the first tier by default; set [organization] api_tiers")
            warnings.append(
                msg(
                    "rate limits: {provider} {model} peak {rpm} requests/min, {tpm} tokens/min {summed} is over the organization's {tier} ({have_rpm} requests/min, {have_tpm} tokens/min; {origin}); {need}",
                    provider=provider.name,
                    model=model_id,
                    rpm=f"{rpm:,.0f}",
                    tpm=f"{tpm:,.0f}",
                    summed=summed,
                    tier=have.tier,
                    have_rpm=f"{have.rpm:,}",
                    have_tpm=f"{have.tpm:,}",
                    origin=origin,
                    need=need,
                )
            )
    return accounts, warnings
