"""Ranges (issue #20): the uncertain inputs' distributions, the plan's ranges and pins, the sampler."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from planner.domain.draws import UncertainInput, sample, uncertain_inputs
from planner.domain.resolve import Assumptions
from planner.store.loader import load

PLAN = """schema_version = 1
name = "Ranges test"
start = 2026-03-02

[organization]
industry = "general"
employees = 500
ml_engineers = 2

[assumptions]
{assumptions}

[[workloads]]
id = "search"
name = "Search"
kind = "internal_rag"
requests_per_day = 5000

[[workloads]]
id = "qa"
name = "Q&A"
kind = "general_qa"
users = 500
"""


def write_plan(tmp_path: Path, assumptions: str, extra: str = "") -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN.format(assumptions=assumptions) + extra, encoding="utf-8")
    return path


def irwin_hall_cdf(x: float, n: int) -> float:
    """CDF of the sum of n independent U(0, 1) (Irwin-Hall), exactly."""
    return sum((-1) ** k * math.comb(n, k) * (x - k) ** n for k in range(int(math.floor(x)) + 1)) / math.factorial(n)


def irwin_hall_quantile(p: float, n: int) -> float:
    low, high = 0.0, float(n)
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if irwin_hall_cdf(middle, n) < p else (low, middle)
    return (low + high) / 2


def test_sampler_sum_of_uniform_costs_has_the_analytic_percentiles():
    # Three independent costs, each uniform between 1,000만원 and 2,000만원: their sum is 3,000만원 + 1,000만원 x Irwin-Hall(3).
    costs = [UncertainInput(f"cost{i}", f"Cost {i}", "uniform", 10_000_000, 15_000_000, 20_000_000, "catalog", "test") for i in range(3)]
    draws = 2_000
    total = sum(sample(costs, draws, seed=7).values())
    for p in (0.1, 0.5, 0.9):
        expected = 30_000_000 + 10_000_000 * irwin_hall_quantile(p, 3)
        # sampling error of a percentile: sqrt(p (1 - p) / n) / density; the density of the sum is >= 0.25 / 1,000만원 here
        tolerance = 4 * math.sqrt(p * (1 - p) / draws) / (0.25 / 10_000_000)
        assert abs(np.percentile(total, 100 * p) - expected) < tolerance, (p, np.percentile(total, 100 * p), expected)
    assert np.percentile(total, 50) != np.percentile(total, 10)


def test_draws_are_reproducible_and_each_input_keeps_its_stream():
    one = UncertainInput("a", "A", "triangular", 0.0, 0.5, 1.0, "catalog", "test")
    two = UncertainInput("b", "B", "triangular", 0.0, 0.2, 1.0, "catalog", "test")
    first = sample([one, two], 100, seed=1)
    assert np.array_equal(first["a"], sample([one, two], 100, seed=1)["a"])
    assert np.array_equal(first["a"], sample([one], 100, seed=1)["a"])  # adding an input leaves the others' draws
    assert not np.array_equal(first["a"], sample([one], 100, seed=2)["a"])


def test_triangular_and_lognormal_quantiles():
    triangle = UncertainInput("g", "Growth", "triangular", 0.1, 0.3, 1.0, "catalog", "test")
    assert triangle.quantile(0.0) == 0.1 and triangle.quantile(1.0) == 1.0
    assert math.isclose(float(triangle.quantile((0.3 - 0.1) / 0.9)), 0.3)  # the CDF at the mode is (mode - low) / (high - low)
    rate = UncertainInput("fx", "FX", "lognormal", 1250, 1350, 1460, "catalog", "test")
    assert math.isclose(float(rate.quantile(0.5)), 1350)
    assert math.isclose(float(rate.quantile(0.9)) / float(rate.quantile(0.1)), 1460 / 1250, rel_tol=1e-9)


def test_plan_ranges_narrow_widen_and_pin(tmp_path, catalog):
    path = write_plan(tmp_path, "usage_growth_per_year = { low = 0.2, mode = 0.3, high = 0.6 }\nkrw_per_usd = 1400\nsalary_level = 0.25")
    plan = load(str(path), catalog).plan
    inputs = {i.id: i for i in uncertain_inputs(catalog, Assumptions(catalog, plan.assumptions))}
    assert (inputs["usage_growth_per_year"].low, inputs["usage_growth_per_year"].high, inputs["usage_growth_per_year"].origin) == (0.2, 0.6, "plan range")
    assert inputs["krw_per_usd"].pinned and inputs["krw_per_usd"].mode == 1400
    assert inputs["salary_level"].pinned and inputs["salary_level"].mode == 0.25
    assert not inputs["pue"].pinned and inputs["pue"].origin == "catalog"  # the catalog's 1.4-1.6
    assert Assumptions(catalog, plan.assumptions).num("usage_growth_per_year") == 0.3  # the point evaluation uses the mode


def test_a_range_is_written_back_inline(tmp_path, run_cli):
    path = write_plan(tmp_path, "usage_growth_per_year = {low=0.2, mode=0.3, high=0.6}")
    assert run_cli("fmt", str(path)).code == 0
    assert "usage_growth_per_year = { low = 0.2, mode = 0.3, high = 0.6 }\n" in path.read_text(encoding="utf-8")
    assert run_cli("validate", str(path)).code == 0


def test_bad_ranges_are_located(tmp_path, run_cli):
    bad = "\n".join(
        [
            "krw_per_usd = { low = 1400, mode = 1300, high = 1500 }",
            "pue = { low = 1.0, mode = 1.5, high = 4 }",
            "peak_factor = { low = 1, mode = 2, high = 3 }",
            "lead_time_facter = 2",
            "salary_level = 1.5",
        ]
    )
    path = write_plan(tmp_path, bad)
    result = run_cli("validate", str(path))
    assert result.code == 1
    lines = result.err.splitlines()
    name = str(path)
    assert f"{name}:11: assumptions.krw_per_usd: needs low <= mode <= high (got 1400, 1300, 1500)" in lines
    assert f"{name}:12: assumptions.pue.high: 4 is above the maximum 3" in lines
    assert any(line.startswith(f"{name}:13: assumptions.peak_factor: is not an uncertain input") for line in lines)
    assert f'{name}:14: assumptions.lead_time_facter: unknown assumption (did you mean "lead_time_factor"?)' in lines
    assert f"{name}:15: assumptions.salary_level: 1.5 is above the maximum 1" in lines
    assert "Traceback" not in result.err
    path = write_plan(tmp_path, "usage_growth_per_year = { low = 0.2, mode = 0.3 }")
    result = run_cli("validate", str(path))
    assert (result.code, result.err.splitlines()) == (1, [f"{name}:11: assumptions.usage_growth_per_year.high: required key is missing"])


PINNED = "\n".join(
    [
        "backup_krw_per_server_month = 75000",
        "cloud_price_factor = 0.8",
        "committed_price_factor = 0.9",
        "datacenter_readiness_factor = 1.5",
        "electricity_krw_per_kwh = 165",
        "embeddings_price_factor = 0.5",
        "facility_one_time_krw = 12500000",
        "gpu_power_share = 1.0",
        "gpuaas_lead_time_factor = 2.0",
        "gpuaas_price_factor = 1.1",
        "hardware_price_level = 0.5",
        "interactive_share_of_offline = 0.555",
        "krw_per_usd = 1350",
        "lead_time_factor = 1.5",
        "maintenance_rate_per_year = 0.075",
        "network_krw_per_server_month = 75000",
        "plan_lead_time_factor = 1.2",
        "plan_task_duration_factor = 1.1",
        "pue = 1.5",
        "retry_rate = 0.05",
        "salary_level = 0.5",
        "storage_krw_per_server_month = 75000",
        "task_duration_factor = 1.25",
        "token_overhead = 0.3",
        "usage_growth_per_year = 0.3",
        "usage_multiplier = 1.0",
    ]
)


def ranges_of(tmp_path: Path, catalog, assumptions: str, draws: int = 300, extra: str = ""):
    from planner.domain.ranges import evaluate_ranges

    loaded = load(str(write_plan(tmp_path, assumptions, extra)), catalog)
    return loaded.evaluation, evaluate_ranges(loaded.plan, catalog, loaded.evaluation, draws=draws, seed=3)


def test_a_plan_with_every_input_pinned_has_no_spread_and_the_point_answer(tmp_path, catalog):
    ev, ranges = ranges_of(tmp_path, catalog, PINNED)
    assert all(i.pinned for i in ranges.inputs) and ranges.tornado == []
    for name, band in ranges.tco_krw.items():
        assert band.p10 == band.p50 == band.p90, name
        assert abs(band.p50 - ev.ledger.tco[name].total_krw) <= 36, name  # the same ledger: only the monthly rounding differs
    assert ranges.go_live.p10 == ranges.go_live.p50 == ranges.go_live.p90 == ev.schedule.go_live
    assert ranges.break_even_month.p10 == ranges.break_even_month.p90


def test_pinned_dates_give_a_zero_width_go_live_band_and_drawn_ones_a_band_of_many_dates(tmp_path, catalog):
    dates = ("datacenter_readiness_factor", "gpuaas_lead_time_factor", "lead_time_factor", "task_duration_factor")
    owned = "gpuaas_hosting = false\n"  # a go-live on owned GPUs, whose delivery the lead time draws move
    others = owned + "\n".join(line for line in PINNED.splitlines() if not line.startswith(dates))
    ev, pinned = ranges_of(tmp_path, catalog, owned + "\n".join(line for line in PINNED.splitlines() if line.startswith(dates)))
    assert pinned.go_live.p10 == pinned.go_live.p50 == pinned.go_live.p90 == ev.schedule.go_live
    assert all(b.p10 == b.p90 == p.end for b, p in zip(pinned.phase_end.values(), ev.schedule.phases))
    assert pinned.tco_krw["plan"].p90 > pinned.tco_krw["plan"].p10  # the costs still vary
    _ev, drawn = ranges_of(tmp_path, catalog, others, draws=400)
    spread = (drawn.go_live.p90 - drawn.go_live.p10).days
    assert spread > 60  # GPU lead time 0.5-2x of 26 weeks, task durations 0.8-1.6x
    from planner.domain.ranges import Engine
    from planner.domain.schedule_draws import date_draws
    from planner.domain.draws import sample

    loaded = load(str(write_plan(tmp_path, others)), catalog)
    engine = Engine(loaded.plan, catalog, loaded.evaluation)
    go_live = date_draws(engine.levelled, sample(drawn.inputs, 400, 3), 400).go_live
    assert len(set(go_live.tolist())) > 100  # each draw its own date, not one per bin of draws


def test_every_sample_schedule_is_dated_again_day_for_day_at_the_plans_values(catalog):
    from planner.domain.resolve import Assumptions
    from planner.domain.schedule import levelled_schedule
    from planner.domain.schedule_draws import date_draws

    for path in sorted(Path("plans").glob("*.toml")):
        for calendar in ("calendar_days", "kr_working_days"):
            loaded = load(str(path), catalog)
            plan = loaded.plan.model_copy(update={"assumptions": {**loaded.plan.assumptions, "calendar": calendar}})
            a = Assumptions(catalog, plan.assumptions)
            levelled = levelled_schedule(plan, loaded.evaluation.workloads, loaded.evaluation.sizing, catalog, a)
            drawn = date_draws(levelled, {}, 2)
            point = {t.id: (t.start.toordinal(), t.end.toordinal()) for t in levelled.schedule.tasks}
            assert {t.id: (int(t.start[1]), int(t.end[1])) for t in drawn.every_task()} == {k: v for k, v in point.items() if not k.startswith("bridge.")}, (path, calendar)
            assert [int(p.end[0]) for p in drawn.phases] == [p.end.toordinal() for p in levelled.schedule.phases]
            assert {w: int(d[0]) for w, d in drawn.bridge_from.items()} == {w: d.toordinal() for w, d in levelled.schedule.bridge_from.items()}


def test_at_the_plans_values_every_month_of_every_strategy_is_the_point_ledgers(catalog, tmp_path):
    """One engine: the ledger over draws, fed the schedule dated per draw, gives the point ledger's months."""
    from planner.domain.ranges import Engine

    bridged = tmp_path / "bridged.toml"
    bridged.write_text(Path("plans/bank-customer-service.toml").read_text(encoding="utf-8").replace("[hardware]\n", '[hardware]\nbridge = "gpuaas"\n'), encoding="utf-8")
    for path in [*sorted(Path("plans").glob("*.toml")), bridged]:
        loaded = load(str(path), catalog)
        engine = Engine(loaded.plan, catalog, loaded.evaluation)
        outcome = engine.run({i.id: np.full(2, i.mode) for i in uncertain_inputs(catalog, engine.point)})
        for name, months in outcome.months.items():
            point = np.array([sum(month.values()) for month in loaded.evaluation.ledger.months[name]])
            assert np.abs(months[:, 1] - point).max() <= 6, (path, name)  # the point rounds each of 11 categories


