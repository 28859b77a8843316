"""A process saving a large plan is killed with SIGKILL at random moments: the file is always the old or the new plan, whole."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from planner.domain.plan import Plan, Workload
from planner.store.plan_io import dump_plan

WRITER = r"""
import os, sys
from planner.store.plan_io import write_text_atomic
path, a, b = sys.argv[1], open(sys.argv[2]).read(), open(sys.argv[3]).read()
while sys.stdin.readline():  # a line: start a writer (a forked process: the import above is paid once)
    pid = os.fork()
    if pid == 0:
        print(os.getpid(), flush=True)
        i = 0
        while True:
            write_text_atomic(path, a if i % 2 else b)
            i += 1
    _, status = os.waitpid(pid, 0)
    print(os.WTERMSIG(status) if os.WIFSIGNALED(status) else -1, flush=True)
"""
"""Starts writers on request: each saves the plan, the old and the new text in turn, until it is killed."""


def big_plan(users: int) -> str:
    workloads = [Workload(id=f"w{i}", name=f"Workload {i} " + "x" * 40, kind="general_qa", users=users + i) for i in range(3000)]
    return dump_plan(Plan(name="Crash test", start="2026-01-05", workloads=workloads))


def test_sigkill_during_saves_leaves_old_or_new_plan(tmp_path):
    old, new = big_plan(10), big_plan(20)
    assert len(old) > 300_000
    (tmp_path / "a.toml").write_text(old, encoding="utf-8")
    (tmp_path / "b.toml").write_text(new, encoding="utf-8")
    target = tmp_path / "plan.toml"
    target.write_text(old, encoding="utf-8")
    rng = random.Random(20261121)
    seen = set()
    starter = subprocess.Popen([sys.executable, "-c", WRITER, str(target), str(tmp_path / "a.toml"), str(tmp_path / "b.toml")], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        for _ in range(25):
            starter.stdin.write(b"\n")
            starter.stdin.flush()
            writer = int(starter.stdout.readline())  # it is about to save
            time.sleep(rng.uniform(0.0, 0.15))
            os.kill(writer, signal.SIGKILL)
            assert int(starter.stdout.readline()) == signal.SIGKILL  # the writer is gone
            on_disk = target.read_text(encoding="utf-8")
            assert on_disk in (old, new), "file is neither the old nor the new plan"
            seen.add(on_disk == new)
            for leftover in tmp_path.glob(".plan.toml.*.tmp"):
                leftover.unlink()  # a killed writer may leave its temp file; the plan itself is whole
    finally:
        starter.kill()
        starter.wait(timeout=30)
    assert len(seen) == 2, "the kills should land both before and after some saves"
