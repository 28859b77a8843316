"""Cloud cost per workload and rate-limit tiers, checked to the cent against hand-computed figures.

Hand computation (SPEC section 2, prices USD per 1M tokens: gpt-4o 2.50/10.00, claude-3.5-sonnet 3.00/15.00):
- coding profile, 10 developers x 50 requests/day x 22 days = 11,000 requests/month at 2,000 in / 1,000 out:
  gpt-4o     11,000 x (2,000 x 2.50 + 1,000 x 10.00) / 1e6 = 11,000 x 15,000 / 1e6 = $165.00
  sonnet     11,000 x (2,000 x 3.00 + 1,000 x 15.00) / 1e6 = 11,000 x 21,000 / 1e6 = $231.00
- Q&A profile, 5,000 requests/day x 22 days = 110,000 requests/month at 800 in / 400 out:
  gpt-4o     110,000 x (800 x 2.50 + 400 x 10.00) / 1e6 = 110,000 x 6,000 / 1e6 = $660.00
  sonnet     110,000 x (800 x 3.00 + 400 x 15.00) / 1e6 = 110,000 x 8,400 / 1e6 = $924.00
- with token overhead 30% and retries 5% every figure is x 1.3 x 1.05 = x 1.365:
  $165.00 -> $225.225 -> $225.23 (half-up), $231.00 -> $315.315 -> $315.32, $660.00 -> $900.90, $924.00 -> $1,261.26
"""

from __future__ import annotations

import json
import textwrap
import tomllib

import pytest
import tomli_w

from planner.domain.evaluate import evaluate
from planner.store.catalogs import load_catalog
from planner.store.plan_io import parse_plan_text
from tests.conftest import ROOT


def plan_text(workloads: str, assumptions: str = "") -> str:
    return textwrap.dedent(
        """\
        schema_version = 1
        name = "Cost check"
        start = 2026-03-02

        [organization]
        industry = "general"
        employees = 50

        [assumptions]
        """
    ) + textwrap.dedent(assumptions) + "\n" + textwrap.dedent(workloads)


CODING = """\
[[workloads]]
id = "coding"
name = "Coding assistant"
kind = "coding_assistant"
users = 10
requests_per_user_per_day = 50
days_per_month = 22
input_tokens = 2000
output_tokens = 1000
cloud_model = "{model}"
"""

QA = """\
[[workloads]]
id = "qa"
name = "General Q&A"
kind = "general_qa"
requests_per_day = 5000
days_per_month = 22
input_tokens = 800
output_tokens = 400
cloud_model = "{model}"
"""


def evaluated(text: str, catalog):
    plan, errors = parse_plan_text(text, "test.toml", catalog)
    assert not errors, [str(e) for e in errors]
    return evaluate(plan, catalog)


@pytest.mark.parametrize(
    ("profile", "model", "requests", "usd", "usd_with_overheads"),
    [
        (CODING, "gpt-4o", 11_000, 165.00, 225.23),
        (CODING, "claude-3.5-sonnet", 11_000, 231.00, 315.32),
        (QA, "gpt-4o", 110_000, 660.00, 900.90),
        (QA, "claude-3.5-sonnet", 110_000, 924.00, 1261.26),
    ],
)
def test_cloud_cost_to_the_cent(catalog, profile, model, requests, usd, usd_with_overheads):
    plain = evaluated(plan_text(profile.format(model=model)), catalog).workloads[0]
    assert plain.requests_per_month == requests
    assert plain.cloud_cost_usd_per_month == usd
    assert plain.cloud_cost_krw_per_month == round(usd * 1350)

    loaded = evaluated(plan_text(profile.format(model=model), "token_overhead = 0.3\nretry_rate = 0.05\n"), catalog).workloads[0]
    assert loaded.cloud_cost_usd_per_month == usd_with_overheads


def test_worked_example_is_165_dollars_and_222750_won(catalog):
    result = evaluated(plan_text(CODING.format(model="gpt-4o")), catalog).workloads[0]
    assert result.cloud_cost_usd_per_month == 165.00
    assert result.cloud_cost_krw_per_month == 222_750


def test_embeddings_add_after_the_token_overheads(catalog):
    rag = """\
    [[workloads]]
    id = "rag"
    name = "Document search"
    kind = "internal_rag"
    requests_per_day = 5000
    days_per_month = 22
    input_tokens = 800
    output_tokens = 400
    cloud_model = "gpt-4o"
    embeddings_usd_per_month = 500
    """
    result = evaluated(plan_text(rag, "token_overhead = 0.3\nretry_rate = 0.05\n"), catalog).workloads[0]
    # $660.00 x 1.365 = $900.90 of tokens + $500 of embeddings (not inflated by token overhead)
    assert result.cloud_cost_usd_per_month == 1400.90
    assert result.embeddings_usd_per_month == 500


def cloud_workload(kind: str, requests_per_day: int, model: str, placement: str = "cloud", extra: str = "") -> str:
    return f"""\
[[workloads]]
id = "load"
name = "Load"
kind = "{kind}"
requests_per_day = {requests_per_day}
input_tokens = 800
output_tokens = 400
busy_hours = 8
cloud_model = "{model}"
placement = "{placement}"
placement_note = "Test: forced to {placement}"
acknowledge_regulation = true
{extra}"""


def test_rate_limit_names_the_tier_needed(catalog):
    # 20,000 requests/day over 8 h x peak 2 = 83.3 requests/min; x 1,200 tokens = 100,000 tokens/min.
    # OpenAI tier 1 allows 500 RPM / 30,000 TPM -> tier 2 (5,000 / 450,000).
    ev = evaluated(plan_text(cloud_workload("general_qa", 20_000, "gpt-4o")), catalog)
    result = ev.workloads[0]
    assert result.rate_limit.peak_rpm == pytest.approx(83.33, abs=0.01)
    assert result.rate_limit.peak_tpm == pytest.approx(100_000, abs=1)
    assert result.rate_limit.tier_needed == "tier 2"
    assert any(w.startswith("rate limits: OpenAI gpt-4o") and "of load" in w and "needs tier 2" in w for w in ev.warnings)
    # Anthropic (2026 tiers): tier 1 allows 50 RPM / 30,000 input TPM -> tier 2 (1,000 / 450,000).
    sonnet = evaluated(plan_text(cloud_workload("general_qa", 20_000, "claude-3.5-sonnet")), catalog)
    assert sonnet.workloads[0].rate_limit.tier_needed == "tier 2"
    assert any(w.startswith("rate limits: Anthropic claude-3.5-sonnet") and "needs tier 2" in w for w in sonnet.warnings)


