"""What ``evaluate()`` produces: one frozen Evaluation feeding the TUI, the exports and the JSON.

Each engine module fills its part: placement -> WorkloadResult placement fields, costs ->
cloud cost fields, sizing -> Sizing, schedule -> Schedule, ledger -> Ledger.

Result classes are plain Python classes with the part of pydantic's model API the planner uses (`model_fields`,
`model_copy`, `model_dump`, `model_dump_json`, `model_validate`, validation of keyword arguments, equality, frozen
instances). Their validator and serializer are pydantic-core's, built on a class's first use from a core schema made
from its annotations (coremodel's `_Result` and `_schema_of`: the schema pydantic would make of them, which
tests/test_results_schema.py checks): pydantic's own model building took ~15-20 ms at every start for the 29 classes, and a pydantic model's
every attribute read and class attribute read goes through a `__getattr__` hook that CPython does not specialise.
"""

# No `from __future__ import annotations`: each class reads its fields' annotations when it is created (as objects,
# not text to evaluate); a method's return of its own class is `Self`.

from datetime import date
from typing import Annotated, Any, Literal, Self

from planner.domain.catalog import PlacementName
from planner.domain.coremodel import (  # noqa: F401 (new_list, new_dict, blank_values, ResultField, _schema_of: their names here too)
    Field,
    PlainSerializer,
    ResultField,
    SkipValidation,
    _Result,
    _schema_of,
    blank_values,
    new_dict,
    new_list,
)
from planner.domain.messages import Message


def to_json(model: _Result) -> dict:
    """A result as `show --json` gives it: every field under its JSON name (a `serialization_alias`
    where it differs), ISO dates, and the JSON rounding its annotation declares."""
    return model.model_dump(mode="json", by_alias=True)


def _rounded(digits: int) -> PlainSerializer:
    """Rounded to `digits` decimals in the JSON only (the engine keeps every digit)."""

    def rounded(value):  # unannotated, as the lambda it replaces: a return annotation adds a return schema (test_results_schema)
        # A whole float is its own rounding (-0.0 and past 2**53 too): round() would give the same float back after a
        # decimal conversion there and back (~2,500 instructions; 1,000 generated workloads: ~3,900 of ~6,900 values).
        if type(value) is float and value.is_integer():
            return value
        return round(value, digits)

    return PlainSerializer(rounded, when_used="json")


TwoDecimals = Annotated[float, _rounded(2)]
"""A float given with 2 decimals in the JSON (request counts, USD cents)."""
OneDecimal = Annotated[float, _rounded(1)]
"""A float given with 1 decimal in the JSON."""


class TraceStep(_Result):
    """One rule that applied to a workload's placement."""

    rule: str
    """Stable rule id, e.g. `regulation.finance`, `flowchart.Q1a`, `kind.prefers_cloud`."""
    question: Message
    """The question the rule asks."""
    answer: Message
    """The answer, with the plan's own figures."""
    source: Message
    """Law, framework rule or catalog the step rests on."""
    note: bool = Field(False, exclude=True)
    """The step comments on the placement without deciding it (`numbers.threshold`, `numbers.compliance`:
    what the answer costs against an alternative); shown in the trace, skipped for the deciding rule. Not in the JSON."""

    @classmethod
    def of(cls, rule: str, question: Message, answer: Message, source: Message, note: bool = False) -> Self:
        """TraceStep(rule=..., ...), not validated where the values are what validation keeps (the domain's Messages
        and a text rule id): the numbers and hosting steps, made for every workload at every evaluation."""
        if type(rule) is str and type(note) is bool and isinstance(question, Message) and isinstance(answer, Message) and isinstance(source, Message):
            return cls.of_valid({"rule": rule, "question": question, "answer": answer, "source": source, "note": note})
        return cls(rule=rule, question=question, answer=answer, source=source, note=note)


class RateLimitCheck(_Result):
    """Peak load of a cloud workload against its provider's rate-limit tiers."""

    provider: str
    """Provider id."""
    peak_rpm: float
    """Peak requests per minute."""
    peak_tpm: float
    """Peak tokens per minute."""
    tier_needed: str | None
    """Lowest tier that carries the peak, or None when no tier does."""


