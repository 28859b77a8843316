"""The cheapest rented-GPU quote is the same whether every row of every offer is worked out or only the rows that may be
the cheapest (`gpuaas._cheapest`: the others are bounded away), and a quote made from the values of the first quote
renting alike equals one made on its own."""

from __future__ import annotations

import math
import random

import pytest

from planner.domain import gpuaas
from planner.domain.resolve import Assumptions, resolve_workloads
from planner.domain.sizing import fit_figures
from tests.bench.bench_engine import generated_plan
from tests.test_results_as_validated import _assert_as_validated


def _counted(horizon: int):
    """`gpuaas._month_years` of the horizon, counting the rows worked out (each adds its months once)."""
    monthly = gpuaas._month_years({}, horizon)
    calls = [0]

    def counted(per_year):
        calls[0] += 1
        return monthly(per_year)

    return counted, calls


def _random_offers(rng: random.Random, horizon: int, growth: float) -> tuple[list, list[float]]:
    """Offers whose rows' totals lie within a few KRW of each other (or are alike, an offer's two of one GPU type too), as
    `_rent_rows` makes them."""
    years = math.ceil(horizon / 12)
    factors = [(1 + growth) ** y for y in range(years)]
    counts = [min(12, horizon - 12 * y) for y in range(years)]
    tokens: dict = {}
    base_rental = rng.choice([0, 1, 10**6, 123_456_789, 2 * 10**9, 3 * 10**16])
    base_storage = rng.choice([0.0, 0.1, 12_345.678, 1e6 / 3, 1e15 / 7])
    offers = []
    for number in range(rng.randint(1, 6)):
        egress_krw = rng.choice([100.0, 100.0, 121.5, 100.0 * (1 + 1e-15), 0.0])
        rows = []
        for gpu in rng.sample(["a100-80gb", "h100-80gb", "l40s", "h200"], rng.randint(1, 3)):
            rental = base_rental + rng.choice([0, 0, 1, 2, 3, -1, 50, 10**5])
            scale = rng.choice([1.0, 1.0, 1 + 1e-16, 1 + 1e-12, 1 - 1e-13, 1.5])
            storage = [base_storage * scale * (1 + year // 2) + rng.choice([0.0, 0.0, 0.0, 0.01, 0.04, 0.3]) for year in range(years)]
            if rng.random() < 0.03:
                storage[0] = -storage[0] - 1.0  # a negative figure: every row worked out
            rows.append(gpuaas._row(gpu, storage, max(rental, 0), 0, [], [], {}, counts, egress_krw, tokens))
        if rng.random() < 0.2:  # the offer rents one GPU type at a second price alike (the first row of equals wins)
            first = rows[rng.randrange(len(rows))]
            rows.append(gpuaas._row(first[0], list(first[1]), first[2], 0, [], [], {}, counts, egress_krw, tokens))
        offers.append((f"offer-{number}", egress_krw, rows if rng.random() > 0.1 else [], gpuaas._egress_weight(egress_krw, factors, counts)))
    return offers, factors


def test_the_rows_left_out_never_change_the_cheapest():
    """Random offers whose rows total within a few KRW of each other, alike rows in several offers (the first offer wins a
    tie), totals that round either way: the cheapest with rows bounded away is the cheapest of every row worked out, row
    for row; and fewer rows were worked out."""
    rng = random.Random(15)
    worked = {True: 0, False: 0}
    cases = 0
    for _case in range(3_000):
        horizon = rng.choice([1, 2, 12, 13, 34, 35, 36, 60, 120])
        offers, factors = _random_offers(rng, horizon, rng.choice([0.0, 0.3, 1.0]))
        egress_gb = rng.choice([0.0, 1e-9, 0.5, 3.25, 12_345.6789, rng.random() * 1000])
        staff = rng.choice([0.0, 0.001, 1234.5, rng.random() * 1e6])
        answers = {}
        for bounded in (True, False):
            monthly, calls = _counted(horizon)
            answers[bounded] = gpuaas._cheapest(offers, egress_gb, staff, factors, monthly, horizon, bounded)
            worked[bounded] += calls[0]
        # with the offers' bounds given (as `_rent_rows` gives them with its rows): the same answer
        assert gpuaas._cheapest(offers, egress_gb, staff, factors, _counted(horizon)[0], horizon, True, gpuaas._bounds(offers)) == answers[True]
        bounded_answer, every_row = answers[True], answers[False]
        if every_row is None:
            assert bounded_answer is None
            continue
        cases += 1
        total, gpu, row, egress, offer = bounded_answer
        assert (total, gpu, offer) == (every_row[0], every_row[1], every_row[4])
        assert row is every_row[2] and egress == every_row[3]
    assert cases > 2_000
    assert worked[True] < worked[False] * 0.75, worked


@pytest.mark.parametrize("horizon", [1, 13, 34, 36, 60])
def test_quotes_of_a_generated_plan_equal_every_row_worked_out_and_a_quote_made_alone(catalog, horizon):
    """Every workload of a generated plan on every offer and on each offer alone: the cheapest with rows bounded away is
    the cheapest of every row, and its quote (made from the first quote renting alike, in one memo) equals, value for value
    and type for type, the quote made with a memo of its own."""
    plan = generated_plan(140)
    # every fifth workload with long prompts: replicas bound by the KV cache, not by the token rate
    plan = plan.model_copy(update={"workloads": [w.model_copy(update={"input_tokens": 30_000}) if i % 5 == 0 else w for i, w in enumerate(plan.workloads)]})
    a = Assumptions(catalog, plan.assumptions, None)
    workloads = resolve_workloads(plan, catalog, a)
    memo: dict = {}
    offer_sets = [tuple(catalog.gpuaas), *((offer,) for offer in catalog.gpuaas)]
    quoted = 0
    for workload in workloads:
        for offers in offer_sets:
            load = gpuaas._Load(workload, catalog, a)
            bounded = gpuaas._best_priced(load, offers, catalog, a, horizon, 0.01, memo)
            every_row = gpuaas._best_priced(load, offers, catalog, a, horizon, 0.01, memo, bounded=False)
            assert bounded == every_row
            if bounded is None:
                continue
            # its replicas per plan year are its fit's on the GPU type it rents, grown with the usage (`_replicas_by_year`)
            fit = fit_figures(catalog, load.model, catalog.gpus[bounded.gpu], workload.precision, load.demand, a, memo)
            factors = [(1 + a.num("usage_growth_per_year")) ** year for year in range(math.ceil(horizon / 12))]
            assert (bounded.tp, bounded.replicas) == (fit[1], gpuaas._replicas_by_year(fit[2], fit[3], load.demand.output_tokens_per_s, factors))
            quote = bounded.quote()
            alone = gpuaas.best_quote(workload, offers, catalog, a, horizon, 0.01, {})
            assert quote.model_dump() == alone.model_dump()
            _assert_as_validated(quote)
            quoted += 1
    assert quoted > len(workloads)
