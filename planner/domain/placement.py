"""Placement rules -> where each workload runs, with the trace of every rule that applied.

SPEC section 5, in this order: (1) the kind's defaults fill unset fields (resolve.py did it; the
trace names them); (2) hard constraints decide what is ALLOWED and are never traded for money:
regulation (catalogs/regulations.toml; defense is air-gapped for every data class) and data
protection (flowchart Q1/Q1a: sensitive data that cannot be de-identified never goes to a cloud
API); (3) the flowchart's Q2-Q4 give the framework's answer among the allowed placements; (4) the
per-workload table is read in both directions (a cloud kind may move a flowchart on-prem to the
cloud, the customer chatbot's hybrid applies where the cloud is allowed after de-identification).
When (3) and (4) disagree the workload gets both answers in `framework` and the numbers step
(run once costs are known) picks the cheaper over the horizon; when they agree
an allowed alternative cheaper by more than `economics_threshold` is a warning with both totals.
Then the plan's override, if any. Thresholds are assumptions; the rule table is catalog data.
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar, Literal

from planner.domain.catalog import Catalog, Industry, PlacementName, Regulation, WorkloadKind
from planner.domain.coremodel import SET_VALUES, ConfigDict, Field, Model
from planner.domain.gpuaas import Eligibility, RentGap, _hosting_step, eligible_offers, quote_offers, rent_gap, unfit_step
from planner.domain.messages import N_, Message, Won, msg
from planner.domain.plan import Plan, Workload
from planner.domain.resolve import Assumptions, ResolvedWorkload, resolve_workload
from planner.domain.results import GpuaasQuote, TraceStep, new_dict, new_list
from planner.domain.validate import PlanInvalid, Problem
from planner.domain.vocabulary import PLACEMENT_PHRASE as LABEL
from planner.domain.vocabulary import catalog_text as _text
from planner.domain.vocabulary import catalog_texts as _list
from planner.domain.vocabulary import data_class, law_source

VERSUS = N_("{first} vs {second}")
"""Templates of the tie step's parts (made directly: `_said`, `_tie_step`)."""
ANSWER_PLACE = N_("{both} -> {place}")

STRICTNESS: dict[str, int] = {"cloud": 0, "hybrid": 1, "gpuaas": 2, "on_prem": 3, "on_prem_airgap": 4}
"""How far a placement keeps data from external networks; an override towards less needs care."""


FLOWCHART_SOURCE = msg("Framework decision flowchart")

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


class WorkloadPlacement(Model):
    """Placement of one workload (a coremodel Model: pydantic's model API and validation without pydantic)."""

    model_config = ConfigDict(frozen=True)

    placement: PlacementName
    """Final placement (override applied)."""
    recommended: PlacementName
    """What the rules say (after the numbers step, what the rules and numbers say)."""
    overridden: bool = False
    """The user overrode it."""
    regulatory: bool = False
    """A regulation decided the recommendation."""
    cloud_allowed: bool = True
    """Real data may go to a cloud API (possibly after de-identification)."""
    needs_deidentification: bool = False
    """Cloud use depends on a de-identification pipeline."""
    trace: list[TraceStep] = Field(default_factory=new_list)
    """Every step that applied."""
    warnings: list[Message] = Field(default_factory=new_list)
    """Warnings (e.g. overriding a regulation)."""
    regulations: list[str] = Field(default_factory=new_list)
    """Ids of the regulation rules that decided the recommendation (empty when none did)."""
    allowed: list[PlacementName] = Field(default_factory=lambda: list(ALL_PLACEMENTS))
    """Placements the hard constraints (regulation, data protection) allow."""
    framework: list[PlacementName] = Field(default_factory=new_list)
    """The framework's answer(s): one when the flowchart and the table agree, two when numbers must decide."""
    hybrid: HybridMode = ""
    """Which hybrid the recommendation is, when it is one."""
    cost_of_compliance_krw: int = 0
    """Cheapest allowed placement minus the cheapest of all placements priced, over the horizon."""
    priced_krw: dict[str, int] = Field(default_factory=new_dict)
    """Each placement's cost over the horizon, as the numbers step compared them (empty when not priced)."""
    gpuaas_offers: list[str] = Field(default_factory=new_list)
    """GPUaaS offers the rules allow (checked where the answer is self-hosted)."""
    gpuaas_quote: GpuaasQuote | None = None
    """The rented-GPU price where the rules allow rented GPUs: compared by the numbers step when the plan lets
    cost choose owned vs rented (`gpuaas_hosting`), only shown in the hosting step when it does not."""

    fields_given: ClassVar[set[str]]
    """Every field: the `__pydantic_fields_set__` the placements `_apply_override` makes share (see `_made`)."""


WorkloadPlacement.fields_given = set(WorkloadPlacement.model_fields)


def _made(values: dict[str, Any]) -> WorkloadPlacement:
    """A WorkloadPlacement over `values` (every field, in its order) as they are, without validation (as
    `results._Result.of_valid`); `_apply_override` checks they are what validation would keep (`_valid_as_is`)."""
    made = WorkloadPlacement.__new__(WorkloadPlacement)
    object.__setattr__(made, "__dict__", values)
    object.__setattr__(made, "__pydantic_fields_set__", WorkloadPlacement.fields_given)
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made


def _valid_as_is(values: dict[str, Any]) -> bool:
    """The placement's values are what WorkloadPlacement's validation would keep: they come from the rules (names
    from the catalog and the rules' literals, steps and quotes already validated, lists the placement's own); the
    figures worked out here are checked to be ints, the warnings Messages."""
    if values["cost_of_compliance_krw"].__class__ is not int:
        return False
    for krw in values["priced_krw"].values():
        if krw.__class__ is not int:
            return False
    for warning in values["warnings"]:
        if not isinstance(warning, Message):
            return False
    return True


def _placement(values: dict[str, Any]) -> WorkloadPlacement:
    return _made(values) if _valid_as_is(values) else WorkloadPlacement(**values)


class _Decision:
    """The rules' result before any override. Internal and copied several times per workload (`replaced`), so
    a plain class rather than a validated model: its values come from the rules, never from the user."""

    recommended: PlacementName
    regulatory: bool
    cloud_allowed: bool
    needs_deidentification: bool
    trace: list[TraceStep]
    regulations: list[Regulation]
    allowed: list[PlacementName]
    framework: list[PlacementName]
    hybrid: HybridMode
    warnings: list[Message]
    cost_of_compliance_krw: int
    compliance_warning: Message | str
    """What the hard constraints cost, when past the threshold: a warning only while the placement pays that price."""
    priced_krw: dict[str, int]
    gpuaas_offers: list[str]
    gpuaas_quote: GpuaasQuote | None

    def __init__(
        self,
        recommended: PlacementName,
        regulatory: bool = False,
        cloud_allowed: bool = True,
        trace: list[TraceStep] | None = None,
        regulations: list[Regulation] | None = None,
        allowed: list[PlacementName] | None = None,
        framework: list[PlacementName] | None = None,
        hybrid: HybridMode = "",
        needs_deidentification: bool = False,
    ):
        self.recommended, self.regulatory, self.cloud_allowed, self.needs_deidentification = recommended, regulatory, cloud_allowed, needs_deidentification
        self.trace = [] if trace is None else trace
        self.regulations = [] if regulations is None else regulations
        self.allowed = list(ALL_PLACEMENTS) if allowed is None else allowed
        self.framework = [] if framework is None else framework
        self.hybrid = hybrid
        self.warnings, self.cost_of_compliance_krw, self.compliance_warning, self.priced_krw = [], 0, "", {}
        self.gpuaas_offers, self.gpuaas_quote = [], None

    def replaced(self, **changes: Any) -> _Decision:
        """A copy with `changes` (the lists and dicts shared with this one: neither is changed in place)."""
        copy = object.__new__(_Decision)
        copy.__dict__ = {**self.__dict__, **changes}
        return copy

    def warnings_paying_for_compliance(self, pays: bool = True) -> list[Message]:
        """The decision's warnings, with the compliance warning last when the placement pays the rules' price."""
        return [*self.warnings, self.compliance_warning] if pays and self.compliance_warning else list(self.warnings)


SELF_HOSTED = ("on_prem", "on_prem_airgap")
"""Answers where the workload's open model runs on GPUs the organization owns (or, where allowed, rents)."""


def _gpuaas_step(
    decision: _Decision, workload: ResolvedWorkload, given: Workload | None, plan: Plan, catalog: Catalog, assumptions: Assumptions, steps: dict | None = None
) -> _Decision:
    """Where the answer is self-hosted: may rented GPUs (GPUaaS) host the open model? Owned vs rented is then decided by cost.

    `steps` (one placement run's dict: one plan, one catalog): the step by what the rules read (the data class,
    the workload's CSAP grade and N2SF class, the answer), shared by the workloads alike."""
    if decision.recommended not in SELF_HOSTED:
        return decision
    key = ("gpuaas.allowed", workload.data, given.csap_grade if given else None, given.n2sf_class if given else None, decision.recommended)
    known = steps.get(key) if steps is not None else None
    if known is None:
        known = _allowed_step(decision.recommended, eligible_offers(workload, given, plan, catalog))
        if steps is not None:
            steps[key] = known
    step, offers = known
    offers = list(offers)
    # Rented GPUs join the allowed placements where the industry's rules allow them and the plan lets cost
    # choose owned vs rented (assumption gpuaas_hosting; off, the plan never rents by itself).
    rent = bool(offers) and bool(assumptions["gpuaas_hosting"])
    allowed = [*decision.allowed, "gpuaas"] if rent and "gpuaas" not in decision.allowed else decision.allowed
    return decision.replaced(trace=[*decision.trace, step], gpuaas_offers=offers, allowed=allowed)


def _allowed_step(recommended: str, found: Eligibility) -> tuple[TraceStep, tuple[str, ...]]:
    """(the `gpuaas.allowed` step, the offers it leaves) for a self-hosted answer and what the rules allow."""
    offers = found.offers if recommended == "on_prem" else ()
    if found.offers and recommended == "on_prem_airgap":
        answer = msg("no: the answer is air-gapped, and rented GPUs sit on an external network")
    elif offers:
        answer = msg("{answer} -> owned or rented GPUs, decided by cost over the horizon", answer=found.answer)
    else:
        answer = msg("{answer} -> {place} stands", answer=found.answer, place=LABEL[recommended])
    step = TraceStep(
        rule="gpuaas.allowed",
        question=msg("May rented GPUs (GPUaaS) serve the open model instead of owned ones?"),
        answer=answer,
        source=found.source,
    )
    return step, offers


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _won(amount: float) -> Message:
    """`114,350,920 KRW` in English; in Korean the planner's 억/만원 (the amount is a messages.Won)."""
    return msg("{amount} KRW", amount=Won(amount))


