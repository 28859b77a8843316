"""GPU sizing for the on-prem share (SPEC section 3), at an interactive latency target.

From first principles, every factor an assumption with a source:
- weights = parameters x bytes per parameter (`bytes_per_param_<precision>`); a mixture-of-experts model
  holds all its parameters, its non-expert weights at least at the checkpoint's `non_expert_precision`;
- KV cache per token = 2 x layers x kv_heads x head_dim (or the latent of multi-head latent attention)
  x `kv_cache_bytes` (`kv_cache_bytes_fp8` for FP8/FP4 deployments); sliding-window layers hold at most
  their window;
- usable memory per GPU = VRAM x `gpu_memory_utilization` - `runtime_overhead_gb`;
- peak load = requests/day x on-prem share over the busy hours x `peak_factor`; concurrency by Little's
  law = rate x (`ttft_target_ms` + output tokens x `tpot_target_ms`), the latency the replicas are sized for;
- a replica of tensor-parallel size TP must hold the weights plus the KV cache of its share of the peak
  concurrency; replicas = the larger of peak output tokens/s / replica capacity and KV cache / KV room;
  the TP size needing the fewest GPUs wins (the smallest on a tie: data parallelism beats tensor parallelism);
- replica capacity = output tokens/s at the interactive latency target (see `replica_capacity`): measured
  points of the model/GPU/precision (catalogs/throughputs.toml) carried to the workload's shape and TP by
  the estimate's shape factor, or the estimate alone; offline figures x `interactive_share_of_offline`.
Workloads on the same open model, precision and GPU share replicas; replicas pack onto servers.
"""

from __future__ import annotations

import math
from itertools import compress, repeat
from operator import attrgetter, is_, itemgetter, ne
from typing import Iterable

from planner.domain.arrays import summed
from planner.domain.catalog import LOW_PRECISION_KV, Catalog, Gpu, OpenModel, Throughput, at_level
from planner.domain.costs import peak_requests_per_second
from planner.domain.plan import Hardware
from planner.domain.resolve import Assumptions, ResolvedWorkload
from planner.domain.memo import changed_places
from planner.domain.messages import Message, joined, msg
from planner.domain.records import Frozen
from planner.domain.results import GpuAlternative, GpuGroup, Sizing, WorkloadResult

GB = 1e9
PRECISIONS = ("fp16", "bf16", "fp8", "int8", "fp4", "int4", "mxfp4")
"""Precisions a too-large model may be suggested at (tried most bytes first)."""
SAME_PRECISION = {"fp16": ("fp16", "bf16"), "bf16": ("bf16", "fp16")}
"""Precisions whose measured points stand for each other (same bytes, same tensor cores)."""


_NEW, _SET = object.__new__, object.__setattr__

MODE = {"offline": msg("offline"), "interactive": msg("interactive")}
"""A measured point's mode, as the throughput source names it."""


class Demand(Frozen):
    """Peak load of one or more workloads on one open model. Frozen, compared and hashed by its values, as the frozen
    dataclass it was (a written-out class: Python compiles a dataclass's methods at every start)."""

    __slots__ = ("workloads", "requests_per_s", "output_tokens_per_s", "concurrency", "kv_tokens", "longest_sequence", "input_tokens", "output_tokens")

    workloads: tuple[str, ...]
    """Workload ids."""
    requests_per_s: float
    """Peak requests per second."""
    output_tokens_per_s: float
    """Peak output tokens per second."""
    concurrency: float
    """Peak requests in flight (Little's law)."""
    kv_tokens: float
    """Tokens the KV cache holds at peak: in-flight requests x their full sequence."""
    longest_sequence: float
    """Longest sequence (input with overhead + output) of the workloads, tokens."""
    input_tokens: float
    """Input tokens per request (with overhead), averaged over requests: the prompt shape."""
    output_tokens: float
    """Output tokens per request, averaged over requests."""

    def __init__(
        self,
        workloads: tuple[str, ...] = (),
        requests_per_s: float = 0.0,
        output_tokens_per_s: float = 0.0,
        concurrency: float = 0.0,
        kv_tokens: float = 0.0,
        longest_sequence: float = 0.0,
        input_tokens: float = 0.0,
        output_tokens: float = 0.0,
    ) -> None:
        _SET(self, "workloads", workloads)
        _SET(self, "requests_per_s", requests_per_s)
        _SET(self, "output_tokens_per_s", output_tokens_per_s)
        _SET(self, "concurrency", concurrency)
        _SET(self, "kv_tokens", kv_tokens)
        _SET(self, "longest_sequence", longest_sequence)
        _SET(self, "input_tokens", input_tokens)
        _SET(self, "output_tokens", output_tokens)

    def __add__(self, other: Demand) -> Demand:
        return sum_demands([self, other])


def sum_demands(demands: list[Demand]) -> Demand:
    """demands[0] + demands[1] + ..., left to right, joining the workload ids once.

    The prompt shape (input and output tokens) is the request-weighted average of the parts.
    """
    first = demands[0]
    if len(demands) == 1:
        return first
    rps = tps = conc = kv = longest = weighted_in = weighted_out = 0.0
    ids: list[str] = []
    for d in demands:
        rps += d.requests_per_s
        tps += d.output_tokens_per_s
        conc += d.concurrency
        kv += d.kv_tokens
        weighted_in += d.input_tokens * d.requests_per_s
        weighted_out += d.output_tokens * d.requests_per_s
        if d.longest_sequence > longest:
            longest = d.longest_sequence
        ids += d.workloads
    inp = weighted_in / rps if rps else max(d.input_tokens for d in demands)
    out = weighted_out / rps if rps else max(d.output_tokens for d in demands)
    return _demand(tuple(ids), rps, tps, conc, kv, longest, inp, out)


class GpuFit(Frozen):
    """How one GPU type serves one demand (or why it cannot). Frozen, compared and hashed by its values, as the frozen
    dataclass it was (a written-out class: Python compiles a dataclass's methods at every start)."""

    __slots__ = ("gpu", "fits", "tp", "replicas", "gpus", "servers", "capex_krw", "power_w", "opex_krw_per_month", "cost_3y_krw", "capacity_tokens_per_s", "replica_capacity_tokens_per_s", "memory_per_replica_gb", "single_stream_tokens_per_s", "throughput_source", "slow", "notes")

    gpu: Gpu
    """The GPU type."""
    fits: bool
    """The model fits at the precision with at least one sequence of KV cache."""
    tp: int
    """GPUs per replica (tensor-parallel size)."""
    replicas: int
    """Replicas for the peak (token rate and KV cache)."""
    gpus: int
    """GPUs in total."""
    servers: int
    """Servers for these replicas alone."""
    capex_krw: int
    """GPUs and chassis at range midpoints."""
    power_w: float
    """Draw before PUE."""
    opex_krw_per_month: int
    """Power, network, storage, backup, maintenance a month."""
    cost_3y_krw: int
    """Capex + amortization_months of opex."""
    capacity_tokens_per_s: float
    """Output tokens/s of all replicas at the interactive latency target."""
    replica_capacity_tokens_per_s: float
    """Output tokens/s of one replica at the interactive latency target."""
    memory_per_replica_gb: float
    """Weights + the replica's share of the KV cache."""
    single_stream_tokens_per_s: float
    """Decode speed of one request alone (the estimate's batch-1 step)."""
    throughput_source: Message | str
    """Measured point(s) or the estimate, with the figures."""
    slow: bool
    """Decodes one request slower than the TPOT target even alone."""
    notes: list[Message]
    """Why it does not fit, or remarks (consumer card, weight-only FP8, slow decode, long prefill); a new empty list
    when not given."""

    def __init__(
        self,
        gpu: Gpu,
        fits: bool,
        tp: int = 0,
        replicas: int = 0,
        gpus: int = 0,
        servers: int = 0,
        capex_krw: int = 0,
        power_w: float = 0.0,
        opex_krw_per_month: int = 0,
        cost_3y_krw: int = 0,
        capacity_tokens_per_s: float = 0.0,
        replica_capacity_tokens_per_s: float = 0.0,
        memory_per_replica_gb: float = 0.0,
        single_stream_tokens_per_s: float = 0.0,
        throughput_source: Message | str = "",
        slow: bool = False,
        notes: list[Message] | None = None,
    ) -> None:
        _SET(self, "gpu", gpu)
        _SET(self, "fits", fits)
        _SET(self, "tp", tp)
        _SET(self, "replicas", replicas)
        _SET(self, "gpus", gpus)
        _SET(self, "servers", servers)
        _SET(self, "capex_krw", capex_krw)
        _SET(self, "power_w", power_w)
        _SET(self, "opex_krw_per_month", opex_krw_per_month)
        _SET(self, "cost_3y_krw", cost_3y_krw)
        _SET(self, "capacity_tokens_per_s", capacity_tokens_per_s)
        _SET(self, "replica_capacity_tokens_per_s", replica_capacity_tokens_per_s)
        _SET(self, "memory_per_replica_gb", memory_per_replica_gb)
        _SET(self, "single_stream_tokens_per_s", single_stream_tokens_per_s)
        _SET(self, "throughput_source", throughput_source)
        _SET(self, "slow", slow)
        _SET(self, "notes", [] if notes is None else notes)


def _bytes(precision: str, assumptions: Assumptions) -> float:
    return assumptions.num(f"bytes_per_param_{precision}")


