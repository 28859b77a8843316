"""Benchmarks: each records (figure, ours, baseline, ratio, target) and `make bench` prints one table.

Every figure is a ratio against a baseline measured in the same run, so machine speed cancels out.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Callable

import pytest

RESULTS: list[dict] = []
RESULTS_FILE = Path(os.environ.get("PLANNER_BENCH_RESULTS", "bench-results.json"))


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """Fastest wall time of `repeat` runs, in seconds (the least noisy estimate on a shared machine)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


@pytest.fixture
def record():
    def add(figure: str, ours_s: float, baseline_name: str, baseline_s: float, target: str, ok: bool) -> None:
        RESULTS.append({"figure": figure, "ours_ms": ours_s * 1000, "baseline": baseline_name, "baseline_ms": baseline_s * 1000,
                        "ratio": ours_s / baseline_s if baseline_s else float("inf"), "target": target, "meets": ok})

    return add


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    write = terminalreporter.write_line
    write("")
    write("| figure | ours | baseline | ratio | target | meets |")
    write("|---|---|---|---|---|---|")
    for r in RESULTS:
        write(f"| {r['figure']} | {r['ours_ms']:.1f} ms | {r['baseline']}: {r['baseline_ms']:.1f} ms | {r['ratio']:.2f}x | {r['target']} | {'yes' if r['meets'] else 'NO'} |")
    RESULTS_FILE.write_text(json.dumps(RESULTS, indent=2), encoding="utf-8")
