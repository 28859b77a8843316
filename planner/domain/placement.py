"""Placement rules -> where each workload runs, with the trace of every rule that applied.

SPEC section 5, in this order: (1) the kind's defaults fill unset fields (resolve.py did it; the
trace names them), (2) regulation (catalogs/regulations.toml) where it forbids the cloud, (3) the
framework's flowchart Q1-Q4, (4) a non-sensitive workload of a cloud-preferring kind goes to the
cloud instead of on-prem, (5) a flowchart hybrid without sensitive data goes to the cloud.
Then the plan's override, if any. Thresholds are assumptions; the rule table is catalog data.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from planner.domain.catalog import Catalog, Industry, PlacementName, Regulation
from planner.domain.plan import Plan, Workload
from planner.domain.resolve import Assumptions, ResolvedWorkload, resolve_workload
from planner.domain.results import TraceStep
from planner.domain.validate import PlanInvalid, Problem
from planner.domain.vocabulary import PLACEMENT_PHRASE as LABEL

STRICTNESS: dict[str, int] = {"cloud": 0, "hybrid": 1, "on_prem": 2, "on_prem_airgap": 3}
"""How far a placement keeps data from external networks; an override towards less needs care."""


FLOWCHART_SOURCE = "Framework decision flowchart"

# Kind fields shown with their value in the kind.defaults step (the ones the rules read).
_PLACEMENT_FIELDS = ("data", "deidentifiable", "sensitive_share")
_KIND_FIELDS = (
    "data",
    "deidentifiable",
    "sensitive_share",
    "requests_per_user_per_day",
    "days_per_month",
    "input_tokens",
    "output_tokens",
    "busy_hours",
    "cloud_model",
    "open_model",
    "embeddings_usd_per_month",
)


class WorkloadPlacement(BaseModel):
    """Placement of one workload."""

    model_config = ConfigDict(frozen=True)

    placement: PlacementName
    """Final placement (override applied)."""
    recommended: PlacementName
    """What the rules say."""
    overridden: bool = False
    """The user overrode it."""
    regulatory: bool = False
    """A regulation decided the recommendation."""
    cloud_allowed: bool = True
    """Real data may go to a cloud API (possibly after de-identification)."""
    needs_deidentification: bool = False
    """Cloud use depends on a de-identification pipeline."""
    trace: list[TraceStep] = Field(default_factory=list)
    """Every step that applied."""
    warnings: list[str] = Field(default_factory=list)
    """Warnings (e.g. overriding a regulation)."""
    regulations: list[str] = Field(default_factory=list)
    """Ids of the regulation rules that decided the recommendation (empty when none did)."""


class _Decision(BaseModel):
    """The rules' result before any override."""

    recommended: PlacementName
    regulatory: bool = False
    cloud_allowed: bool = True
    needs_deidentification: bool = False
    trace: list[TraceStep] = Field(default_factory=list)
    regulations: list[Regulation] = Field(default_factory=list)


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _won(amount: float) -> str:
    return f"{amount:,.0f} KRW"


def _kind_defaults_step(workload: ResolvedWorkload, catalog: Catalog) -> TraceStep | None:
    """Step (1): which inputs the workload left to its kind."""
    kind = catalog.workload_kinds[workload.kind]
    from_kind = [f for f in _KIND_FIELDS if f in workload.defaults]
    if not from_kind:
        return None
    shown = [f"{f} = {_value(getattr(workload, f))}" for f in from_kind if f in _PLACEMENT_FIELDS]
    others = [f for f in from_kind if f not in _PLACEMENT_FIELDS]
    answer = ", ".join(shown)
    if others:
        answer += ("; also " if shown else "") + ", ".join(others)
    return TraceStep(
        rule="kind.defaults",
        question=f"Which inputs did the plan leave to the kind {kind.name}?",
        answer=answer,
        source=kind.source,
    )


def _rules_for(industry: str, data: str, catalog: Catalog) -> list[Regulation]:
    """Rules that govern this data class in this industry; `any`-industry rules first."""
    rules = [r for r in catalog.regulations.values() if r.industry in ("any", industry) and data in r.data_classes]
    return sorted(rules, key=lambda r: r.industry != "any")