def test_widening_a_price_range_widens_that_strategys_tco_band(tmp_path, catalog):
    for key, strategy in (("cloud_price_factor", "cloud"), ("gpuaas_price_factor", "gpuaas")):
        others = "\n".join(line for line in PINNED.splitlines() if not line.startswith(key))
        _ev, narrow = ranges_of(tmp_path, catalog, others + f"\n{key} = {{ low = 0.95, mode = 1.0, high = 1.05 }}")
        _ev, wide = ranges_of(tmp_path, catalog, others + f"\n{key} = {{ low = 0.5, mode = 1.0, high = 1.5 }}")
        narrow_width = narrow.tco_krw[strategy].p90 - narrow.tco_krw[strategy].p10
        wide_width = wide.tco_krw[strategy].p90 - wide.tco_krw[strategy].p10
        assert wide_width > 5 * narrow_width > 0, key
        assert [bar.input for bar in wide.tornado] == [key]


def test_token_overhead_and_retries_raise_the_cloud_bill_by_the_frameworks_formula(tmp_path, catalog):
    """At list prices the framework's bill is tokens x (1 + token_overhead) x (1 + retry_rate): a draw at 50% overhead
    and 10% retries pays 1.65x the plan's cloud API bill (the plan at 0 and 0)."""
    from planner.domain.ranges import Engine

    others = "\n".join(line for line in PINNED.splitlines() if not line.startswith(("token_overhead", "retry_rate")))
    ranged = others + "\ntoken_overhead = { low = 0.0, mode = 0.0, high = 0.5 }\nretry_rate = { low = 0.0, mode = 0.0, high = 0.1 }"
    ev, drawn = ranges_of(tmp_path, catalog, ranged)
    bars = {bar.input: bar for bar in drawn.tornado}
    assert set(bars) == {"token_overhead", "retry_rate"} and bars["token_overhead"].swing_krw > 0 and bars["retry_rate"].swing_krw > 0
    loaded = load(str(write_plan(tmp_path, ranged)), catalog)
    engine = Engine(loaded.plan, catalog, loaded.evaluation)
    values = {i.id: np.full(2, i.mode) for i in uncertain_inputs(catalog, engine.point)}
    values["token_overhead"], values["retry_rate"] = np.array([0.0, 0.5]), np.array([0.0, 0.1])
    cloud = engine.run(values).months["cloud"].sum(axis=0)
    assert abs((cloud[1] - cloud[0]) - 0.65 * ev.ledger.tco["cloud"].by_category_krw["cloud_api"]) < 100