def weight_bytes(model: OpenModel, precision: str, assumptions: Assumptions) -> float:
    """Bytes of weights at a precision (all parameters: a MoE model holds every expert)."""
    experts = _bytes(precision, assumptions)
    rest = max(experts, _bytes(model.non_expert_precision, assumptions)) if model.non_expert_precision else experts
    return ((model.params_b - model.expert_params_b) * rest + model.expert_params_b * experts) * GB


def kv_element_bytes(precision: str, assumptions: Assumptions) -> float:
    """KV-cache bytes per element: an FP8 cache for FP8/FP4 deployments, else `kv_cache_bytes`."""
    return assumptions.num("kv_cache_bytes_fp8" if precision in LOW_PRECISION_KV else "kv_cache_bytes")


def kv_bytes_per_token(model: OpenModel, assumptions: Assumptions, precision: str = "fp16", sequence: float = 0.0) -> float:
    """KV cache per token: (2 x KV heads x head dim, or the MLA latent) x layers x bytes per element.

    Sliding-window layers count window/sequence of a layer for sequences longer than their window
    (in full when the sequence is not known).
    """
    per_layer = model.kv_latent_dim or 2 * model.kv_heads * model.head_dim
    layers = float(model.layers - model.sliding_window_layers)
    if model.sliding_window_layers:
        layers += model.sliding_window_layers * (min(1.0, model.sliding_window / sequence) if sequence > 0 else 1.0)
    return per_layer * layers * kv_element_bytes(precision, assumptions)


def sequence_tokens(workload: ResolvedWorkload, assumptions: Assumptions) -> float:
    """Tokens one request holds in the KV cache: input (with system-prompt overhead) + output."""
    return workload.input_tokens * (1 + assumptions.num("token_overhead")) + workload.output_tokens


def request_time_s(output_tokens: float, assumptions: Assumptions) -> float:
    """How long a request stays in flight at the latency target: TTFT + output tokens x TPOT."""
    return (assumptions.num("ttft_target_ms") + output_tokens * assumptions.num("tpot_target_ms")) / 1000


def workload_demand(workload: ResolvedWorkload, onprem_share: float, assumptions: Assumptions) -> Demand:
    """Peak on-prem load of one workload."""
    return _workload_demand(workload, onprem_share, _demand_figures(assumptions))


def _demand_figures(assumptions: Assumptions) -> tuple[float, float, float, float]:
    """What `workload_demand` reads of the assumptions: (peak factor, TTFT and TPOT targets in ms, token overhead)."""
    return assumptions.num("peak_factor"), assumptions.num("ttft_target_ms"), assumptions.num("tpot_target_ms"), assumptions.num("token_overhead")


def _workload_demand(workload: ResolvedWorkload, onprem_share: float, figures: tuple[float, float, float, float]) -> Demand:
    """`workload_demand` with the assumptions' figures read (`_demand_figures`: once for many workloads)."""
    peak, ttft, tpot, overhead = figures
    # (`peak_requests_per_second`, `request_time_s` and `sequence_tokens`, inline: the same arithmetic)
    rate = workload.requests_per_day * onprem_share / (workload.busy_hours * 3600) * peak
    output = workload.output_tokens
    concurrency = rate * ((ttft + output * tpot) / 1000)
    prompt = workload.input_tokens * (1 + overhead)
    sequence = prompt + output
    return _demand((workload.id,), rate, rate * output, concurrency, concurrency * sequence, sequence, prompt, float(output))


def _demand(
    workloads: tuple[str, ...], requests_per_s: float, output_tokens_per_s: float, concurrency: float, kv_tokens: float, longest_sequence: float, input_tokens: float, output_tokens: float
) -> Demand:
    """`Demand(...)` of these fields, set as its `__init__` sets them (each slot once, in field order: the same object)
    without its keyword call (~2,000 per evaluation at 1,000 workloads), by each slot's own setter (`_DEMAND_SLOTS`)."""
    made = _NEW(Demand)
    _SET_WORKLOADS(made, workloads)
    _SET_REQUESTS(made, requests_per_s)
    _SET_OUTPUT_RATE(made, output_tokens_per_s)
    _SET_CONCURRENCY(made, concurrency)
    _SET_KV(made, kv_tokens)
    _SET_LONGEST(made, longest_sequence)
    _SET_INPUT(made, input_tokens)
    _SET_OUTPUT(made, output_tokens)
    return made


_DEMAND_SLOTS = tuple(Demand.__dict__[name].__set__ for name in Demand.__slots__)
"""Each of Demand's slots' setters (its member descriptor's `__set__`), in field order: what `object.__setattr__` calls
once it has looked the slot up on the class (~5 M instructions fewer per cold evaluation at 1,000 workloads)."""
_SET_WORKLOADS, _SET_REQUESTS, _SET_OUTPUT_RATE, _SET_CONCURRENCY, _SET_KV, _SET_LONGEST, _SET_INPUT, _SET_OUTPUT = _DEMAND_SLOTS


class Demands:
    """`workload_demand` of resolved workloads by (workload object, on-prem share), for one set of assumptions: those
    one evaluation asks for (the all-on-prem sizing, the fleet's peaks and the plan's sizing read the same ones), and
    those of the evaluation before it (`before`: an Evaluator keeps them; resolve_workloads keeps unchanged workloads)."""

    __slots__ = ("now", "before", "memo", "sums", "sums_before", "sized", "sized_before", "calls", "calls_before", "ids", "most", "copied")

    def __init__(self, before: Demands | None = None, memo: dict | None = None):
        self.copied = before is not None and 0 < len(before.now) <= KEPT_DEMANDS * before.most + KEPT_DEMANDS
        """`now` began as a copy of `before` (every entry the previous evaluation asked for, or read: its sizings'
        pairs among them): where `before` holds no more than `KEPT_DEMANDS` entries per pair of its largest sizing,
        else empty (those of workloads gone since are dropped then). An entry holds its workload, so no other takes its id."""
        self.now: dict[tuple[int, float], tuple[ResolvedWorkload, Demand]] = before.now.copy() if self.copied else {}  # type: ignore[union-attr]
        self.before = before.now if before is not None else {}
        self.most = 0
        """The most (workload id, share) pairs one `_onprem_demands` call of this evaluation read."""
        self.sums: dict[tuple, list[tuple[tuple[Demand, ...], Demand]]] = {}
        """`sum_demands` of a group's demands by the group (open model, precision), each with the demands it adds: the
        sums this evaluation made and (`sums_before`) the previous one's, for the groups an edit left as they were."""
        self.sums_before = before.sums if before is not None else {}
        self.sized: dict[tuple, list[tuple[Demand, tuple]]] = {}
        """What sizing a group's summed demand gave (`_auto_gpu`, `_size_group`), with the demand: this evaluation's and
        (`sized_before`) the previous one's; a summed demand kept in `sums` is the same object."""
        self.sized_before = before.sized if before is not None else {}
        self.calls: dict[str, _Call] = {}
        """What `_onprem_demands` worked out for each sizing of this evaluation that names itself (`size_shares`'s `slot`:
        the all-on-prem sizing, the plan's, the rented-GPU variant's), by position; `calls_before`: the previous one's."""
        self.calls_before = before.calls if before is not None else {}
        self.ids: tuple | None = before.ids if before is not None else None
        """(workloads, each one's id, the workloads by id) of the last `ids_of`: this evaluation's or the previous one's."""
        self.memo = memo
        """Fits and estimates by the figures they read (one catalog, one set of assumptions), for every sizing of the
        evaluation (`size_shares`): an Evaluator's `gpuaas.HostingKept.memo`, which the quotes share and which outlives
        the evaluation (the groups an edit did not change are not fitted again); None: each sizing its own."""

    def of(self, workload: ResolvedWorkload, share: float, assumptions: Assumptions) -> Demand:
        """workload_demand(workload, share, assumptions), `assumptions` being the ones every call here gives."""
        key = (id(workload), share)
        found = self.now.get(key)
        if found is None or found[0] is not workload:
            found = self.before.get(key)
            if found is None or found[0] is not workload:
                found = (workload, workload_demand(workload, share, assumptions))
            self.now[key] = found
        return found[1]

    def ids_of(self, workloads: list[ResolvedWorkload]) -> tuple[list[str], dict[str, ResolvedWorkload]]:
        """(each workload's id, the workloads by id: the last of an id, as `{w.id: w for w in workloads}`), nobody's to
        change: the last ones asked for (`ids`) where every position holds the same object, or another with the same id
        where no id is there twice (compared by position in a C loop); else made."""
        last = self.ids
        changed = changed_places(workloads, last[0]) if last is not None else None
        if changed is not None:
            ids, by_id = last[1], last[2]  # type: ignore[index]
            if changed and len(by_id) == len(ids):
                by_id = dict(by_id)
                for index in changed:
                    workload = workloads[index]
                    if workload.id != ids[index]:
                        break
                    by_id[ids[index]] = workload
                else:
                    changed = []
            if not changed:
                self.ids = (tuple(workloads), ids, by_id)
                return ids, by_id
        ids = list(map(_WORKLOAD_ID, workloads))
        by_id = dict(zip(ids, workloads))
        self.ids = (tuple(workloads), ids, by_id)
        return ids, by_id

    def summed(self, key: tuple, demands: list[Demand]) -> Demand:
        """sum_demands(demands): the sum this evaluation or the previous one made of the same demand objects in the same
        order under `key` (the same object), else a new one."""
        for table in (self.sums, self.sums_before):
            for parts, total in table.get(key, ()):
                if len(parts) == len(demands) and all(map(is_, parts, demands)):
                    if table is not self.sums:
                        self._keep(self.sums, key, (parts, total))
                    return total
        total = sum_demands(demands)
        self._keep(self.sums, key, (tuple(demands), total))
        return total

    def sized_as(self, key: tuple, demand: Demand, make) -> tuple:
        """make(): what sizing reads of a summed demand under `key` (the group), the previous one where the demand is the
        same object (`summed`: the same demands)."""
        for table in (self.sized, self.sized_before):
            for known, value in table.get(key, ()):
                if known is demand:
                    if table is not self.sized:
                        self._keep(self.sized, key, (known, value))
                    return value
        value = make()
        self._keep(self.sized, key, (demand, value))
        return value

    @staticmethod
    def _keep(table: dict, key: tuple, entry: tuple) -> None:
        entries = table.setdefault(key, [])
        entries.append(entry)
        if len(entries) > KEPT_SUMS:
            del entries[0]


