"""What the placement step keeps between evaluations (an Evaluator's `HostingKept.placements`): a workload whose owned vs
rented choice on the plan's fleet is decided gets the previous evaluation's steps after its trace so far where every
figure they read is the same, and only then (`placement.place_workloads`, `owned_or_rented`); the tie step's priced
answers where their placement and figure are the same (`HostingKept.tie_answers`, `placement._priced_answer`).

Each test places a one-workload plan twice with prices it sets itself (the `prices` placement reads: its on-prem,
cloud and rented figures, the quote with its owned side on the fleet), the second time with what the first kept, and
compares it with the same placement made with nothing kept.
"""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.evaluate import evaluate
from planner.domain.placement import place_workloads
from planner.domain.plan import Organization, Plan, Workload
from planner.domain.resolve import Assumptions, resolve_workloads
from planner.store.loader import read_plan
from tests.conftest import SAMPLE_PLANS


def _plan(assumptions: dict | None = None) -> Plan:
    org = Organization(industry="general", employees=20_000, ml_engineers=6, budget_3y_krw=3_000_000_000)
    workloads = [Workload(id="qa", name="Q&A", kind="general_qa", users=2_000)]  # the flowchart says on-prem, the table cloud
    return Plan(name="kept", start=date(2026, 3, 2), organization=org, workloads=workloads, assumptions=assumptions or {})


@pytest.fixture
def quote(catalog):
    """A rented-GPU quote as the evaluation makes them (the sample plans serve some workloads on rented GPUs)."""
    for path in SAMPLE_PLANS:  # (the first that has one: bank-customer-service)
        for result in evaluate(read_plan(path, catalog), catalog).workloads:
            if result.gpuaas is not None:
                return result.gpuaas
    raise AssertionError("no sample plan has a rented-GPU quote")


def _place(plan: Plan, catalog, figures: dict, quote, kept: dict):
    """The plan placed at `figures` (on_prem, cloud: each placement's price; the quote's rented and owned sides on the
    fleet), with the placements `kept` from an earlier run (filled with this run's)."""
    assumptions = Assumptions(catalog, plan.assumptions)

    def prices(index: int, hybrid: str) -> dict[str, float]:
        return {"cloud": figures["cloud"], "on_prem": figures["on_prem"]}

    prices.rented = lambda index, offers: quote  # type: ignore[attr-defined]
    prices.hosting_steps = ({}, {})  # type: ignore[attr-defined]
    prices.owned = {}  # type: ignore[attr-defined]
    prices.placements = (kept.get("now", {}), {})  # type: ignore[attr-defined]
    prices.tie_answers = (kept.get("answers", {}), {})  # type: ignore[attr-defined]
    placed = place_workloads(plan, resolve_workloads(plan, catalog, assumptions), catalog, assumptions, prices, again=lambda placements: None)
    kept["now"] = prices.placements[1]  # type: ignore[attr-defined]
    kept["answers"] = prices.tie_answers[1]  # type: ignore[attr-defined]
    return placed[0]


def _fleet_quote(quote, rented: float, owned: float):
    return quote.model_copy(update={"rented_on_fleet_krw": round(rented), "owned_total_krw": round(owned), "owned_gpu": "l40s"})


def test_only_the_on_prem_price_moved_the_steps_after_the_tie_are_the_previous_ones(catalog, quote):
    plan = _plan()
    fleet = _fleet_quote(quote, rented=9_000_000, owned=3_000_000)  # owning costs the fleet the least
    kept: dict = {}
    first = _place(plan, catalog, {"on_prem": 1_000_000, "cloud": 5_000_000}, fleet, kept)
    again = _place(plan, catalog, {"on_prem": 1_200_000, "cloud": 5_000_000}, fleet, kept)
    fresh = _place(plan, catalog, {"on_prem": 1_200_000, "cloud": 5_000_000}, fleet, {})
    assert [s.rule for s in again.trace][-3:] == ["numbers.tie", "gpuaas.allowed", "gpuaas.hosting"]
    assert again.trace[-1] is first.trace[-1]  # the hosting step kept, not made again
    assert again == fresh
    assert again.priced_krw["on_prem"] == 1_200_000 and again.trace[-3].answer == "on-prem 1,200,000 KRW vs cloud 5,000,000 KRW -> on-prem"
    assert again.trace[-3].answer.params["both"].params["second"] is first.trace[-3].answer.params["both"].params["second"]  # the cloud's, kept
    assert again.placement == "on_prem"


