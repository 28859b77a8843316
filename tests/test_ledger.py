"""The cost ledger against hand-computed months, then on real plans and the framework's reference organizations.

Hand-computed figures use the shipped catalog defaults: 1,350 KRW/USD, 30% growth per plan year,
165 KRW/kWh, PUE 1.5, 720 h/month, 7.5% maintenance a year, 7.5만원 network/storage/backup per
server a month, facility 1,250만원, ML engineer 1억/year at 0.5 FTE and DevOps 7,500만/year at 0.2 FTE
for operations. The plan starts 2026-03-02, so month m runs from the 2nd of a month to the 1st of the next.
"""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.ledger import Calendar, break_even, build_ledger, phase_costs
from planner.domain.plan import Plan
from planner.domain.resolve import Assumptions
from planner.domain.results import GpuGroup, PhaseCost, Schedule, ScheduledPhase, ScheduledTask, Sizing, WorkloadResult

START = date(2026, 3, 2)
RATE = 1_350
OPS_STAFF = 0.5 * 100_000_000 / 12 + 0.2 * 75_000_000 / 12  # 5,416,666.67 KRW a month
POWER_1KW = 1_000 * 720 * 165 * 1.5 / 1000  # 178,200 KRW a month for 1,000 W at the wall


def _plan(**update) -> Plan:
    return Plan(name="Hand-checked", start=START, **update)


def _workload(wid: str = "qa", usd: float = 1_000.0, placement: str = "cloud", share: float = 0.0, allowed: bool = True, **extra) -> WorkloadResult:
    return WorkloadResult(
        id=wid,
        name=wid,
        kind="general_qa",
        placement=placement,
        recommended=placement,
        overridden=False,
        cloud_allowed=allowed,
        onprem_share=share,
        requests_per_month=extra.pop("requests_per_month", 30_000),
        output_tokens=extra.pop("output_tokens", 400),
        cloud_cost_usd_per_month=usd,
        cloud_cost_krw_per_month=round(usd * RATE),
        **extra,
    )


def _group(workloads: list[str], capex: int = 45_000_000, power_w: float = 1_000, **extra) -> GpuGroup:
    values = dict(gpu="a100-80gb", open_model="llama-3.1-8b", precision="fp16", gpus_per_replica=1, replicas=2, gpus=2, servers=1)
    values.update(extra)
    return GpuGroup(workloads=workloads, capex_krw=capex, power_w=power_w, **values)


def _total(month: dict[str, int]) -> int:
    return sum(month.values())


@pytest.fixture
def assumptions(catalog):
    return Assumptions(catalog, {})


# --- calendar and break-even ------------------------------------------------------------------------


def test_months_run_from_the_start_day_and_clamp_to_short_months():
    cal = Calendar(date(2026, 1, 31), 3)
    assert cal.bounds == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    assert cal.month_of(date(2026, 2, 27)) == 1 and cal.month_of(date(2026, 2, 28)) == 2
    assert cal.month_of(date(2026, 4, 30)) is None


def test_break_even_is_the_first_month_the_cumulative_cost_stays_below_the_cloud():
    cloud = [{"cloud_api": 20}] * 12
    plan = [{"hardware": 100}] + [{"power": 10}] * 11
    # cumulative: 100+10(k-1) vs 20k -> lower from k = 10 (190 < 200)
    assert break_even(plan, cloud) == 10
    # cheaper until a purchase lands, then above again: not a break-even
    dip = [{"x": 0}] * 3 + [{"x": 500}] + [{"x": 0}] * 8
    assert break_even(dip, cloud) is None
    assert break_even(cloud, cloud) is None


# --- hand-computed months ---------------------------------------------------------------------------


def test_cloud_spend_grows_in_steps_at_each_plan_year(catalog, assumptions):
    # the framework's worked example: 10 developers x 50 x 22 at 2,000/1,000 tokens on gpt-4o = $165.00
    result = _workload(usd=165.0)
    ledger = build_ledger(_plan(), [result], Sizing(), Schedule(), catalog, assumptions)
    cloud = [m["cloud_api"] for m in ledger.months["cloud"]]
    assert cloud[0] == cloud[11] == 222_750  # 165 x 1,350
    assert cloud[12] == cloud[23] == 289_575  # x 1.3 from month 13
    assert cloud[24] == cloud[35] == 376_448  # x 1.69 from month 25 (376,447.5 rounded)
    assert ledger.tco["cloud"].by_year_krw == [2_673_000, 3_474_900, 4_517_376]
    assert ledger.tco["cloud"].total_krw == 10_665_276
    # an all-cloud plan is the cloud strategy, and never breaks even against itself
    assert ledger.months["plan"] == ledger.months["cloud"]
    assert ledger.break_even_month is None


def test_embeddings_stay_flat_and_nothing_is_added_on_top_of_the_workloads_cloud_cost(catalog, assumptions):
    # token overhead and retries are in the workload's cloud cost; the ledger adds no second hidden-cost share
    assert "hidden_cost_share" not in catalog.assumptions
    result = _workload(usd=1_200.0, embeddings_usd_per_month=200.0)
    ledger = build_ledger(_plan(), [result], Sizing(), Schedule(), catalog, assumptions)
    first, year2 = ledger.months["cloud"][0], ledger.months["cloud"][12]
    assert first["cloud_api"] == 1_000 * RATE == 1_350_000
    assert first["embeddings"] == year2["embeddings"] == 200 * RATE
    assert year2["cloud_api"] == round(1_000 * RATE * 1.3)


def _onprem_case(catalog, assumptions, **schedule_extra):
    qa = _workload("qa", usd=1_000.0, placement="on_prem", share=1.0)
    sizing = Sizing(groups=[_group(["qa"])])
    schedule = Schedule(production_delivery=date(2026, 6, 10), go_live=date(2026, 8, 2), migration_end={"qa": date(2026, 8, 1)}, **schedule_extra)
    return build_ledger(_plan(), [qa], sizing, schedule, catalog, assumptions)


