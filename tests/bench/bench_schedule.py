"""Schedule a generated 2,000-task network with our engine, and the same network with TaskJuggler (`tj3`).

Target (DESIGN.md): ours at least 100x faster than tj3 on the same network. Timed: our engine
(`schedule_network`: dependency order, dates, slack, critical path) on the in-memory network, and
`tj3 --no-reports` on the .tjp file (its parse + schedule; a Ruby process start included). Both compute earliest
dates from calendar-day durations and finish-to-start dependencies; the test also checks that both
engines give every task the same start and end. A second figure times our engine with staff
levelling (two roles, FTE demands, limited people), which tj3 is not asked to do.

Run: `python -m pytest -o addopts="" tests/bench/bench_schedule.py -s` (or `make bench`), or as a
script: `python tests/bench/bench_schedule.py [--tasks N] [--keep DIR]`. tj3 is the Debian/Ubuntu
package `tj3` (apt-get install tj3); without it the comparison is skipped.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from planner.domain.network import Activity, schedule_network

START = date(2026, 3, 2)
TASKS = 2_000
ROLES = {"ml_engineer": 300, "devops": 200}
"""People per role (hundredths of an FTE) for the levelled figure."""


def generated_network(count: int = TASKS, seed: int = 2026) -> list[Activity]:
    """A reproducible project-like DAG: each task waits for 1-3 of the 60 tasks before it; 5% milestones."""
    rng = random.Random(seed)
    activities = []
    for i in range(count):
        window = list(range(max(0, i - 60), i))
        depends = tuple(f"t{j:05d}" for j in sorted(rng.sample(window, min(len(window), rng.randint(1, 3))))) if i and rng.random() > 0.02 else ()
        milestone = rng.random() < 0.05
        duration = 0 if milestone else rng.randint(1, 30)
        demand = {} if milestone else {role: rng.choice((10, 20, 30, 50, 100)) for role in ROLES if rng.random() < 0.4}
        activities.append(Activity(f"t{i:05d}", duration, depends, demand))
    return activities


def tjp_text(activities: list[Activity], report: bool) -> str:
    """The same network as a TaskJuggler project: `duration Nd` is calendar days, like ours."""
    lines = [
        f'project bench "Generated {len(activities)}-task network" {START.isoformat()} +20y {{',
        '  timezone "UTC"',
        "}",
    ]
    for a in activities:
        lines.append(f'task {a.id} "{a.id}" {{')
        if a.depends_on:
            lines.append(f"  depends {', '.join(a.depends_on)}")
        lines.append("  milestone" if a.duration == 0 else f"  duration {a.duration}d")
        lines.append("}")
    if report:
        lines += [
            'taskreport dates "dates" {',
            "  formats csv",
            "  columns id, start, end",
            '  timeformat "%Y-%m-%d"',
            "}",
        ]
    return "\n".join(lines) + "\n"


def ours(activities: list[Activity], levelled: bool) -> dict[str, tuple[date, date]]:
    """Start and exclusive end (the day after the last day, as tj3 reports it) of each task."""
    result = schedule_network(activities, ROLES if levelled else None)
    return {aid: (START + timedelta(days=t.start), START + timedelta(days=t.finish)) for aid, t in result.timings.items()}


def time_best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def run_tj3(folder: Path, activities: list[Activity]) -> tuple[float, float, dict[str, tuple[date, date]]]:
    """tj3's time to parse and schedule (no reports; best of 2), its start-up time on a 1-task project, and its dates."""
    tj3 = shutil.which("tj3")
    assert tj3
    tiny = folder / "one.tjp"
    tiny.write_text(tjp_text(activities[:1], report=False), encoding="utf-8")
    startup = time_best(lambda: subprocess.run([tj3, "--silent", "--no-reports", str(tiny)], check=True, capture_output=True, cwd=folder), repeat=2)
    plain = folder / "bench.tjp"
    plain.write_text(tjp_text(activities, report=False), encoding="utf-8")
    seconds = time_best(lambda: subprocess.run([tj3, "--silent", "--no-reports", str(plain)], check=True, capture_output=True, cwd=folder), repeat=2)
    with_report = folder / "bench-report.tjp"
    with_report.write_text(tjp_text(activities, report=True), encoding="utf-8")
    subprocess.run([tj3, "--silent", str(with_report)], check=True, capture_output=True, cwd=folder)
    dates: dict[str, tuple[date, date]] = {}
    with open(folder / "dates.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            dates[row["Id"]] = (date.fromisoformat(row["Start"]), date.fromisoformat(row["End"]))
    return seconds, startup, dates


def measure(count: int = TASKS, keep: Path | None = None) -> dict[str, float | None]:
    activities = generated_network(count)
    cpm = time_best(lambda: schedule_network(activities), repeat=5)
    levelled = time_best(lambda: schedule_network(activities, ROLES), repeat=5)
    figures: dict[str, float | None] = {"ours_s": cpm, "ours_levelled_s": levelled, "tj3_s": None, "tj3_startup_s": None, "mismatches": None}
    if shutil.which("tj3"):
        folder = keep or Path(tempfile.mkdtemp(prefix="bench-tj3-"))
        folder.mkdir(parents=True, exist_ok=True)
        seconds, startup, theirs = run_tj3(folder, activities)
        mine = ours(activities, levelled=False)
        figures["tj3_s"] = seconds
        figures["tj3_startup_s"] = startup
        figures["mismatches"] = sum(1 for aid, span in mine.items() if theirs.get(aid) != span)
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return figures


def report(figures: dict[str, float | None], count: int) -> str:
    lines = [
        f"{count:,} tasks: ours {figures['ours_s'] * 1000:.1f} ms (dependencies only), {figures['ours_levelled_s'] * 1000:.1f} ms (with staff levelling)"
    ]
    if figures["tj3_s"] is None:
        lines.append("tj3 not installed (apt-get install tj3): no comparison")
    else:
        lines.append(f"tj3 {figures['tj3_s'] * 1000:.0f} ms (parse + schedule, --no-reports); ours is {figures['tj3_s'] / figures['ours_s']:.0f}x faster; dates that differ: {figures['mismatches']}")
        lines.append(f"tj3 start-up alone (1-task project): {figures['tj3_startup_s'] * 1000:.0f} ms; without it ours is still {(figures['tj3_s'] - figures['tj3_startup_s']) / figures['ours_s']:.0f}x faster")
    return "\n".join(lines)


def test_schedule_2000_tasks_vs_taskjuggler(record):
    import pytest

    figures = measure()
    print("\n" + report(figures, TASKS))
    if figures["tj3_s"] is None:
        pytest.skip("tj3 not installed")
    assert figures["mismatches"] == 0, "our dates differ from TaskJuggler's on the same network"
    speedup = figures["tj3_s"] / figures["ours_s"]
    record(f"schedule {TASKS:,}-task network ({speedup:.0f}x faster)", figures["ours_s"], "tj3", figures["tj3_s"], ">= 100x faster (<= 0.01x)", speedup >= 100)
    levelled = figures["tj3_s"] / figures["ours_levelled_s"]
    record(f"schedule {TASKS:,}-task network, levelled ({levelled:.0f}x)", figures["ours_levelled_s"], "tj3 (unlevelled)", figures["tj3_s"], "(for information)", True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=TASKS)
    parser.add_argument("--keep", type=Path, help="keep the .tjp files and tj3's report in this folder")
    args = parser.parse_args()
    print(report(measure(args.tasks, args.keep), args.tasks))
