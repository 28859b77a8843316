"""Costs per million tokens and per request (planner.domain.unit_costs)."""

from __future__ import annotations

import math
import random
import struct

from planner.domain.money import round_like_builtin
from planner.domain.unit_costs import _rounded_pair


def _bits(x: float) -> bytes:
    return struct.pack("<d", x)


def test_rounding_without_round_gives_the_float_round_gives():
    """`round_like_builtin` (used for every workload's figures) decides most figures without `round`'s decimal text: it gives the
    very float `round(x, digits)` gives, sign of zero included, for figures across many magnitudes, for exact halves
    (k + 0.5) / 10**digits and the floats either side of them, and for zeros, negatives, huge and non-finite figures."""
    draw = random.Random(16)
    figures = [draw.uniform(0, 1) * 10 ** draw.uniform(-9, 6) for _ in range(20_000)]
    for digits in (4, 6):
        for k in (*range(2_000), *(draw.randrange(10**9) for _ in range(2_000))):
            half = (k + 0.5) / 10**digits
            figures += [half, math.nextafter(half, 0.0), math.nextafter(half, math.inf), k / 10**digits]
    figures += [0.0, -0.0, -1.23456789, -0.00001, 1e300, 2.0**31 / 1e4, 2.0**31 / 1e6, 5e-324, math.inf, -math.inf]
    for digits in (4, 6):
        for x in figures:
            assert _bits(round_like_builtin(x, digits, 10.0**digits)) == _bits(round(x, digits)), (x, digits)
    assert math.isnan(round_like_builtin(math.nan, 4, 1e4))
    assert type(round_like_builtin(3, 4, 1e4)) is int  # not a float: round's own answer
    # a unit cost's two figures rounded in one call: per million tokens to 4 digits, per request to 6, as `round` does
    for per_mtok, per_request in zip(figures, reversed(figures)):
        mtok, request = _rounded_pair(per_mtok, per_request)
        assert (_bits(mtok), _bits(request)) == (_bits(round(per_mtok, 4)), _bits(round(per_request, 6))), (per_mtok, per_request)
    assert [type(x) for x in _rounded_pair(3, 5)] == [int, int]


def test_unit_costs_kept_per_workload_are_made_again_where_a_figure_they_read_changes(catalog, monkeypatch):
    """On an Evaluator each workload's cloud and rented-GPU unit costs are kept by its id while its result carries the
    same figures (the same objects), and its on-prem figures before the fleet's utilization while those and its on-prem
    KRW and share are the same; a result with any one of them changed (cloud bill, volume, input or output tokens, cloud
    model, rented-GPU quote), or the ledger with its on-prem KRW or share changed, gets the unit costs made without
    anything kept, as do the results unchanged."""
    import planner.domain.evaluate as evaluate_module
    from planner.domain.evaluate import Evaluator
    from planner.domain.unit_costs import unit_costs
    from tests.bench.bench_engine import generated_plan

    calls: list = []
    monkeypatch.setattr(evaluate_module, "unit_costs", lambda *args: calls.append(args) or unit_costs(*args))
    Evaluator(catalog).evaluate(generated_plan(40))
    results, sizing, ledger, assumptions, kept = calls[-1]
    assert kept is not None
    index = next(i for i, r in enumerate(results) if r.gpuaas is not None and r.id in ledger.onprem_krw_per_month)
    result = results[index]
    other_model = next(m for m in catalog.cloud_models if m != result.cloud_model)
    changes = {
        "cloud_cost_usd_per_month": result.cloud_cost_usd_per_month * 2,
        "requests_per_month": result.requests_per_month * 2,
        "input_tokens": result.input_tokens + 100,
        "output_tokens": result.output_tokens + 100,
        "cloud_model": other_model,
        "gpuaas": result.gpuaas.model_copy(update={"rental_krw_per_month": result.gpuaas.rental_krw_per_month + 1_000_000}),
    }
    fresh = unit_costs(results, sizing, ledger, assumptions).model_dump_json()
    assert unit_costs(results, sizing, ledger, assumptions, kept).model_dump_json() == fresh
    # with nothing changed each workload's entry (its unit costs by strategy) is the previous one, as it is; with one
    # workload's cloud bill changed, all but its own
    first = unit_costs(results, sizing, ledger, assumptions, kept).workloads
    again = unit_costs(results, sizing, ledger, assumptions, kept).workloads
    assert all(again[w] is first[w] for w in first)
    billed = [*results[:index], result.model_copy(update={"cloud_cost_usd_per_month": result.cloud_cost_usd_per_month * 2}), *results[index + 1 :]]
    edited = unit_costs(billed, sizing, ledger, assumptions, kept).workloads
    assert [w for w in again if edited[w] is not again[w]] == [result.id]
    assert unit_costs(results, sizing, ledger, assumptions, kept).model_dump_json() == fresh
    for name, value in changes.items():
        changed = [*results[:index], result.model_copy(update={name: value}), *results[index + 1 :]]
        expected = unit_costs(changed, sizing, ledger, assumptions).model_dump_json()
        assert expected != fresh, name
        assert unit_costs(changed, sizing, ledger, assumptions, kept).model_dump_json() == expected, name
        assert unit_costs(results, sizing, ledger, assumptions, kept).model_dump_json() == fresh, name  # and back
    # its on-prem figures before the fleet's utilization are kept too, while its KRW and on-prem share are the same
    krw, shares = ledger.onprem_krw_per_month, ledger.onprem_share_costed
    for name, value in {"onprem_krw_per_month": {**krw, result.id: krw[result.id] * 2}, "onprem_share_costed": {**shares, result.id: 0.5}}.items():
        changed = ledger.model_copy(update={name: value})
        expected = unit_costs(results, sizing, changed, assumptions).model_dump_json()
        assert expected != fresh, name
        # its basis says its on-prem share where that is less than all; the others' do not
        bases = {w: u["on_prem"].basis for w, u in unit_costs(results, sizing, changed, assumptions).workloads.items() if "on_prem" in u}
        assert {w for w, basis in bases.items() if "on-prem share" in basis} == {w for w in bases if changed.onprem_share_costed.get(w, 1.0) < 1}, name
        assert bases[result.id].endswith(", 50% on-prem share") == (name == "onprem_share_costed"), name
        assert unit_costs(results, sizing, changed, assumptions, kept).model_dump_json() == expected, name
        assert unit_costs(results, sizing, ledger, assumptions, kept).model_dump_json() == fresh, name