def test_a_purchase_lands_in_its_delivery_month_and_running_costs_start_that_day(catalog, assumptions):
    ledger = _onprem_case(catalog, assumptions)
    plan = ledger.months["plan"]
    # month 4 runs 2026-06-02 .. 2026-07-01 (30 days); delivery on 06-10 leaves 22 days of it
    assert [m["hardware"] for m in plan[:6]] == [0, 0, 0, 45_000_000, 0, 0]
    assert plan[3]["facility"] == 12_500_000 and sum(m["facility"] for m in plan) == 12_500_000
    assert plan[3]["power"] == round(POWER_1KW * 22 / 30) == 130_680
    assert plan[4]["power"] == 178_200  # (W x 720 h x 165 KRW/kWh x PUE 1.5) / 1000
    assert plan[4]["maintenance"] == round(45_000_000 * 0.075 / 12) == 281_250
    assert plan[4]["network"] == plan[4]["storage"] == plan[4]["backup"] == 75_000
    assert [e.day for e in ledger.one_time["plan"]] == [date(2026, 6, 10), date(2026, 6, 10)]


def test_the_cloud_bill_stops_when_the_migration_ends_and_ops_staff_start_at_go_live(catalog, assumptions):
    ledger = _onprem_case(catalog, assumptions)
    plan = ledger.months["plan"]
    # month 5 is 07-02 .. 08-01: migration ends 08-01, so the whole month is on the cloud; month 6 none
    assert plan[4]["cloud_api"] == 1_350_000 and plan[5]["cloud_api"] == 0
    assert plan[4]["staff"] == 0 and plan[5]["staff"] == round(OPS_STAFF) == 5_416_667
    assert ledger.staff_fte["plan"][5] == {"devops": 0.2, "ml_engineer": 0.5}


def test_a_migration_mid_month_splits_the_month_by_days(catalog, assumptions):
    qa = _workload("qa", usd=1_000.0, placement="hybrid", share=0.3)
    schedule = Schedule(production_delivery=date(2026, 6, 10), go_live=date(2026, 7, 16), migration_end={"qa": date(2026, 7, 16)})
    ledger = build_ledger(_plan(), [qa], Sizing(groups=[_group(["qa"])]), schedule, catalog, assumptions)
    plan = ledger.months["plan"]
    # month 5 = 07-02 .. 08-01 (31 days): 15 days all cloud, from 07-17 16 days 70% cloud
    assert plan[4]["cloud_api"] == round(1_350_000 * (15 + 16 * 0.7) / 31)
    assert plan[5]["cloud_api"] == round(1_350_000 * 0.7)


def test_a_workload_the_cloud_is_forbidden_for_costs_nothing_on_the_cloud_in_the_plan(catalog, assumptions):
    notes = _workload("notes", usd=2_000.0, placement="on_prem", share=1.0, allowed=False)
    schedule = Schedule(production_delivery=date(2026, 6, 10), go_live=date(2026, 8, 2), migration_end={"notes": date(2026, 8, 1)})
    ledger = build_ledger(_plan(), [notes], Sizing(groups=[_group(["notes"])]), schedule, catalog, assumptions)
    assert all(m["cloud_api"] == 0 for m in ledger.months["plan"])
    # like for like: the cloud strategy counts it from when the plan serves it (08-02, in month 6)
    assert [m["cloud_api"] for m in ledger.months["cloud"][:5]] == [0] * 5 and ledger.months["cloud"][6]["cloud_api"] == 2_700_000
    assert any("counts notes only from when the plan serves them" in n for n in ledger.notes)


def test_break_even_like_for_like_counts_a_forbidden_workload_only_once_the_plan_serves_it(catalog, assumptions):
    # $20,000 a month of patient data: 2,700만원 a month on the hypothetical cloud from month 1
    notes = _workload("notes", usd=20_000.0, placement="on_prem", share=1.0, allowed=False)
    schedule = Schedule(production_delivery=date(2026, 6, 10), go_live=date(2026, 8, 2), migration_end={"notes": date(2026, 8, 1)})
    ledger = build_ledger(_plan(), [notes], Sizing(groups=[_group(["notes"])]), schedule, catalog, assumptions)
    # like for like the cloud bill starts in month 6 (08-02): plan 5,750만 + running + 542만/month staff
    # vs 2,700만/month: cumulative 7,7xx만 < 8,100만 first in month 8
    assert ledger.break_even_month == ledger.like_for_like_break_even_month == 8
    # against the hypothetical bill from month 1 the plan "breaks even" at once: kept under its own label
    assert ledger.api_only_break_even_month == 1
    assert any("the plan would break even in month 1; that comparison is not like for like" in n for n in ledger.notes)


def test_project_staff_follow_the_days_a_task_is_active(catalog, assumptions):
    task = ScheduledTask(id="p2.env-setup", name="Env", phase=2, start=date(2026, 3, 2), end=date(2026, 3, 31), duration_days=30, roles={"ml_engineer": 1.0})
    ledger = build_ledger(_plan(), [_workload()], Sizing(), Schedule(tasks=[task]), catalog, assumptions)
    month1 = ledger.months["plan"][0]
    assert month1["staff"] == round(100_000_000 / 12 * 30 / 31)  # month 1 = 03-02 .. 04-01, 31 days
    assert ledger.months["plan"][1]["staff"] == 0
    assert ledger.tco["cloud"].by_category_krw["staff"] == 0  # the cloud strategy staffs nothing


def test_on_prem_buys_up_front_and_staffs_operations_from_month_one(catalog, assumptions):
    ledger = _onprem_case(catalog, assumptions)
    on_prem = ledger.months["on_prem"]
    assert on_prem[0]["hardware"] == 45_000_000 and on_prem[0]["facility"] == 12_500_000
    assert on_prem[0]["staff"] == 5_416_667 and on_prem[0]["cloud_api"] == 0
    monthly = 178_200 + 3 * 75_000 + 281_250 + OPS_STAFF
    assert ledger.tco["on_prem"].total_krw == pytest.approx(45_000_000 + 12_500_000 + 36 * monthly, abs=36)
    # 1,350,000 a month growing 30%/year vs 57.5M up front + 6.1M a month: never within 3 years
    assert ledger.on_prem_break_even_month is None