def test_a_figure_the_steps_after_the_tie_show_moved_they_are_made_again(catalog, quote):
    """The cloud price (shown by the threshold step: owning costs the fleet far more than the cloud) with the same quote."""
    plan = _plan()
    fleet = _fleet_quote(quote, rented=900_000_000, owned=300_000_000)
    kept: dict = {}
    first = _place(plan, catalog, {"on_prem": 1_000_000, "cloud": 5_000_000}, fleet, kept)
    assert [s.rule for s in first.trace][-4:] == ["numbers.tie", "gpuaas.allowed", "gpuaas.hosting", "numbers.threshold"]
    again = _place(plan, catalog, {"on_prem": 1_000_000, "cloud": 6_000_000}, fleet, kept)
    assert again == _place(plan, catalog, {"on_prem": 1_000_000, "cloud": 6_000_000}, fleet, {})
    assert "cloud 6,000,000 KRW" in next(s for s in again.trace if s.rule == "numbers.threshold").answer


def test_the_threshold_from_the_plan_instead_of_the_catalog_is_said_so(catalog, quote):
    """The same threshold value (the same kept quotes) set by the plan: the threshold step's source names the plan."""
    default = Assumptions(catalog, {}).num("economics_threshold")
    fleet = _fleet_quote(quote, rented=900_000_000, owned=300_000_000)
    figures = {"on_prem": 1_000_000, "cloud": 5_000_000}
    kept: dict = {}
    first = _place(_plan(), catalog, figures, fleet, kept)
    assert [s.rule for s in first.trace][-4:] == ["numbers.tie", "gpuaas.allowed", "gpuaas.hosting", "numbers.threshold"]
    again = _place(_plan({"economics_threshold": default}), catalog, figures, fleet, kept)
    fresh = _place(_plan({"economics_threshold": default}), catalog, figures, fleet, {})
    assert again == fresh
    step = next(s for s in again.trace if s.rule == "numbers.threshold")
    assert step.source == next(s for s in fresh.trace if s.rule == "numbers.threshold").source


def test_another_quote_object_with_the_same_figures_is_placed_afresh(catalog, quote):
    """The kept placement holds its quote: a quote at the same address but another object is never taken for it."""
    plan = _plan()
    kept: dict = {}
    _place(plan, catalog, {"on_prem": 1_000_000, "cloud": 5_000_000}, _fleet_quote(quote, 90_000_000, 30_000_000), kept)
    cheaper = _fleet_quote(quote, rented=10_000_000, owned=30_000_000)  # renting now costs less than owning
    again = _place(plan, catalog, {"on_prem": 1_000_000, "cloud": 5_000_000}, cheaper, kept)
    assert again.placement == "gpuaas" and again.gpuaas_quote is cheaper
    assert again == _place(plan, catalog, {"on_prem": 1_000_000, "cloud": 5_000_000}, cheaper, {})


def test_a_shape_at_another_horizon_is_placed_afresh(catalog, quote):
    """A kept placement is keyed by a token of its shape's fields (the decisions' and the horizon: `place_workloads`'
    shape tokens, kept with the entries): the same quote at another horizon takes neither the entry nor the template
    of the first, and the same fields again take the same token (the entry kept: its hosting step)."""
    fleet = _fleet_quote(quote, rented=9_000_000, owned=3_000_000)
    figures = {"on_prem": 1_000_000, "cloud": 5_000_000}
    kept: dict = {}
    first = _place(_plan(), catalog, figures, fleet, kept)
    assert _place(_plan(), catalog, figures, fleet, kept).trace[-1] is first.trace[-1]
    shorter = _plan().model_copy(update={"horizon_months": 30})
    again = _place(shorter, catalog, figures, fleet, kept)
    assert again == _place(shorter, catalog, figures, fleet, {})
    assert "30 months" in again.trace[-1].answer and again.trace[-1] != first.trace[-1]