def _apply_rule(rule: Regulation, workload: ResolvedWorkload, catalog: Catalog) -> tuple[PlacementName | None, bool, str]:
    """(placement the rule forces or None when the cloud stays allowed, de-identification needed, answer)."""
    model = catalog.cloud_models.get(workload.cloud_model)
    model_name = model.name if model else workload.cloud_model
    lead = f"{workload.data} data: {rule.reason}"
    if rule.effect in ("on_prem", "on_prem_airgap"):
        return rule.effect, False, f"no: {lead} -> {LABEL[rule.effect]}"
    if rule.effect == "requires_csap":
        if model is not None and model.csap_certified:
            return None, False, f"yes: {lead}; {model_name} is CSAP-certified"
        return "on_prem", False, f"no: {lead}; {model_name} is not CSAP-certified -> on-prem"
    if rule.effect == "requires_eu_region":
        if model is not None and model.eu_region:
            return None, False, f"yes: {lead}; {model_name} is hosted in the EU"
        return "on_prem", False, f"no: {lead}; {model_name} has no EU region -> on-prem"
    if workload.deidentifiable:
        return None, True, f"yes, after de-identification: {lead}"
    return "on_prem", False, f"no: {lead}; the data cannot be de-identified -> on-prem"


def _regulation(workload: ResolvedWorkload, industry: Industry, catalog: Catalog) -> _Decision | tuple[list[TraceStep], bool]:
    """Step (2): a decision when a regulation forbids the cloud, else (trace steps, de-identification needed)."""
    rules = _rules_for(industry.id, workload.data, catalog)
    if not rules:
        governed = sorted({c for r in catalog.regulations.values() if r.industry in ("any", industry.id) for c in r.data_classes})
        step = TraceStep(
            rule="regulation.none",
            question=f"Does a regulation forbid the cloud for {workload.data} data in {industry.name}?",
            answer=f"no: the rules for {industry.name} govern {', '.join(governed) or 'no data class'}, not {workload.data} data",
            source="; ".join(industry.laws) or industry.source,
        )
        return [step], False
    steps: list[TraceStep] = []
    forced: list[tuple[Regulation, PlacementName]] = []
    deidentify = False
    for rule in rules:
        placement, needs, answer = _apply_rule(rule, workload, catalog)
        where = industry.name if rule.industry != "any" else "any industry"
        steps.append(
            TraceStep(
                rule=f"regulation.{rule.id}",
                question=f"{rule.name}, {where}: may this workload's data go to a cloud API?",
                answer=answer,
                source=f"{'; '.join(rule.laws)} ({rule.source})",
            )
        )
        deidentify = deidentify or needs
        if placement is not None:
            forced.append((rule, placement))
    if not forced:
        return steps, deidentify
    strictest = max(STRICTNESS[p] for _, p in forced)
    deciding = [rule for rule, p in forced if STRICTNESS[p] == strictest]
    placement = next(p for _, p in forced if STRICTNESS[p] == strictest)
    return _Decision(recommended=placement, regulatory=True, cloud_allowed=False, trace=steps, regulations=deciding)


