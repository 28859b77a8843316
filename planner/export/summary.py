"""The plan's `[summary]`: the computed headline written on save, so a pull request shows a change's effect."""

from __future__ import annotations

from typing import Any

from planner.domain.results import Evaluation


def plan_summary(ev: Evaluation) -> dict[str, Any]:
    """Placement per workload, phase dates/cost/staff, TCO per strategy, break-even. No timestamps."""
    summary: dict[str, Any] = {"strategy": ev.strategy}
    ledger = ev.ledger
    if ledger is not None and ledger.tco:
        summary["break_even_month"] = ledger.break_even_month if ledger.break_even_month is not None else "none"
        summary["tco_krw"] = {name: tco.total_krw for name, tco in ledger.tco.items()}
    summary["placement"] = {w.id: w.placement for w in ev.workloads}
    if ev.sizing.groups:
        summary["gpus"] = {f"{g.open_model}@{g.gpu}": g.gpus for g in ev.sizing.groups}
    if ev.schedule.phases:
        summary["phases"] = [
            {
                "phase": p.phase,
                "start": p.start,
                "end": p.end,
                "cost_krw": p.cost_krw,
                "staff_fte": round(sum(p.staff_fte.values()), 2),
            }
            for p in ev.schedule.phases
        ]
    return summary
