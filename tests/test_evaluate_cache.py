"""An Evaluator (the app's session owns one) keeps recent results: the same plan gives the same answer
at once, and any change is re-evaluated; evaluate() keeps nothing between calls.

Each kept answer is checked against a fresh evaluation (`evaluate()`), so a reuse that served a stale
or foreign result would fail here.
"""

from __future__ import annotations

import pytest

from planner.domain.evaluate import Evaluator, evaluate
from planner.domain.plan import Plan
from planner.domain.resolve import Assumptions, resolve_workloads
from planner.domain.schedule import build_schedule
from planner.domain.sizing import size_hardware
from planner.store.loader import read_plan
from tests.conftest import SAMPLE_PLANS


def _sample(name: str, catalog) -> Plan:
    return read_plan(next(p for p in SAMPLE_PLANS if p.stem == name), catalog)


def _fresh_json(plan: Plan, catalog) -> str:
    return evaluate(plan, catalog).model_dump_json()


def _with_users(plan: Plan, workload_id: str, users: int) -> Plan:
    workloads = [w.model_copy(update={"users": users}) if w.id == workload_id else w for w in plan.workloads]
    return plan.model_copy(update={"workloads": workloads})


def test_the_same_plan_is_not_evaluated_twice(catalog):
    plan = _sample("midsize-chatbot", catalog)
    evaluator = Evaluator(catalog)
    first = evaluator.evaluate(plan)
    assert evaluator.evaluate(plan) is first
    # an equal plan read again from the file is another object with the same values
    assert evaluator.evaluate(_sample("midsize-chatbot", catalog)) is first
    assert first.model_dump_json() == _fresh_json(plan, catalog)
    # nothing is kept outside an evaluator
    assert evaluate(plan, catalog) is not evaluate(plan, catalog)


def test_an_edited_workload_is_re_evaluated(catalog):
    plan = _sample("midsize-chatbot", catalog)
    evaluator = Evaluator(catalog)
    before = evaluator.evaluate(plan)
    users = before.workload("internal-chatbot")
    edited = _with_users(plan, "internal-chatbot", 5_000)
    after = evaluator.evaluate(edited)
    assert after.workload("internal-chatbot").requests_per_day == pytest.approx(users.requests_per_day * 10)
    assert after.workload("internal-chatbot").cloud_cost_usd_per_month > users.cloud_cost_usd_per_month
    assert after.model_dump_json() == _fresh_json(edited, catalog)
    # going back (undo) gives the first answer again
    assert evaluator.evaluate(plan) is before


def test_a_number_written_as_integer_or_decimal_is_a_different_plan(catalog):
    plan = _sample("midsize-chatbot", catalog)
    as_int = plan.model_copy(update={"assumptions": {**plan.assumptions, "usage_multiplier": 1}})
    as_float = plan.model_copy(update={"assumptions": {**plan.assumptions, "usage_multiplier": 1.0}})
    assert as_int == as_float  # pydantic's equality cannot tell them apart ...
    evaluator = Evaluator(catalog)
    first, second = evaluator.evaluate(as_int), evaluator.evaluate(as_float)
    assert type(first.assumptions["usage_multiplier"]) is int  # ... the evaluation shows what the plan says
    assert type(second.assumptions["usage_multiplier"]) is float
    assert second.model_dump_json() == _fresh_json(as_float, catalog)


def test_every_sample_plan_evaluates_the_same_remembered_or_not(catalog):
    evaluator = Evaluator(catalog)
    for path in SAMPLE_PLANS:
        plan = read_plan(path, catalog)
        remembered = evaluator.evaluate(plan).model_dump_json()
        assert evaluator.evaluate(read_plan(path, catalog)).model_dump_json() == remembered
        assert _fresh_json(plan, catalog) == remembered, path.stem


