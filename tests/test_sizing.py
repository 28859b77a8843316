"""GPU sizing: the framework's rules of thumb must come out of the formulas, not a lookup.

The load for the rules of thumb is deliberately modest and stated once: an internal Q&A tool,
500 requests/day over 8 busy hours (peak factor 2), 800 input / 400 output tokens, no overheads.
Hand computation with the catalog defaults (90% of VRAM usable, 3 GB runtime overhead per GPU, the
MLPerf interactive latency target TTFT 450 ms and TPOT 40 ms):
  peak rate   = 500 / (8 x 3600) x 2 = 0.03472 requests/s -> 13.89 output tokens/s
  concurrency = 0.03472 x (0.45 + 400 x 0.040) = 0.5712 requests in flight
  usable/GPU  = 24 x 0.9 - 3 = 18.6 GB (RTX 4090), 80 x 0.9 - 3 = 69 GB (A100, H100)
  8B fp16     = 8.03 x 2 = 16.06 GB      -> TP1 on a 4090 leaves 2.54 GB of KV room
  70B fp16    = 70.6 x 2 = 141.2 GB      -> TP2 on A100 holds 138 GB: too little; TP4 holds 276 GB
  70B fp8     = 70.6 GB                  -> TP1 on H100 holds 69 GB: too little; TP2 holds 138 GB
  405B fp8    = 405.9 GB                 -> TP8 on H100 holds 552 GB (valid_tp of 405B is 8 or 16)
"""

from __future__ import annotations

import json
import math
import textwrap

import pytest

from planner.domain.evaluate import evaluate
from planner.domain.resolve import Assumptions
from planner.domain.sizing import kv_bytes_per_token, weight_bytes
from planner.store.plan_io import parse_plan_text
from planner.store.loader import read_plan

from .conftest import SAMPLE_PLANS


def workload(
    wid: str = "qa",
    *,
    open_model: str,
    precision: str = "fp16",
    requests_per_day: int = 500,
    placement: str = "on_prem",
    kind: str = "general_qa",
    gpu: str | None = None,
    inp: int = 800,
    out: int = 400,
) -> str:
    gpu_line = f'gpu = "{gpu}"\n' if gpu else ""
    return f"""
[[workloads]]
id = "{wid}"
name = "Workload {wid}"
kind = "{kind}"
requests_per_day = {requests_per_day}
busy_hours = 8
input_tokens = {inp}
output_tokens = {out}
open_model = "{open_model}"
precision = "{precision}"
placement = "{placement}"
placement_note = "Test: sizing"
acknowledge_regulation = true
{gpu_line}"""


def evaluated(catalog, workloads: str, hardware: str = "", assumptions: str = ""):
    text = textwrap.dedent(
        """\
        schema_version = 1
        name = "Sizing check"
        start = 2026-03-02

        [organization]
        industry = "general"
        employees = 500
        ml_engineers = 2

        [assumptions]
        """
    ) + assumptions + "\n[hardware]\n" + hardware + "\n" + workloads
    plan, errors = parse_plan_text(text, "sizing.toml", catalog)
    assert not errors, [str(e) for e in errors]
    return evaluate(plan, catalog)


def only_group(ev):
    assert len(ev.sizing.groups) == 1, ev.sizing.groups
    return ev.sizing.groups[0]


def test_weights_and_kv_follow_the_formulas(catalog):
    a = Assumptions(catalog, {})
    llama70 = catalog.open_models["llama-3.1-70b"]
    assert weight_bytes(llama70, "fp16", a) == pytest.approx(141.2e9)
    assert weight_bytes(llama70, "fp8", a) == pytest.approx(70.6e9)
    assert weight_bytes(llama70, "int4", a) == pytest.approx(70.6e9 * 0.55)
    # 2 x 80 layers x 8 KV heads x 128 x 2 bytes = 327,680 bytes = 320 KiB per token
    assert kv_bytes_per_token(llama70, a) == 327_680
    assert kv_bytes_per_token(catalog.open_models["qwen2.5-7b"], a) == 57_344


def test_8b_runs_on_one_rtx_4090(catalog):
    ev = evaluated(catalog, workload(open_model="llama-3.1-8b", gpu="rtx-4090"))
    group = only_group(ev)
    assert (group.gpu, group.gpus_per_replica, group.replicas, group.gpus, group.servers) == ("rtx-4090", 1, 1, 1, 1)
    # 16.06 GB weights + 0.5712 x 1,200 tokens x 131,072 B = 0.0898 GB of KV = 16.1498 GB
    assert group.memory_per_replica_gb == 16.1  # 16.15 rounded to 0.1 GB
    assert group.peak_tokens_per_s == pytest.approx(13.89, abs=0.01)
    assert group.peak_concurrency == pytest.approx(0.57, abs=0.01)
    # A consumer card in production is allowed when chosen, but said out loud.
    assert any("rtx-4090 is a consumer card chosen for production" in w for w in ev.warnings)


