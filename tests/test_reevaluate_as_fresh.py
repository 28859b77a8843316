"""After each edit a user makes, the Evaluator's answer is exactly a fresh evaluation's, also where it builds a
workload's result from the previous evaluation's (a workload, its costs and its placement unchanged but for the
on-prem price, which every edit moves: it is a share of the shared fleet).

The edits follow each other on one Evaluator, as in the app's session, so each one is evaluated with the tables the
edits before it left: volume, a placement override, a GPU pin, an assumption, a workload added and one removed.
"""

from __future__ import annotations

import pytest

import planner.domain.evaluate as evaluate_module
from planner.domain.evaluate import Evaluator, evaluate
from planner.domain.plan import Plan, Workload
from tests.bench.bench_engine import generated_plan

COUNT = 84
"""Workloads of the generated plan: every kind 12 times, at 84 different volumes."""


def _changed(plan: Plan, index: int, **change) -> Plan:
    workloads = list(plan.workloads)
    workloads[index] = Workload.model_validate({**workloads[index].model_dump(exclude_unset=True), **change})
    return plan.model_copy(update={"workloads": workloads})


def _edits(plan: Plan, catalog):
    """(what, plan) for each edit in turn, each on the plan the one before left."""
    middle = COUNT // 2
    plan = _changed(plan, middle, users=1_001)
    yield "volume", plan
    plan = _changed(plan, middle, users=1_002)
    yield "volume again", plan
    plan = _changed(plan, 7, users=5_000)
    yield "volume of another workload, past its GPUs", plan
    plan = _changed(plan, 3, placement="cloud", acknowledge_regulation=True, placement_note="chosen by the team")
    yield "placement override to the cloud", plan
    plan = _changed(plan, 10, placement="gpuaas", acknowledge_regulation=True, placement_note="rented for the pilot")
    yield "placement override to rented GPUs", plan
    plan = _changed(plan, 12, gpu="h100-80gb")
    yield "gpu pin", plan
    plan = _changed(plan, middle, users=1_003)
    yield "volume after the pin", plan
    plan = plan.model_copy(update={"assumptions": {**plan.assumptions, "usage_growth_per_year": 0.5}})
    yield "assumption", plan
    plan = _changed(plan, middle, users=1_004)
    yield "volume under the new assumption", plan
    copy = plan.workloads[20].model_copy(update={"id": "w-copy", "name": "Copy", "users": 333})
    plan = plan.model_copy(update={"workloads": [*plan.workloads[:21], copy, *plan.workloads[21:]]})
    yield "workload added", plan
    plan = plan.model_copy(update={"workloads": [w for i, w in enumerate(plan.workloads) if i != 30]})
    yield "workload removed", plan
    plan = _changed(plan, middle, users=1_005)
    yield "volume after the removal", plan


def test_each_edit_re_evaluated_equals_a_fresh_evaluation_of_the_edited_plan(catalog, monkeypatch):
    import planner.domain.sizing as sizing_module

    kept_results: list[int] = []
    from_previous = evaluate_module._result
    monkeypatch.setattr(evaluate_module, "_result", lambda values: kept_results.append(1) or from_previous(values))
    sums: list[int] = []  # demands summed: a sizing group an edit left as it was is not summed again
    sum_demands = sizing_module.sum_demands
    monkeypatch.setattr(sizing_module, "sum_demands", lambda demands: sums.append(len(demands)) or sum_demands(demands))
    plan = generated_plan(COUNT)
    evaluator = Evaluator(catalog)
    evaluator.evaluate(plan)
    for what, edited in _edits(plan, catalog):
        kept_results.clear()
        sums.clear()
        kept = evaluator.evaluate(edited).model_dump_json()
        kept_sums = sum(sums)
        same = kept == evaluate(edited, catalog).model_dump_json()
        assert same, what
        if what.startswith("volume again"):  # most workloads' results are the previous ones with their new prices
            assert len(kept_results) > COUNT // 2, len(kept_results)
            assert kept_sums < sum(sums) - kept_sums, (kept_sums, sum(sums) - kept_sums)


@pytest.mark.parametrize("users", [1_001, 40])
def test_an_edit_back_and_forth_gives_each_plan_its_own_prices(catalog, users):
    """Undo and redo of one edit: each plan's every workload shows its own on-prem price and tie step, not the ones
    of the plan evaluated just before."""
    plan = generated_plan(COUNT)
    edited = _changed(plan, COUNT // 2, users=users)
    evaluator = Evaluator(catalog)
    fresh = {0: evaluate(plan, catalog), 1: evaluate(edited, catalog)}
    for which in (0, 1, 0, 1, 1, 0):
        evaluator.evaluations.clear()  # each plan evaluated again, not its whole evaluation given back
        found = evaluator.evaluate([plan, edited][which])
        assert [r.priced_krw for r in found.workloads] == [r.priced_krw for r in fresh[which].workloads]
        same = found.model_dump_json() == fresh[which].model_dump_json()
        assert same


def test_the_fleets_owned_figures_are_the_ones_read_and_moved_one_candidate_at_a_time(catalog, monkeypatch):
    """Owned vs rented on the shared fleet reads each group's candidates together (their loads sized together, the
    tables an edit left as they were) and skips the passes where no saving moves one: every answer (owned and rented
    figures, GPU, rented or not) is the one the candidates read and moved one at a time give, in the sample plans and
    their scenarios, with hosting on and off, and along the edits on one Evaluator."""
    import planner.domain.gpuaas as gpuaas_module
    from planner.store.loader import read_plan
    from tests.conftest import SAMPLE_PLANS

    calls: list[tuple] = []
    fleet_owned = gpuaas_module.fleet_owned

    def kept_call(*args):
        found = fleet_owned(*args)
        calls.append((args, dict(found)))  # owned_on_fleet updates the first answer with the override-free one
        return found

    monkeypatch.setattr(gpuaas_module, "fleet_owned", kept_call)
    for path in SAMPLE_PLANS:
        plan = read_plan(path, catalog)
        for hosting in (True, False):
            evaluate(plan.model_copy(update={"assumptions": {**plan.assumptions, "gpuaas_hosting": hosting}}), catalog)
    plan = generated_plan(COUNT)
    evaluator = Evaluator(catalog)
    evaluator.evaluate(plan)
    for _what, edited in _edits(plan, catalog):
        evaluator.evaluate(edited)
    answers = [answer for _args, found in calls for answer in found.values()]
    assert any(rented for *_figures, rented in answers) and not all(rented for *_figures, rented in answers)
    differ = [args[2] for args, found in calls if found != fleet_owned(*args[:7], None, one_by_one=True)]
    assert not differ
