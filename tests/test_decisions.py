"""Issue #13: each case the framework itself names, built as a plan, with the outcome the framework gives.

Expected figures are worked out by hand from SPEC sections 3-6 and the catalogs (cited in comments).
"""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.evaluate import evaluate
from planner.domain.plan import Plan

START = date(2026, 3, 2)


def _plan(workloads: list[dict], industry: str = "general", employees: int = 500, ml_engineers: int = 2, budget: int = 1_000_000_000, **extra) -> Plan:
    org = {"industry": industry, "employees": employees, "ml_engineers": ml_engineers, "budget_3y_krw": budget, **extra.pop("organization", {})}
    return Plan(name="Case", start=START, organization=org, workloads=workloads, **extra)


def test_defense_never_uses_the_cloud_even_for_public_data(catalog):
    plan = _plan([{"id": "translation", "name": "Manual translation", "kind": "general_qa", "requests_per_day": 1_000, "data": "public"}], industry="defense")
    qa = evaluate(plan, catalog).workload("translation")
    assert qa.placement == "on_prem_airgap" and qa.regulatory and not qa.cloud_allowed
    assert qa.allowed == ["on_prem_airgap"]
    assert any(s.rule == "regulation.defense" and "public data" in s.answer for s in qa.trace)


def test_a_large_company_with_staff_and_budget_is_told_self_hosted_for_general_qa_by_the_numbers(catalog):
    # 5,000 people, 100,000 general Q&A requests a day: Q2-Q4 say on-prem, the table says cloud -> numbers decide
    plan = _plan([{"id": "qa", "name": "General Q&A", "kind": "general_qa", "requests_per_day": 100_000}], employees=5_000)
    ev = evaluate(plan, catalog)
    qa = ev.workload("qa")
    assert qa.framework == ["on_prem", "cloud"]
    # the self-hosted answer; public data may use any rented GPU, and renting costs less than buying GPUs for it
    assert qa.placement == "gpuaas" and qa.priced_krw["gpuaas"] < qa.gpuaas.owned_total_krw
    tie = next(s for s in qa.trace if s.rule == "numbers.tie")
    # the cloud total is the workload's cloud bill over 36 months: the same as the all-cloud strategy's
    cloud = ev.ledger.tco["cloud"].by_category_krw["cloud_api"] + ev.ledger.tco["cloud"].by_category_krw["embeddings"]
    assert qa.priced_krw["cloud"] == pytest.approx(cloud, abs=36)
    assert qa.priced_krw["on_prem"] < qa.priced_krw["cloud"] / 2
    assert f"on-prem {qa.priced_krw['on_prem']:,} KRW" in tie.answer and f"cloud {qa.priced_krw['cloud']:,} KRW" in tie.answer
    assert tie.answer.endswith("-> on-prem")


def test_a_small_company_keeps_general_qa_on_the_cloud_where_flowchart_and_table_agree(catalog):
    plan = _plan([{"id": "qa", "name": "General Q&A", "kind": "general_qa", "requests_per_day": 1_000}], employees=50)
    qa = evaluate(plan, catalog).workload("qa")
    assert qa.placement == "cloud" and qa.framework == ["cloud"]
    assert not any(s.rule == "numbers.tie" for s in qa.trace)


def test_an_agreed_answer_that_costs_much_more_than_an_allowed_alternative_is_a_warning_with_both_totals(catalog):
    # 2,000 people, 12,000 customer chatbot requests/day, no ML engineers -> the flowchart's hybrid (gradual),
    # the table's hybrid: they agree; the cloud is allowed after de-identification and far cheaper at this volume
    plan = _plan([{"id": "bot", "name": "Chatbot", "kind": "customer_chatbot", "requests_per_day": 12_000}], employees=2_000, ml_engineers=0, budget=100_000_000)
    ev = evaluate(plan, catalog)
    bot = ev.workload("bot")
    assert bot.placement == "hybrid" and bot.hybrid == "gradual"
    warning = next(w for w in ev.warnings if w.startswith("bot: economics:"))
    assert f"{bot.priced_krw['cloud']:,} KRW" in warning and f"{bot.priced_krw['hybrid']:,} KRW" in warning
    assert "20% threshold" in warning and "the flowchart and the table agree" in warning