class CommittedUse(_Result):
    """The cheapest provisioned-throughput offer of a workload's cloud model for its peak, and its break-even (see costs.committed_use)."""

    offer: str
    """Offer name (catalog `committed_offers`)."""
    unit: str
    """What it sells (`PTU`, `GSU`)."""
    units: int
    """Units the workload's peak needs (input units where the offer sells output units of their own)."""
    output_units: int = 0
    """Output units the peak needs (offers that sell them: OpenAI Scale Tier); 0 otherwise."""
    output_unit: str = ""
    """What those are called; empty when the offer has none."""
    usd_per_month: TwoDecimals
    """Those units a month."""
    pay_as_you_go_usd_per_month: TwoDecimals
    """The workload's tokens as billed per token (what the offer is compared with)."""
    utilization: Annotated[float, _rounded(4)]
    """Share of the units' capacity over `hours_per_month` the workload's normalized tokens use (with output units:
    input and output shares weighted by what each kind of unit costs)."""
    break_even_utilization: Annotated[float, _rounded(4)] | None
    """Utilization from which the offer costs no more than paying per token (above 1: never)."""
    break_even_requests_per_month: Annotated[float, _rounded(0)] | None
    """Requests a month from which the offer pays at the workload's traffic shape; None: no volume does."""
    used: bool
    """The bill uses the offer (it is cheaper)."""


class CloudCostBreakdown(_Result):
    """A workload's month-1 token cost on its cloud model at list price and each effect that takes it to the bill (USD).

    as_billed = list + token_overhead_adjustment - cache_savings + long_context_surcharge - batch_savings - committed_use_savings.
    Embeddings are not in it (they are billed alike under both pricings). In the JSON
    (`cloud_cost_breakdown`) the money keys drop their `_usd` suffix and savings are positive amounts.
    """

    pricing: str = "list"
    """Which of the two the plan's costs use (assumption `pricing`)."""
    list_usd: float = Field(0, serialization_alias="list")
    """The framework's formula at list prices."""
    token_overhead_adjustment_usd: float = Field(0, serialization_alias="token_overhead_adjustment")
    """As billed the token overhead is prompt tokens only; the framework's formula also multiplies the output by it (<= 0)."""
    cache_savings_usd: float = Field(0, serialization_alias="cache_savings")
    """Cached prefix read at the cache-read price (and written at the cache-write price) instead of the input price."""
    batch_savings_usd: float = Field(0, serialization_alias="batch_savings")
    """Batch-API discount on a batch-eligible workload."""
    long_context_surcharge_usd: float = Field(0, serialization_alias="long_context_surcharge")
    """Long-context prices on a prompt over the model's threshold."""
    committed_use_savings_usd: float = Field(0, serialization_alias="committed_use_savings")
    """Provisioned throughput bought for the peak instead of paying per token, when it is cheaper."""
    as_billed_usd: float = Field(0, serialization_alias="as_billed")
    """What the provider bills."""
    cached_prefix_tokens: OneDecimal = 0
    """Tokens of each prompt read from (or written to) the cache; 0 when nothing is cached."""
    long_context: bool = False
    """The prompt is over the model's long-context threshold."""
    batch: bool = False
    """Billed through the batch API."""
    committed_use: CommittedUse | None = None
    """The model's cheapest provisioned-throughput offer for this workload (None: the model has none, or the workload is batch or long-context)."""


_USD_FIELDS = tuple(name for name in CloudCostBreakdown.model_fields if name.endswith("_usd"))
"""CloudCostBreakdown's money lines, in its order (CloudCostBreakdownKrw has one field for each, in the same order)."""


_KRW_FIELDS = tuple((name, f"{name[:-4]}_krw") for name in _USD_FIELDS)
"""Each money line of CloudCostBreakdown and its field in CloudCostBreakdownKrw."""


class CloudCostBreakdownKrw(_Result):
    """The money lines of a CloudCostBreakdown in whole won (JSON `cloud_cost_breakdown_krw`, keys without `_krw`)."""

    list_krw: int = Field(0, serialization_alias="list")
    """List price."""
    token_overhead_adjustment_krw: int = Field(0, serialization_alias="token_overhead_adjustment")
    """Token overhead as prompt tokens only (<= 0)."""
    cache_savings_krw: int = Field(0, serialization_alias="cache_savings")
    """Prompt caching savings."""
    batch_savings_krw: int = Field(0, serialization_alias="batch_savings")
    """Batch-API savings."""
    long_context_surcharge_krw: int = Field(0, serialization_alias="long_context_surcharge")
    """Long-context surcharge."""
    committed_use_savings_krw: int = Field(0, serialization_alias="committed_use_savings")
    """Provisioned-throughput savings."""
    as_billed_krw: int = Field(0, serialization_alias="as_billed")
    """What the provider bills."""

    @classmethod
    def of(cls, breakdown: CloudCostBreakdown, krw_per_usd: float) -> Self:
        """Each money line of `breakdown` (in cents) at the exchange rate, rounded to whole won."""
        # round() of a float is an int: what validation keeps, so not validated again (one per workload shape and evaluation)
        usd = breakdown.__dict__
        return cls.of_valid({krw: round(float(usd[name]) * krw_per_usd) for name, krw in _KRW_FIELDS})