def test_estimate_of_the_4090_by_hand(catalog):
    group = only_group(evaluated(catalog, workload(open_model="llama-3.1-8b", gpu="rtx-4090")))
    # No measured point: the estimate. 800 in / 400 out, TP1, fp16 (2-byte KV):
    # KV room 18.6 - 16.06 = 2.54 GB / (1,000 tokens of average context x 131,072 B) -> batch 19.38;
    # decode step = max(weights + KV reads over 1,008 GB/s x MBU 0.75, batch x FLOPs over 165.2 TFLOPS x 0.45);
    # prefill per step = batch / 400 outputs x 800 prompt tokens x FLOPs per token over 165.2 TFLOPS x 0.6.
    batch = 2.54e9 / (1000 * 131_072)
    decode_memory = (16.06e9 + batch * 1000 * 131_072) / (1008e9 * 0.75)
    decode_compute = batch * (2 * 8.03e9 + 4 * 32 * 32 * 128 * 1000) / (165.2e12 * 0.45)
    prefill = batch / 400 * 800 * (2 * 8.03e9 + 4 * 32 * 32 * 128 * 400) / (165.2e12 * 0.6)
    offline = batch / (max(decode_memory, decode_compute) + prefill)
    assert group.throughput_source.startswith("estimate")
    # x 0.555: MLPerf's interactive / offline ratio (8 x H200, Llama-2-70B)
    assert group.capacity_tokens_per_s == pytest.approx(offline * 0.555, rel=1e-3)
    assert group.replica_capacity_tokens_per_s == group.capacity_tokens_per_s


def test_70b_fp16_needs_four_a100s_not_two(catalog):
    group = only_group(evaluated(catalog, workload(open_model="llama-3.1-70b", gpu="a100-80gb", inp=1000, out=1000)))
    assert 2 <= group.gpus <= 4
    # 2 x 69 GB = 138 GB < 141.2 GB of weights, so the smallest valid tensor-parallel size is 4.
    assert (group.gpus_per_replica, group.replicas, group.servers) == (4, 1, 1)
    # The workload's shape is a measured one: that point alone, x the interactive share.
    assert group.throughput_source.startswith("measured: llama-3.1-70b@a100-80gb-tp4-fp16 (1,732 tokens/s offline, 1,000/1,000, TP4) weight 1.00")
    assert group.capacity_tokens_per_s == pytest.approx(1732 * 0.555, abs=0.05)
    # 4 x 2,000만 + chassis (4,000-5,000만 two-GPU build - 2 x 2,000만 -> 0-1,000만, mid 500만); 4 x 400 W + 200 W
    assert (group.capex_krw, group.power_w) == (85_000_000, 1800)


def test_company_gpu_prices_flow_into_capex(tmp_path):
    from planner.store.catalogs import load_catalog

    company = tmp_path / "acme"
    company.mkdir()
    (company / "gpus.toml").write_text(
        textwrap.dedent(
            """            [[gpu]]
            id = "a100-80gb"
            unit_price_krw = { low = 15_000_000, high = 15_000_000 }
            server_price_krw = { low = 30_000_000, high = 40_000_000 }
            source = "ACME framework agreement with its server vendor, 2026"
            as_of = 2026-01-10
            """
        ),
        encoding="utf-8",
    )
    acme = load_catalog(company)
    group = only_group(evaluated(acme, workload(open_model="llama-3.1-70b", gpu="a100-80gb")))
    # 4 x 1,500만 + chassis (3,000-4,000만 - 2 x 1,500만 -> 0-1,000만, mid 500만) = 6,500만
    assert group.capex_krw == 65_000_000


def test_70b_fp8_runs_on_two_h100s(catalog):
    group = only_group(evaluated(catalog, workload(open_model="llama-3.1-70b", precision="fp8", gpu="h100-80gb")))
    assert (group.gpus_per_replica, group.replicas, group.gpus, group.servers) == (2, 1, 2, 1)
    # capex = 2 x 5,000만 + chassis (1.2-1.5억 build - 2 x 5,000만 -> 2,000-5,000만, mid 3,500만) = 1.35억
    assert group.capex_krw == 135_000_000
    # power = 2 x 700 W + 200 W server overhead
    assert group.power_w == 1600


def test_405b_fp8_runs_on_eight_h100s_in_one_server(catalog):
    group = only_group(evaluated(catalog, workload(open_model="llama-3.1-405b", precision="fp8", gpu="h100-80gb")))
    assert (group.gpus_per_replica, group.replicas, group.gpus, group.servers) == (8, 1, 8, 1)
    assert group.memory_per_replica_gb == pytest.approx(405.9 + 0.4734 * 1200 * 516_096 / 1e9, abs=0.1)


def test_13b_class_model_runs_on_one_a100(catalog):
    group = only_group(evaluated(catalog, workload(open_model="qwen2.5-14b", gpu="a100-80gb")))
    assert (group.gpus_per_replica, group.gpus) == (1, 1)


