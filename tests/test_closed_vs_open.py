"""Closed vs open, per workload (issue #14): the cloud model beside the open model on rented (or owned)
GPUs, in the JSON, the Markdown and the HTML report, on the sample plan public-agency-gpuaas.

Texts come from the catalogs: providers.toml `[provider.terms]` (OpenAI for gpt-4o), open_models.toml
licences (qwen2.5-32b: Apache-2.0; llama-3.1-8b: Llama 3.1 Community License), gpuaas.toml (NHN Cloud
Gwangju, CSAP 중).
"""

from __future__ import annotations

import json

import pytest

from planner.domain.evaluate import evaluate
from planner.export.formats import render
from planner.store.loader import read_plan as load_plan
from planner.store.shipped import sample_plan_dir

PLAN = sample_plan_dir() / "public-agency-gpuaas.toml"


@pytest.fixture(scope="module")
def agency():
    from planner.store.catalogs import load_catalog

    catalog = load_catalog(None)
    return evaluate(load_plan(PLAN, catalog), catalog)


def test_json_carries_both_sides_with_catalog_terms_and_the_evaluation_prices(agency):
    doc = json.loads(render(agency, "json"))
    search = next(w for w in doc["workloads"] if w["id"] == "document-search")
    closed, opened = search["closed_vs_open"]["closed"], search["closed_vs_open"]["open"]
    assert closed["model"] == "GPT-4o (OpenAI)" and opened["model"] == "Qwen2.5 32B Instruct (open weights)"
    assert "no access to the weights" in closed["licence"] and opened["licence"] == "Apache-2.0"
    assert "gpt-4o-2024-08-06" in closed["fine_tuning"] and opened["fine_tuning"].startswith("allowed")
    assert "at least 6 months' notice" in closed["upgrades"] and opened["upgrades"].startswith("the team's")
    assert "neither CSAP-certified nor EU-hosted" in closed["residency"]
    assert opened["residency"] == "rented GPUs at NHN Cloud, Gwangju National AI Data Center (Korea) (in Korea, CSAP 중)"
    # the prices are the ones the evaluation compared, not new figures
    assert closed["price_krw"] == search["placement_costs_krw"]["cloud"]
    assert opened["price_krw"] == search["gpuaas"]["total_krw"]
    translation = next(w for w in doc["workloads"] if w["id"] == "notice-translation")
    owned = translation["closed_vs_open"]["open"]
    assert translation["gpuaas"] is None and owned["licence"] == "Llama 3.1 Community License"
    assert owned["residency"].startswith("owned GPUs") and owned["price_krw"] == translation["placement_costs_krw"]["on_prem"]


def test_markdown_and_html_reports_compare_closed_and_open_per_workload(agency):
    md = render(agency, "markdown")
    section = md.split("## Closed vs open models", 1)[1].split("\n## ", 1)[0]
    complaints = next(line for line in section.splitlines() if line.startswith("| `civil-complaints`"))
    # civil-complaints: the agency keeps it on its own GPUs (an override of the rented answer), which still cost
    # far less than 40,000 requests/day on GPT-4o
    assert "owned GPUs" in complaints and "KT Cloud" not in complaints and complaints.rstrip(" |").endswith("open")
    search = next(line for line in section.splitlines() if line.startswith("| `document-search`"))
    assert search.rstrip(" |").endswith("closed")  # 2 x H100 on demand cost more than the API for this load
    assert section.count("| Licence |") == 4  # one comparison per model pair (4 workloads, 4 pairs)
    assert "| Customization (fine-tuning) | yes for some models: OpenAI's fine-tuning API" in section
    html = render(agency, "html")
    assert '<section id="closed-vs-open"><h2>Closed vs open models</h2>' in html
    assert "Apache-2.0" in html.split('id="closed-vs-open"', 1)[1].split("</section>", 1)[0]


def test_a_provider_without_terms_says_so(catalog):
    bare = catalog.model_copy(update={"providers": {k: v.model_copy(update={"terms": None}) for k, v in catalog.providers.items()}})
    ev = evaluate(load_plan(PLAN, bare), bare)
    doc = json.loads(render(ev, "json"))
    closed = doc["workloads"][0]["closed_vs_open"]["closed"]
    assert closed["licence"] == closed["fine_tuning"] == "not catalogued for this provider"


def test_a_workload_that_stays_on_owned_gpus_is_compared_on_them_although_it_has_a_rented_quote(catalog):
    """hospital: clinical notes hold patient data and stay on the hospital's own GPUs (owning them costs less than
    renting, the hosting step says); its rented quote is only what that step compared. The comparison a security
    reviewer reads must say the data stays in the server room, at the owned price, not "rented at KakaoCloud"."""
    ev = evaluate(load_plan(sample_plan_dir() / "hospital.toml", catalog), catalog)
    notes = ev.workload("clinical-notes")
    assert notes.placement == "on_prem" and notes.gpuaas is not None  # quoted, not rented
    doc = json.loads(render(ev, "json"))
    opened = next(w for w in doc["workloads"] if w["id"] == "clinical-notes")["closed_vs_open"]["open"]
    assert opened["residency"] == "owned GPUs in the organization's server room: the data never leaves"
    assert "runs the GPUs" not in opened["support"] and opened["price_krw"] == notes.priced_krw["on_prem"]
    md = render(ev, "markdown").split("## Closed vs open models", 1)[1].split("\n## ", 1)[0]
    row = next(line for line in md.splitlines() if line.startswith("| `clinical-notes`"))
    assert "owned GPUs" in row and "KakaoCloud" not in md