class AccountRateLimit(_Result):
    """Peak load of every cloud workload on one provider and model, summed as the provider meters it."""

    provider: str
    """Provider id."""
    model: str
    """Cloud model id."""
    peak_rpm: float
    """Summed peak requests per minute (retries included)."""
    peak_tpm: float
    """Summed peak tokens per minute (input with overhead + output)."""
    tier_needed: str | None
    """Lowest tier that carries the summed peak; None when none does."""
    tier_have: str
    """Tier the organization has (`[organization] api_tiers`; default the first)."""
    exceeded: bool = False
    """The summed peak is more than the organization's tier allows."""
    workloads: list[str] = Field(default_factory=new_list)
    """Workloads whose cloud share counts towards this account's limit."""
class GpuaasOption(_Result):
    """One way to pay for rented GPUs, with its total over the horizon."""

    pricing: str
    """`on_demand`, `reserved_1y` or `reserved_3y`."""
    price_krw_per_gpu_hour: float
    """Price per GPU-hour in KRW."""
    gpu_hours_per_month: float
    """GPU-hours billed in month 1."""
    total_krw: int
    """Rental over the horizon, commitments past its end included."""


class GpuaasQuote(_Result):
    """A workload's open model served on rented GPUs of one offer (catalogs/gpuaas.toml)."""

    offer: str
    """Offer id."""
    provider: str
    """Provider name."""
    region: str
    """Region."""
    gpu: str
    """GPU id."""
    gpu_pinned: bool = False
    """`gpu` is the workload's own `gpu` (the quote kept to it); false: the cheapest GPU type the offer rents."""
    gpus_per_replica: int
    """Tensor-parallel size (the same replica sizing as on-prem)."""
    replicas: int
    """Replicas at month 1."""
    gpus: int
    """GPUs rented at month 1 (whole instances, at least the offer's minimum)."""
    gpus_by_year: list[int]
    """GPUs rented in each plan year (usage growth)."""
    replicas_by_year: list[int]
    """Replicas in each plan year."""
    pricing: str
    """The cheapest way to pay for the load over the horizon: `on_demand` (busy hours x working days) or `reserved_1y` / `reserved_3y` (24/7)."""
    options: list[GpuaasOption]
    """Every way the offer can be paid for, cheapest first."""
    rental_krw_per_month: int
    """GPU rental in month 1."""
    storage_krw_per_month: int
    """Block storage in month 1."""
    egress_krw_per_month: int
    """Internet egress in month 1."""
    staff_krw_per_month: int
    """ML engineering share for this workload (roles' gpuaas_ops_fte, split over the self-hosted workloads)."""
    total_krw: int
    """Rental, storage, egress and staff over the horizon."""
    owned_total_krw: int = 0
    """The same workload on owned GPUs over the horizon; 0 when not compared. Where cost decides owned vs
    rented: what it adds to the plan's shared owned fleet (with it minus without it: GPUs and servers,
    running costs, operations staff, the facility if it is the only one); else the workload alone on the
    GPUs it would buy (capex, running costs, facility and ops staff share)."""
    owned_gpu: str = ""
    """GPU the owned estimate buys."""
    rented_on_fleet_krw: int = 0
    """What renting costs the plan over the horizon where cost decides owned vs rented: `total_krw`, without the
    ML engineering share while the plan keeps owned GPUs (their operations staff runs the rented ones); 0 when not compared."""
    lead_time_days: int = 0
    """Days from order to usable rented GPUs."""
    capacity_tokens_per_s: float = 0
    """Output tokens per second the month-1 replicas can serve (what the rental's utilization is measured against)."""
    assumption: str = ""
    """Figures of the offer that are assumptions, not published prices."""
    price_assumed: bool = False
    """The chosen pricing's GPU-hour price is an assumption (the provider publishes none)."""
    price_basis: str = ""
    """What the offer's GPU-hour prices rest on (catalogs/gpuaas.toml `price_basis`)."""