def test_rate_limit_counts_retries_and_prompt_overhead(catalog):
    text = plan_text(cloud_workload("general_qa", 20_000, "gpt-4o"), "token_overhead = 0.5\nretry_rate = 0.1\n")
    check = evaluated(text, catalog).workloads[0].rate_limit
    # 83.33 x 1.1 = 91.67 requests/min; x (800 x 1.5 + 400) = 146,667 tokens/min
    assert check.peak_rpm == pytest.approx(91.67, abs=0.01)
    assert check.peak_tpm == pytest.approx(146_666.7, abs=1)


def test_no_tier_suffices_is_said_in_words(catalog):
    # 1,000,000 requests/day over 8 h x 2 = 4,167 requests/min > Anthropic's top 4,000 RPM.
    ev = evaluated(plan_text(cloud_workload("general_qa", 1_000_000, "claude-3.5-sonnet")), catalog)
    assert ev.workloads[0].rate_limit.tier_needed is None
    warning = next(w for w in ev.warnings if w.startswith("rate limits:"))
    assert "exceeds every tier" in warning and "4,000 requests/min" in warning


def test_small_load_fits_the_entry_tier_without_warning(catalog):
    ev = evaluated(plan_text(cloud_workload("general_qa", 1_000, "gpt-4o")), catalog)
    assert ev.workloads[0].rate_limit.tier_needed == "tier 1"
    assert not any("tier" in w for w in ev.warnings)


def test_the_accounts_rate_limits_read_from_each_results_check_are_those_made_afresh(catalog):
    """`account_rate_limits` sums each cloud or hybrid workload's own check (`WorkloadResult.rate_limit`, made for its
    cloud share as the placement gave it) instead of making it again: over the sample plans, whose hybrids keep a
    sensitive share or move gradually, the accounts and warnings equal those made from checks made afresh."""
    import planner.domain.evaluate as evaluate_module
    from planner.domain.rate_limits import account_rate_limits
    from planner.domain.resolve import Assumptions, resolve_workloads
    from planner.store.loader import read_plan
    from tests.conftest import SAMPLE_PLANS

    gradual = plan_text(cloud_workload("customer_chatbot", 20_000, "gpt-4o", placement="hybrid"))  # no ML engineers: gradual
    plans = [(path.stem, read_plan(path, catalog)) for path in SAMPLE_PLANS] + [("gradual hybrid", parse_plan_text(gradual, "gradual.toml", catalog)[0])]
    shares = set()
    for name, plan in plans:
        for overrides in (None, {"pricing": "as_billed"}):
            assumptions = Assumptions(catalog, plan.assumptions, overrides)
            results = evaluate_module.evaluate(plan.model_copy(update={"assumptions": {**plan.assumptions, **(overrides or {})}}), catalog).workloads
            resolved = resolve_workloads(plan, catalog, assumptions)
            unchecked = [r.model_copy(update={"rate_limit": None}) for r in results]
            found = account_rate_limits(plan, results, resolved, catalog, assumptions)
            fresh = account_rate_limits(plan, unchecked, resolved, catalog, assumptions)
            assert [a.model_dump() for a in found[0]] == [a.model_dump() for a in fresh[0]], name
            assert [str(w) for w in found[1]] == [str(w) for w in fresh[1]], name
            shares |= {(r.placement, r.hybrid) for r in results if r.rate_limit is not None}
    assert {("cloud", ""), ("hybrid", "sensitive"), ("hybrid", "gradual")} <= shares


def test_hybrid_rate_limit_counts_only_the_cloud_share(catalog):
    # customer_chatbot with ML engineers and a budget under 5억: the hybrid keeps its 30% sensitive share
    # on-prem and sends 70% to the cloud.
    text = plan_text(cloud_workload("customer_chatbot", 20_000, "gpt-4o", placement="hybrid")).replace("employees = 50\n", "employees = 50\nml_engineers = 2\n")
    evaluation = evaluated(text, catalog)
    result = evaluation.workloads[0]
    assert (result.placement, result.hybrid) == ("hybrid", "sensitive")
    assert result.rate_limit.peak_rpm == pytest.approx(83.33 * 0.7, abs=0.01)
    # the account's limits (summed per provider and model) count the same cloud share
    assert [(a.model, a.peak_rpm, a.workloads) for a in evaluation.rate_limits] == [("gpt-4o", round(result.rate_limit.peak_rpm, 2), [result.id])]
    # without ML engineers the framework's hybrid is gradual: it starts with everything on the cloud
    gradual = evaluated(plan_text(cloud_workload("customer_chatbot", 20_000, "gpt-4o", placement="hybrid")), catalog).workloads[0]
    assert gradual.hybrid == "gradual" and gradual.rate_limit.peak_rpm == pytest.approx(83.33, abs=0.01)
    # ... while the cloud cost stays the whole workload on the cloud: 20,000 x 30 days x $6,000/1e6 = $3,600.00
    assert result.cloud_cost_usd_per_month == 3600.00


COMPANY_GPT4O = """\
[[cloud_model]]
id = "gpt-4o"
input_usd_per_mtok = 5.0
output_usd_per_mtok = 20.0
source = "ACME negotiated price list 2026-01"
as_of = 2026-01-15
"""


def test_company_catalog_price_flows_into_the_cost(tmp_path, catalog):
    company = tmp_path / "acme-catalogs"
    company.mkdir()
    (company / "cloud_models.toml").write_text(COMPANY_GPT4O, encoding="utf-8")
    acme = load_catalog(company)
    assert acme.cloud_models["gpt-4o"].source == "ACME negotiated price list 2026-01"
    # 11,000 x (2,000 x 5.00 + 1,000 x 20.00) / 1e6 = $330.00
    assert evaluated(plan_text(CODING.format(model="gpt-4o")), acme).workloads[0].cloud_cost_usd_per_month == 330.00
    assert evaluated(plan_text(CODING.format(model="gpt-4o")), catalog).workloads[0].cloud_cost_usd_per_month == 165.00