def _kind_defaults_step(workload: ResolvedWorkload, catalog: Catalog) -> TraceStep | None:
    """Step (1): which inputs the workload left to its kind."""
    kind = catalog.workload_kinds[workload.kind]
    from_kind = [f for f in _KIND_FIELDS if f in workload.defaults]
    if not from_kind:
        return None
    shown = ", ".join(f"{f} = {_value(getattr(workload, f))}" for f in from_kind if f in _PLACEMENT_FIELDS)
    others = ", ".join(f for f in from_kind if f not in _PLACEMENT_FIELDS)
    if shown and others:
        answer = msg("{shown}; also {others}", shown=shown, others=others)
    else:
        answer = msg("{fields}", fields=shown or others)
    return TraceStep(
        rule="kind.defaults",
        question=msg("Which inputs did the plan leave to the kind {kind}?", kind=msg(kind.name)),
        answer=answer,
        source=Message(kind.source.replace("{", "{{").replace("}", "}}")),
    )


def _rules_for(industry: str, data: str, catalog: Catalog) -> list[Regulation]:
    """Rules that govern this data class in this industry; `any`-industry rules first."""
    rules = [r for r in catalog.regulations.values() if r.industry in ("any", industry) and data in r.data_classes]
    return sorted(rules, key=lambda r: r.industry != "any")


def _apply_rule(rule: Regulation, workload: ResolvedWorkload, catalog: Catalog) -> tuple[PlacementName | None, bool, Message]:
    """(placement the rule forces or None when the cloud stays allowed, de-identification needed, answer)."""
    model = catalog.cloud_models.get(workload.cloud_model)
    model_name = model.name if model else workload.cloud_model
    lead = msg("{data} data: {reason}", data=data_class(workload.data), reason=_text(rule.reason))
    if rule.effect in ("on_prem", "on_prem_airgap"):
        return rule.effect, False, msg("no: {lead} -> {place}", lead=lead, place=LABEL[rule.effect])
    if rule.effect == "requires_csap":
        if model is not None and model.csap_certified:
            return None, False, msg("yes: {lead}; {model} is CSAP-certified", lead=lead, model=model_name)
        return "on_prem", False, msg("no: {lead}; {model} is not CSAP-certified -> on-prem", lead=lead, model=model_name)
    if rule.effect == "requires_eu_region":
        if model is not None and model.eu_region:
            return None, False, msg("yes: {lead}; {model} is hosted in the EU", lead=lead, model=model_name)
        return "on_prem", False, msg("no: {lead}; {model} has no EU region -> on-prem", lead=lead, model=model_name)
    if workload.deidentifiable:
        return None, True, msg("yes, after de-identification: {lead}", lead=lead)
    return "on_prem", False, msg("no: {lead}; the data cannot be de-identified -> on-prem", lead=lead)


def _regulation(workload: ResolvedWorkload, industry: Industry, catalog: Catalog) -> _Decision | tuple[list[TraceStep], bool]:
    """Step (2): a decision when a regulation forbids the cloud, else (trace steps, de-identification needed)."""
    rules = _rules_for(industry.id, workload.data, catalog)
    if not rules:
        governed = sorted({c for r in catalog.regulations.values() if r.industry in ("any", industry.id) for c in r.data_classes})
        data = data_class(workload.data)
        step = TraceStep(
            rule="regulation.none",
            question=msg("Does a regulation forbid the cloud for {data} data in {industry}?", data=data, industry=_text(industry.name)),
            answer=msg("no: the rules for {industry} govern {classes}, not {data} data", industry=_text(industry.name), classes=_list(data_class(c) for c in governed), data=data)
            if governed
            else msg("no: the rules for {industry} govern no data class, not {data} data", industry=_text(industry.name), data=data),
            source=_list(industry.laws, "; ") if industry.laws else _text(industry.source),
        )
        return [step], False
    steps: list[TraceStep] = []
    forced: list[tuple[Regulation, PlacementName]] = []
    deidentify = False
    for rule in rules:
        placement, needs, answer = _apply_rule(rule, workload, catalog)
        where = _text(industry.name) if rule.industry != "any" else msg("any industry")
        steps.append(
            TraceStep(
                rule=f"regulation.{rule.id}",
                question=msg("{rule}, {where}: may this workload's data go to a cloud API?", rule=_text(rule.name), where=where),
                answer=answer,
                source=law_source(rule),
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
            question=msg("Does it handle sensitive data (confidential or above)?"),
            answer=msg("yes: data is {data} -> Q1a", data=data_class(workload.data))
            if workload.sensitive
            else msg("no: data is {data} -> Q2", data=data_class(workload.data)),
            source=msg("{flowchart} Q1", flowchart=FLOWCHART_SOURCE),
        )
    ]
    if not workload.sensitive:
        return steps, True, False
    can = workload.deidentifiable
    steps.append(
        TraceStep(
            rule="flowchart.Q1a",
            question=msg("Can the data be de-identified?"),
            answer=(
                msg("yes -> Q2; cloud use needs a de-identification pipeline")
                if can
                else msg("no: the data cannot be de-identified -> on-prem; real data never goes to a cloud API (a hard constraint, not traded for money)")
            ),
            source=msg("{flowchart} Q1a", flowchart=FLOWCHART_SOURCE),
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
            question=msg("Does the organization send at least {threshold} requests per day in total?", threshold=f"{threshold:,.0f}"),
            answer=msg("yes: {volume} requests/day >= {threshold} -> Q3", volume=f"{org_requests_per_day:,.0f}", threshold=f"{threshold:,.0f}")
            if big
            else msg("no: {volume} requests/day < {threshold} -> cloud", volume=f"{org_requests_per_day:,.0f}", threshold=f"{threshold:,.0f}"),
            source=msg("{flowchart} Q2; threshold {origin}", flowchart=FLOWCHART_SOURCE, origin=assumptions.origin("org_requests_per_day_threshold")),
        )
    )
    if not big:
        return "cloud", "", steps
    has_ml = org.ml_engineers > 0
    steps.append(
        TraceStep(
            rule="flowchart.Q3",
            question=msg("Does the organization have ML engineers?"),
            answer=msg("yes: {count} ML engineer(s) -> Q4", count=org.ml_engineers)
            if has_ml
            else msg("no: 0 ML engineers -> hybrid: start on cloud, move gradually (a contractor or hire runs the on-prem side)"),
            source=msg("{flowchart} Q3", flowchart=FLOWCHART_SOURCE),
        )
    )
    if not has_ml:
        return "hybrid", "gradual", steps
    budget_threshold = assumptions.num("budget_threshold_krw")
    rich = org.budget_3y_krw >= budget_threshold
    steps.append(
        TraceStep(
            rule="flowchart.Q4",
            question=msg("Is the three-year budget at least {threshold}?", threshold=_won(budget_threshold)),
            answer=msg("yes: {budget} >= {threshold} -> on-prem", budget=_won(org.budget_3y_krw), threshold=_won(budget_threshold))
            if rich
            else msg("no: {budget} < {threshold} -> hybrid: only sensitive data on-prem", budget=_won(org.budget_3y_krw), threshold=_won(budget_threshold)),
            source=msg("{flowchart} Q4; threshold {origin}", flowchart=FLOWCHART_SOURCE, origin=assumptions.origin("budget_threshold_krw")),
        )
    )
    if rich:
        return "on_prem", "", steps
    if not workload.sensitive:
        steps.append(
            TraceStep(
                rule="flowchart.hybrid_not_sensitive",
                question=msg("This hybrid keeps only sensitive data on-prem: does this workload have any?"),
                answer=msg("no: data is {data} -> cloud", data=data_class(workload.data)),
                source=msg("{flowchart} Q4 (hybrid: only sensitive data on-prem)", flowchart=FLOWCHART_SOURCE),
            )
        )
        return "cloud", "", steps
    return "hybrid", "sensitive", steps


def _table(workload: ResolvedWorkload, kind: WorkloadKind, allowed: list[PlacementName]) -> tuple[PlacementName | None, HybridMode, Message]:
    """The per-workload table's placement for this workload, read in both directions: (placement or None when it does not speak, hybrid, why)."""
    placement = kind.framework_placement
    if placement == "cloud" and workload.sensitive:
        return None, "", msg("the table's cloud for a {kind} assumes no sensitive data; this one is {data}", kind=_text(kind.name), data=data_class(workload.data))
    if placement == "hybrid" and not (workload.sensitive and workload.deidentifiable):
        return None, "", msg(
            "the table's hybrid routes de-identified requests to the cloud and sensitive ones on-prem; this {data} workload has no such split",
            data=data_class(workload.data),
        )
    if placement not in allowed:
        return None, "", msg("the table's {place} is not allowed here (hard constraints)", place=LABEL[placement])
    return placement, ("sensitive" if placement == "hybrid" else ""), _text(kind.reason)