def test_growth_buys_the_replicas_the_next_plan_year_needs(catalog, assumptions):
    qa = _workload("qa", placement="on_prem", share=1.0)
    group = _group(["qa"], replicas=1, gpus_per_replica=2, gpus=2, peak_tokens_per_s=100, capacity_tokens_per_s=120)
    ledger = build_ledger(_plan(), [qa], Sizing(groups=[group]), Schedule(production_delivery=START, go_live=START, migration_end={"qa": START}), catalog, assumptions)
    hardware = [m["hardware"] for m in ledger.months["on_prem"]]
    # year 2 peak 130 tokens/s > 120 per replica: a second replica = 2 more A100s (2,000만원 each) in month 13
    assert hardware[12] == 40_000_000 and sum(hardware) == 45_000_000 + 40_000_000
    assert any("year 2" in n and "+2 GPU(s)" in n for n in ledger.notes)
    # year 3 (169 tokens/s) still fits two replicas (240): nothing more
    assert hardware[24] == 0


def test_threshold_is_opex_plus_capex_over_amortization(catalog, assumptions):
    ledger = _onprem_case(catalog, assumptions)
    [check] = [t for t in ledger.thresholds if t.basis == "plan"]
    opex = 178_200 + 3 * 75_000 + 281_250 + OPS_STAFF
    assert check.opex_krw_per_month == round(opex)
    assert check.threshold_krw_per_month == round(opex + 45_000_000 / 36) == 7_351_117
    assert check.threshold_usd_per_month == round(7_351_116.67 / 1_350, 2)
    assert check.cloud_krw_per_month == 1_350_000


def _priced(phases: list[ScheduledPhase], ledger, tasks: list[ScheduledTask] = ()) -> list[PhaseCost]:
    """`phases` priced from the plan strategy of `ledger` (as build_ledger prices the schedule's phases)."""
    cal = Calendar(_plan().start, ledger.horizon_months)
    return phase_costs(Schedule(phases=phases, tasks=list(tasks)), cal, ledger.months["plan"], ledger.one_time["plan"], ledger.staff_fte["plan"])


def test_phase_cost_is_the_ledger_over_the_phase_dates_with_purchases_counted_once(catalog, assumptions):
    phases = [
        ScheduledPhase(phase=2, name="Pilot", start=date(2026, 4, 2), end=date(2026, 6, 10)),
        ScheduledPhase(phase=3, name="Hybrid", start=date(2026, 6, 10), end=date(2026, 8, 1)),
    ]
    ledger = _onprem_case(catalog, assumptions)
    pilot, hybrid = _priced(phases, ledger)
    assert (pilot.phase, hybrid.phase) == (2, 3)
    assert pilot.cost_by_category_krw["hardware"] == 0 and hybrid.cost_by_category_krw["hardware"] == 45_000_000
    # months 2-3 whole, 9 of month 4's 30 days; cloud 1,350,000 a month
    assert pilot.cost_by_category_krw["cloud_api"] == round(1_350_000 * (2 + 9 / 30))
    assert pilot.cost_krw == sum(pilot.cost_by_category_krw.values())
    # go-live is after phase 3: no operations staff inside it
    assert hybrid.staff_fte == {}


def test_a_phase_before_the_start_past_the_horizon_or_within_one_month_is_priced_over_the_days_it_covers(catalog, assumptions):
    """A phase's cost is the ledger's months over the days it covers, wherever it lies against the calendar: one that
    starts before month 1 or ends past the horizon counts only its days inside, one within a single month its days of
    that month, one wholly past the horizon (or ending before the start) nothing."""
    ledger = _onprem_case(catalog, assumptions)
    horizon_end = Calendar(_plan().start, ledger.horizon_months).end
    phases = [
        ScheduledPhase(phase=1, name="Early", start=date(2025, 12, 1), end=date(2026, 3, 31)),
        ScheduledPhase(phase=2, name="Short", start=date(2026, 5, 5), end=date(2026, 5, 14)),
        ScheduledPhase(phase=3, name="Long", start=date(2028, 1, 10), end=date(2031, 1, 1)),
        ScheduledPhase(phase=4, name="After", start=horizon_end, end=date(2031, 1, 1)),
        ScheduledPhase(phase=5, name="Before", start=date(2025, 1, 1), end=date(2025, 6, 30)),
    ]
    early, short, long, after, before = _priced(phases, ledger)
    monthly = 1_350_000  # the cloud bill of `_onprem_case`, a month (before go-live)
    assert early.cost_by_category_krw["cloud_api"] == round(monthly * 30 / 31)  # Mar 2-31 of month 1 (Mar 2 - Apr 1)
    assert short.cost_by_category_krw["cloud_api"] == round(monthly * 10 / 31)  # May 5-14 of month 3 (May 2 - Jun 1)
    cal = Calendar(_plan().start, ledger.horizon_months)
    months = ledger.months["plan"]
    expected = 0.0
    for month in range(1, cal.horizon + 1):
        expected += months[month - 1]["power"] * cal.overlap(month, phases[2].start, phases[2].end) / cal.days(month)
    assert long.cost_by_category_krw["power"] == round(expected) > 0
    assert after.cost_krw == before.cost_krw == 0


def test_phase_staff_is_the_average_fte_over_the_phase(catalog, assumptions):
    task = ScheduledTask(id="t", name="T", phase=1, start=date(2026, 3, 2), end=date(2026, 3, 16), duration_days=15, roles={"security": 0.5})
    ledger = build_ledger(_plan(), [_workload()], Sizing(), Schedule(tasks=[task]), catalog, assumptions)
    phase = ScheduledPhase(phase=1, name="Cloud POC", start=date(2026, 3, 2), end=date(2026, 3, 31))
    [filled] = _priced([phase], ledger, [task])
    # 0.5 FTE for 15 of the phase's 30 days, spread by the month (15/31 of month 1) -> about 0.24 average
    assert filled.staff_fte == {"security": round(0.5 * 15 / 31, 2)}


# --- summary, show, scenarios on the sample plans ---------------------------------------------------


def test_validate_flags_a_stale_summary_and_fmt_refreshes_it(plan_copy, run_cli):
    path = plan_copy("midsize-chatbot")
    assert run_cli("fmt", str(path)).code == 0
    text = path.read_text(encoding="utf-8")
    assert "[summary.tco_krw]" in text and "[[summary.scenarios]]" in text
    assert run_cli("validate", str(path)).code == 0
    # double the chatbot's users: the TCO moves, the written summary does not
    path.write_text(text.replace("users = 500\n", "users = 1000\n", 1), encoding="utf-8")
    stale = run_cli("validate", str(path))
    assert stale.code == 1 and "summary: stale" in stale.err and f"{path}:" in stale.err
    assert run_cli("fmt", "--check", str(path)).code == 1
    assert run_cli("fmt", str(path)).code == 0
    assert run_cli("validate", str(path)).code == 0
    refreshed = path.read_text(encoding="utf-8")
    assert refreshed != text and "users = 1000" in refreshed
    # saving again changes no byte
    assert run_cli("fmt", str(path)).code == 0 and path.read_text(encoding="utf-8") == refreshed