def test_company_catalog_price_through_the_cli(tmp_path, run_cli):
    company = tmp_path / "acme-catalogs"
    company.mkdir()
    (company / "cloud_models.toml").write_text(COMPANY_GPT4O, encoding="utf-8")
    plan = tmp_path / "coding.toml"
    plan.write_text(plan_text(CODING.format(model="gpt-4o")), encoding="utf-8")

    shipped = run_cli("show", str(plan), "--json")
    assert shipped.code == 0, shipped.err
    assert json.loads(shipped.out)["workloads"][0]["cloud_cost_usd_per_month"] == 165.00

    negotiated = run_cli("show", str(plan), "--catalogs", str(company), "--json")
    assert negotiated.code == 0, negotiated.err
    document = json.loads(negotiated.out)
    assert document["workloads"][0]["cloud_cost_usd_per_month"] == 330.00
    assert document["workloads"][0]["cloud_cost_krw_per_month"] == 445_500

    text = run_cli("show", str(plan), "--catalogs", str(company))
    assert "$330.00" in text.out


# --- as billed: prompt caching, batch API, long-context prices (issue 21) ---------------------------

AS_BILLED = 'pricing = "as_billed"\ncache_write_share = 0.1\n'

CHAT_VOLUME = """\
[[workloads]]
id = "chat"
name = "Support chat"
kind = "customer_chatbot"
requests_per_day = 100000
days_per_month = 30
input_tokens = 800
output_tokens = 400
cloud_model = "{model}"
cached_prefix_share = 0.0
batch = false
"""


@pytest.mark.parametrize("pricing", ["", AS_BILLED])
@pytest.mark.parametrize(
    ("profile", "model", "usd"),
    [
        (CODING + "cached_prefix_share = 0.0\n", "gpt-4o", 165.00),
        (CODING + "cached_prefix_share = 0.0\n", "claude-3.5-sonnet", 231.00),
        (QA + "cached_prefix_share = 0.0\n", "gpt-4o", 660.00),
        (QA + "cached_prefix_share = 0.0\n", "claude-3.5-sonnet", 924.00),
        (CHAT_VOLUME, "gpt-4o", 18_000.00),  # 3,000,000 requests x $0.006
        (CHAT_VOLUME, "claude-3.5-sonnet", 25_200.00),  # 3,000,000 x $0.0084
    ],
)
def test_framework_scenarios_unchanged_with_caching_off(catalog, pricing, profile, model, usd):
    result = evaluated(plan_text(profile.format(model=model), pricing), catalog).workloads[0]
    assert result.cloud_cost_usd_per_month == usd
    breakdown = result.cloud_cost_breakdown
    assert breakdown.list_usd == breakdown.as_billed_usd == usd
    assert breakdown.cache_savings_usd == breakdown.batch_savings_usd == breakdown.long_context_surcharge_usd == 0


@pytest.mark.parametrize(
    ("model", "list_usd", "billed_usd"),
    [
        # 1,200 prefix tokens: 1,080 read at 0.125, 120 missed at the input price 1.25 (no write charge), 800 at 1.25, 1,000 out at 10:
        # 1,080 x 0.125 + 120 x 1.25 + 800 x 1.25 + 1,000 x 10 = 135 + 150 + 1,000 + 10,000 = 11,285 -> x 11,000 / 1e6 = $124.135
        ("gpt-5", 137.50, 124.14),
        # Anthropic writes at 3.75: 1,080 x 0.30 + 120 x 3.75 + 800 x 3.00 + 1,000 x 15 = 324 + 450 + 2,400 + 15,000 = 18,174 -> $199.914
        ("claude-sonnet-5", 231.00, 199.91),
    ],
)
def test_coding_assistant_with_a_60_percent_cached_prefix_costs_the_hand_calculation(catalog, model, list_usd, billed_usd):
    workload = CODING.format(model=model) + "cached_prefix_share = 0.6\n"
    billed = evaluated(plan_text(workload, AS_BILLED), catalog).workloads[0]
    assert catalog.cloud_models[model].cache_read_usd_per_mtok == catalog.cloud_models[model].input_usd_per_mtok / 10
    assert billed.cloud_cost_usd_per_month == billed_usd
    assert billed.cloud_cost_breakdown.list_usd == list_usd
    assert billed.cloud_cost_breakdown.cache_savings_usd == pytest.approx(list_usd - billed_usd, abs=0.01)
    # listed at list price the same plan keeps the framework's figure, and still shows what it would be billed
    listed = evaluated(plan_text(workload), catalog).workloads[0]
    assert listed.cloud_cost_usd_per_month == list_usd
    assert listed.cloud_cost_breakdown.as_billed_usd == billed_usd


def test_a_prefix_shorter_than_the_cacheable_minimum_is_not_discounted(catalog):
    # 800 x 0.6 = 480 prefix tokens < gpt-5's 1,024 minimum: billed at list, 110,000 x (800 x 1.25 + 400 x 10) / 1e6 = $550.00
    result = evaluated(plan_text(QA.format(model="gpt-5") + "cached_prefix_share = 0.6\n", AS_BILLED), catalog).workloads[0]
    assert result.cloud_cost_usd_per_month == 550.00
    assert result.cloud_cost_breakdown.cache_savings_usd == 0


BULK = """\
[[workloads]]
id = "tickets"
name = "Ticket classification"
kind = "bulk_classification"
requests_per_day = 100000
days_per_month = 30
input_tokens = 600
output_tokens = 50
cloud_model = "gpt-5-mini"
cached_prefix_share = 0.0
"""


def test_a_batch_eligible_bulk_job_costs_half(catalog):
    # 3,000,000 requests x (600 x 0.25 + 50 x 2.00) / 1e6 = $750.00 at list; the batch API halves it.
    billed = evaluated(plan_text(BULK, AS_BILLED), catalog).workloads[0]
    assert billed.cloud_cost_breakdown.list_usd == 750.00
    assert billed.cloud_cost_usd_per_month == 375.00
    assert billed.cloud_cost_breakdown.batch_savings_usd == 375.00
    # batch traffic does not count against the online rate-limit tier
    assert billed.rate_limit.peak_rpm == 0
    online = evaluated(plan_text(BULK + "batch = false\n", AS_BILLED), catalog).workloads[0]
    assert online.cloud_cost_usd_per_month == 750.00
    assert online.rate_limit.peak_rpm > 0
    assert evaluated(plan_text(BULK), catalog).workloads[0].cloud_cost_usd_per_month == 750.00


LONG = """\
[[workloads]]
id = "contracts"
name = "Contract review"
kind = "general_qa"
requests_per_day = 100
days_per_month = 22
input_tokens = {tokens}
output_tokens = 1000
cloud_model = "gemini-2.5-pro"
cached_prefix_share = 0.0
"""