class WorkloadResult(_Result):
    """Everything the planner concluded about one workload.

    This class is the JSON's `workloads[]` too (`to_json`): its fields in this order, under their own
    names except `placement_costs_krw` (field `priced_krw`); request counts and USD with 2 decimals.
    A new field is a new JSON key.
    """

    id: str
    """Workload id."""
    name: str
    """Display name."""
    kind: str
    """Workload kind id."""
    placement: PlacementName
    """Where it runs (the override when there is one)."""
    recommended: PlacementName
    """What the rules say."""
    overridden: bool
    """The user overrode the recommendation."""
    regulatory: bool = False
    """A regulation decided the recommendation (overriding it needs acknowledgement)."""
    needs_deidentification: bool = False
    """Cloud use depends on a de-identification pipeline."""
    cloud_allowed: bool = True
    """Real data of this workload may be sent to a cloud API (possibly after de-identification)."""
    trace: list[TraceStep] = Field(default_factory=new_list)
    """Every placement step that applied, in order."""
    data: str = "public"
    """Data class."""
    requests_per_day: TwoDecimals = 0
    """Requests per day (after the usage multiplier)."""
    requests_per_month: TwoDecimals = 0
    """Requests per month."""
    input_tokens: int = 0
    """Input tokens per request."""
    output_tokens: int = 0
    """Output tokens per request."""
    onprem_share: float = 0
    """Share of requests served on-prem once migrated (1 on-prem, sensitive share for hybrid, 0 cloud)."""
    cloud_model: str = ""
    """Cloud model id."""
    open_model: str = ""
    """Open model id."""
    precision: str = "fp16"
    """On-prem serving precision."""
    cloud_cost_usd_per_month: TwoDecimals = 0
    """What it costs on its cloud model at month 1, whatever its placement (USD, cents)."""
    cloud_cost_krw_per_month: int = 0
    """Same in KRW."""
    embeddings_usd_per_month: float = 0
    """Embedding spend included in the cloud cost, USD."""
    cloud_cost_breakdown: CloudCostBreakdown = Field(default_factory=CloudCostBreakdown)
    """Token cost at list price and as billed, effect by effect (month 1, USD, cents)."""
    cloud_cost_breakdown_krw: CloudCostBreakdownKrw = Field(default_factory=CloudCostBreakdownKrw)
    """The same money lines in whole won."""
    rate_limit: RateLimitCheck | None = None
    """Rate-limit check (cloud and hybrid workloads)."""
    defaults: list[str] = Field(default_factory=new_list)
    """Input fields taken from defaults."""
    allowed: list[str] = Field(default_factory=new_list)
    """Placements the hard constraints (regulation, data protection) allow."""
    framework: list[str] = Field(default_factory=new_list)
    """The framework's answer(s): two when the flowchart and the table disagree and the numbers decided."""
    hybrid: str = ""
    """Which hybrid: `gradual` (start on the cloud, ramp on-prem) or `sensitive` (only the sensitive share on-prem)."""
    priced_krw: dict[str, int] = Field(default_factory=dict, serialization_alias="placement_costs_krw")
    """Each placement's cost over the horizon as the numbers step compared them (JSON `placement_costs_krw`)."""
    cost_of_compliance_krw: int = 0
    """What the hard constraints cost over the horizon against the cheapest placement without them."""
    gpuaas_offers: list[str] = Field(default_factory=new_list)
    """GPUaaS offers the rules allow for this workload's data (empty: rented GPUs not allowed)."""
    gpuaas: GpuaasQuote | None = None
    """The workload on the cheapest allowed rented GPUs (when allowed and its model fits an offer's GPUs)."""
    warnings: list[Message] = Field(default_factory=new_list)
    """Warnings about this workload."""

    @property
    def loosens_regulation(self) -> bool:
        """The plan overrides a placement a regulation decided towards less protection (cloud or hybrid
        instead of on-prem, ...; rented GPUs the rule names loosen nothing): the risk a reviewer asks about,
        which needs `acknowledge_regulation`. An override to a stricter placement is not one."""
        from planner.domain.placement import needs_acknowledgement

        if not self.overridden or (self.placement == "gpuaas" and self.gpuaas_offers):
            return False
        return needs_acknowledgement(self.placement, self.recommended, self.regulatory)


class GpuGroup(_Result):
    """Replicas of one open model on one GPU type."""

    gpu: str
    """GPU id."""
    open_model: str
    """Open model id served."""
    precision: str
    """Serving precision."""
    gpus_per_replica: int
    """Tensor-parallel size."""
    replicas: int
    """Replicas needed for the peak."""
    gpus: int
    """GPUs in total."""
    servers: int
    """Servers the GPUs pack onto."""
    workloads: list[str]
    """Workload ids served."""
    capex_krw: int
    """Purchase price of GPUs and servers."""
    power_w: float
    """Power draw at the wall before PUE (GPUs + server overhead)."""
    peak_tokens_per_s: float = 0
    """Peak output token rate the group was sized for."""
    capacity_tokens_per_s: float = 0
    """Output tokens per second all replicas deliver at the plan's interactive latency target."""
    replica_capacity_tokens_per_s: float = 0
    """Output tokens per second one replica delivers at the plan's interactive latency target."""
    peak_concurrency: float = 0
    """Peak concurrent requests (Little's law)."""
    headroom: float = 0
    """Spare capacity as a share of capacity (0.25 = 25% spare)."""
    memory_per_replica_gb: float = 0
    """Weights + KV cache per replica."""
    throughput_source: Message = Message("")
    """The measured point(s) (catalog ids, shape, TP, weights) or the estimate that produced the capacity."""


