"""Placement rules -> where each workload runs, with the trace of every rule that applied.

SPEC section 5, in this order: (1) the kind's defaults fill unset fields (resolve.py did it; the
trace names them); (2) hard constraints decide what is ALLOWED and are never traded for money:
regulation (catalogs/regulations.toml; defense is air-gapped for every data class) and data
protection (flowchart Q1/Q1a: sensitive data that cannot be de-identified never goes to a cloud
API); (3) the flowchart's Q2-Q4 give the framework's answer among the allowed placements; (4) the
per-workload table is read in both directions (a cloud kind may move a flowchart on-prem to the
cloud, the customer chatbot's hybrid applies where the cloud is allowed after de-identification).
When (3) and (4) disagree the workload gets both answers in `framework` and `decide_by_numbers`
(run once costs are known) picks the cheaper over the horizon; when they agree
an allowed alternative cheaper by more than `economics_threshold` is a warning with both totals.
Then the plan's override, if any. Thresholds are assumptions; the rule table is catalog data.
"""

from __future__ import annotations

from typing import Callable, Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.domain.catalog import Catalog, Industry, PlacementName, Regulation, WorkloadKind
from planner.domain.gpuaas import eligible_offers
from planner.domain.plan import Plan, Workload
from planner.domain.resolve import Assumptions, ResolvedWorkload, resolve_workload
from planner.domain.results import TraceStep
from planner.domain.validate import PlanInvalid, Problem
from planner.domain.vocabulary import PLACEMENT_PHRASE as LABEL

STRICTNESS: dict[str, int] = {"cloud": 0, "hybrid": 1, "gpuaas": 2, "on_prem": 3, "on_prem_airgap": 4}
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


HybridMode = Literal["", "gradual", "sensitive"]
"""Which of the framework's hybrids: `gradual` (no ML engineers: start on the cloud, move over
gradually), `sensitive` (budget under the threshold, or the table's customer chatbot: only the
sensitive share on-prem); "" for any other placement."""

ALL_PLACEMENTS: tuple[PlacementName, ...] = ("cloud", "hybrid", "on_prem")
"""Placements the rules choose among when nothing constrains them (air-gapped only by regulation)."""


class WorkloadPlacement(BaseModel):
    """Placement of one workload."""

    model_config = ConfigDict(frozen=True)

    placement: PlacementName
    """Final placement (override applied)."""
    recommended: PlacementName
    """What the rules say (after `decide_by_numbers`, what the rules and numbers say)."""
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
    allowed: list[PlacementName] = Field(default_factory=lambda: list(ALL_PLACEMENTS))
    """Placements the hard constraints (regulation, data protection) allow."""
    framework: list[PlacementName] = Field(default_factory=list)
    """The framework's answer(s): one when the flowchart and the table agree, two when numbers must decide."""
    hybrid: HybridMode = ""
    """Which hybrid the recommendation is, when it is one."""
    cost_of_compliance_krw: int = 0
    """Cheapest allowed placement minus the cheapest of all placements priced, over the horizon."""
    priced_krw: dict[str, int] = Field(default_factory=dict)
    """Each placement's cost over the horizon, as the numbers step compared them (empty when not priced)."""
    gpuaas_offers: list[str] = Field(default_factory=list)
    """GPUaaS offers the rules allow (checked where the answer is self-hosted)."""


class _Decision(BaseModel):
    """The rules' result before any override."""

    recommended: PlacementName
    regulatory: bool = False
    cloud_allowed: bool = True
    needs_deidentification: bool = False
    trace: list[TraceStep] = Field(default_factory=list)
    regulations: list[Regulation] = Field(default_factory=list)
    allowed: list[PlacementName] = Field(default_factory=lambda: list(ALL_PLACEMENTS))
    framework: list[PlacementName] = Field(default_factory=list)
    hybrid: HybridMode = ""
    warnings: list[str] = Field(default_factory=list)
    cost_of_compliance_krw: int = 0
    priced_krw: dict[str, int] = Field(default_factory=dict)
    gpuaas_offers: list[str] = Field(default_factory=list)


SELF_HOSTED = ("on_prem", "on_prem_airgap")
"""Answers where the workload's open model runs on GPUs the organization owns (or, where allowed, rents)."""


