"""`planner validate` accepts a plan of the largest size (10,000 workloads) and evaluates it end to end.

Moved out of `make test` (tests/test_limits.py keeps reading and validating a 10,000-workload plan):
evaluating it took 73 s of CPU in the suite (schedule levelling then grew with the square of the workloads;
bench_engine's 3,000-vs-1,000 row watches that it stays linear).
"""

from __future__ import annotations

import time
import tomllib

from planner.domain.plan import Plan, Workload
from planner.store.plan_io import dump_plan


def test_ten_thousand_workloads_are_accepted(tmp_path, run_cli, record):
    workloads = [Workload(id=f"w{i}", name=f"W{i}", kind="general_qa", users=5) for i in range(10_000)]
    path = tmp_path / "tenk.toml"
    path.write_text(dump_plan(Plan(name="Ten thousand", start="2026-01-05", workloads=workloads)), encoding="utf-8")
    started = time.perf_counter()
    tomllib.loads(path.read_text(encoding="utf-8"))
    parse_s = time.perf_counter() - started
    started = time.perf_counter()
    result = run_cli("validate", str(path))
    ours = time.perf_counter() - started
    assert result.code == 0, result.err[:500]
    record("`planner validate` accepts 10,000 workloads (in-process)", ours, "tomllib parse", parse_s, "accepted (time shown)", True)
