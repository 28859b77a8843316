"""Placement rules -> where each workload runs, with the trace of every rule that applied.

STUB: the kind's framework placement only; the placement issue replaces this with SPEC section 5.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from planner.domain.catalog import Catalog, PlacementName
from planner.domain.plan import Plan
from planner.domain.resolve import Assumptions, ResolvedWorkload
from planner.domain.results import TraceStep


class WorkloadPlacement(BaseModel):
    """Placement of one workload."""

    model_config = ConfigDict(frozen=True)

    placement: PlacementName
    """Final placement (override applied)."""
    recommended: PlacementName
    """What the rules say."""
    overridden: bool = False
    """The user overrode it."""
    regulatory: bool = False
    """A regulation decided the recommendation."""
    cloud_allowed: bool = True
    """Real data may go to a cloud API (possibly after de-identification)."""
    needs_deidentification: bool = False
    """Cloud use depends on a de-identification pipeline."""
    trace: list[TraceStep] = Field(default_factory=list)
    """Every step that applied."""
    warnings: list[str] = Field(default_factory=list)
    """Warnings (e.g. overriding a regulation)."""


def place_workloads(plan: Plan, workloads: list[ResolvedWorkload], catalog: Catalog, assumptions: Assumptions) -> list[WorkloadPlacement]:
    """One placement per workload, in order."""
    results = []
    for workload, given in zip(workloads, plan.workloads):
        kind = catalog.workload_kinds[workload.kind]
        recommended = kind.framework_placement
        step = TraceStep(rule="kind.default", question=f"Where does the framework place a {kind.name}?", answer=recommended, source=kind.source)
        placement = given.placement or recommended
        results.append(WorkloadPlacement(placement=placement, recommended=recommended, overridden=given.placement is not None and given.placement != recommended, trace=[step]))
    return results


def organization_strategy(placements: list[str]) -> str:
    """cloud (all cloud), on_prem (none on cloud) or hybrid (mixed)."""
    if not placements or all(p == "cloud" for p in placements):
        return "cloud"
    if all(p in ("on_prem", "on_prem_airgap") for p in placements):
        return "on_prem"
    return "hybrid"


def situation_check(plan: Plan, workloads: list[ResolvedWorkload], catalog: Catalog, assumptions: Assumptions) -> str:
    """The framework's situation table as a cross-check of the strategy."""
    return catalog.industries[plan.organization.industry].situation