KEPT_DEMANDS = 3
"""Entries of `Demands.now` per pair of the largest sizing past which the next evaluation's table starts empty instead of
as a copy (a program limit: each edit adds an entry or two)."""
KEPT_SUMS = 4
"""Most sums (and sizings of them) Demands keeps per group and evaluation: a plan's sizing, the all-on-prem one, the
fleet's and the rented-GPU variant's may each add different demands of one open model (a program limit)."""


def usable_gb_per_gpu(gpu: Gpu, assumptions: Assumptions) -> float:
    """Memory per GPU left for weights and KV cache."""
    return gpu.vram_gb * assumptions.num("gpu_memory_utilization") - assumptions.num("runtime_overhead_gb")


def tp_sizes(model: OpenModel, gpu: Gpu) -> list[int]:
    """Tensor-parallel sizes the model allows that fit inside one server."""
    return sorted(tp for tp in model.valid_tp if tp <= gpu.gpus_per_server)


def tensor_tflops(gpu: Gpu, precision: str) -> float:
    """Dense tensor TFLOPS the precision runs at: 4-bit and 8-bit weights fall back to wider units the GPU has."""
    fp8 = gpu.fp8_tflops if gpu.fp8_native and gpu.fp8_tflops > 0 else gpu.fp16_tflops
    if precision in ("fp4", "mxfp4"):
        return gpu.fp4_tflops or fp8
    if precision in ("fp8", "int8"):
        return fp8
    return gpu.fp16_tflops


def _attention_flops(model: OpenModel, context: float) -> float:
    # Q.K and A.V: 2 multiply-adds per head dimension per cached token per layer.
    return 4 * model.layers * model.q_heads * model.head_dim * context


class Estimate(Frozen):
    """The throughput estimate of one replica for one prompt shape. Frozen, compared and hashed by its values, as the
    frozen dataclass it was (a written-out class: Python compiles a dataclass's methods at every start)."""

    __slots__ = ("offline_tokens_per_s", "step_s", "prefill_s", "batch", "fits")

    offline_tokens_per_s: float
    """Output tokens/s at saturation (comparable to the TensorRT-LLM offline tables)."""
    step_s: float
    """Decode step of one request alone: the batch-1 time per output token."""
    prefill_s: float
    """Prefill of one prompt alone (the time to first token without queueing)."""
    batch: float
    """Requests in flight at saturation (KV room and `max_concurrency_per_gpu` bound it)."""
    fits: bool
    """The weights and one request's KV cache fit the replica (else the figures mean nothing)."""

    def __init__(
        self,
        offline_tokens_per_s: float,
        step_s: float,
        prefill_s: float,
        batch: float,
        fits: bool = True,
    ) -> None:
        _SET(self, "offline_tokens_per_s", offline_tokens_per_s)
        _SET(self, "step_s", step_s)
        _SET(self, "prefill_s", prefill_s)
        _SET(self, "batch", batch)
        _SET(self, "fits", fits)


def estimate_replica(model: OpenModel, gpu: Gpu, tp: int, precision: str, input_tokens: float, output_tokens: float, assumptions: Assumptions) -> Estimate:
    """Offline throughput of one replica from memory bandwidth and tensor FLOPS (no measured point).

    A decode step reads the weights (a MoE model: its non-expert weights and the experts the batch
    touches) and every request's KV cache, or is compute bound, whichever is slower; each step also
    carries its share of prefill (the batch's new prompts). Calibrated against published points
    (tests/test_sizing_calibration.py); efficiencies are assumptions.
    """
    return _estimated(_replica_figures(model, gpu, tp, precision, assumptions), input_tokens, output_tokens)


def _replica_figures(model: OpenModel, gpu: Gpu, tp: int, precision: str, assumptions: Assumptions) -> tuple:
    """What `estimate_replica` works out of the model, the GPU, the TP, the precision and the assumptions alone, the same
    for every prompt shape (`_estimate` keeps them per model, GPU, TP and precision: ~2 shapes each at 1,000 workloads)."""
    a = assumptions
    weights = weight_bytes(model, precision, a)
    room = tp * usable_gb_per_gpu(gpu, a) * GB - weights
    bandwidth = tp * gpu.mem_bw_gbs * GB * a.num("mbu_hbm" if gpu.memory_kind == "hbm" else "mbu_gddr")
    flops = tp * tensor_tflops(gpu, precision) * 1e12
    efficiency = a.num("tp_efficiency_nvlink" if gpu.interconnect == "nvlink" else "tp_efficiency_pcie") ** math.log2(tp)
    expert_bytes = model.expert_params_b * _bytes(precision, a) * GB
    # (a MoE model's share of experts a token reads; `_attention_flops` less its context, the same products in order)
    experts = model.experts_per_token / model.experts if model.moe else None
    attention = 4 * model.layers * model.q_heads * model.head_dim
    kv_token = None if model.sliding_window_layers else kv_bytes_per_token(model, a, precision)  # (the same at any sequence)
    moe = a.num("moe_efficiency") if model.moe else 1.0
    most = a.num("max_concurrency_per_gpu") * tp
    active = 2 * model.active_b * GB
    return (model, a, precision, weights, room, bandwidth, flops, efficiency, expert_bytes, experts, attention, kv_token, moe, most, active, a.num("mfu_decode"), a.num("mfu_prefill"))


def _estimated(figures: tuple, input_tokens: float, output_tokens: float) -> Estimate:
    """`estimate_replica` of a prompt shape from its `_replica_figures`: the same arithmetic in the same order."""
    model, a, precision, weights, room, bandwidth, flops, efficiency, expert_bytes, experts, attention, kv_token, moe, most, active, mfu_decode, mfu_prefill = figures
    context = input_tokens + output_tokens / 2
    if kv_token is None:
        kv_token = kv_bytes_per_token(model, a, precision, input_tokens + output_tokens)
    batch = max(1.0, min(most, room / max(context * kv_token, 1.0)))

    def read(requests: float) -> float:
        if experts is None:
            return weights
        touched = 1 - (1 - experts) ** requests
        return weights - expert_bytes + expert_bytes * touched

    per_token = active + attention * context
    prompt = input_tokens * (active + attention * (input_tokens / 2))
    decode = max((read(batch) + batch * context * kv_token) / bandwidth, batch * per_token / (flops * mfu_decode))
    prefill = batch / max(output_tokens, 1.0) * prompt / (flops * mfu_prefill)
    offline = batch / (decode + prefill) * efficiency * moe
    step = max((read(1) + context * kv_token) / bandwidth, per_token / (flops * mfu_decode)) / efficiency
    fits = room >= (input_tokens + output_tokens) * kv_token
    return Estimate(offline, step, prompt / (flops * mfu_prefill) / efficiency + step, batch, fits)


def interactive_share(estimate: Estimate, assumptions: Assumptions) -> float:
    """Share of offline throughput delivered at the plan's TPOT target.

    At the default target it is `interactive_share_of_offline` (MLPerf's paired results); another
    target scales it by the decode-step model: capacity at a TPOT T grows as 1 - step/T, where step is
    the batch-1 decode step, never above the offline figure.
    """
    share = assumptions.num("interactive_share_of_offline")
    target = assumptions.num("tpot_target_ms") / 1000
    measured_at = assumptions.num("interactive_share_tpot_ms") / 1000
    if target == measured_at or estimate.step_s >= min(target, measured_at):
        return share  # at the reference target, or a replica that cannot meet it (flagged slow, warned)
    scaled = share * max(0.0, 1 - estimate.step_s / target) / (1 - estimate.step_s / measured_at)
    return min(1.0, scaled)


class Capacity(Frozen):
    """Output tokens/s of one replica at the interactive latency target, and where the figure comes from. Frozen,
    compared and hashed by its values, as the frozen dataclass it was (a written-out class: Python compiles a
    dataclass's methods at every start)."""

    __slots__ = ("tokens_per_s", "source", "estimate")

    tokens_per_s: float
    """Output tokens/s of the replica at the target."""
    source: Message
    """The measured point(s) or the estimate that produced it (None in a capacity `_capacity_figures` made: figures only)."""
    estimate: Estimate
    """The estimate for this shape (its batch-1 step and prefill give the latency checks)."""

    def __init__(
        self,
        tokens_per_s: float,
        source: Message,
        estimate: Estimate,
    ) -> None:
        _SET(self, "tokens_per_s", tokens_per_s)
        _SET(self, "source", source)
        _SET(self, "estimate", estimate)


def _points(catalog: Catalog, model: OpenModel, gpu: Gpu, precision: str) -> tuple[Throughput, ...]:
    for p in SAME_PRECISION.get(precision, (precision,)):
        found = catalog.measured_throughputs(model.id, gpu.id, p)
        if found:
            return found
    return ()


