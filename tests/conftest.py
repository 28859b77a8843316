"""Shared fixtures: the real catalog, the sample plans, and a CLI runner."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from planner.cli import main, sample_plan_dir
from planner.store.catalogs import load_catalog

ROOT = Path(__file__).resolve().parent.parent
# the suite asserts English output wherever it does not choose a language, whatever the machine's locale
os.environ["PLANNER_LANG"] = "en"
SAMPLE_PLANS = sorted(sample_plan_dir().glob("*.toml"))


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def catalog():
    return load_catalog(None)


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """Run `planner ARGS...` in-process; returns exit code, stdout, stderr."""
    monkeypatch.delenv("PLANNER_CATALOGS", raising=False)

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def plan_copy(tmp_path):
    """Copy a sample plan (by stem) into tmp_path and return its path."""

    def copy(stem: str = "midsize-chatbot") -> Path:
        target = tmp_path / f"{stem}.toml"
        shutil.copy(sample_plan_dir() / f"{stem}.toml", target)
        return target

    return copy
