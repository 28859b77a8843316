"""A cold evaluation (nothing kept from an earlier one, as `planner show` runs) places the workloads alike in what the
rules read (one shape) and put on owned or rented GPUs through one numbers step per shape and answer: the others
take that placement's values with their own quote, hosting step, trace and prices (`placement.owned_or_rented_fast`'s
templates). Each result must be what the general way, every workload through its own numbers step, gives."""

from __future__ import annotations

import pytest

import planner.domain.evaluate as evaluate_module
import planner.domain.placement as placement_module
from planner.domain.evaluate import evaluate
from planner.domain.messages import Message
from planner.domain.plan import Workload
from planner.domain.vocabulary import PLACEMENT_PHRASE as LABEL
from planner.i18n import set_language, translate
from tests.bench.bench_engine import generated_plan

COUNT = 84
"""Workloads of the generated plan: every kind 12 times, at 84 different volumes (each its own rented quote)."""


def _general_way(monkeypatch) -> None:
    """The placement step without its kept entries (`prices.placements`): each workload through `numbered`."""
    real = evaluate_module.placement_prices

    def placement_prices(*args, **kwargs):
        prices = real(*args, **kwargs)
        del prices.placements
        return prices

    monkeypatch.setattr(evaluate_module, "placement_prices", placement_prices)


def _counted(monkeypatch) -> list[int]:
    calls: list[int] = []
    numbers = placement_module._numbers
    monkeypatch.setattr(placement_module, "_numbers", lambda *args, **kwargs: calls.append(1) or numbers(*args, **kwargs))
    return calls


@pytest.mark.parametrize("gpuaas_hosting", [True, False])
def test_workloads_alike_in_shape_are_placed_as_each_through_its_own_numbers_step(catalog, monkeypatch, gpuaas_hosting):
    plan = generated_plan(COUNT)
    # at 100 times their volume some workloads cost less on rented GPUs than on the shared fleet's
    workloads = [w.model_copy(update={"users": w.users * 100}) for w in plan.workloads]
    workloads[5] = Workload.model_validate({**workloads[5].model_dump(exclude_unset=True), "placement": "cloud"})  # an override: the general way
    plan = plan.model_copy(update={"workloads": workloads, "assumptions": {"gpuaas_hosting": gpuaas_hosting}})
    calls = _counted(monkeypatch)
    found = evaluate(plan, catalog)
    shaped = len(calls)
    calls.clear()
    _general_way(monkeypatch)
    general = evaluate(plan, catalog)
    same = found.model_dump_json() == general.model_dump_json()  # (not asserted as is: pytest would diff the two texts)
    assert same
    for mine, theirs in zip(found.workloads, general.workloads):  # the trace's messages as the app translates them
        assert [(s.answer.template, s.answer.params) for s in mine.trace] == [(s.answer.template, s.answer.params) for s in theirs.trace]
    # results made from a kept entry without a WorkloadPlacement (`_workload_results`): each its own trace and prices,
    # its lists lists, as validation makes them
    assert len({id(r.trace) for r in found.workloads}) == len({id(r.priced_krw) for r in found.workloads}) == COUNT
    assert all(type(r.trace) is list and type(r.allowed) is list and type(r.warnings) is list and type(r.gpuaas_offers) is list for r in found.workloads)
    rented = [r for r in found.workloads if r.gpuaas is not None and r.placement in ("on_prem", "gpuaas")]
    if gpuaas_hosting:
        assert len({id(r.gpuaas) for r in rented}) > COUNT // 2  # (each its own quote: no kept entry of one serves another)
        assert {r.placement for r in rented} == {"on_prem", "gpuaas"}
        assert shaped < COUNT // 4 < COUNT // 2 < len(calls), (shaped, len(calls))
    else:
        assert not any(r.placement == "gpuaas" for r in found.workloads)


def _said(message) -> tuple:
    """A message as the app reads it: its text, template and parameters (each a message read so, or its type and value)."""
    params = {name: _said(value) if isinstance(value, Message) else (type(value), value) for name, value in message.params.items()}
    return (str(message), message.template, params, message.plural, message.n)


def test_a_cold_evaluations_tie_answers_read_as_msg_makes_them(catalog):
    """A cold evaluation's tie steps make their priced answers as an Evaluator's do (`_priced_answer` with a table: the
    Message's fields set one by one, shared by the answers alike): each reads, in English and Korean, as `msg` makes it."""
    found = evaluate(generated_plan(COUNT), catalog)
    answers = [s.answer for r in found.workloads for s in r.trace if s.rule == "numbers.tie"]
    assert len(answers) > COUNT // 4
    set_language("ko")
    try:
        for answer in answers:
            both = answer.params["both"]
            for priced in (both.params["first"], both.params["second"]):
                place = next(p for p, label in LABEL.items() if label is priced.params["place"])
                made = placement_module._priced_answer(place, priced.params["cost"].params["amount"], None)  # `msg`'s
                assert _said(priced) == _said(made)
                assert translate(priced) == translate(made)
    finally:
        set_language("en")