def _gpuaas_step(decision: _Decision, workload: ResolvedWorkload, given: Workload | None, plan: Plan, catalog: Catalog, assumptions: Assumptions) -> _Decision:
    """Where the answer is self-hosted: may rented GPUs (GPUaaS) host the open model? Owned vs rented is then decided by cost."""
    if decision.recommended not in SELF_HOSTED:
        return decision
    found = eligible_offers(workload, given, plan, catalog)
    offers = list(found.offers) if decision.recommended == "on_prem" else []
    answer = found.answer
    if found.offers and decision.recommended == "on_prem_airgap":
        answer = "no: the answer is air-gapped, and rented GPUs sit on an external network"
    elif offers:
        answer += " -> owned or rented GPUs, decided by cost over the horizon"
    else:
        answer += f" -> {LABEL[decision.recommended]} stands"
    step = TraceStep(
        rule="gpuaas.allowed",
        question="May rented GPUs (GPUaaS) serve the open model instead of owned ones?",
        answer=answer,
        source=found.source,
    )
    # Rented GPUs join the allowed placements where the industry's rules allow them and the plan lets cost
    # choose owned vs rented (assumption gpuaas_hosting; off, the plan never rents by itself).
    rent = bool(offers) and bool(assumptions["gpuaas_hosting"])
    allowed = [*decision.allowed, "gpuaas"] if rent and "gpuaas" not in decision.allowed else decision.allowed
    return decision.model_copy(update={"trace": [*decision.trace, step], "gpuaas_offers": offers, "allowed": allowed})


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


def _data_protection(workload: ResolvedWorkload) -> tuple[list[TraceStep], bool, bool]:
    """Flowchart Q1/Q1a, a hard constraint: (steps, cloud allowed, de-identification needed)."""
    steps = [
        TraceStep(
            rule="flowchart.Q1",
            question="Does it handle sensitive data (confidential or above)?",
            answer=f"{_yes_no(workload.sensitive)}: data is {workload.data}" + (" -> Q1a" if workload.sensitive else " -> Q2"),
            source=f"{FLOWCHART_SOURCE} Q1",
        )
    ]
    if not workload.sensitive:
        return steps, True, False
    can = workload.deidentifiable
    steps.append(
        TraceStep(
            rule="flowchart.Q1a",
            question="Can the data be de-identified?",
            answer=(
                "yes -> Q2; cloud use needs a de-identification pipeline"
                if can
                else "no: the data cannot be de-identified -> on-prem; real data never goes to a cloud API (a hard constraint, not traded for money)"
            ),
            source=f"{FLOWCHART_SOURCE} Q1a",
        )
    )
    return steps, can, can


def _flowchart(workload: ResolvedWorkload, plan: Plan, org_requests_per_day: float, assumptions: Assumptions) -> tuple[PlacementName, HybridMode, list[TraceStep]]:
    """Flowchart Q2-Q4 among the allowed placements: (placement, which hybrid, steps)."""
    org = plan.organization
    steps: list[TraceStep] = []
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
        return "cloud", "", steps
    has_ml = org.ml_engineers > 0
    steps.append(
        TraceStep(
            rule="flowchart.Q3",
            question="Does the organization have ML engineers?",
            answer=f"yes: {org.ml_engineers} ML engineer(s) -> Q4" if has_ml else "no: 0 ML engineers -> hybrid: start on cloud, move gradually (a contractor or hire runs the on-prem side)",
            source=f"{FLOWCHART_SOURCE} Q3",
        )
    )
    if not has_ml:
        return "hybrid", "gradual", steps
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
    if rich:
        return "on_prem", "", steps
    if not workload.sensitive:
        steps.append(
            TraceStep(
                rule="flowchart.hybrid_not_sensitive",
                question="This hybrid keeps only sensitive data on-prem: does this workload have any?",
                answer=f"no: data is {workload.data} -> cloud",
                source=f"{FLOWCHART_SOURCE} Q4 (hybrid: only sensitive data on-prem)",
            )
        )
        return "cloud", "", steps
    return "hybrid", "sensitive", steps


