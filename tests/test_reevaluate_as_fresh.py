"""After each edit a user makes, the Evaluator's answer is exactly a fresh evaluation's, also where it builds a
workload's result from the previous evaluation's (a workload, its costs and its placement unchanged but for the
on-prem price, which every edit moves: it is a share of the shared fleet).

The edits follow each other on one Evaluator, as in the app's session, so each one is evaluated with the tables the
edits before it left: volume, a placement override, a GPU pin, an assumption, a workload added and one removed.
"""

from __future__ import annotations

import pytest

import planner.domain.evaluate as evaluate_module
from planner.domain.evaluate import Evaluator, evaluate
from planner.domain.plan import Plan, Workload
from tests.bench.bench_engine import generated_plan

COUNT = 84
"""Workloads of the generated plan: every kind 12 times, at 84 different volumes."""


def _changed(plan: Plan, index: int, **change) -> Plan:
    workloads = list(plan.workloads)
    workloads[index] = Workload.model_validate({**workloads[index].model_dump(exclude_unset=True), **change})
    return plan.model_copy(update={"workloads": workloads})


def _edits(plan: Plan, catalog):
    """(what, plan) for each edit in turn, each on the plan the one before left."""
    middle = COUNT // 2
    plan = _changed(plan, middle, users=1_001)
    yield "volume", plan
    plan = _changed(plan, middle, users=1_002)
    yield "volume again", plan
    plan = _changed(plan, 7, users=5_000)
    yield "volume of another workload, past its GPUs", plan
    plan = _changed(plan, 3, placement="cloud", acknowledge_regulation=True, placement_note="chosen by the team")
    yield "placement override to the cloud", plan
    plan = _changed(plan, 10, placement="gpuaas", acknowledge_regulation=True, placement_note="rented for the pilot")
    yield "placement override to rented GPUs", plan
    plan = _changed(plan, 12, gpu="h100-80gb")
    yield "gpu pin", plan
    plan = _changed(plan, middle, users=1_003)
    yield "volume after the pin", plan
    plan = plan.model_copy(update={"assumptions": {**plan.assumptions, "usage_growth_per_year": 0.5}})
    yield "assumption", plan
    plan = _changed(plan, middle, users=1_004)
    yield "volume under the new assumption", plan
    copy = plan.workloads[20].model_copy(update={"id": "w-copy", "name": "Copy", "users": 333})
    plan = plan.model_copy(update={"workloads": [*plan.workloads[:21], copy, *plan.workloads[21:]]})
    yield "workload added", plan
    plan = plan.model_copy(update={"workloads": [w for i, w in enumerate(plan.workloads) if i != 30]})
    yield "workload removed", plan
    plan = _changed(plan, middle, users=1_005)
    yield "volume after the removal", plan


def _drivers(evaluation) -> dict[str, str]:
    """What each strategy's ledger priced (cloud paths, hardware, FTE): the XLSX export's, not in the JSON."""
    return {name: drivers.model_dump_json() for name, drivers in evaluation.ledger.drivers.items()}