def _schedule_inputs(plan: Plan, catalog):
    assumptions = Assumptions(catalog, plan.assumptions)
    evaluation = evaluate(plan, catalog)
    resolved = resolve_workloads(plan, catalog, assumptions)
    sizing = size_hardware(evaluation.workloads, resolved, plan.hardware, catalog, assumptions)
    return evaluation.workloads, sizing, assumptions


def test_the_schedule_is_reused_only_while_its_inputs_stay_the_same(catalog):
    plan = _sample("midsize-chatbot", catalog)
    kept = Evaluator(catalog).schedules
    results, sizing, assumptions = _schedule_inputs(plan, catalog)
    schedule = build_schedule(plan, results, sizing, catalog, assumptions, kept)
    assert build_schedule(plan, results, sizing, catalog, assumptions, kept) is schedule
    # translation runs on the cloud: twice the users change its cost, not the migration schedule
    busier = _with_users(plan, "translation", 400)
    results2, sizing2, assumptions2 = _schedule_inputs(busier, catalog)
    cost = {r.id: r.cloud_cost_usd_per_month for r in results}
    assert {r.id: r.cloud_cost_usd_per_month for r in results2}["translation"] == pytest.approx(cost["translation"] * 2, rel=1e-3)
    assert build_schedule(busier, results2, sizing2, catalog, assumptions2, kept) is schedule
    # a renamed workload renames its tasks
    workloads = [w.model_copy(update={"name": "Support bot"}) if w.id == "customer-support" else w for w in plan.workloads]
    renamed = plan.model_copy(update={"workloads": workloads})
    results3, sizing3, assumptions3 = _schedule_inputs(renamed, catalog)
    changed = build_schedule(renamed, results3, sizing3, catalog, assumptions3, kept)
    assert changed is not schedule
    assert any("Support bot" in t.name for t in changed.tasks)
    assert not any("Support bot" in t.name for t in schedule.tasks)
    # a later start moves every date
    later = plan.model_copy(update={"start": plan.start.replace(year=plan.start.year + 1)})
    results4, sizing4, assumptions4 = _schedule_inputs(later, catalog)
    moved = build_schedule(later, results4, sizing4, catalog, assumptions4, kept)
    assert moved.tasks[0].start.year == schedule.tasks[0].start.year + 1
    assert evaluate(later, catalog).model_dump_json() == _fresh_json(later, catalog)


def test_an_edit_resolves_only_the_edited_workload_again(catalog):
    plan = _sample("large-enterprise", catalog)
    kept = Evaluator(catalog).resolutions
    assumptions = Assumptions(catalog, plan.assumptions)
    before = resolve_workloads(plan, catalog, assumptions, kept)
    edited_id = plan.workloads[1].id
    edited = _with_users(plan, edited_id, (plan.workloads[1].users or 10) * 3) if plan.workloads[1].users else plan.model_copy(
        update={"workloads": [w.model_copy(update={"requests_per_day": w.requests_per_day * 3}) if w.id == edited_id else w for w in plan.workloads]}
    )
    after = resolve_workloads(edited, catalog, assumptions, kept)
    assert [a is b for a, b in zip(before, after)] == [w.id != edited_id for w in plan.workloads]
    assert after[1].requests_per_day == pytest.approx(before[1].requests_per_day * 3)
    # another usage multiplier is another context: nothing is taken from the first
    doubled = Assumptions(catalog, {**plan.assumptions, "usage_multiplier": 2.0})
    scaled = resolve_workloads(plan, catalog, doubled, kept)
    assert all(a is not b and b.requests_per_day == pytest.approx(a.requests_per_day * 2) for a, b in zip(before, scaled))
    assert evaluate(edited, catalog).model_dump_json() == _fresh_json(edited, catalog)


def test_the_table_forgets_the_least_recently_used_beyond_its_size_and_weight():
    from planner.domain.memo import Remembered

    table = Remembered(size=3, budget=10)
    table.put("a", 1, weight=4)
    table.put("b", 2, weight=4)
    table.put("c", 3, weight=4)  # 12 > 10: "a" goes
    assert table.get("a") is None and table.values() == [2, 3]
    assert table.get("b") == 2  # "b" is now the most recent
    table.put("d", 4, weight=1)
    assert table.values() == [3, 2, 4]
    table.put("e", 5, weight=50)  # heavier than the budget alone: kept, everything else goes
    assert table.values() == [5]