def _table(workload: ResolvedWorkload, kind: WorkloadKind, allowed: list[PlacementName]) -> tuple[PlacementName | None, HybridMode, str]:
    """The per-workload table's placement for this workload, read in both directions: (placement or None when it does not speak, hybrid, why)."""
    placement = kind.framework_placement
    if placement == "cloud" and workload.sensitive:
        return None, "", f"the table's cloud for a {kind.name} assumes no sensitive data; this one is {workload.data}"
    if placement == "hybrid" and not (workload.sensitive and workload.deidentifiable):
        return None, "", f"the table's hybrid routes de-identified requests to the cloud and sensitive ones on-prem; this {workload.data} workload has no such split"
    if placement not in allowed:
        return None, "", f"the table's {LABEL[placement]} is not allowed here (hard constraints)"
    return placement, ("sensitive" if placement == "hybrid" else ""), kind.reason


def _decide(workload: ResolvedWorkload, plan: Plan, org_requests_per_day: float, catalog: Catalog, assumptions: Assumptions) -> _Decision:
    """Steps (1)-(4) for one workload; step (5), the numbers, is `decide_by_numbers`."""
    trace: list[TraceStep] = []
    defaults = _kind_defaults_step(workload, catalog)
    if defaults is not None:
        trace.append(defaults)
    industry = catalog.industries[plan.organization.industry]
    regulated = _regulation(workload, industry, catalog)
    if isinstance(regulated, _Decision):
        forced = regulated.recommended
        return regulated.model_copy(update={"trace": trace + regulated.trace, "allowed": [forced], "framework": [forced]})
    steps, deidentify = regulated
    trace += steps
    protection, cloud_allowed, protect_deidentify = _data_protection(workload)
    trace += protection
    if not cloud_allowed:
        return _Decision(recommended="on_prem", cloud_allowed=False, trace=trace, allowed=["on_prem"], framework=["on_prem"])
    allowed = list(ALL_PLACEMENTS)
    flow, flow_hybrid, flow_steps = _flowchart(workload, plan, org_requests_per_day, assumptions)
    trace += flow_steps
    kind = catalog.workload_kinds[workload.kind]
    table, table_hybrid, why = _table(workload, kind, allowed)
    if table is None:
        answer = f"no answer here: {why}; the flowchart's {LABEL[flow]} stands"
        framework = [flow]
    elif table == flow:
        answer = f"{LABEL[table]}: {why}; agrees with the flowchart"
        framework = [flow]
    else:
        answer = f"{LABEL[table]}: {why}; the flowchart says {LABEL[flow]} -> the numbers decide between them"
        framework = [flow, table]
    trace.append(
        TraceStep(
            rule="table.kind",
            question=f"Where does the framework's per-workload table place a {kind.name}?",
            answer=answer,
            source=f"Framework workload table ({kind.source})",
        )
    )
    return _Decision(
        recommended=flow,
        cloud_allowed=True,
        needs_deidentification=deidentify or protect_deidentify,
        trace=trace,
        allowed=allowed,
        framework=framework,
        hybrid=flow_hybrid if flow == "hybrid" else table_hybrid if table == "hybrid" else "",
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
        "allowed": decision.allowed,
        "framework": decision.framework,
        "hybrid": decision.hybrid,
        "cost_of_compliance_krw": decision.cost_of_compliance_krw,
        "priced_krw": decision.priced_krw,
        "gpuaas_offers": decision.gpuaas_offers,
    }
    chosen = given.placement
    if chosen is None:
        return WorkloadPlacement(placement=decision.recommended, trace=decision.trace, warnings=decision.warnings, **base)
    note = (given.placement_note or "").strip()
    if chosen == decision.recommended:
        step = TraceStep(
            rule="override",
            question="Does the plan set the placement itself?",
            answer=f"placement = {chosen}, the same as the rules' result (not an override); note: {note}",
            source=f"plan: workloads.{index}.placement_note",
        )
        return WorkloadPlacement(placement=chosen, trace=[*decision.trace, step], warnings=decision.warnings, **base)
    warnings: list[str] = list(decision.warnings)
    # rented GPUs the rules allow for this data loosen nothing (the industry's rule names them)
    loosens = needs_acknowledgement(chosen, decision.recommended, decision.regulatory) and not (chosen == "gpuaas" and decision.gpuaas_offers)
    if loosens:
        laws = _regulation_names(decision.regulations)
        if not given.acknowledge_regulation:  # validation (override_problems) reports this first
            problems.append(_unacknowledged(index, chosen, decision))
        warnings.append(f"placement {chosen} overrides {laws}, which requires {LABEL[decision.recommended]}; acknowledged")
    step = TraceStep(
        rule="override",
        question="Does the plan set the placement itself?",
        answer=f"yes: {LABEL[chosen]} instead of {LABEL[decision.recommended]}; note: {note}",
        source=f"plan: workloads.{index}.placement_note" + ("; acknowledge_regulation = true" if loosens else ""),
    )
    if chosen in ("cloud", "hybrid"):
        # The approved override is what lets real data reach the cloud now.
        base["cloud_allowed"] = True
    if chosen not in decision.allowed and not (chosen == "gpuaas" and decision.gpuaas_offers):
        # the plan does not pay the rule's price here: it takes the risk instead (the trace keeps the price)
        base["cost_of_compliance_krw"] = 0
        warnings = [w for w in warnings if not w.startswith("compliance:")]
    if chosen == "hybrid" and not base["hybrid"]:
        base["hybrid"] = "sensitive"  # a hybrid by override routes the sensitive share on-prem (SPEC section 5)
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


