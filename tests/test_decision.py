"""The reports open with the decision and its key numbers; the detail follows; the page prints on A4, a section a page."""

from __future__ import annotations

from planner.domain.evaluate import evaluate
from planner.domain.money import krw
from planner.export.html import html_report
from planner.export.markdown import markdown_report
from planner.store.loader import read_plan as load_plan


def test_markdown_and_html_open_with_the_decision(plan_copy, catalog):
    ev = evaluate(load_plan(plan_copy("bank-customer-service", owned=True), catalog), catalog)  # the bank keeping owned GPUs
    text = markdown_report(ev)
    page = html_report(ev)
    head = text.split("## Organization and strategy")[0]
    assert "## Decision" in head and "**Go hybrid: 3 on-prem, 1 cloud." in head
    for strategy, tco in ev.ledger.tco.items():
        assert krw(tco.total_krw) in head, strategy
    assert ev.schedule.go_live.isoformat() in head
    assert f"month {ev.ledger.break_even_month}" in head
    assert len(head.splitlines()) <= 20  # a CTO reads it in 30 seconds
    body = page.split("<body>")[1]
    assert body.index('<section id="decision">') < body.index("<section", body.index('<section id="decision">') + 1)
    decision = body.split('<section id="decision">')[1].split("</section>")[0]
    assert all(krw(t.total_krw) in decision for t in ev.ledger.tco.values())


def test_the_decision_counts_workloads_on_rented_gpus_in_the_singular_and_the_plural(plan_copy, catalog):
    # the bank as shipped rents for its three self-hosted workloads; public-agency-gpuaas rents for one
    bank = markdown_report(evaluate(load_plan(plan_copy("bank-customer-service"), catalog), catalog))
    assert "**Go hybrid: 3 workloads on rented GPUs (GPUaaS), 1 cloud." in bank
    agency = evaluate(load_plan(plan_copy("public-agency-gpuaas"), catalog), catalog)
    head = markdown_report(agency).split("## Organization and strategy")[0]
    assert "**Go hybrid: 1 workload on rented GPUs (GPUaaS), 2 on-prem, 1 cloud." in head
    assert "1 workload on rented GPUs (GPUaaS), 2 on-prem, 1 cloud" in html_report(agency)


def test_a_cheaper_strategy_is_named_when_the_plan_is_not_the_cheapest(plan_copy, catalog):
    ev = evaluate(load_plan(plan_copy("midsize-chatbot"), catalog), catalog)
    gap = ev.ledger.tco["plan"].total_krw - ev.ledger.tco["cloud"].total_krw
    assert gap > 0
    assert f"All cloud would cost {krw(gap)} less over 3 years" in markdown_report(ev)


def test_html_prints_on_a4_with_a_page_break_between_sections(plan_copy, catalog):
    page = html_report(evaluate(load_plan(plan_copy("midsize-chatbot"), catalog), catalog))
    assert "@page { size: A4" in page
    assert "section + section { break-before: page; }" in page.split("@media print")[1]


def test_the_decision_names_the_cost_of_compliance(plan_copy, catalog):
    # the public agency keeps its civil complaints and internal search on owned GPUs (the public rule wants a CSAP
    # grade the plan does not state, so no rented GPU is allowed), which costs more than the cloud would
    ev = evaluate(load_plan(plan_copy("public-agency"), catalog), catalog)
    total = sum(w.cost_of_compliance_krw for w in ev.workloads)
    assert total > 0
    head = markdown_report(ev).split("## Organization and strategy")[0]
    assert f"| Cost of compliance | **{krw(total)}** |" in head
    decision = html_report(ev).split('<section id="decision">')[1].split("</section>")[0]
    assert "Cost of compliance" in decision and krw(total) in decision
