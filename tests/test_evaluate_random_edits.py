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
from planner.domain.validate import PlanInvalid
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
    kind = rng.choice(["users", "users", "tokens", "data", "model", "precision", "override", "delete", "copy", "org", "assumption", "gpu",
                       "traffic", "any_assumption", "horizon", "start", "industry", "offer"])
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
    elif kind == "traffic":  # the workload's other figures the form edits
        field = rng.choice(["batch", "busy_hours", "cached_prefix_share", "requests_per_day", "cloud_model", "deidentifiable", "sensitive_share", "embeddings_usd_per_month"])
        value = {
            "batch": rng.choice([None, True, False]),
            "busy_hours": rng.choice([None, 4.0, 10.0, 24.0]),
            "cached_prefix_share": rng.choice([None, 0.0, 0.5, 0.9]),
            "requests_per_day": rng.choice([None, 50.0, 2_000.0, 90_000.0]),
            "cloud_model": rng.choice([None, "gpt-4o-mini", "claude-3.5-sonnet", "gemini-1.5-flash"]),
            "deidentifiable": rng.choice([None, True, False]),
            "sensitive_share": rng.choice([None, 0.0, 0.3, 1.0]),
            "embeddings_usd_per_month": rng.choice([None, 0.0, 500.0]),
        }[field]
        change = {field: value}
    elif kind == "any_assumption":  # any assumption of the catalog: a choice, or its value scaled within its bounds
        entry = catalog.assumptions[rng.choice(sorted(catalog.assumptions))]
        if entry.choices:
            value = rng.choice(entry.choices)
        elif isinstance(entry.value, bool):
            value = not entry.value
        elif isinstance(entry.value, str):
            return "no edit", plan
        else:
            value = entry.value * rng.choice([0.5, 1.5, 2.0]) if entry.value else rng.choice([0.1, 1.0])
            value = min(entry.max if entry.max is not None else value, max(entry.min if entry.min is not None else value, value))
        return f"assumption {entry.id} = {value}", plan.model_copy(update={"assumptions": {**plan.assumptions, entry.id: value}})
    elif kind == "horizon":  # the months, some within the same plan years (34, 35 and 36 months are three years each)
        months = rng.choice([12, 24, 30, 34, 35, 36, 48, 60])
        return f"horizon {months}", plan.model_copy(update={"horizon_months": months})
    elif kind == "start":
        start = plan.start.replace(month=rng.choice([1, 2, 9, 12]), day=rng.choice([1, 15, 28]))
        return f"start {start}", plan.model_copy(update={"start": start})
    elif kind == "industry":
        org = plan.organization.model_copy(update={"industry": rng.choice(sorted(catalog.industries)), "security_requirements": rng.choice([True, False])})
        return f"industry {org.industry}", plan.model_copy(update={"organization": org})
    elif kind == "offer":  # the rented-GPU offer the plan pins (or none)
        hardware = plan.hardware.model_copy(update={"gpuaas": rng.choice([None, *sorted(catalog.gpuaas)])})
        return f"gpuaas offer {hardware.gpuaas}", plan.model_copy(update={"hardware": hardware})
    else:  # gpu
        hardware = plan.hardware.model_copy(update={"gpu": rng.choice([None, "h100-80gb", "l40s", "h200-141gb"])})
        return "hardware gpu", plan.model_copy(update={"hardware": hardware})
    workloads[index] = Workload.model_validate({**w.model_dump(exclude_unset=True), **change})
    return f"{kind} of {w.id}: {change}", plan.model_copy(update={"workloads": workloads})


def _outcome(run, plan: Plan) -> str:
    try:
        return run(plan).model_dump_json()
    except (PlannerError, PlanInvalid) as error:  # an edit the rules refuse: both must refuse it alike
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


@pytest.mark.parametrize(("name", "seed"), [("bank-customer-service", 16), ("public-agency-gpuaas", 16), ("public-agency-gpuaas", 2)])
def test_a_random_walk_of_edits_on_a_sample_plan_evaluates_as_fresh(name, seed, catalog):
    """Seed 2 walks public-agency-gpuaas through GPU, industry and horizon edits until its rented-GPU bridge moves from one
    GPU type to another at the same provider: the kept schedule was keyed on the quote's provider and lead time only, and
    served the bridge task's note of the earlier GPU."""
    path = next((p for p in SAMPLE_PLANS if p.stem == name), None)
    assert path is not None, f"sample plan {name} is gone"
    _walk(read_plan(path, catalog), catalog, seed=seed, steps=25)


def test_a_random_walk_of_edits_on_a_generated_plan_evaluates_as_fresh(catalog):
    """40 workloads in repeating shapes: many share quotes and fleet groups, so reuses happen across workloads."""
    _walk(generated_plan(40), catalog, seed=1606, steps=25)
