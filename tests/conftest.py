"""Shared fixtures: the real catalog, the sample plans, and a CLI runner."""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from planner import i18n
from planner.cli import main, sample_plan_dir
from planner.domain.messages import Message
from planner.domain.coremodel import Model
from planner.domain.results import _Result
from planner.store.catalogs import load_catalog

ROOT = Path(__file__).resolve().parent.parent
# the suite asserts English output wherever it does not choose a language, whatever the machine's locale
os.environ["PLANNER_LANG"] = "en"
# the validated shipped catalogs are kept in a cache directory of the test run's own (each worker's), never the user's
# ~/.cache/planner: a test run neither reads what the user's planner kept nor writes there
_CACHE_HOME = tempfile.mkdtemp(prefix="planner-tests-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE_HOME
atexit.register(shutil.rmtree, _CACHE_HOME, True)
SAMPLE_PLANS = sorted(sample_plan_dir().glob("*.toml"))


LONG_TESTS = (
    "tests/tui/test_tmux_start.py",
    "tests/tui/test_typing.py::test_overview_fields",
    "tests/test_wheel.py",
    "tests/tui/test_korean.py::test_every_screen_and_dialog",
    "tests/test_fuzz.py::test_mutated_plans",
    "tests/test_crash_save.py",
    "tests/test_xlsx.py",
    "tests/tui/test_typing.py",
    "tests/tui/test_rented_gpus.py::test_palette_bridge",
    "tests/test_fuzz.py::test_hostile_company_catalogs",
    "tests/test_ko_reports.py::test_every_export_format",
    "tests/tui/test_tmux.py",
    "tests/test_diff.py::test_pre_commit_hook",
    "tests/tui/test_flows.py::test_save_keeps_comments",
    "tests/tui/test_flows.py::test_add_workload_with_kind_defaults",
    "tests/test_ko_reports.py::test_every_command",
    "tests/tui/test_flows.py::test_a_large_plan_opens",
    "tests/test_evaluate_cache.py::test_every_sample_plan",
    "tests/tui/test_background.py",
    "tests/tui/test_session.py",
    "tests/tui/test_korean.py",
    "tests/test_diff.py",
    "tests/test_start.py",
    "tests/tui/test_flows.py",
)
"""Tests (node id prefixes, longest first) that take seconds: they run first, so that none of them is the
last to start and makes the tail of the run. `--dist loadgroup` hands tests out one at a time in collection
order, except that tests marked with the same `xdist_group` go together to one worker (ahead of the rest:
they share a module fixture that is expensive to build)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next((i for i, prefix in enumerate(LONG_TESTS) if item.nodeid.startswith(prefix)), len(LONG_TESTS))

    items.sort(key=rank)  # stable: the rest keep their order


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers per core. The app tests spend most of their time waiting (Pilot's idle checks,
    a real terminal, subprocesses), so one worker per core leaves the cores half idle."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS", "").isdigit():
        return int(os.environ["PYTEST_XDIST_AUTO_NUM_WORKERS"])
    return 2 * len(os.sched_getaffinity(0))


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def nothing_frozen_after():
    """Each test leaves no object frozen out of the collector's reach (the app freezes what it keeps, as a long session
    should): a worker that ran many app tests otherwise held every object of them frozen, and each pause of the
    collector that asks how many are frozen (gc.get_freeze_count() walks them) cost a test after them up to seconds."""
    yield
    if gc.get_freeze_count():
        gc.unfreeze()


@pytest.fixture(autouse=True)
def english_to_start():
    """Every test starts in English: the display language is process-wide (--lang, the palette's language
    command), and a test that ends in another language would change what the next test on the same worker reads."""
    i18n.set_language("en")


@pytest.fixture
def catalog():
    return load_catalog(None)


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """Run `planner ARGS...` in-process; returns exit code, stdout, stderr."""
    monkeypatch.delenv("PLANNER_CATALOGS", raising=False)

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        language = i18n.get_language()
        try:
            code = main(list(args))
        finally:
            i18n.set_language(language)  # main sets the process's language (--lang): the tests after this one start in theirs
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def plan_copy(tmp_path):
    """Copy a sample plan (by stem) into tmp_path and return its path. `owned=True`: the copy sets
    `gpuaas_hosting = false`, so its self-hosted workloads stay on owned GPUs whatever renting costs (for
    tests about buying, sizing and delivering hardware)."""

    def copy(stem: str = "midsize-chatbot", owned: bool = False) -> Path:
        target = tmp_path / f"{stem}.toml"
        shutil.copy(sample_plan_dir() / f"{stem}.toml", target)
        if owned:
            target.write_text(keeping_owned_gpus(target.read_text(encoding="utf-8")), encoding="utf-8")
        return target

    return copy


def keeping_owned_gpus(text: str) -> str:
    """A plan's TOML text with `gpuaas_hosting = false` in its [assumptions] (added when it has none)."""
    if "\n[assumptions]\n" in text:
        return text.replace("\n[assumptions]\n", "\n[assumptions]\ngpuaas_hosting = false\n", 1)
    at = text.index("\n[")
    return text[:at] + "\n\n[assumptions]\ngpuaas_hosting = false\n" + text[at:]


@pytest.fixture
def pseudo():
    """The pseudo-locale for one test: every letter that went through gettext is accented."""
    i18n.set_language(i18n.PSEUDO)
    yield
    i18n.set_language("en")


def plain_strings(value, found: set[str]) -> None:
    """Every plain str in a parsed TOML document or a result model (Messages are text to translate, not data)."""
    if isinstance(value, Message):
        return
    if isinstance(value, str):
        found.add(value)
    elif isinstance(value, (Model, _Result)):
        for name in type(value).model_fields:
            plain_strings(getattr(value, name), found)
    elif isinstance(value, dict):
        for key, item in value.items():
            plain_strings(key, found)
            plain_strings(item, found)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            plain_strings(item, found)
