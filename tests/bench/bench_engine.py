"""Load + validate + evaluate a generated 1,000- and 10,000-workload plan vs bare tomllib parsing of the same file."""

from __future__ import annotations

import tomllib

import pytest

from planner.domain.evaluate import Evaluator, evaluate
from planner.store.collector import collector_paused
from planner.domain.plan import Organization, Plan, Workload
from planner.store.catalogs import load_catalog
from planner.store.plan_io import dump_plan
from planner.store.loader import load, read_plan
from tests.bench.conftest import best_of_both, best_of_pairs

KINDS = ["internal_rag", "coding_assistant", "customer_chatbot", "general_qa", "bulk_classification", "marketing_content", "code_review"]


def generated_plan(count: int) -> Plan:
    workloads = [
        Workload(id=f"w{i:05d}", name=f"Workload {i}", kind=KINDS[i % len(KINDS)], users=20 + i % 500)
        for i in range(count)
    ]
    return Plan(name=f"Generated {count}", start="2026-03-02",
                organization=Organization(industry="general", employees=20_000, ml_engineers=6, budget_3y_krw=3_000_000_000),
                workloads=workloads)


def _cold(path, catalog):
    return load(path, catalog).evaluation  # the path of `planner show`: nothing kept from an earlier run


@pytest.mark.parametrize("count", [1_000, 10_000])
def test_load_validate_evaluate_vs_tomllib(count, tmp_path, record):
    catalog = load_catalog(None)
    path = tmp_path / "plan.toml"
    path.write_text(dump_plan(generated_plan(count)), encoding="utf-8")
    raw = path.read_bytes()
    (ours, ours_cpu), (baseline, baseline_cpu) = best_of_pairs(lambda: _cold(path, catalog), lambda: tomllib.loads(raw.decode("utf-8")), repeat=5)
    ratio = ours / baseline
    record(f"load+validate+evaluate, {count:,} workloads (cold)", ours, "tomllib parse", baseline, "<= 2x", ratio <= 2, note=f"CPU {ours_cpu / baseline_cpu:.1f}x")


@pytest.mark.parametrize("count", [1_000, 10_000])
def test_reevaluate_after_one_workload_edit(count, tmp_path, record):
    """What the app does after an edit: the plan with one workload changed, everything else as before."""
    catalog = load_catalog(None)
    path = tmp_path / "plan.toml"
    path.write_text(dump_plan(generated_plan(count)), encoding="utf-8")
    raw = path.read_bytes()
    plan = read_plan(path, catalog)
    evaluator = Evaluator(catalog)  # as the app's session holds one
    evaluator.evaluate(plan)
    edits = iter(range(1, 100))

    def edit_and_evaluate():
        workloads = list(plan.workloads)
        workloads[count // 2] = workloads[count // 2].model_copy(update={"users": 1000 + next(edits)})
        with collector_paused():  # as the app's session evaluates
            evaluator.evaluate(plan.model_copy(update={"workloads": workloads}))

    (ours, ours_cpu), (baseline, baseline_cpu) = best_of_pairs(edit_and_evaluate, lambda: tomllib.loads(raw.decode("utf-8")), repeat=5)
    record(f"re-evaluate after a one-workload edit, {count:,} workloads", ours, "tomllib parse", baseline, "<= 2x", ours / baseline <= 2, note=f"CPU {ours_cpu / baseline_cpu:.1f}x")


def one_engineer_plan(count: int) -> Plan:
    """`count` identical workloads and the default single ML engineer: every migration waits for that engineer."""
    workloads = [Workload(id=f"w{i}", name=f"W{i}", kind="general_qa", users=5) for i in range(count)]
    return Plan(name=f"One engineer, {count}", start="2026-01-05", workloads=workloads)


def test_staff_levelling_grows_linearly_3000_vs_1000_workloads(record):
    """Staff levelling at 3,000 workloads (9,000 tasks) against 1,000 (3,000 tasks), both evaluated cold:
    linear growth is 3x; the search that walked every task placed before grew with the square (6.9x CPU)."""
    catalog = load_catalog(None)
    plans = {count: one_engineer_plan(count) for count in (1_000, 3_000)}

    def cold(count):
        with collector_paused():  # as the loader and the app's session evaluate
            evaluate(plans[count], catalog)

    small, small_cpu = best_of_both(lambda: cold(1_000), repeat=3)
    large, large_cpu = best_of_both(lambda: cold(3_000), repeat=3)
    ratio = large_cpu / small_cpu
    record("evaluate 3,000 workloads waiting for one ML engineer (9,000 tasks levelled)", large, "the same at 1,000 workloads", small, "<= 4x (linear: 3x)", ratio <= 4, note=f"CPU {ratio:.1f}x")
