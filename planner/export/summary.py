"""The plan's `[summary]`: the computed headline written on save, so a pull request shows a change's effect.

Only figures that follow from the plan and the catalogs: no timestamps, no versions, so an unchanged
plan saves to the same bytes and `planner validate` can tell a stale summary by recomputing it.
"""

from __future__ import annotations

from typing import Any

from planner.domain.results import Evaluation, StrategyTco
from planner.export.report import group_keys

NO_BREAK_EVEN = "none"
"""TOML has no null: a break-even month outside the horizon is written as this."""


def _break_even(month: int | None) -> int | str:
    return month if month is not None else NO_BREAK_EVEN


def _tco(tco: dict[str, StrategyTco]) -> dict[str, int]:
    return {name: t.total_krw for name, t in tco.items()}


def plan_summary(ev: Evaluation) -> dict[str, Any]:
    """Strategy, break-even, TCO per strategy, placement per workload, GPUs, phases (dates, cost, staff), scenarios."""
    summary: dict[str, Any] = {"strategy": ev.strategy}
    ledger = ev.ledger
    if ledger is not None and ledger.tco:
        summary["break_even_month"] = _break_even(ledger.break_even_month)
        summary["on_prem_break_even_month"] = _break_even(ledger.on_prem_break_even_month)
        summary["gpuaas_break_even_month"] = _break_even(ledger.gpuaas_break_even_month)
        summary["tco_krw"] = _tco(ledger.tco)
    summary["placement"] = {w.id: w.placement for w in ev.workloads}
    if ev.sizing.groups:
        summary["gpus"] = dict(zip(group_keys(ev.sizing.groups), (g.gpus for g in ev.sizing.groups)))
    rented = {f"{w.id}@{w.gpuaas.offer}": f"{w.gpuaas.gpus} x {w.gpuaas.gpu}, {w.gpuaas.pricing}" for w in ev.workloads if w.placement == "gpuaas" and w.gpuaas}
    if rented:
        summary["rented_gpus"] = rented
    if ev.phases:
        summary["phases"] = [
            {
                "phase": p.phase,
                "start": p.start,
                "end": p.end,
                "cost_krw": p.cost_krw,
                "staff_fte": round(sum(p.staff_fte.values()), 2),
            }
            for p in ev.phases
        ]
    scenarios = [
        {
            "name": s.name,
            "break_even_month": _break_even(s.break_even_month),
            "on_prem_break_even_month": _break_even(s.on_prem_break_even_month),
            "tco_krw": _tco(s.tco),
        }
        for s in ev.scenarios
        if s.tco
    ]
    if scenarios:
        summary["scenarios"] = scenarios
    return summary