def test_a_plan_changed_in_place_is_evaluated_again(catalog):
    plan = _sample("startup-coding", catalog)
    evaluator = Evaluator(catalog)
    before = evaluator.evaluate(plan)
    extra = plan.workloads[0].model_copy(update={"id": "second-copy"})
    plan.workloads.append(extra)  # frozen models still hold mutable lists
    after = evaluator.evaluate(plan)
    assert [w.id for w in after.workloads] == [w.id for w in before.workloads] + ["second-copy"]
    assert after.model_dump_json() == _fresh_json(plan, catalog)


def test_a_workload_replaced_in_place_is_read_again_and_an_edit_dumps_only_its_workload(catalog, monkeypatch):
    """The whole-evaluation key holds each workload's JSON, kept by the workload object from one key to the next: a
    workload replaced in the plan's list (in place) is read again, and an edit of one workload writes that workload's
    JSON alone (the others' are the same objects)."""
    from planner.domain.plan import Workload

    plan = _sample("midsize-chatbot", catalog)
    evaluator = Evaluator(catalog)
    before = evaluator.evaluate(plan)
    dumped: list[str] = []
    real = Workload.model_dump_json
    monkeypatch.setattr(Workload, "model_dump_json", lambda self, **kwargs: dumped.append(self.id) or real(self, **kwargs))
    edited = _with_users(plan, "internal-chatbot", 5_000)
    after = evaluator.evaluate(edited)
    assert dumped == ["internal-chatbot"] and after is not before
    assert evaluator.evaluate(_with_users(plan, "internal-chatbot", 5_000)) is after  # equal values, other objects
    index = next(i for i, w in enumerate(plan.workloads) if w.id == "internal-chatbot")
    plan.workloads[index] = edited.workloads[index]  # frozen models still hold mutable lists
    assert evaluator.evaluate(plan) is after
    other = plan.workloads[index].model_copy(update={"output_tokens": plan.workloads[index].output_tokens + 1})
    plan.workloads[index] = other
    changed = evaluator.evaluate(plan)
    assert changed is not after and changed.model_dump_json() == _fresh_json(plan, catalog)


def _edits(plan: Plan, catalog):
    """Real edits a user makes, one after another (each builds on the last), ending with an undo."""
    first = plan.workloads[0]
    busy = first.model_copy(update={"users": (first.users or 50) * 3} if first.users else {"requests_per_day": (first.requests_per_day or 100) * 3})
    yield "more users", plan.model_copy(update={"workloads": [busy, *plan.workloads[1:]]})
    last = plan.workloads[-1]
    other_model = "qwen2.5-14b" if last.open_model != "qwen2.5-14b" else "llama-3.1-8b"
    changed = last.model_copy(update={"open_model": other_model, "data": "internal"})
    yield "model and data class", plan.model_copy(update={"workloads": [busy, *plan.workloads[1:-1], changed]})
    yield "workload deleted", plan.model_copy(update={"workloads": [busy, *plan.workloads[1:-1]]})
    copy = first.model_copy(update={"id": "copy-of-first", "name": "Copy", "output_tokens": 900})
    yield "workload added", plan.model_copy(update={"workloads": [busy, *plan.workloads[1:-1], copy]})
    hosting = not plan.assumptions.get("gpuaas_hosting", False)
    yield "assumptions", plan.model_copy(update={"workloads": [busy, *plan.workloads[1:-1], copy], "assumptions": {**plan.assumptions, "gpuaas_hosting": hosting, "usage_growth_per_year": 0.5}})
    yield "rented GPUs pinned", plan.model_copy(update={"hardware": plan.hardware.model_copy(update={"gpuaas": next(iter(catalog.gpuaas))})})
    yield "undo to the start", plan