def test_widening_the_usage_range_widens_the_tco_band(tmp_path, catalog):
    others = "\n".join(line for line in PINNED.splitlines() if not line.startswith("usage_multiplier"))
    _ev, narrow = ranges_of(tmp_path, catalog, others + "\nusage_multiplier = { low = 0.9, mode = 1.0, high = 1.2 }")
    _ev, wide = ranges_of(tmp_path, catalog, others + "\nusage_multiplier = { low = 0.5, mode = 1.0, high = 4.0 }")
    for name in ("cloud", "plan"):
        assert wide.tco_krw[name].p90 - wide.tco_krw[name].p10 > 2 * (narrow.tco_krw[name].p90 - narrow.tco_krw[name].p10) > 0, name
    assert [bar.input for bar in wide.tornado] == ["usage_multiplier"]


def test_show_ranges_json_and_text(run_cli):
    plan = "plans/bank-customer-service.toml"
    import json

    plain = json.loads(run_cli("show", plan, "--json").out)
    assert "uncertainty" not in plain
    result = run_cli("show", plan, "--json", "--ranges", "--draws", "400", "--seed", "5")
    assert result.code == 0
    document = json.loads(result.out)
    uncertainty = document.pop("uncertainty")
    assert document == plain  # --ranges adds uncertainty{} and changes nothing else
    assert list(uncertainty["tco_krw"]) == list(plain["tco"]["strategies"])
    for band in [*uncertainty["tco_krw"].values(), uncertainty["break_even_month"], uncertainty["go_live"], *uncertainty["phase_end"].values()]:
        assert list(band) == ["p10", "p50", "p90"]
    plan_band = uncertainty["tco_krw"]["plan"]
    assert plan_band["p10"] < plan_band["p50"] < plan_band["p90"]
    assert 0 <= uncertainty["probability_plan_beats_cloud"] <= 1 and 0 <= uncertainty["probability_plan_beats_on_prem"] <= 1
    swings = [abs(bar["swing_krw"]) for bar in uncertainty["tornado"]]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0
    assert (uncertainty["draws"], uncertainty["seed"]) == (400, 5)
    again = json.loads(run_cli("show", plan, "--json", "--ranges", "--draws", "400", "--seed", "5").out)["uncertainty"]
    assert again == uncertainty  # same plan, draws and seed: same answer
    text = run_cli("show", plan, "--ranges", "--draws", "400").out
    assert "P10 / P50 / P90" in text and "beats all-cloud with probability" in text
    with pytest.raises(SystemExit) as exited:
        run_cli("show", plan, "--ranges", "--draws", "0")
    assert exited.value.code == 2


