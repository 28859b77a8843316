"""The Evaluator reuses a workload's resolution and costing while the assumptions they read are unchanged.
Which assumptions those are is written out by hand (`_resolving_context`, `_costing_context`): these tests
read them back from the code itself, so an assumption that resolving or costing starts to read without
entering its key fails here (an edit to it would otherwise show stale figures in the app)."""

from __future__ import annotations

import pytest

from planner.cli import sample_plan_dir
from planner.domain.evaluate import _costing, _costing_context
from planner.domain.resolve import Assumptions, _resolving_context, resolve_workload
from planner.store.loader import read_plan

PLANS = sorted(p.stem for p in sample_plan_dir().glob("*.toml"))
PLACEMENTS = [("cloud", ""), ("on_prem", ""), ("hybrid", "sensitive"), ("hybrid", "gradual"), ("gpuaas", "")]


class Recording(Assumptions):
    """Assumptions that note every key read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def num(self, key):
        self.read.add(key)
        return super().num(key)

    def text(self, key):
        self.read.add(key)
        return super().text(key)

    def level(self, key):
        self.read.add(key)
        return super().level(key)

    def ratio(self, key):
        self.read.add(key)
        return super().ratio(key)


def _recording(plan, catalog, scenario=None) -> Recording:
    return Recording(catalog, plan.assumptions, scenario)


@pytest.mark.parametrize("stem", PLANS)
def test_the_keys_of_resolving_and_costing_hold_every_assumption_they_read(stem, catalog):
    plan = read_plan(sample_plan_dir() / f"{stem}.toml", catalog)
    for _name, scenario in [("", None), *sorted((n, s.overrides) for n, s in plan.scenarios.items())]:
        keyed = _recording(plan, catalog, scenario)
        assert _resolving_context(plan, catalog, keyed) is not None
        resolving = _recording(plan, catalog, scenario)
        resolved = [resolve_workload(w, catalog, resolving, plan.hardware.gpu) for w in plan.workloads]
        assert resolving.read <= keyed.read, f"resolving reads {sorted(resolving.read - keyed.read)} outside _resolving_context"

        keyed = _recording(plan, catalog, scenario)
        assert _costing_context(catalog, keyed, plan.horizon_months) is not None
        costing = _recording(plan, catalog, scenario)
        for workload in resolved:
            for placement, hybrid in PLACEMENTS:
                _costing(workload, placement, hybrid, catalog, costing, plan.horizon_months)
        assert costing.read, "costing reads assumptions"
        assert costing.read <= keyed.read, f"costing reads {sorted(costing.read - keyed.read)} outside _costing_context"