def _at_target(point: Throughput, estimate: Estimate, assumptions: Assumptions) -> float:
    value = point.replica_tokens_per_s
    return value if point.mode == "interactive" else value * interactive_share(estimate, assumptions)


def _estimate(memo: dict | None, model: OpenModel, gpu: Gpu, tp: int, precision: str, input_tokens: float, output_tokens: float, assumptions: Assumptions) -> Estimate:
    if memo is None:
        return estimate_replica(model, gpu, tp, precision, input_tokens, output_tokens, assumptions)
    key = ("estimate", model.id, gpu.id, tp, precision, input_tokens, output_tokens)
    found = memo.get(key)
    if found is None:
        # (what the model, GPU, TP and precision give every shape, worked out once: `_replica_figures`)
        fixed_key = ("replica figures", model.id, gpu.id, tp, precision)
        figures = memo.get(fixed_key)
        if figures is None:
            figures = memo[fixed_key] = _replica_figures(model, gpu, tp, precision, assumptions)
        found = memo[key] = _estimated(figures, input_tokens, output_tokens)
    return found


def replica_capacity(
    catalog: Catalog, model: OpenModel, gpu: Gpu, tp: int, precision: str, input_tokens: float, output_tokens: float, assumptions: Assumptions, memo: dict | None = None
) -> Capacity:
    """Output tokens/s of one replica at the interactive latency target for this prompt shape.

    With measured points of this model, GPU and precision (a company's own points replace the shipped
    ones): each point's interactive figure (offline x `interactive_share_of_offline`; `interactive`
    points as measured) is carried to this shape and TP by the estimate's ratio between the two shapes,
    and the points are averaged with weights 1 / distance^2, the distance taken over ln(input),
    ln(output) and ln(TP); a point at exactly this shape and TP is used alone. Without points: the estimate.
    `memo` (a dict the caller holds for one sizing) reuses estimates and capacities of the same shape.
    """
    if memo is None:
        return _replica_capacity(catalog, model, gpu, tp, precision, input_tokens, output_tokens, assumptions, None)
    key = ("capacity", model.id, gpu.id, tp, precision, input_tokens, output_tokens)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _replica_capacity(catalog, model, gpu, tp, precision, input_tokens, output_tokens, assumptions, memo)
    return found


def _capacity_figures(
    catalog: Catalog, model: OpenModel, gpu: Gpu, tp: int, precision: str, input_tokens: float, output_tokens: float, assumptions: Assumptions, memo: dict | None
) -> Capacity:
    """`replica_capacity`'s figures without its source (None): what `_fit_shape` keeps for each TP, of which only the
    TP a fit chooses has its source read (`_fit_gpu` asks `replica_capacity` for it); a quote reads none. The source's
    texts (~6 formatted figures a point) were most of a capacity's cost where an edit changes a group's prompt shape."""
    if memo is None:
        return _replica_capacity(catalog, model, gpu, tp, precision, input_tokens, output_tokens, assumptions, None, False)
    key = ("capacity", model.id, gpu.id, tp, precision, input_tokens, output_tokens)
    found = memo.get(key)  # (a full capacity made before serves as well)
    if found is None:
        key = ("capacity-figures", model.id, gpu.id, tp, precision, input_tokens, output_tokens)
        found = memo.get(key)
        if found is None:
            found = memo[key] = _replica_capacity(catalog, model, gpu, tp, precision, input_tokens, output_tokens, assumptions, memo, False)
    return found


def _replica_capacity(
    catalog: Catalog, model: OpenModel, gpu: Gpu, tp: int, precision: str, input_tokens: float, output_tokens: float, assumptions: Assumptions, memo: dict | None,
    sourced: bool = True,
) -> Capacity:
    estimate = _estimate(memo, model, gpu, tp, precision, input_tokens, output_tokens, assumptions)
    own = estimate.offline_tokens_per_s * interactive_share(estimate, assumptions)
    points = _points(catalog, model, gpu, precision)
    if not sourced and not points:
        return Capacity(own, None, estimate)  # type: ignore[arg-type]
    if not points:
        return Capacity(own, msg(
            "estimate ({model} on {tp} x {gpu} {precision}, {input}/{output} tokens: {offline} tokens/s offline, batch {batch}) x {share} interactive share",
            model=model.id,
            tp=tp,
            gpu=gpu.id,
            precision=precision,
            input=f"{input_tokens:,.0f}",
            output=f"{output_tokens:,.0f}",
            offline=f"{estimate.offline_tokens_per_s:,.0f}",
            batch=f"{estimate.batch:,.0f}",
            share=f"{interactive_share(estimate, assumptions):.3g}",
        ), estimate)
    weighted: list[tuple[float, float, Throughput]] = []
    exact = False
    for point in points:
        distance = math.log(input_tokens / point.input_tokens) ** 2 + math.log(output_tokens / point.output_tokens) ** 2 + math.log(tp / point.tp) ** 2
        at_point = _estimate(memo, model, gpu, point.tp, precision, point.input_tokens, point.output_tokens, assumptions)
        if not at_point.fits:
            continue  # measured where the estimate's memory budget says it cannot run: nothing to carry
        ratio = _at_target(point, at_point, assumptions) / (at_point.offline_tokens_per_s * interactive_share(at_point, assumptions))
        if distance < 1e-12:
            weighted, exact = [(1.0, ratio, point)], True
            break
        weighted.append((1 / distance, ratio, point))
    if not sourced:
        if not weighted:
            return Capacity(own, None, estimate)  # type: ignore[arg-type]
        total = summed(0, (w for w, _, _ in weighted))  # (as below: the same floats)
        return Capacity(own * (summed(0, (w * r for w, r, _ in weighted)) / total), None, estimate)  # type: ignore[arg-type]
    if not weighted:
        return Capacity(own, msg(
            "estimate ({model} on {tp} x {gpu} {precision}; no measured point usable) x {share} interactive share",
            model=model.id, tp=tp, gpu=gpu.id, precision=precision, share=f"{interactive_share(estimate, assumptions):.3g}",
        ), estimate)
    total = summed(0, (w for w, _, _ in weighted))  # (one at a time: the same floats on Python 3.12)
    ratio = summed(0, (w * r for w, r, _ in weighted)) / total
    used = sorted(weighted, key=lambda item: -item[0])
    named = [
        msg(
            "{id} ({rate} tokens/s{per_gpu} {mode}, {input}/{output}, TP{tp}{company}) weight {weight}",
            id=p.id,
            rate=f"{p.output_tokens_per_s:,.0f}",
            per_gpu=msg(" per GPU") if p.unit == "gpu" else "",
            mode=MODE.get(p.mode, p.mode),
            input=f"{p.input_tokens:,}",
            output=f"{p.output_tokens:,}",
            tp=p.tp,
            company=msg(", company") if p.company else "",
            weight=f"{w / total:.2f}",
        )
        for w, _, p in used[:3]
    ]
    if len(used) > 3:
        named.append(msg("{count} more", count=len(used) - 3))
    how = "" if exact else msg(
        "; carried to {input}/{output} tokens, TP{tp} by the estimate ({own} tokens/s x {ratio})",
        input=f"{input_tokens:,.0f}", output=f"{output_tokens:,.0f}", tp=tp, own=f"{own:,.0f}", ratio=f"{ratio:.2f}",
    )
    share = "" if all(p.mode == "interactive" for _, _, p in used) else msg(" x {share} interactive share", share=f"{interactive_share(estimate, assumptions):.3g}")
    return Capacity(own * ratio, msg("measured: {points}{share}{how}", points=joined(named, "; "), share=share, how=how), estimate)


def hardware_opex_krw_per_month(gpus: int, servers: int, power_w: float, capex_krw: float, assumptions: Assumptions) -> float:
    """Running cost a month: power (with PUE and tariff), network, storage and backup per server, maintenance."""
    energy = power_w / 1000 * assumptions.num("hours_per_month") * assumptions.num("pue") * assumptions.num("electricity_krw_per_kwh")
    infra = servers * summed(0, (assumptions.num(k) for k in ("network_krw_per_server_month", "storage_krw_per_server_month", "backup_krw_per_server_month")))
    maintenance = capex_krw * assumptions.num("maintenance_rate_per_year") / 12
    return energy + infra + maintenance


def hardware_cost(gpu: Gpu, gpus: int, servers: int, assumptions: Assumptions) -> tuple[int, float]:
    """(capex KRW at range midpoints or the plan's `hardware_price_level`, power draw W before PUE)."""
    level = assumptions.level("hardware_price_level")
    capex = round(gpus * at_level(gpu.unit_price_krw, level) + servers * at_level(gpu.chassis_price_krw, level))
    power = gpus * gpu.tdp_w * assumptions.num("gpu_power_share") + servers * assumptions.num("server_overhead_w")
    return capex, power


def hardware_figures(memo: dict | None, gpu: Gpu, gpus: int, servers: int, assumptions: Assumptions) -> tuple[int, float, float]:
    """(capex, power, running cost a month) of this many GPUs and servers of one type."""
    key = ("hardware", gpu.id, gpus, servers)
    found = memo.get(key) if memo is not None else None
    if found is None:
        capex, power = hardware_cost(gpu, gpus, servers, assumptions)
        found = (capex, power, hardware_opex_krw_per_month(gpus, servers, power, capex, assumptions))
        if memo is not None:
            memo[key] = found
    return found


