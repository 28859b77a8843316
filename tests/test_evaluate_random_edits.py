"""An Evaluator kept across many edits (as the app's session keeps one) gives, after every edit, exactly the
evaluation a fresh `evaluate()` gives: a random walk of the edits a user makes (seeded, so every run walks the
same path), on a sample plan and on a generated one with workloads alike enough to share results.

The Evaluator reuses what an earlier evaluation worked out wherever the figures it read are unchanged
(resolutions, quotes, the fleet's marginals, hosting steps, unit costs, schedules); a reuse keyed on too few
figures would serve a stale number here.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from planner.domain.evaluate import Evaluator, evaluate
from planner.domain.plan import AssumptionRange, Plan, Scenario, TaskEdit, Workload
from planner.domain.validate import PlanInvalid, plan_problems
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


def _edit_more(plan: Plan, rng: random.Random, catalog, task_ids: list[str]) -> tuple[str, Plan]:
    """The plan fields `_edit` leaves alone: the organization's budget, staff, API tiers and system class, a workload's
    kind, volume, days, pinned GPU and system class, the pilot GPUs and the bridge, task edits, an assumption's range,
    the named scenarios."""
    workloads = list(plan.workloads)
    index = rng.randrange(len(workloads))
    w = workloads[index]
    org, hardware = plan.organization, plan.hardware
    kind = rng.choice(["budget", "people", "staff", "api_tiers", "org_class", "workload_class", "kind", "per_user", "days", "pinned_gpu",
                       "pilot", "bridge", "task", "task", "task", "range", "scenario"])
    if kind in ("budget", "people", "staff", "api_tiers", "org_class"):
        change = {
            "budget": lambda: {"budget_3y_krw": rng.choice([0, 300_000_000, 2_000_000_000, 90_000_000_000])},
            "people": lambda: {"ml_engineers": rng.choice([0, 1, 12]), "employees": rng.choice([5, 100, 50_000])},
            "staff": lambda: {"staff": {role: rng.choice([0, 1, 3]) for role in rng.sample(sorted(catalog.roles), rng.randrange(len(catalog.roles) + 1))}},
            "api_tiers": lambda: {"api_tiers": {p: rng.choice([1, 2, 3, 4, 5]) for p in rng.sample(["openai", "anthropic", "google"], rng.randrange(4))}},
            "org_class": lambda: rng.choice([{"csap_grade": rng.choice([None, "하", "중", "상"])}, {"n2sf_class": rng.choice([None, "O", "S", "C"])}]),
        }[kind]()
        return f"organization {change}", plan.model_copy(update={"organization": org.model_copy(update=change)})
    if kind in ("pilot", "bridge"):
        change = rng.choice([{"pilot_gpu": rng.choice([None, *sorted(catalog.gpus)])}, {"pilot_gpus": rng.choice([None, 1, 2, 8])}]) if kind == "pilot" else {"bridge": rng.choice([None, "gpuaas"])}
        return f"hardware {change}", plan.model_copy(update={"hardware": hardware.model_copy(update=change)})
    if kind == "task":  # a task of the last schedule (or a new one): its duration, lead time, roles, start, phase, dependencies
        task_id = rng.choice(task_ids) if task_ids and rng.random() < 0.85 else f"custom-{rng.randrange(5)}"
        fields: dict = {}
        for field in rng.sample(["duration_days", "lead_time_weeks", "roles", "start", "phase", "depends_on", "name"], rng.randrange(1, 4)):
            fields[field] = {
                "duration_days": lambda: rng.choice([0, 3, 40, 200]),
                "lead_time_weeks": lambda: rng.choice([0, 2.5, 20]),
                "roles": lambda: {role: rng.choice([0, 0.5, 2]) for role in rng.sample(sorted(catalog.roles), 2)},
                "start": lambda: plan.start + timedelta(days=rng.choice([10, 90, 400])),
                "phase": lambda: rng.choice([1, 2, 3, 4]),
                "depends_on": lambda: rng.sample(task_ids, min(2, len(task_ids))),
                "name": lambda: "Renamed task",
            }[field]()
        tasks = [t for t in plan.tasks if t.id != task_id]
        if len(tasks) == len(plan.tasks) or rng.random() < 0.8:  # else the task's edit is removed
            tasks.append(TaskEdit.model_validate({"id": task_id, **fields}))
        return f"task {task_id} {fields}", plan.model_copy(update={"tasks": tasks})
    if kind == "range":  # a figure of the catalog's assumptions as an uncertain input's range around its value
        ids = [a for a, e in sorted(catalog.assumptions.items()) if isinstance(e.value, (int, float)) and not isinstance(e.value, bool) and not e.choices]
        entry = catalog.assumptions[rng.choice(ids)]
        mode = float(entry.value) or 0.5
        high = mode * 1.3 if entry.max is None else min(mode * 1.3, entry.max)
        low = mode * 0.8 if entry.min is None else max(mode * 0.8, entry.min)
        mode = min(max(mode, low), high)
        return f"range {entry.id}", plan.model_copy(update={"assumptions": {**plan.assumptions, entry.id: AssumptionRange(low=min(low, mode), mode=mode, high=max(high, mode))}})
    if kind == "scenario":  # add, change or drop a named what-if
        scenarios = dict(plan.scenarios)
        if scenarios and rng.random() < 0.3:
            del scenarios[rng.choice(sorted(scenarios))]
        else:
            name = rng.choice(["usage", "billed", "owned", "growth"])
            body = {"usage": {"usage_multiplier": rng.choice([0.5, 3])}, "billed": {"pricing": "as_billed"},
                    "owned": {"gpuaas_hosting": rng.choice([True, False])}, "growth": {"usage_growth_per_year": rng.choice([0.0, 0.8])}}[name]
            scenarios[name] = Scenario.model_validate({"description": name, **body})
        return f"scenarios {sorted(scenarios)}", plan.model_copy(update={"scenarios": scenarios})
    change = {
        "workload_class": lambda: rng.choice([{"csap_grade": rng.choice([None, "하", "중", "상"])}, {"n2sf_class": rng.choice([None, "O", "S", "C"])}]),
        "kind": lambda: {"kind": rng.choice(sorted(catalog.workload_kinds))},
        "per_user": lambda: {"requests_per_user_per_day": rng.choice([None, 0.5, 20.0, 400.0])},
        "days": lambda: {"days_per_month": rng.choice([None, 5, 22, 31])},
        "pinned_gpu": lambda: {"gpu": rng.choice([None, *sorted(catalog.gpus)])},
    }[kind]()
    workloads[index] = Workload.model_validate({**w.model_dump(exclude_unset=True), **change})
    return f"{kind} of {w.id}: {change}", plan.model_copy(update={"workloads": workloads})


def _walk_as_the_session(plan: Plan, catalog, seed: int, steps: int) -> None:
    """As the app's session goes: each edited plan checked with `plan_problems(plan, catalog, evaluator)` (task edits
    are levelled to check them, into the Evaluator's tables) and, when valid, evaluated; one evaluation in five without
    the named scenarios (the first screen's); the Evaluator keeps levelled schedules or not (the CLI's and the app's).
    Half of the edits are `_edit`'s, half `_edit_more`'s."""
    rng = random.Random(seed)
    evaluator = Evaluator(catalog, keep_levelled=rng.random() < 0.5)
    task_ids = [t.id for t in evaluator.evaluate(plan).schedule.tasks][:60]
    history = [plan]

    def outcome(run, edited: Plan, kept: Evaluator | None, scenarios: bool):
        problems = plan_problems(edited, catalog, kept)
        if problems:
            return "invalid: " + "; ".join(f"{p.key}: {p.message}" for p in problems), None
        try:
            evaluation = run(edited)
        except (PlannerError, PlanInvalid) as error:
            return f"refused: {type(error).__name__}: {error}", None
        return evaluation.model_dump_json(exclude=None if scenarios else {"scenarios"}), evaluation  # without scenarios: a kept one may carry them

    for step in range(steps):
        if rng.random() < 0.1 and len(history) > 2:
            what, edited = "undo", history[-2]
        elif rng.random() < 0.5:
            what, edited = _edit(history[-1], rng, catalog)
        else:
            try:
                what, edited = _edit_more(history[-1], rng, catalog, task_ids)
            except ValueError:  # pydantic refused the edited table (the form would not let it through either)
                continue
        scenarios = rng.random() >= 0.2
        kept, evaluation = outcome(lambda p: evaluator.evaluate(p, scenarios=scenarios), edited, evaluator, scenarios)
        fresh, _ = outcome(lambda p: evaluate(p, catalog) if scenarios else Evaluator(catalog).evaluate(p, scenarios=False), edited, None, scenarios)
        assert kept == fresh, f"seed {seed}, step {step}: {what}"
        if evaluation is not None:
            history.append(edited)
            task_ids = [t.id for t in evaluation.schedule.tasks][:60]


@pytest.mark.parametrize(("name", "seed"), [("defense-airgap", 3), ("large-enterprise", 7), (None, 5)])
def test_a_random_walk_of_every_kind_of_edit_as_the_session_makes_them_evaluates_as_fresh(name, seed, catalog):
    """Every plan field a user can edit, checked and evaluated as the app's session does, against a fresh evaluation.
    `name` None: the generated 40-workload plan."""
    if name is None:
        plan = generated_plan(40)
    else:
        path = next((p for p in SAMPLE_PLANS if p.stem == name), None)
        assert path is not None, f"sample plan {name} is gone"
        plan = read_plan(path, catalog)
    _walk_as_the_session(plan, catalog, seed=seed, steps=25)