Prices = Callable[[int, HybridMode], dict[str, float]]
"""(workload index, hybrid mode) -> each placement's cost over the horizon in KRW, for those it can price.
A placement missing from the dict is not compared; a new placement joins by adding its key."""

NUMBERS_SOURCE = "SPEC section 5 step 5 (the framework: decide by numbers, not by feel)"


def _label(placement: str) -> str:
    return LABEL.get(placement, placement)


def _percent_cheaper(cost: float, than: float) -> float:
    return (than - cost) / than if than > 0 else 0.0


def _by_numbers(decision: _Decision, priced: dict[str, float], plan: Plan, assumptions: Assumptions) -> _Decision:
    """Step (5): numbers break the flowchart/table tie, warn past `economics_threshold`, price the hard constraints."""
    if not priced or decision.recommended not in (*priced, "on_prem_airgap"):
        return decision
    horizon = plan.horizon_months
    price = dict(priced)
    if "on_prem" in price:
        price.setdefault("on_prem_airgap", price["on_prem"])  # the same hardware and staff, without the network
    trace = list(decision.trace)
    warnings = list(decision.warnings)
    recommended = decision.recommended
    total = f"over {horizon} months"
    candidates = [p for p in decision.framework if p in price]
    if len(candidates) > 1:
        # The cheaper answer over the horizon is also the one that fits a budget better; the plan as a whole
        # is checked against `budget_3y_krw` by the ledger (a warning when its first 36 months cost more).
        recommended = min(candidates, key=lambda p: (price[p], candidates.index(p)))
        both = " vs ".join(f"{_label(p)} {_won(price[p])}" for p in candidates)
        trace.append(
            TraceStep(
                rule="numbers.tie",
                question=f"The flowchart and the table disagree: which of their answers costs less {total}?",
                answer=f"{both} -> {_label(recommended)}",
                source=f"{NUMBERS_SOURCE}; each placement priced as in ledger.placement_prices",
            )
        )
    threshold = assumptions.num("economics_threshold")
    allowed = [p for p in decision.allowed if p in price]
    mine = price[recommended]
    cheapest_allowed = min(allowed, key=lambda p: price[p]) if allowed else recommended
    if cheapest_allowed != recommended and _percent_cheaper(price[cheapest_allowed], mine) > threshold:
        cut = _percent_cheaper(price[cheapest_allowed], mine)
        why = "the flowchart and the table agree on it" if len(decision.framework) == 1 else "it is the cheaper of the framework's two answers"
        warnings.append(
            f"economics: {_label(cheapest_allowed)} would cost {_won(price[cheapest_allowed])} {total} against {_won(mine)} {_label(recommended)} "
            f"({cut:.0%} less, past the {threshold:.0%} threshold); the framework keeps {_label(recommended)} because {why}"
        )
        trace.append(
            TraceStep(
                rule="numbers.threshold",
                question=f"Is an allowed alternative cheaper by more than {threshold:.0%} {total}?",
                answer=f"yes: {_label(cheapest_allowed)} {_won(price[cheapest_allowed])} vs {_label(recommended)} {_won(mine)}; kept because {why}",
                source=f"{NUMBERS_SOURCE}; threshold {assumptions.origin('economics_threshold')}",
            )
        )
    everything = min(price.values())
    cheapest_any = min(price, key=lambda p: price[p])
    compliance = max(0.0, price.get(cheapest_allowed, mine) - everything) if allowed else 0.0
    if compliance > 0:
        trace.append(
            TraceStep(
                rule="numbers.compliance",
                question=f"What do the hard constraints cost {total} against the cheapest placement without them?",
                answer=f"{_won(compliance)}: {_label(cheapest_allowed)} {_won(price[cheapest_allowed])} vs {_label(cheapest_any)} {_won(everything)}",
                source="SPEC section 5: the cost of compliance (regulation and data protection)",
            )
        )
        if _percent_cheaper(everything, price[cheapest_allowed]) > threshold:
            warnings.append(
                f"compliance: the rules keep it {_label(recommended)} at {_won(price[cheapest_allowed])} {total}; "
                f"{_label(cheapest_any)} would cost {_won(everything)} (the price of the rule: {_won(compliance)})"
            )
    return decision.model_copy(
        update={
            "recommended": recommended,
            "trace": trace,
            "warnings": warnings,
            "cost_of_compliance_krw": round(compliance),
            "priced_krw": {p: round(v) for p, v in priced.items()},
            "hybrid": decision.hybrid if recommended == "hybrid" else "",
        }
    )


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
        workload.open_model,
    )