@pytest.mark.parametrize("path", SAMPLE_PLANS, ids=lambda p: p.stem)
def test_edits_evaluated_incrementally_equal_a_full_evaluation(path, catalog):
    """The Evaluator reuses per-workload results (resolutions, cloud costs, GPUaaS quotes, schedules) across
    edits; after each edit its evaluation, aggregates included, equals a fresh one of the edited plan."""
    plan = read_plan(path, catalog)
    evaluator = Evaluator(catalog)
    evaluator.evaluate(plan)
    for what, edited in _edits(plan, catalog):
        assert evaluator.evaluate(edited).model_dump_json() == _fresh_json(edited, catalog), f"{path.stem}: {what}"


def test_an_edit_quotes_rented_gpus_only_for_the_edited_workload(catalog, monkeypatch):
    """The placement step's GPUaaS quotes (every offer priced per workload) are kept by the Evaluator: after
    one workload's edit only that workload is quoted again, and the evaluation equals a fresh one."""
    import planner.domain.gpuaas as gpuaas

    plan = _sample("bank-customer-service", catalog)
    quoted: list[str] = []
    best_quote = gpuaas.best_quote
    monkeypatch.setattr(gpuaas, "best_quote", lambda workload, *args: quoted.append(workload.id) or best_quote(workload, *args))
    evaluator = Evaluator(catalog)
    evaluator.evaluate(plan)
    assert len(set(quoted)) >= 2  # the sample rents its self-hosted workloads: several are quoted
    edited_id = next(w for w in plan.workloads if w.id in quoted and w.users).id
    quoted.clear()
    edited = _with_users(plan, edited_id, next(w.users for w in plan.workloads if w.id == edited_id) * 3)
    evaluation = evaluator.evaluate(edited)
    assert set(quoted) == {edited_id}  # once per scenario (each its own assumptions)
    assert evaluation.model_dump_json() == _fresh_json(edited, catalog)


def test_a_result_copied_with_a_change_is_that_result_built_anew_and_the_original_stays(catalog):
    """Results are copied with `model_copy` throughout an evaluation (a rented-GPU variant, cents, quotes with
    the fleet's owned figures): the copy is what validating the changed values gives, the original is untouched."""
    from pydantic import ValidationError

    from planner.domain.results import WorkloadResult

    chatbot = evaluate(_sample("bank-customer-service", catalog), catalog).workload("customer-chatbot")
    before = chatbot.model_dump_json()
    moved = chatbot.model_copy(update={"placement": "on_prem", "onprem_share": 1.0})
    assert moved == WorkloadResult.model_validate({**chatbot.model_dump(), "placement": "on_prem", "onprem_share": 1.0})
    assert moved.model_dump_json() != before and chatbot.model_dump_json() == before
    assert chatbot.model_copy() == chatbot and chatbot.model_copy(deep=True) == chatbot
    with pytest.raises(ValidationError):
        moved.placement = "cloud"  # still frozen


def test_workloads_alike_but_for_id_and_name_are_costed_once_and_cost_alike(catalog, monkeypatch):
    """Cloud costs read a workload's figures, not which workload it is: copies of a workload are costed once
    per evaluation and get the same breakdown; a workload with other figures is costed on its own."""
    import planner.domain.evaluate as evaluate_module

    billed: list[str] = []
    original = evaluate_module._billed
    monkeypatch.setattr(evaluate_module, "_billed", lambda workload, *args: billed.append(workload.id) or original(workload, *args))
    plan = read_plan(SAMPLE_PLANS[0], catalog)
    first = plan.workloads[0]
    copy = first.model_copy(update={"id": "copy-of-first", "name": "Copy of the first"})
    more = first.model_copy(update={"id": "more-of-first", "name": "More of the first", "requests_per_day": (first.requests_per_day or 1000) * 3})
    plan = plan.model_copy(update={"workloads": [first, copy, more], "scenarios": {}})  # one evaluation
    ev = evaluate(plan, catalog)
    assert billed == [first.id, "more-of-first"]
    a, b, c = ev.workloads
    assert a.cloud_cost_breakdown.model_dump() == b.cloud_cost_breakdown.model_dump() and a.cloud_cost_usd_per_month == b.cloud_cost_usd_per_month > 0
    assert c.cloud_cost_usd_per_month > a.cloud_cost_usd_per_month



