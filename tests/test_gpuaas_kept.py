"""What an Evaluator keeps of rented-GPU quotes and their threshold checks from one evaluation to the next: taken again
only where every figure they read is the same, kept across several edits, and within bounds."""

from __future__ import annotations

import planner.domain.ledger as ledger_module
from planner.domain.evaluate import Evaluator, evaluate
from planner.domain.gpuaas import HostingKept
from planner.domain.ledger import with_gpuaas_strategy
from planner.domain.plan import Plan, Workload
from planner.domain.resolve import Assumptions
from tests.bench.bench_engine import generated_plan

COUNT = 60


def _quoted(plan: Plan, catalog) -> int:
    """A workload of the plan that the placement step quotes on rented GPUs (its result carries a quote)."""
    return next(i for i, r in enumerate(evaluate(plan, catalog).workloads) if r.gpuaas is not None and i >= COUNT // 2)


def _changed(plan: Plan, index: int, **change) -> Plan:
    workloads = list(plan.workloads)
    workloads[index] = Workload.model_validate({**workloads[index].model_dump(exclude_unset=True), **change})
    return plan.model_copy(update={"workloads": workloads})


def test_a_kept_threshold_check_is_taken_again_only_where_every_figure_it_reads_is_the_same(catalog):
    """The rented-GPU threshold checks (`with_gpuaas_strategy`, kept by their quote) of an evaluation, made again with a
    kept table: the same quotes give the same check objects; a workload's cloud bill, open model or precision changed
    under the same quote object, or another exchange rate, gives the check a fresh table gives."""
    plan = generated_plan(COUNT)
    fresh = evaluate(plan, catalog)
    results, ledger = fresh.workloads, fresh.ledger
    a = Assumptions(catalog, plan.assumptions, None)
    kept = HostingKept()
    first = with_gpuaas_strategy(ledger, None, results, a, None, kept)
    again = with_gpuaas_strategy(ledger, None, results, a, None, kept)
    assert again.thresholds == first.thresholds
    assert all(x is y for x, y in zip(again.thresholds, first.thresholds))  # taken again, not made again
    target = next(i for i, r in enumerate(results) if r.gpuaas is not None)
    workload_id = results[target].id
    cloud = {**ledger.cloud_krw_per_month, workload_id: ledger.cloud_krw_per_month.get(workload_id, 0) + 1_000}
    other_model = next(m for m in catalog.open_models if m != results[target].open_model)
    cases = {
        "cloud bill": (ledger.model_copy(update={"cloud_krw_per_month": cloud}), results, a),
        "open model": (ledger, [*results[:target], results[target].model_copy(update={"open_model": other_model}), *results[target + 1 :]], a),
        "precision": (ledger, [*results[:target], results[target].model_copy(update={"precision": "int4"}), *results[target + 1 :]], a),
        "exchange rate": (ledger, results, Assumptions(catalog, {**plan.assumptions, "krw_per_usd": 1000.0}, None)),
    }
    for what, (changed_ledger, changed_results, assumptions) in cases.items():
        with_gpuaas_strategy(ledger, None, results, a, None, kept)  # the table as the unchanged evaluation left it
        found = with_gpuaas_strategy(changed_ledger, None, changed_results, assumptions, None, kept)
        expected = with_gpuaas_strategy(changed_ledger, None, changed_results, assumptions, None, HostingKept())
        assert [t.model_dump() for t in found.thresholds] == [t.model_dump() for t in expected.thresholds], what
        assert found.thresholds != first.thresholds, what


def test_quotes_of_a_plan_evaluated_two_edits_ago_are_not_made_again(catalog, monkeypatch):
    """Undo twice: a workload's figures as they were two edits ago find their rented-GPU quote in the Evaluator's tables
    (kept from evaluation to evaluation, not only the last one's); each evaluation equals a fresh one."""
    import planner.domain.gpuaas as gpuaas_module

    quoted: list[str] = []
    best_quote = gpuaas_module.best_quote
    monkeypatch.setattr(gpuaas_module, "best_quote", lambda workload, *args, **kwargs: quoted.append(workload.id) or best_quote(workload, *args, **kwargs))
    plan = generated_plan(COUNT)
    target = _quoted(plan, catalog)
    plans = [plan, _changed(plan, target, users=1_001), _changed(plan, target, users=1_002)]
    evaluator = Evaluator(catalog)
    for step in plans:
        quoted.clear()
        evaluator.evaluate(step)
    assert quoted == [plan.workloads[target].id]  # the edited workload, quoted at each edit
    quoted.clear()
    evaluator.evaluations.clear()  # the plan evaluated again, not its whole evaluation given back
    found = evaluator.evaluate(plans[0])
    assert quoted == []
    same = found.model_dump_json() == evaluate(plans[0], catalog).model_dump_json()
    assert same


def test_the_kept_quote_tables_start_afresh_past_their_bound(catalog, monkeypatch):
    """With no room beyond one entry per workload (`PLACED_ENTRIES` 0), each edit's evaluation starts the tables afresh:
    they hold what an evaluation of the edited plan alone leaves, and every evaluation still equals a fresh one."""
    monkeypatch.setattr(ledger_module, "PLACED_ENTRIES", 0)
    plan = generated_plan(COUNT)
    target = _quoted(plan, catalog)
    evaluator = Evaluator(catalog)
    evaluator.evaluate(plan)
    for users in (1_001, 1_002, 1_003, 1_004):
        plan = _changed(plan, target, users=users)
        found = evaluator.evaluate(plan)
        kept = evaluator.hosting(Assumptions(catalog, plan.assumptions, None))
        alone = Evaluator(catalog)
        alone.evaluate(plan)
        first = alone.hosting(Assumptions(catalog, plan.assumptions, None))  # the tables of this plan's evaluation alone
        assert 0 < len(kept.placed) == len(first.placed) and len(kept.placed_workloads) == len(first.placed_workloads), users
        same = found.model_dump_json() == evaluate(plan, catalog).model_dump_json()
        assert same, users