class GpuAlternative(_Result):
    """What one GPU type would need for one open model, for comparison."""

    gpu: str
    """GPU id."""
    open_model: str
    """Open model id."""
    fits: bool
    """The model fits at the chosen precision."""
    precision: str = ""
    """Serving precision compared."""
    gpus_per_replica: int = 0
    """Tensor-parallel size it would use."""
    replicas: int = 0
    """Replicas it would need for the peak."""
    gpus: int = 0
    """GPUs needed."""
    servers: int = 0
    """Servers needed."""
    capex_krw: int = 0
    """Purchase price."""
    power_w: float = 0
    """Power draw."""
    opex_krw_per_month: int = 0
    """Monthly running cost (power, infra, maintenance)."""
    cost_3y_krw: int = 0
    """Capex + 36 months of opex."""
    chosen: bool = False
    """This is the GPU the plan uses."""
    note: Message = Message("")
    """Why it does not fit, or other remarks."""


class Sizing(_Result):
    """On-prem hardware for the plan."""

    groups: list[GpuGroup] = Field(default_factory=new_list)
    """Production GPU groups."""
    pilot: GpuGroup | None = None
    """Phase 2 pilot hardware."""
    alternatives: list[GpuAlternative] = Field(default_factory=new_list)
    """Every GPU type compared, per open model."""
    warnings: list[Message] = Field(default_factory=new_list)
    """Models that do not fit, consumer GPUs in production, and so on."""

    @property
    def gpus(self) -> int:
        """Production GPUs in total."""
        return sum(g.gpus for g in self.groups)

    @property
    def servers(self) -> int:
        """Production servers in total."""
        return sum(g.servers for g in self.groups)

    @property
    def capex_krw(self) -> int:
        """Production hardware purchase price."""
        return sum(g.capex_krw for g in self.groups)


class ScheduledTask(_Result):
    """A task with its computed dates."""

    id: str
    """Task id (template id, `.workload` suffix for per-workload tasks)."""
    name: Message
    """Display name."""
    phase: int
    """Phase 1-4."""
    start: date
    """First day."""
    end: date
    """Last day (inclusive); equals start for a milestone."""
    duration_days: int
    """Calendar days (0 for a milestone)."""
    depends_on: list[str] = Field(default_factory=new_list)
    """Task ids that must end first."""
    critical: bool = False
    """On the critical path."""
    slack_days: int = 0
    """Days it can slip without moving the end."""
    milestone: bool = False
    """A milestone."""
    roles: dict[str, float] = Field(default_factory=dict)
    """FTE per role."""
    workload: str | None = None
    """Workload id for per-workload tasks."""
    template: str = ""
    """Template task id it came from ('' for a custom task)."""
    lead_time_weeks: float | None = None
    """Lead time for GPU orders."""
    edited: bool = False
    """A `[[tasks]]` edit changed it."""
    notes: list[Message] = Field(default_factory=new_list)
    """Why it starts when it does, e.g. held back by levelling (Messages: English in JSON, translated where shown)."""


class ScheduledPhase(_Result):
    """A phase as the schedule computes it: dates from its tasks."""

    phase: int
    """Phase number."""
    name: Message
    """Display name."""
    start: date
    """First day of its first task."""
    end: date
    """Last day of its last task (inclusive)."""
    staff_fte: dict[str, float] = Field(default_factory=dict)
    """Average FTE by role of its tasks and, from go-live, operations (empty when the schedule has no staff figures)."""


class PhaseCost(_Result):
    """What one phase costs the plan strategy: the ledger's months over the phase's dates (`ledger.phase_costs`)."""

    phase: int
    """Phase number (the schedule phase it prices)."""
    cost_krw: int = 0
    """Plan-strategy cost over the phase's dates."""
    cost_by_category_krw: dict[str, int] = Field(default_factory=dict)
    """Cost by ledger category."""
    staff_fte: dict[str, float] = Field(default_factory=dict)
    """FTE by role: the schedule's own figures when it has them, else the ledger's FTE over the phase's days."""