def test_the_price_of_the_rule_is_the_cost_of_compliance_in_json(catalog, run_cli, tmp_path):
    from planner.store.plan_io import save_plan

    plan = _plan([{"id": "coding", "name": "Coding assistant", "kind": "coding_assistant", "users": 10}], employees=30, ml_engineers=1)
    ev = evaluate(plan, catalog)
    coding = ev.workload("coding")
    # confidential data keeps it self-hosted; rented GPUs are allowed for it and cost less than owned ones:
    # 1 H100 on demand, 8 busy hours x 22 days x 9,300 KRW a month
    assert coding.placement == "gpuaas" and coding.allowed == ["on_prem", "gpuaas"]
    assert coding.gpuaas.rental_krw_per_month == 8 * 22 * 9_300
    assert coding.cost_of_compliance_krw == coding.priced_krw["gpuaas"] - coding.priced_krw["cloud"] > 0
    path = tmp_path / "coding.toml"
    save_plan(plan, path)
    import json

    shown = json.loads(run_cli("show", str(path), "--json").out)
    assert shown["cost_of_compliance_krw"] == coding.cost_of_compliance_krw
    assert shown["workloads"][0]["cost_of_compliance_krw"] == coding.cost_of_compliance_krw
    assert "Cost of compliance over 36 months" in run_cli("show", str(path)).out


def test_operations_staff_grow_with_the_fleet(catalog):
    # DevOps runs operations only (0.2 FTE per unit of 8 GPUs, never below one unit); no common project task needs DevOps
    def devops(per_day: int) -> tuple[int, float]:
        plan = _plan([{"id": "qa", "name": "Q&A", "kind": "customer_chatbot", "requests_per_day": per_day, "open_model": "llama-3.1-70b"}], hardware={"gpu": "a100-80gb"})
        ledger = evaluate(plan, catalog).ledger
        return sum(g.gpus for g in ledger.on_prem_hardware), ledger.staff_fte["on_prem"][0]["devops"]

    small_gpus, small = devops(5_000)
    big_gpus, big = devops(500_000)
    assert small_gpus <= 8 and small == pytest.approx(0.2)
    assert big_gpus >= 16 and big == pytest.approx(0.2 * big_gpus / 8, abs=1e-4)


def test_a_one_card_4090_server_costs_what_the_framework_says(catalog):
    # framework: RTX 4090 ~300만원, a server built on one 600-800만원 -> 700만원 at the midpoint
    from planner.domain.resolve import Assumptions
    from planner.domain.sizing import hardware_cost

    capex, _ = hardware_cost(catalog.gpus["rtx-4090"], 1, 1, Assumptions(catalog, {}))
    assert capex == 7_000_000


def test_thresholds_show_the_framework_rule_of_thumb_beside_the_computed_figure(catalog):
    plan = _plan([{"id": "qa", "name": "Q&A", "kind": "general_qa", "requests_per_day": 1_000}], employees=50)
    checks = evaluate(plan, catalog).ledger.thresholds
    figures = {(c.gpu, c.gpus): c for c in checks if c.framework_usd_per_month is not None}
    assert {k: c.framework_usd_per_month for k, c in figures.items()} == {("rtx-4090", 1): 800, ("a100-80gb", 2): 3_000, ("h100-80gb", 8): 15_000}
    one_4090 = figures[("rtx-4090", 1)]
    assert one_4090.capex_krw == 7_000_000
    assert "operations staff" in one_4090.framework_note and f"${one_4090.threshold_usd_per_month:,.0f}" in one_4090.framework_note