def fit_gpu(catalog: Catalog, model: OpenModel, gpu: Gpu, precision: str, demand: Demand, assumptions: Assumptions, memo: dict | None = None) -> GpuFit:
    """Fewest GPUs of one type that serve the demand at the latency target; or why the model does not fit.

    This is the replica sizing of an open model on one GPU type for one load; GPU-as-a-service sizing
    reuses it with the rented GPU type. `memo` (a dict the caller holds for one sizing, with one
    catalog and one set of assumptions) remembers fits and estimates already computed.
    """
    if memo is None:
        return _fit_gpu(catalog, model, gpu, precision, demand, assumptions, None)
    # A fit depends on the load's figures, not on which workloads make it up (hashing their ids is slow).
    load = (demand.requests_per_s, demand.output_tokens_per_s, demand.concurrency, demand.kv_tokens, demand.longest_sequence, demand.input_tokens, demand.output_tokens)
    key = ("fit", model.id, gpu.id, precision, load)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _fit_gpu(catalog, model, gpu, precision, demand, assumptions, memo)
    return found


def _fit_shape(catalog: Catalog, model: OpenModel, gpu: Gpu, precision: str, demand: Demand, assumptions: Assumptions, memo: dict | None) -> tuple:
    """What a fit reads that does not depend on the load, only on the prompt shape: (weights, KV bytes
    per token, usable bytes per GPU, (TP, KV room, replica capacity) for each TP that holds a sequence)."""
    key = ("fit-shape", model.id, gpu.id, precision, demand.longest_sequence, demand.input_tokens, demand.output_tokens)
    found = memo.get(key) if memo is not None else None
    if found is not None:
        return found
    weights = weight_bytes(model, precision, assumptions)
    kv_token = kv_bytes_per_token(model, assumptions, precision, demand.longest_sequence)
    per_gpu = usable_gb_per_gpu(gpu, assumptions) * GB
    sequence = max(demand.longest_sequence, 1.0) * kv_token
    sizes = []
    for tp in tp_sizes(model, gpu):
        kv_room = tp * per_gpu - weights
        if kv_room < sequence:
            continue
        capacity = _capacity_figures(catalog, model, gpu, tp, precision, max(demand.input_tokens, 1.0), max(demand.output_tokens, 1.0), assumptions, memo)
        sizes.append((tp, kv_room, capacity))
    found = (weights, kv_token, per_gpu, tuple(sizes))
    if memo is not None:
        memo[key] = found
    return found


def _fit_choice(weights: float, kv_token: float, sizes: tuple, demand: Demand, assumptions: Assumptions) -> tuple | None:
    """(slow, GPUs, TP, replicas, capacity) of the TP serving the demand with the fewest GPUs (fast ones first); None when no TP holds a sequence."""
    tpot = assumptions.num("tpot_target_ms") / 1000
    best: tuple | None = None
    for tp, kv_room, capacity in sizes:
        replicas = max(1, math.ceil(demand.output_tokens_per_s / capacity.tokens_per_s - 1e-9), math.ceil(demand.kv_tokens * kv_token / kv_room - 1e-9))
        slow = capacity.estimate.step_s > tpot
        candidate = (slow, replicas * tp, tp, replicas, capacity)
        if best is None or candidate[:3] < best[:3]:
            best = candidate
    return best


