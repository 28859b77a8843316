"""Absurd sizes are refused or handled with a clear message within seconds, never a hang."""

from __future__ import annotations

import time

from planner.domain.plan import Plan, Workload
from planner.domain.validate import plan_problems
from planner.store.loader import read_plan
from planner.store.plan_io import dump_plan


def test_100000_workloads_are_refused_quickly(tmp_path, run_cli):
    lines = ['schema_version = 1', 'name = "Huge"', 'start = 2026-01-05']
    for i in range(100_000):
        lines += ["[[workloads]]", f'id = "w{i}"', f'name = "W{i}"', 'kind = "general_qa"', "users = 5"]
    path = tmp_path / "huge.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = run_cli("validate", str(path))
    elapsed = time.perf_counter() - started
    assert result.code == 1
    assert "100,000 entries; a plan holds at most 10,000" in result.err
    assert result.err.startswith(f"{path}:4: workloads: ")
    assert elapsed < 5  # refused before parsing (parsing alone takes 2-10 s, more on a loaded machine)


def test_too_many_task_edits_are_refused_before_parsing(tmp_path, run_cli):
    lines = ['schema_version = 1', 'name = "Edits"', 'start = 2026-01-05', "", "# edits"]
    lines += [f'[[ tasks ]]\nid = "p1.t{i}"\nlead_time_weeks = 2' for i in range(10_001)]
    path = tmp_path / "edits.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.code == 1
    assert result.err == f"{path}:6: tasks: 10,001 entries; a plan holds at most 10,000 (split it into several plans)\n"


def test_ten_thousand_character_name_is_refused(tmp_path, run_cli):
    path = tmp_path / "long.toml"
    path.write_text(f'schema_version = 1\nname = "{"n" * 10_000}"\nstart = 2026-01-05\n', encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.code == 1
    assert result.err.startswith(f"{path}:2: name: ") and "at most 200 characters" in result.err


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path, run_cli):
    path = tmp_path / "big.toml"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    result = run_cli("show", str(path))
    assert result.code == 1 and "52.4 MB" in result.err and "limited to 16 MiB" in result.err
    assert time.perf_counter() - started < 5


def test_ten_thousand_workloads_pass_the_limits(tmp_path, catalog):
    """A plan of the largest size is read and validated (evaluating it end to end, `planner validate`
    on 10,000 workloads, is tests/bench/bench_limits.py: a minute of CPU while schedule levelling grows
    with the square of the workloads)."""
    workloads = [Workload(id=f"w{i}", name=f"W{i}", kind="general_qa", users=5) for i in range(10_000)]
    path = tmp_path / "tenk.toml"
    path.write_text(dump_plan(Plan(name="Ten thousand", start="2026-01-05", workloads=workloads)), encoding="utf-8")
    plan = read_plan(path, catalog)
    assert [w.id for w in plan.workloads] == [w.id for w in workloads]
    assert plan_problems(plan, catalog) == []