def test_summary_carries_tco_break_even_and_scenarios_without_timestamps(catalog):
    from planner.domain.evaluate import evaluate
    from planner.export.summary import plan_summary
    from planner.store.loader import read_plan
    from tests.conftest import ROOT

    plan = read_plan(ROOT / "plans" / "midsize-chatbot.toml", catalog)
    ev = evaluate(plan, catalog)
    summary = plan_summary(ev)
    assert set(summary["tco_krw"]) == {"cloud", "on_prem", "gpuaas", "plan"}
    assert summary["tco_krw"]["plan"] == ev.ledger.tco["plan"].total_krw
    usage = next(s for s in summary["scenarios"] if s["name"] == "usage-x3")
    # three times the tokens: the cloud bill triples; the project staff every strategy carries stays
    cloud_api = ev.ledger.tco["cloud"].by_category_krw["cloud_api"]
    assert usage["tco_krw"]["cloud"] - summary["tco_krw"]["cloud"] == pytest.approx(2 * cloud_api, rel=1e-6)
    assert plan_summary(evaluate(plan, catalog)) == summary  # deterministic: nothing time-dependent


# --- the framework's three reference organizations (SPEC section 4) ---------------------------------
#
# One request profile for all three: the framework's general Q&A profile (800 in / 400 out) on gpt-4o,
# 30 days a month (customer-facing), 30% growth per plan year: the customer_chatbot kind's defaults.
# Each runs the hardware the framework names: a 7-8B model on one RTX 4090 (small); a 70B model at
# 8 bits on two A100s (medium: the only way a 70B fits two A100s); a 70B model at FP16 on eight A100s
# (large: two tensor-parallel-4 replicas). Framework figures (3 years): small 1,440만 vs 1.88억,
# medium 2.02억 vs 2.66억, large 11.5억 vs 5.8억.

REFERENCE = {
    "small": (50, 1_000, "rtx-4090", "llama-3.1-8b", "fp16"),
    "medium": (500, 10_000, "a100-80gb", "llama-3.1-70b", "fp8"),
    "large": (5_000, 100_000, "a100-80gb", "llama-3.1-70b", "fp16"),
}


def _reference(catalog, size: str):
    from planner.domain.evaluate import evaluate

    employees, per_day, gpu, model, precision = REFERENCE[size]
    plan = Plan(
        name=f"Reference organization: {size}",
        start=START,
        organization={"employees": employees, "ml_engineers": 2, "budget_3y_krw": 1_000_000_000},
        hardware={"gpu": gpu},
        workloads=[{"id": "service", "name": "Q&A service", "kind": "customer_chatbot", "requests_per_day": per_day, "open_model": model, "precision": precision}],
        scenarios={"usage-x2": {"usage_multiplier": 2}, "usage-x3": {"usage_multiplier": 3}},
    )
    return evaluate(plan, catalog)


def _tco(ev, strategy: str, scenario: str | None = None) -> int:
    """The framework's TCO: without the project staff every strategy carries alike (the cloud strategy's staff)."""
    tco = ev.ledger.tco if scenario is None else next(s for s in ev.scenarios if s.name == scenario).tco
    return tco[strategy].total_krw - tco["cloud"].by_category_krw["staff"]


def test_reference_cloud_cost_is_the_q_and_a_profile_grown_30_percent_a_year(catalog):
    # 1,000/day x 30 days x (800 x $2.50 + 400 x $10) / 1e6 = $180/month = 243,000 KRW; x 12 x (1 + 1.3 + 1.69)
    for size, factor in (("small", 1), ("medium", 10), ("large", 100)):
        assert _tco(_reference(catalog, size), "cloud") == pytest.approx(factor * 243_000 * 12 * 3.99, rel=1e-6)


def test_reference_hardware_is_what_the_framework_names(catalog):
    for size, gpus in (("small", 1), ("medium", 2), ("large", 8)):
        hardware = _reference(catalog, size).ledger.on_prem_hardware
        assert [(g.gpu, g.gpus) for g in hardware] == [(REFERENCE[size][2], gpus)]


def test_small_organization_cloud_is_far_cheaper(catalog):
    ev = _reference(catalog, "small")
    cloud, on_prem = _tco(ev, "cloud"), _tco(ev, "on_prem")
    assert 1.1e7 < cloud < 1.5e7 and 1.8e8 < on_prem < 2.3e8  # framework: ~1,440만 vs ~1.88억
    assert on_prem > 10 * cloud
    assert _tco(ev, "cloud", "usage-x3") < on_prem / 5  # even at 3x the estimate
    assert ev.ledger.on_prem_break_even_month is None
    staff = ev.ledger.tco["on_prem"].by_category_krw["staff"]
    assert staff > 0.85 * on_prem  # "staff, not GPUs, dominate small on-prem deployments (about 90%)"


def test_medium_organization_cloud_is_ahead_until_usage_grows_a_few_times(catalog):
    ev = _reference(catalog, "medium")
    cloud, on_prem = _tco(ev, "cloud"), _tco(ev, "on_prem")
    assert 2.5e8 < on_prem < 3.0e8  # framework: ~2.66억 on A100 x2
    assert cloud < on_prem  # cloud ahead
    assert _tco(ev, "cloud", "usage-x2") > 0.75 * _tco(ev, "on_prem", "usage-x2")  # close at twice the usage
    assert _tco(ev, "cloud", "usage-x3") > _tco(ev, "on_prem", "usage-x3")  # flips at three times


def test_large_organization_on_prem_costs_about_half_of_cloud(catalog):
    ev = _reference(catalog, "large")
    cloud, on_prem = _tco(ev, "cloud"), _tco(ev, "on_prem")
    assert 1.1e9 < cloud < 1.2e9  # framework: ~11.5억
    assert 0.3 < on_prem / cloud < 0.55  # framework: ~5.8억, "saves about 50%"
    assert ev.ledger.on_prem_break_even_month is not None and ev.ledger.on_prem_break_even_month <= 18


