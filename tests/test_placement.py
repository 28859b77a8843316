"""Placement (SPEC section 5): kind defaults, regulation, flowchart Q1-Q4, cloud preference, hybrid -> cloud, overrides.

Every case runs on the real catalogs; expected placements and figures are worked out by hand
from SPEC section 5 and catalogs/regulations.toml, workload_kinds.toml, assumptions.toml.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from planner.domain.evaluate import evaluate
from planner.domain.placement import WorkloadPlacement, organization_strategy, place_workloads, situation_check
from planner.domain.plan import Organization, Plan, Workload
from planner.domain.resolve import Assumptions, resolve_workloads
from planner.domain.validate import PlanInvalid
from planner.store.loader import read_plan
from tests.conftest import SAMPLE_PLANS

NOTE = "Approved by the CISO, 2026-02"


def make_plan(workloads: list[Workload], industry: str = "general", employees: int = 100, ml_engineers: int = 0, budget_3y_krw: int = 0, security: bool = True, assumptions: dict[str, Any] | None = None) -> Plan:
    org = Organization(industry=industry, employees=employees, ml_engineers=ml_engineers, budget_3y_krw=budget_3y_krw, security_requirements=security)
    return Plan(name="test", start=date(2026, 3, 2), organization=org, workloads=workloads, assumptions=assumptions or {})


def wl(kind: str, requests_per_day: float = 100, id: str = "w", **fields: Any) -> Workload:
    return Workload(id=id, name=id.title(), kind=kind, requests_per_day=requests_per_day, **fields)


def place(plan: Plan, catalog) -> list[WorkloadPlacement]:
    assumptions = Assumptions(catalog, plan.assumptions)
    return place_workloads(plan, resolve_workloads(plan, catalog, assumptions), catalog, assumptions)


def rules(placed: WorkloadPlacement) -> list[str]:
    return [step.rule for step in placed.trace]


def step(placed: WorkloadPlacement, rule: str):
    return next(s for s in placed.trace if s.rule == rule)


@dataclass
class Case:
    """One workload (the first of `workloads`) in one organization, and what the rules must conclude."""

    id: str
    workloads: list[Workload]
    placement: str
    trace: list[str]
    org: dict[str, Any] = field(default_factory=dict)
    regulatory: bool = False
    cloud_allowed: bool = True
    deid: bool = False
    answers: dict[str, str] = field(default_factory=dict)
    """rule id -> text its answer must contain (the plan's own figures)."""


FLOW_TO_Q4 = ["flowchart.Q1", "flowchart.Q2", "flowchart.Q3", "flowchart.Q4"]
BIG = {"employees": 2000, "ml_engineers": 3, "budget_3y_krw": 800_000_000}
"""An organization that answers Q2-Q4 yes when its workloads send >= 10,000 requests/day."""

REGULATION_CASES = [
    Case(
        "any.classified in a general company",
        [wl("internal_rag", data="classified")],
        "on_prem_airgap",
        ["kind.defaults", "regulation.any.classified"],
        regulatory=True,
        cloud_allowed=False,
        answers={"regulation.any.classified": "classified data"},
    ),
    Case(
        "finance: personal data",
        [wl("customer_chatbot")],
        "on_prem",
        ["kind.defaults", "regulation.finance"],
        {"industry": "finance"},
        regulatory=True,
        cloud_allowed=False,
        answers={"regulation.finance": "personal data"},
    ),
    Case(
        "finance: confidential is not credit data -> flowchart",
        [wl("internal_rag")],
        "on_prem",
        ["kind.defaults", "regulation.none", "flowchart.Q1", "flowchart.Q1a"],
        {"industry": "finance"},
        cloud_allowed=False,
    ),
    Case(
        "medical: regulated data",
        [wl("internal_rag", data="regulated")],
        "on_prem",
        ["kind.defaults", "regulation.medical"],
        {"industry": "medical"},
        regulatory=True,
        cloud_allowed=False,
    ),
    Case(
        "public: internal data on a model without CSAP",
        [wl("bulk_classification")],
        "on_prem",
        ["kind.defaults", "regulation.public"],
        {"industry": "public"},
        regulatory=True,
        cloud_allowed=False,
        answers={"regulation.public": "GPT-4o mini is not CSAP-certified"},
    ),
    Case(
        "public: public data is not governed",
        [wl("general_qa")],
        "cloud",
        ["kind.defaults", "regulation.none", "flowchart.Q1", "flowchart.Q2", "table.kind"],
        {"industry": "public"},
    ),
    Case(
        "defense: internal data -> air-gapped",
        [wl("general_qa", data="internal")],
        "on_prem_airgap",
        ["kind.defaults", "regulation.defense"],
        {"industry": "defense"},
        regulatory=True,
        cloud_allowed=False,
    ),
    Case(
        "general: personal data that can be de-identified -> cloud after de-identification",
        [wl("customer_chatbot")],
        "cloud",
        ["kind.defaults", "regulation.general", "flowchart.Q1", "flowchart.Q1a", "flowchart.Q2", "table.kind"],
        deid=True,
        answers={"regulation.general": "yes, after de-identification"},
    ),
    Case(
        "general: personal data that cannot be de-identified -> on-prem",
        [wl("customer_chatbot", deidentifiable=False)],
        "on_prem",
        ["kind.defaults", "regulation.general"],
        regulatory=True,
        cloud_allowed=False,
        answers={"regulation.general": "cannot be de-identified"},
    ),
    Case(
        "eu: personal data on a model without an EU region",
        [wl("customer_chatbot")],
        "on_prem",
        ["kind.defaults", "regulation.eu"],
        {"industry": "eu"},
        regulatory=True,
        cloud_allowed=False,
        answers={"regulation.eu": "GPT-4o has no EU region"},
    ),
    Case(
        "eu: personal data on an EU-hosted model -> flowchart",
        [wl("customer_chatbot", cloud_model="mistral-large")],
        "cloud",
        ["kind.defaults", "regulation.eu", "flowchart.Q1", "flowchart.Q1a", "flowchart.Q2", "table.kind"],
        {"industry": "eu"},
        deid=True,
        answers={"regulation.eu": "Mistral Large is hosted in the EU"},
    ),
]

# Seven kinds with their defaults in a 100-person general company sending 100 requests/day.
KIND_CASES = [
    Case("coding_assistant", [wl("coding_assistant")], "on_prem", ["kind.defaults", "regulation.none", "flowchart.Q1", "flowchart.Q1a"], cloud_allowed=False),
    Case("code_review", [wl("code_review")], "on_prem", ["kind.defaults", "regulation.none", "flowchart.Q1", "flowchart.Q1a"], cloud_allowed=False),
    Case("internal_rag", [wl("internal_rag")], "on_prem", ["kind.defaults", "regulation.none", "flowchart.Q1", "flowchart.Q1a"], cloud_allowed=False),
    Case("customer_chatbot", [wl("customer_chatbot")], "cloud", ["kind.defaults", "regulation.general", "flowchart.Q1", "flowchart.Q1a", "flowchart.Q2", "table.kind"], deid=True),
    Case("general_qa", [wl("general_qa")], "cloud", ["kind.defaults", "regulation.none", "flowchart.Q1", "flowchart.Q2", "table.kind"]),
    Case("bulk_classification", [wl("bulk_classification")], "cloud", ["kind.defaults", "regulation.none", "flowchart.Q1", "flowchart.Q2", "table.kind"]),
    Case("marketing_content", [wl("marketing_content")], "cloud", ["kind.defaults", "regulation.none", "flowchart.Q1", "flowchart.Q2", "table.kind"]),
]

FLOWCHART_CASES = [
    Case(
        "Q1 no -> Q2 no -> cloud",
        [wl("general_qa", 9_999)],
        "cloud",
        ["kind.defaults", "regulation.none", "flowchart.Q1", "flowchart.Q2", "table.kind"],
        answers={"flowchart.Q1": "no: data is public", "flowchart.Q2": "no: 9,999 requests/day < 10,000"},
    ),
    Case(
        "Q1 yes -> Q1a no -> on-prem (no further questions)",
        [wl("code_review", 50_000)],
        "on_prem",
        ["kind.defaults", "regulation.none", "flowchart.Q1", "flowchart.Q1a"],
        BIG,
        cloud_allowed=False,
        answers={"flowchart.Q1": "yes: data is confidential", "flowchart.Q1a": "no"},
    ),
    Case(
        "Q1a yes -> Q2 no -> cloud with de-identification",
        [wl("bulk_classification", 3_000, data="confidential")],
        "cloud",
        ["kind.defaults", "regulation.none", "flowchart.Q1", "flowchart.Q1a", "flowchart.Q2", "table.kind"],
        deid=True,
        answers={"flowchart.Q1a": "de-identification pipeline", "flowchart.Q2": "3,000 requests/day < 10,000"},
    ),
    Case(
        "Q2 counts the organization's total: 6,000 + 6,000 >= 10,000",
        [wl("customer_chatbot", 6_000, id="a"), wl("general_qa", 6_000, id="b")],
        "hybrid",
        ["kind.defaults", "regulation.general", "flowchart.Q1", "flowchart.Q1a", "flowchart.Q2", "flowchart.Q3", "table.kind"],
        {"employees": 200, "ml_engineers": 0},
        deid=True,
        answers={"flowchart.Q2": "yes: 12,000 requests/day >= 10,000", "flowchart.Q3": "no: 0 ML engineers"},
    ),
    Case(
        "Q2 yes at exactly the threshold -> Q3 no -> hybrid",
        [wl("customer_chatbot", 10_000)],
        "hybrid",
        ["kind.defaults", "regulation.general", "flowchart.Q1", "flowchart.Q1a", "flowchart.Q2", "flowchart.Q3", "table.kind"],
        {"employees": 200, "ml_engineers": 0, "budget_3y_krw": 2_000_000_000},
        deid=True,
        answers={"flowchart.Q2": "yes: 10,000 requests/day >= 10,000", "flowchart.Q3": "start on cloud"},
    ),
    Case(
        "Q3 yes -> Q4 yes (exactly 5억) -> on-prem",
        [wl("customer_chatbot", 100_000)],
        "on_prem",
        ["kind.defaults", "regulation.general", "flowchart.Q1", "flowchart.Q1a", "flowchart.Q2", "flowchart.Q3", "flowchart.Q4", "table.kind"],
        {"employees": 5000, "ml_engineers": 2, "budget_3y_krw": 500_000_000},
        deid=True,
        answers={"flowchart.Q3": "yes: 2 ML engineer(s)", "flowchart.Q4": "yes: 500,000,000 KRW >= 500,000,000 KRW"},
    ),
    Case(
        "Q4 no -> hybrid, only sensitive data on-prem",
        [wl("customer_chatbot", 100_000)],
        "hybrid",
        ["kind.defaults", "regulation.general", "flowchart.Q1", "flowchart.Q1a", "flowchart.Q2", "flowchart.Q3", "flowchart.Q4", "table.kind"],
        {"employees": 5000, "ml_engineers": 2, "budget_3y_krw": 499_999_999},
        deid=True,
        answers={"flowchart.Q4": "no: 499,999,999 KRW < 500,000,000 KRW -> hybrid: only sensitive data on-prem"},
    ),
]

STEP_CASES = [
    Case(
        "table.kind: public Q&A, flowchart on-prem, table cloud -> both are the framework's answers, numbers decide",
        [wl("general_qa", 20_000)],
        "on_prem",
        ["kind.defaults", "regulation.none", *FLOW_TO_Q4, "table.kind"],
        BIG,
        answers={"flowchart.Q4": "800,000,000 KRW >= 500,000,000 KRW -> on-prem", "table.kind": "the flowchart says on-prem -> the numbers decide"},
    ),
    Case(
        "table.kind: the table's cloud does not speak for sensitive data",
        [wl("bulk_classification", 20_000, data="confidential")],
        "on_prem",
        ["kind.defaults", "regulation.none", "flowchart.Q1", "flowchart.Q1a", "flowchart.Q2", "flowchart.Q3", "flowchart.Q4", "table.kind"],
        BIG,
        deid=True,
        answers={"table.kind": "no answer here"},
    ),
    Case(
        "table.kind agrees: a kind the framework keeps on-prem",
        [wl("internal_rag", 20_000, data="public")],
        "on_prem",
        ["kind.defaults", "regulation.none", *FLOW_TO_Q4, "table.kind"],
        BIG,
        answers={"table.kind": "agrees with the flowchart"},
    ),
    Case(
        "flowchart.hybrid_not_sensitive: Q4 no, public data -> cloud (this hybrid keeps only sensitive data on-prem)",
        [wl("marketing_content", 20_000)],
        "cloud",
        ["kind.defaults", "regulation.none", *FLOW_TO_Q4, "flowchart.hybrid_not_sensitive", "table.kind"],
        {"employees": 500, "ml_engineers": 2, "budget_3y_krw": 300_000_000},
        answers={"flowchart.hybrid_not_sensitive": "no: data is public -> cloud"},
    ),
    Case(
        "Q3 no: the gradual hybrid holds without sensitive data; the table's on-prem for document search -> numbers",
        [wl("internal_rag", 20_000, data="internal")],
        "hybrid",
        ["kind.defaults", "regulation.none", "flowchart.Q1", "flowchart.Q2", "flowchart.Q3", "table.kind"],
        {"employees": 500, "ml_engineers": 0},
        answers={"table.kind": "the flowchart says hybrid -> the numbers decide"},
    ),
]


@pytest.mark.parametrize("case", REGULATION_CASES + KIND_CASES + FLOWCHART_CASES + STEP_CASES, ids=lambda c: c.id)
def test_rules_place_the_workload_and_trace_every_step(case: Case, catalog):
    placed = place(make_plan(case.workloads, **case.org), catalog)[0]
    assert placed.placement == case.placement
    assert placed.recommended == case.placement
    assert not placed.overridden
    # A self-hosted answer is followed by the GPUaaS check (issue #14): may rented GPUs host it?
    rented_check = ["gpuaas.allowed"] if case.placement in ("on_prem", "on_prem_airgap") else []
    assert rules(placed) == case.trace + rented_check
    assert placed.regulatory is case.regulatory
    assert placed.cloud_allowed is case.cloud_allowed
    assert placed.needs_deidentification is case.deid
    for rule, text in case.answers.items():
        assert text in step(placed, rule).answer
    for s in placed.trace:
        assert s.question and s.answer and s.source


def test_every_regulation_and_kind_in_the_catalog_has_a_case(catalog):
    covered = {r for c in REGULATION_CASES for r in c.trace if r.startswith("regulation.")}
    assert {f"regulation.{rule_id}" for rule_id in catalog.regulations} <= covered
    assert {c.id for c in KIND_CASES} == set(catalog.workload_kinds)


def test_regulation_step_cites_the_laws_of_the_catalog_entry(catalog):
    placed = place(make_plan([wl("customer_chatbot")], industry="finance"), catalog)[0]
    source = step(placed, "regulation.finance").source
    assert "Electronic Financial Transactions Act" in source and "Credit Information Act" in source


def test_csap_certified_model_lets_public_sector_data_reach_the_flowchart(catalog):
    certified = catalog.cloud_models["gpt-4o"].model_copy(update={"csap_certified": True})
    csap_catalog = catalog.model_copy(update={"cloud_models": {**catalog.cloud_models, "gpt-4o": certified}})
    placed = place(make_plan([wl("customer_chatbot", 12_000)], industry="public", employees=800, ml_engineers=1, budget_3y_krw=400_000_000), csap_catalog)[0]
    assert "CSAP-certified" in step(placed, "regulation.public").answer
    assert placed.placement == "hybrid" and not placed.regulatory
    assert rules(placed)[-1] == "table.kind" and placed.framework == ["hybrid"]


def test_a_company_rule_in_the_catalog_changes_placement_without_code(catalog):
    stricter = catalog.regulations["finance"].model_copy(update={"data_classes": ["confidential", "personal", "regulated"]})
    company = catalog.model_copy(update={"regulations": {**catalog.regulations, "finance": stricter}})
    placed = place(make_plan([wl("general_qa", data="confidential")], industry="finance"), company)[0]
    assert placed.placement == "on_prem" and rules(placed)[-2:] == ["regulation.finance", "gpuaas.allowed"]


def test_kind_defaults_step_names_only_fields_taken_from_the_kind(catalog):
    given, left = place(make_plan([wl("coding_assistant", id="given", data="internal", input_tokens=500), wl("coding_assistant", id="left")]), catalog)
    assert "data = internal" not in step(given, "kind.defaults").answer
    assert "input_tokens" not in step(given, "kind.defaults").answer
    assert "deidentifiable = false" in step(given, "kind.defaults").answer
    assert "data = confidential" in step(left, "kind.defaults").answer
    assert "Coding assistant" in step(left, "kind.defaults").question


def test_thresholds_come_from_the_plans_assumptions(catalog):
    plan = make_plan([wl("customer_chatbot", 6_000)], employees=200, assumptions={"org_requests_per_day_threshold": 5_000})
    placed = place(plan, catalog)[0]
    assert placed.placement == "hybrid"
    q2 = step(placed, "flowchart.Q2")
    assert "6,000 requests/day >= 5,000" in q2.answer and "plan [assumptions]" in q2.source


# --- overrides ---------------------------------------------------------------------------------


def test_plain_override_applies_with_its_note(catalog):
    placed = place(make_plan([wl("coding_assistant", placement="cloud", placement_note=NOTE)]), catalog)[0]
    assert (placed.placement, placed.recommended, placed.overridden) == ("cloud", "on_prem", True)
    assert rules(placed)[-1] == "override" and NOTE in placed.trace[-1].answer
    assert placed.warnings == []
    assert placed.cloud_allowed  # the approved override lets the code reach the API


def test_override_to_the_recommendation_is_not_an_override(catalog):
    placed = place(make_plan([wl("general_qa", placement="cloud", placement_note=NOTE)]), catalog)[0]
    assert placed.placement == "cloud" and not placed.overridden
    assert rules(placed)[-1] == "override"


def test_regulatory_override_without_acknowledgement_is_refused_at_its_key(catalog):
    plan = make_plan([wl("general_qa", id="ok"), wl("customer_chatbot", id="chat", placement="cloud", placement_note=NOTE)], industry="finance")
    with pytest.raises(PlanInvalid) as raised:
        place(plan, catalog)
    [problem] = raised.value.problems
    assert problem.path == ("workloads", 1, "acknowledge_regulation")
    assert "regulation.finance" in problem.message and "Credit Information Act" in problem.message


def test_missing_acknowledgement_is_a_validation_problem_before_evaluation(catalog):
    from planner.domain.validate import plan_problems

    plan = make_plan([wl("general_qa", id="ok"), wl("customer_chatbot", id="chat", placement="cloud", placement_note=NOTE)], industry="finance")
    [problem] = plan_problems(plan, catalog)
    assert problem.path == ("workloads", 1, "acknowledge_regulation") and "regulation.finance" in problem.message
    stricter = make_plan([wl("customer_chatbot", placement="on_prem_airgap", placement_note=NOTE)], industry="finance")
    assert plan_problems(stricter, catalog) == []


def test_acknowledged_regulatory_override_applies_with_a_warning_on_workload_and_plan(catalog):
    workload = wl("customer_chatbot", id="chat", placement="hybrid", placement_note=NOTE, acknowledge_regulation=True)
    plan = make_plan([workload], industry="finance")
    placed = place(plan, catalog)[0]
    assert (placed.placement, placed.recommended, placed.overridden, placed.regulatory) == ("hybrid", "on_prem", True, True)
    assert rules(placed) == ["kind.defaults", "regulation.finance", "gpuaas.allowed", "override"]
    [warning] = placed.warnings
    assert "overrides regulation.finance (Electronic Financial Transactions Act" in warning and warning.endswith("acknowledged")
    ev = evaluate(plan, catalog)
    assert warning in ev.workload("chat").warnings
    assert f"chat: {warning}" in ev.warnings


def test_override_stricter_than_the_regulation_needs_no_acknowledgement(catalog):
    placed = place(make_plan([wl("customer_chatbot", placement="on_prem_airgap", placement_note=NOTE)], industry="finance"), catalog)[0]
    assert placed.placement == "on_prem_airgap" and placed.overridden and placed.warnings == []


def test_cli_reports_a_missing_acknowledgement_as_file_line_key(run_cli, tmp_path):
    path = tmp_path / "bank.toml"
    path.write_text(
        'schema_version = 1\nname = "Bank"\nstart = 2026-04-01\n\n[organization]\nindustry = "finance"\n\n'
        '[[workloads]]\nid = "chat"\nname = "Chat"\nkind = "customer_chatbot"\nrequests_per_day = 1000\n'
        'placement = "cloud"\nplacement_note = "CISO ok"\n',
        encoding="utf-8",
    )
    result = run_cli("validate", str(path))
    assert result.code == 1
    assert result.err.startswith(f"{path}:8: workloads.0.acknowledge_regulation: ")
    assert "regulation.finance" in result.err and "Traceback" not in result.err


# --- organization -------------------------------------------------------------------------------


def test_organization_strategy():
    assert organization_strategy(["cloud", "cloud"]) == "cloud"
    assert organization_strategy(["on_prem", "on_prem_airgap"]) == "on_prem"
    assert organization_strategy(["cloud", "on_prem"]) == "hybrid"
    assert organization_strategy(["hybrid"]) == "hybrid"


SITUATIONS = [
    ("startup <= 10 people", dict(employees=10), [wl("general_qa")], "startup of 10 people (<= 10) -> cloud; computed cloud agrees"),
    ("SMB without security needs", dict(employees=50, security=False), [wl("general_qa")], "without security needs -> cloud; computed cloud agrees"),
    ("SMB with security needs", dict(employees=50), [wl("general_qa")], "SMB (50 people < 300) with security needs -> hybrid; computed cloud differs (no workload runs on-prem)"),
    ("large >= 10,000/day", dict(employees=5000, ml_engineers=4, budget_3y_krw=10**9), [wl("internal_rag", 20_000)], "20,000 requests/day >= 10,000 -> hybrid or on-prem; computed on_prem agrees"),
    ("finance -> on-prem", dict(industry="finance"), [wl("customer_chatbot", id="chat"), wl("marketing_content", id="ads")], "Finance -> on-prem; computed hybrid differs (on the cloud: ads)"),
    ("defense -> air-gapped", dict(industry="defense"), [wl("internal_rag")], "Defense -> on-prem, air-gapped; computed all air-gapped agrees"),
]


@pytest.mark.parametrize("org, workloads, expected", [s[1:] for s in SITUATIONS], ids=[s[0] for s in SITUATIONS])
def test_situation_table_cross_check(org, workloads, expected, catalog):
    plan = make_plan(workloads, **org)
    assumptions = Assumptions(catalog, plan.assumptions)
    text = situation_check(plan, resolve_workloads(plan, catalog, assumptions), catalog, assumptions)
    assert expected in text
    strategy = organization_strategy([p.placement for p in place(plan, catalog)])
    assert ("review after 6 months" in text) is (strategy in ("cloud", "hybrid"))


# --- sample plans -------------------------------------------------------------------------------

SAMPLE_PLACEMENTS = {
    # the bank's three self-hosted workloads rent: finance allows domestic rented GPUs for customer credit data, and
    # 2 x H100 each (the chatbot reserved 3 years: 2 x 720 h x 5,580 KRW x 36 = 2.9억원) cost less than its six
    # owned H100 with their server, facility and operations staff
    "bank-customer-service": {"customer-chatbot": "gpuaas", "compliance-search": "gpuaas", "dev-assistant": "gpuaas", "marketing": "cloud"},
    "defense-airgap": {"intel-analysis": "on_prem_airgap", "coding-assistant": "on_prem_airgap", "manual-translation": "on_prem_airgap"},
    # staff-qa, the large enterprise's ticket classification and marketing: flowchart on-prem, table cloud -> the numbers chose on-prem
    "hospital": {"clinical-notes": "on_prem", "patient-chatbot": "on_prem", "staff-qa": "on_prem"},
    "large-enterprise": {"enterprise-search": "on_prem", "coding-assistant": "on_prem", "customer-chatbot": "on_prem", "ticket-classification": "on_prem", "marketing": "on_prem"},
    "midsize-chatbot": {"internal-chatbot": "on_prem", "coding-assistant": "cloud", "translation": "cloud", "marketing": "cloud", "customer-support": "hybrid"},
    "public-agency": {"civil-complaints": "on_prem", "internal-search": "on_prem", "notice-translation": "cloud"},
    "public-agency-gpuaas": {"document-search": "gpuaas", "report-drafting": "on_prem", "civil-complaints": "on_prem", "notice-translation": "cloud"},
    "startup-coding": {"coding-assistant": "cloud", "team-qa": "cloud", "marketing-drafts": "cloud"},
}


def test_sample_plans_place_as_the_rules_say_and_show_every_placement(catalog):
    seen = set()
    for path in SAMPLE_PLANS:
        ev = evaluate(read_plan(path, catalog), catalog)
        placements = {w.id: w.placement for w in ev.workloads}
        assert placements == SAMPLE_PLACEMENTS[path.stem], path.stem
        seen |= set(placements.values())
    assert seen == {"cloud", "gpuaas", "hybrid", "on_prem", "on_prem_airgap"}


def test_show_prints_placements_with_reasons(run_cli):
    result = run_cli("show", str(next(p for p in SAMPLE_PLANS if p.stem == "midsize-chatbot")))
    assert result.code == 0
    out = result.out
    assert "customer-support (Website customer-support chatbot): hybrid" in out
    assert "flowchart.Q4: Is the three-year budget at least 500,000,000 KRW? no: 300,000,000 KRW < 500,000,000 KRW" in out
    # its self-hosted answer costs less on rented GPUs (A100s on demand, 8 busy hours) than its share of owned ones
    assert "coding-assistant (Coding assistant): cloud  [override; the rules say rented GPUs (GPUaaS)]" in out
    assert "flowchart.Q2: Does the organization send at least 10,000 requests per day in total? yes: 11,100 requests/day >= 10,000" in out
    assert "flowchart.hybrid_not_sensitive: This hybrid keeps only sensitive data on-prem: does this workload have any? no: data is public -> cloud" in out
    assert "Cloud and hybrid plans get a review after 6 months" in out


def test_show_json_carries_placement_fields_and_strategy(run_cli):
    result = run_cli("show", "--json", str(next(p for p in SAMPLE_PLANS if p.stem == "bank-customer-service")))
    doc = json.loads(result.out)
    assert doc["strategy"] == "hybrid"
    chat = next(w for w in doc["workloads"] if w["id"] == "customer-chatbot")
    assert {"placement", "recommended", "overridden", "trace", "warnings"} <= set(chat)
    assert (chat["placement"], chat["recommended"], chat["overridden"]) == ("gpuaas", "gpuaas", False)  # regulated data on domestic rented GPUs
    assert [s["rule"] for s in chat["trace"]][:2] == ["kind.defaults", "regulation.finance"]
    assert set(chat["trace"][1]) == {"rule", "question", "answer", "source"}


def test_the_numbers_step_compares_whatever_placements_it_is_given(catalog):
    # a general Q&A in a big organization: flowchart on-prem, table cloud; prices as a caller gives them
    plan = make_plan([wl("general_qa", 20_000)], **BIG)
    assumptions = Assumptions(catalog, plan.assumptions)
    resolved = resolve_workloads(plan, catalog, assumptions)
    prices = {"cloud": 300_000_000.0, "on_prem": 200_000_000.0, "hybrid": 250_000_000.0, "rented_gpus": 100_000_000.0}
    [placed] = place_workloads(plan, resolved, catalog, assumptions, lambda index, hybrid: prices)
    assert placed.framework == ["on_prem", "cloud"] and placed.placement == "on_prem"
    assert step(placed, "numbers.tie").answer == "on-prem 200,000,000 KRW vs cloud 300,000,000 KRW -> on-prem"
    # a placement the hard constraints do not allow (not in `allowed`) is what compliance is measured against
    assert placed.cost_of_compliance_krw == 100_000_000
    assert placed.priced_krw == {k: round(v) for k, v in prices.items()}
    # allowed and far cheaper than the framework's answer: a warning with both totals
    cheaper = {**prices, "hybrid": 100_000_000.0}
    [warned] = place_workloads(plan, resolved, catalog, assumptions, lambda index, hybrid: cheaper)
    assert warned.placement == "on_prem"
    assert warned.warnings == [
        "economics: hybrid would cost 100,000,000 KRW over 36 months against 200,000,000 KRW on-prem (50% less, past the 20% threshold); "
        "the framework keeps on-prem because it is the cheaper of the framework's two answers"
    ]



def test_hosting_candidates_placed_again_from_their_rented_price_match_a_placement_with_those_prices(catalog):
    """Owned vs rented on the plan's shared fleet (issue #14): evaluation places the workloads once, prices owning
    each hosting candidate on the fleet that placement gives, and places the candidates again from their rented
    price on (the rules' steps, the tie and the rented-GPU check kept). Every sample plan's placements, trace
    and warnings included, are what one placement with the fleet's prices from the start gives."""
    from planner.domain.evaluate import _billed, _onprem_share
    from planner.domain.ledger import full_onprem_sizing, owned_on_fleet, placement_prices

    replaced = 0
    for path in SAMPLE_PLANS:
        plan = read_plan(path, catalog)
        assumptions = Assumptions(catalog, plan.assumptions)
        resolved = resolve_workloads(plan, catalog, assumptions)
        full = full_onprem_sizing(plan, resolved, catalog, assumptions)
        cloud_usd = [_billed(w, catalog, assumptions, plan.horizon_months)[1] for w in resolved]
        prices = placement_prices(plan, resolved, full, cloud_usd, catalog, assumptions)
        fleet: dict = {}

        def on_fleet(placements, prices=prices, resolved=resolved, plan=plan, assumptions=assumptions, fleet=fleet):
            shares = [_onprem_share(p.placement, w, p.hybrid) for w, p in zip(resolved, placements)]
            fleet.update(owned_on_fleet(plan, resolved, placements, shares, catalog, assumptions, prices.memo))
            prices.owned.update(fleet)

        again = place_workloads(plan, resolved, catalog, assumptions, prices, again=on_fleet)
        known = placement_prices(plan, resolved, full, cloud_usd, catalog, assumptions)
        known.owned.update(fleet)
        assert again == place_workloads(plan, resolved, catalog, assumptions, known), path.stem
        replaced += len(fleet)
    assert replaced >= 10  # bank, hospital, large-enterprise, midsize and public-agency-gpuaas have hosting candidates


@pytest.mark.parametrize("engineers", [None, 0])
def test_what_the_fleet_reads_of_the_first_placement_is_where_a_placement_with_those_prices_puts_each_workload(catalog, engineers):
    """Owned vs rented on the shared fleet reads, of the first placement, where each workload goes, the rules' answer, its
    hybrid, the placements allowed and its rented-GPU quote (the workloads that may rent are placed lightly then, without
    their trace). On every sample plan (and with no ML engineers: gradual hybrids), those are what placing the plan with
    the same prices gives, workload by workload."""
    from planner.domain.ledger import full_onprem_sizing, placement_prices
    from planner.domain.evaluate import _billed

    compared = 0
    for path in SAMPLE_PLANS:
        plan = read_plan(path, catalog)
        if engineers is not None:
            plan = plan.model_copy(update={"organization": plan.organization.model_copy(update={"ml_engineers": engineers})})
        assumptions = Assumptions(catalog, plan.assumptions)
        resolved = resolve_workloads(plan, catalog, assumptions)
        full = full_onprem_sizing(plan, resolved, catalog, assumptions)
        cloud_usd = [_billed(w, catalog, assumptions, plan.horizon_months)[1] for w in resolved]
        first: list = []
        place_workloads(plan, resolved, catalog, assumptions, placement_prices(plan, resolved, full, cloud_usd, catalog, assumptions), again=lambda placed: first.extend(placed))
        placed = place_workloads(plan, resolved, catalog, assumptions, placement_prices(plan, resolved, full, cloud_usd, catalog, assumptions))
        for light, full_placement in zip(first, placed):
            seen = (light.placement, light.recommended, light.hybrid, list(light.allowed), light.gpuaas_quote)
            assert seen == (full_placement.placement, full_placement.recommended, full_placement.hybrid, full_placement.allowed, full_placement.gpuaas_quote), path.stem
            compared += light.gpuaas_quote is not None
    if engineers is None:
        assert compared >= 10  # the samples with hosting candidates


def test_an_air_gapped_workload_pinned_to_a_gpu_that_cannot_hold_its_model_is_placed_not_crashed(tmp_path, run_cli):
    """Defense keeps every workload air-gapped. Pinning one to a GPU too small for its open model (rtx-4090, 24 GB, for
    a 70B model at fp16) leaves it without an on-prem price; the placement's numbers step treated an air-gapped answer
    as priced anyway, and `planner validate` and `show` ended in an internal error (KeyError, exit 70). The workload
    stays air-gapped, the hardware table says the GPU does not fit, and the on-prem strategy says it sized nothing for it."""
    text = (SAMPLE_PLANS[0].parent / "defense-airgap.toml").read_text(encoding="utf-8")
    assert 'id = "intel-analysis"\n' in text
    path = tmp_path / "pinned.toml"
    text = text.replace('id = "intel-analysis"\n', 'id = "intel-analysis"\ngpu = "rtx-4090"\n')
    path.write_text(text[: text.index("[summary]")], encoding="utf-8")  # its summary was written for the sample's figures
    assert run_cli("validate", str(path)).code == 0
    shown = run_cli("show", "--json", str(path))
    assert shown.code == 0, shown.err
    out = json.loads(shown.out)
    intel = next(w for w in out["workloads"] if w["id"] == "intel-analysis")
    assert intel["placement"] == "on_prem_airgap"
    text_out = run_cli("show", str(path)).out
    assert "rtx-4090   does not fit" in text_out
    assert "on_prem strategy keeps intel-analysis on the cloud: no on-prem hardware was sized for them" in text_out