def fit_figures(catalog: Catalog, model: OpenModel, gpu: Gpu, precision: str, demand: Demand, assumptions: Assumptions, memo: dict | None = None) -> tuple[bool, int, int, float, int] | None:
    """The figures of `fit_gpu` a cost comparison reads, without building the fit: (slow, TP, replicas,
    output tokens/s of all replicas, cost over the amortization period); None when the model does not fit.
    `memo` holds what depends on the prompt shape only (as for fit_gpu), and here the figures each TP's fit reads and
    the figures of each (TP, replicas) chosen: a load's own is its choice (a quote asks once per workload and GPU type)."""
    if memo is not None:
        return _fit_figures_kept(catalog, model, gpu, precision, demand, assumptions, memo)
    weights, kv_token, _per_gpu, sizes = _fit_shape(catalog, model, gpu, precision, demand, assumptions, memo)
    best = _fit_choice(weights, kv_token, sizes, demand, assumptions)
    if best is None:
        return None
    slow, gpus, tp, replicas, capacity = best
    servers = math.ceil(replicas / (gpu.gpus_per_server // tp))
    capex, _power, opex = hardware_figures(memo, gpu, gpus, servers, assumptions)
    return slow, tp, replicas, replicas * capacity.tokens_per_s, round(capex + assumptions.num("amortization_months") * opex)


def _fit_figures_kept(catalog: Catalog, model: OpenModel, gpu: Gpu, precision: str, demand: Demand, assumptions: Assumptions, memo: dict) -> tuple | None:
    """`fit_figures` with a memo: `_fit_choice` over the shape's TPs (each one's capacity and latency check read once per
    shape: `_fit_table`), then the figures of the (TP, replicas) chosen, made once per shape (`fit_chosen`)."""
    return fit_chosen(_fit_table(catalog, model, gpu, precision, demand, assumptions, memo), gpu, demand, assumptions, memo)


def _fit_table(catalog: Catalog, model: OpenModel, gpu: Gpu, precision: str, demand: Demand, assumptions: Assumptions, memo: dict) -> tuple:
    """What `fit_chosen` reads of the demand's prompt shape on this GPU type: (KV bytes per token, (TP, KV room, replica
    capacity in tokens/s, slow) per TP that holds a sequence, the figures chosen so far by (TP, replicas))."""
    key = ("fit-figures", model.id, gpu.id, precision, demand.longest_sequence, demand.input_tokens, demand.output_tokens)
    table = memo.get(key)
    if table is None:
        _weights, kv_token, _per_gpu, sizes = _fit_shape(catalog, model, gpu, precision, demand, assumptions, memo)
        tpot = assumptions.num("tpot_target_ms") / 1000
        table = memo[key] = (kv_token, tuple((tp, kv_room, capacity.tokens_per_s, capacity.estimate.step_s > tpot) for tp, kv_room, capacity in sizes), {})
    return table


def fit_tables(catalog: Catalog, model: OpenModel, gpus: list[Gpu], gpu_ids: tuple[str, ...], precision: str, demand: Demand, assumptions: Assumptions, memo: dict, only: str | None = None) -> list:
    """`_fit_table` of the demand's prompt shape on each GPU type of `gpus` (`gpu_ids`: their ids), None for all but
    `only` where given: one memo entry for the loads of one shape (a rented-GPU quote reads them all)."""
    key = ("fit-tables", model.id, gpu_ids, only, precision, demand.longest_sequence, demand.input_tokens, demand.output_tokens)
    found = memo.get(key)
    if found is None:
        found = memo[key] = [
            None if only is not None and gpu_id != only else _fit_table(catalog, model, gpu, precision, demand, assumptions, memo) for gpu, gpu_id in zip(gpus, gpu_ids)
        ]
    return found


def fit_chosen(table: tuple, gpu: Gpu, demand: Demand, assumptions: Assumptions, memo: dict) -> tuple | None:
    """`fit_figures` of the demand on `gpu` from its shape's `_fit_table`: `_fit_choice` over the table's TPs, then the
    figures of the (TP, replicas) chosen, made once per shape."""
    kv_token, sizes, chosen = table
    output_tokens_per_s, kv_tokens = demand.output_tokens_per_s, demand.kv_tokens
    best: tuple | None = None  # (slow, GPUs, TP) of the best so far (`_fit_choice`'s order), and its replicas and capacity
    ceil = math.ceil
    for tp, kv_room, tokens_per_s, slow in sizes:  # as _fit_choice (`max(1, by rate, by KV cache)` written out)
        if best is not None and not best[0] and tp >= best[1]:
            # the TPs come smallest first: a later one needs at least its TP in GPUs, no fewer than the best's (fast) and
            # on a tie a larger TP; a slow one comes after any fast one. None of the rest can be chosen.
            break
        replicas = 1
        by_rate = ceil(output_tokens_per_s / tokens_per_s - 1e-9)
        if by_rate > replicas:
            replicas = by_rate
        by_kv = ceil(kv_tokens * kv_token / kv_room - 1e-9)
        if by_kv > replicas:
            replicas = by_kv
        order = (slow, replicas * tp, tp)
        if best is None or order < best:
            best, best_replicas, best_tokens = order, replicas, tokens_per_s
    if best is None:
        return None
    slow, gpus, tp = best
    replicas, tokens_per_s = best_replicas, best_tokens
    found = chosen.get((tp, replicas))
    if found is None:
        servers = math.ceil(replicas / (gpu.gpus_per_server // tp))
        capex, _power, opex = hardware_figures(memo, gpu, gpus, servers, assumptions)
        found = chosen[(tp, replicas)] = (slow, tp, replicas, replicas * tokens_per_s, round(capex + assumptions.num("amortization_months") * opex))
    return found


def _fit_gpu(catalog: Catalog, model: OpenModel, gpu: Gpu, precision: str, demand: Demand, assumptions: Assumptions, memo: dict | None) -> GpuFit:
    weights, kv_token, per_gpu, sizes = _fit_shape(catalog, model, gpu, precision, demand, assumptions, memo)
    best = _fit_choice(weights, kv_token, sizes, demand, assumptions)
    if best is None:
        largest = max(tp_sizes(model, gpu), default=0)
        room = largest * per_gpu / GB
        why = msg(
            "{weights} GB of weights at {precision} + KV cache exceed {room} GB usable on {largest} GPU(s) per server",
            weights=f"{weights / GB:,.0f}", precision=precision, room=f"{room:,.0f}", largest=largest,
        ) if largest else msg(
            "no tensor-parallel size of {model} ({sizes}) fits in a {per_server}-GPU server",
            model=model.id, sizes=", ".join(map(str, model.valid_tp)), per_server=gpu.gpus_per_server,
        )
        return GpuFit(gpu=gpu, fits=False, notes=[why])
    slow, gpus, tp, replicas, capacity = best
    servers = math.ceil(replicas / (gpu.gpus_per_server // tp))
    capex, power, opex = hardware_figures(memo, gpu, gpus, servers, assumptions)
    months = assumptions.num("amortization_months")
    notes: list[Message] = []
    if not gpu.datacenter:
        notes.append(msg("consumer card: pilot only (its licence restricts datacenter use)"))
    if precision in ("fp8", "int8") and not gpu.fp8_native:
        notes.append(msg("no FP8 tensor cores: FP8 runs weight-only (W8A16), saving memory, not compute"))
    if precision in ("fp4", "mxfp4") and not gpu.fp4_tflops:
        notes.append(msg("no FP4 tensor cores: 4-bit weights save memory and bandwidth, compute runs on wider units"))
    single = 1 / capacity.estimate.step_s
    if slow:
        notes.append(
            msg(
                "decodes about {single} tokens/s per request, below the {needed} tokens/s the TPOT target needs",
                single=f"{single:,.0f}",
                needed=f"{1000 / assumptions.num('tpot_target_ms'):g}",
            )
        )
    ttft = assumptions.num("ttft_target_ms")
    if capacity.estimate.prefill_s * 1000 > ttft:
        notes.append(
            msg(
                "a {tokens}-token prompt takes about {ms} ms to first token, above the {target} ms target",
                tokens=f"{demand.input_tokens:,.0f}",
                ms=f"{capacity.estimate.prefill_s * 1000:,.0f}",
                target=f"{ttft:g}",
            )
        )
    return GpuFit(
        gpu=gpu,
        fits=True,
        tp=tp,
        replicas=replicas,
        gpus=gpus,
        servers=servers,
        capex_krw=capex,
        power_w=power,
        opex_krw_per_month=round(opex),
        cost_3y_krw=round(capex + months * opex),
        capacity_tokens_per_s=replicas * capacity.tokens_per_s,
        replica_capacity_tokens_per_s=capacity.tokens_per_s,
        memory_per_replica_gb=(weights + demand.kv_tokens * kv_token / replicas) / GB,
        single_stream_tokens_per_s=single,
        throughput_source=capacity.source if capacity.source is not None else replica_capacity(
            catalog, model, gpu, tp, precision, max(demand.input_tokens, 1.0), max(demand.output_tokens, 1.0), assumptions, memo
        ).source,  # (`_fit_shape` keeps each TP's figures only: the chosen TP's source, made here)
        slow=slow,
        notes=notes,
    )


def _choice_key(fit: GpuFit) -> tuple:
    # Datacenter cards that decode fast enough first, then the lowest cost over the amortization period.
    return (not fit.gpu.datacenter, fit.slow, fit.cost_3y_krw, fit.gpu.id)


def _what_would_fit(catalog: Catalog, model: OpenModel, gpu_ids: list[str], precision: str, demand: Demand, assumptions: Assumptions, memo: dict | None = None) -> Message:
    """Suggestions for a model that does not fit: other precisions on the same GPUs, other GPUs at this precision."""
    ideas: list[Message] = []
    others = sorted((p for p in PRECISIONS if _bytes(p, assumptions) < _bytes(precision, assumptions)), key=lambda p: -_bytes(p, assumptions))
    for gpu_id in gpu_ids:
        for other in others:
            fit = fit_gpu(catalog, model, catalog.gpus[gpu_id], other, demand, assumptions, memo)
            if fit.fits:
                ideas.append(msg("at {precision} on {gpus} x {gpu}", precision=other, gpus=fit.gpus, gpu=gpu_id))
                break
    elsewhere = sorted((f for g in catalog.gpus.values() if g.id not in gpu_ids for f in [fit_gpu(catalog, model, g, precision, demand, assumptions, memo)] if f.fits), key=_choice_key)
    ideas += [msg("at {precision} on {gpus} x {gpu}", precision=precision, gpus=f.gpus, gpu=f.gpu.id) for f in elsewhere[:2]]
    if not ideas:
        for other in others:
            fits = sorted((f for g in catalog.gpus.values() for f in [fit_gpu(catalog, model, g, other, demand, assumptions, memo)] if f.fits), key=_choice_key)
            if fits:
                ideas.append(msg("at {precision} on {gpus} x {gpu}", precision=other, gpus=fits[0].gpus, gpu=fits[0].gpu.id))
                break
    if ideas:
        either = ideas[0]
        for idea in ideas[1:]:
            either = msg("{first} or {second}", first=either, second=idea)
        return msg("it would fit {ideas}", ideas=either)
    return msg("no GPU type in the catalog holds it at any precision: choose a smaller open model")


def _alternatives(catalog: Catalog, model: OpenModel, precision: str, demand: Demand, chosen: str | None, assumptions: Assumptions, memo: dict | None = None) -> list[GpuAlternative]:
    rows = []
    for gpu in catalog.gpus.values():
        fit = fit_gpu(catalog, model, gpu, precision, demand, assumptions, memo)
        rows.append(
            GpuAlternative(
                gpu=gpu.id,
                open_model=model.id,
                precision=precision,
                fits=fit.fits,
                gpus_per_replica=fit.tp,
                replicas=fit.replicas,
                gpus=fit.gpus,
                servers=fit.servers,
                capex_krw=fit.capex_krw,
                power_w=fit.power_w,
                opex_krw_per_month=fit.opex_krw_per_month,
                cost_3y_krw=fit.cost_3y_krw,
                chosen=gpu.id == chosen,
                note=joined(fit.notes, "; "),
            )
        )
    return rows


def _group(fit: GpuFit, model: OpenModel, precision: str, demand: Demand) -> GpuGroup:
    capacity = fit.capacity_tokens_per_s
    return GpuGroup(
        gpu=fit.gpu.id,
        open_model=model.id,
        precision=precision,
        gpus_per_replica=fit.tp,
        replicas=fit.replicas,
        gpus=fit.gpus,
        servers=fit.servers,
        workloads=list(demand.workloads),
        capex_krw=fit.capex_krw,
        power_w=fit.power_w,
        peak_tokens_per_s=round(demand.output_tokens_per_s, 2),
        capacity_tokens_per_s=round(capacity, 1),
        replica_capacity_tokens_per_s=round(fit.replica_capacity_tokens_per_s, 1),
        peak_concurrency=round(demand.concurrency, 2),
        headroom=round((capacity - demand.output_tokens_per_s) / capacity, 3) if capacity else 0.0,
        memory_per_replica_gb=round(fit.memory_per_replica_gb, 1),
        throughput_source=fit.throughput_source,
    )


class _Servers:
    """`count` servers with the same GPUs per group in them and the same free room (packing works on these, not on one
    entry per replica). A written-out class, not a dataclass (Python compiles a dataclass's methods at every start)."""

    __slots__ = ("count", "contents", "free")

    def __init__(self, count: int, contents: dict[int, int], free: int):
        self.count, self.contents, self.free = count, contents, free


def _first_fit(runs: list[tuple[int, int, int]], size: int) -> list[_Servers]:
    """First-fit packing of (GPUs per replica, group, replicas) runs, largest replicas first, onto servers of `size` GPUs.

    The same result as placing replica by replica into the first server with room, in time bounded by the
    number of groups rather than of replicas: identical servers are kept as one block.
    """
    blocks: list[_Servers] = []
    first, first_tp = 0, None
    for tp, index, replicas in runs:
        if tp != first_tp:  # rooms only shrink within one replica size: the first block with room never moves back
            first, first_tp = 0, tp
        left = replicas
        position = first
        while left > 0 and position < len(blocks):
            block = blocks[position]
            per_server = max(0, block.free) // tp
            if per_server == 0:
                if position == first:
                    first += 1
                position += 1
                continue
            full, rest = divmod(left, per_server)
            if full >= block.count:
                block.contents[index] = block.contents.get(index, 0) + per_server * tp
                block.free -= per_server * tp
                left -= block.count * per_server
                position += 1
                continue
            parts = []
            if full:
                parts.append(_Servers(full, {**block.contents, index: block.contents.get(index, 0) + per_server * tp}, block.free - per_server * tp))
            if rest:
                parts.append(_Servers(1, {**block.contents, index: block.contents.get(index, 0) + rest * tp}, block.free - rest * tp))
            remaining = block.count - full - (1 if rest else 0)
            if remaining:
                parts.append(_Servers(remaining, dict(block.contents), block.free))
            blocks[position:position + 1] = parts
            left = 0
        if left > 0:
            per_server = max(1, size // tp)  # a replica wider than a server still takes one
            full, rest = divmod(left, per_server)
            if full:
                blocks.append(_Servers(full, {index: per_server * tp}, size - per_server * tp))
            if rest:
                blocks.append(_Servers(1, {index: rest * tp}, size - rest * tp))
    return blocks


def pack_servers(groups: list[GpuGroup], catalog: Catalog, assumptions: Assumptions) -> list[GpuGroup]:
    """Pack the replicas of every group on the same GPU type onto shared servers (largest replicas first).

    Each server is counted in the group with the most GPUs in it (the earlier group on a tie), so the
    groups' servers, capex and power add up to the plan's; a group whose replicas all sit in other
    groups' servers shows 0 servers.
    """
    owners: dict[int, int] = {i: 0 for i in range(len(groups))}
    for gpu_id in dict.fromkeys(g.gpu for g in groups):
        size = catalog.gpus[gpu_id].gpus_per_server
        runs = sorted(((g.gpus_per_replica, i, g.replicas) for i, g in enumerate(groups) if g.gpu == gpu_id and g.replicas > 0), key=lambda item: (-item[0], item[1]))
        for block in _first_fit(runs, size):
            owners[min(block.contents, key=lambda i: (-block.contents[i], i))] += block.count
    packed = []
    packed = []
    for i, group in enumerate(groups):
        gpu = catalog.gpus[group.gpu]
        capex, power = hardware_cost(gpu, group.gpus, owners[i], assumptions)
        packed.append(group.model_copy(update={"servers": owners[i], "capex_krw": capex, "power_w": power}))
    return packed


class _Call:
    """What `_onprem_demands` worked out for one sizing, by the position of each (workload id, share) pair: the workload
    the id names (None: none), the share, the (workload, demand) pair it gave (None: left out), the `Demands.now` key and
    entry it read (None: none); `clean`: no warning was given (a written-out class: see `Demand`)."""

    __slots__ = ("chosen", "values", "pairs", "keys", "found", "clean", "groups")

    def __init__(self, chosen: list, values: list, pairs: list, keys: list, found: list, clean: bool) -> None:
        self.chosen, self.values, self.pairs, self.keys, self.found, self.clean = chosen, values, pairs, keys, found, clean
        self.groups: tuple | None = None
        """The sizing's items and what `_choose_gpus` grouped of them (`_regrouped`), or None."""


_WORKLOAD_ID = attrgetter("id")
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def _onprem_demands(
    shares: list[tuple[str, float]],
    workloads: list[ResolvedWorkload],
    catalog: Catalog,
    assumptions: Assumptions,
    warnings: list[Message],
    demands: Demands | None = None,
    slot: str | None = None,
) -> list[tuple[ResolvedWorkload, Demand]]:
    """(workload, its demand at its share) of each (workload id, share) pair whose workload is there with a positive
    share and its model (and GPU) in the catalog, in order; warnings for those that are not, and for a request longer
    than its model's context. `demands`: the evaluation's (`Demands.of`'s table); with `slot`, the sizing's name, the
    previous evaluation's sizing of that name gives the pairs again by position (compared in C loops) where the
    workload object and the share are the same and it gave no warning: only the pairs that changed are read."""
    if demands is None:
        demands = Demands()  # (this sizing's own table)
    by_id = demands.ids_of(workloads)[1]  # (the last of an id, as `{w.id: w for w in workloads}`)
    chosen = list(map(by_id.get, map(_FIRST, shares)))
    values = list(map(_SECOND, shares))
    count = len(chosen)
    last = demands.calls_before.get(slot) if slot is not None else None
    todo: Iterable[int]
    if last is not None and last.clean and len(last.chosen) == count:
        changed = set(changed_places(chosen, last.chosen))  # type: ignore[arg-type]
        changed.update(compress(range(count), map(ne, values, last.values)))  # (the share as a key: by ==)
        todo = sorted(changed)
        pairs, keys, founds = list(last.pairs), list(last.keys), list(last.found)
    else:
        todo = range(count)
        pairs, keys, founds = [None] * count, [None] * count, [None] * count
    models, gpus = catalog.open_models, catalog.gpus
    known, before = demands.now, demands.before
    figures = None  # `_demand_figures`, read where a demand is first worked out
    clean = True
    for index in todo:
        workload, share = chosen[index], values[index]
        pairs[index] = keys[index] = founds[index] = None
        if workload is None or share <= 0:
            continue
        model = models.get(workload.open_model)
        if model is None:
            warnings.append(msg("{workload}: open model {model} is not in the catalog; its on-prem share is not sized", workload=workload.id, model=repr(workload.open_model)))
            clean = False
            continue
        if workload.gpu is not None and workload.gpu not in gpus:
            warnings.append(msg("{workload}: GPU {gpu} is not in the catalog; its on-prem share is not sized", workload=workload.id, gpu=repr(workload.gpu)))
            clean = False
            continue
        key = (id(workload), share)
        found = known.get(key)
        if found is None or found[0] is not workload:
            found = before.get(key)
            if found is None or found[0] is not workload:
                if figures is None:
                    figures = _demand_figures(assumptions)
                found = (workload, _workload_demand(workload, share, figures))
            known[key] = found
        demand = found[1]
        context = model.max_context
        if demand.longest_sequence > context:
            warnings.append(
                msg(
                    "{workload}: {tokens} tokens per request exceed {model}'s {context}-token context",
                    workload=workload.id,
                    tokens=f"{demand.longest_sequence:,.0f}",
                    model=model.id,
                    context=f"{context:,}",
                )
            )
            clean = False
        keys[index], founds[index], pairs[index] = key, found, (workload, demand)
    if type(todo) is list and demands.copied:
        # `known` began as a copy of the previous evaluation's, which the previous call's pairs went into (the pairs of
        # the positions not todo): only those read again now are set (in the loop above, where they were not there)
        for index in todo:
            key = keys[index]
            if key is not None:
                known[key] = founds[index]
    else:
        known.update(compress(zip(keys, founds), keys))  # this evaluation's demands: each pair's, read or worked out (in C)
    demands.most = max(demands.most, count)
    if slot is not None:
        demands.calls[slot] = _Call(chosen, values, pairs, keys, founds, clean)
    return list(filter(None, pairs))


def _regrouped(items: list[tuple[ResolvedWorkload, Demand]], last: tuple) -> tuple | None:
    """`_choose_gpus`' (demands by (open model, precision), some workload names its GPU) of `items`, made of `last` (the
    same of the sizing of this name in the previous evaluation, with its items): where as many items are there and each
    item that is another object (compared by position in C) names its GPU or not as the last one there did, under the
    same key (then the keys come in the same order: every list has the same places), its demand set at the place of the
    last one's (found by identity in C, there once) in a copy of its key's list; the other lists are the last ones
    (nobody changes them). None where that does not hold."""
    last_items, last_auto, own = last
    changed = changed_places(items, last_items)
    if changed is None:
        return None
    auto = last_auto
    copied: set = set()
    for index in changed:
        workload, demand = items[index]
        before, before_demand = last_items[index]
        if (workload.gpu is None) != (before.gpu is None):
            return None
        if workload.gpu is not None:
            continue
        key = (before.open_model, before.precision)
        if workload.open_model != key[0] or workload.precision != key[1]:
            return None
        if key not in copied:
            if not copied:
                auto = dict(auto)
            auto[key] = list(auto[key])
            copied.add(key)
        parts = auto[key]
        flags = bytes(map(is_, parts, repeat(before_demand)))
        at = flags.find(1)
        if at < 0 or flags.find(1, at + 1) >= 0:
            return None  # (one demand object in two places: the same workload object twice)
        parts[at] = demand
    return auto, own


def _choose_gpus(
    catalog: Catalog,
    items: list[tuple[ResolvedWorkload, Demand]],
    assumptions: Assumptions,
    warnings: list[Message],
    memo: dict | None = None,
    demands: Demands | None = None,
    slot: str | None = None,
) -> tuple[dict[str, str | None] | None, dict[tuple[str, str, str], list[Demand]]]:
    """(GPU per workload id: its own or [hardware] gpu, else the cheapest datacenter GPU over 3 years for its model;
    the demands of each (open model, precision, GPU) group in order, where every workload's GPU is chosen here (None
    for the first: nobody reads it), else None for the second).
    `demands`: the evaluation's (`Demands.summed`, `Demands.sized_as`: a group an edit left as it was is not summed and
    chosen again); with `slot` (the sizing's name, whose `_onprem_demands` call `demands` keeps) the demands grouped
    as the previous evaluation's sizing of that name grouped them, with those of the items that changed set again
    (`_regrouped`)."""
    call = demands.calls.get(slot) if demands is not None and slot is not None else None
    last = demands.calls_before.get(slot) if call is not None else None  # type: ignore[union-attr]
    kept = _regrouped(items, last.groups) if last is not None and last.groups is not None else None
    if kept is not None:
        auto, own = kept
    else:
        auto = {}
        own = False  # some workload names its GPU
        for workload, demand in items:
            if workload.gpu is None:
                key = (workload.open_model, workload.precision)
                parts = auto.get(key)
                if parts is None:
                    parts = auto[key] = []
                parts.append(demand)
            else:
                own = True
    if call is not None:
        call.groups = (items, auto, own)
    chosen: dict[str, str | None] | None = {w.id: w.gpu for w, _ in items} if own else None
    grouped: dict[tuple[str, str, str], list[Demand]] = {}
    for (model_id, precision), parts in auto.items():
        if demands is None:
            demand = sum_demands(parts)
            best, found = _auto_gpu(catalog, model_id, precision, demand, assumptions, memo)
        else:
            demand = demands.summed((model_id, precision), parts)
            best, found = demands.sized_as(("auto", model_id, precision), demand, lambda: _auto_gpu(catalog, model_id, precision, demand, assumptions, memo))
        warnings += found
        if chosen is not None:
            for workload_id in demand.workloads:
                chosen[workload_id] = best
        elif best is not None:
            # every workload's GPU chosen here: a group is one (model, precision)'s demands, in the workloads' order
            grouped[(model_id, precision, best)] = parts
    return chosen, grouped


def _auto_gpu(catalog: Catalog, model_id: str, precision: str, demand: Demand, assumptions: Assumptions, memo: dict | None) -> tuple[str | None, list[Message]]:
    """(the cheapest datacenter GPU over 3 years for the summed demand of a model at a precision, or None; the warning
    where none fits)."""
    model = catalog.open_models[model_id]
    fits = [f for g in catalog.gpus.values() if g.datacenter and g.auto_pick for f in [fit_gpu(catalog, model, g, precision, demand, assumptions, memo)] if f.fits]
    if fits:
        return min(fits, key=_choice_key).gpu.id, []
    datacenter = [g.id for g in catalog.gpus.values() if g.datacenter and g.auto_pick]
    return None, [
        msg(
            "{model} at {precision} fits no datacenter GPU type in the catalog ({workloads} not sized): {ideas}",
            model=model_id,
            precision=precision,
            workloads=", ".join(demand.workloads),
            ideas=_what_would_fit(catalog, model, datacenter, precision, demand, assumptions, memo),
        )
    ]


def _pilot_shape(demands: list[Demand]) -> tuple[float, float, float]:
    """(longest sequence, input tokens, output tokens) of `sum_demands(demands)`, what the pilot reads of the workloads'
    total: the same additions in the same order, without the sums and the ids it does not read (~1,000 demands, each
    sizing of an evaluation)."""
    first = demands[0]
    if len(demands) == 1:
        return first.longest_sequence, first.input_tokens, first.output_tokens
    rps = longest = weighted_in = weighted_out = 0.0
    for d in demands:
        rate = d.requests_per_s
        rps += rate
        weighted_in += d.input_tokens * rate
        weighted_out += d.output_tokens * rate
        if d.longest_sequence > longest:
            longest = d.longest_sequence
    inp = weighted_in / rps if rps else max(d.input_tokens for d in demands)
    out = weighted_out / rps if rps else max(d.output_tokens for d in demands)
    return longest, inp, out


def _pilot(catalog: Catalog, hardware: Hardware, shape: tuple[float, float, float], workload_ids: list[str], assumptions: Assumptions, warnings: list[Message]) -> GpuGroup | None:
    """The pilot's hardware; `shape`: (longest sequence, input and output tokens) of the workloads' summed demand (`_pilot_shape`)."""
    gpu_id = hardware.pilot_gpu or assumptions.text("pilot_gpu")
    model_id = assumptions.text("pilot_open_model")
    count = hardware.pilot_gpus or int(assumptions.num("pilot_gpus"))
    gpu, model = catalog.gpus.get(gpu_id), catalog.open_models.get(model_id)
    if gpu is None or model is None:
        missing = msg("GPU {id}", id=repr(gpu_id)) if gpu is None else msg("open model {id}", id=repr(model_id))
        warnings.append(msg("pilot: {missing} is not in the catalog; no pilot hardware sized", missing=missing))
        return None
    precision = model.native_precision or assumptions.text("default_precision")
    longest, inputs, outputs = shape
    profile = Demand(workloads=tuple(workload_ids), longest_sequence=longest, input_tokens=inputs, output_tokens=outputs)
    weights = weight_bytes(model, precision, assumptions)
    per_gpu = usable_gb_per_gpu(gpu, assumptions) * GB
    sequence = max(profile.longest_sequence, 1.0) * kv_bytes_per_token(model, assumptions, precision, profile.longest_sequence)
    tp = next((t for t in tp_sizes(model, gpu) if t <= count and t * per_gpu - weights >= sequence), None)
    if tp is None:
        warnings.append(
            msg(
                "pilot: {model} at {precision} does not fit on {count} x {gpu}; {ideas}",
                model=model_id,
                precision=precision,
                count=count,
                gpu=gpu_id,
                ideas=_what_would_fit(catalog, model, [gpu_id], precision, profile, assumptions),
            )
        )
        return None
    capacity = replica_capacity(catalog, model, gpu, tp, precision, max(profile.input_tokens, 1.0), max(profile.output_tokens, 1.0), assumptions)
    replicas = count // tp
    servers = math.ceil(count / gpu.gpus_per_server)
    capex, power = hardware_cost(gpu, count, servers, assumptions)
    return GpuGroup(
        gpu=gpu_id,
        open_model=model_id,
        precision=precision,
        gpus_per_replica=tp,
        replicas=replicas,
        gpus=count,
        servers=servers,
        workloads=list(workload_ids),
        capex_krw=capex,
        power_w=power,
        capacity_tokens_per_s=round(replicas * capacity.tokens_per_s, 1),
        replica_capacity_tokens_per_s=round(capacity.tokens_per_s, 1),
        memory_per_replica_gb=round((weights + sequence) / GB, 1),
        throughput_source=capacity.source,
    )


def _size_group(catalog: Catalog, model_id: str, precision: str, gpu_id: str, demand: Demand, assumptions: Assumptions, memo: dict) -> tuple[GpuGroup | None, list[GpuAlternative], list[Message]]:
    """(the group of the summed demand of a model at a precision on a GPU type, before packing, or None where it does not
    fit; the alternatives; the warnings)."""
    warnings: list[Message] = []
    model, gpu = catalog.open_models[model_id], catalog.gpus[gpu_id]
    fit = fit_gpu(catalog, model, gpu, precision, demand, assumptions, memo)
    alternatives = _alternatives(catalog, model, precision, demand, gpu_id, assumptions, memo)
    if not fit.fits:
        warnings.append(
            msg(
                "{model} at {precision} does not fit on {gpu} ({why}; {workloads} not sized): {ideas}",
                model=model_id,
                precision=precision,
                gpu=gpu_id,
                why=fit.notes[0],
                workloads=", ".join(demand.workloads),
                ideas=_what_would_fit(catalog, model, [gpu_id], precision, demand, assumptions, memo),
            )
        )
        return None, alternatives, warnings
    if not gpu.datacenter:
        warnings.append(
            msg(
                "{gpu} is a consumer card chosen for production ({workloads}): its licence restricts datacenter use; use it for the pilot only",
                gpu=gpu_id,
                workloads=", ".join(demand.workloads),
            )
        )
    if fit.slow:
        warnings.append(
            msg(
                "{model} on {tp} x {gpu} decodes about {single} tokens/s per request, below the {needed} tokens/s the {target} ms TPOT target needs",
                model=model_id,
                tp=fit.tp,
                gpu=gpu_id,
                single=f"{fit.single_stream_tokens_per_s:,.0f}",
                needed=f"{1000 / assumptions.num('tpot_target_ms'):g}",
                target=f"{assumptions.num('tpot_target_ms'):g}",
            )
        )
    return _group(fit, model, precision, demand), alternatives, warnings


def size_hardware(
    results: list[WorkloadResult], workloads: list[ResolvedWorkload], hardware: Hardware, catalog: Catalog, assumptions: Assumptions, demands: Demands | None = None, slot: str | None = None
) -> Sizing:
    """GPU groups, pilot hardware and alternatives for the workloads' on-prem share (`demands`: the evaluation's, see `Demands`;
    `slot`: see `size_shares`)."""
    fields = list(map(_MODEL_FIELDS, results))  # a result's fields (pydantic keeps them in its __dict__): one hooked attribute read, not two
    return size_shares(list(zip(map(_RESULT_ID, fields), map(_RESULT_SHARE, fields))), workloads, hardware, catalog, assumptions, demands, slot)


_MODEL_FIELDS, _RESULT_ID, _RESULT_SHARE = attrgetter("__dict__"), itemgetter("id"), itemgetter("onprem_share")


def size_shares(
    shares: list[tuple[str, float]], workloads: list[ResolvedWorkload], hardware: Hardware, catalog: Catalog, assumptions: Assumptions, demands: Demands | None = None, slot: str | None = None
) -> Sizing:
    """`size_hardware` for (workload id, on-prem share) pairs, in order (no WorkloadResult needed). `slot`: which of the
    evaluation's sizings this is, for `demands` to keep its pairs by position for the next evaluation (`_onprem_demands`)."""
    warnings: list[Message] = []
    items = _onprem_demands(shares, workloads, catalog, assumptions, warnings, demands, slot)
    if not items:
        return Sizing(warnings=warnings)
    # fits and estimates of this sizing (one catalog, one set of assumptions), or the evaluation's (`Demands.memo`)
    memo: dict = demands.memo if demands is not None and demands.memo is not None else {}
    chosen, grouped = _choose_gpus(catalog, items, assumptions, warnings, memo, demands, slot)
    if chosen is not None:  # some workload names its GPU: its group may hold others' demands too, in the workloads' order
        grouped = {}
        for workload, demand in items:
            gpu_id = chosen[workload.id]
            if gpu_id is None:
                continue
            grouped.setdefault((workload.open_model, workload.precision, gpu_id), []).append(demand)
    sized: list[GpuGroup] = []
    alternatives: list[GpuAlternative] = []
    for (model_id, precision, gpu_id), parts in grouped.items():
        if demands is None:
            group, alike, found = _size_group(catalog, model_id, precision, gpu_id, sum_demands(parts), assumptions, memo)
        else:
            demand = demands.summed((model_id, precision), parts)
            group, alike, found = demands.sized_as(("group", model_id, precision, gpu_id), demand, lambda: _size_group(catalog, model_id, precision, gpu_id, demand, assumptions, memo))
        alternatives += alike
        warnings += found
        if group is not None:
            sized.append(group)
    sized = pack_servers(sized, catalog, assumptions)
    pilot = _pilot(catalog, hardware, _pilot_shape(list(map(_SECOND, items))), list(map(_WORKLOAD_ID, map(_FIRST, items))), assumptions, warnings)
    return Sizing(groups=sized, pilot=pilot, alternatives=alternatives, warnings=warnings)