def test_each_edit_re_evaluated_equals_a_fresh_evaluation_of_the_edited_plan(catalog, monkeypatch):
    import planner.domain.ledger as ledger_module
    import planner.domain.sizing as sizing_module

    kept_results: list[int] = []
    from_previous = evaluate_module._result
    monkeypatch.setattr(evaluate_module, "_result", lambda values: kept_results.append(1) or from_previous(values))
    sums: list[int] = []  # demands summed: a sizing group an edit left as it was is not summed again
    sum_demands = sizing_module.sum_demands
    monkeypatch.setattr(sizing_module, "sum_demands", lambda demands: sums.append(len(demands)) or sum_demands(demands))
    paths_made: list[int] = []
    path_shares = ledger_module._path_shares  # (each path's months worked out, kept or not)
    monkeypatch.setattr(ledger_module, "_path_shares", lambda *args: paths_made.append(1) or path_shares(*args))
    plan = generated_plan(COUNT)
    evaluator = Evaluator(catalog)
    previous = evaluator.evaluate(plan)
    for what, edited in _edits(plan, catalog):
        kept_results.clear()
        sums.clear()
        paths_made.clear()
        found = evaluator.evaluate(edited)
        before, previous = previous, found
        kept = found.model_dump_json()
        kept_sums = sum(sums)
        kept_paths = len(paths_made)
        paths_made.clear()
        fresh = evaluate(edited, catalog)
        same = kept == fresh.model_dump_json()
        assert same, what
        assert _drivers(found) == _drivers(fresh), what
        if what.startswith("volume again"):  # most workloads' results are the previous ones with their new prices
            assert len(kept_results) > COUNT // 2, len(kept_results)
            assert kept_sums < sum(sums) - kept_sums, (kept_sums, sum(sums) - kept_sums)
            # and the ledger's books work out again only the cloud paths of the edited workload (fresh: every path)
            assert 0 < kept_paths <= 8 < len(paths_made), (kept_paths, len(paths_made))
            # an on-prem cost per token whose figures came out the same is the previous one (the fleet's moved a little)
            units, previous_units = found.cost_per_mtok.workloads, before.cost_per_mtok.workloads
            assert any(units[w]["on_prem"] is previous_units[w].get("on_prem") for w in units if "on_prem" in units[w])


