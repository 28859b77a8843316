"""GPU sizing for the on-prem share (SPEC section 3). STUB: replaced by the sizing issue."""

from __future__ import annotations

from planner.domain.catalog import Catalog
from planner.domain.plan import Hardware
from planner.domain.resolve import Assumptions, ResolvedWorkload
from planner.domain.results import Sizing, WorkloadResult


def size_hardware(results: list[WorkloadResult], workloads: list[ResolvedWorkload], hardware: Hardware, catalog: Catalog, assumptions: Assumptions) -> Sizing:
    """GPU groups, pilot hardware and alternatives for the workloads' on-prem share."""
    return Sizing()