def test_a_prompt_over_the_long_context_threshold_pays_the_higher_rate(catalog):
    # 2,200 requests x (250,000 x 1.25 + 1,000 x 10) / 1e6 = $709.50 at list;
    # over 200,000 input tokens: 2,200 x (250,000 x 2.50 + 1,000 x 15) / 1e6 = $1,408.00
    long = evaluated(plan_text(LONG.format(tokens=250_000), AS_BILLED), catalog).workloads[0]
    assert long.cloud_cost_breakdown.list_usd == 709.50
    assert long.cloud_cost_usd_per_month == 1408.00
    assert long.cloud_cost_breakdown.long_context_surcharge_usd == 698.50
    # under the threshold: 2,200 x (150,000 x 1.25 + 1,000 x 10) / 1e6 = $434.50, no surcharge
    short = evaluated(plan_text(LONG.format(tokens=150_000), AS_BILLED), catalog).workloads[0]
    assert short.cloud_cost_usd_per_month == 434.50
    assert short.cloud_cost_breakdown.long_context_surcharge_usd == 0


def test_as_billed_token_overhead_is_prompt_tokens_that_caching_discounts(catalog):
    # overhead 0.5 on 2,000 input tokens = a 3,000-token prompt; its prefix is at least 1,000 tokens (the overhead),
    # here the 60% share = 1,800: 1,620 read at 0.125 + 180 at 1.25 + 1,200 at 1.25 + 1,000 out at 10
    # = 202.5 + 225 + 1,500 + 10,000 = 11,927.5 -> x 11,000 / 1e6 = $131.2025.
    # List (framework): 11,000 x 12,500 / 1e6 x 1.5 = $206.25; overhead as prompt tokens only: 11,000 x (3,000 x 1.25 + 10,000) / 1e6 = $151.25.
    workload = CODING.format(model="gpt-5") + "cached_prefix_share = 0.6\n"
    result = evaluated(plan_text(workload, AS_BILLED + "token_overhead = 0.5\n"), catalog).workloads[0]
    breakdown = result.cloud_cost_breakdown
    assert breakdown.list_usd == 206.25
    assert breakdown.token_overhead_adjustment_usd == -55.00
    assert result.cloud_cost_usd_per_month == 131.20


def test_planner_new_prices_as_billed_and_keeps_list_prices_as_a_scenario(tmp_path, run_cli, catalog):
    target = tmp_path / "new.toml"
    result = run_cli("new", str(target), "--template", "large-enterprise")
    assert result.code == 0, result.err
    text = target.read_text(encoding="utf-8")
    assert 'pricing = "as_billed"' in text and "[scenarios.list-prices]" in text and "[scenarios.as-billed]" not in text
    assert run_cli("validate", str(target)).code == 0  # the summary was written for the as-billed plan
    shown = run_cli("show", str(target), "--json")
    document = json.loads(shown.out)
    tickets = next(w for w in document["workloads"] if w["id"] == "ticket-classification")
    assert tickets["cloud_cost_breakdown"]["pricing"] == "as_billed" and tickets["cloud_cost_breakdown"]["batch"] is True
    assert tickets["cloud_cost_usd_per_month"] == tickets["cloud_cost_breakdown"]["as_billed"] < tickets["cloud_cost_breakdown"]["list"]
    scenario = next(s for s in document["scenarios"] if s["name"] == "list-prices")
    assert scenario["tco"]["cloud"]["total_krw"] > document["tco"]["strategies"]["cloud"]["total_krw"]


def test_every_sample_plan_shows_the_other_pricing_as_a_scenario(run_cli):
    from planner.cli import sample_plan_dir

    for path in sorted(sample_plan_dir().glob("*.toml")):
        document = json.loads(run_cli("show", str(path), "--json").out)
        assert document["assumptions"]["pricing"] == "list"
        assert "as-billed" in {s["name"] for s in document["scenarios"]}, path.name


def test_cost_per_million_tokens_compares_like_with_like(catalog):
    text = plan_text(CODING.format(model="gpt-4o") + 'placement = "on_prem"\nplacement_note = "Test"\n')
    ev = evaluated(text, catalog)
    units = ev.cost_per_mtok.workloads["coding"]
    # cloud: $165.00 / (11,000 x 3,000 tokens) = $5.00 per million, $0.015 per request
    assert units["cloud"].usd_per_mtok == 5.00 and units["cloud"].usd_per_request == 0.015
    # on-prem reserved: its month-1 share of hardware, running costs and staff over the same tokens
    onprem_usd = ev.ledger.onprem_krw_per_month["coding"] / 1350
    assert units["on_prem"].usd_per_mtok == pytest.approx(onprem_usd / 33_000_000 * 1e6, abs=1e-4)
    # usage-only: x utilization = output tokens served / (capacity x 720 h); 11,000 x 1,000 over the group's capacity
    group = ev.sizing.groups[0]
    utilization = 11_000 * 1_000 / (group.capacity_tokens_per_s * 720 * 3600)
    assert units["on_prem"].utilization == pytest.approx(utilization, abs=1e-4)
    assert units["on_prem"].usage_only_usd_per_mtok == pytest.approx(units["on_prem"].usd_per_mtok * utilization, rel=1e-3)
    assert units["on_prem"].usage_only_usd_per_mtok < units["on_prem"].usd_per_mtok  # 10 developers leave the GPU idle 97% of the time
    # per strategy: the cloud TCO over every token of the horizon
    cloud = ev.cost_per_mtok.strategies["cloud"]
    assert cloud.usage_only_usd_per_mtok is None and ev.cost_per_mtok.strategies["on_prem"].usage_only_usd_per_mtok is not None


