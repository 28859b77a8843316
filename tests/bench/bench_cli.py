"""Whole `planner` processes against a bare Python process that only parses the same file with tomllib.

Each pair runs interleaved (7 times each, medians) so that the machine's load falls on both alike;
the CPU time (user + system) ratio is printed beside the wall-time ratio the target is judged on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.store.plan_io import dump_plan
from tests.bench.bench_engine import generated_plan
from tests.bench.conftest import PYTHON, compare_processes, run_process

PLANNER = Path(PYTHON).parent / "planner"


def _tomllib(path: Path) -> list[str]:
    return [PYTHON, "-c", f"import tomllib; tomllib.load(open({str(path)!r}, 'rb'))"]


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("plans")
    paths = {}
    for count in (1_000, 10_000):
        paths[count] = folder / f"plan-{count}.toml"
        paths[count].write_text(dump_plan(generated_plan(count)), encoding="utf-8")
    return paths


def _pydantic_and_tomllib(path: Path) -> list[str]:
    """The floor under any process that validates the plan with pydantic: import its BaseModel, parse the file."""
    return [PYTHON, "-c", f"from pydantic import BaseModel; import tomllib; tomllib.load(open({str(path)!r}, 'rb'))"]


def test_show_json_1000_workloads_vs_tomllib_process(plans, record):
    ours, baseline = compare_processes([str(PLANNER), "show", "--json", str(plans[1_000])], _tomllib(plans[1_000]))
    floor, floor_baseline = compare_processes(_pydantic_and_tomllib(plans[1_000]), _tomllib(plans[1_000]), repeat=5)
    ratio = ours.wall_s / baseline.wall_s
    record("`planner show --json`, 1,000 workloads (process)", ours.wall_s, "`python -c tomllib.load` (process)", baseline.wall_s, "<= 4x", ratio <= 4,
           note=f"CPU {ours.cpu_s / baseline.cpu_s:.1f}x; importing pydantic's BaseModel before the parse alone: "
                f"{floor.wall_s / floor_baseline.wall_s:.1f}x, {floor.wall_s * 1000:.0f} ms")


def test_show_json_10000_workloads_peak_memory_vs_tomllib_process(plans, record):
    ours, baseline = compare_processes([str(PLANNER), "show", "--json", str(plans[10_000])], _tomllib(plans[10_000]), repeat=3)
    ratio = ours.peak_mib / baseline.peak_mib
    record("`planner show --json`, 10,000 workloads: peak memory", ours.peak_mib, "`python -c tomllib.load` (process)", baseline.peak_mib, "<= 8x", ratio <= 8, unit="MiB",
           note=f"time {ours.wall_s / baseline.wall_s:.1f}x")


def test_oversize_plan_refused_before_parsing(tmp_path, record):
    """100,000 workloads: refused by counting entries, in less time than tomllib takes only to parse the file."""
    lines = ['schema_version = 1', 'name = "Huge"', 'start = 2026-01-05']
    for i in range(100_000):
        lines += ["[[workloads]]", f'id = "w{i}"', f'name = "W{i}"', 'kind = "general_qa"', "users = 5"]
    path = tmp_path / "huge.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_process([str(PLANNER), "validate", str(path)]).wall_s > 0  # exits 1 (refused); run_process raises on anything else
    ours, baseline = compare_processes([str(PLANNER), "validate", str(path)], _tomllib(path), repeat=3)
    ratio = ours.wall_s / baseline.wall_s
    record("refuse a 100,000-workload plan (process)", ours.wall_s, "`python -c tomllib.load` of it", baseline.wall_s, "< 1x (before parsing)", ratio < 1)


def test_diff_10000_workloads_one_edit_vs_show_json_process(plans, tmp_path, record):
    """`planner diff` of a 10,000-workload plan and a copy with one workload's users changed (how it runs in review
    and as `git diff`'s textconv of a commit) against `planner show --json` of the one plan: the diff reads two
    plans and evaluates both, the second as a re-evaluation of the first after its one edit."""
    old = plans[10_000]
    new = tmp_path / "edited-10000.toml"
    text = old.read_text(encoding="utf-8")
    users = text.index("users = ", text.index('id = "w05000"'))
    assert text.startswith("users = 20\n", users)
    new.write_text(text[:users] + "users = 520\n" + text[users + len("users = 20\n") :], encoding="utf-8")
    ours, baseline = compare_processes([str(PLANNER), "diff", str(old), str(new)], [str(PLANNER), "show", "--json", str(old)], repeat=3)
    ratio = ours.wall_s / baseline.wall_s
    record("`planner diff`, 10,000 workloads, one edited (process)", ours.wall_s, "`planner show --json` of one (process)", baseline.wall_s, "<= 1.5x", ratio <= 1.5,
           note=f"CPU {ours.cpu_s / baseline.cpu_s:.2f}x, peak memory {ours.peak_mib / baseline.peak_mib:.2f}x")