def _flowchart(workload: ResolvedWorkload, plan: Plan, org_requests_per_day: float, assumptions: Assumptions) -> tuple[PlacementName, list[TraceStep], bool, bool]:
    """Step (3): (placement, steps, cloud allowed, de-identification needed)."""
    org = plan.organization
    steps = [
        TraceStep(
            rule="flowchart.Q1",
            question="Does it handle sensitive data (confidential or above)?",
            answer=f"{_yes_no(workload.sensitive)}: data is {workload.data}" + (" -> Q1a" if workload.sensitive else " -> Q2"),
            source=f"{FLOWCHART_SOURCE} Q1",
        )
    ]
    deidentify = False
    if workload.sensitive:
        can = workload.deidentifiable
        steps.append(
            TraceStep(
                rule="flowchart.Q1a",
                question="Can the data be de-identified?",
                answer=(
                    "yes -> Q2; cloud use needs a de-identification pipeline"
                    if can
                    else "no: the data cannot be de-identified -> on-prem; real data never goes to a cloud API"
                ),
                source=f"{FLOWCHART_SOURCE} Q1a",
            )
        )
        if not can:
            return "on_prem", steps, False, False
        deidentify = True
    threshold = assumptions.num("org_requests_per_day_threshold")
    big = org_requests_per_day >= threshold
    steps.append(
        TraceStep(
            rule="flowchart.Q2",
            question=f"Does the organization send at least {threshold:,.0f} requests per day in total?",
            answer=f"{_yes_no(big)}: {org_requests_per_day:,.0f} requests/day {'>=' if big else '<'} {threshold:,.0f}" + (" -> Q3" if big else " -> cloud"),
            source=f"{FLOWCHART_SOURCE} Q2; threshold {assumptions.origin('org_requests_per_day_threshold')}",
        )
    )
    if not big:
        return "cloud", steps, True, deidentify
    has_ml = org.ml_engineers > 0
    steps.append(
        TraceStep(
            rule="flowchart.Q3",
            question="Does the organization have ML engineers?",
            answer=f"yes: {org.ml_engineers} ML engineer(s) -> Q4" if has_ml else "no: 0 ML engineers -> hybrid: start on cloud, move gradually",
            source=f"{FLOWCHART_SOURCE} Q3",
        )
    )
    if not has_ml:
        return "hybrid", steps, True, deidentify
    budget_threshold = assumptions.num("budget_threshold_krw")
    rich = org.budget_3y_krw >= budget_threshold
    relation = ">=" if rich else "<"
    steps.append(
        TraceStep(
            rule="flowchart.Q4",
            question=f"Is the three-year budget at least {_won(budget_threshold)}?",
            answer=f"{_yes_no(rich)}: {_won(org.budget_3y_krw)} {relation} {_won(budget_threshold)} -> "
            + ("on-prem" if rich else "hybrid: only sensitive data on-prem"),
            source=f"{FLOWCHART_SOURCE} Q4; threshold {assumptions.origin('budget_threshold_krw')}",
        )
    )
    return ("on_prem" if rich else "hybrid"), steps, True, deidentify


def _decide(workload: ResolvedWorkload, plan: Plan, org_requests_per_day: float, catalog: Catalog, assumptions: Assumptions) -> _Decision:
    """Steps (1)-(5) for one workload."""
    trace: list[TraceStep] = []
    defaults = _kind_defaults_step(workload, catalog)
    if defaults is not None:
        trace.append(defaults)
    industry = catalog.industries[plan.organization.industry]
    regulated = _regulation(workload, industry, catalog)
    if isinstance(regulated, _Decision):
        return regulated.model_copy(update={"trace": trace + regulated.trace})
    steps, deidentify = regulated
    trace += steps
    placement, flow_steps, cloud_allowed, flow_deidentify = _flowchart(workload, plan, org_requests_per_day, assumptions)
    trace += flow_steps
    kind = catalog.workload_kinds[workload.kind]
    if placement == "on_prem" and not workload.sensitive and kind.prefers_cloud:
        placement = "cloud"
        trace.append(
            TraceStep(
                rule="kind.prefers_cloud",
                question=f"No sensitive data: does quality or price favour the API for a {kind.name}?",
                answer=f"yes: {kind.reason} -> cloud instead of on-prem",
                source=kind.source,
            )
        )
    elif placement == "hybrid" and not workload.sensitive:
        placement = "cloud"
        trace.append(
            TraceStep(
                rule="flowchart.hybrid_not_sensitive",
                question="A hybrid routes the sensitive share on-prem: does this workload have one?",
                answer=f"no: data is {workload.data} -> cloud; candidate for on-prem at the Phase 3 review",
                source="Framework order of decision, step 5",
            )
        )
    return _Decision(
        recommended=placement,
        cloud_allowed=cloud_allowed,
        needs_deidentification=deidentify or flow_deidentify,
        trace=trace,
    )


def _regulation_names(rules: list[Regulation]) -> str:
    return ", ".join(f"regulation.{r.id} ({'; '.join(r.laws)})" for r in rules)