def test_reports_with_ranges(tmp_path, run_cli):
    import io

    from openpyxl import load_workbook

    plan = "plans/bank-customer-service.toml"
    page = tmp_path / "page.html"
    assert run_cli("export", plan, "--format", "html", "--ranges", "--draws", "300", "-o", str(page)).code == 0
    html = page.read_text(encoding="utf-8")
    assert '<section id="ranges">' in html and 'aria-label="cumulative cost bands"' in html and 'aria-label="tornado"' in html
    assert html.index('<section id="ranges">') < html.index("<footer>")
    plain = tmp_path / "plain.html"
    run_cli("export", plan, "--format", "html", "-o", str(plain))
    assert 'id="ranges"' not in plain.read_text(encoding="utf-8")
    markdown = run_cli("export", plan, "--format", "markdown", "--ranges", "--draws", "300").out
    assert "## Ranges (P10 / P50 / P90)" in markdown and "| This plan TCO |" in markdown
    book = tmp_path / "plan.xlsx"
    assert run_cli("export", plan, "--format", "xlsx", "--ranges", "--draws", "300", "-o", str(book)).code == 0
    sheet = load_workbook(io.BytesIO(book.read_bytes()))["Ranges"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    plan_row = next(row for row in values if row[0] == "This plan TCO (KRW)")
    assert plan_row[1] < plan_row[2] < plan_row[3]
    assert run_cli("export", plan, "--format", "csv", "--ranges").code == 2


def unpinned(*keys: str) -> str:
    """PINNED without the given inputs (they take the catalog's distribution)."""
    return "\n".join(line for line in PINNED.splitlines() if not line.startswith(keys))


def test_embeddings_prices_are_drawn_and_a_pin_acts_in_the_point_evaluation(tmp_path, catalog):
    """The RAG workload's 200 USD a month of embeddings (workload_kinds.toml): pinned at 0.5 it is half in the point
    ledger and has no band; drawn (catalog 0.2-1.1) it gives the cloud strategy a band and is the only tornado bar."""
    ev, pinned = ranges_of(tmp_path, catalog, PINNED)
    full, _ = ranges_of(tmp_path, catalog, unpinned("embeddings_price_factor") + "\nembeddings_price_factor = 1.0")
    halved, whole = (e.ledger.tco["cloud"].by_category_krw["embeddings"] for e in (ev, full))
    assert whole > 0 and abs(halved - whole / 2) <= 36
    assert pinned.tco_krw["cloud"].p10 == pinned.tco_krw["cloud"].p90
    _ev, drawn = ranges_of(tmp_path, catalog, unpinned("embeddings_price_factor"))
    assert [bar.input for bar in drawn.tornado] == ["embeddings_price_factor"]
    band = drawn.tco_krw["cloud"]
    assert band.p10 < band.p50 < band.p90 and band.p90 - band.p10 > whole * 0.3  # the catalog's 0.2-1.1 of the embeddings bill


BULK = """
[[workloads]]
id = "bulk"
name = "Bulk"
kind = "general_qa"
requests_per_day = 300000
busy_hours = 24
cloud_model = "gpt-4o"
data = "public"
"""


def test_provisioned_throughput_prices_are_drawn_and_the_cheaper_bill_is_taken_per_draw(tmp_path, catalog):
    """GPT-4o's Azure PTU costs about 2.8x paying per token for this workload at the catalog's prices, so the
    catalog's 0.7-1.15 never makes it pay; a plan's wider range does, in the draws where the units cost under
    about 0.36x, and a pin below that makes the point evaluation take the commitment."""
    as_billed = '\npricing = "as_billed"'
    at = lambda factor: unpinned("committed_price_factor") + as_billed + f"\ncommitted_price_factor = {factor}"  # noqa: E731
    ev, pinned = ranges_of(tmp_path, catalog, at(1.0), extra=BULK)
    bulk = next(r for r in ev.workloads if r.id == "bulk").cloud_cost_breakdown.committed_use
    assert bulk is not None and not bulk.used and bulk.usd_per_month > 2.5 * bulk.pay_as_you_go_usd_per_month
    assert pinned.tco_krw["cloud"].p10 == pinned.tco_krw["cloud"].p50 == pinned.tco_krw["cloud"].p90
    cheap, cheap_ranges = ranges_of(tmp_path, catalog, at(0.3), extra=BULK)
    assert next(r for r in cheap.workloads if r.id == "bulk").cloud_cost_breakdown.committed_use.used
    assert cheap.ledger.tco["cloud"].total_krw < ev.ledger.tco["cloud"].total_krw
    assert cheap_ranges.tco_krw["cloud"].p10 == cheap_ranges.tco_krw["cloud"].p90
    _ev, catalogued = ranges_of(tmp_path, catalog, unpinned("committed_price_factor") + as_billed, extra=BULK)
    assert catalogued.tco_krw["cloud"].p90 == catalogued.tco_krw["cloud"].p10  # never cheaper within 0.7-1.15
    wide = unpinned("committed_price_factor") + as_billed + "\ncommitted_price_factor = { low = 0.1, mode = 0.3, high = 1.2 }"  # ~28% of draws under 0.36
    _ev, drawn = ranges_of(tmp_path, catalog, wide, extra=BULK)
    assert drawn.tco_krw["cloud"].p10 < pinned.tco_krw["cloud"].p10 == drawn.tco_krw["cloud"].p90
    assert [bar.input for bar in drawn.tornado] == ["committed_price_factor"]


TASK_EDITS = """
[[tasks]]
id = "p2.order-production-gpus"
lead_time_weeks = 20

[[tasks]]
id = "p4.fine-tune"
duration_days = 60
"""


def test_durations_and_lead_times_the_plan_sets_are_drawn_on_their_own_factors(tmp_path, catalog):
    owned = "gpuaas_hosting = false\n"  # production GPUs on order (rented, the plan orders none)
    ev, pinned = ranges_of(tmp_path, catalog, owned + PINNED, extra=TASK_EDITS)
    tasks = {t.id: t for t in ev.schedule.tasks}
    assert tasks["p2.order-production-gpus"].duration_days == round(20 * 7 * 1.2)  # the pins act in the point schedule
    assert tasks["p4.fine-tune"].duration_days == round(60 * 1.1)
    assert pinned.go_live.p10 == pinned.go_live.p90 == ev.schedule.go_live
    assert pinned.phase_end[4].p10 == pinned.phase_end[4].p90 == ev.schedule.phases[-1].end
    _ev, lead = ranges_of(tmp_path, catalog, owned + unpinned("plan_lead_time_factor") + "\nplan_lead_time_factor = 1.0", extra=TASK_EDITS)
    point = lead.go_live.p10
    _ev, drawn = ranges_of(tmp_path, catalog, owned + unpinned("plan_lead_time_factor"), extra=TASK_EDITS)
    assert [bar.input for bar in drawn.tornado] in (["plan_lead_time_factor"], [])  # dates may move no cost
    assert drawn.go_live.p10 >= point and (drawn.go_live.p90 - point).days > 30  # a quote is the earliest: 1-2.6x of 20 weeks
    _ev, durations = ranges_of(tmp_path, catalog, owned + unpinned("plan_task_duration_factor"), extra=TASK_EDITS)
    assert durations.go_live.p10 == durations.go_live.p90  # fine-tuning is after go-live
    assert (durations.phase_end[4].p90 - durations.phase_end[4].p10).days > 10  # 0.9-1.5x of 60 days


def test_very_large_plans_take_fewer_draws_and_say_how_many(tmp_path, catalog):
    """Up to 200 workloads every draw asked for; beyond, draws x 200 / workloads, never below 200 (README, Ranges)."""
    import json

    from planner.domain.ranges import draws_for, evaluate_ranges
    from planner.export.json_export import evaluation_json
    from planner.export.ranges_export import ranges_text

    small = load(str(write_plan(tmp_path, "")), catalog).plan
    sized = lambda count: small.model_copy(update={"workloads": [small.workloads[0]] * count})  # noqa: E731
    assert [draws_for(sized(n), 2_000) for n in (2, 200, 201, 400, 1_000, 10_000)] == [2_000, 2_000, 1_990, 1_000, 400, 200]
    assert draws_for(sized(10_000), 50) == 50  # fewer asked than the floor: as many as asked
    many = "".join(f'\n[[workloads]]\nid = "w{i}"\nname = "W {i}"\nkind = "general_qa"\nusers = {20 + i}\n' for i in range(199))
    loaded = load(str(write_plan(tmp_path, "", many)), catalog)  # 201 workloads
    ranges = evaluate_ranges(loaded.plan, catalog, loaded.evaluation, draws=400)
    assert (ranges.draws, ranges.draws_asked) == (398, 400)
    assert "Ranges over 398 draws (scaled down from 400 for a plan this large), seed 20" in "\n".join(ranges_text(ranges, loaded.plan.horizon_months))
    uncertainty = json.loads(evaluation_json(loaded.evaluation, None, ranges))["uncertainty"]
    assert (uncertainty["draws"], uncertainty["draws_asked"]) == (398, 400)