def test_rented_gpus_have_their_own_cost_per_million_tokens(run_cli):
    """The public-agency-gpuaas sample: document search on 2 rented H100s (on demand, Kakao Cloud catalog price)."""
    from planner.cli import sample_plan_dir

    document = json.loads(run_cli("show", str(sample_plan_dir() / "public-agency-gpuaas.toml"), "--json").out)
    search = next(w for w in document["workloads"] if w["id"] == "document-search")
    quote = search["gpuaas"]
    assert (quote["gpus"], quote["gpu"], quote["pricing"]) == (2, "h100-80gb", "on_demand")
    # 1,200 users x 6 requests x 22 days = 158,400 requests at 4,000 in + 800 out = 760,320,000 tokens a month
    # rental 2 GPUs x 9,300 KRW x 8 busy hours x 22 days = 3,273,600; storage 1 replica x 1 TB x 100,000;
    # egress 158,400 x 800 tokens x 4 bytes = 0.507 GB x 100 KRW = 51; plus the ML engineering share
    rented_krw = 2 * 9_300 * 8 * 22 + 1 * 1 * 100_000 + round(158_400 * 800 * 4 / 1e9 * 100) + quote["staff_krw_per_month"]
    unit = document["cost_per_mtok"]["workloads"]["document-search"]["gpuaas"]
    assert unit["usd_per_mtok"] == pytest.approx(rented_krw / 1350 / 760_320_000 * 1e6, abs=1e-4)
    assert unit["usd_per_request"] == pytest.approx(rented_krw / 1350 / 158_400, abs=1e-6)
    # usage-only: x utilization = 158,400 x 800 output tokens / (capacity x the 176 hours billed)
    utilization = 158_400 * 800 / (quote["capacity_tokens_per_s"] * 176 * 3600)
    assert unit["utilization"] == pytest.approx(utilization, abs=1e-4)
    assert unit["usage_only_usd_per_mtok"] == pytest.approx(unit["usd_per_mtok"] * utilization, rel=1e-3)
    assert unit["krw_per_mtok"] == round(unit["usd_per_mtok"] * 1350)
    # the same row in show, beside the cloud and on-prem rows of the workload
    shown = run_cli("show", str(sample_plan_dir() / "public-agency-gpuaas.toml")).out
    line = next(line for line in shown.splitlines() if line.strip().startswith("document-search:") and "/M tokens" in line)
    assert f"gpuaas ${unit['usd_per_mtok']:,.2f}/M tokens" in line and "on-prem $" in line and "cloud $" in line


def test_the_rented_gpu_strategy_has_a_usage_only_figure_beside_its_reserved_one(run_cli):
    """bank-customer-service: the gpuaas strategy rents all three regulated workloads (marketing stays on the
    cloud), so no owned GPU remains and its utilization is the rented replicas': output tokens served in month 1
    over what they serve in the hours each rental bills, summed over the three quotes (from the JSON itself)."""
    from planner.cli import sample_plan_dir

    document = json.loads(run_cli("show", str(sample_plan_dir() / "bank-customer-service.toml"), "--json").out)
    rented = [w for w in document["workloads"] if w["gpuaas"] is not None and (w["placement"] == "gpuaas" or w["gpuaas_offers"])]
    assert [w["id"] for w in rented] == ["customer-chatbot", "compliance-search", "dev-assistant"]
    served = capacity = 0.0
    for w in rented:
        quote = w["gpuaas"]
        option = next(o for o in quote["options"] if o["pricing"] == quote["pricing"])
        capacity += quote["capacity_tokens_per_s"] * option["gpu_hours_per_month"] / quote["gpus"] * 3600
        served += w["requests_per_month"] * w["output_tokens"]
    strategy = document["cost_per_mtok"]["strategies"]["gpuaas"]
    assert strategy["utilization"] == pytest.approx(served / capacity, abs=1e-4)
    assert 0 < strategy["usage_only_usd_per_mtok"] < strategy["usd_per_mtok"]  # $0.68 vs $2.58 reserved
    assert strategy["usage_only_krw_per_mtok"] == round(strategy["usage_only_usd_per_mtok"] * document["assumptions"]["krw_per_usd"])


def test_the_plans_rented_workload_beside_its_own_gpus_weights_the_plans_own_utilization(catalog):
    """public-agency-gpuaas: document search rents (the plan's one rented workload); report drafting and civil
    complaints stay on the plan's own GPUs. The plan strategy's utilization weights the rented replicas' (output
    tokens served over the hours billed) and its own GPUs' (over `hours_per_month`) by what each costs (rental vs the
    other capacity categories), its own GPUs being the plan's sizing (without document search), not the all-on-prem
    fleet's (every workload on owned GPUs: 0.1442 where the plan's gives 0.1853)."""
    from planner.domain.unit_costs import HARDWARE_CATEGORIES
    from planner.store.loader import read_plan

    ev = evaluate(read_plan(ROOT / "plans" / "public-agency-gpuaas.toml", catalog), catalog)
    by_id = {w.id: w for w in ev.workloads}
    rented = [w for w in ev.workloads if w.placement == "gpuaas" and w.gpuaas is not None]
    assert [w.id for w in rented] == ["document-search"]
    quote = rented[0].gpuaas
    hours = next(o for o in quote.options if o.pricing == quote.pricing).gpu_hours_per_month / quote.gpus
    rented_util = rented[0].requests_per_month * rented[0].output_tokens / (quote.capacity_tokens_per_s * hours * 3600)
    categories = ev.ledger.tco["plan"].by_category_krw
    rental = categories.get("gpu_rental", 0)
    other = sum(categories.get(c, 0) for c in HARDWARE_CATEGORIES) - rental

    def weighted(groups) -> float:
        served = sum(by_id[w].requests_per_month * by_id[w].output_tokens * by_id[w].onprem_share for g in groups for w in g.workloads)
        owned_util = served / (sum(g.capacity_tokens_per_s for g in groups) * 720 * 3600)
        return (rental * rented_util + other * owned_util) / (rental + other)

    assert [g.workloads for g in ev.sizing.groups] == [["report-drafting"], ["civil-complaints"]]
    assert ev.cost_per_mtok.strategies["plan"].utilization == pytest.approx(weighted(ev.sizing.groups), abs=1e-4)
    assert abs(weighted(ev.ledger.on_prem_hardware) - weighted(ev.sizing.groups)) > 0.03  # the fleet's would show


def _bank_plan(tmp_path, extra: str):
    from planner.cli import sample_plan_dir

    text = (sample_plan_dir() / "bank-customer-service.toml").read_text(encoding="utf-8")
    path = tmp_path / "bank.toml"
    path.write_text(text.replace("[assumptions]\n", "[assumptions]\n" + extra, 1), encoding="utf-8")
    return path


