"""plan_problems over many workloads: the checks made over the distinct values (what the app runs on each key typed
in a field) find every problem the workload-by-workload checks find, at the same key, in the workloads' order."""

from __future__ import annotations

import pytest

from planner.domain.validate import plan_problems
from tests.bench.bench_engine import generated_plan

BAD = [
    # (what, the workload's changed fields, key of the problem, words of its message)
    ("duplicate id", {"id": "w00003"}, "workloads.250.id", "duplicate workload id 'w00003' (also workloads.3)"),
    ("unknown kind", {"kind": "general_q"}, "workloads.250.kind", "unknown workload kind 'general_q'"),
    ("unknown cloud model", {"cloud_model": "gpt-9"}, "workloads.250.cloud_model", "unknown cloud model 'gpt-9'"),
    ("embedding model", {"cloud_model": "text-embedding-3-small"}, "workloads.250.cloud_model", "is an embedding model, not a chat model"),
    ("unknown open model", {"open_model": "llama-9"}, "workloads.250.open_model", "unknown open model 'llama-9'"),
    ("unknown GPU", {"gpu": "h900-1gb"}, "workloads.250.gpu", "unknown GPU 'h900-1gb'"),
    ("both volumes", {"requests_per_day": 500.0}, "workloads.250.requests_per_day", "not both"),
    ("no volume", {"users": None}, "workloads.250.users", "give requests_per_day, or users"),
    ("override without a note", {"placement": "on_prem"}, "workloads.250.placement_note", "needs a note"),
]


def _with(plan, index: int, update: dict):
    workloads = list(plan.workloads)
    workloads[index] = workloads[index].model_copy(update=update)
    return plan.model_copy(update={"workloads": workloads})


def test_a_valid_plan_of_many_workloads_has_no_problems(catalog):
    assert plan_problems(generated_plan(400), catalog) == []


@pytest.mark.parametrize("what,update,key,words", BAD, ids=[case[0] for case in BAD])
def test_one_bad_workload_among_hundreds_is_found_at_its_key(what, update, key, words, catalog):
    problems = plan_problems(_with(generated_plan(400), 250, update), catalog)
    assert [p.key for p in problems] == [key]
    assert words in str(problems[0].message)


def test_problems_of_several_workloads_come_in_their_order(catalog):
    plan = _with(_with(generated_plan(400), 320, {"kind": "nope"}), 40, {"gpu": "nope"})
    assert [p.key for p in plan_problems(plan, catalog)] == ["workloads.40.gpu", "workloads.320.kind"]