def test_replicas_follow_the_peak_token_rate(catalog):
    # 100,000 requests/day of 1,000 in / 1,000 out over 8 h x 2 = 6.944 requests/s x 1,000 = 6,944 tokens/s;
    # one 2 x H100 FP8 replica delivers 4,205 (TensorRT-LLM v1.0, 1000/1000) x 0.555 = 2,333.8 tokens/s -> 3
    # replicas, 6 GPUs (4 x H100: 6,553 x 0.555 = 3,637 -> 2 replicas, 8 GPUs: more GPUs), one server.
    group = only_group(evaluated(catalog, workload(open_model="llama-3.1-70b", precision="fp8", gpu="h100-80gb", requests_per_day=100_000, inp=1000, out=1000)))
    assert group.peak_tokens_per_s == pytest.approx(6944.44, abs=0.01)
    assert (group.replicas, group.gpus, group.servers) == (3, 6, 1)
    assert group.replica_capacity_tokens_per_s == pytest.approx(4205 * 0.555, abs=0.05)
    assert group.capacity_tokens_per_s == pytest.approx(3 * 4205 * 0.555, abs=0.1)
    assert group.headroom == pytest.approx((3 * 4205 * 0.555 - 6944.44) / (3 * 4205 * 0.555), abs=0.001)


def test_the_pilot_serves_the_request_weighted_prompt_shape_and_holds_the_longest_sequence(catalog):
    # 800 requests a day of 800 in / 400 out and 200 of 2,000 in / 1,000 out: the pilot's replica runs the average
    # request (1,040 in / 520 out) and holds the longest one (3,000 tokens), as a single workload of each shape would
    both = evaluated(catalog, workload("a", open_model="llama-3.1-8b", requests_per_day=800) + workload("b", open_model="qwen2.5-32b", requests_per_day=200, inp=2000, out=1000)).sizing.pilot
    average = evaluated(catalog, workload(open_model="llama-3.1-8b", inp=1040, out=520)).sizing.pilot
    longest = evaluated(catalog, workload(open_model="llama-3.1-8b", inp=2000, out=1000)).sizing.pilot
    assert average.replica_capacity_tokens_per_s != longest.replica_capacity_tokens_per_s
    assert both.replica_capacity_tokens_per_s == pytest.approx(average.replica_capacity_tokens_per_s, abs=0.1)
    assert both.memory_per_replica_gb == longest.memory_per_replica_gb != average.memory_per_replica_gb


def test_a_long_prompt_is_sized_with_its_own_shape(catalog):
    # Document search: 5,000 in / 500 out. The published saturation figure for that shape on 2 x H100 FP8 is
    # 898 tokens/s for the group (449 per GPU); x 0.555 = 249 per GPU at interactive latency, not the
    # 1000/1000 figure's 1,167.
    group = only_group(evaluated(catalog, workload(open_model="llama-3.1-70b", precision="fp8", gpu="h100-80gb", inp=5000, out=500)))
    assert group.gpus_per_replica == 2
    assert group.replica_capacity_tokens_per_s / 2 == pytest.approx(898 * 0.555 / 2, abs=0.05)
    assert "5,000/500, TP2" in group.throughput_source


def test_kv_cache_for_long_requests_adds_replicas(catalog):
    # 20,000 requests/day of 30,000-token documents with 1,000-token answers on 8B fp16 / one 4090 each:
    # concurrency = 20,000/28,800 x 2 x (0.3 + 1000/30) = 46.7; KV = 46.7 x 31,000 x 131,072 B = 190 GB,
    # while a 4090 replica has 2.54 GB of KV room (TP1) or 21.1 GB (TP2): memory, not speed, sets the count.
    ev = evaluated(catalog, workload(open_model="llama-3.1-8b", gpu="rtx-4090", requests_per_day=20_000, inp=30_000, out=1_000))
    group = only_group(ev)
    per_replica_kv_room = group.gpus_per_replica * 18.6 - 16.06
    assert group.replicas >= math.ceil(190 / per_replica_kv_room)
    assert group.memory_per_replica_gb <= group.gpus_per_replica * 18.6 + 0.05


def test_workloads_on_one_model_share_replicas_and_only_the_onprem_share_counts(catalog):
    workloads = (
        workload("docs", open_model="llama-3.1-70b", precision="fp8", requests_per_day=10_000)
        + workload("chat", open_model="llama-3.1-70b", precision="fp8", requests_per_day=10_000, kind="customer_chatbot", placement="hybrid")
        + workload("faq", open_model="llama-3.1-70b", precision="fp8", requests_per_day=10_000, placement="cloud")
    )
    ev = evaluated(catalog, workloads, hardware='gpu = "h100-80gb"\n')
    group = only_group(ev)
    assert group.workloads == ["docs", "chat"]
    # docs: all of 10,000; chat: the 30% sensitive share of 10,000; faq (cloud): nothing.
    # (10,000 + 3,000) / 28,800 x 2 x 400 tokens = 361.1 tokens/s
    assert group.peak_tokens_per_s == pytest.approx(13_000 / 28_800 * 2 * 400, abs=0.01)