def _decide(workload: ResolvedWorkload, plan: Plan, org_requests_per_day: float, catalog: Catalog, assumptions: Assumptions) -> _Decision:
    """Steps (1)-(4) for one workload; step (5), the numbers, is `_tie` then `_numbers` (in `place_workloads`)."""
    trace: list[TraceStep] = []
    defaults = _kind_defaults_step(workload, catalog)
    if defaults is not None:
        trace.append(defaults)
    industry = catalog.industries[plan.organization.industry]
    regulated = _regulation(workload, industry, catalog)
    if isinstance(regulated, _Decision):
        forced = regulated.recommended
        return regulated.replaced(trace=trace + regulated.trace, allowed=[forced], framework=[forced])
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
        answer = msg("no answer here: {why}; the flowchart's {place} stands", why=why, place=LABEL[flow])
        framework = [flow]
    elif table == flow:
        answer = msg("{place}: {why}; agrees with the flowchart", place=LABEL[table], why=why)
        framework = [flow]
    else:
        answer = msg("{place}: {why}; the flowchart says {flowchart} -> the numbers decide between them", place=LABEL[table], why=why, flowchart=LABEL[flow])
        framework = [flow, table]
    trace.append(
        TraceStep(
            rule="table.kind",
            question=msg("Where does the framework's per-workload table place a {kind}?", kind=_text(kind.name)),
            answer=answer,
            source=msg("Framework workload table ({source})", source=_text(kind.source)),
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


def _regulation_names(rules: list[Regulation]) -> Message:
    template = ", ".join(f"regulation.{r.id} ({{r{n}}})" for n, r in enumerate(rules))
    return Message(template, {f"r{n}": _list(r.laws, "; ") for n, r in enumerate(rules)})


def _loosens(chosen: str, decision: _Decision) -> bool:
    """An override that loosens what a regulation decided (rented GPUs the rules allow for the data loosen nothing:
    the industry's rule names them)."""
    return needs_acknowledgement(chosen, decision.recommended, decision.regulatory) and not (chosen == "gpuaas" and decision.gpuaas_offers)


class _Placed:
    """Of a workload's placement, what `place_workloads(again=...)` reads where the workload is placed again after it
    (`_placed`): where it goes, the rules' answer, which hybrid, the placements allowed and the rented-GPU quote."""

    __slots__ = ("placement", "recommended", "hybrid", "allowed", "gpuaas_quote")

    def __init__(self, placement: str, recommended: str, hybrid: str, allowed: list, gpuaas_quote: GpuaasQuote | None):
        self.placement, self.recommended, self.hybrid, self.allowed, self.gpuaas_quote = placement, recommended, hybrid, allowed, gpuaas_quote


def _placed(index: int, given: Workload, decision: _Decision, problems: list[Problem]) -> _Placed:
    """`_apply_override(...)` reduced to `_Placed` (the same placement, hybrid and problems), without its trace,
    warnings and validated model."""
    chosen = given.placement
    hybrid = decision.hybrid
    if chosen is None or chosen == decision.recommended:
        return _Placed(decision.recommended, decision.recommended, hybrid, decision.allowed, decision.gpuaas_quote)
    if _loosens(chosen, decision) and not given.acknowledge_regulation:
        problems.append(_unacknowledged(index, chosen, decision))
    if chosen == "hybrid" and not hybrid:
        hybrid = "sensitive"
    return _Placed(chosen, decision.recommended, hybrid, decision.allowed, decision.gpuaas_quote)


def _apply_override(index: int, given: Workload, decision: _Decision, problems: list[Problem]) -> WorkloadPlacement:
    """The plan's `placement` override, checked against a regulatory result."""
    chosen = given.placement
    if chosen is None or chosen == decision.recommended:
        trace = list(decision.trace)
        if chosen is not None:
            note = (given.placement_note or "").strip()
            trace.append(
                TraceStep(
                    rule="override",
                    question=msg("Does the plan set the placement itself?"),
                    answer=msg("placement = {chosen}, the same as the rules' result (not an override); note: {note}", chosen=chosen, note=note),
                    source=msg("plan: {key}", key=f"workloads.{index}.placement_note"),
                )
            )
        # WorkloadPlacement's fields in its order; lists and dicts its own, as validation copies them
        return _placement(
            {
                "placement": decision.recommended,
                "recommended": decision.recommended,
                "overridden": False,
                "regulatory": decision.regulatory,
                "cloud_allowed": decision.cloud_allowed,
                "needs_deidentification": decision.needs_deidentification,
                "trace": trace,
                "warnings": decision.warnings_paying_for_compliance(),
                "regulations": [r.id for r in decision.regulations],
                "allowed": list(decision.allowed),
                "framework": list(decision.framework),
                "hybrid": decision.hybrid,
                "cost_of_compliance_krw": decision.cost_of_compliance_krw,
                "priced_krw": dict(decision.priced_krw),
                "gpuaas_offers": list(decision.gpuaas_offers),
                "gpuaas_quote": decision.gpuaas_quote,
            }
        )
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
        "gpuaas_quote": decision.gpuaas_quote,
    }
    note = (given.placement_note or "").strip()
    # the plan pays the rule's price only where the override stays inside what the rules allow
    pays = chosen in decision.allowed or (chosen == "gpuaas" and bool(decision.gpuaas_offers))
    warnings: list[Message] = decision.warnings_paying_for_compliance(pays)
    loosens = _loosens(chosen, decision)
    if loosens:
        laws = _regulation_names(decision.regulations)
        if not given.acknowledge_regulation:  # validation (override_problems) reports this first
            problems.append(_unacknowledged(index, chosen, decision))
        warnings.append(msg("placement {chosen} overrides {laws}, which requires {place}; acknowledged", chosen=chosen, laws=laws, place=LABEL[decision.recommended]))
    step = TraceStep(
        rule="override",
        question=msg("Does the plan set the placement itself?"),
        answer=msg("yes: {chosen} instead of {recommended}; note: {note}", chosen=LABEL[chosen], recommended=LABEL[decision.recommended], note=note),
        source=msg("plan: {key}", key=f"workloads.{index}.placement_note" + ("; acknowledge_regulation = true" if loosens else "")),
    )
    if chosen in ("cloud", "hybrid"):
        # The approved override is what lets real data reach the cloud now.
        base["cloud_allowed"] = True
    if not pays:
        # the plan does not pay the rule's price here: it takes the risk instead (the trace keeps the price)
        base["cost_of_compliance_krw"] = 0
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
        msg(
            "placement = {chosen} overrides {laws}, which requires {recommended}; set acknowledge_regulation = true to accept that risk, or remove the override",
            chosen=repr(chosen),
            laws=_regulation_names(decision.regulations),
            recommended=decision.recommended,
        ),
    )


def override_problems(plan: Plan, catalog: Catalog) -> list[Problem]:
    """Overrides the plan cannot take, found before evaluation: one that loosens a regulatory placement without
    acknowledgement (only overridden, unacknowledged workloads are resolved; the regulation step reads the
    workload's data and the industry, nothing evaluation computes), and one to rented GPUs that no offer it would be
    quoted on can serve (`_unrentable`)."""
    problems: list[Problem] = []
    assumptions: Assumptions | None = None
    industry = catalog.industries[plan.organization.industry]
    runs: list[_RentRun] = []  # the plan's and each scenario's, made at the first override to rented GPUs
    for index, given in enumerate(plan.workloads):
        if given.placement is None:
            continue
        resolved: ResolvedWorkload | None = None
        if not given.acknowledge_regulation:
            assumptions = assumptions or Assumptions(catalog, plan.assumptions, None)
            resolved = resolve_workload(given, catalog, assumptions, plan.hardware.gpu)
            decision = _regulation(resolved, industry, catalog)
            if isinstance(decision, _Decision) and needs_acknowledgement(given.placement, decision.recommended, True):
                problems.append(_unacknowledged(index, given.placement, decision))
        if given.placement == "gpuaas":
            if not runs:
                assumptions = assumptions or Assumptions(catalog, plan.assumptions, None)
                runs.append(_RentRun(None, assumptions))
                runs += [_RentRun(name, Assumptions(catalog, plan.assumptions, scenario.overrides)) for name, scenario in sorted(plan.scenarios.items())]
            problem = _unrentable(index, given, resolved, runs, plan, catalog)
            if problem is not None:
                problems.append(problem)
    return problems


class _RentRun:
    """What checking overrides to rented GPUs keeps for one set of assumptions (the plan's, or a named scenario's):
    the quotes' memo (fits, offer terms), the allowed offers by what the rules read of a workload, and the answers
    (`gpuaas.rent_gap`) by what a fit reads (the load's size does not decide whether a model fits a GPU type)."""

    __slots__ = ("name", "assumptions", "memo", "offers", "gaps")

    def __init__(self, name: str | None, assumptions: Assumptions):
        self.name, self.assumptions = name, assumptions
        self.memo: dict = {}
        self.offers: dict[tuple, tuple[tuple[str, ...], bool]] = {}
        self.gaps: dict[tuple, RentGap | None] = {}


def _unrentable(index: int, given: Workload, resolved: ResolvedWorkload | None, runs: list[_RentRun], plan: Plan, catalog: Catalog) -> Problem | None:
    """`placement = "gpuaas"` where the offers its serving would be quoted on (`gpuaas.quote_offers`) cannot serve it
    (`gpuaas.rent_gap`: its open model at its precision fits no GPU type they rent, or none rents the workload's own
    `gpu`), with the plan's assumptions or a scenario's: its serving could not be costed, and the horizon's
    total would leave it out. A problem at its `placement`, as an unacknowledged override is one. `resolved`: the
    workload resolved with the plan's assumptions, where the caller has it."""
    for run in runs:
        a = run.assumptions
        workload = resolved if resolved is not None and run.name is None else resolve_workload(given, catalog, a, plan.hardware.gpu)
        rules_read = (workload.data, given.csap_grade, given.n2sf_class)
        found = run.offers.get(rules_read)
        if found is None:
            allowed = eligible_offers(workload, given, plan, catalog).offers
            found = run.offers[rules_read] = (quote_offers(allowed, plan, catalog), bool(allowed))
        offers, allowed_by_rules = found
        fit_read = (workload.open_model, workload.precision, workload.pinned_gpu, workload.input_tokens, workload.output_tokens, offers, allowed_by_rules)
        if fit_read in run.gaps:
            gap = run.gaps[fit_read]
        else:
            gap = run.gaps[fit_read] = rent_gap(workload, offers, catalog, a, allowed_by_rules, run.memo)
        if gap is None:
            continue
        if gap.kind == "gpu_not_rented":
            text = msg("placement = 'gpuaas', but rented GPUs cannot serve it: {reason}; choose a gpu the offers rent, or another placement", reason=gap.reason)
        elif workload.pinned_gpu is not None:
            text = msg("placement = 'gpuaas', but rented GPUs cannot serve it: {reason}; choose a lower precision, a smaller open model, another gpu, or another placement", reason=gap.reason)
        else:
            text = msg("placement = 'gpuaas', but rented GPUs cannot serve it: {reason}; choose a lower precision, a smaller open model, or another placement", reason=gap.reason)
        if run.name is not None:
            text = msg("in scenario {scenario}: {problem}", scenario=run.name, problem=text)
        return Problem(("workloads", index, "placement"), text)
    return None


Prices = Callable[[int, HybridMode], dict[str, float]]
"""(workload index, hybrid mode) -> each placement's cost over the horizon in KRW, for those it can price.
A placement missing from the dict is not compared; a new placement joins by adding its key."""

NUMBERS_SOURCE = msg("SPEC section 5 step 5 (the framework: decide by numbers, not by feel)")
TIE_SOURCE = msg("{numbers}; each placement priced as in ledger.placement_prices", numbers=NUMBERS_SOURCE)
COMPLIANCE_SOURCE = msg("SPEC section 5: the cost of compliance (regulation and data protection)")


