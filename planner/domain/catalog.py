"""Catalog models: the reference data every number in a plan comes from.

Each catalog file (``catalogs/*.toml``) holds entries of one kind; every entry has an ``id``,
a ``source`` and an ``as_of`` date. A company catalog directory overrides entries by id.
This module knows nothing about files: ``planner.store.catalogs`` reads them.
"""

# No `from __future__ import annotations`: pydantic would compile and evaluate every field's annotation from its text
# when it builds each class; a validator's return of its own class is `Self`.

from datetime import date
from typing import Annotated, Any, Literal, Self

from planner.domain.coremodel import ConfigDict, Field, Model, model_validator

from planner.domain import limits
from planner.domain.messages import msg

DataClass = Literal["public", "internal", "confidential", "personal", "regulated", "classified"]
"""Data classes, least to most sensitive."""

DATA_CLASS_ORDER: tuple[str, ...] = (
    "public",
    "internal",
    "confidential",
    "personal",
    "regulated",
    "classified",
)

PlacementName = Literal["cloud", "gpuaas", "hybrid", "on_prem", "on_prem_airgap"]
"""Where a workload runs."""

Precision = Literal["fp16", "bf16", "fp8", "int8", "int4", "mxfp4", "fp4"]
"""Numeric precision of served weights (`mxfp4`: OCP microscaling FP4; `fp4`: NVIDIA NVFP4)."""

LOW_PRECISION_KV: frozenset[str] = frozenset({"fp8", "mxfp4", "fp4"})
"""Weight precisions whose deployments keep an FP8 KV cache (the `kv_cache_bytes_fp8` assumption)."""

CsapGrade = Literal["하", "중", "상"]
"""CSAP grades, lowest first (하: open public data; 중: non-public work data; 상: sensitive/internal systems)."""

CSAP_ORDER: tuple[str, ...] = ("하", "중", "상")

N2sfClass = Literal["O", "S", "C"]
"""N2SF system classes: open, sensitive, classified."""

GpuaasRule = Literal["never", "any", "domestic", "csap"]
"""What a regulation lets rented GPUs (GPUaaS) do for its data classes: never; any offer; an offer hosted
in Korea; an offer whose CSAP grade is at least the system's."""


class _Model(Model):
    # A coremodel class (pydantic-core's validator and serializer, made of the schema pydantic would make of these
    # declarations: tests/test_catalog_schema.py), built the first time a class validates or dumps, not at import: the
    # shipped catalogs are usually read back already validated (planner.store.catalogs)
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Entry(_Model):
    """Common fields of every catalog entry."""

    id: str = Field(min_length=1)
    """Stable identifier other files refer to."""
    source: str = Field(min_length=1)
    """Where the figures come from (publication, price list, law)."""
    as_of: date
    """Date the figures were valid."""