def test_the_two_hybrids_have_different_ledgers(catalog):
    chatbot = [{"id": "bot", "name": "Chatbot", "kind": "customer_chatbot", "requests_per_day": 20_000}]
    # Hybrid 1: no ML engineers -> start on the cloud, move everything over gradually, with a hire/contract task
    gradual = evaluate(_plan(chatbot, employees=2_000, ml_engineers=0, budget=400_000_000), catalog)
    # Hybrid 2: ML engineers but a budget under 5억 -> only the sensitive share on-prem
    sensitive = evaluate(_plan(chatbot, employees=2_000, ml_engineers=2, budget=400_000_000), catalog)
    one, two = gradual.workload("bot"), sensitive.workload("bot")
    assert (one.placement, one.hybrid, one.onprem_share) == ("hybrid", "gradual", 1.0)
    assert (two.placement, two.hybrid) == ("hybrid", "sensitive") and two.onprem_share == catalog.workload_kinds["customer_chatbot"].sensitive_share
    assert any(t.id == "p1.engage-ml-engineer" for t in gradual.schedule.tasks)
    assert not any(t.id == "p1.engage-ml-engineer" for t in sensitive.schedule.tasks)
    assert gradual.ledger.months["plan"] != sensitive.ledger.months["plan"]
    # the gradual hybrid's cloud bill falls month by month after its migration; at the end it is gone
    cloud = [m["cloud_api"] for m in gradual.ledger.months["plan"]]
    assert cloud[-1] == 0 and any(0 < c < max(cloud) for c in cloud)
    assert [m["cloud_api"] for m in sensitive.ledger.months["plan"]][-1] > 0


def test_phase_4_starts_no_earlier_than_month_12(catalog):
    from planner.store.loader import read_plan
    from tests.conftest import SAMPLE_PLANS

    for path in SAMPLE_PLANS:
        plan = read_plan(path, catalog)
        phase4 = [p for p in evaluate(plan, catalog).schedule.phases if p.phase == 4]
        assert phase4 and phase4[0].start >= date(plan.start.year + 1, plan.start.month, plan.start.day), path.name


def _qa(wid: str, per_day: int, model: str = "gpt-4o") -> dict:
    # 800 in + 400 out tokens; peak = per_day / (8 h x 60) x peak factor 2 requests/min
    return {"id": wid, "name": wid, "kind": "general_qa", "requests_per_day": per_day, "input_tokens": 800, "output_tokens": 400, "busy_hours": 8, "cloud_model": model}


def test_two_gpt_4o_workloads_share_one_account_limit(catalog):
    # 5,000/day each: 5,000 / 480 x 2 = 20.8 requests/min x 1,200 tokens = 25,000 tokens/min each, 50,000 together
    plan = _plan([_qa("support", 5_000), _qa("search", 5_000)], employees=50)
    ev = evaluate(plan, catalog)
    [account] = ev.rate_limits
    assert (account.provider, account.model) == ("openai", "gpt-4o")
    assert account.peak_tpm == pytest.approx(50_000) and account.workloads == ["support", "search"]
    assert account.tier_have == "tier 1" and account.tier_needed == "tier 2" and account.exceeded  # tier 1: 30,000 TPM
    warning = next(w for w in ev.warnings if w.startswith("rate limits:"))
    assert "support, search" in warning and "50,000 tokens/min" in warning and "30,000 tokens/min" in warning
    # each alone fits tier 1: the old per-workload check saw nothing
    assert all(w.rate_limit.peak_tpm <= 30_000 for w in ev.workloads)


def test_the_tier_the_organization_has_is_read_from_api_tiers(catalog):
    plan = _plan([_qa("support", 5_000), _qa("search", 5_000)], employees=50, organization={"api_tiers": {"openai": 2}})
    ev = evaluate(plan, catalog)
    [account] = ev.rate_limits
    assert account.tier_have == "tier 2" and not account.exceeded
    assert not any(w.startswith("rate limits:") for w in ev.warnings)


def test_an_unknown_provider_or_tier_in_api_tiers_is_a_problem_with_its_line(tmp_path, run_cli):
    path = tmp_path / "tiers.toml"
    path.write_text(
        'schema_version = 1\nname = "Tiers"\nstart = 2026-03-02\n\n[organization]\nemployees = 50\napi_tiers = { openai = 9, openia = 1 }\n',
        encoding="utf-8",
    )
    result = run_cli("validate", str(path))
    assert result.code == 1
    assert f"{path}:7: organization.api_tiers.openai: tier 9 is not one of 1..5" in result.err
    assert "organization.api_tiers.openia: unknown cloud provider 'openia'" in result.err and 'did you mean "openai"' in result.err