# The numbers step's messages that depend only on the horizon or an assumption's origin (no module-level
# cache: the domain keeps no state between evaluations).
def _over_months(horizon: int) -> Message:
    return msg("over {months} months", months=horizon)


def _tie_question(horizon: int) -> Message:
    return msg("The flowchart and the table disagree: which of their answers costs less {total}?", total=_over_months(horizon))


def _compliance_question(horizon: int) -> Message:
    return msg("What do the hard constraints cost {total} against the cheapest placement without them?", total=_over_months(horizon))


def _threshold_source(origin: str) -> Message:
    return msg("{numbers}; threshold {origin}", numbers=NUMBERS_SOURCE, origin=origin)


def _label(placement: str) -> str | Message:
    return LABEL.get(placement, placement)


def _percent_cheaper(cost: float, than: float) -> float:
    return (than - cost) / than if than > 0 else 0.0


def _shared(shared: dict | None, key: tuple, make: Callable[[], Any]) -> Any:
    """`make()`, made once per placement run (`shared`, its dict) for messages (and steps) that are the same for every
    workload (or for every workload alike in the figures `key` holds)."""
    if shared is None:
        return make()
    found = shared.get(key)
    if found is None:
        found = shared[key] = make()
    return found


def _has_step(trace: list[TraceStep], rule: str) -> bool:
    """A step of the rule is in the trace."""
    for step in trace:
        if step.rule == rule:
            return True
    return False


def _fleet_hosting_step(quote: GpuaasQuote, own: float, horizon: int, rented: bool, rent: float, shared: dict | None, kept: tuple[dict, dict] | None) -> TraceStep:
    """The numbers step's hosting step (`gpuaas._hosting_step`) of a quote, owned at `own`, rented at `rent`.

    `kept` (before, now): the steps the previous evaluation with this catalog and these assumptions made (`before`) and
    this one's (`now`, filled here), by the quote object (kept alive in the entry: quotes are frozen, and
    `placement_prices` gives an unchanged workload the same quote object) and every other figure the step reads. After
    a one-workload edit most workloads' hosting figures are unchanged (their owned marginal on the shared fleet too):
    their step is the previous evaluation's."""
    figures = quote.__dict__  # the quote's fields (one attribute read for two)
    owned = (own, figures["owned_gpu"] or "GPUs")
    fleet = True if figures["rented_on_fleet_krw"] else False  # (`bool(...)`, without the call)
    if kept is None:
        return _hosting_step(quote, owned, horizon, rented=rented, rent=rent, fleet=fleet, shared=shared)
    before, now = kept
    key = (id(quote), own, owned[1], horizon, rented, rent, fleet)
    # the previous evaluation's first (`_BEFORE_FIRST`)
    found = before.get(key) if before else None  # (an empty table, as a cold evaluation's: the key not hashed again)
    if found is None or found[0] is not quote:
        found = now.get(key)
        if found is None:
            found = (quote, _hosting_step(quote, owned, horizon, rented=rented, rent=rent, fleet=fleet, shared=shared))
    now[key] = found
    return found[1]


def _tie_step(horizon: int, recommended: str, candidates: list[str], price: dict[str, float], shared: dict | None, answers: tuple[dict, dict] | None) -> TraceStep:
    """The `numbers.tie` step: `candidates` (the framework's answers, in its order) at their `price`, the cheaper
    `recommended`. Workloads alike in the prices it shows share one step (10,000 generated workloads: 5,714 tie steps,
    2,000 different), keyed by each price with its type, as `_priced_answer` (a cost is never -0.0, the one float its
    repr tells apart). `answers`: see `_priced_answer`."""

    def tie_step() -> TraceStep:
        priced_answers = [_priced_answer(p, price[p], answers) for p in candidates]
        both = priced_answers[0]
        for other in priced_answers[1:]:
            both = _said(VERSUS, f"{both} vs {other}", {"first": both, "second": other})
        place = _label(recommended)
        # (TraceStep.of's Messages: taken as they are)
        return TraceStep.of_valid(
            {
                "rule": "numbers.tie",
                "question": _shared(shared, ("tie", horizon), lambda: _tie_question(horizon)),
                "answer": _said(ANSWER_PLACE, f"{both} -> {place}", {"both": both, "place": place}),
                "source": TIE_SOURCE,
                "note": False,
            }
        )

    if shared is None:
        return tie_step()
    if len(candidates) == 2:
        return _tie_step2(horizon, recommended, candidates[0], candidates[1], price, shared, answers)
    key = ("numbers.tie", horizon, recommended, *[(p, type(price[p]), price[p]) for p in candidates])
    found = shared.get(key)
    if found is None:
        found = shared[key] = tie_step()
    return found


def _tie_step2(horizon: int, recommended: str, first: str, second: str, price: dict[str, float], shared: dict, answers: tuple[dict, dict] | None) -> TraceStep:
    """`_tie_step` of two answers, written out (572 tie steps per re-evaluation of 1,000 generated workloads)."""
    one, two = price[first], price[second]
    key = ("numbers.tie", horizon, recommended, first, one.__class__, one, second, two.__class__, two)  # (one tuple: `_tie_step`'s keys are of more answers)
    found = shared.get(key)
    if found is not None:
        return found
    one, two = _priced_answer(first, one, answers), _priced_answer(second, two, answers)
    both = _NEW_TEXT(Message, one + " vs " + two)
    both.template = VERSUS
    both.params = {"first": one, "second": two}
    both.plural = both.n = None
    place = LABEL.get(recommended, recommended)
    answer = _NEW_TEXT(Message, both + " -> " + place)
    answer.template = ANSWER_PLACE
    answer.params = {"both": both, "place": place}
    answer.plural = answer.n = None
    values = shared.get(("tie values", horizon))  # the step's values but its answer, as a compact dict (`TraceStep.compact`)
    if values is None:
        question = shared.get(("tie", horizon))
        if question is None:
            question = shared[("tie", horizon)] = _tie_question(horizon)
        values = shared[("tie values", horizon)] = TraceStep.compact({"rule": "numbers.tie", "question": question, "answer": "", "source": TIE_SOURCE, "note": False})
    values = values.copy()  # (a compact dict's copy stays one)
    values["answer"] = answer
    found = shared[key] = _NEW_OBJECT(TraceStep)  # `TraceStep.of_valid(values, compact=True)`, inline
    SET_VALUES(found, values)
    return found


_Tied = tuple[list[TraceStep], str, list[str], "_Decision | None"]
"""Step (5) up to the rented price (`_tie`): (the trace with the tie step, the tie's answer, the answers priced,
the decision with the `gpuaas.allowed` step where the tie made the answer on-prem, else None)."""


# Whole won per workload: `x.__round__()` is `round(x)` for the floats and ints priced here (`round` calls the type's
# `__round__`), without the builtin's argument parsing (a third of its instructions; ~4,000 a re-evaluation of 1,000
# generated workloads). A type is read as `x.__class__` (what `type(x)` gives of these numbers and tuples, without the
# call: ~700 instructions less, at each price of each workload).

# _BEFORE_FIRST: a table kept from one evaluation to the next as (before, now) is read in the previous evaluation's first,
# then in this one's: after an edit most keys are in `before` and not yet in `now` (one lookup that misses fewer per
# workload). The same answer either way: an entry in `now` is the one `before` holds under its key where `before` holds a
# valid one (it was taken from there), else the one made in this evaluation.

_NEW_TEXT = str.__new__
"""`str.__new__`, read once: a Message made here is `_NEW_TEXT(Message, text)` with its attributes set one by one (its
`__new__` formats the text again; a tuple of attributes assigned at once builds a tuple)."""
_NEW_OBJECT = object.__new__
"""`object.__new__`, read once: the first pass's `_Placed` (one per workload) made with its slots set, no `__init__` call;
a tie step made over a compact dict of its values (`_tie_step2`), as `of_valid(values, compact=True)` makes it."""


def _said(template: str, text: str, params: dict[str, Any]) -> Message:
    """`msg(template, **params)` where `text` is already what the template says with them (`template.format(**params)`,
    written by the caller as an f-string: each parameter formatted as `str.format` does it)."""
    said = _NEW_TEXT(Message, text)
    said.template = template
    said.params = params
    said.plural = said.n = None
    return said


def _priced_answer(place: str, cost: float, kept: tuple[dict, dict] | None) -> Message:
    """`{place} {cost}` of the tie step. `kept` (before, now): the ones the previous evaluation with this catalog and
    these assumptions made and this one's, by the placement and the exact figure (its type too): a workload's cloud price
    stands after an edit of another workload (its on-prem price, a share of the shared fleet, moves)."""
    if kept is None or not cost:
        return msg("{place} {cost}", place=_label(place), cost=_won(cost))
    before, now = kept
    key = (place, cost.__class__, cost)
    found = before.get(key) if before else None  # (`_BEFORE_FIRST`; an empty table, as a cold evaluation's: the key not hashed again)
    if found is None:
        found = now.get(key)
        if found is None:
            label = LABEL.get(place, place)
            won = Won(cost)
            amount = _NEW_TEXT(Message, f"{cost.__round__():,} KRW")  # Won's English (its __format__: `round` of the same value, see the note above `_NEW_TEXT`)
            amount.template = "{amount} KRW"
            amount.params = {"amount": won}
            amount.plural = amount.n = None
            found = _NEW_TEXT(Message, label + " " + amount)
            found.template = "{place} {cost}"
            found.params = {"place": label, "cost": amount}
            found.plural = found.n = None
    now[key] = found
    return found


def _tie(
    decision: _Decision,
    priced: dict[str, float],
    plan: Plan,
    allow_by_tie: Callable[[_Decision], _Decision] | None = None,
    shared: dict | None = None,
    answers: tuple[dict, dict] | None = None,
) -> _Tied | None:
    """Step (5), the part no rented price can change: where the flowchart and the table disagree, the cheaper of
    their answers (the `numbers.tie` step) and, where that is on-prem, the `gpuaas.allowed` step (`allow_by_tie`),
    so that the trace reads tie -> allowed -> hosting -> notes. None where the numbers do not apply (the answer is
    not priced). `_numbers` takes it from there. `answers`: see `_priced_answer`."""
    if decision.recommended not in priced and not (decision.recommended == "on_prem_airgap" and "on_prem" in priced):
        return None  # not priced (an air-gapped answer is priced as on-prem: none where no on-prem hardware was sized)
    horizon = plan.horizon_months
    price = dict(priced)
    if "on_prem" in price:
        price.setdefault("on_prem_airgap", price["on_prem"])  # the same hardware and staff, without the network
    trace = list(decision.trace)
    recommended = decision.recommended
    candidates = [p for p in decision.framework if p in price]
    if len(candidates) > 1:
        # The cheaper answer over the horizon is also the one that fits a budget better; the plan as a whole
        # is checked against `budget_3y_krw` by the ledger (a warning when its first 36 months cost more).
        recommended = min(candidates, key=lambda p: (price[p], candidates.index(p)))
        trace.append(_tie_step(horizon, recommended, candidates, price, shared, answers))
    checked = None
    if recommended == "on_prem" and len(candidates) > 1 and allow_by_tie is not None and not _has_step(trace, "gpuaas.allowed"):
        checked = allow_by_tie(decision.replaced(recommended="on_prem", trace=trace))
    return trace, recommended, candidates, checked