def test_steady_chatbot_is_billed_on_provisioned_throughput_when_it_is_cheaper(tmp_path, run_cli):
    """bank-customer-service priced as billed with flat traffic (peak_factor 1): the 24/7 customer chatbot on gpt-4o.

    80,000 requests/day x 30 days = 2,400,000 a month at 800 in / 400 out, token overhead 30%, retries 5%.
    Pay as you go as billed: 2,400,000 x 1.05 x (1,040 x $2.50 + 400 x $10.00) / 1e6 = $16,632.00.
    Azure Global Provisioned (catalog): 2,500 input tokens/min per PTU, an output token counts as 4, min 15 in steps of 5.
    Peak: 80,000 / 24 h / 3,600 s x 1 x 60 x 1.05 = 58.33 requests/min x (1,040 + 4 x 400) = 154,000 tokens/min
    -> 61.6 PTU -> 65 PTU; 1-year reservation 65 x $221 = $14,365.00 (the 1-month one: 65 x $260 = $16,900).
    Break-even: the 15-PTU minimum ($3,315) at $16,632 / 2,400,000 a request = 478,355 requests/month.
    """
    document = json.loads(run_cli("show", str(_bank_plan(tmp_path, 'pricing = "as_billed"\npeak_factor = 1.0\n')), "--json").out)
    chatbot = next(w for w in document["workloads"] if w["id"] == "customer-chatbot")
    bill = chatbot["cloud_cost_breakdown"]
    committed = bill["committed_use"]
    assert committed["offer"] == "Azure OpenAI Global Provisioned, 1-year reservation" and committed["used"] is True
    assert (committed["units"], committed["unit"]) == (65, "PTU")
    assert committed["usd_per_month"] == 65 * 221 == 14_365
    assert committed["pay_as_you_go_usd_per_month"] == 16_632.00
    assert bill["committed_use_savings"] == 16_632.00 - 14_365.00
    assert bill["as_billed"] == chatbot["cloud_cost_usd_per_month"] == 14_365.00
    assert committed["break_even_requests_per_month"] == round(15 * 221 / (16_632 / 2_400_000))
    assert committed["utilization"] == pytest.approx(2_400_000 * 1.05 * 2_640 / (65 * 2_500 * 720 * 60), abs=1e-4)
    assert chatbot["cloud_cost_breakdown_krw"]["committed_use_savings"] == round(2_267 * 1350)
    # the ledger uses it: every workload on its API for 36 months (tokens grown per plan year) bills the chatbot at $14,365
    growth = document["assumptions"]["usage_growth_per_year"]
    tokens_usd = sum(w["cloud_cost_breakdown"]["as_billed"] for w in document["workloads"])
    embeddings_usd = sum(w["cloud_cost_usd_per_month"] for w in document["workloads"]) - tokens_usd
    expected = (tokens_usd * 12 * (1 + (1 + growth) + (1 + growth) ** 2) + embeddings_usd * 36) * 1350
    assert document["cloud_api_only_krw"] == pytest.approx(expected, abs=36 * 8)
    shown = run_cli("show", str(_bank_plan(tmp_path, 'pricing = "as_billed"\npeak_factor = 1.0\n'))).out
    assert "provisioned throughput (65 PTU): -$2,267.00" in shown
    assert "Azure OpenAI Global Provisioned, 1-year reservation: used, 65 PTU = $14,365.00/month for the peak" in shown
    assert "it pays from 478,355 requests/month" in shown
    # a 6-month plan cannot take the 1-year reservation: 65 x $260 = $16,900 > $16,632, so it pays per token
    six = _bank_plan(tmp_path, 'pricing = "as_billed"\npeak_factor = 1.0\n')
    six.write_text(six.read_text(encoding="utf-8").replace("horizon_months = 36", "horizon_months = 6"), encoding="utf-8")
    short = next(w for w in json.loads(run_cli("show", str(six), "--json").out)["workloads"] if w["id"] == "customer-chatbot")
    assert short["cloud_cost_breakdown"]["committed_use"]["offer"] == "Azure OpenAI Global Provisioned, 1-month reservation"
    assert (short["cloud_cost_breakdown"]["committed_use"]["usd_per_month"], short["cloud_cost_usd_per_month"]) == (65 * 260, 16_632.00)


def test_busy_hours_traffic_stays_pay_as_you_go_and_says_why(tmp_path, run_cli):
    """The same chatbot at the default peak factor 2: 125 PTU for a peak twice the average, half of them idle.

    Peak 116.67 requests/min x 2,640 = 308,000 tokens/min -> 123.2 -> 125 PTU x $221 = $27,625 > $16,632.
    Per request the units cost more than paying per token at any volume (125 PTU serve 2.4M requests at 49% use),
    so no break-even volume: the offer needs 2,400,000 x 1.05 x 2,640 / (125 x 2,500 x 43,200) x 27,625 / 16,632 of its capacity used.
    """
    document = json.loads(run_cli("show", str(_bank_plan(tmp_path, 'pricing = "as_billed"\n')), "--json").out)
    chatbot = next(w for w in document["workloads"] if w["id"] == "customer-chatbot")
    committed = chatbot["cloud_cost_breakdown"]["committed_use"]
    assert (committed["units"], committed["usd_per_month"], committed["used"]) == (125, 27_625, False)
    assert committed["break_even_requests_per_month"] is None
    utilization = 2_400_000 * 1.05 * 2_640 / (125 * 2_500 * 720 * 60)
    assert committed["break_even_utilization"] == pytest.approx(utilization * 27_625 / 16_632, abs=1e-4)
    assert chatbot["cloud_cost_usd_per_month"] == 16_632.00 and chatbot["cloud_cost_breakdown"]["committed_use_savings"] == 0
    # at list price (the sample as shipped) nothing changes: the framework's formula
    shipped = json.loads(run_cli("show", str(_bank_plan(tmp_path, "")), "--json").out)
    listed = next(w for w in shipped["workloads"] if w["id"] == "customer-chatbot")
    assert listed["cloud_cost_usd_per_month"] == listed["cloud_cost_breakdown"]["list"] == 19_656.00


def test_a_workload_on_provisioned_throughput_leaves_the_pay_as_you_go_rate_limit(tmp_path, run_cli):
    """The steady chatbot of the test above, approved for the cloud: it runs on its own 65-PTU deployment, so
    the organization's pay-as-you-go tier carries only marketing (before: 59 requests/min summed over both,
    over tier 1's 30,000 tokens/min, and a warning to buy tier 2 that a PTU deployment does not need)."""
    path = _bank_plan(tmp_path, 'pricing = "as_billed"\npeak_factor = 1.0\n')
    text = path.read_text(encoding="utf-8").replace(
        'data = "regulated"\n', 'data = "public"\nplacement = "cloud"\nplacement_note = "steady 24/7 traffic on a provisioned deployment"\n', 1
    )
    path.write_text(text, encoding="utf-8")
    document = json.loads(run_cli("show", str(path), "--json").out)
    chatbot = next(w for w in document["workloads"] if w["id"] == "customer-chatbot")
    assert chatbot["placement"] == "cloud" and chatbot["cloud_cost_breakdown"]["committed_use"]["used"] is True
    [account] = document["rate_limits"]
    assert (account["model"], account["workloads"], account["exceeded"]) == ("gpt-4o", ["marketing"], False)
    assert not [w for w in document["warnings"] if w.startswith("rate limits:")]
    # paying per token (list price), the same chatbot does count, and tier 1 is too small
    listed = json.loads(run_cli("show", str(_listed(path)), "--json").out)
    [account] = listed["rate_limits"]
    assert account["workloads"] == ["customer-chatbot", "marketing"] and account["exceeded"] is True