def _apply_override(index: int, given: Workload, decision: _Decision, problems: list[Problem]) -> WorkloadPlacement:
    """The plan's `placement` override, checked against a regulatory result."""
    base = {
        "recommended": decision.recommended,
        "regulatory": decision.regulatory,
        "cloud_allowed": decision.cloud_allowed,
        "needs_deidentification": decision.needs_deidentification,
        "regulations": [r.id for r in decision.regulations],
    }
    chosen = given.placement
    if chosen is None:
        return WorkloadPlacement(placement=decision.recommended, trace=decision.trace, **base)
    note = (given.placement_note or "").strip()
    if chosen == decision.recommended:
        step = TraceStep(
            rule="override",
            question="Does the plan set the placement itself?",
            answer=f"placement = {chosen}, the same as the rules' result (not an override); note: {note}",
            source=f"plan: workloads.{index}.placement_note",
        )
        return WorkloadPlacement(placement=chosen, trace=[*decision.trace, step], **base)
    warnings: list[str] = []
    if needs_acknowledgement(chosen, decision.recommended, decision.regulatory):
        laws = _regulation_names(decision.regulations)
        if not given.acknowledge_regulation:  # validation (override_problems) reports this first
            problems.append(_unacknowledged(index, chosen, decision))
        warnings.append(f"placement {chosen} overrides {laws}, which requires {LABEL[decision.recommended]}; acknowledged")
    step = TraceStep(
        rule="override",
        question="Does the plan set the placement itself?",
        answer=f"yes: {LABEL[chosen]} instead of {LABEL[decision.recommended]}; note: {note}",
        source=f"plan: workloads.{index}.placement_note" + ("; acknowledge_regulation = true" if warnings else ""),
    )
    if chosen in ("cloud", "hybrid"):
        # The approved override is what lets real data reach the cloud now.
        base["cloud_allowed"] = True
    return WorkloadPlacement(placement=chosen, overridden=True, trace=[*decision.trace, step], warnings=warnings, **base)


def needs_acknowledgement(chosen: str | None, recommended: str, regulatory: bool) -> bool:
    """An override needs `acknowledge_regulation = true` when it loosens a placement a regulation decided
    (the rule the plan file, `planner validate` and the app's override dialog all apply)."""
    return regulatory and chosen is not None and STRICTNESS[chosen] < STRICTNESS[recommended]


def _unacknowledged(index: int, chosen: str, decision: _Decision) -> Problem:
    return Problem(
        ("workloads", index, "acknowledge_regulation"),
        f"placement = {chosen!r} overrides {_regulation_names(decision.regulations)}, which requires {decision.recommended}; "
        "set acknowledge_regulation = true to accept that risk, or remove the override",
    )


def override_problems(plan: Plan, catalog: Catalog) -> list[Problem]:
    """Overrides that loosen a regulatory placement without acknowledgement: validation problems, found
    before evaluation (only overridden, unacknowledged workloads are resolved; the regulation step
    reads the workload's data and the industry, nothing evaluation computes)."""
    problems: list[Problem] = []
    assumptions: Assumptions | None = None
    industry = catalog.industries[plan.organization.industry]
    for index, given in enumerate(plan.workloads):
        if given.placement is None or given.acknowledge_regulation:
            continue
        assumptions = assumptions or Assumptions(catalog, plan.assumptions, None)
        decision = _regulation(resolve_workload(given, catalog, assumptions, plan.hardware.gpu), industry, catalog)
        if isinstance(decision, _Decision) and needs_acknowledgement(given.placement, decision.recommended, True):
            problems.append(_unacknowledged(index, given.placement, decision))
    return problems


def _decision_key(workload: ResolvedWorkload) -> tuple:
    """Every field of a resolved workload that `_decide` reads (for a given plan, total volume and catalog)."""
    return (
        workload.kind,
        workload.defaults,
        workload.data,
        workload.deidentifiable,
        workload.sensitive_share,
        workload.cloud_model,
        workload.sensitive,
    )


def place_workloads(plan: Plan, workloads: list[ResolvedWorkload], catalog: Catalog, assumptions: Assumptions) -> list[WorkloadPlacement]:
    """One placement per workload, in order.

    Raises PlanInvalid (key path `workloads.N.acknowledge_regulation`) when an override loosens a
    regulatory result without `acknowledge_regulation = true`.
    """
    org_requests_per_day = sum(w.requests_per_day for w in workloads)
    problems: list[Problem] = []
    results = []
    # Workloads alike in every field the rules read get the same decision (and, without an override,
    # the same placement): decide once per shape, not once per workload.
    decisions: dict[tuple, _Decision] = {}
    plain: dict[int, WorkloadPlacement] = {}
    for index, (workload, given) in enumerate(zip(workloads, plan.workloads)):
        key = _decision_key(workload)
        decision = decisions.get(key)
        if decision is None:
            decision = decisions[key] = _decide(workload, plan, org_requests_per_day, catalog, assumptions)
        if given.placement is None:
            placed = plain.get(id(decision))
            if placed is None:
                placed = plain[id(decision)] = _apply_override(index, given, decision, problems)
            results.append(placed)
        else:
            results.append(_apply_override(index, given, decision, problems))
    if problems:
        raise PlanInvalid(problems)
    return results