def _numbers(
    decision: _Decision,
    priced: dict[str, float],
    plan: Plan,
    assumptions: Assumptions,
    tied: _Tied | None,
    rent_by_tie: Callable[[_Decision], tuple[_Decision, dict[str, float]]] | None = None,
    shared: dict | None = None,
    steps: bool = True,
    kept_steps: tuple[dict, dict] | None = None,
) -> _Decision:
    """Step (5) from the rented price on (`tied`: `_tie` of the same decision and prices, which this leaves as it
    is, so a placement run prices a workload again from here when only its rented quote changed).
    `steps=False`: where the decision goes (its answer, hybrid, allowed placements, offers, quote and trace up to
    here), without the steps, warnings, prices and cost of compliance this would add: what a placement run needs
    of a result it places again (`place_workloads(again=...)`). `kept_steps`: see `_fleet_hosting_step`."""
    if tied is None:
        return decision
    horizon = plan.horizon_months
    price = dict(priced)
    if "on_prem" in price:
        price.setdefault("on_prem_airgap", price["on_prem"])  # the same hardware and staff, without the network
    tie_trace, recommended, candidates, checked = tied
    if checked is not None and rent_by_tie is not None:
        # from here on the decision with the tie's gpuaas.allowed step and its rented price (both returns below set
        # `recommended`: the one it carries is never read)
        decision, rented = rent_by_tie(checked)
        trace = list(decision.trace)
        price.update(rented)
        priced = {**priced, **rented}
    else:
        trace = list(tie_trace)
    if recommended == "on_prem" and "gpuaas" in price and "gpuaas" in decision.allowed:
        # Owned or rented GPUs: a hosting choice within the self-hosted answer, decided by cost (issue #14).
        quote = decision.gpuaas_quote
        rent = price["gpuaas"]
        fleet = quote is not None and bool(quote.rented_on_fleet_krw)  # owned_on_fleet priced it (its marginal may be 0: GPUs it shares)
        own = quote.owned_total_krw if fleet else price["on_prem"]
        recommended = "gpuaas" if rent < own else "on_prem"
        if quote is not None and steps:  # the hosting step in the same words (and translations) as choose_hosting's
            trace.append(_fleet_hosting_step(quote, own, horizon, recommended == "gpuaas", rent, shared, kept_steps))
        if price.get("on_prem_airgap") == price["on_prem"]:
            price["on_prem_airgap"] = own  # the same hardware and staff, without the network
        price["on_prem"] = own  # the threshold and compliance steps compare the same owned figure
    if not steps:
        return decision.replaced(recommended=recommended, trace=trace, hybrid=decision.hybrid if recommended == "hybrid" else "")
    warnings = list(decision.warnings)

    def total() -> Message:  # "over N months", made once per placement run, asked only by the warnings below
        return _shared(shared, ("over", horizon), lambda: _over_months(horizon))

    threshold = assumptions.num("economics_threshold")
    allowed = [p for p in decision.allowed if p in price]
    mine = price[recommended]
    cheapest_allowed = min(allowed, key=price.__getitem__) if allowed else recommended
    if steps and cheapest_allowed != recommended and _percent_cheaper(price[cheapest_allowed], mine) > threshold:
        # workloads alike in every figure the note and its warning show share them (10,000 generated workloads: 1,152 notes, 403 different)
        def threshold_note() -> tuple[Message, TraceStep]:
            cut = _percent_cheaper(price[cheapest_allowed], mine)
            why = msg("the flowchart and the table agree on it") if len(decision.framework) == 1 else msg("it is the cheaper of the framework's two answers")
            warning = msg(
                "economics: {alternative} would cost {alternative_cost} {total} against {cost} {place} ({cut} less, past the {threshold} threshold); the framework keeps {place} because {why}",
                alternative=_label(cheapest_allowed),
                alternative_cost=_won(price[cheapest_allowed]),
                total=total(),
                cost=_won(mine),
                place=_label(recommended),
                cut=f"{cut:.0%}",
                threshold=f"{threshold:.0%}",
                why=why,
            )
            step = TraceStep.of(
                rule="numbers.threshold",
                note=True,
                question=msg("Is an allowed alternative cheaper by more than {threshold} {total}?", threshold=f"{threshold:.0%}", total=total()),
                answer=msg(
                    "yes: {alternative} {alternative_cost} vs {place} {cost}; kept because {why}",
                    alternative=_label(cheapest_allowed),
                    alternative_cost=_won(price[cheapest_allowed]),
                    place=_label(recommended),
                    cost=_won(mine),
                    why=why,
                ),
                source=_shared(shared, ("threshold",), lambda: _threshold_source(assumptions.origin("economics_threshold"))),
            )
            return warning, step

        key = ("numbers.threshold", horizon, repr(threshold), cheapest_allowed, repr(price[cheapest_allowed]), recommended, repr(mine), len(decision.framework) == 1)
        warning, step = _shared(shared, key, threshold_note)
        warnings.append(warning)
        trace.append(step)
    everything = min(price.values())
    cheapest_any = min(price, key=price.__getitem__)
    compliance_warning = ""
    compliance = max(0.0, price.get(cheapest_allowed, mine) - everything) if allowed else 0.0
    if compliance > 0 and steps:
        key = ("numbers.compliance", horizon, repr(compliance), cheapest_allowed, repr(price[cheapest_allowed]), cheapest_any, repr(everything))
        trace.append(  # workloads alike in the figures it shows share one note
            _shared(
                shared,
                key,
                lambda: TraceStep.of(
                    rule="numbers.compliance",
                    note=True,
                    question=_shared(shared, ("compliance", horizon), lambda: _compliance_question(horizon)),
                    answer=msg(
                        "{compliance}: {allowed} {allowed_cost} vs {cheapest} {cheapest_cost}",
                        compliance=_won(compliance),
                        allowed=_label(cheapest_allowed),
                        allowed_cost=_won(price[cheapest_allowed]),
                        cheapest=_label(cheapest_any),
                        cheapest_cost=_won(everything),
                    ),
                    source=COMPLIANCE_SOURCE,
                ),
            )
        )
        if _percent_cheaper(everything, price[cheapest_allowed]) > threshold:
            compliance_warning = (
                msg(
                    "compliance: the rules keep it {place} at {cost} {total}; {cheapest} would cost {cheapest_cost} (the price of the rule: {compliance})",
                    place=_label(recommended),
                    cost=_won(price[cheapest_allowed]),
                    total=total(),
                    cheapest=_label(cheapest_any),
                    cheapest_cost=_won(everything),
                    compliance=_won(compliance),
                )
            )
    return decision.replaced(
        recommended=recommended,
        trace=trace,
        warnings=warnings,
        compliance_warning=compliance_warning,
        cost_of_compliance_krw=round(compliance),
        priced_krw={p: round(v) for p, v in priced.items()},
        hybrid=decision.hybrid if recommended == "hybrid" else "",
    )


class _Shape:
    """Of the workloads alike in every field the rules read (one key of `place_workloads`' decisions), in one placement
    run: what the way through `owned_or_rented` that reads nothing but the prices and the rented quote needs
    (`fast`: the shape may take it). `decision`: the rules' decision; `checked`: the decision with its `gpuaas.allowed`
    step (a tie's: as `_tie` checks it once the numbers make the answer on-prem, without the workload's tie step; its
    `trace` is that step alone, `step`); `offers`: the offers rented GPUs are quoted on; `key`: the token of every field
    of both decisions but their traces and the horizon (what a kept placement entry of the shape reads besides its
    quote): an object that stands for those fields alone (`place_workloads`' shape tokens), hashed and compared by
    identity where the fields, ~30 nested in tuples, were hashed at each of a workload's ~5 lookups of its entry and
    template (re-evaluation after an edit at 1,000 workloads)."""

    __slots__ = ("decision", "tie", "checked", "step", "offers", "fast", "key")

    def __init__(self, decision: _Decision, tie: bool, checked: _Decision, step: TraceStep | None, fast: bool, key: object):
        self.decision, self.tie, self.checked, self.step, self.fast, self.key = decision, tie, checked, step, fast, key
        self.offers = tuple(checked.gpuaas_offers)  # (as `prices.rented` keys them: not made a tuple at each of its two asks per workload)


class _Fast(tuple):
    """A workload on `_Shape`'s way (no override; on-prem by the rules or by the tie; rented GPUs allowed): (its shape,
    its prices, for a tie its tie step and the answers priced, else None and (), its rented-GPU quote before
    `owned_on_fleet`). A tuple: one is made per workload at every evaluation. `tied()`: what `place_workloads`' `tied`
    holds of any other workload (the decision, prices, `_tie` and whether it is a tie), for the general way."""

    __slots__ = ()

    def tied(self) -> tuple:
        shape, price, tie_step, candidates, _quote = self
        if not shape.tie:
            return shape.checked, price, None, False
        trace = [*shape.decision.trace, tie_step]
        checked = shape.checked.replaced(trace=[*trace, shape.step])
        return shape.decision, price, (trace, "on_prem", list(candidates), checked), True


class KeptPlacement(tuple):
    """A placement `place_workloads` took from a kept entry (`prices.placements`) where the caller asked which
    (`prices.placed_from`): (the entry: quote, the placement's other values with tuples for lists, the steps after the
    rented price; this placement's trace; its `priced_krw`, ints). A tuple: one is made per workload at every
    evaluation. `made()`: the WorkloadPlacement (`_workload_results` asks for it only where it does not build the
    result from the previous one)."""

    __slots__ = ()

    def made(self) -> WorkloadPlacement:
        entry, trace, priced_krw = self
        return _made_from_entry(entry, trace, priced_krw)