def _listed(path):
    listed = path.with_name("listed.toml")
    listed.write_text(path.read_text(encoding="utf-8").replace('pricing = "as_billed"\n', 'pricing = "list"\n', 1), encoding="utf-8")
    return listed


def test_openai_scale_tier_buys_input_and_output_units_apart(tmp_path, run_cli):
    """A company that buys from OpenAI, not Azure: its catalog keeps only OpenAI's Scale Tier for gpt-4o.

    The steady chatbot above (peak 58.33 requests/min): input 58.33 x 1,040 = 60,667 tokens/min -> 3 input units of
    30,000; output 58.33 x 400 = 23,333 tokens/min -> 10 output units of 2,500. Published $124.59 and $39.34 per unit
    and day, x 365/12: 3 x $3,789.61 + 10 x $1,196.59 = $23,334.73 a month > $16,632 paying per token: not used.
    Per monthly request the units cost 3,789.61 x 1,040 / 30,000 + 1,196.59 x 400 / 2,500 = $0.3231 per request a
    minute at the peak, x 58.33 / 2,400,000 = $0.00785 > $16,632 / 2,400,000 = $0.00693: no volume makes it pay.
    """
    shipped = tomllib.loads((ROOT / "catalogs" / "cloud_models.toml").read_text(encoding="utf-8"))
    gpt4o = next(m for m in shipped["cloud_model"] if m["id"] == "gpt-4o")
    scale = next(o for o in gpt4o["committed_offers"] if o["id"] == "openai-scale-tier-30-days")
    assert (scale["usd_per_unit_month"], scale["usd_per_output_unit_month"]) == (round(124.59 * 365 / 12, 2), round(39.34 * 365 / 12, 2))
    company = tmp_path / "company"
    company.mkdir()
    (company / "cloud_models.toml").write_text(
        tomli_w.dumps({"schema_version": 1, "cloud_model": [{**gpt4o, "committed_offers": [scale]}]}), encoding="utf-8"
    )
    plan = _bank_plan(tmp_path, 'pricing = "as_billed"\npeak_factor = 1.0\n')
    document = json.loads(run_cli("show", "--catalogs", str(company), str(plan), "--json").out)
    chatbot = next(w for w in document["workloads"] if w["id"] == "customer-chatbot")
    committed = chatbot["cloud_cost_breakdown"]["committed_use"]
    assert committed["offer"] == "OpenAI Scale Tier, 30-day token units"
    assert (committed["units"], committed["unit"], committed["output_units"], committed["output_unit"]) == (3, "input TU", 10, "output TU")
    assert committed["usd_per_month"] == round(3 * 3_789.61 + 10 * 1_196.59, 2) == 23_334.73
    assert committed["used"] is False and chatbot["cloud_cost_usd_per_month"] == 16_632.00
    assert committed["break_even_requests_per_month"] is None
    input_use = 2_400_000 * 1.05 * 1_040 / (3 * 30_000 * 720 * 60)
    output_use = 2_400_000 * 1.05 * 400 / (10 * 2_500 * 720 * 60)
    assert committed["utilization"] == pytest.approx((input_use * 3 * 3_789.61 + output_use * 10 * 1_196.59) / 23_334.73, abs=1e-4)
    shown = run_cli("show", "--catalogs", str(company), str(plan)).out
    assert "OpenAI Scale Tier, 30-day token units: not used, 3 input TU + 10 output TU = $23,334.73/month for the peak" in shown


def test_a_plan_that_rents_gpus_has_a_usage_only_cost_per_token_like_the_rented_strategy(run_cli):
    """The bank sample rents every self-hosted workload (owned vs rented decided by cost), so the plan is the
    rented-GPU strategy: same TCO, and the same utilization and usage-only figure (it had none: only owned GPUs counted)."""
    document = json.loads(run_cli("show", "--json", str(ROOT / "plans" / "bank-customer-service.toml")).out)
    assert all(w["placement"] in ("gpuaas", "cloud") for w in document["workloads"])
    tco = document["tco"]["strategies"]
    assert tco["plan"]["total_krw"] == tco["gpuaas"]["total_krw"]
    plan, rented = document["cost_per_mtok"]["strategies"]["plan"], document["cost_per_mtok"]["strategies"]["gpuaas"]
    assert plan["utilization"] == rented["utilization"] is not None
    assert plan["usage_only_usd_per_mtok"] == rented["usage_only_usd_per_mtok"] < plan["usd_per_mtok"]


