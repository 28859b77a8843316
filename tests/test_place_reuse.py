"""An Evaluator re-evaluating a plan after an edit reuses what the placement step, the rented-GPU quotes and the unit
costs worked out for the workloads the edit left alone; whatever it reuses, the evaluation is the one a fresh
`evaluate()` gives, byte for byte (`show --json`'s model_dump_json). Random plans in the generated plans' kinds, walked
through the edits that move a workload's figures, its quote without its figures (the offer the plan pins), its data
class (a hybrid's on-prem share) and its placement."""

from __future__ import annotations

import random

import pytest

from planner.domain.evaluate import Evaluator, evaluate
from planner.domain.plan import Organization, Plan, Workload
from planner.domain.validate import PlanInvalid
from planner.errors import PlannerError
from tests.bench.bench_engine import KINDS


def _plan(rng: random.Random, count: int) -> Plan:
    workloads = []
    for i in range(count):
        fields: dict = {"id": f"w{i:03d}", "name": f"W {i}", "kind": rng.choice(KINDS), "users": rng.choice([5, 20, 150, 480, 3_000])}
        if rng.random() < 0.2:
            fields["data"] = rng.choice(["public", "internal", "confidential", "personal"])
        workloads.append(Workload(**fields))
    org = Organization(industry=rng.choice(["general", "finance"]), employees=20_000, ml_engineers=rng.choice([2, 6]), budget_3y_krw=rng.choice([300_000_000, 3_000_000_000]))
    return Plan(name="reuse", start="2026-03-02", organization=org, workloads=workloads, horizon_months=rng.choice([24, 36]))


def _edit(plan: Plan, rng: random.Random, catalog) -> Plan:
    workloads = list(plan.workloads)
    index = rng.randrange(len(workloads))
    w = workloads[index]
    kind = rng.choice(["users", "users", "users", "offer", "data", "placement", "delete"])
    if kind == "delete" and len(workloads) > 2:  # one workload fewer shares the ML engineering: every quote moves
        del workloads[index]
        return plan.model_copy(update={"workloads": workloads})
    if kind in ("offer", "delete"):  # every quote another object, each workload's figures as they were
        hardware = plan.hardware.model_copy(update={"gpuaas": rng.choice([None, *sorted(catalog.gpuaas)])})
        return plan.model_copy(update={"hardware": hardware})
    change: dict = {
        "users": lambda: {"users": max(1, (w.users or 100) + rng.choice([-7, 1, 13, 300]))},
        "data": lambda: {"data": rng.choice(["public", "confidential", "personal"]), "deidentifiable": True, "sensitive_share": rng.choice([0.3, 1.0])},
        "placement": lambda: {"placement": rng.choice(["cloud", "gpuaas", "on_prem", None]), "acknowledge_regulation": True, "placement_note": "team"},
    }[kind]()
    workloads[index] = Workload.model_validate({**w.model_dump(exclude_unset=True), **change})
    return plan.model_copy(update={"workloads": workloads})


def _json(run, plan: Plan) -> str:
    try:
        return run(plan).model_dump_json()
    except (PlannerError, PlanInvalid) as error:  # an edit the rules refuse: both refuse it alike
        return f"refused: {error}"


@pytest.mark.parametrize("seed", [3, 18, 41])
def test_an_evaluator_walked_through_edits_gives_the_fresh_evaluation_byte_for_byte(seed, catalog):
    rng = random.Random(seed)
    plan = _plan(rng, rng.choice([12, 30]))
    evaluator = Evaluator(catalog)
    for step in range(12):
        kept, fresh = _json(evaluator.evaluate, plan), _json(lambda p: evaluate(p, catalog), plan)
        assert kept == fresh, f"seed {seed}, step {step}"
        edited = _edit(plan, rng, catalog)
        if not _json(lambda p: evaluate(p, catalog), edited).startswith("refused"):
            plan = edited


@pytest.mark.parametrize("edit", ["delete", "pin an offer"])
def test_a_workloads_quote_changed_under_the_same_figures_gives_its_new_unit_costs(edit, catalog):
    """Deleting a workload shares the ML engineering among one workload fewer: every other workload is quoted again
    (other objects, other prices) while its resolved figures, cloud bill and volume are the objects they were. Pinning
    another rented-GPU offer quotes every workload again too. The per-workload unit costs an Evaluator kept are not the
    ones it shows."""
    plan = _plan(random.Random(7), 12)
    evaluator = Evaluator(catalog)
    before = evaluator.evaluate(plan)
    quoted = [r for r in before.workloads if r.gpuaas is not None]
    assert quoted, "no workload of the plan is quoted on rented GPUs"
    if edit == "delete":
        edited = plan.model_copy(update={"workloads": plan.workloads[1:]})
    else:
        offer = next(o for o in sorted(catalog.gpuaas) if o not in {r.gpuaas.offer for r in quoted})
        edited = plan.model_copy(update={"hardware": plan.hardware.model_copy(update={"gpuaas": offer})})
    kept, fresh = evaluator.evaluate(edited), evaluate(edited, catalog)
    assert kept.model_dump_json() == fresh.model_dump_json()
    moved = [w for w, unit in fresh.cost_per_mtok.workloads.items() if "gpuaas" in unit and unit["gpuaas"] != before.cost_per_mtok.workloads[w].get("gpuaas")]
    assert moved, "the edit moved no workload's rented-GPU unit cost"