_TEMPLATES = ("templates",)
"""The key of `owned_or_rented_fast`'s templates in the kept placement entries (`prices.placements`)."""
_SHAPE_TOKENS = ("shape tokens",)
"""The key of `place_workloads`' shape tokens in the kept placement entries (`prices.placements`): per `_Shape.key`, the
object that stands for it in the keys of the entries and templates (kept with them)."""
_TEMPLATES_KEPT = 1_000
"""Most templates kept (a program limit: one per shape and answer; past it they are made again)."""

_LISTS = ("warnings", "regulations", "allowed", "framework", "gpuaas_offers")
"""A placement's list fields: tuples in a kept entry, its own, whatever becomes of a placement's lists."""


def _entry_of(quote: object, fields: dict, trace: list, shared: int) -> tuple:
    """A kept entry (`prices.placements`) of a placement (its `__dict__` fields): its quote, its other values with tuples
    for lists (None for its trace and prices, which each placement made from it sets: a WorkloadPlacement's fields keep
    their order), the steps of its trace after the first `shared` (the decision's, which the next placement brings)."""
    values = dict(fields)
    values["trace"] = values["priced_krw"] = None
    for name in _LISTS:
        values[name] = tuple(values[name])
    return (quote, values, tuple(trace[shared:]))


def _all_ints(krw: dict[str, Any]) -> bool:
    """Every value is an int (what WorkloadResult's validation keeps of `priced_krw`: a `KeptPlacement`'s prices)."""
    for value in krw.values():
        if value.__class__ is not int:
            return False
    return True


def _made_from_entry(entry: tuple, trace: list, priced_krw: dict) -> WorkloadPlacement:
    """The WorkloadPlacement of a kept entry (its values with tuples for lists) with this placement's trace and prices."""
    values = dict(entry[1])
    for name in _LISTS:
        values[name] = list(values[name])
    values["trace"] = trace
    values["priced_krw"] = priced_krw
    return _made(values)