class PhaseResult(_Result):
    """A phase as every view shows it: the schedule's phase with the ledger's cost and staff for it."""

    phase: int
    """Phase number."""
    name: Message
    """Display name."""
    start: date
    """First day of its first task."""
    end: date
    """Last day of its last task (inclusive)."""
    cost_krw: int = 0
    """Plan-strategy cost over the phase's dates."""
    cost_by_category_krw: dict[str, int] = Field(default_factory=dict)
    """Cost by ledger category."""
    staff_fte: dict[str, float] = Field(default_factory=dict)
    """FTE by role."""

    @classmethod
    def of(cls, scheduled: ScheduledPhase, cost: PhaseCost | None) -> Self:
        """The schedule's phase and its cost (None: the ledger priced no phase; the schedule's staff then)."""
        if cost is None:
            return cls(phase=scheduled.phase, name=scheduled.name, start=scheduled.start, end=scheduled.end, staff_fte=scheduled.staff_fte)
        return cls(
            phase=scheduled.phase, name=scheduled.name, start=scheduled.start, end=scheduled.end,
            cost_krw=cost.cost_krw, cost_by_category_krw=cost.cost_by_category_krw, staff_fte=cost.staff_fte,
        )


KEY_DATES = ("pilot_delivery", "production_delivery", "go_live", "migration_end", "rented_from", "bridge_from")
"""The `Schedule` fields that are its milestone dates, in the order JSON `key_dates` gives them."""


class Schedule(_Result):
    """The dated migration graph."""

    __slots__ = ("dated",)  # not a field: how many of `tasks`, from the first, are in the order of their starts (planner.domain.schedule sets it; a copy has none)

    tasks: list[ScheduledTask] = Field(default_factory=new_list)
    """Tasks by start day, which is a dependency order too, then the bridges on rented GPUs (`[hardware] bridge = "gpuaas"`)."""
    phases: list[ScheduledPhase] = Field(default_factory=new_list)
    """Phases 1-4 with dates (their costs are the ledger's `phases`; `Evaluation.phases` has both)."""
    critical_path: list[str] = Field(default_factory=new_list)
    """Task ids on the critical path, in order."""
    pilot_delivery: date | None = None
    """Day pilot GPUs arrive (the day after their order task's last day)."""
    production_delivery: date | None = None
    """Day production GPUs arrive (the day after their order task's last day)."""
    go_live: date | None = None
    """First day of on-prem serving in production: the day after the first migration ends."""
    rented_from: dict[str, date] = Field(default_factory=dict)
    """Per `gpuaas` workload, the first day it is served on rented GPUs."""
    bridge_from: dict[str, date] = Field(default_factory=dict)
    """Per bridged workload (`[hardware] bridge = "gpuaas"`), the first day on rented GPUs; it stays there until its migration ends."""
    migration_end: dict[str, date] = Field(default_factory=dict)
    """Per on-prem or hybrid workload, the last day of its migration (on-prem serving of it starts the next day)."""
    capacity: dict[str, float] = Field(default_factory=dict)
    """People per role the staff levelling allowed (a role with nobody counts as the `missing_role_people` stand-in)."""
    warnings: list[Message] = Field(default_factory=new_list)
    """Messages like "X cannot start before Y because Z"."""

    def key_dates_json(self) -> dict[str, Any]:
        """The milestone dates (`KEY_DATES`) as JSON `key_dates` gives them: ISO dates, null where none."""
        dumped = self.model_dump(mode="json", include=set(KEY_DATES))
        return {name: dumped[name] for name in KEY_DATES}


class StrategyTco(_Result):
    """Total cost of one strategy over the horizon."""

    total_krw: int
    """Sum over the horizon."""
    by_year_krw: list[int]
    """Sum per plan year."""
    by_category_krw: dict[str, int] = Field(default_factory=dict)
    """Sum per ledger category over the horizon."""


class ThresholdCheck(_Result):
    """The framework's monthly cloud spend above which a hardware choice pays off."""

    gpu: str
    """GPU id."""
    servers: int
    """Servers."""
    gpus: int
    """GPUs."""
    capex_krw: int
    """Purchase price."""
    opex_krw_per_month: int
    """Monthly running cost."""
    amortization_months: int
    """Months capex is spread over."""
    threshold_krw_per_month: int
    """opex + capex / amortization months."""
    threshold_usd_per_month: float
    """Same in USD."""
    open_model: str = ""
    """Open model the hardware serves ('' for the pilot)."""
    precision: str = ""
    """Serving precision of that model."""
    basis: str = ""
    """Which hardware this is: `plan` (a production group), `pilot`, `on_prem` (the all-on-prem strategy) or `alternative`."""
    staff_krw_per_month: int = 0
    """Operations staff included in the opex (the framework's 430-650만원 a month)."""
    cloud_krw_per_month: int = 0
    """Month-1 cloud cost of the workloads this hardware would serve, to compare with the threshold."""
    framework_usd_per_month: float | None = None
    """The framework's rule-of-thumb threshold for this configuration (None where it gives none)."""
    framework_note: Message = Message("")
    """Why the computed threshold differs from the framework's figure."""


