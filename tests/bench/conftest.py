"""Benchmarks: each records (figure, ours, baseline, ratio, target) and `make bench` prints one table.

Every figure is a ratio against a baseline measured in the same run, so machine speed cancels out.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

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


def best_of_both(fn: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    """(fastest wall time, fastest CPU time of this process) of `repeat` runs, in seconds: on a shared
    machine the CPU time shows the work itself when waiting for a core inflates the wall time."""
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def best_of_pairs(ours: Callable[[], object], baseline: Callable[[], object], repeat: int = 5) -> tuple[tuple[float, float], tuple[float, float]]:
    """((fastest wall, fastest CPU) of `ours`, the same of `baseline`) over `repeat` runs of each, in seconds, the two
    run in turns (ours, baseline, ours, ...) so that a spell of load on a shared machine falls on both alike, as
    `compare_processes` runs whole processes. Measured one after the other, a quiet moment during the baseline's runs
    alone read as a slower `ours` (the same row moved by up to 1.5x between runs minutes apart)."""
    walls: tuple[list[float], list[float]] = ([], [])
    cpus: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for side, fn in enumerate((ours, baseline)):
            started, cpu = time.perf_counter(), time.process_time()
            fn()
            walls[side].append(time.perf_counter() - started)
            cpus[side].append(time.process_time() - cpu)
    return (min(walls[0]), min(cpus[0])), (min(walls[1]), min(cpus[1]))


PROCESS_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Processes run as an installed program does: with the bytecode pip compiles at install (a warm-up run writes it)."""


@dataclass
class ProcessRun:
    wall_s: float
    cpu_s: float
    """User + system time of the process."""
    peak_mib: float
    """Its peak resident memory (ru_maxrss)."""


MEASURE = """
import os, sys, time
report, program = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(program[0], program)
_pid, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
with open(report, "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {wall} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
"""
"""Runs a program from a small process: its peak memory is then its own (a child forked from pytest would count pytest's)."""


def run_process(args: Sequence[str], timeout: float = 300) -> ProcessRun:
    """Run a command to its end (stdout discarded) and measure it; raises unless it exits 0 or 1."""
    report = Path(os.environ.get("TMPDIR", "/tmp")) / f"planner-bench-{os.getpid()}.txt"
    done = subprocess.run([sys.executable, "-c", MEASURE, str(report), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=PROCESS_ENV, timeout=timeout)
    code, wall, cpu, peak_kib = report.read_text().split()
    report.unlink()
    if done.returncode != 0 or int(code) not in (0, 1):
        raise AssertionError(f"{args} exited {code}: {done.stderr.decode('utf-8', 'replace')[-2000:]}")
    return ProcessRun(float(wall), float(cpu), int(peak_kib) / 1024)


def compare_processes(ours: Sequence[str], baseline: Sequence[str], repeat: int = 7) -> tuple[ProcessRun, ProcessRun]:
    """Medians of `repeat` runs of each, interleaved so that the machine's load falls on both alike."""
    run_process(ours)  # warm-up: bytecode written, files cached
    run_process(baseline)
    mine, theirs = [], []
    for _ in range(repeat):
        mine.append(run_process(ours))
        theirs.append(run_process(baseline))

    def median(runs: list[ProcessRun]) -> ProcessRun:
        return ProcessRun(*(statistics.median(getattr(r, f) for r in runs) for f in ("wall_s", "cpu_s", "peak_mib")))

    return median(mine), median(theirs)


PYTHON = sys.executable


@pytest.fixture
def record():
    def add(figure: str, ours_s: float, baseline_name: str, baseline_s: float, target: str, ok: bool, unit: str = "ms", note: str = "") -> None:
        scale = 1000 if unit == "ms" else 1
        RESULTS.append({"figure": figure, "ours": ours_s * scale, "baseline": baseline_name, "baseline_value": baseline_s * scale, "unit": unit,
                        "ratio": ours_s / baseline_s if baseline_s else float("inf"), "target": target, "meets": ok, "note": note})
        print(f"\n{figure}: {ours_s * scale:,.1f} {unit} vs {baseline_name} {baseline_s * scale:,.1f} {unit}: {RESULTS[-1]['ratio']:.2f}x (target {target}) {note}")

    return add


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    write = terminalreporter.write_line
    write("")
    write("| figure | ours | baseline | ratio | target | meets |")
    write("|---|---|---|---|---|---|")
    for r in RESULTS:
        note = f" ({r['note']})" if r["note"] else ""
        write(f"| {r['figure']} | {r['ours']:,.1f} {r['unit']} | {r['baseline']}: {r['baseline_value']:,.1f} {r['unit']} | {r['ratio']:.2f}x{note} | {r['target']} | {'yes' if r['meets'] else 'NO'} |")
    RESULTS_FILE.write_text(json.dumps(RESULTS, indent=2), encoding="utf-8")