@pytest.mark.parametrize("own_gpu", [None, "a100-80gb"], ids=["every-gpu-chosen", "one-names-its-gpu"])
def test_groups_come_in_their_first_workloads_order_with_their_workloads_in_plan_order(catalog, own_gpu):
    """Workloads of two open models, interleaved in the plan: each (model, precision, GPU) group comes where its first
    workload is and lists its workloads in the plan's order, every on-prem workload in exactly one group; whether
    every GPU is chosen by cost or one workload names its own."""
    workloads = (
        workload("a", open_model="llama-3.1-70b", precision="fp8", requests_per_day=4_000)
        + workload("b", open_model="qwen2.5-7b", requests_per_day=3_000, gpu=own_gpu)
        + workload("c", open_model="llama-3.1-70b", precision="fp8", requests_per_day=5_000)
        + workload("d", open_model="qwen2.5-7b", requests_per_day=2_000)
        + workload("e", open_model="llama-3.1-70b", precision="fp8", requests_per_day=1_000)
        + workload("f", open_model="qwen2.5-7b", requests_per_day=6_000)
    )
    ev = evaluated(catalog, workloads)
    order = ["a", "b", "c", "d", "e", "f"]
    groups = [g.workloads for g in ev.sizing.groups]
    assert sorted(w for members in groups for w in members) == order
    for members in groups:
        assert members == sorted(members, key=order.index)
    assert [members[0] for members in groups] == sorted((members[0] for members in groups), key=order.index)
    assert groups[0][:3] == ["a", "c", "e"]
    if own_gpu is not None:
        assert any(g.gpu == own_gpu and "b" in g.workloads for g in ev.sizing.groups)


def test_gpu_choice_is_the_lowest_three_year_cost_that_fits(catalog):
    ev = evaluated(catalog, workload(open_model="llama-3.1-70b", precision="fp8", requests_per_day=5_000))
    group = only_group(ev)
    rows = [a for a in ev.sizing.alternatives if a.open_model == "llama-3.1-70b"]
    assert {a.gpu for a in rows} == set(catalog.gpus)
    chosen = [a for a in rows if a.chosen]
    assert [a.gpu for a in chosen] == [group.gpu]
    eligible = [a for a in rows if a.fits and catalog.gpus[a.gpu].datacenter and catalog.gpus[a.gpu].auto_pick and "below the" not in a.note]
    assert chosen[0].cost_3y_krw == min(a.cost_3y_krw for a in eligible)
    for a in rows:
        if a.fits:
            # cost over 36 months = capex + 36 x (power x 720 h x PUE 1.5 x 165 KRW/kWh + 3 x 75,000 per server + 7.5%/12 of capex)
            opex = a.power_w / 1000 * 720 * 1.5 * 165 + a.servers * 225_000 + a.capex_krw * 0.075 / 12
            assert a.opex_krw_per_month == round(opex)
            assert a.cost_3y_krw == round(a.capex_krw + 36 * opex)
    assert not next(a for a in rows if a.gpu == "rtx-4090").fits


def test_consumer_gpus_are_never_picked_for_production(catalog):
    ev = evaluated(catalog, workload(open_model="llama-3.1-8b"))
    group = only_group(ev)
    assert catalog.gpus[group.gpu].datacenter
    rtx = next(a for a in ev.sizing.alternatives if a.gpu == "rtx-4090")
    assert rtx.fits and not rtx.chosen and "pilot only" in rtx.note
    # It is the cheapest card in the catalog, which is exactly why the rule has to hold.
    assert rtx.cost_3y_krw < next(a for a in ev.sizing.alternatives if a.chosen).cost_3y_krw


def test_a_model_that_fits_nowhere_gets_a_warning_that_says_what_would_fit(catalog):
    ev = evaluated(catalog, workload(open_model="llama-3.1-405b", precision="fp16", gpu="h100-80gb"))
    assert ev.sizing.groups == []
    warning = next(w for w in ev.warnings if "llama-3.1-405b at fp16 does not fit on h100-80gb" in w)
    assert "812 GB of weights" in warning
    assert "at fp8 on 8 x h100-80gb" in warning
    # Without a chosen GPU: no datacenter GPU holds DeepSeek-V3's 1,342 GB at fp16 (8 x B200 hold 1,272 GB),
    # the warning names a precision that does.
    auto = evaluated(catalog, workload(open_model="deepseek-v3", precision="fp16"))
    assert auto.sizing.groups == []
    warning = next(w for w in auto.warnings if "deepseek-v3 at fp16 fits no datacenter GPU type" in w)
    assert "at fp8 on 8 x" in warning


