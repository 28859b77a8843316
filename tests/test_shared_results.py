"""Workloads alike in what a trace step, note or list shows share one object of it (an evaluation of 10,000
workloads held ~10,500 trace steps saying ~2,500 different things); a workload that differs in one figure the
step shows gets its own, which says its own figures in every language."""

from __future__ import annotations

from planner import i18n
from planner.domain.evaluate import evaluate
from planner.domain.plan import Organization, Plan, Workload


def _plan(users: list[int]) -> Plan:
    workloads = [Workload(id=f"w{i}", name=f"Workload {i}", kind="general_qa", users=n) for i, n in enumerate(users)]
    return Plan(
        name="Alike",
        start="2026-03-02",
        organization=Organization(industry="general", employees=20_000, ml_engineers=6, budget_3y_krw=3_000_000_000),
        workloads=workloads,
    )


def _steps(result) -> dict:
    return {step.rule: step for step in result.trace}


def test_workloads_alike_share_their_steps_and_lists_and_one_apart_says_its_own_figures(catalog):
    evaluation = evaluate(_plan([230, 230, 231] + [250] * 60), catalog)
    first, twin, other = evaluation.workloads[:3]
    steps, twins, others = _steps(first), _steps(twin), _steps(other)
    assert {"numbers.tie", "gpuaas.hosting"} <= steps.keys()
    for rule, step in steps.items():
        assert twins[rule] is step, rule
    for name in ("defaults", "allowed", "framework", "gpuaas_offers"):
        assert getattr(twin, name) is getattr(first, name), name
    # one more user: other prices, so another tie step and placement prices, with its own figures
    assert others["numbers.tie"] is not steps["numbers.tie"] and other.priced_krw != first.priced_krw
    assert others["numbers.tie"].answer != steps["numbers.tie"].answer
    for rule in ("numbers.tie", "gpuaas.hosting"):
        i18n.set_language("ko")
        try:
            translated = (i18n.translate(steps[rule].answer), i18n.translate(twins[rule].answer), i18n.translate(others[rule].answer))
        finally:
            i18n.set_language("en")
        assert translated[0] == translated[1]
        assert (translated[0] == translated[2]) == (steps[rule].answer == others[rule].answer)