def test_phase_staff_computed_by_the_schedule_is_kept(catalog, assumptions):
    ledger = _onprem_case(catalog, assumptions)
    phase = ScheduledPhase(phase=3, name="Hybrid", start=date(2026, 6, 10), end=date(2026, 8, 30), staff_fte={"ml_engineer": 0.7})
    [filled] = _priced([phase], ledger)
    assert filled.staff_fte == {"ml_engineer": 0.7}
    assert filled.cost_by_category_krw["staff"] > 0  # ops staff from go-live 08-02 are in the cost


def test_the_ten_developer_coding_assistant_on_prem_says_the_cloud_is_cheaper(catalog):
    from planner.domain.evaluate import evaluate

    plan = Plan(
        name="Ten developers",
        start=START,
        organization={"employees": 30, "ml_engineers": 1},
        workloads=[{"id": "coding", "name": "Coding assistant", "kind": "coding_assistant", "users": 10}],
    )
    owned_only = catalog.model_copy(update={"gpuaas": {}})  # a catalog without GPUaaS offers: the framework's own setting
    ev = evaluate(plan, owned_only)
    coding = ev.workload("coding")
    assert coding.placement == "on_prem"  # source code must not leave
    assert coding.cloud_cost_usd_per_month == 165.0  # 10 x 50 x 22 at 2,000/1,000 tokens on gpt-4o
    step = next(s for s in coding.trace if s.rule == "numbers.compliance")
    # the price of the rule over 36 months: on-prem (staff dominate) against the cloud's $165/month grown 30% a year
    cloud_36 = 165 * 1_350 * 12 * (1 + 1.3 + 1.69)
    assert coding.priced_krw["cloud"] == round(cloud_36)
    assert coding.cost_of_compliance_krw == coding.priced_krw["on_prem"] - coding.priced_krw["cloud"] > 10 * cloud_36
    assert f"{coding.cost_of_compliance_krw:,} KRW" in step.answer
    assert any(w.startswith("coding: compliance: the rules keep it on-prem") for w in ev.warnings)
    # Letting cost choose owned vs rented (gpuaas_hosting), the code goes to rented GPUs, cheaper than owned ones
    rented = evaluate(plan.model_copy(update={"assumptions": {"gpuaas_hosting": True}}), catalog).workload("coding")
    assert rented.placement == "gpuaas" and rented.gpuaas is not None
    assert "gpuaas" in rented.allowed
    assert 0 < rented.gpuaas.total_krw < rented.gpuaas.owned_total_krw
    assert any(s.rule == "gpuaas.hosting" for s in rented.trace)


def test_show_prints_tco_break_even_scenarios_and_thresholds(run_cli):
    from tests.conftest import ROOT

    result = run_cli("show", str(ROOT / "plans" / "large-enterprise.toml"))
    assert result.code == 0, result.err
    text = result.out
    tco = text[text.index("TCO over 36 months") :]
    for needle in ("cloud (every workload on its cloud API)", "on_prem (everything on-prem from month 1)", "plan (the phased migration)", "break-even against cloud (like for like", "scenario usage-x3:", "Where on-prem pays"):
        assert needle in tco, needle


def test_a_purchase_outside_every_phase_is_in_no_phase(catalog, assumptions):
    ledger = _onprem_case(catalog, assumptions)  # hardware lands 2026-06-10, in month 4
    phase = ScheduledPhase(phase=1, name="Cloud POC", start=date(2026, 6, 2), end=date(2026, 6, 9))
    [filled] = _priced([phase], ledger)
    assert filled.cost_by_category_krw["hardware"] == filled.cost_by_category_krw["facility"] == 0
    assert filled.cost_by_category_krw["cloud_api"] == round(1_350_000 * 8 / 30)


# --- the plan strategy on the real schedule ---------------------------------------------------------


def _sample(catalog, stem: str, **update):
    from planner.domain.evaluate import evaluate
    from planner.store.loader import read_plan
    from tests.conftest import ROOT

    plan = read_plan(ROOT / "plans" / f"{stem}.toml", catalog)
    return evaluate(plan.model_copy(update=update) if update else plan, catalog)


def test_the_plan_buys_hardware_when_the_schedule_delivers_it(catalog):
    ev = _sample(catalog, "midsize-chatbot")
    schedule, ledger = ev.schedule, ev.ledger
    cal = Calendar(ev.start, ev.horizon_months)
    hardware = [m["hardware"] for m in ledger.months["plan"]]
    pilot_month, production_month = cal.month_of(schedule.pilot_delivery), cal.month_of(schedule.production_delivery)
    assert pilot_month < production_month
    assert hardware[pilot_month - 1] == ev.sizing.pilot.capex_krw
    assert hardware[production_month - 1] == ev.sizing.capex_krw
    assert ledger.months["plan"][pilot_month - 1]["facility"] == 12_500_000  # with the first delivery
    # operations staff (ML engineer 0.5, DevOps 0.2) from go-live, on top of project work
    live = cal.month_of(schedule.go_live)
    assert all(m.get("ml_engineer", 0) >= 0.5 and m.get("devops", 0) >= 0.2 for m in ledger.staff_fte["plan"][live:])
    # the on_prem strategy bought everything at month 1
    assert ledger.months["on_prem"][0]["hardware"] == sum(g.capex_krw for g in ledger.on_prem_hardware)


def test_a_later_gpu_delivery_moves_the_purchase_and_the_cloud_bill(catalog):
    from planner.domain.plan import TaskEdit

    base = _sample(catalog, "large-enterprise")
    late = _sample(catalog, "large-enterprise", tasks=[TaskEdit(id="p2.order-production-gpus", lead_time_weeks=60)])  # beyond any realistic lead time in the catalog (B200: 43)
    cal = Calendar(base.start, base.horizon_months)
    assert late.schedule.production_delivery > base.schedule.production_delivery
    month = cal.month_of(late.schedule.production_delivery)
    assert late.ledger.months["plan"][month - 1]["hardware"] >= late.sizing.capex_krw
    # the customer chatbot (hybrid, cloud-allowed) stays on the cloud longer: more cloud spend
    assert late.ledger.tco["plan"].by_category_krw["cloud_api"] > base.ledger.tco["plan"].by_category_krw["cloud_api"]
    # all-cloud from month 1 does not depend on the schedule; the like-for-like cloud counts the workloads the
    # cloud is forbidden for only from when the plan serves them, so a later delivery shortens their months
    assert late.ledger.cloud_api_only_krw == base.ledger.cloud_api_only_krw
    assert late.ledger.tco["cloud"].by_category_krw["cloud_api"] < base.ledger.tco["cloud"].by_category_krw["cloud_api"]