@pytest.mark.parametrize("path", [*SAMPLE_PLANS, None], ids=lambda p: p.stem if p else "bank-all-on-prem")
def test_the_plans_sizing_is_its_results_sized_also_where_the_all_on_prem_sizing_stands_in(catalog, path):
    """Where every workload is fully on-prem the evaluation takes the all-on-prem sizing as the plan's (the same
    shares of the same workloads): it equals sizing the results themselves, on every sample plan and on an
    all-on-prem one (the bank sample with every workload placed on-prem)."""
    plan = read_plan(path or SAMPLE_PLANS[0], catalog)
    if path is None:
        plan = plan.model_copy(update={"workloads": [w.model_copy(update={"placement": "on_prem", "placement_note": "test"}) for w in plan.workloads], "scenarios": {}})
    evaluation = evaluate(plan, catalog)
    assumptions = Assumptions(catalog, plan.assumptions)
    resolved = resolve_workloads(plan, catalog, assumptions)
    assert evaluation.sizing.model_dump() == size_hardware(evaluation.workloads, resolved, plan.hardware, catalog, assumptions).model_dump()
    if path is None:
        assert all(r.onprem_share == 1.0 for r in evaluation.workloads) and evaluation.sizing.groups


def test_an_edit_sizes_again_only_the_edited_workloads_peak_load_and_an_assumption_it_reads_every_one(catalog, monkeypatch):
    """The peak loads the sizing reads (all on-prem, the fleet's owned-vs-rented choice, the plan's GPUs) are kept by the
    Evaluator per set of assumptions: after one workload's edit only its load is worked out again; a changed
    `peak_factor` works out every one again. Each evaluation equals a fresh one."""
    import planner.domain.sizing as sizing

    plan = _sample("bank-customer-service", catalog)
    loads: list[str] = []
    demand = sizing._workload_demand  # (where every peak load is worked out: `workload_demand` and the sizing's loop)
    monkeypatch.setattr(sizing, "_workload_demand", lambda workload, *args: loads.append(workload.id) or demand(workload, *args))
    evaluator = Evaluator(catalog)
    evaluator.evaluate(plan)
    assert {"customer-chatbot", "compliance-search"} <= set(loads)
    loads.clear()
    edited = _with_users(plan, "compliance-search", 4_500)
    evaluation = evaluator.evaluate(edited)
    assert set(loads) == {"compliance-search"}
    assert evaluation.model_dump_json() == _fresh_json(edited, catalog)
    loads.clear()
    peakier = edited.model_copy(update={"assumptions": {**edited.assumptions, "peak_factor": 4.0}})
    evaluation = evaluator.evaluate(peakier)
    assert {"customer-chatbot", "compliance-search"} <= set(loads)
    assert evaluation.model_dump_json() == _fresh_json(peakier, catalog)


