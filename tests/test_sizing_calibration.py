"""Calibration: the planner's per-GPU interactive capacity against published benchmarks.

Published figure = the TensorRT-LLM performance overview's offline (saturation) output tokens/s of the
whole tensor-parallel group, per GPU, x 0.555 (MLPerf Inference v5.0, Llama-2-70B on 8 x H200:
Interactive 19,424.25 / Offline 34,988.2 tokens/s). Sources: NVIDIA/TensorRT-LLM
docs/source/performance/perf-overview.md (v1.0 table, @00f37686; v0.13 table for A100) and
docs/source/developer-guide/perf-overview.md @03e27c7 (MoE, published per GPU).

Two checks per case, each within 25%:
- the planner as it sizes (measured points of the catalog, carried to the shape);
- the estimate alone, with every measured point of that model removed from the catalog: what the
  planner would say for a model nobody measured. This is the calibration of `estimate_replica`.
"""

from __future__ import annotations

import pytest

from planner.domain.catalog import Catalog
from planner.domain.resolve import Assumptions
from planner.domain.sizing import replica_capacity

SHARE = 0.555  # MLPerf v5.0 paired Interactive / Offline, 8 x H200 Llama-2-70B

# (open model, GPU, precision, GPUs per replica, input, output, published offline tokens/s per GPU)
CASES = [
    # dense, short and long prompts, H100 / H200 / A100, FP8 / FP16
    ("llama-3.1-8b", "h100-80gb", "fp8", 1, 1000, 1000, 15_220),
    ("llama-3.1-8b", "h200-141gb", "fp8", 1, 5000, 500, 3_902),
    ("llama-3.1-8b", "a100-80gb", "fp16", 1, 1000, 1000, 3_592),
    ("llama-3.3-70b", "h100-80gb", "fp8", 2, 1000, 1000, 4_205 / 2),
    ("llama-3.3-70b", "h100-80gb", "fp8", 2, 5000, 500, 898 / 2),
    ("llama-3.3-70b", "h200-141gb", "fp8", 1, 2048, 2048, 2_003),
    ("llama-3.1-70b", "a100-80gb", "fp16", 4, 1000, 1000, 1_732 / 4),
    ("llama-3.1-70b", "a100-80gb", "fp16", 4, 2048, 2048, 1_221 / 4),
    ("llama-3.1-405b", "h200-141gb", "fp8", 8, 5000, 500, 650 / 8),
    # mixture of experts
    ("gpt-oss-120b", "h200-141gb", "mxfp4", 1, 1000, 1000, 6_868),
    ("gpt-oss-20b", "h100-80gb", "mxfp4", 1, 8192, 1024, 3_366),
    ("qwen3-235b-a22b", "h200-141gb", "fp8", 8, 1000, 1000, 23_789 / 8),
    ("qwen3-235b-a22b", "h100-80gb", "fp8", 8, 5000, 500, 3_225 / 8),
    ("deepseek-v3", "h200-141gb", "fp8", 8, 1000, 1000, 1_627),
]


def _ids(case):
    model, gpu, precision, tp, inp, out, _ = case
    return f"{model}-{gpu}-{precision}-tp{tp}-{inp}-{out}"


def _unmeasured(catalog: Catalog, model: str) -> Catalog:
    kept = {k: t for k, t in catalog.throughputs.items() if t.open_model != model}
    return catalog.model_copy(update={"throughputs": kept})


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_interactive_capacity_per_gpu_within_25_percent_of_published(catalog, case):
    model_id, gpu_id, precision, tp, inp, out, published_offline_per_gpu = case
    published = published_offline_per_gpu * SHARE
    a = Assumptions(catalog, {})
    model, gpu = catalog.open_models[model_id], catalog.gpus[gpu_id]
    sized = replica_capacity(catalog, model, gpu, tp, precision, inp, out, a)
    assert sized.tokens_per_s / tp == pytest.approx(published, rel=0.25), sized.source
    bare = _unmeasured(catalog, model_id)
    estimated = replica_capacity(bare, model, gpu, tp, precision, inp, out, a)
    assert estimated.source.startswith("estimate")
    assert estimated.tokens_per_s / tp == pytest.approx(published, rel=0.25), estimated.source


def test_an_unmeasured_twin_is_sized_like_the_measured_model(catalog):
    # Qwen2.5-72B has no measured point; its architectural twin Llama-70B measures 4,205 tokens/s on
    # 2 x H100 FP8 at 1000/1000 (x 0.555 = 1,167 per GPU). The estimate must land near it, not 3x below.
    a = Assumptions(catalog, {})
    qwen = replica_capacity(catalog, catalog.open_models["qwen2.5-72b"], catalog.gpus["h100-80gb"], 2, "fp8", 1000, 1000, a)
    assert qwen.source.startswith("estimate")
    assert qwen.tokens_per_s / 2 == pytest.approx(4205 / 2 * SHARE, rel=0.25)
