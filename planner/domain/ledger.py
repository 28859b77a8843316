"""Monthly cost ledger per strategy, TCO, break-even. STUB: replaced by the ledger issue."""

from __future__ import annotations

from planner.domain.catalog import Catalog
from planner.domain.plan import Plan
from planner.domain.resolve import Assumptions
from planner.domain.results import Ledger, Schedule, Sizing, WorkloadResult


def build_ledger(plan: Plan, results: list[WorkloadResult], sizing: Sizing, schedule: Schedule, catalog: Catalog, assumptions: Assumptions) -> Ledger:
    """Costs per month, category and strategy."""
    return Ledger(horizon_months=plan.horizon_months)


def phase_costs(schedule: Schedule, ledger: Ledger, plan: Plan, catalog: Catalog, assumptions: Assumptions) -> Schedule:
    """The schedule with each phase's cost (plan strategy, by category) and staff filled in."""
    return schedule


def economics_notes(results: list[WorkloadResult], sizing: Sizing, ledger: Ledger, catalog: Catalog, assumptions: Assumptions) -> list[WorkloadResult]:
    """Workload results with a trace step and warning where a placement costs several times its alternative."""
    return results
