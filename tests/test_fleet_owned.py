"""Owned vs rented on the plan's shared fleet (`gpuaas.fleet_owned`) on random fleets of near-ties, where many candidates
move in the passes: every answer is the one reading and moving the candidates one at a time gives.

The fast reading (a group's candidates moved together, their marginals read from a table, the loads it misses sized in
runs, a pass's savings read ahead in runs, a pass after the last move reading only up to it) must decide exactly as the
one-by-one reading, which is the rule the README states."""

from __future__ import annotations

import random
from types import SimpleNamespace

from planner.domain.gpuaas import fleet_owned
from planner.domain.resolve import Assumptions


def _fleet(seed: int, catalog):
    """(groups, peaks, candidates) of a random fleet: two or three groups on datacenter GPUs, 3-40 workloads each, most of
    them hosting candidates, some pinned to owned or rented GPUs, some not candidates (they stay on owned GPUs)."""
    rng = random.Random(seed)
    gpus = [g.id for g in catalog.gpus.values() if g.datacenter]
    groups, peaks, candidates = [], {}, {}
    for g in range(rng.randint(2, 3)):
        names = [f"g{g}w{i}" for i in range(rng.randint(3, 40))]
        per_replica = rng.uniform(300, 3000)
        load = 0.0
        for name in names:
            peaks[name] = rng.choice([rng.uniform(1, 50), rng.uniform(50, 900), 25.0])  # some alike in load
            load += peaks[name]
            if rng.random() < 0.9:
                candidates[name] = [0, rng.choice([0, 1_800_000, 9_000_000]), rng.choice([None] * 8 + [True, False])]
        replicas = max(1, int(load / per_replica) + 1)
        groups.append(SimpleNamespace(gpu=rng.choice(gpus), gpus_per_replica=rng.choice([1, 2]), replicas=replicas, capacity_tokens_per_s=per_replica * replicas, workloads=names))
    return groups, peaks, candidates


def test_random_fleets_of_near_ties_decide_as_one_candidate_at_a_time(catalog):
    a = Assumptions(catalog, {})
    moved = 0
    for seed in range(150):
        groups, peaks, candidates = _fleet(seed, catalog)
        rng = random.Random(-seed)
        # what owning each costs with every candidate owned (rents too high to move any), then rents around it
        owned = fleet_owned(groups, peaks, {w: (10**13, share, None) for w, (_r, share, _c) in candidates.items()}, catalog, a, 36)
        near = {w: (max(0, round(owned[w][0] * rng.uniform(0.6, 1.4)) + share), share, choice) for w, (_r, share, choice) in candidates.items()}
        found = fleet_owned(groups, peaks, near, catalog, a, 36, {}, ({}, {}))
        assert found == fleet_owned(groups, peaks, near, catalog, a, 36, None, None, one_by_one=True), seed
        moved += sum(1 for *_figures, rented in found.values() if rented)
    assert moved > 500


def test_the_fleet_reads_the_all_on_prem_sizing_only_where_every_workload_is_fully_on_it(catalog, monkeypatch):
    """`ledger.owned_on_fleet` takes the all-on-prem sizing (`full`) as the shared fleet only where every workload is on
    it with all of its volume; where one (no hosting candidate) is on it with half of its volume, the fleet is sized for
    those shares, and it answers as it does without `full`."""
    import planner.domain.evaluate as evaluate_module
    import planner.domain.sizing as sizing_module
    from planner.domain.ledger import owned_on_fleet
    from tests.bench.bench_engine import generated_plan

    calls: list = []
    # (the placements as owned_on_fleet was given them: the placement step places them again in that list after it)
    monkeypatch.setattr(evaluate_module, "owned_on_fleet", lambda *args: calls.append((*args[:2], list(args[2]), *args[3:])) or owned_on_fleet(*args))
    evaluate_module.evaluate(generated_plan(40), catalog)
    plan, resolved, placements, _shares, _catalog, assumptions, _memo, full, _demands, _kept = calls[0]
    assert full is not None
    other = next(i for i, p in enumerate(placements) if not (p.gpuaas_quote is not None and "gpuaas" in p.allowed and p.recommended in ("on_prem", "gpuaas")))
    sized: list = []
    size_shares = sizing_module.size_shares
    monkeypatch.setattr(sizing_module, "size_shares", lambda shares, *args: sized.append(shares) or size_shares(shares, *args))
    every = [1.0] * len(resolved)
    half = [0.5 if i == other else 1.0 for i in range(len(resolved))]
    for shares in (every, half):
        sized.clear()
        given = owned_on_fleet(plan, resolved, placements, shares, catalog, assumptions, None, full)
        assert sized == ([] if shares is every else [[(w.id, share) for w, share in zip(resolved, shares)]])
        assert given == owned_on_fleet(plan, resolved, placements, shares, catalog, assumptions, None, None)