def test_pilot_only_when_something_runs_on_prem(catalog):
    cloud_only = evaluated(catalog, workload(open_model="llama-3.1-8b", placement="cloud"))
    assert cloud_only.sizing.pilot is None and cloud_only.sizing.groups == []
    onprem = evaluated(catalog, workload(open_model="llama-3.1-70b", precision="fp8"))
    pilot = onprem.sizing.pilot
    assert (pilot.gpu, pilot.gpus, pilot.open_model, pilot.servers) == ("rtx-4090", 2, "llama-3.1-8b", 1)
    # 2 x 300만 + 4090 chassis (the framework's one-card server 600-800만 - 300만 -> 300-500만, mid 400만) = 1,000만
    assert pilot.capex_krw == 10_000_000
    one = evaluated(catalog, workload(open_model="llama-3.1-70b", precision="fp8"), hardware='pilot_gpu = "l40s"\npilot_gpus = 1\n')
    assert (one.sizing.pilot.gpu, one.sizing.pilot.gpus) == ("l40s", 1)


def test_groups_on_one_gpu_type_share_servers(catalog):
    # 70B fp8 on 2 x H100 and 8B on 1 x H100 fit one 8-GPU server: one chassis, not two.
    workloads = workload("big", open_model="llama-3.1-70b", precision="fp8") + workload("small", open_model="llama-3.1-8b")
    ev = evaluated(catalog, workloads, hardware='gpu = "h100-80gb"\n')
    assert [g.gpus for g in ev.sizing.groups] == [2, 1]
    assert ev.sizing.servers == 1
    assert ev.sizing.capex_krw == 3 * 50_000_000 + 35_000_000
    assert sum(g.power_w for g in ev.sizing.groups) == 3 * 700 + 200