def organization_strategy(placements: list[str]) -> str:
    """cloud (all cloud), on_prem (none on cloud) or hybrid (mixed)."""
    if not placements or all(p == "cloud" for p in placements):
        return "cloud"
    if all(p in ("on_prem", "on_prem_airgap") for p in placements):
        return "on_prem"
    return "hybrid"


def _situation_row(plan: Plan, workloads: list[ResolvedWorkload], catalog: Catalog, assumptions: Assumptions) -> tuple[str, tuple[str, ...]]:
    """(the situation-table row that fits the organization, the placements it expects)."""
    org = plan.organization
    industry = catalog.industries[org.industry]
    if industry.situation in STRICTNESS:
        return f"{industry.name} -> {LABEL[industry.situation]}", (industry.situation,)
    startup = assumptions.num("small_startup_employees")
    smb = assumptions.num("smb_employees")
    threshold = assumptions.num("org_requests_per_day_threshold")
    volume = sum(w.requests_per_day for w in workloads)
    if org.employees <= startup:
        return f"startup of {org.employees:,} people (<= {startup:,.0f}) -> cloud", ("cloud",)
    if org.employees >= smb and volume >= threshold:
        return (
            f"company past SMB size ({org.employees:,} people >= {smb:,.0f}) at {volume:,.0f} requests/day >= {threshold:,.0f} -> hybrid or on-prem",
            ("hybrid", "on_prem"),
        )
    size = f"SMB ({org.employees:,} people < {smb:,.0f})" if org.employees < smb else f"{org.employees:,} people at {volume:,.0f} requests/day (< {threshold:,.0f})"
    if org.security_requirements:
        return f"{size} with security needs -> hybrid", ("hybrid",)
    return f"{size} without security needs -> cloud", ("cloud",)


def _deviation(expected: tuple[str, ...], strategy: str, workloads: list[ResolvedWorkload], placements: list[str]) -> str:
    """Which workloads make the strategy differ from the situation table's, e.g. ' (on the cloud: marketing)'."""
    pairs = list(zip([w.id for w in workloads], placements))
    if expected == ("on_prem_airgap",):
        return f" (not air-gapped: {', '.join(i for i, p in pairs if p != 'on_prem_airgap')})"
    if expected == ("cloud",):
        return f" (off the cloud: {', '.join(i for i, p in pairs if p != 'cloud')})"
    if expected == ("on_prem",):
        return f" (on the cloud: {', '.join(i for i, p in pairs if p in ('cloud', 'hybrid'))})"
    return " (no workload uses the cloud)" if strategy == "on_prem" else " (no workload runs on-prem)"


def situation_check(
    plan: Plan,
    workloads: list[ResolvedWorkload],
    catalog: Catalog,
    assumptions: Assumptions,
    placements: list[str] | None = None,
) -> str:
    """The framework's situation table as a cross-check of the strategy, in one or two sentences.

    `placements` are the final placements per workload; computed here when not given.
    """
    if placements is None:
        placements = [p.placement for p in place_workloads(plan, workloads, catalog, assumptions)]
    strategy = organization_strategy(placements)
    row, expected = _situation_row(plan, workloads, catalog, assumptions)
    if expected == ("on_prem_airgap",):
        agrees = bool(placements) and all(p == "on_prem_airgap" for p in placements)
        computed = "all air-gapped" if agrees else strategy
    else:
        agrees = strategy in expected
        computed = strategy
    text = f"situation table: {row}; computed {computed} " + ("agrees" if agrees else "differs" + _deviation(expected, strategy, workloads, placements))
    text += "."
    if strategy in ("cloud", "hybrid"):
        months = assumptions.num("review_months")
        text += f" Cloud and hybrid plans get a review after {months:g} months."
    return text