@pytest.mark.parametrize("users", [1_001, 40])
def test_an_edit_back_and_forth_gives_each_plan_its_own_prices(catalog, users):
    """Undo and redo of one edit: each plan's every workload shows its own on-prem price and tie step, not the ones
    of the plan evaluated just before."""
    plan = generated_plan(COUNT)
    edited = _changed(plan, COUNT // 2, users=users)
    evaluator = Evaluator(catalog)
    fresh = {0: evaluate(plan, catalog), 1: evaluate(edited, catalog)}
    for which in (0, 1, 0, 1, 1, 0):
        evaluator.evaluations.clear()  # each plan evaluated again, not its whole evaluation given back
        found = evaluator.evaluate([plan, edited][which])
        assert [r.priced_krw for r in found.workloads] == [r.priced_krw for r in fresh[which].workloads]
        same = found.model_dump_json() == fresh[which].model_dump_json()
        assert same
        assert _drivers(found) == _drivers(fresh[which])


def test_the_fleets_owned_figures_are_the_ones_read_and_moved_one_candidate_at_a_time(catalog, monkeypatch):
    """Owned vs rented on the shared fleet reads each group's candidates together (their loads sized together, the
    tables an edit left as they were) and skips the passes where no saving moves one: every answer (owned and rented
    figures, GPU, rented or not) is the one the candidates read and moved one at a time give, in the sample plans and
    their scenarios, with hosting on and off, and along the edits on one Evaluator."""
    import planner.domain.gpuaas as gpuaas_module
    from planner.store.loader import read_plan
    from tests.conftest import SAMPLE_PLANS

    calls: list[tuple] = []
    fleet_owned = gpuaas_module.fleet_owned

    def kept_call(*args):
        found = fleet_owned(*args)
        calls.append((args, dict(found)))  # owned_on_fleet updates the first answer with the override-free one
        return found

    monkeypatch.setattr(gpuaas_module, "fleet_owned", kept_call)
    for path in SAMPLE_PLANS:
        plan = read_plan(path, catalog)
        for hosting in (True, False):
            evaluate(plan.model_copy(update={"assumptions": {**plan.assumptions, "gpuaas_hosting": hosting}}), catalog)
    plan = generated_plan(COUNT)
    evaluator = Evaluator(catalog)
    evaluator.evaluate(plan)
    for _what, edited in _edits(plan, catalog):
        evaluator.evaluate(edited)
    answers = [answer for _args, found in calls for answer in found.values()]
    assert any(rented for *_figures, rented in answers) and not all(rented for *_figures, rented in answers)
    differ = [args[2] for args, found in calls if found != fleet_owned(*args[:7], None, one_by_one=True)]
    assert not differ


def _notes(evaluation) -> list[tuple[str, ...]]:
    """Each workload's placement, what its tie chose, and the notes of its numbers step."""
    return [(r.placement, *(str(s.answer).rsplit("-> ", 1)[-1] for s in r.trace if s.rule == "numbers.tie"), *(s.rule for s in r.trace if s.note)) for r in evaluation.workloads]


def test_an_edit_that_moves_other_workloads_prices_past_each_other_re_evaluates_as_fresh(catalog):
    """One workload's volume moves every other workload's on-prem and hybrid prices (its share of the shared fleet):
    ties between on-prem and the cloud or a hybrid change sides, an alternative comes to cost less than the owned
    GPUs past the economics threshold (a note and a warning), the rules' price goes away and comes back. A workload
    whose own rented quote did not change then gets its placement from the kept entry only where its prices still
    put it where that entry was made (no note, no warning, no compliance cost); each evaluation equals a fresh one."""
    plan = generated_plan(COUNT)
    evaluator = Evaluator(catalog)
    evaluator.evaluate(plan)
    seen = [_notes(evaluate(plan, catalog))]
    for index, users in ((2, 20_000), (2, 2_000_000), (2, 20_000), (2, 22), (1, 10), (1, 100), (1, 21)):
        plan = _changed(plan, index, users=users)
        fresh = evaluate(plan, catalog)
        same = evaluator.evaluate(plan).model_dump_json() == fresh.model_dump_json()
        assert same, (index, users)
        seen.append(_notes(fresh))
    others = [[notes for i, notes in enumerate(step) if i not in (1, 2)] for step in seen]
    changed = [{(before, after) for before, after in zip(a, b) if before != after} for a, b in zip(others, others[1:])]
    assert (("cloud", "cloud"), ("on_prem", "on-prem")) in changed[0]  # a tie goes on-prem
    assert (("on_prem", "on-prem"), ("on_prem", "on-prem", "numbers.threshold")) in changed[1]  # a note comes
    assert (("on_prem", "on-prem", "numbers.threshold"), ("on_prem", "on-prem")) in changed[2]  # and goes
    assert (("on_prem",), ("on_prem", "numbers.compliance")) in changed[4]  # the rules' price comes
    assert (("on_prem", "numbers.compliance"), ("on_prem",)) in changed[5]  # and goes


def test_a_cheaper_alternative_with_the_same_rented_quote_re_evaluates_as_fresh(catalog, monkeypatch):
    """A workload whose rented quote (and so its owned cost on the shared fleet) is the previous evaluation's, but whose
    cloud price now falls under that owned cost: its numbers step now shows what the rules cost (a note), which the kept
    placement made without it does not have. No edit of the generated plan reached that (its cloud price moves only
    with its own figures, which give it a new quote), so the test lowers the placement step's cloud price of one
    workload for one evaluation, in the Evaluator's and in the fresh one alike."""
    cheap: dict[str, float] = {}
    real = evaluate_module.placement_prices

    def placement_prices(plan, resolved, *args, **kwargs):
        prices = real(plan, resolved, *args, **kwargs)

        def lowered(index: int, hybrid: str) -> dict[str, float]:
            out = prices(index, hybrid)
            factor = cheap.get(resolved[index].id)
            return out if factor is None else {**out, "cloud": out["cloud"] * factor}

        lowered.__dict__.update(prices.__dict__)  # the rented quotes and what the placement step keeps
        return lowered

    monkeypatch.setattr(evaluate_module, "placement_prices", placement_prices)
    plan = generated_plan(COUNT)
    target = plan.workloads[57].id  # on-prem by the rules, its owned cost on the fleet just under its cloud price
    evaluator = Evaluator(catalog)
    evaluator.evaluate(plan)
    for users, factor in ((1_001, None), (1_002, 0.7), (1_003, None)):
        cheap.clear()
        if factor is not None:
            cheap[target] = factor
        plan = _changed(plan, COUNT // 2, users=users)
        fresh = evaluate(plan, catalog)
        same = evaluator.evaluate(plan).model_dump_json() == fresh.model_dump_json()
        assert same, (users, factor)
        notes = [s.rule for s in fresh.workloads[57].trace if s.note]
        assert notes == (["numbers.compliance"] if factor else []), notes


@pytest.mark.parametrize("stem", ["public-agency-gpuaas", "midsize-chatbot"])
def test_an_edit_of_the_horizon_prices_rented_gpus_over_the_new_horizon(catalog, stem):
    """The horizon edited in turn on one Evaluator (36 -> 34 -> 35 -> 30 -> 36 months: the same three plan years, so the
    same GPUs per plan year): every rented-GPU quote, and so every figure, is the one a fresh evaluation of the edited
    plan gives, not the rental over the previous horizon (the quotes' memo outlives the edit)."""
    from planner.cli import sample_plan_dir
    from planner.store.loader import read_plan

    plan = read_plan(sample_plan_dir() / f"{stem}.toml", catalog)
    assert plan.horizon_months == 36
    evaluator = Evaluator(catalog)
    evaluator.evaluate(plan)
    for months in (34, 35, 30, 36):
        edited = plan.model_copy(update={"horizon_months": months})
        found, fresh = evaluator.evaluate(edited), evaluate(edited, catalog)
        assert [(r.id, r.gpuaas.total_krw if r.gpuaas else None) for r in found.workloads] == [(r.id, r.gpuaas.total_krw if r.gpuaas else None) for r in fresh.workloads], months
        same = found.model_dump_json() == fresh.model_dump_json()
        assert same, months


def test_a_workload_made_public_re_evaluates_as_fresh(catalog):
    """A workload's data made public: its placement and what the cloud may serve change while the schedule's switch
    days stay, so the plan strategy's book moves it to another cloud path (its books keep the paths of the other
    workloads, alike, as they were)."""
    plan = generated_plan(COUNT)
    evaluator = Evaluator(catalog)
    evaluator.evaluate(plan)
    edited = _changed(plan, 8, data="public")
    assert plan.workloads[8].data != "public"
    found, fresh = evaluator.evaluate(edited), evaluate(edited, catalog)
    assert found.model_dump_json() == fresh.model_dump_json()
    assert _drivers(found) == _drivers(fresh)


@pytest.mark.parametrize(
    "change",
    [
        {"placement": "cloud", "placement_note": "kept on the API"},  # a hybrid (0.3 on-prem) leaves the fleet
        {"id": "w-renamed", "name": "Renamed"},  # another id at the same position
    ],
)
def test_an_edit_of_a_workloads_on_prem_share_or_id_re_evaluates_as_fresh(catalog, change):
    """The ledger's per-workload figures (cloud KRW a month, the on-prem shares costed) are the last ledger's but at the
    edited position: a hybrid moved to the cloud is costed again at a full share on the all-on-prem fleet, and a
    renamed workload's figures stand under its new id in its place."""
    plan = generated_plan(COUNT)
    assert plan.workloads[2].kind == "customer_chatbot"  # placed hybrid, 0.3 of it on-prem
    evaluator = Evaluator(catalog)
    first = evaluator.evaluate(plan)
    assert first.ledger.onprem_share_costed["w00002"] == 0.3
    edited = _changed(plan, 2, **change)
    found, fresh = evaluator.evaluate(edited), evaluate(edited, catalog)
    assert found.model_dump_json() == fresh.model_dump_json()
    assert list(found.ledger.cloud_krw_per_month) == [w.id for w in edited.workloads]

