"""Phase template + placements -> dated task graph. STUB: replaced by the schedule issue."""

from __future__ import annotations

from planner.domain.catalog import Catalog
from planner.domain.plan import Plan
from planner.domain.resolve import Assumptions
from planner.domain.results import Schedule, Sizing, WorkloadResult


def build_schedule(plan: Plan, results: list[WorkloadResult], sizing: Sizing, catalog: Catalog, assumptions: Assumptions) -> Schedule:
    """Dated tasks, phases, critical path. Raises PlanInvalid for cycles and unknown task references."""
    return Schedule()