def place_workloads(
    plan: Plan, workloads: list[ResolvedWorkload], catalog: Catalog, assumptions: Assumptions, prices: Prices | None = None
) -> list[WorkloadPlacement]:
    """One placement per workload, in order.

    `prices`: each placement's cost over the horizon per workload (see `Prices`); without it the
    numbers step is skipped and a flowchart/table tie keeps the flowchart's answer.
    Raises PlanInvalid (key path `workloads.N.acknowledge_regulation`) when an override loosens a
    regulatory result without `acknowledge_regulation = true`.
    """
    org_requests_per_day = sum(w.requests_per_day for w in workloads)
    problems: list[Problem] = []
    results = []
    # Workloads alike in every field the rules read get the same decision (and, without an override,
    # the same placement): decide once per shape, not once per workload. Numbers are per workload.
    decisions: dict[tuple, _Decision] = {}
    plain: dict[int, WorkloadPlacement] = {}
    for index, (workload, given) in enumerate(zip(workloads, plan.workloads)):
        key = (*_decision_key(workload), given.csap_grade, given.n2sf_class)
        decision = decisions.get(key)
        if decision is None:
            decision = decisions[key] = _decide(workload, plan, org_requests_per_day, catalog, assumptions)
            if prices is None:
                decision = decisions[key] = _gpuaas_step(decision, workload, given, plan, catalog, assumptions)
        if prices is not None:
            decision = _by_numbers(decision, prices(index, decision.hybrid or "sensitive"), plan, assumptions)
            decision = _gpuaas_step(decision, workload, given, plan, catalog, assumptions)
            results.append(_apply_override(index, given, decision, problems))
        elif given.placement is None:
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
    """cloud (all cloud), on_prem (all on owned GPUs), gpuaas (all on rented GPUs) or hybrid (mixed)."""
    if not placements or all(p == "cloud" for p in placements):
        return "cloud"
    if all(p in ("on_prem", "on_prem_airgap") for p in placements):
        return "on_prem"
    if all(p == "gpuaas" for p in placements):
        return "gpuaas"
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
        on_cloud = [i for i, p in pairs if p in ("cloud", "hybrid")]
        rented = [i for i, p in pairs if p == "gpuaas"]
        parts = ([f"on the cloud: {', '.join(on_cloud)}"] if on_cloud else []) + ([f"on rented GPUs: {', '.join(rented)}"] if rented else [])
        return f" ({'; '.join(parts)})"
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