def _cents_the_decimal_way(amount: float) -> float:
    """usd_cents as the spreadsheet-like decimal rounding defines it: the amount to 6 decimals, then to the cent half up."""
    from decimal import ROUND_HALF_UP, Decimal

    if amount == 0.0:
        return amount
    return float(Decimal(f"{amount:.6f}").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_usd_cents_rounds_every_amount_as_the_decimal_rounding_does_near_a_half_cent_too():
    """usd_cents decides most amounts without the decimal text; it gives the same cents for any amount, positive or
    negative, small or large, and for amounts a hair from a half cent whichever side of it their 6-decimal text falls
    (225.225 is 225.22499999... in binary: its text says 225.225000, half up 225.23)."""
    import random

    from planner.domain.costs import usd_cents

    rng = random.Random(16)
    amounts = [225.225, 315.315, 900.9, 1261.26, 0.005, -0.005, 1e-300, -1e-300, 0.0049996, 0.0050004, 999_999_999.995, 1e9 + 0.005, 12_345_678_901.125]
    for _ in range(20_000):
        cents = rng.randrange(0, 10 ** rng.randrange(1, 16))
        near = (cents + 0.5) / 100 + rng.choice([-1, 1]) * rng.choice([0.0, 1e-9, 3e-7, 4.9e-7, 5.1e-7, 1e-6, 2e-6, 1e-5])
        amounts += [near, -near, rng.uniform(0, 10 ** rng.randrange(-3, 13)), cents / 100, -cents / 100]
    for amount in amounts:
        got, want = usd_cents(amount), _cents_the_decimal_way(amount)
        assert got == want and str(got) == str(want), (amount, got, want)  # -0.0 and 0.0 apart too


def _typed(result) -> list:
    """A result's fields with each value's type (1 and 1.0 are written apart in the JSON)."""
    return [(name, type(value), value) for name, value in result.__dict__.items()]


def test_a_cost_breakdown_and_its_committed_offer_are_what_validation_makes_of_them(catalog):
    """The breakdowns and committed offers are made without validating their values where those are already what
    validation keeps: for every workload of the sample plans (as billed and at list prices) and of a generated plan,
    each equals its own values validated, type for type; a figure that is an int is validated (made a float)."""
    from planner.domain.costs import _BREAKDOWN_FLOATS, _valid_breakdown, _valid_committed, token_cost_breakdown
    from planner.domain.resolve import Assumptions, resolve_workloads
    from planner.domain.results import CloudCostBreakdown, CommittedUse
    from planner.store.loader import read_plan
    from tests.bench.bench_engine import generated_plan
    from tests.conftest import SAMPLE_PLANS

    plans = [read_plan(path, catalog) for path in SAMPLE_PLANS] + [generated_plan(40)]
    committed = []
    for plan in plans:
        for pricing in ("as_billed", "list"):
            assumptions = Assumptions(catalog, {**plan.assumptions, "pricing": pricing})
            for workload in resolve_workloads(plan, catalog, assumptions):
                breakdown = token_cost_breakdown(workload, catalog, assumptions, horizon_months=plan.horizon_months)
                assert _typed(breakdown) == _typed(CloudCostBreakdown(**breakdown.__dict__))
                if breakdown.committed_use is not None:
                    committed.append(breakdown.committed_use)
                    assert _typed(breakdown.committed_use) == _typed(CommittedUse(**breakdown.committed_use.__dict__))
    assert committed
    values = dict(breakdown.__dict__, list_usd=1)
    assert not _valid_breakdown(values) and type(CloudCostBreakdown(**values).list_usd) is float
    for name in _BREAKDOWN_FLOATS:  # every figure is checked (the check names them one by one)
        assert not _valid_breakdown(dict(breakdown.__dict__, **{name: 1})), name
    values = dict(committed[0].__dict__, utilization=1)
    assert not _valid_committed(values) and type(CommittedUse(**values).utilization) is float


def test_won_rounds_every_amount_as_the_15_digit_decimal_rounding_does_near_a_half_won_too():
    """won decides most amounts without the decimal text; it gives the same whole won for any amount, positive or
    negative, small or large, and for amounts a hair from a half won whichever side of it their 15-digit text falls
    (34,698,982.499999996 is 34,698,982.5000000 in 15 digits: half up 34,698,983)."""
    import random
    from decimal import ROUND_HALF_UP, Decimal

    from planner.domain.costs import won

    rng = random.Random(16)
    amounts = [25_702.95 * 1_350, 34_698_982.499999996, -2.5, 1_234.4999, 0.0, -0.0, 0.5, -0.5, 0.4999, 999_999_999_999.5, 1e12 + 0.5, 5e-324]
    for _ in range(20_000):
        whole = rng.randrange(0, 10 ** rng.randrange(1, 15))
        near = whole + 0.5 + rng.choice([-1, 1]) * rng.choice([0.0, 1e-12, 1e-9, 1e-6, 4e-4, 6e-4, 1e-3, 2e-3])
        amounts += [near, -near, rng.uniform(0, 10 ** rng.randrange(-3, 14)), float(whole), -float(whole)]
    for amount in amounts:
        assert won(amount) == int(Decimal(f"{amount:.15g}").to_integral_value(rounding=ROUND_HALF_UP)), amount


def test_committed_use_buys_the_cheapest_offer_and_of_equally_cheap_ones_the_first_listed(catalog):
    """Of a model's offers, committed_use buys the one that costs least a month at the workload's peak, and of offers
    that cost the same the one the catalog lists first, whatever their minimum purchases: at every volume, from one
    unit to hundreds, its pick is the cheapest of the offers priced one at a time, the first listed of those."""
    from planner.domain.costs import committed_use
    from planner.domain.resolve import Assumptions, resolve_workloads
    from tests.bench.bench_engine import generated_plan

    plan = generated_plan(4)
    assumptions = Assumptions(catalog, plan.assumptions)
    workload = resolve_workloads(plan, catalog, assumptions)[0]
    model = next(m for m in catalog.cloud_models.values() if m.committed_offers)
    plain = {"term_months": 1, "unit_increment": 1, "output_token_weight": 1.0, "cached_token_weight": 1.0}
    plain |= {"output_unit": "", "output_tokens_per_minute_per_unit": None, "usd_per_output_unit_month": None}
    base = model.committed_offers[0]
    offers = [  # listed first: two units at least, at the price of the next one's unit (the same cost from two units on)
        base.model_copy(update={**plain, "name": "two units", "min_units": 2, "usd_per_unit_month": 100.0, "input_tokens_per_minute_per_unit": 50_000.0}),
        base.model_copy(update={**plain, "name": "one unit", "min_units": 1, "usd_per_unit_month": 100.0, "input_tokens_per_minute_per_unit": 50_000.0}),
        base.model_copy(update={**plain, "name": "large unit", "min_units": 1, "usd_per_unit_month": 450.0, "input_tokens_per_minute_per_unit": 500_000.0}),
        base.model_copy(
            update={
                **plain, "name": "output units", "min_units": 1, "usd_per_unit_month": 60.0, "input_tokens_per_minute_per_unit": 40_000.0,
                "output_unit": "out", "output_tokens_per_minute_per_unit": 30_000.0, "usd_per_output_unit_month": 25.0,
            }
        ),
    ]  # fmt: skip
    offered = model.model_copy(update={"committed_offers": offers})
    alone = [model.model_copy(update={"committed_offers": [offer]}) for offer in offers]
    month = workload.requests_per_day * workload.days_per_month
    picked = []
    for step in range(60):
        requests = month * 1.25**step
        bought = committed_use(workload, offered, assumptions, 1e12, requests, 36)
        each = [committed_use(workload, single, assumptions, 1e12, requests, 36) for single in alone]
        cheapest = min(one.usd_per_month for one in each)
        first = next(one for one in each if one.usd_per_month == cheapest)
        assert (bought.offer, bought.units, bought.output_units, bought.usd_per_month) == (first.offer, first.units, first.output_units, cheapest), step
        picked.append(bought.offer)
    # every offer is the one bought at some volume (the two-unit one where both cost the same)
    assert set(picked) == {"two units", "one unit", "large unit", "output units"}, picked