class OneTimeCost(_Result):
    """A purchase or one-time cost in the ledger, on the day it lands."""

    day: date
    """Day it lands (delivery day for hardware)."""
    category: str
    """Ledger category (`hardware`, `facility`)."""
    krw: int
    """Amount."""
    what: Message
    """What was bought, e.g. `2 x a100-80gb, 1 server (production)`."""


class CloudPath(_Result):
    """Workloads that use the cloud the same way in one strategy, and their share of volume on it each month."""

    workloads: list[str]
    """Workload ids."""
    share: list[float]
    """Per month (index 0 = month 1), the share of each workload's volume on its cloud model."""


class HardwareInService(_Result):
    """A purchase in one strategy: bought in `month`, then running from that day (share of each month in service)."""

    month: int
    """Month it lands (its capex is in that month's `hardware`)."""
    gpu: str
    """GPU id."""
    gpus: int
    """GPUs bought."""
    servers: int
    """Servers bought."""
    capex_krw: float
    """Purchase price (GPUs x unit price + servers x chassis price)."""
    power_w: float
    """Power draw at the wall before PUE."""
    what: Message
    """What was bought."""
    share: list[float]
    """Per month (index 0 = month 1), the share of the month it is in service."""


class LedgerDrivers(_Result):
    """The quantities one strategy's ledger priced: a spreadsheet rebuilds every month from these and the prices."""

    cloud_paths: list[CloudPath] = Field(default_factory=new_list)
    """Cloud use per group of workloads."""
    hardware: list[HardwareInService] = Field(default_factory=new_list)
    """Purchases and their months in service."""
    facility_month: int | None = None
    """Month the one-time facility cost lands."""
    staff_fte: list[dict[str, float]] = Field(default_factory=new_list)
    """Per month, FTE by role, unrounded (the staff cost is FTE x salary / 12)."""


class Ledger(_Result):
    """Monthly cost by category for each strategy."""

    horizon_months: int
    """Months covered."""
    categories: list[str] = Field(default_factory=new_list)
    """Category ids in display order."""
    months: dict[str, list[dict[str, int]]] = Field(default_factory=dict)
    """Per strategy (cloud, on_prem, plan), one {category: KRW} per month."""
    tco: dict[str, StrategyTco] = Field(default_factory=dict)
    """TCO per strategy."""
    break_even_month: int | None = None
    """First month (1-based) the plan's cumulative cost is below the cloud's, or None."""
    on_prem_break_even_month: int | None = None
    """Same for the on-prem strategy."""
    api_only_break_even_month: int | None = None
    """Plan against every workload on its cloud API from month 1 with no staff (not like for like)."""
    cloud_api_only_krw: int = 0
    """Every workload on its cloud API from month 1, API spend only (the framework's cloud TCO), over the horizon."""
    gpuaas_break_even_month: int | None = None
    """Break-even month of the gpuaas strategy against the cloud."""
    like_for_like_break_even_month: int | None = None
    """The same as `break_even_month`, which is like for like (kept for scripts that read this key)."""
    thresholds: list[ThresholdCheck] = Field(default_factory=new_list)
    """Framework break-even thresholds per hardware choice."""
    staff_fte: dict[str, list[dict[str, float]]] = Field(default_factory=dict)
    """Per strategy, one {role: FTE} per month (the FTE the staff category pays for)."""
    one_time: dict[str, list[OneTimeCost]] = Field(default_factory=dict)
    """Per strategy, purchases and one-time costs on the day they land (also inside `months`)."""
    drivers: dict[str, LedgerDrivers] = Field(default_factory=dict, exclude=True)
    """Per strategy, the quantities priced in `months` (cloud shares, hardware in service, FTE), for the XLSX export."""
    on_prem_hardware: list[GpuGroup] = Field(default_factory=new_list)
    """GPU groups of the on_prem strategy (every workload fully on-prem), bought at month 1."""
    gpuaas_hardware: list[GpuGroup] = Field(default_factory=new_list)
    """The owned GPU groups of the `gpuaas` strategy (every workload the rules allow on rented GPUs rented, the
    rest as in the plan): what its cost per token's usage-only figure measures utilization against."""
    cloud_krw_per_month: dict[str, int] = Field(default_factory=dict)
    """Per workload, month-1 cloud cost of its whole volume (tokens with hidden costs, plus embeddings)."""
    onprem_krw_per_month: dict[str, int] = Field(default_factory=dict)
    """Per workload, month-1 on-prem cost of the volume it would serve on-prem (share of amortized hardware, running costs, operations staff)."""
    onprem_share_costed: dict[str, float] = Field(default_factory=dict)
    """Per workload, the share of its volume `onprem_krw_per_month` covers (1 unless hybrid)."""
    phases: list[PhaseCost] = Field(default_factory=new_list)
    """Per schedule phase, the plan strategy's cost and staff over its dates."""
    notes: list[Message] = Field(default_factory=new_list)
    """How the ledger read the plan: growth purchases, hypothetical cloud use, fallbacks."""
    warnings: list[Message] = Field(default_factory=new_list)
    """Problems: hardware without a delivery date, on-prem workloads never migrated within the horizon."""