def place_workloads(
    plan: Plan,
    workloads: list[ResolvedWorkload],
    catalog: Catalog,
    assumptions: Assumptions,
    prices: Prices | None = None,
    again: Callable[[list[WorkloadPlacement | _Placed]], object] | None = None,
) -> list[WorkloadPlacement]:
    """One placement per workload, in order.

    `prices`: each placement's cost over the horizon per workload (see `Prices`); without it the
    numbers step is skipped and a flowchart/table tie keeps the flowchart's answer.
    `again` (with `prices`): where cost decides owned vs rented GPUs for some workload, called once with the
    placements (those workloads' as `_Placed`: where they go, their allowed placements and quote), and may change the
    quotes `prices.rented` gives them; then those workloads are placed again from their rented price on, the
    steps before it kept (issue #14's owned vs rented on the plan's shared fleet: `ledger.owned_on_fleet`).
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
    allowed_by_key: dict[tuple, _Decision] = {}  # the decision of a shape with its gpuaas.allowed step (no tie)
    shared: dict[tuple, object] = {}  # what is alike for every workload, made once (see _gpuaas_step, _tie, _numbers)
    rented = getattr(prices, "rented", None)
    # `rented` in two parts where `prices` has them (`ledger.placement_prices`): the quote alone, first asked here before
    # `again`, and that quote with the owned figures on the fleet `again` set (`prices.owned`)
    quoted = getattr(prices, "quoted", None)
    fleet_quote = getattr(prices, "fleet_quote", None)
    kept_steps = getattr(prices, "hosting_steps", None)  # (before, now): see _fleet_hosting_step
    tied: list[tuple[_Decision, dict[str, float], _Tied | None, bool]] = []
    """Per workload with `prices`: what its rented quote cannot change (the decision up to the rented price, its
    prices, the tie (`_tie`) where the flowchart and the table disagree, whether it did), kept for `again`."""
    light: list[int] = []
    """Workloads whose quote `again` may change (rented GPUs are allowed and cost decides owned vs rented),
    placed without the steps from their rented price on until then."""

    def with_rented(checked: _Decision, index: int, price: dict[str, float], steps: bool = True) -> tuple[_Decision, dict[str, float]]:
        """Right after the `gpuaas.allowed` step: the rented price joins the numbers where the rules allow
        rented GPUs and the plan lets cost choose (issue #14: the numbers step then adds the hosting step).
        With `gpuaas_hosting` off the quote and its comparison with owning the workload alone are the
        hosting step here, and the owned GPUs stay; where no GPU the offers rent fits, a step says so
        (`steps=False`: not)."""
        if not checked.gpuaas_offers or rented is None:
            return checked, {}
        quote = rented(index, checked.gpuaas_offers)
        if quote is None:
            return (checked.replaced(trace=[*checked.trace, unfit_step(workloads[index], checked.gpuaas_offers, catalog, assumptions, getattr(prices, "memo", None))]) if steps else checked), {}
        if "gpuaas" in checked.allowed:
            if "on_prem" in price:
                return checked.replaced(gpuaas_quote=quote), {"gpuaas": quote.rented_on_fleet_krw or quote.total_krw}
            # no owned GPU type fits (no on-prem price): rented GPUs are the self-hosted answer
            trace = [*checked.trace, _hosting_step(quote, None, plan.horizon_months, rented=True, shared=shared)] if steps else checked.trace
            return checked.replaced(gpuaas_quote=quote, recommended="gpuaas", trace=trace), {"gpuaas": quote.total_krw}
        if not steps:
            return checked.replaced(gpuaas_quote=quote), {}
        owned = (quote.owned_total_krw, quote.owned_gpu) if quote.owned_gpu else None  # owned_estimate found a GPU that fits
        cheaper = owned is None or quote.total_krw < owned[0]
        step = _hosting_step(quote, owned, plan.horizon_months, rented=False, switched_off=cheaper, shared=shared)
        return checked.replaced(gpuaas_quote=quote, trace=[*checked.trace, step]), {}

    def numbered(index: int, steps: bool = True) -> WorkloadPlacement | _Placed:
        """The workload's placement from its rented price on (`tied[index]`); `steps=False`: what `again` reads of
        it (`_Placed`: where it goes and its quote; those placed so are placed again after it)."""
        decision, price, tie, is_tie = entry(index)
        workload, given = workloads[index], plan.workloads[index]
        if is_tie:  # its rented price comes in after the tie, once the tie made the answer on-prem
            decision = _numbers(decision, price, plan, assumptions, tie, lambda checked: with_rented(checked, index, price, steps), shared, steps, kept_steps)
        else:
            decision, rented_price = with_rented(decision, index, price, steps)
            priced = {**price, **rented_price}
            decision = _numbers(decision, priced, plan, assumptions, _tie(decision, priced, plan, None, shared), None, shared, steps, kept_steps)
        if decision.gpuaas_offers and decision.recommended not in (*SELF_HOSTED, "gpuaas"):
            # the numbers chose the cloud (or hybrid) over the self-hosted answer: rented GPUs are not its hosting
            decision = decision.replaced(
                gpuaas_offers=[],
                gpuaas_quote=None,
                allowed=[p for p in decision.allowed if p != "gpuaas"],
                trace=[s for s in decision.trace if s.rule not in ("gpuaas.allowed", "gpuaas.hosting")],
            )
        if decision.recommended in SELF_HOSTED and not _has_step(decision.trace, "gpuaas.allowed"):
            decision = _gpuaas_step(decision, workload, given, plan, catalog, assumptions, shared)  # the numbers chose on-prem
        return _apply_override(index, given, decision, problems) if steps else _placed(index, given, decision, problems)

    kept_placements = getattr(prices, "placements", None)  # (before, now): see owned_or_rented
    placed_from = getattr(prices, "placed_from", None)  # index -> the entry of `kept_placements` its placement holds (see owned_or_rented)
    kept_answers = getattr(prices, "tie_answers", None)  # (before, now): see _priced_answer
    if kept_answers is None:  # without an Evaluator's (a cold evaluation): this run's own, for the answers alike within it
        kept_answers = ({}, {})
    signatures: dict[int, tuple[_Decision, tuple]] = {}  # by the decision's id (the decision kept alive beside it)
    origin: list[str] = []  # the economics threshold's origin, read once per placement run

    def signature(decision: _Decision) -> tuple:
        """Every field of the decision but its trace (which the fast path takes as it is), made once per decision."""
        found = signatures.get(id(decision))
        if found is None or found[0] is not decision:
            fields = (decision.recommended, decision.regulatory, decision.cloud_allowed, decision.needs_deidentification, tuple(decision.allowed), tuple(decision.framework))
            fields += (decision.hybrid, tuple(decision.gpuaas_offers), tuple(r.id for r in decision.regulations), decision.cost_of_compliance_krw)
            found = signatures[id(decision)] = (decision, fields)
        return found[1]

    def owned_or_rented(index: int) -> WorkloadPlacement:
        """`numbered(index)` of a workload `again` placed again. Where the plan does not override it and cost decides owned
        vs rented on the plan's fleet (on-prem by the rules or the tie, a fleet quote, no warning yet), nothing after the
        trace it has so far reads its on-prem price (the owned side is the quote's marginal on the fleet): the previous
        evaluation's steps from there on and its other fields stand where every figure they read is the same (the decision's
        fields, the quote object, its other prices, the tie's answer, the horizon, the threshold's origin). The trace so far,
        with the tie step that shows the on-prem price, and the prices (`priced_krw`) are this evaluation's."""
        decision, price, tie, is_tie = tied[index]  # (not a `_Fast` one: the final pass gives those to owned_or_rented_fast)
        if kept_placements is None or rented is None or plan.workloads[index].placement is not None:
            return numbered(index)
        if is_tie:
            if tie is None or tie[1] != "on_prem" or tie[3] is None:
                return numbered(index)
            checked = tie[3]
        elif decision.recommended == "on_prem":
            checked = decision
        else:
            return numbered(index)
        onprem = price.get("on_prem")
        if onprem is None or onprem != onprem or not checked.gpuaas_offers or "gpuaas" not in checked.allowed:
            return numbered(index)
        if checked.warnings or checked.compliance_warning or checked.priced_krw or checked.gpuaas_quote is not None:
            return numbered(index)
        quote = rented(index, checked.gpuaas_offers)
        if quote is None or not quote.rented_on_fleet_krw:
            return numbered(index)
        if not origin:
            origin.append(assumptions.origin("economics_threshold"))
        others = tuple(item for item in price.items() if item[0] != "on_prem")
        key = (is_tie, tuple(tie[2]) if is_tie else (), id(quote), others, signature(decision), signature(checked), plan.horizon_months, origin[0])
        before, now = kept_placements
        priced = {**price, "gpuaas": quote.rented_on_fleet_krw}  # as with_rented and _numbers price it
        priced_krw = {p: v.__round__() for p, v in priced.items()}  # `round(v)` (see the note above `_NEW_TEXT`)
        prefix = checked.trace
        found = before.get(key)  # (`_BEFORE_FIRST`)
        if found is None or found[0] is not quote:
            found = now.get(key)
        if found is not None and found[0] is quote:
            now[key] = found
            if placed_from is not None:  # the placement: the entry's values with this trace and these prices
                placed_from[index] = found
            return _made_from_entry(found, [*prefix, *found[2]], priced_krw)
        placed = numbered(index)
        trace = placed.trace
        if placed.gpuaas_quote is quote and placed.priced_krw == priced_krw and len(trace) >= len(prefix) and all(a is b for a, b in zip(trace, prefix)):
            now[key] = _entry_of(quote, placed.__dict__, trace, len(prefix))
            if placed_from is not None:
                placed_from[index] = now[key]
        return placed

    def entry(index: int) -> tuple:
        """`tied[index]` as `_tie` leaves it (a `_Fast` one made so)."""
        found = tied[index]
        return found.tied() if type(found) is _Fast else found

    threshold: list[float] = []  # the economics threshold, read once per placement run
    # A `_Fast` shape's placement values by its answer priced (on-prem or rented): what a kept entry holds of every
    # workload of that shape placed there but its quote and its hosting step (`owned_or_rented_fast`), for the
    # workloads no entry of their quote is kept for (each at a cold evaluation). Carried from one evaluation to the
    # next with the kept entries (every field it holds is in its key).
    templates: dict[tuple, dict] = {}
    # A token per `_Shape.key` (its fields): one object per key as long as the token is kept; a new one after the table
    # starts afresh, never one for two keys (an entry keyed by a token holds it: no other object takes its identity).
    shape_tokens: dict[tuple, object] = {}
    if kept_placements is not None:
        templates = kept_placements[0].get(_TEMPLATES) or templates
        kept_placements[1][_TEMPLATES] = templates
        shape_tokens = kept_placements[0].get(_SHAPE_TOKENS) or shape_tokens
        if len(shape_tokens) >= _TEMPLATES_KEPT:
            shape_tokens = {}
        kept_placements[1][_SHAPE_TOKENS] = shape_tokens

    def owned_or_rented_fast(index: int, fast: _Fast) -> WorkloadPlacement | KeptPlacement:
        """`owned_or_rented(index)` of a `_Fast` workload. Where its own price is the cheapest of all it is compared with
        (owned or rented, whichever is cheaper, against the cloud, a hybrid, the other), the numbers step adds no note
        and no warning and costs no compliance (the economics threshold is not negative): nothing after its trace so far
        reads the prices but `priced_krw`. Its placement is then the kept entry's by its shape's key, its answers priced
        and its quote (the owned and rented figures on the fleet are the quote's), with this trace and these prices;
        where no entry is kept, `numbered(index)` makes it and it is kept. Anything else goes the general way."""
        shape, price, tie_step, candidates, quote = fast
        quote = fleet_quote(index, quote) if fleet_quote is not None else rented(index, shape.offers)  # type: ignore[misc]
        if quote is None:
            return numbered(index)
        figures = quote.__dict__  # the quote's fields: one attribute read for two
        own, rent = figures["owned_total_krw"], figures["rented_on_fleet_krw"]
        if not rent:
            return numbered(index)
        onprem = price["on_prem"]
        if onprem != onprem:
            return numbered(index)
        if rent < own:
            where, mine = "gpuaas", rent
        else:
            where, mine = "on_prem", own
        if not threshold:
            threshold.append(assumptions.num("economics_threshold"))
        plain = mine <= own and mine <= rent and not 0.0 > threshold[0]
        priced_krw = {}  # each price rounded as it is found plain (not a NaN: `not mine <= cost` stops the loop first)
        ints = True
        if plain:
            for name, cost in price.items():
                if name != "on_prem" and (name == "gpuaas" or name == "on_prem_airgap" or not mine <= cost):
                    plain = False
                    break
                priced_krw[name] = krw = cost.__round__()  # `round(cost)` (see the note above `_NEW_TEXT`)
                if krw.__class__ is not int:
                    ints = False
        if not plain:
            kept = kept_general(index, shape, price, tie_step, candidates, quote, rent)
            if kept is not None:
                return kept
            tied[index] = fast.tied()
            return owned_or_rented(index)
        priced_krw["gpuaas"] = krw = rent.__round__()
        if not ints or krw.__class__ is not int:  # (what WorkloadResult's validation keeps: see KeptPlacement)
            tied[index] = fast.tied()
            return owned_or_rented(index)
        key = (shape.key, id(quote))  # (the answers priced, `candidates`, are the shape's: its decision's framework for a tie, else none)
        before, now = kept_placements  # type: ignore[misc]
        found = before.get(key)  # (`_BEFORE_FIRST`)
        if found is None or found[0] is not quote:
            found = now.get(key)
        if found is not None and found[0] is quote:
            now[key] = found
            # the trace up to the rented price, then the entry's steps
            trace = [*shape.decision.trace, tie_step, shape.step, *found[2]] if shape.tie else [*shape.checked.trace, *found[2]]
            if placed_from is not None:
                placed_from[index] = found
                return KeptPlacement((found, trace, priced_krw))
            return _made_from_entry(found, trace, priced_krw)
        prefix = [*shape.decision.trace, tie_step, shape.step] if shape.tie else shape.checked.trace  # the trace up to the rented price
        # no entry of this quote: the shape's template for this answer (`templates`), where one was made, with this
        # quote and its hosting step (the one step after the trace so far that reads the quote)
        step = _fleet_hosting_step(quote, own, horizon, where == "gpuaas", rent, shared, kept_steps)
        template_key = (shape.key, where)
        template = templates.get(template_key)
        if template is not None:
            values = template.copy()
            values["gpuaas_quote"] = quote
            found = now[key] = (quote, values, (step,))
            trace = [*prefix, step]
            if placed_from is not None:
                placed_from[index] = found
                return KeptPlacement((found, trace, priced_krw))
            return _made_from_entry(found, trace, priced_krw)
        placed = numbered(index)
        fields = placed.__dict__
        trace = fields["trace"]
        if (
            fields["gpuaas_quote"] is quote
            and fields["placement"] == where
            and fields["priced_krw"] == priced_krw
            and not fields["warnings"]
            and fields["cost_of_compliance_krw"] == 0
            and len(trace) >= len(prefix)
            and all(a is b for a, b in zip(trace, prefix))
        ):
            found = now[key] = _entry_of(quote, fields, trace, len(prefix))
            if placed_from is not None:
                placed_from[index] = found
            if len(trace) == len(prefix) + 1 and trace[-1] is step:
                if len(templates) >= _TEMPLATES_KEPT:
                    templates.clear()
                templates[template_key] = found[1]
        return placed

    def kept_general(index: int, shape: _Shape, price: dict[str, float], tie_step: TraceStep | None, candidates: tuple, quote: GpuaasQuote, rent: float) -> WorkloadPlacement | KeptPlacement | None:
        """`owned_or_rented(index)` of a `_Fast` workload whose numbers step reads more than its own price (a cheaper
        answer it is compared with: a threshold note, a cost of compliance), where the entry that way keeps is found:
        the same key (`_Fast.tied()` gives it the same decision fields, answers and prices), read from the shape
        without the decision copied or its fields gathered again per workload; the placement a `KeptPlacement` where
        the caller asks which entry it holds and its prices are ints. None where no entry is kept (the general way
        makes and keeps it)."""
        if not origin:
            origin.append(assumptions.origin("economics_threshold"))
        signatures_of = shape_signatures.get(shape.key)
        if signatures_of is None:
            signatures_of = shape_signatures[shape.key] = (signature(shape.decision if shape.tie else shape.checked), signature(shape.checked))
        others = tuple(item for item in price.items() if item[0] != "on_prem")
        key = (shape.tie, candidates, id(quote), others, *signatures_of, horizon, origin[0])
        before, now = kept_placements  # type: ignore[misc]
        found = before.get(key)  # (`_BEFORE_FIRST`)
        if found is None or found[0] is not quote:
            found = now.get(key)
        if found is None or found[0] is not quote:
            return None
        now[key] = found
        priced_krw = {p: v.__round__() for p, v in {**price, "gpuaas": rent}.items()}  # as `owned_or_rented` prices it
        # the trace up to the rented price (`_Fast.tied()`'s, as `owned_or_rented` reads it), then the entry's steps
        trace = [*shape.decision.trace, tie_step, shape.step, *found[2]] if shape.tie else [*shape.checked.trace, *found[2]]
        if placed_from is not None:
            placed_from[index] = found
            if _all_ints(priced_krw):
                return KeptPlacement((found, trace, priced_krw))
        return _made_from_entry(found, trace, priced_krw)

    def placed_lightly(index: int) -> _Placed:
        """`numbered(index, steps=False)` of a workload without an override whose self-hosted answer (on-prem, by the rules
        or by the tie) may rent GPUs: where owned vs rented puts it and its quote, from its prices alone, without the
        decision's copies and trace (the full pass after `again` makes them). Anything else goes through `numbered`."""
        decision, price, tie, is_tie = entry(index)
        checked = tie[3] if is_tie else decision
        if checked.recommended != "on_prem" or "gpuaas" not in checked.allowed or not checked.gpuaas_offers or "on_prem" not in price:
            return numbered(index, steps=False)
        quote = rented(index, checked.gpuaas_offers) if rented is not None else None
        recommended = "on_prem"
        if quote is not None:  # as with_rented, then _numbers: the owned vs rented comparison
            rent = quote.rented_on_fleet_krw or quote.total_krw
            own = quote.owned_total_krw if quote.rented_on_fleet_krw else price["on_prem"]
            recommended = "gpuaas" if rent < own else "on_prem"
        return _Placed(recommended, recommended, "", checked.allowed, quote)

    # The way that reads only prices and quotes (`_Shape`, `_Fast`, `owned_or_rented_fast`): where `again` places the
    # workloads again and a kept placement entry may stand for the steps from the rented price on.
    fast_run = prices is not None and again is not None and rented is not None and kept_placements is not None
    shapes: dict[int, _Shape] = {}  # by the id of its decision (`decisions`)
    shape_signatures: dict[object, tuple] = {}  # by `_Shape.key`: the signatures of its decision and checked decision (`kept_general`)
    horizon = plan.horizon_months

    def shape_of(key: tuple, decision: _Decision, workload: ResolvedWorkload, given: Workload) -> _Shape:
        """The key's `_Shape` (made for its first workload: what `_gpuaas_step` reads of one is in the key)."""
        if len(decision.framework) <= 1:
            checked = allowed_by_key.get(key)
            if checked is None:
                checked = allowed_by_key[key] = _gpuaas_step(decision, workload, given, plan, catalog, assumptions, shared)
            tie, step = False, None
        else:
            checked = _gpuaas_step(decision.replaced(recommended="on_prem", trace=[]), workload, given, plan, catalog, assumptions, shared)
            tie, step = True, checked.trace[0] if len(checked.trace) == 1 else None
        fast = (
            checked.recommended == "on_prem"
            and "gpuaas" in checked.allowed
            and bool(checked.gpuaas_offers)
            and not (checked.warnings or checked.compliance_warning or checked.priced_krw or checked.gpuaas_quote is not None)
            and (not tie or (step is not None and not _has_step(decision.trace, "gpuaas.allowed")))
        )
        fields = ("fast", tie, signature(decision if tie else checked), signature(checked), horizon)
        token = shape_tokens.get(fields)
        if token is None:
            token = shape_tokens[fields] = object()
        shape = shapes[id(decision)] = _Shape(decision, tie, checked, step, fast, token)
        return shape

    for index, (workload, given) in enumerate(zip(workloads, plan.workloads)):
        stated = given.__dict__  # the plan workload's fields (where pydantic keeps them): one attribute read, not three through the hook
        key = (  # every field of the resolved workload `_decide` reads (for this plan, total volume and catalog), then the two `_gpuaas_step` reads
            workload.kind,
            workload.defaults,
            workload.data,
            workload.deidentifiable,
            workload.sensitive_share,
            workload.cloud_model,
            workload.sensitive,
            workload.open_model,
            stated["csap_grade"],
            stated["n2sf_class"],
        )
        decision = decisions.get(key)
        if decision is None:
            decision = decisions[key] = _decide(workload, plan, org_requests_per_day, catalog, assumptions)
            if prices is None:
                decision = decisions[key] = _gpuaas_step(decision, workload, given, plan, catalog, assumptions, shared)
        if prices is not None:
            price = prices(index, decision.hybrid or "sensitive")
            if fast_run and stated["placement"] is None and "on_prem" in price:
                shape = shapes.get(id(decision))  # (one decision per key, alive through the run: by its id, not the key hashed again)
                if shape is None:
                    shape = shape_of(key, decision, workload, given)
                fast = False
                tie_step: TraceStep | None = None
                answers: tuple = ()
                if not shape.fast:
                    pass
                elif not shape.tie:
                    fast = True
                elif decision.recommended in price:
                    framework = decision.framework
                    if len(framework) == 2:
                        first, second = framework
                        if first in price and second in price and (second if price[second] < price[first] else first) == "on_prem":
                            # the cheaper, the first of equals (as `_tie`'s min); its step as `_tie_step` makes it
                            tie_step, answers, fast = _tie_step2(horizon, "on_prem", first, second, price, shared, kept_answers), (first, second), True
                if fast:  # placed lightly (see placed_lightly), placed again after `again`
                    # its quote (`prices.owned` is filled by `again`, after this pass: the quote alone, as `rented` gives it now)
                    quote = quoted(index, shape.offers) if quoted is not None else rented(index, shape.offers)  # type: ignore[misc]
                    tied.append(_Fast((shape, price, tie_step, answers, quote)))
                    light.append(index)
                    recommended = "on_prem"
                    if quote is not None:  # (its fields from its `__dict__`: one attribute read through the model's hook, not four)
                        figures = quote.__dict__
                        on_fleet = figures["rented_on_fleet_krw"]
                        rent = on_fleet or figures["total_krw"]
                        own = figures["owned_total_krw"] if on_fleet else price["on_prem"]
                        recommended = "gpuaas" if rent < own else "on_prem"
                    # `_Placed(recommended, recommended, "", shape.checked.allowed, quote)`, its slots set here (no `__init__` call)
                    placed = _NEW_OBJECT(_Placed)
                    placed.placement = placed.recommended = recommended
                    placed.hybrid = ""
                    placed.allowed = shape.checked.allowed
                    placed.gpuaas_quote = quote
                    results.append(placed)
                    continue
            if len(decision.framework) <= 1:  # a tie checks rented GPUs once the numbers make it on-prem
                checked = allowed_by_key.get(key)  # what _gpuaas_step reads is in the key: once per shape
                if checked is None:
                    checked = allowed_by_key[key] = _gpuaas_step(decision, workload, given, plan, catalog, assumptions, shared)
                decision = checked
                tied.append((decision, price, None, False))
                rentable = "gpuaas" in decision.allowed
            else:  # no rented price before the tie (the rules' decision asked for no offers yet)

                def allow(checked: _Decision, workload: ResolvedWorkload = workload, given: Workload = given) -> _Decision:
                    return _gpuaas_step(checked, workload, given, plan, catalog, assumptions, shared)

                tie = _tie(decision, price, plan, allow, shared, kept_answers)
                tied.append((decision, price, tie, True))
                rentable = tie is not None and tie[3] is not None and "gpuaas" in tie[3].allowed
            if rentable and again is not None:  # `again` may change its quote: placed again after it
                light.append(index)
                results.append(placed_lightly(index) if stated["placement"] is None else numbered(index, steps=False))
            else:
                results.append(numbered(index))
        elif stated["placement"] is None:
            placed = plain.get(id(decision))
            if placed is None:
                placed = plain[id(decision)] = _apply_override(index, given, decision, problems)
            results.append(placed)
        else:
            results.append(_apply_override(index, given, decision, problems))
    if problems:
        raise PlanInvalid(problems)
    if light and again is not None:
        again(results)
        for index in light:  # with the quotes `again` left
            found = tied[index]
            results[index] = owned_or_rented_fast(index, found) if found.__class__ is _Fast else owned_or_rented(index)
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


STRATEGY_ID = {"cloud": msg("cloud"), "hybrid": msg("hybrid"), "on_prem": msg("on_prem"), "gpuaas": msg("gpuaas")}
"""Organization strategies by id, in the situation check's sentence."""


def _situation_row(plan: Plan, workloads: list[ResolvedWorkload], catalog: Catalog, assumptions: Assumptions) -> tuple[Message, tuple[str, ...]]:
    """(the situation-table row that fits the organization, the placements it expects)."""
    org = plan.organization
    industry = catalog.industries[org.industry]
    if industry.situation in STRICTNESS:
        return msg("{industry} -> {place}", industry=_text(industry.name), place=LABEL[industry.situation]), (industry.situation,)
    startup = assumptions.num("small_startup_employees")
    smb = assumptions.num("smb_employees")
    threshold = assumptions.num("org_requests_per_day_threshold")
    volume = sum(w.requests_per_day for w in workloads)
    figures = {"employees": f"{org.employees:,}", "startup": f"{startup:,.0f}", "smb": f"{smb:,.0f}", "volume": f"{volume:,.0f}", "threshold": f"{threshold:,.0f}"}
    if org.employees <= startup:
        return msg("startup of {employees} people (<= {startup}) -> cloud", **figures), ("cloud",)
    if org.employees >= smb and volume >= threshold:
        return (
            msg("company past SMB size ({employees} people >= {smb}) at {volume} requests/day >= {threshold} -> hybrid or on-prem", **figures),
            ("hybrid", "on_prem"),
        )
    size = msg("SMB ({employees} people < {smb})", **figures) if org.employees < smb else msg("{employees} people at {volume} requests/day (< {threshold})", **figures)
    if org.security_requirements:
        return msg("{size} with security needs -> hybrid", size=size), ("hybrid",)
    return msg("{size} without security needs -> cloud", size=size), ("cloud",)


def _deviation(expected: tuple[str, ...], strategy: str, workloads: list[ResolvedWorkload], placements: list[str]) -> Message:
    """Which workloads make the strategy differ from the situation table's, e.g. ' (on the cloud: marketing)'."""
    pairs = list(zip([w.id for w in workloads], placements))
    if expected == ("on_prem_airgap",):
        return msg(" (not air-gapped: {ids})", ids=", ".join(i for i, p in pairs if p != "on_prem_airgap"))
    if expected == ("cloud",):
        return msg(" (off the cloud: {ids})", ids=", ".join(i for i, p in pairs if p != "cloud"))
    if expected == ("on_prem",):
        on_cloud = [i for i, p in pairs if p in ("cloud", "hybrid")]
        rented = [i for i, p in pairs if p == "gpuaas"]
        if on_cloud and rented:
            return msg(" (on the cloud: {cloud}; on rented GPUs: {rented})", cloud=", ".join(on_cloud), rented=", ".join(rented))
        if rented:
            return msg(" (on rented GPUs: {rented})", rented=", ".join(rented))
        return msg(" (on the cloud: {cloud})", cloud=", ".join(on_cloud))
    return msg(" (no workload uses the cloud)") if strategy == "on_prem" else msg(" (no workload runs on-prem)")


def situation_check(
    plan: Plan,
    workloads: list[ResolvedWorkload],
    catalog: Catalog,
    assumptions: Assumptions,
    placements: list[str] | None = None,
) -> Message:
    """The framework's situation table as a cross-check of the strategy, in one or two sentences.

    `placements` are the final placements per workload; computed here when not given.
    """
    if placements is None:
        placements = [p.placement for p in place_workloads(plan, workloads, catalog, assumptions)]
    strategy = organization_strategy(placements)
    row, expected = _situation_row(plan, workloads, catalog, assumptions)
    if expected == ("on_prem_airgap",):
        agrees = bool(placements) and all(p == "on_prem_airgap" for p in placements)
        computed = msg("all air-gapped") if agrees else STRATEGY_ID.get(strategy, strategy)
    else:
        agrees = strategy in expected
        computed = STRATEGY_ID.get(strategy, strategy)
    if agrees:
        text = msg("situation table: {row}; computed {computed} agrees.", row=row, computed=computed)
    else:
        text = msg("situation table: {row}; computed {computed} differs{deviation}.", row=row, computed=computed, deviation=_deviation(expected, strategy, workloads, placements))
    if strategy in ("cloud", "hybrid"):
        months = assumptions.num("review_months")
        text = msg("{situation} Cloud and hybrid plans get a review after {months} months.", situation=text, months=f"{months:g}")
    return text