def test_json_carries_tco_break_even_and_phase_costs(run_cli, tmp_path):
    import json

    from tests.conftest import ROOT

    from tests.conftest import keeping_owned_gpus

    path = ROOT / "plans" / "bank-customer-service.toml"
    owned = tmp_path / path.name  # the bank keeping owned GPUs: a hardware phase (2) with its purchase
    owned.write_text(keeping_owned_gpus(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_cli("show", str(owned), "--json")
    doc = json.loads(result.out)
    strategies = doc["tco"]["strategies"]
    assert set(strategies) == {"cloud", "on_prem", "gpuaas", "plan"} and doc["tco"]["horizon_months"] == 36
    assert all(len(s["by_year_krw"]) == 3 and sum(s["by_year_krw"]) == s["total_krw"] for s in strategies.values())
    assert isinstance(doc["break_even_month"], int)
    assert [p["phase"] for p in doc["phases"]] == [1, 2, 3, 4]
    for phase in doc["phases"]:
        assert phase["cost_krw"] == sum(phase["cost_by_category_krw"].values()) > 0
        assert phase["staff_fte"]
    assert sum(p["cost_by_category_krw"]["hardware"] for p in doc["phases"]) > 0


def test_a_plan_over_its_three_year_budget_is_warned(catalog):
    ev = _sample(catalog, "midsize-chatbot")
    assert ev.ledger.tco["plan"].total_krw > 300_000_000
    assert any("the 3-year budget of 3.0억원" in w for w in ev.warnings)


def test_phases_are_the_schedules_dates_with_the_ledgers_costs(catalog):
    """The schedule keeps what it computes (dates); each phase's cost is the ledger's, referenced by phase number."""
    from planner.domain.evaluate import evaluate
    from planner.store.loader import read_plan
    from tests.conftest import ROOT

    ev = evaluate(read_plan(ROOT / "plans" / "hospital.toml", catalog), catalog)
    assert [p.phase for p in ev.phases] == [p.phase for p in ev.schedule.phases] == [c.phase for c in ev.ledger.phases]
    for shown, dated, cost in zip(ev.phases, ev.schedule.phases, ev.ledger.phases):
        assert (shown.start, shown.end, shown.name) == (dated.start, dated.end, dated.name)
        assert shown.cost_krw == cost.cost_krw == sum(cost.cost_by_category_krw.values()) > 0
    assert "cost_krw" not in type(ev.schedule.phases[0]).model_fields


def test_books_kept_between_ledgers_give_the_ledger_made_afresh(catalog, monkeypatch):
    """An Evaluator's ledger books (`build_ledger(books=...)`) keep each cloud path's months and redo those of the
    workloads whose figures changed, and the switch days worked out from the schedule: a chain of ledgers on one set of
    books equals each ledger made afresh, cloud paths too, where a workload's cloud bill, its placement or its cloud
    permission changes under the same schedule, a workload is left out, the horizon changes (the late migrations), or
    the all-on-prem sizing leaves workloads out (the on-prem strategy keeps them on the cloud: their months by position)."""
    import planner.domain.evaluate as evaluate_module
    from tests.bench.bench_engine import generated_plan

    calls: list = []
    monkeypatch.setattr(evaluate_module, "build_ledger", lambda *args: calls.append(args) or build_ledger(*args))
    evaluate_module.evaluate(generated_plan(40), catalog)
    (plan, results, sizing, schedule, catalog_, assumptions, resolved, full, staffing, cloud_months, onprem_full, _books, _alike) = calls[0]
    others = [r for r in results if r.placement != results[5].placement]
    assert sizing is not full  # (the plan's own on-prem costs are worked out)
    assert others, "the plan places its workloads in more than one way"

    def changed(index: int, **update):
        edited = list(results)
        edited[index] = edited[index].model_copy(update=update)
        return edited

    def bill(index: int, factor: float, embedded: float = 0.0) -> list:
        months = list(cloud_months)  # (in the results' order)
        tokens, embeddings = months[index]
        months[index] = (tokens * factor, embeddings + embedded)
        return months

    longer = plan.model_copy(update={"horizon_months": plan.horizon_months + 12})
    onprem = next(i for i, r in enumerate(results) if r.onprem_share == 1.0 and r.id in schedule.migration_end and r.id not in schedule.rented_from)
    undated = schedule.model_copy(update={"migration_end": {k: v for k, v in schedule.migration_end.items() if k != results[onprem].id}})
    assert undated.go_live is not None
    no_go_live = undated.model_copy(update={"go_live": None})
    unsized = sizing.model_copy(update={"groups": []})
    shorter = plan.model_copy(update={"horizon_months": 6})
    fewer = full.model_copy(update={"groups": full.groups[1:]})
    assert full.groups[0].workloads
    left_out = next(i for i, r in enumerate(results) if r.id in full.groups[0].workloads)
    kept_in = next(i for i, r in enumerate(results) if r.id in full.groups[1].workloads)
    order = list(range(len(results)))
    order[left_out], order[kept_in] = kept_in, left_out
    swapped = [results[i] for i in order]
    chain = [
        (results, cloud_months),
        (results, bill(5, 2.0)),  # a cloud bill
        (results, bill(30, 0.5)),
        (results, bill(12, 1.0, 50_000.0)),  # an embeddings bill
        (changed(7, placement=others[0].placement, onprem_share=others[0].onprem_share), cloud_months),  # a placement
        (changed(9, cloud_allowed=not results[9].cloud_allowed), cloud_months),  # what the cloud may serve
        (results[:-1], cloud_months[:-1]),  # a workload fewer
        (results, cloud_months),
        (results, cloud_months, schedule, shorter),  # migrations end past the horizon
        (results, cloud_months, schedule, longer),
        (results, cloud_months),
        # another schedule, where an on-prem workload the cloud may not serve has no migration date (its switch: the go-live)
        (changed(onprem, cloud_allowed=False), cloud_months, undated),
        (changed(onprem, cloud_allowed=False, placement="gpuaas", onprem_share=0.0), cloud_months, undated),  # not on-prem: none
        (changed(onprem, cloud_allowed=False), cloud_months, undated),
        (changed(onprem, cloud_allowed=False), cloud_months, no_go_live),  # nor a go-live: warned where hardware is sized
        (changed(onprem, cloud_allowed=False), cloud_months, no_go_live, plan, unsized),
        (results, cloud_months),
        # the all-on-prem sizing without its first group: the on-prem strategy keeps those workloads on the cloud
        (results, cloud_months, schedule, plan, sizing, fewer),
        (results, bill(5, 2.0), schedule, plan, sizing, fewer),
        (swapped, [cloud_months[i] for i in order], schedule, plan, sizing, fewer),  # a workload sized and one not, swapped
    ]
    books: dict = {}
    for number, (these, months, *other) in enumerate(chain):
        dated, this, sized, whole = [*other, *(schedule, plan, sizing, full)[len(other) :]]  # (schedule, plan, sizing, full) unless given
        kept = build_ledger(this, these, sized, dated, catalog_, assumptions, resolved, whole, None, months, None, books)
        fresh = build_ledger(this, these, sized, dated, catalog_, assumptions, resolved, whole, None, months, None, None)
        assert kept.model_dump_json() == fresh.model_dump_json(), number
        assert {k: d.model_dump_json() for k, d in kept.drivers.items()} == {k: d.model_dump_json() for k, d in fresh.drivers.items()}, number
    assert books  # the chain went through the kept books
    # the placement's prices' figures (the all-on-prem costs, the resolved workloads by id) give the same ledger
    assert onprem_full is not None and len(onprem_full) == 3
    given = build_ledger(plan, results, sizing, schedule, catalog_, assumptions, resolved, full, None, cloud_months, onprem_full, None)
    assert given.model_dump_json() == build_ledger(plan, results, sizing, schedule, catalog_, assumptions, resolved, full, None, cloud_months, None, None).model_dump_json()


def test_kept_books_whose_months_are_not_the_list_the_evaluations_months_were_copied_from_sum_their_paths_again(catalog, monkeypatch):
    """An evaluation's cloud months are the last evaluation's list with some positions set again (`CLOUD_MONTHS`), and a
    book that read that list last sums again only the paths of those positions; a book that read another list last (the
    rented-GPU variant's is made only when some workload can move there: it may have read the months of two
    evaluations before) compares every position, and its ledger is the one made afresh."""
    import planner.domain.evaluate as evaluate_module
    from planner.domain.ledger import CLOUD_MONTHS
    from tests.bench.bench_engine import generated_plan

    calls: list = []
    monkeypatch.setattr(evaluate_module, "build_ledger", lambda *args: calls.append(args) or build_ledger(*args))
    evaluate_module.evaluate(generated_plan(40), catalog)
    (plan, results, sizing, schedule, catalog_, assumptions, resolved, full, staffing, cloud_months, onprem_full, _books, _alike) = calls[0]
    books: dict = {}
    build_ledger(plan, results, sizing, schedule, catalog_, assumptions, resolved, full, None, cloud_months, None, books)
    between = list(cloud_months)  # the months of an evaluation this book did not read: the bill at position 5 changed
    between[5] = (between[5][0] * 2.0, between[5][1])
    now = list(between)  # this evaluation's: that list with no position set again
    books[CLOUD_MONTHS] = (results, now, None, (between, []))
    kept = build_ledger(plan, results, sizing, schedule, catalog_, assumptions, resolved, full, None, now, None, books)
    fresh = build_ledger(plan, results, sizing, schedule, catalog_, assumptions, resolved, full, None, now, None, None)
    assert kept.model_dump_json() == fresh.model_dump_json()
    assert kept.months["cloud"] != build_ledger(plan, results, sizing, schedule, catalog_, assumptions, resolved, full, None, cloud_months, None, None).months["cloud"]


def test_the_late_migrations_warning_kept_in_the_books_names_the_workloads_of_the_ledger_it_is_given_to():
    """The warning naming the workloads whose migration ends past the horizon is the books' last one only for the same
    switch days, horizon and workloads: a ledger of fewer workloads (the same switch days) names fewer."""
    from planner.domain.ledger import _late_warning

    books: dict = {}
    past_end = ["w2", "w1", "w3"]
    first = _late_warning(past_end, ["w1", "w2", "w3"], 36, books, "ledger")
    assert first == "ledger: migration of w1, w2, w3 ends after the 36-month horizon"
    assert _late_warning(past_end, ["w1", "w2", "w3"], 36, books, "ledger") is first  # (kept)
    assert _late_warning(past_end, ["w1", "w3"], 36, books, "ledger") == "ledger: migration of w1, w3 ends after the 36-month horizon"
    assert _late_warning(past_end, ["w1", "w3"], 12, books, "ledger") == "ledger: migration of w1, w3 ends after the 12-month horizon"
    assert _late_warning(["w2"], ["w1", "w3"], 12, books, "ledger") is None


@pytest.mark.parametrize("common_only", [False, True])
def test_project_staff_worked_out_once_for_an_empty_book_equals_adding_each_task(catalog, monkeypatch, common_only):
    """A book with no staff yet gets the project staff a schedule's spans add as worked out once for its salaries
    (`_Spans.added`): the same FTE and staff cost in every month, float for float, as adding each task's span in turn,
    for the sample plans' schedules and a generated one's."""
    import planner.domain.evaluate as evaluate_module
    import planner.domain.ledger as ledger_module
    from planner.domain.ledger import Calendar, _Book, _project_staff, staffing_kept
    from planner.store.loader import read_plan
    from tests.bench.bench_engine import generated_plan
    from tests.conftest import SAMPLE_PLANS

    schedules: list = []
    monkeypatch.setattr(evaluate_module, "build_schedule", lambda *args, **kwargs: schedules.append(args) or build_schedule(*args, **kwargs))
    from planner.domain.schedule import build_schedule

    no_staff_yet = ledger_module._no_staff_yet
    monkeypatch.setattr(ledger_module, "_no_staff_yet", no_staff_yet)  # put back after the test, whatever happens
    checked = 0
    for plan in [*(read_plan(path, catalog) for path in SAMPLE_PLANS), generated_plan(60)]:
        schedules.clear()
        evaluate_module.evaluate(plan, catalog)
        for args in schedules:
            plan_, assumptions = args[0], args[4]
            schedule = build_schedule(*args)
            table = staffing_kept()
            books = []
            for way in ("once", "again", "each"):
                book = _Book(Calendar(plan_.start, plan_.horizon_months), assumptions)
                ledger_module._no_staff_yet = (lambda book: False) if way == "each" else no_staff_yet  # each: span by span
                _project_staff(book, schedule, catalog, [], common_only=common_only, staffing=table)
                books.append(book)
            ledger_module._no_staff_yet = no_staff_yet
            checked += 1
            first, again, each = books
            assert [dict(m) for m in first.fte] == [dict(m) for m in again.fte] == [dict(m) for m in each.fte]
            assert [m["staff"] for m in first.cost] == [m["staff"] for m in again.cost] == [m["staff"] for m in each.cost]
            assert any(m["staff"] for m in each.cost) or not schedule.tasks
    assert checked >= 2 * len(SAMPLE_PLANS)  # each plan's schedule and its rented-GPU variant's


def test_a_cloud_paths_months_outside_its_served_span_add_nothing():
    """Each cloud path (share before and after its switch day, the switch, a ramp) gives its months' shares and costs
    with the span of months it is on the cloud: every month outside it has an exact 0.0 share and adds exact 0.0 costs,
    its first and last months are on the cloud; so adding only that span to the books' months (what `_cloud` does
    without kept columns) gives the sums adding every month gives."""
    from planner.domain.ledger import _path_months

    cal = Calendar(date(2026, 3, 2), 36)
    grown = [1.3 ** ((m - 1) // 12) for m in range(1, 37)]
    days = [None, date(2025, 1, 1), date(2026, 3, 2), date(2026, 3, 20), date(2027, 6, 15), date(2029, 3, 1), date(2031, 1, 1)]
    paths = [(before, after, day, ramp) for before in (0.0, 1.0, 0.3) for after in (0.0, 1.0, 0.6) for day in days for ramp in (0.0, 6.0)]
    spans = set()
    for path in paths:
        shares, api, embedded, start, end = _path_months(cal, grown, path, 1234.5, 67.8)
        outside = shares[:start] + shares[end:] + api[:start] + api[end:] + embedded[:start] + embedded[end:]
        assert all(x == 0.0 and str(x) == "0.0" for x in outside), path
        if start < end:
            assert shares[start] > 0 and shares[end - 1] > 0, path
        else:
            assert (start, end) == (0, 0) and not any(shares), path
        spans.add((start, end))
        full = [0.1 * m for m in range(36)]
        added = list(full)
        added[start:end] = [x + part for x, part in zip(added[start:end], api[start:end])]
        assert added == [x + part for x, part in zip(full, api)]
    # among them: the whole horizon, none, a head (up to a switch) and a tail (from one)
    assert {(0, 36), (0, 0)} <= spans and any(0 == start < end < 36 for start, end in spans) and any(0 < start < end == 36 for start, end in spans)


def test_the_ledgers_and_sizings_helper_records_are_written_out_classes_that_keep_their_fields():
    """The ledger's and the sizing's internal records are plain classes (a dataclass compiles its methods at every
    start): each keeps the fields it is given, with their defaults; the ledger's PlanBook refuses assignment, as the
    frozen dataclass it was did."""
    import dataclasses

    from planner.domain.ledger import PlanBook, _Installed, _Strategies
    from planner.domain.sizing import _Servers

    assert not any(dataclasses.is_dataclass(cls) for cls in (PlanBook, _Installed, _Strategies, _Servers))
    item = _Installed(date(2026, 3, 2), 1.0, 2.0, 3, "what")
    assert (item.day, item.capex, item.power_w, item.servers, item.what, item.gpu, item.gpus) == (date(2026, 3, 2), 1.0, 2.0, 3, "what", "", 0)
    item.capex = 5.0  # over draws the ledger sets a drawn capex
    assert item.capex == 5.0 and _Installed(date(2026, 3, 2), 1.0, 2.0, 3, "what", "h100", 8).gpus == 8
    servers = _Servers(2, {0: 4}, 4)
    servers.free -= 4
    assert (servers.count, servers.contents, servers.free) == (2, {0: 4}, 0)
    strategies = _Strategies({}, None, {}, [], Sizing(), ["note"], ["warning"], None)
    assert (strategies.notes, strategies.warnings, strategies.cal) == (["note"], ["warning"], None)
    book = PlanBook([{"staff": 1}], [], [])
    assert book.months == [{"staff": 1}]
    with pytest.raises(dataclasses.FrozenInstanceError):
        book.months = []


def test_a_task_edit_that_does_not_fit_the_rented_gpu_strategys_schedule_leaves_that_strategy_dated_without_edits(run_cli, tmp_path):
    """Task edits are checked against the plan's own schedule. The rented-GPU strategy's variant has other tasks (every
    workload the rules allow on rented GPUs: p1.gpuaas-serving exists there, hospital's staff-qa migrates in neither):
    an edit naming a task it lacks raised PlanInvalid from the variant's schedule, and every command on the plan ended in
    an internal error (exit 70; found by `make fuzz`'s task edits). The variant is now dated without the plan's task
    edits, the ledger's notes say so, and the strategy costs what it costs without the edit (which the plan's own
    schedule ignores: the task is not in it)."""
    import json

    from tests.conftest import ROOT

    text = (ROOT / "plans" / "hospital.toml").read_text(encoding="utf-8")
    text = text[: text.index("[summary]")]
    plain, edited = tmp_path / "plain.toml", tmp_path / "edited.toml"
    plain.write_text(text, encoding="utf-8")
    edited.write_text(text + '\n[[tasks]]\nid = "p1.gpuaas-serving"\ndepends_on = ["p3.monitoring.staff-qa"]\n', encoding="utf-8")
    assert run_cli("validate", str(edited)).code == 0
    shown = run_cli("show", str(edited))
    assert shown.code == 0, shown.err
    assert "gpuaas strategy dates its tasks without the plan's task edits, which do not fit its schedule (p1.gpuaas-serving depends on unknown task" in shown.out
    strategies = [json.loads(run_cli("show", "--json", str(path)).out)["tco"]["strategies"] for path in (edited, plain)]
    assert strategies[0]["gpuaas"] == strategies[1]["gpuaas"] and strategies[0] == strategies[1]