class UnitCost(_Result):
    """Cost per million tokens (input + output) and per successful request, USD (see planner.domain.unit_costs)."""

    usd_per_mtok: float
    """Reservation-based for hardware: the full cost of keeping the capacity available / tokens served."""
    usd_per_request: float
    """Same per successful request (retries are in the cost)."""
    usage_only_usd_per_mtok: float | None = None
    """Hardware only: as if only busy GPU time were paid (cost x utilization); flatters self-hosting."""
    usage_only_usd_per_request: float | None = None
    """Same per request."""
    utilization: float | None = None
    """Share of the hardware's capacity the tokens use (hardware only)."""
    basis: str = ""
    """What the figure divides by what."""


class UnitCosts(_Result):
    """`cost_per_mtok`: per strategy over the horizon, per workload at month 1."""

    strategies: dict[str, UnitCost] = Field(default_factory=dict)
    """Per strategy (cloud, on_prem, plan, ...)."""
    workloads: dict[str, dict[str, UnitCost]] = Field(default_factory=dict)
    """Per workload id: `cloud`, `on_prem` where hardware was sized for it, `gpuaas` where rented GPUs were quoted."""


class ScenarioResult(_Result):
    """Headline figures of a named scenario, next to the base."""

    name: str
    """Scenario name."""
    description: str
    """What it tests."""
    tco: dict[str, StrategyTco]
    """TCO per strategy."""
    break_even_month: int | None
    """Break-even month of the plan strategy."""
    on_prem_break_even_month: int | None = None
    """Break-even month of the on_prem strategy."""
    placements: dict[str, str] = Field(default_factory=dict)
    """Placement per workload id."""


class Evaluation(_Result):
    """The whole evaluated plan."""

    name: str
    """Plan name."""
    start: date
    """First day of Phase 1."""
    horizon_months: int
    """Months in the ledger."""
    industry: str
    """Organization's industry."""
    strategy: str
    """Organization-level strategy: cloud, hybrid or on_prem."""
    situation: Message = Message("")
    """The framework's situation-table cross-check."""
    workloads: list[WorkloadResult] = Field(default_factory=new_list)
    """Per workload."""
    sizing: Sizing = Field(default_factory=Sizing)
    """On-prem hardware."""
    schedule: Schedule = Field(default_factory=Schedule)
    """Dated task graph."""
    ledger: Ledger | None = None
    """Monthly costs (None until computed)."""
    phases: list[PhaseResult] = Field(default_factory=new_list)
    """Phases 1-4: the schedule's dates with the ledger's cost and staff for each (what every view shows)."""
    scenarios: list[ScenarioResult] = Field(default_factory=new_list)
    """Named scenarios."""
    cost_per_mtok: UnitCosts = Field(default_factory=UnitCosts)
    """One unit across strategies: cost per million tokens and per request."""
    assumptions: dict[str, float | int | str | bool] = Field(default_factory=dict)
    """Resolved assumptions."""
    assumption_sources: dict[str, str] = Field(default_factory=dict)
    """Where each assumption came from."""
    catalog_dates: dict[str, str] = Field(default_factory=dict)
    """Latest as_of per catalog kind."""
    warnings: list[Message] = Field(default_factory=new_list)
    """Plan-level warnings (including every workload's)."""
    rate_limits: list[AccountRateLimit] = Field(default_factory=new_list)
    """Cloud peaks summed per provider and model, against the organization's tier."""
    model_terms: dict[str, dict[str, SkipValidation[str]]] = Field(default_factory=dict)
    """Closed-vs-open catalog texts per model the plan uses (`cloud:<id>`, `open:<id>`, `gpuaas:<offer>`); see `models_compare`.
    Kept as built (not validated): what the planner says is a Message, what a catalog says (licences, terms, sources) plain text."""
    role_names: dict[str, Message] = Field(default_factory=dict)
    """Staff role id -> its catalog name (`ml_engineer` -> `ML engineer (senior)`), for showing staff by name."""

    def workload(self, workload_id: str) -> WorkloadResult:
        """The result for one workload."""
        for result in self.workloads:
            if result.id == workload_id:
                return result
        raise KeyError(workload_id)