def test_kept_unit_costs_are_taken_again_only_under_the_same_quote_and_figures(catalog):
    """`unit_costs` with an Evaluator's kept table, given the results of the evaluation it kept them from with one
    workload's rented-GPU quote replaced (dearer rental) or its cloud bill changed, each under every other figure the
    same object: its unit costs are the ones a fresh table gives, not the kept ones; the others are the kept objects."""
    from planner.domain.gpuaas import HostingKept
    from planner.domain.resolve import Assumptions
    from planner.domain.unit_costs import unit_costs

    plan = _plan(random.Random(7), 12)
    evaluation = evaluate(plan, catalog)
    results, sizing, ledger = evaluation.workloads, evaluation.sizing, evaluation.ledger
    a = Assumptions(catalog, plan.assumptions, None)
    target = next(i for i, r in enumerate(results) if r.gpuaas is not None and ledger.onprem_krw_per_month.get(r.id))
    quote = results[target].gpuaas
    cases = {
        "quote": results[target].model_copy(update={"gpuaas": quote.model_copy(update={"rental_krw_per_month": quote.rental_krw_per_month + 1_000_000})}),
        "cloud bill": results[target].model_copy(update={"cloud_cost_usd_per_month": results[target].cloud_cost_usd_per_month + 100.0}),
    }
    for what, changed in cases.items():
        kept = HostingKept()
        first = unit_costs(results, sizing, ledger, a, kept)
        edited = [*results[:target], changed, *results[target + 1 :]]
        found = unit_costs(edited, sizing, ledger, a, kept)
        assert found.model_dump() == unit_costs(edited, sizing, ledger, a, HostingKept()).model_dump(), what
        assert found.workloads[changed.id] != first.workloads[changed.id], what
        other = next(r.id for r in results if r.id != changed.id)
        assert found.workloads[other] is first.workloads[other], what  # taken again, not made again


def _pinned(plan: Plan, index: int, place: str) -> Plan:
    workloads = list(plan.workloads)
    stated = workloads[index].model_dump(exclude_unset=True)
    workloads[index] = Workload.model_validate({**stated, "placement": place, "acknowledge_regulation": True, "placement_note": "team"})
    return plan.model_copy(update={"workloads": workloads})


def test_a_workload_pinned_on_rented_gpus_is_quoted_again_when_another_becomes_self_hosted(catalog):
    """A workload the rules put on the cloud, pinned on rented GPUs, is quoted after the placement step
    (`choose_hosting`) with an equal share of the ML engineering among the self-hosted workloads; pinning another cloud
    workload on-prem shares it among one more. Its resolved workload and its result's other figures are what they were:
    the quote (and the rented-GPU strategy's months that read it) an Evaluator kept for it is not the one it shows."""
    plan = _plan(random.Random(7), 12)
    on_cloud = [i for i, r in enumerate(evaluate(plan, catalog).workloads) if r.placement == "cloud" and not r.gpuaas_offers]
    assert len(on_cloud) >= 2, "the plan has too few workloads on the cloud"
    rented = _pinned(plan, on_cloud[0], "gpuaas")
    evaluator = Evaluator(catalog)
    before = evaluator.evaluate(rented)
    edited = _pinned(rented, on_cloud[1], "on_prem")
    kept, fresh = evaluator.evaluate(edited), evaluate(edited, catalog)
    assert kept.model_dump_json() == fresh.model_dump_json()
    was, now = before.workloads[on_cloud[0]].gpuaas, fresh.workloads[on_cloud[0]].gpuaas
    assert was is not None and now is not None and now.staff_krw_per_month < was.staff_krw_per_month


def test_a_note_showing_another_answers_price_is_made_again_when_that_price_moves(catalog):
    """A customer chatbot the tie keeps on-prem whose owned GPUs on the plan's fleet cost more than its hybrid answer:
    the threshold note shows the hybrid price, whose on-prem part (operations staff split over the plan's volume)
    moves when another workload's users change, while the chatbot's rented quote stays the same object. The placement
    an Evaluator kept for that quote (its steps after the rented price) is taken again only with the same prices of
    the other answers: the note shown is this evaluation's, as a fresh evaluate() gives it."""
    kinds_users = [
        ("customer_chatbot", 20), ("bulk_classification", 3_000), ("customer_chatbot", 3_000), ("coding_assistant", 20_000),
        ("code_review", 3_000), ("marketing_content", 150), ("marketing_content", 20), ("customer_chatbot", 60_000),
        ("general_qa", 60_000), ("code_review", 20_000), ("customer_chatbot", 20_000), ("marketing_content", 150),
        ("customer_chatbot", 20_000), ("customer_chatbot", 60_000), ("customer_chatbot", 60_000), ("customer_chatbot", 20),
        ("internal_rag", 3_000), ("marketing_content", 20), ("bulk_classification", 20_000), ("customer_chatbot", 20),
    ]  # fmt: skip
    workloads = [Workload(id=f"w{i:03d}", name=f"W {i}", kind=kind, users=users) for i, (kind, users) in enumerate(kinds_users)]
    org = Organization(industry="general", employees=200_000, ml_engineers=6, budget_3y_krw=30_000_000_000)
    plan = Plan(name="notes", start="2026-03-02", organization=org, workloads=workloads, assumptions={"economics_threshold": 0.0}, horizon_months=36)
    evaluator = Evaluator(catalog)

    def note(evaluation) -> str:
        chatbot = next(w for w in evaluation.workloads if w.id == "w002")
        return next(str(step.answer) for step in chatbot.trace if step.rule == "numbers.threshold")

    before = note(evaluator.evaluate(plan))
    workloads[0] = workloads[0].model_copy(update={"users": 21})
    edited = plan.model_copy(update={"workloads": workloads})
    kept, fresh = evaluator.evaluate(edited), evaluate(edited, catalog)
    assert "hybrid" in note(fresh) and note(fresh) != before  # the hybrid price it shows moved
    assert note(kept) == note(fresh)
    assert kept.model_dump_json() == fresh.model_dump_json()