@pytest.mark.parametrize("path", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_sample_plans_are_sized_consistently(catalog, path):
    ev = evaluate(read_plan(path, catalog), catalog)
    onprem = {w.id for w in ev.workloads if w.onprem_share > 0}
    sized = {wid for g in ev.sizing.groups for wid in g.workloads}
    assert sized == onprem
    for g in ev.sizing.groups:
        gpu = catalog.gpus[g.gpu]
        assert g.gpus == g.replicas * g.gpus_per_replica
        assert g.gpus_per_replica <= gpu.gpus_per_server
        assert g.capacity_tokens_per_s >= g.peak_tokens_per_s > 0
        assert g.memory_per_replica_gb <= g.gpus_per_replica * (gpu.vram_gb * 0.9 - 3) + 0.05
        assert gpu.datacenter
    for gpu_id in {g.gpu for g in ev.sizing.groups}:
        gpus = sum(g.gpus for g in ev.sizing.groups if g.gpu == gpu_id)
        servers = sum(g.servers for g in ev.sizing.groups if g.gpu == gpu_id)
        assert servers >= math.ceil(gpus / catalog.gpus[gpu_id].gpus_per_server)
    assert (ev.sizing.pilot is not None) == bool(onprem)


def test_show_json_carries_the_design_hardware_keys(run_cli, plan_copy):
    path = plan_copy("bank-customer-service", owned=True)  # keeps customer data on owned GPUs
    result = run_cli("show", str(path), "--json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert document["hardware"], "the bank keeps customer data on owned GPUs"
    for group in document["hardware"]:
        assert {"gpu", "gpus", "gpus_per_replica", "replicas", "servers", "workloads", "capex_krw", "power_w"} <= set(group)
        assert {"peak_tokens_per_s", "capacity_tokens_per_s", "headroom", "throughput_source"} <= set(group)
    for w in document["workloads"]:
        assert {"cloud_cost_usd_per_month", "cloud_cost_krw_per_month"} <= set(w)
    text = run_cli("show", str(path))
    assert "GPU types compared" in text.out and "h100-80gb" in text.out


def test_gpt_oss_120b_at_its_native_precision_fits_one_80gb_gpu(catalog):
    # No precision on the workload: the model's native MXFP4 wins over default_precision (fp16).
    # Weights: 114.65B expert parameters x 0.53125 B (MXFP4) + 2.15B non-expert at BF16 (2 B) = 65.2 GB
    # <= 69 GB usable on one H100; at fp16 it would need 233.6 GB.
    text = workload(open_model="gpt-oss-120b", gpu="h100-80gb").replace('precision = "fp16"\n', "")
    ev = evaluated(catalog, text)
    group = only_group(ev)
    assert group.precision == "mxfp4"
    assert (group.gpus_per_replica, group.replicas, group.gpus) == (1, 1, 1)
    assert group.memory_per_replica_gb == pytest.approx(114.65 * 0.53125 + (116.8 - 114.65) * 2, abs=0.1)


def test_workload_precision_wins_over_native_which_wins_over_default(catalog):
    ev = evaluated(
        catalog,
        workload("own", open_model="gpt-oss-20b", precision="fp8", gpu="h100-80gb")
        + workload("native", open_model="gpt-oss-20b", gpu="h100-80gb").replace('precision = "fp16"\n', "")
        + workload("dense", open_model="llama-3.1-8b", gpu="h100-80gb").replace('precision = "fp16"\n', ""),
        assumptions='default_precision = "bf16"\n',
    )
    precision = {wid: g.precision for g in ev.sizing.groups for wid in g.workloads}
    assert precision == {"own": "fp8", "native": "mxfp4", "dense": "bf16"}


def test_moe_memory_counts_every_expert_but_decode_reads_the_active_ones(catalog):
    from planner.domain.sizing import estimate_replica

    a = Assumptions(catalog, {})
    qwen = catalog.open_models["qwen3-30b-a3b"]
    # Memory: all 30.5B parameters at FP8.
    assert weight_bytes(qwen, "fp8", a) == pytest.approx(30.5e9)
    # Batch 1: a decode step reads the 1.5B non-expert + 8/128 of the 29.0B expert parameters (3.3B active)
    # plus one request's KV cache, over 3,350 GB/s x MBU 0.65 (H100).
    step = estimate_replica(qwen, catalog.gpus["h100-80gb"], 1, "fp8", 1000, 1000, a).step_s
    kv = 1500 * kv_bytes_per_token(qwen, a, "fp8")
    assert step == pytest.approx(((30.5 - 29.0) * 1e9 + 29.0e9 * 8 / 128 + kv) / (3350e9 * 0.65), rel=1e-6)


def test_fp8_deployments_keep_an_fp8_kv_cache_unless_the_plan_says_otherwise(catalog):
    llama70 = catalog.open_models["llama-3.1-70b"]
    assert kv_bytes_per_token(llama70, Assumptions(catalog, {}), "fp8") == 163_840
    assert kv_bytes_per_token(llama70, Assumptions(catalog, {"kv_cache_bytes_fp8": 2.0}), "fp8") == 327_680
    # DeepSeek's latent attention caches 576 values per token per layer: 61 x 576 x 1 byte at FP8.
    assert kv_bytes_per_token(catalog.open_models["deepseek-v3"], Assumptions(catalog, {}), "fp8") == 61 * 576


def test_deepseek_v3_at_fp8_fits_eight_h200s_not_eight_h100s(catalog):
    # 671 GB of FP8 weights: 8 x (141 x 0.9 - 3) = 991 GB usable on H200; 8 x 69 = 552 GB on H100.
    on_h200 = only_group(evaluated(catalog, workload(open_model="deepseek-v3", precision="fp8", gpu="h200-141gb")))
    assert (on_h200.gpus_per_replica, on_h200.replicas, on_h200.gpus) == (8, 1, 8)
    on_h100 = evaluated(catalog, workload(open_model="deepseek-v3", precision="fp8", gpu="h100-80gb"))
    assert on_h100.sizing.groups == []
    warning = next(w for w in on_h100.warnings if "deepseek-v3 at fp8 does not fit on h100-80gb" in w)
    assert "671 GB of weights" in warning and "552 GB usable on 8 GPU(s)" in warning
    # What would fit: a 4-bit precision on the same eight H100s, or FP8 on a bigger GPU.
    assert "on 8 x h100-80gb" in warning and "at fp8 on 8 x h200-141gb" in warning


def test_the_latency_target_is_the_plans_to_set(catalog):
    def capacity(assumptions: str) -> float:
        ev = evaluated(catalog, workload(open_model="llama-3.1-70b", precision="fp8", gpu="h100-80gb", inp=1000, out=1000), assumptions=assumptions)
        return only_group(ev).replica_capacity_tokens_per_s

    default = capacity("")
    assert default == pytest.approx(4205 * 0.555, abs=0.05)
    # A looser TPOT (100 ms) lets a replica batch more: more capacity, never above the offline figure.
    assert default < capacity("tpot_target_ms = 100.0\n") <= 4205
    assert capacity("tpot_target_ms = 25.0\n") < default


def test_a_companys_own_measurement_overrides_the_shipped_points(tmp_path):
    from planner.store.catalogs import load_catalog

    company = tmp_path / "acme"
    company.mkdir()
    (company / "throughputs.toml").write_text(
        textwrap.dedent(
            """            [[throughput]]
            id = "acme-vllm-llama70b-h100-tp2"
            open_model = "llama-3.1-70b"
            gpu = "h100-80gb"
            tp = 2
            precision = "fp8"
            input_tokens = 1000
            output_tokens = 1000
            output_tokens_per_s = 1_800
            mode = "interactive"
            source = "ACME vLLM 0.11 benchmark_serving, TTFT p99 420 ms, TPOT p99 38 ms"
            as_of = 2026-11-02
            """
        ),
        encoding="utf-8",
    )
    acme = load_catalog(company)
    group = only_group(evaluated(acme, workload(open_model="llama-3.1-70b", precision="fp8", gpu="h100-80gb", inp=1000, out=1000)))
    assert group.replica_capacity_tokens_per_s == 1800  # measured at the latency target: used as is
    assert group.throughput_source.startswith("measured: acme-vllm-llama70b-h100-tp2 (1,800 tokens/s interactive, 1,000/1,000, TP2, company)")


def test_a_workloads_peak_load_is_the_named_formulas_figure_for_figure(catalog):
    """A workload's peak on-prem load (`workload_demand`) is the peak rate (`peak_requests_per_second`), Little's law at
    the latency target (`request_time_s`) and the sequence it holds (`sequence_tokens`), to the last bit, for every
    workload of the sample plans and a generated plan at several on-prem shares; the Demand is the one its constructor
    makes (every field, type for type)."""
    from planner.domain.costs import peak_requests_per_second
    from planner.domain.resolve import resolve_workloads
    from planner.domain.sizing import Demand, request_time_s, sequence_tokens, sum_demands, workload_demand
    from tests.bench.bench_engine import generated_plan

    checked = []
    for plan in [read_plan(path, catalog) for path in SAMPLE_PLANS] + [generated_plan(40)]:
        assumptions = Assumptions(catalog, plan.assumptions)
        for workload in resolve_workloads(plan, catalog, assumptions):
            for share in (1.0, 0.3, workload.sensitive_share):
                rate = peak_requests_per_second(workload.requests_per_day * share, workload.busy_hours, assumptions)
                concurrency = rate * request_time_s(workload.output_tokens, assumptions)
                sequence = sequence_tokens(workload, assumptions)
                expected = Demand(
                    workloads=(workload.id,),
                    requests_per_s=rate,
                    output_tokens_per_s=rate * workload.output_tokens,
                    concurrency=concurrency,
                    kv_tokens=concurrency * sequence,
                    longest_sequence=sequence,
                    input_tokens=workload.input_tokens * (1 + assumptions.num("token_overhead")),
                    output_tokens=float(workload.output_tokens),
                )
                demand = workload_demand(workload, share, assumptions)
                assert [(k, type(getattr(demand, k)), getattr(demand, k)) for k in Demand.__slots__] == [(k, type(getattr(expected, k)), getattr(expected, k)) for k in Demand.__slots__]
                checked.append(demand)
    total, rate = sum_demands(checked), 0.0
    for demand in checked:
        rate += demand.requests_per_s
    assert type(total) is Demand and total.workloads == tuple(w for d in checked for w in d.workloads) and total.requests_per_s == rate


def test_the_sizings_value_classes_are_written_out_and_behave_as_the_frozen_dataclasses_they_were():
    """Demand, GpuFit, Estimate and Capacity are plain classes with slots (a dataclass compiles its methods at every
    start of a process: ~15-20 M instructions for these four): made with only the fields without a default they hold the
    dataclass's defaults (a new list each for a fit's notes), and their repr, equality, hash, frozenness, copy and
    pickle are those of the frozen dataclass with the same fields."""
    import dataclasses

    from tests.dataclass_twin import FRESH, dataclass_twin, frozen_as_its_twin

    from planner.domain.sizing import Capacity, Demand, Estimate, GpuFit

    specs = [
        (Demand, {}, {"workloads": (), "requests_per_s": 0.0, "output_tokens_per_s": 0.0, "concurrency": 0.0, "kv_tokens": 0.0, "longest_sequence": 0.0, "input_tokens": 0.0, "output_tokens": 0.0}),
        (GpuFit, {"gpu": "h100", "fits": True}, {
            "tp": 0, "replicas": 0, "gpus": 0, "servers": 0, "capex_krw": 0, "power_w": 0.0, "opex_krw_per_month": 0, "cost_3y_krw": 0, "capacity_tokens_per_s": 0.0,
            "replica_capacity_tokens_per_s": 0.0, "memory_per_replica_gb": 0.0, "single_stream_tokens_per_s": 0.0, "throughput_source": "", "slow": False, "notes": (FRESH, list)}),
        (Estimate, {"offline_tokens_per_s": 1.5, "step_s": 0.02, "prefill_s": 0.3, "batch": 8.0}, {"fits": True}),
        (Capacity, {"tokens_per_s": 100.0, "source": "estimate", "estimate": Estimate(1.5, 0.02, 0.3, 8.0)}, {}),
    ]
    for cls, required, defaults in specs:
        made, ours, theirs = dataclass_twin(cls, required, defaults)
        every = {f.name: f"value {i}" for i, f in enumerate(dataclasses.fields(made))}
        assert cls(**every) == cls(*every.values())
        frozen_as_its_twin(cls, made, ours)


def test_the_fit_figures_a_quote_reads_are_the_full_fits(catalog):
    """`fit_figures` (what a rented-GPU quote and the owned estimate read: slow, TP, replicas, capacity, cost over the
    amortization period), with a memo shared by every load (`fit_tables`/`fit_chosen` per prompt shape) and without
    one, is the full `fit_gpu`'s, for the sample plans' and a generated plan's workloads on every GPU type at several
    volumes (one replica, many, bound by the token rate or by the KV cache)."""
    from planner.domain.resolve import resolve_workloads
    from planner.domain.sizing import fit_chosen, fit_figures, fit_gpu, fit_tables, workload_demand
    from tests.bench.bench_engine import generated_plan

    gpus = list(catalog.gpus.values())
    gpu_ids = tuple(gpu.id for gpu in gpus)
    compared = replicas = 0
    for plan in [read_plan(path, catalog) for path in SAMPLE_PLANS] + [generated_plan(21)]:
        assumptions = Assumptions(catalog, plan.assumptions)
        memo: dict = {}
        for workload in resolve_workloads(plan, catalog, assumptions):
            model = catalog.open_models.get(workload.open_model)
            if model is None:
                continue
            for share in (1.0, 0.2, 40.0, 3000.0):
                demand = workload_demand(workload, share, assumptions)
                tables = fit_tables(catalog, model, gpus, gpu_ids, workload.precision, demand, assumptions, memo)
                for gpu, table in zip(gpus, tables):
                    fit = fit_gpu(catalog, model, gpu, workload.precision, demand, assumptions)
                    expected = (fit.slow, fit.tp, fit.replicas, fit.capacity_tokens_per_s, fit.cost_3y_krw) if fit.fits else None
                    assert fit_figures(catalog, model, gpu, workload.precision, demand, assumptions, memo) == expected
                    assert fit_figures(catalog, model, gpu, workload.precision, demand, assumptions) == expected
                    assert fit_chosen(table, gpu, demand, assumptions, memo) == expected
                    compared += 1
                    replicas = max(replicas, fit.replicas)
    assert compared > 500 and replicas > 10


def test_a_sizing_kept_by_position_equals_the_sizing_made_afresh(catalog):
    """A sizing that names itself (`size_shares(slot=...)`) takes the previous evaluation's (workload, demand) pairs again
    by position where the workload object and its share are the same: over a chain of evaluations (a share changed, a
    workload changed, one fewer, a model the catalog lacks, a request past its model's context, the shares as they
    were, a workload naming its GPU or moving to another group and back), each sizing and its warnings equal the sizing
    made without the kept pairs (and groups: `_choose_gpus`)."""
    from planner.domain.resolve import RESOLVED_FIELDS, ResolvedWorkload, resolve_workloads
    from planner.domain.sizing import Demands, size_shares
    from tests.bench.bench_engine import generated_plan

    def replace(workload, **changes):
        return ResolvedWorkload(**{name: getattr(workload, name) for name in RESOLVED_FIELDS} | changes)

    plan = generated_plan(30)
    a = Assumptions(catalog, plan.assumptions)
    resolved = resolve_workloads(plan, catalog, a)
    everyone = [(w.id, 1.0) for w in resolved]
    mixed = [(w.id, 0.5 if i % 3 else 1.0) for i, w in enumerate(resolved)]
    edited = [*resolved[:7], replace(resolved[7], requests_per_day=resolved[7].requests_per_day * 3), *resolved[8:]]
    unknown = [*resolved[:4], replace(resolved[4], open_model="no-such-model"), *resolved[5:]]
    longer = [*resolved[:9], replace(resolved[9], input_tokens=5_000_000), *resolved[10:]]
    named = [*resolved[:3], replace(resolved[3], gpu="h100-80gb"), *resolved[4:]]
    precision = [*resolved[:6], replace(resolved[6], precision="fp8" if resolved[6].precision != "fp8" else "fp16"), *resolved[7:]]
    chain = [
        (everyone, resolved),
        ([*everyone[:5], (everyone[5][0], 0.25), *everyone[6:]], resolved),  # a share
        (everyone, edited),  # a workload
        (everyone[:-1], resolved),  # one fewer
        (mixed, resolved),
        (everyone, unknown),  # warned: the next one is not kept
        (everyone, unknown),
        (everyone, resolved),
        (everyone, longer),  # warned
        (everyone, longer),
        (everyone, resolved),
        (mixed, resolved),
        (everyone, resolved),
        (everyone, named),  # a workload naming its GPU, then its GPU chosen again
        (everyone, resolved),
        (everyone, precision),  # a workload in another (model, precision) group, then back
        (everyone, resolved),
    ]
    demands = None
    for number, (shares, workloads) in enumerate(chain):
        demands = Demands(demands, {})
        kept = size_shares(shares, workloads, plan.hardware, catalog, a, demands, "full")
        fresh = size_shares(shares, workloads, plan.hardware, catalog, a)
        assert kept.model_dump_json() == fresh.model_dump_json(), number
    assert demands is not None and demands.calls["full"].clean
