"""An evaluation leaves no reference cycles behind. `planner show` and the other commands run with the cyclic
collector off, so whatever a cycle holds stays until the process ends: a placement run whose nested functions referred
to each other kept its tables (every workload's prices, decisions and placements) alive, ~24 MiB more at the peak
of `show --json` with 10,000 workloads."""

from __future__ import annotations

import gc

from planner.domain.evaluate import Evaluator, evaluate
from tests.bench.bench_engine import generated_plan


def _garbage_of(run) -> int:
    """Objects only a reference cycle keeps, of those `run()` made and dropped (the collector off meanwhile, as in the CLI)."""
    gc.collect()
    gc.disable()
    try:
        run()
        return gc.collect()
    finally:
        gc.enable()


def test_an_evaluation_and_a_re_evaluation_after_an_edit_leave_no_cyclic_garbage(catalog):
    plan = generated_plan(84)  # on-prem, rented and cloud workloads, ties between the flowchart and the table
    workloads = list(plan.workloads)
    workloads[42] = workloads[42].model_copy(update={"users": 5_000})
    edited = plan.model_copy(update={"workloads": workloads})
    evaluate(plan, catalog)  # what a first evaluation in the process sets up once

    def re_evaluated() -> None:
        evaluator = Evaluator(catalog)
        evaluator.evaluate(plan)
        evaluator.evaluate(edited)

    assert _garbage_of(lambda: evaluate(plan, catalog)) == 0
    assert _garbage_of(re_evaluated) == 0
