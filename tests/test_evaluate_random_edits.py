"""An Evaluator kept across many edits (as the app's session keeps one) gives, after every edit, exactly the
evaluation a fresh `evaluate()` gives: a random walk of the edits a user makes (seeded, so every run walks the
same path), on a sample plan and on a generated one with workloads alike enough to share results.

The Evaluator reuses what an earlier evaluation worked out wherever the figures it read are unchanged
(resolutions, quotes, the fleet's marginals, hosting steps, unit costs, schedules); a reuse keyed on too few
figures would serve a stale number here.
"""

from __future__ import annotations

import random

import pytest

from planner.domain.evaluate import Evaluator, evaluate
from planner.domain.plan import Plan, Workload
from planner.errors import PlannerError
from planner.store.loader import read_plan
from tests.bench.bench_engine import generated_plan
from tests.conftest import SAMPLE_PLANS

DATA = ["public", "internal", "confidential", "personal", "regulated"]
PRECISIONS = ["fp16", "fp8", "int4"]


def _edit(plan: Plan, rng: random.Random, catalog) -> tuple[str, Plan]:
    """One edit a user could make in the app, chosen by `rng`."""
    workloads = list(plan.workloads)
    index = rng.randrange(len(workloads))
    w = workloads[index]
    kind = rng.choice(["users", "users", "tokens", "data", "model", "precision", "override", "delete", "copy", "org", "assumption", "gpu"])
    if kind == "users":
        change: dict = {"users": max(1, int((w.users or 100) * rng.choice([0.5, 1.1, 3, 40])))}
    elif kind == "tokens":
        change = {"input_tokens": rng.choice([200, 1_500, 12_000]), "output_tokens": rng.choice([100, 600, 2_000])}
    elif kind == "data":
        change = {"data": rng.choice(DATA)}
    elif kind == "model":
        change = {"open_model": rng.choice(["llama-3.1-8b", "qwen2.5-14b", "qwen2.5-72b", "gpt-oss-120b", "qwen3-30b-a3b"])}
    elif kind == "precision":
        change = {"precision": rng.choice(PRECISIONS)}
    elif kind == "override":
        place = rng.choice(["cloud", "gpuaas", "hybrid", "on_prem", None])
        change = {"placement": place, "acknowledge_regulation": place is not None, "placement_note": "chosen by the team" if place else None}
    elif kind == "delete" and len(workloads) > 2:
        del workloads[index]
        return f"delete {w.id}", plan.model_copy(update={"workloads": workloads})
    elif kind in ("copy", "delete"):
        copy = w.model_copy(update={"id": f"{w.id[:50]}-c{rng.randrange(10_000)}", "name": f"{w.name} (copy)"[:200]})
        if all(x.id != copy.id for x in workloads):
            workloads.insert(index + 1, copy)
        return f"copy {w.id}", plan.model_copy(update={"workloads": workloads})
    elif kind == "org":
        org = plan.organization.model_copy(update={"employees": rng.choice([40, 900, 20_000]), "ml_engineers": rng.choice([0, 2, 6])})
        return "organization", plan.model_copy(update={"organization": org})
    elif kind == "assumption":
        assumptions = {**plan.assumptions, rng.choice(["usage_growth_per_year", "gpuaas_hosting"]): None}
        key = next(k for k, v in assumptions.items() if v is None)
        assumptions[key] = rng.choice([0.1, 0.6]) if key == "usage_growth_per_year" else rng.choice([True, False])
        return f"assumption {key}", plan.model_copy(update={"assumptions": assumptions})
    else:  # gpu
        hardware = plan.hardware.model_copy(update={"gpu": rng.choice([None, "h100-80gb", "l40s", "h200-141gb"])})
        return "hardware gpu", plan.model_copy(update={"hardware": hardware})
    workloads[index] = Workload.model_validate({**w.model_dump(exclude_unset=True), **change})
    return f"{kind} of {w.id}: {change}", plan.model_copy(update={"workloads": workloads})


def _outcome(run, plan: Plan) -> str:
    try:
        return run(plan).model_dump_json()
    except PlannerError as error:  # an edit the rules refuse: both must refuse it alike
        return f"refused: {type(error).__name__}: {error}"


def _walk(plan: Plan, catalog, seed: int, steps: int) -> None:
    rng = random.Random(seed)
    evaluator = Evaluator(catalog)
    evaluator.evaluate(plan)
    history = [plan]
    for step in range(steps):
        if rng.random() < 0.1 and len(history) > 2:  # undo: back to an earlier plan the Evaluator has seen
            what, edited = "undo", history[-2]
        else:
            what, edited = _edit(history[-1], rng, catalog)
        kept = _outcome(evaluator.evaluate, edited)
        fresh = _outcome(lambda p: evaluate(p, catalog), edited)
        assert kept == fresh, f"seed {seed}, step {step}: {what}"
        if not kept.startswith("refused"):
            history.append(edited)


@pytest.mark.parametrize("name", ["bank-customer-service", "public-agency-gpuaas"])
def test_a_random_walk_of_edits_on_a_sample_plan_evaluates_as_fresh(name, catalog):
    path = next((p for p in SAMPLE_PLANS if p.stem == name), None)
    assert path is not None, f"sample plan {name} is gone"
    _walk(read_plan(path, catalog), catalog, seed=16, steps=25)


def test_a_random_walk_of_edits_on_a_generated_plan_evaluates_as_fresh(catalog):
    """40 workloads in repeating shapes: many share quotes and fleet groups, so reuses happen across workloads."""
    _walk(generated_plan(40), catalog, seed=1606, steps=25)