class Range(_Model):
    """A low/high range; plans use the midpoint unless told otherwise."""

    low: float = Field(ge=0, le=limits.MAX_KRW)
    """Low end of the range."""
    high: float = Field(ge=0, le=limits.MAX_KRW)
    """High end of the range."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.low > self.high:
            raise ValueError(msg("low ({low}) is above high ({high})", low=f"{self.low:,.0f}", high=f"{self.high:,.0f}"))  # KRW
        return self

    @property
    def mid(self) -> float:
        """Midpoint of the range."""
        return (self.low + self.high) / 2


class CommittedOffer(Entry):
    """Provisioned throughput sold for a cloud model for a fixed monthly price per unit (Azure PTU, Vertex AI GSU,
    OpenAI Scale Tier).

    A workload on it needs units for its peak normalized tokens per minute: (prompt tokens - cached tokens
    x (1 - cached_token_weight)) + output tokens x output_token_weight, per request, at the peak rate; where the
    offer sells output units of their own, output tokens a minute at the peak buy those instead.
    """

    name: str
    """Who sells it and on which terms, as a reader should see it."""
    unit: str = Field(min_length=1)
    """What is bought (`PTU`, `GSU`)."""
    usd_per_unit_month: float = Field(gt=0, le=limits.MAX_USD_PER_MTOK * 1_000_000)
    """USD a month per unit on this term."""
    term_months: int = Field(ge=1, le=120)
    """Commitment length; an offer is only used by plans whose horizon covers it."""
    input_tokens_per_minute_per_unit: float = Field(gt=0, le=limits.MAX_RATE_PER_MINUTE)
    """Input tokens a minute one unit serves (the provider's sizing figure)."""
    output_token_weight: float = Field(ge=0, le=1_000)
    """Input tokens one output token counts as (Azure's output-to-input ratio, Vertex's burndown rate)."""
    cached_token_weight: float = Field(default=1.0, ge=0, le=1)
    """Share of a cached prompt token that still counts (Azure: 0, cached tokens are deducted 100%)."""
    min_units: int = Field(default=1, ge=1, le=1_000_000)
    """Smallest purchase."""
    unit_increment: int = Field(default=1, ge=1, le=1_000_000)
    """Purchases grow in steps of this many units."""
    output_unit: str = ""
    """Where output tokens are bought as units of their own (OpenAI Scale Tier's output bundles): their name;
    empty = output tokens count against the input units at `output_token_weight`."""
    output_tokens_per_minute_per_unit: float | None = Field(default=None, gt=0, le=limits.MAX_RATE_PER_MINUTE)
    """Output tokens a minute one output unit serves."""
    usd_per_output_unit_month: float | None = Field(default=None, gt=0, le=limits.MAX_USD_PER_MTOK * 1_000_000)
    """USD a month per output unit on this term."""
    assumption: str = ""
    """What in the offer is assumed rather than published."""

    @model_validator(mode="after")
    def _output_units_are_complete(self) -> Self:
        given = {bool(self.output_unit), self.output_tokens_per_minute_per_unit is not None, self.usd_per_output_unit_month is not None}
        if len(given) > 1:
            raise ValueError(msg("output_unit, output_tokens_per_minute_per_unit and usd_per_output_unit_month go together"))
        if self.output_unit and self.output_token_weight:
            raise ValueError(msg("an offer that sells output units counts no output tokens against its input units: output_token_weight = 0"))
        return self


class CloudModel(Entry):
    """A cloud LLM API with its token prices (USD per 1M tokens)."""

    name: str
    """Display name."""
    provider: str
    """Provider id (see providers.toml) whose rate-limit tiers apply."""
    input_usd_per_mtok: float = Field(ge=0, le=limits.MAX_USD_PER_MTOK)
    """Price of 1M input tokens in USD."""
    output_usd_per_mtok: float = Field(ge=0, le=limits.MAX_USD_PER_MTOK)
    """Price of 1M output tokens in USD (0 for embedding models)."""
    context_tokens: int = Field(gt=0, le=limits.MAX_TOKENS)
    """Maximum context window in tokens."""
    embedding: bool = False
    """True for embedding models (priced on input only)."""
    eu_region: bool = False
    """Can be hosted in the EU under a DPA (GDPR)."""
    csap_certified: bool = False
    """Holds Korean public-sector cloud certification (CSAP)."""
    strength: str = ""
    """What the model is known to be good at."""
    cache_read_usd_per_mtok: float | None = Field(default=None, ge=0, le=limits.MAX_USD_PER_MTOK)
    """Price of 1M input tokens read from the prompt cache; None = no prompt-caching price (never cached)."""
    cache_write_usd_per_mtok: float | None = Field(default=None, ge=0, le=limits.MAX_USD_PER_MTOK)
    """Price of 1M input tokens written to the cache (Anthropic 5-minute write: 1.25x input); None = the input price."""
    min_cacheable_tokens: int = Field(default=0, ge=0, le=limits.MAX_TOKENS)
    """Shortest repeated prefix the provider caches; a shorter prefix is billed at the input price."""
    batch_discount: float = Field(default=0, ge=0, lt=1)
    """Share off every token price through the provider's batch API (0.5 = half price); 0 = no batch price."""
    long_context_threshold_tokens: int | None = Field(default=None, gt=0, le=limits.MAX_TOKENS)
    """Prompt length (input tokens) above which the whole request is billed at the long-context prices."""
    long_context_input_usd_per_mtok: float | None = Field(default=None, ge=0, le=limits.MAX_USD_PER_MTOK)
    """Input price above the long-context threshold (cache read and write scale by the same ratio)."""
    long_context_output_usd_per_mtok: float | None = Field(default=None, ge=0, le=limits.MAX_USD_PER_MTOK)
    """Output price above the long-context threshold."""
    committed_offer: str = ""
    """Committed-use or provisioned-throughput offers recorded as text only: not costed, because their price or throughput per unit is unpublished."""
    committed_offers: list[CommittedOffer] = Field(default_factory=list, max_length=limits.MAX_LIST_ITEMS)
    """Provisioned-throughput offers with a published price and throughput per unit (costed when priced as billed)."""
    billing_source: str = ""
    """Where the caching, batch and long-context figures come from (required when any is set)."""
    billing_as_of: date | None = None
    """Date those figures were checked."""
    deprecated: date | None = None
    """Day the provider announced the model's retirement (it still answers until `retired`); None: not deprecated as far as the catalog knows."""
    retired: date | None = None
    """Day requests to the model fail from (announced or past); None: no retirement date known."""
    replacement: str = ""
    """The cloud model (catalog id) the provider recommends instead."""
    lifecycle_source: str = ""
    """Where `deprecated` and `retired` come from (required with either)."""

    @model_validator(mode="after")
    def _billing_is_sourced(self) -> Self:
        if (self.deprecated or self.retired) and not self.lifecycle_source:
            raise ValueError(msg("deprecated and retired need lifecycle_source"))
        billed = self.cache_read_usd_per_mtok is not None or self.batch_discount > 0 or self.long_context_threshold_tokens is not None
        if billed and (not self.billing_source or self.billing_as_of is None):
            raise ValueError(msg("caching, batch or long-context prices need billing_source and billing_as_of"))
        prices = [p is not None for p in (self.long_context_input_usd_per_mtok, self.long_context_output_usd_per_mtok)]
        if len({self.long_context_threshold_tokens is not None, *prices}) > 1:
            raise ValueError(msg("long_context_threshold_tokens needs both long_context_input_usd_per_mtok and long_context_output_usd_per_mtok"))
        return self


class RateTier(_Model):
    """One rate-limit tier of a provider."""

    tier: str
    """Tier name as the provider calls it."""
    rpm: int = Field(gt=0, le=limits.MAX_RATE_PER_MINUTE)
    """Requests per minute."""
    tpm: int = Field(gt=0, le=limits.MAX_RATE_PER_MINUTE)
    """Tokens per minute."""


class ModelTerms(_Model):
    """What a provider's closed models come with, for the closed-vs-open comparison (SPEC section 8)."""

    licence: str = Field(min_length=1, max_length=500)
    """Licence of the models (API terms; weights or not)."""
    support: str = Field(min_length=1, max_length=500)
    """Who supports the model and how."""
    fine_tuning: str = Field(min_length=1, max_length=500)
    """Whether and where the provider lets you fine-tune its models."""
    upgrades: str = Field(min_length=1, max_length=500)
    """Upgrade cadence: who moves the model to a new version, and the notice before an old one is retired."""
    source: str = Field(min_length=1)
    """Where these terms come from; a term not found there is marked unsourced in its text."""
    as_of: date
    """Date the terms were read."""


class Provider(Entry):
    """A cloud LLM provider and its rate-limit tiers, lowest first."""

    name: str
    """Display name."""
    tiers: list[RateTier] = Field(min_length=1, max_length=limits.MAX_LIST_ITEMS)
    """Rate-limit tiers, from the entry tier to the top tier."""
    terms: ModelTerms | None = None
    """Licence, support, fine-tuning and upgrade cadence of its models (closed vs open); None: not catalogued."""


class LeadTime(_Model):
    """Procurement lead time in weeks."""

    quoted: float = Field(ge=0, le=limits.MAX_LEAD_TIME_WEEKS)
    """What vendors quote."""
    realistic: float = Field(ge=0, le=limits.MAX_LEAD_TIME_WEEKS)
    """What buyers actually wait."""


class FrameworkBreakEven(_Model):
    """The framework's rough threshold: on-prem pays from this monthly cloud spend for `gpus` of a GPU."""

    gpus: int = Field(gt=0)
    """GPUs in the configuration the framework prices (one 4090 server, 2 x A100, 8 x H100)."""
    usd_per_month: float = Field(gt=0)
    """Monthly cloud spend from which the framework says on-prem pays, in USD."""


class Gpu(Entry):
    """A GPU type that can be bought for on-prem serving."""

    name: str
    """Display name."""
    vram_gb: float = Field(ge=limits.MIN_GPU_GB, le=limits.MAX_GPU_GB)
    """Memory per GPU in GB."""
    mem_bw_gbs: float = Field(ge=limits.MIN_BANDWIDTH_GBS, le=limits.MAX_BANDWIDTH_GBS)
    """Memory bandwidth in GB/s."""
    tdp_w: float = Field(gt=0, le=limits.MAX_POWER_W)
    """Board power in watts."""
    fp16_tflops: float = Field(ge=limits.MIN_TFLOPS, le=limits.MAX_TFLOPS)
    """Dense FP16/BF16 tensor throughput in TFLOPS."""
    fp8_tflops: float = Field(ge=0, le=limits.MAX_TFLOPS)
    """Dense FP8 tensor throughput in TFLOPS (0 when not supported natively)."""
    fp8_native: bool
    """Has FP8 tensor cores (Ada, Hopper); Ampere runs FP8 weight-only."""
    fp4_tflops: float = Field(default=0, ge=0, le=limits.MAX_TFLOPS)
    """Dense FP4 tensor throughput in TFLOPS (0 when not supported: 4-bit weights then run on FP8/FP16 units)."""
    memory_kind: Literal["hbm", "gddr"]
    """HBM or GDDR memory; sets the default bandwidth utilization."""
    interconnect: Literal["nvlink", "pcie"]
    """How GPUs of a replica talk to each other; sets tensor-parallel efficiency."""
    unit_price_krw: Range
    """Price of one GPU in KRW, VAT included."""
    server_price_krw: Range
    """Price of a server built with `server_build_gpus` of these GPUs, in KRW."""
    server_build_gpus: int = Field(gt=0, le=limits.MAX_GPUS_PER_SERVER)
    """How many GPUs the `server_price_krw` build contains."""
    gpus_per_server: int = Field(gt=0, le=limits.MAX_GPUS_PER_SERVER)
    """Most GPUs one server holds (8 datacenter, 2 for workstations)."""
    lead_time_weeks: LeadTime
    """Procurement lead time."""
    datacenter: bool = True
    """False for consumer cards (licence limits datacenter use: lab and pilot only)."""
    auto_pick: bool = True
    """False: never chosen automatically (its price is an unsourced assumption); a plan may still name it."""
    framework_break_even: FrameworkBreakEven | None = None
    """The framework's rule-of-thumb break-even cloud spend for a server of this GPU, where it gives one."""

    @property
    def chassis_price_krw(self) -> Range:
        """Server price without its GPUs, derived from the server build and unit price."""
        return Range(
            low=max(0.0, self.server_price_krw.low - self.server_build_gpus * self.unit_price_krw.low),
            high=max(0.0, self.server_price_krw.high - self.server_build_gpus * self.unit_price_krw.high),
        )


class OpenModel(Entry):
    """An open-weight model that can be served on-prem."""

    name: str
    """Display name."""
    params_b: float = Field(ge=limits.MIN_PARAMS_B, le=limits.MAX_PARAMS_B)
    """Parameters in billions."""
    layers: int = Field(gt=0, le=limits.MAX_MODEL_DIM)
    """Transformer layers."""
    q_heads: int = Field(gt=0, le=limits.MAX_MODEL_DIM)
    """Attention (query) heads."""
    kv_heads: int = Field(gt=0, le=limits.MAX_MODEL_DIM)
    """Key/value heads (GQA)."""
    head_dim: int = Field(gt=0, le=limits.MAX_MODEL_DIM)
    """Dimension of one head."""
    max_context: int = Field(gt=0, le=limits.MAX_TOKENS)
    """Longest context the model supports."""
    license: str
    """Licence of the weights."""
    valid_tp: list[Annotated[int, Field(ge=1, le=limits.MAX_GPUS_PER_SERVER)]] = Field(min_length=1, max_length=64)
    """Tensor-parallel sizes the model's head count allows."""
    active_params_b: float | None = Field(default=None, ge=limits.MIN_PARAMS_B, le=limits.MAX_PARAMS_B)
    """Parameters used per token in billions (mixture-of-experts); unset = all of `params_b` (dense)."""
    expert_params_b: float = Field(default=0, ge=0, le=limits.MAX_PARAMS_B)
    """Parameters of the routed experts in billions (0 for a dense model)."""
    experts: int = Field(default=0, ge=0, le=limits.MAX_MODEL_DIM)
    """Routed experts per MoE layer (0 for a dense model)."""
    experts_per_token: int = Field(default=0, ge=0, le=limits.MAX_MODEL_DIM)
    """Routed experts each token uses."""
    native_precision: Precision | None = None
    """Precision the weights are published in; wins over the `default_precision` assumption."""
    non_expert_precision: Precision | None = None
    """Precision the checkpoint keeps its non-expert weights (attention, embeddings, router) at, when they stay
    wider than the experts (gpt-oss: MXFP4 experts, BF16 rest); they never go below it."""
    kv_latent_dim: int = Field(default=0, ge=0, le=limits.MAX_MODEL_DIM)
    """Multi-head latent attention: values cached per token per layer (DeepSeek: 512 + 64); 0 = K and V per KV head."""
    sliding_window_layers: int = Field(default=0, ge=0, le=limits.MAX_MODEL_DIM)
    """Layers with sliding-window attention, whose KV cache holds at most `sliding_window` tokens."""
    sliding_window: int = Field(default=0, ge=0, le=limits.MAX_TOKENS)
    """Tokens a sliding-window layer keeps."""

    @property
    def active_b(self) -> float:
        """Parameters used per token, in billions."""
        return self.active_params_b if self.active_params_b is not None else self.params_b

    @property
    def moe(self) -> bool:
        """A mixture-of-experts model."""
        return self.experts > 0


class Throughput(Entry):
    """A measured serving throughput of an open model on a GPU type, for one prompt shape."""

    open_model: str
    """Open model id."""
    gpu: str
    """GPU id."""
    tp: int = Field(gt=0, le=limits.MAX_GPUS_PER_SERVER)
    """Tensor-parallel size (GPUs per replica) of the measurement."""
    precision: Precision
    """Precision of the measurement."""
    input_tokens: int = Field(default=1000, ge=1, le=limits.MAX_TOKENS)
    """Input tokens per request of the measurement."""
    output_tokens: int = Field(default=1000, ge=1, le=limits.MAX_TOKENS)
    """Output tokens per request of the measurement."""
    output_tokens_per_s: float = Field(ge=limits.MIN_TOKENS_PER_S, le=limits.MAX_TOKENS_PER_S)
    """Total output tokens per second of one replica (all `tp` GPUs), as `unit` says."""
    unit: Literal["replica", "gpu"] = "replica"
    """`gpu` when the source publishes per-GPU figures: the replica then delivers this x `tp`."""
    mode: Literal["offline", "interactive"] = "offline"
    """`offline`: saturation (discounted by `interactive_share_of_offline`); `interactive`: measured at the
    plan's latency target (used as is)."""
    company: bool = False
    """Set by the catalog loader for entries from a company catalog directory: they win over shipped points."""

    @property
    def replica_tokens_per_s(self) -> float:
        """Output tokens per second of the whole replica."""
        return self.output_tokens_per_s * (self.tp if self.unit == "gpu" else 1)


class WorkloadKind(Entry):
    """A kind of LLM workload and the defaults it gives a workload."""

    name: str
    """Display name."""
    data: DataClass
    """Default data class."""
    deidentifiable: bool
    """Whether the data can usually be de-identified."""
    sensitive_share: float = Field(ge=0, le=1)
    """Share of requests that carry sensitive data (routed on-prem in a hybrid)."""
    input_tokens: int = Field(gt=0, le=limits.MAX_TOKENS)
    """Default input tokens per request."""
    output_tokens: int = Field(gt=0, le=limits.MAX_TOKENS)
    """Default output tokens per request."""
    days_per_month: int = Field(gt=0, le=31)
    """Days a month the workload runs (22 internal, 30 customer-facing)."""
    busy_hours: float = Field(ge=limits.MIN_BUSY_HOURS, le=24)
    """Hours a day the traffic is spread over."""
    customer_facing: bool
    """Serves customers rather than staff."""
    requests_per_user_per_day: float = Field(gt=0, le=limits.MAX_REQUESTS_PER_USER_PER_DAY)
    """Default requests per user per day."""
    cloud_model: str
    """Default cloud model id."""
    open_model: str
    """Default open model id."""
    embeddings_usd_per_month: float = Field(default=0, ge=0, le=limits.MAX_USD)
    """Default embedding spend for retrieval workloads, USD a month."""
    cached_prefix_share: float = Field(default=0, ge=0, le=1)
    """Default share of input tokens that is a repeated prefix (system prompt, examples, shared context)."""
    batch: bool = False
    """Whether the kind may run as a batch job (answers within hours, not seconds)."""
    billing_source: str = ""
    """Why `cached_prefix_share` and `batch` are what they are."""
    framework_placement: PlacementName
    """The framework's placement for this kind."""
    prefers_cloud: bool
    """Quality or price favours the API when no sensitive data is involved."""
    reason: str
    """Why the framework places the kind where it does."""


class Regulation(Entry):
    """A regulatory rule: in an industry, data of some classes may not go to (some) clouds."""

    industry: str
    """Industry id the rule applies to, or `any`."""
    name: str
    """Short name of the rule."""
    laws: list[str] = Field(min_length=1)
    """Laws and frameworks the rule rests on."""
    data_classes: list[DataClass] = Field(min_length=1)
    """Data classes the rule governs."""
    gpuaas: GpuaasRule = "never"
    """Whether rented GPUs are acceptable for the governed data classes, and on which offers."""
    gpuaas_certifications: list[str] = Field(default_factory=list)
    """Certifications an offer must also hold (names as in gpuaas.toml `certifications`)."""
    n2sf_to_csap: dict[str, CsapGrade] = Field(default_factory=dict)
    """For `gpuaas = "csap"`: the CSAP grade an N2SF class needs (a class not listed: rented GPUs never)."""
    gpuaas_reason: str = ""
    """Why, in words for the security team (with the law)."""
    effect: Literal[
        "on_prem",
        "on_prem_airgap",
        "requires_csap",
        "requires_eu_region",
        "requires_deidentification",
    ]
    """What the rule imposes."""
    reason: str
    """Why, in words for the security team."""


class GpuaasPrice(_Model):
    """What one GPU type costs at a GPUaaS offer, per GPU-hour in the offer's currency."""

    gpu: str
    """GPU id (gpus.toml): sizing uses its specs."""
    on_demand: float = Field(gt=0)
    """On-demand price per GPU-hour."""
    reserved_1y: float | None = Field(default=None, gt=0)
    """Price per GPU-hour with a 1-year commitment (None: not offered)."""
    reserved_3y: float | None = Field(default=None, gt=0)
    """Price per GPU-hour with a 3-year commitment (None: not offered)."""
    gpus_per_instance: int = Field(default=1, gt=0)
    """GPUs rented together (an 8-GPU instance rents 8)."""


class GpuaasOffer(Entry):
    """A provider's GPU-as-a-service offer in one region."""

    provider: str
    """Provider's display name."""
    region: str
    """Region or data centre."""
    domestic: bool
    """Hosted in Korea (data residency)."""
    currency: Literal["KRW", "USD"]
    """Currency of the prices."""
    prices: list[GpuaasPrice] = Field(min_length=1)
    """GPU types and prices."""
    csap_grade: CsapGrade | None = None
    """CSAP grade the GPU service holds (None: not certified, or unknown)."""
    certifications: list[str] = Field(default_factory=list)
    """Other certifications (ISMS-P, ...)."""
    min_gpus: int = Field(default=1, gt=0)
    """Smallest rental."""
    min_commitment_months: int = Field(default=0, ge=0)
    """Shortest contract even on demand (0: none)."""
    lead_time_days: int = Field(ge=0)
    """Days from order to usable GPUs."""
    storage_per_tb_month: float = Field(ge=0)
    """Block storage for weights, logs and caches, per TB a month, in the offer's currency."""
    egress_per_gb: float = Field(ge=0)
    """Internet egress per GB, in the offer's currency."""
    assumption: str = ""
    """Figures not published by the provider and how they were set (empty: every figure is sourced)."""
    price_basis: str = ""
    """What the GPU-hour prices rest on, in one line (the hosting step cites it next to the price it used)."""
    assumed_pricings: list[Literal["on_demand", "reserved_1y", "reserved_3y"]] = Field(default_factory=list)
    """Pricings whose GPU-hour prices are assumptions, not read from a published list (empty: all sourced)."""


class Industry(Entry):
    """An industry an organization can be in."""

    name: str
    """Display name."""
    laws: list[str]
    """Main laws for LLM use in this industry."""
    situation: str
    """The framework's recommended organization-level strategy for the industry."""


class Role(Entry):
    """A staff role with its salary range."""

    name: str
    """Display name."""
    salary_krw_per_year: Range
    """Yearly salary in KRW."""
    ops_fte: float = Field(ge=0, le=limits.MAX_FTE)
    """FTE this role spends operating on-prem serving once live."""
    gpuaas_ops_fte: float = Field(default=0, ge=0)
    """FTE this role spends operating serving on rented GPUs (the provider runs the hardware)."""


class Assumption(Entry):
    """A default value a plan may override in `[assumptions]` or a scenario."""

    value: float | str | bool
    """Default value (within `min` and `max`)."""
    unit: str = ""
    """Unit of the value."""
    description: str
    """What it means."""
    min: float | None = Field(default=None, ge=-limits.MAX_ASSUMPTION, le=limits.MAX_ASSUMPTION)
    """Smallest allowed value."""
    max: float | None = Field(default=None, ge=-limits.MAX_ASSUMPTION, le=limits.MAX_ASSUMPTION)
    """Largest allowed value (at most MAX_ASSUMPTION when not given)."""
    choices: list[str] = Field(default_factory=list)
    """Allowed values for a text assumption."""

    @model_validator(mode="after")
    def _value_within_bounds(self) -> Self:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(msg("min ({min}) is above max ({max})", min=f"{self.min:g}", max=f"{self.max:g}"))
        value = self.value
        if isinstance(value, bool) or isinstance(value, str):
            if isinstance(value, str) and self.choices and value not in self.choices:
                raise ValueError(msg("value {value} is not one of its choices {choices}", value=repr(value), choices=", ".join(self.choices)))
            return self
        low = self.min if self.min is not None else -limits.MAX_ASSUMPTION
        high = self.max if self.max is not None else limits.MAX_ASSUMPTION
        if not low <= value <= high:
            raise ValueError(msg("value {value} is outside its own bounds [{low}, {high}]", value=f"{value:g}", low=f"{low:g}", high=f"{high:g}"))
        return self

    def allows(self, value: float) -> bool:
        """True when a numeric value is within this assumption's bounds (MAX_ASSUMPTION when open)."""
        low = self.min if self.min is not None else -limits.MAX_ASSUMPTION
        high = self.max if self.max is not None else limits.MAX_ASSUMPTION
        return low <= value <= high


class Uncertain(Entry):
    """An input `planner show --ranges` draws: its distribution around the value the plan uses.

    `id` is an assumption id (the mode defaults to the assumption's value, the point the plan uses) or one of
    the inputs only ranges read (`lead_time_factor`, `salary_level`, `hardware_price_level`, with their `mode`).
    triangular: low, mode, high; uniform: low to high (the mode is only the point the plan uses); lognormal:
    median = mode, low/high its P10/P90 (sigma = ln(high/low) / 2.563).
    """

    name: str
    """What the input is, for the tornado."""
    distribution: Literal["triangular", "uniform", "lognormal"]
    """Shape of the distribution."""
    low: float
    """Low end (triangular) or P10 (lognormal)."""
    high: float
    """High end (triangular) or P90 (lognormal)."""
    mode: float | None = None
    """Most likely value; None: the assumption's value."""
    min: float | None = None
    """Smallest value a plan's range may give (an assumption's own bounds apply otherwise)."""
    max: float | None = None
    """Largest value a plan's range may give."""
    unit: str = ""
    """Unit of the value."""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.low > self.high:
            raise ValueError(msg("low ({low}) is above high ({high})", low=f"{self.low:g}", high=f"{self.high:g}"))
        if self.mode is not None and not self.low <= self.mode <= self.high:
            raise ValueError(msg("mode {mode} is outside [{low}, {high}]", mode=f"{self.mode:g}", low=f"{self.low:g}", high=f"{self.high:g}"))
        if self.distribution == "lognormal" and self.low <= 0:
            raise ValueError(msg("a lognormal input needs low > 0"))
        return self


def at_level(prices: Range, level: Any) -> Any:
    """A price within a catalog range: its midpoint (level None, what plans use) or low + level x (high - low)."""
    if level is None:
        return prices.mid
    return prices.low + (prices.high - prices.low) * level


class PhaseInfo(Entry):
    """One of the Phase 1-4 stages."""

    phase: int = Field(ge=1, le=9)
    """Phase number."""
    name: str
    """Display name."""
    description: str
    """What happens in it."""


TaskPer = Literal[
    "once",
    "cloud_workload",
    "offline_workload",
    "deid_workload",
    "onprem_workload",
    "gpuaas_workload",
]
TaskDuration = Literal["days", "pilot_lead_time", "production_lead_time", "gpuaas_lead_time"]


class TaskTemplate(Entry):
    """A task of the migration template; `per` repeats it for each matching workload."""

    phase: int = Field(ge=1, le=9)
    """Phase the task belongs to."""
    name: str
    """Name; `{workload}` is replaced by the workload name for per-workload tasks."""
    duration_days: int = Field(default=0, ge=0, le=limits.MAX_TASK_DAYS)
    """Duration in calendar days (0 for a milestone)."""
    duration_from: TaskDuration = "days"
    """Take the duration from a GPU lead time instead of `duration_days`."""
    roles: dict[str, Annotated[float, Field(ge=0, le=limits.MAX_FTE)]] = Field(default_factory=dict)
    """FTE per role while the task runs."""
    depends_on: list[str] = Field(default_factory=list)
    """Template task ids that must end first (per-workload ids resolve to the same workload's task, or all of them)."""
    per: TaskPer = "once"
    """Repeat the task for each workload of a class."""
    when: Literal["always", "any_onprem", "any_cloud", "any_deid", "any_hybrid", "any_gradual", "any_gpuaas"] = "always"
    """Include the task only when the plan has such workloads (`any_hybrid`: an on-prem share and a cloud share;
    `any_gradual`: a gradual hybrid, the framework's answer for an organization without ML engineers;
    `any_gpuaas`: a workload on rented GPUs)."""
    not_before_months_from: str = ""
    """Assumption id whose value, in months after the plan's start, is the earliest day the task may start."""
    duration_uncertain: str = ""
    """The uncertain input (catalogs/uncertainty.toml) that scales the duration over draws; empty: `lead_time_factor`
    for a GPU order, `gpuaas_lead_time_factor` for rented GPUs, `task_duration_factor` for any other task."""
    milestone: bool = False
    """A zero-length milestone closing a phase or marking an event."""
    description: str = ""
    """Why the task exists."""


class Catalog(_Model):
    """All catalogs, keyed by entry id."""

    __slots__ = ("_throughput_index_of",)
    """What `_throughput_index` keeps: not a field (never dumped, compared, copied or pickled)."""

    cloud_models: dict[str, CloudModel]
    """Cloud LLM APIs."""
    providers: dict[str, Provider]
    """Cloud providers and rate limits."""
    gpus: dict[str, Gpu]
    """GPU types."""
    open_models: dict[str, OpenModel]
    """Open-weight models."""
    throughputs: dict[str, Throughput]
    """Measured throughputs."""
    workload_kinds: dict[str, WorkloadKind]
    """Workload kinds."""
    industries: dict[str, Industry]
    """Industries."""
    regulations: dict[str, Regulation]
    """Regulatory rules."""
    roles: dict[str, Role]
    """Staff roles."""
    assumptions: dict[str, Assumption]
    """Default assumptions."""
    phases: dict[str, PhaseInfo]
    """Phase 1-4 descriptions."""
    tasks: dict[str, TaskTemplate]
    """Migration task template."""
    gpuaas: dict[str, GpuaasOffer] = Field(default_factory=dict)
    """GPU-as-a-service offers."""
    uncertain: dict[str, Uncertain] = Field(default_factory=dict)
    """Distributions of the inputs `show --ranges` draws."""

    def assumption(self, key: str) -> float | str | bool:
        """Default value of an assumption."""
        return self.assumptions[key].value

    def measured_throughputs(self, open_model: str, gpu: str, precision: str) -> tuple[Throughput, ...]:
        """Measured points of this model on this GPU type at this precision (any TP, any shape).

        When a company catalog measured this model/GPU/precision, only its points count.
        """
        return self._throughput_index.get((open_model, gpu, precision), ())

    @property
    def _throughput_index(self) -> dict[tuple[str, str, str], tuple[Throughput, ...]]:
        """Measured throughputs by (open model, GPU, precision), kept by the catalog while its
        `throughputs` are the same object (a copy builds its own)."""
        kept = getattr(self, "_throughput_index_of", None)
        if kept is not None and kept[0] is self.throughputs:
            return kept[1]
        grouped: dict[tuple[str, str, str], list[Throughput]] = {}
        for entry in self.throughputs.values():
            grouped.setdefault((entry.open_model, entry.gpu, entry.precision), []).append(entry)
        index: dict[tuple[str, str, str], tuple[Throughput, ...]] = {}
        for key, points in grouped.items():
            newest: dict[tuple[int, int, int], Throughput] = {}
            for point in [p for p in points if p.company] or points:
                shape = (point.tp, point.input_tokens, point.output_tokens)
                if shape not in newest or point.as_of > newest[shape].as_of:
                    newest[shape] = point  # a newer publication of the same shape supersedes the older one
            index[key] = tuple(newest.values())
        object.__setattr__(self, "_throughput_index_of", (self.throughputs, index))  # a slot of its own, not a field
        return index


def catalog_problems(catalog: Catalog) -> list[str]:
    """References between catalog entries that do not resolve (empty when the catalog is sound)."""
    problems: list[str] = []

    def need(ok: bool, message: str) -> None:
        if not ok:
            problems.append(message)

    for model in catalog.cloud_models.values():
        need(model.provider in catalog.providers, f"cloud_model {model.id}: unknown provider {model.provider!r}")
        replacement = catalog.cloud_models.get(model.replacement)
        need(not model.replacement or (replacement is not None and replacement.retired is None),
             f"cloud_model {model.id}: replacement {model.replacement!r} is not a cloud model the catalog still serves")
    for kind in catalog.workload_kinds.values():
        need(kind.cloud_model in catalog.cloud_models, f"kind {kind.id}: unknown cloud_model {kind.cloud_model!r}")
        need(kind.open_model in catalog.open_models, f"kind {kind.id}: unknown open_model {kind.open_model!r}")
    for entry in catalog.throughputs.values():
        need(entry.gpu in catalog.gpus, f"throughput {entry.id}: unknown gpu {entry.gpu!r}")
        need(entry.open_model in catalog.open_models, f"throughput {entry.id}: unknown open_model {entry.open_model!r}")
    for model in catalog.open_models.values():
        need(model.expert_params_b < model.params_b, f"open_model {model.id}: expert_params_b must be below params_b")
        need(model.sliding_window_layers <= model.layers, f"open_model {model.id}: sliding_window_layers exceed layers")
        need((model.experts > 0) == (model.expert_params_b > 0) and model.experts_per_token <= model.experts,
             f"open_model {model.id}: experts, experts_per_token and expert_params_b go together")
    for offer in catalog.gpuaas.values():
        for price in offer.prices:
            need(price.gpu in catalog.gpus, f"gpuaas {offer.id}: unknown gpu {price.gpu!r}")
    for rule in catalog.regulations.values():
        need(rule.industry == "any" or rule.industry in catalog.industries, f"regulation {rule.id}: unknown industry {rule.industry!r}")
    for task in catalog.tasks.values():
        need(task.phase in {p.phase for p in catalog.phases.values()}, f"task {task.id}: unknown phase {task.phase}")
        for dep in task.depends_on:
            need(dep in catalog.tasks, f"task {task.id}: depends on unknown task {dep!r}")
        for role in task.roles:
            need(role in catalog.roles, f"task {task.id}: unknown role {role!r}")
        if task.not_before_months_from:
            need(task.not_before_months_from in catalog.assumptions, f"task {task.id}: unknown assumption {task.not_before_months_from!r}")
    return problems