def test_an_edit_that_moves_the_organizations_total_past_a_threshold_re_decides_the_other_workloads(catalog):
    """Placements read plan-level totals (the organization's requests a day against `org_requests_per_day_threshold`):
    one workload's edit that takes the total past it re-decides every workload, kept results or not."""
    from planner.domain.plan import Organization, Workload

    threshold = Assumptions(catalog, {}).num("org_requests_per_day_threshold")
    workloads = [Workload(id=f"w{i}", name=f"W{i}", kind="general_qa", requests_per_day=threshold / 10) for i in range(3)]
    organization = Organization(industry="general", employees=5_000, ml_engineers=4, budget_3y_krw=5_000_000_000)
    plan = Plan(name="Near the threshold", start="2026-03-02", organization=organization, workloads=workloads)
    evaluator = Evaluator(catalog)
    before = evaluator.evaluate(plan)
    assert [r.framework for r in before.workloads] == [["cloud"]] * 3  # Q2: below the threshold -> cloud
    busier = plan.model_copy(update={"workloads": [workloads[0].model_copy(update={"requests_per_day": threshold}), *workloads[1:]]})
    after = evaluator.evaluate(busier)
    moved = after.workload("w2")  # not edited: the total re-decided it (Q2 -> Q3 -> Q4: on-prem, against the table's cloud)
    assert moved.framework == ["on_prem", "cloud"] and "on_prem" in moved.priced_krw
    assert next(s for s in moved.trace if s.rule == "flowchart.Q2").answer.startswith("yes")
    assert after.model_dump_json() == _fresh_json(busier, catalog)
    assert evaluator.evaluate(plan) is before  # undo


def test_the_ledger_works_out_a_schedules_project_staff_once_and_again_for_another_horizon(catalog, monkeypatch):
    """The project staff each task adds to the months (the cloud and on-prem strategies' common tasks, the plan's all)
    is worked out once per schedule and calendar, in one walk over its tasks, and kept by the Evaluator: an edit that
    keeps the schedule reuses it; a longer horizon (the same schedule, other months) works it out again. Each
    evaluation equals a fresh one."""
    import planner.domain.ledger as ledger

    plan = _sample("midsize-chatbot", catalog)
    worked: list[tuple[bool, bool]] = []  # (common tasks, every task) of each walk over a schedule's tasks
    spans = ledger._staff_spans_of
    monkeypatch.setattr(ledger, "_staff_spans_of", lambda schedule, catalog, cal, common, every: worked.append((common, every)) or spans(schedule, catalog, cal, common, every))
    evaluator = Evaluator(catalog)
    evaluator.evaluate(plan)
    # the ledger's schedule walked once for both (not once per strategy), the rented-GPU variant's for every task alone
    assert (True, True) in worked and (True, False) not in worked and len(worked) <= 2 * (1 + len(plan.scenarios))
    worked.clear()
    busier = _with_users(plan, "translation", 400)  # on the cloud: its schedule stays (see above)
    evaluation = evaluator.evaluate(busier)
    assert worked == []
    assert evaluation.model_dump_json() == _fresh_json(busier, catalog)
    longer = busier.model_copy(update={"horizon_months": busier.horizon_months + 12})
    evaluation = evaluator.evaluate(longer)
    assert (True, True) in worked
    assert evaluation.model_dump_json() == _fresh_json(longer, catalog)


def test_an_edit_writes_again_only_the_hosting_steps_and_unit_costs_whose_figures_changed(catalog, monkeypatch):
    """After one workload's edit the other workloads' quotes, owned figures on the shared fleet, hosting steps and
    cloud and rented-GPU unit costs are the previous evaluation's (only their on-prem prices move); an edit that
    changes the fleet's GPUs changes the owned figures of the workloads on them. Each evaluation equals a fresh one."""
    import planner.domain.placement as placement
    import planner.domain.unit_costs as unit_costs
    from tests.bench.bench_engine import generated_plan

    written: list[str] = []
    hosting_step, unit = placement._hosting_step, unit_costs._unit
    monkeypatch.setattr(placement, "_hosting_step", lambda quote, *args, **kwargs: written.append("hosting") or hosting_step(quote, *args, **kwargs))
    monkeypatch.setattr(unit_costs, "_unit", lambda usd, tokens, requests, basis, *args: written.append(basis.split(" on ")[0]) or unit(usd, tokens, requests, basis, *args))
    plan = generated_plan(60)
    evaluator = Evaluator(catalog)
    first = evaluator.evaluate(plan)
    hosted = sum(1 for r in first.workloads if any(step.rule == "gpuaas.hosting" for step in r.trace))
    assert hosted >= 30 and written.count("hosting") == hosted
    rented = next(r.id for r in first.workloads[30:] if r.gpuaas is not None)  # a hosting candidate on the shared fleet
    for users in (next(w.users for w in plan.workloads if w.id == rented) + 1, 5_000):
        written.clear()
        workloads = [w.model_copy(update={"users": users}) if w.id == rented else w for w in plan.workloads]
        edited = plan.model_copy(update={"workloads": workloads})
        evaluation = evaluator.evaluate(edited)
        steps, cloud_units = written.count("hosting"), written.count("month 1")
        if users < 1_000:  # a small edit: the fleet keeps its GPUs
            assert steps <= 1, steps
            assert cloud_units == 2, cloud_units  # the edited workload's cloud and rented-GPU unit costs ("month 1 on ...")
        else:  # its group needs another GPU type: the owned figures on it change
            assert {g.gpu for g in evaluation.sizing.groups} != {g.gpu for g in first.sizing.groups}
            assert steps > 1
        assert evaluation.model_dump_json() == _fresh_json(edited, catalog)