def test_float_sums_of_the_ledger_and_the_sizing_add_one_figure_at_a_time():
    """The ledger's, unit costs' and sizing's sums of floats add one figure at a time, left to right, as Python 3.11's
    `sum` did (3.12's `sum` compensates the rounding and would give other figures): 1e16 + 1.0 - 1e16 is 0.0, and a
    start that is an int 0 gives what `sum` without a start gives."""
    from planner.domain.arrays import summed

    assert summed(0, [1e16, 1.0, -1e16]) == 0.0
    assert summed(0.0, iter([0.1] * 10)) == 0.9999999999999999
    assert summed(0, [3, 4]) == 7 and type(summed(0, [3, 4])) is int


def test_utilization_counts_an_on_prem_share_below_one(catalog, monkeypatch):
    """A workload with part of its volume on-prem (its result's `onprem_share` below 1: a hybrid's) adds that share of
    its served output tokens to the utilization of the owned GPUs it is sized on: each on-prem unit cost's (the plan's
    GPUs) and the rented-GPU strategy's owned GPUs that remain; with every share whole, each workload's served tokens
    as they are."""
    import planner.domain.evaluate as evaluate_module
    from planner.domain.evaluate import Evaluator
    from planner.domain.unit_costs import unit_costs
    from tests.bench.bench_engine import generated_plan

    calls: list = []
    monkeypatch.setattr(evaluate_module, "unit_costs", lambda *args: calls.append(args) or unit_costs(*args))
    Evaluator(catalog).evaluate(generated_plan(40))
    results, sizing, ledger, assumptions, _kept = calls[-1]
    planned = {w for group in sizing.groups for w in group.workloads}
    assert any(0 < r.onprem_share < 1 and r.id in planned for r in results)  # hybrids on the plan's GPUs
    rented = {r.id for r in results if r.gpuaas is not None and (r.placement == "gpuaas" or r.gpuaas_offers)}
    owned = {w for group in ledger.gpuaas_hardware for w in group.workloads} - rented  # (the hybrids: no quote)
    assert owned and all(0 < r.onprem_share < 1 for r in results if r.id in owned)
    index = next(i for i, r in enumerate(results) if r.id in planned and r.onprem_share == 1.0)
    halved = [*results[:index], results[index].model_copy(update={"onprem_share": 0.5}), *results[index + 1 :]]
    wholly = [r.model_copy(update={"onprem_share": 1.0}) if 0 < r.onprem_share < 1 else r for r in results]

    def by_hand(of: list) -> float:  # the plan's GPUs: output tokens served (each times its on-prem share) over capacity
        shares = {r.id: r.onprem_share for r in of if r.onprem_share > 0}
        by_id = {r.id: r for r in of}
        served = sum(by_id[w].requests_per_month * by_id[w].output_tokens * shares.get(w, 1.0) for g in sizing.groups for w in g.workloads if w in by_id)
        capacity = sum(g.capacity_tokens_per_s for g in sizing.groups) * assumptions.num("hours_per_month") * 3600
        return round(min(1.0, served / capacity), 4)

    costs = {name: unit_costs(of, sizing, ledger, assumptions) for name, of in (("as is", results), ("halved", halved), ("wholly", wholly))}
    other = next(r.id for r in results if r.id != results[index].id and r.onprem_share == 1.0 and "on_prem" in costs["as is"].workloads[r.id])
    assert [costs[name].workloads[other]["on_prem"].utilization for name in costs] == [by_hand(results), by_hand(halved), by_hand(wholly)]
    assert by_hand(halved) < by_hand(results) < by_hand(wholly)
    assert costs["as is"].strategies["gpuaas"].utilization < costs["wholly"].strategies["gpuaas"].utilization
