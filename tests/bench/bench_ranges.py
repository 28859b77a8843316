"""`show --ranges` speed (issue #20): 2,000 draws of the example plan under 1 s of CPU on a 2-core machine,
and a very large plan (1,000 and 10,000 workloads; draws scaled down, see planner.domain.ranges.draws_for) under 10 s
for the whole command (plain `show` of the same plan printed beside it: the ranges' part is the difference).

CPU time (time.process_time, or the process's user + system time), best of a few runs: on a shared machine wall
time mostly measures the neighbours.
The ratio printed is against one point evaluation of the same plan, measured in the same run.
"""

from __future__ import annotations

import time

import pytest

from planner.domain.evaluate import evaluate
from planner.domain.draws import DEFAULT_DRAWS
from planner.domain.ranges import draws_for, evaluate_ranges
from planner.store.catalogs import load_catalog
from planner.store.loader import load
from planner.store.plan_io import dump_plan
from tests.bench.bench_engine import generated_plan
from tests.bench.conftest import run_process

EXAMPLE = "plans/midsize-chatbot.toml"


def cpu_best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return min(times)


def test_2000_draws_of_the_example_plan_under_one_second(record):
    catalog = load_catalog(None)
    loaded = load(EXAMPLE, catalog)
    point = cpu_best_of(lambda: evaluate(loaded.plan, catalog))
    ours = cpu_best_of(lambda: evaluate_ranges(loaded.plan, catalog, loaded.evaluation, draws=2_000))
    record("show --ranges: 2,000 draws of the example plan (CPU)", ours, "one point evaluation", point, "< 1 s", ours < 1.0)
    print(f"2,000 draws: {ours:.3f} s CPU (target < 1 s), {ours / point:.1f}x one evaluation ({point * 1000:.1f} ms)")


@pytest.mark.parametrize("count", [1_000, 10_000])
def test_a_very_large_plan_with_ranges_under_ten_seconds(count, tmp_path, record):
    """The whole command, against plain `show` of the same plan: the draws are scaled down (`draws_for`) and
    the ranges date the levelled networks the evaluation kept instead of levelling the plan again."""
    path = tmp_path / "plan.toml"
    path.write_text(dump_plan(generated_plan(count)), encoding="utf-8")
    show = run_process([".venv/bin/planner", "show", str(path)])
    ranged = run_process([".venv/bin/planner", "show", str(path), "--ranges"])
    record(f"planner show --ranges, {count:,} workloads (CPU)", ranged.cpu_s, "planner show", show.cpu_s, "< 10 s", ranged.cpu_s < 10, unit="s")
    print(
        f"{count:,} workloads, {draws_for(generated_plan(count), DEFAULT_DRAWS):,} draws: show {show.cpu_s:.2f} s CPU, show --ranges {ranged.cpu_s:.2f} s CPU"
        f" ({ranged.wall_s:.2f} s wall), the ranges {ranged.cpu_s - show.cpu_s:.2f} s; target < 10 s for the whole command"
    )


@pytest.fixture(scope="module")
def plan_10k(tmp_path_factory):
    """A 10,000-workload plan for the export rows."""
    path = tmp_path_factory.mktemp("exports") / "plan.toml"
    path.write_text(dump_plan(generated_plan(10_000)), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["html", "markdown", "xlsx", "json"])
def test_a_very_large_plan_exported_with_ranges_under_ten_seconds(fmt, plan_10k, record):
    """`every command stays under 10 seconds` includes the reports that carry the ranges (the HTML fan chart and
    tornado, the Markdown percentiles, the workbook's Ranges sheet, the JSON's `uncertainty{}`) at 10,000 workloads; the same export without
    ranges beside it (the ranges' part is the difference)."""
    out = plan_10k.with_name(f"out.{fmt}")
    command = [".venv/bin/planner", "export", str(plan_10k), "--format", fmt, "-o", str(out), "--force"]
    plain = run_process(command)
    exported = run_process([*command, "--ranges"])
    assert out.stat().st_size > 0
    record(f"planner export --format {fmt} --ranges, 10,000 workloads (CPU)", exported.cpu_s, "the export without --ranges", plain.cpu_s, "< 10 s", exported.cpu_s < 10, unit="s")
    print(f"export {fmt} at 10,000 workloads: {plain.cpu_s:.2f} s CPU, with --ranges {exported.cpu_s:.2f} s CPU ({exported.wall_s:.2f} s wall)")