def test_each_models_texts_are_worked_out_once_on_an_evaluator(catalog, monkeypatch):
    """The closed-vs-open texts of each model and rented-GPU offer the workloads use are worked out once per set of
    assumptions on an Evaluator, not again after an edit, and come out as a fresh evaluation's, in the same order."""
    import planner.domain.models_compare as models_compare
    from tests.bench.bench_engine import generated_plan

    made: list[str] = []
    for name in ("_cloud_terms", "_open_terms", "_offer_terms"):
        monkeypatch.setattr(models_compare, name, lambda *args, _made=getattr(models_compare, name): made.append(args[0].id) or _made(*args))
    plan = generated_plan(40)
    evaluator = Evaluator(catalog)
    first = evaluator.evaluate(plan)
    assert len(made) == len(first.model_terms) == len(set(made)) > 2
    made.clear()
    workloads = list(plan.workloads)
    workloads[7] = workloads[7].model_copy(update={"users": workloads[7].users + 50})
    edited = plan.model_copy(update={"workloads": workloads})
    again = evaluator.evaluate(edited)
    assert made == []
    fresh = evaluate(edited, catalog)
    assert list(again.model_terms.items()) == list(fresh.model_terms.items())


def test_the_schedules_are_found_by_the_key_of_the_results_they_are_built_from(catalog, monkeypatch):
    """An evaluation makes the schedule's key of the plan's results once and the rented-GPU variant's from it
    (`moved_results_key`): each must be the key of the results that schedule is built from, or the variant's kept
    schedule would be found for other results (and `show --ranges`, which keys the variant by its own results, would not
    find it)."""
    import planner.domain.evaluate as evaluate_module
    from planner.domain.schedule import schedule_results_key

    calls = []
    real = evaluate_module.build_schedule

    def recording(plan, results, *args, **kwargs):
        moved = sum(r.placement == "gpuaas" for r in results) if kwargs.get("dates_only") else 0
        calls.append((moved, schedule_results_key(results), kwargs.get("results_key")))
        return real(plan, results, *args, **kwargs)

    monkeypatch.setattr(evaluate_module, "build_schedule", recording)
    for path in SAMPLE_PLANS:
        plan = read_plan(path, catalog)
        evaluator = Evaluator(catalog)
        evaluator.evaluate(plan)
        # and the next evaluation of an edited plan, which finds both schedules by those keys
        evaluator.evaluate(_with_users(plan, plan.workloads[0].id, (plan.workloads[0].users or 10) + 1))
    assert all(given is not None for _moved, _key, given in calls)
    for _moved, key, given in calls:
        assert given == key
    variants = [moved for moved, _key, _given in calls if moved]
    assert len(variants) >= 10 and sum(variants) >= 40  # rented-GPU variants of most sample plans and scenarios were keyed
